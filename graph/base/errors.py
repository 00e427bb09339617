"""The library's exceptions. Only the CLI turns them into messages and exit codes.

Exit codes (documented in the README):
  0  success (warnings alone do not change it)
  1  the graph does not conform to the SHACL shapes
  2  bad input: a data file, a reference, a quote, an argument
  3  an output could not be written, or the build folder is busy
  4  a remote SPARQL endpoint could not be reached, refused the request, or did not answer in SPARQL
  5  a query went past a bound: its time (--timeout), the rows the tool holds, its size or nesting
  70  an internal error of the tool (a defect: please report it); nothing was written
  130  interrupted (Ctrl-C): nothing was written
  143  stopped by SIGTERM (timeout, systemd, CI), handled as Ctrl-C: nothing was written
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_REMOTE = 4
EXIT_LIMIT = 5
EXIT_INTERNAL = 70  # EX_SOFTWARE of sysexits.h
EXIT_INTERRUPTED = 130  # as a shell reports a process stopped by SIGINT
EXIT_TERMINATED = 143  # as a shell reports a process stopped by SIGTERM


class HoeringsgrafError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True)
class Where:
    """The place in a data file an error belongs to."""

    file: Path | str
    entry: str | None = None
    field: str | None = None
    line: int | None = None  # 1-based

    def __str__(self) -> str:
        text = str(self.file)
        if self.line is not None:
            text += f":{self.line}"
        parts = [text]
        if self.entry is not None:
            parts.append(f"entry '{self.entry}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, at its place: an error (the data is refused) or a warning (it is built)."""

    where: Where
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DataError(HoeringsgrafError):
    """A data file that cannot be read, parsed or resolved."""

    def __init__(self, where: Where, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type, tuple[Where, str]]:  # the build's worker processes send errors back
        return (self.__class__, (self.where, self.message))

    @property
    def problem(self) -> Problem:
        return Problem(self.where, self.message)


class Problems(HoeringsgrafError):
    """Several problems found in one run, each printed on its own line; raised when one of them is an error."""

    def __init__(self, problems: Sequence[Problem], exit_code: int = EXIT_BAD_INPUT) -> None:
        self.problems = tuple(problems)
        self.exit_code = exit_code
        errors = sum(1 for problem in self.problems if problem.severity == "error")
        super().__init__(self._summary(errors))

    def _summary(self, errors: int) -> str:
        return f"{errors} error(s) in the data"

    def __reduce__(self) -> tuple[type, tuple[tuple[Problem, ...], int]]:
        return (self.__class__, (self.problems, self.exit_code))


class UsageError(HoeringsgrafError):
    """An argument the tool cannot act on."""


class NotConforming(Problems):
    """The graph was built but breaks the SHACL shapes: its problems are the broken rules (and the warnings)."""

    def __init__(self, problems: Sequence[Problem], exit_code: int = EXIT_NOT_CONFORMING) -> None:
        super().__init__(problems, exit_code)

    def _summary(self, errors: int) -> str:
        return f"the graph breaks {errors} rule(s) of the shapes"


class OutputError(HoeringsgrafError):
    """An output file could not be written."""

    exit_code = EXIT_OUTPUT


class QueryError(UsageError):
    """A query the engine refuses: syntax, an update, a bad parameter."""


class RemoteError(HoeringsgrafError):
    """The endpoint could not be reached, refused the request, or did not answer in SPARQL."""

    exit_code = EXIT_REMOTE


class LimitError(HoeringsgrafError):
    """A query went past a bound the tool sets: its time, the rows it holds, its size or nesting."""

    exit_code = EXIT_LIMIT


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread like KeyboardInterrupt, so the same clean-up runs."""
