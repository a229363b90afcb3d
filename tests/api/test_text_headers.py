"""Header blocks of .txt articles: our own format, front matter with extra fields, and none."""

from __future__ import annotations

import datetime as dt

from diplokg.readers import read_text_article


def test_header_then_blank_line():
    article = read_text_article("Title: T\nDate: 2024-10-02\nSource: https://e.org/1\n\nBody text.\n",
                                default_id="a", origin="a.txt")
    assert (article.title, article.date, article.url, article.text) == (
        "T", dt.date(2024, 10, 2), "https://e.org/1", "Body text.\n")


def test_front_matter_with_extra_fields_and_a_rule():
    raw = ("title: Talks resume\ndate: 2016-01-05\nsource: https://e.org/a/1.html (agency; via archive)\n"
           "licence: public domain\nnote: excerpt\n---\nCAIRO — Body.\n")
    article = read_text_article(raw, default_id="b", origin="b.txt")
    assert (article.title, article.date, article.url, article.text) == (
        "Talks resume", dt.date(2016, 1, 5), "https://e.org/a/1.html", "CAIRO — Body.\n")


def test_a_body_that_starts_like_a_field_is_not_a_header():
    raw = "Note: this line is the story itself.\nIran met Qatar.\n"
    article = read_text_article(raw, default_id="c", origin="c.txt")
    assert article.text == raw and article.title is None


def test_agency_date_line_gives_the_date_without_a_header():
    raw = "Mar 5, 2025, 11:22 PM\nJournalist ID: 5745\n\nTehran, IRNA – Text.\n"
    article = read_text_article(raw, default_id="d", origin="d.txt")
    assert article.date == dt.date(2025, 3, 5) and article.text == raw
