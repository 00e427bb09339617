"""The library's exceptions. Only the CLI turns them into messages and exit codes.

Exit codes (documented in the README):
  0  success
  1  the graph does not conform to the SHACL shapes
  2  bad input: a data file, a reference, a quote, an argument
  3  an output could not be written, or the build folder is busy
  4  a remote SPARQL endpoint could not be reached, refused the request, or did not answer in SPARQL
  130  interrupted (Ctrl-C): nothing was written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_REMOTE = 4
EXIT_INTERRUPTED = 130  # as a shell reports a process stopped by SIGINT


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


class DataError(HoeringsgrafError):
    """A data file that cannot be read, parsed or resolved."""

    def __init__(self, where: Where, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type, tuple[Where, str]]:  # the build's worker processes send errors back
        return (self.__class__, (self.where, self.message))


class UsageError(HoeringsgrafError):
    """An argument the tool cannot act on."""


class NotConforming(HoeringsgrafError):
    """The graph was built but breaks the SHACL shapes."""

    exit_code = EXIT_NOT_CONFORMING

    def __init__(self, report: str, count: int) -> None:
        self.report = report
        self.count = count
        super().__init__(f"the graph breaks {count} rule(s) of the shapes")

    def __reduce__(self) -> tuple[type, tuple[str, int]]:
        return (self.__class__, (self.report, self.count))


class OutputError(HoeringsgrafError):
    """An output file could not be written."""

    exit_code = EXIT_OUTPUT


class QueryError(UsageError):
    """A query the engine refuses: syntax, an update, a bad parameter."""


class RemoteError(HoeringsgrafError):
    """The endpoint could not be reached, refused the request, or did not answer in SPARQL."""

    exit_code = EXIT_REMOTE
