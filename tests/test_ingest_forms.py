"""`hoeringsgraf ingest` measured on memos in the forms Danish memos take (tests/ingest_memos/).

Each memo (a five-column Word table, a prose PDF and the same as Word, a three-column HTML
table with the decision inside the remark, a four-column tab-separated table with a page
break and a second respondent named inside a cell) is ingested into a data folder holding
only data/organisations.yaml, and its draft scored by tests/ingest_score.py against the
memo's expected.yaml. `python -m tests.ingest_score` prints the same scores as a table.

The fixtures are checked first (their quotes are the memo's words, the generators give the
same bytes every time); then every threshold on every memo is its own test; then the
draft must build and validate; the scorer must fail a damaged draft; and a file that is no
memo must be refused in one line.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.ingest.read import read_source

from . import ingest_score as bench
from .conftest import REPO
from .test_ingest import _entries

FOLDERS = {folder.name: folder for folder in bench.memo_folders()}
NAMES = sorted(FOLDERS)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], bench.Run]:
    """Each memo ingested once for the module, when a test first asks for it."""
    work = tmp_path_factory.mktemp("ingest-forms")
    done: dict[str, bench.Run] = {}

    def get(name: str) -> bench.Run:
        if name not in done:
            done[name] = bench.ingest_and_score(FOLDERS[name], work)
        return done[name]

    return get


def _ingested(run: bench.Run) -> bench.Run:
    assert run.result.returncode == 0, f"ingest failed (exit {run.result.returncode}): {run.result.stderr}"
    assert "Traceback" not in run.result.stderr
    return run


# --- the fixtures -------------------------------------------------------------------------


def test_every_form_has_a_memo() -> None:
    forms = {str(bench.load_expected(folder)["form"]) for folder in FOLDERS.values()}
    assert forms >= bench.FORMS, f"no memo of form {bench.FORMS - forms}"
    assert len(FOLDERS) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_the_expected_data_is_well_formed(name: str) -> None:
    expected = bench.load_expected(FOLDERS[name])
    assert expected["form"] in bench.FORMS
    respondents = expected["respondents"]
    statements = [s for r in respondents for s in r["statements"]]
    assert 6 <= len(respondents) <= 12, len(respondents)
    assert 15 <= len(statements) <= 40, len(statements)
    assert len({r["name"] for r in respondents}) == len(respondents), "respondents are named once"
    for respondent in respondents:
        assert respondent["type"] in bench.TYPES, respondent
        for statement in respondent["statements"]:
            assert len(bench.plain(statement["quote"]).split()) >= 6, statement
            assert statement["kind"] in bench.KINDS, statement
            assert statement["decision"] in bench.DECISIONS, statement
            assert "remark" in statement, statement
    assert any(s["kind"] is None for s in statements), "some statements have no cue word"
    assert expected["recommendations"], "the memo recommends some change"
    changed = sum(1 for s in statements if s["decision"] == "change")
    assert changed >= len(expected["recommendations"]), "every recommended change addresses a statement"


@pytest.mark.parametrize("name", NAMES)
def test_the_expected_quotes_are_the_memos_words(name: str, tmp_path: Path) -> None:
    expected = bench.load_expected(FOLDERS[name])
    text = bench.plain(read_source(bench.memo_file(FOLDERS[name], tmp_path)).text)
    wanted = [r["name"] for r in expected["respondents"]]
    for respondent in expected["respondents"]:
        for statement in respondent["statements"]:
            wanted.append(statement["quote"])
            if statement["remark"]:
                wanted.append(statement["remark"])
    wanted += [r["quote"] for r in expected["recommendations"]]
    missing = [quote for quote in wanted if bench.plain(quote) not in text]
    assert not missing, f"not verbatim in the memo's text: {missing}"


@pytest.mark.parametrize("name", [name for name in NAMES if (FOLDERS[name] / "make.py").is_file()])
def test_a_generator_writes_the_same_bytes_every_time(name: str, tmp_path: Path) -> None:
    first = bench.memo_file(FOLDERS[name], tmp_path / "1")
    second = bench.memo_file(FOLDERS[name], tmp_path / "2")
    assert first.read_bytes() == second.read_bytes()


# --- the thresholds -------------------------------------------------------------------------


@pytest.mark.parametrize("metric", list(bench.THRESHOLDS))
@pytest.mark.parametrize("name", NAMES)
def test_ingest_meets_the_threshold(name: str, metric: str, runs: Callable[[str], bench.Run]) -> None:
    run = _ingested(runs(name))
    scores = run.scores
    misses = "\n  ".join(miss for miss in scores.misses if miss.startswith(f"{metric}:"))
    print(scores.table())
    if metric == "invented":
        assert scores.violations() == 0, f"{scores.violations()} uncued statement(s) given a kind:\n  {misses}"
        return
    value, bar = scores.metrics[metric], bench.THRESHOLDS[metric]
    assert value.share >= bar, f"{bench.LABELS[metric]}: {value.hit}/{value.total} ({value.share:.1%}) < {bar:.0%}:\n  {misses}"


@pytest.mark.parametrize("name", NAMES)
def test_the_consultation_period_is_read_not_a_meeting_date(name: str, runs: Callable[[str], bench.Run]) -> None:
    run = _ingested(runs(name))
    expected = bench.load_expected(run.folder)["consultation"]
    consultation = yaml.safe_load((run.draft / "memo.yaml").read_text(encoding="utf-8"))["consultation"]
    got = (str(consultation.get("start")), str(consultation.get("end")))
    assert got == (str(expected["start"]), str(expected["end"]))


# --- the draft builds, and validate lists its marks ---------------------------------------------------


def _as_the_analyst_moves_the_units_in(run: bench.Run, target: Path) -> Path:
    """A copy of the run's data folder with the draft's proposed units moved into organisations.yaml (README)."""
    shutil.copytree(run.data, target)
    proposals = target / "memos" / run.draft.name / "organisations.draft.yaml"
    if proposals.is_file():
        organisations = yaml.safe_load((target / "organisations.yaml").read_text(encoding="utf-8"))
        organisations["organisations"] += yaml.safe_load(proposals.read_text(encoding="utf-8"))["organisations"]
        (target / "organisations.yaml").write_text(yaml.safe_dump(organisations, allow_unicode=True, sort_keys=False), encoding="utf-8")
        proposals.unlink()
    return target


@pytest.mark.parametrize("name", NAMES)
def test_the_draft_builds_and_validate_lists_its_marks(name: str, runs: Callable[[str], bench.Run], tmp_path: Path) -> None:
    run = _ingested(runs(name))
    data = _as_the_analyst_moves_the_units_in(run, tmp_path / "data")
    built = bench.run("build", "--data", str(data), "--out", str(tmp_path / "build"), "--quiet", cwd=tmp_path)
    assert "Traceback" not in built.stderr, built.stderr
    assert built.returncode == 0, built.stderr

    memo = yaml.safe_load((data / "memos" / name / "memo.yaml").read_text(encoding="utf-8"))
    marks = sum(len(entry.get("review") or []) for entry in _entries(memo))
    assert marks > 0, "a draft carries its guesses"
    checked = bench.run("validate", "--data", str(data), cwd=tmp_path)
    assert "Traceback" not in checked.stderr, checked.stderr
    assert checked.returncode == 0, checked.stderr  # review marks are listed, not errors (README: exit codes)
    said = checked.stderr.splitlines()
    assert f"{marks} draft guess(es) remain unreviewed:" in said, checked.stderr[:2000]
    assert len([line for line in said if ", field 'review': " in line]) == marks, "every mark, in one run"


# --- the scorer can fail ---------------------------------------------------------------------


def _perfect_draft(expected: dict[str, Any]) -> dict[str, Any]:
    """The memo.yaml an analyst would write from expected.yaml (only the fields the scorer reads)."""
    stakeholders, respondents, responses, changed = [], [], [], []
    for i, respondent in enumerate(expected["respondents"]):
        statements = []
        for j, statement in enumerate(respondent["statements"]):
            sid = f"r{i}-{j}"
            statements.append({"id": sid, "kind": statement["kind"] or "unknown", "quote": statement["quote"]})
            if statement["remark"]:
                responses.append({"id": f"remark-{sid}", "responds_to": [sid], "quote": statement["remark"]})
            if statement["decision"] == "no-change":
                responses.append({"id": f"decision-{sid}", "responds_to": [sid], "decision": "no-change", "quote": "Ingen ændringer."})
            if statement["decision"] == "change":
                changed.append(sid)
        stakeholders.append({"id": f"r{i}", "type": respondent["type"], "label": respondent["name"]})
        respondents.append({"stakeholder": f"r{i}", "quote": respondent["name"], "statements": statements})
    recommendations = [{"id": f"rec-{k}", "addresses": changed, "quote": r["quote"]} for k, r in enumerate(expected["recommendations"])]
    return {
        "consultation": dict(expected.get("consultation") or {}),
        "stakeholders": stakeholders,
        "respondents": respondents,
        "responses": responses,
        "recommendations": recommendations,
    }


def _half_the_statements_deleted(memo: dict[str, Any]) -> None:
    for respondent in memo["respondents"]:
        respondent["statements"] = respondent["statements"][::2]
    for respondent in memo["respondents"][::2]:
        respondent["statements"] = []


def _kinds_swapped(memo: dict[str, Any]) -> None:
    swap = {"concern": "support", "support": "suggestion", "suggestion": "concern", "unknown": "concern"}
    for respondent in memo["respondents"]:
        for statement in respondent["statements"]:
            statement["kind"] = swap[statement["kind"]]


def _respondents_merged(memo: dict[str, Any]) -> None:
    everything = [s for r in memo["respondents"] for s in r["statements"]]
    memo["respondents"] = [{"stakeholder": "r0", "quote": "Høringssvar", "statements": everything}]


def _remarks_moved_one_on(memo: dict[str, Any]) -> None:
    remarks = [r for r in memo["responses"] if "decision" not in r]
    targets = [r["responds_to"] for r in remarks]
    for remark, target in zip(remarks, targets[1:] + targets[:1], strict=True):
        remark["responds_to"] = target


def _decisions_drafted_as_changes(memo: dict[str, Any]) -> None:
    for response in memo["responses"]:
        if response.get("decision") == "no-change":
            memo["recommendations"].append(
                {"id": f"rec-{response['id']}", "addresses": response["responds_to"], "quote": "Giver ikke anledning til ændringer."}
            )


def _recommendations_dropped(memo: dict[str, Any]) -> None:
    memo["recommendations"] = memo["recommendations"][:0]


DAMAGES = {
    "half the statements deleted": (_half_the_statements_deleted, {"statements", "placed"}),
    "kinds swapped": (_kinds_swapped, {"kinds", "invented"}),
    "respondents merged": (_respondents_merged, {"respondents", "placed"}),
    "remarks moved one statement on": (_remarks_moved_one_on, {"remarks"}),
    "decisions drafted as changes": (_decisions_drafted_as_changes, {"precision"}),
    "recommendations dropped": (_recommendations_dropped, {"recall"}),
}


def _scores_of(memo: dict[str, Any], expected: dict[str, Any], folder: Path) -> bench.Scores:
    folder.mkdir(parents=True)
    (folder / "memo.yaml").write_text(yaml.safe_dump(memo, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return bench.score(folder, expected)


@pytest.mark.parametrize("name", NAMES)
def test_the_scorer_gives_a_perfect_draft_full_marks(name: str, tmp_path: Path) -> None:
    expected = bench.load_expected(FOLDERS[name])
    scores = _scores_of(_perfect_draft(expected), expected, tmp_path / name)
    assert scores.failing() == [], scores.table()
    assert all(value.share == 1.0 for metric, value in scores.metrics.items() if metric != "invented"), (
        scores.table() + "\n" + "\n".join(scores.misses)
    )
    assert scores.violations() == 0


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_the_scorer_fails_a_damaged_draft(damage: str, tmp_path: Path) -> None:
    harm, metrics = DAMAGES[damage]
    for name in NAMES:
        expected = bench.load_expected(FOLDERS[name])
        memo = copy.deepcopy(_perfect_draft(expected))
        harm(memo)
        scores = _scores_of(memo, expected, tmp_path / name)
        assert metrics <= set(scores.failing()), f"{name}, {damage}: only {scores.failing()} below the bars\n{scores.table()}"


# --- a file that is no memo is refused ---------------------------------------------------------


def _readme(tmp_path: Path) -> Path:
    return REPO / "README.md"


def _spreadsheet_semicolons(tmp_path: Path) -> Path:
    """A spreadsheet saved from Danish Excel: UTF-8 with BOM, ';' between fields, CRLF."""
    rows = [
        "Vej;Husnr.;Postnr.;By;Ejendomsværdi (kr.);Grundskyld 2025 (kr.)",
        "Strandvej;12;2680;Solrød Strand;3.450.000;18.230",
        "Kirkevej;4;4621;Gadstrup;2.100.000;9.870",
        "Skovvej;17;8500;Grenaa;1.750.000;7.015",
    ]
    path = tmp_path / "ejendomme.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def _spreadsheet_commas(tmp_path: Path) -> Path:
    rows = [
        "Dato,Udvalg,Punkt,Beslutning",
        '2025-02-10,Teknik- og Miljøudvalget,"Trafiksikkerhedsplan, høring",Godkendt',
        '2025-06-02,Teknik- og Miljøudvalget,"Trafiksikkerhedsplan, endelig vedtagelse",Udsat',
        '2025-06-23,Byrådet,"Budget 2026, 1. behandling",Oversendt',
    ]
    path = tmp_path / "moeder.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_readme, _spreadsheet_semicolons, _spreadsheet_commas], ids=["readme", "csv-semicolons", "csv-commas"])
def test_a_file_that_is_no_memo_is_refused_in_one_line(make: Callable[[Path], Path], tmp_path: Path) -> None:
    file = make(tmp_path)
    data = bench.fresh_data(tmp_path / "data")
    result = bench.run("ingest", str(file), "--memo-id", "ikke-et-notat", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"hoeringsgraf: error: {file}"), lines[0]
    assert not (data / "memos" / "ikke-et-notat").exists(), "nothing is written"
