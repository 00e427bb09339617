"""Reports as documents: they say what they are about, fit the terminal, and read in Danish (English with --lang en)."""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from cli import app
from graph.model.wording import WORDS, vocab_label

from .conftest import DATA, MEMO_DIR, MEMO_ID

runner = CliRunner()
NO_BUILD = DATA.parent / "no-build"  # the reports asked of the graph: the build's laid-out text is tested elsewhere


def _report(*args: str, columns: int = 120) -> str:
    result = runner.invoke(app, ["report", *args, "--data", str(DATA), "--build", str(NO_BUILD)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


@cache
def _memo() -> Any:
    return YAML(typ="safe").load((MEMO_DIR / "memo.yaml").read_text(encoding="utf-8"))


@cache
def _units() -> list[str]:
    rows = csv.DictReader(io.StringIO(_report("unresolved", "-f", "csv")))
    return sorted({row["Enhed"] for row in rows})


def _stakeholders() -> list[str]:
    labels = {o["id"]: o["label"] for o in YAML(typ="safe").load((DATA / "organisations.yaml").read_text(encoding="utf-8"))["organisations"]}
    return [labels[r["stakeholder"]] for r in _memo()["respondents"]]


def _every_report() -> list[list[str]]:
    return ([["unresolved"], ["network"], ["unresolved", "--kind", "concern"]] + [["unit", u] for u in _units()]
            + [["stakeholder", s] for s in _stakeholders()] + [["unresolved", "--unit", u] for u in _units()[:4]])


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_every_line_of_every_report_fits_the_terminal(columns: int, fmt: str) -> None:
    """Every unit's dossier, every respondent's report, the network and the unresolved report: no line wider than
    COLUMNS (md is not wrapped: it is for files, so only the table is held to the width)."""
    reports = _every_report()
    assert len(reports) > 20
    for args in reports:
        text = _report(*args, "-f", fmt, columns=columns)
        assert text.strip()
        if fmt == "table":
            wide = [line for line in text.splitlines() if len(line) > columns]
            assert wide == [], (args, wide[:2])


@pytest.mark.parametrize("columns", [20, 40, 80])
def test_a_narrow_terminal_gets_every_quote_whole_stacked(columns: int) -> None:
    """Too narrow for columns, each point is stacked (`Citat: …`), and every quote is there whole, not cut."""
    text = _report("unresolved", columns=columns)
    assert all(len(line) <= columns for line in text.splitlines())
    assert "Citat:" in text and " ── 1/" in text
    quotes = [row["Citat"] for row in csv.DictReader(io.StringIO(_report("unresolved", "-f", "csv")))]
    assert len(quotes) > 20
    # the words in order (a word wider than the column is broken across lines, so compared without spaces)
    flowing = "".join(text.split())
    assert [quote for quote in quotes if "".join(quote.split()) not in flowing] == []
    if columns >= 80:
        assert all(" ".join(quote.split()) in " ".join(text.split()) for quote in quotes)


def test_a_wide_terminal_gets_columns_with_readable_heads() -> None:
    text = _report("unresolved", "--unit", "StraXen", columns=200)
    heads = next(line for line in text.splitlines() if line.lstrip().startswith("Udsagn "))
    for column in ("Udsagn", "Type", "Høringspart", "Status", "Citat"):
        assert column in heads
    assert "stakeholderLabel" not in text and "unitLabel" not in text


def _period(lang: str) -> str:
    start, end = str(_memo()["consultation"]["start"]), str(_memo()["consultation"]["end"])
    if lang == "da":
        return f"{start[8:]}.{start[5:7]}.{start[:4]} – {end[8:]}.{end[5:7]}.{end[:4]}"
    return f"{start} to {end}"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_report_opens_with_what_it_is_about(lang: str) -> None:
    """The unit's or stakeholder's name, the memo's title, id and consultation period: as memo.yaml gives them."""
    title = _memo()["title"] if lang == "da" else _memo()["title_en"]
    for args, name in ([["unit", "gadeplan"], "Gadeplan"], [["stakeholder", "vestegns-politi"], "Vestegns Politi"],
                       [["unresolved", "--unit", "StraXen"], "StraXen"], [["network"], None]):
        text = _report(*args, "--lang", lang, columns=400)
        head = text.split("\n\n", 1)[0]
        assert f"{title} ({MEMO_ID})" in head and _period(lang) in head, (args, head)
        if name is not None:
            assert name in head, (args, head)


def test_danish_by_default_english_with_lang_en() -> None:
    danish, english = _report("unresolved", columns=400), _report("unresolved", "--lang", "en", columns=400)
    statuses = {vocab_label(f"https://w3id.org/hoeringsgraf/ontology#{s}", lang) for s in ("Unanswered", "Answered") for lang in ("da",)}
    assert statuses == {"Ubesvaret", "Besvaret"}
    assert all(status in danish for status in statuses) and "Unanswered" not in danish and "Concern" not in danish
    assert "Bekymring" in danish and "Concern" in english and "Ubesvaret" not in english
    assert danish.startswith(WORDS["report.unresolved"][0]) and english.startswith(WORDS["report.unresolved"][1])


def test_report_csv_carries_readable_values_and_the_iris_beside_them() -> None:
    rows = list(csv.DictReader(io.StringIO(_report("unresolved", "-f", "csv"))))
    kinds = {row["Type"]: row["Type (IRI)"] for row in rows}
    assert kinds == {"Bekymring": "https://w3id.org/hoeringsgraf/ontology#Concern", "Forslag": "https://w3id.org/hoeringsgraf/ontology#Suggestion"}
    assert {row["Status"] for row in rows} <= {"Ubesvaret", "Besvaret", "Afvist"}
    assert all(row["Enhed (IRI)"].startswith("https://w3id.org/hoeringsgraf/id/") and row["Enhed"] for row in rows)
    assert all(not row["Enhed"].startswith("http") for row in rows)


def test_a_report_of_several_tables_writes_one_csv_table_and_says_which() -> None:
    result = runner.invoke(app, ["report", "unit", "Gadeplan", "-f", "csv", "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert sum(line.startswith("Enhed,") or line.startswith("Niveau,") for line in lines) == 1, "one header, one table"
    assert "--section" in result.stderr and "statements" in result.stderr
    parts = _report("unit", "Gadeplan", "-f", "csv", "--section", "part-of").splitlines()
    assert parts[0] == "Niveau,Del af" and len(parts) > 2
    bad = runner.invoke(app, ["report", "unit", "Gadeplan", "-f", "csv", "--section", "nope", "--data", str(DATA)])
    assert bad.exit_code == 2 and "--section must be one of part-of, changes, statements" in bad.stderr
