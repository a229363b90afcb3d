"""``diplokg validate``: the fixture graph conforms; each deliberately broken graph is caught and named."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pyoxigraph as ox
import pytest

from diplokg.graph.build import GraphBuilder
from diplokg.graph.mint import Minter
from diplokg.graph.namespace import ONTOLOGY_GRAPH
from diplokg.graph.store import OxigraphStore
from diplokg.graph.vocab import ontology_quads
from diplokg.validate import ValidationReport, Violation, validate_store
from tests.fixtures import fixture_extractions

DIP = "https://w3id.org/diplokg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
MINT = Minter()
GRAPH_A, GRAPH_B = MINT.article("fixture-a"), MINT.article("fixture-b")
PEZESHKIAN, IRAN = ox.NamedNode(MINT.entity("person/masoud-pezeshkian")), ox.NamedNode(MINT.entity("country/iran"))

Mutation = Callable[[list[ox.Quad]], list[ox.Quad]]


def _store(run_info, mutate: Mutation | None = None) -> OxigraphStore:  # type: ignore[no-untyped-def]
    store = OxigraphStore(None)
    store.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
    graphs = dict(GraphBuilder(run_info).build(e) for e in fixture_extractions())
    if mutate is not None:
        graphs[GRAPH_A] = mutate(graphs[GRAPH_A])
    store.replace_graphs(graphs)
    return store


def _subjects(quads: list[ox.Quad], cls: str) -> list[ox.NamedNode]:
    return sorted({q.subject for q in quads if q.predicate == RDF_TYPE and q.object == ox.NamedNode(DIP + cls)},
                  key=lambda n: n.value)


def _visit(quads: list[ox.Quad]) -> ox.NamedNode:
    return _subjects(quads, "Visit")[0]


def _run(quads: list[ox.Quad]) -> ox.NamedNode:
    return next(q.object for q in quads if q.predicate.value == PROV + "wasGeneratedBy")  # type: ignore[return-value]


def _drop(pred: str, subject_of: Callable[[list[ox.Quad]], ox.NamedNode]) -> Mutation:
    def mutate(quads: list[ox.Quad]) -> list[ox.Quad]:
        node = subject_of(quads)
        return [q for q in quads if not (q.subject == node and q.predicate.value == pred)]
    return mutate


def _set(pred: str, value: ox.Term, subject_of: Callable[[list[ox.Quad]], ox.NamedNode]) -> Mutation:
    def mutate(quads: list[ox.Quad]) -> list[ox.Quad]:
        node, graph = subject_of(quads), quads[0].graph_name
        kept = [q for q in quads if not (q.subject == node and q.predicate.value == pred)]
        return [*kept, ox.Quad(node, ox.NamedNode(pred), value, graph)]
    return mutate


def _add(s: ox.NamedNode, p: str, o: ox.Term) -> Mutation:
    return lambda quads: [*quads, ox.Quad(s, ox.NamedNode(p), o, quads[0].graph_name)]


def _only(report: ValidationReport) -> Violation:
    assert len(report.violations) == 1, report.to_text()
    return report.violations[0]


def test_fixture_graph_conforms_with_shacl_and_owl(run_info) -> None:  # type: ignore[no-untyped-def]
    report = validate_store(_store(run_info), owl=True)
    assert report.graphs == [GRAPH_A, GRAPH_B]
    assert report.violations == [], report.to_text()
    if shutil.which("java"):
        assert report.owl_consistent is True and report.owl_note.startswith("consistent (HermiT, 2 graph(s)")
    else:
        assert report.owl_consistent is None and "java" in report.owl_note
    assert report.conforms and report.to_text().endswith("conforms: yes")


BROKEN = {
    "event without agent": (_drop(DIP + "agent", _visit), DIP + "agent", "exactly one dip:agent"),
    "event without evidence": (_drop(DIP + "evidence", _visit), DIP + "evidence", "exactly one dip:evidence"),
    "event without polarity": (_drop(DIP + "polarity", _visit), DIP + "polarity", "exactly one dip:polarity"),
    "unknown polarity": (_set(DIP + "polarity", ox.NamedNode(DIP + "maybe"), _visit), DIP + "polarity", "dip:affirmed"),
    "confidence above 1": (_set(DIP + "confidence", ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")), _visit),
                           DIP + "confidence", "from 0 to 1"),
    "confidence as a string": (_set(DIP + "confidence", ox.Literal("high"), _visit), DIP + "confidence", "from 0 to 1"),
    "event date not a date": (_set(DIP + "date", ox.Literal("2024-13-45", datatype=ox.NamedNode(XSD + "date")),
                                   _visit), DIP + "date", "valid xsd:date"),
    "event date as a string": (_set(DIP + "date", ox.Literal("October 2"), _visit), DIP + "date", "xsd:date"),
    "agent is a sentence": (_set(DIP + "agent", ox.NamedNode(MINT.sentence("fixture-a", 0, 63)), _visit),
                            DIP + "agent", "a dip:Actor"),
    "run without start time": (_drop(PROV + "startedAtTime", lambda q: _run(q)), PROV + "startedAtTime",
                               "exactly one prov:startedAtTime"),
    "position without holder": (_drop(DIP + "holder", lambda q: _subjects(q, "Position")[0]), DIP + "holder",
                                 "exactly one dip:holder"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_is_caught_and_named(run_info, case: str) -> None:  # type: ignore[no-untyped-def]
    mutate, path, words = BROKEN[case]
    store = _store(run_info, mutate)
    quads = list(store.quads())
    expected_focus = {"position": None, "run": _run(quads).value}.get(case.split()[0], _visit(quads).value)
    report = validate_store(store, owl=False)
    assert not report.conforms
    violation = _only(report)
    assert violation.graph == GRAPH_A  # the article at fault; fixture-b is untouched and clean
    assert violation.path == path
    assert words in violation.message
    if expected_focus:
        assert violation.focus == expected_focus
    text = report.to_text()
    assert "graph dipr:article/fixture-a" in text and words in text and text.endswith("conforms: NO")


def test_domain_and_range_of_standing_relations(run_info) -> None:  # type: ignore[no-untyped-def]
    # A country cannot lead a person: subject and object of dip:leaderOf are both wrong.
    report = validate_store(_store(run_info, _add(IRAN, DIP + "leaderOf", PEZESHKIAN)), owl=False)
    found = {(v.focus, v.path, v.message) for v in report.violations}
    assert (IRAN.value, None, "The subject of dip:leaderOf is a dip:Person.") in found
    assert (IRAN.value, DIP + "leaderOf", "The object of dip:leaderOf is a dip:Country or dip:Organization.") in found
    assert {v.graph for v in report.violations} == {GRAPH_A}


def test_owl_reasoner_catches_disjoint_types_and_names_the_graph(run_info) -> None:  # type: ignore[no-untyped-def]
    if not shutil.which("java"):
        pytest.skip("java not found on PATH; HermiT needs Java 17")
    # Person and Country are disjoint classes: SHACL sees nothing wrong, the reasoner does.
    store = _store(run_info, _add(PEZESHKIAN, str(RDF_TYPE.value), ox.NamedNode(DIP + "Country")))
    report = validate_store(store, owl=True)
    assert report.owl_consistent is False and not report.conforms
    owl = [v for v in report.violations if v.check == "owl"]
    assert [v.graph for v in owl] == [GRAPH_A]
    assert "INCONSISTENT" in report.owl_note and "[owl Violation]" in report.to_text()


def test_graph_selection_and_unknown_graph(run_info) -> None:  # type: ignore[no-untyped-def]
    store = _store(run_info, _drop(DIP + "agent", _visit))
    assert validate_store(store, owl=False, graphs=[GRAPH_B]).conforms
    assert not validate_store(store, owl=False, graphs=[GRAPH_A]).conforms
    from diplokg.errors import StoreError

    with pytest.raises(StoreError, match="no graph .*nope"):
        validate_store(store, owl=False, graphs=["https://example.org/nope"])


def test_cli_validate_exit_codes_and_json(run_info, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from diplokg.cli import app

    for name, mutate, code in (("good", None, 0), ("bad", _drop(DIP + "agent", _visit), 1)):
        disk = OxigraphStore(tmp_path / name)
        memory = _store(run_info, mutate)
        disk.replace_graphs({g: [q for q in memory.quads() if q.graph_name.value == g] for g in memory.graph_names()})
        disk.close()
        result = CliRunner().invoke(app, ["--store", str(tmp_path / name), "validate", "--no-owl", "--json"])
        assert result.exit_code == code, result.output
        data = json.loads(result.stdout)
        assert data["conforms"] is (code == 0)
        assert [v["path"] for v in data["violations"]] == ([] if code == 0 else [DIP + "agent"])
