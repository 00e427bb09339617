"""Writes hoeringsnotat.docx: the prose memo of ../prosa-pdf as a Word file (see that make.py).

python tests/ingest_memos/prosa-docx/make.py FOLDER
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("prosa_pdf_make", Path(__file__).resolve().parent.parent / "prosa-pdf" / "make.py")
assert _SPEC is not None and _SPEC.loader is not None
_PROSE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_PROSE)


def make(folder: Path) -> Path:
    return _PROSE.make(folder, "docx")


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
