"""Remote endpoints that fail: each gives one line on stderr and its exit code, never a traceback nor a password.

Small http.server endpoints started here on 127.0.0.1 answer the memo check (ASK) with true and then misbehave;
a real Virtuoso (started with ResultSetMaxRows = 5) asks Digest for uploads and caps answers; a real Oxigraph
started without --union-default-graph has no memo in its default graph.
"""

from __future__ import annotations

import base64
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.engine import remote

from .conftest import DATA, missing_part
from .servers import VIRTUOSO, Virtuoso, free_port, load_graphs, start_oxigraph, start_virtuoso

runner = CliRunner()
SECRET = "hunter2-very-secret"
SELECT = "SELECT ?x WHERE { ?x ?p ?o }"
JSON = "application/sparql-results+json"
TRUE = b'{"head": {}, "boolean": true}'
ROWS = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://example.org/a"}}]}}'

COUNT = (b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7", '
         b'"datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}')
BODIES = {
    "/malformed": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value"',
    "/undeclared": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"y": {"type": "uri", "value": "http://example.org/a"}}]}}',
    "/bad-value": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "not an iri"}}]}}',
    "/bad-number": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": 1}}]}}',
    "/bad-boolean": b'{"head": {}, "boolean": "yes"}',
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]] = []  # (method, path) of every request, for the tests that nothing is sent

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = JSON, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _query(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")) if length else {}
        return form.get("query", [""])[0]

    def do_PUT(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(("PUT", self.path))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if path == "/store-html":
            self._send(200, b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>", "text/html")
        elif path == "/store-202":
            self._send(202, b"", "text/plain")
        else:
            self._send(204, b"", "text/plain")

    def do_GET(self) -> None:  # noqa: N802 - a redirected POST comes back as a GET
        self.seen.append(("GET", self.path))
        self.do_POST()

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        if self.command == "POST":
            self.seen.append(("POST", self.path))
        query = self._query()
        path = self.path
        if path == "/basic":
            expected = "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._send(401, b"<html><body>who are you?</body></html>", "text/html", {"WWW-Authenticate": 'Basic realm="sparql"'})
                return
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if "ASK" in query and "Memo" in query:
            self._send(200, TRUE)
            return
        if path == "/count" and "COUNT" in query:  # a count no pushed graph has
            self._send(200, COUNT)
            return
        if path in BODIES:
            self._send(200, BODIES[path])
        elif path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(ROWS)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(ROWS[: len(ROWS) // 2])
            self.close_connection = True
        elif path == "/html":
            self._send(200, b"<!DOCTYPE html><html><body>Welcome to our site</body></html>", "text/html; charset=utf-8")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(ROWS)))
            self.end_headers()
            try:
                for byte in ROWS:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        elif path in ("/huge", "/huge-declared"):
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            if path == "/huge-declared":
                self.send_header("Content-Length", str(10 * 2**30))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
                for _ in range(256):  # 64 MiB at most, unless the tool stops reading first
                    self.wfile.write(b" " * 2**18)
            except OSError:
                pass
        else:
            self._send(200, ROWS)


@pytest.fixture(scope="module")
def fake() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout + result.stderr


def _one_line(code: int, output: str, expected: int) -> str:
    assert code == expected, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output and SECRET not in output, output
    return lines[0]


def test_the_fake_endpoint_answers_well_when_asked_well(fake: str) -> None:
    code, output = _run(["query", "-e", SELECT, "-f", "csv", "--endpoint", f"{fake}/fine"])
    assert code == 0, output
    assert "http://example.org/a" in output


@pytest.mark.parametrize("path", [*BODIES, "/truncated", "/html"])
def test_an_answer_that_is_not_sparql_results(fake: str, path: str) -> None:
    ask = "ASK { ?x ?p ?o }" if path == "/bad-boolean" else SELECT
    line = _one_line(*_run(["query", "-e", ask, "--endpoint", f"{fake}{path}"]), 4)
    assert line.startswith(f"hoeringsgraf: error: the endpoint {fake}{path} "), line


def test_a_report_over_malformed_answers(fake: str) -> None:
    _one_line(*_run(["report", "unresolved", "--endpoint", f"{fake}/undeclared"]), 4)


def test_a_redirect_loop(fake: str) -> None:
    line = _one_line(*_run(["query", "-e", SELECT, "--endpoint", f"{fake}/loop"]), 4)
    assert "302" in line


def test_a_slow_answer_stops_at_the_timeout(fake: str) -> None:
    began = time.monotonic()
    line = _one_line(*_run(["query", "-e", SELECT, "--timeout", "2", "--endpoint", f"{fake}/slow"]), 5)
    assert time.monotonic() - began < 5
    assert "timeout of 2 s" in line


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_an_answer_past_the_cap_is_refused_before_it_is_read(fake: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote, "MAX_ANSWER_BYTES", 2**20)
    began = time.monotonic()
    line = _one_line(*_run(["query", "-e", SELECT, "--endpoint", f"{fake}{path}"]), 4)
    assert "1,048,576" in line
    assert time.monotonic() - began < 10


def test_basic_authentication_answers_the_challenge(fake: str) -> None:
    code, output = _run(["query", "-e", SELECT, "-f", "csv", "--endpoint", f"{fake}/basic", "--auth", f"user:{SECRET}"])
    assert code == 0, output
    assert "http://example.org/a" in output and SECRET not in output


def test_a_password_inside_the_url_is_used_and_never_shown(fake: str) -> None:
    host = fake.removeprefix("http://")
    code, output = _run(["query", "-e", SELECT, "-f", "csv", "--endpoint", f"http://user:{SECRET}@{host}/basic"])
    assert code == 0, output
    line = _one_line(*_run(["query", "-e", SELECT, "--endpoint", f"http://user:{SECRET}@{host}/malformed"]), 4)
    assert "user:" not in line or "***" in line


@pytest.mark.parametrize("auth", [f"user:wrong-{SECRET}", None], ids=["wrong", "none"])
def test_a_wrong_or_missing_password(fake: str, auth: str | None) -> None:
    args = ["query", "-e", SELECT, "--endpoint", f"{fake}/basic"] + (["--auth", auth] if auth else [])
    line = _one_line(*_run(args), 4)
    assert "401" in line


@pytest.mark.parametrize("auth", ["no-colon-" + SECRET, ":" + SECRET, " :" + SECRET])
def test_a_malformed_auth_is_a_usage_error(fake: str, auth: str) -> None:
    for command in (["query", "-e", SELECT, "--endpoint", f"{fake}/fine"], ["push", "--endpoint", f"{fake}/store"]):
        line = _one_line(*_run([*command, "--auth", auth]), 2)
        assert "--auth needs user:password" in line


@pytest.mark.parametrize("url", ["http://[::1/x", "notaurl", f"http://user:{SECRET}@[::1/x", "ftp://127.0.0.1/x", "http:///x"])
def test_a_malformed_url(url: str) -> None:
    for command in (["query", "-e", SELECT], ["report", "unresolved"], ["push"]):
        _one_line(*_run([*command, "--endpoint", url]), 2)


def test_connection_refused() -> None:
    line = _one_line(*_run(["query", "dates", "--endpoint", f"http://127.0.0.1:{free_port()}/query"]), 4)
    assert "cannot reach the endpoint" in line


def test_an_update_is_refused_before_it_is_sent(fake: str) -> None:
    _Handler.seen.clear()
    for update in ("INSERT DATA { <http://a> <http://b> <http://c> }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL"):
        line = _one_line(*_run(["query", "-e", update, "--endpoint", f"{fake}/fine"]), 2)
        assert "SPARQL Update is refused" in line
    assert _Handler.seen == []


@pytest.mark.parametrize("path", ["/store-html", "/store-202"])
def test_a_push_answered_with_a_page_or_an_odd_status_fails(fake: str, tmp_path: Path, path: str) -> None:
    line = _one_line(*_run(["push", "--endpoint", f"{fake}{path}", "--data", str(DATA), "--build", str(tmp_path)]), 4)
    assert "upload" in line


def test_a_push_that_the_query_endpoint_does_not_confirm(fake: str, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["push", "--endpoint", f"{fake}/store", "--data", str(DATA), "--build", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    line = _one_line(*_run(["push", "--endpoint", f"{fake}/store", "--query-endpoint", f"{fake}/count",
                            "--data", str(DATA), "--build", str(tmp_path)]), 4)
    assert "holds 7 triples in <" in line and "after the push" in line
    line = _one_line(*_run(["push", "--endpoint", f"{fake}/store", "--query-endpoint", f"{fake}/fine",
                            "--data", str(DATA), "--build", str(tmp_path)]), 4)
    assert "with a number" in line


# --- a real Oxigraph without a union default graph -------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph_named_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), union_default_graph=False)
    try:
        pushed = runner.invoke(app, ["push", "--endpoint", server.store_url, "--query-endpoint", server.query_url,
                                     "--data", str(DATA), "--build", str(tmp_path_factory.mktemp("build"))])
        assert pushed.exit_code == 0, pushed.output
        yield server.base
    finally:
        server.stop()


@pytest.mark.parametrize("args", [["report", "unresolved"], ["query", "dates"], ["report", "network"]])
def test_no_union_default_graph_is_one_line_not_an_empty_report(oxigraph_named_only: str, args: list[str]) -> None:
    line = _one_line(*_run([*args, "--endpoint", f"{oxigraph_named_only}/query"]), 4)
    assert "holds no memo in its default graph: start Oxigraph with --union-default-graph" in line


def test_with_memo_the_named_graphs_are_asked(oxigraph_named_only: str) -> None:
    code, output = _run(["query", "dates", "-f", "csv", "--memo", "ishoej-2023", "--endpoint", f"{oxigraph_named_only}/query"])
    assert code == 0, output
    assert len(output.strip().splitlines()) > 1


def test_a_push_with_a_repeated_triple_is_confirmed(oxigraph_named_only: str) -> None:
    """A graph is a set: a triple sent twice is held once, and the check counts what was sent as a set too,
    while a graph that holds other triples than were sent is still a mismatch."""
    graph = "https://w3id.org/hoeringsgraf/id/test-repeated"
    x, y = (f'<https://example.org/a> <https://example.org/p> "{v}" .\n'.encode() for v in "xy")
    store, query = f"{oxigraph_named_only}/store", f"{oxigraph_named_only}/query"
    assert remote.push({graph: x + x + y}, store, query_url=query) == [graph]
    count = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    with urllib.request.urlopen(urllib.request.Request(f"{query}?{count}", headers={"Accept": "text/csv"}), timeout=30) as held:
        assert held.read().decode().split() == ["n", "2"]
    with pytest.raises(remote.RemoteError, match="holds 2 triples .* not the 3 sent"):
        remote._verify({graph: x + y + y.replace(b'"y"', b'"z"')}, query, None, remote.Limits())


# --- a real Virtuoso: Digest uploads and its cap on rows --------------------------------------------


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if not VIRTUOSO.exists():
        missing_part(f"{VIRTUOSO} is missing (`make virtuoso` installs Debian's virtuoso-opensource)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-capped"), max_rows=5)
    try:
        yield server
    finally:
        server.stop()


def test_push_with_digest_then_verify(virtuoso: Virtuoso, tmp_path: Path) -> None:
    code, output = _run(["push", "--endpoint", virtuoso.crud_auth_url, "--auth", "dba:dba", "--query-endpoint", virtuoso.query_url,
                         "--data", str(DATA), "--build", str(tmp_path)])
    assert code == 0, output
    assert "pushed 3 graph(s)" in output and "holds them" in output


def test_push_with_a_wrong_digest_password(virtuoso: Virtuoso, tmp_path: Path) -> None:
    line = _one_line(*_run(["push", "--endpoint", virtuoso.crud_auth_url, "--auth", f"dba:{SECRET}",
                            "--data", str(DATA), "--build", str(tmp_path)]), 4)
    assert "401" in line


def test_an_answer_capped_by_virtuoso_is_refused(virtuoso: Virtuoso, tmp_path: Path) -> None:
    from graph.sources.open import graphs_as_ntriples

    load_graphs(virtuoso, graphs_as_ntriples(DATA, tmp_path))
    line = _one_line(*_run(["query", "statements", "--endpoint", virtuoso.query_url]), 4)
    assert "capped its answer at 5 rows (Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)" in line
    code, output = _run(["query", "-e", "SELECT ?m WHERE { ?m a hg:Memo }", "--endpoint", virtuoso.query_url])
    assert code == 0, output  # fewer rows than the cap: the whole answer
