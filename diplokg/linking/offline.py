"""Offline linking against the gazetteer: candidates from names and aliases, scored in context.

Scores are calibrated so that the default threshold (0.7) accepts an exact or alias match of
the right class, and a bare surname only with support from the article (the person's country
among the other actors, or a position held on the article's date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..gazetteer import Gazetteer, GazetteerEntry, normalize_name
from ..records import Entity
from .types import compatible, type_penalty

__all__ = ["Context", "Candidate", "offline_candidates", "best_candidate"]

#: Base scores per way of matching.
EXACT = 0.97
ALIAS = 0.92
ENTITY_ALIAS = 0.88  # one of the entity's other surface forms matched
DEMONYM = 0.85
CAPITAL = 0.9  # a City named like a national capital
SURNAME = 0.55
#: Adjustments.
COUNTRY_SUPPORT = 0.1
COUNTRY_CONFLICT = 0.35
POSITION_ON_DATE = 0.1
UNIQUE_SURNAME = 0.04
#: Two candidates closer than this are ambiguous: the best loses the difference and more.
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True)
class Context:
    """What the rest of the article says: its date and the countries its actors belong to."""

    date: dt.date | None = None
    countries: frozenset[str] = frozenset()  # ISO 3166 alpha-3
    #: Countries named by positions the entity holds in this article (entity key -> ISO3 codes).
    position_countries: dict[str, frozenset[str]] | None = None


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry proposed for an entity, with its score and how it was found."""

    entry: GazetteerEntry
    score: float
    method: str


def _surfaces(entity: Entity) -> list[tuple[str, bool]]:
    """The entity's label first, then its aliases; the flag says whether it is the label."""
    seen: set[str] = set()
    out: list[tuple[str, bool]] = []
    for surface, is_label in ((entity.label, True), *((a, False) for a in entity.aliases)):
        key = normalize_name(surface)
        if key and key not in seen:
            seen.add(key)
            out.append((surface, is_label))
    return out


def _match_method(entry: GazetteerEntry, surface: str, is_label: bool) -> tuple[float, str]:
    folded = normalize_name(surface)
    if folded == normalize_name(entry.name):
        return (EXACT if is_label else ENTITY_ALIAS), "gazetteer-exact"
    return (ALIAS if is_label else ENTITY_ALIAS), "gazetteer-alias"


def _surname_candidates(gazetteer: Gazetteer, surface: str) -> list[GazetteerEntry]:
    folded = normalize_name(surface)
    if not folded or " " in folded:
        return []
    return gazetteer.people_by_surname(folded)


def _held_on(gazetteer: Gazetteer, entry: GazetteerEntry, day: dt.date | None) -> list[str]:
    """ISO3 codes of countries whose positions ``entry`` held on ``day`` (current if no date)."""
    codes = []
    for held in gazetteer.positions_of(entry.qid or entry.key):
        if held.holds_on(day):
            of = gazetteer.by_qid(held.of_qid)
            codes.append((of.country if of else None) or "")
    return codes


def _adjust(gazetteer: Gazetteer, entity: Entity, entry: GazetteerEntry, score: float, context: Context) -> float:
    score -= type_penalty(entity.type, entry.type)
    own = {entity.country} if entity.country else set()
    if context.position_countries:
        own |= set(context.position_countries.get(entity.key, ()))
    if entry.type != "Country" and entry.country:
        if own and entry.country not in own:
            score -= COUNTRY_CONFLICT
        elif entry.country in own or entry.country in context.countries:
            score += COUNTRY_SUPPORT / (1 if entry.country in own else 2)
    if entry.type == "Person":
        held = _held_on(gazetteer, entry, context.date)
        if held:
            score += POSITION_ON_DATE / 2
    return score


def offline_candidates(gazetteer: Gazetteer, entity: Entity, context: Context) -> list[Candidate]:
    """Scored gazetteer candidates for ``entity``, best first; class-incompatible ones never appear."""
    found: dict[str, Candidate] = {}

    def offer(entry: GazetteerEntry, score: float, method: str) -> None:
        ident = entry.qid or entry.key
        if not compatible(entity.type, entry.type):
            return
        score = _adjust(gazetteer, entity, entry, score, context)
        if ident not in found or found[ident].score < score:
            found[ident] = Candidate(entry, score, method)

    for surface, is_label in _surfaces(entity):
        for entry in gazetteer.find(surface):
            offer(entry, *_match_method(entry, surface, is_label))
        if entity.type == "Country":
            country = gazetteer.country_of_demonym(surface)
            if country is not None:
                offer(country, DEMONYM, "gazetteer-demonym")
        if entity.type in ("City", "Place"):
            country = gazetteer.country_of_capital(surface)
            if country is not None and country.capital_qid:
                capital = GazetteerEntry(
                    qid=country.capital_qid, name=country.capital or surface, type=entity.type, country=country.country
                )
                offer(capital, CAPITAL, "gazetteer-capital")
    if not found and entity.type == "Person":
        for surface, _ in _surfaces(entity):
            people = _surname_candidates(gazetteer, surface)
            for entry in people:
                bonus = UNIQUE_SURNAME if len(people) == 1 else 0.0
                held = _held_on(gazetteer, entry, context.date)
                own = {entity.country} | set((context.position_countries or {}).get(entity.key, ()))
                support = entry.country in context.countries or entry.country in own
                # A surname is weak evidence: it needs the person's country in the article.
                score = SURNAME + bonus + (COUNTRY_SUPPORT if support else 0.0) + (POSITION_ON_DATE if held else 0.0)
                ident = entry.qid or entry.key
                if ident not in found or found[ident].score < score:
                    found[ident] = Candidate(entry, score, "gazetteer-surname")
    return sorted(found.values(), key=lambda c: (-c.score, c.entry.name))


def best_candidate(candidates: Iterable[Candidate]) -> Candidate | None:
    """The best candidate, its score lowered when a rival comes close (ambiguity costs confidence)."""
    ranked = list(candidates)
    if not ranked:
        return None
    best = ranked[0]
    if len(ranked) > 1 and best.score - ranked[1].score < AMBIGUITY_MARGIN:
        gap = best.score - ranked[1].score
        return Candidate(best.entry, best.score - (AMBIGUITY_MARGIN - gap) - 0.2, best.method)
    return best
