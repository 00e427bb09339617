"""One output switch for every listing command: table, csv, tsv, json, md.

Machine formats follow the standards: `json` is the W3C SPARQL 1.1 Query Results
JSON format, `tsv` the SPARQL 1.1 TSV format (terms in Turtle syntax), `csv`
the SPARQL 1.1 CSV format (plain values). `excel` is CSV that Danish Excel opens
as it should: UTF-8 with a byte-order mark and `;` between fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rdflib import BNode, Literal, URIRef


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"


@dataclass
class Table:
    """Rows of RDF terms (or plain Python values) under named columns."""

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    hidden: tuple[str, ...] = ()  # columns left out of the tables for people (table, md), kept in machine formats

    @classmethod
    def from_result(cls, result: Any, title: str = "") -> Table:
        columns = [str(v) for v in result.vars]
        return cls(columns, [[row[i] for i in range(len(columns))] for row in result], title)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def _turtle(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef | BNode | Literal):
        return value.n3()
    return Literal(value).n3()


def _json_term(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    literal = value if isinstance(value, Literal) else Literal(value)
    term: dict[str, str] = {"type": "literal", "value": str(literal)}
    if literal.language:
        term["xml:lang"] = literal.language
    elif literal.datatype is not None:
        term["datatype"] = str(literal.datatype)
    return term


def to_json(table: Table) -> str:
    bindings = []
    for row in table.rows:
        binding = {}
        for column, value in zip(table.columns, row, strict=True):
            term = _json_term(value)
            if term is not None:
                binding[column] = term
        bindings.append(binding)
    return json.dumps({"head": {"vars": table.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: Table, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([_plain(value) for value in row] for row in table.rows)
    return buffer.getvalue()


def to_tsv(table: Table) -> str:
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    lines += ["\t".join(_turtle(value).replace("\t", "\\t").replace("\n", "\\n") for value in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _md_cell(value: Any) -> str:
    return _plain(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: Table) -> str:
    lines = []
    if table.title:
        lines += [f"### {table.title}", ""]
    shown = [i for i, column in enumerate(table.columns) if column not in table.hidden and f"{column}Label" not in table.columns]
    lines.append("| " + " | ".join(table.columns[i] for i in shown) + " |")
    lines.append("|" + "|".join(" --- " for _ in shown) + "|")
    lines += ["| " + " | ".join(_md_cell(compact(row[i])) for i in shown) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_excel(table: Table) -> bytes:
    """CSV for Danish Excel: a UTF-8 byte-order mark, `;` between fields."""
    return ("\ufeff" + to_csv(table, delimiter=";")).encode("utf-8")


def render(table: Table, fmt: Format, *, width: int | None = None, shorten: Sequence[str] = ()) -> str:
    """Render a table as text; `shorten` names columns cut short in the terminal table only."""
    if fmt is Format.json:
        return to_json(table)
    if fmt is Format.csv:
        return to_csv(table)
    if fmt is Format.tsv:
        return to_tsv(table)
    if fmt is Format.md:
        return to_markdown(table)
    return to_terminal(table, width=width, shorten=shorten)


def compact(value: Any) -> str:
    """A short form for people: an id for the project's IRIs, the local name for its vocabulary."""
    from .vocab import HG, ID

    text = _plain(value)
    if isinstance(value, URIRef):
        if text.startswith(str(HG._NS)):
            return text[len(str(HG._NS)) :]
        if text.startswith(f"{ID}org/"):
            return text[len(f"{ID}org/") :]
        if text.startswith(str(ID)):
            parts = text[len(str(ID)) :].split("/")
            return "/".join([parts[0], *parts[2:]]) if len(parts) > 2 else "/".join(parts)
    return text


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_terminal(table: Table, *, width: int | None = None, shorten: Sequence[str] = ()) -> str:
    """A table for people, drawn by rich; data is printed as text, never as markup."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # a column of IRIs with a label column beside it is shown by its label only
    shown = [i for i, column in enumerate(table.columns) if f"{column}Label" not in table.columns and column not in table.hidden]
    rich_table = RichTable(title=table.title or None, box=box.SIMPLE_HEAD, show_lines=False, title_justify="left")
    for i in shown:
        rich_table.add_column(table.columns[i], overflow="fold")
    for row in table.rows:
        cells = []
        for i in shown:
            text = compact(row[i])
            cells.append(Text(_short(text) if table.columns[i] in shorten else text))
        rich_table.add_row(*cells)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=False, no_color=True, highlight=False)
    console.print(rich_table)
    console.print(Text(f"{len(table.rows)} row(s)"))
    return buffer.getvalue()
