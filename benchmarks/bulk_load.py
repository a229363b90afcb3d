"""Benchmark 3: bulk load of N-Quads into the embedded store against rdflib parsing the same file.

Target: Oxigraph ``bulk_load`` on disk at least 5x faster than rdflib's N-Quads parser.
Also reported, for context: the write path ingest uses (``replace_graphs`` per article batch).

    python -m benchmarks.bulk_load [--articles 6000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.common import timed, verdict, write_synthetic_nquads

TARGET = 5.0


def run(articles: int) -> dict[str, object]:
    """Measure both loaders on one synthetic N-Quads file; return the figures."""
    import pyoxigraph as ox
    import rdflib

    from diplokg.graph.store import OxigraphStore

    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        path = Path(tmp) / "graph.nq"
        quads = write_synthetic_nquads(articles, path)
        megabytes = path.stat().st_size / 1e6
        print(f"{articles} synthetic articles -> {quads:,} N-Quads lines, {megabytes:.0f} MB")

        store = OxigraphStore(Path(tmp) / "bulk")
        oxigraph_s = timed(lambda: store.bulk_load(path, ox.RdfFormat.N_QUADS))
        quads = store.count()  # the builder may emit a shortcut triple twice; the store keeps one
        store.close()

        # The ingest write path: drop + write each article graph, batches of 32 graphs.
        batched = OxigraphStore(Path(tmp) / "batched")

        def write_batches() -> None:
            pending: dict[str, list[ox.Quad]] = {}
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                name = quad.graph_name.value  # type: ignore[union-attr]
                if name not in pending and len(pending) >= 32:
                    batched.replace_graphs(pending)
                    pending = {}
                pending.setdefault(name, []).append(quad)  # type: ignore[arg-type]
            batched.replace_graphs(pending)

        batched_s = timed(write_batches)
        assert batched.count() == quads
        batched.close()

        dataset = rdflib.Dataset()
        rdflib_s = timed(lambda: dataset.parse(str(path), format="nquads"))
        rdflib_quads = sum(len(g) for g in dataset.graphs())
        del dataset

    ratio = rdflib_s / oxigraph_s
    print(f"oxigraph bulk_load (disk)       {oxigraph_s:8.2f} s  {quads / oxigraph_s:12,.0f} quads/s")
    print(f"oxigraph replace_graphs x32     {batched_s:8.2f} s  {quads / batched_s:12,.0f} quads/s  (ingest path)")
    print(f"rdflib Dataset.parse (memory)   {rdflib_s:8.2f} s  {rdflib_quads / rdflib_s:12,.0f} quads/s")
    print(f"ratio rdflib / oxigraph bulk_load = {ratio:.1f}x (target >= {TARGET}x) {verdict(ratio >= TARGET)}")
    return {
        "benchmark": "bulk load vs rdflib", "quads": quads, "oxigraph_s": round(oxigraph_s, 2),
        "batched_s": round(batched_s, 2), "rdflib_s": round(rdflib_s, 2), "ratio": round(ratio, 1),
        "target": f">= {TARGET}x", "ok": ratio >= TARGET,
    }


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=6000, help="synthetic articles (6000 = ~1M quads)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = run(args.articles)
    if args.json:
        args.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
