"""Records passed between the stages: text -> extract -> records -> graph -> store.

Every record is a frozen dataclass of plain Python values. No spaCy object and no RDF
term crosses a stage boundary. Provenance rides on the records: the article id and the
character offsets of the sentence an assertion came from (DESIGN.md §4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Sentence",
    "Entity",
    "Event",
    "Position",
    "Statement",
    "Extraction",
    "POLARITIES",
    "MODALITIES",
    "ENTITY_TYPES",
]

#: ``dip:polarity`` values (local names of the ontology individuals).
POLARITIES = ("affirmed", "negated")
#: ``dip:modality`` values.
MODALITIES = ("asserted", "reported", "planned", "hypothetical")
#: Ontology classes an entity may have (local names in the dip: namespace).
ENTITY_TYPES = (
    "Person",
    "Country",
    "Organization",
    "GovernmentBody",
    "InternationalOrganization",
    "ArmedGroup",
    "Place",
    "City",
)


@dataclass(frozen=True)
class Article:
    """One input document, with its metadata and full text."""

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    #: Where the article was read from (file path and line for JSONL), for messages.
    origin: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: ``[start, end)`` are character offsets into ``Article.text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A real-world actor or place, identified across articles by ``key``.

    ``key`` is the normalised identity ("country/iran", "person/masoud-pezeshkian"); the
    graph stage mints one IRI per key. ``aliases`` are the other surface forms seen.
    """

    key: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    #: Wikidata id when the entity is linked ("Q794"), with how and how sure.
    qid: str | None = None
    link_confidence: float | None = None
    link_method: str | None = None
    #: ISO 3166 alpha-3 of the country the entity belongs to, when known.
    country: str | None = None


@dataclass(frozen=True)
class Event:
    """One extracted mention of an event relation (``dip:Event`` node in the graph)."""

    article_id: str
    relation: str  # local name of a dip: event property, e.g. "visited"
    agent: str  # Entity.key
    target: str  # Entity.key
    sentence_start: int
    sentence_end: int
    trigger: str
    confidence: float
    polarity: str = "affirmed"
    modality: str = "asserted"
    date: dt.date | None = None
    location: str | None = None  # Entity.key of a Place/Country
    cameo: str | None = None  # the CAMEO code the trigger maps to, when known


@dataclass(frozen=True)
class Position:
    """A position held: "Foreign Ministry spokesperson Esmaeil Baqaei" (``dip:Position``)."""

    article_id: str
    holder: str  # Entity.key of a Person
    title: str
    of: str  # Entity.key of a Country or Organization
    relation: str  # "leaderOf" | "officialOf" | "memberOf"
    current: bool
    sentence_start: int
    sentence_end: int
    confidence: float


@dataclass(frozen=True)
class Statement:
    """A quotation: who said what, and which entities the quote mentions."""

    article_id: str
    speaker: str  # Entity.key
    quote: str
    mentions: tuple[str, ...]
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article: the unit the graph stage turns into one named graph."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...] = ()
    positions: tuple[Position, ...] = ()
    statements: tuple[Statement, ...] = ()
    #: Standing facts between entities that are not positions: (subject key, relation, object key),
    #: e.g. ("city/tehran", "capitalOf", "country/iran") or ("org/...", "partOf", "country/iran").
    facts: tuple[tuple[str, str, str], ...] = ()
    #: spaCy model used, "en_core_web_sm 3.8.0", for the run metadata.
    model: str = ""
    warnings: tuple[str, ...] = field(default=())
