"""Ingesting a new memo: its table or prose sections read into a draft data file for an analyst to review.

`ingest` reads a .docx, .html, .pdf (with a text layer) or tab-separated memo, in either
form Danish memos take (a table of three to five columns, or a section per respondent), and
writes `memo.yaml` and `source.txt` (the text every quote is found in) into a memo
folder, with `organisations.draft.yaml` beside them when the memo names units that
data/organisations.yaml lacks. Every guess carries a `review:` mark; `unreviewed`
lists the marks still left, for `hoeringsgraf validate`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.base.errors import DataError, UsageError, Where
from graph.model.layout import MEMO_FILE, MEMOS_DIR, ORGANISATIONS_FILE

from .draft import Draft, Known, draft_memo
from .gazetteer import Gazetteer
from .prose import parse_prose
from .read import MAX_BYTES, read_source
from .review import DRAFT_ORGANISATIONS, unreviewed
from .table import RECOMMENDATION, REMARKS, Table, parse_table

SOURCE_FILE = "source.txt"

__all__ = ["DRAFT_ORGANISATIONS", "MAX_BYTES", "SOURCE_FILE", "Ingested", "draft_from_file", "ingest", "load_gazetteer", "unreviewed"]


@dataclass(frozen=True)
class Ingested:
    """What `ingest` wrote, and what the draft holds."""

    written: list[Path]
    draft: Draft

    def summary(self) -> str:
        statements = self.draft.statements
        kinds = Counter(str(statement["kind"]) for statement in statements)
        decisions = sum(1 for response in self.draft.memo.get("responses", []) if response.get("decision") == "no-change")
        return (
            f"{self.draft.count('respondents')} respondent(s), {len(statements)} statements "
            f"({kinds['concern']} concerns, {kinds['suggestion']} suggestions, {kinds['support']} support, {kinds['unknown']} of unknown kind), "
            f"{self.draft.count('responses') - decisions} remarks, {decisions} decision(s) of no change, "
            f"{self.draft.count('recommendations')} recommendation(s), {self.draft.count('themes')} theme(s), "
            f"{self.draft.count('stakeholders')} respondent(s) outside the municipality, {len(self.draft.organisations)} new unit(s) proposed; "
            f"{self.draft.marks} draft guess(es) to review"
        )


def load_gazetteer(data_dir: Path) -> tuple[Gazetteer, dict[str, Known]]:
    """The names of the units already in data/organisations.yaml (none when there is no such file)."""
    from pydantic import ValidationError

    from graph.model.yaml_models import OrganisationsFile, read_yaml

    path = data_dir / ORGANISATIONS_FILE
    if not path.is_file():
        return Gazetteer(), {}
    doc = read_yaml(path)
    try:
        organisations = OrganisationsFile.model_validate(doc.data).organisations
    except ValidationError as error:
        raise DataError(Where(path), f"not a valid organisations file ({error.error_count()} error(s)); `hoeringsgraf validate` says where") from None
    gazetteer = Gazetteer.of((organisation.id, [organisation.label, *organisation.alt_labels]) for organisation in organisations)
    known = {organisation.id: Known(organisation.label, organisation.stakeholder) for organisation in organisations}
    return gazetteer, known


def parse_memo(text: str) -> Table | None:
    """The memo's respondents, responses, remarks and changes, from whichever form it takes: a table of three to
    five columns, or prose sections (when both read, the one that finds more remarks and changes)."""
    table = parse_table(text)
    if table is not None and not table.looks_like_a_memo():
        table = None
    prose = parse_prose(text)
    if table is None or prose is None:
        return table or prose

    def answered(found: Table) -> int:
        return sum(1 for row in found.rows for segment in row.segments if segment.cells[REMARKS] or segment.cells[RECOMMENDATION])

    return prose if answered(prose) > answered(table) else table


def draft_from_file(file: Path, memo_id: str, data_dir: Path) -> tuple[Draft, bytes]:
    """Read a memo file and draft its data; returns the draft and the bytes of its source.txt."""
    source = read_source(file)
    table = parse_memo(source.text)
    if table is None:
        raise DataError(
            Where(file),
            "not a consultation memo: found neither a table of respondents, responses and remarks (three to five columns) "
            "nor a section per respondent with labelled remarks ('Administrationens bemærkninger:')",
        )
    gazetteer, known = load_gazetteer(data_dir)
    draft = draft_memo(table, memo_id, gazetteer, known, file)
    if not draft.memo["respondents"]:
        raise DataError(Where(file), "the memo names no respondent")
    return draft, source.data


def ingest(file: Path, memo_id: str, *, data_dir: Path, folder: Path | None = None, force: bool = False) -> Ingested:
    """Write a draft memo folder from a memo file; refuse to overwrite one unless `force`."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", memo_id):
        raise UsageError(f"--memo-id '{memo_id}' is not a valid memo id (lower-case letters, digits and '-')")
    folder = folder if folder is not None else data_dir / MEMOS_DIR / memo_id
    if folder.name != memo_id:
        raise UsageError(f"the memo folder must be named after the memo id: {folder} is not named '{memo_id}'")
    targets = {"memo": folder / MEMO_FILE, "source": folder / SOURCE_FILE}
    proposals = folder / DRAFT_ORGANISATIONS
    existing = [path for path in (*targets.values(), proposals) if path.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]} exists: ingest writes a new draft; use --force to overwrite it")
    draft, source_bytes = draft_from_file(file, memo_id, data_dir)
    if draft.organisations:
        targets["organisations"] = proposals
    from graph.base.files import atomic_outputs

    # everything is rendered before the first file is made, and a folder this run made goes again if the writing fails
    memo_text = memo_yaml(draft, file)
    organisations_text = organisations_yaml(draft) if draft.organisations else None
    made = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    try:
        with atomic_outputs(targets) as temps:
            temps["memo"].write_text(memo_text, encoding="utf-8")
            temps["source"].write_bytes(source_bytes)
            if organisations_text is not None:
                temps["organisations"].write_text(organisations_text, encoding="utf-8")
    except BaseException:
        for parent in made:  # innermost first; only the empty folders this run made
            try:
                parent.rmdir()
            except OSError:
                break
        raise
    if not draft.organisations and proposals.exists():
        proposals.unlink()  # proposals of an earlier draft this one replaces (--force)
    return Ingested(list(targets.values()), draft)


# --- writing YAML --------------------------------------------------------------------------


def _dump(data: Any) -> str:
    import yaml

    from .draft import Flow

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)  # indent lists under their key, as the curated files do

    Dumper.add_representer(Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True))
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)
    # a blank line between top-level fields, and between the entries of top-level lists
    lines = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and lines[index - 1].startswith(" ") and (not line.startswith(" ") or line.startswith("  - ")):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def memo_yaml(draft: Draft, file: Path) -> str:
    header = [
        f"# DRAFT of a memo's data, written by `hoeringsgraf ingest` from {file.name}.",
        "# Every quote is verbatim from source.txt beside this file. Each guess carries a `review:`",
        "# list saying what to check: correct the entry, then delete the mark; `hoeringsgraf validate`",
        "# lists the marks that remain. Also check:",
        *(f"#   - {line}" for line in draft.header),
        "",
    ]
    return "\n".join(header) + _dump(draft.memo)


def organisations_yaml(draft: Draft) -> str:
    header = [
        "# Units this memo names that data/organisations.yaml lacks, proposed by `hoeringsgraf ingest`.",
        "# Until then the build loads them as this memo's own, with a warning for each. Check each one's id,",
        "# type, label and place (part_of), then move it into data/organisations.yaml and delete it here.",
        "",
    ]
    return "\n".join(header) + _dump({"organisations": draft.organisations})
