"""Boilerplate removal and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from diplokg.extract.boilerplate import blank_boilerplate, kept_spans
from diplokg.extract.dates import parse_publication_date, resolve_date

PAGE = (
    "Mar 5, 2025, 11:22 PM\nJournalist ID: 5745\nNews ID: 85770393\nT T\n4 Persons\n\nTags\n\n"
    "Iran and Oman held talks.\n● RAHEB HOMAVANDI/AFP\nPresident Pezeshkian in Qatar earlier this year\n\n4482\n\nYour Comment\n"
)


def test_boilerplate_lines_are_dropped_and_captions_kept() -> None:
    kept = "".join(PAGE[a:b] for a, b in kept_spans(PAGE))
    assert "Journalist ID" not in kept and "Your Comment" not in kept and "AFP" not in kept and "4482" not in kept
    assert "Iran and Oman held talks." in kept
    assert "President Pezeshkian in Qatar earlier this year" in kept


def test_blanking_keeps_offsets() -> None:
    blanked = blank_boilerplate(PAGE)
    assert len(blanked) == len(PAGE)
    start = PAGE.index("Iran and Oman")
    assert blanked[start:start + 25] == "Iran and Oman held talks."


@pytest.mark.parametrize(("header", "expected"), [
    ("Mar 5, 2025, 11:22 PM\nJournalist ID: 5745", dt.date(2025, 3, 5)),
    ("Published 12 June 2024", dt.date(2024, 6, 12)),
    ("2023-11-02T08:00", dt.date(2023, 11, 2)),
    ("No date here", None),
])
def test_publication_dates(header: str, expected: dt.date | None) -> None:
    assert parse_publication_date(header) == expected


ARTICLE = dt.date(2025, 3, 5)  # a Wednesday


@pytest.mark.parametrize(("expression", "previous", "expected"), [
    ("on February 5", None, dt.date(2025, 2, 5)),
    ("Two days later", dt.date(2025, 2, 5), dt.date(2025, 2, 7)),
    ("Tuesday night, July 8", None, dt.date(2024, 7, 8)),
    ("last week", None, dt.date(2025, 2, 26)),
    ("on Monday", None, dt.date(2025, 3, 3)),
    ("yesterday", None, dt.date(2025, 3, 4)),
    ("December 12, 2023", None, dt.date(2023, 12, 12)),
    ("in recent months", None, None),
])
def test_event_dates(expression: str, previous: dt.date | None, expected: dt.date | None) -> None:
    assert resolve_date(expression, ARTICLE, previous) == expected
