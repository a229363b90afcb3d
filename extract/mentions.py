"""Plain data the components leave on a ``Doc``: actor mentions and the article's entity table."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Mention", "EntityInfo", "EntityTable", "ACTOR_TYPES", "ORG_TYPES"]

#: Ontology classes under dip:Actor (event relations are Actor -> Actor).
ACTOR_TYPES = frozenset({"Person", "Country", "Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup"})
ORG_TYPES = frozenset({"Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup"})


@dataclass
class Mention:
    """A span of tokens ``[start, end)`` that names (or refers back to) an entity."""

    start: int
    end: int
    key: str
    type: str
    source: str  # gazetteer | ner | demonym | capital | pronoun | description
    #: For a capital city: the key of its country, used when the city stands for the government.
    metonym: str | None = None


@dataclass
class EntityInfo:
    """What the article says about one entity."""

    key: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    country: str | None = None  # ISO 3166 alpha-3
    qid: str | None = None
    gazetteer: bool = False


class EntityTable:
    """The entities of one article, by key."""

    def __init__(self) -> None:
        self.by_key: dict[str, EntityInfo] = {}

    def add(self, key: str, type_: str, label: str, surface: str, *, country: str | None = None,
            qid: str | None = None, gazetteer: bool = False) -> EntityInfo:
        """Register an entity (or a new surface form of a known one) and return it."""
        info = self.by_key.get(key)
        if info is None:
            info = self.by_key[key] = EntityInfo(key, type_, label, country=country, qid=qid, gazetteer=gazetteer)
        elif country and not info.country:
            info.country = country
        if surface and surface != info.label:
            info.aliases.add(surface)
        return info

    def get(self, key: str) -> EntityInfo | None:
        """The entity with ``key``, if the article mentions it."""
        return self.by_key.get(key)
