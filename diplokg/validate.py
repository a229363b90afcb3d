"""Check the stored graph against the SHACL shapes and the OWL ontology (DESIGN.md §4, §6).

SHACL (https://www.w3.org/TR/shacl/) runs per named graph: pySHACL is slow on big graphs
(DESIGN.md §6), an article graph is self-contained (§4), and a violation is then reported with
the article it belongs to. ``sh:class`` follows ``rdfs:subClassOf``, so each data graph gets the
ontology's subclass axioms mixed in (the only ontology triples the shapes need). The OWL check
loads the union of the checked graphs into owlready2 and runs HermiT, where Java is available.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import DiplokgError, StoreError

__all__ = ["Violation", "ValidationReport", "validate_store", "validate_quads"]

_SH = "http://www.w3.org/ns/shacl#"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
#: When the union is inconsistent, HermiT is rerun on this many graphs one by one to name the culprits.
_MAX_OWL_LOCALISE = 20


@dataclass(frozen=True)
class Violation:
    """One failed constraint: where (graph, focus node, path), what (message), and which check found it."""

    graph: str
    focus: str
    path: str | None
    message: str
    severity: str = "Violation"
    value: str | None = None
    shape: str | None = None
    check: str = "shacl"


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_store`: every violation, and what the OWL check said."""

    graphs: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    #: True/False when HermiT ran; None when it was skipped or not asked for.
    owl_consistent: bool | None = None
    owl_note: str = "not run (--no-owl)"

    @property
    def conforms(self) -> bool:
        """True when no constraint of severity Violation failed and the OWL check found no inconsistency."""
        return self.owl_consistent is not False and not any(v.severity == "Violation" for v in self.violations)

    def to_dict(self) -> dict[str, object]:
        """The report as plain data (for ``--json``)."""
        return {
            "conforms": self.conforms,
            "graphs_checked": len(self.graphs),
            "violations": [asdict(v) for v in self.violations],
            "owl": {"consistent": self.owl_consistent, "note": self.owl_note},
        }

    def to_text(self) -> str:
        """A readable report: one block per graph, one entry per violation."""
        lines = [f"SHACL: {len(self.graphs)} graph(s) checked, {len(self.violations)} problem(s)"]
        by_graph: dict[str, list[Violation]] = {}
        for violation in self.violations:
            by_graph.setdefault(violation.graph, []).append(violation)
        for graph, found in by_graph.items():
            lines.append(f"  graph {_short(graph)}")
            for v in found:
                where = f"focus {_short(v.focus)}" + (f"  path {_short(v.path)}" if v.path else "")
                value = f"  value {_short(v.value)}" if v.value else ""
                lines.append(f"    [{v.check} {v.severity}] {where}{value}")
                lines.append(f"      {v.message}")
        lines.append(f"OWL: {self.owl_note}")
        lines.append("conforms: yes" if self.conforms else "conforms: NO")
        return "\n".join(lines)


def _short(term: str | None) -> str:
    from .graph.namespace import PREFIXES

    if not term:
        return ""
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(iri) and len(term) > len(iri):
            return f"{prefix}:{term[len(iri):]}"
    return term if term.startswith(("_:", '"')) else f"<{term}>"


@functools.lru_cache(maxsize=1)
def _shapes_and_subclasses():  # type: ignore[no-untyped-def]
    """The shapes graph and the ontology's subclass axioms, parsed once."""
    from rdflib import Graph, URIRef

    from .ontology import ontology_path, shapes_path

    shapes = Graph().parse(str(shapes_path()), format="turtle")
    ontology = Graph().parse(str(ontology_path()), format="turtle")
    subclass = list(ontology.triples((None, URIRef(_SUBCLASS), None)))
    return shapes, subclass


def _to_rdflib(quads: Iterable[ox.Quad | ox.Triple]):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    graph = Graph()
    if triples:
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def validate_quads(quads: Iterable[ox.Quad | ox.Triple], graph: str = "") -> list[Violation]:
    """SHACL-validate one graph's quads against the shipped shapes; return the violations found."""
    import pyshacl
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    shapes, subclass = _shapes_and_subclasses()
    data = _to_rdflib(quads)
    for triple in subclass:
        data.add(triple)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    if conforms:
        return []
    assert isinstance(results, Graph)
    sh = Namespace(_SH)

    def one(node: object, pred: URIRef) -> str | None:
        value = results.value(node, pred)  # type: ignore[arg-type]
        return None if value is None else (value.n3() if value.__class__.__name__ == "Literal" else str(value))

    found = []
    for result in results.subjects(RDF.type, sh.ValidationResult):
        messages = sorted(str(m) for m in results.objects(result, sh.resultMessage))
        severity = one(result, sh.resultSeverity) or _SH + "Violation"
        found.append(Violation(
            graph=graph,
            focus=one(result, sh.focusNode) or "",
            path=one(result, sh.resultPath),
            message=messages[0] if messages else "constraint failed",
            severity=severity.removeprefix(_SH),
            value=one(result, sh.value),
            shape=one(result, sh.sourceShape),
        ))
    # One bad value can fail several constraints of a property shape that share one message
    # (sh:or, sh:minInclusive, ...): report it once.
    return sorted(set(found), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


def _graph_quads(store: object, graph: str) -> list[ox.Triple]:
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")  # type: ignore[attr-defined]
    return list(result)


def _owl_check(store: object, graphs: list[str], report: ValidationReport) -> None:
    """HermiT over the union of the graphs; when inconsistent, name the graphs that are inconsistent alone."""
    from .ontology.owl import ReasonerError, check_consistency

    def ntriples(names: list[str]) -> bytes:
        triples = [t for name in names for t in _graph_quads(store, name)]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""

    try:
        result = check_consistency(ntriples(graphs))
    except ReasonerError as exc:
        raise DiplokgError(f"the OWL check could not run: {exc}; use --no-owl to skip it") from exc
    if result.skipped:
        report.owl_note = f"skipped: {result.skipped}"
        return
    report.owl_consistent = result.ok
    for cls in result.unsatisfiable:
        report.violations.append(Violation(graph="https://w3id.org/diplokg/ontology", focus=cls, path=None,
                                           message="class is unsatisfiable (equivalent to owl:Nothing)", check="owl"))
    if result.consistent:
        report.owl_note = f"consistent (HermiT, {len(graphs)} graph(s), {result.classes} classes)"
        return
    report.owl_note = "INCONSISTENT with the ontology (HermiT)"
    named = 0
    for name in graphs[:_MAX_OWL_LOCALISE]:
        if check_consistency(ntriples([name])).consistent is False:
            named += 1
            report.violations.append(Violation(
                graph=name, focus=name, path=None, check="owl",
                message="the graph contradicts the ontology (e.g. an entity in two disjoint classes, or two values "
                        "of a functional property); SHACL results above may point at the cause",
            ))
    if not named:
        report.owl_note += "; no single graph is inconsistent alone: the contradiction spans graphs"


def validate_store(
    location: object, owl: bool = True, *, graphs: Iterable[str] | None = None
) -> ValidationReport:
    """Run the SHACL shapes per named graph (all, or the ``graphs`` given) and, if ``owl``, HermiT."""
    from .graph.namespace import ONTOLOGY_GRAPH
    from .graph.store import open_store

    owned = isinstance(location, (str, Path)) or location is None
    store = open_store(location, read_only=True) if owned else location  # type: ignore[arg-type]
    try:
        present = [g for g in store.graph_names() if g != ONTOLOGY_GRAPH]  # type: ignore[attr-defined]
        if graphs is not None:
            wanted = list(graphs)
            missing = sorted(set(wanted) - set(present))
            if missing:
                raise StoreError(f"no graph {', '.join(missing)} in the store; `diplokg stats` lists what is stored")
            present = wanted
        report = ValidationReport(graphs=present)
        for name in present:
            report.violations.extend(validate_quads(_graph_quads(store, name), name))
        if owl:
            _owl_check(store, present, report)
        return report
    finally:
        if owned:
            store.close()  # type: ignore[attr-defined]

