"""Extraction throughput against spaCy's own parse of the same texts, in the same run.

Texts: the VOA corpus (``../shared/corpus/voa/*.txt``, header, ``---``, body) and the sample
articles (``examples/articles/*.txt``, header, blank line, body). Prints both times and the
ratio; the goal is extraction at most 15% slower than ``nlp.pipe`` with spaCy's components alone.

    python benchmarks/extract_speed.py [--repeat 5]

Both sides run in every round, one after the other, and the best time of each is kept, so that
load from other processes on the machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from diplokg.extract import COMPONENTS, extract_articles, load_model
from diplokg.extract.boilerplate import blank_boilerplate
from diplokg.records import Article

REPO = Path(__file__).resolve().parents[1]
VOA = REPO.parent / "shared" / "corpus" / "voa"
SAMPLES = REPO / "examples" / "articles"


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if "\n---\n" in text:
        return text.partition("\n---\n")[2].strip()
    head, sep, body = text.partition("\n\n")
    return body.strip() if sep and head.startswith("Title:") else text


def load_texts() -> list[Article]:
    """The benchmark articles."""
    paths = sorted(VOA.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    return [Article(id=p.stem, text=_body(p)) for p in paths]


def main() -> None:
    """Time spaCy alone and the full extraction, several rounds, and print the best of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best time of each side is kept")
    args = parser.parse_args()
    articles = load_texts()
    nlp = load_model()
    texts = [blank_boilerplate(a.text) for a in articles]
    words = sum(len(t.split()) for t in texts)
    list(extract_articles(articles[:2], nlp=nlp))  # warm up both paths
    spacy_times, extract_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        with nlp.select_pipes(disable=["dip_lines", *COMPONENTS]):
            for _doc in nlp.pipe(texts, batch_size=16):
                pass
        spacy_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ex in extract_articles(articles, nlp=nlp, batch_size=16):
            pass
        extract_times.append(time.perf_counter() - start)
    base, full = min(spacy_times), min(extract_times)
    print(f"{len(articles)} articles, {words} words")
    print(f"spaCy nlp.pipe alone : {base:.3f} s")
    print(f"diplokg extraction   : {full:.3f} s")
    print(f"ratio                : {full / base:.3f} (goal <= 1.15)")


if __name__ == "__main__":
    main()
