"""Writing outputs atomically: a reader sees the old file or the new, never half."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_outputs(targets: Mapping[str, Path]) -> Iterator[dict[str, Path]]:
    """Yield temporary paths beside each target; rename them all only on success.

    If the body raises, every temporary file is removed and no target is touched.
    """
    temps: dict[str, Path] = {}
    try:
        for key, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps[key] = Path(name)
        yield temps
        mode = 0o666 & ~_umask()
        for key, target in targets.items():
            os.chmod(temps[key], mode)
            os.replace(temps[key], target)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or ''}: {error.strerror}".strip()) from error
    finally:
        for temp in temps.values():
            if temp.exists():
                temp.unlink()


def write_text_atomically(target: Path, text: str) -> None:
    """Write one UTF-8 text file atomically."""
    with atomic_outputs({"out": target}) as temps:
        temps["out"].write_text(text, encoding="utf-8")
