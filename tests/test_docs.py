"""The README stays true: every command is documented, and the figures it quotes are what build says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

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
        _said("report", "unresolved", "--unit", "StraXen", "--lang", "en"),
        [line for line in _said("report", "unresolved") if line.endswith((" åbne", " åben"))],
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


# --- "Your own memo": the guide's steps, walked as a new user walks them -----------------------


def _guide() -> str:
    return README.split("## Your own memo", 1)[1].split("\n## ", 1)[0]


def _guide_commands() -> list[list[str]]:
    """The `hoeringsgraf …` lines of the guide's code blocks, in order."""
    import shlex

    blocks = re.findall(r"^```\n(.*?)^```", _guide(), flags=re.M | re.S)
    return [shlex.split(line)[1:] for block in blocks for line in block.splitlines() if line.startswith("hoeringsgraf ")]


def test_the_own_memo_guide_walks_from_a_file_to_a_graph(tmp_path, monkeypatch) -> None:
    import yaml

    commands = _guide_commands()
    assert [command[0] for command in commands] == ["ingest", "validate", "build", "report"]
    monkeypatch.chdir(tmp_path)  # the guide's commands run where data/ is, as a user runs them
    shutil.copytree(DATA, tmp_path / "data")
    memo_file = Path(commands[0][1])
    (tmp_path / memo_file).parent.mkdir(parents=True)
    shutil.copy(REPO / memo_file, tmp_path / memo_file)
    memo_id = commands[0][commands[0].index("--memo-id") + 1]
    folder = tmp_path / "data" / "memos" / memo_id
    runner = CliRunner()

    def run(args: list[str]) -> Any:
        return runner.invoke(app, args, env={"COLUMNS": "120"})

    # 1. draft it
    drafted = run(commands[0])
    assert drafted.exit_code == 0, drafted.output
    assert (folder / "memo.yaml").is_file() and (folder / "source.txt").is_file()
    memo = yaml.safe_load((folder / "memo.yaml").read_text(encoding="utf-8"))
    marks = _marks(memo)
    assert marks, "a draft carries its guesses' marks"

    # 2. see what to check: every mark, one line each, in one run; the draft builds at once
    checked = run(commands[1])
    listed = [line for line in checked.stderr.splitlines() if ", field 'review': " in line]
    assert len(listed) == len(marks), checked.stderr
    assert all(f"memos/{memo_id}/memo.yaml:" in line for line in listed), listed
    built = run(commands[2])
    assert built.exit_code == 0, built.output

    # 3. correct it: every mark deleted, every unknown kind set, the proposed units moved in
    for entry in _entries(memo):
        entry.pop("review", None)
        if entry.get("kind") == "unknown":
            entry["kind"] = "concern"
    (folder / "memo.yaml").write_text(yaml.safe_dump(memo, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proposals = folder / "organisations.draft.yaml"
    if proposals.exists():
        organisations = yaml.safe_load((tmp_path / "data" / "organisations.yaml").read_text(encoding="utf-8"))
        organisations["organisations"] += yaml.safe_load(proposals.read_text(encoding="utf-8"))["organisations"]
        (tmp_path / "data" / "organisations.yaml").write_text(yaml.safe_dump(organisations, allow_unicode=True, sort_keys=False), "utf-8")
        proposals.unlink()
    clean = run(commands[1])
    assert clean.exit_code == 0, clean.output
    assert "warning" not in clean.stderr and "unreviewed" not in clean.stderr, clean.stderr

    # 4. build and ask: the memo's own respondents and their open statements are in the report
    assert run(commands[2]).exit_code == 0
    report = run([*commands[3], "--format", "csv"])  # the guide's report, as rows whose cells do not wrap
    assert report.exit_code == 0, report.output
    expected = yaml.safe_load((REPO / memo_file).with_name("expected.yaml").read_text(encoding="utf-8"))
    open_names = [
        respondent["name"]
        for respondent in expected["respondents"]
        if any(statement["decision"] != "change" for statement in respondent["statements"])
    ]
    shown = [name for name in open_names if name in report.stdout]
    assert len(shown) * 10 >= len(open_names) * 9, (open_names, report.stdout)


def _marks(value: Any) -> list[str]:
    return [mark for entry in _entries(value) for mark in entry.get("review", [])]


def _entries(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *[entry for item in value.values() for entry in _entries(item)]]
    if isinstance(value, list):
        return [entry for item in value for entry in _entries(item)]
    return []
