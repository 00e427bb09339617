"""The network view in a real browser: Debian's headless Chromium, driven by Playwright, with the network cut off.

The memo's page (its network and its stakeholder × unit matrix) and the aggregated pages of 100 and 1,000 synthetic
memos, generated and built once for the module. Every expectation is asked of the graph (SPARQL, or the networkx
graph test_view.py checks against SPARQL), never written down; screenshots go to test-artifacts/.

These tests skip when /usr/bin/chromium or Playwright is missing, except under CI=true, where they fail:
`make test` installs Chromium with apt-get, and Playwright comes with the `test` extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.builder.assemble import build_graph
from graph.model.vocab import HG
from graph.model.wording import vocab_label, word
from graph.view.kinds import STATUSES
from graph.view.page import neighbourhood, network_graph, titles, view_page, visible_nodes, write_view

from .conftest import FIXTURES, REPO, missing_part

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
ORG = "https://w3id.org/hoeringsgraf/id/org/"
GADEPLAN = ORG + "ishoej/gadeplan"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        missing_part(f"the browser tests: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """An open page, with what it tried to do that it must not."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def drawn(self) -> dict[str, list[str]]:
        """The ids of the nodes and links vis-network draws now."""
        return self.page.evaluate("() => window.hoeringsgraf.drawn()")

    def choose(self, select: str, value: str) -> None:
        """Choose in one of the page's lists, and wait until the page has laid out what it shows."""
        before = self.page.evaluate("() => window.hoeringsgraf.arrangements")
        self.page.select_option(select, value)
        for _ in range(300):
            if self.page.evaluate("() => window.hoeringsgraf.arrangements") > before:
                return
            self.page.wait_for_timeout(20)
        raise AssertionError(f"choosing {value} in {select}: the page never finished laying it out")

    def positions(self) -> dict[str, tuple[float, float]]:
        shown = self.drawn()["nodes"]
        found = self.page.evaluate("(ids) => window.hoeringsgraf.network.getPositions(ids)", shown)
        return {node: (round(at["x"], 3), round(at["y"], 3)) for node, at in found.items()}

    def point_at(self, node: str) -> tuple[float, float]:
        return self.page.evaluate(
            """(id) => {
                 const network = window.hoeringsgraf.network;
                 const at = network.canvasToDOM(network.getPosition(id));
                 const frame = document.getElementById("network").getBoundingClientRect();
                 return [frame.left + at.x, frame.top + at.y];
               }""",
            node,
        )


@pytest.fixture
def visit(browser) -> Iterator[Callable[[Path], Visit]]:
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def cut_off(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                seen.requests.append(url)
                route.abort()

        context.route("**/*", cut_off)
        page.on("console", lambda message: seen.errors.append(message.text) if message.type in {"error", "warning"} else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))

        def dialog(opened: Any) -> None:
            seen.dialogs.append(opened.message)
            opened.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-settled]", state="attached", timeout=30_000)
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def view(memo_graph):
    return network_graph(memo_graph)


@pytest.fixture(scope="module")
def memo_page(memo_graph, tmp_path_factory) -> Path:
    return write_view(tmp_path_factory.mktemp("view") / "network.html", view_page(memo_graph).html)


def script_elements(page: str) -> int:
    """How many script elements the page's HTML holds (the parser reads each script's text as text)."""
    from html.parser import HTMLParser

    class Count(HTMLParser):
        found = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += tag == "script"

    counter = Count()
    counter.feed(page)
    return counter.found


def edges_between(view, nodes: set[str]) -> int:
    return sum(1 for source, target in view.edges() if source in nodes and target in nodes)


def test_the_memo_is_drawn_whole_and_offline(visit, memo_page: Path, view) -> None:
    seen = visit(memo_page)
    drawn = seen.drawn()
    # test_view.py checks the networkx graph against the RDF with SPARQL; here the page against networkx
    assert sorted(drawn["nodes"]) == sorted(view.nodes)
    assert len(drawn["edges"]) == view.number_of_edges()
    assert seen.page.evaluate("() => window.hoeringsgraf.network.physics.options.enabled") is False, "the physics stopped"
    nodes, links = view.number_of_nodes(), view.number_of_edges()
    assert word("view.count.shown", nodes=nodes, allNodes=nodes, links=links, allLinks=links) in seen.page.inner_text("#count")
    statements = sum(1 for _, kind in view.nodes(data="kind") if kind == "statement")
    first_row = [row.strip() for row in seen.page.locator("#legend-kinds .legend-row").all_inner_texts()][0]
    assert first_row.startswith(f"{vocab_label(str(HG.Statement))} ({statements})")
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "network-memo.png"))
    assert seen.errors == [] and seen.requests == [] and seen.dialogs == []


def test_choosing_a_unit_shows_its_neighbourhood(visit, memo_page: Path, view) -> None:
    seen = visit(memo_page)
    seen.choose("#unit", GADEPLAN)
    expected = neighbourhood(view, GADEPLAN)
    drawn = seen.drawn()
    assert set(drawn["nodes"]) == expected
    assert len(drawn["edges"]) == edges_between(view, expected)
    assert seen.page.evaluate("() => window.hoeringsgraf.network.physics.options.enabled") is False, "the physics stopped"
    first = seen.positions()
    seen.choose("#status", "unresolved")
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, unit=GADEPLAN, status="unresolved")
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "network-gadeplan-unresolved.png"))
    seen.page.click("#reset")
    assert len(seen.drawn()["nodes"]) == view.number_of_nodes()
    seen.choose("#stakeholder", ORG + "vestegns-politi")
    seen.page.click("#reset")
    seen.choose("#unit", GADEPLAN)
    assert seen.positions() == first, "a choice is laid out the same whatever came before it"
    assert seen.errors == []


def test_filters_by_stakeholder_theme_and_kind(visit, memo_page: Path, view) -> None:
    seen = visit(memo_page)
    police, theme = ORG + "vestegns-politi", "https://w3id.org/hoeringsgraf/id/ishoej-2023/theme/mere-bureaukrati"
    seen.choose("#stakeholder", police)
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, stakeholder=police)
    seen.page.click("#reset")
    seen.choose("#theme", theme)
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, theme=theme)
    seen.page.click("#reset")
    seen.page.uncheck("#legend input[data-kind='remark']")
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, hidden_kinds=["remark"])
    seen.page.uncheck("#legend input[data-edge-kind='about']")
    kinds = {seen.page.evaluate("(id) => window.hoeringsgraf.network.body.data.edges.get(id).kind", edge) for edge in seen.drawn()["edges"]}
    assert "about" not in kinds and kinds
    assert seen.errors == []


def test_the_page_opens_on_the_unit_the_command_names(visit, memo_graph, view, tmp_path: Path) -> None:
    page = view_page(memo_graph, unit="Gadeplan")
    seen = visit(write_view(tmp_path / "gadeplan.html", page.html))
    assert set(seen.drawn()["nodes"]) == neighbourhood(view, GADEPLAN)
    assert seen.page.input_value("#unit") == GADEPLAN


def test_search_and_hover_show_the_quote(visit, memo_page: Path, view) -> None:
    seen = visit(memo_page)
    seen.page.fill("#search", "videnstab og tab af det daglige samarbejde med straxen og familierådgiverne")
    seen.page.press("#search", "Enter")
    statement = "https://w3id.org/hoeringsgraf/id/ishoej-2023/statement/gadeplan-1"
    assert seen.page.evaluate("() => window.hoeringsgraf.network.getSelectedNodes()") == [statement]
    assert word("view.find.one") in seen.page.inner_text("#count")
    x, y = seen.point_at(statement)
    seen.page.mouse.move(x, y)
    seen.page.wait_for_selector("#tooltip:not([hidden])")
    tooltip = seen.page.inner_text("#tooltip")
    assert view.nodes[statement]["quotes"][0] in tooltip
    node = view.nodes[statement]
    raised_by = [view.nodes[target]["name"] for _, target, kind in view.out_edges(statement, keys=True) if kind == "raised-by"]
    kind = f"{vocab_label(str(HG.Statement))} ({vocab_label(str(getattr(HG, node['type'].capitalize()))).lower()})"
    status = vocab_label(str(STATUSES[node["status"]].term))
    for expected in (kind, f"{word('view.field.raisedBy')}: {'; '.join(raised_by)}", status, f"{word('view.field.remark')}:"):
        assert expected in tooltip
    assert seen.errors == []


def test_hostile_labels_show_as_text_and_run_nothing(visit, tmp_path: Path) -> None:
    graph = build_graph(FIXTURES / "hostile").union()
    view = network_graph(graph)
    seen = visit(write_view(tmp_path / "hostile.html", view_page(graph).html))
    page = seen.page
    assert len(seen.drawn()["nodes"]) == view.number_of_nodes()
    statement = "https://w3id.org/hoeringsgraf/id/test-memo/statement/raad-1"
    x, y = seen.point_at(statement)
    page.mouse.move(x, y)
    page.wait_for_selector("#tooltip:not([hidden])")
    tooltip = page.inner_text("#tooltip")
    assert "Flytningen svækker <img src=x onerror=alert(1)> samarbejdet" in tooltip
    assert "samarbejdet <script>alert(1)</script>." in tooltip, "the quote, as text"
    assert "Testrådet <script>alert(1)</script>" in tooltip
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network-hostile.png"))
    page.mouse.click(x, y)
    assert "Samarbejdet fortsætter <iframe src=javascript:alert(1)></iframe>" in page.inner_text("#details")
    for node in view.nodes:  # hover every node, the hostile theme's onmouseover among them
        x, y = seen.point_at(node)
        page.mouse.move(x, y)
    options = page.locator("#unit option, #stakeholder option, #theme option").all_inner_texts()
    assert "Center for Test</script><script>alert(2)</script>" in options
    assert page.title() == word("view.title.memo", titles="; ".join(titles(graph)))
    assert "<script>alert(3)</script>" in page.title()
    injected = page.evaluate("() => [document.scripts.length, document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length]")
    assert injected == [script_elements(view_page(graph).html), 0], "the page's own scripts, and not one more"
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.errors == [] and seen.requests == []


# --- the matrix beside the memo's network --------------------------------------------------------------------

ASK = """PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""
# statements per stakeholder × unit and status, as SPARQL counts them
CELLS = ASK + """SELECT ?stakeholder ?unit ?status (COUNT(DISTINCT ?statement) AS ?n) WHERE {
  ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:about ?unit ; hg:status ?status . FILTER_STATUS
} GROUP BY ?stakeholder ?unit ?status"""


def status_name(term: str) -> str:
    return next(name for name, kind in STATUSES.items() if str(kind.term) == term)


def cells_of(rows: Any) -> dict[tuple[str, str], dict[str, int]]:
    found: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        found.setdefault((str(row[0]), str(row[1])), {})[status_name(str(row[2]))] = int(row[3])
    return found


def drawn_cells(seen: Visit) -> dict[tuple[str, str], dict[str, int]]:
    return {(cell["row"], cell["col"]): cell["statuses"] for cell in seen.page.evaluate("() => window.hoeringsgraf.matrixCells()")}


def memo_cells(graph: Any, status: str = "") -> dict[tuple[str, str], dict[str, int]]:
    query = CELLS.replace("FILTER_STATUS", f"FILTER (?status = hg:{status.capitalize()})" if status else "")
    return cells_of(graph.query(query))


def view_cells(view: Any, shown: set[str]) -> dict[tuple[str, str], dict[str, int]]:
    """The cells for the statements among `shown`, counted from the networkx graph."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    for node in shown:
        if view.nodes[node]["kind"] != "statement":
            continue
        targets = {kind: [t for _, t, k in view.out_edges(node, keys=True) if k == kind] for kind in ("raised-by", "about")}
        for row in targets["raised-by"]:
            for col in targets["about"]:
                cell = found.setdefault((row, col), {})
                cell[view.nodes[node]["status"]] = cell.get(view.nodes[node]["status"], 0) + 1
    return found


def test_the_matrix_agrees_with_the_memo(visit, memo_page: Path, memo_graph) -> None:
    seen = visit(memo_page)
    expected = memo_cells(memo_graph)
    assert drawn_cells(seen) == expected and len(expected) > 10
    # each cell's bar: one part per status it holds, as wide as its count, in the status's colour
    bars = seen.page.evaluate(
        """() => Array.from(document.querySelectorAll('button.cell')).map((cell) => [cell.dataset.row, cell.dataset.col,
             Array.from(cell.querySelectorAll('.stripes > span')).map((part) =>
               [getComputedStyle(part).backgroundColor, Number(part.style.flexGrow)])])"""
    )

    def rgb(color: str) -> str:
        return f"rgb({int(color[1:3], 16)}, {int(color[3:5], 16)}, {int(color[5:7], 16)})"

    for row, col, parts in bars:
        counts = expected[row, col]
        assert parts == [[rgb(kind.color), counts[name]] for name, kind in STATUSES.items() if name in counts]
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "matrix-memo.png"))
    assert seen.errors == [] and seen.requests == []


def test_a_click_on_a_cell_shows_its_quotes_and_answers(visit, memo_page: Path, memo_graph) -> None:
    answered = ASK + """SELECT ?stakeholder ?unit ?statement ?quote ?answer WHERE {
      ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:about ?unit ; hg:quote/oa:hasSelector/oa:exact ?quote .
      OPTIONAL { ?answering hg:respondsTo|hg:addresses ?statement ; rdfs:label ?answer FILTER (lang(?answer) = "da") } }"""
    said: dict[tuple[str, str], dict[str, set[str]]] = {}
    for row in memo_graph.query(answered):
        cell = said.setdefault((str(row.stakeholder), str(row.unit)), {"statements": set(), "quotes": set(), "answers": set()})
        cell["statements"].add(str(row.statement))
        cell["quotes"].add(str(row.quote))
        if row.answer is not None:
            cell["answers"].add(str(row.answer))
    # the cell with the most answers among its statements
    (row, col), cell = max(said.items(), key=lambda item: (len(item[1]["answers"]), len(item[1]["statements"]), item[0]))
    assert cell["answers"]
    seen = visit(memo_page)
    seen.page.click(f'button.cell[data-row="{row}"][data-col="{col}"]')
    details = seen.page.inner_text("#details")
    missing = [text for text in cell["quotes"] | cell["answers"] if " ".join(text.split()) not in " ".join(details.split())]
    assert missing == []
    assert seen.page.locator("#details .describe.listed").count() == len(cell["statements"])
    assert sorted(seen.page.evaluate("() => window.hoeringsgraf.network.getSelectedNodes()")) == sorted(cell["statements"])
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "matrix-memo-cell.png"))
    assert seen.errors == []


def test_a_filter_changes_both_the_matrix_and_the_network(visit, memo_page: Path, memo_graph, view) -> None:
    seen = visit(memo_page)
    seen.choose("#status", "unanswered")
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, status="unanswered")
    assert drawn_cells(seen) == memo_cells(memo_graph, "unanswered") != memo_cells(memo_graph)
    seen.choose("#unit", GADEPLAN)
    shown = visible_nodes(view, unit=GADEPLAN, status="unanswered")
    assert set(seen.drawn()["nodes"]) == shown
    assert drawn_cells(seen) == view_cells(view, shown) != memo_cells(memo_graph, "unanswered")
    spoken_of = any(col == GADEPLAN for _, col in view_cells(view, shown))
    assert seen.page.locator("table.matrix th.col.chosen").count() == (1 if spoken_of else 0)
    seen.page.click("#reset")
    assert drawn_cells(seen) == memo_cells(memo_graph)
    # a click on a stakeholder's name in the matrix chooses it, for the network too
    police = ORG + "vestegns-politi"
    before = seen.page.evaluate("() => window.hoeringsgraf.arrangements")
    seen.page.click(f'table.matrix th.row button[data-row="{police}"]')
    seen.page.wait_for_function(f"() => window.hoeringsgraf.arrangements > {before}")
    assert seen.page.input_value("#stakeholder") == police
    assert set(seen.drawn()["nodes"]) == visible_nodes(view, stakeholder=police)
    assert drawn_cells(seen) == view_cells(view, visible_nodes(view, stakeholder=police))
    assert seen.errors == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_page_speaks_danish_unless_told_english(visit, memo_graph, view, tmp_path: Path, lang: str) -> None:
    path = write_view(tmp_path / f"network-{lang}.html", view_page(memo_graph, lang=lang).html)
    seen = visit(path)
    labels = [text.strip() for text in seen.page.locator("#controls > label").all_inner_texts()]
    for key, at in (("control.unit", 0), ("control.stakeholder", 1), ("control.theme", 2), ("control.status", 3)):
        assert labels[at].startswith(word(f"view.{key}", lang)), (key, labels[at])
    assert seen.page.inner_text("#reset") == word("view.control.reset", lang)
    assert seen.page.inner_text("#matrix-pane h2") == word("view.matrix.title", lang)
    assert seen.page.inner_text("#legend h2") == word("view.legend.title", lang)
    statuses = [vocab_label(str(kind.term), lang) for kind in STATUSES.values()]
    assert [text.strip() for text in seen.page.locator("#matrix-legend .legend-item").all_inner_texts()] == statuses
    assert [text.split("\n")[0].strip() for text in seen.page.locator("#legend-statuses .legend-row").all_inner_texts()] == statuses
    statement = next(node for node, kind in view.nodes(data="kind") if kind == "statement" and view.nodes[node].get("type"))
    described = seen.page.evaluate("(id) => window.hoeringsgraf.describeNode(id)", statement)
    assert f"{word('view.field.raisedBy', lang)}: " in described
    assert vocab_label(str(getattr(HG, view.nodes[statement]["type"].capitalize())), lang).lower() in described
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / f"network-memo-{lang}.png"))
    assert seen.errors == []


# --- the aggregated page of many memos ------------------------------------------------------------------------

CORPUS_SIZES = (100, 1000)
PAGE_MAX_BYTES = 5_000_000  # the aggregated page must stay under 5 MB at 1,000 memos
# the plain SPARQL of what the aggregated page draws, joined and grouped by Oxigraph: the page reads the store its own way
RESPONDED = ASK + """SELECT ?memo ?stakeholder ?status (COUNT(DISTINCT ?statement) AS ?n) WHERE { GRAPH ?g {
  ?memo a hg:Memo . ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:status ?status . MEMO } } GROUP BY ?memo ?stakeholder ?status"""
SAID_ABOUT = ASK + """SELECT ?stakeholder ?unit ?status (COUNT(DISTINCT ?statement) AS ?n) WHERE { GRAPH ?g {
  ?memo a hg:Memo . ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:about ?unit ; hg:status ?status . MEMO
  FILTER (?stakeholder != ?unit) } } GROUP BY ?stakeholder ?unit ?status"""
MEMO_CELLS = ASK + """SELECT ?stakeholder ?unit ?status (COUNT(DISTINCT ?statement) AS ?n) WHERE { GRAPH ?g {
  ?memo a hg:Memo . ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:about ?unit ; hg:status ?status . MEMO } }
  GROUP BY ?stakeholder ?unit ?status"""
MEMO_DATES = ASK + "SELECT ?memo ?end WHERE { GRAPH ?g { ?memo a hg:Memo ; hg:reportsOn/dcat:endDate ?end } }"
MEMO_NODES = ASK + """SELECT ?kind ?node ?status WHERE { GRAPH ?g { ?memo a hg:Memo .
  { ?node a hg:Statement ; hg:status ?status BIND("statement" AS ?kind) }
  UNION { ?s hg:raisedBy ?node BIND("stakeholder" AS ?kind) } UNION { ?s hg:about ?node BIND("about" AS ?kind) }
  UNION { ?node hg:respondsTo ?s BIND("remark" AS ?kind) } UNION { ?node hg:addresses ?s BIND("recommendation" AS ?kind) } MEMO } }"""


@dataclass
class Corpus:
    size: int
    page: Path
    store: Any

    def ask(self, query: str, memos: list[str] | None = None) -> list[Any]:
        """A query's rows, for these memos only if given."""
        values = f"VALUES ?memo {{ {' '.join(f'<{memo}>' for memo in memos)} }}" if memos is not None else ""
        return list(self.store.query(query.replace("MEMO", values)))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Corpus]]:
    """100 and 1,000 synthetic memos, each built once as `hoeringsgraf build` does (the 1,000 in about 30 s)."""
    import pyoxigraph as ox
    from typer.testing import CliRunner

    from bench.synthetic import write_corpus
    from cli import app

    missing = _missing()
    if missing:
        missing_part(f"the browser tests: {missing}")
    found = {}
    for size in CORPUS_SIZES:
        folder = tmp_path_factory.mktemp(f"corpus-{size}")
        write_corpus(folder / "data", size)
        result = CliRunner().invoke(app, ["build", "--data", str(folder / "data"), "--out", str(folder / "build"), "-q"])
        assert result.exit_code == 0, result.output
        found[size] = Corpus(size, (folder / "build" / "network.html").resolve(), ox.Store.read_only(str((folder / "build" / "store").resolve())))
    yield found


def links_of(corpus: Corpus, memos: list[str] | None = None) -> dict[tuple[str, str, str], dict[str, int]]:
    found: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in corpus.ask(RESPONDED, memos):
        key = (row["memo"].value, row["stakeholder"].value, "responded")
        found.setdefault(key, {})[status_name(row["status"].value)] = int(row["n"].value)
    for row in corpus.ask(SAID_ABOUT, memos):
        key = (row["stakeholder"].value, row["unit"].value, "said-about")
        found.setdefault(key, {})[status_name(row["status"].value)] = int(row["n"].value)
    return found


def drawn_links(seen: Visit) -> dict[tuple[str, str, str], dict[str, int]]:
    return {(link["from"], link["to"], link["kind"]): {name: n for name, n in link["statuses"].items() if n}
            for link in seen.page.evaluate("() => window.hoeringsgraf.links()")}


def apply_and_wait(seen: Visit, action: Callable[[], None]) -> None:
    before = seen.page.evaluate("() => window.hoeringsgraf.arrangements")
    action()
    seen.page.wait_for_function(f"() => window.hoeringsgraf.arrangements > {before}", timeout=30_000)


@pytest.mark.parametrize("size", CORPUS_SIZES)
def test_the_aggregated_page_draws_what_the_store_holds(visit, corpora, size: int) -> None:
    corpus = corpora[size]
    assert corpus.page.stat().st_size < PAGE_MAX_BYTES
    seen = visit(corpus.page)
    assert seen.page.evaluate("() => window.hoeringsgraf.mode()") == "aggregate"
    memos = sorted(row["memo"].value for row in corpus.ask(MEMO_DATES))
    assert len(memos) == size and seen.page.evaluate("() => window.hoeringsgraf.memosShown()") == memos
    expected = links_of(corpus)
    assert drawn_links(seen) == expected
    drawn = seen.drawn()
    ends = {end for key in expected for end in key[:2]}
    assert set(drawn["nodes"]) == ends and len(drawn["edges"]) == len(expected)
    assert seen.page.locator("table.matrix button.cell").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / f"aggregate-{size}.png"))
    assert seen.errors == [] and seen.requests == [] and seen.dialogs == []


@pytest.mark.parametrize("size", CORPUS_SIZES)
def test_the_aggregated_page_filters_by_period_and_draws_one_memo(visit, corpora, size: int) -> None:
    corpus = corpora[size]
    dates = {row["memo"].value: row["end"].value for row in corpus.ask(MEMO_DATES)}
    days = sorted(set(dates.values()))
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    inside = sorted(memo for memo, day in dates.items() if start <= day <= end)
    assert 0 < len(inside) < len(dates)
    seen = visit(corpus.page)
    apply_and_wait(seen, lambda: seen.page.fill("#from", start))
    apply_and_wait(seen, lambda: seen.page.fill("#to", end))
    assert seen.page.evaluate("() => window.hoeringsgraf.memosShown()") == inside
    assert drawn_links(seen) == links_of(corpus, inside)
    options = seen.page.locator("#memo option").count() - 1
    assert options == len(inside), "the memo list holds the memos of the period"
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / f"aggregate-{size}-period.png"))

    # the memo of the period with the most statements, chosen in the list: its whole network
    statements = {row["memo"].value: int(row["n"].value) for row in corpus.ask(
        ASK + "SELECT ?memo (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?memo a hg:Memo . ?s a hg:Statement . MEMO } } GROUP BY ?memo", inside)}
    memo = max(inside, key=lambda iri: (statements[iri], iri))
    number = seen.page.evaluate("(iri) => JSON.parse(document.getElementById('graph-data').textContent).memos.id.indexOf(iri)", memo)
    apply_and_wait(seen, lambda: seen.page.select_option("#memo", str(number)))
    assert seen.page.evaluate("() => window.hoeringsgraf.mode()") == "memo"
    expected: dict[str, set[str]] = {"statement": set(), "stakeholder": set(), "about": set(), "remark": set(), "recommendation": set()}
    statuses: dict[str, int] = {}
    for row in corpus.ask(MEMO_NODES, [memo]):
        expected[row["kind"].value].add(row["node"].value)
        if row["kind"].value == "statement":
            statuses[status_name(row["status"].value)] = statuses.get(status_name(row["status"].value), 0) + 1
    nodes = seen.page.evaluate("() => window.hoeringsgraf.memoNodes()")
    kinds: dict[str, list[dict]] = {}
    for node in nodes:
        kinds.setdefault(node["kind"], []).append(node)
    assert len(kinds["statement"]) == len(expected["statement"]) == statements[memo]
    drawn_statuses: dict[str, int] = {}
    for node in kinds["statement"]:
        drawn_statuses[node["status"]] = drawn_statuses.get(node["status"], 0) + 1
    assert drawn_statuses == statuses
    assert {node["id"] for node in kinds["stakeholder"]} == expected["stakeholder"]
    said = {"statement", "stakeholder", "remark", "recommendation", "theme"}
    places = {node["id"] for kind, found in kinds.items() if kind not in said for node in found}
    assert places == expected["about"] - expected["stakeholder"]
    assert len(kinds["remark"]) == len(expected["remark"]) and len(kinds.get("recommendation", [])) == len(expected["recommendation"])
    assert set(seen.drawn()["nodes"]) == {node["id"] for node in nodes}
    assert drawn_cells(seen) == cells_of([(r["stakeholder"].value, r["unit"].value, r["status"].value, r["n"].value)
                                          for r in corpus.ask(MEMO_CELLS, [memo])])
    seen.page.screenshot(path=str(ARTIFACTS / f"aggregate-{size}-memo.png"))

    # a status within the memo changes its network and its matrix
    seen.choose("#status", "unanswered")
    assert {node["status"] for node in seen.page.evaluate("() => window.hoeringsgraf.memoNodes()") if node["kind"] == "statement"} <= {"unanswered"}
    shown = [node for node in seen.page.evaluate("() => window.hoeringsgraf.memoNodes()") if node["kind"] == "statement"]
    assert len(shown) == statuses.get("unanswered", 0)
    assert drawn_cells(seen) == {key: {"unanswered": cell["unanswered"]} for key, cell in cells_of(
        [(r["stakeholder"].value, r["unit"].value, r["status"].value, r["n"].value) for r in corpus.ask(MEMO_CELLS, [memo])]).items()
        if "unanswered" in cell}

    # and back to all the memos of the period
    apply_and_wait(seen, lambda: seen.page.click("#back"))
    assert seen.page.evaluate("() => window.hoeringsgraf.mode()") == "aggregate"
    assert seen.page.evaluate("() => window.hoeringsgraf.memosShown()") == inside
    assert seen.errors == [] and seen.requests == []


def test_a_cell_of_the_aggregated_matrix_lists_its_statements(visit, corpora) -> None:
    corpus = corpora[100]
    seen = visit(corpus.page)
    cells = seen.page.evaluate("() => window.hoeringsgraf.matrixCells()")
    first = max(cells, key=lambda cell: (cell["count"], cell["row"], cell["col"]))
    quotes = {row["quote"].value for row in corpus.ask(ASK + f"""SELECT ?quote WHERE {{ GRAPH ?g {{
      ?statement a hg:Statement ; hg:raisedBy <{first["row"]}> ; hg:about <{first["col"]}> ; hg:quote/oa:hasSelector/oa:exact ?quote }} }}""")}
    assert len(quotes) == first["count"] > 1
    seen.page.click(f'button.cell[data-row="{first["row"]}"][data-col="{first["col"]}"]')
    listed = seen.page.locator("#details .describe.listed > blockquote").all_inner_texts()  # the statements' own quotes
    assert set(listed) <= quotes and len({q for q in listed if q in quotes}) == min(first["count"], 60)
    seen.page.screenshot(path=str(ARTIFACTS / "aggregate-100-cell.png"))
    assert seen.errors == []
