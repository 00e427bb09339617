"""Reading the curated data: YAML files checked against typed models.

Every error names the file, the entry (its id) and the field, with the line
where the parser knows it. The models say which fields exist; what the graph
must satisfy beyond its structure (a unit per concern, ...) is left to the
SHACL shapes, so that it is checked on the graph users query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from graph.base.errors import DataError, Where

from .layout import MEMO_FILE, MEMOS_DIR, ORGANISATIONS_FILE, memo_dirs

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Quote(_Model):
    """Words quoted verbatim from the memo's source text."""

    text: Annotated[str, StringConstraints(min_length=1)]
    occurrence: Annotated[int, Field(ge=1)] | None = None


def _as_quote_list(value: Any) -> Any:
    """Accept a string, a {text, occurrence} mapping, or a list of those."""
    if value is None:
        return []
    if isinstance(value, str | dict):
        value = [value]
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


Quotes = Annotated[list[Quote], BeforeValidator(_as_quote_list)]


class Organisation(_Model):
    id: Id
    type: Literal["organisation", "unit", "staff-group", "post"]
    label: Text
    label_en: Text | None = None
    alt_labels: list[Text] = []
    part_of: Id | None = None
    stakeholder: bool = False
    external: bool = False
    note: Text | None = None


class OrganisationsFile(_Model):
    organisations: list[Organisation]


class _Entry(_Model):
    id: Id
    label: Text
    label_en: Text | None = None
    note: Text | None = None
    review: list[str] = []  # what an analyst must still check in a draft (`hoeringsgraf ingest`); not mapped to RDF


class Statement(_Entry):
    kind: Literal["concern", "suggestion", "support"]
    about: list[Id] = []
    theme: Id | None = None
    quote: Quotes


class Respondent(_Model):
    stakeholder: Id
    quote: Quotes = []
    statements: list[Statement]
    review: list[str] = []  # as _Entry.review


class Response(_Entry):
    responds_to: list[Id] = []
    about: list[Id] = []
    see_also: list[Id] = []
    meetings: list[Id] = []
    quote: Quotes


class Membership(_Entry):
    member: Id
    organisation: Id


class Recommendation(_Entry):
    addresses: list[Id] = []
    about: list[Id] = []
    proposes: list[Membership] = []
    quote: Quotes


class Model(_Entry):
    creator: Id | None = None
    description: Text | None = None
    quote: Quotes = []


class Reorganisation(_Entry):
    moves: list[Id]
    from_: Id = Field(alias="from")
    to: Id
    models: list[Model] = []
    quote: Quotes = []


class Theme(_Entry):
    quote: Quotes = []


class Meeting(_Entry):
    date: dt.date
    quote: Quotes = []


class Consultation(_Model):
    label: Text
    label_en: Text | None = None
    start: dt.date
    end: dt.date
    quote: Quotes = []


class MemoFile(_Model):
    id: Id
    source: Text
    title: Text
    title_en: Text | None = None
    publisher: Id
    municipality: Id | None = None
    consultation: Consultation
    meetings: list[Meeting] = []
    reorganisation: Reorganisation | None = None
    themes: list[Theme] = []
    respondents: list[Respondent]
    responses: list[Response] = []
    recommendations: list[Recommendation] = []


# --- YAML with line numbers -------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Round-trip YAML, but dates stay strings so the model reports bad ones with their line."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


class _FastLoader(yaml.CSafeLoader):
    """libyaml's parser; dates stay strings, as in the round-trip parser."""


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


class YamlDoc:
    """One YAML file: parsed fast by libyaml, and again with line numbers only when an error needs them."""

    def __init__(self, path: Path, text: str, data: Any) -> None:
        self.path = path
        self.text = text
        self.data = data
        self._marked: Any = None

    @property
    def marked(self) -> Any:
        """The same data from ruamel.yaml's round-trip parser, which knows each value's line."""
        if self._marked is None:
            self._marked = _yaml().load(self.text)
        return self._marked

    def where(self, *loc: int | str) -> Where:
        return locate(self.marked, list(loc), self.path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise DataError(Where(path), "file not found") from error
    except UnicodeDecodeError as error:
        raise DataError(Where(path), f"not UTF-8 text (byte {error.start})") from error
    except OSError as error:
        raise DataError(Where(path), f"cannot read: {error.strerror}") from error


def read_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Parse one YAML file (whose text may be given), turning every failure into a DataError with its line."""
    if text is None:
        text = _read_text(path)
    try:
        return YamlDoc(path, text, yaml.load(text, Loader=_FastLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        pass  # parse again with ruamel.yaml, whose message names the line
    try:
        return YamlDoc(path, text, _yaml().load(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "malformed YAML"
        raise DataError(Where(path, line=line), f"malformed YAML: {problem}") from error
    except YAMLError as error:
        raise DataError(Where(path), f"malformed YAML: {error}") from error


def locate(raw: Any, loc: Sequence[int | str], path: Path) -> Where:
    """Find the entry id, field path and line of a position (a pydantic `loc`) in parsed YAML."""
    node = raw
    entry: str | None = None
    line: int | None = None
    fields: list[str] = []

    def enter(value: Any) -> None:
        nonlocal entry, fields
        if isinstance(value, dict):
            for key in ("id", "stakeholder"):
                if isinstance(value.get(key), str):
                    entry, fields = value[key], []
                    return

    enter(node)
    for key in loc:
        lc = getattr(node, "lc", None)
        if isinstance(node, dict) and isinstance(key, str):
            fields.append(key)
            if lc is not None:
                line = (lc.key(key) if key in node else (lc.line, lc.col))[0] + 1
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            if lc is not None:
                line = lc.item(key)[0] + 1
            node = node[key]
            enter(node)
        else:
            if isinstance(key, str):
                fields.append(key)
            node = None
    return Where(path, entry=entry, field=".".join(fields) or None, line=line)


def _check(model: type[_Model], doc: YamlDoc) -> Any:
    if not isinstance(doc.data, dict):
        raise DataError(Where(doc.path, line=1), "expected a mapping of fields at the top of the file")
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = [part for part in first["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
        # pydantic names union members in the loc ("str", "Quote"); they are not fields
        loc = [part for part in loc if part not in {"str", "Quote", "list[Quote]"}]
        where = doc.where(*loc)
        message = first["msg"]
        if first["type"] == "missing":
            message = "missing field"
        elif first["type"] == "extra_forbidden":
            message = "unknown field"
        elif first["type"] == "string_pattern_mismatch":
            message = "not a valid id (lower-case letters, digits, '-' and '/')"
        raise DataError(where, message[0].lower() + message[1:]) from error


class LoadedMemo:
    """One memo's data, with the parsed YAML kept for line numbers."""

    def __init__(self, model: MemoFile, doc: YamlDoc, source_text: str, source_path: Path) -> None:
        self.model = model
        self.doc = doc
        self.path = doc.path
        self.source_text = source_text
        self.source_path = source_path

    def where(self, *loc: int | str) -> Where:
        return self.doc.where(*loc)


class LoadedData:
    """All curated data: the shared organisations and every memo."""

    def __init__(self, root: Path, organisations: OrganisationsFile, organisations_doc: YamlDoc, memos: list[LoadedMemo]) -> None:
        self.root = root
        self.organisations = organisations
        self.organisations_doc = organisations_doc
        self.organisations_path = organisations_doc.path
        self.memos = memos

    def org_where(self, *loc: int | str) -> Where:
        return self.organisations_doc.where(*loc)

    @cached_property
    def organisation_labels(self) -> dict[str, str]:
        return {organisation.id: organisation.label for organisation in self.organisations.organisations}


def load_memo(folder: Path) -> LoadedMemo:
    """Read and check one memo folder: memo.yaml and the source text it names."""
    path = folder / MEMO_FILE
    doc = read_yaml(path)
    model = _check(MemoFile, doc)
    if model.id != folder.name:
        raise DataError(doc.where("id"), f"the memo id must match its folder name '{folder.name}'")
    source_path = folder / model.source
    if source_path.resolve().parent != folder.resolve():
        raise DataError(doc.where("source"), "the source text must be a file in the memo's own folder")
    try:
        source_text = source_path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise DataError(doc.where("source"), f"source text {model.source} not found") from error
    except UnicodeDecodeError as error:
        raise DataError(doc.where("source"), f"source text {model.source} is not UTF-8") from error
    return LoadedMemo(model, doc, source_text, source_path)


@lru_cache(maxsize=2)
def _organisations(path: Path, text: str) -> tuple[YamlDoc, OrganisationsFile]:
    """The organisations file parsed and checked, once per process for the same text: a build's worker process
    reads it for every chunk of memos (75 ms each time for 360 units)."""
    doc = read_yaml(path, text)
    return doc, _check(OrganisationsFile, doc)


def load_data(root: Path, memos: set[str] | None = None) -> LoadedData:
    """Read and check every data file under `root` (of the memos, only these if named)."""
    if not root.is_dir():
        raise DataError(Where(root), "no such data folder")
    organisations_path = root / ORGANISATIONS_FILE
    organisations_doc, organisations = _organisations(organisations_path, _read_text(organisations_path))
    if memos is None:
        folders = memo_dirs(root)
    else:  # not a listing of the memos folder: a build's worker asks for 25 memos of thousands
        folders = [root / MEMOS_DIR / memo for memo in sorted(memos) if (root / MEMOS_DIR / memo / MEMO_FILE).is_file()]
    if not folders and memos != set():  # an empty set asks for the organisations alone
        raise DataError(Where(root / MEMOS_DIR), f"no memo found (expected {MEMOS_DIR}/<memo-id>/{MEMO_FILE})")
    return LoadedData(root, organisations, organisations_doc, [load_memo(folder) for folder in folders])
