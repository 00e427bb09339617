"""The network report: what the structure of the stakeholder–unit graph of concerns says, computed with networkx."""

from __future__ import annotations

from rdflib import Literal

from graph.engine.interface import Engine

from .formats import Report, Table

_STAKEHOLDER_UNIT = """
SELECT ?stakeholder ?stakeholderLabel ?unit ?unitLabel (COUNT(DISTINCT ?concern) AS ?concerns) WHERE {
  ?concern a hg:Concern ; hg:raisedBy ?stakeholder ; hg:about ?unit .
  ?stakeholder rdfs:label ?stakeholderLabel . FILTER (lang(?stakeholderLabel) = "da")
  ?unit rdfs:label ?unitLabel . FILTER (lang(?unitLabel) = "da")
}
GROUP BY ?stakeholder ?stakeholderLabel ?unit ?unitLabel
"""


def network(store: Engine) -> Report:
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
