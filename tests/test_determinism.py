"""Every output is the same bytes for the same data, whatever the interpreter's hash seed (PYTHONHASHSEED)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import write_corpus

from .conftest import DATA, REPO

SEEDS = ("0", "1", "2", "3", "4", "7")
COMMANDS = [
    ["report", "network"], ["report", "network", "-f", "csv"], ["report", "network", "-f", "json"],
    ["report", "unresolved", "-f", "csv"], ["report", "unit", "Gadeplan", "-f", "csv"], ["report", "stakeholder", "Gadeplan", "-f", "csv"],
    ["query", "shared-concerns", "-f", "csv"], ["query", "contested-units", "-f", "csv"], ["query", "concerns-by-theme", "-f", "csv"],
    ["query", "by-stakeholder", "--param", "stakeholder=Gadeplan", "-f", "csv"], ["query", "external-partners", "-f", "csv"],
    ["query", "statements", "-f", "tsv"], ["query", "reorganisation", "-f", "json"],
    ["query", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s a hg:Concern ; ?p ?o }", "-f", "ttl"],
    ["query", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s a hg:Concern ; ?p ?o }", "-f", "jsonld"],
    ["export", "-f", "jsonld"], ["export", "-f", "trig"],
]
# runs each command in one process with the seed it was started with, and prints every output by command
_SCRIPT = """
import json, sys
from typer.testing import CliRunner
from cli import app
data, build, out, commands = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
runner = CliRunner()
found = {}
for command in commands:
    if command == ["view"]:
        result = runner.invoke(app, ["view", "--data", data, "--build", build, "-o", out, "-q"])
        found["view"] = [result.exit_code, open(out, encoding="utf-8").read()]
        continue
    result = runner.invoke(app, [*command, "--data", data, *(["--build", build] if command[0] != "export" else [])])
    found[" ".join(command)] = [result.exit_code, result.stdout]
print(json.dumps(found))
"""


def _outputs(seed: str, data: Path, build: Path, tmp: Path, commands: list[list[str]]) -> dict[str, list[object]]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "120"}
    result = subprocess.run([sys.executable, "-c", _SCRIPT, str(data), str(build), str(tmp / f"view-{seed}.html"), json.dumps(commands)],
                            capture_output=True, text=True, env=env, cwd=REPO, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("seeds") / "data"
    write_corpus(data, 12)
    return data


def _build(seed: str, data: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-c", "from cli import main; main()", "build", "--data", str(data), "--out", str(out), "-q"],
                            capture_output=True, text=True, env=env, cwd=REPO, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    files = {name: (out / name).read_bytes() for name in ("network.html",)}
    for fmt in ("ttl", "trig", "jsonld"):  # the whole graph, as `export` writes it
        exported = subprocess.run([sys.executable, "-c", "from cli import main; main()", "export", "-f", fmt, "--data", str(data)],
                                  capture_output=True, env=env, cwd=REPO, timeout=600, check=False)
        assert exported.returncode == 0, exported.stderr
        files[f"export.{fmt}"] = exported.stdout
    # the store's own blank nodes (the ontology's), as a query of the store gives them
    blank = "SELECT ?b ?p ?o WHERE { GRAPH ?g { ?b ?p ?o } FILTER isBlank(?b) } ORDER BY ?b ?p ?o"
    asked = subprocess.run([sys.executable, "-c", "from cli import main; main()", "query", "-e", blank, "-f", "tsv", "--data", str(data),
                            "--build", str(out)], capture_output=True, env=env, cwd=REPO, timeout=600, check=False)
    assert asked.returncode == 0 and asked.stderr == b"", asked.stderr
    return {**files, "store": asked.stdout}


@pytest.mark.parametrize("where", ["memo", "corpus"])
def test_outputs_do_not_depend_on_the_hash_seed(where: str, corpus: Path, tmp_path: Path) -> None:
    data = DATA if where == "memo" else corpus
    commands = COMMANDS + [["view"]] if where == "memo" else [c for c in COMMANDS if "Gadeplan" not in " ".join(c)]
    files = _build(SEEDS[0], data, tmp_path / "build")
    assert _build(SEEDS[3], data, tmp_path / "build-again") == files  # the build's own files
    first = _outputs(SEEDS[0], data, tmp_path / "build", tmp_path, commands)
    assert all(code == 0 for code, _ in first.values()), {k: v for k, v in first.items() if v[0]}
    assert all(str(text).count("\n") > 2 for _, text in first.values())
    for seed in SEEDS[1:]:
        other = _outputs(seed, data, tmp_path / "build", tmp_path, commands)
        differ = sorted(name for name in first if first[name] != other[name])
        assert differ == [], f"PYTHONHASHSEED={seed} changes {differ}"
