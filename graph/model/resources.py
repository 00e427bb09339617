"""Where the tool finds the ontology's files: the source tree's, or the copy inside an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the graph package


def ontology_dir() -> Path:
    """The ontology folder: the source tree's, or the copy inside an installed wheel."""
    for candidate in (PACKAGE.parent / "ontology", PACKAGE / "ontology"):
        if (candidate / "context.jsonld").is_file():
            return candidate
    raise FileNotFoundError("the ontology folder is missing from this installation")


def ontology_file() -> Path:
    return ontology_dir() / "hoeringsgraf.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def context_file() -> Path:
    return ontology_dir() / "context.jsonld"
