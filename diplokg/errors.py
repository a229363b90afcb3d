"""Errors raised by diplokg. The library raises; the CLI prints one line and exits.

Hierarchy::

    DiplokgError                 base of everything below; CLI exit code 2
    ├── ModelNotFoundError       no English spaCy model installed
    ├── InputError               an input file or line cannot be read (names file and line)
    │   └── InputTooLargeError   a file over the size limit
    ├── StoreError               the store cannot be opened, read or written
    │   └── StoreLockedError     another writer holds the store
    ├── QueryError               a SPARQL query is malformed or unknown, or a remote service failed
    └── ValidationFailed         ``diplokg validate`` found violations; CLI exit code 1
"""

from __future__ import annotations

__all__ = [
    "DiplokgError",
    "ModelNotFoundError",
    "InputError",
    "InputTooLargeError",
    "StoreError",
    "StoreLockedError",
    "QueryError",
    "ValidationFailed",
]


class DiplokgError(Exception):
    """Base class of every error diplokg raises on purpose."""

    exit_code = 2


class ModelNotFoundError(DiplokgError):
    """No English spaCy model is installed."""


class InputError(DiplokgError):
    """An input cannot be read; ``origin`` names the file (and line) at fault."""

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        self.origin = origin
        super().__init__(f"{origin}: {message}" if origin else message)


class InputTooLargeError(InputError):
    """An input file is larger than the configured limit."""


class StoreError(DiplokgError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process is writing to the store."""


class QueryError(DiplokgError):
    """A query is malformed or unknown, or the service it needs cannot be reached."""


class ValidationFailed(DiplokgError):
    """The graph does not conform to the shapes or the ontology."""

    exit_code = 1
