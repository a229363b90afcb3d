"""diplokg.evaluate scores a small gold file as the dev README prescribes."""

from __future__ import annotations

import json
from pathlib import Path

from diplokg.evaluate import evaluate, relation_for_cameo

DOCS = [
    {"id": "a", "title": None, "date": "2025-03-05", "text": "Poland cut diplomatic ties with Belarus. Hungary praised Serbia.",
     "source": "test", "triples": [
         {"subject": "Poland", "relation": "severedRelationsWith", "object": "Belarus", "polarity": "affirmed"},
         {"subject": "Hungary", "relation": "supported", "object": "Serbia", "polarity": "affirmed", "optional": True},
         {"subject": "Poland", "relation": "visited", "object": "Belarus", "polarity": "affirmed"},
     ]},
    {"id": "b", "title": None, "date": None, "text": "Senior Greek officials met Turkish diplomats on Monday.",
     "source": "test", "triples": [
         {"subject": "Türkiye", "subject_iso3": "TUR", "cameo": "040", "object": "Greece", "object_iso3": "GRC",
          "polarity": "affirmed"},
     ]},
]


def test_scores_misses_and_symmetric_cameo_matching(tmp_path: Path, nlp) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in DOCS) + "\n", encoding="utf-8")
    report = evaluate(gold, nlp=nlp)
    family = report.overall["family"]
    # found: Poland cut ties (a) and Greece met Turkey (b, symmetric, by ISO code); missed: the visit
    assert (family.hit, family.gold) == (2, 3)
    # the optional praise neither rewards nor penalises
    assert (family.correct, family.extra) == (2, 0)
    assert [t.relation for t in report.misses] == ["visited"]
    data = report.to_dict()
    assert data["overall"]["family"]["recall"] == round(2 / 3, 4)
    assert "severedRelationsWith" in report.to_text()


def test_cameo_codes_map_to_relations() -> None:
    assert relation_for_cameo("042") == "visited"
    assert relation_for_cameo("0311") == "agreedWith"
    assert relation_for_cameo("1663") == "expelled"
    assert relation_for_cameo("195") == "attacked"
    assert relation_for_cameo("090") is None
