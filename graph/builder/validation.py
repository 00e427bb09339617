"""SHACL validation of the built graph, with a report that names data files, lines, entries and fields."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.base.errors import NotConforming, Where
from graph.engine.terms import to_rdflib
from graph.model.vocab import ORGANISATIONS_GRAPH, PREFIXES

from .assemble import BuiltGraph
from .mapping import context

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


def shapes() -> Graph:
    from .shacl_sparql import shapes_graph

    return shapes_graph()


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


def _curie(node: URIRef) -> str:
    matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items() if str(node).startswith(str(ns)) and str(node) != str(ns)]
    if not matches:
        return f"<{node}>"
    length, prefix = max(matches)
    return f"{prefix}:{str(node)[length:]}"


def _shape_label(shape) -> str | None:  # type: ignore[no-untyped-def]
    """The label of the node shape a (possibly blank-node property) shape belongs to."""
    graph = shapes()
    owner = graph.value(None, SH.property, shape) or shape
    label = graph.value(owner, RDFS.label)
    return str(label) if label is not None else None


@dataclass(frozen=True)
class _Found:
    """One validation result, whichever engine found it."""

    focus: object
    path: object
    shape: object
    message: str | None


def _by_pyshacl(built: BuiltGraph, memos: set[str] | None) -> tuple[list[_Found], Graph]:
    """pySHACL over the union of the data graphs (or these memos' and the shared one)."""
    import pyshacl

    logging.getLogger("pyshacl").setLevel(logging.ERROR)
    data = built.union(memos=memos)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    if conforms:
        return [], data
    assert isinstance(results, Graph)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        found.append(_Found(results.value(result, SH.focusNode), results.value(result, SH.resultPath),
                            results.value(result, SH.sourceShape), str(message) if message is not None else None))
    return found, data


# Oxigraph evaluates a default graph made of a few named graphs well, and of many badly (0.04 s for the
# checks over one memo, 0.36 s over ten): past this many memos every memo is validated, over the union
_FEW_MEMOS = 4


def _by_oxigraph(built: BuiltGraph, memos: set[str] | None) -> tuple[list[_Found], set[str]]:
    """Run the shapes compiled to SPARQL (graph/builder/shacl_sparql.py); the memos it validated."""
    from .shacl_sparql import run_checks

    names = sorted(built.memo_graphs) if memos is None or len(memos) > _FEW_MEMOS else sorted(memos)
    graphs = [str(ORGANISATIONS_GRAPH), *(str(built.memo_graphs[memo]) for memo in names)]
    results = run_checks(built.store, graphs)
    found = [_Found(to_rdflib(r.focus), r.path, r.shape, r.message or _default_message(r.component)) for r in results]
    return found, set(names)


def _default_message(component: str) -> str:
    return "breaks sh:" + component.removesuffix("ConstraintComponent")[:1].lower() + component.removesuffix("ConstraintComponent")[1:]


def violations(built: BuiltGraph, memos: set[str] | None = None, engine: str = "oxigraph") -> list[Violation]:
    """Validate the memo graphs (all, or at least these) with the shared organisations; say what breaks which rule, by entry.

    engine "oxigraph" runs the shapes compiled to SPARQL, falling back to pySHACL if they use something the
    compiler does not translate; "pyshacl" runs pySHACL.
    """
    return _violations(built, memos, engine)[0]


def _violations(built: BuiltGraph, memos: set[str] | None, engine: str) -> tuple[list[Violation], set[str]]:
    found: list[_Found] | None = None
    if engine == "oxigraph":
        from .shacl_sparql import Unsupported

        try:
            found, validated = _by_oxigraph(built, memos)
        except Unsupported:
            found = None
    if found is None:
        found, _ = _by_pyshacl(built, memos)
        validated = set(memos if memos is not None else built.memo_graphs)
    names = _field_names()
    out = []
    for result in found:
        path = result.path
        field = names.get(str(path)) if path is not None else None
        where = built.origins.where(result.focus, field) if isinstance(result.focus, URIRef) else None  # type: ignore[arg-type]
        if where is None:
            where = Where(str(result.focus), field=field)
        rule = _curie(path) if isinstance(path, URIRef) else "node"
        label = _shape_label(result.shape)
        if label:
            rule = f"{label}: {rule}"
        out.append(Violation(where, result.message or "breaks a rule", rule))
    return sorted(set(out), key=lambda v: (str(v.where.file), v.where.line or 0, v.message, v.rule)), validated


def validate(built: BuiltGraph, memos: set[str] | None = None, engine: str = "oxigraph") -> set[str]:
    """Raise NotConforming with a readable report when the graph (or these memos) breaks the shapes; the memos validated."""
    found, validated = _violations(built, memos, engine)
    if found:
        raise NotConforming("\n".join(str(v) for v in found), len(found))
    return validated
