"""Where things are in a data folder (kept light: the query path imports it without the YAML machinery)."""

from __future__ import annotations

import os
from pathlib import Path

from graph.base.errors import DataError, Where

ORGANISATIONS_FILE = "organisations.yaml"
MEMOS_DIR = "memos"
MEMO_FILE = "memo.yaml"
DRAFT_ORGANISATIONS_FILE = "organisations.draft.yaml"  # beside a memo.yaml: units the ingest proposes for organisations.yaml


def check_inside(root: Path, path: Path) -> None:
    """Refuse a path of the data folder that resolves outside it (a symbolic link to elsewhere): the build would
    read, and publish, files that are no part of the data."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise DataError(Where(path), f"a symbolic link to {resolved}, outside the data folder; copy it into the data folder instead")


def memo_dirs(root: Path) -> list[Path]:
    """The memo folders under data/memos, in a stable order; a DataError for one that links out of the data folder."""
    memos = root / MEMOS_DIR
    if not memos.is_dir():
        return []
    if memos.is_symlink():
        check_inside(root, memos)
    found = []
    with os.scandir(memos) as entries:  # not pathlib: this runs at the start of every report, over thousands of memos
        for entry in entries:
            if os.path.isfile(os.path.join(entry.path, MEMO_FILE)):
                if entry.is_symlink():  # cheap: the listing knows it; only a link is resolved
                    check_inside(root, Path(entry.path))
                found.append(Path(entry.path))
    return sorted(found)
