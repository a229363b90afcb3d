"""diplokg: a knowledge graph of international diplomacy, built from news articles."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "ingest", "run_query", "export", "stats"]


def __getattr__(name: str) -> object:
    # The API pulls in pyoxigraph and spaCy; import it only when used.
    if name in ("ingest", "run_query", "export", "stats"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'diplokg' has no attribute {name!r}")
