"""The graph stage: records of one article become exactly its named graph (DESIGN.md §4)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from diplokg.graph.build import GraphBuilder
from diplokg.graph.mint import Minter
from tests.fixtures import fixture_extractions

DIP = "https://w3id.org/diplokg/ontology#"
R = "https://w3id.org/diplokg/resource/"


def _ask(store, sparql: str) -> bool:
    return bool(store.query(sparql))


def _rows(store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql)
    return sorted(tuple(s[v].value if s[v] is not None else "" for v in result.variables) for s in result)


def test_every_quad_lives_in_its_article_graph(run_info):
    graph_iri, quads = GraphBuilder(run_info).build(fixture_extractions()[0])
    assert graph_iri == R + "article/fixture-a"
    assert quads and {q.graph_name.value for q in quads} == {graph_iri}


def test_visit_event_has_provenance_one_hop_away(fixture_store):
    rows = _rows(
        fixture_store,
        """SELECT ?agent ?target ?trigger ?text ?date ?cls WHERE {
             ?e dip:relation dip:visited ; dip:agent ?a ; dip:target ?t ; dip:trigger ?trigger ;
                dip:modality dip:asserted ; dip:polarity dip:affirmed ; dip:evidence ?s ; a ?cls .
             OPTIONAL { ?e dip:date ?date }
             ?a rdfs:label ?agent . ?t rdfs:label ?target . ?s dip:text ?text ; dip:inArticle ?art .
             ?art a dip:Article }""",
    )
    assert rows == [
        ("Masoud Pezeshkian", "Qatar", "visited",
         "Iranian President Masoud Pezeshkian visited Qatar on October 2.", "2024-10-02", DIP + "Visit"),
    ]


def test_shortcut_only_for_affirmed_asserted_or_reported(fixture_store):
    assert _ask(fixture_store, "ASK { <https://w3id.org/diplokg/resource/person/masoud-pezeshkian> dip:visited <https://w3id.org/diplokg/resource/country/qatar> }")
    assert _ask(fixture_store, "ASK { <https://w3id.org/diplokg/resource/country/iran> dip:rejected <https://w3id.org/diplokg/resource/country/united-states> }")
    # planned visit: an event node, no shortcut
    assert _ask(fixture_store, "ASK { ?e dip:target <https://w3id.org/diplokg/resource/country/oman> ; dip:modality dip:planned }")
    assert not _ask(fixture_store, "ASK { <https://w3id.org/diplokg/resource/person/masoud-pezeshkian> dip:visited <https://w3id.org/diplokg/resource/country/oman> }")
    # negated meeting: an event node with dip:negated, no shortcut
    assert _ask(fixture_store, "ASK { ?e dip:target <https://w3id.org/diplokg/resource/country/united-states> ; dip:polarity dip:negated }")
    assert not _ask(fixture_store, "ASK { <https://w3id.org/diplokg/resource/person/abbas-araghchi> dip:metWith <https://w3id.org/diplokg/resource/country/united-states> }")


def test_positions_and_leader_shortcut(fixture_store):
    assert _ask(fixture_store, "ASK { <https://w3id.org/diplokg/resource/person/masoud-pezeshkian> dip:leaderOf <https://w3id.org/diplokg/resource/country/iran> }")
    rows = _rows(fixture_store, """SELECT ?title ?cur WHERE { ?p a dip:Position ; dip:holder
                 <https://w3id.org/diplokg/resource/person/abbas-araghchi> ; dip:title ?title ; dip:current ?cur ; dip:evidence ?s }""")
    assert rows == [("Foreign Minister", "true")]


def test_entities_are_shared_across_article_graphs(fixture_store):
    graphs = _rows(fixture_store, "SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/diplokg/resource/country/iran> rdfs:label ?l } }")
    assert graphs == [(R + "article/fixture-a",), (R + "article/fixture-b",)]
    assert _rows(fixture_store, "SELECT DISTINCT ?wd WHERE { <https://w3id.org/diplokg/resource/country/iran> owl:sameAs ?wd }") == [
        ("http://www.wikidata.org/entity/Q794",)
    ]


def test_article_and_sentence_nodes(fixture_store):
    rows = _rows(fixture_store, """SELECT ?id ?title ?date WHERE { ?a a dip:Article ;
                 dcterms:identifier ?id ; dcterms:title ?title ; dcterms:date ?date }""")
    assert rows == [("fixture-a", "Pezeshkian in Doha", "2024-10-03"), ("fixture-b", "Araghchi in Muscat", "2024-11-05")]
    offsets = _rows(fixture_store, """SELECT ?text ?s ?e WHERE { ?x a dip:Sentence ; dip:text ?text ;
                    dip:startChar ?s ; dip:endChar ?e ; dip:inArticle <https://w3id.org/diplokg/resource/article/fixture-a> }""")
    text = fixture_extractions()[0].article.text
    assert len(offsets) == 3
    for sentence, start, end in offsets:
        assert text[int(start):int(end)] == sentence


def test_run_metadata(fixture_store):
    rows = _rows(fixture_store, """SELECT DISTINCT ?model WHERE { ?e dip:relation ?r ; prov:wasGeneratedBy ?run .
                 ?run a prov:Activity ; dip:nlpModel ?model ; prov:startedAtTime ?t ; dip:softwareVersion ?v }""")
    assert rows == [("en_core_web_sm 3.8.0",)]


def test_rebuilding_is_deterministic(run_info):
    first = GraphBuilder(run_info).build(fixture_extractions()[1])[1]
    second = GraphBuilder(run_info).build(fixture_extractions()[1])[1]
    assert sorted(map(str, first)) == sorted(map(str, second))


@pytest.mark.parametrize("article_id", ["plain", "with space", "a/b?c#d", "ایران", "x<y>\"z"])
def test_article_iris_are_valid(article_id):
    iri = Minter().article(article_id)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert iri.startswith(R + "article/") and " " not in iri


def test_optimize_keeps_every_quad_and_is_a_no_op_read_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    from diplokg.graph.store import OxigraphStore

    store = OxigraphStore(tmp_path / "kg")
    quads = [ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                     ox.Literal(f"v{i}"), ox.NamedNode(f"https://example.org/g{i % 7}")) for i in range(500)]
    store.replace_graphs({f"https://example.org/g{k}": [q for q in quads if q.graph_name.value.endswith(f"g{k}")]
                          for k in range(7)})
    store.optimize()
    assert set(store.quads()) == set(quads)
    store.close()
    reader = OxigraphStore(tmp_path / "kg", read_only=True)
    reader.optimize()
    assert reader.count() == 500
