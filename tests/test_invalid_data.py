"""Each file in fixtures/invalid/ changes one thing in the minimal data and states the error it must give."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from cli import app

from .conftest import FIXTURES

CASES = sorted((FIXTURES / "invalid").glob("*.yaml"))


def _apply(case: dict, data: Path) -> None:
    target = data / case["file"]
    text = target.read_text(encoding="utf-8")
    old, new = case["replace"]
    assert text.count(old) == 1, f"the case's text to replace must occur once in {case['file']}"
    target.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("case_path", CASES, ids=[path.stem for path in CASES])
def test_invalid_data_gives_its_message(case_path: Path, minimal_copy: Path, tmp_path: Path) -> None:
    case = YAML(typ="safe").load(case_path.read_text(encoding="utf-8"))
    _apply(case, minimal_copy)
    out = tmp_path / "build"
    result = CliRunner().invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert result.exit_code == case["exit_code"], result.output
    errors = result.stderr.replace(str(minimal_copy) + "/", "")
    assert "Traceback" not in errors
    assert case["message"] in errors, errors
    if case["exit_code"] == 2:
        assert len(errors.strip().splitlines()) == 1, "bad input gives one line"
    assert not out.exists(), "a failed build writes nothing"


def test_every_case_is_run() -> None:
    assert len(CASES) >= 15


def test_failed_build_leaves_previous_outputs(minimal_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    runner = CliRunner()
    first = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    store_before = {path.name: path.read_bytes() for path in (out / "store").iterdir()}
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("about: [test/center, test/ungdom]", "about: [nowhere]"), encoding="utf-8")
    second = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert second.exit_code == 2, second.stderr
    after = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    assert after == before, "the previous build is untouched, and no temporary file is left"
    assert {path.name: path.read_bytes() for path in (out / "store").iterdir()} == store_before
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == ["store"]


def test_not_utf8_data_file(minimal_copy: Path) -> None:
    (minimal_copy / "organisations.yaml").write_bytes("organisations: [ Ish\xf8j ]".encode("latin-1"))
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 2
    assert "organisations.yaml: not UTF-8 text" in result.stderr


def test_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no such data folder" in result.stderr
