"""The lexicon files name real ontology terms and real CAMEO codes, and cover every claimed root."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from diplokg.extract.vocab import EVENT_RELATIONS, STANDING_RELATIONS, load_lexicon, title_rows, trigger_rows

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
TTL = REPO / "ontology" / "diplomacy.ttl"


def _design_relations() -> set[str]:
    design = SHARED / "DESIGN.md"
    if not design.exists():
        pytest.skip("shared/DESIGN.md is not present")
    return set(re.findall(r"dip:(\w+)", design.read_text(encoding="utf-8")))


def test_every_trigger_names_an_event_relation_of_the_design() -> None:
    design = _design_relations()
    for row in trigger_rows():
        assert row["relation"] in EVENT_RELATIONS, row
        assert row["relation"] in design, row
        assert row["kind"] in ("event", "control", "reverse"), row
        assert row["pos"] in ("VERB", "NOUN", "ADJ"), row


def test_every_trigger_relation_is_an_object_property_of_the_ontology() -> None:
    if not TTL.exists():
        pytest.skip("ontology/diplomacy.ttl is not present")
    properties = set(re.findall(r"^dip:(\w+) a owl:ObjectProperty", TTL.read_text(encoding="utf-8"), re.M))
    assert {row["relation"] for row in trigger_rows()} <= properties


def test_every_cameo_code_exists() -> None:
    path = SHARED / "reference" / "cameo" / "cameo-codes.csv"
    if not path.exists():
        pytest.skip("the CAMEO reference is not present")
    with path.open(encoding="latin-1") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    missing = [(row["lemma"], row["cameo"]) for row in trigger_rows() if row["cameo"] not in codes]
    assert missing == []


def test_cameo_codes_fall_under_the_roots_of_their_relation() -> None:
    wrong = [(row["lemma"], row["relation"], row["cameo"]) for row in trigger_rows()
             if row["cameo"][:2] not in EVENT_RELATIONS[row["relation"]]]
    assert wrong == []


def test_every_claimed_cameo_root_has_triggers() -> None:
    roots = {root for roots in EVENT_RELATIONS.values() for root in roots}
    covered = {row["cameo"][:2] for row in trigger_rows()}
    assert roots - covered == set()
    assert roots == {f"{n:02d}" for n in range(2, 21)} - {"09", "15"}


def test_titles_name_standing_relations() -> None:
    for row in title_rows():
        assert row["relation"] in STANDING_RELATIONS, row
        assert row["title"] == row["title"].lower(), row


def test_grammar_word_classes_load() -> None:
    lex = load_lexicon()
    assert "say" in lex.word_class("speech_verbs")
    assert "official" in lex.word_class("agent_nouns")
    assert lex.triggers_for("visit", "VERB")[0].relation == "visited"
