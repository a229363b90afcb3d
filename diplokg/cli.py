"""The ``diplokg`` command line (DESIGN.md §5). It parses options, calls the API and prints.

Exit codes: 0 success; 1 some input failed, or validation found violations; 2 usage or other error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import DiplokgError

app = typer.Typer(
    name="diplokg",
    help="Build a knowledge graph of international diplomacy from news articles.\n\n"
    "Example: diplokg ingest examples/articles && diplokg query who_visited",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        envvar="DIPLOKG_STORE",
        help="Store folder (embedded Oxigraph) or URL of a SPARQL 1.1 server.",
    ),
]


class _State:
    store: str = "./diplokg-store"


state = _State()


@app.callback()
def _main(
    store: StoreOption = "./diplokg-store",
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Build a knowledge graph of international diplomacy from news articles."""
    if version:
        from . import __version__

        out.print(f"diplokg {__version__}")
        raise typer.Exit(0)
    state.store = store


def _fail(exc: DiplokgError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
    return typer.Exit(exc.exit_code)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl, .html), folders, or - for stdin.")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel extraction processes (with --dask local: the number of Dask workers, at least 2).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per store transaction batch.")] = 32,
    no_link: Annotated[bool, typer.Option("--no-link", help="Skip Wikidata linking.")] = False,
    online: Annotated[bool, typer.Option("--online", help="Also ask the live Wikidata API (cached).")] = False,
    dask: Annotated[
        Optional[str], typer.Option("--dask", help="Run extraction on Dask: a scheduler address, or 'local'.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract facts, and store one named graph per article.

    Re-ingesting an article replaces its graph. Bad inputs are reported and skipped; the
    others are stored; the exit code is 1 if any input failed.

    Examples:

      diplokg ingest examples/articles

      diplokg --store ./kg ingest news.jsonl --workers 2

      cat article.txt | diplokg ingest -
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .api import ingest as run_ingest

    try:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet or not err.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None, current="")

            def tick(article) -> None:  # type: ignore[no-untyped-def]
                bar.update(task, advance=1, current=article.id[:40])

            if dask:
                from .distributed import ingest_dask

                result = ingest_dask(paths, scheduler=dask, store=state.store, link=not no_link, online=online,
                                     progress=tick, workers=max(workers, 2))
            else:
                result = run_ingest(
                    paths, store=state.store, workers=workers, batch_size=batch_size,
                    link=not no_link, online=online, progress=tick,
                )
    except DiplokgError as exc:
        raise _fail(exc) from exc
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for origin, message in result.failed:
        err.print(f"[red]failed:[/red] {message}", highlight=False)
    rate = result.words / result.seconds if result.seconds else 0.0
    err.print(
        f"stored {result.articles} article(s), {result.events} event(s), {result.positions} position(s), "
        f"{result.quads_written} quad(s) in {result.store} — {result.seconds:.1f} s, {rate:,.0f} words/s; "
        f"{len(result.failed)} input(s) failed",
        highlight=False,
    )
    raise typer.Exit(1 if result.failed else 0)


def _term_text(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or the name of a shipped query.")],
    param: Annotated[
        Optional[list[str]], typer.Option("--param", "-p", help="Bind a query variable: NAME=VALUE (repeatable).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the shipped queries and exit.")] = False,
) -> None:
    """Run a SPARQL query over the union of all article graphs.

    Examples:

      diplokg query who_visited

      diplokg query relations_between --param a=Iran --param b="United States" --format csv

      diplokg query 'SELECT ?s WHERE { ?s dip:visited ?o }' --format json
    """
    from .api import SelectRows, run_query
    from .queries import all_queries

    if list_queries:
        table = Table("name", "title", "parameters")
        for info in all_queries():
            table.add_row(info.name, info.title, ", ".join(p.name for p in info.params))
        out.print(table)
        raise typer.Exit(0)
    params: dict[str, str] = {}
    for item in param or []:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise _fail(DiplokgError(f"--param {item!r} must look like NAME=VALUE"))
        params[name.strip()] = value
    if format not in ("table", "csv", "tsv", "json"):
        raise _fail(DiplokgError(f"unknown --format {format!r}; choose table, csv, tsv or json"))
    try:
        result = run_query(state.store, sparql, params=_with_defaults(sparql, params))
    except DiplokgError as exc:
        raise _fail(exc) from exc
    if isinstance(result, SelectRows):
        _print_rows(result, format)
    elif isinstance(result, list):
        import pyoxigraph as ox

        sys.stdout.write(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    else:
        out.print(json.dumps({"boolean": bool(result)}) if format == "json" else str(bool(result)).lower())


def _with_defaults(sparql: str, params: dict[str, str]) -> dict[str, str]:
    """Fill in the defaults a shipped query declares for parameters not given."""
    from .queries import query_info, query_names

    name = Path(sparql).stem if sparql.endswith(".rq") else sparql
    if name not in query_names():
        return params
    merged = {p.name: p.default for p in query_info(name).params if p.default is not None}
    merged.update(params)
    return {k: v for k, v in merged.items() if v is not None}


def _print_rows(result, format: str) -> None:  # type: ignore[no-untyped-def]
    import csv

    if format == "json":
        rows = [
            {v: _term_text(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if format == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_term_text(t).replace("\t", " ").replace("\n", " ") if format == "tsv" else _term_text(t)
                             for t in row])
    else:
        table = Table(*result.variables, show_lines=False)
        for row in result.rows:
            table.add_row(*(_term_text(t) for t in row))
        out.print(table)
        err.print(f"{len(result.rows)} row(s)")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, nquads, ntriples or jsonld.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Export the graph. Turtle, N-Triples and JSON-LD flatten the article graphs; TriG and N-Quads keep them.

    Examples:

      diplokg export -o graph.ttl

      diplokg export --format trig -o graph.trig
    """
    from .api import export as run_export

    try:
        if output is None:
            run_export(state.store, format, sys.stdout.buffer)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("wb") as handle:
                run_export(state.store, format, handle)
            tmp.replace(output)
            err.print(f"wrote {output}")
    except DiplokgError as exc:
        raise _fail(exc) from exc


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count quads, graphs, articles, sentences, events by relation and entities by type.

    Example: diplokg stats --json
    """
    from .api import stats as run_stats

    try:
        counts = run_stats(state.store)
    except DiplokgError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
        return
    table = Table("what", "count")
    for key, value in counts.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                table.add_row(f"  {key}: {sub}", str(n))
        else:
            table.add_row(key, str(value))
    out.print(table)


@app.command()
def ontology(
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, rdfxml or ntriples.")] = "turtle",
    relations: Annotated[bool, typer.Option("--relations", help="List the relations with CAMEO roots instead.")] = False,
) -> None:
    """Print the diplokg ontology, or a table of its relations.

    Examples:

      diplokg ontology --relations

      diplokg ontology --format rdfxml > diplomacy.owl
    """
    from .graph.vocab import relations as load_relations
    from .ontology import ontology_path

    if relations:
        table = Table("relation", "event class", "CAMEO roots", "symmetric", "sub-property of")
        for info in sorted(load_relations().values(), key=lambda r: r.name):
            table.add_row(
                info.name,
                (info.event_class or "").rsplit("#", 1)[-1],
                ", ".join(info.cameo_roots),
                "yes" if info.symmetric else "",
                ", ".join(info.parents),
            )
        out.print(table)
        return
    if format == "turtle":
        sys.stdout.write(ontology_path().read_text(encoding="utf-8"))
    elif format in ("rdfxml", "ntriples"):
        import pyoxigraph as ox

        target = ox.RdfFormat.RDF_XML if format == "rdfxml" else ox.RdfFormat.N_TRIPLES
        triples = ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
        sys.stdout.write(ox.serialize(triples, format=target).decode("utf-8"))
    else:
        raise _fail(DiplokgError(f"unknown --format {format!r}; choose turtle, rdfxml or ntriples"))


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (the format of eval/dev/README.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Run extraction on gold documents and print precision, recall and F1 (strict and family).

    Example: diplokg eval ../shared/eval/dev/seeds_gold.jsonl
    """
    from .evaluate import evaluate as run_eval

    try:
        report = run_eval(gold)
    except DiplokgError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report.to_text() + "\n")


@app.command()
def link(
    online: Annotated[bool, typer.Option("--online", help="Also ask the live Wikidata API (cached on disk).")] = False,
) -> None:
    """Link the stored entities to Wikidata: the offline gazetteer always, the live API with --online.

    Example: diplokg link --online
    """
    from .api import link_store

    try:
        result = link_store(state.store, online=online)
    except DiplokgError as exc:
        raise _fail(exc) from exc
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    err.print(f"linked {result.linked} of {result.entities} entities ({result.new} new links)")


@app.command()
def validate(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    no_owl: Annotated[bool, typer.Option("--no-owl", help="Skip the OWL reasoner check.")] = False,
    graph: Annotated[
        Optional[list[str]],
        typer.Option("--graph", "-g", help="Check only this article graph IRI or article id (repeatable)."),
    ] = None,
) -> None:
    """Check the stored graph against the SHACL shapes and the OWL ontology; exit 1 on violations.

    Examples:

      diplokg validate

      diplokg validate --graph 01_pezeshkian-qatar --no-owl
    """
    from .validate import validate_store

    try:
        report = validate_store(state.store, owl=not no_owl, graphs=[_graph_iri(g) for g in graph] if graph else None)
    except DiplokgError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report.to_text() + "\n")
    raise typer.Exit(0 if report.conforms else 1)


def _graph_iri(value: str) -> str:
    """An article graph IRI from an IRI or an article id."""
    if value.startswith(("http://", "https://")):
        return value
    from .graph.mint import Minter

    return Minter().article(value)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    update_token: Annotated[
        Optional[str],
        typer.Option("--update-token", envvar="DIPLOKG_UPDATE_TOKEN", help="Enable /update for requests with this bearer token."),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Query timeout in seconds.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Largest result a query may return.")] = 10000,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Run every query afresh (a read-only server otherwise reuses replies).")
    ] = False,
    allow_service: Annotated[
        Optional[list[str]], typer.Option("--allow-service", help="Remote SPARQL endpoint a query may call (repeatable).")
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", min=1, help="Query worker processes (default: CPUs, at most 4).")
    ] = None,
) -> None:
    """Serve the SPARQL 1.1 Protocol endpoint (/sparql), linked data and the explorer page, read-only by default.

    Minted IRIs dereference under /resource/…; /update exists only with --update-token.

    Examples:

      diplokg serve --port 8000, then open http://127.0.0.1:8000/

      diplokg serve --timeout 10 --max-rows 5000 --allow-service https://query.wikidata.org/sparql
    """
    from .serve import serve as run_serve

    try:
        run_serve(
            state.store, host=host, port=port, update_token=update_token, timeout=timeout,
            max_rows=max_rows, allowed_services=tuple(allow_service or ()), cache=not no_cache, workers=workers,
        )
    except DiplokgError as exc:
        raise _fail(exc) from exc


def main() -> None:
    """Entry point of the ``diplokg`` script."""
    app()


if __name__ == "__main__":
    main()
