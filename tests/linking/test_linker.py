"""Offline linking: surface form, class and article context in, Wikidata id and confidence out."""

from __future__ import annotations

import datetime as dt

import pytest

from diplokg.gazetteer import Gazetteer, GazetteerEntry, PositionHeld, entity_key, load_gazetteer
from diplokg.linking import link_entities, link_extraction
from diplokg.records import Article, Entity, Extraction, Position


def _entity(type_: str, label: str, country: str | None = None) -> Entity:
    return Entity(key=entity_key(type_, label), type=type_, label=label, country=country)


def _extraction(*entities: Entity, date: dt.date | None = None, positions: tuple[Position, ...] = ()) -> Extraction:
    return Extraction(article=Article(id="a1", text="", date=date), sentences=(), entities=entities, positions=positions)


def _linked(entity: Entity, *context: Entity, date: dt.date | None = None) -> Entity:
    extraction = link_extraction(_extraction(entity, *context, date=date))
    return extraction.entities[0]


@pytest.mark.parametrize(
    ("type_", "label", "qid", "method"),
    [
        ("Country", "U.S.", "Q30", "gazetteer-alias"),
        ("Country", "United States", "Q30", "gazetteer-exact"),
        ("Country", "America", "Q30", "gazetteer-alias"),
        ("Country", "the Islamic Republic", "Q794", "gazetteer-alias"),
        ("Country", "Islamic Republic of Iran", "Q794", "gazetteer-alias"),
        ("Country", "the Zionist regime", "Q801", "gazetteer-alias"),
        ("Country", "Britain", "Q145", "gazetteer-alias"),
        ("Country", "Türkiye", "Q43", "gazetteer-alias"),
        ("Country", "Burma", "Q836", "gazetteer-alias"),
        ("Country", "Palestine", "Q219060", "gazetteer-exact"),
        ("Country", "Iranian", "Q794", "gazetteer-demonym"),
        ("InternationalOrganization", "U.N.", "Q1065", "gazetteer-alias"),
        ("Organization", "UN Security Council", "Q37470", "gazetteer-alias"),
        ("InternationalOrganization", "IAEA", "Q41984", "gazetteer-alias"),
        ("Organization", "NATO", "Q7184", "gazetteer-exact"),
        ("InternationalOrganization", "Shanghai Cooperation Organization", "Q485207", "gazetteer-alias"),
        ("GovernmentBody", "State Department", "Q789915", "gazetteer-alias"),
        ("ArmedGroup", "Hezbollah", "Q41053", "gazetteer-exact"),
        ("Person", "Ali Khamenei", "Q57336", "gazetteer-exact"),
        ("Person", "Ayatollah Khamenei", "Q57336", "gazetteer-alias"),
        ("Person", "Recep Tayyip Erdogan", "Q39259", "gazetteer-exact"),  # accents fold
        ("Person", "Tayyip Erdogan", "Q39259", "gazetteer-alias"),
        ("City", "Tehran", "Q3616", "gazetteer-capital"),
    ],
)
def test_links_known_names(type_: str, label: str, qid: str, method: str) -> None:
    entity = _linked(_entity(type_, label))
    assert (entity.qid, entity.link_method) == (qid, method)
    assert entity.link_confidence is not None and 0.7 <= entity.link_confidence <= 1.0


@pytest.mark.parametrize(
    ("type_", "label"),
    [
        ("Person", "Jordan"),  # a person called Jordan is not the country
        ("Person", "Chad"),
        ("Person", "Georgia"),
        ("Country", "Donald Trump"),  # nor is a country a person
        ("Person", "Jane Q. Unknown"),  # unknown people stay unlinked
        ("Organization", "Ministry of Silly Walks"),
        ("Person", "Tehran"),
        ("Country", "the Kingdom"),  # too vague to link at all
    ],
)
def test_never_links_across_classes_or_unknown_names(type_: str, label: str) -> None:
    entity = _linked(_entity(type_, label))
    assert (entity.qid, entity.link_confidence, entity.link_method) == (None, None, None)


def test_surname_needs_context_and_is_less_sure_than_the_full_name() -> None:
    iran = _entity("Country", "Iran")
    day = dt.date(2022, 6, 1)
    surname = _linked(_entity("Person", "Raisi"), iran, date=day)
    full = _linked(_entity("Person", "Ebrahim Raisi"), iran, date=day)
    assert surname.qid == full.qid == "Q5947347"
    assert surname.link_method == "gazetteer-surname"
    assert surname.link_confidence < full.link_confidence
    # Without the country in the article, a bare surname is not enough.
    assert _linked(_entity("Person", "Raisi"), date=dt.date(2010, 1, 1)).qid is None


def test_person_with_wrong_country_is_not_linked() -> None:
    entity = _linked(_entity("Person", "Abdullah bin Zayed Al Nahyan", country="NOR"))
    assert entity.qid is None


def _namesakes() -> Gazetteer:
    """Two people called Sam Example: an Iranian ex-president and a serving Norwegian minister."""
    entries = (
        GazetteerEntry(qid="Q900001", name="Sam Example", type="Person", country="IRN"),
        GazetteerEntry(qid="Q900002", name="Sam Example", type="Person", country="NOR"),
        GazetteerEntry(qid="Q794", name="Iran", type="Country", country="IRN"),
        GazetteerEntry(qid="Q20", name="Norway", type="Country", country="NOR"),
    )
    positions = (
        PositionHeld("Q900001", "leaderOf", "President of Iran", "Q794", dt.date(2001, 1, 1), dt.date(2005, 1, 1)),
        PositionHeld("Q900002", "officialOf", "Minister of Fisheries", "Q20", dt.date(2019, 1, 1), None),
    )
    return Gazetteer(entries=entries, positions=positions)


def test_position_held_on_the_article_date_picks_between_namesakes() -> None:
    gazetteer, person = _namesakes(), _entity("Person", "Sam Example")
    old = link_extraction(_extraction(person, date=dt.date(2003, 3, 3)), gazetteer=gazetteer).entities[0]
    new = link_extraction(_extraction(person, date=dt.date(2021, 3, 3)), gazetteer=gazetteer).entities[0]
    assert (old.qid, new.qid) == ("Q900001", "Q900002")
    # A namesake costs confidence: both are less sure than an unambiguous exact match.
    assert old.link_confidence < 0.9 and new.link_confidence < 0.9
    # A date when neither was in office leaves two equal candidates: no link.
    assert link_extraction(_extraction(person, date=dt.date(2010, 1, 1)), gazetteer=gazetteer).entities[0].qid is None


def test_countries_in_the_article_pick_between_namesakes() -> None:
    gazetteer, person = _namesakes(), _entity("Person", "Sam Example")
    norway = _entity("Country", "Norway")
    iran = _entity("Country", "Iran")
    day = dt.date(2010, 1, 1)
    assert link_extraction(_extraction(person, norway, date=day), gazetteer=gazetteer).entities[0].qid == "Q900002"
    position = Position("a1", person.key, "former president", iran.key, "leaderOf", False, 0, 1, 0.9)
    linked = link_extraction(_extraction(person, iran, norway, date=day, positions=(position,)), gazetteer=gazetteer)
    assert linked.entities[0].qid == "Q900001"  # the article's own position statement beats co-mention


def test_extraction_is_copied_not_mutated() -> None:
    extraction = _extraction(_entity("Country", "Iran"))
    linked = link_extraction(extraction)
    assert extraction.entities[0].qid is None
    assert linked.entities[0].qid == "Q794"
    assert linked.article is extraction.article


def test_recognised_without_a_known_qid_is_left_unlinked() -> None:
    entity = _linked(_entity("GovernmentBody", "Iranian Foreign Ministry"))
    assert entity.qid is None
    assert load_gazetteer().find("Iranian Foreign Ministry")[0].name == "Ministry of Foreign Affairs of Iran"


def test_link_entities_keeps_better_existing_links() -> None:
    existing = Entity("person/x", "Person", "Somebody Obscure", qid="Q123", link_confidence=0.8, link_method="wikidata-search")
    fresh = _entity("Country", "Qatar")
    out = link_entities([existing, fresh])
    assert out[0] == existing
    assert (out[1].qid, out[1].link_method) == ("Q846", "gazetteer-exact")


def test_threshold_is_respected() -> None:
    entity = _entity("Country", "Iranian")
    assert link_entities([entity], threshold=0.9)[0].qid is None
    assert link_entities([entity], threshold=0.8)[0].qid == "Q794"
