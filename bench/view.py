"""Benchmark of the pages: size, time to write them, and time until they are settled in Chromium.

    .venv/bin/python bench/view.py                  # the memo, a synthetic 2,000-node graph, and the aggregated
                                                    # pages of 100 and 1,000 synthetic memos (bench/synthetic.py)
    .venv/bin/python bench/view.py --sizes 500 2000 --memos 1000 --runs 5
    .venv/bin/python bench/view.py --physics-sweep  # settle time with physics forced on, by size:
                                                    # what graph/view/page.py's PHYSICS_MAX_NODES rests on

"Settled" is when the page says so (window.hoeringsgraf.settled, a performance.now() time from the start
of navigation): after vis-network's stabilisation when the page runs physics, else at its first drawing.
Chromium is Debian's /usr/bin/chromium, headless, with every request that is not file:// refused.
An aggregated page is written from the build's store as `hoeringsgraf build` writes it (graph.view.aggregate);
"written in" is that alone, from the store opened read-only, the median of --runs. Then, in the page, the time to
choose a period (the middle third of the memos' dates), to draw one memo's network (the one with most statements)
and to go back to all the memos.
Targets: the memo's page under 1.5 MB and settled within 3 s; a 2,000-node page settled within 10 s; the page of
1,000 memos under 5 MB, written in a few seconds and settled within 5 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.builder.assemble import build_graph  # noqa: E402
from graph.model.vocab import HG, OA, ORG, ORG_ID, memo_base  # noqa: E402
from graph.view import page as view_module  # noqa: E402
from tests.test_view_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - one place says how Chromium is started

WORDS = (
    "samarbejdet med de unge i boligområderne den tidlige forebyggende indsats koordineringen mellem forvaltningerne "
    "medarbejdernes faglige miljø ressourcerne til gadeplan ledelsen af ungdomsskolen og familierådgivningen"
).split()
KINDS = (HG.Concern, HG.Suggestion, HG.Support)
STATUSES = (HG.Resolved, HG.Answered, HG.Unanswered)


def _sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def synthetic_graph(size: int, seed: int = 1) -> Graph:
    """A graph of `size` view nodes shaped like many consultations sharing one municipality's units.

    Per consultation: about 7 stakeholders, 30 statements on 1–3 units each, 15 remarks, 1–2
    recommendations and 5 themes; about a tenth of the nodes are units in a tree under the municipality.
    """
    rng = random.Random(seed)
    graph = Graph()
    count = 0

    def node(iri: URIRef, *classes: URIRef, label: str) -> URIRef:
        nonlocal count
        count += 1
        for cls in classes:
            graph.add((iri, RDF.type, cls))
        graph.add((iri, RDFS.label, Literal(label, lang="da")))
        return iri

    def quote(iri: URIRef, text: str) -> None:
        resource, selector = URIRef(f"{iri}/quote/1"), URIRef(f"{iri}/quote/1/text")
        graph.add((iri, HG.quote, resource))
        graph.add((resource, OA.hasSelector, selector))
        graph.add((selector, OA.exact, Literal(text)))

    municipality = node(ORG_ID["syn/kommune"], ORG.Organization, label="Syntetisk Kommune")
    units = [municipality]
    for number in range(max(10, size // 10)):
        unit = node(ORG_ID[f"syn/enhed-{number}"], ORG.Organization, ORG.OrganizationalUnit, label=f"Enhed {number}")
        graph.add((unit, ORG.subOrganizationOf, rng.choice(units)))
        units.append(unit)
    outside = [node(ORG_ID[f"partner-{n}"], ORG.Organization, HG.Stakeholder, label=f"Partner {n}") for n in range(20)]
    memo = 0
    while count < size:
        base = memo_base(f"syn-{memo}")
        room = size - count
        themes = [node(base[f"theme/{n}"], SKOS.Concept, label=f"Tema {memo}.{n}") for n in range(min(5, room))]
        stakeholders = rng.sample(outside, 3) + rng.sample(units[1:], 4)
        for stakeholder in stakeholders:
            graph.add((stakeholder, RDF.type, HG.Stakeholder))
        statements = []
        for n in range(min(30, size - count)):
            statement = node(base[f"statement/{n}"], HG.Statement, rng.choice(KINDS), label=_sentence(rng, 6))
            graph.add((statement, HG.raisedBy, rng.choice(stakeholders)))
            for unit in rng.sample(units, rng.randint(1, 3)):
                graph.add((statement, HG.about, unit))
            if themes and rng.random() < 0.3:
                graph.add((statement, HG.theme, rng.choice(themes)))
            graph.add((statement, HG.status, rng.choice(STATUSES)))
            quote(statement, _sentence(rng, 25))
            statements.append(statement)
        for n in range(min(15, size - count)):
            remark = node(base[f"response/{n}"], HG.Response, label=_sentence(rng, 6))
            for statement in rng.sample(statements, min(len(statements), rng.randint(1, 3))):
                graph.add((remark, HG.respondsTo, statement))
            quote(remark, _sentence(rng, 30))
        for n in range(min(rng.randint(1, 2), size - count)):
            recommendation = node(base[f"recommendation/{n}"], HG.Recommendation, label=_sentence(rng, 6))
            for statement in rng.sample(statements, min(len(statements), 2)):
                graph.add((recommendation, HG.addresses, statement))
            quote(recommendation, _sentence(rng, 15))
        memo += 1
    return graph


def _settled_page(browser: Any, path: Path) -> tuple[Any, Any, list[str]]:
    """A page opened offline (only file: and data: URLs load) and settled: its context, the page, and the errors
    its console and scripts report, as they come."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-settled]", state="attached", timeout=120_000)
    return context, page, errors


def measure_page(browser: Any, path: Path) -> dict[str, Any]:
    """Open a page with the network cut off; time until it is settled, and a filter's time to redraw."""
    context, page, errors = _settled_page(browser, path)
    settled = page.evaluate("() => window.hoeringsgraf.settled")
    drawn = page.evaluate("() => window.hoeringsgraf.drawn().nodes.length")
    # a reader's choice: focus on the best-connected unit, and back; each time until it is laid out and drawn
    filter_ms = page.evaluate(
        """async () => {
             const api = window.hoeringsgraf, network = api.network;
             const units = Array.from(document.querySelectorAll('#unit option')).map((o) => o.value).filter(Boolean);
             const unit = units.sort((a, b) => network.getConnectedEdges(b).length - network.getConnectedEdges(a).length)[0];
             const arranged = (count) => new Promise((done) => {
               const check = () => (api.arrangements > count ? done() : setTimeout(check, 5));
               check();
             });
             const started = performance.now();
             let count = api.arrangements; api.set({unit}); await arranged(count);
             count = api.arrangements; api.set({unit: ''}); await arranged(count);
             return (performance.now() - started) / 2;
           }"""
    )
    context.close()
    return {"settled_ms": settled, "drawn": drawn, "filter_ms": filter_ms, "errors": errors}


def bench(name: str, graph: Graph, browser: Any, folder: Path, runs: int) -> dict[str, Any]:
    started = time.perf_counter()
    page = view_module.view_page(graph)
    seconds = time.perf_counter() - started
    path = view_module.write_view(folder / f"{name}.html", page.html)
    timings = [measure_page(browser, path) for _ in range(runs)]
    result = {
        "name": name,
        "nodes": page.nodes,
        "links": page.links,
        "physics": page.nodes <= view_module.PHYSICS_MAX_NODES,
        "bytes": path.stat().st_size,
        "python_s": seconds,
        "settled_ms": statistics.median(t["settled_ms"] for t in timings),
        "settled_max_ms": max(t["settled_ms"] for t in timings),
        "filter_ms": statistics.median(t["filter_ms"] for t in timings),
        "drawn_ok": all(t["drawn"] == page.nodes for t in timings),
        "errors": sorted({e for t in timings for e in t["errors"]}),
    }
    print(
        f"{name:>14}: {result['nodes']:5} nodes {result['links']:5} links  physics {'on ' if result['physics'] else 'off'}  "
        f"{result['bytes'] / 1e6:5.2f} MB  written in {seconds:5.2f} s  settled in {result['settled_ms'] / 1000:5.2f} s "
        f"(max {result['settled_max_ms'] / 1000:5.2f})  filter {result['filter_ms']:6.0f} ms  "
        f"{'all nodes drawn' if result['drawn_ok'] else 'NOT ALL DRAWN'}{'  errors: ' + '; '.join(result['errors']) if result['errors'] else ''}",
        flush=True,
    )
    return result


def measure_aggregate(browser: Any, path: Path) -> dict[str, Any]:
    """Open an aggregated page: time until it is settled, then to choose a period, draw one memo, and go back."""
    context, page, errors = _settled_page(browser, path)
    found = page.evaluate(
        """async () => {
             const api = window.hoeringsgraf;
             const data = JSON.parse(document.getElementById('graph-data').textContent);
             const days = Array.from(new Set(data.memos.when.filter(Boolean))).sort();
             const sizes = data.memos.id.map((_, m) => data.memos.first[m + 1] - data.memos.first[m]);
             const memo = data.memos.id[sizes.indexOf(Math.max(...sizes))];
             const timed = async (changes) => {
               const count = api.arrangements;
               const started = performance.now();
               api.set(changes);
               await new Promise((done) => { const check = () => (api.arrangements > count ? done() : setTimeout(check, 2)); check(); });
               return performance.now() - started;
             };
             const period = await timed({from: days[Math.floor(days.length / 3)], to: days[Math.floor(2 * days.length / 3)]});
             const all = await timed({from: '', to: ''});
             const drill = await timed({memo: memo});
             const drawn = api.memoNodes().length;
             const back = await timed({memo: ''});
             return {settled: api.settled, period: period, all: all, drill: drill, back: back, drawn: drawn};
           }"""
    )
    context.close()
    return {**found, "errors": errors}


def bench_memos(memos: int, browser: Any, folder: Path, runs: int) -> dict[str, Any]:
    """Generate and build `memos` synthetic memos, then time writing their page and using it in Chromium."""
    import pyoxigraph as ox

    from bench.synthetic import write_corpus
    from graph.builder.pipeline import build_into
    from graph.view.aggregate import aggregate_page

    data, out = folder / f"data-{memos}", folder / f"build-{memos}"
    write_corpus(data, memos)
    started = time.perf_counter()
    build_into(data, out)
    built = time.perf_counter() - started
    store = ox.Store.read_only(str((out / "store").resolve()))
    seconds, page = [], None
    for _ in range(runs):
        started = time.perf_counter()
        page = aggregate_page(store)
        seconds.append(time.perf_counter() - started)
    assert page is not None
    path = view_module.write_view(folder / f"aggregate-{memos}.html", page.html)
    timings = [measure_aggregate(browser, path) for _ in range(runs)]
    median = {key: statistics.median(t[key] for t in timings) for key in ("settled", "period", "all", "drill", "back")}
    result = {
        "name": f"aggregate-{memos}", "memos": memos, "bytes": path.stat().st_size, "build_s": built,
        "python_s": statistics.median(seconds), "settled_ms": median["settled"], "settled_max_ms": max(t["settled"] for t in timings),
        **{f"{key}_ms": median[key] for key in ("period", "all", "drill", "back")},
        "drawn_ok": all(t["drawn"] > 0 for t in timings), "errors": sorted({e for t in timings for e in t["errors"]}),
    }
    print(
        f"{result['name']:>14}: {page.nodes:5} nodes {page.links:5} links  {result['bytes'] / 1e6:5.2f} MB  built in {built:5.1f} s  "
        f"written in {result['python_s']:5.2f} s  settled in {median['settled'] / 1000:5.2f} s (max {result['settled_max_ms'] / 1000:5.2f})  "
        f"period {median['period']:5.0f} ms  all {median['all']:5.0f} ms  a memo {median['drill']:5.0f} ms  back {median['back']:5.0f} ms"
        f"{'  errors: ' + '; '.join(result['errors']) if result['errors'] else ''}",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000], help="synthetic graph sizes (view nodes)")
    parser.add_argument("--memos", type=int, nargs="*", default=[100, 1000], help="synthetic corpora for the aggregated page (memos)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per graph (the median is reported)")
    parser.add_argument("--physics-sweep", action="store_true", help="force physics on, to find where it gets too slow")
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    sizes = [100, 200, 300, 400, 600, 800] if args.physics_sweep else args.sizes
    if args.physics_sweep:
        view_module.PHYSICS_MAX_NODES = 10**9
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hoeringsgraf-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if not args.physics_sweep:
            results.append(bench("memo", build_graph(REPO / "data").union(), browser, folder, args.runs))
        for size in sizes:
            results.append(bench(f"synthetic-{size}", synthetic_graph(size), browser, folder, args.runs))
        corpora = [] if args.physics_sweep else [bench_memos(memos, browser, folder, args.runs) for memos in args.memos]
        browser.close()
    failed = [r["name"] for r in results if not r["drawn_ok"] or r["errors"]]
    if not args.physics_sweep:
        memo = results[0]
        print(f"memo: {memo['bytes'] / 1e6:.2f} MB (target < 1.5 MB), settled {memo['settled_ms'] / 1000:.2f} s (target < 3 s)")
        for result in results[1:]:
            print(f"{result['name']}: settled {result['settled_ms'] / 1000:.2f} s (target < 10 s)")
        for result in corpora:
            print(f"{result['name']}: {result['bytes'] / 1e6:.2f} MB (target < 5 MB), written in {result['python_s']:.2f} s, "
                  f"settled {result['settled_ms'] / 1000:.2f} s (target < 5 s)")
        failed += [r["name"] for r in corpora if not r["drawn_ok"] or r["errors"]]
    print(f"pages in {folder}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
