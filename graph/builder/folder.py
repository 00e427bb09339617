"""The build folder: a persistent Oxigraph store, the files, what it was built from, and which memos are known valid.

A build writes a new store beside the old one and swaps them only when everything
else has been written, so a failed or interrupted build leaves the previous store
usable. `query`, `report` and `view` read the build folder when it is fresh, and
otherwise build the graph in memory from data/.

One freshness rule for everything in the folder (fresh_manifest): the manifest, written last by a build,
records the data files it was built from and a hash of everything else that shapes the outputs (code_hash:
every file of the installed `graph` package, the ontology, shapes and context, and the versions of the
tool, pyoxigraph and rdflib). A folder is fresh when both are as they are now.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph import __version__
from graph.base.errors import OutputError
from graph.base.files import write_text_atomically
from graph.model.layout import MEMOS_DIR, ORGANISATIONS_FILE, memo_dirs
from graph.model.resources import PACKAGE, ontology_dir

STORE_DIR = "store"
MANIFEST = "manifest.json"
LOCK = ".lock"
# what `build` writes under the build folder besides the store and its manifest
OUTPUTS = {
    "turtle": "hoeringsgraf.ttl", "jsonld": "hoeringsgraf.jsonld", "trig": "hoeringsgraf.trig", "view": "network.html",
    "reports": "reports.sqlite",  # what the build precomputed for fast reads (graph.builder.precomputed)
}
LIBRARIES = ("pyoxigraph", "rdflib")  # whose versions shape the outputs: the engine, the parsers and serialisers


def fingerprint(data_dir: Path) -> dict[str, Any]:
    """What the data looks like now, cheaply: each file's size and modification time.

    With os.scandir, not pathlib: every report starts by asking this, and on 10,000 memos pathlib's
    objects cost more than the system calls.
    """
    files = {}
    organisations = os.stat(data_dir / ORGANISATIONS_FILE)
    files[ORGANISATIONS_FILE] = [organisations.st_mtime_ns, organisations.st_size]
    for folder in memo_dirs(data_dir):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file():
                    stat = entry.stat()
                    files[f"{MEMOS_DIR}/{folder.name}/{entry.name}"] = [stat.st_mtime_ns, stat.st_size]
    return {"data": str(data_dir.resolve()), "files": dict(sorted(files.items()))}


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


def memo_hashes(data_dir: Path) -> dict[str, str]:
    """A content hash per memo (its folder's files, and the shared organisations it refers to)."""
    organisations = (data_dir / ORGANISATIONS_FILE).read_bytes()
    hashes = {}
    for folder in memo_dirs(data_dir):
        digest = hashlib.sha256(organisations)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        hashes[folder.name] = digest.hexdigest()
    return hashes


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return loaded if isinstance(loaded, dict) else {}
    except (OSError, ValueError):
        return {}


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
    left behind by a killed build would keep every later build out.
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


def begin_store(out_dir: Path) -> Path:
    """An empty folder for the new store beside the current one.

    Under the build lock: folders left by an interrupted build are removed first.
    """
    for stale in out_dir.glob(f".{STORE_DIR}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    fresh = out_dir / "unset"
    try:
        # a new name each time: RocksDB refuses a path this process opened before, even once renamed
        fresh = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}-new-", dir=out_dir))
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise OutputError(f"cannot write the store {out_dir / STORE_DIR}: {error.strerror or error}") from error
    return fresh


def finish_store(store: ox.Store, fresh: Path, out_dir: Path) -> Path:
    """Swap the new store in, as a snapshot; the old one stays until the new one is in place.

    The snapshot (RocksDB's checkpoint: hard links) is what goes in place, not the folder the build wrote:
    RocksDB may still be compacting that one after the last write, by its old name.
    """
    target = out_dir / STORE_DIR
    old = out_dir / f".{STORE_DIR}-old-{os.getpid()}"
    snapshot = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}-ready-", dir=out_dir))
    try:
        store.flush()
        snapshot.rmdir()
        store.backup(str(snapshot))
        if target.exists():
            target.rename(old)
        snapshot.rename(target)
    except BaseException as error:  # Ctrl-C between the two renames too: the old store goes back
        shutil.rmtree(snapshot, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write the store {target}: {error.strerror or error}") from error
        raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return target


def write_manifest(out_dir: Path, data_dir: Path, hashes: dict[str, str], build: str) -> None:
    """Written last: what the build was made from, by which code, which memos it validated, and its id (what the
    build precomputed carries it too)."""
    manifest = {**fingerprint(data_dir), "code": code_hash(), "validated": hashes, "build": build, "outputs": _outputs(out_dir)}
    write_text_atomically(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))


def fresh_manifest(data_dir: Path, out_dir: Path) -> dict[str, Any] | None:
    """The build folder's manifest if the folder is fresh: built from the data as it is now, by this code (the one
    freshness rule); else None."""
    manifest = read_manifest(out_dir)
    if not manifest or manifest.get("code") != code_hash() or not (data_dir / ORGANISATIONS_FILE).is_file():
        return None
    current = fingerprint(data_dir)
    return manifest if all(manifest.get(key) == current[key] for key in ("data", "files")) else None


def _outputs(out_dir: Path) -> dict[str, list[int]] | None:
    """Each output file's modification time and size, as the build left them; None if one is missing."""
    try:
        return {name: [(stat := os.stat(out_dir / name)).st_mtime_ns, stat.st_size] for name in sorted(OUTPUTS.values())}
    except OSError:
        return None


def up_to_date(data_dir: Path, out_dir: Path) -> bool:
    """Whether `build` has nothing to do: the folder is fresh, its store there, and its files those its build wrote
    (not another build's, stopped before its manifest)."""
    manifest = fresh_manifest(data_dir, out_dir)
    return manifest is not None and (out_dir / STORE_DIR).is_dir() and manifest.get("outputs") == _outputs(out_dir)


def fresh_build(data_dir: Path, out_dir: Path) -> tuple[ox.Store, dict[str, Any]] | None:
    """The build folder's store, read-only, and its manifest, if the folder is fresh (the data files are looked
    at once: 20,000 of them for 10,000 memos)."""
    path = out_dir / STORE_DIR
    manifest = fresh_manifest(data_dir, out_dir) if path.is_dir() else None
    if manifest is None:
        return None
    try:
        return ox.Store.read_only(str(path)), manifest
    except OSError as error:
        raise OutputError(f"cannot open the store {path}: {error}") from error
