"""Titles and appositions -> positions."""

from __future__ import annotations

import pytest


def _positions(ex) -> set[tuple[str, str, str, bool]]:
    labels = {e.key: e.label for e in ex.entities}
    return {(labels[p.holder], p.relation, labels[p.of], p.current) for p in ex.positions}


CASES = [
    ("Nigerian President Bola Tinubu spoke on Monday.", {("Bola Tinubu", "leaderOf", "Nigeria", True)}),
    ("U.S. Secretary of State Antony Blinken left Cairo.", {("Antony Blinken", "officialOf", "United States", True)}),
    ("Omar Haddad, the former foreign minister of Jordan, spoke.", {("Omar Haddad", "officialOf", "Jordan", False)}),
    ("Ali Khan, the representative of the city of Sarab, spoke.", set()),
    ("Spain's ambassador to Mexico, Juan Duarte, was recalled.", {("Juan Duarte", "officialOf", "Spain", True)}),
    ("American journalist Tucker Carlson interviewed him.", set()),
    ("Reformist presidential candidate Ana Silva held a rally.", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_positions(extract, text: str, expected: set[tuple[str, str, str, bool]]) -> None:
    assert _positions(extract(text)) == expected


NATIONALITY_CASES = [
    # a demonym before a descriptive noun and a name: the person's country, with no position
    ("Saudi businessman Ali Hassan sued Qatar.", "Ali Hassan", "SAU"),
    ("Israeli right-winger Dov Levin criticised Syria.", "Dov Levin", "ISR"),
    # a tie to a country is not a nationality
    ("Iranian-born writer Ali Rezaei praised France.", "Ali Rezaei", None),
    ("Saudi-backed commander Omar Saleh attacked Aden.", "Omar Saleh", None),
]


@pytest.mark.parametrize(("text", "person", "country"), NATIONALITY_CASES, ids=[c[0][:40] for c in NATIONALITY_CASES])
def test_nationality_before_a_name(extract, text: str, person: str, country: str | None) -> None:
    ex = extract(text)
    entity = next(e for e in ex.entities if e.label == person)
    assert entity.country == country
    assert not ex.positions
