"""SPARQL 1.1 Protocol pieces that need no server: content negotiation, SERVICE checks, result writers.

Specs: https://www.w3.org/TR/sparql11-protocol/ (requests and status codes),
https://www.w3.org/TR/sparql11-results-json/, https://www.w3.org/TR/rdf-sparql-XMLres/ and
https://www.w3.org/TR/sparql11-results-csv-tsv/ (the result formats written here).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..graph.namespace import PREFIXES

__all__ = [
    "SOLUTION_TYPES",
    "GRAPH_TYPES",
    "negotiate",
    "service_iris",
    "refused_services",
    "write_solutions",
    "write_boolean",
]

#: Media types for SELECT/ASK results, by short name; the first is the default.
SOLUTION_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Media types for CONSTRUCT/DESCRIBE results, by short name; the first is the default.
GRAPH_TYPES: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Other names clients send for the same formats (SPARQLWrapper asks for application/json, etc.).
_ALIASES: dict[str, str] = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
}


def _accept_ranges(accept: str) -> list[tuple[float, int, str]]:
    """The media ranges of an Accept header as (q, position, range), best first."""
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, position, media.lower()))
    return [(-q, pos, media) for q, pos, media in sorted(ranges)]


def negotiate(accept: str | None, override: str | None, offered: dict[str, str]) -> str | None:
    """Pick a short format name from ``offered`` for an Accept header or a ``format=`` override.

    Returns None when the client accepts none of the offered types (HTTP 406).
    """
    if override:
        name = _ALIASES.get(override.lower(), override.lower())
        for short, media in offered.items():
            if name in (short, media):
                return short
        return None
    if not accept:
        return next(iter(offered))
    for _, _, media in _accept_ranges(accept):
        if media in ("*/*", "application/*", "text/*"):
            return next(iter(offered))
        name = _ALIASES.get(media, media)
        for short, offered_media in offered.items():
            if name in (short, offered_media):
                return short
    return None


# --- SERVICE clauses ---------------------------------------------------------------------

# Strings (long ones first), IRIs and comments: SERVICE inside them is not a keyword.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_SILENT = re.compile(r"\s*SILENT(?![\w:-])", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_PNAME = re.compile(r"([\w.-]*):([\w.%:-]*)")


def service_iris(sparql: str) -> list[str | None]:
    """The endpoint IRI of every SERVICE clause in a query or update; None where it is not a constant IRI."""
    iris: dict[int, str] = {}  # placeholder index -> IRI text
    prefixes = dict(PREFIXES)

    def hide(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("<"):
            iris[len(iris)] = token[1:-1]
            return f" <{len(iris) - 1}> "
        return " "

    masked = _OPAQUE.sub(hide, sparql)
    for decl in _PREFIX_DECL.finditer(masked):
        number = decl.group(2)
        if number.isdigit() and int(number) in iris:
            prefixes[decl.group(1)] = iris[int(number)]
    found: list[str | None] = []
    for keyword in _SERVICE.finditer(masked):
        rest = masked[keyword.end():]
        silent = _SILENT.match(rest)
        if silent:
            rest = rest[silent.end():]
        rest = rest.lstrip()
        placeholder = re.match(r"<(\d+)>", rest)
        pname = _PNAME.match(rest)
        if placeholder:
            found.append(iris[int(placeholder.group(1))])
        elif pname and pname.group(1) in prefixes:
            found.append(prefixes[pname.group(1)] + pname.group(2))
        else:
            found.append(None)  # a variable or something unparsable: never allowed
    return found


def refused_services(sparql: str, allowed: Iterable[str]) -> list[str]:
    """SERVICE endpoints in the query that are not in ``allowed`` (a variable endpoint shows as '?var')."""
    allowed_set = set(allowed)
    return [iri or "a variable endpoint" for iri in service_iris(sparql) if iri is None or iri not in allowed_set]


# --- result writers ----------------------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: ox.Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _xml_term(term: ox.Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def write_solutions(variables: Sequence[str], rows: Iterable[Sequence[ox.Term | None]], fmt: str) -> bytes:
    """Serialise SELECT solutions (already capped by the caller) in one of ``SOLUTION_TYPES``."""
    if fmt == "json":
        bindings = [
            {var: _json_term(term) for var, term in zip(variables, row) if term is not None} for row in rows
        ]
        body = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row)
                if t is not None
            ]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as the CSV results spec asks
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else (t.value if hasattr(t, "value") else str(t)) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        # TSV results carry terms in Turtle/N-Triples syntax, which is what str() of a term gives.
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """Serialise an ASK result."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode("utf-8")
    # CSV/TSV have no boolean form in the spec; a one-cell table is what common endpoints send.
    header = "_askResult" if fmt == "csv" else "?_askResult"
    return f"{header}\n{'true' if value else 'false'}\n".encode("utf-8")
