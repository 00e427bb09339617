"""Remote SPARQL engines: query any SPARQL 1.1 endpoint (Protocol), push memos with the Graph Store Protocol.

The endpoint's default graph must be the union of its named graphs (the README
says how for Oxigraph, Fuseki, GraphDB, Virtuoso and QLever); `--memo` names the
memo's graph, the shared organisations and the ontology as `default-graph-uri`.
Parameters travel as for the embedded store: a `VALUES` block that opens the WHERE
clause, its terms written by Oxigraph's own serialiser, never as text pasted into the
query.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graph.base.errors import RemoteError
from graph.model.vocab import PREFIXES

from . import guard
from .bind import with_values
from .limits import Limits
from .results import Rows, answer, select_rows

TIMEOUT_S = 60
_PREFIX_LINES = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())


def _request(
    url: str, data: bytes | None, headers: dict[str, str], method: str, auth: str | None, timeout: float | None = TIMEOUT_S
) -> tuple[bytes, str]:
    if auth is not None:
        headers = {**headers, "Authorization": "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii")}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's endpoint
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        first = " ".join(re.sub(r"<[^>]+>", " ", body).split())[:200]
        raise RemoteError(f"the endpoint {url} answered {error.code} {error.reason}: {first}") from error
    except urllib.error.URLError as error:
        raise RemoteError(f"cannot reach the endpoint {url}: {error.reason}") from error
    except (TimeoutError, OSError) as error:
        raise RemoteError(f"cannot reach the endpoint {url}: {error}") from error


class RemoteStore:
    """A SPARQL 1.1 endpoint used like the embedded store."""

    def __init__(self, endpoint: str, auth: str | None = None, graphs: list[str] | None = None, limits: Limits | None = None) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"the endpoint must be an http(s) URL, not '{endpoint}'")
        self.endpoint = endpoint
        self.auth = auth
        self.graphs = graphs
        self.limits = limits if limits is not None else Limits()

    def raw(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Any:
        query = _PREFIX_LINES + with_values(text, bindings or {})
        guard.check_text(query, name)  # the server parses it; a text no server should have to (SERVICE is the server's to allow)
        form = [("query", query), *(("default-graph-uri", graph) for graph in self.graphs or [])]
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8",
        }
        try:
            body, content_type = _request(
                self.endpoint, urllib.parse.urlencode(form).encode("utf-8"), headers, "POST", self.auth, self.limits.timeout
            )
        except RemoteError as error:
            cause = error.__cause__
            if self.limits.timeout is not None and any(isinstance(c, TimeoutError) for c in (cause, getattr(cause, "reason", None))):
                raise self.limits.timed_out(name) from error
            raise
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if media in ("application/n-triples", "text/turtle", "text/plain"):
                rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
                return [quad.triple for quad in ox.parse(body, format=rdf_format)]
        except SyntaxError as error:
            raise RemoteError(f"the endpoint {self.endpoint} answered with malformed {media}: {error}") from error
        if media == "text/html" or body.lstrip()[:1] == b"<":
            raise RemoteError(f"the endpoint {self.endpoint} answered with a web page, not SPARQL results; is it the query URL?")
        raise RemoteError(f"the endpoint {self.endpoint} answered {media or 'without a content type'}, not SPARQL results")

    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        return select_rows(self.raw(text, bindings, name), name)

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        """Rows, a boolean or a graph, as the endpoint answered (in its order)."""
        return answer(self.raw(text, bindings, name))


def push(nquads_by_graph: Mapping[str, bytes], store_url: str, auth: str | None = None) -> list[str]:
    """PUT each named graph to a Graph Store Protocol endpoint: pushing twice gives the same result."""
    pushed = []
    for graph, payload in nquads_by_graph.items():
        url = f"{store_url}{'&' if '?' in store_url else '?'}{urllib.parse.urlencode({'graph': graph})}"
        _request(url, payload, {"Content-Type": "application/n-triples"}, "PUT", auth)
        pushed.append(graph)
    return pushed
