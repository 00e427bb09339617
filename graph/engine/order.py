"""Sorting a SELECT's rows as Oxigraph's ORDER BY sorts them, for the kinds of value where that is known exactly.

A SELECT that closes with ORDER BY over variables is evaluated without it and its rows sorted here: over
1,000 memos Oxigraph evaluated `statements` in 14.6 s with its ORDER BY and in 6.5 s without. Tests compare
both orders on every canned query.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import groupby
from typing import Any

import pyoxigraph as ox

# a SELECT's closing ORDER BY over variables only, with nothing after it (so not a subquery's, and no LIMIT or OFFSET)
_ORDER_BY = re.compile(r"\bORDER\s+BY((?:\s*(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+))+)\s*$", re.IGNORECASE)
_ORDER_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + name for name in ("integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}
_STRING, _DATE = _XSD + "string", _XSD + "date"
_PLAIN_DATE = re.compile(r"-?\d{4,}-\d{2}-\d{2}")


class Unordered(Exception):
    """A sort key of a kind sorted here is not known to sort as Oxigraph does: let Oxigraph sort."""


def ordered(variables: list[str], rows: list[tuple[Any, ...]], keys: list[tuple[str, bool]]) -> list[tuple[Any, ...]]:
    """Rows of Oxigraph terms in the order of ORDER BY over these (variable, descending) keys, as Oxigraph orders
    them; Unordered if a key is not selected or its values are of a kind not known to sort so here (_sort_keys)."""
    if any(key not in variables for key, _ in keys):
        raise Unordered
    for key, descending in reversed(keys):  # stable sorts, the last key first
        column = variables.index(key)
        order = _sort_keys([row[column] for row in rows])
        ranked = sorted(range(len(rows)), key=order.__getitem__, reverse=descending)
        rows = [rows[index] for index in ranked]
    return rows


def split_order(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """A query without its closing ORDER BY, and that clause's (variable, descending) keys; None if it has none."""
    match = _ORDER_BY.search(text)
    if match is None:
        return None
    return text[: match.start()], [(name, (way or "").upper() == "DESC") for way, name in _ORDER_KEY.findall(match.group(1))]


def _sort_keys(values: list[Any]) -> list[tuple[Any, ...]]:
    """SPARQL's order of one column's values, as Oxigraph orders them: unbound, IRIs (by their text), then
    literals of one kind per column (strings of one language, numbers, xsd:dates without a time zone).
    Anything else (a blank node, another datatype, two kinds of literal) raises Unordered.

    Each distinct value is looked at once: a column repeats its values (a unit's label on each of its rows)."""
    known: dict[Any, tuple[Any, ...]] = {}
    kinds: set[tuple[str, str]] = set()
    for value in values:
        if value not in known:
            key, kind = _sort_key(value)
            known[value] = key
            if kind is not None:
                kinds.add(kind)
                if len(kinds) > 1:
                    raise Unordered
    return [known[value] for value in values]


def _sort_key(value: Any) -> tuple[tuple[Any, ...], tuple[str, str] | None]:
    """One value's place in the order, and its kind of literal (None for unbound and IRIs); Unordered if not sorted here."""
    if value is None:
        return (0,), None
    if isinstance(value, ox.NamedNode):
        return (2, value.value), None
    if isinstance(value, ox.BlankNode):
        raise Unordered
    datatype = value.datatype.value
    if value.language:
        return (3, value.value), ("lang", value.language)
    if datatype == _STRING or (datatype == _DATE and _PLAIN_DATE.fullmatch(value.value)):  # no time zone
        return (3, value.value), (datatype, "")
    if datatype in _NUMERIC:
        try:
            number = Decimal(value.value)
        except ArithmeticError as error:
            raise Unordered from error
        if number.is_nan():
            raise Unordered
        return (3, number), ("number", "")
    raise Unordered


def in_total_order(variables: list[str], rows: list[list[Any]], keys: list[tuple[str, bool]]) -> list[list[Any]]:
    """Rows of rdflib terms in one order whatever engine gave them: the ORDER BY keys as Oxigraph orders them, and
    rows the keys leave tied by the text of their terms (SPARQL leaves ties to the engine, and Virtuoso orders
    IRIs by its own ids). Rows whose keys are of a kind not sorted here keep the engine's order.

    The text of a row's terms is read only where its keys tie with another row's (most rows tie with none)."""
    from .terms import to_oxigraph

    if any(key not in variables for key, _ in keys):
        return rows
    made: dict[Any, Any] = {}

    def term(value: Any) -> Any:
        if value is None:
            return None
        found = made.get(value)
        if found is None:
            found = made[value] = to_oxigraph(value)
        return found

    try:
        columns = [_sort_keys([term(row[variables.index(key)]) for row in rows]) for key, _ in keys]
    except Unordered:
        return rows
    order = list(range(len(rows)))
    for column, (_, descending) in reversed(list(zip(columns, keys, strict=True))):  # stable sorts, the last key first
        order.sort(key=column.__getitem__, reverse=descending)
    placed: list[list[Any]] = []
    together = list(zip(*columns, strict=True)) if columns else [()] * len(rows)
    for _, run in groupby(order, key=together.__getitem__):  # each run of rows whose keys tie
        tied = list(run)
        if len(tied) > 1:
            tied.sort(key=lambda index: tuple(map(str, rows[index])))
        placed += (rows[index] for index in tied)
    return placed
