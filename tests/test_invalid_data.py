"""Each file in fixtures/invalid/ changes one thing in the minimal data and states the error it must give."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from cli import app

from .conftest import FIXTURES, replace_once

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
    assert len(list((out / "versions").iterdir())) == 1, "the failed build's version is gone"


def test_not_utf8_data_file(minimal_copy: Path) -> None:
    (minimal_copy / "organisations.yaml").write_bytes("organisations: [ Ish\xf8j ]".encode("latin-1"))
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 2
    assert "organisations.yaml: not UTF-8 text" in result.stderr


def test_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no such data folder" in result.stderr


# --- validate lists every problem in one run ---------------------------------------------------


def _second_memo(data: Path, memo_id: str) -> Path:
    """A copy of the test memo under another id; its memo.yaml."""
    import shutil

    folder = data / "memos" / memo_id
    shutil.copytree(data / "memos" / "test-memo", folder)
    replace_once(folder / "memo.yaml", "id: test-memo\n", f"id: {memo_id}\n")
    return folder / "memo.yaml"


def _lines(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.replace(str(Path.cwd()) + "/", "") for line in result.stderr.splitlines()]


def test_validate_lists_every_problem_of_every_file(minimal_copy: Path) -> None:
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    other, third = _second_memo(minimal_copy, "other-memo"), _second_memo(minimal_copy, "third-memo")
    replace_once(memo, "kind: suggestion", "kind: wish")  # two model errors in one file
    replace_once(memo, "        label: Opbakning til flytningen\n", "        label: Opbakning til flytningen\n        colour: red\n")
    # two reference errors and a quote not found in another
    replace_once(other, "about: [test/center, test/ungdom]", "about: [test/center, test/ungdomm]")
    replace_once(other, "responds_to: [raad-1]", "responds_to: [raad-9]")
    replace_once(other, "quote: Der holdes et fælles møde.", "quote: Der holdes intet møde.")
    # and a broken rule of the shapes in a third
    replace_once(third, "        about: [test/ungdom]\n        theme", "        about: []\n        theme")
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 2, "bad input, as the README's exit codes say"
    errors = [line.replace(str(minimal_copy) + "/", "") for line in result.stderr.splitlines()]
    assert errors == [
        "hoeringsgraf: error: memos/other-memo/memo.yaml:30, entry 'raad-2', field 'about': unknown reference 'test/ungdomm': "
        "no entry has that id (expected an organisation, unit, staff group, post, model, change or subject); "
        "did you mean 'test/ungdom', 'test/kommune'?",
        "hoeringsgraf: error: memos/other-memo/memo.yaml:43, entry 'r-samarbejde', field 'responds_to': unknown reference 'raad-9': "
        "no entry has that id (expected a statement); did you mean 'raad-2', 'raad-1'?",
        "hoeringsgraf: error: memos/other-memo/memo.yaml:50, entry 'faelles-moede', field 'quote': quote not found in the source text: "
        "its first 11 characters match at offset 254, then the quote has 'intet møde.' where the source has 'et fælles møde.\\nTest' (source.txt)",
        "hoeringsgraf: error: memos/test-memo/memo.yaml:28, entry 'raad-2', field 'kind': "
        "input should be 'concern', 'suggestion', 'support' or 'unknown'",
        "hoeringsgraf: error: memos/test-memo/memo.yaml:37, entry 'politi-1', field 'colour': unknown field",
        "hoeringsgraf: error: memos/third-memo/memo.yaml:24, entry 'raad-1', field 'about': "
        "needs at least one unit, organisation or subject it is about [Concern or suggestion: hg:about]",
        "hoeringsgraf: 6 error(s) in the data",
    ], result.stderr


def test_validate_leaves_out_what_an_unknown_reference_already_says(minimal_copy: Path) -> None:
    """A concern whose only unit is unknown is about nothing in the graph: the unknown reference says it once."""
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    replace_once(memo, "        about: [test/ungdom]\n        theme", "        about: [test/nowhere]\n        theme")
    replace_once(memo, "  - stakeholder: test/politi\n", "  - stakeholder: test/nobody\n")
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr
    assert "field 'about': unknown reference 'test/nowhere'" in lines[0] and "field 'stakeholder': unknown reference 'test/nobody'" in lines[1]


def test_validate_with_broken_rules_alone_exits_1(minimal_copy: Path) -> None:
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    replace_once(memo, "        about: [test/ungdom]\n        theme", "        about: []\n        theme")
    replace_once(memo, "    responds_to: [raad-1]\n", "")
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == ["error", "error"], result.stderr
    assert "field 'about'" in lines[0] and "field 'responds_to': a remark responds to at least one statement" in lines[1]
    assert lines[-1] == "hoeringsgraf: the graph breaks 2 rule(s) of the shapes"


def test_warnings_and_review_marks_alone_exit_0(minimal_copy: Path, tmp_path: Path) -> None:
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    replace_once(memo, "  start: 2024-03-01\n", "  review: [no period found in the text before the table]\n")
    replace_once(memo, "        kind: support\n", "        kind: unknown\n        review: ['no cue word: the kind is unknown']\n")
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal_copy)])
    assert result.exit_code == 0, result.output
    lines = [line.replace(str(minimal_copy) + "/", "") for line in result.stderr.strip().splitlines()]
    assert lines == [
        "2 draft guess(es) remain unreviewed:",
        "hoeringsgraf: review: memos/test-memo/memo.yaml:9, entry 'test-memo', field 'consultation.review': "
        "no period found in the text before the table",
        "hoeringsgraf: review: memos/test-memo/memo.yaml:36, entry 'politi-1', field 'review': no cue word: the kind is unknown",
        "hoeringsgraf: warning: memos/test-memo/memo.yaml:8, entry 'test-memo', field 'start': "
        "consultation period not given: no start date [Consultation period: dcat:startDate]",
        "hoeringsgraf: warning: memos/test-memo/memo.yaml:35, entry 'politi-1', field 'kind': "
        "kind not decided: set concern, suggestion or support [Statement kind: rdf:type]",
        "conforms: 212 triples, 3 statements; 2 warning(s)",  # 214, less a start date and a kind,
    ]
    built = CliRunner().invoke(app, ["build", "--data", str(minimal_copy), "--out", str(tmp_path / "build")])
    assert built.exit_code == 0, built.output
    warnings = [line for line in built.stderr.splitlines() if line.startswith("hoeringsgraf: warning: ")]
    assert len(warnings) == 3, built.stderr
    assert warnings[:2] == [line.replace("memos/", f"{minimal_copy}/memos/") for line in lines[3:5]], "as validate says them"
    assert warnings[2] == "hoeringsgraf: warning: 2 draft guess(es) remain unreviewed; `hoeringsgraf validate` lists them"
