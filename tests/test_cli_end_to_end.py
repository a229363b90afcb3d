"""The product end to end through the CLI: ingest, query, export, re-ingest (DESIGN.md §4-5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from diplokg.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
R = "https://w3id.org/diplokg/resource/"


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("kg") / "store")
    cli("--store", store, "ingest", "--quiet", str(EXAMPLES))
    return store


def _json_query(store: str, *args: str) -> list[dict[str, str]]:
    return json.loads(cli("--store", store, "query", *args, "--format", "json"))


def test_demo_finds_a_correct_visit(sample_store):
    rows = _json_query(sample_store, "who_visited")
    visits = {(r["visitorName"], r["hostName"]) for r in rows}
    assert ("Masoud Pezeshkian", "Qatar") in visits
    assert all(r["sentence"] for r in rows)


def test_turtle_export_equals_the_union_graph(sample_store, tmp_path):
    ttl = tmp_path / "kg.ttl"
    nq = tmp_path / "kg.nq"
    cli("--store", sample_store, "export", "--format", "turtle", "-o", str(ttl))
    cli("--store", sample_store, "export", "--format", "nquads", "-o", str(nq))
    flat = rdflib.Graph().parse(data=ttl.read_text(encoding="utf-8"), format="turtle")
    dataset = rdflib.Dataset()
    dataset.parse(data=nq.read_text(encoding="utf-8"), format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(flat) > 1000
    assert len(flat) == len(union)
    assert isomorphic(flat, union)


def test_trig_keeps_one_graph_per_article(sample_store, tmp_path):
    trig = tmp_path / "kg.trig"
    cli("--store", sample_store, "export", "--format", "trig", "-o", str(trig))
    dataset = rdflib.Dataset()
    dataset.parse(data=trig.read_text(encoding="utf-8"), format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    articles = {f"{R}article/{p.stem}" for p in EXAMPLES.glob("*.txt")}
    assert articles <= names
    assert "https://w3id.org/diplokg/ontology" in names


def test_reingest_replaces_and_never_duplicates(sample_store):
    before = json.loads(cli("--store", sample_store, "stats", "--json"))
    cli("--store", sample_store, "ingest", "--quiet", str(EXAMPLES / "01_pezeshkian-qatar.txt"))
    cli("--store", sample_store, "ingest", "--quiet", str(EXAMPLES))
    after = json.loads(cli("--store", sample_store, "stats", "--json"))
    assert after["articles"] == before["articles"] == len(list(EXAMPLES.glob("*.txt")))
    assert after["events"] == before["events"] and after["quads"] - before["quads"] in range(-60, 61)


def test_jsonl_and_txt_give_the_same_events(tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    cli("--store", a, "ingest", "--quiet", str(EXAMPLES))
    cli("--store", b, "ingest", "--quiet", str(REPO / "examples" / "articles.jsonl"))
    query = "SELECT ?s ?p ?o WHERE { ?e dip:relation ?p ; dip:agent ?s ; dip:target ?o }"
    rows_a = {tuple(r.values()) for r in _json_query(a, query)}
    rows_b = {tuple(r.values()) for r in _json_query(b, query)}
    assert rows_a and rows_a == rows_b


def test_bad_input_is_reported_and_the_rest_stored(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Iran and Qatar signed an agreement."}\n{not json}\n', encoding="utf-8")
    store = str(tmp_path / "s")
    result = CliRunner().invoke(app, ["--store", store, "ingest", "--quiet", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2" in result.stderr
    stats = json.loads(cli("--store", store, "stats", "--json"))
    assert stats["articles"] == 1


def test_unknown_query_name_is_a_clear_error(sample_store):
    result = CliRunner().invoke(app, ["--store", sample_store, "query", "who_visted"])
    assert result.exit_code == 2
    assert "who_visited" in result.stderr


def test_seeds(shared_dir, tmp_path):
    store = str(tmp_path / "seeds")
    cli("--store", store, "ingest", "--quiet", *map(str, sorted((shared_dir / "seeds").glob("*.txt"))))
    rows = _json_query(store, """SELECT ?sentence WHERE {
        ?p rdfs:label "Masoud Pezeshkian"@en . ?q rdfs:label "Qatar"@en .
        ?p dip:visited ?q .
        ?e dip:relation dip:visited ; dip:agent ?p ; dip:target ?q ; dip:evidence ?s .
        ?s dip:text ?sentence }""")
    assert any("Qatar" in r["sentence"] for r in rows)
    rows = _json_query(store, """SELECT ?sentence WHERE {
        ?p rdfs:label "Masoud Pezeshkian"@en . ?c rdfs:label "Iran"@en .
        ?p dip:leaderOf ?c .
        ?pos dip:holder ?p ; dip:of ?c ; dip:evidence ?s . ?s dip:text ?sentence }""")
    assert any("Pezeshkian" in r["sentence"] for r in rows)
