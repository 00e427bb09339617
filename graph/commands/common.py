"""What every listing command shares: the options, the one --format switch, and how output is written."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.errors import UsageError

DataOption = Annotated[
    Path,
    typer.Option("--data", envvar="HOERINGSGRAF_DATA", help="The curated data folder.", show_default=True),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing on success.")]
BuildOption = Annotated[
    Path, typer.Option("--build", help="The build folder whose store and report index are read when up to date with --data.", show_default=True)
]
MemoOption = Annotated[str | None, typer.Option("--memo", help="Only this memo (its id); default: all memos.")]
EndpointOption = Annotated[str | None, typer.Option("--endpoint", help="Ask this SPARQL 1.1 endpoint (its query URL) instead of the local graph.")]
AuthOption = Annotated[str | None, typer.Option("--auth", help="user:password for HTTP basic authentication.", envvar="HOERINGSGRAF_AUTH")]


def say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text, err=True)


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"


FormatOption = Annotated[
    QueryFormat,
    typer.Option("--format", "-f", help="table on a terminal; csv, tsv, json (SPARQL 1.1 results), md; ttl, nt, jsonld for graphs."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")]
ParamOption = Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value; repeat for more.")]
GRAPH_FORMATS = {QueryFormat.ttl: "ttl", QueryFormat.nt: "nt", QueryFormat.jsonld: "jsonld"}


def emit(payload: str | bytes, output: Path | None) -> None:
    from graph.files import atomic_outputs

    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_outputs({"out": output}) as temps:
        temps["out"].write_bytes(data)


def render_tables(tables: list[Any], fmt: QueryFormat) -> str:
    """Render one or more tables; several tables in json become one object keyed by title."""
    from graph.output import Format, render_sections, terminal_width

    if fmt in GRAPH_FORMATS:
        raise UsageError(f"--format {fmt.value} is for CONSTRUCT and DESCRIBE queries; choose table, csv, tsv, json or md")
    return render_sections(tables, Format(fmt.value), terminal_width())
