"""The Starlette application: SPARQL 1.1 Protocol at /sparql and /update, linked data, explorer.

Protocol: https://www.w3.org/TR/sparql11-protocol/ — query via GET, form POST or direct POST;
update via form POST or direct POST, only with the configured bearer token.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import DiplokgError
from ..graph.mint import DEFAULT_BASE
from .cache import ResultCache
from .pool import Job, QueryPool, QueryTimeout, Reply, ServerBusy
from .protocol import GRAPH_TYPES, SOLUTION_TYPES, negotiate, refused_services

__all__ = ["ServeConfig", "Backend", "QueryFailed", "create_app"]

#: Largest query or update text accepted, so a client cannot make the server buffer gigabytes.
MAX_BODY = 1_000_000


@dataclass(frozen=True)
class ServeConfig:
    """How a server runs: store, limits, the update token and the SERVICE allow-list."""

    location: str
    update_token: str | None = None
    timeout: float = 30.0
    max_rows: int = 10_000
    allowed_services: tuple[str, ...] = ()
    base: str = DEFAULT_BASE
    workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    #: Reuse replies to repeated queries (read-only servers only; the snapshot cannot change).
    cache: bool = True


class QueryFailed(DiplokgError):
    """An internal query of the explorer failed; carries the worker's HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


class Backend:
    """The worker pool plus the threads that wait on it, shared by every route."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.pool = QueryPool(
            config.location, size=config.workers, writable=config.update_token is not None, timeout=config.timeout
        )
        # Waiting threads are cheap; the workers bound the real concurrency.
        self._threads = ThreadPoolExecutor(max_workers=64, thread_name_prefix="diplokg-wait")
        # Only a read-only server sees a store that cannot change, so only it may reuse replies.
        self.cache = ResultCache() if config.update_token is None and config.cache else None

    async def run(self, job: Job) -> Reply:
        """Run a job off the event loop (a read-only server answers repeated queries from its cache)."""
        if self.cache is not None and job.kind == "query":
            return await asyncio.get_running_loop().run_in_executor(
                self._threads, self.cache.get_or_run, job, self.pool.run
            )
        return await asyncio.get_running_loop().run_in_executor(self._threads, self.pool.run, job)

    async def select(self, sparql: str, terms: dict[str, tuple[str, str]] | None = None) -> list[dict[str, str]]:
        """Run a SELECT for the explorer and linked-data pages; rows map variable -> lexical value."""
        job = Job(sparql, terms=terms or {}, max_rows=self.config.max_rows)
        reply = await self.run(job)
        if reply.status != 200:
            raise QueryFailed(reply.status, reply.body.decode("utf-8", "replace"))
        bindings = json.loads(reply.body)["results"]["bindings"]
        return [{name: term["value"] for name, term in row.items()} for row in bindings]

    def close(self) -> None:
        """Stop the workers and the waiting threads."""
        self.pool.close()
        self._threads.shutdown(wait=False, cancel_futures=True)


def text_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text error body: what every SPARQL client can show."""
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def reply_response(reply: Reply, max_rows: int) -> Response:
    """Turn a worker reply into an HTTP response; say so in a header when the result was cut."""
    headers = {"X-Result-Truncated": f"true; limit={max_rows}"} if reply.truncated else {}
    if reply.status == 204:
        return Response(status_code=204)
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


async def run_checked(backend: Backend, job: Job) -> Response:
    """Check SERVICE clauses, run the job and map failures to HTTP errors."""
    refused = refused_services(job.sparql, backend.config.allowed_services)
    if refused:
        allowed = ", ".join(backend.config.allowed_services) or "none"
        return text_error(
            403,
            f"SERVICE to {', '.join(refused)} is not allowed on this server (allowed endpoints: {allowed}); "
            "start diplokg serve with --allow-service IRI to permit one",
        )
    try:
        reply = await backend.run(job)
    except QueryTimeout:
        return text_error(
            503, f"query exceeded the {backend.config.timeout:g} s timeout and was stopped; "
            "narrow it (bind a variable, add LIMIT) or ask the operator for a longer --timeout",
            {"Retry-After": "1"},
        )
    except ServerBusy as exc:
        return text_error(503, str(exc), {"Retry-After": "5"})
    except DiplokgError as exc:
        return text_error(500, str(exc))
    return reply_response(reply, backend.config.max_rows)


async def read_form(request: Request) -> dict[str, str]:
    """A url-encoded form body (parsed here: starlette's form parser needs an extra package)."""
    body = await request.body()  # starlette caches it, so reading twice is free
    if len(body) > MAX_BODY:
        return {}
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


async def _read_request(request: Request, field_name: str, direct_type: str) -> tuple[str | None, Response | None]:
    """The query (or update) text from a GET parameter, a form POST or a direct POST."""
    if request.method == "GET":
        return request.query_params.get(field_name), None
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_BODY:
        return None, text_error(413, f"request body over {MAX_BODY} bytes")
    if content_type == "application/x-www-form-urlencoded":
        return (await read_form(request)).get(field_name), None
    if content_type == direct_type:
        body = await request.body()
        if len(body) > MAX_BODY:
            return None, text_error(413, f"request body over {MAX_BODY} bytes")
        return body.decode("utf-8", "replace"), None
    return None, text_error(
        415, f"unsupported Content-Type {content_type or '(none)'}; send application/x-www-form-urlencoded "
        f"with {field_name}=…, or {direct_type}",
    )


async def sparql_endpoint(request: Request) -> Response:
    """SPARQL 1.1 Protocol query operation."""
    backend: Backend = request.app.state.backend
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST" and content_type == "application/sparql-update":
        return await update_endpoint(request)
    if request.method == "POST" and content_type == "application/x-www-form-urlencoded":
        form = await read_form(request)
        if "update" in form and "query" not in form:
            return await update_endpoint(request)
    if request.method == "GET" and "update" in request.query_params:
        return text_error(405, "updates must be sent with POST to /update (and need the server's update token)")
    query, error = await _read_request(request, "query", "application/sparql-query")
    if error is not None:
        return error
    if not query or not query.strip():
        return text_error(400, "missing the query parameter: send ?query=… (GET) or query=… (form POST)")
    params = request.query_params
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return text_error(400, "default-graph-uri and named-graph-uri are not supported: queries run over the "
                               "union of all graphs; use FROM or GRAPH in the query to pick graphs")
    accept = request.headers.get("accept")
    override = params.get("format") or params.get("output")
    job = Job(
        sparql=query,
        solution_format=negotiate(accept, override, SOLUTION_TYPES),
        graph_format=negotiate(accept, override, GRAPH_TYPES),
        max_rows=backend.config.max_rows,
    )
    return await run_checked(backend, job)


async def update_endpoint(request: Request) -> Response:
    """SPARQL 1.1 Protocol update operation, guarded by the bearer token on every request."""
    backend: Backend = request.app.state.backend
    token = backend.config.update_token
    if token is None:
        return text_error(403, "this server is read-only; start diplokg serve with --update-token to enable /update")
    if request.method != "POST":
        return text_error(405, "send updates with POST", {"Allow": "POST"})
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return text_error(401, "updates need an Authorization: Bearer <token> header",
                          {"WWW-Authenticate": 'Bearer realm="diplokg"'})
    # compare_digest takes the same time wherever the strings differ, so timing leaks nothing.
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        return text_error(403, "wrong update token")
    update, error = await _read_request(request, "update", "application/sparql-update")
    if error is not None:
        return error
    if not update or not update.strip():
        return text_error(400, "missing the update parameter: send update=… (form POST) or application/sparql-update")
    return await run_checked(backend, Job(sparql=update, kind="update"))


def static_dir() -> Path:
    """The folder of the explorer's HTML, scripts and styles (package data)."""
    return Path(str(resources.files(__package__) / "static"))


async def explorer_page(request: Request) -> Response:
    """The explorer's single page."""
    return FileResponse(static_dir() / "index.html", media_type="text/html; charset=utf-8")


def create_app(config: ServeConfig, backend: Backend | None = None) -> Starlette:
    """Build the application; it owns ``backend`` (created from ``config`` when not given)."""
    from .explorer import api_routes
    from .linked import resource_endpoint

    backend = backend or Backend(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        backend.close()

    routes = [
        Route("/", explorer_page),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/update", update_endpoint, methods=["GET", "POST"]),
        Route("/resource/{path:path}", resource_endpoint),
        *api_routes(),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.backend = backend
    return app
