"""Building the knowledge graph from data/: load, map, derive, validate, write."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from .errors import UsageError
from .files import atomic_outputs
from .mapping import Origins, memo_document, organisation_targets, organisations_document
from .resources import ontology_file, rules_dir
from .source import LoadedData, load_data
from .vocab import ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, PREFIXES, bind_prefixes, memo_graph

# what `build` writes under the output folder
OUTPUTS = {"turtle": "hoeringsgraf.ttl", "jsonld": "hoeringsgraf.jsonld", "trig": "hoeringsgraf.trig", "view": "network.html"}
EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


@dataclass
class BuiltGraph:
    """The graph of every memo, one named graph each, in an Oxigraph store, with where each node came from."""

    store: ox.Store
    origins: Origins
    data: LoadedData
    memo_graphs: dict[str, URIRef] = field(default_factory=dict)

    def graph_names(self, with_ontology: bool = False) -> list[URIRef]:
        names = [ORGANISATIONS_GRAPH, *self.memo_graphs.values()]
        return [*names, ONTOLOGY_GRAPH] if with_ontology else names

    def triples(self, with_ontology: bool = False) -> int:
        graphs = self.graph_names(with_ontology)
        return sum(sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))) for name in graphs)

    def nquads(self) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_QUADS) or b""

    @cached_property
    def dataset(self) -> Dataset:
        """The same graph as an rdflib Dataset (named graphs kept), for rdflib's serialisers and pySHACL."""
        dataset = Dataset()
        bind_prefixes(dataset)
        dataset.parse(data=self.nquads(), format="nquads")
        return dataset

    def union(self, with_ontology: bool = False, memos: set[str] | None = None) -> Graph:
        """All data graphs (or only these memos' and the shared one) merged into one rdflib Graph, and the ontology if asked."""
        merged = Graph()
        bind_prefixes(merged)
        names = [n for n in self.graph_names(with_ontology) if memos is None or n not in self.memo_graphs.values()]
        names += [self.memo_graphs[memo] for memo in sorted(memos or ())]
        payload = b"".join(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name))) or b"" for name in names)
        merged.parse(data=payload, format="nt")
        return merged


@cache
def _rule(name: str) -> str:
    return (rules_dir() / name).read_text(encoding="utf-8")


def _load_jsonld(store: ox.Store, document: dict[str, Any], graph: URIRef) -> None:
    """Parse a JSON-LD document (with the project's context) into one named graph."""
    payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
    store.load(payload, format=ox.RdfFormat.JSON_LD, to_graph=ox.NamedNode(str(graph)))


def build_graph(data_dir: Path, *, with_ontology: bool = True, progress: bool = False) -> BuiltGraph:
    """Read data_dir and build the graph in an in-memory Oxigraph store, deriving each statement's status."""
    data = load_data(data_dir)
    origins = Origins()
    store = ox.Store()
    _load_jsonld(store, organisations_document(data, origins), ORGANISATIONS_GRAPH)
    built = BuiltGraph(store, origins, data)
    targets = organisation_targets(data)
    memos: Any = data.memos
    if progress:
        from rich.progress import track

        memos = track(data.memos, description="mapping memos", transient=True, console=_stderr_console())
    for memo in memos:
        name = memo_graph(memo.model.id)
        _load_jsonld(store, memo_document(memo, data, origins, targets), name)
        built.memo_graphs[memo.model.id] = name
    store.update(_rule("status.ru"))
    if with_ontology:
        store.load(path=ontology_file(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    return built


_SUMMARY = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
SELECT
  (COUNT(DISTINCT ?stakeholder) AS ?stakeholders)
  (COUNT(DISTINCT ?statement) AS ?statements)
  (COUNT(DISTINCT ?concern) AS ?concerns)
  (COUNT(DISTINCT ?suggestion) AS ?suggestions)
  (COUNT(DISTINCT ?support) AS ?support)
  (COUNT(DISTINCT ?resolved) AS ?resolved)
  (COUNT(DISTINCT ?answered) AS ?answered)
  (COUNT(DISTINCT ?unanswered) AS ?unanswered)
WHERE {
  ?statement a hg:Statement ; hg:raisedBy ?stakeholder ; hg:status ?status .
  OPTIONAL { ?statement a hg:Concern BIND (?statement AS ?concern) }
  OPTIONAL { ?statement a hg:Suggestion BIND (?statement AS ?suggestion) }
  OPTIONAL { ?statement a hg:Support BIND (?statement AS ?support) }
  BIND (IF(?status = hg:Resolved, ?statement, ?nothing) AS ?resolved)
  BIND (IF(?status = hg:Answered, ?statement, ?nothing) AS ?answered)
  BIND (IF(?status = hg:Unanswered, ?statement, ?nothing) AS ?unanswered)
}"""
_COUNT = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#> SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{ ?n a hg:{cls} }}"


def summary(built: BuiltGraph) -> dict[str, Any]:
    """Counts a person can check against the memo, asked of the store."""
    graphs: list[Any] = [ox.NamedNode(str(name)) for name in built.graph_names()]
    (row,) = built.store.query(_SUMMARY, default_graph=graphs)  # type: ignore[misc]
    names = ("stakeholders", "statements", "concerns", "suggestions", "support", "resolved", "answered", "unanswered")
    count = {name: int(row[name].value) for name in names}

    def number(cls: str) -> int:
        (result,) = built.store.query(_COUNT.format(cls=cls), default_graph=graphs)  # type: ignore[misc]
        return int(result["count"].value)

    triples = built.triples()
    return {
        "memos": len(built.memo_graphs),
        "stakeholders": count["stakeholders"],
        "statements": count["statements"],
        "concerns": count["concerns"],
        "suggestions": count["suggestions"],
        "support": count["support"],
        "remarks": number("Response"),
        "recommendations": number("Recommendation"),
        "statuses": {name: count[name] for name in ("answered", "resolved", "unanswered") if count[name]},
        "triples": triples,
    }


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialise in one of EXPORT_FORMATS' rdflib names, JSON-LD compacted with the project's context."""
    if fmt == "json-ld":
        from .mapping import context

        return graph.serialize(format="json-ld", context=context(), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


# Past this size JSON-LD is written expanded by Oxigraph: rdflib's compaction with the project's context reads
# better but takes minutes on hundreds of thousands of triples.
JSONLD_COMPACT_MAX_TRIPLES = 50_000


def _oxigraph_format(fmt: str) -> ox.RdfFormat:
    return {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
            "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[fmt]


def _serialize_store(built: BuiltGraph, fmt: str, with_ontology: bool) -> bytes:
    """Serialise the store with Oxigraph: quads keep their graphs (TriG, N-Quads), triples are merged (the rest)."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    graphs = [ox.NamedNode(str(name)) for name in built.graph_names(with_ontology)]
    quads = (quad for graph in graphs for quad in built.store.quads_for_pattern(None, None, None, graph))
    if fmt in ("trig", "nquads"):
        return ox.serialize(quads, format=_oxigraph_format(fmt), prefixes=prefixes) or b""
    if fmt == "json-ld" and built.triples(with_ontology) <= JSONLD_COMPACT_MAX_TRIPLES:
        return serialize(built.union(with_ontology=with_ontology), "json-ld")
    triples = {quad.triple for quad in quads}  # a triple in two graphs is written once
    return ox.serialize(sorted(triples, key=str), format=_oxigraph_format(fmt), prefixes=prefixes) or b""


def write_outputs(built: BuiltGraph, out_dir: Path) -> dict[str, Path]:
    """Write the Turtle, JSON-LD and TriG outputs and the network view, all or none."""
    from .view import view_page  # networkx and pyvis: only when a page is written

    targets = {key: out_dir / name for key, name in OUTPUTS.items()}
    with atomic_outputs(targets) as temps:
        temps["turtle"].write_bytes(_serialize_store(built, "turtle", with_ontology=False))
        temps["jsonld"].write_bytes(_serialize_store(built, "json-ld", with_ontology=False))
        temps["trig"].write_bytes(_serialize_store(built, "trig", with_ontology=True))
        temps["view"].write_text(view_page(built.union()).html, encoding="utf-8")
    return targets


def export(built: BuiltGraph, fmt: str) -> bytes:
    """The whole graph, data and ontology, in a format named as on the command line."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
    return _serialize_store(built, EXPORT_FORMATS[fmt], with_ontology=True)


@dataclass
class BuildResult:
    built: BuiltGraph | None  # None: the build folder was already up to date
    written: dict[str, Path]
    validated: int  # memos validated now; the others were validated by an earlier build with the same content


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def build_into(data_dir: Path, out_dir: Path, progress: bool = False, force: bool = False) -> BuildResult:
    """The whole build: read, derive, validate what changed, write the files and the store, all or nothing.

    Memos whose files, shapes and code are unchanged since the last build that
    validated them are not validated again; everything else is.
    """
    from . import persist
    from .shacl import validate

    with persist.build_lock(out_dir):
        if not force and persist.up_to_date(data_dir, out_dir, list(OUTPUTS.values())):
            return BuildResult(None, {}, 0)
        built = build_graph(data_dir, progress=progress)
        hashes = persist.memo_hashes(data_dir)
        changed = set(hashes) - persist.already_valid(out_dir, hashes)
        if changed:
            validate(built, memos=changed)
        written = write_outputs(built, out_dir)
        written["store"] = persist.write_store(built.nquads(), out_dir)
        persist.write_manifest(out_dir, data_dir, hashes)
    return BuildResult(built, written, len(changed))
