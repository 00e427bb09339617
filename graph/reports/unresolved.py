"""Unresolved concerns and suggestions per unit: the report, from the rows of the canned query `unresolved-by-unit`.

The rows come from the graph (rows_from_graph, over any engine) or from what the build precomputed
(graph.builder.precomputed); the single place that chooses is graph.sources.open. Both give the same rows,
and `report` turns either into the same report.

This module is on the report's start-up path, where the whole report is printed as the build laid it out:
rdflib and the queries are imported only where rows are laid out or asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from graph.base.errors import UsageError
from graph.model.iris import HG_NS, ID_NS, XSD_STRING
from graph.model.wording import DEFAULT_LANG, word

from .formats import (
    DEFAULT_WIDTH,
    SHORTENED,
    Format,
    Report,
    Table,
    document_head,
    one_table,
    people,
    render_report,
    to_csv,
    to_excel,
    to_terminal,
)

if TYPE_CHECKING:
    from graph.engine.interface import Engine

QUERY = "unresolved-by-unit"
# the canned query's columns, in the order a row holds them
COLUMNS = ("unit", "unitLabel", "statement", "kind", "stakeholder", "stakeholderLabel", "label", "status", "remarks", "quote")
# the report's columns: the stakeholder's IRI is left out, the number open per unit added
REPORT_COLUMNS = ["unit", "unitLabel", "open", "statement", "kind", "stakeholderLabel", "label", "status", "remarks", "quote"]
KINDS = {"concern": HG_NS + "Concern", "suggestion": HG_NS + "Suggestion"}

Row = tuple[Any, ...]  # rdflib terms (None where unbound), in COLUMNS order
_UNIT, _UNIT_LABEL, _STATEMENT, _LABEL = (COLUMNS.index(c) for c in ("unit", "unitLabel", "statement", "label"))


def check_kind(kind: str | None) -> None:
    if kind is not None and kind.casefold() not in KINDS:
        raise UsageError(f"--kind must be concern or suggestion, not '{kind}'")


def _text(term: Any) -> str:
    return "" if term is None else str(term)


def report(rows: Iterable[Row], lang: str = DEFAULT_LANG, about: Sequence[str] = ()) -> Report:
    """Rows of the query as the report: per unit, the units with most open first, each unit's rows by statement,
    then label (a unit's rows are one per statement and Danish label, so two paths that find the same rows put
    them in the same order). It opens with `about` (graph.reports.about: the memos, the filters), then how many are open."""
    from rdflib import Literal

    by_unit: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_unit[_text(row[_UNIT])].append(row)
    ordered = sorted(by_unit.items(), key=lambda item: (-len(item[1]), _text(item[1][0][_UNIT_LABEL]), item[0]))
    sections = []
    for key, items in ordered:
        label, count = items[0][_UNIT_LABEL], len(items)
        table_rows: list[list[Any]] = [
            [unit, unit_label, Literal(count), statement, kind, stakeholder_label, text, status, remarks, quote]
            for unit, unit_label, statement, kind, _, stakeholder_label, text, status, remarks, quote in sorted(
                items, key=lambda row: (_text(row[_STATEMENT]), _text(row[_LABEL])))
        ]
        title = word("report.unresolved.section" + (".one" if count == 1 else ""), lang, label=label, count=count)
        sections.append(Table(REPORT_COLUMNS, table_rows, title=title, hidden=("unit", "unitLabel", "open"), key=key))
    return whole(sections, about, sum(len(t.rows) for t in sections), len(sections), lang)


def whole(sections: list[Table], about: Sequence[str], rows: int, units: int, lang: str = DEFAULT_LANG) -> Report:
    """The report of these sections (all of them, or some standing for all of `rows` rows about `units` units): it
    opens with `about`, then how many are open."""
    summary = [word("report.unresolved.about", lang, rows=rows, units=units)] if rows else []
    return Report(word("report.unresolved", lang), sections, about=[*about, *summary], columns=REPORT_COLUMNS)


def report_text(found: Report, fmt: Format, *, excel: bool = False, width: int = DEFAULT_WIDTH, lang: str = DEFAULT_LANG) -> str | bytes:
    """The report as `report unresolved` prints it: one table for machines (csv, tsv, json, Excel's csv),
    whose unit columns say which unit a row is under; a document of a table per unit for people (table, md)."""
    if excel:
        return to_excel(people(one_table(found), lang, iris=True))
    if fmt in (Format.csv, Format.table):
        return "".join(text_in_pieces(found, fmt, width, lang))
    if fmt is Format.md and not found.sections:
        return str(render_report(found, fmt, width, lang)) + word("report.unresolved.nothing", lang) + "\n"
    return render_report(found, fmt, width, lang)


def text_in_pieces(whole: Report, fmt: Format, width: int, lang: str = DEFAULT_LANG) -> Iterator[str]:
    """The report's csv or table in pieces, its head and then a unit each, one at a time (10,000 memos' report is
    210 MB of csv): joined, they are report_text()."""
    yield head_text(whole, fmt, width, lang)
    for n, section in enumerate(whole.sections):
        yield ("\n" if n and fmt is Format.table else "") + section_text(section, fmt, width, lang)


def head_text(whole: Report, fmt: Format, width: int, lang: str = DEFAULT_LANG) -> str:
    """What the csv or the table opens with: the csv's header; the table's title and what it is about (with no
    section: that nothing is open)."""
    if fmt is Format.csv:
        sample = one_table(whole)
        return to_csv(people(Table(sample.columns, sample.rows[:1], hidden=sample.hidden), lang, iris=True)).partition("\r\n")[0] + "\r\n"
    return document_head(whole, width) + ("" if whole.sections else word("report.unresolved.nothing", lang) + "\n")


def section_text(section: Table, fmt: Format, width: int, lang: str = DEFAULT_LANG) -> str:
    """One unit's part of the csv (its rows, no header) or of the table (its title and its table)."""
    if fmt is Format.csv:
        return to_csv(people(section, lang, iris=True)).partition("\r\n")[2]
    return to_terminal(section, width=width, shorten=SHORTENED, lang=lang)


# the words of each statement's remarks, and of its own quote, with where they stand in the memo
_REMARK_PARTS = """
SELECT ?statement ?start ?exact WHERE {
  ?remark hg:respondsTo ?statement ; hg:quote ?quote .
  ?quote oa:hasSelector ?byText, ?byPosition .
  ?byText oa:exact ?exact .
  ?byPosition oa:start ?start .
}"""
_QUOTE_PARTS = """
SELECT ?statement ?start ?exact WHERE {
  ?statement a hg:Statement ; hg:quote ?quote .
  ?quote oa:hasSelector ?byText, ?byPosition .
  ?byText oa:exact ?exact .
  ?byPosition oa:start ?start .
}"""


def _in_memo_order(engine: Engine, query: str, separator: str) -> dict[str, str]:
    """Per statement, the texts the query finds joined in the order the memo gives them.

    SPARQL's GROUP_CONCAT and SAMPLE promise no order: engines (and one engine on two stores) differ.
    """
    parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for statement, start, exact in engine.select(query).rows:
        parts[str(statement)].append((int(start), str(exact)))
    return {statement: separator.join(text for _, text in sorted(found)) for statement, found in parts.items()}


def rows_from_graph(engine: Engine, unit: str | None = None, stakeholder: str | None = None, kind: str | None = None) -> list[Row]:
    """The canned query's rows, asked of an engine (embedded or remote); remarks and quotes in memo order.

    Every join the query makes stays within one memo's graph and the shared organisations' (a memo's remarks
    answer its own statements): asked of a chunk of memos, it gives each memo's rows as asked of all.
    """
    from rdflib import Literal, URIRef

    from graph.queries.params import bind
    from graph.queries.registry import canned

    check_kind(kind)
    values = {key: value for key, value in (("unit", unit), ("stakeholder", stakeholder), ("kind", kind)) if value is not None}
    query = canned()[QUERY]
    found = engine.select(query.text, bind(query, values, engine), query.name)
    missing = [c for c in COLUMNS if c not in found.variables]
    if missing:
        raise UsageError(f"the query {QUERY} gives no ?{', ?'.join(missing)}")
    positions = [found.variables.index(c) for c in COLUMNS]
    # the remarks, and a quote in two halves (a page break), as the memo gives them
    remarks = _in_memo_order(engine, _REMARK_PARTS, " / ")
    quotes = _in_memo_order(engine, _QUOTE_PARTS, " ")
    remark, quote = COLUMNS.index("remarks"), COLUMNS.index("quote")
    string = URIRef(XSD_STRING)  # as Oxigraph gives a simple literal, so rows read back from the build are these terms
    rows = []
    for values_found in found.rows:
        row = [values_found[i] for i in positions]
        statement = _text(row[_STATEMENT])
        row[remark] = Literal(remarks.get(statement, ""), datatype=string)
        row[quote] = Literal(quotes[statement], datatype=string) if statement in quotes else row[quote]
        rows.append(tuple(row))
    return rows


def rows_by_memo(rows: Iterable[Row], memos: Sequence[str]) -> dict[str, list[Row]]:
    """Rows asked of several memos at once, each under its memo: a statement's IRI is minted under its memo's."""
    found: dict[str, list[Row]] = {memo: [] for memo in memos}
    for row in rows:
        iri = _text(row[_STATEMENT])
        memo = iri[len(ID_NS) :].partition("/")[0] if iri.startswith(ID_NS) else ""
        if memo not in found:
            raise UsageError(f"the statement <{iri}> is not under any of the memos {', '.join(memos)}")
        found[memo].append(row)
    return found
