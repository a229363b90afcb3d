"""Fixtures for the scale tests: a real Oxigraph server on loopback, and run-independent quad sets."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

RUN_PREFIX = "https://w3id.org/diplokg/resource/run/"
STARTED = "http://www.w3.org/ns/prov#startedAtTime"
REPO = Path(__file__).resolve().parents[2]


def canonical(quads: Iterable[ox.Quad]) -> set[str]:
    """Quads as N-Quads lines with blank nodes canonically relabelled (servers rename them)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def normalised(quads: Iterable[ox.Quad]) -> set[str]:
    """``canonical`` quads with the run IRI and start time (which differ per run) made constant."""

    def term(t: ox.Term) -> ox.Term:
        if isinstance(t, ox.NamedNode) and t.value.startswith(RUN_PREFIX):
            return ox.NamedNode(RUN_PREFIX + "RUN")
        return t

    out = []
    for q in quads:
        obj = ox.Literal("START") if q.predicate.value == STARTED else term(q.object)
        out.append(ox.Quad(term(q.subject), q.predicate, obj, q.graph_name))  # type: ignore[arg-type]
    return canonical(out)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free loopback port; yield its root URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    log = open(location.parent / f"{location.name}.log", "wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start; see {log.name}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture()
def remote_url(oxigraph_server: str) -> str:
    """The server root URL, emptied before the test."""
    response = httpx.post(oxigraph_server + "/update", content=b"CLEAR ALL",
                          headers={"Content-Type": "application/sparql-update"})
    response.raise_for_status()
    return oxigraph_server


@pytest.fixture(scope="session")
def extraction_ready() -> None:
    """Skip unless the extraction stage and its spaCy model are importable."""
    try:
        from diplokg.extract import extract_articles, load_model  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the extraction stage is not available: {exc}")
