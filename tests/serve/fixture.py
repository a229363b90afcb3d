"""A small graph of three articles, built from records, for the server tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence

__all__ = ["fixture_extractions", "build_store", "IRAN", "QATAR", "USA", "PEZESHKIAN", "COUNCIL"]

BASE = "https://w3id.org/diplokg/resource/"
IRAN = BASE + "country/iran"
QATAR = BASE + "country/qatar"
USA = BASE + "country/united-states"
PEZESHKIAN = BASE + "person/masoud-pezeshkian"
#: A key with a non-ASCII character, so its IRI carries percent-escapes.
COUNCIL = BASE + "org/conseil-de-s%C3%A9curit%C3%A9"

ENTITIES = {
    "country/iran": Entity("country/iran", "Country", "Iran", ("Tehran",), "Q794", 0.99, "gazetteer"),
    "country/qatar": Entity("country/qatar", "Country", "Qatar", ("Doha",), "Q846", 0.99, "gazetteer"),
    "country/united-states": Entity("country/united-states", "Country", "United States", ("Washington", "US"),
                                    "Q30", 0.99, "gazetteer"),
    "person/masoud-pezeshkian": Entity("person/masoud-pezeshkian", "Person", "Masoud Pezeshkian",
                                       ("Pezeshkian",), "Q5951633", 0.9, "gazetteer"),
    "org/conseil-de-sécurité": Entity("org/conseil-de-sécurité", "GovernmentBody", "Conseil de sécurité"),
}

# (id, date, title, [(sentence, [(relation, agent, target, trigger, cameo, polarity)])])
ARTICLES = [
    ("pezeshkian-qatar", dt.date(2025, 10, 5), "Pezeshkian visits Qatar", [
        ("Iranian President Masoud Pezeshkian visited Qatar on Sunday.",
         [("visited", "person/masoud-pezeshkian", "country/qatar", "visited", "042", "affirmed")]),
        ("Qatar hosted Pezeshkian in Doha for two days.",
         [("hosted", "country/qatar", "person/masoud-pezeshkian", "hosted", "043", "affirmed")]),
        ("Iran accused the United States of undermining the talks.",
         [("accused", "country/iran", "country/united-states", "accused", "112", "affirmed")]),
    ]),
    ("iran-us-talks", dt.date(2025, 11, 10), "Iran and US negotiate in Muscat", [
        ("Iran and the United States negotiated in Muscat.",
         [("negotiatedWith", "country/iran", "country/united-states", "negotiated", "046", "affirmed")]),
        ("Washington sanctioned Iran's oil sector a week later.",
         [("sanctioned", "country/united-states", "country/iran", "sanctioned", "163", "affirmed")]),
        ("Iran did not meet US envoys in Geneva.",
         [("metWith", "country/iran", "country/united-states", "meet", None, "negated")]),
    ]),
    ("us-threat", dt.date(2026, 1, 15), "US threatens Iran", [
        ("The United States threatened Iran with strikes.",
         [("threatened", "country/united-states", "country/iran", "threatened", "138", "affirmed")]),
        ("Iran and Qatar signed a trade agreement.",
         [("signedAgreementWith", "country/iran", "country/qatar", "signed", "057", "affirmed")]),
    ]),
]


def fixture_extractions() -> list[Extraction]:
    """The three fixture articles as extraction records."""
    out = []
    for article_id, date, title, sentences in ARTICLES:
        text = " ".join(s for s, _ in sentences)
        records, events, keys = [], [], {"org/conseil-de-sécurité"}
        offset = 0
        for index, (sentence, facts) in enumerate(sentences):
            start, end = offset, offset + len(sentence)
            records.append(Sentence(article_id, index, start, end, sentence))
            for relation, agent, target, trigger, cameo, polarity in facts:
                keys |= {agent, target}
                events.append(Event(article_id, relation, agent, target, start, end, trigger, 0.9,
                                    polarity=polarity, cameo=cameo))
            offset = end + 1
        positions = ()
        if article_id == "pezeshkian-qatar":
            positions = (Position(article_id, "person/masoud-pezeshkian", "President", "country/iran", "leaderOf",
                                  True, 0, len(sentences[0][0]), 0.95),)
            keys.add("country/iran")
        article = Article(article_id, text, title, date, f"https://news.example.org/{article_id}")
        out.append(Extraction(article, tuple(records), tuple(ENTITIES[k] for k in sorted(keys)), tuple(events),
                              positions))
    return out


def build_store(path: Path) -> Path:
    """Write the ontology and the fixture articles into an on-disk store at ``path``."""
    from diplokg.graph.build import GraphBuilder, RunInfo
    from diplokg.graph.namespace import ONTOLOGY_GRAPH
    from diplokg.graph.store import OxigraphStore
    from diplokg.graph.vocab import ontology_quads

    run = RunInfo("test-run", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "diplokg test", "none")
    store = OxigraphStore(path)
    store.replace_graphs({ONTOLOGY_GRAPH: ontology_quads(ONTOLOGY_GRAPH)})
    builder = GraphBuilder(run)
    store.replace_graphs(dict(builder.build(e) for e in fixture_extractions()))
    store.close()
    return path
