"""What the build precomputes so that reads are fast: one file of the build folder, behind one small interface.

`build/reports.sqlite` holds three things for reads, each kept because users wait on it without. Measured on 1,000
generated memos (bench/synthetic.py) as cold processes, medians of 5 (farm-bench), on the 2-core machine:
- the rows of the unresolved report, per memo, indexed by unit, stakeholder and memo: `report unresolved
  --unit U -f csv` 0.20 s from them, 7.4 s asked of the store;
- that report laid out whole, as csv and as the table off a terminal (DEFAULT_WIDTH), so that printing it is
  a read: `report unresolved -f csv` 0.14 s, against 1.16 s laid out from the rows and 14.2 s asked of the
  store (the table: 0.16 s against 2.1 s);
- the rows of the canned queries whose header says `# rows: per memo`, over all memos: `query statements -f
  csv` 0.73 s from them, 3.3 s asked of the store (`remarks` 0.61 s against 2.2 s); one that groups per memo
  too (`grouping`): `query unresolved-by-unit -f csv` 1.5 s from them, 3.9 s asked of the store (cold, 3 runs).

It also keeps each memo's part of the aggregated page (graph.view.aggregate.memo_parts), so that a rebuild draws
the page without reading the other memos' graphs: on 1,000 generated memos, a rebuild after one memo changed took
3.7-4.1 s, against 5.1-6.5 s when the page read the whole store again.

The build's workers compute the rows of each chunk of memos while its graph is small and in memory
(`chunk_answers`); `Writer` files them and lays out the report at the end.

One freshness rule: the file is read (`Precomputed.open`) only with the manifest of a fresh build folder
(graph.builder.folder.fresh_manifest: data, ontology, every file of the package, library versions), and only if
it names that manifest's build. The engine knows nothing of it: graph.sources.open wraps an engine with
`PrecomputedEngine`, which answers a kept query asked with no parameter and hands every other query on.

Terms are stored as Oxigraph writes them: a kept query's rows as its SPARQL results in TSV
(`QuerySolutions.serialize`, compressed as the laid-out texts are: `_packed`), read back by
`pyoxigraph.parse_query_results`; a report row's cells as N-Triples, read back the same way. This module is
on the report's start-up path: pyoxigraph, rdflib and the queries are imported only where rows are read or
written.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.base.errors import OutputError, UsageError
from graph.model.iris import ID_NS
from graph.model.wording import DEFAULT_LANG
from graph.reports.formats import DEFAULT_WIDTH, Format
from graph.reports.unresolved import COLUMNS as _COLUMNS

from .folder import OUTPUTS

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from graph.engine.interface import Engine
    from graph.engine.limits import Limits
    from graph.engine.results import Rows
    from graph.queries.registry import Query
    from graph.reports.about import Memo
    from graph.reports.unresolved import Row  # noqa: F401
    from graph.view.aggregate import Corpus

    from .tally import Tally

FILE = OUTPUTS["reports"]
# the report's texts the build lays out in advance: csv, and the table off a terminal
LAID_OUT = ((Format.csv, None), (Format.table, DEFAULT_WIDTH))
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE memos (memo TEXT PRIMARY KEY, about TEXT NOT NULL);
CREATE TABLE unresolved (memo TEXT NOT NULL, {", ".join(f'"{c}" TEXT' for c in _COLUMNS)});
CREATE TABLE laid_out (key TEXT NOT NULL, unit TEXT NOT NULL, open INTEGER NOT NULL, label TEXT NOT NULL, iri TEXT NOT NULL,
                       text BLOB NOT NULL, PRIMARY KEY (key, unit));
CREATE TABLE kept (digest TEXT NOT NULL, memo TEXT NOT NULL, rows BLOB NOT NULL, PRIMARY KEY (digest, memo));
CREATE TABLE tallies (memo TEXT PRIMARY KEY, tally TEXT NOT NULL);
CREATE TABLE pages (memo TEXT PRIMARY KEY, part BLOB NOT NULL, texts BLOB NOT NULL, quotes BLOB NOT NULL, quote_chars INTEGER NOT NULL);
CREATE INDEX unresolved_memo ON unresolved (memo);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS unresolved_unit ON unresolved (unit);
CREATE INDEX IF NOT EXISTS unresolved_stakeholder ON unresolved (stakeholder);
"""
_UNIT_COLUMN = _COLUMNS.index("unit")
_PER_MEMO = ("memos", "unresolved", "kept", "tallies", "pages")  # the tables that hold a row or more for each memo
_SELECTED = ", ".join(f'"{c}"' for c in _COLUMNS)

# what would apply chunk by chunk if a query were kept, or could not be applied to the rows read: a word of
# these outside comments and strings and the query is not kept, unless it groups as `_GROUPED_NOT` allows
_CHUNKWISE = re.compile(
    r"\b(?:LIMIT|OFFSET|DISTINCT|REDUCED|GROUP|HAVING|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SERVICE|ORDER\s+BY)\b", re.IGNORECASE
)
# a query that groups is kept only with one SELECT (no subquery), whose rows it does not deduplicate, one closing
# GROUP BY over variables, and nothing after it but a closing ORDER BY (split off before): nothing that limits,
# filters or orders groups, nor asks another endpoint
_GROUP_BY = re.compile(r"\bGROUP\s+BY((?:\s*[?$]\w+)+)\s*$", re.IGNORECASE)
_GROUPED_NOT = re.compile(r"\b(?:LIMIT|OFFSET|REDUCED|HAVING|SERVICE|ORDER\s+BY)\b|\bSELECT\s+DISTINCT\b", re.IGNORECASE)


def grouping(query: Query) -> tuple[str, ...] | None:
    """How a query that says `# rows: per memo` is kept chunk by chunk: () when nothing in it aggregates,
    deduplicates or limits rows, the variables of its GROUP BY when it groups as `_GROUPED_NOT` allows, and
    None when it cannot be kept. An ORDER BY must be a closing one over variables (applied as the rows are read).

    Such a query joins nothing across memos: each of its rows comes from one memo's graph and the shared
    organisations' (no triple it matches is in two graphs, none in the ontology's), so asked of a chunk of
    memos it gives those memos' rows as asked of all of them. One that groups says so of each group: a group
    is one memo's, and each of its rows must name that memo in a grouped variable (`_rows_by_memo`), or the
    query's rows are not kept at all.
    """
    from graph.engine.bind import syntax_of
    from graph.engine.order import split_order

    if not query.per_memo:
        return None
    split = split_order(query.text)
    code = syntax_of(split[0] if split else query.text)
    if _CHUNKWISE.search(code) is None:
        return ()
    group = _GROUP_BY.search(code)
    if group is None or len(re.findall(r"\bSELECT\b", code, re.IGNORECASE)) != 1 or _GROUPED_NOT.search(code):
        return None
    if len(re.findall(r"\bGROUP\s+BY\b", code, re.IGNORECASE)) != 1:
        return None
    return tuple(re.findall(r"[?$](\w+)", group.group(1)))


def keepable(query: Query) -> bool:
    """Whether a query that says `# rows: per memo` can be kept chunk by chunk (`grouping`)."""
    return grouping(query) is not None


def digest(text: str) -> str:
    """What names a query's kept rows: its text."""
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def kept_queries() -> dict[str, Query]:
    """The canned queries whose rows the build keeps, by digest."""
    from graph.queries.registry import canned

    return {digest(query.text): query for query in canned().values() if keepable(query)}


# --- in the build's workers ---------------------------------------------------------------


@dataclass
class ChunkAnswers:
    """What one chunk of memos adds, memo by memo: its rows of the unresolved report (as N-Triples cells), each kept
    query's rows (SPARQL results TSV) by digest, what a report says of it, its counts (graph.builder.tally), and
    what the aggregated page draws of it."""

    unresolved: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    kept: dict[str, dict[str, bytes]] = field(default_factory=dict)  # digest: memo: rows
    memos: dict[str, str] = field(default_factory=dict)  # what a report says of each memo (graph.reports.about.Memo, as JSON)
    tallies: dict[str, str] = field(default_factory=dict)  # each memo's counts (graph.builder.tally.Tally, as JSON)
    pages: dict[str, tuple[bytes, bytes, bytes, int]] = field(default_factory=dict)  # each memo as the aggregated page holds it (`_page`)


def chunk_answers(store: ox.Store, memos: Sequence[str]) -> ChunkAnswers:
    """In a worker: the precomputed answers of a chunk of memos, asked of its graph in memory, each memo's apart
    (so that a rebuild replaces one memo's, graph.builder.pipeline)."""
    import pyoxigraph as ox

    from graph.engine.embedded import Store
    from graph.engine.order import split_order
    from graph.engine.terms import ntriples
    from graph.model.iris import memo_graph_iri
    from graph.reports.about import memos_of
    from graph.reports.unresolved import rows_by_memo, rows_from_graph
    from graph.view.aggregate import memo_parts

    from .tally import tally

    engine = Store(store)
    found = ChunkAnswers(memos={memo.id: memo.as_json() for memo in memos_of(engine)})
    for memo, rows in rows_by_memo(rows_from_graph(engine), memos).items():
        found.unresolved[memo] = [tuple("" if term is None else ntriples(term) for term in row) for row in rows]
    for memo in memos:
        found.tallies[memo] = tally(store, memo_graph_iri(memo)).as_json()
    graphs = {memo_graph_iri(memo): memo for memo in memos}
    found.pages = {graphs[part["graph"]]: _page(part) for part in memo_parts(store) if part["graph"] in graphs}
    for name, query in kept_queries().items():
        split = split_order(query.text)
        tsv = engine.results(split[0] if split else query.text, query.name).serialize(format=ox.QueryResultsFormat.TSV) or b""
        by_memo = _rows_by_memo(tsv, memos, grouping(query) or None)
        if by_memo is not None:  # else left out, and so not read at all (every memo must keep it)
            found.kept[name] = {memo: _packed(rows) for memo, rows in by_memo.items()}
    return found


# what reading a kept part can raise: the file, the compression, the JSON, or a part not of this code's shape
_PAGE_ERRORS = (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError)


def _page(part: dict[str, Any]) -> tuple[bytes, bytes, bytes, int]:
    """A memo's part of the aggregated page (graph.view.aggregate.memo_parts) as it is kept: the numbers and names,
    the texts and the quotes, each JSON compressed (`_packed`: the file is copied and hashed by every rebuild), and
    the quotes' characters. The page reads the texts and quotes only if they fit (at 10,000
    memos it reads neither), and needs no IRI of a statement (`nodes`)."""
    part = dict(part)
    texts, quotes = part.pop("texts"), part.pop("quotes")
    del part["nodes"]
    chars = sum(len(text) for found in quotes for text in found)
    packed = [_packed(json.dumps(kept, ensure_ascii=False).encode()) for kept in (part, texts, quotes)]
    return packed[0], packed[1], packed[2], chars


def _rows_by_memo(tsv: bytes, memos: Sequence[str], grouped: Sequence[str] | None = None) -> dict[str, bytes] | None:
    """A kept query's rows over a chunk, memo by memo (SPARQL results TSV each, the header on each): a row is its
    memo's whose IRIs are minted under it (`…/id/MEMO/…`); None if a row names no memo, or two, or has a blank
    node (whose label is the chunk's, not the store's), or (a query that groups by `grouped`) names its memo in
    no grouped variable: that group could hold other memos' solutions, which another chunk would count apart."""
    head, _, body = tsv.partition(b"\n")
    parts: dict[str, list[bytes]] = {memo: [] for memo in memos}
    prefix = b"<" + ID_NS.encode()
    columns = [name.lstrip(b"?$").decode() for name in head.split(b"\t")]
    keys = None if grouped is None else {index for index, name in enumerate(columns) if name in grouped}
    for line in body.split(b"\n"):
        if not line:
            continue
        owners = set()
        keyed = set()
        for index, cell in enumerate(line.split(b"\t")):
            if cell.startswith(b"_:"):
                return None
            if cell.startswith(prefix):
                owner = cell[len(prefix):].split(b"/", 1)
                if len(owner) == 2 and owner[0] != b"org":
                    owners.add(owner[0].decode())
                    if keys is not None and index in keys:
                        keyed.add(owner[0].decode())
        if len(owners) != 1 or next(iter(owners)) not in parts or (keys is not None and keyed != owners):
            return None
        parts[owners.pop()].append(line)
    return {memo: b"\n".join([head, *lines]) + b"\n" for memo, lines in parts.items()}


# --- the build writes it ---------------------------------------------------------------


class Writer:
    """Writes the file chunk by chunk (the build holds no more than one chunk's rows), then lays out the report.

    New, or (`previous`) as a copy of the previous build's file without the memos `drop` names: a rebuild adds the
    memos it mapped again and lays out the report anew, the other memos' rows as they were.
    """

    def __init__(self, path: Path, build: str, previous: Path | None = None, drop: Sequence[str] = ()) -> None:
        self.path = path
        self.touched: set[str] | None = None if previous is None else set()  # the units whose rows changed; None: all
        try:
            if previous is not None:
                _copy_database(previous, path)
            self.db = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise OutputError(f"cannot write {path}: {error}") from error
        try:
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")  # the build renames the file into place only once it is complete
            if previous is None:
                self.db.executescript(_SCHEMA)
            else:
                self.db.execute("BEGIN")
                touched: set[str] = set()
                for memo in drop:
                    touched |= {unit for (unit,) in self.db.execute("SELECT DISTINCT unit FROM unresolved WHERE memo = ?", (memo,))}
                self.touched = touched
                for table in _PER_MEMO:
                    self.db.executemany(f"DELETE FROM {table} WHERE memo = ?", [(memo,) for memo in drop])
                self.db.execute("DELETE FROM laid_out WHERE unit = ''")  # the heads: the memos and the counts change
                self.db.execute("DELETE FROM meta")
                self.db.execute("COMMIT")
            self.db.execute("INSERT INTO meta VALUES ('build', ?)", (build,))
            self.db.execute("BEGIN")
        except sqlite3.Error as error:
            self.db.close()
            raise OutputError(f"cannot write {path}: {error}") from error

    def add(self, answers: ChunkAnswers) -> None:
        from graph.reports.about import Memo

        try:
            for memo, rows in answers.unresolved.items():
                self.db.execute("INSERT INTO memos VALUES (?, ?)", (memo, answers.memos.get(memo) or Memo(memo).as_json()))
                self.db.executemany(f"INSERT INTO unresolved VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})", [(memo, *row) for row in rows])
                if self.touched is not None:
                    self.touched |= {row[_UNIT_COLUMN] for row in rows}
            self.db.executemany("INSERT INTO tallies VALUES (?, ?)", answers.tallies.items())
            self.db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)", [(memo, *kept) for memo, kept in answers.pages.items()])
            for name, by_memo in answers.kept.items():
                self.db.executemany("INSERT INTO kept VALUES (?, ?, ?)", [(name, memo, blob) for memo, blob in by_memo.items()])
        except sqlite3.Error as error:
            raise OutputError(f"cannot write {self.path}: {error}") from error

    def totals(self) -> Tally:
        """The counts of every memo the file holds, added up (the shared organisations' are the caller's)."""
        from .tally import Tally

        total = Tally()
        for (text,) in self.db.execute("SELECT tally FROM tallies ORDER BY memo"):
            total.add(Tally.from_json(text))
        return total

    def corpus(self) -> Corpus:
        """The memos the file holds, as the aggregated page draws them (graph.view.aggregate.corpus_of their parts);
        their texts and quotes read only when asked."""
        from graph.view.aggregate import corpus_of

        try:
            parts = [(memo, json.loads(zlib.decompress(part))) for memo, part in self.db.execute("SELECT memo, part FROM pages")]
            corpus = corpus_of(part for _, part in parts)
            (chars,) = self.db.execute("SELECT TOTAL(quote_chars) FROM pages").fetchone()
        except _PAGE_ERRORS as error:
            raise OutputError(f"cannot read {self.path}: {error}") from error
        corpus.quote_chars = int(chars)
        graphs = {memo: part["graph"] for memo, part in parts}

        def read(column: str) -> Callable[[], list[Any]]:
            def kept() -> list[Any]:
                try:
                    return corpus.joined({graphs[memo]: json.loads(zlib.decompress(found))
                                          for memo, found in self.db.execute(f"SELECT memo, {column} FROM pages")})  # noqa: S608 - our column
                except _PAGE_ERRORS as error:
                    raise OutputError(f"cannot read {self.path}: {error}") from error
            return kept

        corpus.texts, corpus.quotes = read("texts"), read("quotes")
        return corpus

    def finish(self) -> None:
        """Commit the rows, index them, and lay out the report in the LAID_OUT formats: a piece per unit (a rebuild
        lays out only the units whose rows changed) and the heads, which name the memos and count the rows."""
        from graph.reports.about import memo_lines
        from graph.reports.unresolved import head_text, report, section_text, whole

        try:
            self.db.execute("COMMIT")
            self.db.executescript(_INDEXES)
            self.db.execute("BEGIN")
            units = self.touched if self.touched is not None else {u for (u,) in self.db.execute("SELECT DISTINCT unit FROM unresolved")}
            for unit in sorted(units):
                self.db.execute("DELETE FROM laid_out WHERE unit = ?", (unit,))
                found = report(_unresolved(self.db, " WHERE unit = ?", [unit]), DEFAULT_LANG)
                for section in found.sections:
                    label, count = str(section.rows[0][1]), len(section.rows)
                    self.db.executemany("INSERT INTO laid_out VALUES (?, ?, ?, ?, ?, ?)", [
                        (_key(fmt, width, DEFAULT_LANG), unit, count, label, str(section.rows[0][0]),
                         _packed(section_text(section, fmt, width or DEFAULT_WIDTH, DEFAULT_LANG).encode("utf-8")))
                        for fmt, width in LAID_OUT])
            (rows,) = self.db.execute("SELECT COUNT(*) FROM unresolved").fetchone()
            (sections,) = self.db.execute("SELECT COUNT(DISTINCT unit) FROM unresolved").fetchone()
            # the heads, of the whole report: one row stands for the rest (the csv's header is its columns')
            sample = report(_unresolved(self.db, " WHERE rowid = (SELECT MIN(rowid) FROM unresolved)"), DEFAULT_LANG).sections
            stand_in = whole(sample, memo_lines(_memos(self.db), DEFAULT_LANG), rows, sections, DEFAULT_LANG)
            for fmt, width in LAID_OUT:
                head = head_text(stand_in, fmt, width or DEFAULT_WIDTH, DEFAULT_LANG).encode("utf-8")
                self.db.execute("INSERT INTO laid_out VALUES (?, '', 0, '', '', ?)", (_key(fmt, width, DEFAULT_LANG), _packed(head)))
            self.db.execute("INSERT INTO meta VALUES ('rows', ?)", (str(rows),))
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            raise OutputError(f"cannot write {self.path}: {error}") from error

    def close(self) -> None:
        self.db.close()


def _copy_database(source: Path, target: Path) -> None:
    """A copy of the previous build's file: a copy of its bytes, by the kernel (`copy_file_range`). The file is whole
    and never written again once its build is current (readers open it read-only, with no journal), so its bytes
    are a database; at 10,000 memos (1 GB) this took 3.4-3.8 s, SQLite's page-by-page backup 5.0 s."""
    shutil.copyfile(source, target)


def _packed(text: bytes) -> bytes:
    """A laid-out text, a memo's kept rows or its part of the page as the file holds them: compressed with zlib,
    which reads them back at about 600 MB/s. At 10,000 memos the texts and rows took 625 MB of the 1,040 MB file,
    which every rebuild copies and hashes; level 3 makes them 14 and 7 times smaller."""
    return zlib.compress(text, 3)


def _key(fmt: Format, width: int | None, lang: str) -> str:
    return f"{fmt.value}:{width}:{lang}" if fmt is Format.table else f"{fmt.value}:{lang}"


def _memos(db: sqlite3.Connection, memo: str | None = None) -> list[Memo]:
    """What a report says of the memos (all, or the one named), by id."""
    from graph.reports.about import Memo

    where, values = (" WHERE memo = ?", (memo,)) if memo is not None else ("", ())
    return [Memo.from_json(about) for (about,) in db.execute(f"SELECT about FROM memos{where} ORDER BY memo", values)]


# --- reads ---------------------------------------------------------------------------


def _parsed(tsv: bytes, width: int) -> list[tuple[Any, ...]]:
    """Rows of Oxigraph terms from SPARQL results TSV of `width` columns; ValueError if it is none."""
    import pyoxigraph as ox

    try:
        result = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        if not isinstance(result, ox.QuerySolutions) or len(result.variables) != width:
            raise ValueError(f"not rows of {width} values")
        return [tuple(solution) for solution in result]
    except SyntaxError as error:
        raise ValueError(str(error)) from error


def _unresolved(db: sqlite3.Connection, where: str = "", values: Sequence[str] = ()) -> list[Row]:
    """Report rows as rdflib terms (graph.reports.unresolved.Row)."""
    from graph.engine.results import rows_of

    stored = db.execute(f"SELECT {_SELECTED} FROM unresolved{where} ORDER BY rowid", values).fetchall()
    head = "\t".join(f"?{c}" for c in _COLUMNS)
    tsv = "\n".join([head, *("\t".join(row) for row in stored)]) + "\n"
    return [tuple(row) for row in rows_of(list(_COLUMNS), _parsed(tsv.encode("utf-8"), len(_COLUMNS))).rows]


class Precomputed:
    """The build's precomputed answers, read-only; `open` gives one only for a fresh build folder (the one rule)."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path

    @classmethod
    def open(cls, build_dir: Path, manifest: Mapping[str, Any] | None) -> Precomputed | None:
        """The file of the build this manifest describes (a fresh one: graph.builder.folder.fresh_manifest), if it is that build's."""
        if manifest is None:
            return None
        path = Path(manifest.get("folder", build_dir)) / FILE  # the version the manifest describes, not build/ now
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            built = db.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
        except sqlite3.Error:
            built = None  # not a file this code can read
        if built is None or built[0] != manifest.get("build"):
            db.close()
            return None
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def _failed(self, error: Exception) -> OutputError:
        reason = " ".join(str(error).split())[:200]  # the parser's message on one line
        return OutputError(f"cannot read {self._path}: {reason}; `hoeringsgraf build --force` writes it again")

    def check_memo(self, memo: str) -> None:
        """UsageError naming the memos, if none is called so."""
        if self._db.execute("SELECT 1 FROM memos WHERE memo = ?", (memo,)).fetchone() is None:
            known = [name for (name,) in self._db.execute("SELECT memo FROM memos ORDER BY memo")]
            raise UsageError(f"no memo is called '{memo}'; the memos are: {', '.join(known)}")

    def unresolved_rows(self, memo: str | None = None, unit: str | None = None, stakeholder: str | None = None,
                        kind: str | None = None) -> list[Row]:
        """The unresolved report's rows, narrowed by IRIs (names are resolved before)."""
        from rdflib import URIRef

        from graph.engine.terms import ntriples

        where = [("memo", memo)] + [(column, ntriples(URIRef(value)) if value is not None else None)
                                     for column, value in (("unit", unit), ("stakeholder", stakeholder), ("kind", kind))]
        chosen = [(column, value) for column, value in where if value is not None]
        clause = " WHERE " + " AND ".join(f'"{column}" = ?' for column, _ in chosen) if chosen else ""
        try:
            return _unresolved(self._db, clause, [value for _, value in chosen])
        except (sqlite3.Error, ValueError) as error:
            raise self._failed(error) from error

    def memos(self, memo: str | None = None) -> list[Memo]:
        """What a report says of the memos the build holds (or of the one named)."""
        try:
            return _memos(self._db, memo)
        except (sqlite3.Error, ValueError, KeyError) as error:
            raise self._failed(error) from error

    def laid_out(self, fmt: Format, width: int, lang: str = "da") -> tuple[bytes, int] | None:
        """The whole report as the build laid it out in this format at this width, and its rows; None if it did not
        (the build lays it out in the default language only)."""
        if (fmt, None if fmt is not Format.table else width) not in LAID_OUT or lang != DEFAULT_LANG:
            return None
        key = _key(fmt, width, lang)
        try:
            rows = self._db.execute("SELECT value FROM meta WHERE key = 'rows'").fetchone()
            head = self._db.execute("SELECT text FROM laid_out WHERE key = ? AND unit = ''", (key,)).fetchone()
            # in the report's order: the units with most open first, then by label, then by IRI
            pieces = [zlib.decompress(text) for (text,) in self._db.execute(
                "SELECT text FROM laid_out WHERE key = ? AND unit != '' ORDER BY open DESC, label, iri", (key,))]
            if rows is None or head is None:
                return None
            return zlib.decompress(head[0]) + (b"\n" if fmt is Format.table else b"").join(pieces), int(rows[0])
        except (sqlite3.Error, zlib.error) as error:
            raise self._failed(error) from error

    def query_rows(self, text: str) -> Rows | None:
        """A kept query's answer over all memos, sorted as its closing ORDER BY sorts; None if the build kept none
        for this text (or not every chunk's), or the rows are of a kind graph.engine.order does not sort."""
        name = digest(text)
        if name not in kept_queries():
            return None
        try:
            return self._kept_rows(name, text)
        except (sqlite3.Error, zlib.error, ValueError) as error:
            raise self._failed(error) from error

    def _kept_rows(self, name: str, text: str) -> Rows | None:
        from graph.engine.order import Unordered, ordered, split_order
        from graph.engine.results import rows_of

        memos = self._db.execute("SELECT COUNT(*) FROM memos").fetchone()
        blobs = [zlib.decompress(blob) for (blob,) in self._db.execute("SELECT rows FROM kept WHERE digest = ? ORDER BY memo", (name,))]
        if memos is None or len(blobs) != int(memos[0]) or not blobs:  # read only if every memo kept them
            return None
        variables = _variables(blobs[0])
        rows: list[tuple[Any, ...]] = []
        for blob in blobs:
            if _variables(blob) != variables:
                raise ValueError("kept rows name other variables than the query's")
            rows += _parsed(blob, len(variables))
        split = split_order(text)
        if split is not None:
            try:
                rows = ordered(variables, rows, split[1])
            except Unordered:
                return None
        return rows_of(variables, rows)


def _variables(tsv: bytes) -> list[str]:
    head = tsv.split(b"\n", 1)[0].decode("utf-8", "replace")
    names = head.split("\t") if head else []
    if not all(name.startswith("?") and len(name) > 1 for name in names):
        raise ValueError("kept rows have no header of variables")
    return [name[1:] for name in names]


class PrecomputedEngine:
    """An engine that answers a kept query asked with no parameter from what the build precomputed, and hands
    every other query to the engine it wraps (graph.sources.open applies it; the engine does not know it)."""

    def __init__(self, engine: Engine, precomputed: Precomputed, limits: Limits | None = None) -> None:
        self.engine = engine
        self.precomputed = precomputed
        self.limits = limits  # the rows a kept answer may have, as the engine's (graph.engine.limits)

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        if not bindings:
            kept = self.precomputed.query_rows(text)
            if kept is not None:
                if self.limits is not None:
                    self.limits.check_rows(len(kept), name)
                return kept
        return self.engine.answer(text, bindings, name)

    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        from graph.engine.results import Rows

        found = self.answer(text, bindings, name)
        if not isinstance(found, Rows):
            return self.engine.select(text, bindings, name)  # says it is not a SELECT query
        return found

