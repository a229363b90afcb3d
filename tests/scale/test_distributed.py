"""Dask ingest on a real LocalCluster gives the same graphs as the single-process ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplokg.graph.store import OxigraphStore
from tests.scale.conftest import REPO, normalised

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight sample articles as JSONL, the first repeated last with other text (the later one wins)."""
    from diplokg.readers import iter_inputs
    from diplokg.records import Article

    articles = [a for a in iter_inputs([REPO / "examples" / "articles"]) if isinstance(a, Article)][:8]
    if len(articles) < 4:
        pytest.skip("examples/articles holds too few sample articles")
    rows = [{"id": a.id, "title": a.title, "date": a.date.isoformat() if a.date else None, "url": a.url,
             "text": a.text} for a in articles]
    rows.append({**rows[0], "text": articles[1].text})
    path = tmp_path_factory.mktemp("dask-corpus") / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def single_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory, extraction_ready) -> set[str]:  # type: ignore[no-untyped-def]
    """The quads the ordinary ingest stores, run nodes normalised."""
    from diplokg.api import ingest

    location = tmp_path_factory.mktemp("single") / "store"
    result = ingest([corpus], store=str(location), workers=1, batch_size=4)
    assert result.ok and result.articles == 9
    return normalised(OxigraphStore(location, read_only=True).quads())


def test_local_cluster_matches_single_process(corpus, single_process, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from diplokg.distributed import ingest_dask

    seen: list[str] = []
    result = ingest_dask([corpus], scheduler="local", store=str(tmp_path / "kg"), workers=2, partition_size=3,
                         progress=lambda a: seen.append(a.id))
    assert result.ok and result.articles == 9 and len(seen) == 9
    assert any("appears twice" in w for w in result.warnings)
    store = OxigraphStore(tmp_path / "kg", read_only=True)
    assert normalised(store.quads()) == single_process
    del store
    again = ingest_dask([corpus], scheduler="local", store=str(tmp_path / "kg"), workers=2, partition_size=4)
    assert again.ok
    assert normalised(OxigraphStore(tmp_path / "kg", read_only=True).quads()) == single_process


def test_scheduler_address_and_shared_shard_folder(corpus, single_process, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    from diplokg.distributed import ingest_dask

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert len(cluster.workers) == 2
        result = ingest_dask([corpus], scheduler=cluster.scheduler_address, store=str(tmp_path / "kg"),
                             partition_size=2, shard_dir=tmp_path)
    assert result.ok and result.articles == 9
    assert normalised(OxigraphStore(tmp_path / "kg", read_only=True).quads()) == single_process


def test_unreachable_scheduler_is_a_clear_error(tmp_path, corpus) -> None:  # type: ignore[no-untyped-def]
    from diplokg.distributed import ingest_dask
    from diplokg.errors import DiplokgError
    from tests.scale.conftest import _free_port

    with pytest.raises(DiplokgError, match="cannot connect to the Dask scheduler"):
        ingest_dask([corpus], scheduler=f"tcp://127.0.0.1:{_free_port()}", store=str(tmp_path / "kg"))
