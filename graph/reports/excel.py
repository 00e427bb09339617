"""Excel workbooks (.xlsx) of listings: a sheet per table, written by XlsxWriter.

Each sheet has its heads in bold, frozen and filterable, its columns as wide as their texts (up to a cap; longer
texts wrap), and every text whole: Excel holds at most 32,767 characters in a cell and 1,048,576 rows in a sheet,
and a table past either is refused (UsageError), never cut. Texts are written as texts, so a label that begins
with `=` is never a formula. Integer and decimal literals are numbers; everything else is the text the csv holds.

The workbook is written in XlsxWriter's constant-memory mode, row by row, to a temporary file, and returned as bytes
for the one place that writes outputs (graph.commands.common.emit).
"""

from __future__ import annotations

import datetime
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from graph.base.errors import UsageError

MOST_CHARACTERS = 32_767  # in one cell
MOST_ROWS = 1_048_576  # in one sheet, its head included
WIDEST = 60  # a column's width, in characters; longer texts wrap
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_CREATED = datetime.datetime(2000, 1, 1)  # the same tables give the same bytes: no clock in the file


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Names Excel accepts, one per title: at most 31 characters, none of []:*?/\\, not blank, all different."""
    names: list[str] = []
    for number, title in enumerate(titles, start=1):
        base = " ".join(_SHEET_NAME.sub(" ", title).split()).strip("'")
        if len(base) > 31:  # cut at a word where one ends in time
            base = base[:31].rsplit(" ", 1)[0] if " " in base[12:31] else base[:31]
        base = base.rstrip() or f"Ark {number}"
        name, n = base, 2
        while name.casefold() in {taken.casefold() for taken in names}:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
        names.append(name)
    return names


class Sheet(Protocol):
    """What a sheet is written from: a table of texts (graph.reports.formats.Table), its columns of numbers named."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    numbers: tuple[str, ...]


def workbook(tables: Sequence[Sheet], about: Sequence[str] = (), about_title: str = "") -> bytes:
    """A workbook of the tables (of texts, their columns of numbers named): a sheet each, in order.

    `about` (what a report is about) is written above nothing: on a first sheet of its own, `about_title`.
    """
    import xlsxwriter

    for table in tables:
        if len(table.rows) + 1 > MOST_ROWS:
            raise UsageError(f"'{table.title}' has {len(table.rows):,} rows; an Excel sheet holds at most {MOST_ROWS - 1:,}: "
                             "write csv, or ask for fewer rows")
    with tempfile.TemporaryDirectory(prefix="hoeringsgraf-xlsx-") as folder:
        path = Path(folder) / "book.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False, "tmpdir": folder})
        book.set_properties({"created": _CREATED})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        titles = [table.title or f"Ark {n}" for n, table in enumerate(tables, start=1)]
        names = sheet_names(([about_title] if about else []) + titles)
        if about:
            sheet = book.add_worksheet(names.pop(0))
            sheet.set_column(0, 0, 100)
            for row, line in enumerate(about):
                sheet.write_string(row, 0, line)
        for table, name in zip(tables, names, strict=True):
            _sheet(book.add_worksheet(name), table, set(table.numbers), bold, wrap)
        book.close()
        return path.read_bytes()


def _sheet(sheet: Any, table: Sheet, numeric: set[str], bold: Any, wrap: Any) -> None:
    columns = table.columns
    widths = [min(WIDEST, max(8, len(column))) for column in columns]
    for row in table.rows[:200]:  # the widths from the first rows: constant memory writes rows in order, columns first
        for i, text in enumerate(row):
            widths[i] = min(WIDEST, max(widths[i], max(map(len, str(text).split("\n")), default=0)))
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width + 2, wrap if width >= WIDEST else None)
    for i, column in enumerate(columns):
        sheet.write_string(0, i, column, bold)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), max(len(columns) - 1, 0))
    number_columns = [column in numeric for column in columns]
    for r, row in enumerate(table.rows, start=1):
        for i, value in enumerate(row):
            text = "" if value is None else str(value)
            if not text:
                continue
            if len(text) > MOST_CHARACTERS:
                raise UsageError(f"'{table.title}', row {r}, column '{columns[i]}' holds {len(text):,} characters; an Excel cell holds at "
                                 f"most {MOST_CHARACTERS:,}: write csv instead")
            if number_columns[i] and _NUMBER.fullmatch(text):
                sheet.write_number(r, i, float(text) if "." in text else int(text))
            else:
                sheet.write_string(r, i, text)
