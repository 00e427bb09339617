"""The graph of data/ in memory: read the YAML, map it to RDF (one named graph per memo), derive what the rules derive.

What every command that has no up-to-date build folder uses, and what the build's workers do a chunk of memos at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from graph.base.errors import Problem
from graph.model.resources import ontology_file
from graph.model.vocab import ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, bind_prefixes, memo_graph
from graph.model.yaml_models import LoadedData, load_data

from .mapping import Origins, context, memo_document, organisation_targets, organisations_document

RULES = Path(__file__).resolve().parent / "rules"  # the SPARQL Update rules that derive what is never typed by hand
# the rules, in the order they are applied, each deriving one predicate of graph.model.vocab.DERIVED
RULE_FILES = ("status.ru", "quote-text.ru", "danish-label.ru")

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
        self.store.extend(ontology_quads())

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


@cache
def ontology_quads() -> tuple[ox.Quad, ...]:
    """The ontology in its named graph, its blank nodes labelled in the order the file gives them (Oxigraph's
    parser labels them at random, and every file written from the store would differ from build to build)."""
    labels: dict[str, ox.BlankNode] = {}

    def fixed(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"ontology{len(labels)}"))
        return term

    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return tuple(ox.Quad(fixed(q.subject), q.predicate, fixed(q.object), graph) for q in ox.parse(path=ontology_file(), format=ox.RdfFormat.TURTLE))


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
    merged.parse(data=payload, format="nt", bnode_context=_StoreLabels())
    return merged


class _StoreLabels(dict[str, str]):
    """Blank nodes keep the store's labels when rdflib reads N-Triples (it would give each a new random one, and
    every file written from the graph would differ from run to run). The store's labels name one node each.

    Written here because rdflib's N-Triples parser has no option to keep labels; delete it if it gets one."""

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        return key


@cache
def _rule(name: str) -> str:
    return (RULES / name).read_text(encoding="utf-8")


@cache
def context_json() -> bytes:
    """The project's JSON-LD context as JSON, written once per process."""
    return json.dumps(context(), ensure_ascii=False).encode("utf-8")


def _load_jsonld(built: BuiltGraph, document: dict[str, Any], graph: URIRef) -> None:
    """Parse a JSON-LD document (with the project's context) into one named graph, and keep its nodes."""
    nodes = json.dumps(document["@graph"], ensure_ascii=False).encode("utf-8")
    if built.documents is not None:
        built.documents[str(graph)] = nodes
    payload = b'{"@context":' + context_json() + b',"@graph":' + nodes + b"}"
    built.store.load(payload, format=ox.RdfFormat.JSON_LD, to_graph=ox.NamedNode(str(graph)))


def build_graph(
    data_dir: Path, *, with_ontology: bool = True, memos: set[str] | None = None, keep_documents: bool = False,
    problems: list[Problem] | None = None,
) -> BuiltGraph:
    """Read data_dir (or only these memos of it) and build the graph in an in-memory Oxigraph store, deriving what the
    rules derive (statuses, quote texts, Danish labels);
    `keep_documents` keeps each graph's JSON-LD nodes (for jsonld_graphs).

    The first error in the data is raised. With `problems`, every error of every file is added to them instead,
    and the graph holds what could be read and mapped (`hoeringsgraf validate` lists them all)."""
    data = load_data(data_dir, memos, problems)
    origins = Origins()
    built = BuiltGraph(ox.Store(), origins, data, documents={} if keep_documents else None)
    _load_jsonld(built, organisations_document(data, origins, problems), ORGANISATIONS_GRAPH)
    targets = organisation_targets(data)
    for memo in data.memos:
        name = memo_graph(memo.model.id)
        _load_jsonld(built, memo_document(memo, data, origins, targets, problems), name)
        built.memo_graphs[memo.model.id] = name
    for rule in RULE_FILES:
        built.store.update(_rule(rule))
    if with_ontology:
        built.load_ontology()
    return built
