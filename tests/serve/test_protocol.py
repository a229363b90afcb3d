"""SPARQL 1.1 Protocol against a running server: methods, content types, errors, limits, guards."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph, URIRef

from diplokg.serve.protocol import negotiate, refused_services, service_iris

from .conftest import TOKEN, RunningServer
from .fixture import PEZESHKIAN, QATAR

VISITS = "SELECT ?visitor ?host WHERE { ?visitor dip:visited ?host }"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _json_rows(response: httpx.Response) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


@pytest.mark.parametrize("method", ["get", "form", "direct"])
def test_query_by_every_protocol_method(client: httpx.Client, method: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    if method == "get":
        response = client.get("/sparql", params={"query": VISITS}, headers=accept)
    elif method == "form":
        response = client.post("/sparql", data={"query": VISITS}, headers=accept)
    else:
        response = client.post("/sparql", content=VISITS, headers={**accept, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert _json_rows(response) == [{"visitor": PEZESHKIAN, "host": QATAR}]


def test_select_as_xml(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": VISITS}, headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(response.content)
    uris = [u.text for u in root.iter(f"{SPARQL_RESULTS}uri")]
    assert sorted(uris) == sorted([PEZESHKIAN, QATAR])


def test_select_as_csv_and_tsv(client: httpx.Client) -> None:
    query = "SELECT DISTINCT ?name WHERE { <%s> rdfs:label ?name }" % QATAR
    as_csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.text))) == [["name"], ["Qatar"]]
    as_tsv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert as_tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert as_tsv.text.splitlines() == ["?name", '"Qatar"@en']


def test_accept_quality_values_pick_the_preferred_format(client: httpx.Client) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    response = client.get("/sparql", params={"query": VISITS}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")


def test_ask(client: httpx.Client) -> None:
    yes = client.get("/sparql", params={"query": f"ASK {{ <{PEZESHKIAN}> dip:visited <{QATAR}> }}"})
    no = client.get("/sparql", params={"query": f"ASK {{ <{QATAR}> dip:visited <{PEZESHKIAN}> }}"},
                    headers={"Accept": "application/sparql-results+xml"})
    assert yes.json()["boolean"] is True
    assert ET.fromstring(no.content).find(f"{SPARQL_RESULTS}boolean").text == "false"


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_rdf_format(client: httpx.Client, accept: str, media: str, rdflib_format: str) -> None:
    query = "CONSTRUCT { ?v dip:visited ?h } WHERE { ?v dip:visited ?h }"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert set(graph) == {(URIRef(PEZESHKIAN), URIRef("https://w3id.org/diplokg/ontology#visited"), URIRef(QATAR))}


def test_describe_defaults_to_turtle(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{QATAR}>"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert '"Qatar"@en' in response.text


def test_malformed_query_is_400_with_the_parser_message(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE {\n  ?s dip:visited ?o"})
    assert response.status_code == 400
    assert "malformed SPARQL query" in response.text
    assert "line 2" in response.text  # the user's line, not counting the predeclared prefixes


def test_bad_requests(client: httpx.Client) -> None:
    assert client.get("/sparql").status_code == 400
    wrong_type = client.post("/sparql", content=VISITS, headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    unacceptable = client.get("/sparql", params={"query": VISITS}, headers={"Accept": "image/png"})
    assert unacceptable.status_code == 406
    assert "application/sparql-results+json" in unacceptable.text
    graphs = client.get("/sparql", params={"query": VISITS, "default-graph-uri": "http://example.org/g"})
    assert graphs.status_code == 400


def test_result_size_limit_cuts_and_says_so(client: httpx.Client, server: RunningServer) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == server.config.max_rows
    assert response.headers["x-result-truncated"] == f"true; limit={server.config.max_rows}"
    small = client.get("/sparql", params={"query": VISITS})
    assert "x-result-truncated" not in small.headers


def test_timeout_stops_the_query_and_the_server_keeps_serving(client: httpx.Client, server: RunningServer) -> None:
    started = time.monotonic()
    slow = client.get("/sparql", params={"query": SLOW})
    elapsed = time.monotonic() - started
    assert slow.status_code == 503
    assert f"query exceeded the {server.config.timeout:g} s timeout" in slow.text
    assert elapsed < server.config.timeout + 3
    for _ in range(3):  # every worker, including the replacement of the killed one, still answers
        fast = client.get("/sparql", params={"query": VISITS})
        assert fast.status_code == 200
        assert _json_rows(fast) == [{"visitor": PEZESHKIAN, "host": QATAR}]


def test_service_to_an_unlisted_endpoint_is_refused(client: httpx.Client) -> None:
    query = "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "http://169.254.169.254/latest/meta-data" in response.text
    lower = client.get("/sparql", params={"query": "PREFIX x: <http://evil.example/> SELECT * WHERE { service silent x:sparql { ?s ?p ?o } }"})
    assert lower.status_code == 403
    assert "http://evil.example/sparql" in lower.text


def test_service_iris_are_found_wherever_they_hide() -> None:
    assert service_iris("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }") == ["http://a.example/sparql"]
    assert service_iris("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }") == [None]
    assert service_iris('SELECT * WHERE { ?s rdfs:label "SERVICE <http://x/>" . ?service ?p ex:service }') == []
    assert service_iris("SELECT * WHERE { # SERVICE <http://x/>\n ?s ?p ?o }") == []
    assert service_iris("SELECT * WHERE { SERVICE wd:sparql { } }") == ["http://www.wikidata.org/entity/sparql"]
    allowed = ["https://query.wikidata.org/sparql"]
    assert refused_services("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { } }", allowed) == []
    assert refused_services("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql/x> { } }", allowed)


def test_negotiate() -> None:
    offered = {"json": "application/sparql-results+json", "csv": "text/csv"}
    assert negotiate(None, None, offered) == "json"
    assert negotiate("text/html, */*;q=0.8", None, offered) == "json"
    assert negotiate("text/csv", None, offered) == "csv"
    assert negotiate("application/json", None, offered) == "json"
    assert negotiate("image/png", None, offered) is None
    assert negotiate(None, "csv", offered) == "csv"


def test_read_only_server_refuses_updates(client: httpx.Client) -> None:
    update = f"INSERT DATA {{ <{QATAR}> rdfs:label \"Qatar changed\" }}"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/update", data={"update": update}, headers=headers).status_code == 403
    as_query_form = client.post("/sparql", data={"update": update}, headers=headers)
    assert as_query_form.status_code == 403
    assert "read-only" in as_query_form.text
    direct = client.post("/sparql", content=update, headers={**headers, "Content-Type": "application/sparql-update"})
    assert direct.status_code == 403
    smuggled = client.get("/sparql", params={"query": update})
    assert smuggled.status_code == 400  # an update is not a query: the parser rejects it
    labels = client.get("/sparql", params={"query": f"SELECT DISTINCT ?l WHERE {{ <{QATAR}> rdfs:label ?l }}"})
    assert [r["l"] for r in _json_rows(labels)] == ["Qatar"]


def test_update_needs_the_token_on_every_request(update_server: RunningServer) -> None:
    update = "INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> \"added\" } }"
    check = {"query": "SELECT ?o WHERE { <urn:a> <urn:b> ?o }"}
    with httpx.Client(base_url=update_server.url, timeout=30) as http:
        missing = http.post("/update", data={"update": update})
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = http.post("/update", data={"update": update}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        assert _json_rows(http.get("/sparql", params=check)) == []
        ok = http.post("/update", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 204, ok.text
        assert _json_rows(http.get("/sparql", params=check)) == [{"o": "added"}]
        direct = http.post("/update", content="DELETE DATA { GRAPH <urn:test> { <urn:a> <urn:b> \"added\" } }",
                           headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"})
        assert direct.status_code == 204
        assert _json_rows(http.get("/sparql", params=check)) == []
        # The next request without the token is refused again: nothing is remembered between requests.
        assert http.post("/update", data={"update": update}).status_code == 401
        malformed = http.post("/update", data={"update": "INSERT DATA {"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert malformed.status_code == 400


def test_explorer_and_static_files_are_served_locally(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "/static/app.js" in page.text
    for path in ("/static/app.js", "/static/style.css"):
        asset = client.get(path)
        assert asset.status_code == 200
        assert "http://" not in asset.text.replace("http://www.w3.org/2000/svg", "")  # nothing from elsewhere
    assert "https://" not in page.text


def test_short_update_tokens_are_refused(store_dir) -> None:
    from diplokg.errors import DiplokgError
    from diplokg.serve import serve

    with pytest.raises(DiplokgError, match="too short"):
        serve(str(store_dir), update_token="abc")


def test_json_results_are_valid_sparql_json(client: httpx.Client) -> None:
    query = f"SELECT ?date WHERE {{ ?a dcterms:date ?date }} ORDER BY ?date LIMIT 1"
    body = json.loads(client.get("/sparql", params={"query": query}).content)
    assert body["head"]["vars"] == ["date"]
    assert body["results"]["bindings"][0]["date"] == {
        "type": "literal", "value": "2025-10-05", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
