"""Precision and recall of the extraction against gold JSONL (format: shared eval/dev README).

Strict: the relation agrees (for CAMEO-coded gold, the relation the code maps to). Family:
the CAMEO roots agree (``dip:cameoRoot``, DESIGN.md §3). Optional gold triples neither
reward nor penalise; symmetric relations match in either direction; planned and hypothetical
gold facts match only events with that modality. A planned event is also an expression of
intent, which CAMEO codes under root 03, so against CAMEO-coded gold it may match 03 as well.
Entity ends match by key, by name after alias resolution, or by the ISO code of the country
an actor belongs to (event coders code "Hungarian officials" as Hungary).

The relations scored are the event relations, plus the standing relations (leaderOf,
officialOf, memberOf) when the gold file annotates any: a CAMEO-coded file annotates events only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplokg.errors import InputError
from diplokg.gazetteer import entity_key, load_gazetteer, normalize_name
from diplokg.records import Article, Entity, Extraction

__all__ = ["evaluate", "EvalReport", "Triple", "relation_for_cameo"]

EVENT_ROOTS: dict[str, tuple[str, ...]] = {
    "agreedWith": ("03",), "consultedWith": ("04",), "visited": ("04",), "hosted": ("04",),
    "metWith": ("04",), "spokeWith": ("04",), "negotiatedWith": ("04",), "supported": ("05",),
    "signedAgreementWith": ("05",), "cooperatedWith": ("06",), "aided": ("07",),
    "madeConcessionTo": ("08",), "requested": ("02", "10"), "accused": ("11",), "rejected": ("12",),
    "threatened": ("13",), "protestedAgainst": ("14",), "sanctioned": ("16",), "expelled": ("16",),
    "severedRelationsWith": ("16",), "coerced": ("17",), "attacked": ("18", "19", "20"),
}
STANDING = ("leaderOf", "officialOf", "memberOf")
SYMMETRIC = frozenset({"metWith", "negotiatedWith", "spokeWith", "consultedWith", "signedAgreementWith", "cooperatedWith"})
_SPECIFIC = {"040": "metWith", "041": "spokeWith", "042": "visited", "043": "hosted", "044": "metWith",
             "046": "negotiatedWith", "057": "signedAgreementWith", "161": "severedRelationsWith", "166": "expelled"}
_ROOT_RELATION = {root: rel for rel, roots in EVENT_ROOTS.items() for root in roots
                  if rel in ("agreedWith", "consultedWith", "supported", "cooperatedWith", "aided", "madeConcessionTo",
                             "requested", "accused", "rejected", "threatened", "protestedAgainst", "sanctioned",
                             "coerced", "attacked")}


def relation_for_cameo(code: str) -> str | None:
    """The ontology relation a CAMEO code maps to most specifically (None for roots 01, 09, 15)."""
    return _SPECIFIC.get(code[:3]) or _ROOT_RELATION.get(code[:2])


@dataclass(frozen=True)
class Triple:
    """A gold or predicted fact, as scored."""

    doc: str
    subject: str
    relation: str  # local name, or "cameo:NNN" for CAMEO-coded gold
    object: str
    polarity: str = "affirmed"
    modality: str = "fact"  # fact | planned | hypothetical
    optional: bool = False
    sentence: str = ""
    subject_iso3: str | None = None
    object_iso3: str | None = None

    @property
    def roots(self) -> frozenset[str]:
        """CAMEO roots (or the relation itself for standing relations)."""
        if self.relation.startswith("cameo:"):
            return frozenset({self.relation[6:8]})
        return frozenset(EVENT_ROOTS.get(self.relation, (self.relation,)))

    @property
    def strict_relation(self) -> str | None:
        """The single relation strict matching compares."""
        if self.relation.startswith("cameo:"):
            return relation_for_cameo(self.relation[6:])
        return self.relation

    def show(self) -> str:
        """One line for reports."""
        extra = "" if self.polarity == "affirmed" else f" [{self.polarity}]"
        extra += "" if self.modality == "fact" else f" [{self.modality}]"
        return f"{self.subject} –{self.relation}→ {self.object}{extra}"


@dataclass
class Scores:
    """Counts for precision, recall and F1."""

    correct: int = 0
    extra: int = 0
    hit: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Share of scored predictions that match gold."""
        total = self.correct + self.extra
        return self.correct / total if total else 0.0

    @property
    def recall(self) -> float:
        """Share of required gold triples found."""
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Plain numbers."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "correct": self.correct, "extra": self.extra, "hit": self.hit, "gold": self.gold}


@dataclass
class EvalReport:
    """Result of ``evaluate``: overall and per-relation scores, misses and extras."""

    gold_path: str
    documents: int
    overall: dict[str, Scores]
    per_relation: dict[str, dict[str, Scores]]
    misses: list[Triple] = field(default_factory=list)
    extras: list[Triple] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "gold": self.gold_path,
            "documents": self.documents,
            "model": self.model,
            "overall": {mode: s.to_dict() for mode, s in self.overall.items()},
            "per_relation": {mode: {rel: s.to_dict() for rel, s in sorted(rels.items())}
                             for mode, rels in self.per_relation.items()},
            "misses": [{"doc": t.doc, "triple": t.show(), "sentence": t.sentence} for t in self.misses],
            "extras": [{"doc": t.doc, "triple": t.show(), "sentence": t.sentence} for t in self.extras],
        }

    def to_text(self) -> str:
        """A readable report."""
        lines = [f"{self.gold_path}: {self.documents} documents ({self.model})", ""]
        for mode, s in self.overall.items():
            lines.append(f"{mode:<7} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
                         f"(correct {s.correct}, extra {s.extra}, found {s.hit}/{s.gold} gold)")
        lines += ["", f"{'relation':<22}{'strict P/R/F1':>22}{'family P/R/F1':>22}{'gold':>6}"]
        names = sorted(set(self.per_relation["strict"]) | set(self.per_relation["family"]))
        for name in names:
            s = self.per_relation["strict"].get(name, Scores())
            f = self.per_relation["family"].get(name, Scores())
            lines.append(f"{name:<22}{s.precision:>8.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
                         f"{f.precision:>8.2f}{f.recall:>7.2f}{f.f1:>7.2f}{f.gold:>6}")
        lines += ["", f"misses (family, {len(self.misses)}):"]
        lines += [f"  {t.doc}: {t.show()}   | {t.sentence[:110]}" for t in self.misses]
        lines += ["", f"extra triples (family, {len(self.extras)}):"]
        lines += [f"  {t.doc}: {t.show()}   | {t.sentence[:110]}" for t in self.extras]
        return "\n".join(lines)


class _Resolver:
    """Decides whether a predicted entity and a gold name denote the same actor."""

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()

    def gold_keys(self, name: str, iso3: str | None) -> set[str]:
        keys = {e.key for e in self.gazetteer.find(name)}
        keys |= {entity_key(t, name) for t in ("Person", "Country", "Organization", "City")}
        if iso3 and (country := self.gazetteer.country(iso3)):
            keys.add(country.key)
        return keys

    def same(self, entity: Entity | None, key: str, name: str, iso3: str | None, standing: bool = False) -> bool:
        keys = self.gold_keys(name, iso3)
        if key in keys:
            return True
        if entity is None:
            return False
        norm = normalize_name(name)
        labels = {normalize_name(entity.label), *(normalize_name(a) for a in entity.aliases)}
        if norm in labels:
            return True
        if any((len(lab.split()) > 1 or entity.type != "Person") and norm.endswith(" " + lab) for lab in labels):
            return True  # a gold name written with its title or owner: "Arab League Secretary General Chadli Klibi"
        if standing and entity.type == "GovernmentBody" and entity.country:
            # an official of a country's ministry is an official of that country (dip:partOf)
            country = self.gazetteer.country(entity.country)
            if country is not None and country.key in keys:
                return True
        # the coder's convention: an actor of a country codes as that country
        return bool(iso3 and entity.country and entity.country == iso3 and entity.type != "Country")


def _read_gold(path: Path) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise InputError(f"not JSON: {err.msg}", origin=f"{path}:{number}") from err
    return docs


def _gold_triples(doc: dict[str, Any]) -> list[Triple]:
    out = []
    for t in doc.get("triples", []):
        relation = t.get("relation") or f"cameo:{t['cameo']}"
        modality = t.get("modality", "fact")
        out.append(Triple(doc["id"], t["subject"], relation, t["object"], t.get("polarity", "affirmed"),
                          modality if modality in ("planned", "hypothetical") else "fact", bool(t.get("optional")),
                          t.get("sentence") or doc.get("text", "")[:300], t.get("subject_iso3"), t.get("object_iso3")))
    return out


def _predicted(ex: Extraction, scored: set[str]) -> list[tuple[Triple, set[str]]]:
    """Predicted triples with the CAMEO roots each may match."""
    sentences = {s.start: s.text for s in ex.sentences}
    seen: dict[tuple[str, ...], tuple[Triple, set[str]]] = {}
    for ev in ex.events:
        if ev.relation not in scored:
            continue
        modality = ev.modality if ev.modality in ("planned", "hypothetical") else "fact"
        t = Triple(ex.article.id, ev.agent, ev.relation, ev.target, ev.polarity, modality,
                   sentence=sentences.get(ev.sentence_start, ""))
        roots = set(EVENT_ROOTS[ev.relation]) | ({"03"} if modality == "planned" else set())
        seen.setdefault((t.subject, t.relation, t.object, t.polarity, t.modality), (t, roots))
    for pos in ex.positions:
        if pos.current and pos.relation in scored:
            t = Triple(ex.article.id, pos.holder, pos.relation, pos.of, sentence=sentences.get(pos.sentence_start, ""))
            seen.setdefault((t.subject, t.relation, t.object, "affirmed", "fact"), (t, {pos.relation}))
    return list(seen.values())


def _matches(pred: Triple, roots: set[str], gold: Triple, mode: str, ents: dict[str, Entity], res: _Resolver) -> bool:
    if pred.polarity != gold.polarity:
        return False
    if pred.modality != gold.modality and not (gold.relation.startswith("cameo:") and pred.modality == "planned"):
        return False
    if mode == "strict":
        if pred.relation != gold.strict_relation:
            return False
    elif not (roots & gold.roots):
        return False
    directions = [(pred.subject, pred.object)]
    if pred.relation in SYMMETRIC or (not gold.relation.startswith("cameo:") and gold.relation in SYMMETRIC):
        directions.append((pred.object, pred.subject))
    standing = pred.relation in STANDING
    return any(
        res.same(ents.get(s), s, gold.subject, gold.subject_iso3)
        and res.same(ents.get(o), o, gold.object, gold.object_iso3, standing)
        for s, o in directions
    )


def _family_name(t: Triple) -> str:
    if t.relation.startswith("cameo:"):
        return relation_for_cameo(t.relation[6:]) or f"cameo:{t.relation[6:8]}"
    return t.relation


def evaluate(gold_path: Path, *, nlp: Any = None) -> EvalReport:
    """Run the extraction over the documents of ``gold_path`` and score it."""
    from diplokg.extract import extract_articles, load_model, model_description

    docs = _read_gold(Path(gold_path))
    golds = [_gold_triples(d) for d in docs]  # by position: ids may repeat in a gold file
    used = {t.relation for ts in golds for t in ts}
    scored = set(EVENT_ROOTS) | {r for r in STANDING if r in used}
    articles = [Article(id=d["id"], text=d["text"], title=d.get("title"),
                        date=dt.date.fromisoformat(d["date"]) if d.get("date") else None, url=d.get("source"))
                for d in docs]
    nlp = nlp or load_model()
    res = _Resolver()
    overall = {"strict": Scores(), "family": Scores()}
    per_rel: dict[str, dict[str, Scores]] = {"strict": defaultdict(Scores), "family": defaultdict(Scores)}
    misses: list[Triple] = []
    extras: list[Triple] = []
    for gold, ex in zip(golds, extract_articles(articles, nlp=nlp)):
        ents = {e.key: e for e in ex.entities}
        preds = _predicted(ex, scored)
        for mode in ("strict", "family"):
            for pred, roots in preds:
                matched = [g for g in gold if _matches(pred, roots, g, mode, ents, res)]
                name = pred.relation
                if any(not g.optional for g in matched):
                    overall[mode].correct += 1
                    per_rel[mode][name].correct += 1
                elif not matched:
                    overall[mode].extra += 1
                    per_rel[mode][name].extra += 1
                    if mode == "family":
                        extras.append(Triple(pred.doc, ents[pred.subject].label if pred.subject in ents else pred.subject,
                                             pred.relation, ents[pred.object].label if pred.object in ents else pred.object,
                                             pred.polarity, pred.modality, sentence=pred.sentence))
            for g in gold:
                if g.optional:
                    continue
                name = _family_name(g)
                overall[mode].gold += 1
                per_rel[mode][name].gold += 1
                if any(_matches(p, r, g, mode, ents, res) for p, r in preds):
                    overall[mode].hit += 1
                    per_rel[mode][name].hit += 1
                elif mode == "family":
                    misses.append(g)
    return EvalReport(str(gold_path), len(docs), overall, {k: dict(v) for k, v in per_rel.items()}, misses, extras,
                      model_description(nlp))
