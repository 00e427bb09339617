"""The network view: the graph as one self-contained HTML page a case officer opens offline.

The RDF graph is reduced to the nodes a reader follows (stakeholders, units and
organisations, statements, remarks, recommendations, themes) and the links between
them, converted to networkx with rdflib's own converter, laid out with networkx
(seeded, so the same graph gives the same page), turned into vis-network data by
pyvis, and written into graph/view/templates/network.html with vis-network and the
page's scripts inlined (common.js and matrix.js, which both pages share, and
network.js): the page loads nothing from the network. Beside the network the page
draws the stakeholder × unit matrix of the statements the network shows (matrix.js).
Its words are graph/model/wording.py's, in the language asked (Danish by default);
kinds and statuses are named by graph/view/kinds.py.

Every text from the data reaches the page as JSON inside a script element, with
`<`, `>` and `&` escaped, and the page's scripts put it into the document as
text only (textContent), never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.base.errors import UsageError
from graph.base.files import write_text_atomically
from graph.model.vocab import HG, OA, ONTOLOGY_GRAPH, ORG
from graph.model.wording import DEFAULT_LANG, Lang, word
from graph.queries.names import resolve_name

from .kinds import EDGE_KINDS, KINDS, STATUS_CHOICES, STATUSES, UNRESOLVED, named, page_words, type_labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_NETWORK = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")  # shipped inside the pyvis package

SEED = 20231031  # the layout's seed: the same graph is always drawn the same way
# With more nodes shown than this the page draws the positions networkx computed and runs no physics:
# `bench/view.py --physics-sweep` measured pages settled in 1.7 s with 200 nodes, 2.5 s (at worst 3.0) with 300
# and 3.2 s with 400 in headless Chromium on the development machine; the memo's page should settle within 3 s.
PHYSICS_MAX_NODES = 200
STABILISATION_ITERATIONS = 120  # from networkx's positions the layout is about stable by then
# networkx's spring layout is O(n²) per iteration (about 15 s for 2,000 nodes here): past this many nodes,
# only the best-connected ones are laid out by it and every other node is placed beside its neighbours.
SPRING_MAX_NODES = 400
# A page of more nodes than this is not written whole (bench/view.py: 2,000 nodes make a 2.5 MB page settled in
# 2.3 s; 5,000 a 5.4 MB page settled in 8 s, where each choice takes 3 s); `view --unit` etc. then writes only
# what it chooses.
VIEW_MAX_NODES = 3000


# The predicates behind each kind of link (hg:movedTo stands for the reorganisation's move, see _EDGES).
_EDGE_KIND_OF = {
    HG.raisedBy: "raised-by",
    HG.about: "about",
    HG.respondsTo: "responds-to",
    HG.addresses: "addresses",
    HG.theme: "theme",
    ORG.subOrganizationOf: "part-of",
    ORG.memberOf: "part-of",
    ORG.postIn: "part-of",
    HG.movedTo: "moves",
}
_STATEMENT_TYPES = {HG.Concern: "concern", HG.Suggestion: "suggestion", HG.Support: "support"}
_STATUS_OF = {HG.Resolved: "resolved", HG.Declined: "declined", HG.Answered: "answered", HG.Unanswered: "unanswered"}
# names.py's "unit": what --unit may name; "stakeholder": what --stakeholder may name
_UNIT_CLASSES = {ORG.Organization, ORG.OrganizationalUnit, HG.StaffGroup, ORG.Post, HG.OrganisationalModel, HG.Subject}
_CLASS_KIND = [
    (HG.Statement, "statement"),
    (HG.Response, "remark"),
    (HG.Recommendation, "recommendation"),
    (HG.Subject, "subject"),
    (SKOS.Concept, "theme"),
    (HG.Stakeholder, "stakeholder"),
    (HG.OrganisationalModel, "model"),
    (ORG.OrganizationalUnit, "unit"),
    (HG.StaffGroup, "unit"),
    (ORG.Post, "unit"),
    (ORG.Organization, "organisation"),
]

_PREFIXES = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The links of the view, as a graph rdflib converts to networkx. The reorganisation is an event, not a
# node of the view: its move is drawn as a link from each unit it moves to where it moves it.
_EDGES = """
CONSTRUCT { ?s ?p ?o } WHERE {
  {
    VALUES ?p { hg:raisedBy hg:about hg:respondsTo hg:addresses hg:theme org:subOrganizationOf org:memberOf org:postIn }
    ?s ?p ?o .
  } UNION {
    ?change hg:moves ?s ; hg:movedTo ?o . BIND(hg:movedTo AS ?p)
  }
}"""
_LABELS = "SELECT ?node ?label WHERE { ?node rdfs:label|skos:prefLabel ?label }"
_MOVES = """
SELECT ?unit ?to ?change ?from WHERE {
  ?change hg:moves ?unit ; hg:movedTo ?to . OPTIONAL { ?change hg:movedFrom ?from }
}"""
_NOTES = "SELECT ?node ?note WHERE { ?node skos:editorialNote ?note }"
_NO_CHANGE = "SELECT ?remark WHERE { ?remark hg:decision hg:NoChange }"
_TITLES = "SELECT ?memo ?title WHERE { ?memo a hg:Memo ; dcterms:title ?title }"


def _query(graph: Graph, text: str) -> Iterable[Any]:
    return graph.query(_PREFIXES + text)


def view_nodes(store: Any, graph: str | None = None) -> set[str]:
    """The nodes the view of an Oxigraph store's data graphs (or of one of them) would draw (what _classes finds),
    asked of the store."""
    classes = " ".join(f"<{cls}>" for cls, _ in _CLASS_KIND)
    statuses = ", ".join(f"<{status}>" for status in _STATUS_OF)
    query = f"""SELECT DISTINCT ?node WHERE {{
      GRAPH ?g {{ {{ VALUES ?class {{ {classes} }} ?node a ?class }} UNION {{ ?s <{HG.theme}> ?node }} }}
      FILTER (?g != <{ONTOLOGY_GRAPH}> && ?node NOT IN ({statuses}))
    }}"""
    if graph is None:
        return {row["node"].value for row in store.query(query)}
    import pyoxigraph as ox

    return {row["node"].value for row in store.query(query, named_graphs=[ox.NamedNode(graph)])}


def _best_label(labels: list[Literal]) -> str:
    """The Danish label, else one without a language, else English, else any; the same one every time."""
    rank = {"da": 0, None: 1, "en": 2}
    return str(min(labels, key=lambda label: (rank.get(label.language, 3), str(label))))


def _classes(graph: Graph) -> dict[str, set[URIRef]]:
    """Every node the view draws, with the classes that decide its kind."""
    classes: dict[str, set[URIRef]] = {}
    for cls, _ in _CLASS_KIND:
        for typed in graph.subjects(RDF.type, cls):
            classes.setdefault(str(typed), set()).add(cls)
    for theme in graph.objects(None, HG.theme):  # a theme is a skos:Concept, typed or not
        classes.setdefault(str(theme), set()).add(SKOS.Concept)
    for status in _STATUS_OF:  # the status scheme's concepts are not themes
        classes.pop(str(status), None)
    return classes


def network_graph(graph: Graph) -> nx.MultiDiGraph:
    """The view's graph: one node per stakeholder, unit, statement, ..., one edge per link, each with its kind.

    Nodes are IRIs (strings) with attributes kind, name (the Danish label), roles ("unit" and/or
    "stakeholder": what --unit and --stakeholder may name), quotes (the exact words in the memo),
    and for a statement its type and status; edges are keyed by their kind. Nodes and edges are
    inserted sorted, so the same RDF graph always gives the same networkx graph.
    """
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    classes = _classes(graph)
    kinds = {node: next(kind for cls, kind in _CLASS_KIND if cls in found) for node, found in classes.items()}

    linked = rdflib_to_networkx_multidigraph(
        _query(graph, _EDGES).graph,  # type: ignore[attr-defined]
        edge_attrs=lambda s, p, o: {"key": _EDGE_KIND_OF[p]},
        transform_s=str,
        transform_o=str,
    )
    view = nx.MultiDiGraph()
    for node in sorted(kinds):
        view.add_node(node, kind=kinds[node])
    for source, target, kind in sorted(linked.edges(keys=True)):
        if source in kinds and target in kinds:  # a link to something the view does not draw is left out
            view.add_edge(source, target, key=kind, kind=kind)
    _describe(graph, view, classes)
    return view


def _quotes(graph: Graph, node: URIRef) -> list[str]:
    """The exact words of a node's quotes, in the order they stand in the memo."""
    found: set[tuple[int, str]] = set()
    for quote in graph.objects(node, HG.quote):
        exact, start = None, -1
        for selector in graph.objects(quote, OA.hasSelector):
            text, position = graph.value(selector, OA.exact), graph.value(selector, OA.start)
            if isinstance(text, Literal):
                exact = str(text)
            if isinstance(position, Literal):
                start = int(position.toPython())
        if exact is not None:
            found.add((start, exact))
    return [text for _, text in sorted(found)]


def _describe(graph: Graph, view: nx.MultiDiGraph, classes: Mapping[str, set[URIRef]]) -> None:
    """Give each node of the view its name, roles, quotes and, for statements, type and status."""
    labels: dict[str, list[Literal]] = {}
    for node, label in _query(graph, _LABELS):
        if str(node) in view and isinstance(label, Literal):
            labels.setdefault(str(node), []).append(label)
    quotes = {node: _quotes(graph, URIRef(node)) for node in view.nodes}
    notes: dict[str, list[str]] = {}
    for node, note in _query(graph, _NOTES):
        notes.setdefault(str(node), []).append(str(note))
    for node, attributes in view.nodes(data=True):
        attributes["name"] = _best_label(labels[node]) if node in labels else node.rsplit("/", 1)[-1]
        roles = []
        if classes[node] & _UNIT_CLASSES:
            roles.append("unit")
        if HG.Stakeholder in classes[node]:
            roles.append("stakeholder")
        attributes["roles"] = roles
        attributes["quotes"] = quotes[node]
        attributes["notes"] = sorted(notes.get(node, []))
        if attributes["kind"] == "statement":
            types = sorted(name for cls, name in _STATEMENT_TYPES.items() if (URIRef(node), RDF.type, cls) in graph)
            if types:
                attributes["type"] = types[0]
            status = graph.value(URIRef(node), HG.status)
            attributes["status"] = _STATUS_OF.get(status, "unanswered") if isinstance(status, URIRef) else "unanswered"
    for (remark,) in _query(graph, _NO_CHANGE):
        if str(remark) in view:
            view.nodes[str(remark)]["decision"] = "no change"
    # the words that announce each move, kept on the link they stand behind
    for unit, to, change, origin in _query(graph, _MOVES):
        if view.has_edge(str(unit), str(to), key="moves"):
            edge = view.edges[str(unit), str(to), "moves"]
            change_labels = [label for label in graph.objects(change, RDFS.label) if isinstance(label, Literal)]
            edge["change"] = _best_label(change_labels) if change_labels else str(change)
            edge["quotes"] = _quotes(graph, change)
            if origin is not None:
                edge["origin"] = str(origin)


# --- what the page shows: the same rules as network.js, so the tests can compare -------------------------


def neighbours(view: nx.MultiDiGraph, node: str) -> set[str]:
    """Every node linked to `node`, whichever way the link points."""
    return set(view.predecessors(node)) | set(view.successors(node))


def neighbourhood(view: nx.MultiDiGraph, node: str, allowed: Callable[[str], bool] = lambda _: True) -> set[str]:
    """What focusing on a node shows: the node, everything linked to it, and for each statement among
    those, everything linked to that statement (who raised it, what else it is about, how it was answered).
    Only nodes `allowed` are followed: the statement filters hide what they leave out."""
    shown = {node} | {other for other in neighbours(view, node) if allowed(other)}
    for other in list(shown):
        if view.nodes[other]["kind"] == "statement":
            shown |= {next_ for next_ in neighbours(view, other) if allowed(next_)}
    return shown


def _status_matches(status: str | None, wanted: str) -> bool:
    return status in UNRESOLVED if wanted == "unresolved" else status == wanted


_ANSWERS = {"remark", "recommendation", "theme"}  # nodes that exist for the statements they link to


def visible_nodes(
    view: nx.MultiDiGraph,
    *,
    unit: str | None = None,
    stakeholder: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    hidden_kinds: Iterable[str] = (),
) -> set[str]:
    """The nodes the page shows for a choice of unit, stakeholder, theme, status and hidden kinds.

    A theme or status keeps only the statements that match, and the remarks, recommendations and
    themes linked to one of them. A unit or stakeholder then narrows the page to its neighbourhood
    among what is kept (both: to what the two neighbourhoods share, and the two themselves); without
    one, a theme or status shows the matching statements and what they link to.
    """
    filtering = bool(theme or status)
    matching = {
        node
        for node, attributes in view.nodes(data=True)
        if attributes["kind"] == "statement"
        and (not status or _status_matches(attributes.get("status"), status))
        and (not theme or view.has_edge(node, theme, key="theme"))
    }

    def allowed(node: str) -> bool:
        kind = view.nodes[node]["kind"]
        if kind == "statement":
            return node in matching
        if filtering and kind in _ANSWERS:
            return not matching.isdisjoint(neighbours(view, node))
        return True

    focus = [node for node in (unit, stakeholder) if node]
    if focus:
        shown = set(view.nodes)
        for node in focus:
            shown &= neighbourhood(view, node, allowed)
        shown |= set(focus)
    elif filtering:
        shown = set(matching)
        for node in matching:
            shown |= {other for other in neighbours(view, node) if allowed(other)}
    else:
        shown = set(view.nodes)
    hidden = set(hidden_kinds)
    return {node for node in shown if view.nodes[node]["kind"] not in hidden}


# --- layout ---------------------------------------------------------------------------------------------


def layout(view: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[int, int]]:
    """Positions in page pixels, computed by networkx and the same for the same graph.

    Up to SPRING_MAX_NODES linked nodes, a seeded spring layout of them all. Past that, a spring
    layout of the SPRING_MAX_NODES best-connected nodes (joined where they share a neighbour), and
    every other node placed among the nodes it links to: about two seconds for 2,000 nodes instead
    of fifteen. Nodes linked to nothing are shelved in rows under the drawing, not flung to its rim.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view.nodes))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in view.edges() if u != v))
    linked = simple.subgraph(sorted(node for node in simple if simple.degree(node)))
    if len(linked) == 0:
        positions: dict[str, tuple[float, float]] = {}
    elif len(linked) <= SPRING_MAX_NODES:
        positions = _spring(linked, seed)
    else:
        positions = _anchored(linked, seed)
    positions.update(_shelf(sorted(set(simple) - set(linked)), below=max((y for _, y in positions.values()), default=-1.0)))
    scale = 90 * math.sqrt(len(simple))  # about 90 px between neighbouring nodes, whatever the size
    return {node: (round(x * scale), round(y * scale)) for node, (x, y) in sorted(positions.items())}


def _spring(graph: nx.Graph, seed: int, weight: str | None = None) -> dict[str, tuple[float, float]]:
    positions = nx.spring_layout(graph, seed=seed, iterations=100, weight=weight)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _shelf(nodes: list[str], below: float) -> dict[str, tuple[float, float]]:
    columns = max(1, math.ceil(math.sqrt(len(nodes) * 4)))
    step = 2 / columns
    return {node: (-1 + step * (i % columns + 0.5), below + 0.2 + step * (i // columns)) for i, node in enumerate(nodes)}


def _anchored(simple: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    ranked = sorted(simple.nodes, key=lambda node: (-simple.degree(node), node))
    anchors = set(ranked[:SPRING_MAX_NODES])
    # the best-connected nodes rarely link to each other directly (units and stakeholders link to statements):
    # join two of them as strongly as the nodes they share
    skeleton = nx.Graph()
    skeleton.add_nodes_from(sorted(anchors))
    for node in sorted(simple.nodes):
        near = sorted(other for other in simple.neighbors(node) if other in anchors)
        pairs = [(node, other) for other in near if node in anchors and node < other]
        if node not in anchors:
            pairs = list(itertools.combinations(near, 2))
        for a, b in pairs:
            share = 1.0 if node in anchors else 1 / (len(near) - 1)
            skeleton.add_edge(a, b, weight=skeleton.get_edge_data(a, b, {"weight": 0})["weight"] + share)
    positions = _spring(skeleton, seed, weight="weight")
    rng = random.Random(seed)
    spread = 1.0 / math.sqrt(len(anchors))
    # breadth-first from the anchors, so each node is placed among neighbours that already have a place
    for node in _placement_order(simple, set(positions)):
        placed = [positions[other] for other in sorted(simple.neighbors(node)) if other in positions]
        if placed:
            cx = sum(x for x, _ in placed) / len(placed)
            cy = sum(y for _, y in placed) / len(placed)
        else:
            cx, cy = rng.uniform(-1, 1), rng.uniform(-1, 1)
        angle, radius = rng.uniform(0, 2 * math.pi), spread * (0.3 + 0.7 * math.sqrt(rng.random()))
        positions[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return positions


def _placement_order(simple: nx.Graph, placed: set[str]) -> list[str]:
    order: list[str] = []
    seen = set(placed)
    frontier = sorted(placed)
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(simple.neighbors(node)):
                if other not in seen:
                    seen.add(other)
                    order.append(other)
                    following.append(other)
        frontier = following
    order.extend(sorted(set(simple.nodes) - seen))  # nodes linked to no anchor at all
    return order


# --- the page --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """What the page shows when it opens: IRIs of a unit, stakeholder and theme, and a status choice."""

    unit: str | None = None
    stakeholder: str | None = None
    theme: str | None = None
    status: str | None = None


def resolve_focus(
    graph: Graph,
    view: nx.MultiDiGraph,
    *,
    unit: str | None = None,
    stakeholder: str | None = None,
    theme: str | None = None,
    status: str | None = None,
) -> Focus:
    """Turn what a user typed (a label, an id or an IRI) into the nodes the page opens on."""
    if status is not None and status not in STATUS_CHOICES:
        raise UsageError(f"unknown status '{status}' (choose from {', '.join(STATUS_CHOICES)})")
    found: dict[str, str | None] = {}
    for kind, text in (("unit", unit), ("stakeholder", stakeholder), ("theme", theme)):
        node = str(resolve_name(graph, text, kind)) if text is not None else None
        if node is not None and node not in view:
            raise UsageError(f"the {kind} '{text}' is not drawn in the network view")
        found[kind] = node
    return Focus(found["unit"], found["stakeholder"], found["theme"], status)


def _size(degree: int) -> int:
    return round(9 + 4.5 * math.sqrt(degree))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Labels of what was said are small, so they show only when the reader zooms in (see drawThreshold);
# names of who and what it is about stay readable further out.
_SAID = {"statement", "remark", "recommendation"}


def _vis_graph(view: nx.MultiDiGraph, positions: Mapping[str, tuple[int, int]]) -> nx.MultiDiGraph:
    """A copy of the view with vis-network's attributes (shape, colour, size, position), for pyvis."""
    drawn = nx.MultiDiGraph()
    for node, attributes in view.nodes(data=True):
        kind = attributes["kind"]
        color = STATUSES[attributes["status"]].color if kind == "statement" else KINDS[kind].color
        degree = view.degree(node)
        if kind in _SAID:
            font: dict[str, Any] = {"size": 10, "color": "#3a3a3a"}
        elif kind in ("theme", "subject"):  # a box or an ellipse: the label is inside it, and its size is the label's
            font = {"size": round(14 + 2 * math.sqrt(degree)), "color": "#ffffff"}
        else:
            font = {"size": 18, "strokeWidth": 4, "strokeColor": "#ffffff"}
        x, y = positions[node]
        drawn.add_node(
            node,
            label=_short(attributes["name"], 40 if kind in _SAID else 60),
            shape=KINDS[kind].shape,
            color=color,
            size=_size(degree),
            font=font,
            x=x,
            y=y,
            **{key: value for key, value in attributes.items() if value not in (None, [], "")},
        )
    pairs: dict[frozenset[str], int] = {}
    for number, (source, target, kind, attributes) in enumerate(view.edges(keys=True, data=True)):
        style = EDGE_KINDS[kind]
        extra: dict[str, Any] = {}
        # links between the same two nodes are bent apart, or they would be drawn on top of each other
        pair = frozenset((source, target))
        pairs[pair] = pairs.get(pair, 0) + 1
        if pairs[pair] > 1:
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * (pairs[pair] - 1)}
        if style.dashes:
            extra["dashes"] = True
        for key in ("change", "quotes", "origin"):
            if key in attributes:
                extra[key] = attributes[key]
        drawn.add_edge(source, target, id=f"e{number}", kind=kind, color=style.color, weight=style.width, **extra)
    return drawn


def _vis_options(size: int) -> dict[str, Any]:
    """vis-network's options. Physics starts off: the page runs it only among the nodes it shows, and only
    when they are at most PHYSICS_MAX_NODES (see arrange() in network.js)."""
    large = size > PHYSICS_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"randomSeed": SEED % 1000, "improvedLayout": False},
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.2, "springLength": 150, "springConstant": 0.03, "avoidOverlap": 0.3},
            "stabilization": {"enabled": False, "updateInterval": 40, "fit": False},
            "minVelocity": 1,
        },
        "interaction": {"hover": True, "multiselect": True, "hideEdgesOnDrag": large, "tooltipDelay": 150},
        "nodes": {
            "font": {"face": "system-ui, sans-serif", "color": "#1d1d1d"},
            "borderWidth": 1,
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"inherit": False, "opacity": 0.8},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
    }


class _NodeIds(list[Any]):
    """pyvis's list of node ids, with a set beside it to answer `id in ids` at once."""

    def __init__(self) -> None:
        super().__init__()
        self._known: set[Any] = set()

    def append(self, node: Any) -> None:
        super().append(node)
        self._known.add(node)

    def __contains__(self, node: object) -> bool:
        return node in self._known


def _page_data(view: nx.MultiDiGraph, focus: Focus, lang: Lang) -> dict[str, Any]:
    from pyvis.network import Network

    network = Network(directed=True)
    network.node_ids = _NodeIds()  # pyvis looks each id up in a list: quadratic, minutes past 10,000 nodes
    network.from_nx(_vis_graph(view, layout(view)), default_node_size=10)
    return {
        "nodes": network.nodes,
        "edges": network.edges,
        "options": _vis_options(view.number_of_nodes()),
        "physics": {"maxNodes": PHYSICS_MAX_NODES, "iterations": STABILISATION_ITERATIONS},
        **page_vocabulary(lang),
        "initial": asdict(focus),
    }


def page_vocabulary(lang: Lang | str) -> dict[str, Any]:
    """What every page's script names things with: the kinds, statuses, links and types, and the page's words."""
    return {
        "lang": Lang(lang).value,
        "kinds": named(KINDS, "kind", lang),
        "statuses": named(STATUSES, "status", lang),
        "edgeKinds": named(EDGE_KINDS, "link", lang),
        "types": type_labels(lang),
        "words": page_words(lang),
    }


def script_json(data: Any) -> str:
    """JSON to put inside a <script> element: no character of it can end the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def asset(name: str) -> str:
    """A file the pages inline (vis-network, or one of graph/view/templates), checked that it cannot end its element."""
    if name == "vis-network.min.js":
        from importlib.resources import files

        text = files("pyvis").joinpath(*VIS_NETWORK).read_text(encoding="utf-8")
    else:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} cannot be inlined: it would end its element")
    return text


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


# The scripts every page runs before its own: vis-network, the helpers both pages share, and the matrix.
SHARED_SCRIPTS = ("vis-network.min.js", "common.js", "matrix.js")


def render_template(template: str, *, scripts: Iterable[str], data: Any, lang: Lang | str, **values: Any) -> str:
    """One of the page templates, with the stylesheet, these scripts (and only they may run, by the page's
    Content-Security-Policy: no inline handler, no load) and the data as escaped JSON."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    texts = [asset(name) for name in scripts]
    return environment.get_template(template).render(
        script_hashes=" ".join(csp_hash(text) for text in texts),
        scripts=[Markup(text) for text in texts],
        style=Markup(asset("network.css")),
        data=Markup(script_json(data)),
        lang=Lang(lang).value,
        w=page_words(lang),
        **values,
    )


def titles(graph: Graph) -> list[str]:
    """The title of each memo in a graph, in Danish where it has one."""
    found: dict[str, list[Literal]] = {}
    for memo, title in _query(graph, _TITLES):
        found.setdefault(str(memo), []).append(title)
    return sorted(_best_label(labels) for labels in found.values())


def render(view: nx.MultiDiGraph, *, title: str, focus: Focus = Focus(), notice: str = "", lang: Lang | str = DEFAULT_LANG) -> str:
    """The page: one HTML document holding the view's data, vis-network and the page's scripts."""
    lang = Lang(lang)
    statements = [attributes for _, attributes in view.nodes(data=True) if attributes["kind"] == "statement"]
    counts = {status: sum(1 for s in statements if s.get("status") == status) for status in STATUSES}
    return render_template(
        "network.html",
        scripts=[*SHARED_SCRIPTS, "network.js"],
        data=_page_data(view, focus, lang),
        lang=lang,
        title=title,
        notice=notice,
        summary=word("view.summary", lang, nodes=view.number_of_nodes(), links=view.number_of_edges(), statements=len(statements)),
        counts=counts,
        statuses=named(STATUSES, "status", lang),
    )


def page_title(graph: Graph, lang: Lang | str = DEFAULT_LANG) -> str:
    names = titles(graph)
    return word("view.title.memo", lang, titles="; ".join(names)) if names else word("view.title", lang)


@dataclass(frozen=True)
class Page:
    """A rendered page and what it holds."""

    html: str
    nodes: int
    links: int
    opens_on: int  # how many nodes the page shows when it opens
    memos: int = 0  # the aggregated page: how many memos it aggregates


def view_page(
    graph: Graph,
    *,
    unit: str | None = None,
    stakeholder: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    lang: Lang | str = DEFAULT_LANG,
) -> Page:
    """The network page of an RDF graph (the union of the built memos), opening on the unit, stakeholder, theme
    and status named as a user types them (see resolve_focus), its words in `lang`.

    A graph of more than VIEW_MAX_NODES nodes is too large to draw whole: with a unit, stakeholder, theme or
    status the page holds only what that shows; without one, draw the aggregated page of the build's store
    instead (graph.view.aggregate.store_page chooses).
    """
    title = page_title(graph, lang)
    if not (unit or stakeholder or theme or status) and len(_classes(graph)) > VIEW_MAX_NODES:
        raise ValueError(f"{len(_classes(graph))} nodes are too many to draw whole: draw the aggregated page (graph.view.aggregate)")
    view = network_graph(graph)
    focus = resolve_focus(graph, view, unit=unit, stakeholder=stakeholder, theme=theme, status=status)
    shown = visible_nodes(view, unit=focus.unit, stakeholder=focus.stakeholder, theme=focus.theme, status=focus.status)
    drawn, notice = view, ""
    if view.number_of_nodes() > VIEW_MAX_NODES:
        drawn = view.subgraph(sorted(shown)).copy()
        notice = word("view.notice.part", lang, shown=len(shown), total=view.number_of_nodes())
    html = render(drawn, title=title, focus=focus, notice=notice, lang=lang)
    return Page(html, view.number_of_nodes(), view.number_of_edges(), len(shown))


def write_view(target: Path, html: str) -> Path:
    """Write the page as UTF-8, atomically."""
    write_text_atomically(target, html)
    return target
