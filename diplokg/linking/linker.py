"""Link extracted entities to Wikidata: the gazetteer always, the live API when a client is given.

Output follows DESIGN.md §4: ``Entity.qid`` (-> ``owl:sameAs wd:Q…``), ``link_confidence``
(-> ``dip:linkConfidence``) and ``link_method`` (-> ``dip:linkMethod``). Below the threshold an
entity stays unlinked: a wrong link poisons every federated query, a missing one costs little.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..gazetteer import Gazetteer, load_gazetteer
from ..records import Entity, Extraction
from .offline import Context, best_candidate, offline_candidates
from .online import online_link

if TYPE_CHECKING:
    from .wikidata import WikidataClient

__all__ = ["link_extraction", "link_entities", "link_entity", "article_context", "LINKABLE_TYPES"]

#: Entity classes the linker tries; anything else passes through untouched.
LINKABLE_TYPES = frozenset(
    {"Person", "Country", "Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup", "City", "Place"}
)


def article_context(extraction: Extraction, gazetteer: Gazetteer) -> Context:
    """The countries an article's actors belong to, and the positions it states, as linking context."""
    countries: set[str] = set()
    by_key = {entity.key: entity for entity in extraction.entities}
    for entity in extraction.entities:
        if entity.country:
            countries.add(entity.country)
        if entity.type == "Country":
            for entry in gazetteer.find(entity.label):
                if entry.type == "Country" and entry.country:
                    countries.add(entry.country)
    position_countries: dict[str, set[str]] = {}
    for position in extraction.positions:
        of = by_key.get(position.of)
        code = of.country if of else None
        if of is not None and code is None and of.type == "Country":
            matches = [e for e in gazetteer.find(of.label) if e.type == "Country"]
            code = matches[0].country if matches else None
        if code:
            position_countries.setdefault(position.holder, set()).add(code)
    return Context(
        date=extraction.article.date,
        countries=frozenset(countries),
        position_countries={k: frozenset(v) for k, v in position_countries.items()},
    )


def link_entity(
    entity: Entity,
    context: Context,
    *,
    gazetteer: Gazetteer,
    online: WikidataClient | None = None,
    threshold: float = 0.7,
    warnings: list[str] | None = None,
) -> Entity:
    """``entity`` with ``qid``/``link_confidence``/``link_method`` set, or unchanged when nothing is sure enough."""
    if entity.type not in LINKABLE_TYPES:
        return entity
    best = best_candidate(offline_candidates(gazetteer, entity, context))
    if best is not None and best.entry.qid and best.score >= threshold:
        return dataclasses.replace(
            entity,
            qid=best.entry.qid,
            link_confidence=round(min(best.score, 0.99), 3),
            link_method=best.method,
            country=entity.country or (best.entry.country if best.entry.type != "Country" else None),
        )
    if best is not None and best.score >= threshold:
        # Recognised by the gazetteer, but its Wikidata item is not known for sure: asking the
        # live API by name would be a guess about an entity we already know is this one.
        return entity
    if online is not None and entity.qid is None:
        linked = online_link(entity, online, threshold=threshold, warnings=warnings)
        if linked is not None:
            return linked
    return entity


def link_extraction(
    extraction: Extraction,
    *,
    gazetteer: Gazetteer | None = None,
    online: WikidataClient | None = None,
    threshold: float = 0.7,
) -> Extraction:
    """A copy of ``extraction`` whose entities carry Wikidata links; warnings record an unreachable API."""
    gazetteer = gazetteer or load_gazetteer()
    context = article_context(extraction, gazetteer)
    warnings: list[str] = []
    entities = tuple(
        link_entity(e, context, gazetteer=gazetteer, online=online, threshold=threshold, warnings=warnings)
        for e in extraction.entities
    )
    return dataclasses.replace(extraction, entities=entities, warnings=(*extraction.warnings, *warnings))


def link_entities(
    entities: Iterable[Entity],
    *,
    gazetteer: Gazetteer | None = None,
    online: WikidataClient | None = None,
    threshold: float = 0.7,
    context: Context | None = None,
    warnings: list[str] | None = None,
) -> list[Entity]:
    """Link entities outside any article (``diplokg link``); existing links are kept unless bettered."""
    gazetteer = gazetteer or load_gazetteer()
    pool = list(entities)
    if context is None:
        context = Context(countries=frozenset(e.country for e in pool if e.country))
    out = []
    for entity in pool:
        fresh = link_entity(
            dataclasses.replace(entity, qid=None, link_confidence=None, link_method=None),
            context,
            gazetteer=gazetteer,
            online=online if entity.qid is None else None,
            threshold=threshold,
            warnings=warnings,
        )
        keep_old = entity.qid is not None and (fresh.qid is None or (fresh.link_confidence or 0) < (entity.link_confidence or 0))
        out.append(entity if keep_old else fresh)
    return out
