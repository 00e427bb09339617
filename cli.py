"""The hoeringsgraf command line: a thin layer over the `graph` package.

Errors raised by the library are turned into a one-line message and an exit
code in one place, `_App.invoke`; see graph/base/errors.py for the codes. Every
problem with the data (an error, a warning, a draft's guess left to review) is
printed as one line by `problem_line`.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from graph.base.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    HoeringsgrafError,
    LimitError,
    Problem,
    Problems,
    Terminated,
    UsageError,
)
from graph.commands.common import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    AllowServiceOption,
    AuthOption,
    BuildOption,
    DataOption,
    EndpointOption,
    ExportFormat,
    ExportFormatOption,
    LangOption,
    ListingFormatOption,
    MaxRowsOption,
    MemoOption,
    OutputOption,
    ParamOption,
    QueryFormat,
    QueryFormatOption,
    QuietOption,
    TimeoutOption,
    chosen,
    emit,
    limits,
    render_tables,
    say,
)
from graph.commands.report import report_app
from graph.model.wording import DEFAULT_LANG


def problem_line(problem: Problem | str, severity: str | None = None) -> str:
    """One problem as the tool prints it: `hoeringsgraf: error: FILE:LINE, entry 'ID', field 'F': what is wrong`."""
    if isinstance(problem, Problem):
        severity = severity or problem.severity
    return f"hoeringsgraf: {severity or 'error'}: {problem}"


def _echo_problems(problems: Any) -> None:
    for problem in problems:
        typer.echo(problem_line(problem), err=True)


class _App(TyperGroup):
    """Turns the library's errors into a message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Problems as error:  # several, one line each (the shapes' results, or all that validate found)
            _echo_problems(error.problems)
            typer.echo(f"hoeringsgraf: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except LimitError as error:  # a query past a bound: its time, its rows, its size
            typer.echo(problem_line(str(error)), err=True)
            from graph.engine.limits import left_running

            own_process = sys.stderr is sys.__stderr__  # this process's own CLI, not an app a test invokes in it
            if left_running() and own_process:
                # a query past its timeout still evaluating in Oxigraph, which cannot be stopped: leave without
                # finalising the interpreter under it
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(error.exit_code)
            raise typer.Exit(error.exit_code) from None
        except HoeringsgrafError as error:
            typer.echo(problem_line(str(error)), err=True)
            raise typer.Exit(error.exit_code) from None
        except Terminated:
            typer.echo("hoeringsgraf: stopped by SIGTERM (a build replaces the previous one only when it has written everything)", err=True)
            raise typer.Exit(EXIT_TERMINATED) from None
        except KeyboardInterrupt:
            # a build's outputs are renamed into place only when all are written, its manifest last
            typer.echo("hoeringsgraf: interrupted (a build replaces the previous one only when it has written everything)", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # the command line's own: usage errors (exit 2), exits
        except BrokenPipeError:  # the reader of standard output stopped reading (`| head`): what it took it chose
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's last flush would fail again
            raise typer.Exit(0) from None
        except Exception as error:  # a defect: one line and its own code, never a traceback, never exit 1
            stop = _stopped_by(error)
            if stop is not None:  # SIGTERM or Ctrl-C that came while Python was making a class, and was wrapped
                typer.echo(f"hoeringsgraf: {stop[0]} (a build replaces the previous one only when it has written everything)", err=True)
                raise typer.Exit(stop[1]) from None
            reason = " ".join(str(error).split())[:300]
            typer.echo(f"hoeringsgraf: internal error: {type(error).__name__}: {reason} (a defect of hoeringsgraf; please report it)", err=True)
            raise typer.Exit(EXIT_INTERNAL) from None


def _stopped_by(error: BaseException) -> tuple[str, int] | None:
    """What stopped the process, if an error only wraps SIGTERM or Ctrl-C (Python 3.11 wraps an exception raised in
    `__set_name__`, as while a module makes its classes, in a RuntimeError): the message and the exit code."""
    seen: set[int] = set()
    at: BaseException | None = error
    while at is not None and id(at) not in seen:
        seen.add(id(at))
        if isinstance(at, Terminated):
            return "stopped by SIGTERM", EXIT_TERMINATED
        if isinstance(at, KeyboardInterrupt):
            return "interrupted", EXIT_INTERRUPTED
        at = at.__cause__ or at.__context__
    return None


app = typer.Typer(
    cls=_App,
    no_args_is_help=True,
    add_completion=False,
    help="Turn a consultation memo (høringsnotat) into an RDF knowledge graph, and ask it questions.",
)
app.add_typer(report_app, name="report")


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Where to write the outputs.")] = Path("build"),
    force: Annotated[bool, typer.Option("--force", help="Build even when the build folder is up to date.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Build the graph from the data, validate it, and write Turtle, JSON-LD, TriG, the network view and the store."""
    from graph.builder import folder

    up_to_date = f"{out} is up to date with {data}: nothing to build (--force builds anyway)"
    if not force and folder.up_to_date(data, out):  # asked before the build's machinery is loaded
        say(quiet, up_to_date)
        return
    from graph.builder.pipeline import build_into

    result = build_into(data, out, progress=not quiet and sys.stderr.isatty(), force=force)
    _echo_problems(result.warnings)  # warnings do not stop a build
    if result.unreviewed:
        typer.echo(problem_line(f"{result.unreviewed} draft guess(es) remain unreviewed; `hoeringsgraf validate` lists them", "warning"),
                   err=True)
    counts = result.counts
    if counts is None:  # another build brought it up to date meanwhile
        say(quiet, up_to_date)
        return
    undecided = ", {undecided} of no kind yet".format(**counts) if counts["undecided"] else ""
    say(
        quiet,
        "built {memos} memo(s): {stakeholders} stakeholders, {statements} statements "
        "({concerns} concerns, {suggestions} suggestions, {support} support{more}), "
        "{remarks} remarks, {recommendations} recommendation(s); {triples} triples".format(**counts, more=undecided),
    )
    say(quiet, "statuses: " + ", ".join(f"{name} {count}" for name, count in counts["statuses"].items()))
    say(quiet, f"validated {result.validated} memo(s) against the shapes; {counts['memos'] - result.validated} unchanged since the last build")
    if result.rebuilt:
        say(quiet, f"rebuilt from the previous build: {result.mapped} memo(s) mapped again, {counts['memos'] - result.mapped} kept as they "
                   f"were, {result.removed} removed")
    for path in result.written.values():
        say(quiet, f"wrote {path}")


class Engine(StrEnum):
    oxigraph = "oxigraph"
    pyshacl = "pyshacl"


@app.command()
def validate(
    data: DataOption = Path("data"),
    engine: Annotated[
        Engine, typer.Option("--engine", help="oxigraph: the shapes compiled to SPARQL (fast; the build's); pyshacl: pySHACL, the reference.")
    ] = Engine.oxigraph,
    quiet: QuietOption = False,
) -> None:
    """Check every data file and the graph against the SHACL shapes; list every problem, one line each, in one run."""
    from graph.builder.tally import summary
    from graph.builder.validation import check_data
    from graph.ingest import unreviewed

    found = check_data(data, engine=engine.value)
    marks = unreviewed(found.built.data)
    if marks:
        typer.echo(f"{len(marks)} draft guess(es) remain unreviewed:", err=True)
        for mark in marks:
            typer.echo(problem_line(mark, "review"), err=True)
    warnings = found.warnings
    _echo_problems(warnings)
    found.raise_for_errors()
    also = f"; {len(warnings)} warning(s)" if warnings else ""
    say(quiet, "conforms: {triples} triples, {statements} statements".format(**summary(found.built)) + also)


@app.command()
def export(
    format: ExportFormatOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Write the whole graph, data and ontology, to standard output or a file."""
    from graph.base.files import atomic_outputs
    from graph.builder.assemble import build_graph
    from graph.builder.rdf_files import export as export_graph
    from graph.builder.validation import validate as check

    built = build_graph(data, with_ontology=False)
    _echo_problems([*built.data.warnings, *check(built)])
    built.load_ontology()
    from graph.reports.formats import Format

    payload = export_graph(built, chosen(format, output, ExportFormat, Format.ttl).value)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        with atomic_outputs({"out": output}) as temps:
            temps["out"].write_bytes(payload)


# --- questions: SPARQL and canned queries -------------------------------------------


@app.command()
def query(
    name_or_file: Annotated[str | None, typer.Argument(help="A canned query's name, or a .rq file.", show_default=False)] = None,
    expression: Annotated[str | None, typer.Option("--expression", "-e", help="The SPARQL query itself.")] = None,
    param: ParamOption = None,
    format: QueryFormatOption = None,
    output: OutputOption = None,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    memo: MemoOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_S,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    allow_service: AllowServiceOption = False,
) -> None:
    """Ask the graph a question in SPARQL: a canned query by name, a .rq file, or -e 'QUERY'. Read-only."""
    from graph.engine.results import Rows
    from graph.queries.params import parse_params, run
    from graph.queries.registry import Query, canned_query, parse_header, query_from_file
    from graph.reports.formats import GRAPHS, Table
    from graph.sources.open import open_engine

    if (name_or_file is None) == (expression is None):
        raise UsageError("give a canned query's name, a .rq file, or -e 'QUERY' (one of them)")
    if expression is not None:
        query: Query = parse_header(expression, "the expression", "-e")
    elif name_or_file is not None and (name_or_file.endswith(".rq") or Path(name_or_file).is_file()):
        query = query_from_file(Path(name_or_file))
    else:
        query = canned_query(str(name_or_file))
    values = parse_params(param or [])
    fmt = chosen(format, output, QueryFormat)
    result = run(open_engine(data, build, memo, endpoint, auth, limits(timeout, max_rows, allow_service)), query, values)
    if isinstance(result, bool):
        typer.echo("true" if result else "false")
        raise typer.Exit(0 if result else 1)
    if isinstance(result, Rows):
        if fmt in GRAPHS:
            raise UsageError(f"--format {fmt.value} is for CONSTRUCT and DESCRIBE queries; choose table, csv, tsv, json, md or xlsx")
        emit(render_tables([Table(result.variables, result.rows, title=query.title)], fmt), output)
        return
    from graph.builder.rdf_files import EXPORT_FORMATS, serialize

    if fmt not in GRAPHS and (format is not None or output is not None and output.suffix):
        raise UsageError(f"the answer of a CONSTRUCT or DESCRIBE query is a graph, not {fmt.value}: choose ttl, nt or jsonld")
    emit(serialize(result, EXPORT_FORMATS[fmt.value if fmt in GRAPHS else "ttl"]), output)


@app.command()
def queries(format: ListingFormatOption = None) -> None:
    """List the canned queries with their title, description and parameters."""
    from rdflib import Literal

    from graph.queries.registry import canned
    from graph.reports.formats import Table

    rows = [
        [
            Literal(q.name),
            Literal(q.title),
            Literal(q.description),
            Literal("; ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''}): {p.help}" for p in q.params)),
        ]
        for q in canned().values()
    ]
    emit(render_tables([Table(["name", "title", "description", "parameters"], rows, title="Canned queries")], chosen(format)), None)


# --- reports ------------------------------------------------------------------------


class ViewStatus(StrEnum):
    resolved = "resolved"
    declined = "declined"
    answered = "answered"
    unanswered = "unanswered"
    unresolved = "unresolved"


@app.command()
def view(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the page.")] = Path("build/network.html"),
    unit: Annotated[str | None, typer.Option("--unit", help="Open on this unit's neighbourhood: a label, id or IRI.")] = None,
    stakeholder: Annotated[str | None, typer.Option("--stakeholder", help="Open on this stakeholder's neighbourhood.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Open on the statements of this theme.")] = None,
    status: Annotated[
        ViewStatus | None, typer.Option("--status", help="Open on the statements of this status (unresolved: all but resolved).")
    ] = None,
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the web browser.")] = False,
    lang: LangOption = DEFAULT_LANG,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    quiet: QuietOption = False,
) -> None:
    """Write the consultation as an interactive network: one HTML file that works offline.

    Past the size one page can draw, it aggregates the memos, and draws a memo's whole network when one is chosen.
    """
    import webbrowser

    from graph.builder.assemble import data_graphs, union_graph
    from graph.sources.open import store_for_view
    from graph.view.aggregate import store_page
    from graph.view.page import write_view

    store = store_for_view(data, build)
    page = store_page(
        store, lambda: union_graph(store, data_graphs(store)),
        unit=unit, stakeholder=stakeholder, theme=theme, status=status.value if status else None, lang=lang.value,
    )
    path = write_view(output, page.html)
    opens_on = f"; it opens on {page.opens_on} of them" if page.opens_on < page.nodes else ""
    if page.memos:
        say(quiet, f"wrote {path}: {page.memos} memos aggregated, {page.nodes} nodes (stakeholders, units, memos), {page.links} links")
    else:
        say(quiet, f"wrote {path}: {page.nodes} nodes, {page.links} links{opens_on}")
    if open_page:
        webbrowser.open(path.resolve().as_uri())


# --- many memos: remote engines -------------------------------------------------------


@app.command()
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", help="The Graph Store Protocol URL (e.g. http://host:7878/store).")],
    auth: AuthOption = None,
    query_endpoint: Annotated[
        str | None,
        typer.Option("--query-endpoint", help="Then count each graph's triples on this SPARQL query URL; exit 4 unless all arrived."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, metavar="SECONDS", help="Stop an upload of one graph that takes longer (exit 5).")
    ] = 60.0,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    quiet: QuietOption = False,
) -> None:
    """Upload each memo's named graph, the shared organisations and the ontology (PUT: pushing twice changes nothing).

    A graph counts as pushed when the store answers 200, 201 or 204 and its answer is not a web page; anything
    else stops the push (exit 4). Give --query-endpoint to check, afterwards, that each graph holds the triples sent.
    """
    from graph.engine.remote import check_auth, masked, split_url
    from graph.engine.remote import push as push_graphs
    from graph.sources.open import graphs_as_ntriples

    check_auth(auth)  # the arguments before the graphs are built
    split_url(endpoint)
    if query_endpoint is not None:
        split_url(query_endpoint, "--query-endpoint")
    pushed = push_graphs(graphs_as_ntriples(data, build), endpoint, auth, timeout=timeout, query_url=query_endpoint)
    checked = f", and {masked(query_endpoint)} holds them" if query_endpoint is not None else ""
    say(quiet, f"pushed {len(pushed)} graph(s) to {masked(endpoint)}{checked}")


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="The port on 127.0.0.1.")] = 7878,
    build: BuildOption = Path("build"),
) -> None:
    """Serve the build's store as a read-only SPARQL endpoint on 127.0.0.1 (Oxigraph server), until stopped."""

    from graph.builder.folder import STORE_DIR
    from graph.engine.server import oxigraph_server

    store = (build / STORE_DIR).resolve()  # the current version's: a later build leaves it to the server
    if not store.is_dir():
        raise UsageError(f"no store at {store}: run `hoeringsgraf build` first")
    server = oxigraph_server()
    typer.echo(f"SPARQL endpoint: http://127.0.0.1:{port}/query (stop with Ctrl-C)", err=True)
    sys.stderr.flush()
    # the server takes this process's place, so a signal to stop it reaches it directly
    os.execv(server, [server, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"])


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="The memo: .docx, .html, .pdf with a text layer, or tab-separated text.", show_default=False)],
    memo_id: Annotated[str, typer.Option("--memo-id", help="The new memo's id, which names its folder.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The memo folder to write; default: DATA/memos/ID.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing draft.")] = False,
    data: DataOption = Path("data"),
    quiet: QuietOption = False,
) -> None:
    """Read a memo (a table of three to five columns, or a section per respondent) into a draft data folder for an analyst to review."""
    from graph.ingest import ingest as ingest_memo

    result = ingest_memo(file, memo_id, data_dir=data, folder=output, force=force)
    say(quiet, f"drafted {memo_id}: {result.summary()}")
    for path in result.written:
        say(quiet, f"wrote {path}")


def main() -> None:
    from graph.base.process import ignore_late_stops, settle_collector, stop_on_sigterm

    stop_on_sigterm()
    settle_collector()
    try:
        app()
    finally:
        ignore_late_stops()


if __name__ == "__main__":
    main()
