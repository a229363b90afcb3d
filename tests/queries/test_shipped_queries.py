"""Golden tests: every shipped query on the fixture graph returns exactly the expected rows."""

from __future__ import annotations

import pytest

from diplokg.api import SelectRows, run_query
from diplokg.queries import all_queries, query_names

R = "https://w3id.org/diplokg/resource/"
A = R + "article/fixture-a"
B = R + "article/fixture-b"
S_VISIT = "Iranian President Masoud Pezeshkian visited Qatar on October 2."
S_REJECT = "Tehran rules out negotiations with Washington."
S_PLAN = "Pezeshkian will visit Oman next month."
S_MEET = "Foreign Minister Abbas Araghchi met Omani Foreign Minister Badr Albusaidi in Muscat."
S_NOMEET = "Araghchi did not meet envoys from Washington."

GOLDEN: list[tuple[str, dict[str, str], list[tuple[str, ...]]]] = [
    ("who_visited", {}, [
        (R + "person/masoud-pezeshkian", "Masoud Pezeshkian", R + "country/qatar", "Qatar", "2024-10-02", S_VISIT, A),
    ]),
    ("who_visited", {"place": "Oman"}, []),  # only a planned visit
    ("who_visited", {"place": "Qatar"}, [
        (R + "person/masoud-pezeshkian", "Masoud Pezeshkian", R + "country/qatar", "Qatar", "2024-10-02", S_VISIT, A),
    ]),
    ("positions_held", {"person": "Masoud Pezeshkian"}, [
        ("Masoud Pezeshkian", "President", "Iran", "true", S_VISIT, A),
    ]),
    ("relations_between", {"a": "Iran", "b": "United States"}, [
        ("Iran", "rejected", "United States", "affirmed", "asserted", "2024-10-03", S_REJECT, A),
    ]),
    ("relations_between", {"a": "Badr Albusaidi", "b": "Abbas Araghchi"}, [
        ("Abbas Araghchi", "metWith", "Badr Albusaidi", "affirmed", "asserted", "2024-11-05", S_MEET, B),
    ]),
    ("actor_timeline", {"actor": "Abbas Araghchi"}, [
        ("2024-11-05", "Abbas Araghchi", "metWith", "Badr Albusaidi", "affirmed", "asserted", S_MEET),
        ("2024-11-05", "Abbas Araghchi", "metWith", "United States", "negated", "asserted", S_NOMEET),
    ]),
    ("positions_held", {"of": "Iran"}, [
        ("Abbas Araghchi", "Foreign Minister", "Iran", "true", S_MEET, B),
        ("Masoud Pezeshkian", "President", "Iran", "true", S_VISIT, A),
    ]),
    ("most_active_actors", {}, [
        (R + "person/masoud-pezeshkian", "Masoud Pezeshkian", "2", "0", "2"),
        (R + "person/abbas-araghchi", "Abbas Araghchi", "1", "0", "1"),
        (R + "person/badr-albusaidi", "Badr Albusaidi", "0", "1", "1"),
        (R + "country/iran", "Iran", "1", "0", "1"),
        (R + "country/oman", "Oman", "0", "1", "1"),
        (R + "country/qatar", "Qatar", "0", "1", "1"),
        (R + "country/united-states", "United States", "0", "1", "1"),
    ]),
    ("events_by_cameo", {"root": "12"}, [
        ("rejected", "Iran", "United States", "2024-10-03", "affirmed", S_REJECT),
    ]),
    ("events_by_cameo", {"root": "04"}, [
        ("metWith", "Abbas Araghchi", "Badr Albusaidi", "2024-11-05", "affirmed", S_MEET),
        ("metWith", "Abbas Araghchi", "United States", "2024-11-05", "negated", S_NOMEET),
        ("visited", "Masoud Pezeshkian", "Oman", "2024-10-03", "affirmed", S_PLAN),
        ("visited", "Masoud Pezeshkian", "Qatar", "2024-10-02", "affirmed", S_VISIT),
    ]),
    ("articles_mentioning", {"actor": "the Islamic Republic"}, [
        (B, "Araghchi in Muscat", "2024-11-05", ""),
        (A, "Pezeshkian in Doha", "2024-10-03", "https://example.org/a"),
    ]),
    ("unlinked_entities", {}, [
        (R + "person/abbas-araghchi", "Abbas Araghchi", "Person", "1"),
        (R + "person/badr-albusaidi", "Badr Albusaidi", "Person", "1"),
        (R + "person/masoud-pezeshkian", "Masoud Pezeshkian", "Person", "1"),
    ]),
    ("shortcut_triples", {}, [
        ("Abbas Araghchi", "metWith", "Badr Albusaidi"),
        ("Abbas Araghchi", "officialOf", "Iran"),
        ("Badr Albusaidi", "officialOf", "Oman"),
        ("Iran", "rejected", "United States"),
        ("Masoud Pezeshkian", "leaderOf", "Iran"),
        ("Masoud Pezeshkian", "visited", "Qatar"),
    ]),
]


def _values(result: SelectRows) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else t.value for t in row) for row in result.rows]


@pytest.mark.parametrize(("name", "params", "expected"), GOLDEN, ids=[f"{g[0]}-{i}" for i, g in enumerate(GOLDEN)])
def test_golden(fixture_store, name, params, expected):
    result = run_query(fixture_store, name, params=params)
    rows = _values(result)
    if name in ("most_active_actors",):
        rows = sorted(rows, key=lambda r: r[1])
        expected = sorted(expected, key=lambda r: r[1])
    elif name in ("shortcut_triples", "positions_held", "events_by_cameo"):
        rows, expected = sorted(rows), sorted(expected)
    assert rows == expected


def test_every_offline_query_has_a_golden_test():
    tested = {name for name, _, _ in GOLDEN}
    offline = {q.name for q in all_queries() if not q.needs_network}
    assert offline <= tested, f"add golden rows for {sorted(offline - tested)}"


@pytest.mark.parametrize("name", query_names())
def test_query_headers(name):
    info = next(q for q in all_queries() if q.name == name)
    assert info.title and info.title != name
    assert info.description
