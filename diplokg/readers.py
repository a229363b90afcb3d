"""Read articles from files, folders and standard input.

``iter_inputs`` yields an ``Article`` for every readable document and an ``InputError`` for
every one that is not, so one bad file never stops the others. Formats:

- ``.txt``: optional header lines ``Title:``, ``Date:``, ``Source:`` (or ``URL:``, ``ID:``) then a
  blank line, then the text. Without a header the whole file is the text, and a news-agency
  date line such as "Mar 5, 2025, 11:22 PM" near the top gives the date.
- ``.jsonl``: one object per line with ``text`` and optional ``id``, ``title``, ``date``, ``url``.
- ``.html``/``.htm``: the page's main text (scripts, styles and navigation dropped).
- folders (recursively, sorted, hidden files skipped) and ``-`` for standard input.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError, InputTooLargeError
from .htmltext import html_to_text
from .records import Article

__all__ = ["iter_inputs", "read_text_article", "parse_date", "MAX_FILE_BYTES", "SUFFIXES"]

#: Files larger than this are refused with a clear message (override with DIPLOKG_MAX_FILE_MB).
MAX_FILE_BYTES = int(float(os.environ.get("DIPLOKG_MAX_FILE_MB", "50")) * 1024 * 1024)
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

_HEADER = re.compile(r"^(title|date|source|url|id)\s*:\s*(.*)$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE_LINE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),\s*(\d{4})", re.IGNORECASE
)


def parse_date(text: str | None) -> dt.date | None:
    """Parse "2025-03-05", "2025-03-05T10:00:00Z" or "Mar 5, 2025, 11:22 PM"; None if not a date."""
    if not text:
        return None
    text = text.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    match = _DATE_LINE.search(text)
    if match:
        try:
            return dt.date(int(match[3]), _MONTHS[match[1][:3].lower()], int(match[2]))
        except ValueError:
            return None
    return None


def _decode(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Decode UTF-8; undecodable bytes become U+FFFD and a warning says so."""
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file, not text; pass .txt, .jsonl or .html articles", origin=origin)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        return text, [f"{origin}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD"]


def read_text_article(raw: str, *, default_id: str, origin: str) -> Article:
    """Parse a .txt article: optional header block, blank line, text."""
    lines = raw.splitlines(keepends=True)
    meta: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if meta:
                body_start = index + 1
            break
        match = _HEADER.match(line.strip())
        if not match:
            meta = {}
            break
        meta[match[1].lower()] = match[2].strip()
    else:
        if meta:
            body_start = len(lines)
    text = "".join(lines[body_start:]) if meta else raw
    if not text.strip():
        raise InputError("the article has no text", origin=origin)
    date = parse_date(meta.get("date"))
    if meta.get("date") and date is None:
        raise InputError(f"cannot read the date {meta['date']!r}; write it as YYYY-MM-DD", origin=origin)
    if date is None and not meta:
        date = parse_date("\n".join(text.strip().splitlines()[:3]))
    return Article(
        id=meta.get("id") or default_id,
        text=text,
        title=meta.get("title") or None,
        date=date,
        url=meta.get("source") or meta.get("url") or None,
        origin=origin,
    )


def _read_jsonl(data: str, *, origin: str, stem: str) -> Iterator[Article | InputError]:
    for number, line in enumerate(data.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"malformed JSON ({exc.msg} at column {exc.colno}); fix or remove the line", origin=where)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            yield InputError('each line must be an object with a non-empty "text" string', origin=where)
            continue
        date = parse_date(str(obj["date"])) if obj.get("date") else None
        if obj.get("date") and date is None:
            yield InputError(f"cannot read the date {obj['date']!r}; write it as YYYY-MM-DD", origin=where)
            continue
        yield Article(
            id=str(obj.get("id") or f"{stem}-{number}"),
            text=obj["text"],
            title=obj.get("title") or None,
            date=date,
            url=obj.get("url") or obj.get("source") or None,
            origin=where,
        )


def _read_file(path: Path, *, origin: str | None = None, data: bytes | None = None) -> Iterator[Article | InputError]:
    origin = origin or str(path)
    suffix = path.suffix.lower()
    if data is None:
        if suffix not in SUFFIXES:
            yield InputError(
                f"unknown file type {suffix or '(none)'}; diplokg reads {', '.join(SUFFIXES)}", origin=origin
            )
            return
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                yield InputTooLargeError(
                    f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit; split it "
                    "or raise DIPLOKG_MAX_FILE_MB",
                    origin=origin,
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield InputError(f"cannot read the file: {exc.strerror or exc}", origin=origin)
            return
    try:
        text, warnings = _decode(data, origin)
    except InputError as exc:
        yield exc
        return
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not text.strip():
        yield InputError("the file is empty", origin=origin)
        return
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(text, origin=origin, stem=path.stem)
        elif suffix in (".html", ".htm"):
            title, body = html_to_text(text)
            if not body.strip():
                raise InputError("no article text found in the HTML page", origin=origin)
            yield Article(id=path.stem, text=body, title=title, origin=origin)
        else:
            yield read_text_article(text, default_id=path.stem, origin=origin)
    except InputError as exc:
        yield exc


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """Files under ``folder``, sorted, hidden ones skipped, symlink loops broken."""
    try:
        stat = folder.stat()
    except OSError as exc:
        yield InputError(f"cannot read the folder: {exc.strerror or exc}", origin=str(folder))
        return
    ident = (stat.st_dev, stat.st_ino)
    if ident in seen:
        yield InputError("symbolic link loop; skipped", origin=str(folder))
        return
    seen.add(ident)
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        yield InputError(f"cannot list the folder: {exc.strerror or exc}", origin=str(folder))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child, seen)
        elif child.suffix.lower() in SUFFIXES:
            yield child


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Articles from files, folders and ``-`` (stdin), with an error item for each bad input."""
    for raw in paths:
        if str(raw) == "-":
            data = sys.stdin.buffer.read()
            fake = Path("stdin.jsonl" if data.lstrip().startswith(b"{") else "stdin.txt")
            yield from _read_file(fake, origin="<stdin>", data=data)
            continue
        path = Path(raw)
        if path.is_dir():
            for item in _walk(path, set()):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _read_file(item)
        elif path.exists() or path.is_symlink():
            yield from _read_file(path)
        else:
            yield InputError("no such file or folder", origin=str(path))
