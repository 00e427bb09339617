"""The network view without a browser: the graph it draws, the page it writes, and the `view` command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from cli import app
from graph.builder.assemble import build_graph
from graph.view.page import (
    PHYSICS_MAX_NODES,
    SPRING_MAX_NODES,
    layout,
    neighbourhood,
    network_graph,
    render,
    view_page,
    visible_nodes,
)

from .conftest import DATA, FIXTURES, MEMO_ID, REPO, replace_once

HOSTILE = FIXTURES / "hostile"
ORG = "https://w3id.org/hoeringsgraf/id/org/"
GADEPLAN = ORG + "ishoej/gadeplan"
STATEMENT = "https://w3id.org/hoeringsgraf/id/ishoej-2023/statement/"
PREFIXES = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def page_data(html: str) -> dict:
    """The JSON the page draws from."""
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, flags=re.S)
    assert match, "the page holds its data"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def view(memo_graph) -> nx.MultiDiGraph:
    return network_graph(memo_graph)


@pytest.fixture(scope="module")
def memo_html(memo_graph) -> str:
    return view_page(memo_graph).html


def count(graph, query: str) -> int:
    (row,) = graph.query(PREFIXES + query)
    return int(row[0])


def test_the_view_draws_every_node_and_link_of_the_rdf(memo_graph, view) -> None:
    nodes = count(
        memo_graph,
        """SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {
             { ?node a ?class . VALUES ?class { hg:Statement hg:Response hg:Recommendation hg:Stakeholder hg:OrganisationalModel
                                                 org:Organization org:OrganizationalUnit hg:StaffGroup org:Post } }
             UNION { ?statement hg:theme ?node } }""",
    )
    links = count(
        memo_graph,
        """SELECT (COUNT(*) AS ?n) WHERE {
             { ?s hg:raisedBy|hg:about|hg:respondsTo|hg:addresses|hg:theme ?o }
             UNION { ?s org:subOrganizationOf|org:memberOf|org:postIn ?o }
             UNION { ?change hg:moves ?s ; hg:movedTo ?o } }""",
    )
    assert (view.number_of_nodes(), view.number_of_edges()) == (nodes, links)
    kinds = {kind: sum(1 for _, k in view.nodes(data="kind") if k == kind) for kind in ("statement", "remark", "stakeholder", "theme")}
    # the README's build output: 7 stakeholders, 31 statements, 17 remarks; the memo names 5 themes
    assert kinds == {"statement": 31, "remark": 17, "stakeholder": 7, "theme": 5}
    assert {attributes["status"] for _, attributes in view.nodes(data=True) if attributes["kind"] == "statement"} == {
        "resolved",
        "answered",
        "unanswered",
    }


def test_a_statement_carries_its_quote_stakeholder_and_answer(view) -> None:
    statement = STATEMENT + "gadeplan-1"
    attributes = view.nodes[statement]
    assert attributes["quotes"] == [
        "Der er bekymring for videnstab samt det tætte og daglige samarbejde med StraXen og familierådgiverne vil forsvinde."
    ]
    assert attributes["status"] == "answered" and attributes["type"] == "concern"
    assert view.has_edge(statement, GADEPLAN, key="raised-by")
    remarks = [source for source, _, kind in view.in_edges(statement, keys=True) if kind == "responds-to"]
    assert remarks and all(view.nodes[remark]["kind"] == "remark" for remark in remarks)
    assert view.has_edge(GADEPLAN, ORG + "ishoej/ishoej-ungdom", key="moves")


def test_a_units_neighbourhood(view) -> None:
    shown = neighbourhood(view, GADEPLAN)
    about_it = {source for source, _, kind in view.in_edges(GADEPLAN, keys=True) if kind in {"about", "raised-by"}}
    assert about_it <= shown
    for statement in about_it:
        assert set(view.successors(statement)) <= shown, "each statement comes with who raised it and what it is about"
    assert STATEMENT + "politi-1" not in shown
    assert shown < set(view.nodes)


def test_unresolved_hides_resolved_statements(view) -> None:
    shown = visible_nodes(view, status="unresolved")
    statuses = {view.nodes[node].get("status") for node in shown if view.nodes[node]["kind"] == "statement"}
    assert statuses == {"answered", "unanswered"}
    recommendation = "https://w3id.org/hoeringsgraf/id/ishoej-2023/recommendation/ledere-i-styregruppen"
    assert recommendation not in shown, "it addresses only resolved statements"
    with_unit = visible_nodes(view, unit=GADEPLAN, status="unresolved")
    assert GADEPLAN in with_unit and with_unit <= neighbourhood(view, GADEPLAN)


@pytest.mark.parametrize("status", ["unresolved", "unanswered", "resolved", None])
def test_a_focused_page_shows_nothing_unlinked(view, status: str | None) -> None:
    """Whatever unit is chosen, with a status or not, every node shown is linked to another one shown."""
    for unit in [node for node, roles in view.nodes(data="roles") if "unit" in roles]:
        shown = visible_nodes(view, unit=unit, status=status)
        for node in shown - {unit}:
            assert not shown.isdisjoint(set(view.successors(node)) | set(view.predecessors(node))), (unit, node)


class _Loads(HTMLParser):
    """Every address the page would load: src and href attributes, and url() and @import in styles."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.tags: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        self.addresses += [value or "" for name, value in attrs if name in {"src", "href", "srcset", "data", "poster", "action"}]
        self.addresses += re.findall(r"url\(([^)]*)\)", dict(attrs).get("style") or "")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.addresses += re.findall(r"url\(([^)]*)\)", data) + re.findall(r"@import\s+([^;]+)", data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def test_the_page_loads_nothing_from_the_network(memo_html: str) -> None:
    found = _Loads()
    found.feed(memo_html)
    assert found.addresses == []
    assert "link" not in found.tags and "iframe" not in found.tags and "img" not in found.tags
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", memo_html, flags=re.I)
    # and the page forbids itself any load: only its own two scripts run
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', memo_html)
    assert policy and "default-src 'none'" in policy.group(1) and "unsafe-inline" not in policy.group(1).split("style-src")[0]


def test_the_page_is_utf8_and_keeps_danish_letters(tmp_path: Path) -> None:
    out = tmp_path / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert "Ishøj Ungdom" in text and "Familierådgivere" in text and "\\u00f8" not in text
    assert os.listdir(tmp_path) == ["network.html"], "no temporary file is left"


def test_hostile_text_reaches_the_page_only_as_escaped_data(tmp_path: Path) -> None:
    from graph.builder.assemble import build_graph

    html = view_page(build_graph(HOSTILE).union()).html
    outside_scripts = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    for markup in ("<script>alert", "<img", "<iframe", "<b onmouseover", "</script><script>"):
        assert markup not in page_data_text(html), markup
        assert markup not in outside_scripts, markup
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in outside_scripts, "the memo's title is escaped"
    names = {node["name"] for node in page_data(html)["nodes"]}
    assert {"Testrådet <script>alert(1)</script>", "Testby Politi <img src=x onerror=alert(1)>"} <= names


def page_data_text(html: str) -> str:
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, flags=re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    ("options", "initial"),
    [
        pytest.param(["--unit", "gadeplan"], {"unit": GADEPLAN}, id="unit-by-label"),
        pytest.param(["--unit", "ishoej/cbf"], {"unit": ORG + "ishoej/cbf"}, id="unit-by-id"),
        pytest.param(["--stakeholder", ORG + "vestegns-politi"], {"stakeholder": ORG + "vestegns-politi"}, id="stakeholder-by-iri"),
        pytest.param(
            ["--theme", "mere bureaukrati", "--status", "unresolved"],
            {"theme": "https://w3id.org/hoeringsgraf/id/ishoej-2023/theme/mere-bureaukrati", "status": "unresolved"},
            id="theme-and-status",
        ),
    ],
)
def test_view_opens_on_what_the_options_name(tmp_path: Path, view, options: list[str], initial: dict) -> None:
    out = tmp_path / "out" / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: {view.number_of_nodes()} nodes, {view.number_of_edges()} links; it opens on" in result.stderr
    opening = page_data(out.read_text(encoding="utf-8"))["initial"]
    assert opening == {"unit": None, "stakeholder": None, "theme": None, "status": None} | initial


def test_the_readme_example_is_real(tmp_path: Path) -> None:
    out = tmp_path / "build" / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(out), "--unit", "Gadeplan", "--status", "unresolved"])
    assert result.exit_code == 0, result.output
    said = result.stderr.replace(str(out), "build/network.html").strip()
    assert said == "wrote build/network.html: 76 nodes, 161 links; it opens on 29 of them"
    assert said in (REPO / "README.md").read_text(encoding="utf-8")


def test_an_unknown_unit_exits_2_and_names_the_candidates(tmp_path: Path) -> None:
    out = tmp_path / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(out), "--unit", "gadeplann"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "hoeringsgraf: error: no unit is called 'gadeplann'; did you mean Gadeplan <https://w3id.org/hoeringsgraf/id/org/ishoej/gadeplan>?"
    )
    assert not out.exists()


def test_an_unknown_status_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(tmp_path / "n.html"), "--status", "open"])
    assert result.exit_code == 2
    assert "'open' is not one of" in result.output


def test_an_unwritable_output_exits_3_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(tmp_path / "file" / "network.html")])
    assert result.exit_code == 3, result.output
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_open_opens_the_page_in_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(out), "--open", "--quiet"])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]
    assert result.stderr == ""


def test_build_writes_the_view_beside_the_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--data", str(DATA), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'network.html'}" in result.stderr.splitlines()
    assert page_data((tmp_path / "network.html").read_text(encoding="utf-8"))["initial"]["unit"] is None
    written = os.listdir(tmp_path)
    assert {"store", "network.html"} <= set(written)
    assert not [name for name in written if name.startswith(".")], "no temporary file is left"


def test_the_page_is_the_same_in_every_run(tmp_path: Path) -> None:
    """Seeded layout and sorted data: two processes with different hash seeds write the same bytes."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"network-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = "from cli import main; main()"
        subprocess.run([sys.executable, "-c", code, "view", "--data", str(DATA), "-o", str(out), "-q"], check=True, cwd=REPO, env=env)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    positions = {node["id"]: (node["x"], node["y"]) for node in page_data(pages[0].decode("utf-8"))["nodes"]}
    assert len(set(positions.values())) == len(positions), "no two nodes share a place"


def synthetic_view(size: int) -> nx.MultiDiGraph:
    """A view-shaped graph: statements about units, raised by stakeholders, answered by remarks."""
    view = nx.MultiDiGraph()
    units = [f"u{n:04d}" for n in range(size // 20)]
    stakeholders = [f"s{n:04d}" for n in range(size // 20)]
    for node in units:
        view.add_node(node, kind="unit", name=f"Enhed {node}", roles=["unit"], quotes=[], notes=[])
    for node in stakeholders:
        view.add_node(node, kind="stakeholder", name=f"Interessent {node}", roles=["stakeholder"], quotes=[], notes=[])
    statements = size - len(units) - len(stakeholders)
    for n in range(statements):
        node = f"t{n:05d}"
        view.add_node(node, kind="statement", name=f"Udsagn {n}", roles=[], quotes=[f"Citat {n}"], notes=[], status="unanswered")
        view.add_edge(node, stakeholders[n % len(stakeholders)], key="raised-by", kind="raised-by")
        view.add_edge(node, units[(n * 7) % len(units)], key="about", kind="about")
    return view


def test_a_large_graph_is_laid_out_by_networkx_without_physics() -> None:
    size = max(PHYSICS_MAX_NODES, SPRING_MAX_NODES) + 200
    view = synthetic_view(size)
    positions = layout(view)
    assert set(positions) == set(view.nodes)
    data = page_data(render(view, title="synthetic"))
    assert data["physics"]["maxNodes"] < view.number_of_nodes(), "the whole graph is drawn without physics"
    assert {node["id"]: (node["x"], node["y"]) for node in data["nodes"]} == positions


def test_a_small_graph_settles_with_physics(view) -> None:
    assert view.number_of_nodes() <= PHYSICS_MAX_NODES
    data = page_data(render(view, title="memo"))
    assert data["physics"]["maxNodes"] >= view.number_of_nodes() and data["physics"]["iterations"] > 0
    assert data["options"]["physics"]["enabled"] is False, "physics runs only until the layout is stable"


def test_a_graph_too_large_for_one_page(monkeypatch: pytest.MonkeyPatch, memo_graph, view) -> None:
    """Past VIEW_MAX_NODES the page says how to narrow it; with a unit it holds only that neighbourhood."""
    monkeypatch.setattr("graph.view.page.VIEW_MAX_NODES", 50)
    whole = view_page(memo_graph)
    assert (whole.nodes, whole.links) == (view.number_of_nodes(), 0)
    assert "too many to draw in one page" in whole.html and "graph-data" not in whole.html
    part = view_page(memo_graph, unit="Gadeplan")
    data = page_data(part.html)
    assert {node["id"] for node in data["nodes"]} == neighbourhood(view, GADEPLAN)
    assert f"the whole graph has {view.number_of_nodes()}" in part.html


# --- what any memo adds: declined points, subjects, statements of no kind yet -------------------


def test_declined_is_the_fourth_status_of_the_legend(memo_html: str) -> None:
    statuses = page_data(memo_html)["statuses"]
    assert list(statuses) == ["unanswered", "answered", "declined", "resolved"]
    assert statuses["declined"]["label"] == "Declined"
    assert statuses["declined"]["help"] == "the administration decided on no change"
    assert len({status["color"] for status in statuses.values()}) == 4


def test_a_memo_with_decisions_subjects_and_open_kinds(data_copy: Path, tmp_path: Path) -> None:
    memo = data_copy / "memos" / MEMO_ID / "memo.yaml"
    replace_once(memo, "  - id: r-sparring-og-samarbejde\n", "  - id: r-sparring-og-samarbejde\n    decision: no-change\n")
    replace_once(memo, "      - id: politi-1\n        kind: support\n", "      - id: politi-1\n        kind: unknown\n")
    source = memo.parent / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "Borger 1\tJeg er bekymret for trafikken.\n", encoding="utf-8")
    replace_once(memo, "\nrespondents:\n", "\nstakeholders:\n  - {id: borger-1, type: citizen, label: Borger 1}\n\n"
                 "subjects:\n  - {id: trafik, label: Trafik, quote: trafikken}\n\nrespondents:\n")
    replace_once(memo, "\nresponses:\n", "  - stakeholder: borger-1\n    statements:\n      - {id: borger-1-1, kind: concern, label: Trafikken, "
                 "about: [trafik], quote: Jeg er bekymret for trafikken.}\n\nresponses:\n")
    view = network_graph(build_graph(data_copy).union())
    declined = STATEMENT + "gadeplan-1"
    assert view.nodes[declined]["status"] == "declined"
    assert declined in visible_nodes(view, status="unresolved") and declined in visible_nodes(view, status="declined")
    assert declined not in visible_nodes(view, status="answered")
    assert view.nodes["https://w3id.org/hoeringsgraf/id/ishoej-2023/response/r-sparring-og-samarbejde"]["decision"] == "no change"
    assert "type" not in view.nodes[STATEMENT + "politi-1"], "a statement of no kind yet has none"
    subject = "https://w3id.org/hoeringsgraf/id/ishoej-2023/subject/trafik"
    assert view.nodes[subject]["kind"] == "subject" and "unit" in view.nodes[subject]["roles"]
    assert view.has_edge(STATEMENT + "borger-1-1", subject, key="about")
    citizen = "https://w3id.org/hoeringsgraf/id/ishoej-2023/stakeholder/borger-1"
    assert view.nodes[citizen]["kind"] == "stakeholder" and view.nodes[citizen]["name"] == "Borger 1"
    out = tmp_path / "network.html"
    result = CliRunner().invoke(app, ["view", "--data", str(data_copy), "--build", str(tmp_path / "none"), "-o", str(out),
                                      "--status", "declined"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["initial"]["status"] == "declined"
    assert {node["id"]: node.get("status") for node in data["nodes"] if node["kind"] == "statement"}[declined] == "declined"
