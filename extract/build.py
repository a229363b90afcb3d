"""Turn an annotated ``Doc`` into the ``Extraction`` record the graph stage consumes.

This is where domain and range are enforced (DESIGN.md §3): event relations need an actor at
both ends, positions a person holding a post in a country or organisation. Nothing spaCy
leaves this module.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span

from diplokg.records import Article, Entity, Event, Extraction, Position, Sentence, Statement

from .dates import resolve_date
from .events import FoundEvent
from diplokg.gazetteer import PositionHeld, load_gazetteer

from .mentions import ACTOR_TYPES, ORG_TYPES, EntityInfo, EntityTable, Mention
from .positions import FoundPosition

__all__ = ["build_extraction"]

_OF_TYPES = ORG_TYPES | {"Country"}
_WORD = re.compile(r"[^\W\d_]")
_QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")


def _sentences(doc: Doc, article: Article) -> tuple[list[Sentence], dict[int, Sentence]]:
    sentences: list[Sentence] = []
    by_token: dict[int, Sentence] = {}
    for sent in doc.sents:
        raw = sent.text  # blanked text: boilerplate inside the span is spaces here
        stripped = raw.strip()
        if not _WORD.search(stripped):
            continue  # blank or punctuation only
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        sentence = Sentence(article.id, len(sentences), start, end, article.text[start:end])
        sentences.append(sentence)
        by_token[sent.start] = sentence
    return sentences, by_token


def _sentence_of(doc: Doc, i: int, by_token: dict[int, Sentence]) -> Sentence | None:
    return by_token.get(doc[i].sent.start)


def _dates(doc: Doc, article: Article) -> dict[int, dt.date]:
    """Resolved date of each sentence (keyed by its first token) that names one."""
    out: dict[int, dt.date] = {}
    previous: dt.date | None = None
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        day = resolve_date(ent.text, article.date, previous)
        if day is not None:
            out.setdefault(ent.sent.start, day)
            previous = day
    return out


def _statements(doc: Doc, article: Article, by_token: dict[int, Sentence], tokmap: dict[int, Mention],
                speech: frozenset[str]) -> list[Statement]:
    out: list[Statement] = []
    for sent in doc.sents:
        sentence = by_token.get(sent.start)
        if sentence is None or not _QUOTE.search(sentence.text):
            continue
        speaker = _speaker(sent, tokmap, speech)
        if speaker is None:
            continue
        for match in _QUOTE.finditer(sentence.text):
            start = sentence.start + match.start(1)
            end = sentence.start + match.end(1)
            mentions = sorted({m.metonym or m.key for i, m in tokmap.items()
                               if start <= doc[i].idx < end and (m.type in ACTOR_TYPES or m.metonym) and m.key != speaker})
            out.append(Statement(article.id, speaker, match.group(1).strip(), tuple(mentions), sentence.start, sentence.end))
    return out


def _speaker(sent: Span, tokmap: dict[int, Mention], speech: frozenset[str]) -> str | None:
    for tok in sent:
        if tok.lemma_ in speech and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ == "nsubj" and child.i in tokmap and tokmap[child.i].type == "Person":
                    return tokmap[child.i].key
    return None


def _posts_at(holder: EntityInfo, of: EntityInfo) -> list[PositionHeld]:
    """The positions the gazetteer records ``holder`` as holding at ``of``."""
    if not holder.gazetteer:
        return []
    gazetteer = load_gazetteer()
    return [h for h in gazetteer.positions_of(holder.qid or holder.key)
            if (entry := gazetteer.by_qid(h.of_qid)) is not None and entry.key == of.key]


def _ended(holder: EntityInfo, of: EntityInfo, title: str, day: dt.date | None) -> bool:
    """True if the gazetteer records the holder's post at ``of`` as over by ``day`` (a president quoted after leaving office)."""
    if day is None:
        return False
    head = title.lower().split()[-1]
    held = [h for h in _posts_at(holder, of) if head in h.position.lower()]
    return bool(held) and not any(h.holds_on(day) for h in held)


def _recorded_role(holder: EntityInfo, of: EntityInfo, day: dt.date | None) -> str | None:
    """leaderOf or officialOf as the gazetteer records the holder's current post at ``of`` (a crown prince who is prime minister leads)."""
    roles = {h.role for h in _posts_at(holder, of) if h.holds_on(day)}
    return "leaderOf" if "leaderOf" in roles else (roles.pop() if roles else None)


def build_extraction(doc: Doc, article: Article, model: str, speech: frozenset[str] = frozenset()) -> Extraction:
    """The ``Extraction`` for one article from its processed ``Doc``."""
    table: EntityTable = doc._.dip_entities
    tokmap: dict[int, Mention] = doc._.dip_token_mention
    sentences, by_token = _sentences(doc, article)
    dates = _dates(doc, article)
    used: set[str] = set()
    events: dict[tuple[object, ...], Event] = {}
    found_events: list[FoundEvent] = doc._.dip_events
    for fe in found_events:
        agent, target = table.get(fe.agent), table.get(fe.target)
        if agent is None or target is None or agent.type not in ACTOR_TYPES or target.type not in ACTOR_TYPES:
            continue  # range check: event relations are Actor -> Actor
        sentence = _sentence_of(doc, fe.token, by_token)
        if sentence is None:
            continue
        event = Event(
            article_id=article.id, relation=fe.relation, agent=fe.agent, target=fe.target,
            sentence_start=sentence.start, sentence_end=sentence.end, trigger=fe.trigger,
            confidence=fe.confidence, polarity=fe.polarity, modality=fe.modality,
            date=dates.get(doc[fe.token].sent.start), location=fe.location, cameo=fe.cameo,
        )
        key = (event.relation, event.agent, event.target, event.sentence_start, event.polarity, event.modality)
        if key not in events:
            events[key] = event
            used.update((fe.agent, fe.target, *([fe.location] if fe.location else [])))
    positions: dict[tuple[object, ...], Position] = {}
    found_positions: list[FoundPosition] = doc._.dip_positions
    for fp in found_positions:
        holder, of = table.get(fp.holder), table.get(fp.of)
        if holder is None or of is None or holder.type != "Person" or of.type not in _OF_TYPES:
            continue  # domain Person, range Country or Organization
        sentence = _sentence_of(doc, fp.token, by_token)
        if sentence is None:
            continue
        current = fp.current and not _ended(holder, of, fp.title, article.date)
        relation = _recorded_role(holder, of, article.date) or fp.relation
        pos = Position(article.id, fp.holder, fp.title, fp.of, relation, current, sentence.start, sentence.end, fp.confidence)
        key = (pos.holder, pos.of, pos.relation, pos.current)
        if key not in positions:
            positions[key] = pos
            used.update((fp.holder, fp.of))
    statements = _statements(doc, article, by_token, tokmap, speech)
    for st in statements:
        used.add(st.speaker)
        used.update(st.mentions)
    used.update(m.metonym or m.key for m in tokmap.values())
    facts: set[tuple[str, str, str]] = set()
    for m in tokmap.values():
        if m.metonym:
            facts.add((m.key, "capitalOf", m.metonym))
    gazetteer = load_gazetteer()
    for key in list(used):
        info = table.get(key)
        if info is not None and info.type == "GovernmentBody" and info.country:
            country = gazetteer.country(info.country)
            if country is not None and country.key != key:
                # a ministry or armed force belongs to its state (dip:partOf, GovernmentBody -> Country)
                table.add(country.key, "Country", country.name, "", country=country.country, qid=country.qid, gazetteer=True)
                used.add(country.key)
                facts.add((key, "partOf", country.key))
    entities: list[Entity] = []
    for key in sorted(used):
        info = table.get(key)
        if info is None:
            continue
        entities.append(Entity(key=info.key, type=info.type, label=info.label, aliases=tuple(sorted(info.aliases)),
                               qid=info.qid, link_confidence=1.0 if info.qid else None,
                               link_method="gazetteer" if info.qid else None, country=info.country))
    return Extraction(
        article=article,
        sentences=tuple(sentences),
        entities=tuple(entities),
        events=tuple(events.values()),
        positions=tuple(positions.values()),
        statements=tuple(statements),
        facts=tuple(sorted(facts)),
        model=model,
    )
