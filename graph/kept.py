"""The rows the build keeps of the canned queries whose every row comes from one memo.

A canned query whose header says `# rows: per memo` joins nothing across memos: each of its rows comes from
one memo's graph and the shared organisations' (a memo's remarks answer its own statements, and its
recommendations address its own). Asked of a chunk of memos, it gives those memos' rows as asked of all of
them, provided that
- every row matches at least one triple of a memo's graph, and none of the ontology's (the chunks have no
  ontology graph);
- no triple it matches is in two graphs (Oxigraph's union of the named graphs keeps both copies): the mapping
  writes what memos share into the organisations' graph only;
- it aggregates, deduplicates and limits nothing (no GROUP BY, DISTINCT, LIMIT and the like would apply chunk
  by chunk): `keepable` checks that, and a test requires every canned query that says it to pass.

So the build's workers ask each such query of their chunk, in memory and without its ORDER BY, and the build
keeps the rows in `build/reports.sqlite`. Asked over all memos with no parameter, `query NAME` answers from
them, sorted as Oxigraph sorts (graph.store.ordered). The persistent store pays a RocksDB lookup for every row
of every pattern: over 1,000 memos it took 4-9 s for `statements`, against 1.2 s for a cold process reading
the kept rows (12 s over 10,000 memos, where the engine took over a minute). Tests compare both answers on
each such query, over a corpus built in chunks.

Rows whose sort keys tie come in the order of the chunks (the engine's order of ties is its own). Anything
else asks the engine: a parameter, `--memo`, `--endpoint`, a build older than the data or this code, rows of
a kind not sorted here.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .sparql import Query, canned
from .store import Rows, Store, Unordered, ordered, rdflib_rows, split_order
from .unresolved import INDEX_FILE, KEPT_KEY, open_index

# what would apply chunk by chunk if a query were kept, or could not be applied to the rows read: a word of
# these anywhere (in a comment too) and the query is not kept
_CHUNKWISE = re.compile(
    r"\b(?:LIMIT|OFFSET|DISTINCT|REDUCED|GROUP|HAVING|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SERVICE|ORDER\s+BY)\b", re.IGNORECASE
)


def keepable(query: Query) -> bool:
    """Whether a query that says `# rows: per memo` can be kept chunk by chunk: nothing in it aggregates,
    deduplicates or limits rows, and an ORDER BY is a closing one over variables (applied as the rows are read)."""
    split = split_order(query.text)
    return query.per_memo and _CHUNKWISE.search(split[0] if split else query.text) is None


@cache
def per_memo_queries() -> dict[str, Query]:
    """The canned queries the build keeps, by their digest."""
    return {digest(query.text): query for query in canned().values() if keepable(query)}


def digest(text: str) -> str:
    """What names a query's kept rows: its text (the index names the code that wrote them: unresolved.producer)."""
    return hashlib.sha256(text.encode()).hexdigest()


class _NotKept(Exception):
    """A value the kept rows cannot hold as it is (a blank node: its label is the chunk's, not the store's)."""


def _encoded(term: Any) -> str | None:
    """A term as one string: `<` and the IRI, `@` and the language tag or `^` and the datatype IRI, a space and
    the literal's text (neither a language tag nor an IRI holds a space)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "<" + term.value
    if isinstance(term, ox.Literal) and getattr(term, "direction", None) is None:  # RDF 1.2's base direction: not held
        return ("@" + term.language if term.language else "^" + term.datatype.value) + " " + term.value
    raise _NotKept


def _term(code: str) -> Any:
    """The term `_encoded` wrote; ValueError if it is none."""
    kind = code[:1]
    if kind == "<":
        return ox.NamedNode(code[1:])
    tag, space, value = code[1:].partition(" ")
    if kind == "@" and space:
        return ox.Literal(value, language=tag)
    if kind == "^" and space:
        return ox.Literal(value, datatype=ox.NamedNode(tag))
    raise ValueError(f"a kept value is no term: {code[:40]!r}")


def chunk_rows(store: ox.Store) -> dict[str, bytes]:
    """In a worker: each kept query's rows over this chunk's memos (and the shared graph), as JSON, by digest.

    A query with a value the rows cannot hold (a blank node) is left out of this chunk's, and so is not read
    at all: the index reads a query's rows only if every chunk kept them."""
    found = {}
    for name, query in per_memo_queries().items():
        split = split_order(query.text)
        variables, rows = Store(store).native(split[0] if split else query.text, name=query.name)
        try:
            encoded = [[_encoded(term) for term in row] for row in rows]
        except _NotKept:
            continue
        found[name] = json.dumps({"variables": variables, "rows": encoded}, ensure_ascii=False).encode("utf-8")
    return found


def _decoded(rows: Any, width: int) -> list[tuple[Any, ...]]:
    """Rows of Oxigraph terms, each distinct term made once; ValueError if the rows are not what chunk_rows wrote."""
    if not isinstance(rows, list) or any(not isinstance(row, list) or len(row) != width for row in rows):
        raise ValueError(f"kept rows are not rows of {width} values")
    codes = {code for row in rows for code in row}
    if any(code is not None and not isinstance(code, str) for code in codes):
        raise ValueError("a kept value is no term")
    made: dict[str | None, Any] = {code: _term(code) for code in codes if code is not None}
    made[None] = None
    get = made.__getitem__
    return [tuple(map(get, row)) for row in rows]


def kept_rows(index: sqlite3.Connection, text: str) -> Rows | None:
    """A query's answer from the rows the build kept in this index, or None if it kept none for this text
    (or not every chunk's); ValueError if they are not what the build wrote."""
    name = digest(text)
    parts = index.execute("SELECT value FROM meta WHERE key = ?", (KEPT_KEY.format(name),)).fetchone()
    blobs = [blob for (blob,) in index.execute("SELECT rows FROM kept WHERE digest = ? ORDER BY position", (name,))]
    if parts is None or len(blobs) != int(parts[0]):
        return None
    variables: list[str] | None = None
    rows: list[tuple[Any, ...]] = []
    for blob in blobs:
        chunk = json.loads(blob)
        found = chunk["variables"] if isinstance(chunk, dict) else None
        if not isinstance(found, list) or not all(isinstance(v, str) for v in found) or variables not in (None, found):
            raise ValueError("kept rows name other variables than the query's")
        variables = found
        rows += _decoded(chunk["rows"], len(found))
    if variables is None:
        return None
    split = split_order(text)
    if split is not None:
        try:
            rows = ordered(variables, rows, split[1])
        except Unordered:
            return None
    return rdflib_rows(variables, rows)


def reader(build_dir: Path, manifest: dict[str, Any]) -> Callable[[str], Rows | None]:
    """What answers a query from the kept rows of the build this manifest describes (one up to date with the data)."""
    from contextlib import closing

    from .errors import OutputError

    def answer(text: str) -> Rows | None:
        if digest(text) not in per_memo_queries():
            return None  # not a kept query: the index is not opened
        index = open_index(build_dir, manifest) if (build_dir / INDEX_FILE).is_file() else None
        if index is None:
            return None
        try:
            with closing(index):
                return kept_rows(index, text)
        except (sqlite3.Error, ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
            raise OutputError(f"cannot read {build_dir / INDEX_FILE}: {error}; `hoeringsgraf build --force` writes it again") from error

    return answer
