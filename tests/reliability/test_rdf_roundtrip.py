"""Any string mints valid IRIs and literals, and every export parses back to the same quads."""

from __future__ import annotations

from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diplokg.api import EXPORT_FORMATS
from diplokg.graph.mint import DEFAULT_BASE, Minter, clean_text

from .roundtrip import (RAPPER, RAPPER_FORMATS, build_from_strings, expected, export_all, parse_ox, parse_rapper,
                        parse_rdflib)

# Every code point, lone surrogates included, weighted towards the ones serialisers get wrong.
NASTY = ['"', "'", "\\", "\n", "\r", "\t", "<", ">", "{", "}", "|", "^", "`", "%", "#", "?", "/", ".", " ",
         "\x00", "\x01", "\x1f", "\x7f", "\x85", "\u2028", "\u202e", "\u200f", "\ufeff", "\ufffe", "\uffff",
         "\ud800", "\udfff", "\U0010ffff", "😀", "👩‍👩‍👧", "مسعود پزشکیان", "אבג", "中文", "\\u0022", '"""', "'''"]
ANY_CHAR = st.characters(codec=None, exclude_categories=())
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(ANY_CHAR, max_size=6)), max_size=8).map("".join)
NAME = TEXT.filter(lambda s: s.strip() != "")

MINTER = Minter()


def _iri(make: object, value: str) -> str:
    iri = make(value)  # type: ignore[operator]
    ox.NamedNode(iri)  # pyoxigraph validates IRIs (RFC 3987) and raises on an invalid one
    return iri


@given(TEXT)
@settings(max_examples=400)
@example("\ud800\udc00\x00\ufdd0")
def test_clean_text_replaces_only_what_rdf_cannot_carry(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)  # one for one: sentence offsets stay valid
    assert clean_text(cleaned) == cleaned
    for before, after in zip(text, cleaned):
        if before != after:
            assert after == "\ufffd"
            assert before == "\x00" or 0xD800 <= ord(before) <= 0xDFFF or 0xFDD0 <= ord(before) <= 0xFDEF \
                or (ord(before) & 0xFFFE) == 0xFFFE
    cleaned.encode("utf-8")  # a valid Unicode string


@given(TEXT, TEXT)
@settings(max_examples=400)
@example(".", "..")
@example("a/b", "a%2Fb")
def test_minted_iris_are_valid_reversible_and_distinct(first: str, second: str) -> None:
    for value in (first, second):
        article = _iri(MINTER.article, value)
        assert article.startswith(DEFAULT_BASE + "article/")
        assert unquote(article.removeprefix(DEFAULT_BASE + "article/")) == clean_text(value)
        entity = _iri(MINTER.entity, "person/" + value)
        assert unquote(entity.removeprefix(DEFAULT_BASE)) == "person/" + clean_text(value)
        for make in (MINTER.run, lambda v: MINTER.event(v, v, 1), lambda v: MINTER.sentence(v, 0, 3)):
            _iri(make, value)
    if clean_text(first) != clean_text(second):
        assert MINTER.article(first) != MINTER.article(second)
        assert MINTER.entity("person/" + first) != MINTER.entity("person/" + second)
    else:
        assert MINTER.article(first) == MINTER.article(second)  # replaced consistently


def _check_round_trip(article_id: str, text: str, names: tuple[str, str], quote: str, title: str) -> None:
    graph, built = build_from_strings(article_id, text, names, quote, title)
    stored, exports = export_all(graph, built)
    assert len(stored) == len(set(built)), "the store lost or merged quads"
    label_subject = ("iri", MINTER.entity("person/" + names[0]))
    for name, data in exports.items():
        want = expected(stored, name)
        parsers = [parse_ox, parse_rdflib] + ([parse_rapper] if RAPPER and name in RAPPER_FORMATS else [])
        for parse in parsers:
            got = parse(name, data)
            assert got == want, f"{parse.__name__} on {name}: missing {sorted(want - got)[:2]}, extra {sorted(got - want)[:2]}"
        labels = {q[2][1] for q in want if q[0] == label_subject and q[1][1].endswith("#label")}
        assert labels == {clean_text(names[0])}  # the name survives, changed only where RDF cannot carry it
        quotes = {q[2][1] for q in want if q[1][1].endswith("ontology#quote")}
        assert quotes == {clean_text(quote)}


@given(article_id=NAME, text=NAME, first=NAME, second=NAME, quote=NAME, title=NAME)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(article_id="..", text='He said "no" \\ <b>\x00\ud800', first='Masoud "the doctor"\nPezeshkian',
         second="..", quote="\u202eقطر\u202c 😀 \uffff", title="'''\"\"\"")
def test_every_export_parses_back_to_the_same_quads(
    article_id: str, text: str, first: str, second: str, quote: str, title: str
) -> None:
    _check_round_trip(article_id, text, (first, second), quote, title)


def test_rapper_is_installed_for_the_independent_check() -> None:
    if RAPPER is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed; run scripts/install-test-tools.sh as root")
    graph, built = build_from_strings("id", "text", ("A", "B"), "q", "t")
    stored, exports = export_all(graph, built)
    assert parse_rapper("turtle", exports["turtle"]) == expected(stored, "turtle")
    with pytest.raises(ValueError, match="rapper rejected"):
        parse_rapper("turtle", exports["turtle"] + b"\n<broken")


def test_all_export_formats_are_covered() -> None:
    assert set(EXPORT_FORMATS) == {"turtle", "trig", "nquads", "ntriples", "jsonld"}
