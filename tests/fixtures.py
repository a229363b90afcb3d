"""A small hand-written set of extraction records: the fixture graph of the query and graph tests."""

from __future__ import annotations

import datetime as dt

from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence

IRAN = Entity("country/iran", "Country", "Iran", aliases=("Tehran", "the Islamic Republic"), qid="Q794",
              link_confidence=0.99, link_method="gazetteer-exact", country="IRN")
QATAR = Entity("country/qatar", "Country", "Qatar", qid="Q846", link_confidence=0.99, link_method="gazetteer-exact")
USA = Entity("country/united-states", "Country", "United States", aliases=("Washington",), qid="Q30",
             link_confidence=0.99, link_method="gazetteer-exact")
OMAN = Entity("country/oman", "Country", "Oman", qid="Q842", link_confidence=0.99, link_method="gazetteer-exact")
PEZESHKIAN = Entity("person/masoud-pezeshkian", "Person", "Masoud Pezeshkian", aliases=("Pezeshkian",))
ARAGHCHI = Entity("person/abbas-araghchi", "Person", "Abbas Araghchi", aliases=("Araghchi",))
BUSAIDI = Entity("person/badr-albusaidi", "Person", "Badr Albusaidi")

TEXT_A = (
    "Iranian President Masoud Pezeshkian visited Qatar on October 2. "
    "Tehran rules out negotiations with Washington. "
    "Pezeshkian will visit Oman next month."
)
TEXT_B = (
    "Foreign Minister Abbas Araghchi met Omani Foreign Minister Badr Albusaidi in Muscat. "
    "Araghchi did not meet envoys from Washington."
)


def _sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for index, part in enumerate(text.split(". ")):
        chunk = part if part.endswith(".") else part + "."
        begin = text.index(chunk, start)
        out.append(Sentence(article_id, index, begin, begin + len(chunk), chunk))
        start = begin + len(chunk)
    return tuple(out)


def fixture_extractions() -> list[Extraction]:
    """Two articles: a visit, a rejection, a planned visit, a meeting, a negated meeting, positions."""
    a = Article("fixture-a", TEXT_A, title="Pezeshkian in Doha", date=dt.date(2024, 10, 3),
                url="https://example.org/a")
    sa = _sentences(a.id, TEXT_A)
    b = Article("fixture-b", TEXT_B, title="Araghchi in Muscat", date=dt.date(2024, 11, 5))
    sb = _sentences(b.id, TEXT_B)
    ext_a = Extraction(
        article=a,
        sentences=sa,
        entities=(IRAN, QATAR, USA, OMAN, PEZESHKIAN),
        events=(
            Event(a.id, "visited", PEZESHKIAN.key, QATAR.key, sa[0].start, sa[0].end, "visited", 0.9,
                  date=dt.date(2024, 10, 2), cameo="042"),
            Event(a.id, "rejected", IRAN.key, USA.key, sa[1].start, sa[1].end, "rules out", 0.8, cameo="125"),
            Event(a.id, "visited", PEZESHKIAN.key, OMAN.key, sa[2].start, sa[2].end, "will visit", 0.7,
                  modality="planned", cameo="042"),
        ),
        positions=(
            Position(a.id, PEZESHKIAN.key, "President", IRAN.key, "leaderOf", True, sa[0].start, sa[0].end, 0.9),
        ),
        model="en_core_web_sm 3.8.0",
    )
    ext_b = Extraction(
        article=b,
        sentences=sb,
        entities=(IRAN, OMAN, USA, ARAGHCHI, BUSAIDI),
        events=(
            Event(b.id, "metWith", ARAGHCHI.key, BUSAIDI.key, sb[0].start, sb[0].end, "met", 0.9, cameo="040"),
            Event(b.id, "metWith", ARAGHCHI.key, USA.key, sb[1].start, sb[1].end, "meet", 0.8,
                  polarity="negated", cameo="040"),
        ),
        positions=(
            Position(b.id, ARAGHCHI.key, "Foreign Minister", IRAN.key, "officialOf", True, sb[0].start, sb[0].end,
                     0.9),
            Position(b.id, BUSAIDI.key, "Foreign Minister", OMAN.key, "officialOf", True, sb[0].start, sb[0].end,
                     0.9),
        ),
        model="en_core_web_sm 3.8.0",
    )
    return [ext_a, ext_b]
