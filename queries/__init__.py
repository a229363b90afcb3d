"""The shipped SPARQL queries: one ``.rq`` file each, with a comment header.

Header lines at the top of a file: ``# title: …``, ``# description: …``, one
``# param: NAME (KIND) = DEFAULT — what it is`` per parameter, and ``# needs: network`` for
queries that call a remote service. A parameter NAME binds the variable ``?NAME``; one left
unbound means "any". KIND ``string`` keeps the value a plain string; ``label`` makes a plain value an English label (``"Iran"@en``), so
it matches ``rdfs:label``/``skos:altLabel`` exactly; without a kind the value's own form
decides (IRI, prefixed name, integer, date, or string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["QueryInfo", "query_names", "read_query", "query_info", "all_queries"]


@dataclass(frozen=True)
class QueryParam:
    """A parameter a shipped query accepts (bound with ``--param NAME=VALUE``)."""

    name: str
    default: str | None
    description: str
    kind: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A shipped query and what its header says about it."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    needs_network: bool
    sparql: str


def query_names() -> list[str]:
    """Names of the shipped queries (file stems), sorted."""
    return sorted(p.name[:-3] for p in resources.files(__name__).iterdir() if p.name.endswith(".rq"))


def read_query(name: str) -> str:
    """The SPARQL text of a shipped query."""
    return (resources.files(__name__) / f"{name}.rq").read_text(encoding="utf-8")


_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*(?:\((\w+)\))?\s*(?:=\s*(.+?))?\s*(?:(?:—|--)\s*(.*))?$")


def query_info(name: str) -> QueryInfo:
    """Parse the header of a shipped query."""
    sparql = read_query(name)
    title, description, needs_network = name, "", False
    params: list[QueryParam] = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key == "title":
            title = value.strip()
        elif key == "description":
            description = value.strip()
        elif key == "needs":
            needs_network = "network" in value
        elif key == "param":
            match = _PARAM.match(line.strip())
            if match:
                params.append(QueryParam(match[1], match[3], (match[4] or "").strip(), match[2] or ""))
    return QueryInfo(name, title, description, tuple(params), needs_network, sparql)


def all_queries() -> list[QueryInfo]:
    """Every shipped query with its header."""
    return [query_info(name) for name in query_names()]
