"""The hoeringsgraf command line: a thin layer over the `graph` package.

Errors raised by the library are turned into a one-line message and an exit
code in one place, `_App.invoke`; see graph/errors.py for the codes.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from graph.errors import HoeringsgrafError, NotConforming


class _App(TyperGroup):
    """Turns the library's errors into a message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NotConforming as error:
            typer.echo(error.report, err=True)
            typer.echo(f"hoeringsgraf: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except HoeringsgrafError as error:
            typer.echo(f"hoeringsgraf: error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_App,
    no_args_is_help=True,
    add_completion=False,
    help="Turn a consultation memo (høringsnotat) into an RDF knowledge graph, and ask it questions.",
)

DataOption = Annotated[
    Path,
    typer.Option("--data", envvar="HOERINGSGRAF_DATA", help="The curated data folder.", show_default=True),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing on success.")]


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nq = "nq"


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text, err=True)


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Where to write the outputs.")] = Path("build"),
    quiet: QuietOption = False,
) -> None:
    """Build the graph from the data, validate it, and write Turtle, JSON-LD and TriG."""
    from graph.build import build_graph, summary, write_outputs
    from graph.shacl import validate

    built = build_graph(data)
    validate(built)
    written = write_outputs(built, out)
    counts = summary(built)
    _say(
        quiet,
        "built {memos} memo(s): {stakeholders} stakeholders, {statements} statements "
        "({concerns} concerns, {suggestions} suggestions, {support} support), "
        "{remarks} remarks, {recommendations} recommendation(s); {triples} triples".format(**counts),
    )
    _say(quiet, "statuses: " + ", ".join(f"{name} {count}" for name, count in counts["statuses"].items()))
    for path in written.values():
        _say(quiet, f"wrote {path}")


@app.command()
def validate(data: DataOption = Path("data"), quiet: QuietOption = False) -> None:
    """Check the data against the SHACL shapes and say which entry breaks which rule."""
    from graph.build import build_graph, summary
    from graph.shacl import validate as check

    built = build_graph(data)
    check(built)
    _say(quiet, "conforms: {triples} triples, {statements} statements".format(**summary(built)))


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF syntax.")] = ExportFormat.ttl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Write the whole graph, data and ontology, to standard output or a file."""
    from graph.build import build_graph
    from graph.build import export as export_graph
    from graph.files import atomic_outputs
    from graph.shacl import validate as check

    built = build_graph(data)
    check(built)
    payload = export_graph(built, format.value)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        with atomic_outputs({"out": output}) as temps:
            temps["out"].write_bytes(payload)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
