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
from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml import nodes as ruamel_nodes
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from graph.base.errors import DataError, Problem, Where

from .layout import DRAFT_ORGANISATIONS_FILE, MEMO_FILE, MEMOS_DIR, ORGANISATIONS_FILE, check_inside, memo_dirs

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
# a string, or {text, occurrence} when the words occur more than once in the source text; tagged by what is
# given, so that a bad value gets one error (the union's names, "str" and "Quote", are left out of its place)
TextOrQuote = Annotated[
    Annotated[Text, Tag("str")] | Annotated[Quote, Tag("Quote")],
    Discriminator(lambda value: "Quote" if isinstance(value, dict | Quote) else "str"),
]

# kinds of organisation beyond a municipality's units: the kinds of respondent a memo names
BODY_TYPES = ("public-body", "association", "company", "council")


class Organisation(_Model):
    id: Id
    type: Literal["organisation", "unit", "staff-group", "post", "public-body", "association", "company", "council"]
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


class LocalStakeholder(_Entry):
    """A respondent of this memo that is no unit of a municipality: a citizen (named as the memo names him),
    an association, a company, a public body, a council."""

    type: Literal["citizen", "association", "company", "public-body", "council", "organisation"]
    quote: Quotes = []


class Subject(_Entry):
    """What statements are about when it is no organisation: a place, a plan element, a topic (a concept of the memo's subject scheme)."""

    quote: Quotes = []


class Statement(_Entry):
    kind: Literal["concern", "suggestion", "support", "unknown"]  # unknown: not decided yet (a warning)
    cue: Text | None = None  # the words the kind was read from
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
    decision: Literal["no-change"] | None = None  # the administration decides that nothing changes
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
    start: dt.date | None = None  # a period the memo does not give is a warning (ontology/shapes.ttl)
    end: dt.date | None = None
    quote: Quotes = []
    review: list[str] = []  # as _Entry.review


class MemoFile(_Model):
    id: Id
    source: Text
    title: TextOrQuote
    title_en: Text | None = None
    publisher: Id
    municipality: Id | None = None
    consultation: Consultation
    meetings: list[Meeting] = []
    reorganisation: Reorganisation | None = None
    themes: list[Theme] = []
    stakeholders: list[LocalStakeholder] = []
    subjects: list[Subject] = []
    respondents: list[Respondent]
    responses: list[Response] = []
    recommendations: list[Recommendation] = []

    @property
    def title_quote(self) -> Quote:
        """The title as a quote of the source text."""
        return self.title if isinstance(self.title, Quote) else Quote(text=self.title)

    @property
    def title_text(self) -> str:
        """The title as a label: its words, with the spaces around them left out."""
        return self.title.text.strip() if isinstance(self.title, Quote) else self.title


# --- YAML with line numbers -------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Round-trip YAML, but dates stay strings so the model reports bad ones with their line."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = True  # as libyaml's parser, which read the file first: the last value counts
    return yaml


class _FastLoader(yaml.CSafeLoader):
    """libyaml's parser; dates stay strings, as in the round-trip parser."""


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


# bounds on what a data file may hold: past them, a file is refused with its line, not read into a traceback
MAX_FILE_BYTES = 50 * 2**20  # bytes read from one file
MAX_VALUE_CHARS = 2**20  # characters of one value (a scalar)
MAX_DEPTH = 50  # mappings and lists nested in one another
BOM = b"\xef\xbb\xbf"

_MAPPINGS = (yaml.MappingNode, ruamel_nodes.MappingNode)
_SEQUENCES = (yaml.SequenceNode, ruamel_nodes.SequenceNode)
_SCALARS = (yaml.ScalarNode, ruamel_nodes.ScalarNode)


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
            try:
                self._marked = _yaml().load(self.text)
            except (YAMLError, RecursionError) as error:  # read by libyaml and checked already: not expected
                raise DataError(Where(self.path), f"malformed YAML: {error}") from error
        return self._marked

    def where(self, *loc: int | str) -> Where:
        return locate(self.marked, list(loc), self.path)


def read_bytes(path: Path) -> bytes:
    """A data file's bytes, at most MAX_FILE_BYTES of them (counted as read, not as the file system says)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as error:
        raise DataError(Where(path), "file not found") from error
    except IsADirectoryError as error:
        raise DataError(Where(path), "a folder, not a file") from error
    except OSError as error:
        raise DataError(Where(path), f"cannot read: {error.strerror}") from error
    if len(data) > MAX_FILE_BYTES:
        raise DataError(Where(path), f"larger than {MAX_FILE_BYTES // 2**20} MB, the most a data file may hold")
    return data


def decode(path: Path, data: bytes) -> str:
    """UTF-8 bytes as text; a DataError naming the byte (and its line) where they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(Where(path), f"not UTF-8 text (byte {error.start}, line {line}); save it as UTF-8") from error


def read_source_text(path: Path) -> str:
    """A memo's source text, whose character offsets the quotes' positions are: UTF-8 without a byte-order mark
    (a BOM would be character 0, and every offset one more than in the text a reader sees)."""
    data = read_bytes(path)
    if data.startswith(BOM):
        raise DataError(Where(path, line=1), f"{path.name} starts with a byte-order mark; save it as UTF-8 without BOM")
    text = decode(path, data)
    if "\x00" in text:
        at = data.index(b"\x00")
        raise DataError(
            Where(path, line=data.count(b"\n", 0, at) + 1),
            f"not UTF-8 text: a NUL byte at byte {at} (UTF-16?); save it as UTF-8",
        )
    return text


def _read_text(path: Path) -> str:
    return decode(path, read_bytes(path))


def _check_nodes(path: Path, root: Any) -> None:
    """Refuse what a YAML file must not hold, at its line: a key twice in one mapping, nesting deeper than
    MAX_DEPTH, a value longer than MAX_VALUE_CHARS, an alias (which would repeat a part of the file in many places).
    The entry and field are named as `locate` names them."""
    seen: set[int] = set()
    # node, depth, entry id, fields from the entry, whether an id found in it starts a new entry, the line of its key
    stack: list[tuple[Any, int, str | None, tuple[str, ...], bool, int | None]] = [(root, 1, None, (), True, None)]
    while stack:
        node, depth, entry, fields, entry_starts, key_line = stack.pop()
        line = node.start_mark.line + 1

        def fail(message: str, line: int = line, entry: str | None = entry, fields: tuple[str, ...] = fields) -> DataError:
            return DataError(Where(path, entry=entry, field=".".join(fields) or None, line=line), message)

        if id(node) in seen:  # an alias is the node of its anchor, at the anchor's line: name the key's
            raise fail(line=key_line or line, message="an alias of an anchor (*name); the data files take no anchors or aliases: write the value out")
        seen.add(id(node))
        if isinstance(node, _SCALARS):
            if len(node.value) > MAX_VALUE_CHARS:
                raise fail(f"a value of {len(node.value):,} characters; a value holds at most {MAX_VALUE_CHARS:,}")
            continue
        if depth > MAX_DEPTH:
            raise fail(f"nested more than {MAX_DEPTH} levels deep, the most a data file may nest")
        if isinstance(node, _SEQUENCES):
            stack.extend((item, depth + 1, entry, fields, True, None) for item in reversed(node.value))
        elif isinstance(node, _MAPPINGS):
            if entry_starts:
                for key, value in node.value:
                    if isinstance(key, _SCALARS) and key.value in ("id", "stakeholder") and isinstance(value, _SCALARS):
                        entry, fields = value.value, ()
                        break
            first: dict[str, int] = {}
            children: list[tuple[Any, int, str | None, tuple[str, ...], bool, int | None]] = []
            for key, value in node.value:
                key_line = key.start_mark.line + 1
                if not isinstance(key, _SCALARS):
                    children.append((key, depth + 1, entry, fields, False, None))
                    name = None
                else:
                    name = key.value
                    if len(name) > MAX_VALUE_CHARS:
                        raise fail(f"a key of {len(name):,} characters; a key holds at most {MAX_VALUE_CHARS:,}", key_line)
                    if name in first:
                        raise fail(f"duplicate key '{name}' (first at line {first[name]})", key_line, entry, (*fields, name))
                    first[name] = key_line
                children.append((value, depth + 1, entry, (*fields, name) if name is not None else fields, False, key_line))
            stack.extend(reversed(children))


def _load_fast(path: Path, text: str) -> Any:
    """libyaml's parse, checked before it is built into Python values."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(path, node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _load_marked(path: Path, text: str) -> Any:
    """ruamel.yaml's parse (for what libyaml refused: its message names the line), checked as libyaml's is."""
    node = _yaml().compose(text)
    if node is None:
        return None
    _check_nodes(path, node)
    return _yaml().load(text)


def read_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Parse one YAML file (whose text may be given), turning every failure into a DataError with its line."""
    if text is None:
        text = _read_text(path)
    try:
        try:
            return YamlDoc(path, text, _load_fast(path, text))
        except yaml.YAMLError:
            pass  # parse again with ruamel.yaml, whose message names the line
        except ValueError as error:  # a value Python cannot hold (an integer of 5,000 digits)
            raise DataError(Where(path), f"malformed YAML: {error}") from error
        try:
            return YamlDoc(path, text, _load_marked(path, text))
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = error.problem or error.context or "malformed YAML"
            raise DataError(Where(path, line=line), f"malformed YAML: {problem}") from error
        except YAMLError as error:
            raise DataError(Where(path), f"malformed YAML: {error}") from error
        except ValueError as error:
            raise DataError(Where(path), f"malformed YAML: {error}") from error
    except RecursionError as error:
        raise DataError(Where(path), f"malformed YAML: nested more than {MAX_DEPTH} levels deep, the most a data file may nest") from error


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


def _check(model: type[_Model], doc: YamlDoc, problems: list[Problem] | None = None) -> Any:
    """The file's data as the model, or a DataError for its first error; with `problems`, every error is added
    to them instead (one per field) and None is returned when there is one."""
    if not isinstance(doc.data, dict):
        error = DataError(Where(doc.path, line=1), "expected a mapping of fields at the top of the file")
        if problems is None:
            raise error
        problems.append(error.problem)
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        found = _errors(error, doc)
        if problems is None:
            raise found[0] from error
        problems += [item.problem for item in found]
        return None


def _errors(error: ValidationError, doc: YamlDoc) -> list[DataError]:
    """pydantic's errors as DataErrors at their places, the first one of each field."""
    found: dict[tuple[int | str, ...], DataError] = {}
    for item in error.errors():
        loc = [part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
        # pydantic names union members in the loc ("str", "Quote"); they are not fields
        loc = [part for part in loc if part not in {"str", "Quote", "list[Quote]"}]
        if tuple(loc) in found:
            continue
        message = item["msg"]
        if item["type"] == "missing":
            message = "missing field"
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "string_pattern_mismatch":
            message = "not a valid id (lower-case letters, digits, '-' and '/')"
        found[tuple(loc)] = DataError(doc.where(*loc), message[0].lower() + message[1:])
    return list(found.values())


def review_marks(model: BaseModel) -> int:
    """How many `review:` marks (a draft's guesses left to check) a model holds, in all its entries."""
    count = 0
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "review":
            count += len(value)
        elif isinstance(value, BaseModel):
            count += review_marks(value)
        elif isinstance(value, list):
            count += sum(review_marks(item) for item in value if isinstance(item, BaseModel))
    return count


class DraftOrganisations:
    """Units the ingest proposed for one memo (memos/<id>/organisations.draft.yaml), not yet moved to organisations.yaml:
    each with its index in the file, those whose id is already taken left out."""

    def __init__(self, doc: YamlDoc, entries: list[tuple[int, Organisation]]) -> None:
        self.doc = doc
        self.path = doc.path
        self.entries = entries

    def where(self, *loc: int | str) -> Where:
        return self.doc.where(*loc)


class LoadedMemo:
    """One memo's data, with the parsed YAML kept for line numbers."""

    def __init__(
        self, model: MemoFile, doc: YamlDoc, source_text: str, source_path: Path, draft: DraftOrganisations | None = None
    ) -> None:
        self.model = model
        self.doc = doc
        self.path = doc.path
        self.source_text = source_text
        self.source_path = source_path
        self.draft = draft
        self.warnings: list[Problem] = []

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

    @property
    def warnings(self) -> list[Problem]:
        """What the data should change but the build can go on without, memo by memo."""
        return [warning for memo in self.memos for warning in memo.warnings]

    @cached_property
    def organisation_labels(self) -> dict[str, str]:
        return {organisation.id: organisation.label for organisation in self.organisations.organisations}


def _fail(error: DataError, problems: list[Problem] | None) -> None:
    if problems is None:
        raise error
    problems.append(error.problem)


def load_memo(
    folder: Path, problems: list[Problem] | None = None, organisations: YamlDoc | None = None, root: Path | None = None,
) -> LoadedMemo | None:
    """Read and check one memo folder: memo.yaml, the source text it names, and the units the ingest proposed for it.

    The first error is raised; with `problems`, every error is added to them instead, and None returned when
    the memo cannot be read. `organisations` (organisations.yaml) is where a proposed unit's id must not be yet.
    `root` is the data folder (by default the folder's grandparent): no file read may link out of it.
    """
    root = folder.parent.parent if root is None else root
    path = folder / MEMO_FILE
    try:
        check_inside(root, folder)
        check_inside(root, path)
        doc = read_yaml(path)
    except DataError as error:
        _fail(error, problems)
        return None
    model = _check(MemoFile, doc, problems)
    if model is None:
        return None
    if model.id != folder.name:
        _fail(DataError(doc.where("id"), f"the memo id must match its folder name '{folder.name}'"), problems)
        return None
    source_path = folder / model.source
    try:
        if source_path.resolve().parent != folder.resolve():
            raise DataError(doc.where("source"), "the source text must be a file in the memo's own folder")
        if not source_path.is_file():
            raise DataError(doc.where("source"), f"source text {model.source} not found")
        source_text = read_source_text(source_path)
    except DataError as error:
        _fail(error, problems)
        return None
    draft = _draft_organisations(folder, problems, organisations, root)
    memo = LoadedMemo(model, doc, source_text, source_path, draft)
    if draft is not None:
        memo.warnings += [
            Problem(draft.where("organisations", index), f"unit proposed by the ingest; move it to data/{ORGANISATIONS_FILE}", "warning")
            for index, _ in draft.entries
        ]
    return memo


def _draft_organisations(
    folder: Path, problems: list[Problem] | None, organisations: YamlDoc | None, root: Path,
) -> DraftOrganisations | None:
    """The units the ingest proposed in the memo's folder, if it has them; their ids must be new, their parents
    make no cycle."""
    path = folder / DRAFT_ORGANISATIONS_FILE
    if not path.is_file():
        return None
    try:
        check_inside(root, path)
        doc = read_yaml(path)
    except DataError as error:
        _fail(error, problems)
        return None
    model = _check(OrganisationsFile, doc, problems)
    if model is None:
        return None
    shared = _ids(organisations)
    seen: dict[str, int] = {}
    entries = []
    for index, organisation in enumerate(model.organisations):
        where = doc.where("organisations", index, "id")
        if organisations is not None and organisation.id in shared:
            there = organisations.where("organisations", shared[organisation.id], "id")
            _fail(DataError(where, f"id '{organisation.id}' is also in {there.file}:{there.line}; "
                                   f"a unit moved there must be deleted from {DRAFT_ORGANISATIONS_FILE}"), problems)
        elif organisation.id in seen:
            _fail(DataError(where, f"duplicate id '{organisation.id}' (first used by entry {seen[organisation.id] + 1})"), problems)
        else:
            seen[organisation.id] = index
            entries.append((index, organisation))
    for cycle in part_of_cycles(entries, doc):  # among the drafts: organisations.yaml's units have no draft for parent
        _fail(cycle, problems)
    return DraftOrganisations(doc, entries)


PARENT_TYPES = ("organisation", "unit", *BODY_TYPES)  # what part_of may name (a staff group or post has no members)


def part_of_cycles(entries: Sequence[tuple[int, Organisation]], doc: YamlDoc) -> list[DataError]:
    """A DataError for each cycle the entries' parents make (a → b → a: a would be part of itself), at the
    entry of the cycle that comes first in the file. A parent of a kind that takes no members is an error of
    the mapping, and ends a chain here; so does an entry that is its own parent (the mapping says so)."""
    by_id: dict[str, tuple[int, Organisation]] = {}
    for index, organisation in entries:
        by_id.setdefault(organisation.id, (index, organisation))
    done: set[str] = set()
    errors = []
    for _, start in entries:
        chain: list[str] = []
        at: str | None = start.id
        while at is not None and at not in done and at not in chain:
            chain.append(at)
            parent = by_id[at][1].part_of
            found = by_id.get(parent) if parent is not None and parent != at else None
            at = parent if found is not None and found[1].type in PARENT_TYPES else None
        if at is not None and at in chain:
            cycle = chain[chain.index(at):]
            first = min(cycle, key=lambda member: by_id[member][0])
            cycle = cycle[cycle.index(first):] + cycle[: cycle.index(first)]
            path = " → ".join([*cycle, first])
            errors.append(DataError(
                doc.where("organisations", by_id[first][0], "part_of"),
                f"part_of makes a cycle: {path}; an organisation cannot be part of itself",
            ))
        done.update(chain)
    return errors


def _ids(doc: YamlDoc | None) -> dict[str, int]:
    """The ids of organisations.yaml, each with its entry's index, read from the parsed file (checked or not)."""
    entries = doc.data.get("organisations") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return {}
    return {entry["id"]: index for index, entry in enumerate(entries) if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


@lru_cache(maxsize=2)
def _organisations(path: Path, text: str) -> tuple[YamlDoc, OrganisationsFile]:
    """The organisations file parsed and checked, once per process for the same text: a build's worker process
    reads it for every chunk of memos (75 ms each time for 360 units)."""
    doc = read_yaml(path, text)
    model = _check(OrganisationsFile, doc)
    cycles = part_of_cycles(list(enumerate(model.organisations)), doc)
    if cycles:
        raise cycles[0]
    return doc, model


def load_data(root: Path, memos: set[str] | None = None, problems: list[Problem] | None = None) -> LoadedData:
    """Read and check every data file under `root` (of the memos, only these if named).

    The first error is raised. With `problems`, every error of every file is added to them instead, and the
    memos that cannot be read are left out (a DataError is still raised when organisations.yaml cannot be read).
    """
    if not root.is_dir():
        raise DataError(Where(root), "no such data folder")
    organisations_path = root / ORGANISATIONS_FILE
    check_inside(root, organisations_path)
    text = _read_text(organisations_path)
    checked = True
    if problems is None:
        organisations_doc, organisations = _organisations(organisations_path, text)
    else:
        organisations_doc = read_yaml(organisations_path, text)
        organisations = _check(OrganisationsFile, organisations_doc, problems)
        checked = organisations is not None
        if organisations is None:
            organisations = OrganisationsFile(organisations=[])
        problems += [error.problem for error in part_of_cycles(list(enumerate(organisations.organisations)), organisations_doc)]
    if memos is None:
        folders = memo_dirs(root)
    else:  # not a listing of the memos folder: a build's worker asks for 25 memos of thousands
        folders = [root / MEMOS_DIR / memo for memo in sorted(memos) if (root / MEMOS_DIR / memo / MEMO_FILE).is_file()]
    if not folders and memos != set():  # an empty set asks for the organisations alone
        raise DataError(Where(root / MEMOS_DIR), f"no memo found (expected {MEMOS_DIR}/<memo-id>/{MEMO_FILE})")
    loaded = [load_memo(folder, problems, organisations_doc, root) for folder in folders]
    if not checked:  # the memos are checked, but not mapped: every reference to an organisation would be unknown
        loaded = []
    return LoadedData(root, organisations, organisations_doc, [memo for memo in loaded if memo is not None])
