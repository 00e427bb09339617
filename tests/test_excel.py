"""Workbooks: every report and query writes a real .xlsx, read back here by openpyxl and compared with its csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from graph.base.errors import UsageError
from graph.reports.excel import MOST_CHARACTERS, sheet_names
from graph.reports.formats import Table, to_xlsx

from .conftest import DATA, MEMO_DIR

runner = CliRunner()
openpyxl = pytest.importorskip("openpyxl")


def _run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--data", str(DATA), "--build", str(DATA.parent / "no-build")], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result


def _csv(*args: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_run(*args, "-f", "csv").stdout)))


def _sheet(path: Path, name: str | None = None) -> tuple[Any, list[list[str]]]:
    book = openpyxl.load_workbook(path)
    sheet = book[name] if name is not None else book.worksheets[-1]
    rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return sheet, rows


# the reports, each with the key of every table and the sheet it is on; the unresolved report's units share one
REPORTS = [
    (["report", "unresolved"], {None: "Uafklarede bekymringer og"}),
    (["report", "unresolved", "--unit", "StraXen"], {None: "Uafklarede bekymringer og"}),
    (["report", "unit", "Gadeplan"], {"part-of": "Del af", "changes": "Omorganiseringen", "statements": "Udsagn"}),
    (["report", "stakeholder", "Gadeplan"], {"statuses": "Status", "statements": "Udsagn"}),
    (["report", "network"], {"contested": "Omstridte enheder", "pairs": "Fælles enheder", "groups": "Grupper"}),
]


@pytest.mark.parametrize(("args", "sheets"), REPORTS, ids=[" ".join(a[1:]) for a, _ in REPORTS])
def test_every_table_of_a_report_is_a_sheet_that_holds_its_csv(tmp_path: Path, args: list[str], sheets: dict[str | None, str]) -> None:
    target = tmp_path / "report.xlsx"
    _run(*args, "-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Om rapporten", *sheets.values()]
    about = [row[0] for row in book["Om rapporten"].iter_rows(values_only=True)]
    assert about[0] and any("ishoej-2023" in line for line in about)
    for key, name in sheets.items():
        sheet, rows = _sheet(target, name)
        expected = _csv(*args, *(["--section", key] if key else []))
        assert rows == expected, name
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(expected[0]))}{max(len(expected), 2)}"
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(expected[0]))]
        assert all(width and width >= 8 for width in widths)
        assert all(cell.font.bold for cell in sheet[1])


def test_quotes_are_whole_and_counts_are_numbers(tmp_path: Path) -> None:
    """Every quote of the memo's unresolved points, as long as source.txt has it, in the workbook; `Åbne` a number."""
    target = tmp_path / "open.xlsx"
    _run("report", "unresolved", "-o", str(target))
    sheet, rows = _sheet(target)
    head = rows[0]
    quotes = [row[head.index("Citat")] for row in rows[1:]]
    source = " ".join((MEMO_DIR / "source.txt").read_text(encoding="utf-8").split())
    assert max(map(len, quotes)) > 200
    assert all(" ".join(quote.split()) in source for quote in quotes if quote)
    opens = [row[head.index("Åbne")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert opens and all(isinstance(value, int) for value in opens)


def test_a_query_is_one_sheet_as_its_csv(tmp_path: Path) -> None:
    target = tmp_path / "q.xlsx"
    _run("query", "statements", "-o", str(target))
    assert _sheet(target)[1] == _csv("query", "statements")
    also = tmp_path / "by-format"
    _run("query", "statements", "-f", "xlsx", "-o", str(also))
    assert also.read_bytes() == target.read_bytes()


def test_english_heads_with_lang_en(tmp_path: Path) -> None:
    target = tmp_path / "en.xlsx"
    _run("report", "unit", "Gadeplan", "--lang", "en", "-o", str(target))
    assert openpyxl.load_workbook(target).sheetnames == ["About", "Part of", "Reorganisation", "Statements"]
    rows = _sheet(target, "Statements")[1]
    assert rows[0][:3] == ["Unit", "Unit (IRI)", "Statement"] and "Concern" in {row[rows[0].index("Kind")] for row in rows[1:]}


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{dir}/report.pdf"], "cannot write a '.pdf' file"),
    (["-o", "{dir}/report.xlsx", "-f", "csv"], "names xlsx, but --format is csv"),
    (["-o", "{dir}/report.txt", "-f", "md"], "names table, but --format is md"),
])
def test_a_suffix_the_tool_cannot_write_is_an_error_and_nothing_is_written(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", "unresolved", *(a.format(dir=tmp_path) for a in args), "--data", str(DATA)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    target = tmp_path / "f.xlsx"
    target.write_bytes(to_xlsx([Table(["label"], [["=HYPERLINK(\"http://x\",\"y\")"], ["+1"], ["@SUM(A1)"]], title="t")]))
    sheet = openpyxl.load_workbook(target)["t"]
    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=2)] == [
        ("=HYPERLINK(\"http://x\",\"y\")", "s"), ("+1", "s"), ("@SUM(A1)", "s")]


def test_a_cell_past_excels_limit_is_refused_not_cut() -> None:
    with pytest.raises(UsageError, match="at most 32,767"):
        to_xlsx([Table(["quote"], [["x" * (MOST_CHARACTERS + 1)]], title="t")])
    assert to_xlsx([Table(["quote"], [["x" * MOST_CHARACTERS]], title="t")])[:2] == b"PK"


def test_sheet_names_are_what_excel_accepts() -> None:
    names = sheet_names(["Det blev sagt om Gadeplan: 10 udsagn", "a/b [c]*?", "", "Det blev sagt om Gadeplan: 10 udsagn", "x" * 40])
    assert all(0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert names[0] == "Det blev sagt om Gadeplan 10"
