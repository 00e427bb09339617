"""Benchmark: the memo and 100, 1,000 (and 10,000) generated memos, against the plain rdflib approach.

Not part of the test run. Usage:
    .venv/bin/python bench/scale.py [--sizes 100 1000] [--runs 5] [--work /tmp/hoeringsgraf-bench]
Writes BENCHMARKS.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent / "hoeringsgraf"

PLAIN = """
import sys, time
from rdflib import Graph
graph = Graph().parse(sys.argv[1], format="turtle")
text = open(sys.argv[2], encoding="utf-8").read()
try:
    rows = list(graph.query(text))
    print(len(rows))
except Exception as error:  # rdflib's engine fails on some queries
    print("error:", type(error).__name__)
"""


def timed(args: list[str]) -> tuple[float, int, str]:
    """Wall time (s) and output of one cold process (the middle value is unused: peak_rss measures memory)."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr}")
    return elapsed, 0, done.stdout


def peak_rss(args: list[str]) -> tuple[float, int]:
    """Wall time and the child's own peak RSS (KiB), via /usr/bin/time if present."""
    if Path("/usr/bin/time").exists():
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
        return elapsed, int(done.stderr.strip().splitlines()[-1])
    raise SystemExit("peak memory needs /usr/bin/time (Debian's package time)")


def bench_size(label: str, data: Path, out: Path, runs: int) -> dict[str, object]:
    from graph.persist import fresh_store
    from graph.sparql import canned, select
    from graph.store import Store

    shutil.rmtree(out, ignore_errors=True)
    build_s, build_rss = peak_rss([str(BIN), "build", "--data", str(data), "--out", str(out), "-q"])
    rebuild_s, _ = peak_rss([str(BIN), "build", "--data", str(data), "--out", str(out), "-q"])
    # one memo changed: the rebuild maps everything again but validates only that memo
    changed = sorted((data / "memos").iterdir())[0] / "memo.yaml"
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original.replace("label: ", "label: Ændret ", 1), encoding="utf-8")
    try:
        one_changed_s, _ = peak_rss([str(BIN), "build", "--data", str(data), "--out", str(out), "-q"])
    finally:
        changed.write_text(original, encoding="utf-8")
    peak_rss([str(BIN), "build", "--data", str(data), "--out", str(out), "-q"])
    report = [timed([str(BIN), "report", "unresolved", "--data", str(data), "--build", str(out), "-f", "csv"])[0] for _ in range(runs)]
    store = Store(fresh_store(data, out))  # type: ignore[arg-type]
    examples = {"unit": None, "stakeholder": None, "theme": None, "statement": None}
    first = store.select("SELECT ?s ?who ?unit WHERE { ?s hg:raisedBy ?who ; hg:about ?unit } LIMIT 1").rows[0]
    examples.update(statement=str(first[0]), stakeholder=str(first[1]), unit=str(first[2]))
    theme = store.select("SELECT ?t WHERE { ?s hg:theme ?t } LIMIT 1").rows
    examples["theme"] = str(theme[0][0]) if theme else None
    queries: dict[str, float] = {}
    for name, query in canned().items():
        values = {p.name: examples[p.type] for p in query.params if not p.optional and examples.get(p.type)}
        if len(values) < len([p for p in query.params if not p.optional]):
            continue
        start = time.perf_counter()
        select(store, query, values)
        queries[name] = time.perf_counter() - start
    query_file = out / "unanswered.rq"
    query_file.write_text(canned()["unanswered"].text, encoding="utf-8")
    _, plain_rss = peak_rss([sys.executable, "-c", PLAIN, str(out / "hoeringsgraf.ttl"), str(query_file)])
    plain_s, _, plain_out = timed([sys.executable, "-c", PLAIN, str(out / "hoeringsgraf.ttl"), str(query_file)])
    ours_s = statistics.median(
        timed([str(BIN), "query", str(query_file), "--data", str(data), "--build", str(out), "-f", "csv"])[0] for _ in range(runs)
    )
    triples = len(store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }").rows) if label == "memo" else None
    return {
        "label": label, "build_s": build_s, "build_rss_mib": build_rss / 1024, "rebuild_s": rebuild_s, "one_changed_s": one_changed_s,
        "report_median_s": statistics.median(report), "queries": queries, "plain_s": plain_s, "plain_rss_mib": plain_rss / 1024,
        "plain_rows": plain_out.strip(), "ours_unanswered_s": ours_s, "triples": triples,
    }


def machine() -> str:
    memory = ""
    if Path("/proc/meminfo").exists():
        total_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kib / 1024 / 1024:.0f} GiB memory"
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores{memory}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hoeringsgraf-bench"))
    args = parser.parse_args()
    from graph.synthetic import write_corpus

    memo_data = args.work / "data-memo"  # a copy: the bench changes a memo to time an incremental rebuild
    shutil.rmtree(memo_data, ignore_errors=True)
    shutil.copytree(REPO / "data", memo_data)
    results = [bench_size("memo", memo_data, args.work / "build-memo", args.runs)]
    for size in args.sizes:
        data = args.work / f"data-{size}"
        if not (data / "organisations.yaml").exists():
            write_corpus(data, size)
        results.append(bench_size(f"{size} memos", data, args.work / f"build-{size}", args.runs))
    names = sorted({name for r in results for name in r["queries"]})  # type: ignore[attr-defined]
    lines = [
        "# Benchmarks",
        "",
        f"Measured with `python bench/scale.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs}` on {time.strftime('%Y-%m-%d')}, "
        f"on {machine()}. Generated memos come from `graph/synthetic.py` (seed 1).",
        "",
        "| data | build (cold, s) | build peak memory (MiB) | rebuild, nothing changed (s) | rebuild, one memo changed (s) |"
        " `report unresolved` cold process, median (s) |"
        " `query unanswered.rq` cold process, median (s) | plain rdflib: parse the Turtle export and run the same query (s) |"
        " plain rdflib peak memory (MiB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['build_s']:.2f} | {r['build_rss_mib']:.0f} | {r['rebuild_s']:.2f} | {r['one_changed_s']:.2f} | "
            f"{r['report_median_s']:.2f} | "
            f"{r['ours_unanswered_s']:.2f} | {r['plain_s']:.2f} ({r['plain_rows']} rows) | {r['plain_rss_mib']:.0f} |"
        )
    lines += ["", "Each canned query, in process on the persistent store (s):", "",
              "| query | " + " | ".join(str(r["label"]) for r in results) + " |", "| --- |" + " --- |" * len(results)]
    for name in names:
        cells = [f"{r['queries'].get(name, float('nan')):.3f}" for r in results]  # type: ignore[attr-defined]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    (REPO / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
