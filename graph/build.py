"""Building the knowledge graph from data/: load, map, derive, validate, write."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from .errors import UsageError
from .mapping import Origins, memo_document, organisation_targets, organisations_document
from .resources import ontology_file, rules_dir
from .source import LoadedData, load_data
from .vocab import HG, ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, PREFIXES, bind_prefixes, memo_graph, memo_id_of

EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


@dataclass
class BuiltGraph:
    """The graph of every memo, one named graph each, in an Oxigraph store, with where each node came from."""

    store: ox.Store
    origins: Origins
    data: LoadedData
    memo_graphs: dict[str, URIRef] = field(default_factory=dict)
    # each named graph's nodes as the mapping made them: the JSON-LD array Oxigraph read (with the project's context);
    # None unless build_graph is asked to keep them (the build writes its JSON-LD file from them)
    documents: dict[str, bytes] | None = None

    def graph_names(self, with_ontology: bool = False) -> list[URIRef]:
        names = [ORGANISATIONS_GRAPH, *self.memo_graphs.values()]
        return [*names, ONTOLOGY_GRAPH] if with_ontology else names

    def triples(self, with_ontology: bool = False) -> int:
        """The quads of the data graphs (and the ontology's if asked): a triple in two graphs counts twice."""
        return count_triples(self.store, with_ontology)

    def load_ontology(self) -> None:
        """Add the ontology's own named graph (after validation: the shapes validate the data graphs only)."""
        if self.store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            return
        self.store.load(path=ontology_file(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))

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
        names = [n for n in self.graph_names(with_ontology) if memos is None or n not in self.memo_graphs.values()]
        names += [self.memo_graphs[memo] for memo in sorted(memos or ())]
        return union_graph(self.store, [str(name) for name in names])


def count_triples(store: ox.Store, with_ontology: bool = False) -> int:
    """The quads of a build's store, without the ontology's unless asked (a triple in two graphs counts twice)."""
    ontology = 0 if with_ontology else sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))))
    return len(store) - ontology


def data_graphs(store: ox.Store, with_ontology: bool = False) -> list[str]:
    """The named graphs of a build's store: the organisations', each memo's, and the ontology's if asked."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return [name for name in names if with_ontology or name != str(ONTOLOGY_GRAPH)]


def union_graph(store: ox.Store, graphs: list[str]) -> Graph:
    """These named graphs of a store merged into one rdflib Graph."""
    merged = Graph()
    bind_prefixes(merged)
    payload = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)) or b"" for name in graphs)
    merged.parse(data=payload, format="nt")
    return merged


@cache
def _rule(name: str) -> str:
    return (rules_dir() / name).read_text(encoding="utf-8")


@cache
def context_json() -> bytes:
    """The project's JSON-LD context as JSON, written once per process."""
    from .mapping import context

    return json.dumps(context(), ensure_ascii=False).encode("utf-8")


def _load_jsonld(built: BuiltGraph, document: dict[str, Any], graph: URIRef) -> None:
    """Parse a JSON-LD document (with the project's context) into one named graph, and keep its nodes."""
    nodes = json.dumps(document["@graph"], ensure_ascii=False).encode("utf-8")
    if built.documents is not None:
        built.documents[str(graph)] = nodes
    payload = b'{"@context":' + context_json() + b',"@graph":' + nodes + b"}"
    built.store.load(payload, format=ox.RdfFormat.JSON_LD, to_graph=ox.NamedNode(str(graph)))


def build_graph(data_dir: Path, *, with_ontology: bool = True, memos: set[str] | None = None, keep_documents: bool = False) -> BuiltGraph:
    """Read data_dir (or only these memos of it) and build the graph in an in-memory Oxigraph store, deriving statuses;
    `keep_documents` keeps each graph's JSON-LD nodes (for jsonld_graphs)."""
    data = load_data(data_dir, memos)
    origins = Origins()
    built = BuiltGraph(ox.Store(), origins, data, documents={} if keep_documents else None)
    _load_jsonld(built, organisations_document(data, origins), ORGANISATIONS_GRAPH)
    targets = organisation_targets(data)
    for memo in data.memos:
        name = memo_graph(memo.model.id)
        _load_jsonld(built, memo_document(memo, data, origins, targets), name)
        built.memo_graphs[memo.model.id] = name
    built.store.update(_rule("status.ru"))
    if with_ontology:
        built.load_ontology()
    return built


_SUMMARY = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
SELECT
  (COUNT(DISTINCT ?statement) AS ?statements)
  (COUNT(DISTINCT ?concern) AS ?concerns)
  (COUNT(DISTINCT ?suggestion) AS ?suggestions)
  (COUNT(DISTINCT ?support) AS ?support)
  (COUNT(DISTINCT ?resolved) AS ?resolved)
  (COUNT(DISTINCT ?answered) AS ?answered)
  (COUNT(DISTINCT ?unanswered) AS ?unanswered)
WHERE {
  ?statement a hg:Statement ; hg:status ?status .
  OPTIONAL { ?statement a hg:Concern BIND (?statement AS ?concern) }
  OPTIONAL { ?statement a hg:Suggestion BIND (?statement AS ?suggestion) }
  OPTIONAL { ?statement a hg:Support BIND (?statement AS ?support) }
  BIND (IF(?status = hg:Resolved, ?statement, ?nothing) AS ?resolved)
  BIND (IF(?status = hg:Answered, ?statement, ?nothing) AS ?answered)
  BIND (IF(?status = hg:Unanswered, ?statement, ?nothing) AS ?unanswered)
}"""
_STAKEHOLDERS = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#> SELECT DISTINCT ?who WHERE { ?statement a hg:Statement ; hg:raisedBy ?who }"
_COUNT = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#> SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{ ?n a hg:{cls} }}"
_COUNTED = ("memos", "statements", "concerns", "suggestions", "support", "resolved", "answered", "unanswered", "remarks", "recommendations",
            "triples")


@dataclass
class Tally:
    """What a build counts, in a form that adds up across parts of the graph (the build counts chunks of memos)."""

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
            "suggestions": c["suggestions"], "support": c["support"], "remarks": c["remarks"], "recommendations": c["recommendations"],
            "statuses": {name: c[name] for name in ("answered", "resolved", "unanswered") if c[name]},
            "triples": c["triples"],
        }


def tally(store: ox.Store) -> Tally:
    """Count a store's memos, statements, ..., asked of the store (the union of its graphs: the ontology has no instances)."""
    from .view import view_nodes

    (row,) = store.query(_SUMMARY, use_default_graph_as_union=True)  # type: ignore[misc]
    counts = {name: int(row[name].value) for name in ("statements", "concerns", "suggestions", "support", "resolved", "answered", "unanswered")}
    for name, cls in (("remarks", "Response"), ("recommendations", "Recommendation")):
        (result,) = store.query(_COUNT.format(cls=cls), use_default_graph_as_union=True)  # type: ignore[misc]
        counts[name] = int(result["count"].value)
    counts["triples"] = count_triples(store)
    counts["memos"] = sum(1 for name in data_graphs(store) if memo_id_of(name))
    stakeholders = {row["who"].value for row in store.query(_STAKEHOLDERS, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    return Tally(counts, stakeholders, view_nodes(store))


def summary(built: BuiltGraph | ox.Store) -> dict[str, Any]:
    """Counts a person can check against the memo, asked of the store."""
    return tally(built.store if isinstance(built, BuiltGraph) else built).summary()


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


HG_STATUS = str(HG.status)
_STATUSES = f"SELECT ?graph ?statement ?status WHERE {{ GRAPH ?graph {{ ?statement <{HG_STATUS}> ?status }} }}"


def jsonld_graphs(built: BuiltGraph, graphs: Sequence[str]) -> list[bytes]:
    """These named graphs as JSON-LD graph objects for a document with the project's context: the nodes the
    mapping made, and the statuses the build derived from them (status.ru), by full IRIs.

    Cheaper than Oxigraph writing the graphs out again (3 ms a memo), and compact: what the data says, as it says it.
    """
    assert built.documents is not None, "build_graph(keep_documents=True) keeps them"
    derived: dict[str, list[dict[str, Any]]] = {}
    for row in built.store.query(_STATUSES):  # type: ignore[union-attr]
        node = {"@id": row["statement"].value, HG_STATUS: {"@id": row["status"].value}}
        derived.setdefault(row["graph"].value, []).append(node)
    items = []
    for graph in graphs:
        nodes = built.documents[graph]
        if derived.get(graph):
            extra = json.dumps(derived[graph], ensure_ascii=False).encode("utf-8")
            nodes = nodes[:-1] + (b"," if nodes != b"[]" else b"") + extra[1:]
        items.append(b'{"@id":' + json.dumps(graph).encode("utf-8") + b',"@graph":' + nodes + b"}")
    return items


def prefix_map() -> dict[str, str]:
    return {name: str(namespace) for name, namespace in PREFIXES.items()}


def body(serialised: bytes | None) -> bytes:
    """A Turtle or TriG document without its @prefix lines (for files that declare them once, at the top)."""
    lines = (serialised or b"").split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix"):
        start += 1
    return b"\n".join(lines[start:])


def graph_block(name: str, turtle: bytes) -> bytes:
    """A named graph's block of a TriG document, from the graph's Turtle without its @prefix lines: the lines
    Oxigraph's TriG has for it, indented (its literals keep their line breaks escaped, so no line is inside one),
    under the graph's full IRI, without serialising the graph a second time."""
    lines = b"".join(b"\t" + line + b"\n" for line in turtle.split(b"\n") if line)
    return str(ox.NamedNode(name)).encode("utf-8") + b" {\n" + lines + b"}\n"


def write_rdf(store: ox.Store, fmt: str, output: Path, with_ontology: bool) -> None:
    """Write a build's store to a file with Oxigraph: the formats with graphs (TriG, N-Quads, JSON-LD past
    JSONLD_COMPACT_MAX_TRIPLES) keep each memo's named graph; Turtle and N-Triples merge them.

    Small graphs get JSON-LD compacted with the project's context (rdflib), which reads better.
    """
    graphs = data_graphs(store, with_ontology)
    if fmt == "json-ld" and count_triples(store, with_ontology) <= JSONLD_COMPACT_MAX_TRIPLES:
        output.write_bytes(serialize(union_graph(store, graphs), "json-ld"))
    elif fmt in ("trig", "nquads", "json-ld"):
        if graphs == data_graphs(store, with_ontology=True):  # the whole dataset, without a round through Python
            store.dump(output=str(output), format=_oxigraph_format(fmt), prefixes=prefix_map())
        else:
            nodes = [ox.NamedNode(name) for name in graphs]
            quads = (quad for graph in nodes for quad in store.quads_for_pattern(None, None, None, graph))
            ox.serialize(quads, output=str(output), format=_oxigraph_format(fmt), prefixes=prefix_map())
    else:
        # one graph after another, each written by Oxigraph; the prefixes once, at the top
        with output.open("wb") as out:
            for index, graph in enumerate(graphs):
                chunk = store.dump(format=_oxigraph_format(fmt), from_graph=ox.NamedNode(graph), prefixes=prefix_map())
                out.write(chunk or b"" if index == 0 else body(chunk))


def export(built: BuiltGraph, fmt: str) -> bytes:
    """The whole graph, data and ontology, in a format named as on the command line."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export"
        built.load_ontology()
        write_rdf(built.store, EXPORT_FORMATS[fmt], target, with_ontology=True)
        return target.read_bytes()
