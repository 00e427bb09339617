"""How a process of the tool runs."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


_STOPS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def stops_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the block runs (a fork of worker processes), and deliver one that came
    when it ends, in the main thread as always.

    `os.fork` runs Python's at-fork hooks (logging's lock among them) right after the fork, and a signal that
    came during the fork runs its handler at the first Python line, inside such a hook: there the exception is
    printed as "Exception ignored" with a traceback, and dropped, so the build went on. A process forked here
    starts with both held; `release_stops` lets them go."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_late_stops() -> None:
    """When the command has done its work and said so: let Ctrl-C and SIGTERM go unheeded while Python ends (its
    exit callbacks join the pools' threads). A stop taken there is printed as "Exception ignored in atexit
    callback" with a traceback, and the exit code is the command's anyway; so the command's own outcome stands."""
    for stop in _STOPS:
        signal.signal(stop, signal.SIG_IGN)


def release_stops() -> None:
    """In a process forked (or spawned) inside `stops_held`: take Ctrl-C and SIGTERM again."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


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
