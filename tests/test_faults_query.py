"""Queries on the embedded store under faults: each ends as the user runs it, the CLI in a child process, with its
exit code and one line on stderr, never a crash, a traceback, a hang, or a request the user did not allow.

Bounds (graph.engine.guard, graph.engine.limits): a text too large, nested too deep or with too many blocks is
refused before any parser sees it (exit 5); SERVICE needs --allow-service (exit 2 without), and a SERVICE that
fails is one line (exit 4); a query past --timeout or --max-rows ends with exit 5.
"""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DATA, REPO

CLI = [sys.executable, str(REPO / "cli.py")]
CARTESIAN = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l"  # the memo's ~2,000 triples four times over: ~10^13 rows


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str
    seconds: float


def _query(*args: str, timeout: float = 60, data: Path = DATA) -> Ran:
    """`hoeringsgraf query ARGS` in a child process; the test fails (not hangs) past `timeout` seconds."""
    start = time.monotonic()
    try:
        done = subprocess.run([*CLI, *args, "--data", str(data)], capture_output=True, text=True, timeout=timeout, cwd=REPO,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[:3]} still ran after {timeout} s")
    return Ran(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def _one_line(ran: Ran, code: int, message: str) -> None:
    assert ran.code == code, ran.stderr
    assert "Traceback" not in ran.stderr and "Error:" not in ran.stderr.replace("error:", ""), ran.stderr
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("hoeringsgraf: error: "), ran.stderr
    assert message in lines[0], ran.stderr
    assert ran.stdout == "", "no partial answer"


# --- the text: refused before Oxigraph parses it (which crashed the process, exit 139) ---------------------


@pytest.mark.parametrize(
    "text,message",
    [
        pytest.param("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, "nests brackets ({ ( [) 5,000 deep, more than the 100", id="braces"),
        pytest.param("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }", "nests brackets ({ ( [) 5,002 deep",
                     id="parentheses"),
        pytest.param("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_001) + " }", "has 10,002 group blocks", id="unions"),
        pytest.param("SELECT * WHERE { ?s ?p " + ", ".join(["1"] * 30_000) + " }", "chains 30,000 triple patterns", id="objects"),
        pytest.param("SELECT * WHERE { ?s ?p ?o } # " + "x" * 1_100_000, "is 1,100,030 bytes long, more than the 1,000,000", id="huge"),
    ],
)
def test_a_query_past_the_text_bounds_is_refused_in_one_line(text: str, message: str, tmp_path: Path) -> None:
    file = tmp_path / "deep.rq"  # as a file: an argument of more than 128 KiB is more than the kernel passes
    file.write_text(text, encoding="utf-8")
    _one_line(_query("query", str(file)), 5, message)
    if len(text) < 100_000:
        _one_line(_query("query", "-e", text), 5, message.replace("the query deep", "the expression"))


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    braces = "{" * 300
    text = f'SELECT ?x WHERE {{ BIND ("{braces}" AS ?x) FILTER (?x != <urn:x:{"(" * 300}>) }} # {braces}\nLIMIT 1'
    ran = _query("query", "-e", text, "-f", "csv")
    assert ran.code == 0, ran.stderr
    assert ran.stdout.splitlines() == ["x", braces]


def test_a_syntax_error_in_a_deep_text_is_refused_without_recursing() -> None:
    """rdflib's parser is asked whether a text is an update only after the guard: a deep invalid text is one line."""
    ran = _query("query", "-e", "DELETE { " + "(" * 5000)
    _one_line(ran, 5, "nests brackets")


# --- SERVICE: no request unless --allow-service ---------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        type(self).requests.append(self.path)
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[str]]]:
    """A real SPARQL endpoint on 127.0.0.1 that notes every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/x", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("form", ["SERVICE <{url}>", "service silent <{url}>", "SERVICE ?where"])
def test_service_is_refused_without_allow_service_and_no_request_is_made(endpoint: tuple[str, list[str]], form: str) -> None:
    url, requests = endpoint
    bind = f"BIND (<{url}> AS ?where) " if "?where" in form else ""
    ran = _query("query", "-e", f"SELECT * WHERE {{ {bind}{form.format(url=url)} {{ ?s ?p ?o }} }}")
    _one_line(ran, 2, "pass --allow-service")
    assert requests == [], "the local store made no request"


def test_with_allow_service_the_endpoint_is_asked(endpoint: tuple[str, list[str]]) -> None:
    """The test's own endpoint does answer: --allow-service is what lets the request out."""
    url, requests = endpoint
    ran = _query("query", "-e", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "--allow-service", "-f", "csv")
    assert ran.code == 0, ran.stderr
    assert len(requests) == 1


@pytest.mark.parametrize(
    "target,code,message",
    [
        ("?nowhere", 4, "could not ask its SERVICE endpoint"),
        ("<file:///etc/passwd>", 2, "SERVICE <file:///etc/passwd>: a SERVICE must be an http(s) endpoint"),
    ],
    ids=["unbound-variable", "file-iri"],
)
def test_a_service_that_cannot_be_asked_is_one_line(target: str, code: int, message: str) -> None:
    ran = _query("query", "-e", f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}", "--allow-service")
    _one_line(ran, code, message)


def test_a_file_service_is_refused_without_allow_service_too() -> None:
    ran = _query("query", "-e", "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }")
    _one_line(ran, 2, "pass --allow-service")


def test_a_closed_port_is_one_line() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ran = _query("query", "-e", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}", "--allow-service")
    _one_line(ran, 4, "could not ask its SERVICE endpoint")


def test_a_service_that_never_answers_ends_at_the_timeout() -> None:
    with socket.socket() as silent:  # accepts (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        ran = _query("query", "-e", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
                     "--allow-service", "--timeout", "1", timeout=30)
    _one_line(ran, 5, "the expression ran past its timeout of 1 s (--timeout raises it)")
    assert ran.seconds < 10


# --- time and rows ------------------------------------------------------------------------------------------


def test_a_slow_query_ends_at_its_timeout() -> None:
    ran = _query("query", "-e", f"SELECT ?b (COUNT(*) AS ?n) WHERE {{ {CARTESIAN} }} GROUP BY ?b", "--timeout", "1", timeout=30)
    _one_line(ran, 5, "the expression ran past its timeout of 1 s (--timeout raises it)")
    assert ran.seconds < 10


def test_rows_past_max_rows_are_refused_not_cut() -> None:
    ran = _query("query", "-e", f"SELECT * WHERE {{ {CARTESIAN} }} ORDER BY ?a", "--max-rows", "1000", timeout=30)
    _one_line(ran, 5, "gives more than 1,000 rows, the most the tool holds: add LIMIT to the query or raise --max-rows")
    assert ran.seconds < 10


def test_within_max_rows_the_whole_answer_is_given() -> None:
    ran = _query("query", "-e", "SELECT ?s WHERE { ?s a hg:Concern } ORDER BY ?s", "--max-rows", "15", "-f", "csv")
    assert ran.code == 0, ran.stderr
    assert len(ran.stdout.splitlines()) == 16
    assert _query("query", "-e", "SELECT ?s WHERE { ?s a hg:Concern }", "--max-rows", "14").code == 5


def test_a_report_ends_at_its_timeout(tmp_path: Path) -> None:
    """Over 40 generated memos, built in memory: the report's question takes about 18 ms here, far past 1 ms (over
    the memo alone, since the derived quote texts and labels, it could end within the millisecond)."""
    from bench.synthetic import write_corpus

    write_corpus(tmp_path / "data", 40)
    ran = _query("report", "unresolved", "--build", str(tmp_path / "no-build-here"), "--timeout", "0.001", timeout=120,
                 data=tmp_path / "data")
    _one_line(ran, 5, "ran past its timeout of 0.001 s (--timeout raises it)")


# --- options ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("memo", ["   ", ""])
@pytest.mark.parametrize("command", [["query", "statements"], ["report", "unresolved"], ["report", "network"]])
def test_a_blank_memo_is_a_usage_error(command: list[str], memo: str) -> None:
    ran = _query(*command, "--memo", memo)
    _one_line(ran, 2, "--memo needs a memo's id")
