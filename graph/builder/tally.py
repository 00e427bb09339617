"""What a build counts: memos, stakeholders, statements by kind and status, remarks, recommendations, triples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from graph.model.vocab import memo_id_of
from graph.view.page import view_nodes

from .assemble import BuiltGraph, count_triples, data_graphs

_SUMMARY = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
SELECT
  (COUNT(DISTINCT ?statement) AS ?statements)
  (COUNT(DISTINCT ?concern) AS ?concerns)
  (COUNT(DISTINCT ?suggestion) AS ?suggestions)
  (COUNT(DISTINCT ?support) AS ?support)
  (COUNT(DISTINCT ?undecided) AS ?undecided)
  (COUNT(DISTINCT ?resolved) AS ?resolved)
  (COUNT(DISTINCT ?declined) AS ?declined)
  (COUNT(DISTINCT ?answered) AS ?answered)
  (COUNT(DISTINCT ?unanswered) AS ?unanswered)
WHERE {
  ?statement a hg:Statement ; hg:status ?status .
  OPTIONAL { ?statement a hg:Concern BIND (?statement AS ?concern) }
  OPTIONAL { ?statement a hg:Suggestion BIND (?statement AS ?suggestion) }
  OPTIONAL { ?statement a hg:Support BIND (?statement AS ?support) }
  BIND (IF(BOUND(?concern) || BOUND(?suggestion) || BOUND(?support), ?nothing, ?statement) AS ?undecided)
  BIND (IF(?status = hg:Resolved, ?statement, ?nothing) AS ?resolved)
  BIND (IF(?status = hg:Declined, ?statement, ?nothing) AS ?declined)
  BIND (IF(?status = hg:Answered, ?statement, ?nothing) AS ?answered)
  BIND (IF(?status = hg:Unanswered, ?statement, ?nothing) AS ?unanswered)
}"""
_STAKEHOLDERS = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#> SELECT DISTINCT ?who WHERE { ?statement a hg:Statement ; hg:raisedBy ?who }"
_COUNT = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#> SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{ ?n a hg:{cls} }}"
_STATEMENT_COUNTS = ("statements", "concerns", "suggestions", "support", "undecided", "resolved", "declined", "answered", "unanswered")
STATUSES = ("answered", "declined", "resolved", "unanswered")  # as the build's summary lists them
_COUNTED = ("memos", *_STATEMENT_COUNTS, "remarks", "recommendations", "triples")


@dataclass
class Tally:
    """What a build counts, in a form that adds up across parts of the graph (the build counts each memo)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTED, 0))
    stakeholders: set[str] = field(default_factory=set)  # distinct across memos: Vestegns Politi answering twice is one
    view_nodes: set[str] = field(default_factory=set)

    def add(self, other: Tally) -> None:
        for name, value in other.counts.items():
            self.counts[name] += value
        self.stakeholders |= other.stakeholders
        self.view_nodes |= other.view_nodes

    def summary(self) -> dict[str, Any]:
        c = self.counts
        return {
            "memos": c["memos"], "stakeholders": len(self.stakeholders), "statements": c["statements"], "concerns": c["concerns"],
            "suggestions": c["suggestions"], "support": c["support"], "undecided": c["undecided"], "remarks": c["remarks"],
            "recommendations": c["recommendations"], "statuses": {name: c[name] for name in STATUSES if c[name]},
            "triples": c["triples"],
        }

    def as_json(self) -> str:
        return json.dumps({"counts": self.counts, "stakeholders": sorted(self.stakeholders), "view_nodes": sorted(self.view_nodes)})

    @classmethod
    def from_json(cls, text: str) -> Tally:
        found = json.loads(text)
        return cls({name: int(found["counts"].get(name, 0)) for name in _COUNTED}, set(found["stakeholders"]), set(found["view_nodes"]))


def tally(store: ox.Store, graph: str | None = None) -> Tally:
    """Count a store's memos, statements, ..., asked of the store (the union of its graphs: the ontology has no
    instances), or of one of its named graphs (a memo's: what the build keeps of each memo, to add up)."""
    scope: dict[str, Any] = {"default_graph": ox.NamedNode(graph)} if graph is not None else {"use_default_graph_as_union": True}
    (row,) = store.query(_SUMMARY, **scope)  # type: ignore[misc]
    counts = {name: int(row[name].value) for name in _STATEMENT_COUNTS}
    for name, cls in (("remarks", "Response"), ("recommendations", "Recommendation")):
        (result,) = store.query(_COUNT.format(cls=cls), **scope)  # type: ignore[misc]
        counts[name] = int(result["count"].value)
    if graph is None:
        counts["triples"] = count_triples(store)
        counts["memos"] = sum(1 for name in data_graphs(store) if memo_id_of(name))
    else:
        counts["triples"] = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        counts["memos"] = 1 if memo_id_of(graph) else 0
    stakeholders = {row["who"].value for row in store.query(_STAKEHOLDERS, **scope)}  # type: ignore[union-attr]
    return Tally(counts, stakeholders, view_nodes(store, graph))


def summary(built: BuiltGraph | ox.Store) -> dict[str, Any]:
    """Counts a person can check against the memo, asked of the store."""
    return tally(built.store if isinstance(built, BuiltGraph) else built).summary()
