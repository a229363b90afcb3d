"""Registration of the diplokg spaCy components and their ``Doc`` extensions, in one place.

Order in the pipeline: ``dip_lines`` (before the parser) then, after ``ner``:
``dip_actors`` -> ``dip_positions`` -> ``dip_coref`` -> ``dip_events``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorRecognizer
from .coref import CorefResolver
from .events import EventFinder
from .lines import LineBreaker
from .positions import PositionFinder

__all__ = ["add_components", "COMPONENTS"]

COMPONENTS = ("dip_actors", "dip_positions", "dip_coref", "dip_events")

for _attr, _default in (
    ("dip_mentions", None),
    ("dip_entities", None),
    ("dip_home", None),
    ("dip_dateline", None),
    ("dip_token_mention", None),
    ("dip_positions", None),
    ("dip_groups", None),
    ("dip_events", None),
):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=_default)


@Language.factory("dip_lines", assigns=["token.is_sent_start"])
def make_lines(nlp: Language, name: str) -> LineBreaker:
    """Start a sentence at each line break followed by a capital (headings, captions)."""
    return LineBreaker(name)


@Language.factory(
    "dip_actors",
    requires=["doc.ents", "token.lemma"],
    assigns=["doc._.dip_mentions", "doc._.dip_entities", "doc._.dip_home", "doc._.dip_dateline", "doc._.dip_token_mention"],
)
def make_actors(nlp: Language, name: str) -> ActorRecognizer:
    """Actors: gazetteer names, demonyms, capitals and spaCy entities, with stable keys."""
    return ActorRecognizer(nlp, name)


@Language.factory(
    "dip_positions",
    requires=["doc._.dip_mentions", "doc._.dip_entities", "token.dep"],
    assigns=["doc._.dip_positions"],
)
def make_positions(nlp: Language, name: str) -> PositionFinder:
    """Positions from titles and appositions."""
    return PositionFinder(nlp, name)


@Language.factory(
    "dip_coref",
    requires=["doc._.dip_mentions", "doc._.dip_positions", "token.dep"],
    assigns=["doc._.dip_mentions", "doc._.dip_token_mention", "doc._.dip_groups"],
)
def make_coref(nlp: Language, name: str) -> CorefResolver:
    """Pronouns and definite descriptions resolved to actors."""
    return CorefResolver(nlp, name)


@Language.factory(
    "dip_events",
    requires=["doc._.dip_token_mention", "doc._.dip_groups", "token.dep", "token.lemma"],
    assigns=["doc._.dip_events"],
)
def make_events(nlp: Language, name: str) -> EventFinder:
    """Event relations from lexicon triggers and the dependency parse."""
    return EventFinder(nlp, name)


def add_components(nlp: Language) -> Language:
    """Add the diplokg components to an English pipeline (once)."""
    if "dip_lines" not in nlp.pipe_names:
        nlp.add_pipe("dip_lines", before="parser" if "parser" in nlp.pipe_names else None)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp
