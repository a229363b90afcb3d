"""The Wikidata client against a local server replaying recorded API responses."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from diplokg.gazetteer import entity_key
from diplokg.linking import link_extraction
from diplokg.linking.wikidata import WikidataClient, WikidataUnavailable
from diplokg.records import Article, Entity, Extraction

from .conftest import ReplayState


def _client(url: str, tmp_path: Path, **options: float) -> WikidataClient:
    settings: dict[str, float] = {"min_interval": 0.0, "timeout": 2.0, "retries": 2, "backoff": 0.01, **options}
    return WikidataClient(url, cache_dir=tmp_path / "cache", **settings)  # type: ignore[arg-type]


def _extraction(*entities: Entity) -> Extraction:
    return Extraction(article=Article(id="a1", text=""), sentences=(), entities=entities)


def _person(label: str) -> Entity:
    return Entity(key=entity_key("Person", label), type="Person", label=label)


def test_search_parses_hits_in_order(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    hits = _client(url, tmp_path).search("Michael Jordan")
    assert [(h.qid, h.label) for h in hits] == [("Q41421", "Michael Jordan"), ("Q810", "Jordan")]
    assert hits[1].description == "country in Western Asia"
    assert state.requests[0]["action"] == "wbsearchentities"
    assert state.requests[0]["language"] == "en" and state.requests[0]["maxlag"] == "5"


def test_get_entities_reads_labels_aliases_and_instance_of(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, _ = wikidata_replay
    items = _client(url, tmp_path).get_entities(["Q41421", "Q810", "Q999999999"])
    assert items["Q41421"].instance_of == ("Q5",)
    assert set(items["Q810"].instance_of) == {"Q3624078", "Q6256"}
    assert "Hashemite Kingdom of Jordan" in items["Q810"].aliases
    assert "Q999999999" not in items  # missing items are dropped


def test_online_link_checks_the_class(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, _ = wikidata_replay
    client = _client(url, tmp_path)
    linked = link_extraction(_extraction(_person("Michael Jordan")), online=client).entities[0]
    assert (linked.qid, linked.link_method) == ("Q41421", "wikidata-search")
    assert 0.7 <= (linked.link_confidence or 0) < 0.9  # less sure than the gazetteer
    # A person named Jordan: the only hit is a country, so no link.
    assert link_extraction(_extraction(_person("Jordan")), online=client).entities[0].qid is None


def test_gazetteer_entities_do_not_ask_the_api(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    country = Entity(key="country/qatar", type="Country", label="Qatar")
    body = Entity(key="org/ministry-of-foreign-affairs-of-iran", type="GovernmentBody", label="Iranian Foreign Ministry")
    linked = link_extraction(_extraction(country, body), online=_client(url, tmp_path)).entities
    assert linked[0].qid == "Q846" and linked[1].qid is None
    assert state.requests == []


def test_second_call_is_served_from_the_cache(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    client = _client(url, tmp_path)
    first = client.search("Jordan")
    assert len(state.requests) == 1
    again = _client(url, tmp_path).search("Jordan")  # a new client, same cache folder
    assert again == first
    assert len(state.requests) == 1
    assert list((tmp_path / "cache").rglob("*.json"))


def test_retries_after_503_and_maxlag(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    state.fail_with = [503]
    state.maxlag_next = 1
    hits = _client(url, tmp_path).search("Jordan")
    assert [h.qid for h in hits] == ["Q810"]
    assert len(state.requests) == 3  # 503, maxlag error, success


def test_gives_up_after_the_retries(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    state.fail_with = [503, 503, 503]
    client = _client(url, tmp_path)
    with pytest.raises(WikidataUnavailable, match="HTTP 503"):
        client.search("Jordan")
    assert len(state.requests) == 3
    # During the cool-down the client fails fast instead of waiting on the network again.
    with pytest.raises(WikidataUnavailable):
        client.search("Michael Jordan")
    assert len(state.requests) == 3


def test_timeout_falls_back_to_offline_links(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    state.delay = 1.0
    client = _client(url, tmp_path, timeout=0.2, retries=1)
    country = Entity(key="country/iran", type="Country", label="Iran")
    started = time.monotonic()
    linked = link_extraction(_extraction(_person("Michael Jordan"), country, _person("Someone Else")), online=client)
    assert time.monotonic() - started < 5
    assert linked.entities[0].qid is None
    assert linked.entities[1].qid == "Q794"  # the offline result is kept
    assert len(linked.warnings) == 1 and "Wikidata linking skipped" in linked.warnings[0]
    assert len(state.requests) == 2  # one try and one retry; the next entity fails fast


def test_unreachable_host_is_unavailable(tmp_path: Path) -> None:
    client = WikidataClient("http://127.0.0.1:9/w/api.php", cache_dir=tmp_path, min_interval=0, timeout=0.5, retries=0)
    with pytest.raises(WikidataUnavailable, match="cannot reach"):
        client.search("Jordan")


def test_user_agent_is_descriptive(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    _client(url, tmp_path).search("Jordan")
    agent = state.user_agents[0]
    assert agent.startswith("diplokg/") and "https://w3id.org/diplokg" in agent


def test_requests_are_spaced(wikidata_replay: tuple[str, ReplayState], tmp_path: Path) -> None:
    url, state = wikidata_replay
    client = _client(url, tmp_path, min_interval=0.3)
    started = time.monotonic()
    client.search("Jordan")
    client.search("Michael Jordan")
    client.get_entities(["Q810"])
    assert time.monotonic() - started >= 0.6
    assert client.requests_sent == len(state.requests) == 3
