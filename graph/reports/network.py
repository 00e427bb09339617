"""The network report: what the structure of the stakeholder–unit graph of concerns says, computed with networkx."""

from __future__ import annotations

from rdflib import Literal

from graph.engine.interface import Engine
from graph.model.wording import DEFAULT_LANG, word

from .about import memo_lines, memos_of
from .formats import Report, Table

_STAKEHOLDER_UNIT = """
SELECT ?stakeholder ?stakeholderLabel ?unit ?unitLabel (COUNT(DISTINCT ?concern) AS ?concerns) WHERE {
  ?concern a hg:Concern ; hg:raisedBy ?stakeholder ; hg:about ?unit .
  ?stakeholder rdfs:label ?stakeholderLabel . FILTER (lang(?stakeholderLabel) = "da")
  ?unit rdfs:label ?unitLabel . FILTER (lang(?unitLabel) = "da")
}
GROUP BY ?stakeholder ?stakeholderLabel ?unit ?unitLabel
"""


def network(store: Engine, lang: str = DEFAULT_LANG) -> Report:
    """What the graph's structure says, computed with networkx on the stakeholder–unit graph of concerns."""
    import networkx as nx
    from networkx.algorithms import bipartite
    from networkx.algorithms.community import greedy_modularity_communities

    # a node is (side, IRI): Gadeplan is both a stakeholder and a unit spoken about. The graph is made in one
    # order of its own (rows and nodes sorted), so networkx's algorithms, which follow insertion order where
    # they meet ties, give the same answer in every process; every listing then has a total order.
    rows = sorted(store.select(_STAKEHOLDER_UNIT).rows, key=lambda row: tuple(str(value) for value in row))
    graph = nx.Graph()
    for stakeholder, stakeholder_label, unit, unit_label, _ in rows:
        graph.add_node(("stakeholder", stakeholder), label=str(stakeholder_label), side="stakeholder")
        graph.add_node(("unit", unit), label=str(unit_label), side="unit")
    for stakeholder, _, unit, _, concerns in rows:
        graph.add_edge(("stakeholder", stakeholder), ("unit", unit), weight=int(concerns))
    label = nx.get_node_attributes(graph, "label")

    def order(node: tuple[str, object]) -> tuple[str, str]:
        return (label[node], str(node[1]))

    stakeholders = sorted((n for n, side in graph.nodes(data="side") if side == "stakeholder"), key=order)
    units = sorted(set(graph) - set(stakeholders), key=order)
    degree = bipartite.degree_centrality(graph, stakeholders)
    betweenness = bipartite.betweenness_centrality(graph, stakeholders)

    contested = sorted(units, key=lambda u: (-graph.degree(u), -round(betweenness[u], 3), *order(u)))
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
    pairs = [(*sorted((a, b), key=order), data["weight"]) for a, b, data in shared.edges(data=True)]
    pair_rows = []
    for a, b, weight in sorted(pairs, key=lambda pair: (-pair[2], *order(pair[0]), *order(pair[1]))):
        common = sorted(label[u] for u in set(graph[a]) & set(graph[b]))
        pair_rows.append(
            [Literal(label[a]), Literal(label[b]), Literal(weight), Literal(", ".join(common)), Literal(round(projection[a][b]["weight"], 3))]
        )
    groups = greedy_modularity_communities(shared, weight="weight") if shared.number_of_edges() else [{s} for s in stakeholders]
    group_rows = []
    for number, members in enumerate(sorted(groups, key=lambda g: (-len(g), sorted(order(m) for m in g))), start=1):
        all_share = set.intersection(*(set(graph[m]) for m in members))
        group_rows.append(
            [
                Literal(number),
                Literal("; ".join(sorted(label[m] for m in members))),
                Literal(", ".join(sorted(label[u] for u in all_share)) or word("report.none", lang)),
            ]
        )
    return Report(
        word("report.network", lang),
        [
            Table(
                ["unit", "unitLabel", "stakeholders", "concerns", "degreeCentrality", "betweenness"],
                contested_rows,
                title=word("report.network.contested", lang),
                key="contested",
            ),
            Table(
                ["stakeholderA", "stakeholderB", "sharedUnits", "units", "overlap"],
                pair_rows,
                title=word("report.network.pairs", lang),
                key="pairs",
            ),
            Table(
                ["group", "stakeholders", "unitsAllShare"],
                group_rows,
                title=word("report.network.groups", lang),
                key="groups",
            ),
        ],
        about=memo_lines(memos_of(store), lang),
        main="contested",
    )
