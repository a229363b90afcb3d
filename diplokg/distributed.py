"""Distributed extraction on Dask (``dask.distributed``), for corpora beyond one machine.

The client reads the inputs and cuts them into partitions; each Dask worker extracts, links
and builds one partition into an N-Quads shard; the store then drops the article graphs being
replaced and bulk-loads the shards (DESIGN.md §4: re-ingest replaces exactly those graphs).
The graphs are the same as a single-process ``ingest`` writes, apart from the run node.
"""

from __future__ import annotations

import dataclasses
import logging
import datetime as dt
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .api import IngestResult, _articles, _open
from .errors import DiplokgError
from .readers import iter_inputs
from .records import Article

__all__ = ["ingest_dask", "ShardInfo"]

#: Drop statements per store call when clearing graphs before the bulk load.
_DROP_CHUNK = 1000


@dataclasses.dataclass
class ShardInfo:
    """What a worker reports for one partition; ``data`` is the shard when no shared folder is used."""

    index: int
    articles: list[Article]  # text dropped
    graphs: list[str]
    events: int
    positions: int
    words: int
    quads: int
    warnings: list[str]
    data: bytes | None = None


def _model_description() -> str:
    """Run on a worker: the model it extracts with, for the run node."""
    from .extract import load_model, model_description

    return model_description(load_model())


def _extract_partition(
    index: int, articles: list[Article], run, base: str, link: bool, online: bool,  # type: ignore[no-untyped-def]
    shard_dir: str | None,
) -> ShardInfo:
    """Run on a worker: one partition of articles to one N-Quads shard."""
    from .extract import extract_articles
    from .graph.build import GraphBuilder

    builder = GraphBuilder(run, base=base)
    linker = None
    if link:
        from .linking import link_extraction

        client = None
        if online:
            from .linking.wikidata import WikidataClient

            client = WikidataClient()

        def linker(extraction):  # type: ignore[no-untyped-def]
            return link_extraction(extraction, online=client)

    info = ShardInfo(index, [], [], 0, 0, 0, 0, [])
    graphs: dict[str, list[ox.Quad]] = {}  # a repeated id within the partition: the later one wins
    for extraction in extract_articles(articles, batch_size=32):
        if linker is not None:
            extraction = linker(extraction)
        graph_iri, quads = builder.build(extraction)
        graphs[graph_iri] = quads
        info.articles.append(dataclasses.replace(extraction.article, text=""))
        info.events += len(extraction.events)
        info.positions += len(extraction.positions)
        info.words += len(extraction.article.text.split())
        info.warnings.extend(extraction.warnings)
    info.graphs = list(graphs)
    info.quads = sum(len(q) for q in graphs.values())
    data = ox.serialize((q for quads in graphs.values() for q in quads), format=ox.RdfFormat.N_QUADS) or b""
    if shard_dir is None:
        info.data = data
    else:
        Path(shard_dir, _shard_name(index)).write_bytes(data)
    return info


def _shard_name(index: int) -> str:
    return f"part-{index:06d}.nq"


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    return iter(lambda: list(islice(iterator, size)), [])


def ingest_dask(
    paths: Iterable[str | Path],
    *,
    scheduler: str = "local",
    store: object = None,
    link: bool = True,
    online: bool = False,
    progress: Callable[[Article], None] | None = None,
    workers: int = 2,
    partition_size: int = 64,
    base: str | None = None,
    shard_dir: str | Path | None = None,
) -> IngestResult:
    """Ingest on a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``) or ``"local"``.

    ``"local"`` starts a ``LocalCluster`` of ``workers`` processes. Shards travel back to this
    process unless ``shard_dir`` names a folder that the workers and this process share.
    """
    from distributed import Client, LocalCluster, as_completed

    from .graph.build import RunInfo
    from .graph.mint import DEFAULT_BASE
    from .graph.namespace import ONTOLOGY_GRAPH
    from .graph.vocab import ontology_quads

    started = time.perf_counter()
    target, owned = _open(store)
    result = IngestResult(store=target.location)
    cluster = None
    try:
        if scheduler == "local":
            # One thread per worker: spaCy is CPU-bound, processes give the parallelism.
            # Worker shutdown on a busy machine logs warnings the user can do nothing about.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        try:
            client = Client(cluster if cluster is not None else scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise DiplokgError(
                f"cannot connect to the Dask scheduler at {scheduler}: {exc}; start one with "
                "`dask scheduler` (and `dask worker ADDRESS`), or pass --dask local"
            ) from exc
        with client, tempfile.TemporaryDirectory(prefix="diplokg-shards-") as tmp:
            model = client.submit(_model_description, pure=False).result()
            run = RunInfo(
                run_id=f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}",
                started=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
                software_version=f"diplokg {__version__}",
                model=model,
            )
            result.run_id = run.run_id
            folder = str(shard_dir) if shard_dir is not None else None
            shards = _run_partitions(client, as_completed, _articles(iter_inputs(paths, on_warning=result.warnings.append), result), run=run,
                                     base=base or DEFAULT_BASE, link=link, online=online, shard_dir=folder,
                                     partition_size=partition_size, local_dir=Path(tmp), result=result,
                                     progress=progress)
            if ONTOLOGY_GRAPH not in target.graph_names():
                target.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
            _load_shards(target, shards, Path(folder) if folder else Path(tmp))
            result.quads_written = sum(s.quads for s in shards)
    finally:
        if cluster is not None:
            cluster.close()
        if owned:
            target.close()
    result.seconds = time.perf_counter() - started
    return result


def _run_partitions(client, as_completed, articles: Iterable[Article], *, run, base: str,  # type: ignore[no-untyped-def]
                    link: bool, online: bool, shard_dir: str | None, partition_size: int, local_dir: Path,
                    result: IngestResult, progress: Callable[[Article], None] | None) -> list[ShardInfo]:
    """Submit partitions, at most two per worker in flight (memory stays flat); collect their shards."""
    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    shards: list[ShardInfo] = []
    running = as_completed()
    in_flight = 0

    def collect() -> None:
        info: ShardInfo = next(running).result()
        if info.data is not None:
            (local_dir / _shard_name(info.index)).write_bytes(info.data)
            info.data = None
        shards.append(info)
        result.articles += len(info.articles)
        result.events += info.events
        result.positions += info.positions
        result.words += info.words
        result.warnings.extend(info.warnings)
        if progress is not None:
            for article in info.articles:
                progress(article)

    for index, partition in enumerate(_partitions(articles, partition_size)):
        running.add(client.submit(_extract_partition, index, partition, run, base, link, online, shard_dir,
                                  pure=False))
        in_flight += 1
        while in_flight >= limit:
            collect()
            in_flight -= 1
    for _ in range(in_flight):
        collect()
    return sorted(shards, key=lambda s: s.index)


def _load_shards(target, shards: list[ShardInfo], folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Drop the graphs being replaced, bulk-load the shards, then settle ids that came twice."""
    names = [g for shard in shards for g in shard.graphs]
    for start in range(0, len(names), _DROP_CHUNK):
        target.drop_graphs(names[start:start + _DROP_CHUNK])
    for shard in shards:
        if shard.graphs:
            target.bulk_load(folder / _shard_name(shard.index), ox.RdfFormat.N_QUADS)
    # Bulk loading adds, so an id in two partitions got both graphs; the later one must win.
    last: dict[str, int] = {}
    repeated: set[str] = set()
    for shard in shards:
        for graph in shard.graphs:
            if graph in last:
                repeated.add(graph)
            last[graph] = shard.index
    for graph in sorted(repeated):
        path = folder / _shard_name(last[graph])
        quads = [q for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
                 if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == graph]
        target.replace_graphs({graph: quads})  # type: ignore[dict-item]
    if hasattr(target, "optimize"):
        target.optimize()  # bulk loading leaves many overlapping files; queries read them all
