"""The remote store against a real Oxigraph server behaves exactly like the embedded store."""

from __future__ import annotations

import io
from contextlib import closing

import pyoxigraph as ox
import pytest

from diplokg.api import EXPORT_FORMATS, export, run_query
from diplokg.errors import QueryError, StoreError
from diplokg.graph.build import GraphBuilder
from diplokg.graph.namespace import ONTOLOGY_GRAPH
from diplokg.graph.remote import RemoteStore, _endpoints
from diplokg.graph.store import OxigraphStore, open_store
from diplokg.graph.vocab import ontology_quads
from diplokg.queries import all_queries
from tests.fixtures import fixture_extractions
from tests.scale.conftest import REPO, canonical, normalised

pytestmark = pytest.mark.slow


def _fill(store, run_info) -> dict[str, list[ox.Quad]]:  # type: ignore[no-untyped-def]
    graphs = {ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)}
    graphs.update(GraphBuilder(run_info).build(e) for e in fixture_extractions())
    store.replace_graphs(graphs)
    return graphs


@pytest.fixture()
def pair(remote_url, run_info):  # type: ignore[no-untyped-def]
    """An embedded and a remote store holding the same fixture graphs."""
    local, remote = OxigraphStore(None), open_store(remote_url)
    _fill(local, run_info)
    _fill(remote, run_info)
    yield local, remote
    remote.close()


def test_endpoints_from_root_or_query_url() -> None:
    assert _endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert _endpoints("http://h:7878/query") == _endpoints("http://h:7878/")
    assert _endpoints("http://h/ds/sparql")[1] == "http://h/ds/update"


def test_open_store_picks_remote_for_http(remote_url) -> None:  # type: ignore[no-untyped-def]
    store = open_store(remote_url + "/query")
    try:
        assert isinstance(store, RemoteStore) and store.count() == 0
    finally:
        store.close()


def test_same_quads_graphs_and_counts(pair) -> None:  # type: ignore[no-untyped-def]
    local, remote = pair
    assert canonical(remote.quads()) == canonical(local.quads())
    assert remote.graph_names() == local.graph_names()
    assert remote.count() == local.count() > 100


def test_reingest_replaces_only_its_graph(pair, run_info) -> None:  # type: ignore[no-untyped-def]
    local, remote = pair
    before = canonical(remote.quads())
    _fill(remote, run_info)  # idempotent: same quads again
    assert canonical(remote.quads()) == before
    first = fixture_extractions()[0]
    graph, quads = GraphBuilder(run_info).build(first)
    kept = quads[:5]
    for store in (local, remote):
        store.replace_graphs({graph: kept})
    assert canonical(remote.quads()) == canonical(local.quads())
    assert sum(1 for q in remote.quads() if q.graph_name.value == graph) == 5  # type: ignore[union-attr]


def test_update_fallback_matches_gsp(remote_url, run_info) -> None:  # type: ignore[no-untyped-def]
    local = OxigraphStore(None)
    _fill(local, run_info)
    with closing(RemoteStore(remote_url, use_gsp=False)) as remote:
        _fill(remote, run_info)
        _fill(remote, run_info)
        assert canonical(remote.quads()) == canonical(local.quads())
        remote.drop_graphs(["https://w3id.org/diplokg/resource/article/fixture-a"])
        assert "https://w3id.org/diplokg/resource/article/fixture-a" not in remote.graph_names()


@pytest.mark.parametrize("info", [q for q in all_queries() if not q.needs_network], ids=lambda i: i.name)
def test_shipped_queries_same_rows(pair, info) -> None:  # type: ignore[no-untyped-def]
    local, remote = pair
    params = {p.name: p.default for p in info.params if p.default}
    ours, theirs = run_query(local, info.name, params=params), run_query(remote, info.name, params=params)
    assert theirs.variables == ours.variables
    # ORDER BY keys can tie, and ties may come back in any order: compare the rows as multisets.
    assert sorted(list(map(str, r)) for r in theirs.rows) == sorted(list(map(str, r)) for r in ours.rows)
    assert ours.rows, "every shipped query has rows on the fixture graph, so the comparison means something"


def test_bound_parameter_filters_like_substitution(pair) -> None:  # type: ignore[no-untyped-def]
    local, remote = pair
    for store in pair:
        rows = run_query(store, "who_visited", params={"place": "Qatar"}).rows
        assert [str(r[1]) for r in rows] == ['"Masoud Pezeshkian"@en']
    assert run_query(remote, "ASK { ?x rdfs:label ?n }").__bool__() is True
    triples = run_query(remote, "CONSTRUCT { ?x rdfs:label ?n } WHERE { ?x a dip:Person ; rdfs:label ?n }")
    assert sorted(map(str, triples)) == sorted(
        map(str, run_query(local, "CONSTRUCT { ?x rdfs:label ?n } WHERE { ?x a dip:Person ; rdfs:label ?n }"))
    )


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_exports_parse_to_the_same_graph(pair, fmt) -> None:  # type: ignore[no-untyped-def]
    local, remote = pair
    rdf_format = EXPORT_FORMATS[fmt]
    parsed = [
        ox.Dataset(ox.parse(export(store, fmt), format=rdf_format))  # type: ignore[arg-type]
        for store in (local, remote)
    ]
    assert len(parsed[0]) > 100
    assert canonical(parsed[1]) == canonical(parsed[0])


def test_bulk_load_shard(remote_url, run_info, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local = OxigraphStore(None)
    _fill(local, run_info)
    shard = tmp_path / "shard.nq"
    with open(shard, "wb") as out:
        local.dump(out, ox.RdfFormat.N_QUADS)
    for use_gsp in (True, False):
        with closing(RemoteStore(remote_url, use_gsp=use_gsp)) as remote:
            remote.update("CLEAR ALL")
            remote.bulk_load(shard, ox.RdfFormat.N_QUADS)
            assert canonical(remote.quads()) == canonical(local.quads())


def test_malformed_query_is_a_query_error(pair) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="400"):
        pair[1].query("SELEC ?x")


def test_unreachable_server_says_so() -> None:
    from tests.scale.conftest import _free_port

    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        open_store(url)


def test_read_only_refuses_writes(remote_url) -> None:  # type: ignore[no-untyped-def]
    with closing(open_store(remote_url, read_only=True)) as store, pytest.raises(StoreError, match="read-only"):
        store.replace_graphs({"http://example.org/g": []})


def test_ingest_matches_embedded(remote_url, tmp_path, request, extraction_ready) -> None:  # type: ignore[no-untyped-def]
    from diplokg.api import ingest

    articles = REPO / "examples" / "articles"
    local_dir = tmp_path / "local"
    first = ingest([articles], store=str(local_dir), link=False)
    second = ingest([articles], store=remote_url, link=False)
    assert first.ok and second.ok and first.articles == second.articles > 0
    local = OxigraphStore(local_dir, read_only=True)
    remote = open_store(remote_url)
    request.addfinalizer(remote.close)
    expected = normalised(local.quads())
    assert normalised(remote.quads()) == expected
    again = ingest([articles], store=remote_url, link=False)  # re-ingest: no duplicates, nothing else touched
    assert again.ok and normalised(remote.quads()) == expected
    buffer = io.BytesIO()
    remote.dump(buffer, ox.RdfFormat.N_QUADS)
    assert normalised(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)) == expected  # type: ignore[arg-type]
