"""`diplokg link`: entities stored without links get them, in every article graph that names them."""

from __future__ import annotations

import dataclasses

from diplokg.api import link_store, run_query
from diplokg.graph.build import GraphBuilder
from diplokg.graph.store import OxigraphStore
from tests.fixtures import fixture_extractions


def test_link_store_links_what_was_stored_unlinked(tmp_path, run_info):
    location = tmp_path / "store"
    store = OxigraphStore(location)
    builder = GraphBuilder(run_info)
    for extraction in fixture_extractions():
        unlinked = tuple(dataclasses.replace(e, qid=None, link_confidence=None, link_method=None)
                         for e in extraction.entities)
        store.replace_graphs(dict([builder.build(dataclasses.replace(extraction, entities=unlinked))]))
    store.close()
    assert run_query(str(location), "SELECT ?x WHERE { ?x owl:sameAs ?wd }").rows == []

    result = link_store(str(location))
    assert result.new >= 4 and result.linked == result.new
    rows = run_query(str(location), """SELECT ?g ?label ?wd WHERE { GRAPH ?g {
        ?x owl:sameAs ?wd ; rdfs:label ?label ; dip:linkMethod ?method ; dip:linkConfidence ?c } }""")
    found = {(r[0].value.rsplit("/", 1)[-1], r[1].value, r[2].value) for r in rows.rows}
    for graph in ("fixture-a", "fixture-b"):
        assert (graph, "Iran", "http://www.wikidata.org/entity/Q794") in found
        assert (graph, "Oman", "http://www.wikidata.org/entity/Q842") in found
    assert ("fixture-a", "Qatar", "http://www.wikidata.org/entity/Q846") in found

    again = link_store(str(location))  # nothing left to do, nothing duplicated
    assert again.new == 0 and again.linked == result.linked
