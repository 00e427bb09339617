"""One freshness rule: a build folder is read, and `build` says it is up to date, only while the data and
everything else that shapes the outputs (every file of the `graph` package, the ontology, library versions)
are as they were when it was built.

The tool is run from a copy of its own code, so that a test can change the code as an upgrade would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.builder import folder

from .conftest import DATA, REPO

ALWAYS_ANSWERED = '''PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
INSERT { GRAPH ?memo { ?statement hg:status hg:Answered } }
WHERE { GRAPH ?memo { ?statement a hg:Statement } }
'''


@pytest.fixture
def tool(tmp_path: Path) -> Path:
    """A copy of the tool's code and ontology, run as `python -c` with the copy first on the path."""
    copy = tmp_path / "tool"
    shutil.copytree(REPO / "graph", copy / "graph", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "ontology", copy / "ontology")
    shutil.copy(REPO / "cli.py", copy / "cli.py")
    return copy


def _run(tool: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = f"import sys; sys.path.insert(0, {str(tool)!r}); import graph; assert graph.__file__.startswith({str(tool)!r}); import cli; cli.main()"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300, cwd=tool, check=False)


def _statuses(tool: Path, out: Path) -> dict[str, str]:
    query = "SELECT ?status (COUNT(?s) AS ?n) WHERE { ?s hg:status ?status } GROUP BY ?status ORDER BY ?status"
    result = _run(tool, "query", "-e", query, "-f", "json", "--data", str(DATA), "--build", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # read from the build folder, not built again in memory
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {row["status"]["value"].rsplit("#", 1)[1]: row["n"]["value"] for row in rows}


def test_a_changed_status_rule_is_built_again_and_read(tool: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = _run(tool, "build", "--data", str(DATA), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "statuses: answered 17, resolved 3, unanswered 11" in first.stderr
    assert "is up to date" in _run(tool, "build", "--data", str(DATA), "--out", str(out)).stderr
    assert _statuses(tool, out) == {"Answered": "17", "Resolved": "3", "Unanswered": "11"}

    (tool / "graph" / "builder" / "rules" / "status.ru").write_text(ALWAYS_ANSWERED, encoding="utf-8")  # an upgrade of the rule
    before = _run(tool, "query", "-e", "SELECT ?s WHERE { ?s hg:status hg:Resolved }", "-f", "csv", "--data", str(DATA),
                  "--build", str(out))
    assert before.returncode == 0 and before.stdout.count("\n") == 1  # the old build is not read: asked of the graph built now
    again = _run(tool, "build", "--data", str(DATA), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "is up to date" not in again.stderr
    assert "statuses: answered 31" in again.stderr
    assert "validated 1 memo(s)" in again.stderr  # the rules shape what is validated: checked again
    assert _statuses(tool, out) == {"Answered": "31"}


@pytest.mark.parametrize("change", ["a query", "a template", "the shapes"])
def test_any_file_of_the_tool_makes_a_build_stale(tool: Path, tmp_path: Path, change: str) -> None:
    out = tmp_path / "build"
    assert _run(tool, "build", "--data", str(DATA), "--out", str(out), "-q").returncode == 0
    target = {"a query": tool / "graph" / "queries" / "dates.rq", "a template": tool / "graph" / "view" / "templates" / "network.css",
              "the shapes": tool / "ontology" / "shapes.ttl"}[change]
    target.write_text(target.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    again = _run(tool, "build", "--data", str(DATA), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "is up to date" not in again.stderr and "built 1 memo(s)" in again.stderr


def test_the_code_hash_names_the_libraries_and_every_file_of_the_package() -> None:
    digest = folder.code_hash()
    assert len(digest) == 64
    assert folder.LIBRARIES == ("pyoxigraph", "rdflib")
    files = {path.name for path in folder._files_under(REPO / "graph")}
    assert {"status.ru", "dates.rq", "network.js", "pipeline.py", "precomputed.py"} <= files
