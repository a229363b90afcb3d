"""Main text of an HTML page: paragraphs and headings kept, scripts, styles and navigation dropped."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["html_to_text"]

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button", "svg", "iframe", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "figcaption", "blockquote", "tr", "section", "article"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        if tag in _SKIP or self.skip_depth:
            self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    """Return the page title (if any) and its readable text, paragraphs separated by blank lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    raw = "".join(collector.parts)
    paragraphs = [" ".join(block.split()) for block in raw.split("\n\n")]
    title = " ".join("".join(collector.title_parts).split()) or None
    return title, "\n\n".join(p for p in paragraphs if p)
