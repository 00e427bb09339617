"""What a query answers, in the tool's term model: rows of rdflib terms, a boolean, or an rdflib graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph.base.errors import QueryError
from graph.model.vocab import PREFIXES

from .terms import to_rdflib


@dataclass
class Rows:
    """A SELECT result: variable names and rows of rdflib terms (None where unbound)."""

    variables: list[str]
    rows: list[list[Any]]

    def __iter__(self) -> Iterator[list[Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def rows_of(variables: list[str], rows: Iterable[tuple[Any, ...]]) -> Rows:
    """Rows of Oxigraph terms as rows of rdflib terms, each distinct term made once (IRIs and kinds repeat)."""
    found = rows if isinstance(rows, list) else list(rows)
    made = {value: to_rdflib(value) for value in {value for row in found for value in row}}
    get = made.__getitem__
    return Rows(variables, [list(map(get, row)) for row in found])


def select_rows(result: Any, name: str) -> Rows:
    """A SELECT query's Oxigraph result as rows of rdflib terms."""
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{name} is not a SELECT query")
    return rows_of([variable.value for variable in result.variables], (tuple(solution) for solution in result))


_TRUE, _FALSE = {"true", "1"}, {"false", "0"}
_BOOLEAN_TYPES = {XSD.boolean, XSD.integer, XSD.int, XSD.long, XSD.short}


def canonical(rows: Rows, joined: Mapping[str, str], booleans: Sequence[str]) -> Rows:
    """Rows whose declared columns read the same from every engine.

    A `joined` column (a GROUP_CONCAT, whose order SPARQL leaves unspecified) is cut at its separator and its
    distinct parts joined again in code-point order, as an xsd:string ("" when there are none). A `boolean` column
    (an EXISTS as a value: Oxigraph gives xsd:boolean, Virtuoso xsd:integer 1/0) becomes xsd:boolean true or false.
    Unbound stays unbound; a column not selected is ignored.
    """
    joins = [(rows.variables.index(name), separator) for name, separator in joined.items() if name in rows.variables]
    flags = [rows.variables.index(name) for name in booleans if name in rows.variables]
    made = []
    for found in rows.rows:
        row = list(found)
        for column, separator in joins:
            if row[column] is not None:
                row[column] = _joined(row[column], separator)
        for column in flags:
            row[column] = _boolean(row[column])
        made.append(row)
    return Rows(rows.variables, made)


def _joined(value: Any, separator: str) -> Literal:
    """A joined cell's distinct parts in code-point order, as an xsd:string: the cell itself when it is that already
    (one part, the commonest), else a new literal."""
    text = str(value)
    parts = sorted({part for part in text.split(separator) if part})
    joined = separator.join(parts)
    if joined == text and isinstance(value, Literal) and value.datatype == _STRING and not value.language:
        return value
    return Literal(joined, datatype=_STRING)


_STRING = URIRef(str(XSD.string))


def _boolean(value: Any) -> Any:
    if not isinstance(value, Literal) or value.language or value.datatype not in _BOOLEAN_TYPES:
        return value
    text = str(value).strip()
    if text in _TRUE:
        return Literal("true", datatype=XSD.boolean)
    if text in _FALSE:
        return Literal("false", datatype=XSD.boolean)
    return value


def answer(result: Any) -> Rows | bool | Graph:
    """An Oxigraph result as rows (SELECT), a boolean (ASK) or an rdflib graph (CONSTRUCT, DESCRIBE)."""
    if isinstance(result, ox.QuerySolutions):
        return select_rows(result, "query")
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    graph = Graph()
    for name, namespace in PREFIXES.items():
        graph.bind(name, str(namespace))
    for triple in result:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph
