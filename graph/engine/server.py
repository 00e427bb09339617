"""The Oxigraph server program, which `hoeringsgraf serve` runs over a build's store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from graph.base.errors import OutputError


def oxigraph_server() -> str:
    """The Oxigraph server program, installed with the `oxigraph` package beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise OutputError("the Oxigraph server is not installed: pip install oxigraph")
    return found
