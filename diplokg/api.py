"""The Python API: every CLI command is one of these functions (DESIGN.md §5)."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from . import __version__
from .errors import DiplokgError, InputError, QueryError
from .readers import iter_inputs
from .records import Article, Extraction

__all__ = [
    "IngestResult",
    "ingest",
    "run_query",
    "resolve_query",
    "parse_param",
    "export",
    "stats",
    "EXPORT_FORMATS",
    "LinkResult",
    "link_store",
]

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
#: Formats that keep the article graphs; the others flatten the union into one graph.
DATASET_FORMATS = {"trig", "nquads"}


@dataclass
class IngestResult:
    """What an ingest run did."""

    articles: int = 0
    events: int = 0
    positions: int = 0
    words: int = 0
    quads_written: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, message)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    store: str = ""
    run_id: str = ""

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failed


def _open(store: object, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    from .graph.store import open_store

    if isinstance(store, (str, Path)) or store is None:
        return open_store(store, read_only=read_only), True
    return store, False


def _articles(items: Iterable[Article | InputError], result: IngestResult) -> Iterator[Article]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            result.failed.append((item.origin or "?", str(item)))
            continue
        if item.id in seen:
            result.warnings.append(f"{item.origin}: article id {item.id!r} appears twice; the later one is kept")
        seen.add(item.id)
        yield item


def ingest(
    paths: Iterable[str | Path],
    *,
    store: object = None,
    workers: int = 1,
    batch_size: int = 32,
    link: bool = True,
    online: bool = False,
    base: str | None = None,
    progress: Callable[[Article], None] | None = None,
) -> IngestResult:
    """Read, extract, link and store articles; return what happened.

    Each article's graph replaces any earlier graph of the same article id (DESIGN.md §4).
    Inputs that cannot be read are listed in ``IngestResult.failed``; the rest are stored.
    """
    from .extract import extract_articles, load_model, model_description
    from .graph.build import GraphBuilder, RunInfo
    from .graph.mint import DEFAULT_BASE
    from .graph.namespace import ONTOLOGY_GRAPH
    from .graph.vocab import ontology_quads

    started = time.perf_counter()
    target, owned = _open(store)
    result = IngestResult(store=target.location)
    try:
        nlp = load_model()
        run = RunInfo(
            run_id=f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}",
            started=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            software_version=f"diplokg {__version__}",
            model=model_description(nlp),
        )
        result.run_id = run.run_id
        builder = GraphBuilder(run, base=base or DEFAULT_BASE)
        if ONTOLOGY_GRAPH not in target.graph_names():
            target.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
        articles = _articles(iter_inputs(paths, on_warning=result.warnings.append), result)
        if workers > 1:
            built = _built_in_pool(articles, workers=workers, batch_size=batch_size, run=run,
                                   base=base or DEFAULT_BASE, link=link, online=online, result=result)
        else:
            extractions = _extract_safely(articles, nlp=nlp, batch_size=batch_size)
            built = _built(extractions, builder, _linker(online, result) if link else None)
        pending: dict[str, list[ox.Quad]] = {}
        for item in built:
            if isinstance(item, _Failed):
                result.failed.append((item.origin, item.message))
                continue
            article, extraction_counts, graph_iri, quads = item
            pending[graph_iri] = quads
            result.articles += 1
            result.events += extraction_counts[0]
            result.positions += extraction_counts[1]
            result.words += extraction_counts[2]
            result.warnings.extend(extraction_counts[3])
            if progress is not None:
                progress(article)
            if len(pending) >= batch_size:
                result.quads_written += _flush(target, pending)
            if result.articles % _PERSIST_EVERY == 0 and hasattr(target, "flush"):
                # The embedded store keeps written data in memory until flushed: without this its
                # memory grows with the store (1.2 GB after 8k articles, 140 MB with it).
                target.flush()
        result.quads_written += _flush(target, pending)
        _optimize_after(target, result.quads_written)
    finally:
        if owned:
            target.close()
    result.seconds = time.perf_counter() - started
    return result


#: One built article: the article (text dropped), (events, positions, words, warnings), graph IRI, quads.
_Built = tuple[Article, tuple[int, int, int, tuple[str, ...]], str, list[ox.Quad]]


@dataclass(frozen=True)
class _Failed:
    """An article that could not be extracted, linked or built: reported, and the run goes on."""

    origin: str
    message: str


def _failure(article: Article, stage: str, exc: Exception) -> _Failed:
    origin = article.origin or article.id
    return _Failed(
        origin,
        f"{origin}: {stage} failed ({type(exc).__name__}: {exc}); the article was skipped and the others "
        "stored. This is a bug in diplokg: please report it with the article",
    )


def _extract_safely(
    articles: Iterable[Article], *, nlp: object, batch_size: int
) -> Iterator[Extraction | _Failed]:
    """Extract in batches; if a batch fails, redo it article by article so only the bad one is lost."""
    from itertools import islice

    from .extract import extract_article, extract_articles

    iterator = iter(articles)
    while batch := list(islice(iterator, batch_size)):
        done: list[Extraction | _Failed]
        try:
            done = list(extract_articles(batch, nlp=nlp, batch_size=batch_size))  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - isolate the bad article, see below
            done = []
            for article in batch:
                try:
                    done.append(extract_article(article, nlp=nlp))  # type: ignore[arg-type]
                except Exception as exc:  # noqa: BLE001 - one article must never stop the run
                    done.append(_failure(article, "extraction", exc))
        yield from done


def _built(extractions: Iterable[Extraction | _Failed], builder, linker) -> Iterator[_Built | _Failed]:  # type: ignore[no-untyped-def]
    """Link and build each extraction into its article graph; failures pass through."""
    for extraction in extractions:
        if isinstance(extraction, _Failed):
            yield extraction
            continue
        try:
            if linker is not None:
                extraction = linker(extraction)
            graph_iri, quads = builder.build(extraction)
        except Exception as exc:  # noqa: BLE001 - one article must never stop the run
            yield _failure(extraction.article, "linking or graph building", exc)
            continue
        counts = (len(extraction.events), len(extraction.positions), len(extraction.article.text.split()),
                  tuple(extraction.warnings))
        yield extraction.article, counts, graph_iri, quads


def _build_batch(articles: list[Article], run, base: str, link: bool, build: bool):  # type: ignore[no-untyped-def]
    """Worker side of ``_built_in_pool``: extract a batch; unless told not to, link offline and build."""
    import dataclasses

    from .extract import load_model
    from .graph.build import GraphBuilder

    extractions = _extract_safely(articles, nlp=load_model(), batch_size=len(articles))
    if not build:
        return list(extractions)
    linker = None
    if link:
        from .linking import link_extraction

        linker = link_extraction
    built = _built(extractions, GraphBuilder(run, base=base), linker)
    # The parent needs no text back; leaving it out halves what crosses the pipe.
    return [
        item if isinstance(item, _Failed) else (dataclasses.replace(item[0], text=""), *item[1:])
        for item in built
    ]


def _built_in_pool(
    articles: Iterable[Article], *, workers: int, batch_size: int, run, base: str,  # type: ignore[no-untyped-def]
    link: bool, online: bool, result: IngestResult,
) -> Iterator[_Built]:
    """Extract, link and build article batches in ``workers`` processes, in input order.

    At most two batches per worker are in flight, so memory stays flat however long the input
    (``Executor.map`` would read the whole input up front). The live Wikidata client keeps its
    cache in this process, so with ``online`` the workers only extract and this process links.
    """
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from itertools import islice

    from .graph.build import GraphBuilder

    iterator = iter(articles)
    in_flight: deque[Future[list]] = deque()  # type: ignore[type-arg]
    here = link and online
    builder, linker = GraphBuilder(run, base=base), (_linker(online, result) if here else None)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while True:
            while len(in_flight) < 2 * workers:
                batch = list(islice(iterator, batch_size))
                if not batch:
                    break
                in_flight.append(pool.submit(_build_batch, batch, run, base, link, not here))
            if not in_flight:
                return
            done = in_flight.popleft().result()
            yield from (_built(done, builder, linker) if here else done)


#: Compact the embedded store after an ingest that wrote at least this share of its quads.
_OPTIMIZE_SHARE = 0.1


def _optimize_after(target, written: int) -> None:  # type: ignore[no-untyped-def]
    """Compact the embedded store when a run changed a good part of it (cheap next to the run)."""
    if written and hasattr(target, "optimize") and written >= _OPTIMIZE_SHARE * target.count():
        target.optimize()


#: Articles between flushes of the embedded store's write buffers to disk.
_PERSIST_EVERY = 256


def _flush(target, pending: dict[str, list[ox.Quad]]) -> int:  # type: ignore[no-untyped-def]
    if not pending:
        return 0
    written = sum(len(q) for q in pending.values())
    target.replace_graphs(pending)
    pending.clear()
    return written


def _linker(online: bool, result: IngestResult) -> Callable[[Extraction], Extraction]:
    """The Wikidata linking step: offline gazetteer always, the live API when ``online``."""
    from .linking import link_extraction

    client = None
    if online:
        from .linking.wikidata import WikidataClient

        client = WikidataClient()

    def run(extraction: Extraction) -> Extraction:
        return link_extraction(extraction, online=client)

    return run


# --- queries -------------------------------------------------------------------------------


def resolve_query(text: str) -> str:
    """SPARQL text from a query string, a path to an .rq file, or the name of a shipped query."""
    from .queries import query_names, read_query

    candidate = Path(text)
    if text.endswith(".rq") or (len(text) < 256 and "\n" not in text and candidate.suffix == ".rq"):
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
        name = candidate.stem
        if name in query_names():
            return read_query(name)
        raise QueryError(f"no query file {text}; shipped queries: {', '.join(query_names())}")
    if text in query_names():
        return read_query(text)
    if "{" not in text and len(text.split()) == 1:
        raise QueryError(f"unknown query {text!r}; shipped queries: {', '.join(query_names())}, or pass SPARQL text")
    return text


def parse_param(value: str, kind: str = "") -> ox.Term:
    """A ``--param`` value as an RDF term.

    ``<iri>``, a prefixed name, an N-Triples literal (``"Iran"@en``), an integer, a date or a
    string. ``kind="label"`` (a shipped query's label parameter) makes a plain value an
    English label, so that it matches ``rdfs:label`` exactly; ``kind="string"`` keeps it a string.
    """
    from .graph.namespace import PREFIXES

    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith('"'):
        try:
            term = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {value} .", format=ox.RdfFormat.N_TRIPLES)))
            return term.object
        except (SyntaxError, StopIteration):
            pass
    if kind == "label":
        return ox.Literal(value, language="en")
    if kind == "string":
        return ox.Literal(value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and " " not in value and not local.startswith("//"):
        return ox.NamedNode(PREFIXES[prefix] + local)
    if value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    if re.fullmatch(r"-?(0|[1-9]\d*)", value):  # "04" stays a string: codes keep their zeros
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    try:
        dt.date.fromisoformat(value)
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    except ValueError:
        return ox.Literal(value)


def run_query(store: object, query: str, *, params: Mapping[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run a query (text, .rq file, or shipped name) with parameters bound; return pyoxigraph results.

    SELECT results are materialised, so they outlive the store handle.
    """
    sparql = resolve_query(query)
    kinds = _param_kinds(query)
    bindings = {k: parse_param(v, kinds.get(k, "")) for k, v in (params or {}).items()}
    target, owned = _open(store, read_only=True)
    try:
        if "SERVICE" in sparql.upper() and _needs_network(sparql):
            return _federated(target, sparql, bindings)
        result = target.query(sparql, bindings=bindings)
        if isinstance(result, ox.QuerySolutions):
            return _materialise(result)
        if isinstance(result, ox.QueryTriples):
            return list(result)
        return result
    finally:
        if owned:
            target.close()


def _param_kinds(query: str) -> dict[str, str]:
    """Parameter kinds a shipped query declares in its header (empty for other queries)."""
    from .queries import query_info, query_names

    name = Path(query).stem if query.endswith(".rq") else query
    if name not in query_names():
        return {}
    return {p.name: p.kind for p in query_info(name).params}


@dataclass
class SelectRows:
    """A materialised SELECT result: variable names and rows of terms (None when unbound)."""

    variables: list[str]
    rows: list[list[ox.Term | None]]


def _materialise(result: ox.QuerySolutions) -> SelectRows:
    variables = [v.value for v in result.variables]
    rows = [[solution[v] for v in variables] for solution in result]
    return SelectRows(variables, rows)


def _needs_network(sparql: str) -> bool:
    import re

    return bool(re.search(r"SERVICE\s+(SILENT\s+)?<https?://", sparql, re.IGNORECASE))


def _federated(target, sparql: str, bindings):  # type: ignore[no-untyped-def]
    """Run a query with a remote SERVICE clause; say clearly when the service cannot be reached."""
    try:
        result = target.query(sparql, bindings=bindings)
        if isinstance(result, ox.QuerySolutions):
            return _materialise(result)
        return result
    except QueryError as exc:
        message = str(exc)
        if any(word in message.lower() for word in ("dns", "connect", "resolve", "network", "timed out", "http")):
            raise QueryError(
                "the query calls a remote SPARQL service (SERVICE <…>) that cannot be reached from here; "
                f"it needs network access. Details: {message}"
            ) from exc
        raise


# --- export and stats ------------------------------------------------------------------------


def export(store: object, format: str, output: IO[bytes] | None = None) -> bytes | None:
    """Write the store in ``format``; Turtle, N-Triples and JSON-LD flatten the graphs into one."""
    from .graph.namespace import PREFIXES

    if format not in EXPORT_FORMATS:
        raise DiplokgError(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    rdf_format = EXPORT_FORMATS[format]
    buffer = output if output is not None else io.BytesIO()
    target, owned = _open(store, read_only=True)
    try:
        if format in DATASET_FORMATS:
            target.dump(buffer, rdf_format)
        else:
            triples = target.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            kwargs = {"prefixes": dict(PREFIXES)} if format in ("turtle", "jsonld") else {}
            ox.serialize(triples, buffer, rdf_format, **kwargs)
    finally:
        if owned:
            target.close()
    if output is None:
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue()
    return None


_STATS_QUERIES = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }",
    "sentences": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a dip:Sentence }",
    "events": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e dip:relation ?r }",
    "positions": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a dip:Position }",
    "entities": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x rdfs:label ?l . FILTER(STRSTARTS(STR(?x), STR(dipr:))) "
    "FILTER NOT EXISTS { ?x a dip:Article } }",
    "linked entities": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x owl:sameAs ?wd }",
}


def stats(store: object) -> dict[str, object]:
    """Counts: quads, graphs, articles, sentences, events (by relation), entities (by type)."""
    target, owned = _open(store, read_only=True)
    try:
        out: dict[str, object] = {"store": target.location, "quads": target.count(), "graphs": len(target.graph_names())}
        for name, sparql in _STATS_QUERIES.items():
            rows = list(target.query(sparql))
            out[name] = int(rows[0]["n"].value) if rows else 0
        by_relation = target.query(
            "SELECT ?r (COUNT(?e) AS ?n) WHERE { ?e dip:relation ?r } GROUP BY ?r ORDER BY DESC(?n) ?r"
        )
        out["events by relation"] = {
            s["r"].value.rsplit("#", 1)[-1]: int(s["n"].value) for s in by_relation  # type: ignore[union-attr]
        }
        by_type = target.query(
            "SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?t ; rdfs:label ?l . "
            "FILTER(?t IN (dip:Person, dip:Country, dip:Organization, dip:GovernmentBody, "
            "dip:InternationalOrganization, dip:ArmedGroup, dip:Place, dip:City)) } GROUP BY ?t ORDER BY ?t"
        )
        out["entities by type"] = {
            s["t"].value.rsplit("#", 1)[-1]: int(s["n"].value) for s in by_type  # type: ignore[union-attr]
        }
        return out
    finally:
        if owned:
            target.close()


# --- linking on demand -----------------------------------------------------------------------


@dataclass
class LinkResult:
    """What ``diplokg link`` did."""

    entities: int = 0
    linked: int = 0
    new: int = 0
    warnings: list[str] = field(default_factory=list)


_ENTITIES_QUERY = """
SELECT ?x ?type ?label (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases)
       (GROUP_CONCAT(DISTINCT STR(?g); SEPARATOR=" ") AS ?graphs) (SAMPLE(?wd) AS ?linked) WHERE {
  GRAPH ?g { ?x rdfs:label ?label ; a ?cls }
  FILTER(STRSTARTS(STR(?x), STR(dipr:)))
  FILTER(?cls IN (dip:Person, dip:Country, dip:Organization, dip:GovernmentBody,
                  dip:InternationalOrganization, dip:ArmedGroup, dip:Place, dip:City))
  BIND(STRAFTER(STR(?cls), "#") AS ?type)
  OPTIONAL { ?x skos:altLabel ?alias }
  OPTIONAL { ?x owl:sameAs ?wd }
}
GROUP BY ?x ?type ?label
"""


def link_store(store: object, *, online: bool = False, base: str | None = None) -> LinkResult:
    """Link every stored entity that has no Wikidata link yet; write the links into its article graphs."""
    from .graph.mint import DEFAULT_BASE
    from .linking import link_entities
    from .records import Entity

    prefix = base or DEFAULT_BASE
    target, owned = _open(store)
    result = LinkResult()
    try:
        rows = list(target.query(_ENTITIES_QUERY))
        pending: dict[str, tuple[Entity, list[str]]] = {}
        for row in rows:
            iri = row["x"].value
            result.entities += 1
            if row["linked"] is not None:
                result.linked += 1
                continue
            aliases = tuple(a for a in (row["aliases"].value if row["aliases"] else "").split("\x1f") if a)
            key = iri[len(prefix):] if iri.startswith(prefix) else iri
            entity = Entity(key=key, type=row["type"].value, label=row["label"].value, aliases=aliases)
            pending[key] = (entity, row["graphs"].value.split())
        client = None
        if online:
            from .linking.wikidata import WikidataClient

            client = WikidataClient()
        linked = link_entities([e for e, _ in pending.values()], online=client)
        statements: list[str] = []
        for entity in linked:
            if not entity.qid or entity.key not in pending:
                continue
            iri = f"<{prefix}{entity.key}>"
            for graph in pending[entity.key][1]:
                statements.append(
                    f"GRAPH <{graph}> {{ {iri} owl:sameAs wd:{entity.qid} ; "
                    f'dip:linkConfidence "{entity.link_confidence or 0:.3f}"^^xsd:decimal ; '
                    f'dip:linkMethod "{entity.link_method or "unknown"}" }}'
                )
            result.new += 1
            result.linked += 1
        if statements:
            target.update("INSERT DATA { " + " ".join(statements) + " }")
    finally:
        if owned:
            target.close()
    return result
