"""Load the reviewable lexicon files in ``extract/lexicon/`` (triggers, titles, word classes)."""

from __future__ import annotations

import csv
import functools
import io
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

__all__ = ["Trigger", "Title", "Lexicon", "load_lexicon", "EVENT_RELATIONS", "STANDING_RELATIONS", "SYMMETRIC"]

#: Event relations of DESIGN.md §3 with the CAMEO roots they cover.
EVENT_RELATIONS: dict[str, tuple[str, ...]] = {
    "agreedWith": ("03",),
    "consultedWith": ("04",),
    "visited": ("04",),
    "hosted": ("04",),
    "metWith": ("04",),
    "spokeWith": ("04",),
    "negotiatedWith": ("04",),
    "supported": ("05",),
    "signedAgreementWith": ("05",),
    "cooperatedWith": ("06",),
    "aided": ("07",),
    "madeConcessionTo": ("08",),
    "requested": ("02", "10"),
    "accused": ("11",),
    "rejected": ("12",),
    "threatened": ("13",),
    "protestedAgainst": ("14",),
    "sanctioned": ("16",),
    "expelled": ("16",),
    "severedRelationsWith": ("16",),
    "coerced": ("17",),
    "attacked": ("18", "19", "20"),
}
#: Standing relations of DESIGN.md §3: (domain classes, range classes).
STANDING_RELATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "leaderOf": (("Person",), ("Country", "Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup")),
    "officialOf": (("Person",), ("Country", "Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup")),
    "memberOf": (("Person", "Country", "Organization", "GovernmentBody"), ("Organization", "InternationalOrganization", "GovernmentBody")),
    "partOf": (("GovernmentBody",), ("Country",)),
    "capitalOf": (("City",), ("Country",)),
}
#: Relations that hold in both directions (dev README matching rules).
SYMMETRIC = frozenset(
    {"metWith", "negotiatedWith", "spokeWith", "consultedWith", "signedAgreementWith", "cooperatedWith"}
)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a word that signals an event relation."""

    lemma: str  # head lemma
    pos: str  # VERB | NOUN | ADJ
    kind: str  # event | control | reverse
    relation: str
    cameo: str
    targets: tuple[str, ...]
    requires: frozenset[str]
    particle: str | None = None  # "out" of "rule out"
    modifier: str | None = None  # "maximum" of "maximum pressure"


@dataclass(frozen=True)
class Title:
    """A title that puts its holder in a position."""

    words: tuple[str, ...]
    relation: str


@dataclass(frozen=True)
class Lexicon:
    """All lexicon data, indexed for the components."""

    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    titles: dict[tuple[str, ...], Title]
    words: dict[str, frozenset[str]]

    def triggers_for(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        """Entries for a head lemma and coarse part of speech (PROPN counts as NOUN)."""
        return self.triggers.get((lemma, "NOUN" if pos == "PROPN" else pos), ())

    def word_class(self, name: str) -> frozenset[str]:
        """A closed word class of ``grammar.toml``."""
        return self.words[name]


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("diplokg.extract") / "lexicon" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _trigger(row: dict[str, str]) -> Trigger:
    words = row["lemma"].split()
    pos = row["pos"]
    particle = modifier = None
    if len(words) == 2 and pos == "VERB":
        head, particle = words
    elif len(words) == 2:
        modifier, head = words
    else:
        head = words[0]
    return Trigger(
        lemma=head,
        pos=pos,
        kind=row["kind"],
        relation=row["relation"],
        cameo=row["cameo"],
        targets=tuple(t for t in (row.get("target") or "").split(";") if t),
        requires=frozenset(r for r in (row.get("requires") or "").split(";") if r),
        particle=particle,
        modifier=modifier,
    )


def trigger_rows() -> list[dict[str, str]]:
    """The raw rows of ``triggers.csv`` (for the lexicon tests)."""
    return _rows("triggers.csv")


def title_rows() -> list[dict[str, str]]:
    """The raw rows of ``titles.csv``."""
    return _rows("titles.csv")


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and index the lexicon files (once per process)."""
    grouped: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for row in trigger_rows():
        trig = _trigger(row)
        grouped[(trig.lemma, trig.pos)].append(trig)
    # Entries with a particle or modifier are more specific: try them first.
    triggers = {
        key: tuple(sorted(vals, key=lambda t: (t.particle is None and t.modifier is None, not t.requires)))
        for key, vals in grouped.items()
    }
    titles = {tuple(row["title"].split()): Title(tuple(row["title"].split()), row["relation"]) for row in title_rows()}
    raw = tomllib.loads((resources.files("diplokg.extract") / "lexicon" / "grammar.toml").read_text(encoding="utf-8"))
    words = {name: frozenset(values) for name, values in raw.items()}
    return Lexicon(triggers=triggers, titles=titles, words=words)
