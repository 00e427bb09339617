"""The embedded engine: Oxigraph (pyoxigraph), queried over the union of all memo graphs or a few of them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graph.base.errors import QueryError
from graph.model.vocab import PREFIXES

from .bind import with_values
from .order import Unordered, ordered, split_order
from .results import Rows, answer, rows_of

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


def _syntax_message(error: Exception) -> str:
    """Oxigraph's message on one line, without the character classes it lists."""
    text = " ".join(str(error).split())
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r",\s*(?=,|$)", "", text).strip(" ,")
    return text[:300]


def _is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update (parsed, never executed)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except ParseException:
        return False
    except Exception:
        return False
    return True


class Store:
    """A read-only view of the graph in an Oxigraph store."""

    def __init__(self, store: ox.Store, graphs: list[str] | None = None) -> None:
        self.store = store
        # the named graphs a query sees as its default graph; None: all of them
        self._graphs = [ox.NamedNode(name) for name in graphs] if graphs is not None else None

    def __len__(self) -> int:
        return len(self.store)

    def raw(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Any:
        """Run a query and give Oxigraph's result; refuse updates, turn syntax errors into QueryError with the position."""
        scope: dict[str, Any] = {"default_graph": self._graphs} if self._graphs is not None else {"use_default_graph_as_union": True}
        try:
            return self.store.query(with_values(text, bindings or {}), prefixes=_PREFIXES, **scope)
        except SyntaxError as error:
            if _is_update(text):
                raise QueryError("SPARQL Update is refused: hoeringsgraf's queries are read-only") from error
            raise QueryError(f"SPARQL syntax error in {name}: {_syntax_message(error)}") from error
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"the query {name} failed: {error}") from error

    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        result = self.answer(text, bindings, name)
        if not isinstance(result, Rows):
            raise QueryError(f"{name} is not a SELECT query")
        return result

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        """A query's answer: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

        A SELECT that closes with ORDER BY over variables is evaluated without it and its rows sorted by
        graph.engine.order, when their values are of kinds sorted exactly as Oxigraph sorts them; values of
        other kinds, or a key the query does not select, are left to Oxigraph's ORDER BY.
        """
        split = split_order(text)
        if split is None:
            return answer(self.raw(text, bindings, name))
        result = self.raw(split[0], bindings, name)
        if not isinstance(result, ox.QuerySolutions):
            return answer(result)
        variables = [variable.value for variable in result.variables]
        try:
            rows = ordered(variables, [tuple(solution) for solution in result], split[1])
        except Unordered:
            return answer(self.raw(text, bindings, name))
        return rows_of(variables, rows)

    def results(self, text: str, name: str = "query") -> ox.QuerySolutions:
        """A SELECT query's solutions as Oxigraph gives them, to be serialised as they are (graph.builder.precomputed)."""
        result = self.raw(text, None, name)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{name} is not a SELECT query")
        return result

