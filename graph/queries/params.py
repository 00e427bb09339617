"""A query's parameters from the command line, bound as RDF terms; running a query with them.

Parameters are bound as one term each, in a BIND that opens the WHERE clause
(graph.engine.bind), never pasted into the query text as the user typed them. A name given
for a unit, stakeholder, theme, memo or statement is resolved to its IRI first (graph.queries.names).
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph, Literal, URIRef

from graph.base.errors import QueryError
from graph.engine.interface import Engine
from graph.engine.order import in_total_order, split_order
from graph.engine.results import Rows, canonical
from graph.engine.terms import iri
from graph.model.vocab import HG

from .names import resolve_name
from .registry import NAME_TYPES, Param, Query

# what a typed parameter's value means, beyond the names graph.queries.names resolves
_ENUMS: dict[str, dict[str, URIRef]] = {
    "kind": {"concern": HG.Concern, "suggestion": HG.Suggestion, "support": HG.Support},
    "status": {"resolved": HG.Resolved, "declined": HG.Declined, "answered": HG.Answered, "unanswered": HG.Unanswered},
}
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


def bind(query: Query, values: dict[str, str], graph: Engine) -> dict[str, Any]:
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


def _term(param: Param, value: str, graph: Engine) -> Any:
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


def run(store: Engine, query: Query, values: dict[str, str] | None = None) -> Rows | bool | Graph:
    """Run a read-only query with its parameters bound as terms: rows, a boolean (ASK) or a graph.

    Rows come back canonical whatever the engine: the header's `# joined:` and `# boolean:` columns
    (graph.engine.results.canonical), and, under a closing ORDER BY, in one total order (graph.engine.order)."""
    bindings = bind(query, values or {}, store)
    result = store.answer(query.text, bindings, query.name)
    if isinstance(result, Rows) and (query.joined or query.booleans):
        result = canonical(result, dict(query.joined), query.booleans)
    order = split_order(query.text) if isinstance(result, Rows) else None
    if isinstance(result, Rows) and order is not None:  # ties too in one order, whatever the engine
        result = Rows(result.variables, in_total_order(result.variables, result.rows, order[1]))
    return result


def select(store: Engine, query: Query, values: dict[str, str] | None = None) -> Rows:
    """Run a canned SELECT query."""
    result = run(store, query, values)
    if not isinstance(result, Rows):
        raise QueryError(f"{query.name} is not a SELECT query")
    return result
