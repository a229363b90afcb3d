"""One article that breaks a stage is reported and skipped; every other article is stored."""

from __future__ import annotations

import json

import pytest

import diplokg.extract
import diplokg.linking
from diplokg.api import ingest, stats


@pytest.fixture()
def three_articles(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        {"id": "first", "text": "Iran and Qatar signed an agreement in Doha."},
        {"id": "boom", "text": "Oman hosted talks between Iran and the United States."},
        {"id": "last", "text": "Turkey condemned the attack on Syria."},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _stored_ids(store) -> set[str]:
    from diplokg.api import run_query

    rows = run_query(store, "SELECT ?id WHERE { ?a a dip:Article ; dcterms:identifier ?id }")
    return {row[0].value for row in rows.rows}


def test_an_extraction_failure_loses_only_its_article(three_articles, tmp_path, monkeypatch):
    real_batch, real_one = diplokg.extract.extract_articles, diplokg.extract.extract_article

    def batch(articles, **kwargs):
        articles = list(articles)
        if any(a.id == "boom" for a in articles):
            raise IndexError("simulated extraction bug")
        return real_batch(articles, **kwargs)

    def one(article, nlp=None):
        if article.id == "boom":
            raise IndexError("simulated extraction bug")
        return real_one(article, nlp=nlp)

    monkeypatch.setattr(diplokg.extract, "extract_articles", batch)
    monkeypatch.setattr(diplokg.extract, "extract_article", one)
    store = str(tmp_path / "store")
    result = ingest([three_articles], store=store)
    assert [origin for origin, _ in result.failed] == [f"{three_articles}:2"]
    assert "extraction failed (IndexError: simulated extraction bug)" in result.failed[0][1]
    assert result.articles == 2
    assert _stored_ids(store) == {"first", "last"}


def test_a_linking_failure_loses_only_its_article(three_articles, tmp_path, monkeypatch):
    real = diplokg.linking.link_extraction

    def link(extraction, **kwargs):
        if extraction.article.id == "boom":
            raise ValueError("simulated linker bug")
        return real(extraction, **kwargs)

    monkeypatch.setattr(diplokg.linking, "link_extraction", link)
    store = str(tmp_path / "store")
    result = ingest([three_articles], store=store)
    assert len(result.failed) == 1 and "linking or graph building failed" in result.failed[0][1]
    assert _stored_ids(store) == {"first", "last"}
    assert stats(store)["articles"] == 2
