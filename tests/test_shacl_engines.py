"""The shapes compiled to SPARQL (graph/builder/shacl_sparql.py) must find exactly what pySHACL finds.

pySHACL is the reference. Both run on the memo, and on the minimal data broken one
triple at a time: for every property of every shape, a focus node loses its values,
gains a value of the wrong kind, or gains a second one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from graph.builder.assemble import BuiltGraph, build_graph
from graph.builder.shacl_sparql import Unsupported, compile_shapes, shapes_graph
from graph.builder.validation import _curie, violations

from .conftest import MINIMAL

XSD = "http://www.w3.org/2001/XMLSchema#"
# values a mutation adds: an IRI of no class, a literal in English, a negative integer, an ill-formed date
ODD_VALUES = [
    ox.NamedNode("https://example.org/odd"),
    ox.Literal("odd", language="en"),
    ox.Literal("-1", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("2023-13-45", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("zz"),
]


def _targets(shapes: Graph, shape: object) -> list[str]:
    return [str(c) for c in shapes.objects(shape, SH.targetClass)]  # type: ignore[arg-type]


def _focus(quads: list[ox.Quad], cls: str) -> ox.Quad:
    """The type triple of the first node of this class: the node a mutation changes."""
    return next(q for q in quads if q.predicate.value == str(RDF.type) and q.object == ox.NamedNode(cls))


def _cases(quads: list[ox.Quad]) -> Iterator[tuple[str, str, str, str]]:
    """(target class, path, mutation, value index) for every property shape whose targets the minimal data has."""
    shapes = shapes_graph()
    present = {q.object.value for q in quads if q.predicate.value == str(RDF.type)}
    for shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        for prop in shapes.objects(shape, SH.property):
            path = str(shapes.value(prop, SH.path))
            for cls in [c for c in _targets(shapes, shape) if c in present][:2]:
                focus = _focus(quads, cls)
                has_values = any(q.subject == focus.subject and q.predicate.value == path for q in quads)
                if has_values:
                    yield cls, path, "remove", "-"
                for index in range(len(ODD_VALUES)):
                    yield cls, path, "add", str(index)
                if has_values:
                    yield cls, path, "duplicate", "-"


MINIMAL_QUADS = list(build_graph(MINIMAL, with_ontology=False).store)
CASES = list(_cases(MINIMAL_QUADS))


@pytest.fixture(scope="module")
def minimal_quads() -> list[ox.Quad]:
    return MINIMAL_QUADS


def _mutated(quads: list[ox.Quad], cls: str, path: str, mutation: str, index: str) -> BuiltGraph | None:
    built = build_graph(MINIMAL, with_ontology=False)  # fresh origins and store
    store = built.store
    focus = _focus(quads, cls)
    node, graph = focus.subject, focus.graph_name
    predicate = ox.NamedNode(path)
    values = [q for q in quads if q.subject == node and q.predicate == predicate]
    if mutation == "remove":
        if not values:
            return None
        for quad in values:
            store.remove(quad)
    elif mutation == "add":
        store.add(ox.Quad(node, predicate, ODD_VALUES[int(index)], graph))
    else:  # a second value like the first: for IRIs a new node of the same classes
        if not values:
            return None
        first = values[0].object
        if isinstance(first, ox.Literal):
            twin: ox.NamedNode | ox.Literal = ox.Literal(first.value + " igen", datatype=first.datatype) if not first.language \
                else ox.Literal(first.value + " igen", language=first.language)
        else:
            twin = ox.NamedNode(str(first.value) + "-twin")
            for quad in quads:
                if quad.subject == first and quad.predicate.value == str(RDF.type):
                    store.add(ox.Quad(twin, quad.predicate, quad.object, graph))
        store.add(ox.Quad(node, predicate, twin, graph))
    return built


@pytest.mark.parametrize(("cls", "path", "mutation", "index"), CASES, ids=["|".join(c).replace("https://", "") for c in CASES])
def test_both_engines_find_the_same(minimal_quads, cls: str, path: str, mutation: str, index: str) -> None:
    built = _mutated(minimal_quads, cls, path, mutation, index)
    assert built is not None, "the cases are made from the minimal data's own nodes"
    ours = set(violations(built, engine="oxigraph"))
    try:
        reference = set(violations(built, engine="pyshacl"))
    except TypeError:  # pySHACL fails comparing an ill-formed date with sh:lessThanOrEquals; SHACL says: a violation
        assert mutation == "add" and ODD_VALUES[int(index)].value == "2023-13-45"
        assert any("not after its end" in v.message for v in ours)
        return
    assert reference <= ours, "the compiled shapes miss what pySHACL finds"
    # One known difference: SHACL (sections 4.5.3 and 4.5.4) makes a pair of values that cannot be compared
    # (a date and an integer, an ill-formed date) break sh:lessThan and sh:lessThanOrEquals; pySHACL says nothing.
    shapes = shapes_graph()
    comparing = {shapes.value(p, SH.path) for p in (*shapes.subjects(SH.lessThan, None), *shapes.subjects(SH.lessThanOrEquals, None))}
    extra = ours - reference
    assert all(v.rule.split(": ")[-1] in {_curie(p) for p in comparing} for v in extra), extra
    if extra:
        assert mutation in ("add", "duplicate") and path in {str(shapes.value(p, o)) for o in (SH.lessThan, SH.lessThanOrEquals)
                                                              for p in shapes.subjects(o, None)}


def test_mutations_break_rules(minimal_quads) -> None:
    """The mutations above are not idle: most of them break a rule, and every kind of rule is broken by some."""
    broken = 0
    rules: set[str] = set()
    for case in CASES:
        built = _mutated(minimal_quads, *case)
        if built is None:
            continue
        found = violations(built, engine="oxigraph")
        broken += bool(found)
        rules |= {v.rule for v in found}
    assert broken >= len(CASES) // 2
    shapes = shapes_graph()
    with_message = {str(shapes.value(p, SH.path)) for p in shapes.subjects(SH.message, None) if shapes.value(p, SH.path)}
    assert len(rules) >= len(with_message) // 2


@pytest.mark.parametrize("kind", ["Concern", "Support"])
def test_statement_kinds(minimal_quads, kind: str) -> None:
    """A statement of two kinds breaks the shapes; one of no kind (not decided yet) gives a warning alone, in both engines."""
    hg = "https://w3id.org/hoeringsgraf/ontology#"
    built = build_graph(MINIMAL, with_ontology=False)
    statement = next(q for q in minimal_quads if q.predicate.value == str(RDF.type) and q.object.value == hg + "Concern")
    if kind == "Concern":
        built.store.remove(statement)
        built.store.add(ox.Quad(statement.subject, statement.predicate, ox.NamedNode(hg + "Statement"), statement.graph_name))
    else:
        built.store.add(ox.Quad(statement.subject, statement.predicate, ox.NamedNode(hg + kind), statement.graph_name))
    found = violations(built, engine="oxigraph")
    if kind == "Concern":  # no kind: a warning at its field, and no longer a concern that must be about a unit
        assert [(v.severity, v.where.entry, v.where.field, v.message) for v in found] == [
            ("warning", "raad-1", "kind", "kind not decided: set concern, suggestion or support")
        ]
    else:
        assert [(v.severity, v.message) for v in found] == [("error", "a statement is at most one of concern, suggestion or support")]
    assert found == violations(built, engine="pyshacl")


def test_the_memo_conforms_by_both_engines(built) -> None:
    assert violations(built, engine="pyshacl") == []
    assert violations(built, engine="oxigraph") == []


def test_the_compiler_translates_the_project_shapes() -> None:
    """No fallback to pySHACL for the project's own shapes; one query per constraint."""
    checks = compile_shapes(shapes_graph())
    constraints = sum(1 for _ in shapes_graph().subjects(SH.minCount, None)) + sum(1 for _ in shapes_graph().subjects(SH.maxCount, None))
    assert len(checks) >= constraints


def test_the_compiler_refuses_what_it_does_not_know() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
    """, format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(shapes)
    closed = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
    """, format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(closed)
