"""The one output switch: every format the tool writes, and how a listing is written in each.

Machine formats follow the standards: `json` is the W3C SPARQL 1.1 Query Results
JSON format, `tsv` the SPARQL 1.1 TSV format (terms in Turtle syntax), `csv`
the SPARQL 1.1 CSV format (plain values). `excel` is CSV that Danish Excel opens
as it should: UTF-8 with a byte-order mark and `;` between fields. The graph formats
(ttl, nt, jsonld, trig, nq) are written by graph.builder.rdf_files; each command offers
only the formats it can write.

Cells are rdflib terms (the tool's term model), or plain str and int values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.model.iris import HG_NS, ID_NS, ORG_ID_NS, XSD_INTEGER, XSD_STRING


class Format(StrEnum):
    """Every output format of the tool."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nq = "nq"


LISTINGS = (Format.table, Format.csv, Format.tsv, Format.json, Format.md)  # tables: SELECT answers and reports
GRAPHS = (Format.ttl, Format.nt, Format.jsonld)  # a graph: CONSTRUCT and DESCRIBE answers
DATASETS = (*GRAPHS, Format.trig, Format.nq)  # the whole dataset, its named graphs kept where the format can


@dataclass
class Table:
    """Rows of RDF terms (rdflib's), or of plain values (a str is a plain literal), under named columns."""

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    hidden: tuple[str, ...] = ()  # columns left out of the tables for people (table, md), kept in machine formats


@dataclass
class Report:
    """A report: one or more titled tables."""

    title: str
    sections: list[Table] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(section.rows) for section in self.sections)


# a term as (kind, text, language, datatype): kind is "uri", "bnode" or "literal"
Parts = tuple[str, str, str | None, str | None]


def term_parts(value: Any) -> Parts | None:
    """A cell as the parts of an RDF term; rdflib is imported only for a cell that is an rdflib term.

    One rule for every engine and format: an empty string (a plain or xsd:string literal with no characters,
    what GROUP_CONCAT gives for no parts, or an engine for a missing value) is written as an unbound cell is
    (None here): csv, tsv, md and the table print nothing, json leaves the variable out."""
    if value is None or (value == "" and type(value) is str):
        return None
    if type(value) is str:  # rdflib's terms are str subclasses: this is a plain value
        return ("literal", value, None, None)
    if type(value) is int:
        return ("literal", str(value), None, XSD_INTEGER)
    from rdflib import BNode, Literal, URIRef

    if isinstance(value, URIRef):
        return ("uri", str(value), None, None)
    if isinstance(value, BNode):
        return ("bnode", str(value), None, None)
    if isinstance(value, Literal):
        datatype = str(value.datatype) if value.datatype is not None else None
        if str(value) == "" and not value.language and datatype in (None, XSD_STRING):
            return None
        return ("literal", str(value), value.language, datatype)
    return ("literal", str(value), None, None)


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _turtle(value: Any) -> str:
    """A term in N-Triples syntax, written by Oxigraph."""
    import pyoxigraph as ox

    parts = term_parts(value)
    if parts is None:
        return ""
    kind, text, language, datatype = parts
    if kind == "uri":
        return str(ox.NamedNode(text))
    if kind == "bnode":
        return str(ox.BlankNode(text))
    if language:
        return str(ox.Literal(text, language=language))
    return str(ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text))


def _json_term(value: Any) -> dict[str, str] | None:
    parts = term_parts(value)
    if parts is None:
        return None
    kind, text, language, datatype = parts
    term: dict[str, str] = {"type": kind, "value": text}
    if language:
        term["xml:lang"] = language
    elif datatype is not None and kind == "literal":
        term["datatype"] = datatype
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
    """CSV as RFC 4180 and SPARQL 1.1 CSV write it: a field holding the delimiter, a quote or a line break is quoted.

    Not the csv module: its writer took 0.8 s for the 33,300 rows (21 MB) of a thousand memos' report.
    Most rows need no quoting at all, which one scan of the joined row tells.
    """
    assert len(delimiter) == 1, "one character between fields"
    special = re.compile(f'[{re.escape(delimiter)}"\r\n]')
    quote_or_break = re.compile('["\r\n]')

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if special.search(text) else text

    lines = []
    for row in [table.columns, *table.rows]:
        texts = [value if type(value) is str else _plain(value) for value in row]
        line = delimiter.join(texts)
        if line.count(delimiter) != len(texts) - 1 or quote_or_break.search(line):
            line = delimiter.join(map(quoted, texts))
        lines.append(line if line or len(texts) != 1 else '""')  # one empty field: an empty line would be no row
    return "\r\n".join(lines) + "\r\n"


def to_tsv(table: Table) -> str:
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    lines += ["\t".join(map(_turtle, row)) for row in table.rows]
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


SHORTENED = ("remarks", "quote", "label", "exact", "prefix", "suffix")  # columns cut short in the terminal table
DEFAULT_WIDTH = 160  # the table's width off a terminal (in a pipe, a file)


def terminal_width() -> int:
    """The terminal's width, or COLUMNS, or DEFAULT_WIDTH."""
    import shutil

    return shutil.get_terminal_size((DEFAULT_WIDTH, 40)).columns


def render_sections(tables: Sequence[Table], fmt: Format, width: int) -> str:
    """One or more tables as one text; several tables in json become one object keyed by title."""
    if fmt is Format.json and len(tables) > 1:
        return json.dumps({t.title: json.loads(render(t, fmt)) for t in tables}, ensure_ascii=False, indent=2) + "\n"
    separator = "\n" if fmt in (Format.table, Format.md, Format.csv, Format.tsv) else ""
    return separator.join(render(t, fmt, width=width, shorten=SHORTENED) for t in tables)


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
    parts = term_parts(value)
    if parts is None:
        return ""
    kind, text = parts[0], parts[1]
    if kind == "uri":
        if text.startswith(HG_NS):
            return text[len(HG_NS) :]
        if text.startswith(ORG_ID_NS):
            return text[len(ORG_ID_NS) :]
        if text.startswith(ID_NS):
            segments = text[len(ID_NS) :].split("/")
            return "/".join([segments[0], *segments[2:]]) if len(segments) > 2 else "/".join(segments)
    return text


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# control characters (a hostile label's terminal escapes, say) are shown as escapes, never sent to the terminal;
# so are the characters that reorder or hide text (bidirectional overrides, zero-width ones)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_GAP = "  "


def _display(text: str) -> str:
    text = " ".join(text.split())  # line breaks and tabs become spaces first
    return _CONTROL.sub(lambda found: f"\\u{ord(found[0]):04x}", text) if _CONTROL.search(text) else text


def _fit(natural: list[int], least: list[int], width: int) -> list[int]:
    """Column widths that fit `width`: the widest columns are cut to one cap, none below its least width."""
    room = width - 1 - len(_GAP) * (len(natural) - 1)  # a leading space, gaps between columns

    def widths(cap: int) -> list[int]:
        return [max(low, min(high, cap)) for high, low in zip(natural, least, strict=True)]

    if sum(natural) <= room:
        return list(natural)
    low, high = 0, max(natural, default=0)  # the largest cap that fits, by bisection
    while low < high:
        cap = (low + high + 1) // 2
        low, high = (cap, high) if sum(widths(cap)) <= room else (low, cap - 1)
    return widths(low)


def _wrapped(text: str, width: int) -> list[str]:
    """Greedy wrapping at spaces (the text has single spaces); a word longer than the width is broken.

    Each line is cut at the last space that leaves it no wider than the width. Not textwrap: it took 40 us
    for a 140-character cell at width 24, this 2 us (a thousand memos' report has about 230,000 cells).
    """
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:  # a word wider than the column: broken at the width
            lines.append(text[:width])
            text = text[width:]
        else:
            lines.append(text[:cut])
            text = text[cut + 1 :]
    lines.append(text)
    return lines


_LEAST_MAX = 26  # an id like ishoej-2023/helhedsplan-5


def _longest_word(cells: Sequence[str]) -> int:
    """The longest word of a column's cells, counted up to _LEAST_MAX."""
    longest = 0
    for text in cells:
        if len(text) <= longest:
            continue
        found = len(text) if len(text) <= _LEAST_MAX and " " not in text else max(map(len, text.split(" ")))
        longest = max(longest, min(found, _LEAST_MAX))
        if longest == _LEAST_MAX:
            break
    return longest


def to_terminal(table: Table, *, width: int | None = None, shorten: Sequence[str] = ()) -> str:
    """A table for people, its columns wrapped to the terminal's width; data is printed as text.

    Written here rather than drawn by rich: rich's table took 3–4 ms a row (0.13 s for the memo's 31
    unresolved points, about two minutes for a thousand memos'); this takes microseconds a row.
    """
    # a column of IRIs with a label column beside it is shown by its label only
    shown = [i for i, column in enumerate(table.columns) if f"{column}Label" not in table.columns and column not in table.hidden]
    headers = [table.columns[i] for i in shown]
    cut = [table.columns[i] in shorten for i in shown]
    body = []
    for row in table.rows:
        texts = [_display(compact(row[i])) for i in shown]
        body.append([_short(text) if short else text for text, short in zip(texts, cut, strict=True)])
    columns = list(zip(*body, strict=True)) if body else [() for _ in headers]
    natural = [max(len(header), *map(len, cells)) if cells else len(header) for header, cells in zip(headers, columns, strict=True)]
    # a column gives up width down to its longest word, at most _LEAST_MAX characters
    least = [min(n, max(len(h), _longest_word(cells))) for n, h, cells in zip(natural, headers, columns, strict=True)]
    widths = _fit(natural, least, width or DEFAULT_WIDTH)
    blanks = [" " * w for w in widths]

    def lines_of(cells: Sequence[str]) -> list[str]:
        wrapped = [_wrapped(text, w) for text, w in zip(cells, widths, strict=True)]
        height = max(map(len, wrapped)) if wrapped else 1
        padded = []
        for parts, w, blank in zip(wrapped, widths, blanks, strict=True):
            column = [part.ljust(w) for part in parts]
            padded.append(column + [blank] * (height - len(column)) if len(column) < height else column)
        return [(" " + _GAP.join(line)).rstrip() for line in zip(*padded, strict=True)]

    out = [_display(table.title), ""] if table.title else []
    out += lines_of(headers)
    out.append(" " + "─" * (sum(widths) + len(_GAP) * (len(widths) - 1)))
    for cells in body:
        out += lines_of(cells)
    out += ["", f"{len(table.rows)} row(s)", ""]
    return "\n".join(out)
