"""``diplokg serve``: a SPARQL 1.1 Protocol endpoint, linked data and the explorer page.

Read-only by default, bound to loopback by default (DESIGN.md §5). Queries run in worker
processes so that a query past the timeout is stopped without stopping the server.
"""

from __future__ import annotations

import os

from ..errors import DiplokgError, StoreError
from .app import Backend, ServeConfig, create_app

__all__ = ["serve", "ServeConfig", "create_app"]


def serve(
    store_location: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    update_token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    allowed_services: tuple[str, ...] = (),
    workers: int | None = None,
    log_level: str = "info",
    cache: bool = True,
) -> None:
    """Serve the store until interrupted; the update endpoint exists only when ``update_token`` is set."""
    import uvicorn

    if store_location == ":memory:":
        raise StoreError("diplokg serve needs a store folder or a SPARQL server URL, not :memory:")
    if update_token is not None and len(update_token) < 16:
        raise DiplokgError("the update token is too short to be a secret; use at least 16 characters")
    if timeout <= 0 or max_rows <= 0:
        raise DiplokgError("--timeout and --max-rows must be positive")
    config = ServeConfig(
        location=str(store_location),
        update_token=update_token,
        timeout=timeout,
        max_rows=max_rows,
        allowed_services=tuple(allowed_services),
        workers=workers or min(4, os.cpu_count() or 1),
        cache=cache,
    )
    backend = Backend(config)  # opens the store now, so a bad --store fails before the port is bound
    app = create_app(config, backend)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False)
    finally:
        backend.close()
