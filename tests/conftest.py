"""Shared fixtures: the memo's graph is built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
MEMO_ID = "ishoej-2023"
MEMO_DIR = DATA / "memos" / MEMO_ID
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


def missing_part(reason: str) -> NoReturn:
    """What a test needs from the machine is missing (a browser, a server): the test fails under CI=true, where
    `.ci/run` installs it, and is skipped on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built():
    """The bundled memo's graph, with the ontology, built once."""
    from graph.builder.assemble import build_graph

    return build_graph(DATA)


@pytest.fixture(scope="session")
def memo_graph(built):
    """The union of the data graphs (no ontology)."""
    return built.union()


@pytest.fixture(scope="session")
def source_text() -> str:
    return (MEMO_DIR / "source.txt").read_text(encoding="utf-8")


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A writable copy of the small valid data folder."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/: the organisations and the Ishøj memo, for a test to edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied data file: `old` must occur in it exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
