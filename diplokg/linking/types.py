"""Which ontology classes may link to which: the type gate of the linker (DESIGN.md §3 classes).

A Person never links to a Country. The gate is applied to gazetteer entries (whose class is
known) and to Wikidata items (through their P31 "instance of" values).
"""

from __future__ import annotations

__all__ = ["ORGANIZATION_TYPES", "compatible", "type_penalty", "WIKIDATA_CLASSES", "classes_for"]

ORGANIZATION_TYPES = frozenset({"Organization", "GovernmentBody", "InternationalOrganization", "ArmedGroup"})
PLACE_TYPES = frozenset({"Place", "City"})


def compatible(entity_type: str, entry_type: str) -> bool:
    """True if an entity of ``entity_type`` may link to an entry of class ``entry_type``."""
    if entity_type == entry_type:
        return True
    if entity_type in ORGANIZATION_TYPES and entry_type in ORGANIZATION_TYPES:
        # The extractor often knows only "an organisation", or guesses the kind; type_penalty
        # makes a loose agreement count for less.
        return True
    return entity_type in PLACE_TYPES and entry_type in PLACE_TYPES


def type_penalty(entity_type: str, entry_type: str) -> float:
    """How much less sure a link is when the two classes agree only loosely (0 when equal)."""
    if entity_type == entry_type or "Organization" in (entity_type, entry_type):
        return 0.0
    return 0.1  # e.g. extracted GovernmentBody vs. gazetteer ArmedGroup: plausible, less sure


#: Wikidata classes (P31 values) accepted for each ontology class. Direct P31 only: the API gives
#: no subclass closure, so the lists name the classes items actually carry.
WIKIDATA_CLASSES: dict[str, frozenset[str]] = {
    "Person": frozenset({"Q5"}),  # human
    "Country": frozenset(
        {
            "Q6256",  # country
            "Q3624078",  # sovereign state
            "Q15634554",  # state with limited recognition
            "Q7275",  # state
        }
    ),
    "InternationalOrganization": frozenset(
        {
            "Q484652",  # international organization
            "Q245065",  # intergovernmental organization
            "Q1335818",  # supranational union
            "Q1127126",  # military alliance
            "Q1141395",  # forum (G7/G20-style groupings)
        }
    ),
    "GovernmentBody": frozenset(
        {
            "Q327333",  # government agency
            "Q192350",  # ministry
            "Q2659904",  # government organization
            "Q11204",  # legislature
            "Q35749",  # parliament
            "Q7188",  # government
        }
    ),
    "ArmedGroup": frozenset(
        {
            "Q17149090",  # armed organization
            "Q8473",  # military
            "Q176799",  # military unit
            "Q1752939",  # paramilitary organization
            "Q2001305",  # militant group
        }
    ),
    "City": frozenset({"Q515", "Q5119", "Q1549591", "Q1637706", "Q200250"}),
    "Place": frozenset({"Q515", "Q5119", "Q1549591", "Q486972", "Q82794", "Q200250"}),
}
WIKIDATA_CLASSES["Organization"] = frozenset().union(
    WIKIDATA_CLASSES["InternationalOrganization"],
    WIKIDATA_CLASSES["GovernmentBody"],
    WIKIDATA_CLASSES["ArmedGroup"],
    {"Q43229", "Q163740", "Q79913"},  # organization, nonprofit, NGO
)


def classes_for(entity_type: str) -> frozenset[str]:
    """Wikidata P31 values an item must carry (one of) to link an entity of ``entity_type``."""
    if entity_type in ORGANIZATION_TYPES:
        return WIKIDATA_CLASSES["Organization"] | WIKIDATA_CLASSES.get(entity_type, frozenset())
    return WIKIDATA_CLASSES.get(entity_type, frozenset())
