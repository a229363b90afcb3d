"""The ontology, its SHACL shapes and the closed DIP namespace agree with DESIGN.md §2–§4."""

from __future__ import annotations

import csv
import re
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from diplokg.graph.namespace import DIP, DIPR, ONTOLOGY_GRAPH, PREFIXES
from diplokg.ontology import ontology_path, shapes_path
from diplokg.ontology.owl import check_consistency, to_rdfxml

D = Namespace("https://w3id.org/diplokg/ontology#")
DIPSH = Namespace("https://w3id.org/diplokg/shapes#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

# The reference dictionaries sit in the `shared` folder beside the repository checkout.
CAMEO_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "cameo"

#: DESIGN.md §3: class -> direct superclass (None for top-level classes).
CLASSES = {
    "Actor": None,
    "Person": "Actor",
    "Country": "Actor",
    "Organization": "Actor",
    "GovernmentBody": "Organization",
    "InternationalOrganization": "Organization",
    "ArmedGroup": "Organization",
    "Place": None,
    "City": "Place",
    "Article": None,
    "Sentence": None,
    "Position": None,
    "Event": None,
    "Statement": None,
    "Polarity": None,
    "Modality": None,
}

#: DESIGN.md §3 table: property -> (CAMEO roots, CAMEO codes, super-property, event class, symmetric).
EVENT_RELATIONS = {
    "agreedWith": ({"03"}, set(), None, "Agreement", False),
    "consultedWith": ({"04"}, set(), None, "Consultation", True),
    "visited": ({"04"}, {"042"}, "consultedWith", "Visit", False),
    "hosted": ({"04"}, {"043"}, "consultedWith", "Hosting", False),
    "metWith": ({"04"}, {"040", "044"}, "consultedWith", "Meeting", True),
    "spokeWith": ({"04"}, {"041"}, "consultedWith", "PhoneCall", True),
    "negotiatedWith": ({"04"}, {"046"}, "consultedWith", "Negotiation", True),
    "supported": ({"05"}, set(), None, "Support", False),
    "signedAgreementWith": ({"05"}, {"057"}, "supported", "AgreementSigning", True),
    "cooperatedWith": ({"06"}, set(), None, "Cooperation", True),
    "aided": ({"07"}, set(), None, "Aid", False),
    "madeConcessionTo": ({"08"}, set(), None, "Concession", False),
    "requested": ({"02", "10"}, set(), None, "Request", False),
    "accused": ({"11"}, set(), None, "Accusation", False),
    "rejected": ({"12"}, set(), None, "Rejection", False),
    "threatened": ({"13"}, set(), None, "Threat", False),
    "protestedAgainst": ({"14"}, set(), None, "Protest", False),
    "sanctioned": ({"16"}, {"163"}, None, "Sanction", False),
    "expelled": ({"16"}, {"166"}, "sanctioned", "Expulsion", False),
    "severedRelationsWith": ({"16"}, {"161"}, "sanctioned", "RelationsSevering", False),
    "coerced": ({"17"}, set(), None, "Coercion", False),
    "attacked": ({"18", "19", "20"}, set(), None, "Attack", False),
}

#: DESIGN.md §3 standing relations: property -> (domain classes, range classes).
STANDING_RELATIONS = {
    "leaderOf": ({"Person"}, {"Country", "Organization"}),
    "officialOf": ({"Person"}, {"Country", "Organization"}),
    "memberOf": ({"Actor"}, {"Organization"}),
    "partOf": ({"GovernmentBody"}, {"Country"}),
    "capitalOf": ({"City"}, {"Country"}),
}

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


def _local(term: URIRef) -> str:
    return str(term).removeprefix(str(D))


def _class_set(g: Graph, node) -> set[str]:
    """Local names of a named class, or of the members of an owl:unionOf class expression."""
    if isinstance(node, URIRef):
        return {_local(node)}
    return {_local(member) for member in Collection(g, g.value(node, OWL.unionOf))}


def _declared_terms(g: Graph) -> set[str]:
    return {_local(s) for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(D))}


# --- parsing and metadata --------------------------------------------------------------


def test_ontology_parses_alike_in_rdflib_and_pyoxigraph(onto: Graph) -> None:
    oxi = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    assert len(oxi) == len(onto) > 500


def test_ontology_header_names_graph_and_version(onto: Graph) -> None:
    (header,) = onto.subjects(RDF.type, OWL.Ontology)
    assert str(header) == ONTOLOGY_GRAPH
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(onto.value(header, OWL.versionInfo)))


def test_shapes_parse_and_use_only_ontology_terms(onto: Graph, shapes: Graph) -> None:
    declared = _declared_terms(onto)
    used = {_local(t) for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(str(D))}
    assert used and used <= declared, used - declared


# --- classes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "parent"), CLASSES.items())
def test_design_class_is_declared_with_parent(onto: Graph, name: str, parent: str | None) -> None:
    cls = D[name]
    assert (cls, RDF.type, OWL.Class) in onto
    parents = {_local(p) for p in onto.objects(cls, RDFS.subClassOf)}
    assert parents == ({parent} if parent else set())


@pytest.mark.parametrize("name", sorted({v[3] for v in EVENT_RELATIONS.values()}))
def test_event_class_is_an_event(onto: Graph, name: str) -> None:
    assert (D[name], RDF.type, OWL.Class) in onto
    assert D.Event in set(onto.transitive_objects(D[name], RDFS.subClassOf))


def test_every_term_has_english_label_and_definition(onto: Graph) -> None:
    missing = []
    for name in sorted(_declared_terms(onto)):
        label, definition = onto.value(D[name], RDFS.label), onto.value(D[name], SKOS.definition)
        if not (isinstance(label, Literal) and label.language == "en"):
            missing.append(f"{name}: rdfs:label@en")
        if not (isinstance(definition, Literal) and definition.language == "en" and len(definition) > 10):
            missing.append(f"{name}: skos:definition@en")
    assert not missing


@pytest.mark.parametrize(
    ("name", "qid"),
    [("Country", "Q6256"), ("InternationalOrganization", "Q484652"), ("City", "Q515"),
     ("GovernmentBody", "Q327333"), ("Place", "Q2221906")],
)
def test_class_matches_wikidata(onto: Graph, name: str, qid: str) -> None:
    assert (D[name], SKOS.closeMatch, WD[qid]) in onto


def test_person_is_wikidata_human(onto: Graph) -> None:
    assert (D.Person, SKOS.exactMatch, WD.Q5) in onto


def test_polarity_and_modality_individuals(onto: Graph) -> None:
    assert set(onto.subjects(RDF.type, D.Polarity)) == {D.affirmed, D.negated}
    assert set(onto.subjects(RDF.type, D.Modality)) == {D.asserted, D.reported, D.planned, D.hypothetical}


# --- event relations -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "row"), EVENT_RELATIONS.items())
def test_event_relation_matches_design_table(onto: Graph, name: str, row: tuple) -> None:
    roots, codes, parent, event_class, symmetric = row
    prop = D[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert set(onto.objects(prop, RDFS.domain)) == {D.Actor}
    assert set(onto.objects(prop, RDFS.range)) == {D.Actor}
    assert {str(r) for r in onto.objects(prop, D.cameoRoot)} == roots
    assert {str(c) for c in onto.objects(prop, D.cameoCode)} == codes
    assert {_local(p) for p in onto.objects(prop, RDFS.subPropertyOf)} == ({parent} if parent else set())
    assert set(onto.objects(prop, D.eventClass)) == {D[event_class]}
    assert ((prop, RDF.type, OWL.SymmetricProperty) in onto) is symmetric
    plover = {str(p) for p in onto.objects(prop, D.ploverCategory)}
    assert plover and plover <= PLOVER


def test_event_classes_are_one_per_relation(onto: Graph) -> None:
    event_classes = {c for c in onto.subjects(RDFS.subClassOf * "+", D.Event)}
    assert event_classes == {D[row[3]] for row in EVENT_RELATIONS.values()}
    assert set(onto.subjects(D.eventClass, None)) == {D[name] for name in EVENT_RELATIONS}


def test_visit_and_hosting_are_inverse_not_symmetric(onto: Graph) -> None:
    assert (D.visited, OWL.inverseOf, D.hosted) in onto
    assert (D.visited, RDF.type, OWL.SymmetricProperty) not in onto
    assert (D.hosted, RDF.type, OWL.SymmetricProperty) not in onto


def test_consulted_with_matches_diplomatic_relation(onto: Graph) -> None:
    assert (D.consultedWith, SKOS.closeMatch, WDT.P530) in onto


# --- standing relations ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "row"), STANDING_RELATIONS.items())
def test_standing_relation_domain_and_range(onto: Graph, name: str, row: tuple) -> None:
    domain, range_ = row
    prop = D[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert _class_set(onto, onto.value(prop, RDFS.domain)) == domain
    assert _class_set(onto, onto.value(prop, RDFS.range)) == range_
    assert onto.value(prop, D.eventClass) is None


@pytest.mark.parametrize(
    ("name", "pids"),
    [("leaderOf", {"P35", "P6"}), ("memberOf", {"P463"}), ("partOf", {"P361"}), ("capitalOf", {"P1376"})],
)
def test_standing_relation_matches_wikidata(onto: Graph, name: str, pids: set[str]) -> None:
    assert set(onto.objects(D[name], SKOS.closeMatch)) == {WDT[p] for p in pids}


def test_leader_of_notes_the_inverse_wikidata_direction(onto: Graph) -> None:
    definition = str(onto.value(D.leaderOf, SKOS.definition))
    assert "P35" in definition and "P6" in definition and "other way round" in definition


@pytest.mark.parametrize(
    ("name", "domain", "range_"),
    [("agent", D.Event, D.Actor), ("target", D.Event, D.Actor), ("holder", D.Position, D.Person),
     ("inArticle", D.Sentence, D.Article), ("polarity", D.Event, D.Polarity),
     ("modality", D.Event, D.Modality), ("speaker", D.Statement, D.Actor),
     ("startChar", D.Sentence, XSD.integer), ("current", D.Position, XSD.boolean),
     ("text", D.Sentence, XSD.string), ("trigger", D.Event, XSD.string)],
)
def test_graph_shape_property_domain_and_range(onto: Graph, name: str, domain: URIRef, range_: URIRef) -> None:
    assert onto.value(D[name], RDFS.domain) == domain
    assert onto.value(D[name], RDFS.range) == range_


def test_date_has_no_xsd_date_range_in_owl(onto: Graph) -> None:
    # HermiT rejects xsd:date (DESIGN.md §6); the shapes check it instead.
    assert onto.value(D.date, RDFS.range) == RDFS.Literal
    assert (None, SH.datatype, XSD.date) in Graph().parse(shapes_path())


# --- CAMEO and PLOVER references -------------------------------------------------------


def _cameo_codes() -> dict[str, float]:
    path = CAMEO_DIR / "cameo-codes.csv"
    if not path.exists():
        pytest.skip(f"CAMEO reference not found at {path.resolve()}")
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return {row["code"]: float(row["goldstein"]) for row in csv.DictReader(handle)}


def _plover_by_root() -> dict[str, set[str]]:
    path = CAMEO_DIR / "CAMEO2PLOVER-2021.txt"
    if not path.exists():
        pytest.skip(f"PLOVER table not found at {path.resolve()}")
    table: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^(\d\d):\s*([A-Z]+)", line):
            table[match[1]].add(match[2])
    return table


@pytest.mark.parametrize("name", EVENT_RELATIONS)
def test_cameo_roots_and_codes_exist(onto: Graph, name: str) -> None:
    codes = _cameo_codes()
    for code in onto.objects(D[name], D.cameoRoot):
        assert len(code) == 2 and str(code) in codes
    for code in onto.objects(D[name], D.cameoCode):
        assert len(code) == 3 and str(code) in codes
        assert any(str(code).startswith(str(root)) for root in onto.objects(D[name], D.cameoRoot))


@pytest.mark.parametrize("name", EVENT_RELATIONS)
def test_plover_category_follows_cameo_roots(onto: Graph, name: str) -> None:
    table = _plover_by_root()
    expected = set().union(*(table.get(str(r), set()) for r in onto.objects(D[name], D.cameoRoot)))
    assert {str(p) for p in onto.objects(D[name], D.ploverCategory)} == expected


@pytest.mark.parametrize("name", EVENT_RELATIONS)
def test_goldstein_scale_is_that_of_the_most_specific_code(onto: Graph, name: str) -> None:
    codes = _cameo_codes()
    score = onto.value(D[name], D.goldsteinScale)
    specific = [str(c) for c in onto.objects(D[name], D.cameoCode)] or [
        str(r) for r in onto.objects(D[name], D.cameoRoot)
    ]
    if len(specific) > 1:
        assert score is None
    else:
        assert score is not None and float(score) == codes[specific[0]]


# --- the closed namespace --------------------------------------------------------------


def test_dip_namespace_equals_ontology_terms(onto: Graph) -> None:
    in_code = set(DIP.__annotations__)
    in_ttl = _declared_terms(onto)
    assert in_code - in_ttl == set(), "in graph/namespace.py but not in diplomacy.ttl"
    assert in_ttl - in_code == set(), "in diplomacy.ttl but not in graph/namespace.py"


def test_dip_misspelling_raises() -> None:
    assert DIP.visited == URIRef("https://w3id.org/diplokg/ontology#visited")
    with pytest.raises(AttributeError):
        DIP.visitted  # noqa: B018
    with pytest.raises(AttributeError):
        DIP.typo  # noqa: B018


def test_resource_namespace_is_open_and_prefixes_complete() -> None:
    assert DIPR["article/a1"] == URIRef("https://w3id.org/diplokg/resource/article/a1")
    assert set(PREFIXES) == {"dip", "dipr", "wd", "wdt", "prov", "dcterms", "skos", "owl", "rdfs", "rdf", "xsd", "sh"}
    assert PREFIXES["dip"] == str(D) and PREFIXES["sh"] == str(SH)


# --- OWL: owlready2 and HermiT ---------------------------------------------------------


def test_rdfxml_conversion_keeps_every_triple(onto: Graph) -> None:
    assert len(Graph().parse(data=to_rdfxml(), format="xml")) == len(onto)


@pytest.fixture(scope="module")
def needs_java() -> None:
    if shutil.which("java") is None:
        pytest.skip("java not found on PATH; HermiT needs Java 17")


def test_owlready_loads_and_hermit_finds_ontology_consistent(needs_java: None) -> None:
    result = check_consistency()
    assert result.classes > 30
    assert result.consistent is True and result.unsatisfiable == ()
    assert result.ok


def test_hermit_accepts_valid_data_with_dates(needs_java: None, valid: Graph) -> None:
    assert check_consistency(valid.serialize(format="nt", encoding="utf-8")).ok


def test_hermit_rejects_country_as_leader(needs_java: None, valid: Graph) -> None:
    broken = _copy(valid)
    broken.add((R.qatar, D.leaderOf, R.iran))  # Country and Person are disjoint
    assert check_consistency(broken.serialize(format="nt", encoding="utf-8")).consistent is False


def test_check_consistency_skips_without_java(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = check_consistency()
    assert result.consistent is None and result.classes > 30
    assert result.skipped and "java" in result.skipped


# --- SHACL -----------------------------------------------------------------------------

R = Namespace("https://w3id.org/diplokg/resource/test/")

VALID = """
@prefix dip: <https://w3id.org/diplokg/ontology#> .
@prefix r: <https://w3id.org/diplokg/resource/test/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

r:article a dip:Article ; dcterms:identifier "a1" ; dcterms:title "Pezeshkian in Doha" ;
    dcterms:date "2024-09-30"^^xsd:date .
r:sentence a dip:Sentence ; dip:inArticle r:article ; dip:startChar 0 ; dip:endChar 50 ;
    dip:text "Iranian President Masoud Pezeshkian visited Qatar." .
r:pezeshkian a dip:Person ; rdfs:label "Masoud Pezeshkian"@en .
r:iran a dip:Country ; rdfs:label "Iran"@en ;
    owl:sameAs wd:Q794 ; dip:linkConfidence 0.98 ; dip:linkMethod "gazetteer" .
r:qatar a dip:Country ; rdfs:label "Qatar"@en .
r:doha a dip:City ; rdfs:label "Doha"@en ; dip:capitalOf r:qatar .
r:visit a dip:Visit ; dip:relation dip:visited ; dip:agent r:pezeshkian ; dip:target r:qatar ;
    dip:date "2024-09-30"^^xsd:date ; dip:location r:doha ; dip:polarity dip:affirmed ;
    dip:modality dip:asserted ; dip:confidence 0.9 ; dip:trigger "visited" ;
    dip:cameoCode "042" ; dip:evidence r:sentence .
r:pezeshkian dip:visited r:qatar ; dip:leaderOf r:iran .
r:position a dip:Position ; dip:holder r:pezeshkian ; dip:title "President"@en ; dip:of r:iran ;
    dip:current true ; dip:confidence 0.95 ; dip:evidence r:sentence .
r:statement a dip:Statement ; dip:speaker r:pezeshkian ; dip:quote "We are neighbours." ;
    dip:mentions r:qatar , r:doha ; dip:evidence r:sentence .
"""


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def _copy(g: Graph) -> Graph:
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


def _short(term) -> str:
    """Write an IRI as dip:, dipsh: or dcterms: name, as the expectations below do."""
    for prefix, ns in (("dip", D), ("dipsh", DIPSH), ("dcterms", Namespace("http://purl.org/dc/terms/"))):
        if isinstance(term, URIRef) and str(term).startswith(str(ns)):
            return f"{prefix}:{str(term)[len(str(ns)):]}"
    return str(term)


def _violations(data: Graph, shapes: Graph, onto: Graph | None) -> set[tuple[str, str]]:
    """Validate and return (shape or path, constraint component) of every result."""
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=onto, inference="none")
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        where = path if path is not None else shape
        component = report.value(result, SH.sourceConstraintComponent)
        found.add((_short(where), str(component).removeprefix(str(SH))))
    assert conforms is (not found)
    return found


def test_valid_graph_conforms(valid: Graph, shapes: Graph, onto: Graph) -> None:
    assert _violations(valid, shapes, onto) == set()


def test_shapes_do_not_pass_silently_without_the_ontology(valid: Graph, shapes: Graph) -> None:
    # Without rdfs:subClassOf a dip:Country is not known to be a dip:Actor.
    assert ("dip:agent", "ClassConstraintComponent") in _violations(valid, shapes, None)


def _set(s: URIRef, p: URIRef, o: URIRef | Literal) -> Callable[[Graph], object]:
    """A mutation that replaces every value of ``s p`` with ``o``."""
    return lambda g: (g.remove((s, p, None)), g.add((s, p, o)))


BROKEN = {
    "event without agent": (lambda g: g.remove((R.visit, D.agent, None)), ("dip:agent", "MinCountConstraintComponent")),
    "event without target": (lambda g: g.remove((R.visit, D.target, None)), ("dip:target", "MinCountConstraintComponent")),
    "confidence 1.5": (_set(R.visit, D.confidence, Literal(1.5)), ("dip:confidence", "MaxInclusiveConstraintComponent")),
    # A string is not comparable with 0 and 1 either, so the range checks fail too.
    "confidence as string": (
        _set(R.visit, D.confidence, Literal("0.5")),
        {("dip:confidence", c) for c in ("OrConstraintComponent", "MinInclusiveConstraintComponent",
                                         "MaxInclusiveConstraintComponent")},
    ),
    "date yesterday": (_set(R.visit, D.date, Literal("yesterday")), ("dip:date", "DatatypeConstraintComponent")),
    "ill-typed date": (
        _set(R.visit, D.date, Literal("30 September", datatype=XSD.date)),
        ("dip:date", "DatatypeConstraintComponent"),
    ),
    "two agents": (lambda g: g.add((R.visit, D.agent, R.iran)), ("dip:agent", "MaxCountConstraintComponent")),
    "agent is a city": (_set(R.visit, D.agent, R.doha), ("dip:agent", "ClassConstraintComponent")),
    "unknown relation": (_set(R.visit, D.relation, D.leaderOf), ("dip:relation", "InConstraintComponent")),
    "polarity is a modality": (_set(R.visit, D.polarity, D.planned), ("dip:polarity", "InConstraintComponent")),
    "evidence is the article": (_set(R.visit, D.evidence, R.article), ("dip:evidence", "ClassConstraintComponent")),
    "start after end": (_set(R.sentence, D.startChar, Literal(60)), ("dip:startChar", "LessThanOrEqualsConstraintComponent")),
    "article without identifier": (
        lambda g: g.remove((R.article, URIRef("http://purl.org/dc/terms/identifier"), None)),
        ("dcterms:identifier", "MinCountConstraintComponent"),
    ),
    "position held by a country": (_set(R.position, D.holder, R.qatar), ("dip:holder", "ClassConstraintComponent")),
    "position confidence 2": (_set(R.position, D.confidence, Literal(2.0)), ("dip:confidence", "MaxInclusiveConstraintComponent")),
    "position title as IRI": (_set(R.position, D.title, R.iran), ("dip:title", "OrConstraintComponent")),
    "position current as string": (_set(R.position, D.current, Literal("yes")), ("dip:current", "DatatypeConstraintComponent")),
    "link without confidence": (
        lambda g: g.remove((R.iran, D.linkConfidence, None)),
        ("dip:linkConfidence", "MinCountConstraintComponent"),
    ),
    "leaderOf with a Country subject": (
        lambda g: g.add((R.qatar, D.leaderOf, R.iran)),
        ("dipsh:LeaderOfShape", "ClassConstraintComponent"),
    ),
    "capitalOf a city": (lambda g: g.add((R.doha, D.capitalOf, R.doha)), ("dip:capitalOf", "ClassConstraintComponent")),
    "visited a city": (
        lambda g: g.add((R.pezeshkian, D.visited, R.doha)),
        ("dipsh:EventRelationObjectShape", "ClassConstraintComponent"),
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_graph_fails_with_that_violation(case: str, valid: Graph, shapes: Graph, onto: Graph) -> None:
    mutate, expected = BROKEN[case]
    broken = _copy(valid)
    mutate(broken)
    assert _violations(broken, shapes, onto) == (expected if isinstance(expected, set) else {expected})
