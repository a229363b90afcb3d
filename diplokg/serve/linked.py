"""Linked data: every minted IRI ``{base}<path>`` answers at ``/resource/<path>`` on this server.

Browsers get an HTML page, RDF clients get Turtle (or N-Triples, JSON-LD, RDF/XML by
Accept): labels, Wikidata link, relations in both directions, and the evidence sentences
with their articles (https://www.w3.org/TR/cooluris/, content negotiation variant).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import DiplokgError
from ..graph.namespace import PREFIXES
from .app import Backend, QueryFailed, reply_response, text_error
from .pool import Job, QueryTimeout, ServerBusy
from .protocol import GRAPH_TYPES, negotiate

__all__ = ["resource_endpoint", "local_href", "render_page"]

# RDF first: a client that accepts anything (curl, */*) is more likely an RDF tool than a person.
_PAGE_TYPES = {**GRAPH_TYPES, "html": "text/html"}

# Event details are read inside the event's article graph with the bound pattern first, and the
# optional parts outside it: see explorer.EVENT_PATTERN for why (rows multiply over the union).
DESCRIBE = """
CONSTRUCT {
  ?x ?p ?o . ?s ?q ?x . ?event ?ep ?eo . ?other rdfs:label ?otherLabel .
  ?sentence dip:text ?text ; dip:inArticle ?article .
  ?article dcterms:title ?title ; dcterms:date ?published ; dcterms:source ?source .
} WHERE {
  { ?x ?p ?o }
  UNION { ?s ?q ?x }
  UNION {
    GRAPH ?g {
      { ?event dip:agent ?x } UNION { ?event dip:target ?x }
      ?event ?ep ?eo ; dip:agent ?agent ; dip:target ?target ; dip:evidence ?sentence .
      ?sentence dip:text ?text ; dip:inArticle ?article .
      { ?agent rdfs:label ?otherLabel . BIND(?agent AS ?other) }
      UNION { ?target rdfs:label ?otherLabel . BIND(?target AS ?other) }
    }
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article dcterms:date ?published }
    OPTIONAL { ?article dcterms:source ?source }
  }
}"""

EXISTS = "ASK { { ?x ?p ?o } UNION { ?s ?q ?x } }"

ABOUT = """
SELECT DISTINCT ?p ?o ?oLabel WHERE {
  GRAPH ?g { ?x ?p ?o . OPTIONAL { ?o rdfs:label|dcterms:title|dip:text ?oLabel } }
} LIMIT 1000"""

INCOMING = """
SELECT DISTINCT ?s ?p ?sLabel WHERE {
  GRAPH ?g {
    ?s ?p ?x .
    FILTER(?p NOT IN (dip:agent, dip:target))
    OPTIONAL { ?s rdfs:label|dcterms:title|dip:text ?sLabel }
  }
} LIMIT 1000"""

EVENTS = """
SELECT DISTINCT ?event ?role ?relation ?other ?otherLabel ?date ?polarity ?modality ?text ?article ?title WHERE {
  GRAPH ?g {
    { ?event dip:agent ?x ; dip:target ?other . BIND("agent" AS ?role) }
    UNION { ?event dip:target ?x ; dip:agent ?other . BIND("target" AS ?role) }
    ?event dip:relation ?relation ; dip:polarity ?polarity ; dip:modality ?modality ; dip:evidence ?sentence .
    ?other rdfs:label ?otherLabel .
    ?sentence dip:text ?text ; dip:inArticle ?article .
  }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?published }
  OPTIONAL { ?event dip:date ?eventDate }
  BIND(COALESCE(?eventDate, ?published) AS ?date)
} ORDER BY ?date ?event LIMIT 2000"""

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def local_href(iri: str, base: str) -> str:
    """Where an IRI is browsed: minted IRIs map to /resource/… here, others stay as they are."""
    return "/resource/" + iri[len(base):] if iri.startswith(base) else iri


def short(iri: str) -> str:
    """A prefixed name for display (dip:visited), or the IRI when no prefix fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


async def resource_endpoint(request: Request) -> Response:
    """Describe one minted resource as HTML or RDF, by Accept header (or ?format=)."""
    backend: Backend = request.app.state.backend
    # The raw path keeps percent-escapes exactly as minted; the decoded one would not round-trip.
    raw = request.scope.get("raw_path", request.url.path.encode()).decode("ascii", "replace")
    path = raw.split("/resource/", 1)[1].split("?", 1)[0]
    iri = backend.config.base + path
    if _NOT_IN_IRI.search(path):
        return text_error(400, "the resource path contains characters that cannot appear in an IRI")
    fmt = negotiate(request.headers.get("accept"), request.query_params.get("format"), _PAGE_TYPES)
    if fmt is None:
        return text_error(406, f"available representations: {', '.join(_PAGE_TYPES.values())}")
    params = {"x": ("iri", iri)}
    try:
        if fmt != "html":
            known = await backend.run(Job(EXISTS, terms=params))
            if known.status == 200 and b"false" in known.body:
                return text_error(404, f"nothing is known about {iri}")
            # The IRI goes into the text: bound through VALUES, it would land in the CONSTRUCT template.
            describe = DESCRIBE.replace("?x", f"<{iri}>")
            job = Job(describe, graph_format=fmt, max_rows=backend.config.max_rows)
            reply = await backend.run(job)
            response = reply_response(reply, backend.config.max_rows)
            response.headers["Vary"] = "Accept"
            return response
        about = await backend.select(ABOUT, params)
        incoming = await backend.select(INCOMING, params)
        events = await backend.select(EVENTS, params)
    except QueryTimeout:
        return text_error(503, f"describing {iri} exceeded the {backend.config.timeout:g} s timeout")
    except (ServerBusy, QueryFailed, DiplokgError) as exc:
        return text_error(503 if isinstance(exc, ServerBusy) else 500, str(exc))
    if not (about or incoming or events):
        page = render_page(iri, [], [], [], backend.config.base)
        return HTMLResponse(page, status_code=404, headers={"Vary": "Accept"})
    page = render_page(iri, about, incoming, events, backend.config.base)
    return HTMLResponse(page, headers={"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'})


def _link(iri: str, label: str | None, base: str) -> str:
    text = label or short(iri)
    external = not iri.startswith(base)
    attrs = ' rel="noopener" target="_blank"' if external else ""
    return f'<a href="{escape(local_href(iri, base))}"{attrs}>{escape(text)}</a>'


def _value(row: dict[str, str], key: str, label_key: str, base: str) -> str:
    value = row.get(key, "")
    if value.startswith(("http://", "https://")):
        return _link(value, row.get(label_key), base)
    return escape(value)


def render_page(iri: str, about: list[dict[str, str]], incoming: list[dict[str, str]],
                events: list[dict[str, str]], base: str) -> str:
    """The HTML page of one resource."""
    labels = [r["o"] for r in about if r["p"] == _LABEL]
    title = labels[0] if labels else short(iri)
    alt = sorted({r["o"] for r in about if r["p"] == _ALT})
    types = sorted({short(r["o"]) for r in about if r["p"] == _TYPE})
    wikidata = sorted({r["o"] for r in about if r["p"] == _SAME_AS})
    found = bool(about or incoming or events)
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri"><code>{escape(iri)}</code></p>']
    if not found:
        parts.append("<p>Nothing is known about this resource in the graph.</p>")
    facts = []
    if types:
        facts.append(f"<dt>Type</dt><dd>{escape(', '.join(types))}</dd>")
    if alt:
        facts.append(f"<dt>Also called</dt><dd>{escape(', '.join(alt))}</dd>")
    for link in wikidata:
        facts.append(f'<dt>Wikidata</dt><dd><a href="{escape(link)}" rel="noopener">{escape(short(link))}</a></dd>')
    if facts:
        parts.append(f'<dl class="facts">{"".join(facts)}</dl>')
    if events:
        key = quote(iri, safe="")
        parts.append(
            f'<p class="views"><a href="/#timeline={key}">Timeline</a> · <a href="/#network={key}">Network</a> · '
            f'<a href="?format=turtle">Turtle</a></p>'
        )
        parts.append(f"<h2>Relations ({len(events)} event mentions)</h2>")
        parts.append(_events_table(events, base))
    rows = [r for r in about if r["p"] not in (_LABEL, _ALT, _TYPE, _SAME_AS)]
    if rows:
        parts.append("<h2>Statements about it</h2><table class=\"data\"><tr><th>property</th><th>value</th></tr>")
        parts += [f"<tr><td>{escape(short(r['p']))}</td><td>{_value(r, 'o', 'oLabel', base)}</td></tr>" for r in rows]
        parts.append("</table>")
    if incoming:
        parts.append("<h2>Referred to by</h2><table class=\"data\"><tr><th>subject</th><th>property</th></tr>")
        parts += [f"<tr><td>{_value(r, 's', 'sLabel', base)}</td><td>{escape(short(r['p']))}</td></tr>"
                  for r in incoming]
        parts.append("</table>")
    body = "\n".join(parts)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} — diplokg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="text/turtle" href="?format=turtle"></head>
<body class="resource"><header class="top"><a class="brand" href="/">diplokg</a>
<nav><a href="/#query">Query</a><a href="/#network">Network</a><a href="/#timeline">Timeline</a>
<a href="/#pair">Cooperation–conflict</a></nav></header>
<main class="page">{body}</main></body></html>"""


def _events_table(events: list[dict[str, str]], base: str) -> str:
    rows = ['<table class="data events"><tr><th>date</th><th>relation</th><th>with</th><th>polarity</th>'
            "<th>evidence</th></tr>"]
    for event in events:
        relation = event["relation"].rsplit("#", 1)[-1]
        arrow = "→" if event["role"] == "agent" else "←"
        polarity = event["polarity"].rsplit("#", 1)[-1]
        modality = event["modality"].rsplit("#", 1)[-1]
        article = ""
        if event.get("article"):
            article = f' <span class="source">({_link(event["article"], event.get("title"), base)})</span>'
        rows.append(
            f"<tr class=\"{escape(polarity)}\"><td>{escape(event.get('date', ''))}</td>"
            f"<td>{arrow} {_link(event['event'], relation, base)}</td>"
            f"<td>{_link(event['other'], event.get('otherLabel'), base)}</td>"
            f"<td>{escape(polarity)}, {escape(modality)}</td>"
            f"<td class=\"evidence\">{escape(event.get('text', ''))}{article}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)
