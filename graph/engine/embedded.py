"""The embedded engine: Oxigraph (pyoxigraph), queried over the union of all memo graphs or a few of them.

Every query's text is checked first (graph.engine.guard: its size, nesting, chains; no SERVICE unless allowed),
then evaluated, solutions and all, within the command's bounds (graph.engine.limits: its time, the rows held).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graph.base.errors import HoeringsgrafError, OutputError, QueryError, RemoteError
from graph.model.vocab import PREFIXES

from . import guard
from .bind import with_values
from .limits import Limits, called, take, within
from .order import Unordered, ordered, split_order
from .results import Rows, answer, rows_of

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


def _syntax_message(error: Exception) -> str:
    """Oxigraph's message on one line, without the character classes it lists."""
    text = " ".join(str(error).split())
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r",\s*(?=,|$)", "", text).strip(" ,")
    return text[:300]


def _is_update(text: str, shape: guard.Shape) -> bool:
    """Whether the text is a SPARQL Update (parsed, never executed); asked only of a text the guard let through,
    with a keyword an update begins with."""
    if not shape.update_words:
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except ParseException:
        return False
    except Exception:  # RecursionError too
        return False
    return True


@dataclass(frozen=True)
class _Solutions:
    """A SELECT's solutions, read whole on the evaluating thread: variable names and rows of Oxigraph terms."""

    variables: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class _Triples:
    triples: list[Any]


def _failed(name: str, error: Exception) -> HoeringsgrafError:
    """The engine's failure as the user's error: a store RocksDB finds damaged is no fault of the query."""
    reason = " ".join(str(error).split())[:300]
    if "Corruption" in reason or isinstance(error, OSError):
        return OutputError(f"{name} could not read the store: {reason}; `hoeringsgraf build --force` writes it again")
    return QueryError(f"{name} failed: {reason}")


class Store:
    """A read-only view of the graph in an Oxigraph store."""

    def __init__(self, store: ox.Store, graphs: list[str] | None = None, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits if limits is not None else Limits()
        # the named graphs a query sees as its default graph; None: all of them
        self._graphs = [ox.NamedNode(name) for name in graphs] if graphs is not None else None

    def __len__(self) -> int:
        return len(self.store)

    def raw(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Any:
        """Run a query and give Oxigraph's result (its solutions not read yet); refuse a text past the guard's bounds,
        a SERVICE unless allowed, and updates; turn syntax errors into QueryError with the position."""
        scope: dict[str, Any] = {"default_graph": self._graphs} if self._graphs is not None else {"use_default_graph_as_union": True}
        bound = with_values(text, bindings or {}, name)
        shape = guard.check_text(bound, name)
        guard.check_services(shape, name, self.limits.allow_service)
        try:
            return self.store.query(bound, prefixes=_PREFIXES, **scope)
        except SyntaxError as error:
            if _is_update(text, shape):
                raise QueryError("SPARQL Update is refused: hoeringsgraf's queries are read-only") from error
            raise QueryError(f"SPARQL syntax error in {name}: {_syntax_message(error)}") from error
        except (OSError, RuntimeError, ValueError) as error:
            raise _failed(called(name), error) from error

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
        deadline = self.limits.deadline()  # one for the question, were it asked twice
        split = split_order(text)
        if split is None:
            return _converted(self._evaluated(text, bindings, name, deadline))
        found = self._evaluated(split[0], bindings, name, deadline)
        if not isinstance(found, _Solutions):
            return _converted(found)
        try:
            rows = ordered(found.variables, found.rows, split[1])
        except Unordered:
            return _converted(self._evaluated(text, bindings, name, deadline))
        return rows_of(found.variables, rows)

    def _evaluated(self, text: str, bindings: Mapping[str, Any] | None, name: str, deadline: float | None) -> _Solutions | _Triples | bool:
        """The query evaluated and its answer read whole on a thread of its own, within the time and rows allowed."""
        limits = self.limits

        def work(cancel: threading.Event) -> _Solutions | _Triples | bool:
            result = self.raw(text, bindings, name)
            try:
                if isinstance(result, ox.QuerySolutions):
                    variables = [variable.value for variable in result.variables]
                    return _Solutions(variables, take(map(tuple, result), limits, name, cancel))
                if isinstance(result, ox.QueryBoolean):
                    return bool(result)
                return _Triples(take(result, limits, name, cancel))
            except (OSError, RuntimeError, ValueError) as error:
                if limits.allow_service and guard.scan(text).services:
                    reason = " ".join(str(error).split())[:300]
                    raise RemoteError(f"{called(name)} could not ask its SERVICE endpoint: {reason}") from error
                raise _failed(called(name), error) from error

        return within(limits, name, work, deadline)

    def results(self, text: str, name: str = "query") -> ox.QuerySolutions:
        """A SELECT query's solutions as Oxigraph gives them, to be serialised as they are (graph.builder.precomputed)."""
        result = self.raw(text, None, name)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{name} is not a SELECT query")
        return result


def _converted(found: _Solutions | _Triples | bool) -> Rows | bool | Graph:
    if isinstance(found, _Solutions):
        return rows_of(found.variables, found.rows)
    if isinstance(found, _Triples):
        return answer(found.triples)
    return found
