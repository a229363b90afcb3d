"""What the graph stage reads from the ontology: event classes, CAMEO roots, symmetry.

The ontology Turtle file is the source of truth (DESIGN.md §3); this module reads it once,
lazily, so that adding a relation to the ontology needs no code change here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..ontology import ontology_path

__all__ = ["RelationInfo", "relations", "ontology_quads"]

DIP = "https://w3id.org/diplokg/ontology#"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBPROP = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"


@dataclass(frozen=True)
class RelationInfo:
    """An event or standing relation of the ontology."""

    name: str  # local name, "visited"
    iri: str
    event_class: str | None  # IRI of its dip:Event subclass (None for standing relations)
    cameo_roots: tuple[str, ...]
    symmetric: bool
    parents: tuple[str, ...]  # local names of super-properties


@functools.lru_cache(maxsize=1)
def _ontology_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    return store


@functools.lru_cache(maxsize=1)
def relations() -> dict[str, RelationInfo]:
    """Every dip: object property, by local name."""
    store = _ontology_store()
    found: dict[str, RelationInfo] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_OWL + "ObjectProperty")):
        prop = quad.subject
        if not isinstance(prop, ox.NamedNode) or not prop.value.startswith(DIP):
            continue

        def objects(pred: str, subject: ox.NamedNode = prop) -> list[ox.Term]:
            return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(pred), None)]

        types = {t.value for t in objects(_RDF_TYPE) if isinstance(t, ox.NamedNode)}
        event_classes = [t.value for t in objects(DIP + "eventClass") if isinstance(t, ox.NamedNode)]
        roots = sorted(str(t.value) for t in objects(DIP + "cameoRoot") if isinstance(t, ox.Literal))
        parents = sorted(
            t.value[len(DIP):]
            for t in objects(_SUBPROP)
            if isinstance(t, ox.NamedNode) and t.value.startswith(DIP)
        )
        name = prop.value[len(DIP):]
        found[name] = RelationInfo(
            name=name,
            iri=prop.value,
            event_class=event_classes[0] if event_classes else None,
            cameo_roots=tuple(roots),
            symmetric=_OWL + "SymmetricProperty" in types,
            parents=tuple(parents),
        )
    return found


def ontology_quads(graph: str) -> list[ox.Quad]:
    """The ontology's triples as quads in ``graph`` (for loading into a store)."""
    name = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, name) for q in _ontology_store()]


def ontology_file() -> Path:
    """Path of the ontology Turtle file."""
    return ontology_path()
