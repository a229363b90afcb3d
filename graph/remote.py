"""A ``Store`` backed by any SPARQL 1.1 server, for graphs that outgrow one machine (DESIGN.md §5).

Writes use the Graph Store Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/): one
``PUT ?graph=IRI`` per article graph replaces it, so re-ingest stays idempotent. Servers without
GSP get SPARQL 1.1 Update (``DROP SILENT GRAPH …; INSERT DATA {…}``) instead. Reads use the
SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/) and are parsed back into
pyoxigraph results, so callers format local and remote results the same way.

The default layout is Oxigraph's (``/query``, ``/update``, ``/store``); pass the endpoints
explicitly for other servers (Fuseki: ``/ds/query``, ``/ds/update``, ``/ds/data``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .store import QueryResult, bind_values, with_prefixes

__all__ = ["RemoteStore"]

_RESULTS_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8"
)
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_ENDPOINT_SUFFIXES = ("/query", "/sparql")


def _endpoints(url: str) -> tuple[str, str, str]:
    """Query, update and graph-store URLs from a server root or a query endpoint (Oxigraph layout)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    for suffix in _ENDPOINT_SUFFIXES:
        if path.endswith(suffix):
            root = path[: -len(suffix)]
            query = path
            break
    else:
        root, query = path, path + "/query"

    def at(p: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, p, "", ""))

    return at(query), at(root + "/update"), at(root + "/store")


def _triples_result(data: bytes, format: ox.RdfFormat) -> ox.QueryTriples:
    """Wrap parsed triples as a genuine ``QueryTriples``, like the embedded store returns."""
    scratch = ox.Store()
    scratch.load(data, format=format)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")  # type: ignore[return-value]


def _ntriples(quads: Sequence[ox.Quad]) -> bytes:
    return ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""


class RemoteStore:
    """A SPARQL 1.1 server as the store: Graph Store Protocol writes, SPARQL Update as fallback."""

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        query_url: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
        use_gsp: bool = True,
        timeout: float = 300.0,
    ) -> None:
        self.location = url
        self.read_only = read_only
        default_query, default_update, default_store = _endpoints(url)
        self.query_url = query_url or default_query
        self.update_url = update_url or default_update
        self.store_url = store_url or default_store
        self.use_gsp = use_gsp
        self._client = httpx.Client(timeout=timeout)
        try:
            self._select("ASK {}")  # fail now, with a clear message, if nothing answers
        except StoreError:
            self._client.close()
            raise

    # --- HTTP --------------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            return self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError as exc:
            raise StoreError(
                f"cannot reach the SPARQL server at {url}: {exc}. Start the server (for example "
                "`oxigraph serve --location DIR --bind 127.0.0.1:7878`) or pass another --store"
            ) from exc

    def _check(self, response: httpx.Response, what: str) -> None:
        if response.status_code >= 400:
            detail = response.text.strip()[:500]
            error = QueryError if response.status_code == 400 and what.startswith("query") else StoreError
            raise error(f"{what} failed at {response.request.url}: HTTP {response.status_code} {detail}")

    def _post_query(self, sparql: str, *, union: bool, accept: str = _RESULTS_ACCEPT) -> httpx.Response:
        # Oxigraph reads `union-default-graph` as "query the union of all graphs" (DESIGN.md §4);
        # other servers ignore unknown parameters and use their own default-graph setting.
        params = {"union-default-graph": ""} if union else None
        response = self._request(
            "POST", self.query_url, params=params, data={"query": sparql}, headers={"Accept": accept}
        )
        self._check(response, "query")
        return response

    def _select(self, sparql: str, *, union: bool = False) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self._post_query(sparql, union=union, accept="application/sparql-results+json")
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        response = self._request(
            "POST", self.update_url, content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        self._check(response, "update")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")

    # --- the Store protocol --------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """Replace each graph: GSP PUT per graph, or one SPARQL Update for the batch."""
        self._writable()
        if self.use_gsp:
            for name, quads in graphs.items():
                response = self._request(
                    "PUT", self.store_url, params={"graph": name}, content=_ntriples(quads),
                    headers={"Content-Type": "application/n-triples"},
                )
                if response.status_code in (404, 405, 501):  # no Graph Store Protocol here
                    self.use_gsp = False
                    break
                self._check(response, f"PUT graph {name}")
            else:
                return
        parts: list[str] = []
        for name, quads in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{name}>")
            if quads:
                body = _ntriples(quads).decode("utf-8")
                parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}")
        if parts:
            self._update(" ;\n".join(parts))

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove the named graphs (absent graphs are ignored)."""
        self._writable()
        statements = [f"DROP SILENT GRAPH <{name}>" for name in names]
        if statements:
            self._update(" ;\n".join(statements))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        self._update(with_prefixes(sparql))

    def query(self, sparql: str, *, bindings: Mapping[str, ox.Term] | None = None) -> QueryResult:
        """Run SPARQL over the union of the graphs; return pyoxigraph results."""
        text = bind_values(with_prefixes(sparql), bindings)
        response = self._post_query(text, union=True)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in _RESULT_FORMATS:
            return ox.parse_query_results(response.content, _RESULT_FORMATS[media])
        if media in _GRAPH_FORMATS:
            return _triples_result(response.content, _GRAPH_FORMATS[media])
        raise StoreError(f"the server at {self.query_url} answered with an unsupported media type {media!r}")

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, via a GSP GET of the dataset or, failing that, a SELECT over all graphs."""
        return iter(ox.parse(self._nquads(), format=ox.RdfFormat.N_QUADS))

    def _nquads(self) -> bytes:
        if self.use_gsp:
            response = self._request("GET", self.store_url, headers={"Accept": "application/n-quads"})
            media = response.headers.get("content-type", "").split(";")[0].strip()
            if response.status_code == 200 and media == "application/n-quads":
                return response.content
        rows = self._select("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        assert isinstance(rows, ox.QuerySolutions)
        out = io.BytesIO()
        ox.serialize(
            (ox.Quad(r["s"], r["p"], r["o"], r["g"] or ox.DefaultGraph()) for r in rows),  # type: ignore[arg-type]
            out, format=ox.RdfFormat.N_QUADS,
        )
        return out.getvalue()

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(rows, ox.QuerySolutions)
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def count(self) -> int:
        """Number of quads (default graph plus named graphs)."""
        rows = self._select(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))["n"].value)  # type: ignore[union-attr]

    def dump(self, output: IO[bytes], format: ox.RdfFormat, *, from_graph: str | None = None) -> None:
        """Serialise the dataset (or one graph); N-Quads streams through untouched."""
        data = self._nquads()
        if format == ox.RdfFormat.N_QUADS and from_graph is None:
            output.write(data)
            return
        from .namespace import PREFIXES

        scratch = ox.Store()
        scratch.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        kwargs: dict[str, object] = {"format": format}
        if from_graph is not None:
            kwargs["from_graph"] = ox.NamedNode(from_graph)
        if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            kwargs["prefixes"] = dict(PREFIXES)
        scratch.dump(output, **kwargs)  # type: ignore[arg-type]

    def bulk_load(self, path: Path, format: ox.RdfFormat) -> None:
        """Send a dump file (N-Quads shard) in one GSP POST; stream it as SPARQL Updates otherwise."""
        self._writable()
        media = format.media_type
        if self.use_gsp:
            with open(path, "rb") as body:
                response = self._request(
                    "POST", self.store_url, content=body, headers={"Content-Type": media}
                )
            if response.status_code not in (404, 405, 415, 501):
                self._check(response, f"load {path}")
                return
        chunk: list[ox.Quad] = []
        for quad in ox.parse(path=str(path), format=format):
            chunk.append(quad)  # type: ignore[arg-type]
            if len(chunk) >= 20_000:
                self._insert(chunk)
                chunk = []
        self._insert(chunk)

    def _insert(self, quads: Sequence[ox.Quad]) -> None:
        if not quads:
            return
        # INSERT DATA groups triples by graph; a triple's str() is its N-Triples form.
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
            by_graph.setdefault(graph, []).append(f"{quad.triple} .")
        blocks = [
            ("\n".join(lines) if not g else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
            for g, lines in by_graph.items()
        ]
        self._update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()
