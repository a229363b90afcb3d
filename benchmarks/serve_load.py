"""Load test for ``diplokg serve``: concurrent clients run the shipped queries against a large store.

Builds (or reuses) a store of realistic article graphs — many actors, every event relation,
dates over three years, evidence sentences — starts ``diplokg serve`` on loopback, runs
CLIENTS concurrent clients for SECONDS, and prints requests, errors, median and p95 latency.

    python benchmarks/serve_load.py                      # 50 clients, 30 s, ~270k triples
    python benchmarks/serve_load.py --store /tmp/big --articles 2000 --clients 20 --seconds 10
    python benchmarks/serve_load.py --no-cache           # every query run afresh
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from diplokg.graph.build import GraphBuilder, RunInfo
from diplokg.graph.namespace import ONTOLOGY_GRAPH
from diplokg.graph.store import OxigraphStore
from diplokg.graph.vocab import ontology_quads, relations
from diplokg.queries import all_queries
from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence

COUNTRIES = [
    "Iran", "Qatar", "United States", "China", "Russia", "Saudi Arabia", "Israel", "Turkey", "France", "Germany",
    "United Kingdom", "India", "Pakistan", "Japan", "South Korea", "North Korea", "Egypt", "Jordan", "Iraq", "Syria",
    "Lebanon", "Ukraine", "Poland", "Brazil", "Argentina", "Mexico", "Colombia", "Venezuela", "Nigeria", "Niger",
    "Mali", "Ethiopia", "Kenya", "South Africa", "Indonesia", "Vietnam", "Philippines", "Australia", "Canada", "Oman",
]
PEOPLE = [f"{first} {last}" for first, last in zip(
    ["Amir", "Laila", "Chen", "Olga", "Yusuf", "Maria", "David", "Aiko", "Kwame", "Sofia", "Rahul", "Elena",
     "Omar", "Ines", "Tomas", "Nadia", "Pierre", "Hana", "Sergei", "Fatima"],
    ["Haddad", "Karimi", "Wei", "Petrova", "Demir", "Silva", "Cohen", "Tanaka", "Mensah", "Rossi", "Mehta",
     "Ivanova", "Farouk", "Moreau", "Novak", "Aziz", "Laurent", "Sato", "Volkov", "Bello"])]
VERBS = {"visited": "visited", "hosted": "hosted", "metWith": "met", "spokeWith": "spoke with",
         "negotiatedWith": "negotiated with", "accused": "accused", "threatened": "threatened",
         "sanctioned": "sanctioned", "supported": "backed", "aided": "sent aid to", "rejected": "rejected",
         "requested": "urged", "attacked": "struck", "signedAgreementWith": "signed an accord with"}


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def synthetic_extractions(count: int, seed: int = 7) -> list[Extraction]:
    """Article records with the shape extraction produces, varied ids, actors, relations and dates."""
    rng = random.Random(seed)
    event_relations = sorted(name for name, info in relations().items() if info.event_class)
    countries = {f"country/{_slug(c)}": Entity(f"country/{_slug(c)}", "Country", c) for c in COUNTRIES}
    people = {f"person/{_slug(p)}": Entity(f"person/{_slug(p)}", "Person", p) for p in PEOPLE}
    actors = list(countries) + list(people)
    start = dt.date(2023, 1, 1)
    out = []
    for n in range(count):
        article_id = f"bench-{n:06d}"
        date = start + dt.timedelta(days=rng.randrange(3 * 365))
        sentences, events, keys = [], [], set()
        offset = 0
        for index in range(10):
            relation = rng.choice(event_relations)
            agent, target = rng.sample(actors, 2)
            name = lambda key: (countries.get(key) or people[key]).label  # noqa: E731
            text = f"{name(agent)} {VERBS.get(relation, relation)} {name(target)} on day {index} of the talks."
            sentences.append(Sentence(article_id, index, offset, offset + len(text), text))
            roots = relations()[relation].cameo_roots
            events.append(Event(article_id, relation, agent, target, offset, offset + len(text),
                                VERBS.get(relation, relation), round(rng.uniform(0.5, 1.0), 3),
                                polarity="negated" if rng.random() < 0.08 else "affirmed",
                                modality=rng.choice(["asserted", "asserted", "reported", "planned"]),
                                date=date if rng.random() < 0.5 else None,
                                cameo=f"{roots[0]}{rng.randrange(10)}" if roots else None))
            keys |= {agent, target}
            offset += len(text) + 1
        holder = rng.choice(list(people))
        positions = (Position(article_id, holder, "Foreign Minister", rng.choice(list(countries)), "officialOf",
                              True, 0, sentences[0].end, 0.8),)
        keys.add(holder)
        keys.add(positions[0].of)
        entities = tuple((countries.get(k) or people[k]) for k in sorted(keys))
        body = " ".join(s.text for s in sentences)
        article = Article(article_id, body, f"Diplomatic round-up {n}", date, f"https://news.example.org/{article_id}")
        out.append(Extraction(article, tuple(sentences), entities, tuple(events), positions))
    return out


def build_store(path: Path, articles: int) -> int:
    """Write the ontology and ``articles`` synthetic article graphs; return the quad count."""
    run = RunInfo("bench", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "diplokg bench", "synthetic")
    store = OxigraphStore(path)
    store.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
    builder = GraphBuilder(run)
    batch: dict = {}
    for extraction in synthetic_extractions(articles):
        iri, quads = builder.build(extraction)
        batch[iri] = quads
        if len(batch) >= 200:
            store.replace_graphs(batch)
            batch = {}
    store.replace_graphs(batch)
    count = store.count()
    store.close()
    return count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _client(http: httpx.AsyncClient, plan: list[tuple[str, dict[str, str]]], offset: int, deadline: float,
                  results: list[tuple[str, float, int]]) -> None:
    index = offset
    while time.monotonic() < deadline:
        name, params = plan[index % len(plan)]
        index += 1
        started = time.monotonic()
        try:
            path = name if name.startswith("/") else f"/api/queries/{name}"
            response = await http.get(path, params=params)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        results.append((name, time.monotonic() - started, status))


#: What the explorer asks for while someone browses: its views and two linked-data pages.
EXPLORER_PLAN = [
    ("/api/network", {"polarity": "affirmed"}),
    ("/api/network", {"roots": "04", "from": "2024-01-01", "to": "2024-12-31"}),
    ("/api/timeline", {"actor": "Iran"}),
    ("/api/pair", {"a": "Iran", "b": "United States"}),
    ("/api/entities", {"q": "ira"}),
    ("/resource/country/qatar", {"format": "html"}),
    ("/resource/person/amir-haddad", {"format": "turtle"}),
]


async def load(url: str, clients: int, seconds: float, mix: str) -> list[tuple[str, float, int]]:
    """Run ``clients`` concurrent loops over the shipped queries (those needing no network) or the explorer's calls."""
    if mix == "explorer":
        plan = EXPLORER_PLAN
    else:
        plan = [(q.name, {p.name: p.default for p in q.params if p.default}) for q in all_queries()
                if not q.needs_network]
    results: list[tuple[str, float, int]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, plan, i, deadline, results) for i in range(clients)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="store folder to build or reuse (default: a temporary one)")
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles to write (~270 quads each)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None, help="server query worker processes")
    parser.add_argument("--no-cache", action="store_true", help="start the server without its reply cache")
    parser.add_argument("--mix", choices=["shipped", "explorer"], default="shipped",
                        help="run the shipped queries, or the explorer's own calls")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="diplokg-load-") as tmp:
        path = args.store or Path(tmp) / "store"
        if not path.exists():
            started = time.perf_counter()
            quads = build_store(path, args.articles)
            print(f"built {path}: {quads:,} quads from {args.articles} articles in {time.perf_counter() - started:.1f} s")
        else:
            quads = OxigraphStore(path, read_only=True).count()
            print(f"reusing {path}: {quads:,} quads")
        port = free_port()
        command = [sys.executable, "-m", "diplokg.cli", "--store", str(path), "serve", "--host", "127.0.0.1",
                   "--port", str(port), "--timeout", "30"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.no_cache:
            command.append("--no-cache")
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{url}/api/config", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise SystemExit("the server did not start")
            results = asyncio.run(load(url, args.clients, args.seconds, args.mix))
        finally:
            server.terminate()
            server.wait(30)

    latencies = sorted(r[1] for r in results)
    errors = Counter(r[2] for r in results if r[2] != 200)
    by_query: dict[str, list[float]] = defaultdict(list)
    for name, seconds, _ in results:
        by_query[name].append(seconds)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan")
    print(f"store: {quads:,} quads · {args.mix} mix · {args.clients} clients · {args.seconds:g} s · loopback {url}")
    print(f"requests: {len(results)} ({len(results) / args.seconds:.1f}/s) · errors: {sum(errors.values())}"
          + (f" {dict(errors)}" if errors else ""))
    print(f"latency: median {statistics.median(latencies) * 1000:.0f} ms · p95 {p95 * 1000:.0f} ms · "
          f"max {latencies[-1] * 1000:.0f} ms")
    for name in sorted(by_query):
        values = by_query[name]
        print(f"  {name:30s} {len(values):5d} requests, median {statistics.median(values) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
