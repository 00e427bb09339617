"""The persistent store under build/, many memos in one graph, and incremental builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.builder import folder as persist
from graph.engine.embedded import Store
from graph.queries.params import select
from graph.queries.registry import canned
from graph.sources.open import open_engine as open_store

from .conftest import DATA, MINIMAL

runner = CliRunner()
EXAMPLES = {"unit": "Gadeplan", "stakeholder": "Vestegns Politi", "theme": "Mere bureaukrati", "statement": "tkf-2",
            "kind": "concern", "status": "answered"}


def fresh_store(data: Path, build: Path):  # type: ignore[no-untyped-def]
    """The build folder's store if the folder is fresh, else None."""
    found = persist.fresh_build(data, build)
    return found[0] if found is not None else None



@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = runner.invoke(app, ["build", "--data", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_a_store_that_reads_back(built_dir: Path) -> None:
    store = fresh_store(DATA, built_dir)
    assert store is not None
    assert len(store) > 1500


@pytest.mark.parametrize("name", sorted(canned()))
def test_canned_queries_give_the_same_rows_from_the_store_and_in_memory(built_dir: Path, name: str) -> None:
    query = canned()[name]
    values = {p.name: EXAMPLES[p.type] for p in query.params if not p.optional}
    from_store = select(Store(fresh_store(DATA, built_dir)), query, values)  # type: ignore[arg-type]
    in_memory = select(open_store(DATA, build_dir=None), query, values)
    assert from_store.variables == in_memory.variables
    assert sorted(map(_normal, from_store.rows)) == sorted(map(_normal, in_memory.rows))
    assert from_store.rows


def _normal(row: list) -> str:
    """A row as text, the parts of GROUP_CONCAT cells sorted (SPARQL gives them in no order)."""
    cells = []
    for cell in row:
        separator = next((sep for sep in (" / ", ", ") if cell is not None and sep in str(cell)), None)
        cells.append(separator.join(sorted(str(cell).split(separator))) if separator else repr(cell))
    return " | ".join(cells)


def two_memos(tmp_path: Path) -> Path:
    """The minimal data with a second memo in which the same police district answers again."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    second = data / "memos" / "other-memo"
    shutil.copytree(data / "memos" / "test-memo", second)
    memo = second / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("id: test-memo", "id: other-memo"), encoding="utf-8")
    return data


def test_a_stakeholder_answering_two_memos_is_one_node(tmp_path: Path) -> None:
    store = open_store(two_memos(tmp_path), build_dir=None)
    rows = store.select("SELECT DISTINCT ?who WHERE { ?s hg:raisedBy ?who }").rows
    assert len(rows) == 2  # test/raad and test/politi, each once, though each answered both memos
    statements = store.select("SELECT ?s WHERE { ?s a hg:Statement }").rows
    assert len(statements) == 6


def test_memo_option_scopes_queries_and_reports(tmp_path: Path) -> None:
    data = two_memos(tmp_path)
    everything = runner.invoke(app, ["query", "statements", "-f", "csv", "--data", str(data), "--build", str(tmp_path / "none")])
    one = runner.invoke(app, ["query", "statements", "-f", "csv", "--data", str(data), "--memo", "other-memo", "--build", str(tmp_path / "none")])
    assert everything.exit_code == one.exit_code == 0, one.output
    assert len(everything.stdout_bytes.splitlines()) == 7 and len(one.stdout_bytes.splitlines()) == 4
    assert b"/other-memo/" in one.stdout_bytes and b"/test-memo/" not in one.stdout_bytes
    report = runner.invoke(app, ["report", "unresolved", "-f", "csv", "--data", str(data), "--memo", "test-memo"])
    assert report.exit_code == 0 and b"/other-memo/" not in report.stdout_bytes
    unknown = runner.invoke(app, ["report", "unresolved", "--data", str(data), "--memo", "third"])
    assert unknown.exit_code == 2
    assert "no memo is called 'third'; the memos are: other-memo, test-memo" in unknown.stderr


def test_a_stale_store_is_not_read(tmp_path: Path, minimal_copy: Path) -> None:
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)]).exit_code == 0
    assert fresh_store(minimal_copy, out) is not None
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("label: Ønske om et fælles møde", "label: Ønske om et nyt møde"), encoding="utf-8")
    assert fresh_store(minimal_copy, out) is None
    result = runner.invoke(app, ["query", "statements", "-f", "csv", "--data", str(minimal_copy), "--build", str(out)])
    assert "Ønske om et nyt møde" in result.stdout


def test_unchanged_memos_are_not_validated_again(tmp_path: Path) -> None:
    data = two_memos(tmp_path)
    out = tmp_path / "build"
    first = runner.invoke(app, ["build", "--data", str(data), "--out", str(out)])
    assert "validated 2 memo(s)" in first.stderr
    second = runner.invoke(app, ["build", "--data", str(data), "--out", str(out)])
    assert second.stderr.strip() == f"{out} is up to date with {data}: nothing to build (--force builds anyway)"
    forced = runner.invoke(app, ["build", "--data", str(data), "--out", str(out), "--force"])
    assert "validated 0 memo(s) against the shapes; 2 unchanged" in forced.stderr
    memo = data / "memos" / "other-memo" / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("responds_to: [raad-1]", "responds_to: []"), encoding="utf-8")
    third = runner.invoke(app, ["build", "--data", str(data), "--out", str(out)])
    assert third.exit_code == 1
    assert "memos/other-memo/memo.yaml" in third.stderr and "memos/test-memo" not in third.stderr


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path, minimal_copy: Path) -> None:
    out = tmp_path / "build"
    with persist.build_lock(out):
        result = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"hoeringsgraf: error: another build is writing {out} (it holds {out / '.lock'}); wait for it to finish"


def test_an_interrupted_store_swap_leaves_the_old_store(tmp_path: Path, minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)]).exit_code == 0
    before = len(fresh_store(minimal_copy, out) or [])

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persist.ox.Store, "bulk_load", fail)
    result = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out), "--force"])
    assert result.exit_code == 3
    assert "cannot write the store" in result.stderr
    monkeypatch.undo()
    assert len(fresh_store(minimal_copy, out) or []) == before


def _writing(out: Path) -> bool:
    """Whether a build has begun writing its files into a version of the folder not yet current."""
    current = persist.current_version(out)
    return any(version != current and (version / "reports.sqlite").is_file() for version in out.glob("versions/*"))


def test_an_interrupted_build_leaves_the_previous_build(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group) halfway through a build of 60 memos in worker processes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from bench.synthetic import write_corpus

    from .conftest import REPO

    data, out = tmp_path / "data", tmp_path / "build"
    write_corpus(data, 60)
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(out), "-q"]).exit_code == 0
    before = runner.invoke(app, ["report", "unresolved", "-f", "csv", "--data", str(data), "--build", str(out)]).stdout
    memo = sorted((data / "memos").iterdir())[0] / "memo.yaml"
    original, stat = memo.read_bytes(), memo.stat()
    memo.write_bytes(original.replace(b"label: ", b"label: Changed ", 1))
    process = subprocess.Popen(  # --force: every memo mapped again in worker processes (not a rebuild of the one changed)
        [sys.executable, str(REPO / "cli.py"), "build", "--force", "--data", str(data), "--out", str(out), "-q"],
        stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not _writing(out) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.decode().strip() == "hoeringsgraf: interrupted (a build replaces the previous one only when it has written everything)"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no temporary file or store is left
    assert [p.name for p in (out / "versions").iterdir()] == [persist.current_version(out).name]  # nor its version
    memo.write_bytes(original)
    os.utime(memo, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the data as the previous build saw it
    assert fresh_store(data, out) is not None
    after = runner.invoke(app, ["report", "unresolved", "-f", "csv", "--data", str(data), "--build", str(out)]).stdout
    assert after == before and len(before.splitlines()) > 100


def test_a_killed_build_leaves_no_worker_holding_the_lock(tmp_path: Path) -> None:
    """The build's own process killed (out of memory, say) while its forked workers map: the workers do not hold
    the build lock, so the next build of the folder runs."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from bench.synthetic import write_corpus

    from .conftest import REPO

    data, out = tmp_path / "data", tmp_path / "build"
    write_corpus(data, 60)
    process = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "build", "--data", str(data), "--out", str(out), "-q"],
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _writing(out) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
        assert process.poll() is None, "the build ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)  # the build's process only: its workers live on
        process.wait(timeout=30)
        again = runner.invoke(app, ["build", "--data", str(data), "--out", str(out), "-q"])
        assert again.exit_code == 0, again.stderr
        assert fresh_store(data, out) is not None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the workers left behind
        except ProcessLookupError:
            pass


def test_an_interrupt_just_after_a_temporary_file_is_made_leaves_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C between making the second temporary file and anything after it: no temporary file is left, no target made."""
    import os

    from graph.base import files

    real_open = os.open
    made: list[str] = []

    def open_then_interrupt(path: object, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)  # type: ignore[call-overload]
        made.append(str(path))
        if len(made) == 2:
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(files.os, "open", open_then_interrupt)
    targets = {name: tmp_path / f"{name}.txt" for name in ("a", "b", "c")}
    with pytest.raises(KeyboardInterrupt), files.atomic_outputs(targets):
        pass
    assert len(made) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == []
