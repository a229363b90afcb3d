"""Publication dates from article headers, and event dates resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_publication_date", "resolve_date"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1}
_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

_HEADER_PATTERNS = (
    re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", re.I),  # Mar 5, 2025, 11:22 PM
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH_RE + r",?\s+(?P<year>\d{4})", re.I),  # 5 March 2025
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),  # 2025-03-05
)


def _date_from(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get(groups["month"].lower().rstrip("."))
    try:
        return dt.date(int(groups["year"]), month or 0, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def parse_publication_date(text: str) -> dt.date | None:
    """The first full date in the first lines of an article ("Mar 5, 2025, 11:22 PM" -> 2025-03-05)."""
    head = "\n".join(text.splitlines()[:8])
    for pattern in _HEADER_PATTERNS:
        match = pattern.search(head)
        if match and (day := _date_from(match)):
            return day
    return None


_DAY_MONTH = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_DAY_FIRST = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_RELATIVE = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>day|week)s?\s+(?P<dir>later|after|earlier|before|ago)\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<last>last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def _with_year(month: int, day: int, year: int | None, anchor: dt.date | None) -> dt.date | None:
    if year is None:
        if anchor is None:
            return None
        year = anchor.year
        # a month-day later in the year than the article date is usually last year's
        if (month, day) > (anchor.month, anchor.day) and (month - anchor.month) > 1:
            year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(expression: str, article_date: dt.date | None, previous: dt.date | None = None) -> dt.date | None:
    """The calendar date a time expression refers to.

    ``article_date`` anchors absolute month-day forms and weekdays ("on February 5",
    "Tuesday night, July 8", "on Wednesday", "last week", "yesterday"); ``previous`` (the date of
    the event told just before) anchors relative forms ("two days later").
    """
    text = expression.strip()
    for pattern in (_DAY_MONTH, _DAY_FIRST):
        if match := pattern.search(text):
            month = _MONTHS[match["month"].lower().rstrip(".")]
            return _with_year(month, int(match["day"]), int(match["year"]) if match["year"] else None, article_date)
    if match := _RELATIVE.search(text):
        n = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"].lower()]
        delta = dt.timedelta(days=n * (7 if match["unit"].lower() == "week" else 1))
        if match["dir"].lower() in ("later", "after"):
            return previous + delta if previous else None
        anchor = previous if match["dir"].lower() in ("earlier", "before") and previous else article_date
        return anchor - delta if anchor else None
    lowered = text.lower()
    if article_date is None:
        return None
    if re.search(r"\b(yesterday|last night)\b", lowered):
        return article_date - dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lowered):
        return article_date
    if re.search(r"\blast week\b", lowered):
        return article_date - dt.timedelta(days=7)
    if match := _WEEKDAY.search(text):
        # news convention: a bare weekday is the most recent one on or before the article date
        back = (article_date.weekday() - _WEEKDAYS[match["wd"].lower()]) % 7
        if match["last"] and back == 0:
            back = 7
        return article_date - dt.timedelta(days=back)
    return None
