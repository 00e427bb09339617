"""A rebuild after memos were added, changed or removed maps only those, and gives what a build from nothing gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from bench.synthetic import write_corpus
from cli import app
from graph.builder import folder
from graph.builder.pipeline import build_into
from graph.view import page
from graph.view.aggregate import aggregate_page

runner = CliRunner()
MEMOS = 8


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write_corpus(data, MEMOS)
    return data


def _outputs(data: Path, build: Path) -> dict[str, str]:
    """What users read: every report in csv and as the table, the canned queries that need no parameter, the counts."""
    found = {}
    for args in (["report", "unresolved", "-f", "csv"], ["report", "unresolved"], ["report", "network", "-f", "json"],
                 ["query", "statements", "-f", "csv"], ["query", "remarks", "-f", "csv"], ["query", "dates", "-f", "csv"],
                 ["query", "unanswered", "-f", "csv"], ["query", "recommendations", "-f", "csv"], ["query", "shared-concerns", "-f", "csv"]):
        result = runner.invoke(app, [*args, "--data", str(data), "--build", str(build)], env={"COLUMNS": "160"})
        assert result.exit_code == 0, (args, result.output)
        assert result.stderr == "", (args, result.stderr)  # read from the build, which is fresh
        found[" ".join(args)] = result.stdout
    return found


def _graphs(build: Path) -> dict[str, set[str]]:
    """Each named graph's triples, as N-Triples lines (blank nodes aside: their labels are the loader's)."""
    store = ox.Store.read_only(str(build / folder.STORE_DIR))
    graphs: dict[str, set[str]] = {}
    for quad in store:
        if isinstance(quad.graph_name, ox.NamedNode) and not any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object)):
            graphs.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    return graphs


def _edit(data: Path, memo: str) -> None:
    path = data / "memos" / memo / "memo.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  label: " in text
    path.write_text(text.replace("\n  label: ", "\n  label: Ændret ", 1), encoding="utf-8")


@pytest.mark.parametrize("change", ["changed", "added", "removed", "two changed and one removed"])
def test_a_rebuild_maps_only_what_changed_and_gives_what_a_build_from_nothing_gives(
    corpus: Path, tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page, "VIEW_MAX_NODES", 10)  # the aggregated page, made of the memos' parts the build keeps
    build = tmp_path / "build"
    if change == "added":
        shutil.move(str(corpus / "memos" / "syn-00007"), str(tmp_path / "later"))
    first = build_into(corpus, build)
    assert first.counts is not None and not first.rebuilt
    before = folder.current_version(build)
    if change == "changed":
        _edit(corpus, "syn-00003")
    elif change == "added":
        shutil.move(str(tmp_path / "later"), str(corpus / "memos" / "syn-00007"))
    elif change == "removed":
        shutil.rmtree(corpus / "memos" / "syn-00002")
    else:
        _edit(corpus, "syn-00001")
        _edit(corpus, "syn-00005")
        shutil.rmtree(corpus / "memos" / "syn-00006")
    again = build_into(corpus, build)
    assert again.rebuilt, "started from the previous version"
    assert again.mapped == {"changed": 1, "added": 1, "removed": 0}.get(change, 2)
    assert again.validated == again.mapped
    assert folder.current_version(build) != before and before is not None and before.is_dir(), "the previous version is kept whole"
    whole = tmp_path / "whole"
    fresh = build_into(corpus, whole, force=True)
    assert not fresh.rebuilt and fresh.mapped == len(list((corpus / "memos").iterdir()))
    assert again.counts == fresh.counts
    assert _outputs(corpus, build) == _outputs(corpus, whole)
    assert _graphs(build) == _graphs(whole)
    html = (build / "network.html").read_text(encoding="utf-8")
    assert '<body class="aggregate">' in html and html == (whole / "network.html").read_text(encoding="utf-8")
    assert html == aggregate_page(ox.Store.read_only(str(build / folder.STORE_DIR))).html, "the kept parts are the store's"
    assert (build / folder.STORE_DIR).resolve().parent == folder.current_version(build)
    assert build_into(corpus, build).counts is None, "then up to date"


def test_most_memos_changed_is_built_from_nothing(corpus: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build_into(corpus, build)
    for number in range(MEMOS // 2 + 1):
        _edit(corpus, f"syn-{number:05d}")
    again = build_into(corpus, build)
    assert not again.rebuilt and again.mapped == MEMOS


def test_a_changed_organisation_or_code_rebuilds_every_memo(corpus: Path, tmp_path: Path) -> None:
    """The organisations are part of every memo's hash: changing them maps every memo again."""
    build = tmp_path / "build"
    build_into(corpus, build)
    organisations = corpus / "organisations.yaml"
    text = organisations.read_text(encoding="utf-8")
    assert "label: " in text
    organisations.write_text(text.replace("label: ", "label: Ny ", 1), encoding="utf-8")
    again = build_into(corpus, build)
    assert again.mapped == MEMOS and not again.rebuilt


def test_a_damaged_previous_version_is_not_started_from(corpus: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build_into(corpus, build)
    report = folder.current_version(build) / folder.OUTPUTS["reports"]  # type: ignore[operator]
    data = bytearray(report.read_bytes())
    data[-100] ^= 0xFF
    report.write_bytes(bytes(data))
    _edit(corpus, "syn-00003")
    again = build_into(corpus, build)
    assert not again.rebuilt and again.mapped == MEMOS
    whole = tmp_path / "whole"
    build_into(corpus, whole, force=True)
    assert _outputs(corpus, build) == _outputs(corpus, whole)


def test_the_cli_says_what_a_rebuild_mapped(corpus: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(corpus), "--out", str(build), "-q"]).exit_code == 0
    _edit(corpus, "syn-00004")
    result = runner.invoke(app, ["build", "--data", str(corpus), "--out", str(build)])
    assert result.exit_code == 0, result.output
    assert f"rebuilt from the previous build: 1 memo(s) mapped again, {MEMOS - 1} kept as they were, 0 removed" in result.stderr
