"""Benchmark 2: ingest with 2 workers against 1 worker, same articles, fresh stores.

Target: at least 1.7x on 2 cores. For reference it also times spaCy's own multiprocessing
(``nlp.pipe(n_process=2)`` against ``n_process=1``) on the same texts: the ceiling a
process-per-core design can reach on this machine at this moment.

    python -m benchmarks.workers [--articles 200] [--no-spacy]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from benchmarks.common import timed, verdict, write_jsonl

TARGET = 1.7


def run(articles: int, with_spacy: bool = True, batch_size: int = 32) -> dict[str, object]:
    """Time ingest at 1 and 2 workers (and, optionally, bare spaCy at 1 and 2 processes)."""
    from diplokg.api import ingest
    from diplokg.extract import load_model
    from diplokg.readers import iter_inputs

    from benchmarks.ingest_speed import _bare_model

    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        source = Path(tmp) / "articles.jsonl"
        words = write_jsonl(articles, source)
        load_model()
        print(f"{articles} articles, {words:,} words, {os.cpu_count()} cores")
        seconds = {}
        for workers in (1, 2):
            result = ingest([source], store=str(Path(tmp) / f"store-{workers}"), workers=workers,
                            batch_size=batch_size)
            assert result.ok and result.articles == articles
            seconds[workers] = result.seconds
            print(f"  ingest --workers {workers}: {result.seconds:7.1f} s  {words / result.seconds:9,.0f} words/s")
        spacy_speedup = None
        if with_spacy:
            texts = [a.text for a in iter_inputs([source])]  # type: ignore[union-attr]
            bare = _bare_model()
            one = timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=batch_size)))
            two = timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=batch_size, n_process=2)))
            spacy_speedup = one / two
            print(f"  spaCy nlp.pipe n_process 1 / 2: {one:.1f} s / {two:.1f} s = {spacy_speedup:.2f}x (reference)")
    speedup = seconds[1] / seconds[2]
    print(f"speed-up 2 workers / 1 = {speedup:.2f}x (target >= {TARGET}x) {verdict(speedup >= TARGET)}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return {"benchmark": "2 workers vs 1", "words": words, "one_s": round(seconds[1], 1),
            "two_s": round(seconds[2], 1), "ratio": round(speedup, 2),
            "spacy_ratio": round(spacy_speedup, 2) if spacy_speedup else None,
            "target": f">= {TARGET}x", "ok": speedup >= TARGET}


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="replicated corpus articles")
    parser.add_argument("--no-spacy", action="store_true", help="skip the bare spaCy reference")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = run(args.articles, with_spacy=not args.no_spacy)
    if args.json:
        args.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
