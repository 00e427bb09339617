"""Benchmark: the memo and generated corpora (100, 1,000, 10,000 memos), beside the plain rdflib approach.

Not part of the test run. Every figure is a cold process, as a user runs it. Usage:
    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/scale.py --output FILE [--sizes 100 1000 10000] [--runs 5] [--timeout 1800] [--work /tmp/hoeringsgraf-bench]
Writes its table to FILE with the machine it ran on. BENCHMARKS.md holds the last full run: it is written only
by a run of every size (100, 1,000 and 10,000 memos); a trial run must name another file.

Side by side, for each size: the cold build and `oxigraph load` of the same quads (the store's, as N-Quads);
rebuilds after one memo changed, one added and one removed; every canned query as a cold process, without its
parameters and with them; `report unresolved` with and without `--unit`; the plain rdflib approach.

Peak memory is the largest sum of the resident sizes of the process and all its children (the build's
workers), sampled every 50 ms; pages the processes share are counted once per process, so it errs high.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from graph.base.errors import EXIT_LIMIT  # noqa: E402  (the tool's exit code for a time limit)

BIN = str(Path(sys.executable).parent / "hoeringsgraf")

# what a user would otherwise write: parse the Turtle export with rdflib and run the same query
PLAIN = """
import sys
from rdflib import Graph
graph = Graph().parse(sys.argv[1], format="turtle")
print(len(list(graph.query(open(sys.argv[2], encoding="utf-8").read()))))
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float
    output: str  # the first 10,000 characters of standard output
    lines: int  # lines of standard output
    finished: bool  # False: stopped at the time limit


# Python writes its bytecode caches as on a user's machine (some sandboxes set this, and every start then compiles)
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str], timeout: float | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run a command cold; its wall time and the peak memory of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = psutil.Popen(args, stdout=out, stderr=err, env=ENV)
        peak = 0
        finished = True
        while process.poll() is None:
            rss = 0
            try:
                for member in [process, *process.children(recursive=True)]:
                    rss += member.memory_info().rss
            except psutil.Error:
                pass
            peak = max(peak, rss)
            if timeout is not None and time.perf_counter() - start > timeout:
                for member in [*process.children(recursive=True), process]:
                    member.kill()
                process.wait()
                finished = False
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if finished and process.returncode == EXIT_LIMIT and timeout is not None:
            finished = False  # the tool stopped it at the same time limit (`--timeout`), with its own exit code
        if finished and process.returncode not in ok:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): {err.read().decode()[-2000:]}")
        output = out.read().decode("utf-8", "replace")
        return Run(seconds, peak / 2**20, output[:10_000] + err.read().decode()[:2000], output.count("\n"), finished)


def median_run(args: list[str], runs: int) -> Run:
    done = [run(args) for _ in range(runs)]
    middle = sorted(done, key=lambda r: r.seconds)[len(done) // 2]
    return Run(statistics.median(r.seconds for r in done), max(r.peak_mib for r in done), middle.output, middle.lines, True)


def examples(data: Path, out: Path) -> dict[str, str]:
    """A unit, stakeholder, theme and statement of the data, for the canned queries' parameters."""
    from graph.builder.folder import fresh_build
    from graph.engine.embedded import Store

    found = fresh_build(data, out)
    assert found is not None, f"{out} is not a fresh build of {data}"
    store = Store(found[0])
    first = store.select("SELECT ?s ?who ?unit WHERE { ?s a hg:Concern ; hg:raisedBy ?who ; hg:about ?unit } LIMIT 1").rows[0]
    found = {"statement": str(first[0]), "stakeholder": str(first[1]), "unit": str(first[2])}
    theme = store.select("SELECT ?t WHERE { ?s hg:theme ?t } LIMIT 1").rows
    if theme:
        found["theme"] = str(theme[0][0])
    return found


NOT_RUN = Run(math.nan, math.nan, "", 0, True)


def bench_size(label: str, data: Path, out: Path, runs: int, timeout: float, light: bool = False) -> dict[str, object]:
    """One size's figures; `light` leaves out the rebuilds (each maps one memo, but they need the cold build first)."""
    import pyoxigraph as ox

    from graph.engine.server import oxigraph_server
    from graph.queries.registry import canned

    where = ["--data", str(data), "--build", str(out)]
    shutil.rmtree(out, ignore_errors=True)
    build = run([BIN, "build", "--data", str(data), "--out", str(out)])
    triples = int(re.search(r"; (\d+) triples", build.output)[1])  # type: ignore[index]
    # Oxigraph's own bulk loader, on the same quads, into a new store
    quads = out.parent / f"{out.name}.nq"
    store = ox.Store.read_only(str(out / "store"))
    store.dump(str(quads), format=ox.RdfFormat.N_QUADS)
    del store
    loaded = out.parent / f"{out.name}-oxigraph-load"
    shutil.rmtree(loaded, ignore_errors=True)
    load = run([oxigraph_server(), "load", "--location", str(loaded), "--file", str(quads)])
    shutil.rmtree(loaded, ignore_errors=True)
    rebuild = run([BIN, "build", "--data", str(data), "--out", str(out), "-q"])
    changed_one = added_one = removed_one = NOT_RUN
    if not light:
        memos = sorted((data / "memos").iterdir())
        changed = memos[len(memos) // 2] / "memo.yaml"
        original = changed.read_text(encoding="utf-8")
        changed.write_text(original.replace("label: ", "label: Ændret ", 1), encoding="utf-8")
        try:
            changed_one = run([BIN, "build", "--data", str(data), "--out", str(out), "-q"])
        finally:
            changed.write_text(original, encoding="utf-8")
        run([BIN, "build", "--data", str(data), "--out", str(out), "-q"])
        if len(memos) > 1:  # the memo alone cannot lose its one memo
            aside = out.parent / f"{out.name}-aside"
            shutil.rmtree(aside, ignore_errors=True)
            shutil.move(str(memos[-1]), str(aside))
            try:
                removed_one = run([BIN, "build", "--data", str(data), "--out", str(out), "-q"])
            finally:
                shutil.move(str(aside), str(memos[-1]))
            added_one = run([BIN, "build", "--data", str(data), "--out", str(out), "-q"])

    report_csv = median_run([BIN, "report", "unresolved", "-f", "csv", *where], runs)
    report_table = median_run([BIN, "report", "unresolved", *where], runs if label == "memo" else min(runs, 3))
    chosen = examples(data, out)
    report_unit = median_run([BIN, "report", "unresolved", "--unit", chosen["unit"], *where], runs)

    queries: dict[str, Run] = {}  # a canned query with its required parameters only, and with every parameter it has
    with_params: dict[str, Run] = {}
    for name, query in canned().items():
        def args_for(params: list[str], name: str = name) -> list[str]:
            # the tool's own time limit is the bench's: a query past it is stopped, not failed (exit 5)
            return [BIN, "query", name, *(arg for param in params for arg in ("-p", param)), "-f", "csv", "--timeout", str(timeout), *where]

        required = [f"{p.name}={chosen[p.type]}" for p in query.params if not p.optional]
        queries[name] = run(args_for(required), timeout=timeout)
        every = [f"{p.name}={chosen[p.type]}" for p in query.params if p.type in chosen]
        if len(every) > len(required):
            with_params[name] = run(args_for(every), timeout=timeout)

    query_file = out.parent / "unresolved-by-unit.rq"
    query_file.write_text(canned()["unresolved-by-unit"].text, encoding="utf-8")
    turtle = out.parent / f"{out.name}.ttl"
    run([BIN, "export", "-f", "ttl", "-o", str(turtle), "--data", str(data)], timeout=timeout)
    plain = run([sys.executable, "-c", PLAIN, str(turtle), str(query_file)], timeout=timeout)
    return {
        "label": label, "triples": triples, "build": build, "load": load, "rebuild": rebuild, "changed_one": changed_one,
        "added_one": added_one, "removed_one": removed_one, "report_csv": report_csv, "report_table": report_table,
        "report_unit": report_unit, "queries": queries, "with_params": with_params, "plain": plain,
    }


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, {memory:.0f} GiB memory"


def seconds(result: Run) -> str:
    if math.isnan(result.seconds):
        return "not run"
    return f"{result.seconds:.2f}" if result.finished else f"> {result.seconds:.0f} (stopped)"


def _ratio(part: Run, whole: Run, percent: bool = False) -> str:
    if math.isnan(part.seconds) or math.isnan(whole.seconds) or not whole.seconds:
        return "not run"
    return f"{100 * part.seconds / whole.seconds:.1f}%" if percent else f"{part.seconds / whole.seconds:.2f}×"


def table(results: list[dict[str, object]], args: argparse.Namespace) -> list[str]:
    lines = [
        "# Benchmarks",
        "",
        f"Measured with `python bench/scale.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs} --timeout {args.timeout:.0f}"
        f"{f' --light-from {args.light_from}' if args.light_from else ''} --output {args.output.name}` "
        f"on {time.strftime('%Y-%m-%d')}, on {machine()}. Generated memos come from `bench/synthetic.py` (seed 1). Every figure is "
        "a cold process; a report's figure is the median of the runs. Peak memory is the process with its workers.",
        "",
        "| data | triples | build (s) | `oxigraph load` of its quads (s) | build / load | build peak (MiB) | rebuild, nothing changed (s) |"
        " one memo changed (s) | one added (s) | one removed (s) | worst of the three / build |",
        "| --- |" + " ---: |" * 10,
    ]
    for r in results:
        build, load, rebuild, changed, added, removed = (r[k] for k in ("build", "load", "rebuild", "changed_one", "added_one", "removed_one"))
        assert all(isinstance(x, Run) for x in (build, load, rebuild, changed, added, removed))
        ran = [x for x in (changed, added, removed) if not math.isnan(x.seconds)]  # type: ignore[union-attr]
        worst = max(ran, key=lambda x: x.seconds) if ran else NOT_RUN  # type: ignore[union-attr]
        lines.append(
            f"| {r['label']} | {r['triples']:,} | {seconds(build)} | {seconds(load)} | {_ratio(build, load)} | "  # type: ignore[arg-type]
            f"{build.peak_mib:.0f} | {seconds(rebuild)} | {seconds(changed)} | {seconds(added)} | {seconds(removed)} | "  # type: ignore[union-attr,arg-type]
            f"{_ratio(worst, build, percent=True)} |"  # type: ignore[arg-type]
        )
    lines += [
        "",
        "| data | `report unresolved` (table, s) | `report unresolved -f csv` (s) | rows | `report unresolved --unit U` (s) | report peak (MiB) |"
        " plain rdflib: parse the Turtle, run `unresolved-by-unit.rq` (s) | plain rdflib peak (MiB) | csv report faster by |",
        "| --- |" + " ---: |" * 8,
    ]
    for r in results:
        csv, tab, unit, plain = (r[k] for k in ("report_csv", "report_table", "report_unit", "plain"))
        assert isinstance(plain, Run) and isinstance(csv, Run) and isinstance(tab, Run)
        factor = plain.seconds / csv.seconds
        lines.append(
            f"| {r['label']} | {seconds(tab)} | {seconds(csv)} | {csv.lines - 1:,} | {seconds(unit)} | "  # type: ignore[arg-type]
            f"{max(csv.peak_mib, tab.peak_mib):.0f} | {seconds(plain)} | {plain.peak_mib:.0f} | {'≥ ' if not plain.finished else ''}{factor:.0f}× |"
        )
    names = sorted({name for r in results for name in r["queries"]})  # type: ignore[attr-defined]
    lines += ["", "Each canned query, `hoeringsgraf query NAME -f csv` as a cold process on the build's store (s): with its required "
              "parameters only, and (second line) with every parameter it has (a unit, stakeholder, statement or theme of the data):", "",
              "| query | " + " | ".join(str(r["label"]) for r in results) + " | peak (MiB) |", "| --- |" + " ---: |" * (len(results) + 1)]
    for name in names:
        for key, suffix in (("queries", ""), ("with_params", " (every parameter)")):
            runs = [r[key].get(name) for r in results]  # type: ignore[attr-defined]
            if all(found is None for found in runs):
                continue
            cells = [seconds(found) if found is not None else "" for found in runs]
            peak = max((found.peak_mib for found in runs if found is not None and not math.isnan(found.peak_mib)), default=math.nan)
            lines.append(f"| {name}{suffix} | " + " | ".join(cells) + f" | {peak:.0f} |")
    return lines


FULL = {100, 1000, 10000}  # the sizes of a full run: only such a run writes BENCHMARKS.md


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=1800, help="stop a query or the plain approach after this many seconds")
    parser.add_argument("--work", type=Path, default=Path("/tmp/hoeringsgraf-bench"))
    parser.add_argument("--light-from", type=int, default=None, help="from this size on, leave out the rebuild with one memo changed")
    parser.add_argument("--output", type=Path, required=True,
                        help="where to write the table; BENCHMARKS.md holds the last full run, and only a run of every size writes it")
    args = parser.parse_args()
    if args.output.resolve() == (REPO / "BENCHMARKS.md").resolve() and not FULL <= set(args.sizes):
        parser.error(f"BENCHMARKS.md holds the last full run (--sizes {' '.join(map(str, sorted(FULL)))}): give this run another --output")
    from bench.synthetic import write_corpus

    memo_data = args.work / "data-memo"  # a copy: the bench changes a memo to time an incremental rebuild
    shutil.rmtree(memo_data, ignore_errors=True)
    shutil.copytree(REPO / "data", memo_data)
    results = [bench_size("memo", memo_data, args.work / "build-memo", args.runs, args.timeout)]
    for size in args.sizes:
        data = args.work / f"data-{size}"
        if not (data / "organisations.yaml").exists():
            write_corpus(data, size)
        light = args.light_from is not None and size >= args.light_from
        results.append(bench_size(f"{size:,} memos", data, args.work / f"build-{size}", args.runs, args.timeout, light))
        lines = table(results, args)
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")  # after each size: a long run keeps what it measured
        print("\n".join(lines), flush=True)
    if not args.sizes:
        args.output.write_text("\n".join(table(results, args)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
