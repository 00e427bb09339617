"""The page of many memos: the graph aggregated, and each memo's own network drawn on demand inside the page.

Past VIEW_MAX_NODES nodes one page cannot draw every statement, so this page draws the stakeholders, the units
(and subjects) they spoke about and the memos, each link as heavy as the statements that join its two ends; the
page's script recounts the links for the memos, period, unit, stakeholder, theme and status chosen, and draws a
memo's whole network (its stakeholders, statements by status, units, remarks and recommendations) when one is
chosen, from compact arrays of numbers in the page: no network access.

Everything is asked of an Oxigraph store with SPARQL, never read into rdflib (at 1,000 memos the store holds
about a million quads), memo by memo (`memo_parts`): the build's workers ask their chunk's graph in memory, and the
build keeps each memo's part (graph.builder.precomputed), so a rebuild reads the parts of the memos it did not map
instead of their graphs; `view` asks the whole store. A part is numbered within its memo and names no statement, so
`corpus_of` joins the parts by adding offsets (the texts and quotes kept apart, read only if they fit: at 10,000 memos
joining 10,000 kept parts took 10.8 s when they named every statement and held its label, 3.3 s now). Each query is one
triple pattern grouped by its graph and object (GROUP BY with GROUP_CONCAT), which Oxigraph answers from one scan
of an index in a few long rows; joining the patterns in one query was slower than all of them together (at 1,000
memos here, GROUP BY over statement, stakeholder, unit and status took 2.3-3.1 s, the grouped patterns 0.03-0.55 s
each), so they are joined here, by the statements' IRIs.

The page stays under PAGE_MAX_BYTES: the numbers and names come first, then the labels of what was said (shortened
to fit when they do not), then the quotes, only when they fit too.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF

from graph.model.vocab import HG, ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH
from graph.model.wording import DEFAULT_LANG, Lang, word

from . import page as one_page
from .kinds import AGGREGATE_EDGE_KINDS, AGGREGATE_KINDS, KINDS, STATUSES, TYPES, named
from .page import _CLASS_KIND, SEED, SHARED_SCRIPTS, Page, page_vocabulary, render_template, script_json, view_nodes, view_page

# The aggregated page's size must stay under 5 MB at 1,000 memos; the texts fill what the numbers leave of this.
PAGE_MAX_BYTES = 4_800_000
LABEL_MIN_CHARS = 24  # labels shortened further than this say too little: leave them out instead
MATRIX_MAX = {"rows": 40, "cols": 30}  # the matrix draws the stakeholders and units with most statements, at most these
# The aggregated graph is laid out as groups (networkx's Louvain communities: 30 at 1,000 synthetic memos, one per
# municipality), each a spring layout of its own stakeholders and units with its memos in rings around them, the
# groups placed by a spring layout of how they link and pushed apart until none overlaps. A memo is a leaf among
# its respondents, and memos are most of the nodes: laid out in the spring layouts too, they took 8.8 s of the
# 10,000-memo page here (6.2 s in the springs), placed in rings 0.1 s. Nodes about this many px apart.
AGGREGATE_SPACING = 40
GROUP_SPRING_ITERATIONS = 50

_PREFIXES = """PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""
_DATA = f"FILTER (?graph != <{ONTOLOGY_GRAPH}>)"
# Each memo, its title and its dates: its own date if it has one, and its consultation's period (graph/queries/dates.rq).
_MEMOS = f"""SELECT ?graph ?memo ?title ?date ?start ?end WHERE {{ GRAPH ?graph {{
  ?memo a hg:Memo .
  OPTIONAL {{ ?memo dcterms:title ?title }}
  OPTIONAL {{ ?memo dcterms:date ?date }}
  OPTIONAL {{ ?memo hg:reportsOn ?consultation .
             OPTIONAL {{ ?consultation dcat:startDate ?start }} OPTIONAL {{ ?consultation dcat:endDate ?end }} }}
}} {_DATA} }}"""
# What the subjects of one predicate point to in each graph, each object with every subject pointing to it.
_BY_OBJECT = """SELECT ?graph ?object (GROUP_CONCAT(STR(?subject); separator=" ") AS ?members)
WHERE {{ GRAPH ?graph {{ {values} ?subject <{predicate}> ?object }} {data} }} GROUP BY ?graph ?object"""
# The remarks or recommendations of each memo's graph, each with a statement it answers ("answer>statement": no IRI
# holds a space or a ">"); a row per graph, not per answer, as Oxigraph gives a few long rows faster than many.
_ANSWERS = """SELECT ?graph (GROUP_CONCAT(CONCAT(STR(?answer), ">", STR(?statement)); separator=" ") AS ?pairs)
WHERE {{ GRAPH ?graph {{ ?answer <{predicate}> ?statement }} {data} }} GROUP BY ?graph"""
_LABELS = f"SELECT ?graph ?node ?label WHERE {{ GRAPH ?graph {{ ?node rdfs:label|skos:prefLabel ?label }} {_DATA} }}"
_QUOTE_CHARS = f"SELECT (SUM(STRLEN(?text)) AS ?chars) WHERE {{ GRAPH ?graph {{ ?node hg:quoteText ?text }} {_DATA} }}"
_QUOTES = f"SELECT ?graph ?node ?text WHERE {{ GRAPH ?graph {{ ?node hg:quoteText ?text }} {_DATA} }}"
# The classes that decide how a unit or subject is drawn in a memo's network: page.py's, in its order.
_AGENT_CLASSES = [(cls, kind) for cls, kind in _CLASS_KIND if kind in ("subject", "model", "unit", "organisation")]
AGENT_KINDS = ["stakeholder", "unit", "subject", "model", "organisation"]  # the codes of agents' kinds in the page
_SHARED = str(ORGANISATIONS_GRAPH)

_STATUS_CODE = {str(kind.term): code for code, kind in enumerate(STATUSES.values())}
_TYPE_CODE = {str(term): code for code, term in enumerate(TYPES.values())}


def _rows(store: Any, query: str) -> Iterable[Any]:
    return store.query(_PREFIXES + query)


def _grouped(store: Any, predicate: str, values: str = "") -> dict[str, dict[str, list[str]]]:
    """Each graph's objects of `predicate` (in the data graphs), each with the subjects pointing to it."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in _rows(store, _BY_OBJECT.format(predicate=predicate, values=values, data=_DATA)):
        found.setdefault(row["graph"].value, {})[row["object"].value] = row["members"].value.split()
    return found


def _best(labels: list[tuple[str | None, str]]) -> str:
    """The Danish label, else one without a language, else English, else any; the same one every time."""
    rank = {"da": 0, None: 1, "en": 2}
    return min(labels, key=lambda label: (rank.get(label[0], 3), label[1]))[1]


def _label_order(label: tuple[str | None, str]) -> tuple[str, str]:
    """Labels in one order, those without a language (None) among them."""
    return label[0] or "", label[1]


def _many(items: list[int]) -> int | list[int]:
    """A list of indices as the page reads it: one index alone, none as -1, else the list."""
    if len(items) == 1:
        return items[0]
    return items if items else -1


# --- each memo as the page holds it ---------------------------------------------------------------------------


def memo_parts(store: Any, quotes: bool = True) -> list[dict[str, Any]]:
    """Each memo of an Oxigraph store (every graph that holds an hg:Memo) as the aggregated page holds it, numbered
    within the memo and in plain JSON types: what `corpus_of` joins by adding offsets, without an IRI of a statement
    or an answer to look up. The same for a memo whether the store holds it alone with the shared organisations (a
    build's worker, its chunk in memory) or with every other memo (`view`): a part carries the labels and classes
    the shared organisations' graph gives the units it names.

    A part: `graph`; `memo` (iri, title, date, start, end); `agents` (every object of hg:raisedBy or hg:about in the
    graph, by IRI) with `agent_labels` and `classes` (lists beside them) and `raisers` (their numbers); `statements`
    (how many, in the order of their IRIs) and, for each, `by`, `about` and `theme` (numbers of agents and themes),
    `status` and `type` (the page's codes); `themes` (IRIs) and `theme_labels`; `answers`, by kind and IRI (`kind`: 0 a
    remark, 1 a recommendation; `to`: the numbers of the statements each answers), and `no_change` (numbers of
    answers). Apart, as the page reads them only when they fit: `nodes` (the IRIs of the statements, then of the
    answers), `texts` (the label of each, "" if none) and `quotes` (the words of each one's quotes; None: not read,
    `quotes=False`)."""
    parts: dict[str, dict[str, Any]] = {}
    titles: dict[str, list[tuple[str | None, str]]] = {}
    for row in _rows(store, _MEMOS):
        graph = row["graph"].value
        part = parts.setdefault(graph, {"graph": graph, "memo": {"iri": row["memo"].value, "date": None, "start": None, "end": None}})
        memo = part["memo"]
        for key in ("date", "start", "end"):
            if row[key] is not None and memo[key] is None:
                memo[key] = row[key].value
        if row["title"] is not None:
            titles.setdefault(graph, []).append((row["title"].language, row["title"].value))
    for graph, part in parts.items():
        part["memo"]["title"] = _best(titles[graph]) if graph in titles else part["memo"]["iri"].rsplit("/", 1)[-1]
    typed = _grouped(store, str(RDF.type), "VALUES ?object { hg:Statement " + " ".join(f"<{term}>" for term in TYPES.values()) + " }")
    statuses = _grouped(store, str(HG.status))
    raised = _grouped(store, str(HG.raisedBy))
    about = _grouped(store, str(HG.about))
    themed = _grouped(store, str(HG.theme))
    answers: dict[str, list[tuple[int, str, str]]] = {}
    for kind, predicate in ((0, HG.respondsTo), (1, HG.addresses)):
        for row in _rows(store, _ANSWERS.format(predicate=predicate, data=_DATA)):
            for pair in row["pairs"].value.split():
                answer, statement = pair.split(">")
                answers.setdefault(row["graph"].value, []).append((kind, answer, statement))
    no_change = _grouped(store, str(HG.decision), "VALUES ?object { hg:NoChange }")
    labels: dict[str, dict[str, list[tuple[str | None, str]]]] = {}
    for row in _rows(store, _LABELS):
        labels.setdefault(row["graph"].value, {}).setdefault(row["node"].value, []).append((row["label"].language, row["label"].value))
    values = " ".join(f"<{cls}>" for cls, _ in _AGENT_CLASSES)
    classes = _grouped(store, str(RDF.type), f"VALUES ?object {{ {values} }}")
    quoted = _quotes(store) if quotes else {}
    shared_labels, shared_classes = labels.get(_SHARED, {}), _inverted(classes.get(_SHARED, {}))
    for graph, part in parts.items():
        members = typed.get(graph, {})
        statements = sorted(set(members.get(str(HG.Statement), [])))
        number = {statement: index for index, statement in enumerate(statements)}
        types: dict[str, str] = {}
        for term in sorted(members):  # a statement of several types: the first by IRI
            if term != str(HG.Statement):
                for statement in members[term]:
                    types.setdefault(statement, term)
        own = labels.get(graph, {})

        def labelled(node: str, own: dict[str, list[tuple[str | None, str]]] = own) -> list[tuple[str | None, str]]:
            return sorted(set(own.get(node, []) + shared_labels.get(node, [])), key=_label_order)

        agents = sorted(set(raised.get(graph, {})) | set(about.get(graph, {})))
        agent_number = {agent: index for index, agent in enumerate(agents)}
        by_theme = _each(themed.get(graph, {}), statements)
        themes = sorted({theme for items in by_theme for theme in items})
        theme_number = {theme: index for index, theme in enumerate(themes)}
        own_classes = _inverted(classes.get(graph, {}))
        part["agents"] = agents
        part["agent_labels"] = [labelled(agent) for agent in agents]
        part["classes"] = [sorted(set(own_classes.get(agent, []) + shared_classes.get(agent, []))) for agent in agents]
        part["raisers"] = [agent_number[agent] for agent in sorted(raised.get(graph, {}))]
        part["statements"] = len(statements)
        part["by"], part["about"] = ([[agent_number[a] for a in items] for items in _each(grouped.get(graph, {}), statements)]
                                     for grouped in (raised, about))
        part["theme"] = [[theme_number[t] for t in items] for items in by_theme]
        part["status"] = [_STATUS_CODE.get(status, 0) if status else 0 for status in _one_each(statuses.get(graph, {}), statements)]
        part["type"] = [_TYPE_CODE[types[statement]] if statement in types else -1 for statement in statements]
        part["themes"] = themes
        part["theme_labels"] = [labelled(theme) for theme in themes]
        answered = _answers(answers.get(graph, []))
        unchanged = set(no_change.get(graph, {}).get(str(HG.NoChange), []))
        part["answers"] = {"kind": [kind for kind, _, _ in answered],
                           "to": [sorted(number[s] for s in to if s in number) for _, _, to in answered]}
        part["no_change"] = [index for index, (kind, iri, _) in enumerate(answered) if kind == 0 and iri in unchanged]
        nodes = [*statements, *(iri for _, iri, _ in answered)]
        part["nodes"] = nodes
        part["texts"] = [_best(found) if (found := labelled(node)) else "" for node in nodes]
        by_node = quoted.get(graph, {})
        part["quotes"] = [sorted(by_node.get(node, [])) for node in nodes] if quotes else None
    return [parts[graph] for graph in sorted(parts)]


def _quotes(store: Any) -> dict[str, dict[str, list[str]]]:
    """Each graph's quoted nodes, each with the words of its quotes (hg:quoteText)."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in _rows(store, _QUOTES):
        found.setdefault(row["graph"].value, {}).setdefault(row["node"].value, []).append(row["text"].value)
    return found


def _inverted(grouped: dict[str, list[str]]) -> dict[str, list[str]]:
    """Objects by subject from subjects by object."""
    found: dict[str, list[str]] = {}
    for target, subjects in grouped.items():
        for subject in subjects:
            found.setdefault(subject, []).append(target)
    return found


def _each(grouped: dict[str, list[str]], statements: list[str]) -> list[list[str]]:
    """For each statement, the objects pointing from it (sorted)."""
    found = _inverted(grouped)
    return [sorted(set(found.get(statement, []))) for statement in statements]


def _one_each(grouped: dict[str, list[str]], statements: list[str]) -> list[str | None]:
    """For each statement, its one object (the last by IRI if it has several), or None."""
    return [(items[-1] if items else None) for items in _each(grouped, statements)]


def _answers(pairs: list[tuple[int, str, str]]) -> list[list[Any]]:
    """Each answer of a graph as [kind, IRI, the statements it answers, sorted], by kind and IRI."""
    targets: dict[tuple[int, str], set[str]] = {}
    for kind, answer, statement in pairs:
        targets.setdefault((kind, answer), set()).add(statement)
    return [[kind, answer, sorted(targets[kind, answer])] for kind, answer in sorted(targets)]


# --- the memos numbered and joined ----------------------------------------------------------------------------


@dataclass
class Corpus:
    """The memos of a store as the aggregated page holds them: numbers, names, and the texts that fit."""

    memos: list[dict[str, Any]] = field(default_factory=list)  # iri, title, date, start, end, when
    graphs: list[str] = field(default_factory=list)  # each memo's graph
    agents: list[str] = field(default_factory=list)  # stakeholders and what statements are about, by IRI
    agent_names: list[str] = field(default_factory=list)
    agent_kinds: list[int] = field(default_factory=list)  # an index of AGENT_KINDS
    memo_first: list[int] = field(default_factory=list)  # memo i's statements are first[i]:first[i+1]
    statements: int = 0  # how many
    by: list[list[int]] = field(default_factory=list)
    about: list[list[int]] = field(default_factory=list)
    status: list[int] = field(default_factory=list)
    type: list[int] = field(default_factory=list)
    theme: list[list[int]] = field(default_factory=list)
    themes: list[tuple[int, str]] = field(default_factory=list)  # (memo, name)
    answer_first: list[int] = field(default_factory=list)  # memo i's remarks and recommendations
    answer_kind: list[int] = field(default_factory=list)  # 0 a remark, 1 a recommendation
    answer_to: list[list[int]] = field(default_factory=list)
    no_change: list[int] = field(default_factory=list)
    quote_chars: int = 0  # the characters of every quote
    # each statement's label, then each answer's ("" if none), and their quotes: read when asked (when they fit);
    # corpus_of gives them when its parts hold them, else its caller does (read_corpus, the precomputed file's)
    texts: Callable[[], list[str]] = list
    quotes: Callable[[], list[list[str]]] = list

    def joined(self, by_graph: Mapping[str, list[Any]]) -> list[Any]:
        """Each memo's items for its statements then its answers (its part's `texts` or `quotes`), by graph, as the page
        lists them: every memo's statements', then every memo's answers'."""
        statements: list[Any] = []
        answers: list[Any] = []
        for memo, graph in enumerate(self.graphs):
            count = self.memo_first[memo + 1] - self.memo_first[memo]
            statements += by_graph[graph][:count]
            answers += by_graph[graph][count:]
        return statements + answers


def read_corpus(store: Any) -> Corpus:
    """Every memo of an Oxigraph store, numbered and joined; its texts and quotes read only if asked."""
    parts = memo_parts(store, quotes=False)
    nodes = {part["graph"]: part["nodes"] for part in parts}
    corpus = corpus_of(parts)  # with the parts' texts
    (row,) = _rows(store, _QUOTE_CHARS)
    corpus.quote_chars = int(row["chars"].value) if row["chars"] is not None else 0

    def quotes() -> list[list[str]]:
        found = _quotes(store)
        return corpus.joined({graph: [sorted(found.get(graph, {}).get(node, [])) for node in of] for graph, of in nodes.items()})

    corpus.quotes = quotes
    return corpus


def _when(memo: dict[str, Any]) -> str:
    """A memo's date for the period: its own, else when its consultation ended, else when it began."""
    return str(memo["date"] or memo["end"] or memo["start"] or "")


def _ordered(parts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts in the page's order of memos: by date for the period, title, IRI and graph."""
    return sorted(parts, key=lambda part: (_when(part["memo"]), part["memo"]["title"], part["memo"]["iri"], part["graph"]))


def corpus_of(parts: Iterable[dict[str, Any]]) -> Corpus:
    """The memos' parts (`memo_parts`) joined: the memos by their date for the period, title and IRI, each memo's
    statements and answers in its part's order (its numbers moved by where it begins), the agents by IRI and the
    themes in the order of their first statement. Their texts and quotes (`Corpus.texts`, `quotes`, `quote_chars`),
    read only when they fit in the page, are the parts' when they hold them, else the caller's to give."""
    corpus = Corpus()
    ordered = _ordered(parts)
    for part in ordered:
        corpus.memos.append({**part["memo"], "when": _when(part["memo"])})
        corpus.graphs.append(part["graph"])
    labels: dict[str, set[tuple[str | None, str]]] = {}
    classes: dict[str, set[str]] = {}
    raisers: set[str] = set()
    for part in ordered:
        for agent, found, kinds in zip(part["agents"], part["agent_labels"], part["classes"], strict=True):
            labels.setdefault(agent, set()).update((lang, text) for lang, text in found)
            classes.setdefault(agent, set()).update(kinds)
        raisers.update(part["agents"][number] for number in part["raisers"])
    corpus.agents = sorted(labels)
    agent_index = {agent: number for number, agent in enumerate(corpus.agents)}
    names = {node: _best(sorted(found, key=_label_order)) for node, found in labels.items() if found}
    corpus.agent_names = [names.get(agent, agent.rsplit("/", 1)[-1]) for agent in corpus.agents]
    for memo, part in enumerate(ordered):
        first = corpus.statements
        corpus.memo_first.append(first)
        corpus.answer_first.append(len(corpus.answer_kind))
        local = [agent_index[agent] for agent in part["agents"]]
        corpus.by += [[local[a] for a in items] for items in part["by"]]
        corpus.about += [[local[a] for a in items] for items in part["about"]]
        corpus.status += part["status"]
        corpus.type += part["type"]
        starts: dict[int, int] = {}  # each theme's first statement
        for statement, items in enumerate(part["theme"]):
            for number in items:
                starts.setdefault(number, statement)
        order = sorted(range(len(part["themes"])), key=lambda number: (starts.get(number, -1), part["themes"][number]))
        moved = {number: len(corpus.themes) + rank for rank, number in enumerate(order)}
        corpus.theme += [sorted(moved[t] for t in items) for items in part["theme"]]
        for number in order:
            found = [(lang, text) for lang, text in part["theme_labels"][number]]
            corpus.themes.append((memo, _best(found) if found else part["themes"][number].rsplit("/", 1)[-1]))
        corpus.no_change += [len(corpus.answer_kind) + number for number in part["no_change"]]
        corpus.answer_kind += part["answers"]["kind"]
        corpus.answer_to += [[first + s for s in to] for to in part["answers"]["to"]]
        corpus.statements += int(part["statements"])
    corpus.memo_first.append(corpus.statements)
    corpus.answer_first.append(len(corpus.answer_kind))
    order_of = [str(cls) for cls, _ in _AGENT_CLASSES]
    kind_of = {str(cls): kind for cls, kind in _AGENT_CLASSES}

    def kind(agent: str) -> str:  # a stakeholder if it raised a statement, else by its first class in page.py's list
        if agent in raisers:
            return "stakeholder"
        found = sorted(classes.get(agent, ()), key=order_of.index)
        return kind_of[found[0]] if found else "unit"

    corpus.agent_kinds = [AGENT_KINDS.index(kind(agent)) for agent in corpus.agents]
    if all("texts" in part for part in ordered):  # the parts straight from memo_parts: their texts (and quotes) at hand
        texts = {part["graph"]: part["texts"] for part in ordered}
        corpus.texts = lambda: corpus.joined(texts)
        if all(part.get("quotes") is not None for part in ordered):
            quotes = {part["graph"]: part["quotes"] for part in ordered}
            corpus.quotes = lambda: corpus.joined(quotes)
            corpus.quote_chars = sum(len(text) for by_node in quotes.values() for items in by_node for text in items)
    return corpus


# --- the layout ---------------------------------------------------------------------------------------------


def aggregate_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The aggregated graph: memo → stakeholder and stakeholder → unit, once per pair, with how many statements."""
    graph = nx.MultiDiGraph()
    memos = [memo["iri"] for memo in corpus.memos]
    for iri, code in zip(corpus.agents, corpus.agent_kinds, strict=True):
        graph.add_node(iri, kind=AGENT_KINDS[code])
    for iri in memos:
        graph.add_node(iri, kind="memo")
    weights: dict[tuple[str, str, str], int] = {}
    for memo, iri in enumerate(memos):
        for statement in range(corpus.memo_first[memo], corpus.memo_first[memo + 1]):
            for by in corpus.by[statement]:
                key = (iri, corpus.agents[by], "responded")
                weights[key] = weights.get(key, 0) + 1
                for unit in corpus.about[statement]:
                    if unit != by:
                        key = (corpus.agents[by], corpus.agents[unit], "said-about")
                        weights[key] = weights.get(key, 0) + 1
    for (source, target, kind), weight in sorted(weights.items()):
        graph.add_edge(source, target, key=kind, kind=kind, weight=weight)
    return graph


def aggregate_layout(graph: nx.MultiDiGraph, seed: int = SEED, spacing: float = AGGREGATE_SPACING) -> dict[str, tuple[int, int, int]]:
    """Each node's position in page pixels and its group, the same for the same graph: each group (`_groups`: Louvain
    communities of the stakeholders and units, by the statements behind the links, and the memos they answered)
    laid out on its own, the groups placed by how they link. In a group, a spring layout places the stakeholders
    and units; the memos go in rings around them, each at the side of the respondents it links to."""
    import numpy as np

    # the nodes by numbers in sorted order: networkx's algorithms walk sets, and sets of strings come in another
    # order in every process (hash randomisation), sets of small numbers never
    names = sorted(graph.nodes)
    number = {name: index for index, name in enumerate(names)}
    memo = [graph.nodes[name].get("kind") == "memo" for name in names]
    simple = nx.Graph()
    simple.add_nodes_from(range(len(names)))
    for source, target, weight in sorted(graph.edges(data="weight")):
        if source != target:
            a, b = number[source], number[target]
            simple.add_edge(a, b, weight=simple.get_edge_data(a, b, {"weight": 0})["weight"] + weight)
    groups = _groups(simple, memo, seed)
    group_of = {node: index for index, group in enumerate(groups) for node in group}
    local: dict[int, tuple[float, float]] = {}  # px from the group's centre
    radius = np.zeros(len(groups))
    for index, group in enumerate(groups):
        core = [node for node in group if not memo[node]]
        inner = spacing * 0.6 * math.sqrt(len(core)) if len(core) > 1 else 0.0
        if len(core) > 1:
            found = nx.spring_layout(simple.subgraph(core), seed=seed, iterations=GROUP_SPRING_ITERATIONS, weight="weight")
            reach = max(math.hypot(float(x), float(y)) for x, y in found.values()) or 1.0  # within `inner` of the centre
            local.update({node: (float(x) / reach * inner, float(y) / reach * inner) for node, (x, y) in found.items()})
        elif core:
            local[core[0]] = (0.0, 0.0)
        radius[index] = max(_rings(group, memo, simple, local, inner, spacing), inner)
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for source, target, weight in simple.edges(data="weight"):
        a, b = group_of[source], group_of[target]
        if a != b:
            between.add_edge(a, b, weight=between.get_edge_data(a, b, {"weight": 0})["weight"] + weight)
    placed = nx.spring_layout(between, seed=seed, weight="weight") if len(groups) > 1 else {0: (0.0, 0.0)}
    # spread over about the area the groups take, then pushed apart where they overlap
    spread = 0.6 * math.sqrt(float(((2 * radius + spacing) ** 2).sum()))
    centres = np.array([placed[number] for number in range(len(groups))], dtype=float) * spread
    for _ in range(200):  # push overlapping groups apart, half the overlap each, until none overlaps
        apart = centres[:, None, :] - centres[None, :, :]
        distance = np.sqrt((apart**2).sum(axis=2)) + np.eye(len(groups))
        overlap = np.clip(radius[:, None] + radius[None, :] + spacing - distance, 0, None)
        np.fill_diagonal(overlap, 0)
        if not overlap.any():
            break
        centres += ((apart / distance[:, :, None]) * (overlap[:, :, None] / 2)).sum(axis=1)
    return {
        name: (round(centres[group_of[node]][0] + local[node][0]), round(centres[group_of[node]][1] + local[node][1]), group_of[node])
        for node, name in enumerate(names)
    }


def _groups(simple: nx.Graph, memo: list[bool], seed: int) -> list[list[int]]:
    """The groups of nodes, largest first: Louvain communities of the stakeholders and units, linked by what they
    said about each other and by the memos they answered together (each respondent of a memo linked to the one who
    gave most statements there, by its own statements: a star, not a link for every pair, which would grow with the
    square of a memo's respondents), and each memo in the group that holds most of its respondents' statements (the
    first such group). The memos are leaves and most of the nodes: Louvain over every node took 1.6 s of the
    10,000-memo page here, over the stakeholders and units alone next to nothing."""
    agents = nx.Graph()
    agents.add_nodes_from(node for node in simple if not memo[node])
    for a, b, weight in simple.edges(data="weight"):
        if not memo[a] and not memo[b]:
            agents.add_edge(a, b, weight=weight)
    for node in sorted(simple):
        if memo[node] and len(simple[node]) > 1:
            answered = sorted(simple[node].items())
            hub = min(answered, key=lambda found: (-found[1]["weight"], found[0]))[0]
            for other, edge in answered:
                if other != hub:
                    agents.add_edge(hub, other, weight=agents.get_edge_data(hub, other, {"weight": 0})["weight"] + edge["weight"])
    found = [sorted(group) for group in nx.community.louvain_communities(agents, weight="weight", seed=seed)] if len(agents) else []
    group_of = {node: index for index, group in enumerate(found) for node in group}
    alone: list[list[int]] = []
    for node in sorted(simple):
        if memo[node]:
            weights: dict[int, int] = {}
            for other, edge in simple[node].items():
                weights[group_of[other]] = weights.get(group_of[other], 0) + edge["weight"]
            if weights:
                found[min(weights, key=lambda group: (-weights[group], group))].append(node)
            else:
                alone.append([node])
    return sorted((sorted(group) for group in found + alone), key=lambda g: (-len(g), g[0]))


def _rings(group: list[int], memo: list[bool], simple: nx.Graph, local: dict[int, tuple[float, float]], inner: float,
           spacing: float) -> float:
    """Place a group's memos in `local`: on rings around its stakeholders and units (`inner` px from the centre),
    each ring as full as `spacing` lets it be (the outer one spread evenly), the memos given the places in the order
    of the angle at which their respondents in the group lie (the memo's number breaks ties). The radius of the
    outer ring (0 without memos)."""
    core = {node for node in group if not memo[node]}

    def side(node: int) -> float:
        x = sum(local[other][0] for other in simple[node] if other in core)
        y = sum(local[other][1] for other in simple[node] if other in core)
        return math.atan2(y, x) % math.tau if (x, y) != (0.0, 0.0) else 0.0

    memos = sorted((side(node), node) for node in group if memo[node])
    places: list[tuple[float, float]] = []  # (angle, radius)
    ring = inner + spacing
    while len(places) < len(memos):
        room = min(max(1, int(math.tau * ring / spacing)), len(memos) - len(places))
        places += [(math.tau * place / room, ring) for place in range(room)]
        ring += spacing
    for (_, node), (angle, at) in zip(memos, sorted(places), strict=True):
        local[node] = (at * math.cos(angle), at * math.sin(angle))
    return max((at for _, at in places), default=0.0)


# --- the page -----------------------------------------------------------------------------------------------


def _sized(text: str) -> int:
    """About the bytes one string takes in the page's JSON, with its quotes and a comma (escapes aside: the page's
    size is measured exactly before it is written)."""
    return len(text.encode("utf-8")) + 3


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(texts: list[str], room: int) -> int | None:
    """The most characters each text may keep so that all of them take at most `room` bytes in the page; None: all
    fit whole; 0: not even LABEL_MIN_CHARS each fit."""
    sizes = [_sized(text) for text in texts]
    if sum(sizes) <= room:
        return None
    chars = sorted(len(text) for text in texts)
    ratio = sum(sizes) / max(1, sum(chars) + 3 * len(chars))  # bytes per character, quotes and comma counted as 3
    sums = [0]
    for count in chars:
        sums.append(sums[-1] + count)

    def total(limit: int) -> float:  # the bytes if every text keeps at most `limit` characters
        longer = len(chars) - bisect.bisect_right(chars, limit)
        return ratio * (sums[len(chars) - longer] + longer * limit + 3 * len(chars))

    low, high = 0, chars[-1]
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    return low if low >= LABEL_MIN_CHARS else 0


@dataclass(frozen=True)
class Texts:
    """Which texts the page holds: labels (None: whole; a number: shortened to that many characters; 0: none) and quotes."""

    label_chars: int | None
    quotes: bool


def _page_data(corpus: Corpus, graph: nx.MultiDiGraph, positions: dict[str, tuple[int, int, int]], lang: Lang) -> dict[str, Any]:
    vocabulary = page_vocabulary(lang)
    memos = corpus.memos
    return {
        **vocabulary,
        "kinds": named(KINDS | AGGREGATE_KINDS, "kind", lang),
        "aggregateLinks": named(AGGREGATE_EDGE_KINDS, "link", lang),
        "agentKinds": AGENT_KINDS,
        "matrixMax": MATRIX_MAX,
        "memos": {
            "id": [memo["iri"] for memo in memos],
            "title": [memo["title"] for memo in memos],
            "when": [memo["when"] for memo in memos],
            "start": [memo["start"] or "" for memo in memos],
            "end": [memo["end"] or "" for memo in memos],
            "first": corpus.memo_first,
            "firstAnswer": corpus.answer_first,
            "x": [positions[memo["iri"]][0] for memo in memos],
            "y": [positions[memo["iri"]][1] for memo in memos],
            "group": [positions[memo["iri"]][2] for memo in memos],
        },
        "agents": {
            "id": corpus.agents,
            "name": corpus.agent_names,
            "kind": corpus.agent_kinds,
            "x": [positions[agent][0] for agent in corpus.agents],
            "y": [positions[agent][1] for agent in corpus.agents],
            "group": [positions[agent][2] for agent in corpus.agents],
        },
        "themes": {"memo": [memo for memo, _ in corpus.themes], "name": [name for _, name in corpus.themes]},
        "statements": {
            "by": [_many(items) for items in corpus.by],
            "about": [_many(items) for items in corpus.about],
            "status": corpus.status,
            "type": corpus.type,
            "theme": [_many(items) for items in corpus.theme],
        },
        "answers": {"kind": corpus.answer_kind, "to": [_many(items) for items in corpus.answer_to], "noChange": corpus.no_change},
        "options": _options(graph.number_of_nodes()),
    }


def _options(size: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": size > 300, "hideEdgesOnZoom": size > 300, "tooltipDelay": 150},
        "nodes": {"font": {"face": "system-ui, sans-serif", "color": "#1d1d1d"}, "borderWidth": 1, "scaling": {"label": {"drawThreshold": 9}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": False}}, "color": {"inherit": False}, "selectionWidth": 2},
    }


def _render(corpus: Corpus, data: dict[str, Any], lang: Lang) -> str:
    whens = sorted(memo["when"] for memo in corpus.memos if memo["when"])
    span = word("view.aggregate.span", lang, first=whens[0], last=whens[-1]) if whens else ""
    counts = dict.fromkeys(STATUSES, 0)
    for code in corpus.status:
        counts[list(STATUSES)[code]] += 1
    return render_template(
        "aggregate.html",
        scripts=[*SHARED_SCRIPTS, "aggregate.js"],
        data=data,
        lang=lang,
        title=word("view.aggregate.title", lang, memos=len(corpus.memos)),
        summary=word("view.aggregate.summary", lang, memos=len(corpus.memos), stakeholders=len({a for items in corpus.by for a in items}),
                     units=len({a for items in corpus.about for a in items}), statements=corpus.statements, span=span),
        counts=counts,
        statuses=named(STATUSES, "status", lang),
    )


def aggregate_page(source: Any, lang: Lang | str = DEFAULT_LANG, max_bytes: int = PAGE_MAX_BYTES) -> Page:
    """The aggregated page of every memo in an Oxigraph store (or of a Corpus, `corpus_of` the memos' parts), its
    words in `lang`, at most `max_bytes` long when the numbers and names fit in that (the labels and quotes of what
    was said are left out or shortened to fit)."""
    lang = Lang(lang)
    corpus = source if isinstance(source, Corpus) else read_corpus(source)
    graph = aggregate_graph(corpus)
    positions = aggregate_layout(graph)
    data = _page_data(corpus, graph, positions, lang)
    data["texts"] = asdict(Texts(0, False))
    bare = len(_render(corpus, {}, lang).encode("utf-8")) - 2 + len(script_json(data).encode("utf-8"))  # without texts
    texts: dict[tuple[str, str], int] = {}  # the bytes of each list of texts added to the data

    def add(part: str, key: str, value: list[Any]) -> None:
        data[part][key] = value
        texts[part, key] = len(script_json(value).encode("utf-8")) + len(key) + 4

    def drop(part: str, key: str) -> None:
        data[part].pop(key, None)
        texts.pop((part, key), None)

    def size() -> int:
        return bare + sum(texts.values())

    room = max_bytes - size() - 64  # the texts' own keys
    # each text takes 3 bytes at least (its quotes and comma): with less room than that none fits, unread
    fits = room >= 3 * (corpus.statements + len(corpus.answer_kind))
    said = corpus.texts() if fits else []
    limit = _fit(said, room) if fits else 0
    quotes = False
    if limit is None:
        room -= sum(_sized(text) for text in said)
        if corpus.quote_chars and corpus.quote_chars * 1.1 < room:  # a first guess, before reading them
            found = corpus.quotes()
            add("statements", "quotes", found[: corpus.statements])
            add("answers", "quotes", found[corpus.statements :])
            quotes = True
    while True:
        if limit != 0:
            labels = said if limit is None else [_shortened(text, limit) for text in said]
            add("statements", "label", labels[: corpus.statements])
            add("answers", "label", labels[corpus.statements :])
        data["texts"] = asdict(Texts(limit, quotes))
        if size() <= max_bytes or (limit == 0 and not quotes):
            break
        if quotes:  # the quotes go first
            quotes = False
            drop("statements", "quotes")
            drop("answers", "quotes")
            continue
        # _fit's guess of the bytes per character was short: ten per cent fewer characters
        limit = max(len(text) for text in said) if limit is None else limit
        limit = int(limit * 0.9) if int(limit * 0.9) >= LABEL_MIN_CHARS else 0
        drop("statements", "label")
        drop("answers", "label")
    return Page(_render(corpus, data, lang), graph.number_of_nodes(), graph.number_of_edges(), graph.number_of_nodes(), len(corpus.memos))


def store_page(
    store: Any,
    union: Callable[[], Graph],
    *,
    size: int | None = None,
    unit: str | None = None,
    stakeholder: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    lang: Lang | str = DEFAULT_LANG,
    corpus: Callable[[], Corpus] | None = None,
) -> Page:
    """The page of a build's store: the whole network when its `size` nodes (asked of the store if not given) fit in
    one page or a unit, stakeholder, theme or status narrows it (`union` gives the graph as rdflib reads it), else
    the aggregated page, asked of the store alone, or made of the memos' parts the build kept (`corpus`)."""
    focused = bool(unit or stakeholder or theme or status)
    if not focused and (size if size is not None else len(view_nodes(store))) > one_page.VIEW_MAX_NODES:
        return aggregate_page(corpus() if corpus is not None else store, lang)
    return view_page(union(), unit=unit, stakeholder=stakeholder, theme=theme, status=status, lang=lang)
