"""The build of many memos: worker processes, chunks, files written part by part, the persistent store.

A corpus of PARALLEL_FROM generated memos takes the parallel path; what it writes must be the
graph the in-memory build makes of the same data, in every file and in the store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from bench.synthetic import write_corpus
from cli import app
from graph.builder.assemble import build_graph
from graph.builder.pipeline import CHUNK, PARALLEL_FROM
from graph.builder.tally import summary
from graph.model.vocab import ONTOLOGY_GRAPH

runner = CliRunner()
SIZE = PARALLEL_FROM + CHUNK // 2  # the last chunk is not full


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "data"
    write_corpus(root, SIZE)
    return root


@pytest.fixture(scope="module")
def built_folder(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("build") / "build"
    result = runner.invoke(app, ["build", "--data", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out, result.stderr


ONTOLOGY = f"<{ONTOLOGY_GRAPH}> ."


def _quads(store: ox.Store) -> set[str]:
    """Every quad of the data graphs as text (they have no blank nodes, so the texts compare graphs exactly),
    and the ontology's by their number (its OWL lists are blank nodes)."""
    lines = (store.dump(format=ox.RdfFormat.N_QUADS) or b"").decode().splitlines()
    data = {line for line in lines if not line.endswith(ONTOLOGY)}
    assert not any(line.startswith("_:") or " _:" in line for line in data)
    return data | {f"ontology quads: {len(lines) - len(data)}"}


def test_the_parallel_build_writes_the_in_memory_graph(corpus: Path, built_folder: tuple[Path, str], tmp_path: Path) -> None:
    """The store the workers' chunks were loaded into holds the graph built in memory; `export` writes it whole."""
    out, _ = built_folder
    expected = build_graph(corpus).store
    stored = ox.Store.read_only(str(out / "store"))
    assert _quads(stored) == _quads(expected)

    def exported(fmt: str, rdf_format: ox.RdfFormat) -> ox.Store:
        target = tmp_path / f"all.{fmt}"
        result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "--data", str(corpus)])
        assert result.exit_code == 0, result.output
        store = ox.Store()
        store.load(path=str(target), format=rdf_format)
        return store

    assert _quads(exported("trig", ox.RdfFormat.TRIG)) == _quads(expected)
    data = {q for q in _quads(expected) if not q.startswith("ontology quads")}
    turtle = {str(quad.triple) for quad in exported("ttl", ox.RdfFormat.TURTLE)}  # the union of the graphs, the ontology's too
    assert {q.rsplit(" ", 2)[0] for q in data} <= {line.removesuffix(" .") for line in turtle} and len(data) > 1000


def test_the_counts_add_up_across_chunks(corpus: Path, built_folder: tuple[Path, str]) -> None:
    out, stderr = built_folder
    counts = summary(build_graph(corpus))
    assert counts["memos"] == SIZE
    line = (f"built {SIZE} memo(s): {counts['stakeholders']} stakeholders, {counts['statements']} statements "
            f"({counts['concerns']} concerns, {counts['suggestions']} suggestions, {counts['support']} support), {counts['remarks']} remarks, "
            f"{counts['recommendations']} recommendation(s); {counts['triples']} triples")
    assert line in stderr
    assert f"validated {SIZE} memo(s)" in stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "current", "manifest.json", "network.html", "reports.sqlite", "store", "versions"]


def test_an_error_in_a_worker_is_one_line(corpus: Path, tmp_path: Path) -> None:
    """A bad reference in a memo a worker maps: the memo's file, entry and field, exit 2, nothing written."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    memo = data / "memos" / f"syn-{SIZE - 3:05d}" / "memo.yaml"
    text = memo.read_text(encoding="utf-8")
    first_about = text.index("  about:\n") + len("  about:\n")
    line_end = text.index("\n", first_about)
    memo.write_text(text[:first_about] + "    - nowhere/at-all" + text[line_end:], encoding="utf-8")
    out = tmp_path / "build"
    result = runner.invoke(app, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"memos/syn-{SIZE - 3:05d}/memo.yaml:" in lines[0] and "unknown reference 'nowhere/at-all'" in lines[0]
    assert "field 'about'" in lines[0]
    assert not out.exists()


def test_a_rebuild_validates_only_what_changed(corpus: Path, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(out), "-q"]).exit_code == 0
    memo = data / "memos" / "syn-00007" / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("label: ", "label: Ændret ", 1), encoding="utf-8")
    result = runner.invoke(app, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"validated 1 memo(s) against the shapes; {SIZE - 1} unchanged" in result.stderr
    assert _quads(ox.Store.read_only(str(out / "store"))) == _quads(build_graph(data).store)
