"""A writer killed with SIGKILL leaves every graph old or new, never half; a second writer is refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplokg.errors import StoreLockedError
from diplokg.graph.store import OxigraphStore

REPO = Path(__file__).resolve().parents[2]
QUADS_PER_GRAPH = 400
GRAPHS = 30

# Rewrites 30 graphs again and again; every quad of a graph carries the version it was written in.
WRITER = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import pyoxigraph as ox
from diplokg.graph.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
print("open", flush=True)
version = 0
while True:
    version += 1
    for g in range({GRAPHS}):
        name = f"https://example.org/g/{{g}}"
        quads = [ox.Quad(ox.NamedNode(f"https://example.org/s/{{g}}/{{i}}"), ox.NamedNode("https://example.org/v"),
                         ox.Literal(str(version)), ox.NamedNode(name)) for i in range({QUADS_PER_GRAPH})]
        store.replace_graphs({{name: quads}})
        print("wrote", version, g, flush=True)
"""


def _check_whole(path: Path) -> dict[str, set[str]]:
    """Open the store after a crash; every graph must hold all its quads, all of one version."""
    store = OxigraphStore(path)
    try:
        versions: dict[str, list[str]] = {}
        for quad in store.quads():
            versions.setdefault(quad.graph_name.value, []).append(quad.object.value)
    finally:
        store.close()
    for name, values in versions.items():
        assert len(values) == QUADS_PER_GRAPH, f"{name} is half-written: {len(values)} quads"
        assert len(set(values)) == 1, f"{name} mixes versions {sorted(set(values))}"
    return {name: set(values) for name, values in versions.items()}


def _start_writer(path: Path) -> subprocess.Popen[str]:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
    return writer


def _kill(writer: subprocess.Popen[str]) -> None:
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.stdout is not None
    writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL


def _wait_for_writes(writer: subprocess.Popen[str], count: int) -> None:
    assert writer.stdout is not None
    for _ in range(count):
        assert writer.stdout.readline().startswith("wrote")


@pytest.mark.slow
def test_sigkill_during_writes_leaves_every_graph_whole(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = _start_writer(path)
    _wait_for_writes(writer, GRAPHS)
    _kill(writer)  # every graph now exists; from here on each kill interrupts a replacement
    seen_versions: set[str] = set()
    # Kill after a number of completed writes (the writer runs on while we read), in both rounds.
    for writes in (1, 7, 29, 31, 44, 58):
        writer = _start_writer(path)
        _wait_for_writes(writer, writes)
        _kill(writer)
        versions = _check_whole(path)
        # A replaced graph is old or new, never missing: drop and insert are one transaction.
        assert len(versions) == GRAPHS, f"{GRAPHS - len(versions)} graph(s) lost by a kill mid-replacement"
        seen_versions |= set().union(*versions.values())
    assert seen_versions >= {"1", "2"}, "the writer never got to rewrite graphs; the test proved nothing"


HOLDER = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import pyoxigraph as ox
from diplokg.graph.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
store.replace_graphs({{"https://example.org/g": [ox.Quad(ox.NamedNode("https://example.org/s"),
    ox.NamedNode("https://example.org/p"), ox.Literal("held"), ox.NamedNode("https://example.org/g"))]}})
store.flush()
print("holding", flush=True)
sys.stdin.readline()
"""


def test_second_writer_is_refused_while_readers_still_read(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreLockedError, match="is in use by another diplokg process"):
            OxigraphStore(path)
        # The command line: a second ingest fails with one clear line and exit code 2 ...
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        blocked = subprocess.run([sys.executable, "-m", "diplokg.cli", "--store", str(path), "ingest", "nothing.txt"],
                                 capture_output=True, text=True, timeout=120, env=env)
        assert blocked.returncode == 2, blocked.stderr
        assert "is in use by another diplokg process" in " ".join(blocked.stderr.split())  # rich wraps lines
        # ... while a query in another process reads the store (opened read-only).
        reader = subprocess.run([sys.executable, "-m", "diplokg.cli", "--store", str(path), "query",
                                 "SELECT ?o WHERE { ?s ?p ?o }", "--format", "csv"],
                                capture_output=True, text=True, timeout=120, env=env)
        assert reader.returncode == 0, reader.stderr
        assert reader.stdout.split() == ["o", "held"]
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    OxigraphStore(path).close()  # the lock is released with the process


CREATOR = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from diplokg.graph.store import OxigraphStore
OxigraphStore(sys.argv[1])
"""


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.4])
def test_sigkill_while_creating_leaves_no_store_or_a_whole_one(tmp_path: Path, delay: float) -> None:
    """Killed at any moment of creation, the folder is absent or a complete store a reader can open."""
    target = tmp_path / "kg"
    creator = subprocess.Popen([sys.executable, "-c", CREATOR, str(target)])
    time.sleep(delay)
    creator.send_signal(signal.SIGKILL)
    creator.wait(timeout=30)
    if target.exists():
        assert list(OxigraphStore(target, read_only=True).quads()) == []
    # A writer opens it (or creates it) whatever was left, and it holds what is written.
    OxigraphStore(target).update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> 1 } }")
    assert len(list(OxigraphStore(target, read_only=True).quads())) == 1


def test_an_empty_folder_becomes_a_store_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "kg"
    target.mkdir()
    OxigraphStore(target)
    assert (target / "CURRENT").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["kg"]
