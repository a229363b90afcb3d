"""The store seam: where quads are written and where SPARQL runs.

Two implementations share the ``Store`` protocol: ``OxigraphStore`` (embedded Oxigraph, on
disk or in memory) and the remote SPARQL 1.1 server store (``diplokg.graph.remote``).
Query results are pyoxigraph result objects in both cases, so callers format them once.

Re-ingest semantics (DESIGN.md §4): ``replace_graphs`` drops each article graph and writes
its new quads. Each article's new content is written in one transaction, so a killed run
leaves every article either wholly in or wholly out.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Protocol, Union

import pyoxigraph as ox

from ..errors import QueryError, StoreError, StoreLockedError
from .namespace import ONTOLOGY_GRAPH, PREFIXES

__all__ = [
    "Store",
    "OxigraphStore",
    "QueryResult",
    "open_store",
    "with_prefixes",
    "bind_values",
    "DEFAULT_STORE",
]

DEFAULT_STORE = "./diplokg-store"

QueryResult = Union[ox.QuerySolutions, ox.QueryTriples, ox.QueryBoolean]


class Store(Protocol):
    """What the rest of diplokg needs from a triple store."""

    location: str

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """Replace each named graph (IRI -> quads) with exactly the given quads."""

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove named graphs entirely."""

    def query(self, sparql: str, *, bindings: Mapping[str, ox.Term] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs."""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad in the store."""

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs."""

    def count(self) -> int:
        """Number of quads in the store."""

    def bulk_load(self, path: Path, format: ox.RdfFormat) -> None:
        """Load a large dump file (N-Quads shards) as fast as the store allows."""

    def close(self) -> None:
        """Release the store."""


#: IRIs, strings and comments: never rewritten when variables are bound.
_OPAQUE = re.compile(r"<[^<>\"{}|^`\\\s]*>|\"\"\"[\s\S]*?\"\"\"|'\'\'[\s\S]*?'\'\'|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([\w-]*):", re.IGNORECASE | re.MULTILINE)


def with_prefixes(sparql: str) -> str:
    """Prepend the standard prefixes (DESIGN.md §2) that the query uses but does not declare."""
    declared = {m.group(1) for m in _PREFIX_DECL.finditer(sparql)}
    body = _OPAQUE.sub(" ", sparql)  # prefixes inside IRIs, strings and comments do not count
    lines = [
        f"PREFIX {prefix}: <{iri}>"
        for prefix, iri in PREFIXES.items()
        if prefix not in declared and re.search(rf"(?<![\w-]){re.escape(prefix)}:", body)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, ox.Term] | None) -> str:
    """Bind query variables by writing each value in place of ``?name`` in the query body.

    Constants in triple patterns let the store use its indexes (a bound label is an index
    lookup, where a VALUES or BIND join scans); the projection before WHERE is left alone.
    The text of every SPARQL 1.1 server accepts the result.
    """
    if not bindings:
        return sparql
    masked = _OPAQUE.sub(lambda m: " " * len(m.group(0)), sparql)
    # WHERE is optional before the group of SELECT and ASK: then the first brace opens it.
    match = _WHERE_OPEN.search(masked) or re.search(r"\{", masked)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE block")
    names = "|".join(re.escape(name) for name in bindings)
    pattern = re.compile(rf"[?$]({names})(?![\w\u00B7\u0300-\u036F\u203F-\u2040])")
    out, last = [sparql[: match.end()]], match.end()
    for var in pattern.finditer(masked, match.end()):
        out.append(sparql[last : var.start()])
        out.append(str(bindings[var.group(1)]))
        last = var.end()
    out.append(sparql[last:])
    return "".join(out)


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of SPARQL INSERT DATA (terms print in N-Triples syntax, valid SPARQL)."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join(
        "\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}"
        for graph, lines in by_graph.items()
    )


class OxigraphStore:
    """Embedded Oxigraph store: a folder on disk, or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = self._open_read_only(str(path))
            else:
                self._store = self._open_writable(Path(path))
        except (OSError, RuntimeError) as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreLockedError(
                    f"the store {self.location} is in use by another diplokg process; wait for it to "
                    "finish, or query it read-only (queries open stores read-only)"
                ) from exc
            raise StoreError(f"cannot open the store {self.location}: {message}") from exc

    @staticmethod
    def _open_writable(path: Path) -> ox.Store:
        """Open for writing; a new store is created beside ``path`` and moved into place whole.

        Creating a store writes several files; a run killed half-way through would leave a folder
        that a read-only open cannot use. Built aside and renamed, the folder is either absent or
        a complete, empty store.
        """
        if not path.exists() or (path.is_dir() and not any(path.iterdir())):
            path.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.creating-", dir=path.parent))
            try:
                fresh = ox.Store(str(staging))
                fresh.flush()
                del fresh  # releases the RocksDB lock before the folder moves
                if path.exists():
                    path.rmdir()
                staging.rename(path)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
                if not path.exists():
                    raise
                # Another process created it first; open theirs.
        return ox.Store(str(path))

    @staticmethod
    def _open_read_only(path: str) -> ox.Store:
        """Open read-only; a store whose creation was killed half-way is completed first."""
        try:
            return ox.Store.read_only(path)
        except RuntimeError as exc:
            # A store created by an older version and killed while being created lacks
            # Oxigraph's column families or its version marker; a writable open adds them (and
            # fails clearly if a writer is busy).
            message = str(exc).lower()
            if "column family not found" not in message and "read-write instances" not in message:
                raise
            ox.Store(path).flush()
            return ox.Store.read_only(path)

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """Replace each graph in one transaction, so a killed run leaves it old or new, never half."""
        self._writable()
        for name, quads in graphs.items():
            graph = ox.NamedNode(name)
            try:
                if self._store.contains_named_graph(graph):
                    # remove_graph and extend would be two transactions: one SPARQL Update is one.
                    self._store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ {_data_block(quads)} }}")
                else:
                    self._store.extend(quads)
            except OSError as exc:
                raise StoreError(f"cannot write graph {name} to {self.location}: {exc}") from exc

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove the named graphs."""
        self._writable()
        for name in names:
            graph = ox.NamedNode(name)
            if self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)

    def query(self, sparql: str, *, bindings: Mapping[str, ox.Term] | None = None) -> QueryResult:
        """Run SPARQL over the union of the named graphs (and the default graph)."""
        try:
            return self._store.query(bind_values(with_prefixes(sparql), bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        self._writable()
        try:
            self._store.update(with_prefixes(sparql))
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from exc

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad in the store."""
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self) -> int:
        """Number of quads."""
        return len(self._store)

    def dump(self, output: IO[bytes], format: ox.RdfFormat, *, from_graph: str | None = None) -> None:
        """Serialise the dataset (or one graph) in a dataset or graph format."""
        kwargs: dict[str, object] = {"format": format}
        if from_graph is not None:
            kwargs["from_graph"] = ox.NamedNode(from_graph)
        if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            kwargs["prefixes"] = dict(PREFIXES)
        self._store.dump(output, **kwargs)  # type: ignore[arg-type]

    def bulk_load(self, path: Path, format: ox.RdfFormat) -> None:
        """Load a large file without a transaction (fast; for shard loading)."""
        self._writable()
        self._store.bulk_load(path=str(path), format=format)
        self._store.flush()

    def optimize(self) -> None:
        """Compact the indexes after a large write, so that queries read fewer files.

        On a store of 1.25M quads this takes 2–6 s and makes queries 1.2–2x faster. It is safe
        to interrupt: the store's files are replaced only when a compaction completes.
        """
        if not self.read_only and self.location != ":memory:":
            self._store.optimize()

    def has_ontology(self) -> bool:
        """True if the ontology graph is loaded."""
        return self._store.contains_named_graph(ox.NamedNode(ONTOLOGY_GRAPH))

    def flush(self) -> None:
        """Write buffers to disk."""
        if not self.read_only and self.location != ":memory:":
            self._store.flush()

    def close(self) -> None:
        """Release the store (pyoxigraph releases it when garbage collected)."""
        self.flush()
        del self._store

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at a folder path (embedded) or an http(s) URL (remote SPARQL server)."""
    location = str(location) if location is not None else DEFAULT_STORE
    if location.startswith(("http://", "https://")):
        from .remote import RemoteStore  # imported lazily: only remote users need HTTP

        return RemoteStore(location, read_only=read_only)
    if location == ":memory:":
        return OxigraphStore(None)
    if read_only and not Path(location).exists():
        raise StoreError(
            f"no store at {location}; run `diplokg ingest PATH…` first, or pass --store with an existing store"
        )
    return OxigraphStore(location, read_only=read_only)
