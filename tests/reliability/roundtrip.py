"""Round-trip helpers shared by the property tests and ``scripts/fuzz.py``.

Records built from arbitrary strings go through minting and the graph builder, every export
format of ``diplokg.api.export``, and back through rdflib, pyoxigraph and ``rapper``. Quads are
compared in a canonical form (RDF 1.1: a simple literal is an ``xsd:string``) so that two
parsers that agree on the data compare equal.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
import warnings

import pyoxigraph as ox

from diplokg.api import EXPORT_FORMATS, export
from diplokg.graph.build import GraphBuilder, RunInfo
from diplokg.graph.store import OxigraphStore
from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence, Statement

__all__ = ["CanonQuad", "RAPPER", "RAPPER_FORMATS", "build_from_strings", "canon_ox", "canon_rdflib",
           "expected", "export_all", "parse_ox", "parse_rdflib", "parse_rapper", "RUN"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RUN = RunInfo("fuzz-run", dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc), "diplokg test", "model 1.0")
RAPPER = shutil.which("rapper")
#: rapper's parser names for the formats it reads (it has no JSON-LD parser).
RAPPER_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "ntriples"}
_OX_FORMATS = EXPORT_FORMATS

Term = tuple[str, ...]
CanonQuad = tuple[Term, Term, Term, Term]


def _canon_ox_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("lit", term.value, term.language.lower(), RDF_LANG)
        return ("lit", term.value, "", term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", "")
    return ("default",)  # ox.DefaultGraph


def canon_ox(quads: object, *, flatten: bool = False) -> set[CanonQuad]:
    """Canonical quads from pyoxigraph quads or triples (graph dropped when ``flatten``)."""
    out: set[CanonQuad] = set()
    for q in quads:  # type: ignore[attr-defined]
        graph = ("default",) if flatten or not isinstance(q, ox.Quad) else _canon_ox_term(q.graph_name)
        out.add((_canon_ox_term(q.subject), _canon_ox_term(q.predicate), _canon_ox_term(q.object), graph))
    return out


def _canon_rdflib_term(term: object) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, Literal):
        if term.language:
            return ("lit", str(term), term.language.lower(), RDF_LANG)
        return ("lit", str(term), "", str(term.datatype) if term.datatype else XSD_STRING)
    if isinstance(term, BNode):
        return ("bnode", "")
    if isinstance(term, URIRef):
        if str(term) == "urn:x-rdflib:default":
            return ("default",)
        return ("iri", str(term))
    return ("default",)


def canon_rdflib(quads: object) -> set[CanonQuad]:
    """Canonical quads from rdflib (s, p, o, g) tuples; g None means the default graph."""
    out: set[CanonQuad] = set()
    for s, p, o, g in quads:  # type: ignore[attr-defined]
        graph = _canon_rdflib_term(getattr(g, "identifier", g)) if g is not None else ("default",)
        out.add((_canon_rdflib_term(s), _canon_rdflib_term(p), _canon_rdflib_term(o), graph))
    return out


def build_from_strings(
    article_id: str, text: str, names: tuple[str, str], quote: str, title: str | None = None
) -> tuple[str, list[ox.Quad]]:
    """One article graph whose ids, labels, aliases, quote, trigger and text are the given strings."""
    first, second = names
    article = Article(id=article_id, text=text, title=title, date=dt.date(2025, 3, 5), url=f"https://x.org/{first}")
    sentence = Sentence(article_id, 0, 0, len(text), text)
    agent = Entity(f"person/{first}", "Person", first, aliases=(second, quote))
    target = Entity(f"country/{second}", "Country", second, qid="Q1", link_confidence=0.5, link_method=quote)
    extraction = Extraction(
        article=article,
        sentences=(sentence,),
        entities=(agent, target),
        events=(Event(article_id, "visited", agent.key, target.key, 0, len(text), first, 0.5, cameo="042"),),
        positions=(Position(article_id, agent.key, second, target.key, "leaderOf", True, 0, len(text), 0.75),),
        statements=(Statement(article_id, agent.key, quote, (target.key,), 0, len(text)),),
        model=quote,
    )
    return GraphBuilder(RUN).build(extraction)


def export_all(graph: str, quads: list[ox.Quad]) -> tuple[list[ox.Quad], dict[str, bytes]]:
    """The quads as stored (Oxigraph keeps canonical literals) and every export format of them."""
    store = OxigraphStore(None)
    store.replace_graphs({graph: quads})
    return list(store.quads()), {name: export(store, name) or b"" for name in EXPORT_FORMATS}


def parse_ox(name: str, data: bytes) -> set[CanonQuad]:
    """Parse an export back with pyoxigraph."""
    parsed = ox.parse(data, format=_OX_FORMATS[name])
    return canon_ox(parsed, flatten=name not in ("trig", "nquads"))


def parse_rdflib(name: str, data: bytes) -> set[CanonQuad]:
    """Parse an export back with rdflib (Dataset for TriG/N-Quads, Graph otherwise)."""
    import rdflib
    from rdflib import Dataset, Graph

    rdflib_format = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt", "jsonld": "json-ld"}
    # rdflib rewrites lexical forms ("…Z" becomes "…+00:00") unless told not to.
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's Dataset calls its own deprecated API
            if name in ("trig", "nquads"):
                dataset = Dataset()
                dataset.parse(data=data, format=rdflib_format[name])
                return canon_rdflib(dataset.quads((None, None, None, None)))
            graph = Graph()
            graph.parse(data=data, format=rdflib_format[name])
            return canon_rdflib((s, p, o, None) for s, p, o in graph)
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def parse_rapper(name: str, data: bytes) -> set[CanonQuad]:
    """Parse an export with rapper (raptor2) into N-Quads, read those with pyoxigraph."""
    assert RAPPER is not None
    with tempfile.NamedTemporaryFile(suffix=f".{name}") as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run(
            [RAPPER, "-q", "-i", RAPPER_FORMATS[name], "-o", "nquads", handle.name, "http://base.invalid/"],
            capture_output=True, timeout=60,
        )
    if done.returncode != 0:
        raise ValueError(f"rapper rejected the {name} export: {done.stderr.decode('utf-8', 'replace')[:500]}")
    return canon_ox(ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS), flatten=name not in ("trig", "nquads"))


def expected(quads: list[ox.Quad], name: str) -> set[CanonQuad]:
    """What a faithful parse of format ``name`` must give back."""
    return canon_ox(quads, flatten=name not in ("trig", "nquads"))

