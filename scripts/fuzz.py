"""Fuzz the whole pipeline with generated documents and strings; count crashes and invalid exports.

Each generated document (text, JSONL, HTML, binary, broken UTF-8, empty, unknown type; names and
quotes full of quotes, backslashes, control characters, right-to-left text, emoji and lone
surrogates) goes through the readers, extraction and linking, the graph builder, the store and
every export format, and is parsed back with pyoxigraph, rdflib and (every few batches) rapper.
Arbitrary strings also go straight through minting. Bad inputs must come back as ``InputError``
items, never as exceptions; every export must parse back to exactly the stored quads.

    python scripts/fuzz.py --n 10000          # exit 0 when no crash and no invalid export
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from diplokg.errors import InputError  # noqa: E402
from diplokg.graph.build import GraphBuilder  # noqa: E402
from diplokg.graph.store import OxigraphStore  # noqa: E402
from diplokg.readers import iter_inputs  # noqa: E402
from diplokg.records import Article, Entity, Extraction, Sentence  # noqa: E402
from tests.reliability.roundtrip import (RAPPER, RAPPER_FORMATS, RUN, build_from_strings, expected,  # noqa: E402
                                         parse_ox, parse_rapper, parse_rdflib)

NASTY = ['"', "'", "\\", "\n", "\r\n", "\t", "<", ">", "<>", "{}", "|", "^", "`", "%", "%20", "#", "?", "/", ".",
         "..", "\x00", "\x01", "\x0b", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u202e", "\u200f", "\ufeff",
         "\ufffe", "\U0010ffff", "😀", "👩‍👩‍👧", "🇮🇷", "مسعود پزشکیان", "אבג", "中文", "Ωμέγα", "\\u0022",
         '"""', "'''", "<script>", "&amp;", "&#0;", "&#xD800;", "_:b0", "<http://x>", "@en", "^^xsd:date"]
ACTORS = ["Iran", "Qatar", "Masoud Pezeshkian", "Antony Blinken", "China", "Russia", "the United Nations",
          "Abbas Araghchi", "Oman", "Hamas", "Israel", "the European Union", "Xi Jinping", "Vladimir Putin"]
VERBS = ["visited", "met", "accused", "condemned", "signed an agreement with", "sanctioned", "called on",
         "rejected talks with", "spoke by telephone with", "hosted", "threatened", "praised"]
RANGES = [(0x20, 0x7E), (0x00, 0x1F), (0x80, 0x24F), (0x590, 0x6FF), (0x4E00, 0x4FFF), (0x1F300, 0x1FAFF),
          (0xD800, 0xDFFF), (0xFDD0, 0xFDEF), (0x10000, 0x10FFFF)]


def nasty(rng: random.Random, *, surrogates: bool = True, size: int = 6) -> str:
    """A short string built from serialiser-hostile pieces and random code points."""
    parts = []
    for _ in range(rng.randint(1, size)):
        if rng.random() < 0.5:
            parts.append(rng.choice(NASTY))
        else:
            low, high = rng.choice(RANGES if surrogates else RANGES[:6] + RANGES[7:])
            parts.append("".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 4))))
    return "".join(parts)


def story(rng: random.Random) -> str:
    """A few news sentences whose actors are real names, sometimes spiced with nasty strings."""
    sentences = []
    for _ in range(rng.randint(1, 5)):
        agent, target = rng.choice(ACTORS), rng.choice(ACTORS)
        if rng.random() < 0.4:
            agent = f"{agent} {nasty(rng, surrogates=False, size=2)}"
        if rng.random() < 0.3:
            target = nasty(rng, surrogates=False, size=3) + " " + target
        quote = f' "{nasty(rng, surrogates=False)}," he said.' if rng.random() < 0.3 else ""
        sentences.append(f"{agent} {rng.choice(VERBS)} {target} on March {rng.randint(1, 28)}.{quote}")
    return " ".join(sentences)


def _safe_stem(rng: random.Random, index: int) -> str:
    text = nasty(rng, surrogates=False, size=2)
    keep = "".join(c for c in text if c not in "/\x00\n\r" and ord(c) < 0x10000 and not 0xFDD0 <= ord(c) <= 0xFFFF)
    stem = f"doc{index:05d}-{keep}"
    while len(stem.encode("utf-8")) > 120:
        stem = stem[:-1]
    return stem.rstrip(".") or f"doc{index:05d}"


def make_document(rng: random.Random, index: int) -> tuple[str, bytes]:
    """A generated input file: (file name, bytes)."""
    kind = rng.choices(["txt", "jsonl", "html", "binary", "badutf8", "empty", "unknown"],
                       weights=[30, 25, 20, 5, 10, 5, 5])[0]
    stem = _safe_stem(rng, index)
    if kind == "txt":
        header = f"Title: {nasty(rng, surrogates=False)}\nDate: 2025-03-0{rng.randint(1, 9)}\n\n" \
            if rng.random() < 0.6 else ""
        return f"{stem}.txt", (header + story(rng)).encode("utf-8")
    if kind == "jsonl":
        lines = []
        for n in range(rng.randint(1, 4)):
            obj = {"id": f"{index}-{n}-{nasty(rng)}", "title": nasty(rng), "text": story(rng) + nasty(rng),
                   "url": f"https://example.org/{nasty(rng)}", "date": rng.choice(["2025-01-31", None, ""])}
            line = json.dumps(obj, ensure_ascii=rng.random() < 0.7)  # surrogates only survive escaped
            if rng.random() < 0.15:
                line = line[: rng.randint(0, len(line))]  # a truncated, malformed line
            lines.append(line)
        return f"{stem}.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass")
    if kind == "html":
        junk = rng.choice(["<li>", "<p>", "<div>", "<td>", "<b>", ""])
        body = (f"<html><head><title>{nasty(rng, surrogates=False)}</title><script>var s='</p>{junk}';</script>"
                f"</head><body><nav><ul>{junk}<li>Home{junk}<li>World</ul></nav>{junk}"
                f"<article><p>{story(rng)}{junk}<p>{nasty(rng, surrogates=False)}</article><footer>(c)</footer>")
        return f"{stem}.html", body.encode("utf-8")
    if kind == "binary":
        return f"{stem}.txt", bytes(rng.randint(0, 255) for _ in range(rng.randint(16, 600)))
    if kind == "badutf8":
        data = bytearray(story(rng).encode("utf-8"))
        for _ in range(rng.randint(1, 5)):
            data.insert(rng.randint(0, len(data)), rng.choice([0x80, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE]))
        return f"{stem}.txt", bytes(data)
    if kind == "empty":
        return f"{stem}.{rng.choice(['txt', 'jsonl', 'html'])}", rng.choice([b"", b"\n\n", b"   \t "])
    return f"{stem}.{rng.choice(['pdf', 'docx', 'md'])}", story(rng).encode("utf-8")


def synthetic_extraction(article: Article, rng: random.Random) -> Extraction:
    """Records for an article when the extraction stage is not used: its text and nasty names."""
    name = nasty(rng)
    entity = Entity(f"person/{name}", "Person", name, aliases=(nasty(rng),))
    return Extraction(article, (Sentence(article.id, 0, 0, len(article.text), article.text),), (entity,))


class Fuzzer:
    """Runs batches of documents through the pipeline and keeps the counts."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []
        self.builder = GraphBuilder(RUN)
        self.nlp = None
        self.link = None
        if not args.no_extract:
            from diplokg.extract import load_model

            self.nlp = load_model()
            try:
                from diplokg.linking import link_extraction

                self.link = link_extraction
            except ImportError:
                pass

    def crash(self, stage: str, exc: BaseException, detail: str = "") -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
        key = f"crash:{stage}:{type(exc).__name__} at {where}"
        self.counts[key] += 1
        if self.counts[key] <= 3:  # a few examples of each kind are enough to reproduce it
            self.failures.append(f"crash in {stage} {detail}: {''.join(traceback.format_exception_only(exc)).strip()}")

    def extract(self, articles: list[Article]) -> list[Extraction]:
        if self.nlp is None:
            return [synthetic_extraction(a, self.rng) for a in articles]
        from diplokg.extract import extract_articles

        out = []
        for article in articles:  # one at a time, so a crash names its article
            try:
                extraction = next(extract_articles([article], nlp=self.nlp))
                out.append(self.link(extraction) if self.link else extraction)
            except Exception as exc:  # noqa: BLE001 - counting crashes is the point
                saved = self.save("article.json", json.dumps(
                    {"id": article.id, "title": article.title, "text": article.text}, ensure_ascii=True).encode())
                self.crash("extract", exc, f"{article.id!r:.60} (article saved to {saved})")
        return out

    def batch(self, start: int, size: int, folder: Path) -> None:
        for index in range(start, start + size):
            name, data = make_document(self.rng, index)
            (folder / name).write_bytes(data)
            self.counts["documents"] += 1
        warnings: list[str] = []
        try:
            items = list(iter_inputs([str(folder)], on_warning=warnings.append))
        except Exception as exc:  # noqa: BLE001
            self.crash("readers", exc)
            return
        articles = [i for i in items if isinstance(i, Article)]
        self.counts["articles read"] += len(articles)
        self.counts["input errors (expected)"] += sum(isinstance(i, InputError) for i in items)
        self.counts["reader warnings"] += len(warnings)
        graphs: dict[str, list] = {}
        for extraction in self.extract(articles):
            self.counts["events"] += len(extraction.events)
            try:
                graph, quads = self.builder.build(extraction)
                graphs[graph] = quads
            except Exception as exc:  # noqa: BLE001
                self.crash("build", exc, repr(extraction.article.id)[:80])
        for _ in range(size):  # arbitrary strings, lone surrogates included, straight through minting
            strings = [nasty(self.rng) for _ in range(5)]
            self.counts["strings"] += len(strings)
            try:
                graph, quads = build_from_strings(strings[0] or "x", strings[1] or "x", (strings[2], strings[3]),
                                                  strings[4], strings[4])
                graphs[graph] = quads
            except Exception as exc:  # noqa: BLE001
                self.crash("mint", exc, repr(strings)[:120])
        self.round_trip(graphs, with_rapper=RAPPER is not None and (start // size) % self.args.rapper_every == 0)

    def round_trip(self, graphs: dict[str, list], *, with_rapper: bool) -> None:
        try:
            merged = OxigraphStore(None)
            merged.replace_graphs(graphs)
            stored = list(merged.quads())
            from diplokg.api import EXPORT_FORMATS, export

            exports = {name: export(merged, name) or b"" for name in EXPORT_FORMATS}
        except Exception as exc:  # noqa: BLE001
            self.crash("store/export", exc)
            return
        for name, data in exports.items():
            parsers = [parse_ox, parse_rdflib] + ([parse_rapper] if with_rapper and name in RAPPER_FORMATS else [])
            for parse in parsers:
                self.counts["exports parsed"] += 1
                try:
                    ok = parse(name, data) == expected(stored, name)
                    problem = "differs from the stored quads"
                except Exception as exc:  # noqa: BLE001
                    ok, problem = False, f"does not parse: {str(exc)[:300]}"
                if not ok:
                    self.counts[f"invalid export:{name}:{parse.__name__}"] += 1
                    saved = self.save(name, data)
                    self.failures.append(f"{name} export via {parse.__name__} {problem} (saved to {saved})")

    def save(self, name: str, data: bytes) -> Path:
        out = Path(self.args.out)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"failed-{sum(self.counts.values()):07d}.{name}"
        path.write_bytes(data)
        return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="number of generated documents")
    parser.add_argument("--seed", type=int, default=7, help="random seed (the same seed repeats the same run)")
    parser.add_argument("--batch", type=int, default=50, help="documents per store and export round trip")
    parser.add_argument("--rapper-every", type=int, default=5, help="check with rapper every N-th batch")
    parser.add_argument("--no-extract", action="store_true", help="skip spaCy extraction (faster)")
    parser.add_argument("--out", default="fuzz-failures", help="folder for exports that failed to parse back")
    args = parser.parse_args()
    started = time.perf_counter()
    fuzzer = Fuzzer(args)
    with tempfile.TemporaryDirectory(prefix="diplokg-fuzz-") as tmp:
        for start in range(0, args.n, args.batch):
            folder = Path(tmp) / f"batch{start:06d}"
            folder.mkdir()
            fuzzer.batch(start, min(args.batch, args.n - start), folder)
            if (start // args.batch) % 20 == 19:
                bad = sum(v for k, v in fuzzer.counts.items() if k.startswith(("crash:", "invalid export:")))
                print(f"  {start + args.batch} documents, {bad} problem(s), {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    counts = fuzzer.counts
    crashes = sum(v for k, v in counts.items() if k.startswith("crash:"))
    invalid = sum(v for k, v in counts.items() if k.startswith("invalid export:"))
    for key in sorted(counts):
        print(f"{key:40} {counts[key]:>8}")
    for failure in fuzzer.failures[:20]:
        print("  " + failure)
    print(f"seed {args.seed}: {counts['documents']} documents, {counts['strings']} strings, "
          f"{counts['exports parsed']} export parses; {crashes} crash(es), {invalid} invalid export(s); "
          f"{'rapper' if RAPPER else 'no rapper'}; {'extraction' if fuzzer.nlp else 'no extraction'}; "
          f"{time.perf_counter() - started:.0f} s")
    return 1 if crashes or invalid else 0


if __name__ == "__main__":
    sys.exit(main())
