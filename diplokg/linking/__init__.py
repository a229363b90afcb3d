"""Wikidata linking (DESIGN.md §4 ``owl:sameAs``, ``dip:linkConfidence``, ``dip:linkMethod``).

Plain Python: no rdflib, no spaCy. The offline gazetteer is always used; a ``WikidataClient``
(``diplokg.linking.wikidata``) adds the live API for entities the gazetteer lacks.

``link_method`` values: ``gazetteer-exact`` (canonical name), ``gazetteer-alias`` (alias or
acronym), ``gazetteer-demonym`` ("Iranian" as a Country), ``gazetteer-capital`` (a City named like
a national capital), ``gazetteer-surname`` (a bare surname supported by the article's context),
``wikidata-search`` (live API, type-checked through P31).
"""

from __future__ import annotations

from .linker import LINKABLE_TYPES, article_context, link_entities, link_entity, link_extraction
from .offline import Candidate, Context, offline_candidates

__all__ = [
    "link_extraction",
    "link_entities",
    "link_entity",
    "article_context",
    "offline_candidates",
    "Candidate",
    "Context",
    "LINKABLE_TYPES",
]
