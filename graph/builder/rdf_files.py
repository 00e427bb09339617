"""The graph as RDF files: Turtle, N-Triples, JSON-LD (with the project's context), TriG and N-Quads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph.base.errors import UsageError
from graph.model.vocab import DERIVED, PREFIXES

from .assemble import BuiltGraph, count_triples, data_graphs, union_graph
from .mapping import context

EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}  # the command line's names, rdflib's


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialise in one of EXPORT_FORMATS' rdflib names, JSON-LD compacted with the project's context."""
    if fmt == "json-ld":
        compacted = json.loads(graph.serialize(format="json-ld", context=context(), auto_compact=True))
        return (json.dumps(_in_order(compacted), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def _in_order(value: Any, key: str | None = None) -> Any:
    """A JSON-LD document with its nodes and the values of each property in one order of their own: rdflib writes
    them in the order of its sets, which differs from process to process. An @list keeps its order.

    Written here because rdflib's JSON-LD serialiser has no sorted output; delete it if it gets one.
    """
    if isinstance(value, dict):
        return {name: _in_order(item, name) for name, item in value.items()}
    if isinstance(value, list):
        items = [_in_order(item) for item in value]
        return items if key == "@list" else sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


# Past this size JSON-LD is written expanded by Oxigraph: rdflib's compaction with the project's context reads
# better but takes minutes on hundreds of thousands of triples.
JSONLD_COMPACT_MAX_TRIPLES = 50_000


def _oxigraph_format(fmt: str) -> ox.RdfFormat:
    return {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
            "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[fmt]


_DERIVED = "SELECT ?graph ?node ?predicate ?value WHERE {{ VALUES ?predicate {{ {} }} GRAPH ?graph {{ ?node ?predicate ?value }} }}".format(
    " ".join(f"<{predicate}>" for predicate in DERIVED)
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _jsonld_value(term: Any) -> dict[str, str]:
    """An Oxigraph term as a JSON-LD value object (or node reference), by full IRIs."""
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": term.datatype.value}


def jsonld_graphs(built: BuiltGraph, graphs: Sequence[str]) -> list[bytes]:
    """These named graphs as JSON-LD graph objects for a document with the project's context: the nodes the
    mapping made, and what the build's rules derived from them (graph.model.vocab.DERIVED: statuses, quote
    texts, Danish labels), by full IRIs.

    Cheaper than Oxigraph writing the graphs out again (3 ms a memo), and compact: what the data says, as it says it.
    """
    assert built.documents is not None, "build_graph(keep_documents=True) keeps them"
    derived: dict[str, list[dict[str, Any]]] = {}
    for row in built.store.query(_DERIVED):  # type: ignore[union-attr]
        node = {"@id": _jsonld_value(row["node"])["@id"], row["predicate"].value: _jsonld_value(row["value"])}
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
