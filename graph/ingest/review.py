"""Which draft guesses an analyst has not yet reviewed: the `review:` marks left in the data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from graph.base.errors import DataError
from graph.model.layout import DRAFT_ORGANISATIONS_FILE as DRAFT_ORGANISATIONS
from graph.model.layout import ORGANISATIONS_FILE
from graph.model.yaml_models import LoadedData, read_yaml


def _marks(model: BaseModel, loc: tuple[int | str, ...]) -> Iterator[tuple[tuple[int | str, ...], str]]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if name == "review":
            for index, text in enumerate(value):
                yield (*loc, key, index), text
        elif isinstance(value, BaseModel):
            yield from _marks(value, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _marks(item, (*loc, key, index))


def unreviewed(data: LoadedData) -> list[str]:
    """Each review mark left in the memos, and each unit a draft proposes, as 'file:line, entry …: what to check'."""
    found: list[str] = []
    for memo in data.memos:
        for loc, text in _marks(memo.model, ()):
            found.append(f"{memo.where(*loc)}: {text}")
        proposals = memo.path.parent / DRAFT_ORGANISATIONS
        if proposals.is_file():
            found += _proposed(proposals)
    return found


def _proposed(path: Any) -> list[str]:
    try:
        doc = read_yaml(path)
    except DataError as error:
        return [f"{error}"]
    entries = doc.data.get("organisations") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return [f"{path}: no 'organisations' list: proposed units cannot be read"]
    return [
        f"{doc.where('organisations', index)}: proposed new unit '{entry.get('label', '?') if isinstance(entry, dict) else entry}': "
        f"review it and move it into {ORGANISATIONS_FILE}"
        for index, entry in enumerate(entries)
    ]
