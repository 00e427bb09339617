"""Where the tool finds its own files (ontology, shapes, rules, queries)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The ontology folder: the source tree's, or the copy inside an installed wheel."""
    for candidate in (_PACKAGE.parent / "ontology", _PACKAGE / "ontology"):
        if (candidate / "context.jsonld").is_file():
            return candidate
    raise FileNotFoundError("the ontology folder is missing from this installation")


def ontology_file() -> Path:
    return ontology_dir() / "hoeringsgraf.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def context_file() -> Path:
    return ontology_dir() / "context.jsonld"


def rules_dir() -> Path:
    return _PACKAGE / "rules"
