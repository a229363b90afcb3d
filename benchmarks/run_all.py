"""Run the five scale benchmarks, each in its own process, and print a summary table.

    python -m benchmarks.run_all            # full sizes (1M-quad stores, 1k and 10k articles)
    python -m benchmarks.run_all --quick    # small sizes, a few minutes; the targets are for full sizes
    python -m benchmarks.run_all --only queries bulk_load
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import REPO

#: name -> (full-size arguments, quick arguments)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "ingest_speed": (["--articles", "200", "--repeat", "2"], ["--articles", "40", "--repeat", "1"]),
    "workers": (["--articles", "200"], ["--articles", "40", "--no-spacy"]),
    "bulk_load": (["--articles", "6000"], ["--articles", "600"]),
    "queries": (["--articles", "6000"], ["--articles", "600", "--runs", "3"]),
    "memory": (["--sizes", "1000", "10000"], ["--sizes", "100", "300"]),
}


def _figure(name: str, data: dict[str, object]) -> str:
    if name == "queries":
        return f"slowest median {data['worst_ms']} ms ({len(data['queries'])} query runs, {data['quads']:,} quads)"  # type: ignore[arg-type]
    if name == "memory":
        peaks = ", ".join(f"{s['peak_mb']:.0f} MB at {s['articles']}" for s in data["sizes"])  # type: ignore[attr-defined]
        return f"peak {peaks} articles; growth {data['growth']:+.0%}"
    return f"{data['ratio']}x"


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes for a fast check")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    results: dict[str, dict[str, object] | None] = {}
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        for name in names:
            full, quick = BENCHMARKS[name]
            out = Path(tmp) / f"{name}.json"
            print(f"\n== {name} ==", flush=True)
            code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}", *(quick if args.quick else full),
                                    "--json", str(out)], cwd=REPO)
            results[name] = json.loads(out.read_text()) if code == 0 and out.exists() else None
    print("\n| benchmark | figure | target | verdict |\n|---|---|---|---|")
    for name in names:
        data = results[name]
        if data is None:
            print(f"| {name} | failed (see output above) | | ERROR |")
            continue
        print(f"| {data['benchmark']} | {_figure(name, data)} | {data['target']} | "
              f"{'PASS' if data['ok'] else 'MISS'} |")
    if args.quick:
        print("\n(quick sizes: the targets are stated for the full sizes)")


if __name__ == "__main__":
    main()
