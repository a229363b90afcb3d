"""End to end: bad inputs are skipped and named; a SIGKILLed ingest reruns to the same graph as a clean run."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplokg.graph.mint import Minter
from diplokg.graph.namespace import ONTOLOGY_GRAPH

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "examples" / "articles.jsonl"
RUN_PREFIX = Minter().run("")
STARTED = "http://www.w3.org/ns/prov#startedAtTime"

pytestmark = pytest.mark.slow


def _diplokg(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "diplokg.cli", "--store", str(store), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"}


def _normalised(store: Path) -> dict[str, collections.Counter[tuple[str, str, str]]]:
    """Triples per graph, with the run IRI, its start time and blank node labels made run-independent."""
    from diplokg.graph.store import OxigraphStore

    graphs: dict[str, collections.Counter[tuple[str, str, str]]] = collections.defaultdict(collections.Counter)
    reader = OxigraphStore(store, read_only=True)  # as `diplokg query` opens it
    for quad in reader.quads():
        terms = []
        for term in (quad.subject, quad.predicate, quad.object):
            text = str(term)
            if isinstance(term, ox.NamedNode) and term.value.startswith(RUN_PREFIX):
                text = "<run>"
            elif isinstance(term, ox.BlankNode):
                text = "_:b"
            terms.append(text)
        if quad.predicate.value == STARTED:
            terms[2] = "<time>"
        graphs[quad.graph_name.value].update([tuple(terms)])  # type: ignore[list-item]
    reader.close()
    return dict(graphs)


def _article_graphs(store: Path) -> int:
    if not (store / "CURRENT").exists():
        return -1
    try:
        reader = ox.Store.read_only(str(store))
    except (OSError, RuntimeError):  # not created yet
        return -1
    names = [g for g in reader.named_graphs() if g.value != ONTOLOGY_GRAPH]
    del reader
    return len(names)


@pytest.fixture(scope="module")
def clean_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles ingested once, without interruption."""
    if not ARTICLES.exists():
        pytest.skip(f"{ARTICLES} is missing")
    store = tmp_path_factory.mktemp("clean") / "store"
    done = subprocess.run(_diplokg(store, "ingest", str(ARTICLES), "-q", "--batch-size", "2"),
                          capture_output=True, text=True, timeout=300, env=_env())
    assert done.returncode == 0, done.stderr
    return store


def test_graph_of_the_sample_articles_conforms(clean_store: Path) -> None:
    from diplokg.validate import validate_store

    report = validate_store(clean_store, owl=True)
    assert len(report.graphs) == sum(1 for line in ARTICLES.read_text().splitlines() if line.strip())
    assert report.violations == [], report.to_text()
    assert report.conforms and report.owl_consistent is not False


@pytest.mark.parametrize("kill_after", [0, 3, 11])
def test_sigkill_then_rerun_gives_the_clean_graph(tmp_path: Path, kill_after: int) -> None:
    """Kill once ``kill_after`` article graphs are stored (0: during start-up), check, rerun, compare."""
    if not ARTICLES.exists():
        pytest.skip(f"{ARTICLES} is missing")
    store = tmp_path / "store"
    command = _diplokg(store, "ingest", str(ARTICLES), "-q", "--batch-size", "2")
    # The clean run goes alongside the killed one, so both use the same code.
    clean = subprocess.Popen(_diplokg(tmp_path / "clean", *command[5:]), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=_env())
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        deadline = time.monotonic() + 240
        while victim.poll() is None and time.monotonic() < deadline:
            if kill_after == 0 and (store / "CURRENT").exists():
                break
            if kill_after and _article_graphs(store) >= kill_after:
                break
            time.sleep(0.02)
        assert victim.poll() is None, "the ingest finished before it could be killed"
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        _, clean_log = clean.communicate(timeout=300)
    assert clean.returncode == 0, clean_log
    clean_run = _normalised(tmp_path / "clean")
    assert len(clean_run) > 10 and ONTOLOGY_GRAPH in clean_run

    # The store opens, and every article graph in it is complete: exactly the clean run's graph.
    killed = _normalised(store)
    articles = [g for g in killed if g != ONTOLOGY_GRAPH]
    assert len(articles) < len(clean_run) - 1, "nothing was left to do after the kill"
    for graph in articles:
        assert killed[graph] == clean_run[graph], f"{graph} is half-written after SIGKILL"

    # Rerun, beside a second clean run: the code under test may change between the phases.
    clean_again = subprocess.Popen(_diplokg(tmp_path / "clean2", *command[5:]), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, env=_env())
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, env=_env())
    _, clean_log = clean_again.communicate(timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert clean_again.returncode == 0, clean_log
    assert _normalised(store) == _normalised(tmp_path / "clean2")  # same graphs, same quads, no duplicates


def test_bad_inputs_are_named_skipped_and_the_rest_stored(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = "Title: Talks\nDate: 2025-04-12\n\nIranian Foreign Minister Abbas Araghchi met Omani officials in Muscat.\n"
    (inbox / "a-good.txt").write_text(good)
    (inbox / "b-binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (inbox / "c-empty.txt").write_bytes(b"")
    (inbox / "d-feed.jsonl").write_text(
        '{"id": "feed-1", "text": "Qatar hosted talks between Israel and Hamas in Doha."}\n{"id": "feed-2", "te\n'
    )
    (inbox / "e-latin1.txt").write_bytes("Brazil's president met Lula in S\xe3o Paulo.\n".encode("latin-1"))
    os.mkfifo(inbox / "f-pipe.txt")
    (inbox / "g-loop").symlink_to(inbox)
    store = tmp_path / "store"
    done = subprocess.run(_diplokg(store, "ingest", str(inbox), "-q"), capture_output=True, text=True,
                          timeout=300, env=_env())
    assert done.returncode == 1, done.stderr
    log = done.stderr
    for origin, words in (("b-binary.txt", "binary"), ("c-empty.txt", "empty"), ("d-feed.jsonl:2", "malformed JSON"),
                          ("f-pipe.txt", "not a regular file"), ("g-loop", "symbolic link loop")):
        line = next((x for x in log.splitlines() if f"{inbox / origin}:" in x), "")
        assert line.startswith("failed:") and words in line, f"{origin} not reported:\n{log}"
    assert "stored 3 article(s)" in log and "5 input(s) failed" in log
    assert "e-latin1.txt" in log and "invalid UTF-8" in log  # repaired, stored, and said so
    stored = {g for g in _normalised(store) if g != ONTOLOGY_GRAPH}
    mint = Minter()
    assert stored == {mint.article(i) for i in ("a-good", "feed-1", "e-latin1")}  # nothing from the bad ones
