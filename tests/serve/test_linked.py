"""Linked data: minted IRIs dereference on the server as HTML for browsers and RDF for RDF clients."""

from __future__ import annotations

import httpx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from .fixture import BASE, COUNCIL, IRAN, QATAR

DIP = Namespace("https://w3id.org/diplokg/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


def local(iri: str) -> str:
    return "/resource/" + iri[len(BASE):]


def test_browsers_get_html_with_labels_links_relations_and_evidence(client: httpx.Client) -> None:
    response = client.get(local(QATAR), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept"
    page = response.text
    assert "<h1>Qatar</h1>" in page
    assert 'href="http://www.wikidata.org/entity/Q846"' in page
    assert "Doha" in page  # the alias
    # Relations in both directions, with the other party linked locally and the sentence shown.
    assert "→ <a" in page and "← <a" in page
    assert 'href="/resource/person/masoud-pezeshkian">Masoud Pezeshkian</a>' in page
    assert "Iranian President Masoud Pezeshkian visited Qatar on Sunday." in page
    assert 'href="/resource/article/pezeshkian-qatar">Pezeshkian visits Qatar</a>' in page


def test_rdf_clients_get_turtle(client: httpx.Client) -> None:
    response = client.get(local(IRAN), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    iran = URIRef(IRAN)
    assert (iran, RDFS.label, Literal("Iran", lang="en")) in graph
    assert (iran, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q794")) in graph
    assert (iran, SKOS.altLabel, Literal("Tehran", lang="en")) in graph
    assert (URIRef(IRAN), DIP.signedAgreementWith, URIRef(QATAR)) in graph  # outgoing
    assert (None, DIP.threatened, iran) in graph  # incoming
    texts = {str(o) for o in graph.objects(None, DIP.text)}
    assert "The United States threatened Iran with strikes." in texts
    titles = {str(o) for o in graph.objects(None, DCTERMS.title)}
    assert "US threatens Iran" in titles


def test_default_and_other_rdf_formats(client: httpx.Client) -> None:
    assert client.get(local(IRAN)).headers["content-type"].startswith("text/turtle")  # curl's */*
    nt = client.get(local(IRAN), headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) > 10
    jsonld = client.get(local(IRAN), params={"format": "jsonld"}, headers={"Accept": "text/html"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")


def test_percent_encoded_iris_round_trip(client: httpx.Client) -> None:
    page = client.get(local(COUNCIL), headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<h1>Conseil de sécurité</h1>" in page.text
    turtle = client.get(local(COUNCIL), headers={"Accept": "text/turtle"})
    assert (URIRef(COUNCIL), RDFS.label, Literal("Conseil de sécurité", lang="en")) in Graph().parse(
        data=turtle.text, format="turtle")


def test_articles_and_events_dereference_too(client: httpx.Client) -> None:
    article = client.get("/resource/article/us-threat", headers={"Accept": "text/html"})
    assert article.status_code == 200 and "US threatens Iran" in article.text
    graph = Graph().parse(data=client.get(local(QATAR), headers={"Accept": "text/turtle"}).text, format="turtle")
    event = next(iter(graph.subjects(DIP.relation, DIP.visited)))
    described = client.get(local(str(event)), headers={"Accept": "text/html"})
    assert described.status_code == 200
    assert "dip:Visit" in described.text


def test_unknown_resources_are_404(client: httpx.Client) -> None:
    assert client.get("/resource/country/atlantis", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/resource/country/atlantis", headers={"Accept": "text/turtle"}).status_code == 404
