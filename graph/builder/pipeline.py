"""The build into a build folder, for one memo or thousands.

Worker processes map and validate the memos, a chunk at a time, and send back each chunk's
graphs as N-Quads, its parts of the Turtle and TriG files (written by Oxigraph) and of the
JSON-LD file (the nodes the mapping made, with the derived statuses), and its counts. This
process appends the parts to the files as they arrive and loads the N-Quads into the
persistent store in a thread. All of it goes into a new version of the build folder, made current only
when everything is written (graph.builder.folder): a failed, interrupted or killed build leaves the
previous build usable.

The workers also compute what the build precomputes for fast reads from their chunk (graph.builder.precomputed).

Memos whose files, the organisations, the shapes and the code are unchanged since the last
build are mapped again (that is cheap) but not validated again. Warnings (of the data as it is
read, and of the shapes of sh:severity sh:Warning, for the memos validated) come back with each
chunk and do not stop the build.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.base.errors import HoeringsgrafError, OutputError, Problem
from graph.base.process import end_with_parent, release_stops, settle_collector, stops_held
from graph.model.iris import memo_graph_iri
from graph.model.vocab import ORGANISATIONS_GRAPH
from graph.model.yaml_models import load_data, review_marks
from graph.view.aggregate import store_page

from . import folder
from .assemble import BuiltGraph, build_graph, data_graphs, union_graph
from .precomputed import ChunkAnswers, Writer, chunk_answers
from .tally import tally
from .validation import validate

if TYPE_CHECKING:
    from rdflib import Graph

CHUNK = 25  # memos per task of a worker process, at least
CHUNK_MAX = 50  # and at most: with 100, the last chunks came later and the store's last load with them (1,000 memos: 44 s, against 37-39 s)
PARALLEL_FROM = 2 * CHUNK  # fewer memos than this are mapped in this process: starting workers costs about a second
# N-Quads bytes per bulk load into the persistent store: 1.03M quads took 18.6-18.8 s of processor time
# in 64 MB loads, 21.6-22.2 s in 32 MB ones (RocksDB compacts fewer files)
LOAD_BATCH = 64 * 1024 * 1024


@dataclass
class BuildResult:
    counts: dict[str, Any] | None  # None: the build folder was already up to date
    written: dict[str, Path] = field(default_factory=dict)
    validated: int = 0  # memos validated now; the others were validated by an earlier build with the same content
    warnings: list[Problem] = field(default_factory=list)  # what the data should change, though it was built
    unreviewed: int = 0  # `review:` marks left in the memos (`hoeringsgraf validate` lists them)
    mapped: int = 0  # memos mapped (and loaded) by this build: all of them, or (rebuilt) those added or changed
    rebuilt: bool = False  # whether it started from the previous version (the other memos' graphs kept as they were)
    removed: int = 0  # memos the previous version held and this one does not (rebuilt)


@dataclass
class Part:
    """What one chunk of memos adds to the build."""

    nquads: bytes
    answers: ChunkAnswers  # what the build precomputes for these memos, their counts too
    warnings: list[Problem] = field(default_factory=list)
    unreviewed: int = 0


def map_and_validate(data_dir: str, memos: list[str], check: list[str]) -> Part | HoeringsgrafError:
    """In a worker: these memos mapped, statuses derived, those in `check` validated (with the organisations)."""
    try:
        built = build_graph(Path(data_dir), with_ontology=False, memos=set(memos), keep_documents=True)
        warnings = list(built.data.warnings)
        if check:
            warnings += validate(built, memos=set(check))
        answers = chunk_answers(built.store, list(built.memo_graphs))
        built.store.remove_graph(ox.NamedNode(str(ORGANISATIONS_GRAPH)))  # written once, by the caller
        part = Part(built.store.dump(format=ox.RdfFormat.N_QUADS) or b"", answers, warnings)
        part.unreviewed = sum(review_marks(memo.model) for memo in built.data.memos)
        return part
    except HoeringsgrafError as error:
        return error


@contextmanager
def _mapping(
    data_dir: Path, memos: list[str], check: set[str], lock: int | None = None
) -> Iterator[tuple[list[list[str]], Iterator[Part | HoeringsgrafError]]]:
    """Start mapping and validating the memos a chunk at a time: the chunks, and their results as they come, in order.

    Many memos go to worker processes. On Linux they are forked: they start without importing the tool again
    (about a second each) and share what this process has read (the organisations). They must be forked
    before this process starts a thread: call this before opening the store (RocksDB's threads) or drawing
    a progress bar. A process that already runs other threads (one that opened a store before) spawns them.
    A forked worker closes `lock`, the build lock's descriptor, which it would otherwise hold with this process.
    """
    workers = os.cpu_count() or 1
    size = max(CHUNK, min(CHUNK_MAX, -(-len(memos) // (4 * workers))))  # four chunks a worker or more: they finish together
    chunks = [memos[start : start + size] for start in range(0, len(memos), size)]
    checks = [[memo for memo in chunk if memo in check] for chunk in chunks]
    if len(memos) < PARALLEL_FROM:
        yield chunks, map(map_and_validate, [str(data_dir)] * len(chunks), chunks, checks)
        return
    method = "fork" if sys.platform == "linux" and _single_threaded() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=min(len(chunks), workers), mp_context=get_context(method), initializer=_worker_start,
        initargs=(lock if method == "fork" else None, os.getpid()),  # a spawned worker has no such descriptor
    )
    try:
        with stops_held():  # a stop that comes while the workers are forked is taken once they are
            # Ctrl-C reaches the whole process group: the workers inherit SIGINT ignored (Python keeps an
            # inherited SIG_IGN), and this process alone takes it, then stops the pool
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                results = pool.map(map_and_validate, [str(data_dir)] * len(chunks), chunks, checks)  # the workers start here
            finally:
                signal.signal(signal.SIGINT, previous)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise

    def then_stop() -> Iterator[Part | HoeringsgrafError]:
        yield from results
        pool.shutdown(wait=True)  # the workers' memory goes before the build lays out the report

    try:
        yield chunks, then_stop()
    except BrokenProcessPool as error:
        raise OutputError("a worker process of the build died (out of memory?); nothing was written") from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _single_threaded() -> bool:
    """Whether this process runs one thread, native ones counted (threading does not see RocksDB's)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _worker_start(lock: int | None, parent: int) -> None:
    """In a worker: end with the build (the kernel kills it when its parent dies, SIGKILL included; SIGTERM ends
    it at once), keep the garbage collector off what the worker starts with, and (forked) let go of the build
    lock's descriptor, shared with the process that forked it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by a fork
    release_stops()  # forked or spawned while the parent held them
    end_with_parent(parent)
    settle_collector()
    if lock is not None:
        try:
            os.close(lock)
        except OSError:
            pass


def _parts(
    chunks: list[list[str]], results: Iterator[Part | HoeringsgrafError], progress: bool, warnings: list[Problem], unreviewed: list[int]
) -> Iterator[Part]:
    """Each chunk's part, in order, its warnings added to `warnings` and its review marks counted in `unreviewed[0]`;
    the first error (in memo order) is raised."""
    bar: Any = None
    if progress:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("mapping and validating memos", total=sum(len(chunk) for chunk in chunks))
    try:
        for chunk, result in zip(chunks, results, strict=True):
            if isinstance(result, HoeringsgrafError):
                raise result
            if bar is not None:
                bar.advance(task, len(chunk))
            warnings += result.warnings
            unreviewed[0] += result.unreviewed
            yield result
    finally:
        if bar is not None:
            bar.stop()


class _Store:
    """The persistent store being written, loaded in batches by one thread (Oxigraph lets go of the GIL)."""

    def __init__(self, path: Path) -> None:
        try:
            self.store = ox.Store(str(path))
        except OSError as error:
            raise OutputError(f"cannot write the store {path}: {error}") from error
        self.loader = ThreadPoolExecutor(max_workers=1)
        self.pending: list[bytes] = []
        self.size = 0
        self.loads: list[Future[None]] = []

    def add(self, nquads: bytes, flush: bool = False) -> None:
        self.pending.append(nquads)
        self.size += len(nquads)
        if self.size >= LOAD_BATCH or flush:
            self.loads.append(self.loader.submit(self._load, b"".join(self.pending)))
            self.pending, self.size = [], 0

    def _load(self, payload: bytes) -> None:
        try:
            self.store.bulk_load(payload, format=ox.RdfFormat.N_QUADS, lenient=True)  # written by Oxigraph: valid
        except (OSError, RuntimeError) as error:  # RocksDB's own failures are RuntimeErrors
            raise OutputError(f"cannot write the store: {getattr(error, 'strerror', None) or error}") from error

    def compact(self) -> None:
        """After every load, on the loader's thread, compact the store (RocksDB's `optimize`), while the build lays out
        the report and the page. A store built from nothing is loaded chunk by chunk and holds its quads and strings in
        many files that overlap, and every look-up a query makes, and every term it gives, reads several of them (on
        1,000 memos the queries' look-ups and terms 1.7 and 2.5 times faster compacted). It took 43 s of the
        10,000-memo build after the page, one step after another; a rebuild's copy of a compacted store, a few memos
        replaced, is left to RocksDB."""
        if self.pending:
            self.add(b"", flush=True)
        self.loads.append(self.loader.submit(self._compact))

    def _compact(self) -> None:
        try:
            self.store.flush()
            self.store.optimize()
        except (OSError, RuntimeError) as error:  # RocksDB's own failures are RuntimeErrors
            raise OutputError(f"cannot write the store: {getattr(error, 'strerror', None) or error}") from error

    def finished(self) -> ox.Store:
        """The store, every load (and compaction) done."""
        self.finish()
        return self.store

    def finish(self) -> None:
        """Wait for every load; raise the first load's error (again, however often asked)."""
        if self.pending:
            self.add(b"", flush=True)
        for load in self.loads:
            load.result()

    def abandon(self) -> None:
        """Stop loading (the load under way finishes: RocksDB cannot be stopped mid-write), so the folder can go."""
        self.loader.shutdown(wait=True, cancel_futures=True)
        self.store = None  # type: ignore[assignment]  # RocksDB's files are let go of with the last reference


def build_into(data_dir: Path, out_dir: Path, progress: bool = False, force: bool = False) -> BuildResult:
    """The whole build: read, derive, validate what changed, write a new version of the folder, and point the
    folder at it only when all of it is written (graph.builder.folder).

    When the folder's current version was built by this code from the same organisations, and fewer than half the
    memos were added, changed or removed since, the new version starts as a copy of it (the store's checkpoint:
    hard links; the precomputed file's copy) and only those memos are mapped, validated and loaded again, their
    named graphs replaced (`rebuild`); else every memo is (`--force` too)."""
    with folder.build_lock(out_dir) as lock:
        fresh, previous, found = folder.inspect(data_dir, out_dir)
        if fresh and not force:
            return BuildResult(None)
        files = found["files"] if found is not None else {}
        hashes = folder.memo_hashes(data_dir, files) if files else {}
        if not hashes:
            load_data(data_dir)  # says what is missing
        shared = build_graph(data_dir, memos=set(), keep_documents=True)  # the organisations (checked) and the ontology
        settle_collector()
        previous = None if force else previous
        known: dict[str, str] = previous.get("validated", {}) if previous is not None else {}
        changed = sorted(memo for memo, digest in hashes.items() if known.get(memo) != digest)
        removed = sorted(set(known) - set(hashes))
        if previous is not None and len(changed) + len(removed) > len(hashes) / 2:
            previous = None  # most memos again: a build from nothing is cheaper than replacing them one by one
        mapped = changed if previous is not None else sorted(hashes)
        check = set(mapped) - folder.already_valid(out_dir, hashes)
        build = uuid.uuid4().hex  # names this build: its version folder, its manifest and its report index
        version = folder.begin_version(out_dir, build)
        targets = {key: version / name for key, name in folder.OUTPUTS.items()}
        disk: _Store | None = None
        warnings: list[Problem] = []
        unreviewed = [0]
        try:
            with _mapping(data_dir, mapped, check, lock) as (chunks, results):
                parts = _parts(chunks, results, progress, warnings, unreviewed)
                if previous is None:
                    disk = _Store(version / f".{folder.STORE_DIR}-new")
                    counts = _write(shared, parts, disk, targets, build)
                else:
                    disk = _Store(folder.copy_store(Path(previous["folder"]), version / f".{folder.STORE_DIR}-new"))
                    for memo in [*changed, *removed]:
                        disk.store.remove_graph(ox.NamedNode(memo_graph_iri(memo)))
                    counts = _write(shared, parts, disk, targets, build, Path(previous["folder"]) / folder.OUTPUTS["reports"],
                                    [*changed, *removed])
                folder.finish_store(disk.finished(), version)
                disk.abandon()
                shutil.rmtree(version / f".{folder.STORE_DIR}-new", ignore_errors=True)
            folder.commit_version(out_dir, version, data_dir, hashes, build, found or {"files": files})
        except BaseException:
            if disk is not None:
                disk.abandon()
            if folder.current_version(out_dir) != version:
                folder.abandon_version(version)
            raise
    written: dict[str, Path] = {key: out_dir / name for key, name in folder.OUTPUTS.items()}
    return BuildResult(counts, {**written, "store": out_dir / folder.STORE_DIR}, len(check), warnings, unreviewed[0],
                       mapped=len(mapped), rebuilt=previous is not None, removed=len(removed) if previous is not None else 0)


def _write(
    built: BuiltGraph, parts: Iterator[Part], disk: _Store, temps: dict[str, Path], build: str, previous: Path | None = None,
    dropped: list[str] | None = None,
) -> dict[str, Any]:
    """Feed the store and the precomputed file part by part (a new store gets the shared graphs first), then the view;
    the build's counts: the shared organisations' and each memo's (kept in the precomputed file), added up."""
    shared = built.store
    total = tally(shared)
    if previous is None:
        # parsed here, not loaded: Oxigraph's loads label blank nodes (the ontology's) anew, at random
        disk.store.bulk_extend(ox.parse(shared.dump(format=ox.RdfFormat.N_QUADS) or b"", format=ox.RdfFormat.N_QUADS))
    with closing(Writer(temps["reports"], build, previous, dropped or ())) as precomputed:
        for part in parts:
            disk.add(part.nquads)
            precomputed.add(part.answers)
        if previous is None:
            disk.compact()
        precomputed.finish()
        total.add(precomputed.totals())
        # the whole network when it fits in one page, read from the store once its loads and compaction are done;
        # else the aggregated page, drawn meanwhile from each memo's part as the precomputed file keeps it (a rebuild
        # reads the others' parts, not their graphs); never read into rdflib. store_page does not read the store
        # it is given: the size is given too
        def union() -> Graph:
            source = disk.finished()
            return union_graph(source, data_graphs(source))

        html = store_page(disk.store, union, size=len(total.view_nodes), corpus=precomputed.corpus).html
    temps["view"].write_text(html, encoding="utf-8")
    return total.summary()
