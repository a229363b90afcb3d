"""Rebuild examples/articles.jsonl from the .txt files in examples/articles/.

Each .txt file has a small header ("Title:", "Date:", "Source:" lines), one
blank line, then the body.  The JSON line for a file carries the file stem as
`id`, the header fields as `title`, `date` and `url`, and the body as `text`
(exactly as in the file, without the final newline).

Usage:  python examples/build_jsonl.py
Standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
OUT = HERE / "articles.jsonl"

HEADER_KEYS = {"title": "title", "date": "date", "source": "url"}


def parse_article(path: Path) -> dict:
    """Return {id, title, date, url, text} for one article file."""
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n\n")
    if not sep:
        raise ValueError(f"{path}: no blank line after the header")
    record = {"id": path.stem, "title": None, "date": None, "url": None}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        field = HEADER_KEYS.get(key.strip().lower())
        if not colon or field is None:
            raise ValueError(f"{path}: unexpected header line {line!r}")
        record[field] = value.strip()
    missing = [k for k in ("title", "date", "url") if not record[k]]
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(missing)}")
    if body.endswith("\n"):
        body = body[:-1]
    record["text"] = body
    return record


def load_articles(folder: Path = ARTICLES) -> list[dict]:
    return [parse_article(p) for p in sorted(folder.glob("*.txt"))]


def main() -> int:
    try:
        records = load_articles()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} articles to {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
