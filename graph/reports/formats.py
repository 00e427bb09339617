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
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from graph.model.iris import HG_NS, ID_NS, ORG_ID_NS, XSD_INTEGER, XSD_STRING

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


class Format(StrEnum):
    """Every output format of the tool."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nq = "nq"


LISTINGS = (Format.table, Format.csv, Format.tsv, Format.json, Format.md, Format.xlsx)  # tables: SELECT answers and reports
BINARY = (Format.xlsx,)  # written to a file (-o), or to a pipe, never to a terminal
# the formats a file's suffix names (`-o report.xlsx`): any other suffix is refused, never written as text
SUFFIXES = {".txt": Format.table, ".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json, ".md": Format.md, ".xlsx": Format.xlsx,
            ".ttl": Format.ttl, ".nt": Format.nt, ".jsonld": Format.jsonld, ".trig": Format.trig, ".nq": Format.nq}
GRAPHS = (Format.ttl, Format.nt, Format.jsonld)  # a graph: CONSTRUCT and DESCRIBE answers
DATASETS = (*GRAPHS, Format.trig, Format.nq)  # the whole dataset, its named graphs kept where the format can


@dataclass
class Table:
    """Rows of RDF terms (rdflib's), or of plain values (a str is a plain literal), under named columns."""

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    hidden: tuple[str, ...] = ()  # columns left out of the tables for people (table, md), kept in machine formats
    key: str = ""  # the section's name, for `report … --section KEY`
    numbers: tuple[str, ...] = ()  # columns of numbers (integer or decimal literals): numbers in a workbook


@dataclass
class Report:
    """A report: one or more titled tables."""

    title: str
    sections: list[Table] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # what it is about: the unit, the stakeholder, the memos and their dates
    main: str = ""  # the key of the section csv and tsv hold when the sections' columns differ (default: the last)
    columns: list[str] = field(default_factory=list)  # the columns of its one table when it has no section (nothing open)

    @property
    def rows(self) -> int:
        return sum(len(section.rows) for section in self.sections)


# a term as (kind, text, language, datatype): kind is "uri", "bnode" or "literal"
Parts = tuple[str, str, str | None, str | None]


_KIND_OF: dict[type, str] = {}  # rdflib's term classes and their kind, filled when the first term is seen


def term_parts(value: Any) -> Parts | None:
    """A cell as the parts of an RDF term; rdflib is imported only for a cell that is an rdflib term.

    One rule for every engine and format: an empty string (a plain or xsd:string literal with no characters,
    what GROUP_CONCAT gives for no parts, or an engine for a missing value) is written as an unbound cell is
    (None here): csv, tsv, md and the table print nothing, json leaves the variable out.
    By the cell's class first (a report's table has about 500,000 cells on 1,000 memos; isinstance through
    rdflib's classes took most of laying it out)."""
    if value is None:
        return None
    cls = type(value)
    if cls is str:  # rdflib's terms are str subclasses: this is a plain value
        return ("literal", value, None, None) if value else None
    if cls is int:
        return ("literal", str(value), None, XSD_INTEGER)
    if not _KIND_OF:
        from rdflib import BNode, Literal, URIRef

        _KIND_OF.update({URIRef: "uri", BNode: "bnode", Literal: "literal"})
    kind = _KIND_OF.get(cls)
    if kind is None:
        kind = next((name for base, name in list(_KIND_OF.items()) if isinstance(value, base)), "")
        if not kind:
            return ("literal", str(value), None, None)
    text = str.__str__(value)
    if kind != "literal":
        return (kind, text, None, None)
    datatype = value.datatype
    typed = str.__str__(datatype) if datatype is not None else None
    language = value.language
    if not text and not language and typed in (None, XSD_STRING):
        return None
    return ("literal", text, language, typed)


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


def to_markdown(table: Table, lang: str | None = None) -> str:
    """A table for people in Markdown: in `lang`'s words (see people), or as the query named it (lang None)."""
    shown = people(table, lang)
    lines = []
    if shown.title:
        lines += [f"### {_md_cell(shown.title)}", ""]
    lines.append("| " + " | ".join(map(_md_cell, shown.columns)) + " |")
    lines.append("|" + "|".join(" --- " for _ in shown.columns) + "|")
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in shown.rows]
    return "\n".join(lines) + "\n"


def to_excel(table: Table) -> bytes:
    """CSV for Danish Excel: a UTF-8 byte-order mark, `;` between fields."""
    return ("\ufeff" + to_csv(table, delimiter=";")).encode("utf-8")


def _is_iri(value: Any) -> bool:
    parts = term_parts(value)
    return parts is not None and parts[0] == "uri"


SHORTENED = ("remarks", "quote", "label", "exact", "prefix", "suffix")  # columns cut short in the terminal table
DEFAULT_WIDTH = 160  # the table's width off a terminal (in a pipe, a file)


def terminal_width() -> int:
    """The terminal's width, or COLUMNS, or DEFAULT_WIDTH."""
    import shutil

    return shutil.get_terminal_size((DEFAULT_WIDTH, 40)).columns


def render_sections(tables: Sequence[Table], fmt: Format, width: int) -> str | bytes:
    """One or more tables as one text (a query's answer, the list of queries): as the query named its columns;
    several tables in json become one object keyed by title, in a workbook a sheet each."""
    if fmt is Format.xlsx:
        return to_xlsx([plain(t) for t in tables])
    if fmt is Format.json and len(tables) > 1:
        return json.dumps({t.title: json.loads(render(t, fmt)) for t in tables}, ensure_ascii=False, indent=2) + "\n"
    separator = "\n" if fmt in (Format.table, Format.md, Format.csv, Format.tsv) else ""
    return separator.join(render(t, fmt, width=width, shorten=SHORTENED) for t in tables)


def render(table: Table, fmt: Format, *, width: int | None = None, shorten: Sequence[str] = (), lang: str | None = None) -> str:
    """Render a table as text; `shorten` names columns cut short in the terminal table only; `lang` gives the
    tables for people (table, md) in that language's words (see people)."""
    if fmt is Format.json:
        return to_json(table)
    if fmt is Format.csv:
        return to_csv(people(table, lang, iris=True) if lang else table)
    if fmt is Format.tsv:
        return to_tsv(table)
    if fmt is Format.md:
        return to_markdown(table, lang)
    return to_terminal(table, width=width, shorten=shorten, lang=lang)


def one_table(report: Report, section: str | None = None) -> Table:
    """The one table a format of one table (csv, tsv) holds of a report: its sections joined when they share their
    columns (the unresolved report's units), else the section named (by key; default: the report's main one)."""
    from graph.base.errors import UsageError

    sections = report.sections
    if not sections:
        return Table(report.columns, [], title=report.title)
    if section is None and all(t.columns == sections[0].columns for t in sections):
        return Table(sections[0].columns, [row for t in sections for row in t.rows], title=report.title,
                     hidden=sections[0].hidden, key=sections[0].key)
    wanted = section or report.main or (sections[-1].key if sections else "")
    for table in sections:
        if table.key == wanted:
            return table
    raise UsageError(f"--section must be one of {', '.join(t.key for t in sections)}, not '{wanted}'")


def render_report(report: Report, fmt: Format, width: int, lang: str, section: str | None = None) -> str | bytes:
    """A report as text: for people (table, md) a document, what it is about first, then each table in `lang`'s
    words; csv one table of readable values with the IRIs in their own columns; a workbook those values, a sheet
    per table (one when the tables share their columns) after a sheet of what the report is about; tsv one table
    and json every table (keyed by title) as SPARQL results, their terms kept."""
    if fmt is Format.xlsx:
        from graph.model.wording import WORDS, word

        tables = [one_table(report, section)] if section is not None or len(report.sections) <= 1 else None
        if tables is None:
            same = len({tuple(t.columns) for t in report.sections}) == 1
            tables = [one_table(report)] if same else report.sections
        sheets = [people(replace(t, title=word(f"sheet.{t.key}", lang) if f"sheet.{t.key}" in WORDS else t.title), lang, iris=True,
                         numeric=True) for t in tables]
        return to_xlsx(sheets, [report.title, *report.about], word("sheet.about", lang))
    if fmt is Format.json and section is None and len({tuple(t.columns) for t in report.sections}) > 1:
        return json.dumps({t.title: json.loads(to_json(t)) for t in report.sections}, ensure_ascii=False, indent=2) + "\n"
    if fmt in (Format.csv, Format.tsv, Format.json):
        return render(one_table(report, section), fmt, lang=lang)
    chosen = [one_table(report, section)] if section is not None else report.sections
    if fmt is Format.md:
        head = [f"## {_md_cell(report.title)}", "", *(f"{_md_cell(line)}  " for line in report.about), ""]
        return "\n".join(head) + "\n" + "\n".join(to_markdown(t, lang) for t in chosen)
    return document_head(report, width) + "\n".join(to_terminal(t, width=width, shorten=SHORTENED, lang=lang) for t in chosen)


def document_head(report: Report, width: int) -> str:
    """What a report for the terminal opens with: its title, a rule, what it is about, a blank line."""
    width = max(width, _NARROWEST)
    title = _wrapped(_display(report.title), width - 1)
    about = [line for text in report.about for line in _wrapped(_display(text), width - 1)]
    rule = "═" * min(max(map(len, title + about), default=0), width - 1)
    return "\n".join([*title, rule, *about]) + "\n\n"


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


def people(table: Table, lang: str | None = None, *, iris: bool = False, numeric: bool = False) -> Table:
    """The table as people read it, every cell a str.

    With a language (`da`, `en`): the heads are the words of graph.model.wording, a vocabulary term is its
    ontology label (`Bekymring`, `Ubesvaret`), an IRI with a label column beside it is shown by that label, any
    other IRI by its short id. With `iris`, each column of IRIs is followed by one of the IRIs themselves
    (`Enhed (IRI)`) and hidden columns are kept: the report's csv and workbook. Without a language (a query's own
    table): heads are the query's variables, values their short forms, as the query named them. With `numeric`,
    the columns of numbers are named (`numbers`: a workbook writes them as numbers).
    """
    from graph.model.wording import head, vocab_label, word

    columns = table.columns
    made: list[str] = []
    cells: list[Any] = []  # per column made: (index of its value, index of its label or None, whether the IRI itself)
    for index, column in enumerate(columns):
        if column in table.hidden and not iris:
            continue
        if column.endswith("Label") and column[: -len("Label")] in columns:
            continue  # shown in its IRI's column
        label = columns.index(f"{column}Label") if f"{column}Label" in columns else None
        made.append(head(column, lang) if lang else columns[label] if label is not None else column)
        cells.append((index, label, False))
        if iris and any(type(row[index]) is not str and _is_iri(row[index]) for row in table.rows):
            made.append(f"{made[-1]} {word('iri.suffix', lang or 'en')}")
            cells.append((index, None, True))

    iri_texts: dict[Any, str] = {}  # an IRI as shown, once per IRI (units, kinds, statuses repeat in every row)

    def shown(value: Any, label: Any) -> str:
        if label is not None:
            parts = term_parts(label)
            if parts is not None:
                return parts[1]
        known = iri_texts.get(value) if type(value) is not str else None
        if known is not None:
            return known
        parts = term_parts(value)
        if parts is None:
            return ""
        if parts[0] != "uri":
            return parts[1]
        text = (vocab_label(parts[1], lang) if lang and parts[1].startswith(HG_NS) else None) or compact(value)
        iri_texts[value] = text
        return text

    rows = [
        [_plain(row[index]) if raw else shown(row[index], row[label] if label is not None else None) for index, label, raw in cells]
        for row in table.rows
    ]
    numbers: tuple[str, ...] = ()
    if numeric:
        found = _numeric_columns(table)
        numbers = tuple(name for name, (index, label, raw) in zip(made, cells, strict=True) if label is None and not raw and index in found)
    return Table(made, rows, title=table.title, key=table.key, numbers=numbers)


_NUMERIC_TYPES = {XSD_INTEGER, XSD_NS + "decimal", XSD_NS + "int", XSD_NS + "long", XSD_NS + "nonNegativeInteger"}


def _numeric_columns(table: Table) -> set[int]:
    """The columns whose values are all integer or decimal literals (or ints), with one at least."""
    found = set()
    for index in range(len(table.columns)):
        kinds = {(parts[0], parts[3]) for parts in (term_parts(row[index]) for row in table.rows) if parts is not None}
        if kinds and all(kind == "literal" and datatype in _NUMERIC_TYPES for kind, datatype in kinds):
            found.add(index)
    return found


def plain(table: Table) -> Table:
    """The table as its csv holds it (SPARQL 1.1 CSV: each term's text), for a workbook of a query's answer."""
    numeric = _numeric_columns(table)
    return Table(table.columns, [[_plain(value) if term_parts(value) is not None else "" for value in row] for row in table.rows],
                 title=table.title, key=table.key, numbers=tuple(table.columns[i] for i in numeric))


def to_xlsx(tables: Sequence[Table], about: Sequence[str] = (), about_title: str = "") -> bytes:
    """A workbook of tables of texts (people's or plain's), a sheet each (graph.reports.excel)."""
    from .excel import workbook

    return workbook(tables, about, about_title)



def to_terminal(table: Table, *, width: int | None = None, shorten: Sequence[str] = (), lang: str | None = None) -> str:
    """A table for people (see people), wrapped to the terminal's width: no line is wider than `width`.

    The columns share the width, each wrapped at spaces, long texts (`shorten`) cut at 90 characters; when they
    cannot (each column needs at least its longest word, up to _LEAST_MAX), every row is stacked instead, a line
    per column (`Citat: …`), each text whole and wrapped the same way.
    Written here rather than drawn by rich: rich's table took 3–4 ms a row (0.13 s for the memo's 31
    unresolved points, about two minutes for a thousand memos'); this takes microseconds a row.
    """
    from graph.model.wording import word

    width = max(width or DEFAULT_WIDTH, _NARROWEST)
    shown = people(table, lang)
    cut = {i for i, column in enumerate(table_columns_before(table, lang)) if column in shorten}
    whole = [[_display(text) for text in row] for row in shown.rows]
    body = [[_short(text) if i in cut else text for i, text in enumerate(row)] for row in whole] if cut else whole
    headers = [_display(h) for h in shown.columns]
    out = [*_wrapped(_display(shown.title), width - 1), ""] if shown.title else []
    out += _grid(headers, body, width) or _stacked(headers, whole, width)  # stacked, a text is shown whole
    out += ["", word("report.rows", lang or "en", count=len(shown.rows)), ""]
    return "\n".join(out)


def table_columns_before(table: Table, lang: str | None) -> list[str]:
    """The variables behind the columns people(table, lang) shows, in its order (to find the columns to cut short)."""
    columns = table.columns
    return [c for c in columns if c not in table.hidden and not (c.endswith("Label") and c[: -len("Label")] in columns)]


_NARROWEST = 20  # a terminal narrower than this is laid out as if it were this wide


def _grid(headers: list[str], body: list[list[str]], width: int) -> list[str]:
    """The rows under their heads in columns, or [] when the columns cannot share the width."""
    columns = list(zip(*body, strict=True)) if body else [() for _ in headers]
    natural = [max(len(header), *map(len, cells)) if cells else len(header) for header, cells in zip(headers, columns, strict=True)]
    # a column gives up width down to its longest word, at most _LEAST_MAX characters
    least = [min(n, max(len(h), _longest_word(cells))) for n, h, cells in zip(natural, headers, columns, strict=True)]
    if sum(least) + 1 + len(_GAP) * (len(least) - 1) > width:
        return []
    widths = _fit(natural, least, width)
    blanks = [" " * w for w in widths]

    def lines_of(cells: Sequence[str]) -> list[str]:
        wrapped = [_wrapped(text, w) for text, w in zip(cells, widths, strict=True)]
        height = max(map(len, wrapped)) if wrapped else 1
        padded = []
        for parts, w, blank in zip(wrapped, widths, blanks, strict=True):
            column = [part.ljust(w) for part in parts]
            padded.append(column + [blank] * (height - len(column)) if len(column) < height else column)
        return [(" " + _GAP.join(line)).rstrip() for line in zip(*padded, strict=True)]

    out = lines_of(headers)
    out.append(" " + "─" * (sum(widths) + len(_GAP) * (len(widths) - 1)))
    for cells in body:
        out += lines_of(cells)
    return out


def _stacked(headers: list[str], body: list[list[str]], width: int) -> list[str]:
    """Each row as a block of `head: value` lines, the values wrapped beside their heads, a rule between rows;
    a head wider than a third of the width stands on its own line, its value indented below it."""
    room = width - 1
    gutter = min(max(map(len, headers), default=0), room // 3)
    beside, below = room - gutter - 2, room - 3
    out: list[str] = []
    for number, cells in enumerate(body, start=1):
        out.append(" " + f"── {number}/{len(body)} ".ljust(room, "─"))
        for header, text in zip(headers, cells, strict=True):
            if not text:
                continue
            if len(header) <= gutter:
                values = _wrapped(text, beside)
                out.append((" " + (header + ":").ljust(gutter + 1) + " " + values[0]).rstrip())
                out += [(" " + " " * (gutter + 2) + value).rstrip() for value in values[1:]]
            else:
                out += [" " + line for line in _wrapped(header + ":", room)]
                out += [("    " + value).rstrip() for value in _wrapped(text, below)]
    return out
