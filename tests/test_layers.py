"""The house: the import graph of `graph/` and `cli.py` has no circle, and every import points down a layer.

Read with the standard library's `ast` from the package's own source, every import counted (a function-level
import too: one that only dodged a circle would point up a layer and fail here).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent
# each folder of graph/ is one layer; a module imports its own folder's modules or those of a lower layer
LAYERS = {
    "graph": 0, "graph.base": 0, "graph.model": 1, "graph.engine": 2, "graph.ingest": 2, "graph.queries": 3, "graph.reports": 4,
    "graph.view": 5, "graph.builder": 6, "graph.sources": 7, "graph.commands": 8, "cli": 9,
}


def _modules() -> dict[str, Path]:
    found = {"cli": REPO / "cli.py"}
    for path in sorted((REPO / "graph").rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package this module imports, wherever in it the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            targets |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {target for target in targets if target in known and target != name}


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    known = _modules()
    graph = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(name, path, known))
    return graph


def _layer(module: str) -> str:
    folder = module if module in LAYERS else module.rpartition(".")[0]
    assert folder in LAYERS, f"{module} is in no layer: add its folder to LAYERS"
    return folder


def test_the_package_has_no_import_circle(imports: nx.DiGraph) -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert circles == []
    assert imports.number_of_edges() > 50  # the graph was read


def test_every_import_points_down_a_layer(imports: nx.DiGraph) -> None:
    upward = []
    for source, target in imports.edges:
        if _layer(source) != _layer(target) and LAYERS[_layer(source)] <= LAYERS[_layer(target)]:
            upward.append(f"{source} -> {target}")
    assert upward == []


def test_the_check_sees_an_import_that_points_up(tmp_path: Path) -> None:
    """The checks can fail: an engine module importing the build would be an upward arrow and a circle."""
    known = _modules()
    source = tmp_path / "embedded.py"
    source.write_text("def f():\n    from graph.builder.pipeline import build_into\n", encoding="utf-8")
    found = _imports("graph.engine.embedded", source, known)
    assert found == {"graph.builder.pipeline"}
    assert LAYERS[_layer("graph.engine.embedded")] < LAYERS[_layer("graph.builder.pipeline")]
