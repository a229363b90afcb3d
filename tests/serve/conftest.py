"""Real servers for the serve tests: uvicorn on a free loopback port over a fixture store on disk."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from diplokg.serve import ServeConfig, create_app
from diplokg.serve.app import Backend

from .fixture import build_store

#: A secret long enough for ``serve`` to accept.
TOKEN = "test-token-0123456789abcdef"


@dataclass
class RunningServer:
    """A server started by a test fixture."""

    url: str
    config: ServeConfig


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles, stored once per session."""
    return build_store(tmp_path_factory.mktemp("serve") / "store")


def _run(config: ServeConfig) -> Iterator[RunningServer]:
    port = free_port()
    backend = Backend(config)
    app = create_app(config, backend)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield RunningServer(f"http://127.0.0.1:{port}", config)
    finally:
        server.should_exit = True
        thread.join(15)
        backend.close()


@pytest.fixture(scope="session")
def server(store_dir: Path) -> Iterator[RunningServer]:
    """A read-only server with a short timeout and a small row limit, so both can be tested."""
    yield from _run(ServeConfig(location=str(store_dir), timeout=2.0, max_rows=200, workers=2))


@pytest.fixture(scope="session")
def update_server(tmp_path_factory: pytest.TempPathFactory, store_dir: Path) -> Iterator[RunningServer]:
    """An update-enabled server on its own copy of the store (one writer per store)."""
    copy = tmp_path_factory.mktemp("serve-rw") / "store"
    shutil.copytree(store_dir, copy)
    yield from _run(ServeConfig(location=str(copy), update_token=TOKEN, timeout=5.0))


@pytest.fixture()
def client(server: RunningServer) -> Iterator[httpx.Client]:
    """An HTTP client pointed at the read-only server."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http
