"""Benchmark 5: peak memory of ingest for 1k and 10k articles — flat (within 20%) and under 1.5 GB.

Each size runs ``diplokg ingest`` in a fresh subprocess on a JSONL file of replicated articles;
this process samples the resident memory of that subprocess and all its children (the extraction
workers) with psutil, and reports the peak of the sum.

    python -m benchmarks.memory [--sizes 1000 10000] [--workers 2] [--samples-only]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import verdict, write_jsonl

LIMIT_MB = 1536.0
FLAT = 0.20


def _tree_rss(process) -> int:  # type: ignore[no-untyped-def]
    import psutil

    total = 0
    try:
        for p in [process, *process.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    return total


def peak_of_ingest(articles: int, workers: int, samples_only: bool, tmp: Path) -> dict[str, float]:
    """Run one ingest in a subprocess; return its peak tree RSS (MB), seconds and articles/s."""
    import psutil

    source = tmp / f"articles-{articles}.jsonl"
    write_jsonl(articles, source, samples_only=samples_only)
    store = tmp / f"store-{articles}"
    command = [sys.executable, "-m", "diplokg.cli", "--store", str(store), "ingest", str(source),
               "--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"ingest of {articles} articles failed ({child.returncode}): {stderr[-2000:]}")
    return {"articles": articles, "peak_mb": round(peak / 2**20, 1), "seconds": round(seconds, 1),
            "articles_per_s": round(articles / seconds, 1)}


def run(sizes: list[int], workers: int, samples_only: bool = True) -> dict[str, object]:
    """Measure each size; flatness compares the largest to the smallest."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        for size in sizes:
            row = peak_of_ingest(size, workers, samples_only, Path(tmp))
            rows.append(row)
            print(f"  {size:6d} articles: peak {row['peak_mb']:7.1f} MB (process tree), {row['seconds']:7.1f} s, "
                  f"{row['articles_per_s']:.1f} articles/s", flush=True)
    growth = rows[-1]["peak_mb"] / rows[0]["peak_mb"] - 1
    worst = max(r["peak_mb"] for r in rows)
    ok = growth <= FLAT and worst < LIMIT_MB
    print(f"growth {rows[0]['articles']} -> {rows[-1]['articles']} articles: {growth:+.1%} (target within "
          f"{FLAT:.0%}); peak {worst:.0f} MB (target < {LIMIT_MB:.0f} MB) {verdict(ok)}")
    return {"benchmark": "ingest peak memory", "workers": workers, "sizes": rows, "growth": round(growth, 3),
            "peak_mb": worst, "target": f"growth <= {FLAT:.0%}, < {LIMIT_MB:.0f} MB", "ok": ok}


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="article counts")
    parser.add_argument("--workers", type=int, default=2, help="ingest --workers")
    parser.add_argument("--full-corpus", action="store_true",
                        help="replicate the VOA articles too (longer articles, slower run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = run(sorted(args.sizes), args.workers, samples_only=not args.full_corpus)
    if args.json:
        args.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
