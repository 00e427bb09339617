"""What every command shares: the options, the one --format switch (offering each command what it can write), and output."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.base.errors import UsageError
from graph.engine.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, Limits
from graph.model.wording import Lang
from graph.reports.formats import DATASETS, GRAPHS, LISTINGS, Format

DataOption = Annotated[
    Path,
    typer.Option("--data", envvar="HOERINGSGRAF_DATA", help="The curated data folder.", show_default=True),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing on success.")]
BuildOption = Annotated[
    Path, typer.Option("--build", help="The build folder whose store and precomputed answers are read when it is fresh.", show_default=True)
]
MemoOption = Annotated[str | None, typer.Option("--memo", help="Only this memo (its id); default: all memos.")]
EndpointOption = Annotated[str | None, typer.Option("--endpoint", help="Ask this SPARQL 1.1 endpoint (its query URL) instead of the local graph.")]


def _auth(value: str | None) -> str | None:
    """--auth as given, once it is user:password (a UsageError otherwise: one line, exit 2, the value never shown)."""
    if value is not None:
        from graph.engine.remote import check_auth

        check_auth(value)
    return value


AuthOption = Annotated[
    str | None,
    typer.Option(
        "--auth", envvar="HOERINGSGRAF_AUTH", callback=_auth, show_envvar=True,
        help="user:password for the endpoint, answering its HTTP Basic or Digest challenge.",
    ),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")]
LangOption = Annotated[
    Lang,
    typer.Option("--lang", envvar="HOERINGSGRAF_LANG", show_envvar=True, help="The language of headings, statuses and kinds: da or en."),
]
SectionOption = Annotated[
    str | None,
    typer.Option("--section", help="The one table csv and tsv hold of a report of several (its key, e.g. statements); default its main one."),
]
ParamOption = Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value; repeat for more.")]
# the bounds a command's queries run within (graph.engine.limits); a command's defaults are DEFAULT_TIMEOUT_S and DEFAULT_MAX_ROWS
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.001, metavar="SECONDS", help="Stop a query that runs longer than this (exit 5).", show_default=True)
]
MaxRowsOption = Annotated[
    int, typer.Option("--max-rows", min=1, help="The most rows the tool holds for one query; past it, exit 5 (add LIMIT).", show_default=True)
]
AllowServiceOption = Annotated[
    bool, typer.Option("--allow-service", help="Let a query ask remote endpoints (SERVICE) from the local store.")
]


def limits(timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False) -> Limits:
    """The bounds the options give, for graph.sources.open.open_engine."""
    return Limits(timeout=timeout, max_rows=max_rows, allow_service=allow_service)


def _choices(name: str, formats: tuple[Format, ...]) -> Any:
    """The formats a command can write, as a choice on its command line: a part of graph.reports.formats.Format."""
    return StrEnum(name, {fmt.name: fmt.value for fmt in formats})  # type: ignore[misc]


ListingFormat = _choices("ListingFormat", LISTINGS)  # reports and listings
QueryFormat = _choices("QueryFormat", (*LISTINGS, *GRAPHS))  # a query: a table, or a graph for CONSTRUCT and DESCRIBE
ExportFormat = _choices("ExportFormat", DATASETS)  # the whole dataset

ListingFormatOption = Annotated[
    ListingFormat | None,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="table on a terminal; csv, tsv, json (SPARQL 1.1 results), md, xlsx; default: the suffix of -o, else table.",
                 show_default=False),
]
QueryFormatOption = Annotated[
    QueryFormat | None,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="table on a terminal; csv, tsv, json (SPARQL 1.1 results), md, xlsx; ttl, nt, jsonld for graphs; "
                 "default: the suffix of -o, else table.", show_default=False),
]
ExportFormatOption = Annotated[
    ExportFormat | None,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="RDF syntax; default: the suffix of -o, else ttl.", show_default=False),
]


def chosen(value: Any, output: Path | None = None, offered: Any = None, default: Format = Format.table) -> Format:
    """The one Format a command writes: the one --format names, else the one the suffix of -o names, else table.

    A suffix the command cannot write (`-o report.pdf`), or one that names another format than --format, is a
    UsageError: an output is never written in a format its name does not say.
    """
    from graph.reports.formats import SUFFIXES

    fmt = Format(value.value) if value is not None else None
    suffix = output.suffix.lower() if output is not None else ""
    if suffix:
        can = [s for s, f in SUFFIXES.items() if offered is None or f.value in {choice.value for choice in offered}]
        named = SUFFIXES.get(suffix)
        if named is None or suffix not in can:
            raise UsageError(f"-o {output}: cannot write a '{suffix}' file; give a name ending {', '.join(can)} (or no suffix)")
        if fmt is not None and fmt is not named:
            raise UsageError(f"-o {output} names {named.value}, but --format is {fmt.value}: give one of them, or make them agree")
        return named
    return fmt if fmt is not None else default


def say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text, err=True)


def emit(payload: str | bytes, output: Path | None) -> None:
    """Write to the file (atomically: whole, or not at all) or to standard output; a workbook is never sent to a terminal."""
    from graph.base.files import atomic_outputs

    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if output is None and data[:4] == b"PK\x03\x04" and sys.stdout.isatty():
        raise UsageError("a workbook is not for the terminal: give -o FILE.xlsx, or send it to a file (> FILE.xlsx)")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_outputs({"out": output}) as temps:
        temps["out"].write_bytes(data)


def render_tables(tables: list[Any], fmt: Format) -> str | bytes:
    """Render one or more tables in a listing format; several tables in json become one object keyed by title."""
    from graph.reports.formats import render_sections, terminal_width

    return render_sections(tables, fmt, terminal_width())
