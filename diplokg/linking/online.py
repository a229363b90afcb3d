"""Link an entity the gazetteer lacks through the live Wikidata API, type-checked by P31."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..gazetteer import normalize_name
from ..records import Entity
from .types import classes_for

if TYPE_CHECKING:
    from .wikidata import WikidataClient

__all__ = ["online_link", "ONLINE_EXACT", "ONLINE_ALIAS"]

#: An exact English label of the right class, ranked first by Wikidata's search.
ONLINE_EXACT = 0.8
#: The search matched an alias, not the label.
ONLINE_ALIAS = 0.72
#: Every rank below the first costs this much: search order is Wikidata's own prior.
RANK_COST = 0.03


def online_link(
    entity: Entity, client: WikidataClient, *, threshold: float, warnings: list[str] | None = None
) -> Entity | None:
    """The entity linked by ``wbsearchentities`` + ``wbgetentities``, or None (also when the API is down)."""
    from .wikidata import WikidataUnavailable

    wanted = classes_for(entity.type)
    if not wanted:
        return None
    try:
        hits = client.search(entity.label)
        items = client.get_entities([hit.qid for hit in hits]) if hits else {}
    except WikidataUnavailable as error:
        # Keep the offline result; one warning per article is enough.
        prefix = "Wikidata linking skipped, offline links kept"
        if warnings is not None and not any(w.startswith(prefix) for w in warnings):
            warnings.append(f"{prefix}: {error}")
        return None
    label = normalize_name(entity.label)
    scored = []
    for rank, hit in enumerate(hits):
        item = items.get(hit.qid)
        if item is None or not wanted & set(item.instance_of):
            continue
        if normalize_name(item.label) == label:
            score = ONLINE_EXACT
        elif any(normalize_name(alias) == label for alias in item.aliases):
            score = ONLINE_ALIAS
        else:
            continue
        scored.append((score - RANK_COST * rank, hit.qid))
    if not scored:
        return None
    scored.sort(reverse=True)
    best_score, best_qid = scored[0]
    if len(scored) > 1 and best_score - scored[1][0] < 0.1:
        return None  # two items of the right class answer to this name: leave it to a human
    if best_score < threshold:
        return None
    return dataclasses.replace(entity, qid=best_qid, link_confidence=round(best_score, 3), link_method="wikidata-search")
