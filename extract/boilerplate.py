"""Drop page furniture from article bodies while keeping character offsets into the original text.

News sites wrap the story in lines that are not content: IRNA's "Journalist ID: 5745",
"News ID: …", "T T", "4 Persons", "Tags", "Your Comment", bare numbers (view counters),
and photo credits ("● RAHEB HOMAVANDI/AFP", "Photo: Reuters"). Photo captions are content
and stay. Dropped lines are blanked with spaces, so every offset still points into ``Article.text``.
"""

from __future__ import annotations

import re

__all__ = ["kept_spans", "blank_boilerplate"]

_BOILERPLATE_LINE = re.compile(
    r"""^\s*(?:
        (?:journalist|news|reporter|author|story)\s+id\s*[:#].*       # IRNA/ISNA ids
      | t\s*t                                                          # font-size widget
      | \d+\s+persons?                                                 # "4 Persons"
      | tags?\s*:?                                                     # "Tags"
      | your\s+comment.*                                               # comment form
      | you\s+are\s+replying\s+to.*
      | (?:share|print|send\s+to\s+friend|read\s+more|related\s+news|most\s+viewed|comments?)\s*:?
      | \d{1,7}                                                        # view counters
      | [●•■▪]\s*[^.!?]{0,80}                                          # photo credit after a bullet
      | (?:photo|image|picture|credit|photograph)s?\s*(?:by|:|credit:?)\s*[^.!?]{0,80}
      | (?:source|copyright|©)\s*:?\s*[^.!?]{0,60}
      | (?:mar|jan|feb|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4},?\s+\d{1,2}:\d{2}\s*(?:am|pm)?  # dateline stamp
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_boilerplate(line: str) -> bool:
    return bool(line.strip()) and _BOILERPLATE_LINE.match(line) is not None


def kept_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of ``text`` that are content (line by line, merged)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        if _is_boilerplate(line):
            continue
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def blank_boilerplate(text: str) -> str:
    """``text`` with every dropped line replaced by spaces (same length, same offsets)."""
    chars = list(text)
    last = 0
    for start, end in [*kept_spans(text), (len(text), len(text))]:
        for i in range(last, start):
            if chars[i] not in "\r\n":
                chars[i] = " "
        last = end
    return "".join(chars)
