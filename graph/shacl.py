"""SHACL validation (pySHACL) with a report that names data files and entries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .build import BuiltGraph
from .errors import NotConforming, Where
from .mapping import context
from .resources import shapes_file

# fields the data calls differently from the context's key for the property
_FIELD_OVERRIDES = {
    "https://w3id.org/hoeringsgraf/ontology#raisedBy": "stakeholder",
    "https://w3id.org/hoeringsgraf/ontology#status": "status (derived from remarks and recommendations)",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
}


@dataclass(frozen=True)
class Violation:
    where: Where
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


@cache
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


@cache
def _field_names() -> dict[str, str]:
    """Property IRI -> the data field that sets it, read from the JSON-LD context."""
    ctx = context()
    names: dict[str, str] = {}
    for key, value in ctx.items():
        if isinstance(value, dict) and isinstance(value.get("@id"), str) and ":" in value["@id"]:
            prefix, local = value["@id"].split(":", 1)
            base = ctx.get(prefix)
            if isinstance(base, str):
                names.setdefault(base + local, key)
    names.update(_FIELD_OVERRIDES)
    return names


def _curie(graph: Graph, node: URIRef) -> str:
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:  # an IRI with no bound prefix
        return f"<{node}>"


def _shape_label(shape) -> str | None:  # type: ignore[no-untyped-def]
    """The label of the node shape a (possibly blank-node property) shape belongs to."""
    graph = shapes()
    owner = graph.value(None, SH.property, shape) or shape
    label = graph.value(owner, RDFS.label)
    return str(label) if label is not None else None


def violations(built: BuiltGraph, memos: set[str] | None = None) -> list[Violation]:
    """Validate the memo graphs (all, or only these) with the shared organisations; say what breaks which rule, by data entry."""
    import pyshacl

    logging.getLogger("pyshacl").setLevel(logging.ERROR)
    data = built.union(memos=memos)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    if conforms:
        return []
    assert isinstance(results, Graph)
    found = []
    names = _field_names()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        field = names.get(str(path)) if path is not None else None
        where = built.origins.where(focus, field) if isinstance(focus, URIRef) else None
        if where is None:
            where = Where(str(focus), field=field)
        rule = _curie(data, path) if isinstance(path, URIRef) else "node"
        label = _shape_label(results.value(result, SH.sourceShape))
        if label:
            rule = f"{label}: {rule}"
        found.append(Violation(where, str(message) if message else "breaks a rule", rule))
    return sorted(set(found), key=lambda v: (str(v.where.file), v.where.line or 0, v.message))


def validate(built: BuiltGraph, memos: set[str] | None = None) -> None:
    """Raise NotConforming with a readable report when the graph (or these memos) breaks the shapes."""
    found = violations(built, memos)
    if found:
        raise NotConforming("\n".join(str(v) for v in found), len(found))
