"""The offline gazetteer: names, aliases and Wikidata ids of countries, organisations and people.

The data lives in ``ontology/gazetteer/*.csv`` (shipped as package data), authored by hand
as facts. Lists inside a cell are ``;``-separated. This module is plain Python so that both
``extract`` (to recognise actors) and ``graph`` (to link them) can read it.

Files and columns:

- ``countries.csv``: ``qid,name,iso2,iso3,capital,capital_qid,demonyms,aliases``
- ``organizations.csv``: ``qid,name,type,acronym,aliases,country_iso3`` where ``type`` is an
  ontology class (``InternationalOrganization``, ``GovernmentBody``, ``ArmedGroup``) and
  ``country_iso3`` is the country a government body or armed force is part of.
- ``persons.csv``: ``qid,name,aliases,country_iso3,role,position,of_qid,start,end`` with one
  row per position held; ``role`` is ``leaderOf`` or ``officialOf``, ``of_qid`` the country or
  organisation the position belongs to, ``start``/``end`` ISO dates (``end`` empty when current).

``qid`` may be left empty for an organisation or person whose Wikidata item is not known with
certainty: the entry is still recognised (and keyed by its name) but never linked, because a
wrong ``owl:sameAs`` poisons every federated query. A person without a QID is identified by
its entity key, so ``PositionHeld.person_qid`` is empty and ``person_key`` carries the identity.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

__all__ = ["GazetteerEntry", "PositionHeld", "Gazetteer", "load_gazetteer", "normalize_name", "slugify"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalize_name(surface: str) -> str:
    """Fold a surface form for matching: case, accents, dots in acronyms, a leading "the"."""
    text = unicodedata.normalize("NFKD", surface.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"(?<=\b\w)\.", "", text)  # U.S. -> us, U.N. -> un
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"[^\w\s&'-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def slugify(name: str) -> str:
    """A lower-case ASCII slug for IRIs and entity keys ("Masoud Pezeshkian" -> "masoud-pezeshkian")."""
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


@dataclass(frozen=True)
class PositionHeld:
    """One row of ``persons.csv``: a person holding a position over a period."""

    person_qid: str
    role: str
    position: str
    of_qid: str
    start: dt.date | None
    end: dt.date | None
    #: Entity key of the holder ("person/masoud-pezeshkian"), set for every row.
    person_key: str = ""

    def holds_on(self, day: dt.date | None) -> bool:
        """True if the position was held on ``day`` (or is current when ``day`` is None)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class GazetteerEntry:
    """A known entity: its ontology class, canonical English name, Wikidata id and aliases."""

    qid: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166 alpha-3 this entity belongs to (itself for countries)
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    capital_qid: str | None = None
    acronym: str | None = None
    iso2: str | None = None

    @property
    def key(self) -> str:
        """The entity key used across the pipeline (see ``diplokg.records.Entity``)."""
        return entity_key(self.type, self.name)


_KEY_FOLDERS = {
    "Person": "person",
    "Country": "country",
    "City": "place",
    "Place": "place",
}


def entity_key(type_: str, name: str) -> str:
    """The normalised identity of an entity: a folder for its kind and a slug of its name."""
    return f"{_KEY_FOLDERS.get(type_, 'org')}/{slugify(name)}"


def _parse_date(cell: str | None) -> dt.date | None:
    cell = (cell or "").strip()
    if not cell:
        return None
    if re.fullmatch(r"\d{4}", cell):
        return dt.date(int(cell), 1, 1)
    return dt.date.fromisoformat(cell)


@dataclass
class Gazetteer:
    """Lookup tables over the gazetteer entries."""

    entries: tuple[GazetteerEntry, ...]
    positions: tuple[PositionHeld, ...] = ()
    _by_alias: dict[str, list[GazetteerEntry]] = field(default_factory=dict, repr=False)
    _by_qid: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)
    _by_iso3: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)
    _by_demonym: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)
    _by_capital: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)
    _positions_of: dict[str, list[PositionHeld]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_alias: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for entry in self.entries:
            if entry.qid:
                self._by_qid[entry.qid] = entry
            names = {entry.name, *entry.aliases}
            if entry.acronym:
                names.add(entry.acronym)
            for name in names:
                bucket = by_alias[normalize_name(name)]
                if entry not in bucket:
                    bucket.append(entry)
            if entry.type == "Country":
                if entry.country:
                    self._by_iso3[entry.country] = entry
                for demonym in entry.demonyms:
                    self._by_demonym.setdefault(normalize_name(demonym), entry)
                if entry.capital:
                    self._by_capital.setdefault(normalize_name(entry.capital), entry)
        self._by_alias = dict(by_alias)
        grouped: dict[str, list[PositionHeld]] = defaultdict(list)
        for held in self.positions:
            for ident in {held.person_qid, held.person_key} - {""}:
                grouped[ident].append(held)
        self._positions_of = dict(grouped)

    def find(self, surface: str) -> list[GazetteerEntry]:
        """Entries whose name, alias or acronym matches ``surface`` after normalisation."""
        return list(self._by_alias.get(normalize_name(surface), ()))

    def by_qid(self, qid: str) -> GazetteerEntry | None:
        """The entry with Wikidata id ``qid``."""
        return self._by_qid.get(qid)

    def country(self, iso3: str) -> GazetteerEntry | None:
        """The country with ISO 3166 alpha-3 code ``iso3``."""
        return self._by_iso3.get(iso3.upper())

    def country_of_demonym(self, word: str) -> GazetteerEntry | None:
        """The country a demonym names ("Iranian" -> Iran)."""
        return self._by_demonym.get(normalize_name(word))

    def country_of_capital(self, city: str) -> GazetteerEntry | None:
        """The country whose capital is ``city`` ("Tehran" -> Iran), for metonymy."""
        return self._by_capital.get(normalize_name(city))

    def positions_of(self, person: str) -> list[PositionHeld]:
        """Positions the person held, as listed in ``persons.csv``, by QID or entity key."""
        return list(self._positions_of.get(person, ()))

    def aliases(self) -> Iterable[tuple[str, list[GazetteerEntry]]]:
        """All normalised aliases with their entries (for building matchers)."""
        return self._by_alias.items()

    def people_by_surname(self, surname: str) -> list[GazetteerEntry]:
        """People whose name, or a multi-word alias, ends in ``surname`` (normalised)."""
        return list(self._by_surname.get(normalize_name(surname), ()))

    @functools.cached_property
    def _by_surname(self) -> dict[str, list[GazetteerEntry]]:
        index: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for entry in self.entries:
            if entry.type != "Person":
                continue
            names = [normalize_name(entry.name)]
            names += [folded for folded in map(normalize_name, entry.aliases) if " " in folded]
            for surname in dict.fromkeys(name.split()[-1] for name in names if name):
                index[surname].append(entry)
        return dict(index)


def _gazetteer_dir() -> Path:
    return Path(str(resources.files("diplokg.ontology") / "gazetteer"))


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_gazetteer(folder: Path) -> Gazetteer:
    """Read the gazetteer CSV files in ``folder``."""
    entries: list[GazetteerEntry] = []
    for row in _read(folder / "countries.csv"):
        entries.append(
            GazetteerEntry(
                qid=row["qid"],
                name=row["name"],
                type="Country",
                aliases=_split(row.get("aliases")),
                country=row["iso3"],
                demonyms=_split(row.get("demonyms")),
                capital=row.get("capital") or None,
                capital_qid=row.get("capital_qid") or None,
                iso2=row.get("iso2") or None,
            )
        )
    for row in _read(folder / "organizations.csv"):
        entries.append(
            GazetteerEntry(
                qid=row["qid"],
                name=row["name"],
                type=row["type"],
                aliases=_split(row.get("aliases")),
                acronym=row.get("acronym") or None,
                country=row.get("country_iso3") or None,
            )
        )
    positions: list[PositionHeld] = []
    people: dict[str, GazetteerEntry] = {}
    for row in _read(folder / "persons.csv"):
        qid = row["qid"].strip()
        # People without a known QID are told apart by name, never merged under "".
        ident = qid or entity_key("Person", row["name"])
        if ident not in people:
            people[ident] = GazetteerEntry(
                qid=qid,
                name=row["name"],
                type="Person",
                aliases=_split(row.get("aliases")),
                country=row.get("country_iso3") or None,
            )
        if row.get("role"):
            positions.append(
                PositionHeld(
                    person_qid=qid,
                    role=row["role"],
                    position=row.get("position", ""),
                    of_qid=row.get("of_qid", ""),
                    start=_parse_date(row.get("start")),
                    end=_parse_date(row.get("end")),
                    person_key=people[ident].key,
                )
            )
    entries.extend(people.values())
    return Gazetteer(entries=tuple(entries), positions=tuple(positions))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package (read once, then cached)."""
    return read_gazetteer(_gazetteer_dir())
