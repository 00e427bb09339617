"""Unresolved concerns and suggestions per unit: asked of the graph in SPARQL, and kept by the build in an index.

The build asks each memo the canned query `unresolved-by-unit` (in its worker processes, where the memo's
graph is small and in memory) and keeps the rows in `build/reports.sqlite`. `report unresolved` reads them
from there when the build is up to date with the data: a report over thousands of memos then costs a
read of an indexed table instead of a join over millions of triples. Otherwise (a remote endpoint, a build
folder older than the data) it asks the graph the same query. Both paths give the same rows, and the same
function turns rows into the report. The same file holds the rows the build keeps of other canned queries
(graph.kept).

This module is on the report's start-up path: it loads neither rdflib nor the SPARQL machinery until the
graph has to be asked.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError, UsageError
from .iris import HG_NS, ID_NS, XSD_INTEGER, XSD_STRING
from .output import DEFAULT_WIDTH, IRI, Format, Report, Table, TermType, render_sections, to_excel

INDEX_FILE = "reports.sqlite"
INDEX_VERSION = 4
KEPT_KEY = "kept:{}"  # the meta key holding how many chunks kept a query's rows (graph.kept), by the query's digest

# the canned query's columns, and what their strings are as terms
COLUMNS = ("unit", "unitLabel", "statement", "kind", "stakeholder", "stakeholderLabel", "label", "status", "remarks", "quote")
_DANISH = TermType(language="da")
TYPES: dict[str, TermType] = {
    "unit": IRI, "unitLabel": _DANISH, "statement": IRI, "kind": IRI, "stakeholder": IRI, "stakeholderLabel": _DANISH,
    "label": _DANISH, "status": IRI, "remarks": TermType(), "quote": TermType(datatype=XSD_STRING),
}
# the report's columns: the stakeholder's IRI is left out, the number open per unit added
REPORT_COLUMNS = ["unit", "unitLabel", "open", "statement", "kind", "stakeholderLabel", "label", "status", "remarks", "quote"]
REPORT_TYPES = tuple(TermType(datatype=XSD_INTEGER) if c == "open" else TYPES[c] for c in REPORT_COLUMNS)
KINDS = {"concern": HG_NS + "Concern", "suggestion": HG_NS + "Suggestion"}

Row = tuple[str | None, ...]  # in COLUMNS order


def _row_order(row: Row) -> tuple[str, str]:
    """By statement, then label: a unit's rows are one per statement (and Danish label), so two paths that find the
    same rows put them in the same order."""
    return (row[2] or "", row[6] or "")


def report(rows: Iterable[Row]) -> Report:
    """Rows of the query as the report: per unit, the units with most open first, each unit's rows by statement."""
    by_unit: dict[str | None, list[Row]] = defaultdict(list)
    for row in rows:
        by_unit[row[0]].append(row)
    ordered = sorted(by_unit.items(), key=lambda item: (-len(item[1]), item[1][0][1] or "", item[0] or ""))
    sections = []
    for unit, items in ordered:
        label, count = items[0][1], str(len(items))
        table_rows: list[list[Any]] = [
            [unit, label, count, statement, kind, stakeholder_label, text, status, remarks, quote]
            for _, _, statement, kind, _, stakeholder_label, text, status, remarks, quote in sorted(items, key=_row_order)
        ]
        sections.append(
            Table(REPORT_COLUMNS, table_rows, title=f"{label}: {count} open", hidden=("unit", "unitLabel", "open"), types=REPORT_TYPES)
        )
    return Report("Unresolved concerns and suggestions per unit", sections)


NOTHING_OPEN = "Nothing is open: no concern or suggestion that no recommendation addresses.\n"
# the texts the build lays out in advance, for the whole report: csv, and the table off a terminal
STORED = {(Format.csv, None), (Format.table, DEFAULT_WIDTH)}


def report_text(report: Report, fmt: Format, *, excel: bool = False, width: int = DEFAULT_WIDTH) -> str | bytes:
    """The report as `report unresolved` prints it: one table for machines (csv, tsv, json, Excel's csv),
    whose unit columns say which unit a row is under; a table per unit for people (table, md)."""
    return to_excel(_flat(report)) if excel else _layout(report, fmt, width)


def _flat(report: Report) -> Table:
    return Table(REPORT_COLUMNS, [row for t in report.sections for row in t.rows], title=report.title, types=REPORT_TYPES)


def _layout(report: Report, fmt: Format, width: int) -> str:
    if fmt in (Format.csv, Format.tsv, Format.json):
        return render_sections([_flat(report)], fmt, width)
    if not report.sections:
        return NOTHING_OPEN
    return render_sections(report.sections, fmt, width)


def _stored_key(fmt: Format, excel: bool, width: int) -> str | None:
    if excel or (fmt, None if fmt is not Format.table else width) not in STORED:
        return None
    return f"{fmt.value}:{width}" if fmt is Format.table else fmt.value


@dataclass
class ReportText:
    text: str | bytes
    rows: int
    stale_build: bool = False  # a build folder is there, but older than the data or this code: the graph was asked


def unresolved_text(
    data_dir: Path,
    build_dir: Path | None = Path("build"),
    memo: str | None = None,
    endpoint: str | None = None,
    auth: str | None = None,
    *,
    unit: str | None = None,
    stakeholder: str | None = None,
    kind: str | None = None,
    fmt: Format = Format.table,
    excel: bool = False,
    width: int = DEFAULT_WIDTH,
) -> ReportText:
    """The report's text and its number of rows: from the build's index when it is up to date with data_dir, else
    asked of the graph. The whole report in a format the build laid out is read as the build wrote it (10,000
    memos: 332,204 rows, 210 MB of csv); anything else is laid out now."""
    if kind is not None and kind.casefold() not in KINDS:
        raise UsageError(f"--kind must be concern or suggestion, not '{kind}'")
    index = _fresh_index(data_dir, build_dir) if endpoint is None and build_dir is not None else None
    if index is None or build_dir is None:
        from .persist import MANIFEST
        from .store import open_store

        found = report(rows_from_graph(open_store(data_dir, build_dir, memo, endpoint, auth), unit=unit, stakeholder=stakeholder, kind=kind))
        stale = endpoint is None and build_dir is not None and (build_dir / MANIFEST).is_file()
        return ReportText(report_text(found, fmt, excel=excel, width=width), found.rows, stale)
    whole = memo is None and unit is None and stakeholder is None and kind is None
    key = _stored_key(fmt, excel, width) if whole else None
    try:
        with closing(index):
            stored = _stored(index, key) if key is not None else None
            if stored is not None:
                return ReportText(*stored)
            found = _report_from_index(index, data_dir, build_dir, memo, unit, stakeholder, kind)
    except sqlite3.Error as error:
        raise OutputError(f"cannot read {build_dir / INDEX_FILE}: {error}; `hoeringsgraf build --force` writes it again") from error
    return ReportText(report_text(found, fmt, excel=excel, width=width), found.rows)


def _stored(index: sqlite3.Connection, key: str) -> tuple[bytes, int] | None:
    """The text the build laid out, as the UTF-8 it printed: kept as bytes, the 210 MB of 10,000 memos' report
    are not decoded and encoded again on their way out (1 s of the 3 s it took)."""
    rows = index.execute("SELECT value FROM meta WHERE key = 'rows'").fetchone()
    pieces = [text if isinstance(text, bytes) else str(text).encode("utf-8")
              for (text,) in index.execute("SELECT text FROM rendered WHERE key = ? ORDER BY position", (key,))]
    if rows is None or not pieces:
        return None
    return b"".join(pieces), int(rows[0])


def _report_from_index(
    index: sqlite3.Connection, data_dir: Path, build_dir: Path, memo: str | None, unit: str | None, stakeholder: str | None, kind: str | None
) -> Report:
    if memo is not None:
        _check_memo(index, memo)
    unit_iri = stakeholder_iri = None
    if unit is not None or stakeholder is not None:  # names are resolved in the graph, as the query does (the same candidates)
        from .names import resolve_name
        from .store import open_store

        graph = open_store(data_dir, build_dir, memo)
        unit_iri = str(resolve_name(graph, unit, "unit")) if unit is not None else None
        stakeholder_iri = str(resolve_name(graph, stakeholder, "stakeholder")) if stakeholder is not None else None
    kind_iri = KINDS[kind.casefold()] if kind else None
    return report(rows_from_index(index, memo=memo, unit=unit_iri, stakeholder=stakeholder_iri, kind=kind_iri))


# --- asked of the graph -------------------------------------------------------------------

# the words of each statement's remarks, and of its own quote, with where they stand in the memo
_REMARK_PARTS = """
SELECT ?statement ?start ?exact WHERE {
  ?remark hg:respondsTo ?statement ; hg:quote ?quote .
  ?quote oa:hasSelector ?byText, ?byPosition .
  ?byText oa:exact ?exact .
  ?byPosition oa:start ?start .
}"""
_QUOTE_PARTS = """
SELECT ?statement ?start ?exact WHERE {
  ?statement a hg:Statement ; hg:quote ?quote .
  ?quote oa:hasSelector ?byText, ?byPosition .
  ?byText oa:exact ?exact .
  ?byPosition oa:start ?start .
}"""


def _in_memo_order(store: Any, query: str, separator: str) -> dict[str, str]:
    """Per statement, the texts the query finds joined in the order the memo gives them.

    SPARQL's GROUP_CONCAT and SAMPLE promise no order: engines (and one engine on two stores) differ.
    """
    parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for statement, start, exact in _select(store, query)[1]:
        parts[_value(statement)].append((int(_value(start)), _value(exact)))
    return {statement: separator.join(text for _, text in sorted(found)) for statement, found in parts.items()}


def rows_from_graph(store: Any, unit: str | None = None, stakeholder: str | None = None, kind: str | None = None) -> list[Row]:
    """The canned query's rows, asked of a store (embedded or remote), as strings; remarks and quotes in memo order.

    Every join the query makes stays within one memo's graph and the shared organisations' (a memo's remarks
    answer its own statements): asked of a chunk of memos, it gives each memo's rows as asked of all.
    """
    from .sparql import bind, canned

    values = {key: value for key, value in (("unit", unit), ("stakeholder", stakeholder), ("kind", kind)) if value is not None}
    query = canned()["unresolved-by-unit"]
    variables, found_rows = _select(store, query.text, bind(query, values, store), query.name)
    missing = [c for c in COLUMNS if c not in variables]
    if missing:
        raise UsageError(f"the query unresolved-by-unit gives no ?{', ?'.join(missing)}")
    positions = [variables.index(c) for c in COLUMNS]
    # the remarks, and a quote in two halves (a page break), as the memo gives them
    remarks = _in_memo_order(store, _REMARK_PARTS, " / ")
    quotes = _in_memo_order(store, _QUOTE_PARTS, " ")
    statement, remark, quote = COLUMNS.index("statement"), COLUMNS.index("remarks"), COLUMNS.index("quote")
    rows = []
    for found in found_rows:
        row = [_text(found[i], TYPES[c]) for i, c in zip(positions, COLUMNS, strict=True)]
        row[remark] = remarks.get(row[statement] or "", "")
        row[quote] = quotes.get(row[statement] or "", row[quote])
        rows.append(tuple(row))
    return rows


def rows_by_memo(rows: Iterable[Row], memos: Sequence[str]) -> dict[str, list[Row]]:
    """Rows asked of several memos at once, each under its memo: a statement's IRI is minted under its memo's."""
    found: dict[str, list[Row]] = {memo: [] for memo in memos}
    statement = COLUMNS.index("statement")
    for row in rows:
        iri = row[statement] or ""
        memo = iri[len(ID_NS) :].partition("/")[0] if iri.startswith(ID_NS) else ""
        if memo not in found:
            raise UsageError(f"the statement <{iri}> is not under any of the memos {', '.join(memos)}")
        found[memo].append(row)
    return found


def _select(store: Any, text: str, bindings: Any = None, name: str = "query") -> tuple[list[str], Sequence[Sequence[Any]]]:
    """A SELECT query's variables and rows: Oxigraph's own terms from an embedded store, rdflib's from a remote one."""
    if hasattr(store, "native"):
        return store.native(text, bindings, name)  # type: ignore[no-any-return]
    result = store.select(text, bindings, name)
    return result.variables, result.rows


def _value(term: Any) -> str:
    """The text of an Oxigraph or rdflib term."""
    import pyoxigraph as ox  # not at the top: the report from the index needs no engine

    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _text(term: Any, typed: TermType) -> str | None:
    """A term's text, checked against what its column holds: an IRI, or a literal of that language or datatype."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        if typed.iri:
            return term.value
    elif isinstance(term, ox.Literal):
        if typed.language:
            matches = term.language == typed.language
        elif typed.datatype in (None, XSD_STRING):
            matches = term.datatype.value == XSD_STRING
        else:
            matches = term.datatype.value == typed.datatype
        if matches and not typed.iri:
            return term.value
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        raise UsageError(f"the query unresolved-by-unit gave {term}, not what its column holds")
    from rdflib import Literal, URIRef

    if typed.iri:
        fits = isinstance(term, URIRef)
    else:
        datatype = str(term.datatype) if isinstance(term, Literal) and term.datatype is not None else None
        simple = datatype in (None, XSD_STRING) and not (isinstance(term, Literal) and term.language)
        fits = isinstance(term, Literal) and (
            term.language == typed.language if typed.language else simple if typed.datatype in (None, XSD_STRING) else datatype == typed.datatype
        )
    if not fits:
        raise UsageError(f"the query unresolved-by-unit gave {term.n3() if hasattr(term, 'n3') else term!r}, not what its column holds")
    return str(term)


# --- the build's index --------------------------------------------------------------------

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE memos (memo TEXT PRIMARY KEY);
CREATE TABLE unresolved (memo TEXT NOT NULL, {", ".join(f'"{c}" TEXT' for c in COLUMNS)});
CREATE TABLE rendered (key TEXT NOT NULL, position INTEGER NOT NULL, text BLOB NOT NULL, PRIMARY KEY (key, position));
CREATE TABLE kept (digest TEXT NOT NULL, position INTEGER NOT NULL, rows BLOB NOT NULL, PRIMARY KEY (digest, position));
"""
_INDEXES = """
CREATE INDEX unresolved_unit ON unresolved (unit);
CREATE INDEX unresolved_stakeholder ON unresolved (stakeholder);
CREATE INDEX unresolved_memo ON unresolved (memo);
"""


QUERY_FILE = Path(__file__).resolve().parent / "queries" / "unresolved-by-unit.rq"


def producer() -> str:
    """What the index's rows depend on besides the data: the canned queries, this code and graph.kept's, the shapes,
    mapping and version."""
    from .persist import shared_hash

    digest = hashlib.sha256(f"{INDEX_VERSION} {COLUMNS} {shared_hash()}".encode())
    for query in sorted(QUERY_FILE.parent.glob("*.rq")):  # this one's, and those whose rows graph.kept keeps
        digest.update(query.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "kept.py").read_bytes())
    digest.update((Path(__file__).parent / "output.py").read_bytes())  # what lays out the stored texts
    return digest.hexdigest()


class IndexWriter:
    """Writes the index into a new file, memo by memo (the build holds no more than one chunk's rows).

    The file's meta table names the build (as its manifest does) and what made the rows: a reader takes the
    index only from the build the manifest describes, made by this query and code.
    """

    def __init__(self, path: Path, build: str) -> None:
        self.path = path
        self.kept: dict[str, int] = {}  # each kept query's chunks so far
        self.chunks = 0
        self.db = sqlite3.connect(path, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")  # the build renames the file into place only once it is complete
            self.db.executescript(_SCHEMA)
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", [("build", build), ("producer", producer())])
            self.db.execute("BEGIN")
        except sqlite3.Error as error:
            self.db.close()
            raise OutputError(f"cannot write {path}: {error}") from error

    def keep(self, kept: dict[str, bytes]) -> None:
        """One chunk's rows of the canned queries the build keeps (graph.kept), by digest."""
        try:
            for name, blob in kept.items():
                position = self.kept.get(name, 0)
                self.db.execute("INSERT INTO kept VALUES (?, ?, ?)", (name, position, blob))
                self.kept[name] = position + 1
        except sqlite3.Error as error:
            raise OutputError(f"cannot write {self.path}: {error}") from error
        self.chunks += 1

    def add(self, memo: str, rows: Sequence[Row]) -> None:
        try:
            self.db.execute("INSERT INTO memos VALUES (?)", (memo,))
            self.db.executemany(f"INSERT INTO unresolved VALUES ({', '.join('?' * (len(COLUMNS) + 1))})", [(memo, *row) for row in rows])
        except sqlite3.Error as error:
            raise OutputError(f"cannot write {self.path}: {error}") from error

    def finish(self) -> None:
        """Commit the rows, index them, and lay out the whole report in the STORED formats."""
        try:
            self.db.execute("COMMIT")
            self.db.executescript(_INDEXES)
            whole = report(rows_from_index(self.db))
            self.db.execute("BEGIN")
            self.db.execute("INSERT INTO meta VALUES ('rows', ?)", (str(whole.rows),))
            # a query's kept rows are read only if every chunk kept them
            complete = [(KEPT_KEY.format(name), str(count)) for name, count in self.kept.items() if count == self.chunks]
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", complete)
            for fmt, width in sorted(STORED, key=str):
                key = _stored_key(fmt, False, width or DEFAULT_WIDTH)
                pieces = ((key, n, text.encode("utf-8")) for n, text in enumerate(_pieces(whole, fmt, width)))
                self.db.executemany("INSERT INTO rendered VALUES (?, ?, ?)", pieces)
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            raise OutputError(f"cannot write {self.path}: {error}") from error

    def close(self) -> None:
        self.db.close()


def _pieces(whole: Report, fmt: Format, width: int | None) -> Iterator[str]:
    """The report's text in pieces of a unit each, one at a time (10,000 memos' report is 210 MB of csv; a blob in
    SQLite holds at most 1 GB): joined, they are report_text()."""
    if not whole.sections:
        yield _layout(whole, fmt, width or DEFAULT_WIDTH)
        return
    for n, section in enumerate(whole.sections):
        one = Report(whole.title, [section])
        text = _layout(one, fmt, width or DEFAULT_WIDTH)
        if fmt is Format.csv and n:
            text = text.partition("\r\n")[2]  # the header once
        elif fmt is not Format.csv and n:
            text = "\n" + text  # render_sections' separator
        yield text


def _fresh_index(data_dir: Path, build_dir: Path) -> sqlite3.Connection | None:
    """The build's index, read-only, if the build is up to date with data_dir, and the index is that build's and
    made by this query and code; else None, and the report asks the graph."""
    from .persist import fresh_manifest

    manifest = fresh_manifest(data_dir, build_dir) if (build_dir / INDEX_FILE).is_file() else None
    return open_index(build_dir, manifest) if manifest is not None else None


def index_is_current(build_dir: Path) -> bool:
    """Whether the build folder's index is its build's and made by this query and code (else a build writes it again)."""
    from .persist import read_manifest

    if not (build_dir / INDEX_FILE).is_file():
        return False
    index = open_index(build_dir, read_manifest(build_dir))
    if index is not None:
        index.close()
    return index is not None


def open_index(build_dir: Path, manifest: dict[str, Any]) -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(f"{(build_dir / INDEX_FILE).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        meta = {}  # not an index this code can read
    if meta.get("build") != manifest.get("build") or meta.get("producer") != producer():
        db.close()
        return None
    return db


def _check_memo(index: sqlite3.Connection, memo: str) -> None:
    if index.execute("SELECT 1 FROM memos WHERE memo = ?", (memo,)).fetchone() is None:
        known = [name for (name,) in index.execute("SELECT memo FROM memos ORDER BY memo")]
        raise UsageError(f"no memo is called '{memo}'; the memos are: {', '.join(known)}")


def rows_from_index(
    index: sqlite3.Connection, memo: str | None = None, unit: str | None = None, stakeholder: str | None = None, kind: str | None = None
) -> list[Row]:
    """The rows the build kept, narrowed by IRIs (names are resolved before)."""
    where = [(f'"{column}" = ?', value) for column, value in (("memo", memo), ("unit", unit), ("stakeholder", stakeholder), ("kind", kind))
             if value is not None]
    clause = " WHERE " + " AND ".join(test for test, _ in where) if where else ""
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    return index.execute(f"SELECT {columns} FROM unresolved{clause} ORDER BY rowid", [value for _, value in where]).fetchall()
