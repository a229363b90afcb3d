"""``dip_lines``: line breaks in article bodies end sentences the parser would run together."""

from __future__ import annotations

import re

from spacy.tokens import Doc

__all__ = ["LineBreaker"]

# a new line that starts like a sentence: capital, digit, quote, bracket or bullet; a lower-case
# continuation is a page break inside a sentence ("he neither plays\n\ndown the field")
_LINE_START = re.compile(r"\n\s*(?=[A-Z0-9“\"'‘(●•\[])")


class LineBreaker:
    """The ``dip_lines`` component (runs before the parser, which respects preset boundaries)."""

    def __init__(self, name: str = "dip_lines") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if "\n" not in text:
            return doc
        for match in _LINE_START.finditer(text):
            span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0 and span[0].idx == match.end():
                span[0].is_sent_start = True
        return doc
