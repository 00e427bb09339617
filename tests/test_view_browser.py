"""The network view in a real browser: Debian's headless Chromium, driven by Playwright, with the network cut off.

These tests skip when /usr/bin/chromium or Playwright is missing, except under CI=true, where they fail:
`make test` installs Chromium with apt-get, and Playwright comes with the `test` extra.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.builder.assemble import build_graph
from graph.view.page import neighbourhood, network_graph, view_page, visible_nodes, write_view

from .conftest import FIXTURES, REPO

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
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run in CI: {missing}")
        pytest.skip(missing)
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


def edges_between(view, nodes: set[str]) -> int:
    return sum(1 for source, target in view.edges() if source in nodes and target in nodes)


def test_the_memo_is_drawn_whole_and_offline(visit, memo_page: Path, view) -> None:
    seen = visit(memo_page)
    drawn = seen.drawn()
    # test_view.py checks the networkx graph against the RDF with SPARQL; here the page against networkx
    assert sorted(drawn["nodes"]) == sorted(view.nodes)
    assert len(drawn["edges"]) == view.number_of_edges()
    assert seen.page.evaluate("() => window.hoeringsgraf.network.physics.options.enabled") is False, "the physics stopped"
    assert "showing 76 of 76 nodes, 161 of 161 links" in seen.page.inner_text("#count")
    assert [row.strip() for row in seen.page.locator("#legend-kinds .legend-row").all_inner_texts()][0].startswith("Statement (31)")
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
    assert "1 match" in seen.page.inner_text("#count")
    x, y = seen.point_at(statement)
    seen.page.mouse.move(x, y)
    seen.page.wait_for_selector("#tooltip:not([hidden])")
    tooltip = seen.page.inner_text("#tooltip")
    assert view.nodes[statement]["quotes"][0] in tooltip
    for expected in ("Statement (concern)", "Raised by: Gadeplan", "Answered", "The administration's remark:"):
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
    assert page.title() == "Network: Høringsnotat om flytning af Testby Ungdom <script>alert(3)</script>"
    injected = page.evaluate("() => [document.scripts.length, document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length]")
    assert injected == [3, 0]
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.errors == [] and seen.requests == []
