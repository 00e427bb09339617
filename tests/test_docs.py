"""The README stays true: every command is documented, and the figures it quotes are what build says."""

from __future__ import annotations

import re

from typer.main import get_command
from typer.testing import CliRunner

from cli import app
from graph.base import errors

from .conftest import DATA, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    for name in commands:
        assert f"hoeringsgraf {name}" in README, name


def test_every_exit_code_is_in_the_readme() -> None:
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    table = re.findall(r"^\| (\d+) \|", README, flags=re.M)
    assert {int(code) for code in table} == codes


def test_the_build_output_in_the_readme_is_real(tmp_path) -> None:
    result = CliRunner().invoke(app, ["build", "--data", str(DATA), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    said = result.stderr.replace(str(tmp_path), "build")
    for line in said.splitlines():
        assert line in README, line


def _said(*args: str) -> list[str]:
    result = CliRunner().invoke(app, [*args, "--data", str(DATA)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.replace("\r\n", "\n").splitlines() if line.strip()]


def test_the_pasted_reports_and_queries_are_real() -> None:
    readme_lines = {line.rstrip() for line in README.splitlines()}
    pasted = [
        _said("report", "unresolved", "--unit", "StraXen"),
        [line for line in _said("report", "unresolved") if line.endswith(" open")],
        _said("query", "reorganisation", "--format", "md")[1:],
        _said("query", "dates", "--format", "md")[1:],
        _said(
            "query",
            "-e",
            "SELECT ?status (COUNT(?s) AS ?statements) WHERE { ?s hg:status ?status } GROUP BY ?status ORDER BY ?status",
            "--format",
            "csv",
        ),
    ]
    for lines in pasted:
        assert lines
        for line in lines:
            assert line in readme_lines, line
