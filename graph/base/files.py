"""Writing outputs atomically: a reader sees the old file or the new, never half."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from graph.base.errors import OutputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_outputs(targets: Mapping[str, Path]) -> Iterator[dict[str, Path]]:
    """Yield temporary paths beside each target; rename them all only on success.

    If the body raises, every temporary file is removed and no target is touched. The names are chosen
    before any file is made, so a Ctrl-C that lands between making a file and noting it leaves nothing.
    """
    token = secrets.token_hex(8)
    temps = {key: target.parent / f".{target.name}.{token}.tmp" for key, target in targets.items()}
    try:
        for key, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(temps[key], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield temps
        mode = 0o666 & ~_umask()
        for key, target in targets.items():
            os.chmod(temps[key], mode)
            os.replace(temps[key], target)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or ''}: {error.strerror}".strip()) from error
    finally:
        for temp in temps.values():
            with suppress(OSError):  # never made (its folder could not be), or renamed into place
                temp.unlink()


def write_text_atomically(target: Path, text: str) -> None:
    """Write one UTF-8 text file atomically."""
    with atomic_outputs({"out": target}) as temps:
        temps["out"].write_text(text, encoding="utf-8")
