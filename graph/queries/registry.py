"""The canned queries: one .rq file each in this folder, opening with its title, description and parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph.base.errors import QueryError

QUERIES_DIR = Path(__file__).resolve().parent  # the .rq files beside this module

NAME_TYPES = ("unit", "stakeholder", "theme", "memo", "statement")
ENUM_TYPES = ("kind", "status")
PARAM_TYPES = (*NAME_TYPES, *ENUM_TYPES, "text", "iri")
_HEADER = re.compile(r"^#\s*(title|description|param|rows|joined|boolean):\s*(.*)$")
PER_MEMO = "per memo"  # `# rows: per memo`: every row comes from one memo's graph and the shared one (graph.builder.precomputed)
# `# joined: units ", "`: the column is a GROUP_CONCAT with that separator; `# boolean: answered`: an EXISTS as a value
# (`# bind: in subqueries` is the engine's to read, from the text: graph.engine.bind)
_JOINED = re.compile(r'^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+"(?P<separator>(?:[^"\\]|\\.)+)"$')
_NAMES = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:[\s,]+[A-Za-z_][A-Za-z0-9_]*)*$")
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
    per_memo: bool = False  # its header says `# rows: per memo`: a canned one's rows are kept by the build (graph.builder.precomputed)
    # `# joined:` columns (name: separator) and `# boolean:` columns, made canonical for every engine (graph.engine.results.canonical)
    joined: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    booleans: tuple[str, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, name: str, origin: str) -> Query:
    """Read the `# title:`, `# description:`, `# param:`, `# rows:`, `# joined:` and `# boolean:` lines that open a query."""
    meta: dict[str, str] = {"title": "", "description": "", "rows": ""}
    params = []
    joined: list[tuple[str, str]] = []
    booleans: list[str] = []
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
        elif key == "joined":
            declared = _JOINED.match(value.strip())
            if not declared:
                raise QueryError(f"{origin}: cannot read the line '{line.strip()}' (expected: # joined: column \"separator\")")
            joined.append((declared["name"], re.sub(r"\\(.)", r"\1", declared["separator"])))
        elif key == "boolean":
            if not _NAMES.match(value.strip()):
                raise QueryError(f"{origin}: cannot read the line '{line.strip()}' (expected: # boolean: column[, column])")
            booleans += re.split(r"[\s,]+", value.strip())
        elif key == "rows":
            if value.strip() == PER_MEMO:  # the one kind of rows a query declares; another `# rows:` comment is a comment
                meta["rows"] = PER_MEMO
        elif meta[key]:
            meta[key] += " " + value.strip()
        else:
            meta[key] = value.strip()
    return Query(text, name, meta["title"], meta["description"], tuple(params), meta["rows"] == PER_MEMO, tuple(joined), tuple(booleans))


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
