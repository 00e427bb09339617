"""Reports for case officers: a unit's dossier, a stakeholder's answers, the network (unresolved points: graph.unresolved)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from .output import Report, Table, compact
from .sparql import canned, select
from .store import Store


def unit_dossier(store: Store, unit: str) -> Report:
    """Everything about one unit: where it sits, how the reorganisation changes it, what was said about it."""
    from .names import resolve_name

    node = resolve_name(store, unit, "unit")
    label = _label(store, node)
    parents = [[Literal(level), Literal(_label(store, parent))] for level, parent in enumerate(_parents(store, node), start=1)]
    changes = []
    for row in select(store, canned()["reorganisation"]).dicts():
        if row["unit"] == node:
            changes.append([row["how"], row["fromLabel"], row["toLabel"]])
        elif node in (row["to"], row["from"]):
            role = "receives" if row["to"] == node else "gives up"
            changes.append([Literal(f"{role} {row['unitLabel']}"), row["fromLabel"], row["toLabel"]])
    said = select(store, canned()["about-unit"], {"unit": str(node)})
    return Report(
        f"Dossier: {label}",
        [
            Table(["level", "part of"], parents, title="Part of"),
            Table(["how", "from", "to"], changes, title="How the reorganisation changes it"),
            Table(said.variables, said.rows, title=f"What was said about {label}: {len(said)} statement(s)", hidden=("unit",)),
        ],
    )


def stakeholder_report(store: Store, stakeholder: str) -> Report:
    """What one stakeholder said, about which units, and what they got back."""
    from .names import resolve_name

    node = resolve_name(store, stakeholder, "stakeholder")
    label = _label(store, node)
    said = select(store, canned()["by-stakeholder"], {"stakeholder": str(node)})
    counts: dict[str, int] = defaultdict(int)
    for row in said.dicts():
        counts[compact(row["status"])] += 1
    summary = Table(["status", "statements"], [[Literal(k), Literal(v)] for k, v in sorted(counts.items())], title="Statuses")
    return Report(f"Stakeholder: {label}", [summary, Table(said.variables, said.rows, title=f"What {label} said", hidden=("stakeholder",))])


_PARENTS_QUERY = """
SELECT ?node ?parent WHERE { ?node (org:subOrganizationOf|org:memberOf|org:postIn)+ ?parent . }"""


def _label(store: Store, node: URIRef) -> str:
    rows = store.select('SELECT ?node ?label WHERE { ?node rdfs:label ?label FILTER (lang(?label) = "da") }', {"node": node}).rows
    return str(rows[0][1]) if rows else compact(node)


def _parents(store: Store, node: URIRef) -> list[URIRef]:
    """The chain of parents, nearest first: a parent with more ancestors of its own is nearer."""
    found = {row[1] for row in store.select(_PARENTS_QUERY, {"node": node}).rows}
    depth = {parent: len(store.select(_PARENTS_QUERY, {"node": parent}).rows) for parent in found}
    return sorted(found, key=lambda parent: (-depth[parent], str(parent)))


_STAKEHOLDER_UNIT = """
SELECT ?stakeholder ?stakeholderLabel ?unit ?unitLabel (COUNT(DISTINCT ?concern) AS ?concerns) WHERE {
  ?concern a hg:Concern ; hg:raisedBy ?stakeholder ; hg:about ?unit .
  ?stakeholder rdfs:label ?stakeholderLabel . FILTER (lang(?stakeholderLabel) = "da")
  ?unit rdfs:label ?unitLabel . FILTER (lang(?unitLabel) = "da")
}
GROUP BY ?stakeholder ?stakeholderLabel ?unit ?unitLabel
"""


def network(store: Store) -> Report:
    """What the graph's structure says, computed with networkx on the stakeholder–unit graph of concerns."""
    import networkx as nx
    from networkx.algorithms import bipartite
    from networkx.algorithms.community import greedy_modularity_communities

    # a node is (side, IRI): Gadeplan is both a stakeholder and a unit spoken about
    graph = nx.Graph()
    for stakeholder, stakeholder_label, unit, unit_label, concerns in store.select(_STAKEHOLDER_UNIT).rows:
        graph.add_node(("stakeholder", stakeholder), label=str(stakeholder_label), side="stakeholder")
        graph.add_node(("unit", unit), label=str(unit_label), side="unit")
        graph.add_edge(("stakeholder", stakeholder), ("unit", unit), weight=int(concerns))
    stakeholders = {n for n, side in graph.nodes(data="side") if side == "stakeholder"}
    units = set(graph) - stakeholders
    degree = bipartite.degree_centrality(graph, stakeholders)
    betweenness = bipartite.betweenness_centrality(graph, stakeholders)
    label = nx.get_node_attributes(graph, "label")

    contested = sorted(units, key=lambda u: (-graph.degree(u), -betweenness[u], label[u]))
    contested_rows = [
        [
            u[1],
            Literal(label[u]),
            Literal(graph.degree(u)),
            Literal(graph.degree(u, weight="weight")),
            Literal(round(degree[u], 3)),
            Literal(round(betweenness[u], 3)),
        ]
        for u in contested
    ]
    projection = bipartite.overlap_weighted_projected_graph(graph, stakeholders, jaccard=False)
    shared = bipartite.weighted_projected_graph(graph, stakeholders)
    pair_rows = []
    for a, b, data in sorted(shared.edges(data=True), key=lambda e: (-e[2]["weight"], label[e[0]], label[e[1]])):
        a, b = sorted((a, b), key=lambda n: label[n])
        common = sorted(label[u] for u in set(graph[a]) & set(graph[b]))
        pair_rows.append(
            [Literal(label[a]), Literal(label[b]), Literal(data["weight"]), Literal(", ".join(common)), Literal(round(projection[a][b]["weight"], 3))]
        )
    groups = greedy_modularity_communities(shared, weight="weight") if shared.number_of_edges() else [{s} for s in stakeholders]
    group_rows = []
    for number, members in enumerate(sorted(groups, key=lambda g: (-len(g), sorted(label[m] for m in g))), start=1):
        all_share = set.intersection(*(set(graph[m]) for m in members))
        group_rows.append(
            [Literal(number), Literal("; ".join(sorted(label[m] for m in members))), Literal(", ".join(sorted(label[u] for u in all_share)) or "—")]
        )
    return Report(
        "The network of concerns",
        [
            Table(
                ["unit", "unitLabel", "stakeholders", "concerns", "degreeCentrality", "betweenness"],
                contested_rows,
                title="Most contested units (stakeholders with concerns; centrality in the stakeholder–unit graph)",
            ),
            Table(
                ["stakeholderA", "stakeholderB", "sharedUnits", "units", "overlap"],
                pair_rows,
                title="Stakeholders who share units of concern (the stakeholder–stakeholder projection)",
            ),
            Table(
                ["group", "stakeholders", "unitsAllShare"],
                group_rows,
                title="Groups of stakeholders with common concerns (greedy modularity communities)",
            ),
        ],
    )
