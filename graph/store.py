"""The SPARQL engine: Oxigraph (pyoxigraph), queried over the union of all memo graphs.

Parameters are bound by a VALUES block that opens the query's WHERE clause, its terms
written by Oxigraph's serialiser (escaped N-Triples, so a value is always one term,
never query text). Not Oxigraph's `substitutions` (SEP-0007): in pyoxigraph 0.5 they
restrict the answers after the whole query is evaluated, so the canned query
`provenance` took 9 s for one statement of 1,000 memos, against 3 ms with VALUES.
Results come back as rdflib terms, so the rest of the tool speaks one term model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .errors import UsageError
from .vocab import PREFIXES

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


class QueryError(UsageError):
    """A query the engine refuses: syntax, an update, a bad parameter."""


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


# what may stand before the WHERE clause's brace: comments, IRIs and strings (skipped whole), the keyword
_TOKENS = re.compile(
    "|".join(
        [
            r"#[^\n]*",  # a comment
            r"""<[^<>"{}|^`\\\s]*>""",  # an IRI
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings, then short ones
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r"(?<![?$:\w])(?:(?P<where>WHERE)|(?P<construct>CONSTRUCT))(?![\w:])",  # keywords, not ?where or where:
            r"(?P<brace>\{)",
        ]
    ),
    re.IGNORECASE,
)


def iri(text: str, what: str) -> URIRef:
    """An IRI a user gave, checked by Oxigraph first (rdflib would take an IRI with a space and warn)."""
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise QueryError(f"{what} <{text}> is not a valid IRI: {error}") from error
    return URIRef(text)


def _term_text(name: str, term: Any) -> str:
    """A term in N-Triples syntax, written by Oxigraph (which refuses what is no RDF term, an IRI with a space, say)."""
    try:
        return str(to_oxigraph(term))
    except (ValueError, TypeError) as error:
        raise QueryError(f"the parameter {name} is not an RDF term: {error}") from error


def with_values(text: str, bindings: Mapping[str, Any]) -> str:
    """The query with the bindings as a VALUES block opening its WHERE clause (the outermost group pattern)."""
    if not bindings:
        return text
    after_where = construct = False
    for token in _TOKENS.finditer(text):
        if token["where"]:
            after_where = True
        elif token["construct"]:
            construct = True  # its first brace opens the template, not the WHERE clause
        elif token["brace"] and (after_where or not construct):
            names = " ".join(f"?{name}" for name in bindings)
            terms = " ".join(_term_text(name, term) for name, term in bindings.items())
            return f"{text[: token.end()]} VALUES ({names}) {{ ({terms}) }}{text[token.end() :]}"
    raise QueryError("parameters are bound in the query's WHERE clause, and this query has none")


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

    def __init__(self, store: ox.Store, graphs: list[str] | None = None, kept: Callable[[str], Rows | None] | None = None) -> None:
        self._store = store
        # the named graphs a query sees as its default graph; None: all of them
        self._graphs = [ox.NamedNode(name) for name in graphs] if graphs is not None else None
        # the rows the build kept of a canned query over all memos, by the query's text (graph.kept); None: none
        self._kept = kept

    def __len__(self) -> int:
        return len(self._store)

    def raw(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Any:
        """Run a query; refuse updates, turn syntax errors into QueryError with the position."""
        scope: dict[str, Any] = {"default_graph": self._graphs} if self._graphs is not None else {"use_default_graph_as_union": True}
        try:
            return self._store.query(with_values(text, bindings or {}), prefixes=_PREFIXES, **scope)
        except SyntaxError as error:
            if _is_update(text):
                raise QueryError("SPARQL Update is refused: hoeringsgraf's queries are read-only") from error
            raise QueryError(f"SPARQL syntax error in {name}: {_syntax_message(error)}") from error
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"the query {name} failed: {error}") from error

    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        return select_rows(self.raw(text, bindings, name), name)

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        """A query's answer: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

        A SELECT that closes with ORDER BY over variables is evaluated without it and its rows sorted here, when
        their values are of kinds sorted exactly as Oxigraph sorts them (tests compare both on every canned query):
        over 1,000 memos Oxigraph evaluated `statements` in 14.6 s with its ORDER BY and in 6.5 s without. Values
        of other kinds, or a key the query does not select, are left to Oxigraph's ORDER BY.

        A canned query whose rows the build kept (graph.kept), asked with no parameter over all memos, is answered
        from those rows, ordered the same way.
        """
        if not bindings and self._kept is not None:
            kept = self._kept(text)
            if kept is not None:
                return kept
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
        return rdflib_rows(variables, rows)

    def native(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> tuple[list[str], list[tuple[Any, ...]]]:
        """A SELECT query's variables and rows of Oxigraph's own terms: for code that reads many rows, an rdflib
        term costs about 10 us to make (the unresolved report's rows of 25 memos: 56 ms as Oxigraph terms, 214 ms as rdflib's)."""
        result = self.raw(text, bindings, name)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{name} is not a SELECT query")
        return [variable.value for variable in result.variables], [tuple(solution) for solution in result]


def select_rows(result: Any, name: str) -> Rows:
    """A SELECT query's raw result as rows of rdflib terms."""
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{name} is not a SELECT query")
    variables = [variable.value for variable in result.variables]
    return rdflib_rows(variables, (tuple(solution) for solution in result))


def rdflib_rows(variables: list[str], rows: Iterable[tuple[Any, ...]]) -> Rows:
    """Rows of Oxigraph terms as rows of rdflib terms, each distinct term made once (IRIs and kinds repeat)."""
    found = rows if isinstance(rows, list) else list(rows)
    made = {value: to_rdflib(value) for value in {value for row in found for value in row}}
    get = made.__getitem__
    return Rows(variables, [list(map(get, row)) for row in found])


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
    Anything else (a blank node, another datatype, two kinds of literal) raises Unordered."""
    kinds: set[tuple[str, str]] = set()
    keys: list[tuple[Any, ...]] = []
    for value in values:
        if value is None:
            keys.append((0,))
        elif isinstance(value, ox.NamedNode):
            keys.append((2, value.value))
        elif isinstance(value, ox.BlankNode):
            raise Unordered
        else:
            datatype = value.datatype.value
            if value.language:
                kinds.add(("lang", value.language))
                keys.append((3, value.value))
            elif datatype == _STRING or (datatype == _DATE and _PLAIN_DATE.fullmatch(value.value)):  # no time zone
                kinds.add((datatype, ""))
                keys.append((3, value.value))
            elif datatype in _NUMERIC:
                kinds.add(("number", ""))
                try:
                    number = Decimal(value.value)
                except ArithmeticError as error:
                    raise Unordered from error
                if number.is_nan():
                    raise Unordered
                keys.append((3, number))
            else:
                raise Unordered
            if len(kinds) > 1:
                raise Unordered
    return keys


def answer(result: Any) -> Rows | bool | Graph:
    """A raw Oxigraph result as rows (SELECT), a boolean (ASK) or an rdflib graph (CONSTRUCT, DESCRIBE)."""
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


def open_store(
    data_dir: Path, build_dir: Path | None = Path("build"), memo: str | None = None, endpoint: str | None = None, auth: str | None = None
) -> Any:
    """The graph in a query engine: a remote endpoint if given, else the build folder's store when it is up to date
    with data_dir, else built in memory.

    With `memo`, queries see that memo's graph with the shared organisations and the ontology; else every memo,
    and a canned query the build kept the rows of is answered from them (graph.kept).
    """
    from . import persist
    from .vocab import ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, memo_graph

    if endpoint is not None:
        from .remote import RemoteStore

        graphs = [str(memo_graph(memo)), str(ORGANISATIONS_GRAPH), str(ONTOLOGY_GRAPH)] if memo else None
        return RemoteStore(endpoint, auth, graphs)

    found = persist.fresh_build(data_dir, build_dir) if build_dir is not None else None
    kept = None
    if found is None or build_dir is None:
        from .build import build_graph  # the YAML and mapping machinery: only when there is no up-to-date build

        store = build_graph(data_dir).store
    else:
        from .kept import reader

        store, manifest = found
        kept = reader(build_dir, manifest)
    if memo is None:
        return Store(store, kept=kept)
    name = ox.NamedNode(str(memo_graph(memo)))
    if not store.contains_named_graph(name):
        known = sorted(
            g.value.rsplit("/", 2)[-2] for g in store.named_graphs() if g.value.endswith("/graph") and g.value != str(ORGANISATIONS_GRAPH)
        )
        raise QueryError(f"no memo is called '{memo}'; the memos are: {', '.join(known)}")
    return Store(store, [name.value, str(ORGANISATIONS_GRAPH), str(ONTOLOGY_GRAPH)])
