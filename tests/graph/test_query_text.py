"""Query text handling: standard prefixes added when used, parameters bound as constants."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from diplokg.api import parse_param
from diplokg.errors import QueryError
from diplokg.graph.store import OxigraphStore, bind_values, with_prefixes


def test_prefixes_added_only_when_used_outside_strings_iris_and_comments():
    query = "# the actor's owl: note\nSELECT ?x WHERE { ?x rdfs:label \"it's dip:x\" . ?x <http://e/skos:y> ?z }"
    text = with_prefixes(query)
    assert text.splitlines()[0] == "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    assert "PREFIX dip:" not in text and "PREFIX owl:" not in text and "PREFIX skos:" not in text
    assert list(OxigraphStore(None).query(query)) == []


def test_declared_prefixes_are_not_repeated():
    query = "PREFIX dip: <urn:other#>\nSELECT ?x WHERE { ?x dip:a ?y }"
    assert with_prefixes(query) == query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?a WHERE { ?x rdfs:label ?a . ?x ?ab ?y }", 'SELECT ?a WHERE { ?x rdfs:label "Iran"@en . ?x ?ab ?y }'),
        ("ASK { ?x rdfs:label $a }", 'ASK { ?x rdfs:label "Iran"@en }'),
        ("CONSTRUCT { ?x ?p ?a } WHERE { ?x ?p ?a }", 'CONSTRUCT { ?x ?p ?a } WHERE { ?x ?p "Iran"@en }'),
        ('SELECT * WHERE { ?x ?p "?a" . # ?a\n ?x <urn:?a> ?a }', 'SELECT * WHERE { ?x ?p "?a" . # ?a\n ?x <urn:?a> "Iran"@en }'),
    ],
)
def test_bind_values_writes_constants_in_the_body(query, expected):
    assert bind_values(query, {"a": parse_param("Iran", "label")}) == expected


def test_bind_values_needs_a_group():
    with pytest.raises(QueryError):
        bind_values("DESCRIBE ?a", {"a": ox.NamedNode("urn:x")})


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("Iran", "label", '"Iran"@en'),
        ("04", "string", '"04"'),
        ("04", "", '"04"'),
        ("12", "", '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("2025-02-05", "", '"2025-02-05"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("dip:visited", "", "<https://w3id.org/diplokg/ontology#visited>"),
        ("wd:Q794", "", "<http://www.wikidata.org/entity/Q794>"),
        ("<urn:x>", "label", "<urn:x>"),
        ('"Irán"@es', "label", '"Irán"@es'),
    ],
)
def test_parse_param(value, kind, expected):
    assert str(parse_param(value, kind)) == expected
