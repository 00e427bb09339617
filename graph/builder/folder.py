"""The build folder: versions of a build (each a persistent Oxigraph store and the files), one pointer to the current one.

    build/.lock                      held by the one build writing the folder
    build/current -> versions/ID     the pointer: a symbolic link, replaced in one rename
    build/versions/ID/               one build: store/, manifest.json, the Turtle, TriG, JSON-LD, view, reports.sqlite
    build/store, build/network.html, … -> current/…   fixed links, so users find the files where they always were

A build writes a new version folder beside the current one and points `current` at it only when
everything, its manifest last, is written there. A reader resolves `current` once and reads that version
folder alone, so a reader opening the store while a build swaps it sees the old build or the new one,
whole; a version the pointer has left is removed by the next build but one (a reader still in it keeps
reading). A build killed at any moment (SIGKILL included) leaves the previous version current and whole;
the next build removes what the killed one left.

One freshness rule for everything in the folder (fresh_manifest): the manifest records a hash of the
content of each data file it was built from and a hash of everything else that shapes the outputs
(code_hash: every file of the installed `graph` package, the ontology, shapes and context, and the
versions of the tool, pyoxigraph and rdflib). A folder is fresh when both are as they are now, and its
store's files are those the build wrote (sizes for a reader; contents for `build`, which rebuilds a
damaged store instead of calling it up to date).

A file's content hash is lent from the manifest, not read again, while the file is provably the one that was
hashed (`Hashes`: the same device, inode, size, modification time and status-change time, which any write
moves and no program can set; the rules against a second write in the same clock tick, and the one limit, of
RocksDB's table files, are there).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph import __version__
from graph.base.errors import OutputError
from graph.model.layout import MEMOS_DIR, ORGANISATIONS_FILE, memo_dirs
from graph.model.resources import PACKAGE, ontology_dir

STORE_DIR = "store"
MANIFEST = "manifest.json"
LOCK = ".lock"
CURRENT = "current"
VERSIONS = "versions"
# what `build` writes in a version folder besides the store and its manifest
# (the whole graph as Turtle, TriG or JSON-LD is written by `hoeringsgraf export`, not by every build: a rebuild
# after one memo changed would otherwise write every memo again)
OUTPUTS = {
    "view": "network.html",
    "reports": "reports.sqlite",  # what the build precomputed for fast reads (graph.builder.precomputed)
}
LINKED = (STORE_DIR, MANIFEST, *OUTPUTS.values())  # build/NAME -> current/NAME
LIBRARIES = ("pyoxigraph", "rdflib")  # whose versions shape the outputs: the engine, the parsers and serialisers


def _digest(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


SETTLED_NS = 2 * 10**9  # a data file whose times are older than this when it is looked at is lent its hash later


class Hashes:
    """Content hashes of files, each lent from a manifest while the file is provably the one it hashed.

    The manifest keeps, for files its build hashed, the file's identity and times with the hash (`hashed`: device,
    inode, size, modification and status-change time in ns, hash). A file whose identity and times are all as
    recorded has the recorded content, since any write moves its status-change time, and so does a `utime` or
    `touch` that puts the modification time back (no program can set it). That holds unless a second write fell
    in the same tick of the filesystem's clock as the one recorded, so an entry is lent only when that cannot be:
    - a data file (`fingerprint`) is recorded only if its times were more than SETTLED_NS older than the moment
      this process began to look (a write after the look moves them to that moment or later);
    - a file of the build's own version (its store and outputs, hashed by `commit_version` once they are
      written and closed, in a folder no one else writes) is lent only if its times are older than the
      manifest written after it (the racy-git rule).
    Timestamps must come from this machine's clock (a local filesystem; over NFS a server's clock far behind
    ours could make a write look settled).

    RocksDB's table files (`table=True`, from `_store_files`) are compared without their status-change time: the
    checkpoint of the next version links them, which moves it, and RocksDB never writes a table file again once
    it is written. A write by anyone else still moves the modification time; one that puts it back too (`cp -p`
    over the file, `rsync --inplace -t`), or a fault of the disk, is not seen here but by RocksDB's checksums,
    when a query reads the damaged block. On 10,000 memos this is what keeps a build with nothing to do, and the
    freshness check that opens every report, from reading 3.5 GB of store and outputs and 20,000 data files.
    """

    def __init__(self, manifest: dict[str, Any] | None = None) -> None:
        self.started = time.time_ns()  # before any file is looked at
        self.lent: dict[tuple[int, ...], str] = {}
        self.seen: list[list[Any]] = []  # what this process hashed or was lent, in the manifest's form
        recorded = (manifest or {}).get("hashed")
        if not isinstance(recorded, list) or not isinstance((manifest or {}).get("folder"), str):
            return
        try:
            written = (Path(manifest["folder"]) / MANIFEST).stat().st_mtime_ns  # type: ignore[index]
        except OSError:
            return
        for entry in recorded:
            if (isinstance(entry, list) and len(entry) == 6 and all(type(value) is int for value in entry[:5])
                    and isinstance(entry[5], str) and max(entry[3], entry[4]) < written):
                self.lent[tuple(entry[:5])] = entry[5]

    def __call__(self, path: str | Path, *, table: bool = False) -> str:
        status = os.stat(path)  # before the content is read: a write meanwhile leaves a record that will not match
        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, 0 if table else status.st_ctime_ns)
        digest = self.lent.get(key) or _digest(path)
        self.seen.append([*key, digest])
        return digest

    def settled(self, entries: list[list[Any]]) -> list[list[Any]]:
        """The entries of files whose times were older than SETTLED_NS before this process began to look."""
        return [entry for entry in entries if max(entry[3], entry[4]) < self.started - SETTLED_NS]


def fingerprint(data_dir: Path, hashes: Hashes | None = None) -> dict[str, Any]:
    """What the data is now: a hash of the content of each file (an edit that keeps a file's size and time is seen),
    lent by `hashes` where it can be.

    With os.scandir, not pathlib: every report starts by asking this, and on 10,000 memos pathlib's
    objects cost more than the system calls.
    """
    root = data_dir.resolve()
    hashes = hashes if hashes is not None else Hashes()

    def digest(path: str, link: bool) -> str:
        if link and not Path(path).resolve().is_relative_to(root):
            return "a link out of the data folder"  # never fresh: reading the data refuses it, with its own line
        return hashes(path)

    organisations = data_dir / ORGANISATIONS_FILE
    first = len(hashes.seen)
    files = {ORGANISATIONS_FILE: digest(str(organisations), organisations.is_symlink())}
    for folder in memo_dirs(data_dir):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file():
                    files[f"{MEMOS_DIR}/{folder.name}/{entry.name}"] = digest(entry.path, entry.is_symlink())
    return {"data": str(data_dir.resolve()), "files": dict(sorted(files.items())), "hashed": hashes.settled(hashes.seen[first:])}


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


def _installed(library: str) -> str:
    """The installed version of a library, from its distribution's folder name, without importing it (rdflib takes
    0.15 s to import, importlib.metadata 24 ms: this runs at the start of every report)."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        return "-"
    beside = Path(spec.origin).resolve().parent.parent
    return ",".join(sorted(found.name.removesuffix(".dist-info") for found in beside.glob(f"{library}-*.dist-info"))) or "-"


@cache
def code_hash() -> str:
    """Everything besides the data that shapes what a build writes and what is read from it: every file of the
    installed `graph` package (code, rules, queries, templates), the ontology's files (ontology, shapes, context),
    and the versions of the tool and of the libraries that parse, evaluate and serialise. About 3 ms."""
    digest = hashlib.sha256(__version__.encode())
    for library in LIBRARIES:
        digest.update(f"{library} {_installed(library)}".encode())
    for root in (PACKAGE, ontology_dir()):
        for path in _files_under(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def memo_hashes(data_dir: Path, files: dict[str, str] | None = None) -> dict[str, str]:
    """A content hash per memo: its folder's files and the shared organisations it refers to (from `fingerprint`'s
    hashes of the files, read once)."""
    files = fingerprint(data_dir)["files"] if files is None else files
    organisations = files[ORGANISATIONS_FILE]
    hashes: dict[str, hashlib._Hash] = {}
    for name, digest in files.items():
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == MEMOS_DIR:
            memo = hashes.setdefault(parts[1], hashlib.sha256(organisations.encode()))
            memo.update(f"{parts[2]}\0{digest}\0".encode())
    return {memo: digest.hexdigest() for memo, digest in sorted(hashes.items())}


# --- the pointer and the versions ----------------------------------------------------


def current_version(out_dir: Path) -> Path | None:
    """The version folder `current` points at now, or None (no build yet, or a folder of another layout)."""
    try:
        target = os.readlink(out_dir / CURRENT)
    except OSError:
        return None
    return out_dir / target


def _read_manifest_in(version: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {**loaded, "folder": str(version)}


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The current version's manifest, with `folder`: the version folder it describes (read that one, not
    build/…, which may point at a newer version by the time it is opened); {} if there is none."""
    version = current_version(out_dir)
    return _read_manifest_in(version) if version is not None else {}


def already_valid(out_dir: Path, hashes: dict[str, str]) -> set[str]:
    """The memos the last build validated with the same content, shapes and code."""
    manifest = read_manifest(out_dir)
    if manifest.get("code") != code_hash():
        return set()
    known = manifest.get("validated", {})
    return {memo for memo, digest in hashes.items() if known.get(memo) == digest}


@contextmanager
def build_lock(out_dir: Path) -> Iterator[int]:
    """One build at a time writes a build folder; a failed first build leaves no folder behind.

    Yields the lock file's descriptor: a forked worker process shares the lock and must close it, or a worker
    left behind by a killed build would keep every later build out. (The lock is the kernel's: a killed build
    holds it no more, though its .lock file stays.)
    """
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / LOCK).open("w")
    except OSError as error:
        raise OutputError(f"cannot write {out_dir}: {error.strerror}") from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise OutputError(f"another build is writing {out_dir} (it holds {out_dir / LOCK}); wait for it to finish") from error
        try:
            yield handle.fileno()
        finally:
            (out_dir / LOCK).unlink(missing_ok=True)
            if created and not any(out_dir.iterdir()):
                out_dir.rmdir()


def _kept(out_dir: Path) -> set[str]:
    """The versions a build keeps: the current one and the one before it (a reader may still be in it)."""
    version = current_version(out_dir)
    if version is None:
        return set()
    previous = _read_manifest_in(version).get("previous")
    return {version.name} | ({previous} if isinstance(previous, str) else set())


def clean(out_dir: Path) -> None:
    """Under the build lock: remove what interrupted builds left (versions never made current, temporary files
    and links, the folders of the layout before versions) and versions older than the one before the current."""
    kept = _kept(out_dir)
    versions = out_dir / VERSIONS
    if versions.is_dir():
        for version in versions.iterdir():
            if version.name not in kept:
                shutil.rmtree(version, ignore_errors=True)
    for stale in [*out_dir.glob(f".{STORE_DIR}-*"), *out_dir.glob(".*.tmp"), *out_dir.glob(f".{CURRENT}-*")]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def begin_version(out_dir: Path, build: str) -> Path:
    """A new, empty version folder for this build, after cleaning what earlier builds left."""
    clean(out_dir)
    version = out_dir / VERSIONS / build
    try:
        version.mkdir(parents=True)
    except OSError as error:
        raise OutputError(f"cannot write {version}: {error.strerror or error}") from error
    return version


def abandon_version(version: Path) -> None:
    """Remove a version that failed (and the versions folder, if it was the first)."""
    shutil.rmtree(version, ignore_errors=True)
    with suppress(OSError):
        version.parent.rmdir()  # only if empty


def inspect(data_dir: Path, out_dir: Path) -> tuple[bool, dict[str, Any] | None, dict[str, Any] | None]:
    """Under the build lock: whether the folder is up to date (as up_to_date); the current version's manifest if
    a build may start from it (written by this code, its store's files and outputs, by content, those its build
    wrote), else None; and what the data is now (`fingerprint`), None if there is no organisations file.
    Every file is hashed once, or its hash lent (`Hashes`)."""
    manifest = read_manifest(out_dir)
    hashes = Hashes(manifest)
    current = fingerprint(data_dir, hashes) if (data_dir / ORGANISATIONS_FILE).is_file() else None
    if not manifest or manifest.get("code") != code_hash() or not isinstance(manifest.get("validated"), dict):
        return False, None, current
    version = Path(manifest["folder"])
    try:
        whole = manifest.get("outputs") == _outputs(version, hashes) and _matches(
            manifest.get("store"), _store_files(version / STORE_DIR, hashes), True)
    except OSError:
        whole = False
    if not whole:
        return False, None, current
    fresh = current is not None and manifest.get("data") == current["data"] and manifest.get("files") == current["files"]
    return fresh, manifest, current


def copy_store(version: Path, target: Path) -> Path:
    """The store of a version, copied to `target` to be changed (RocksDB's checkpoint: its immutable files are hard
    links, so this costs next to nothing; the version's own store is left as it was)."""
    try:
        ox.Store.read_only(str(version / STORE_DIR)).backup(str(target))
    except (OSError, RuntimeError) as error:
        raise OutputError(f"cannot copy the store of {version}: {error}") from error
    return target


def finish_store(store: ox.Store, version: Path) -> Path:
    """The store the build wrote in `fresh`, as a snapshot at version/store (RocksDB's checkpoint: hard links).

    The snapshot is what is read, not the folder the build wrote: RocksDB may still be compacting that one
    after the last write."""
    target = version / STORE_DIR
    try:
        store.flush()
        store.backup(str(target))
    except OSError as error:
        raise OutputError(f"cannot write the store {target}: {error.strerror or error}") from error
    return target


def _store_files(store: Path, hashes: Hashes | None = None) -> dict[str, list[Any]]:
    """The store's files: size, and (given `hashes`) a hash of each."""
    found: dict[str, list[Any]] = {}
    for path in sorted(store.rglob("*")):
        if path.is_file() and path.name != "LOCK" and not path.name.startswith("LOG"):
            size = path.stat().st_size
            found[str(path.relative_to(store))] = [size] if hashes is None else [size, hashes(path, table=path.suffix == ".sst")]
    return found


def _outputs(version: Path, hashes: Hashes) -> dict[str, str]:
    """A hash of each output of the version."""
    return {name: hashes(version / name) for name in sorted(OUTPUTS.values())}


def commit_version(out_dir: Path, version: Path, data_dir: Path, validated: dict[str, str], build: str, data: dict[str, Any]) -> None:
    """Write the version's manifest (what it was built from, `data` as `fingerprint` found it, by which code, which
    memos it validated, its store's files and outputs, with what lends their hashes) and point `current` at it:
    one rename. Then the fixed links, and the versions no longer kept go. The store's table files the checkpoint
    linked from the previous version lend their hashes from its manifest (`Hashes`)."""
    previous = current_version(out_dir)
    lender = Hashes(_read_manifest_in(previous) if previous is not None else None)
    store, outputs = _store_files(version / STORE_DIR, lender), _outputs(version, lender)
    manifest = {
        "data": str(data_dir.resolve()),
        "files": data["files"],
        "code": code_hash(),
        "validated": validated,
        "build": build,
        "previous": previous.name if previous is not None else None,
        "store": store,
        "outputs": outputs,
        "hashed": [*data.get("hashed", []), *lender.seen],
    }
    try:
        # compact: it lists every file hashed (20,000 data files at 10,000 memos), and every report reads it
        (version / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        _fsync_tree(version)
        _replace_link(out_dir / CURRENT, f"{VERSIONS}/{build}", out_dir)
        for name in LINKED:
            place = out_dir / name
            if not (place.is_symlink() and os.readlink(place) == f"{CURRENT}/{name}"):
                if place.is_dir() and not place.is_symlink():
                    shutil.rmtree(place)  # the store of the layout before versions
                _replace_link(place, f"{CURRENT}/{name}", out_dir)
    except OSError as error:
        raise OutputError(f"cannot write {out_dir}: {error.strerror or error}") from error
    clean(out_dir)


def _replace_link(place: Path, target: str, out_dir: Path) -> None:
    """Point `place` at `target` in one rename (a new link beside it, renamed over it)."""
    temp = out_dir / f".{CURRENT}-{os.getpid()}-{place.name}"
    with suppress(FileNotFoundError):
        temp.unlink()
    os.symlink(target, temp)
    os.replace(temp, place)


def _fsync_tree(folder: Path) -> None:
    """Flush the version's files to disk before the pointer names it: a crash of the machine does not leave a
    pointer to files that were never written."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


# --- reading: the one freshness rule ---------------------------------------------------


def fresh_manifest(data_dir: Path, out_dir: Path, *, contents: bool = False) -> dict[str, Any] | None:
    """The current version's manifest if the folder is fresh (the one freshness rule): built from the data as it
    is now (file contents), by this code, its store's files those the build wrote (by size; with `contents`, the
    store's and the outputs' by hash, as `build` asks); else None. The manifest's `folder` is the version to read."""
    for attempt in (0, 1):  # a build may move the pointer and remove the version between two steps: once more
        manifest = read_manifest(out_dir)
        if not manifest or manifest.get("code") != code_hash() or not (data_dir / ORGANISATIONS_FILE).is_file():
            if attempt == 0 and manifest and current_version(out_dir) != Path(manifest["folder"]):
                continue
            return None
        version = Path(manifest["folder"])
        hashes = Hashes(manifest)
        try:
            current = fingerprint(data_dir, hashes)
            whole = (
                manifest.get("data") == current["data"]
                and manifest.get("files") == current["files"]
                and (not contents or manifest.get("outputs") == _outputs(version, hashes))
                and _matches(manifest.get("store"), _store_files(version / STORE_DIR, hashes if contents else None), contents)
            )
        except OSError:
            whole = False
        if whole:
            return manifest
        if current_version(out_dir) == version:
            return None
    return None


def _matches(recorded: Any, found: dict[str, list[Any]], contents: bool) -> bool:
    """Whether the store's files are those recorded: by size, or (contents) by size and hash."""
    if not isinstance(recorded, dict) or not found:
        return False
    width = 2 if contents else 1
    return {name: list(value[:width]) for name, value in recorded.items()} == {name: value[:width] for name, value in found.items()}


def up_to_date(data_dir: Path, out_dir: Path) -> bool:
    """Whether `build` has nothing to do: the folder is fresh and its store's files and outputs are, by content,
    those its build wrote (a damaged folder is built again)."""
    return fresh_manifest(data_dir, out_dir, contents=True) is not None


def fresh_build(data_dir: Path, out_dir: Path) -> tuple[ox.Store, dict[str, Any]] | None:
    """The current version's store, read-only, and its manifest, if the folder is fresh; None if it is not, or its
    store cannot be opened (damaged: the caller builds the graph from data/ instead)."""
    for _attempt in (0, 1):  # the version may go between reading its manifest and opening its store: once more
        manifest = fresh_manifest(data_dir, out_dir)
        if manifest is None:
            return None
        try:
            return ox.Store.read_only(str(Path(manifest["folder"]) / STORE_DIR)), manifest
        except (OSError, RuntimeError):  # gone meanwhile, or damaged (RocksDB's "Corruption" is a RuntimeError)
            continue
    return None
