"""The network view without a browser: the graph it draws, the page it writes, and the `view` command."""

from __future__ import annotations

import base64
import hashlib
import html
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
from graph.model.vocab import HG
from graph.model.wording import WORDS, vocab_label, word
from graph.view.aggregate import aggregate_page, store_page
from graph.view.kinds import KINDS, STATUSES, TYPES
from graph.view.page import (
    PHYSICS_MAX_NODES,
    SPRING_MAX_NODES,
    TEMPLATES,
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
    # and the page forbids itself any load: only its own scripts run
    assert_only_its_scripts_run(memo_html)
    assert len(memo_html.encode("utf-8")) < 1_500_000, "the memo's page stays under 1.5 MB"


def assert_only_its_scripts_run(page: str) -> None:
    """The page's Content-Security-Policy loads nothing and runs exactly its inline scripts, by their hashes."""
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found
    policy = html.unescape(found.group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    allowed = set(re.search(r"script-src ([^;]+);", policy).group(1).split())
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'" for script in scripts}
    assert len(scripts) >= 2 and hashes == allowed


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
    page = (tmp_path / "network.html").read_text(encoding="utf-8")
    assert page_data(page)["initial"]["unit"] is None
    assert page_data(page)["lang"] == "da" and '<html lang="da">' in page, "the build writes the Danish page"
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


def test_a_graph_too_large_for_one_page(monkeypatch: pytest.MonkeyPatch, built, memo_graph, view) -> None:
    """Past VIEW_MAX_NODES the store's page is the aggregated one; with a unit it holds only that neighbourhood."""
    monkeypatch.setattr("graph.view.page.VIEW_MAX_NODES", 50)
    whole = store_page(built.store, lambda: memo_graph)
    assert "memos" in page_data(whole.html) and "nodes" not in page_data(whole.html), "the aggregated page"
    with pytest.raises(ValueError, match="aggregated page"):
        view_page(memo_graph)  # the rdflib graph alone cannot be drawn whole
    part = store_page(built.store, lambda: memo_graph, unit="Gadeplan")
    data = page_data(part.html)
    assert {node["id"] for node in data["nodes"]} == neighbourhood(view, GADEPLAN)
    notice = word("view.notice.part", "da", shown=len(neighbourhood(view, GADEPLAN)), total=view.number_of_nodes())
    assert html.escape(notice, quote=False) in part.html
    monkeypatch.undo()
    small = store_page(built.store, lambda: memo_graph)
    assert {node["id"] for node in page_data(small.html)["nodes"]} == set(view.nodes), "a graph that fits is drawn whole"


# --- what any memo adds: declined points, subjects, statements of no kind yet -------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_declined_is_the_fourth_status_of_the_legend(memo_graph, lang: str) -> None:
    statuses = page_data(view_page(memo_graph, lang=lang).html)["statuses"]
    assert list(statuses) == ["unanswered", "answered", "declined", "resolved"]
    assert statuses["declined"]["label"] == vocab_label(str(HG.Declined), lang)  # the ontology's label: Afvist, Declined
    assert statuses["declined"]["help"] == word("view.status.declined.help", lang)
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


# --- the page's words: Danish by default, English with --lang en --------------------------------------------

TEMPLATE_WORD = re.compile(r"""\bw\[["']([^"']+)["']\]""")
SCRIPT_WORD = re.compile(r"""\bwords\[["']([^"']+)["']\]""")


def outside_scripts(page: str) -> str:
    """The page's text as a reader sees it before any script runs: no script or style, entities read."""
    return html.unescape(re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S))


def test_every_word_the_pages_use_is_in_the_wording() -> None:
    """A word the templates or scripts name but graph/model/wording.py lacks would show as nothing (or fail)."""
    named = set()
    for template in ("network.html", "aggregate.html"):
        named |= set(TEMPLATE_WORD.findall((TEMPLATES / template).read_text(encoding="utf-8")))
    for script in ("network.js", "aggregate.js", "matrix.js", "common.js"):
        named |= set(SCRIPT_WORD.findall((TEMPLATES / script).read_text(encoding="utf-8")))
    assert len(named) > 40, "the pattern finds the words"
    assert sorted(key for key in named if f"view.{key}" not in WORDS) == []
    # every kind, status and link has its name and help in both languages
    for lang in ("da", "en"):
        for group, kinds in (("kind", KINDS), ("status", STATUSES)):
            for name, kind in kinds.items():
                assert kind.term and vocab_label(str(kind.term), lang) or word(f"view.{group}.{name}", lang)
                assert word(f"view.{group}.{name}.help", lang)
        assert all(vocab_label(str(term), lang) for term in TYPES.values())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_memo_page_speaks_its_language(memo_graph, lang: str) -> None:
    page = view_page(memo_graph, lang=lang).html
    data = page_data(page)
    assert f'<html lang="{lang}">' in page and data["lang"] == lang
    text = outside_scripts(page)
    keys = set(TEMPLATE_WORD.findall((TEMPLATES / "network.html").read_text(encoding="utf-8")))
    assert [key for key in sorted(keys) if word(f"view.{key}", lang) not in text and word(f"view.{key}", lang) not in page] == []
    other = "en" if lang == "da" else "da"
    controls = re.search(r'<form id="controls".*?</form>', text, flags=re.S).group(0)
    leaked = [key for key in sorted(keys) if key.startswith("control.") and word(f"view.{key}", other) != word(f"view.{key}", lang)
              and re.search(rf"(?<!\w){re.escape(word(f'view.{key}', other))}(?!\w)", controls)]
    assert leaked == [], "no control in the other language"
    assert data["kinds"]["statement"]["label"] == vocab_label(str(HG.Statement), lang)
    assert data["types"]["concern"] == vocab_label(str(HG.Concern), lang)
    assert {name: status["label"] for name, status in data["statuses"].items()} == {
        name: vocab_label(str(kind.term), lang) for name, kind in STATUSES.items()
    }


def test_view_writes_danish_by_default_and_english_with_lang_en(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = {"default": [], "en": ["--lang", "en"], "da": ["--lang", "da"]}
    for name, options in runs.items():
        out = tmp_path / f"{name}.html"
        result = CliRunner().invoke(app, ["view", "--data", str(DATA), "--build", str(tmp_path / "none"), "-o", str(out), "-q", *options])
        assert result.exit_code == 0, result.output
        assert page_data(out.read_text(encoding="utf-8"))["lang"] == ("en" if name == "en" else "da")
    monkeypatch.setenv("HOERINGSGRAF_LANG", "en")
    out = tmp_path / "environment.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "--build", str(tmp_path / "none"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert page_data(out.read_text(encoding="utf-8"))["lang"] == "en"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "-o", str(tmp_path / "x.html"), "--lang", "de"])
    assert result.exit_code == 2 and "Invalid value for '--lang'" in result.output
    assert not (tmp_path / "x.html").exists()


# --- the aggregated page of many memos -----------------------------------------------------------------------

ASK = """PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# the statements, asked the plain way (one join, no grouping): what the page's compact arrays must say
STATEMENT_FACTS = ASK + """SELECT ?memo ?statement ?stakeholder ?unit ?status ?quote WHERE { GRAPH ?g {
  ?memo a hg:Memo . ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:about ?unit ; hg:status ?status .
  OPTIONAL { ?statement hg:quote/oa:hasSelector/oa:exact ?quote } } }"""
ANSWER_FACTS = ASK + """SELECT ?memo ?answer ?kind ?quote ?statementQuote WHERE { GRAPH ?g {
  ?memo a hg:Memo .
  { ?answer hg:respondsTo ?statement BIND("remark" AS ?kind) } UNION { ?answer hg:addresses ?statement BIND("recommendation" AS ?kind) }
  ?answer hg:quote/oa:hasSelector/oa:exact ?quote . ?statement hg:quote/oa:hasSelector/oa:exact ?statementQuote } }"""


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.synthetic import write_corpus

    folder = tmp_path_factory.mktemp("corpus") / "data"
    write_corpus(folder, 12)
    return folder


@pytest.fixture(scope="module")
def corpus_store(corpus_folder: Path):
    return build_graph(corpus_folder).store


@pytest.fixture(scope="module")
def aggregate_html(corpus_store) -> str:
    return aggregate_page(corpus_store).html


def unpacked(data: dict) -> list[dict]:
    """Each statement of the aggregated page's data, read back from its arrays."""
    def many(value):
        return [] if value == -1 else [value] if isinstance(value, int) else value

    memos, agents, said = data["memos"], data["agents"]["id"], data["statements"]
    statuses = list(data["statuses"])
    found = []
    for memo, iri in enumerate(memos["id"]):
        for number in range(memos["first"][memo], memos["first"][memo + 1]):
            found.append({
                "memo": iri, "by": [agents[a] for a in many(said["by"][number])], "about": [agents[a] for a in many(said["about"][number])],
                "status": statuses[said["status"][number]], "quotes": said.get("quotes", [[]] * len(said["status"]))[number],
            })
    return found


def test_the_aggregated_page_holds_every_statement_of_the_store(corpus_store, aggregate_html: str) -> None:
    data = page_data(aggregate_html)
    facts = list(corpus_store.query(STATEMENT_FACTS))
    expected: dict[tuple, int] = {}
    for row in {(r["memo"].value, r["statement"].value, r["stakeholder"].value, r["unit"].value, r["status"].value) for r in facts}:
        key = (row[0], row[2], row[3], row[4].rsplit("#", 1)[-1].lower())
        expected[key] = expected.get(key, 0) + 1
    drawn: dict[tuple, int] = {}
    for statement in unpacked(data):
        for stakeholder in statement["by"]:
            for unit in statement["about"]:
                key = (statement["memo"], stakeholder, unit, statement["status"])
                drawn[key] = drawn.get(key, 0) + 1
    assert drawn == expected and len(expected) > 100
    quotes = {r["statement"].value: r["quote"].value for r in facts}
    assert sorted(q for s in unpacked(data) for q in s["quotes"]) == sorted(quotes.values()), "the quotes fit in a 12-memo page"
    assert data["texts"] == {"label_chars": None, "quotes": True}
    dates = {r["memo"].value: r["end"].value for r in corpus_store.query(ASK + "SELECT ?memo ?end WHERE { ?memo hg:reportsOn/dcat:endDate ?end }",
                                                                         use_default_graph_as_union=True)}
    assert dict(zip(data["memos"]["id"], data["memos"]["when"], strict=True)) == dates, "a memo's date: when its consultation ended"
    assert data["memos"]["when"] == sorted(data["memos"]["when"]), "the memos in the order of their dates"


def test_the_aggregated_page_holds_every_answer(corpus_store, aggregate_html: str) -> None:
    data = page_data(aggregate_html)
    quote_of = [q for s in unpacked(data) for q in (s["quotes"] or [""])[:1]]
    answers = data["answers"]

    def many(value):
        return [] if value == -1 else [value] if isinstance(value, int) else value

    drawn = {
        (data["memos"]["id"][next(m for m in range(len(data["memos"]["id"])) if data["memos"]["firstAnswer"][m + 1] > number)],
         ["remark", "recommendation"][answers["kind"][number]], answers["quotes"][number][0], quote_of[statement])
        for number in range(len(answers["kind"])) for statement in many(answers["to"][number])
    }
    expected = {(r["memo"].value, r["kind"].value, r["quote"].value, r["statementQuote"].value) for r in corpus_store.query(ANSWER_FACTS)}
    assert drawn == expected and len(expected) > 100


def test_the_aggregated_page_fits_its_size(corpus_store) -> None:
    """The numbers and names first, then the labels (shortened to fit), then the quotes, only if they fit too."""
    whole = aggregate_page(corpus_store)
    size = len(whole.html.encode("utf-8"))
    no_quotes = aggregate_page(corpus_store, max_bytes=size - 1)
    assert page_data(no_quotes.html)["texts"] == {"label_chars": None, "quotes": False}
    bare = len(no_quotes.html.encode("utf-8")) - sum(len(json.dumps(label, ensure_ascii=False).encode()) + 1
                                                     for part in ("statements", "answers") for label in page_data(no_quotes.html)[part]["label"])
    limit = bare + (len(no_quotes.html.encode("utf-8")) - bare) // 2
    short = aggregate_page(corpus_store, max_bytes=limit)
    data = page_data(short.html)
    chars = data["texts"]["label_chars"]
    assert data["texts"]["quotes"] is False and isinstance(chars, int) and chars > 0
    assert len(short.html.encode("utf-8")) <= limit
    labels = data["statements"]["label"] + data["answers"]["label"]
    assert max(len(label) for label in labels) <= chars and any(label.endswith("…") for label in labels)
    none = aggregate_page(corpus_store, max_bytes=bare - 1000)
    assert page_data(none.html)["texts"] == {"label_chars": 0, "quotes": False} and "label" not in page_data(none.html)["statements"]


def test_the_aggregated_page_loads_nothing_and_speaks_its_language(corpus_store, aggregate_html: str) -> None:
    found = _Loads()
    found.feed(aggregate_html)
    assert found.addresses == [] and "iframe" not in found.tags and "img" not in found.tags
    assert_only_its_scripts_run(aggregate_html)
    assert '<html lang="da">' in aggregate_html
    text = outside_scripts(aggregate_html)
    for key in set(TEMPLATE_WORD.findall((TEMPLATES / "aggregate.html").read_text(encoding="utf-8"))):
        assert word(f"view.{key}", "da") in text or html.escape(word(f"view.{key}", "da")) in aggregate_html, key
    english = aggregate_page(corpus_store, lang="en").html
    assert '<html lang="en">' in english and word("view.control.memo.all", "en") in english
    assert page_data(english)["kinds"]["memo"]["label"] == vocab_label(str(HG.Memo), "en")


def test_hostile_text_reaches_the_aggregated_page_only_as_escaped_data() -> None:
    page = aggregate_page(build_graph(HOSTILE).store).html
    for markup in ("<script>alert", "<img", "<iframe", "<b onmouseover", "</script><script>"):
        assert markup not in page_data_text(page), markup
        assert markup not in re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S), markup
    names = set(page_data(page)["agents"]["name"])
    assert "Testby Politi <img src=x onerror=alert(1)>" in names


def test_build_writes_the_aggregated_page_past_one_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graph.view.page.VIEW_MAX_NODES", 50)
    result = CliRunner().invoke(app, ["build", "--data", str(DATA), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    data = page_data((tmp_path / "network.html").read_text(encoding="utf-8"))
    assert data["lang"] == "da" and data["memos"]["id"] == ["https://w3id.org/hoeringsgraf/id/ishoej-2023"]
    out = tmp_path / "view.html"
    result = CliRunner().invoke(app, ["view", "--data", str(DATA), "--build", str(tmp_path), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert page_data(out.read_text(encoding="utf-8"))["memos"]["id"] == data["memos"]["id"]


@pytest.mark.parametrize("memos", [12, 90])
def test_the_aggregated_page_places_each_memo_apart_from_every_node_of_its_group(memos: int, tmp_path: Path) -> None:
    """A memo is drawn in a ring around its group's stakeholders and units: at least about AGGREGATE_SPACING from
    every other node of its group, and no two nodes of the page in one place."""
    from bench.synthetic import write_corpus
    from graph.view.aggregate import AGGREGATE_SPACING

    write_corpus(tmp_path / "data", memos)
    data = page_data(aggregate_page(build_graph(tmp_path / "data").store).html)
    nodes = [(x, y, group, "memo") for x, y, group in zip(data["memos"]["x"], data["memos"]["y"], data["memos"]["group"], strict=True)]
    nodes += [(x, y, group, "agent") for x, y, group in zip(data["agents"]["x"], data["agents"]["y"], data["agents"]["group"], strict=True)]
    assert len({(x, y) for x, y, _, _ in nodes}) == len(nodes)
    near = [
        (a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]
        if a[2] == b[2] and "memo" in (a[3], b[3]) and ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 < 0.8 * AGGREGATE_SPACING
    ]
    assert near == []
    assert len({group for _, _, group, _ in nodes}) > 1


def test_the_aggregated_page_is_the_same_in_every_run(corpus_folder: Path, tmp_path: Path) -> None:
    """Louvain's groups and the springs are seeded and walk numbers, not strings: other hash seeds, the same bytes."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"aggregate-{seed}.html"
        code = "import graph.view.page as page; page.VIEW_MAX_NODES = 10; from cli import main; main()"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, "view", "--data", str(corpus_folder), "--build", str(tmp_path / "none"), "-o", str(out), "-q"],
                       check=True, cwd=REPO, env=env)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert "memos" in page_data(pages[0].decode("utf-8"))


def test_a_label_without_a_language_is_read_and_the_danish_one_drawn(corpus_folder: Path) -> None:
    """Labels of one node with and without a language tag: the page is drawn (sorting them mixed None and "da")
    and names the node by its Danish label, ranked before one with no language (aggregate._best)."""
    import pyoxigraph as ox

    from graph.model.vocab import ORGANISATIONS_GRAPH

    store = build_graph(corpus_folder).store
    (row,) = store.query("SELECT ?unit ?label WHERE { GRAPH ?g { ?s <https://w3id.org/hoeringsgraf/ontology#about> ?unit } "
                         "?unit <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (lang(?label) = 'da') } ORDER BY ?unit LIMIT 1",
                         use_default_graph_as_union=True)
    store.add(ox.Quad(row["unit"], ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("zzz uden sprog"),
                      ox.NamedNode(str(ORGANISATIONS_GRAPH))))
    data = page_data(aggregate_page(store).html)
    names = dict(zip(data["agents"]["id"], data["agents"]["name"], strict=True))
    assert names[row["unit"].value] == row["label"].value
