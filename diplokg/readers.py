"""Read articles from files, folders and standard input.

``iter_inputs`` yields an ``Article`` for every readable document and an ``InputError`` for
every one that is not, so one bad file never stops the others. Formats:

- ``.txt``: optional header lines ``Title:``, ``Date:``, ``Source:`` (or ``URL:``, ``ID:``) then a
  blank line, then the text. Without a header the whole file is the text, and a news-agency
  date line such as "Mar 5, 2025, 11:22 PM" near the top gives the date.
- ``.jsonl``: one object per line with ``text`` and optional ``id``, ``title``, ``date``, ``url``.
- ``.html``/``.htm``: the page's main text (scripts, styles and navigation dropped).
- folders (recursively, sorted, hidden files skipped) and ``-`` for standard input.

Recoverable problems (invalid UTF-8, lone surrogates in JSON escapes) are not errors: the text
is repaired and a warning goes to ``on_warning`` (the ingest result collects them).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import stat as stat_mode
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, InputTooLargeError
from .htmltext import html_to_text
from .records import Article

__all__ = ["iter_inputs", "read_text_article", "parse_date", "MAX_FILE_BYTES", "SUFFIXES"]

#: Files larger than this are refused with a clear message (override with DIPLOKG_MAX_FILE_MB).
MAX_FILE_BYTES = int(float(os.environ.get("DIPLOKG_MAX_FILE_MB", "50")) * 1024 * 1024)
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

Warn = Callable[[str], None]
_log = logging.getLogger(__name__)

_HEADER = re.compile(r"^(title|date|source|url|id)\s*:\s*(.*)$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE_LINE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),\s*(\d{4})", re.IGNORECASE
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls other than tab, newline, carriage return, form feed: many of them mean "not text".
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


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
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise InputError("looks like a binary file, not text; pass .txt, .jsonl or .html articles", origin=origin)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        bad = text.count("\ufffd") - data.count("\ufffd".encode())
        return text, [
            f"{origin}: invalid UTF-8 from byte {exc.start}; {bad} undecodable byte sequence(s) replaced with U+FFFD"
        ]


def _repair(value: str, origin: str, warn: Warn) -> str:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes), which no RDF store can hold."""
    if _SURROGATE.search(value) is None:
        return value
    warn(f"{origin}: lone UTF-16 surrogate escape(s) replaced with U+FFFD")
    return _SURROGATE.sub("\ufffd", value)


_EXTRA_HEADER = re.compile(r"^([a-z][a-z_-]{0,19})\s*:\s*(.*)$")
_URL = re.compile(r"https?://\S+")


def read_text_article(raw: str, *, default_id: str, origin: str) -> Article:
    """Parse a .txt article: optional header block, a blank line or ``---``, then the text.

    The header starts with a known field (``Title:``, ``Date:``, ``Source:``, ``URL:``, ``ID:``);
    further ``key: value`` lines (``licence:``, ``note:``, …) are read and ignored.
    """
    lines = raw.splitlines(keepends=True)
    meta: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or (stripped == "---" and meta):
            if meta:
                body_start = index + 1
            break
        match = _HEADER.match(stripped) or (_EXTRA_HEADER.match(stripped) if meta else None)
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
    source = meta.get("source") or meta.get("url") or ""
    url = _URL.search(source)
    return Article(
        id=meta.get("id") or default_id,
        text=text,
        title=meta.get("title") or None,
        date=date,
        url=url.group(0) if url else (source or None),
        origin=origin,
    )


def _optional_str(obj: dict[str, object], *keys: str) -> str | None:
    """The first present key as a string; numbers are accepted for ids, anything else is an error."""
    for key in keys:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f'"{key}" must be a string, not {type(value).__name__}')
        return str(value)
    return None


def _read_jsonl(data: str, *, origin: str, stem: str, warn: Warn) -> Iterator[Article | InputError]:
    for number, line in enumerate(data.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            detail = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield InputError(f"malformed JSON ({detail}); fix or remove the line", origin=where)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            yield InputError('each line must be an object with a non-empty "text" string', origin=where)
            continue
        try:
            article_id = _optional_str(obj, "id") or f"{stem}-{number}"
            title = _optional_str(obj, "title")
            url = _optional_str(obj, "url", "source")
            raw_date = _optional_str(obj, "date")
        except ValueError as exc:
            yield InputError(str(exc), origin=where)
            continue
        date = parse_date(raw_date) if raw_date else None
        if raw_date and date is None:
            yield InputError(f"cannot read the date {raw_date!r}; write it as YYYY-MM-DD", origin=where)
            continue
        yield Article(
            id=_repair(article_id, where, warn),
            text=_repair(obj["text"], where, warn),
            title=_repair(title, where, warn) if title else None,
            date=date,
            url=_repair(url, where, warn) if url else None,
            origin=where,
        )


def _read_limited(stream: BinaryIO, origin: str) -> bytes:
    """Read at most the size limit; a longer stream is refused without being held in memory."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputTooLargeError(_too_large(None), origin=origin)
    return data


def _too_large(size: int | None) -> str:
    what = f"file is {size / 1e6:.0f} MB" if size is not None else "input is"
    return (f"{what} over the {MAX_FILE_BYTES / 1e6:.0f} MB limit; split it into smaller files "
            "or raise DIPLOKG_MAX_FILE_MB")


def _load(path: Path, origin: str) -> bytes:
    """The bytes of a regular file, refusing FIFOs, devices and oversized files before reading."""
    try:
        info = path.stat()
        if stat_mode.S_ISDIR(info.st_mode):
            raise InputError("is a folder where a file was expected", origin=origin)
        if not stat_mode.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block forever or never end.
            raise InputError("not a regular file (a pipe, socket or device); pass files or folders", origin=origin)
        if info.st_size > MAX_FILE_BYTES:
            raise InputTooLargeError(_too_large(info.st_size), origin=origin)
        with path.open("rb") as handle:
            return _read_limited(handle, origin)  # the file may have grown since stat
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", origin=origin) from exc


def _read_file(
    path: Path, *, warn: Warn, origin: str | None = None, data: bytes | None = None
) -> Iterator[Article | InputError]:
    origin = origin or str(path)
    suffix = path.suffix.lower()
    try:
        if data is None:
            if suffix not in SUFFIXES:
                raise InputError(
                    f"unknown file type {suffix or '(none)'}; diplokg reads {', '.join(SUFFIXES)}", origin=origin
                )
            data = _load(path, origin)
        if not data.strip():
            raise InputError("the file is empty", origin=origin)
        text, warnings = _decode(data, origin)
        for warning in warnings:
            warn(warning)
        if suffix == ".jsonl":
            yield from _read_jsonl(text, origin=origin, stem=path.stem, warn=warn)
        elif suffix in (".html", ".htm"):
            title, body = html_to_text(text)
            if not body.strip():
                raise InputError("no article text found in the HTML page", origin=origin)
            yield Article(id=path.stem, text=body, title=title, origin=origin)
        else:
            yield read_text_article(text, default_id=path.stem, origin=origin)
    except InputError as exc:
        yield exc


def _walk(folder: Path, ancestors: tuple[tuple[int, int], ...], seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """Files under ``folder``, sorted, hidden ones skipped, symlink loops broken."""
    try:
        info = folder.stat()
    except OSError as exc:
        reason = "symbolic link loop" if exc.errno == 40 else exc.strerror or str(exc)
        yield InputError(f"cannot read the folder: {reason}", origin=str(folder))
        return
    ident = (info.st_dev, info.st_ino)
    if ident in ancestors:
        yield InputError("symbolic link loop (the link points back into its own folder); skipped", origin=str(folder))
        return
    if ident in seen:
        return  # the same folder reached through another link: its files are already read
    seen.add(ident)
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        yield InputError(f"cannot list the folder: {exc.strerror or exc}", origin=str(folder))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            is_dir = child.is_dir()
        except OSError as exc:
            yield InputError(f"cannot read: {exc.strerror or exc}", origin=str(child))
            continue
        if is_dir:
            yield from _walk(child, (*ancestors, ident), seen)
        elif child.suffix.lower() in SUFFIXES:
            yield child


def _stdin_kind(data: bytes) -> Path:
    head = data.lstrip()[:1]
    return Path({b"{": "stdin.jsonl", b"<": "stdin.html"}.get(head, "stdin.txt"))


def iter_inputs(paths: Iterable[str | Path], *, on_warning: Warn | None = None) -> Iterator[Article | InputError]:
    """Articles from files, folders and ``-`` (stdin), with an error item for each bad input."""
    warn: Warn = on_warning or _log.warning
    for raw in paths:
        if str(raw) == "-":
            try:
                data = _read_limited(sys.stdin.buffer, "<stdin>")
            except InputError as exc:
                yield exc
                continue
            yield from _read_file(_stdin_kind(data), warn=warn, origin="<stdin>", data=data)
            continue
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as exc:
            yield InputError(f"cannot read: {exc.strerror or exc}", origin=str(path))
            continue
        if is_dir:
            for item in _walk(path, (), set()):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _read_file(item, warn=warn)
        elif exists:
            yield from _read_file(path, warn=warn)
        else:
            yield InputError("no such file or folder", origin=str(path))
