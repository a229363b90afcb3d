"""Shared helpers for the benchmarks: the corpus, replicated articles, a synthetic graph, timing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "examples" / "articles"
VOA = REPO.parent / "shared" / "corpus" / "voa"
GAZETTEER = REPO / "ontology" / "gazetteer"


def corpus_articles(samples_only: bool = False) -> list:  # list[Article]
    """The sample articles and, when present, the public-domain VOA articles (header, ``---``, body)."""
    from diplokg.readers import iter_inputs
    from diplokg.records import Article

    articles = [a for a in iter_inputs([SAMPLES]) if isinstance(a, Article)] if SAMPLES.exists() else []
    if VOA.is_dir() and not (samples_only and articles):
        for path in sorted(VOA.glob("*.txt")):
            head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
            meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
            try:
                date = dt.date.fromisoformat(meta.get("date", "").strip())
            except ValueError:
                date = None
            articles.append(Article(id=f"voa-{path.stem}", text=body.strip(), title=meta.get("title", "").strip(),
                                    date=date, url=meta.get("source", "").split()[0] if meta.get("source") else None))
    if not articles:
        raise SystemExit(f"no corpus: neither {SAMPLES} nor {VOA} holds articles")
    return articles


def replicated(n: int, samples_only: bool = False) -> Iterator:  # Iterator[Article]
    """``n`` articles cycling through the corpus, each with its own id."""
    from dataclasses import replace

    base = corpus_articles(samples_only)
    for i in range(n):
        article = base[i % len(base)]
        yield replace(article, id=f"{article.id}-{i // len(base):05d}")


def write_jsonl(n: int, path: Path, samples_only: bool = False) -> int:
    """Write ``n`` replicated articles as JSONL (the ingest input format); return their word count."""
    words = 0
    with open(path, "w", encoding="utf-8") as out:
        for a in replicated(n, samples_only):
            words += len(a.text.split())
            out.write(json.dumps({"id": a.id, "title": a.title, "date": a.date.isoformat() if a.date else None,
                                  "url": a.url, "text": a.text}) + "\n")
    return words


def _gazetteer_names() -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """(entity type, name) pools from the gazetteer, for realistic entities, and their Wikidata ids."""
    pools: dict[str, list[tuple[str, str]]] = {"Country": [], "Person": [], "Organization": []}
    qids: dict[str, str] = {}
    for kind, file in (("Country", "countries.csv"), ("Person", "persons.csv"), ("Organization", "organizations.csv")):
        with open(GAZETTEER / file, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                pools[kind].append((row.get("type") or kind, row["name"]))
                if row.get("qid"):
                    qids[row["name"]] = row["qid"]
    return pools, qids


def synthetic_extractions(n: int, *, seed: int = 7) -> Iterator:  # Iterator[Extraction]
    """``n`` article extractions with varied ids, entities and events (Zipf-like actor popularity).

    Shaped like real extractions: ~12 sentences, ~9 entities, ~6 events, 2 positions, a statement
    and a capital fact per article, so the graph has the joins the shipped queries walk.
    """
    from diplokg.gazetteer import slugify
    from diplokg.graph.vocab import relations
    from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence, Statement

    rng = random.Random(seed)
    pools, qids = _gazetteer_names()
    # Popular actors first, so a few (Iran, United States, ...) appear in many articles, as in news.
    popular = ["Iran", "United States", "Israel", "Russia", "China", "Ukraine", "Qatar", "Saudi Arabia"]
    countries = sorted(pools["Country"], key=lambda e: (e[1] not in popular, popular.index(e[1])
                                                        if e[1] in popular else 0, e[1]))
    actors = countries + pools["Person"] + pools["Organization"]
    weights = [1.0 / (rank + 1) for rank in range(len(actors))]
    event_relations = [r for r in relations().values() if r.event_class]
    modalities = ["asserted"] * 6 + ["reported"] * 3 + ["planned", "hypothetical"]
    start = dt.date(2015, 1, 1)
    for i in range(n):
        article_id = f"synthetic-{i:07d}"
        chosen = {name: type_ for type_, name in rng.choices(actors, weights, k=12)}
        # Linked as the offline gazetteer links them: entries without a known QID stay unlinked.
        entities = tuple(
            Entity(f"{type_.lower()}/{slugify(name)}", type_, name,
                   aliases=(name.split()[-1],) if type_ == "Person" else (),
                   qid=qids.get(name), link_confidence=0.99,
                   link_method="gazetteer-exact")
            for name, type_ in sorted(chosen.items())
        )
        keys = [e.key for e in entities]
        texts = [f"Sentence {s} of article {i}: {rng.choice(list(chosen))} and {rng.choice(list(chosen))} "
                 f"discussed {rng.choice(['trade', 'security', 'sanctions', 'a ceasefire'])}." for s in range(12)]
        sentences, offset = [], 0
        for s, text in enumerate(texts):
            sentences.append(Sentence(article_id, s, offset, offset + len(text), text))
            offset += len(text) + 1
        date = start + dt.timedelta(days=rng.randrange(3650))
        events = []
        for _ in range(rng.randint(3, 9)):
            agent, target = rng.sample(keys, 2) if len(keys) > 1 else (keys[0], keys[0])
            sentence = rng.choice(sentences)
            relation = rng.choice(event_relations)
            events.append(Event(
                article_id, relation.name, agent, target, sentence.start, sentence.end, relation.name,
                round(rng.uniform(0.5, 1.0), 3), polarity="negated" if rng.random() < 0.1 else "affirmed",
                modality=rng.choice(modalities), date=date if rng.random() < 0.5 else None,
                cameo=(relation.cameo_roots[0] + "0") if relation.cameo_roots else None,
            ))
        people = [e for e in entities if e.type == "Person"]
        nations = [e for e in entities if e.type == "Country"]
        positions = tuple(
            Position(article_id, p.key, rng.choice(["President", "Foreign Minister", "Ambassador"]),
                     rng.choice(nations).key, rng.choice(["leaderOf", "officialOf"]), rng.random() < 0.8,
                     sentences[1].start, sentences[1].end, 0.9)
            for p in people[:2] if nations
        )
        statements = (Statement(article_id, keys[0], f"We will talk to {entities[-1].label}.", (keys[-1],),
                                sentences[2].start, sentences[2].end),)
        yield Extraction(
            article=Article(article_id, " ".join(texts), title=f"Synthetic article {i}", date=date,
                            url=f"https://example.org/news/{i}"),
            sentences=tuple(sentences), entities=entities, events=tuple(events), positions=positions,
            statements=statements, model="en_core_web_sm 3.8.0",
        )


def write_synthetic_nquads(n_articles: int, path: Path, *, with_ontology: bool = True) -> int:
    """Build ``n_articles`` synthetic article graphs into an N-Quads file; return the quad count."""
    import pyoxigraph as ox

    from diplokg.graph.build import GraphBuilder, RunInfo
    from diplokg.graph.namespace import ONTOLOGY_GRAPH
    from diplokg.graph.vocab import ontology_quads

    run = RunInfo("bench", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "diplokg bench", "en_core_web_sm 3.8.0")
    builder = GraphBuilder(run)
    count = 0
    with open(path, "wb") as out:
        if with_ontology:
            quads = ontology_quads(ONTOLOGY_GRAPH)
            ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            count += len(quads)
        for extraction in synthetic_extractions(n_articles):
            _, quads = builder.build(extraction)
            ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            count += len(quads)
    return count


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of ``runs`` calls, in milliseconds.

    CPU time is reported beside wall time because on a shared machine other processes stretch
    the wall clock; this process's own work is what the CPU time measures.
    """
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def verdict(ok: bool) -> str:
    """PASS/MISS label for a target."""
    return "PASS" if ok else "MISS"
