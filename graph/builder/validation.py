"""SHACL validation of the built graph, with a report that names data files, lines, entries and fields.

A result of a shape of sh:severity sh:Violation is an error; one of sh:Warning (or sh:Info) is a warning,
reported without stopping the build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.base.errors import EXIT_BAD_INPUT, NotConforming, Problem, Problems, Severity, Where
from graph.engine.terms import to_rdflib
from graph.model.vocab import ORGANISATIONS_GRAPH, PREFIXES

from .assemble import BuiltGraph, build_graph
from .mapping import context

# fields the data calls differently from the context's key for the property
_FIELD_OVERRIDES = {
    "https://w3id.org/hoeringsgraf/ontology#raisedBy": "stakeholder",
    "https://w3id.org/hoeringsgraf/ontology#status": "status (derived from remarks and recommendations)",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "kind",  # the shapes read a statement's kind from its classes
    "https://w3id.org/hoeringsgraf/ontology#kindCue": "cue",
}


@dataclass(frozen=True)
class Violation:
    """One result of the shapes: an error (sh:Violation) or a warning (sh:Warning, sh:Info)."""

    where: Where
    message: str
    rule: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"

    @property
    def problem(self) -> Problem:
        return Problem(self.where, f"{self.message} [{self.rule}]", self.severity)


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
    known = {**PREFIXES, "rdf": str(RDF)}
    matches = [(len(str(ns)), prefix) for prefix, ns in known.items() if str(node).startswith(str(ns)) and str(node) != str(ns)]
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
    severity: object = SH.Violation


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
                            results.value(result, SH.sourceShape), str(message) if message is not None else None,
                            results.value(result, SH.resultSeverity)))
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
    found = [_Found(to_rdflib(r.focus), r.path, r.shape, r.message or _default_message(r.component), r.severity) for r in results]
    return found, set(names)


def _default_message(component: str) -> str:
    return "breaks sh:" + component.removesuffix("ConstraintComponent")[:1].lower() + component.removesuffix("ConstraintComponent")[1:]


def violations(built: BuiltGraph, memos: set[str] | None = None, engine: str = "oxigraph") -> list[Violation]:
    """Validate the memo graphs (all, or at least these) with the shared organisations; say what breaks which rule, by entry
    (errors and warnings: see Violation.severity).

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
        severity: Severity = "error" if result.severity in (None, SH.Violation) else "warning"
        out.append(Violation(where, result.message or "breaks a rule", rule, severity))
    return sorted(set(out), key=lambda v: (str(v.where.file), v.where.line or 0, v.message, v.rule)), validated


def validate(built: BuiltGraph, memos: set[str] | None = None, engine: str = "oxigraph") -> list[Problem]:
    """Raise NotConforming (holding the errors and the warnings) when the graph (or these memos) breaks the shapes;
    else the warnings."""
    found = [violation.problem for violation in _violations(built, memos, engine)[0]]
    if any(problem.severity == "error" for problem in found):
        raise NotConforming(found)
    return found


# fields whose error leaves other entries without what the field gives them: an unknown respondent's stakeholder
# leaves each of its statements without the one who raised it (the shapes' "stakeholder" of the statement)
_SHARED_FIELDS = {"stakeholder"}


@dataclass
class Checked:
    """All that is wrong with a data folder, found in one run: what `hoeringsgraf validate` lists."""

    built: BuiltGraph  # the graph of what could be read and mapped
    data_errors: list[Problem]  # files that cannot be read or checked, unknown references, quotes not found, ...
    shape_results: list[Problem]  # the shapes' errors and warnings

    @property
    def warnings(self) -> list[Problem]:
        return [*self.built.data.warnings, *(problem for problem in self.shape_results if problem.severity == "warning")]

    @property
    def errors(self) -> list[Problem]:
        return [*self.data_errors, *(problem for problem in self.shape_results if problem.severity == "error")]

    def raise_for_errors(self) -> None:
        """Raise the errors, if any: bad input (exit 2) when the data itself is wrong, else NotConforming (exit 1)."""
        if self.data_errors:
            raise Problems(self.errors, EXIT_BAD_INPUT)
        if self.errors:
            raise NotConforming(self.errors)


def check_data(data_dir: Path, engine: str = "oxigraph") -> Checked:
    """Read, map and validate every file of a data folder, keeping every problem instead of stopping at the first.

    The shapes run over what could be mapped; a shape's result at a field that already has an error in the data
    (a reference left out of the graph because it names no entry) is left out, as the data error says it.
    """
    data_errors: list[Problem] = []
    built = build_graph(data_dir, with_ontology=False, problems=data_errors)
    said = {(str(p.where.file), p.where.entry, p.where.field) for p in data_errors}
    said_anywhere = {(str(p.where.file), p.where.field) for p in data_errors if p.where.field in _SHARED_FIELDS}
    results = [
        violation.problem
        for violation in violations(built, engine=engine)
        if (str(violation.where.file), violation.where.entry, violation.where.field) not in said
        and (str(violation.where.file), violation.where.field) not in said_anywhere
    ]
    data_errors.sort(key=lambda p: (str(p.where.file), p.where.line or 0))  # read file by file, mapped memo by memo: put in file order
    return Checked(built, data_errors, results)
