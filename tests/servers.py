"""Real SPARQL servers for the tests, started on 127.0.0.1 in a temporary folder and stopped at the end (no pytest here).

`start_virtuoso(folder)` runs Debian's Virtuoso 7.2 (`virtuoso-t`) with its own virtuoso.ini, database and log in `folder`;
`load_graphs(v, graphs)` puts named graphs into it through its Graph Store Protocol endpoint, not through `hoeringsgraf push`,
so that a test compares the query engines whatever the tool's push does.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

VIRTUOSO = Path("/usr/bin/virtuoso-t")
ISQL = Path("/usr/bin/isql-vt")
DEBIAN_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")  # the start page Debian installs; a missing ServerRoot is fine too
DBA = ("dba", "dba")  # a fresh database's administrator: a throwaway server on loopback only

# What an upload needs. /sparql-graph-crud-auth logs in as dba (HTTP Digest), who may write already: no grant.
# /sparql-graph-crud (and /sparql) run as the SQL user "SPARQL", whom a fresh database lets read only; with this one grant
# it may PUT and DELETE graphs too (DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7) is not needed on 7.2.5).
GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL";',)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def virtuoso_ini(folder: Path, http_port: int, sql_port: int, max_rows: int) -> str:
    """A virtuoso.ini with everything in `folder` and both ports on loopback."""
    db = folder / "db"
    server_root = f"ServerRoot = {DEBIAN_VSP}\n" if DEBIAN_VSP.is_dir() else ""
    return f"""\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 200M
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 4
AsyncQueueMaxThreads = 10
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
{server_root}MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
MaxCachedProxyConnections = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 1

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DeferInferenceRulesInit = 0
"""


@dataclass
class Virtuoso:
    """A running virtuoso-t; `stop()` (or leaving the `with`) ends it and waits."""

    folder: Path
    ini: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen[bytes]
    started_in: float = 0.0  # seconds from the start until /sparql answered and the grants were made
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def crud_url(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    @property
    def crud_auth_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def log(self) -> str:
        path = self.folder / "db" / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def isql(self, statements: str, *, timeout: float = 60) -> str:
        """Run SQL as dba; raise with Virtuoso's words when a statement fails."""
        done = subprocess.run(
            [str(ISQL), f"127.0.0.1:{self.sql_port}", DBA[0], DBA[1], f"exec={statements}"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {statements!r}: {(done.stdout + done.stderr).strip()}")
        return done.stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # virtuoso-t checkpoints and exits on SIGTERM
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Virtuoso:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


def start_virtuoso(folder: Path, *, max_rows: int = 10000, wait: float = 60) -> Virtuoso:
    """Start Virtuoso with its files in `folder`, wait until /sparql answers, and grant what an upload needs."""
    folder = folder.resolve()
    (folder / "db").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(folder, http_port, sql_port, max_rows), encoding="utf-8")
    began = time.monotonic()
    log = (folder / "virtuoso-t.out").open("wb")
    process = subprocess.Popen(
        [str(VIRTUOSO), "+configfile", str(ini), "+foreground"],
        cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    server = Virtuoso(folder, ini, http_port, sql_port, process, _log=log)
    try:
        _wait_until_up(server, began + wait)
        server.isql(" ".join(GRANTS))
    except BaseException:
        server.stop()
        raise
    server.started_in = time.monotonic() - began
    return server


def _wait_until_up(server: Virtuoso, deadline: float) -> None:
    url = f"{server.query_url}?query={urllib.parse.quote('ASK{}')}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"virtuoso-t stopped (exit {server.process.returncode}):\n{server.log[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - our own server on loopback
            return
        except urllib.error.HTTPError as refused:
            if refused.code < 500:  # it answers, if not yet as we hoped: the start-up is over
                return
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"virtuoso-t did not answer {url} in time:\n{server.log[-3000:]}")


def _digest_opener(url: str) -> urllib.request.OpenerDirector:
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *DBA)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))


def put_graph(v: Virtuoso, graph: str, ntriples: bytes, *, timeout: float = 120) -> int:
    """Replace one named graph (Graph Store Protocol PUT, HTTP Digest as dba); return the HTTP status."""
    url = f"{v.crud_auth_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, data=ntriples, method="PUT", headers={"Content-Type": "text/turtle"})  # N-Triples is Turtle
    with _digest_opener(v.crud_auth_url).open(request, timeout=timeout) as answer:  # noqa: S310 - our own server on loopback
        return int(answer.status)


def load_graphs(v: Virtuoso, graphs: dict[str, bytes]) -> None:
    """Put each named graph (IRI: N-Triples) into Virtuoso, without `hoeringsgraf push`."""
    for graph, ntriples in graphs.items():
        put_graph(v, graph, ntriples)


def sparql(v: Virtuoso, query: str, *, accept: str = "text/csv", timeout: float = 60) -> bytes:
    """Ask /sparql directly (GET), for checks the tool takes no part in."""
    url = f"{v.query_url}?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - our own server on loopback
        return bytes(answer.read())


@dataclass
class OxigraphServer:
    """A running `oxigraph serve` (read-write, by default with --union-default-graph); `stop()` ends it and waits."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes]
    started_in: float = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_oxigraph(folder: Path, *, wait: float = 20, union_default_graph: bool = True) -> OxigraphServer:
    """Start the Oxigraph server (the `oxigraph` package's program) with its data in `folder`; wait until /query answers.
    `union_default_graph=False` starts it as a plain server: its default graph holds none of the named graphs."""
    from graph.engine.server import oxigraph_server

    began = time.monotonic()
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_server(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         *(["--union-default-graph"] if union_default_graph else [])],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = OxigraphServer(folder, port, process)
    try:
        wait_until_answers(server.query_url, process, began + wait, "oxigraph serve")
    except RuntimeError:
        server.stop()
        raise
    server.started_in = time.monotonic() - began
    return server


def wait_until_answers(query_url: str, process: subprocess.Popen[bytes], deadline: float, what: str) -> None:
    """Wait until a SPARQL server started as `process` answers ASK{} at `query_url`; RuntimeError if it stops first
    or has not answered by `deadline` (time.monotonic)."""
    url = f"{query_url}?query={urllib.parse.quote('ASK{}')}"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - our own server on loopback
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer {url} in time") from None
            time.sleep(0.1)


def load_oxigraph(server: OxigraphServer, graphs: dict[str, bytes], *, timeout: float = 120) -> None:
    """Put each named graph into the Oxigraph server (Graph Store Protocol PUT, no credentials)."""
    for graph, ntriples in graphs.items():
        url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=timeout).close()  # noqa: S310 - our own server on loopback
