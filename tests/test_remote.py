"""Remote engines against a real Oxigraph server started here, on 127.0.0.1, and stopped at the end."""

from __future__ import annotations

import csv
import io
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

from .conftest import DATA
from .servers import free_port, start_oxigraph, wait_until_answers

runner = CliRunner()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server (read-write) on an unused port, its data in a temporary folder."""
    started = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield started.base
    finally:
        started.stop()


def _csv(*args: str) -> bytes:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_push_then_report_unresolved_gives_the_embedded_rows(server: str, tmp_path: Path) -> None:
    pushed = runner.invoke(app, ["push", "--endpoint", f"{server}/store", "--data", str(DATA), "--build", str(tmp_path)])
    assert pushed.exit_code == 0, pushed.output
    assert "pushed 3 graph(s)" in pushed.stderr  # the memo's, the shared organisations', the ontology's
    embedded = _csv("report", "unresolved", "-f", "csv", "--data", str(DATA), "--build", str(tmp_path))
    remote = _csv("report", "unresolved", "-f", "csv", "--endpoint", f"{server}/query")
    assert remote == embedded
    assert len(remote.splitlines()) > 30


@pytest.mark.parametrize(
    "choice",
    [pytest.param([], id="all"), pytest.param(["--unit", "Gadeplan", "-f", "json"], id="unit-json"),
     pytest.param(["--memo", "ishoej-2023", "--kind", "suggestion"], id="memo-kind")],
)
def test_the_endpoint_gives_what_the_builds_index_gives(server: str, tmp_path: Path, choice: list[str]) -> None:
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(DATA), "--out", str(out), "-q"]).exit_code == 0
    pushed = runner.invoke(app, ["push", "--endpoint", f"{server}/store", "--data", str(DATA), "--build", str(out)])
    assert pushed.exit_code == 0, pushed.output
    from_index = _csv("report", "unresolved", "-f", "csv", *choice, "--data", str(DATA), "--build", str(out))
    remote = _csv("report", "unresolved", "-f", "csv", *choice, "--endpoint", f"{server}/query")
    assert remote == from_index
    assert len(remote.splitlines()) > 2


def test_pushing_twice_gives_the_same_graph(server: str, tmp_path: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    for _ in range(2):
        assert runner.invoke(app, ["push", "--endpoint", f"{server}/store", "--data", str(DATA), "--build", str(tmp_path)]).exit_code == 0
        after = _csv("query", "-e", count, "-f", "csv", "--endpoint", f"{server}/query")
    local = _csv("query", "-e", count, "-f", "csv", "--data", str(DATA), "--build", str(tmp_path))
    assert after == local


def test_canned_queries_with_parameters_and_memo_on_the_endpoint(server: str, tmp_path: Path) -> None:
    runner.invoke(app, ["push", "--endpoint", f"{server}/store", "--data", str(DATA), "--build", str(tmp_path)])
    for args in (["about-unit", "-p", "unit=Gadeplan"], ["by-stakeholder", "-p", "stakeholder=vestegns politi"], ["dates"]):
        local = _statements(_csv("query", *args, "-f", "csv", "--data", str(DATA), "--build", str(tmp_path)))
        remote = _statements(_csv("query", *args, "-f", "csv", "--endpoint", f"{server}/query", "--memo", "ishoej-2023"))
        assert remote == local and local, args


def _statements(payload: bytes) -> list[tuple[str, ...]]:
    """The rows without GROUP_CONCAT columns, whose parts SPARQL joins in no particular order."""
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8"))))
    return sorted(tuple(v for k, v in row.items() if k not in ("remarks", "recommendation", "units")) for row in rows)


def test_ask_on_the_endpoint(server: str) -> None:
    result = runner.invoke(app, ["query", "-e", "ASK { ?s a hg:Nothing }", "--endpoint", f"{server}/query"])
    assert (result.exit_code, result.stdout.strip()) == (1, "false")


def test_an_unreachable_endpoint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "unresolved", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert result.exit_code == 4
    assert result.stderr.startswith("hoeringsgraf: error: cannot reach the endpoint http://127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_wrong_endpoint_that_answers_with_an_error(server: str) -> None:
    result = runner.invoke(app, ["report", "unresolved", "--endpoint", f"{server}/nowhere"])
    assert result.exit_code == 4
    assert "answered 404" in result.stderr


def test_an_endpoint_that_refuses_the_upload(server: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["push", "--endpoint", f"{server}/query", "--data", str(DATA), "--build", str(tmp_path)])
    assert result.exit_code == 4
    assert "answered 4" in result.stderr or "answered 5" in result.stderr


def test_serve_answers_the_same_rows(tmp_path: Path) -> None:
    import sys

    from .conftest import REPO

    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(DATA), "--out", str(out)]).exit_code == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "serve", "--port", str(port), "--build", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/query", process, time.monotonic() + 20, "hoeringsgraf serve")
        remote = _csv("report", "unresolved", "-f", "csv", "--endpoint", f"http://127.0.0.1:{port}/query")
        local = _csv("report", "unresolved", "-f", "csv", "--data", str(DATA), "--build", str(out))
        assert remote == local
        refused = runner.invoke(app, ["push", "--endpoint", f"http://127.0.0.1:{port}/store", "--data", str(DATA), "--build", str(out)])
        assert refused.exit_code == 4  # read-only
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_a_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--build", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "run `hoeringsgraf build` first" in result.stderr
