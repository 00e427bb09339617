"""How a process of the tool runs."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
from typing import Any, NoReturn

from graph.base.errors import Terminated


def settle_collector() -> None:
    """Leave the objects this process holds now (the modules, the data read so far) out of the garbage
    collector's rounds, and run them less often. The tool makes millions of short-lived objects, none in
    cycles worth collecting early: the rounds over everything took a fifth of a build worker's time (50 memos:
    51 ms a memo with the defaults, 40 ms so) and 0.4 s of `query statements` over 1,000 memos."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _terminated(signum: int, frame: Any) -> NoReturn:
    raise Terminated


def stop_on_sigterm() -> None:
    """Take SIGTERM (what `timeout`, systemd and CI send) as Ctrl-C is taken: an exception in the main thread, so
    every clean-up a Ctrl-C runs runs too (the build's new version removed, temporary files gone)."""
    signal.signal(signal.SIGTERM, _terminated)


_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """In a worker process: have the kernel kill it when its parent dies (Linux's PR_SET_PDEATHSIG), so no worker
    of a killed build lives on. If the parent died before this was set, end now."""
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
