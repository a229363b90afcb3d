"""Link precision and recall on the gold files' actor names, checked against ../shared/reference.

Each subject and object of a gold triple is one mention (deduplicated per document). Its expected
Wikidata id comes from the reference tables: the country of its ISO code, else a country,
organisation or leader of the same name. Mentions the reference cannot resolve are counted
apart as unverifiable. All mentions of a document are linked together, as one article, so the
linker sees the same context it would at ingest. Also times offline linking per article.

Usage: python3 benchmarks/link_eval.py [GOLD.jsonl ...]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from diplokg.gazetteer import entity_key, load_gazetteer, normalize_name
from diplokg.linking import link_extraction
from diplokg.records import Article, Entity, Extraction

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
KIND_TYPE = {"country": "Country", "organisation": "InternationalOrganization", "person": "Person"}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Reference:
    """Expected QIDs by ISO code or normalised name, from the reference tables."""

    def __init__(self) -> None:
        self.by_iso3: dict[str, set[str]] = {}
        self.by_name: dict[str, tuple[str, set[str]]] = {}
        for row in _rows("countries.csv"):
            qids = {row["qid"], *_split(row["alt_qids"])}
            self.by_iso3[row["iso3"]] = qids
            for name in (row["name"], *_split(row["aliases"])):
                self.by_name.setdefault(normalize_name(name), ("country", qids))
        for row in _rows("organizations.csv"):
            for name in (row["name"], row["acronym"], *_split(row["aliases"])):
                if name:
                    self.by_name.setdefault(normalize_name(name), ("organisation", {row["qid"]}))
        people: dict[str, set[str]] = defaultdict(set)
        for row in _rows("leaders.csv"):
            people[normalize_name(row["name"])].add(row["qid"])
        for name, qids in people.items():
            self.by_name.setdefault(name, ("person", qids))

    def expect(self, name: str, iso3: str | None) -> tuple[str, set[str]] | None:
        if iso3 and iso3 in self.by_iso3 and normalize_name(name) not in self.by_name:
            return "country", self.by_iso3[iso3]
        return self.by_name.get(normalize_name(name))


def _mentions(paths: list[Path]) -> list[tuple[str, dt.date | None, list[tuple[str, str | None]]]]:
    docs = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            names: dict[str, str | None] = {}
            for triple in doc.get("triples", []):
                for end in ("subject", "object"):
                    if triple.get(end):
                        names.setdefault(triple[end], triple.get(f"{end}_iso3"))
            date = dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
            docs.append((doc["id"], date, list(names.items())))
    return docs


def evaluate(paths: list[Path]) -> dict[str, Counter[str]]:
    """Per kind: mentions, links made, correct links, and unverifiable mentions."""
    reference = Reference()
    gazetteer = load_gazetteer()
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    elapsed = 0.0
    for doc_id, date, names in _mentions(paths):
        entities, expected = [], []
        for name, iso3 in names:
            found = reference.expect(name, iso3)
            if found is None:
                tally["unverifiable"]["mentions"] += 1
                continue
            kind, qids = found
            entities.append(Entity(key=entity_key(KIND_TYPE[kind], name), type=KIND_TYPE[kind], label=name))
            expected.append((kind, qids, name))
        extraction = Extraction(article=Article(id=doc_id, text="", date=date), sentences=(), entities=tuple(entities))
        started = time.perf_counter()
        linked = link_extraction(extraction, gazetteer=gazetteer)
        elapsed += time.perf_counter() - started
        for entity, (kind, qids, name) in zip(linked.entities, expected):
            tally[kind]["mentions"] += 1
            if entity.qid:
                tally[kind]["linked"] += 1
                tally[kind]["correct"] += entity.qid in qids
                if entity.qid not in qids:
                    tally[kind]["wrong:" + f"{name}->{entity.qid}"] += 1
            else:
                tally[kind]["missed:" + name] += 1
    tally["timing"]["microseconds_per_article"] = int(1e6 * elapsed / max(1, len(_mentions(paths))))
    return tally


def main(argv: list[str]) -> int:
    if not REFERENCE.is_dir():
        print(f"no reference tables at {REFERENCE}; nothing to check against", file=sys.stderr)
        return 2
    paths = [Path(a) for a in argv] or sorted((SHARED / "eval" / "dev").glob("*.jsonl"))
    sample = REPO / "examples" / "gold" / "sample_gold.jsonl"
    if not argv and sample.exists():
        paths.append(sample)
    tally = evaluate(paths)
    print("files:", ", ".join(p.name for p in paths))
    total = Counter()
    for kind in ("country", "organisation", "person"):
        c = tally[kind]
        total.update({k: c[k] for k in ("mentions", "linked", "correct")})
        precision = c["correct"] / c["linked"] if c["linked"] else 1.0
        recall = c["correct"] / c["mentions"] if c["mentions"] else 1.0
        print(f"{kind:13s} mentions {c['mentions']:4d}  linked {c['linked']:4d}  correct {c['correct']:4d}  "
              f"precision {precision:.3f}  recall {recall:.3f}")
        for key in sorted(k for k in c if ":" in k):
            print(f"    {key}")
    precision = total["correct"] / total["linked"] if total["linked"] else 1.0
    recall = total["correct"] / total["mentions"] if total["mentions"] else 1.0
    print(f"{'all':13s} mentions {total['mentions']:4d}  linked {total['linked']:4d}  correct {total['correct']:4d}  "
          f"precision {precision:.3f}  recall {recall:.3f}")
    print(f"unverifiable mentions (not in the reference): {tally['unverifiable']['mentions']}")
    print(f"offline linking time: {tally['timing']['microseconds_per_article']} µs per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
