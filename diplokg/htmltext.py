"""Main text of an HTML page: paragraphs and headings kept, scripts, styles and navigation dropped."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["html_to_text"]

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button", "svg", "iframe",
         "template", "select", "menu", "dialog"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "figcaption", "blockquote", "tr", "section",
          "article", "main", "td", "th", "dd", "dt", "pre", "table", "ul", "ol"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}
_MAIN = {"main", "article"}
#: A <main> or <article> with less text than this is a teaser, not the story: use the whole body.
_MIN_MAIN_CHARS = 200


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Only the tag that opened a skipped region is counted: real pages leave <li> and <p>
        # unclosed, and counting every tag would never leave the region again.
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.main_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.parts: list[str] = []
        self.main_parts: list[str] = []

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.main_depth:
            self.main_parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in _VOID:
            if tag == "br":
                self._emit("\n")
            return
        if tag in _SKIP:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _MAIN:
            self.main_depth += 1
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is None and tag == "br":
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skip_tag = None
            return
        if tag == "title":
            self.in_title = False
            return
        if tag in _BLOCK:
            self._emit("\n\n")
        if tag in _MAIN and self.main_depth:
            self.main_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif self.skip_tag is None:
            self._emit(data)


def _paragraphs(raw: str) -> str:
    paragraphs = [" ".join(block.split()) for block in raw.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(html: str) -> tuple[str | None, str]:
    """Return the page title (if any) and its readable text, paragraphs separated by blank lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    main = _paragraphs("".join(collector.main_parts))
    body = main if len(main) >= _MIN_MAIN_CHARS else _paragraphs("".join(collector.parts))
    title = " ".join("".join(collector.title_parts).split()) or None
    return title, body
