"""The bounds a query runs within: its time (--timeout), the rows the tool holds (--max-rows), and whether it
may ask remote endpoints (--allow-service); and running a query within them.

Oxigraph cannot be cancelled, so the embedded store evaluates a query, solutions and all, on a daemon thread
(pyoxigraph releases the GIL while it works) and the caller waits for it until the deadline. Past it, the
caller raises LimitError and the thread is left: it stops at its next solution, or, inside Oxigraph, when the
process ends (the CLI then leaves without finalising the interpreter: `left_running`).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.base.errors import LimitError

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_ROWS = 1_000_000
# the evaluating thread's stack: Oxigraph's parser and optimiser recurse (graph.engine.guard bounds how deep);
# address space only, its pages are used as they are touched
_STACK_BYTES = 256 * 2**20

T = TypeVar("T")
_workers: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def called(name: str) -> str:
    """A query as a message names it: `the query statements`, or `the expression` (-e) as the caller said it."""
    return name if name.startswith("the ") else f"the query {name}"


@dataclass(frozen=True)
class Limits:
    """The bounds one command's queries run within; None: no bound."""

    timeout: float | None = DEFAULT_TIMEOUT_S  # seconds, for each question the command asks
    max_rows: int | None = DEFAULT_MAX_ROWS
    allow_service: bool = False

    def deadline(self) -> float | None:
        return None if self.timeout is None else time.monotonic() + self.timeout

    def timed_out(self, name: str) -> LimitError:
        return LimitError(f"{called(name)} ran past its timeout of {self.timeout:g} s (--timeout raises it)")

    def check_rows(self, rows: int, name: str) -> None:
        if self.max_rows is not None and rows > self.max_rows:
            raise LimitError(f"{called(name)} gives more than {self.max_rows:,} rows, the most the tool holds: "
                             "add LIMIT to the query or raise --max-rows")


def take(items: Iterable[Any], limits: Limits, name: str, cancel: threading.Event) -> list[Any]:
    """Every item (a solution as a tuple, a triple), but no more than limits.max_rows (LimitError past it); stops
    early, with a part nobody reads, once the caller has given up."""
    found: list[Any] = []
    most = limits.max_rows
    for item in items:
        if cancel.is_set():
            break
        found.append(item)
        if most is not None and len(found) > most:
            limits.check_rows(len(found), name)
    return found


def within(limits: Limits, name: str, work: Callable[[threading.Event], T], deadline: float | None = None) -> T:
    """`work(cancel)` on a daemon thread, waited for until the deadline (by default limits.timeout from now);
    LimitError past it, with `cancel` set for the thread to stop at its next step."""
    if deadline is None:
        deadline = limits.deadline()
    cancel = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work(cancel)
        except BaseException as error:  # handed to the caller
            _forget_frames(error)
            box["error"] = error

    thread = threading.Thread(target=run, name=f"hoeringsgraf: {name}", daemon=True)
    try:
        previous = threading.stack_size(_STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform that sets no thread's stack size
        previous = None
    try:
        thread.start()
    finally:
        if previous is not None:
            threading.stack_size(previous)
    _workers.add(thread)
    try:
        thread.join(None if deadline is None else max(deadline - time.monotonic(), 0.0))
    finally:
        if thread.is_alive():  # past the deadline, or interrupted (Ctrl-C)
            cancel.set()
    if thread.is_alive() or (deadline is not None and time.monotonic() > deadline):
        # past the deadline, even if the answer came whole while this thread waited for the processor: the bound
        # is the same on a busy machine as on an idle one
        raise limits.timed_out(name)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _forget_frames(error: BaseException) -> None:
    """Drop the tracebacks of an error and of those it came from: their frames hold Oxigraph's objects, which
    must be freed on the thread that made them (pyoxigraph's results are bound to their thread)."""
    seen: set[int] = set()
    at: BaseException | None = error
    while at is not None and id(at) not in seen:
        seen.add(id(at))
        at.__traceback__ = None
        at = at.__cause__ or at.__context__


def left_running() -> bool:
    """Whether a query is still evaluating on a thread this process cannot stop (one that ran past its timeout)."""
    return any(thread.is_alive() for thread in list(_workers))
