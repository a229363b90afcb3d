"""Check examples/gold/sample_gold.jsonl for consistency.

Checks, for every document: the required keys; that `text` equals the body of
the .txt file named in `source` and the `text` of the same id in
examples/articles.jsonl; and for every triple: known relation (DESIGN.md §3),
valid polarity / modality, a YYYY-MM-DD date that exists, and a `sentence` that
occurs verbatim in the document text.

Usage:  python examples/check_gold.py [GOLD.jsonl]
Exits 1 and prints one line per problem if anything is wrong.
Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build_jsonl import parse_article  # noqa: E402

DEFAULT_GOLD = HERE / "gold" / "sample_gold.jsonl"
ARTICLES_JSONL = HERE / "articles.jsonl"

RELATIONS = {
    # event relations
    "agreedWith", "consultedWith", "visited", "hosted", "metWith", "spokeWith",
    "negotiatedWith", "supported", "signedAgreementWith", "cooperatedWith", "aided",
    "madeConcessionTo", "requested", "accused", "rejected", "threatened",
    "protestedAgainst", "sanctioned", "expelled", "severedRelationsWith", "coerced",
    "attacked",
    # standing relations
    "leaderOf", "officialOf", "memberOf", "partOf", "capitalOf",
}
POLARITIES = {"affirmed", "negated"}
MODALITIES = {"reported", "planned", "hypothetical"}
DOC_KEYS = {"id", "title", "date", "text", "source", "triples"}
TRIPLE_REQUIRED = {"subject", "relation", "object", "polarity", "sentence"}
TRIPLE_OPTIONAL = {"modality", "date", "title", "optional", "note",
                   "subject_text", "object_text"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_date(value: object) -> bool:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def load_articles_jsonl() -> dict[str, dict]:
    if not ARTICLES_JSONL.exists():
        return {}
    out = {}
    with ARTICLES_JSONL.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def check(path: Path) -> tuple[list[str], int, int]:
    problems: list[str] = []
    articles = load_articles_jsonl()
    seen_ids: set[str] = set()
    n_docs = n_triples = 0
    with path.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON ({exc})")
            continue
        n_docs += 1
        missing = DOC_KEYS - doc.keys()
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        doc_id, text = doc["id"], doc["text"]
        where = f"{path.name}:{lineno} ({doc_id})"
        if doc_id in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(doc_id)
        if doc["date"] is not None and not valid_date(doc["date"]):
            problems.append(f"{where}: bad document date {doc['date']!r}")
        src = REPO / doc["source"]
        if not src.exists():
            problems.append(f"{where}: source file {doc['source']} not found")
        else:
            art = parse_article(src)
            if art["text"] != text:
                problems.append(f"{where}: text differs from {doc['source']}")
            if art["id"] != doc_id:
                problems.append(f"{where}: id differs from source file stem {art['id']!r}")
            if art["title"] != doc["title"] or art["date"] != doc["date"]:
                problems.append(f"{where}: title/date differ from {doc['source']}")
        if articles:
            rec = articles.get(doc_id)
            if rec is None:
                problems.append(f"{where}: id not in {ARTICLES_JSONL.name}")
            elif rec["text"] != text:
                problems.append(f"{where}: text differs from {ARTICLES_JSONL.name}")
        if not isinstance(doc["triples"], list):
            problems.append(f"{where}: triples is not a list")
            continue
        for i, t in enumerate(doc["triples"], 1):
            n_triples += 1
            tw = f"{where} triple {i}"
            if not isinstance(t, dict):
                problems.append(f"{tw}: not an object")
                continue
            missing = TRIPLE_REQUIRED - t.keys()
            if missing:
                problems.append(f"{tw}: missing keys {sorted(missing)}")
            unknown = t.keys() - TRIPLE_REQUIRED - TRIPLE_OPTIONAL
            if unknown:
                problems.append(f"{tw}: unknown keys {sorted(unknown)}")
            for key in ("subject", "object"):
                if not isinstance(t.get(key), str) or not t.get(key, "").strip():
                    problems.append(f"{tw}: empty {key}")
            if t.get("relation") not in RELATIONS:
                problems.append(f"{tw}: unknown relation {t.get('relation')!r}")
            if t.get("polarity") not in POLARITIES:
                problems.append(f"{tw}: invalid polarity {t.get('polarity')!r}")
            if "modality" in t and t["modality"] not in MODALITIES:
                problems.append(f"{tw}: invalid modality {t['modality']!r}")
            if "date" in t and not valid_date(t["date"]):
                problems.append(f"{tw}: bad date {t['date']!r}")
            if "optional" in t and t["optional"] is not True:
                problems.append(f"{tw}: optional must be true when present")
            if "title" in t and not (isinstance(t["title"], str) and t["title"].strip()):
                problems.append(f"{tw}: empty title")
            sentence = t.get("sentence")
            if not isinstance(sentence, str) or not sentence.strip():
                problems.append(f"{tw}: empty sentence")
            elif sentence not in text:
                problems.append(f"{tw}: sentence not found in text: {sentence[:70]!r}")
    if articles:
        for missing_id in sorted(articles.keys() - seen_ids):
            problems.append(f"{path.name}: article {missing_id} has no gold entry")
    return problems, n_docs, n_triples


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    if not path.exists():
        print(f"error: {path} not found", file=sys.stderr)
        return 1
    problems, n_docs, n_triples = check(path)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"ok: {n_docs} documents, {n_triples} triples, all sentences found verbatim")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
