"""Bad input never stops a run: each bad file is one error naming it; the rest are read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diplokg.errors import InputError, InputTooLargeError
from diplokg.htmltext import html_to_text
from diplokg.readers import MAX_FILE_BYTES, iter_inputs
from diplokg.records import Article

GOOD = "Title: Talks in Muscat\nDate: 2025-04-12\n\nIran and the United States held talks in Muscat.\n"


def _read(*paths: object) -> tuple[list[Article], list[InputError], list[str]]:
    warnings: list[str] = []
    items = list(iter_inputs([str(p) for p in paths], on_warning=warnings.append))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    return articles, errors, warnings


def _one_error(errors: list[InputError], origin: Path | str, *words: str) -> InputError:
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert error.origin == str(origin)
    for word in words:
        assert word in str(error), str(error)
    return error


def test_binary_file_is_refused_and_the_good_one_read(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text(GOOD)
    (tmp_path / "b-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    articles, errors, _ = _read(tmp_path)
    assert [a.id for a in articles] == ["a-good"]
    assert articles[0].text.startswith("Iran and the United States")
    _one_error(errors, tmp_path / "b-image.txt", "binary")


def test_invalid_utf8_is_replaced_and_reported_as_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title: Caf\xe9 diplomacy\n\nThe minister met his counterpart in S\xe3o Paulo.\n".encode("latin-1"))
    articles, errors, warnings = _read(path)
    assert not errors
    assert articles[0].title == "Caf\ufffd diplomacy"
    assert "S\ufffdo Paulo" in articles[0].text
    assert len(warnings) == 1 and str(path) in warnings[0] and "invalid UTF-8" in warnings[0]
    assert "2 undecodable" in warnings[0]


def test_empty_and_blank_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\t\n")
    (tmp_path / "header-only.txt").write_text("Title: Nothing\nDate: 2025-01-01\n\n")
    articles, errors, _ = _read(tmp_path)
    assert articles == []
    messages = sorted(str(e) for e in errors)
    assert messages == [
        f"{tmp_path / 'blank.jsonl'}: the file is empty",
        f"{tmp_path / 'empty.txt'}: the file is empty",
        f"{tmp_path / 'header-only.txt'}: the article has no text",
    ]


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A 200 MB single-line file: refused with the limit named, in a process that stays small."""
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        chunk = b"a" * (1 << 20)
        for _ in range(200):
            handle.write(chunk)
    (tmp_path / "small.txt").write_text(GOOD)
    script = (
        "import re, sys\n"
        "from diplokg.readers import iter_inputs\n"
        "items = list(iter_inputs(sys.argv[1:]))\n"
        "print([type(i).__name__ for i in items]); print(items[0])\n"
        # VmHWM is this process image's own peak; ru_maxrss would carry the forking parent's over exec
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(big), str(tmp_path / "small.txt")],
                          capture_output=True, text=True, check=True, timeout=120)
    kinds, message, peak_mb = done.stdout.strip().splitlines()
    assert kinds == "['InputTooLargeError', 'Article']"
    assert f"{big}: file is 210 MB over the {MAX_FILE_BYTES / 1e6:.0f} MB limit" in message
    assert "DIPLOKG_MAX_FILE_MB" in message
    assert int(peak_mb) < 150, f"peak RSS {peak_mb} MB: the file was read into memory"


def test_stdin_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import diplokg.readers as readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    items = list(readers.iter_inputs(["-"]))
    assert len(items) == 1 and isinstance(items[0], InputTooLargeError)
    assert items[0].origin == "<stdin>"


def test_malformed_jsonl_lines_name_the_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Qatar hosted the talks.", "date": "2025-01-02"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4", "text": ""}),
        json.dumps({"id": "a5", "text": "Oman mediated.", "title": {"nested": 1}}),
        json.dumps({"id": "a6", "text": "Iran replied.", "date": "next week"}),
        "",
        json.dumps({"id": 7, "text": "Egypt \ud800 called for calm.", "url": "https://example.org/7"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors, warnings = _read(path)
    assert [(a.id, a.origin) for a in articles] == [("a1", f"{path}:1"), ("7", f"{path}:8")]
    assert articles[1].text == "Egypt \ufffd called for calm."  # the escaped lone surrogate is repaired
    assert [e.origin for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "malformed JSON" in str(errors[0])
    assert '"title" must be a string, not dict' in str(errors[3])
    assert "cannot read the date 'next week'" in str(errors[4])
    assert warnings == [f"{path}:8: lone UTF-16 surrogate escape(s) replaced with U+FFFD"]


def test_html_page_keeps_the_story_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    story = " ".join(["Foreign ministers of Saudi Arabia and Iran met in Beijing to restore ties."] * 4)
    page = f"""<!doctype html><html><head><title>Ties restored | News</title>
    <script>var x = "<p>tracking</p>";</script><style>p {{ color: red }}</style></head><body>
    <nav><ul><li>Home<li>World<li>Sport</ul></nav>
    <header><p>Breaking banner</header>
    <main><h1>Saudi Arabia and Iran restore ties</h1><p>{story}<p>Second paragraph &amp; more.<br>Line two.</main>
    <aside>Most read</aside><footer>Copyright</footer><script>track();</script></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page)
    articles, errors, _ = _read(path)
    assert not errors
    article = articles[0]
    assert article.title == "Ties restored | News"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Saudi Arabia and Iran restore ties"
    assert paragraphs[1] == story
    assert paragraphs[2] == "Second paragraph & more. Line two."
    for junk in ("tracking", "color", "Home", "Sport", "Breaking", "Most read", "Copyright", "track()"):
        assert junk not in article.text


def test_unclosed_tags_inside_navigation_do_not_swallow_the_page() -> None:
    _, text = html_to_text("<body><nav><ul><li>Home<li>World</ul></nav><p>Kept text.</p></body>")
    assert text == "Kept text."


def test_script_only_html_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><script>app()</script><nav>menu</nav></html>")
    _, errors, _ = _read(path)
    _one_error(errors, path, "no article text")


def test_unknown_extension_named_explicitly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    _, errors, _ = _read(path)
    _one_error(errors, path, "unknown file type .pdf", ".txt, .jsonl, .html")


def test_folders_skip_unknown_extensions_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "notes.md").write_text("# not an article")
    (tmp_path / ".hidden.txt").write_text(GOOD)
    articles, errors, _ = _read(tmp_path)
    assert [a.id for a in articles] == ["a"] and not errors


def test_missing_path_fifo_and_folder_named_like_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever: it must be refused, not opened
    folder = tmp_path / "looks-like-a-file.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(GOOD)
    articles, errors, _ = _read(tmp_path / "missing.txt", fifo, folder)
    assert [a.id for a in articles] == ["inner"]
    assert [(e.origin, str(e).split(": ", 1)[1]) for e in errors] == [
        (str(tmp_path / "missing.txt"), "no such file or folder"),
        (str(fifo), "not a regular file (a pipe, socket or device); pass files or folders"),
    ]


def test_symlink_loops_are_broken_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(GOOD)
    (root / "sub" / "back").symlink_to(root)  # a folder loop
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    articles, errors, _ = _read(root)
    assert [a.id for a in articles] == ["a"]
    origins = sorted(e.origin or "" for e in errors)
    assert origins == [str(root / "self.txt"), str(root / "sub" / "back")]
    assert all("symbolic link" in str(e) or "Too many levels" in str(e) for e in errors), [str(e) for e in errors]


def test_unreadable_file_and_folder_as_an_unprivileged_user(tmp_path: Path) -> None:
    """chmod does not stop root, so the reader runs as "nobody" (uid 65534) in a subprocess."""
    if not hasattr(os, "setuid"):
        pytest.skip("no os.setuid on this platform")
    import shutil
    import tempfile

    # pytest's tmp_path sits under a 0700 folder that "nobody" cannot enter.
    outer = Path(tempfile.mkdtemp(prefix="diplokg-perm-"))
    os.chmod(outer, 0o755)
    root = outer / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "x.txt").write_text(GOOD)
    (root / "secret.txt").write_text(GOOD)
    (root / "ok.txt").write_text(GOOD)
    os.chmod(root / "locked", 0o000)
    os.chmod(root / "secret.txt", 0o000)
    repo = Path(__file__).resolve().parents[2]
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(repo)!r})\n"
        "from diplokg.readers import iter_inputs\n"
        "import encodings.utf_8_sig, encodings.latin_1\n"
        # Imports first: the interpreter's own files may not be readable by the unprivileged user.
        "if os.getuid() == 0: os.setuid(65534)\n"
        "for item in iter_inputs([sys.argv[1]]): print(type(item).__name__, '|', getattr(item, 'id', item))\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=60)
    finally:
        os.chmod(root / "locked", 0o755)
        shutil.rmtree(outer)
    if os.getuid() != 0 and done.returncode != 0:
        pytest.skip(f"cannot run as an unprivileged user: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines == [
        f"InputError | {root / 'locked'}: cannot list the folder: Permission denied",
        "Article | ok",
        f"InputError | {root / 'secret.txt'}: cannot read the file: Permission denied",
    ]


@pytest.mark.parametrize("data, kind", [
    (b'{"id": "s1", "text": "Oman hosted the talks."}\n', "s1"),
    (b"<html><body><p>Oman hosted the talks.</p><script>x()</script></body></html>", "stdin"),
    (b"Title: T\n\nOman hosted the talks.\n", "stdin"),
])
def test_stdin_format_is_recognised(monkeypatch: pytest.MonkeyPatch, data: bytes, kind: str) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_inputs(["-"]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    assert items[0].id == kind and items[0].text.strip() == "Oman hosted the talks."
    assert items[0].origin == ("<stdin>:1" if kind == "s1" else "<stdin>")
