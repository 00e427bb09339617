"""The `report` commands: unresolved points per unit, a unit's dossier, a stakeholder, the network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from graph.commands.common import (
    DEFAULT_TIMEOUT_S,
    AuthOption,
    BuildOption,
    DataOption,
    EndpointOption,
    LangOption,
    ListingFormat,
    ListingFormatOption,
    MemoOption,
    OutputOption,
    SectionOption,
    TimeoutOption,
    chosen,
    emit,
    limits,
)
from graph.model.wording import DEFAULT_LANG, Lang

report_app = typer.Typer(no_args_is_help=True, help="Reports for case officers: unresolved points, a unit, a stakeholder, the network.")


def emit_report(report: Any, format: Any, output: Path | None, lang: Lang, section: str | None) -> None:
    """A report in the format chosen; a format of one table, given a report of several, says on stderr which it holds."""
    from graph.model.wording import word
    from graph.reports.formats import Format, one_table, render_report, terminal_width

    fmt = chosen(format, output, ListingFormat)
    text = render_report(report, fmt, terminal_width(), lang.value, section)
    if fmt in (Format.csv, Format.tsv) and section is None and len({tuple(t.columns) for t in report.sections}) > 1:
        shown = one_table(report)
        typer.echo("hoeringsgraf: note: " + word("note.sections", lang, fmt=fmt.value, shown=shown.title,
                                                  choices=", ".join(t.key for t in report.sections)), err=True)
    emit(text, output)


@report_app.command("unresolved")
def report_unresolved(
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit (label, id or IRI).")] = None,
    stakeholder: Annotated[str | None, typer.Option("--stakeholder", help="Only this stakeholder.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="concern or suggestion.")] = None,
    format: ListingFormatOption = None,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for Danish Excel: UTF-8 with BOM, ';' between fields.")] = False,
    fail_on_unresolved: Annotated[bool, typer.Option("--fail-on-unresolved", help="Exit 1 when anything is open.")] = False,
    output: OutputOption = None,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    memo: MemoOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_S,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Per unit, the concerns and suggestions still open, the units with most open first."""
    from graph.reports.formats import terminal_width
    from graph.sources.open import unresolved_text

    found = unresolved_text(
        data, build, memo, endpoint, auth, unit=unit, stakeholder=stakeholder, kind=kind, fmt=chosen(format, output, ListingFormat), excel=excel,
        width=terminal_width(), limits=limits(timeout), lang=lang.value,
    )
    if found.stale_build:
        from graph.model.wording import word

        typer.echo("hoeringsgraf: note: " + word("note.stale", lang, build=build, data=data), err=True)
    emit(found.text, output)
    if fail_on_unresolved and found.rows:
        raise typer.Exit(1)


@report_app.command("unit")
def report_unit(
    unit: Annotated[str, typer.Argument(help="The unit: label, id or IRI.")],
    format: ListingFormatOption = None,
    output: OutputOption = None,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    memo: MemoOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_S,
    lang: LangOption = DEFAULT_LANG,
    section: SectionOption = None,
) -> None:
    """A dossier of one unit: what it is part of, how the reorganisation changes it, every statement about it."""
    from graph.reports.dossiers import unit_dossier
    from graph.sources.open import open_engine

    engine = open_engine(data, build, memo, endpoint, auth, limits(timeout))
    emit_report(unit_dossier(engine, unit, lang.value), format, output, lang, section)


@report_app.command("stakeholder")
def report_stakeholder(
    stakeholder: Annotated[str, typer.Argument(help="The stakeholder: label, id or IRI.")],
    format: ListingFormatOption = None,
    output: OutputOption = None,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    memo: MemoOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_S,
    lang: LangOption = DEFAULT_LANG,
    section: SectionOption = None,
) -> None:
    """What one stakeholder said, about which units, and what they got back."""
    from graph.reports.dossiers import stakeholder_report
    from graph.sources.open import open_engine

    engine = open_engine(data, build, memo, endpoint, auth, limits(timeout))
    emit_report(stakeholder_report(engine, stakeholder, lang.value), format, output, lang, section)


@report_app.command("network")
def report_network(
    format: ListingFormatOption = None,
    output: OutputOption = None,
    data: DataOption = Path("data"),
    build: BuildOption = Path("build"),
    memo: MemoOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_S,
    lang: LangOption = DEFAULT_LANG,
    section: SectionOption = None,
) -> None:
    """What the graph's structure says: contested units, shared concerns, groups of stakeholders (networkx)."""
    from graph.reports.network import network
    from graph.sources.open import open_engine

    engine = open_engine(data, build, memo, endpoint, auth, limits(timeout))
    emit_report(network(engine, lang.value), format, output, lang, section)
