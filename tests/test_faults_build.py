"""Faults of the build folder: builds killed at any moment while readers read, edits that keep a file's size and
time, a damaged store, what killed builds leave behind, and errors that are the tool's own.

What each must give (graph.builder.folder): a reader sees the old build or the new one, never an error; a killed
build leaves the previous version current and whole, and no worker process behind; the next build removes what
it left; freshness is by content; a damaged store is built again and is never read as up to date.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.builder import folder

runner = CliRunner()
TOOL = Path(__file__).resolve().parent.parent
MEMOS = 60  # more than the build maps in its own process (pipeline.PARALLEL_FROM): worker processes run
KILLS = 24
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from cli import main; main()", *args]


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(*args), capture_output=True, text=True, timeout=timeout, cwd=TOOL, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.synthetic import write_corpus

    data = tmp_path_factory.mktemp("faults") / "data"
    write_corpus(data, MEMOS)
    return data


def _build_processes(out: Path) -> list[int]:
    """The processes of a build writing `out` (the build and its forked workers share its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"build" in words and b"--out" in words and os.fsencode(out) in words:
            found.append(int(entry.name))
    return found


def _leftovers(out: Path) -> list[str]:
    """What a build folder holds besides the lock, the pointer, its fixed links and the versions it keeps."""
    allowed = {folder.LOCK, folder.CURRENT, folder.VERSIONS, *folder.LINKED}
    extra = [path.name for path in out.iterdir() if path.name not in allowed]
    versions = sorted(path.name for path in (out / folder.VERSIONS).iterdir())
    if len(versions) > 2:
        extra += versions
    current = folder.current_version(out)
    assert current is not None
    extra += [
        f"{current.name}/{path.name}" for path in current.iterdir() if path.name not in (folder.STORE_DIR, folder.MANIFEST, *folder.OUTPUTS.values())
    ]
    return extra


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG are Linux's")
def test_builds_killed_at_random_moments_leave_the_previous_build_whole_while_readers_read(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    first = _run("build", "--data", str(corpus), "--out", str(out), "-q")
    assert first.returncode == 0, first.stderr
    expected = {
        "store": _run("query", "-e", COUNT, "-f", "csv", "--data", str(corpus), "--build", str(out)).stdout,
        "report": _run("report", "unresolved", "-f", "csv", "--data", str(corpus), "--build", str(out)).stdout,
    }
    assert expected["store"].startswith("n\n") and int(expected["store"].split()[1]) > 10_000
    assert expected["report"].count("\n") > 100
    start = time.monotonic()
    assert _run("build", "--force", "--data", str(corpus), "--out", str(out), "-q").returncode == 0
    took = time.monotonic() - start

    reads: list[tuple[str, int, str, str]] = []
    stop = threading.Event()

    def read(kind: str, args: list[str]) -> None:
        while not stop.is_set():
            done = _run(*args, "--data", str(corpus), "--build", str(out), timeout=120)
            reads.append((kind, done.returncode, done.stdout, done.stderr))

    readers = [
        threading.Thread(target=read, args=("store", ["query", "-e", COUNT, "-f", "csv"])),
        threading.Thread(target=read, args=("report", ["report", "unresolved", "-f", "csv"])),
    ]
    for reader in readers:
        reader.start()
    rng = random.Random(16)
    outcomes: list[tuple[str, float, int]] = []
    try:
        for round_ in range(KILLS):
            how = signal.SIGKILL if round_ % 2 == 0 else signal.SIGTERM
            build = subprocess.Popen(
                _command("build", "--force", "--data", str(corpus), "--out", str(out), "-q"),
                cwd=TOOL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            moment = rng.uniform(0.1, took * 1.1)
            time.sleep(moment)
            build.send_signal(how)
            _, stderr = build.communicate(timeout=120)
            outcomes.append((how.name, moment, build.returncode))
            assert "Traceback" not in stderr, stderr
            if how == signal.SIGTERM:
                assert build.returncode in (0, 143), (build.returncode, stderr)
                assert build.returncode == 0 or stderr.strip().splitlines() == [BUILD_STOPPED]
            deadline = time.monotonic() + 10
            while _build_processes(out) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _build_processes(out), f"workers of the killed build live on (round {round_}, {how.name} at {moment:.2f} s)"
            assert folder.fresh_manifest(corpus, out, contents=True) is not None, f"round {round_}: the folder is not whole"
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert sum(1 for _, _, code in outcomes if code not in (0,)) >= KILLS // 2, f"most builds must be stopped mid-way: {outcomes}"
    assert len(reads) >= 20
    for kind, code, stdout, stderr in reads:
        assert code == 0 and "Traceback" not in stderr, (kind, code, stderr)
        assert stdout == expected[kind], (kind, stderr)
        assert stderr == "", (kind, stderr)  # the build folder was fresh for every read: nothing asked of data/

    with capsys.disabled():
        codes = sorted({(name, code) for name, _, code in outcomes})
        print(
            f"\nkilled builds: {len(outcomes)} ({', '.join(f'{name} exit {code}' for name, code in codes)}), build {took:.1f} s; "
            f"{len(reads)} reads during them, all old-or-new and whole"
        )
    again = _run("build", "--data", str(corpus), "--out", str(out))
    assert again.returncode == 0 and "is up to date" in again.stderr, again.stderr
    last = _run("build", "--force", "--data", str(corpus), "--out", str(out), "-q")
    assert last.returncode == 0, last.stderr
    assert _leftovers(out) == [], "the next build removes what killed builds left"


# The build's CLI, with a stop sent to itself at a moment where Python runs code it cannot raise out of:
# "fork", right after the first fork of a worker, where Python runs its at-fork hooks (logging's among them);
# "exit", in an exit callback that runs before the pools' own, once the command has done its work.
_STOPPED_AT = """
import atexit, os, signal, sys
how, where = getattr(signal, sys.argv.pop(1)), sys.argv.pop(1)
sent = []
def stop():
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), how)
        sum(range(100_000))  # lines enough for the handler to run here
if where == "fork":
    os.register_at_fork(after_in_parent=stop)
from cli import main
if where == "exit":
    atexit.register(stop)
main()
"""
BUILD_STOPPED = "hoeringsgraf: stopped by SIGTERM (a build replaces the previous one only when it has written everything)"
BUILD_INTERRUPTED = "hoeringsgraf: interrupted (a build replaces the previous one only when it has written everything)"


def _build_stopped_at(where: str, how: str, corpus: Path, out: Path) -> subprocess.CompletedProcess[str]:
    stopped = subprocess.run(
        [sys.executable, "-c", _STOPPED_AT, how, where, "build", "--force", "--data", str(corpus), "--out", str(out), "-q"],
        capture_output=True, text=True, timeout=300, cwd=TOOL, check=False,
    )
    deadline = time.monotonic() + 10
    while _build_processes(out) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _build_processes(out), "workers of the stopped build live on"
    assert folder.fresh_manifest(corpus, out, contents=True) is not None
    return stopped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and forked workers are Linux's")
@pytest.mark.parametrize(("how", "code", "line"), [("SIGTERM", 143, BUILD_STOPPED), ("SIGINT", 130, BUILD_INTERRUPTED)])
def test_a_stop_that_comes_while_workers_are_forked_stops_the_build(corpus: Path, tmp_path: Path, how: str, code: int, line: str) -> None:
    """A stop that came during the fork was taken inside Python's at-fork hook, printed as "Exception ignored" with
    a traceback, and dropped: the build went on. It must stop the build, with its own line and exit code, and
    leave the previous build whole and no worker behind."""
    out = tmp_path / "build"
    assert _run("build", "--data", str(corpus), "--out", str(out), "-q").returncode == 0
    before = folder.current_version(out)
    stopped = _build_stopped_at("fork", how, corpus, out)
    assert (stopped.returncode, stopped.stderr.strip().splitlines()) == (code, [line]), stopped.stderr
    assert folder.current_version(out) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and forked workers are Linux's")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_a_stop_that_comes_once_the_build_is_done_leaves_its_outcome(corpus: Path, tmp_path: Path, how: str) -> None:
    """A stop while Python ends, the build written and swapped in, was printed with a traceback from an exit
    callback. The build's own outcome stands: exit 0, nothing said, the new build current."""
    out = tmp_path / "build"
    assert _run("build", "--data", str(corpus), "--out", str(out), "-q").returncode == 0
    before = folder.current_version(out)
    stopped = _build_stopped_at("exit", how, corpus, out)
    assert (stopped.returncode, stopped.stderr) == (0, ""), stopped.stderr
    assert folder.current_version(out) != before


def _small_build(minimal_copy: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out), "-q"]).exit_code == 0
    return out


def test_an_edit_that_keeps_size_and_time_is_seen(minimal_copy: Path, tmp_path: Path) -> None:
    out = _small_build(minimal_copy, tmp_path)
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    before = memo.stat()
    text = memo.read_text(encoding="utf-8")
    assert "kind: concern" in text
    memo.write_text(text.replace("kind: concern", "kind: support", 1), encoding="utf-8")
    os.utime(memo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert memo.stat().st_size == before.st_size and memo.stat().st_mtime_ns == before.st_mtime_ns
    assert folder.fresh_manifest(minimal_copy, out) is None
    rebuilt = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert rebuilt.exit_code == 0 and "built 1 memo(s)" in rebuilt.stderr, rebuilt.stderr


def test_a_build_with_nothing_to_do_reads_no_data_file_nor_table_of_the_store_again(
    minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(folder, "SETTLED_NS", 0)  # the data was written just before the build: count it as settled
    out = _small_build(minimal_copy, tmp_path)
    read: list[str] = []
    digest = folder._digest
    monkeypatch.setattr(folder, "_digest", lambda path: read.append(str(path)) or digest(path))
    assert folder.up_to_date(minimal_copy, out)
    tables = [name for name in read if name.endswith(".sst")]
    assert [name for name in read if name.startswith(str(minimal_copy))] == [] and tables == [], read
    read.clear()
    assert folder.fresh_manifest(minimal_copy, out) is not None  # what every report asks first
    assert read == []


def test_a_hash_is_lent_only_for_a_file_provably_the_one_hashed(tmp_path: Path) -> None:
    version = tmp_path / "version"
    version.mkdir()
    data = tmp_path / "memo.yaml"
    data.write_text("a", encoding="utf-8")
    status = data.stat()
    recorded = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns, "recorded"]
    manifest = {"folder": str(version), "hashed": [recorded]}
    time.sleep(0.05)  # the manifest is written after the file, in a later tick of the clock
    (version / folder.MANIFEST).write_text("{}", encoding="utf-8")
    assert folder.Hashes(manifest)(data) == "recorded"  # the same file, older than the manifest: its hash is lent
    os.utime(version / folder.MANIFEST, ns=(status.st_ctime_ns, status.st_ctime_ns))
    assert folder.Hashes(manifest)(data) == folder._digest(data)  # as new as the manifest: a second write could hide
    os.utime(version / folder.MANIFEST, ns=(time.time_ns(), time.time_ns()))
    data.write_text("b", encoding="utf-8")  # same size, and the modification time put back
    os.utime(data, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert folder.Hashes(manifest)(data) == folder._digest(data)  # the write moved the status-change time
    assert folder.Hashes({**manifest, "hashed": [[*map(str, recorded[:5]), "recorded"]]})(data) == folder._digest(data)  # not numbers


def test_a_data_file_written_just_before_the_build_is_not_lent_its_hash(minimal_copy: Path, tmp_path: Path) -> None:
    """A data file edited less than SETTLED_NS before the build looked at it could be written again in the same
    tick of the clock: its hash is not recorded to be lent, so the next check reads it again; the others are."""
    out = _small_build(minimal_copy, tmp_path)
    recorded = folder.read_manifest(out)["hashed"]
    assert recorded and all(len(entry) == 6 for entry in recorded)
    kept = {tuple(entry[:2]) for entry in recorded}
    memo = minimal_copy / "memos" / "test-memo" / "memo.yaml"
    assert (memo.stat().st_dev, memo.stat().st_ino) not in kept  # written by the fixture a moment before the build
    hashes = folder.Hashes()
    hashes(memo)
    assert hashes.settled(hashes.seen) == []
    old = [*hashes.seen[0][:3], hashes.started - 3 * folder.SETTLED_NS, hashes.started - 3 * folder.SETTLED_NS, "x"]
    assert hashes.settled([old]) == [old]


def test_a_damaged_store_is_built_again_and_read_from_the_data_meanwhile(minimal_copy: Path, tmp_path: Path) -> None:
    out = _small_build(minimal_copy, tmp_path)
    count = ["query", "-e", COUNT, "-f", "csv", "--data", str(minimal_copy), "--build", str(out)]
    whole = runner.invoke(app, count)
    assert whole.exit_code == 0 and whole.stdout.startswith("n\n")
    tables = sorted((out / "store").glob("*.sst"))
    assert tables
    for table in tables:  # the same size, other bytes: RocksDB's checksums see it, a size check does not
        with table.open("r+b") as handle:
            handle.seek(64)
            handle.write(b"\xff" * 16)
    damaged = runner.invoke(app, count)
    assert damaged.exit_code == 0 and damaged.stdout == whole.stdout, damaged.output
    assert not folder.up_to_date(minimal_copy, out)
    again = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert again.exit_code == 0 and "built 1 memo(s)" in again.stderr, again.stderr
    assert folder.up_to_date(minimal_copy, out)
    shutil.rmtree(folder.current_version(out) / "store")  # the whole store of the current version gone
    assert runner.invoke(app, count).stdout == whole.stdout
    assert "built 1 memo(s)" in runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)]).stderr


def test_the_next_build_removes_what_killed_builds_left(minimal_copy: Path, tmp_path: Path) -> None:
    out = _small_build(minimal_copy, tmp_path)
    (out / folder.VERSIONS / "0123abcd-killed" / "store").mkdir(parents=True)
    (out / folder.VERSIONS / "0123abcd-killed" / "reports.sqlite").write_text("half", encoding="utf-8")
    (out / ".network.html.deadbeef.tmp").write_text("half", encoding="utf-8")
    (out / ".store-new-x").mkdir()
    os.symlink("versions/none", out / ".current-999-store")
    before = folder.current_version(out)
    assert runner.invoke(app, ["build", "--force", "--data", str(minimal_copy), "--out", str(out), "-q"]).exit_code == 0
    assert _leftovers(out) == []
    assert sorted(path.name for path in (out / folder.VERSIONS).iterdir()) == sorted([before.name, folder.current_version(out).name])


def test_a_defect_is_one_line_and_its_own_exit_code(minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> bool:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(folder, "up_to_date", broken)
    result = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(tmp_path / "build")])
    assert result.exit_code == 70
    assert result.stderr.strip().splitlines() == [
        "hoeringsgraf: internal error: ZeroDivisionError: division by zero (a defect of hoeringsgraf; please report it)"
    ]


def test_a_file_linked_out_of_the_data_folder_is_refused_even_when_its_content_is_unchanged(minimal_copy: Path, tmp_path: Path) -> None:
    out = _small_build(minimal_copy, tmp_path)
    source = minimal_copy / "memos" / "test-memo" / "source.txt"
    outside = tmp_path / "elsewhere.txt"
    shutil.copyfile(source, outside)
    source.unlink()
    source.symlink_to(outside)
    result = runner.invoke(app, ["build", "--data", str(minimal_copy), "--out", str(out)])
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "memo.yaml" in lines[0] and "field 'source'" in lines[0], lines
    assert "is up to date" not in result.stderr


@pytest.mark.parametrize(("stop", "code", "line"), [
    ("Terminated", 143, "hoeringsgraf: stopped by SIGTERM (a build replaces the previous one only when it has written everything)"),
    ("KeyboardInterrupt", 130, "hoeringsgraf: interrupted (a build replaces the previous one only when it has written everything)"),
])
def test_a_stop_wrapped_by_python_is_still_a_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str, code: int, line: str) -> None:
    """SIGTERM or Ctrl-C arriving while a module makes its classes comes wrapped (Python 3.11: `RuntimeError: Error
    calling __set_name__ …`, the stop as its cause): it is the stop's exit and line, not an internal error (70)."""
    from graph.base.errors import Terminated

    raised = Terminated() if stop == "Terminated" else KeyboardInterrupt()

    def wrapped(*_: object) -> bool:
        class Descriptor:
            def __set_name__(self, owner: type, name: str) -> None:
                raise raised

        type("Made", (), {"attribute": Descriptor()})  # Python wraps what __set_name__ raises
        return False

    monkeypatch.setattr(folder, "up_to_date", wrapped)
    result = runner.invoke(app, ["build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "build")])
    assert result.exit_code == code, result.output
    assert result.stderr.strip().splitlines() == [line]
