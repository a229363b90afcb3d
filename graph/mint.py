"""Mint every IRI diplokg creates, deterministically, from normalised keys.

Re-running on the same input mints the same IRIs, so nothing is duplicated. Keys are
percent-encoded, so any article id or name gives a valid IRI. Lone UTF-16 surrogates are not
Unicode scalar values, so no RDF syntax can carry them (RDF 1.1 Concepts §3.3); U+0000 ends the
string in C-based RDF tools, and raptor rejects the noncharacters (U+FDD0..U+FDEF, U+FFFE, U+FFFF
in every plane). ``clean_text`` replaces all of these with U+FFFD, in IRIs and literals alike,
one character for one so that character offsets stay valid.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

__all__ = [
    "DEFAULT_BASE",
    "Minter",
    "clean_text",
]

DEFAULT_BASE = "https://w3id.org/diplokg/resource/"


_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_UNCARRIABLE = re.compile(f"[\x00\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")


def clean_text(text: str) -> str:
    """Replace lone surrogates, U+0000 and noncharacters, which RDF tools refuse, with U+FFFD."""
    return _UNCARRIABLE.sub("\ufffd", text)


def _segment(text: str) -> str:
    """Percent-encode one path segment (keeps unreserved characters readable)."""
    encoded = quote(clean_text(text), safe="-._~")
    # "." and ".." are dot-segments that IRI resolution (RFC 3986 §5.2.4) would remove, and a
    # Turtle prefixed name ending in an escaped "." trips rdflib's parser: encode trailing dots.
    stripped = encoded.rstrip(".")
    return stripped + "%2E" * (len(encoded) - len(stripped))


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(clean_text(str(p)) for p in parts).encode("utf-8")).hexdigest()[:16]


class Minter:
    """IRIs under one base (``dipr:`` by default; configurable for private deployments)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def article(self, article_id: str) -> str:
        """The article node, which is also the name of the article's graph (DESIGN.md §4)."""
        return f"{self.base}article/{_segment(article_id)}"

    def sentence(self, article_id: str, start: int, end: int) -> str:
        """A sentence, by its character span in the article text."""
        return f"{self.article(article_id)}/sentence/{start}-{end}"

    def entity(self, key: str) -> str:
        """A real-world entity, one IRI across all articles (key = "country/iran")."""
        return self.base + "/".join(_segment(part) for part in key.split("/"))

    def event(self, article_id: str, *parts: object) -> str:
        """An event mention, from what identifies it within its article."""
        return f"{self.base}event/{_segment(article_id)}/{_digest(*parts)}"

    def position(self, article_id: str, *parts: object) -> str:
        """A position held, as stated in one article."""
        return f"{self.base}position/{_segment(article_id)}/{_digest(*parts)}"

    def statement(self, article_id: str, *parts: object) -> str:
        """A quotation in one article."""
        return f"{self.base}statement/{_segment(article_id)}/{_digest(*parts)}"

    def run(self, run_id: str) -> str:
        """An extraction run (``prov:Activity``)."""
        return f"{self.base}run/{_segment(run_id)}"
