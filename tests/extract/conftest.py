"""Fixtures of the extraction tests: the English pipeline, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from diplokg.records import Article, Extraction


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline with the diplokg components."""
    from diplokg.extract import load_model

    return load_model()


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[..., Extraction]:
    """Extract one text as an article (optionally dated) and return its ``Extraction``."""
    from diplokg.extract import extract_article

    def run(text: str, **meta: object) -> Extraction:
        return extract_article(Article(id="t", text=text, **meta), nlp=nlp)  # type: ignore[arg-type]

    return run
