"""Run SPARQL in worker processes, so a query past its timeout can really be stopped.

pyoxigraph cannot interrupt a running query: a thread that times out keeps burning a CPU
until the query ends, which may be never. Each worker process holds its own handle on the
store; when a query overruns, its worker is killed and a fresh one takes its place, so the
server keeps serving and the runaway query stops.

A read-only server runs several read-only workers. An update-enabled server runs one
writable worker (Oxigraph allows one writer, and a reader beside a writer in another
process is undefined behaviour); a killed update is rolled back by the store's transaction.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..errors import DiplokgError, QueryError, StoreError
from .protocol import GRAPH_TYPES, SOLUTION_TYPES, write_boolean, write_solutions

__all__ = ["Job", "Reply", "QueryPool", "QueryTimeout", "ServerBusy"]

log = logging.getLogger("diplokg.serve")

_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Job:
    """One query or update for a worker; plain values only, since it crosses a process boundary."""

    sparql: str
    kind: str = "query"  # "query" | "update"
    solution_format: str | None = "json"  # None: the client accepts no result-set format
    graph_format: str | None = "turtle"  # None: the client accepts no RDF format
    params: dict[str, str] = field(default_factory=dict)  # variable -> value, as `--param` takes them
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)  # variable -> ("iri" | "literal", value)
    max_rows: int = 10_000


@dataclass(frozen=True)
class Reply:
    """What a worker sends back: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


class QueryTimeout(DiplokgError):
    """A query ran longer than the configured timeout and was stopped."""


class ServerBusy(DiplokgError):
    """No worker became free within the timeout."""


def execute(store: Any, job: Job) -> Reply:
    """Run one job against an open store (in the worker process)."""
    from ..api import parse_param

    if job.kind == "update":
        store.update(job.sparql)
        return Reply(204, "text/plain", b"")
    bindings: dict[str, ox.Term] = {name: parse_param(value) for name, value in job.params.items()}
    for name, (kind, value) in job.terms.items():
        bindings[name] = ox.NamedNode(value) if kind == "iri" else ox.Literal(value)
    try:
        result = store.query(job.sparql, bindings=bindings)
    except QueryError as exc:
        raise QueryError(_user_lines(str(exc), job.sparql)) from exc
    if isinstance(result, ox.QueryTriples):
        if job.graph_format is None:
            return _not_acceptable(GRAPH_TYPES)
        triples: list[ox.Triple] = []
        truncated = False
        for triple in result:
            if len(triples) >= job.max_rows:
                truncated = True
                break
            triples.append(triple)
        body = ox.serialize(triples, format=_RDF_FORMATS[job.graph_format], **_prefixes(job.graph_format))
        return Reply(200, GRAPH_TYPES[job.graph_format], body or b"", truncated)
    if job.solution_format is None:
        return _not_acceptable(SOLUTION_TYPES)
    media = SOLUTION_TYPES[job.solution_format]
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, media, write_boolean(bool(result), job.solution_format))
    variables = [v.value for v in result.variables]
    rows: list[list[ox.Term | None]] = []
    truncated = False
    for solution in result:
        if len(rows) >= job.max_rows:
            truncated = True  # stop reading: the rest is never computed
            break
        rows.append([solution[v] for v in variables])
    return Reply(200, media, write_solutions(variables, rows, job.solution_format), truncated)


def _user_lines(message: str, sparql: str) -> str:
    """Point a parser message at the user's own lines, not at the prefix lines the store prepends."""
    from ..graph.store import with_prefixes

    added = with_prefixes(sparql).count("\n") - sparql.count("\n")
    return re.sub(r"error at (\d+):(\d+)", lambda m: f"error at line {max(1, int(m[1]) - added)}, column {m[2]}",
                  message, count=1)


def _prefixes(fmt: str) -> dict[str, Any]:
    from ..graph.namespace import PREFIXES

    # dipr: is left out: minted local names contain "/", which Turtle would have to escape ("dipr:country\\/iran").
    prefixes = {k: v for k, v in PREFIXES.items() if k != "dipr"}
    return {"prefixes": prefixes} if fmt in ("turtle", "jsonld", "rdfxml") else {}


def _not_acceptable(offered: dict[str, str]) -> Reply:
    message = f"none of the requested media types can carry this result; available: {', '.join(offered.values())}"
    return Reply(406, "text/plain; charset=utf-8", message.encode("utf-8"))


def _worker_main(conn: Connection, location: str, writable: bool) -> None:
    """Worker process loop: open the store, then answer jobs until told to stop."""
    from ..graph.store import open_store

    try:
        store = open_store(location, read_only=not writable)
    except Exception as exc:  # report any failure to open, so the parent can say what went wrong
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            break
        if job is None:
            break
        try:
            reply = execute(store, job)
        except DiplokgError as exc:
            reply = Reply(400, "text/plain; charset=utf-8", str(exc).encode("utf-8"))
        except Exception as exc:  # an evaluation error is the client's answer, not the worker's death
            reply = Reply(500, "text/plain; charset=utf-8", f"query failed: {exc}".encode("utf-8"))
        if writable and job.kind == "update":
            store.flush()
        conn.send(reply)
    store.close()


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx: Any, location: str, writable: bool, start_timeout: float = 120.0) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, location, writable), daemon=True, name="diplokg-sparql"
        )
        self.process.start()
        child.close()
        if not self.conn.poll(start_timeout):
            self.kill()
            raise StoreError(f"the store {location} did not open within {start_timeout:.0f} s")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def call(self, job: Job, timeout: float) -> Reply:
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise QueryTimeout(f"query exceeded the {timeout:g} s timeout and was stopped")
        reply: Reply = self.conn.recv()
        return reply

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.join(5)
        except (OSError, EOFError):
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes over one store; ``run`` is blocking and thread-safe."""

    def __init__(self, location: str, *, size: int, writable: bool, timeout: float) -> None:
        self.location = location
        self.writable = writable
        self.timeout = timeout
        self.size = 1 if writable else max(1, size)
        # spawn, not fork: the server process has threads, and a forked child would inherit their locks.
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        errors: list[Exception] = []

        def start_one() -> None:
            try:
                self._add(_Worker(self._ctx, location, writable))
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=start_one) for _ in range(self.size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            self.close()
            raise errors[0] if isinstance(errors[0], DiplokgError) else StoreError(str(errors[0]))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def run(self, job: Job) -> Reply:
        """Run a job on the next free worker; raise QueryTimeout or ServerBusy when time runs out."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise ServerBusy(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        try:
            reply = worker.call(job, self.timeout)
        except QueryTimeout:
            self._replace(worker)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError(f"the query worker stopped unexpectedly ({exc}); it has been restarted") from exc
        self._idle.put(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor in the background."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def respawn() -> None:
            try:
                self._add(_Worker(self._ctx, self.location, self.writable))
            except Exception:
                log.exception("could not restart a query worker")

        threading.Thread(target=respawn, daemon=True).start()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
