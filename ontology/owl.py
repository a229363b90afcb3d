"""OWL reasoning over the ontology with owlready2 and HermiT (DESIGN.md §6).

owlready2 cannot read Turtle (it loads nothing, silently), so the ontology is converted
to RDF/XML with pyoxigraph first; extra data comes in as N-Triples. HermiT needs Java:
without it the check is skipped with a reason instead of failing.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from diplokg.ontology import ontology_path

__all__ = ["ConsistencyResult", "ReasonerError", "check_consistency", "to_rdfxml"]

ONTOLOGY_IRI = "https://w3id.org/diplokg/ontology"
_DATA_IRI = "https://w3id.org/diplokg/ontology/check-data"

# Written into the RDF/XML so its element names stay readable; pyoxigraph needs them
# to abbreviate predicates into XML element names.
_PREFIXES = {
    "dip": "https://w3id.org/diplokg/ontology#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}


class ReasonerError(RuntimeError):
    """HermiT could not run or could not read the input (not an inconsistency)."""


@dataclass(frozen=True)
class ConsistencyResult:
    """Outcome of :func:`check_consistency`."""

    #: True or False when HermiT ran; None when the check was skipped.
    consistent: bool | None
    #: Number of OWL classes owlready2 loaded (0 means the conversion went wrong).
    classes: int
    #: IRIs of classes HermiT found equivalent to owl:Nothing.
    unsatisfiable: tuple[str, ...] = ()
    #: Why the check was skipped, e.g. no Java on the PATH.
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        """True when HermiT ran and found no inconsistency and no unsatisfiable class."""
        return self.consistent is True and not self.unsatisfiable


def to_rdfxml(path: Path | str | None = None) -> bytes:
    """Convert a Turtle file (default: the ontology) to RDF/XML bytes with pyoxigraph."""
    import pyoxigraph as ox

    source = Path(path) if path is not None else ontology_path()
    triples = ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=_PREFIXES)


def check_consistency(extra_ntriples: bytes | None = None) -> ConsistencyResult:
    """Load the ontology (and optional N-Triples data) into owlready2 and run HermiT on it."""
    import owlready2

    world = owlready2.World()  # a private in-memory world: nothing leaks between checks
    ontology = world.get_ontology(ONTOLOGY_IRI).load(
        fileobj=io.BytesIO(to_rdfxml()), format="rdfxml"
    )
    if extra_ntriples:
        world.get_ontology(_DATA_IRI).load(fileobj=io.BytesIO(extra_ntriples), format="ntriples")
    classes = len(list(ontology.classes()))

    java = shutil.which("java")
    if java is None:
        return ConsistencyResult(None, classes, skipped="java not found on PATH; HermiT needs Java 17")
    owlready2.JAVA_EXE = java
    try:
        # xsd:date is not an OWL 2 datatype; SHACL checks those values instead (DESIGN.md §6).
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ConsistencyResult(False, classes)
    except owlready2.OwlReadyJavaError as error:
        raise ReasonerError(f"HermiT failed to run: {error}. Check that `java -version` reports Java 17.") from error
    unsatisfiable = tuple(sorted(cls.iri for cls in world.inconsistent_classes()))
    return ConsistencyResult(True, classes, unsatisfiable)
