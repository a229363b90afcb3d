"""Standard SPARQL clients against the running server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import warnings

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from .conftest import RunningServer
from .fixture import IRAN, PEZESHKIAN, QATAR, USA

DIP = "https://w3id.org/diplokg/ontology#"


@pytest.fixture()
def wrapper(server: RunningServer) -> SPARQLWrapper:
    return SPARQLWrapper(f"{server.url}/sparql")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(wrapper: SPARQLWrapper, method: str) -> None:
    wrapper.setMethod(method)
    wrapper.setQuery("SELECT ?agent ?target WHERE { ?agent dip:threatened ?target }")
    wrapper.setReturnFormat(JSON)
    rows = wrapper.queryAndConvert()["results"]["bindings"]
    assert [(r["agent"]["value"], r["target"]["value"]) for r in rows] == [(USA, IRAN)]


def test_sparqlwrapper_select_xml_and_csv(wrapper: SPARQLWrapper) -> None:
    wrapper.setQuery("SELECT DISTINCT ?label WHERE { <%s> rdfs:label ?label }" % PEZESHKIAN)
    wrapper.setReturnFormat(XML)
    document = wrapper.queryAndConvert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["Masoud Pezeshkian"]
    wrapper.setReturnFormat(CSV)
    assert wrapper.queryAndConvert().decode("utf-8").split() == ["label", "Masoud", "Pezeshkian"]


def test_sparqlwrapper_construct_turtle(wrapper: SPARQLWrapper) -> None:
    wrapper.setQuery("CONSTRUCT { ?a dip:signedAgreementWith ?b } WHERE { ?a dip:signedAgreementWith ?b }")
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.queryAndConvert(), format="turtle")
    assert set(graph) == {(URIRef(IRAN), URIRef(DIP + "signedAgreementWith"), URIRef(QATAR))}


def test_rdflib_sparqlstore_select_ask_construct(server: RunningServer) -> None:
    store = SPARQLStore(f"{server.url}/sparql", returnFormat="xml")
    graph = Graph(store=store)
    try:
        rows = list(graph.query(
            "PREFIX dip: <https://w3id.org/diplokg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT DISTINCT ?name WHERE { ?who dip:visited ?where . ?who rdfs:label ?name }"))
        assert [str(r[0]) for r in rows] == ["Masoud Pezeshkian"]
        assert bool(graph.query(f"ASK {{ <{IRAN}> <{DIP}accused> <{USA}> }}").askAnswer) is True
        constructed = graph.query(f"CONSTRUCT {{ <{QATAR}> ?p ?o }} WHERE {{ <{QATAR}> ?p ?o }}").graph
        assert (URIRef(QATAR), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
                URIRef("http://www.wikidata.org/entity/Q846")) in constructed
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdflib warns that triples() over SPARQL is slow; it is a test
            labels = set(graph.triples((URIRef(QATAR), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None)))
        assert {o for _, _, o in labels} == {Literal("Qatar", lang="en")}
    finally:
        store.close()


def test_rdflib_sparqlstore_json(server: RunningServer) -> None:
    store = SPARQLStore(f"{server.url}/sparql", returnFormat="json", method="POST_FORM")
    try:
        rows = list(Graph(store=store).query(
            f"SELECT ?target WHERE {{ ?e <{DIP}agent> <{USA}> ; <{DIP}target> ?target ; <{DIP}relation> <{DIP}sanctioned> }}"))
        assert [str(r[0]) for r in rows] == [IRAN]
    finally:
        store.close()
