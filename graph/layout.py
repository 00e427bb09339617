"""Where things are in a data folder (kept light: the query path imports it without the YAML machinery)."""

from __future__ import annotations

from pathlib import Path

ORGANISATIONS_FILE = "organisations.yaml"
MEMOS_DIR = "memos"
MEMO_FILE = "memo.yaml"


def memo_dirs(root: Path) -> list[Path]:
    """The memo folders under data/memos, in a stable order."""
    memos = root / MEMOS_DIR
    if not memos.is_dir():
        return []
    return sorted(path for path in memos.iterdir() if (path / MEMO_FILE).is_file())
