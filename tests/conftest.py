"""Fixtures shared by the whole suite: the shared/ folder, a fixture store, a CLI runner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared`` folder beside the checkout; tests that need it skip without it."""
    if not (SHARED / "DESIGN.md").exists():
        pytest.skip(f"{SHARED} is not present (development data lives beside the checkout)")
    return SHARED


@pytest.fixture(scope="session")
def run_info():
    """A fixed run description, so fixture graphs are reproducible."""
    from diplokg.graph.build import RunInfo

    return RunInfo("test-run", dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc), "diplokg test",
                   "en_core_web_sm 3.8.0")


@pytest.fixture()
def fixture_store(run_info):
    """An in-memory store holding the ontology and the two fixture articles."""
    from diplokg.graph.build import GraphBuilder
    from diplokg.graph.namespace import ONTOLOGY_GRAPH
    from diplokg.graph.store import OxigraphStore
    from diplokg.graph.vocab import ontology_quads
    from tests.fixtures import fixture_extractions

    store = OxigraphStore(None)
    store.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
    builder = GraphBuilder(run_info)
    store.replace_graphs(dict(builder.build(e) for e in fixture_extractions()))
    return store
