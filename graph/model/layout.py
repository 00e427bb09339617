"""Where things are in a data folder (kept light: the query path imports it without the YAML machinery)."""

from __future__ import annotations

import os
from pathlib import Path

ORGANISATIONS_FILE = "organisations.yaml"
MEMOS_DIR = "memos"
MEMO_FILE = "memo.yaml"
DRAFT_ORGANISATIONS_FILE = "organisations.draft.yaml"  # beside a memo.yaml: units the ingest proposes for organisations.yaml


def memo_dirs(root: Path) -> list[Path]:
    """The memo folders under data/memos, in a stable order."""
    memos = root / MEMOS_DIR
    if not memos.is_dir():
        return []
    with os.scandir(memos) as entries:  # not pathlib: this runs at the start of every report, over thousands of memos
        return sorted(Path(entry.path) for entry in entries if os.path.isfile(os.path.join(entry.path, MEMO_FILE)))
