"""diplokg.ontology: the OWL ontology and SHACL shapes, shipped as package data (DESIGN.md §3).

``diplomacy.ttl`` is the source of truth for the ``dip:`` vocabulary; ``shapes.ttl`` holds the
SHACL shapes of the graph shape of DESIGN.md §4. Nothing is read at import time.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "ontology_path", "shapes_path"]

ONTOLOGY_FILE = "diplomacy.ttl"
SHAPES_FILE = "shapes.ttl"


def _data_path(name: str) -> Path:
    """Return the filesystem path of a data file of this package."""
    # Package data is installed as plain files (setuptools package-data), so the
    # traversable is a real path; Path() makes that explicit for callers.
    return Path(str(resources.files(__name__).joinpath(name)))


def ontology_path() -> Path:
    """Return the path of the ontology, ``diplomacy.ttl`` (Turtle)."""
    return _data_path(ONTOLOGY_FILE)


def shapes_path() -> Path:
    """Return the path of the SHACL shapes, ``shapes.ttl`` (Turtle)."""
    return _data_path(SHAPES_FILE)
