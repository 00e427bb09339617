"""Remote SPARQL engines: query any SPARQL 1.1 endpoint (Protocol), push memos with the Graph Store Protocol.

The endpoint's default graph must be the union of its named graphs (the README
says how for Oxigraph, Fuseki, GraphDB, Virtuoso and QLever); `--memo` names the
memo's graph, the shared organisations and the ontology as `default-graph-uri`.
Before its first question a RemoteStore asks once whether that default graph holds a
memo at all, so a server started without a union default graph gives one line, never
an empty report.
Parameters travel as for the embedded store: a `VALUES` block that opens the WHERE
clause, its terms written by Oxigraph's own serialiser, never as text pasted into the
query.

Every exchange is bounded: its whole time (the limits' timeout, headers and body
together, read in chunks against one monotonic deadline), the size of the answer
(MAX_ANSWER_BYTES) and, for a SELECT, the rows (max_rows). Any failure of the endpoint
is a RemoteError (exit 4) of one line; a password, given with --auth or inside the URL,
is never part of a message. Credentials answer the server's challenge, Basic or Digest.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from graph.base.errors import QueryError, RemoteError, UsageError
from graph.model.vocab import PREFIXES

from . import guard
from .bind import with_values
from .limits import Limits, called, within
from .results import Rows, answer, rows_of

TIMEOUT_S = 60  # a push's bound for each graph's upload (push --timeout)
MAX_ANSWER_BYTES = 512 * 2**20  # the most an endpoint's answer may be; past it, RemoteError before it is all read
MAX_ERROR_BYTES = 64 * 2**10  # what is read of an error page, for its first words
CHUNK_BYTES = 64 * 2**10
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's ResultSetMaxRows, sent when it cut the answer there
MEMO_CLASS = "https://w3id.org/hoeringsgraf/ontology#Memo"
MEMO_ASK = f"ASK {{ ?memo a <{MEMO_CLASS}> }}"
PUSH_STATUSES = (200, 201, 204)  # what a Graph Store Protocol PUT answers when it replaced the graph
_PREFIX_LINES = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)([^/?#@]*)@")


def masked(url: str) -> str:
    """The URL as a message shows it: a password inside it (http://user:pw@host/) as ***."""
    def hide(found: re.Match[str]) -> str:
        user = found.group(2).split(":", 1)[0]
        return f"{found.group(1)}{user}:***@" if ":" in found.group(2) else found.group(0)

    return _USERINFO.sub(hide, url, count=1)


def check_auth(auth: str | None) -> None:
    """UsageError (never showing the value) unless `auth` is user:password with a user."""
    if auth is None:
        return
    user, colon, _ = auth.partition(":")
    if not colon or not user.strip():
        raise UsageError("--auth needs user:password (a user, a colon, then the password); the value given has "
                         + ("no colon" if not colon else "no user before the colon"))


def split_url(url: str, option: str = "--endpoint") -> tuple[str, str | None]:
    """The URL without a user and password inside it, and those as user:password (or None);
    UsageError, one line with the password masked, for what is not an http(s) URL with a host."""
    try:
        parts = urllib.parse.urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError as error:
        raise UsageError(f"{option} is not a valid URL: {masked(url)} ({error})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok or any(c.isspace() for c in url):
        raise UsageError(f"{option} must be an http(s) URL with a host, like http://127.0.0.1:7878/query, not '{masked(url)}'")
    credentials = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        user, colon, password = userinfo.partition(":")
        credentials = f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password)}" if colon else f"{urllib.parse.unquote(user)}:"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), credentials


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: Message


class _TimedOut(Exception):
    """The exchange passed its deadline (turned into the limits' LimitError by the caller)."""


def _one_line(text: str, most: int = 200) -> str:
    return " ".join(text.split())[:most]


def _opener(url: str, auth: str | None) -> urllib.request.OpenerDirector:
    """An opener whose credentials answer the server's challenge: Digest (tried first) or Basic; to this host only."""
    if auth is None:
        return urllib.request.build_opener()
    user, _, password = auth.partition(":")
    parts = urllib.parse.urlsplit(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords))


def _read(response: Any, most: int, deadline: float | None, cancel: threading.Event, shown: str) -> bytes:
    """The body, chunk by chunk against the deadline; RemoteError past `most` bytes or when it ends before its length."""
    declared = response.headers.get("Content-Length")
    length = int(declared) if declared is not None and declared.strip().isdigit() else None
    if length is not None and length > most:
        raise RemoteError(f"the endpoint {shown} answered {length:,} bytes, more than the {most:,} the tool reads")
    chunks: list[bytes] = []
    size = 0
    while True:
        if cancel.is_set() or (deadline is not None and time.monotonic() > deadline):
            raise _TimedOut
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            break
        size += len(chunk)
        if size > most:
            raise RemoteError(f"the endpoint {shown} answered more than the {most:,} bytes the tool reads")
        chunks.append(chunk)
    if length is not None and size < length:
        raise RemoteError(f"the endpoint {shown} broke off its answer after {size:,} of {length:,} bytes")
    return b"".join(chunks)


def _exchange(
    url: str, data: bytes | None, headers: dict[str, str], method: str, auth: str | None, deadline: float | None,
    cancel: threading.Event, shown: str,
) -> _Answer:
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    socket_timeout = None if deadline is None else max(deadline - time.monotonic(), 0.001)
    try:
        with _opener(url, auth).open(request, timeout=socket_timeout) as response:
            body = _read(response, MAX_ANSWER_BYTES, deadline, cancel, shown)
            return _Answer(int(response.status), body, response.headers)
    except urllib.error.HTTPError as error:
        try:
            text = error.read(MAX_ERROR_BYTES).decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - the error page is only for its first words
            text = ""
        first = _one_line(re.sub(r"<[^>]+>", " ", text))
        hint = (" (give --auth user:password)" if auth is None else " (check the user and password of --auth)") if error.code == 401 else ""
        reason = _one_line(str(error.reason), 120)
        raise RemoteError(f"the endpoint {shown} answered {error.code} {reason}{hint}{': ' + first if first else ''}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _TimedOut from None
        raise RemoteError(f"cannot reach the endpoint {shown}: {_one_line(str(error.reason))}") from None
    except TimeoutError:
        raise _TimedOut from None
    except http.client.HTTPException as error:  # a status line or headers that are not HTTP, a body cut short
        raise RemoteError(f"the endpoint {shown} did not answer in HTTP: {type(error).__name__} {_one_line(str(error))}") from None
    except ValueError as error:  # an authentication scheme urllib does not speak, a URL http.client refuses
        raise RemoteError(f"cannot ask the endpoint {shown}: {_one_line(str(error))}") from None
    except OSError as error:
        raise RemoteError(f"cannot reach the endpoint {shown}: {_one_line(str(error))}") from None


def _request(
    url: str, data: bytes | None, headers: dict[str, str], method: str, auth: str | None, limits: Limits, name: str, shown: str,
) -> _Answer:
    """One HTTP exchange, all of it within limits.timeout (LimitError past it): on a thread the caller waits for."""
    deadline = limits.deadline()

    def work(cancel: threading.Event) -> _Answer:
        return _exchange(url, data, headers, method, auth, deadline, cancel, shown)

    try:
        return within(limits, name, work, deadline)
    except _TimedOut:
        raise limits.timed_out(name) from None


def _is_update(text: str, shape: guard.Shape) -> bool:
    """Whether the text is a SPARQL Update (parsed by rdflib, never sent), asked only when it has an update's keyword."""
    if not shape.update_words:
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    except Exception:  # noqa: BLE001 - anything rdflib cannot read as an update is not one
        return False
    return True


Solutions = tuple[list[str], list[tuple[Any, ...]]]


class RemoteStore:
    """A SPARQL 1.1 endpoint used like the embedded store."""

    def __init__(self, endpoint: str, auth: str | None = None, graphs: list[str] | None = None, limits: Limits | None = None) -> None:
        check_auth(auth)
        self.endpoint, in_url = split_url(endpoint)
        self.shown = masked(endpoint) if in_url is None else self.endpoint
        self.auth = auth if auth is not None else in_url
        self.graphs = graphs
        self.limits = limits if limits is not None else Limits()
        self._holds_memos = False

    def _post(self, query: str, name: str, graph_form: bool = False) -> _Answer:
        form = [("query", query), *(("default-graph-uri", graph) for graph in self.graphs or [])]
        # a graph for CONSTRUCT and DESCRIBE, results for SELECT and ASK: a server answers in the first it can
        accept = "application/n-triples, text/turtle;q=0.9" if graph_form else "application/sparql-results+json"
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return _request(self.endpoint, urllib.parse.urlencode(form).encode("utf-8"), headers, "POST", self.auth, self.limits, name,
                        self.shown)

    def _ask(self, text: str, bindings: Mapping[str, Any] | None, name: str) -> Solutions | bool | list[Any]:
        """The answer, all read and parsed: (variables, rows), a boolean, or triples; RemoteError for anything else."""
        query = _PREFIX_LINES + with_values(text, bindings or {}, name)
        shape = guard.check_text(query, name)  # the server parses it; a text no server should have to (SERVICE is the server's to allow)
        if _is_update(query, shape):
            raise QueryError("SPARQL Update is refused: hoeringsgraf's queries are read-only")
        if not self._holds_memos:
            self._check_memos()
        return self._parse(self._post(query, name, shape.form in ("CONSTRUCT", "DESCRIBE")), name)

    def _check_memos(self) -> None:
        """Once per store: RemoteError unless the default graph (or the graphs --memo names) holds a hg:Memo."""
        found = self._parse(self._post(_PREFIX_LINES + MEMO_ASK, "the check for memos"), "the check for memos")
        if found is True:
            self._holds_memos = True
            return
        if not isinstance(found, bool):
            raise RemoteError(f"the endpoint {self.shown} did not answer an ASK with true or false")
        if self.graphs:
            raise RemoteError(f"the endpoint {self.shown} holds no memo in the graphs --memo names ({self.graphs[0]}): "
                              "push the memo, or check its id")
        raise RemoteError(f"the endpoint {self.shown} holds no memo in its default graph: start Oxigraph with "
                          "--union-default-graph, make the default graph the union of the named graphs on other servers "
                          "(the README says how), or push the memos first")

    def _parse(self, reply: _Answer, name: str) -> Solutions | bool | list[Any]:
        media = (reply.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = reply.body
        try:
            if media in ("application/sparql-results+json", "application/json"):
                result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                if isinstance(result, ox.QueryBoolean):
                    return bool(result)
                variables = [variable.value for variable in result.variables]
                rows: list[tuple[Any, ...]] = []
                for solution in result:  # parsed as it is read: a bad row is a SyntaxError here
                    rows.append(tuple(solution))
                    if self.limits.max_rows is not None and len(rows) > self.limits.max_rows:
                        self.limits.check_rows(len(rows), name)
                self._check_cap(len(rows), reply)
                return variables, rows
            if media in ("application/n-triples", "text/turtle", "text/plain"):
                rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
                triples = [quad.triple for quad in ox.parse(body, format=rdf_format)]
                self._check_cap(len(triples), reply)
                return triples
        except (SyntaxError, ValueError, TypeError) as error:
            raise RemoteError(f"the endpoint {self.shown} answered {called(name)} with malformed {media}: {_one_line(str(error))}") from None
        if media in ("text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
            raise RemoteError(f"the endpoint {self.shown} answered with a web page, not SPARQL results; is it the query URL?")
        raise RemoteError(f"the endpoint {self.shown} answered {_one_line(media, 80) or 'without a content type'}, not SPARQL results")

    def _check_cap(self, rows: int, reply: _Answer) -> None:
        """RemoteError for an answer the server cut at its own most rows (Virtuoso says so in X-SPARQL-MaxRows)."""
        header = reply.headers.get(MAX_ROWS_HEADER)
        if header is None:
            return
        try:
            cap = int(header.strip())
        except ValueError:
            return
        if rows >= cap:
            raise RemoteError(f"the endpoint {self.shown} capped its answer at {cap:,} rows (Virtuoso: raise ResultSetMaxRows "
                              "in the [SPARQL] section of virtuoso.ini)")

    def raw(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Any:
        """The answer as read: (variables, rows of Oxigraph terms), a boolean, or a list of Oxigraph triples."""
        return self._ask(text, bindings, name)

    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        found = self._ask(text, bindings, name)
        if not isinstance(found, tuple):
            raise QueryError(f"{name} is not a SELECT query")
        return rows_of(*found)

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        """Rows, a boolean or a graph, as the endpoint answered (in its order)."""
        found = self._ask(text, bindings, name)
        if isinstance(found, tuple):
            return rows_of(*found)
        if isinstance(found, bool):
            return found
        return answer(found)


def _looks_like_a_page(body: bytes) -> bool:
    head = body.lstrip()[:1024].lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def push(
    nquads_by_graph: Mapping[str, bytes], store_url: str, auth: str | None = None, *, timeout: float | None = TIMEOUT_S,
    query_url: str | None = None,
) -> list[str]:
    """PUT each named graph to a Graph Store Protocol endpoint: pushing twice gives the same result.

    A graph is pushed when the store answers 200, 201 or 204 without a web page (an HTML document) as its body:
    a store answers a PUT with nothing, or a short JSON or text summary. With `query_url`, the endpoint is then asked
    how many triples each graph holds, and each must hold what was sent (RemoteError otherwise)."""
    check_auth(auth)
    base, in_url = split_url(store_url)
    shown = masked(store_url) if in_url is None else base
    auth = auth if auth is not None else in_url
    if query_url is not None:
        split_url(query_url, "--query-endpoint")
    limits = Limits(timeout=timeout, max_rows=None)
    pushed = []
    for graph, payload in nquads_by_graph.items():
        url = f"{base}{'&' if '?' in base else '?'}{urllib.parse.urlencode({'graph': graph})}"
        reply = _request(url, payload, {"Content-Type": "application/n-triples"}, "PUT", auth, limits, f"the upload of <{graph}>", shown)
        if reply.status not in PUSH_STATUSES:
            raise RemoteError(f"the store {shown} answered {reply.status} to the upload of <{graph}>, not 200, 201 or 204: "
                              "is it a Graph Store Protocol URL?")
        if _looks_like_a_page(reply.body):
            raise RemoteError(f"the store {shown} answered the upload of <{graph}> with a web page, not a Graph Store Protocol "
                              "answer: is it the store's URL (e.g. http://host:7878/store)?")
        pushed.append(graph)
    if query_url is not None:
        _verify(nquads_by_graph, query_url, auth, limits)
    return pushed


def _verify(nquads_by_graph: Mapping[str, bytes], query_url: str, auth: str | None, limits: Limits) -> None:
    """RemoteError unless each graph holds, on the query endpoint, as many triples as were pushed."""
    store = RemoteStore(query_url, auth, limits=limits)
    store._holds_memos = True  # the count is the check here
    for graph, payload in nquads_by_graph.items():
        sent = len({quad.triple for quad in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)})  # a graph is a set of triples
        found = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }", {"graph": URIRef(graph)},
                             "the count of a pushed graph")
        value = found.rows[0][0] if len(found.rows) == 1 and len(found.rows[0]) == 1 else None
        try:
            held = int(str(value)) if isinstance(value, Literal) else None
        except ValueError:
            held = None
        if held is None:
            raise RemoteError(f"the endpoint {store.shown} did not answer the count of <{graph}> with a number: is it a query URL?")
        if held != sent:
            raise RemoteError(f"the endpoint {store.shown} holds {held:,} triples in <{graph}> after the push, not the {sent:,} sent")
