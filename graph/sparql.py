"""Read-only SPARQL over the graph: ad-hoc queries, canned queries (.rq files), bound parameters.

Parameters are bound as one term each, in a VALUES block that opens the WHERE clause
(graph.store.with_values), never pasted into the query text as the user typed them.
A name given for a unit, stakeholder, theme, memo or statement is resolved to its IRI
first (graph.names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from .names import resolve_name
from .store import QueryError, Rows, Store, iri
from .vocab import HG

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

# what a typed parameter's value means, beyond the names graph.names resolves
_ENUMS: dict[str, dict[str, URIRef]] = {
    "kind": {"concern": HG.Concern, "suggestion": HG.Suggestion, "support": HG.Support},
    "status": {"resolved": HG.Resolved, "answered": HG.Answered, "unanswered": HG.Unanswered},
}
NAME_TYPES = ("unit", "stakeholder", "theme", "memo", "statement")
PARAM_TYPES = (*NAME_TYPES, *_ENUMS, "text", "iri")
_HEADER = re.compile(r"^#\s*(title|description|param|rows):\s*(.*)$")
PER_MEMO = "per memo"  # `# rows: per memo`: every row comes from one memo's graph and the shared one (graph.kept)
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?P<optional>,\s*optional)?\)\s*(?P<help>.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    help: str


@dataclass(frozen=True)
class Query:
    """A SPARQL query with what its header declares."""

    text: str
    name: str = "query"
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    per_memo: bool = False  # its header says `# rows: per memo`: a canned one's rows are kept by the build (graph.kept)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, name: str, origin: str) -> Query:
    """Read the `# title:`, `# description:`, `# param:` and `# rows:` lines that open a query."""
    meta: dict[str, str] = {"title": "", "description": "", "rows": ""}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            declared = _PARAM.match(value.strip())
            if not declared or declared["type"] not in PARAM_TYPES:
                raise QueryError(f"{origin}: cannot read the parameter line '{line.strip()}' (expected: # param: name (type[, optional]) help)")
            params.append(Param(declared["name"], declared["type"], bool(declared["optional"]), declared["help"].strip()))
        elif key == "rows":
            if value.strip() == PER_MEMO:  # the one kind of rows a query declares; another `# rows:` comment is a comment
                meta["rows"] = PER_MEMO
        elif meta[key]:
            meta[key] += " " + value.strip()
        else:
            meta[key] = value.strip()
    return Query(text, name, meta["title"], meta["description"], tuple(params), meta["rows"] == PER_MEMO)


@cache
def canned() -> dict[str, Query]:
    """The canned queries, by name (the .rq file's stem)."""
    found = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        found[path.stem] = parse_header(path.read_text(encoding="utf-8"), path.stem, path.name)
    return found


def canned_query(name: str) -> Query:
    queries = canned()
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; `hoeringsgraf queries` lists them ({len(queries)})"
        raise QueryError(f"no canned query is called '{name}'{hint}")
    return queries[name]


def query_from_file(path: Path) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise QueryError(f"cannot read the query file {path}: {reason}") from error
    return parse_header(text, path.stem, str(path))


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` pairs from the command line."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"cannot read the parameter '{pair}': write it as name=value")
        if name in values:
            raise QueryError(f"the parameter '{name}' is given twice")
        values[name] = value
    return values


def bind(query: Query, values: dict[str, str], graph: Store) -> dict[str, Any]:
    """Turn `name=value` strings into RDF terms for the engine, checking them against the header."""
    bindings: dict[str, Any] = {}
    declared = {p.name for p in query.params}
    for name, value in values.items():
        param = query.param(name)
        if param is None:
            if query.params or not re.search(rf"[?$]{name}\b", query.text):
                listed = ", ".join(sorted(declared)) or "none"
                raise QueryError(f"the query '{query.name}' declares no parameter '{name}' (its parameters: {listed})")
            param = Param(name, "iri" if value.startswith(("http://", "https://")) else "text", True, "")
        bindings[name] = _term(param, value, graph)
    for param in query.params:
        if not param.optional and param.name not in values:
            raise QueryError(f"the query '{query.name}' needs --param {param.name}=… ({param.help or param.type})")
    return bindings


def _term(param: Param, value: str, graph: Store) -> Any:
    if param.type in NAME_TYPES:
        return resolve_name(graph, value, param.type)
    if param.type in _ENUMS:
        choices = _ENUMS[param.type]
        if value.casefold() not in choices:
            raise QueryError(f"--param {param.name}: '{value}' is not one of {', '.join(choices)}")
        return choices[value.casefold()]
    if param.type == "iri":
        return iri(value.strip("<>"), f"--param {param.name}")
    return Literal(value)


def run(store: Store, query: Query, values: dict[str, str] | None = None) -> Rows | bool | Graph:
    """Run a read-only query with its parameters bound as terms: rows, a boolean (ASK) or a graph."""
    bindings = bind(query, values or {}, store)
    return store.answer(query.text, bindings, query.name)


def select(store: Store, query: Query, values: dict[str, str] | None = None) -> Rows:
    """Run a canned SELECT query."""
    result = run(store, query, values)
    if not isinstance(result, Rows):
        raise QueryError(f"{query.name} is not a SELECT query")
    return result
