"""Building the knowledge graph from data/: load, map, derive, validate, write."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from .errors import UsageError
from .files import atomic_outputs
from .mapping import Origins, memo_document, organisations_document
from .resources import ontology_file, rules_dir
from .source import LoadedData, load_data
from .vocab import HG, ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, bind_prefixes, memo_graph

# what `build` writes under the output folder
OUTPUTS = {"turtle": "hoeringsgraf.ttl", "jsonld": "hoeringsgraf.jsonld", "trig": "hoeringsgraf.trig"}
EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


@dataclass
class BuiltGraph:
    """The graph of every memo, one named graph each, with where each node came from."""

    dataset: Dataset
    origins: Origins
    data: LoadedData
    memo_graphs: dict[str, URIRef] = field(default_factory=dict)

    def union(self, with_ontology: bool = False) -> Graph:
        """All data graphs merged into one (and the ontology, if asked)."""
        merged = Graph()
        bind_prefixes(merged)
        for graph in self.dataset.graphs():
            if graph.identifier == ONTOLOGY_GRAPH and not with_ontology:
                continue
            merged += graph
        return merged


@cache
def _rule(name: str) -> str:
    return (rules_dir() / name).read_text(encoding="utf-8")


def _parse_jsonld(graph: Graph, document: dict[str, Any]) -> None:
    graph.parse(data=json.dumps(document, ensure_ascii=False), format="json-ld")


def build_graph(data_dir: Path, *, with_ontology: bool = True) -> BuiltGraph:
    """Read data_dir and build the graph, deriving each statement's status."""
    data = load_data(data_dir)
    origins = Origins()
    dataset = Dataset()
    bind_prefixes(dataset)
    _parse_jsonld(dataset.graph(ORGANISATIONS_GRAPH), organisations_document(data, origins))
    built = BuiltGraph(dataset, origins, data)
    for memo in data.memos:
        name = memo_graph(memo.model.id)
        graph = dataset.graph(name)
        _parse_jsonld(graph, memo_document(memo, data, origins))
        graph.update(_rule("status.ru"))
        built.memo_graphs[memo.model.id] = name
    if with_ontology:
        dataset.graph(ONTOLOGY_GRAPH).parse(ontology_file(), format="turtle")
    return built


def summary(built: BuiltGraph) -> dict[str, Any]:
    """Counts a person can check against the memo."""
    graph = built.union()
    kinds = {HG.Concern: "concerns", HG.Suggestion: "suggestions", HG.Support: "support"}
    statements = Counter(kinds[kind] for kind in kinds for _ in graph.subjects(RDF.type, kind))
    statuses = Counter(str(graph.value(s, HG.status)).rsplit("#", 1)[-1].lower() for s in graph.subjects(RDF.type, HG.Statement))
    return {
        "memos": len(built.memo_graphs),
        "stakeholders": len(set(graph.objects(None, HG.raisedBy))),
        "statements": sum(statements.values()),
        **{name: statements.get(name, 0) for name in kinds.values()},
        "remarks": len(set(graph.subjects(RDF.type, HG.Response))),
        "recommendations": len(set(graph.subjects(RDF.type, HG.Recommendation))),
        "statuses": dict(sorted(statuses.items())),
        "triples": len(graph),
    }


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialise in one of EXPORT_FORMATS' rdflib names, JSON-LD compacted with the project's context."""
    if fmt == "json-ld":
        from .mapping import context

        return graph.serialize(format="json-ld", context=context(), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def write_outputs(built: BuiltGraph, out_dir: Path) -> dict[str, Path]:
    """Write the Turtle, JSON-LD and TriG outputs, all or none."""
    targets = {key: out_dir / name for key, name in OUTPUTS.items()}
    union = built.union()
    with atomic_outputs(targets) as temps:
        temps["turtle"].write_bytes(serialize(union, "turtle"))
        temps["jsonld"].write_bytes(serialize(union, "json-ld"))
        temps["trig"].write_bytes(serialize(built.dataset, "trig"))
    return targets


def export(built: BuiltGraph, fmt: str) -> bytes:
    """The whole graph, data and ontology, in a format named as on the command line."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
    rdflib_format = EXPORT_FORMATS[fmt]
    if rdflib_format in {"trig", "nquads"}:
        return serialize(built.dataset, rdflib_format)
    return serialize(built.union(with_ontology=True), rdflib_format)
