"""The explorer's JSON endpoints: shipped queries with parameters, network, timeline, pair chart."""

from __future__ import annotations

import httpx
import pytest

from diplokg.queries import query_names
from diplokg.serve.explorer import goldstein_table, goldstein_value

from .fixture import IRAN, PEZESHKIAN, QATAR, USA


def test_every_shipped_query_is_offered_with_its_parameters(client: httpx.Client) -> None:
    offered = client.get("/api/queries").json()
    assert [q["name"] for q in offered] == query_names()
    relations_between = next(q for q in offered if q["name"] == "relations_between")
    assert [(p["name"], p["default"]) for p in relations_between["params"]] == [("a", "Iran"), ("b", "United States")]


@pytest.mark.parametrize("name", query_names())
def test_every_shipped_query_runs_with_its_defaults(client: httpx.Client, name: str) -> None:
    info = next(q for q in client.get("/api/queries").json() if q["name"] == name)
    params = {p["name"]: p["default"] for p in info["params"] if p["default"]}
    response = client.get(f"/api/queries/{name}", params=params)
    if info["needsNetwork"]:  # it calls a remote SERVICE, which this server does not allow
        assert response.status_code == 403
        assert "not allowed on this server" in response.text
        return
    assert response.status_code == 200, response.text
    assert "vars" in response.json()["head"]


def test_shipped_query_parameters_are_bound(client: httpx.Client) -> None:
    rows = client.get("/api/queries/who_visited", params={"place": "Qatar"}).json()["results"]["bindings"]
    assert [(r["visitorName"]["value"], r["hostName"]["value"]) for r in rows] == [("Masoud Pezeshkian", "Qatar")]
    nowhere = client.get("/api/queries/who_visited", params={"place": "Atlantis"}).json()["results"]["bindings"]
    assert nowhere == []
    pair = client.get("/api/queries/relations_between", params={"a": "Iran", "b": "United States"}).json()
    relations = sorted({r["relation"]["value"] for r in pair["results"]["bindings"]})
    assert relations == ["accused", "metWith", "negotiatedWith", "sanctioned", "threatened"]
    assert client.get("/api/queries/no_such_query").status_code == 404


def test_goldstein_table_holds_the_standard_values() -> None:
    table = goldstein_table()
    assert table["042"] == 1.9 and table["043"] == 2.8 and table["057"] == 8.0
    assert table["163"] == -8.0 and table["112"] == -2.0 and table["138"] == -7.0
    assert len(table) > 300 and all(-10 <= v <= 10 for v in table.values())
    # Without a code of its own, an event weighs what its relation says, else its first root.
    assert goldstein_value(None, {"goldstein": 4.0, "roots": ["03"]}) == 4.0
    assert goldstein_value(None, {"goldstein": None, "roots": ["18", "19", "20"]}) == -9.0
    assert goldstein_value("0000", None) is None


def test_pair_events_carry_goldstein_weights(client: httpx.Client) -> None:
    data = client.get("/api/pair", params={"a": "Iran", "b": "united states"}).json()
    assert data["a"] == {"iri": IRAN, "label": "Iran"} and data["b"]["iri"] == USA
    weights = {(e["relationName"], e["polarity"]): e["goldstein"] for e in data["events"]}
    assert weights == {
        ("accused", "affirmed"): -2.0,  # code 112
        ("negotiatedWith", "affirmed"): 7.0,  # code 046
        ("sanctioned", "affirmed"): -8.0,  # code 163
        ("threatened", "affirmed"): -7.0,  # code 138
        ("metWith", "negated"): 1.0,  # no code: dip:metWith's scale in the ontology
    }
    assert [e["date"] for e in data["events"]] == sorted(e["date"] for e in data["events"])
    assert client.get("/api/pair", params={"a": "Iran", "b": "Atlantis"}).status_code == 404


def test_timeline_by_name_alias_or_iri(client: httpx.Client) -> None:
    by_alias = client.get("/api/timeline", params={"actor": "Pezeshkian"}).json()
    by_iri = client.get("/api/timeline", params={"actor": PEZESHKIAN}).json()
    assert by_alias["actor"]["iri"] == PEZESHKIAN == by_iri["actor"]["iri"]
    assert [(e["relationName"], e["date"]) for e in by_alias["events"]] == [("hosted", "2025-10-05"),
                                                                            ("visited", "2025-10-05")]
    assert "visited Qatar on Sunday" in by_alias["events"][1]["sentence"]


def test_network_filters(client: httpx.Client) -> None:
    everything = client.get("/api/network", params={"polarity": ""}).json()["events"]
    assert len(everything) == 8
    affirmed = client.get("/api/network", params={"polarity": "affirmed"}).json()["events"]
    assert len(affirmed) == 7 and all(e["polarity"] == "affirmed" for e in affirmed)
    consult = client.get("/api/network", params={"roots": "04", "polarity": ""}).json()["events"]
    assert sorted(e["relationName"] for e in consult) == ["hosted", "metWith", "negotiatedWith", "visited"]
    dated = client.get("/api/network", params={"from": "2026-01-01", "to": "2026-12-31"}).json()["events"]
    assert sorted(e["relationName"] for e in dated) == ["signedAgreementWith", "threatened"]
    focus = client.get("/api/network", params={"focus": "Qatar"}).json()
    assert focus["focus"]["iri"] == QATAR
    assert all(QATAR in (e["agent"], e["target"]) for e in focus["events"]) and len(focus["events"]) == 3
    assert all(e["sentence"] for e in everything)


def test_entity_search(client: httpx.Client) -> None:
    found = client.get("/api/entities", params={"q": "pez"}).json()
    assert found == [{"iri": PEZESHKIAN, "label": "Masoud Pezeshkian", "type": "Person"}]
    assert client.get("/api/entities", params={"q": ""}).json() == []
