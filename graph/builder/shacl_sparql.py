"""SHACL Core shapes compiled to SPARQL and run by Oxigraph: the build's validator for many memos.

pySHACL validates about 3,500 triples a second; a thousand memos (a million
triples) took minutes. This module reads the same shapes graph (ontology/shapes.ttl)
and turns each constraint into one SPARQL SELECT that returns the nodes breaking
it, with the SHACL Core semantics of the W3C Recommendation (section 4), and runs
them in Oxigraph over the graphs being validated.

It covers the constraint components the shapes use, and refuses the rest with
Unsupported (the caller then falls back to pySHACL): targets by class, node,
subjects-of and objects-of; property shapes with an IRI path; sh:class,
sh:datatype, sh:nodeKind, sh:in, sh:hasValue, sh:languageIn, sh:pattern,
sh:minLength, sh:maxLength, sh:min/maxInclusive/Exclusive, sh:minCount,
sh:maxCount, sh:lessThan, sh:lessThanOrEquals, sh:equals, sh:disjoint,
sh:qualifiedValueShape with sh:qualifiedMin/MaxCount, and sh:and, sh:or, sh:not,
sh:xone and sh:node over shapes made only of value constraints. Each result
carries its shape's sh:severity (sh:Violation when it says none), as SHACL
reports it. The tests run both validators on the memo and on graphs broken one
rule at a time and require the same results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from graph.model.resources import shapes_file

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_LANG_STRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
# datatypes whose lexical form SPARQL can check by casting: a literal whose cast fails is ill-formed
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime}

# what a shape may say besides its constraints
_DESCRIPTIVE = {
    RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.path,
    SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}
_VALUE = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.languageIn, SH.pattern, SH.flags,
          SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
          SH["and"], SH["or"], SH["not"], SH.xone, SH.node}
_PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint,
                  SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}


class Unsupported(Exception):
    """The shapes use something this compiler does not translate; validate with pySHACL instead."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT of ?this (and ?value) breaking it, and what to report."""

    query: str
    shape: URIRef | BNode  # the shape the result names as its source (sh:sourceShape)
    path: URIRef | None
    component: str  # e.g. "MinCountConstraintComponent"
    message: str | None
    severity: URIRef = SH.Violation  # the shape's sh:severity


@dataclass(frozen=True)
class Result:
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: URIRef | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    shape: URIRef | BNode
    component: str
    message: str | None
    severity: URIRef = SH.Violation


def _term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"a constraint names {node!r}, which is neither an IRI nor a literal")


def _string(node: object) -> str:
    return '"' + str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Compiler:
    def __init__(self, shapes: Graph, subclasses: bool) -> None:
        self.shapes = shapes
        # SHACL's class targets and sh:class follow rdfs:subClassOf in the data graph; with no such triple there,
        # `?x rdf:type C` says the same and is much cheaper to evaluate
        self.type = _TYPE if subclasses else "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def _one(self, shape: object, predicate: URIRef) -> object | None:
        values = list(self.shapes.objects(shape, predicate))  # type: ignore[arg-type]
        if len(values) > 1:
            raise Unsupported(f"{shape} has {len(values)} values of {predicate}")
        return values[0] if values else None

    def _list(self, node: object) -> list[object]:
        return list(Collection(self.shapes, node))  # type: ignore[arg-type]

    def _severity(self, shape: object) -> URIRef:
        severity = self._one(shape, SH.severity)
        if severity is None:
            return SH.Violation
        if not isinstance(severity, URIRef):
            raise Unsupported(f"{shape} has a severity that is not an IRI: {severity!r}")
        return severity

    def _check_known(self, shape: object, allowed: set[URIRef]) -> None:
        for predicate in set(self.shapes.predicates(shape)):  # type: ignore[arg-type]
            if predicate not in allowed:
                raise Unsupported(f"shape {shape} uses {predicate}")

    # --- value constraints as a SPARQL expression that is true when the value conforms ---------------

    def conforms(self, shape: object, var: str) -> str:
        """An expression true when the node in var conforms to a shape made only of value constraints."""
        self._check_known(shape, _DESCRIPTIVE - {SH.property, SH.path} | _VALUE)
        if self._one(shape, SH.deactivated) == Literal(True):
            return "true"
        parts = [expression for _, expression in self.value_constraints(shape, var)]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_constraints(self, shape: object, var: str) -> list[tuple[str, str]]:
        """(component, expression true when the value in var satisfies it) for each value constraint."""
        found: list[tuple[str, str]] = []
        g = self.shapes
        for cls in g.objects(shape, SH["class"]):  # type: ignore[arg-type]
            found.append(("ClassConstraintComponent", f"EXISTS {{ {var} {self.type} {_term(cls)} }}"))
        datatype = self._one(shape, SH.datatype)
        if datatype is not None:
            found.append(("DatatypeConstraintComponent", self._datatype(datatype, var)))
        kind = self._one(shape, SH.nodeKind)
        if kind is not None:
            found.append(("NodeKindConstraintComponent", self._node_kind(kind, var)))
        allowed = self._one(shape, SH["in"])
        if allowed is not None:
            options = " || ".join(f"sameTerm({var}, {_term(v)})" for v in self._list(allowed)) or "false"
            found.append(("InConstraintComponent", f"({options})"))
        languages = self._one(shape, SH.languageIn)
        if languages is not None:
            tests = " || ".join(f"langMatches(lang({var}), {_string(v)})" for v in self._list(languages)) or "false"
            found.append(("LanguageInConstraintComponent", f"(isLiteral({var}) && lang({var}) != \"\" && ({tests}))"))
        pattern = self._one(shape, SH.pattern)
        if pattern is not None:
            flags = self._one(shape, SH.flags)
            flag_arg = f", {_string(flags)}" if flags is not None else ""
            found.append(("PatternConstraintComponent", f"(!isBlank({var}) && COALESCE(REGEX(STR({var}), {_string(pattern)}{flag_arg}), false))"))
        for predicate, operator, component in ((SH.minLength, ">=", "MinLength"), (SH.maxLength, "<=", "MaxLength")):
            limit = self._one(shape, predicate)
            if limit is not None:
                found.append((f"{component}ConstraintComponent", f"(!isBlank({var}) && STRLEN(STR({var})) {operator} {int(limit)})"))  # type: ignore[call-overload]
        for predicate, operator, component in (
            (SH.minInclusive, ">=", "MinInclusive"), (SH.maxInclusive, "<=", "MaxInclusive"),
            (SH.minExclusive, ">", "MinExclusive"), (SH.maxExclusive, "<", "MaxExclusive"),
        ):
            limit = self._one(shape, predicate)
            if limit is not None:
                found.append((f"{component}ConstraintComponent", f"COALESCE({var} {operator} {_term(limit)}, false)"))
        value = self._one(shape, SH.hasValue)
        if value is not None:
            raise Unsupported("sh:hasValue")  # a constraint on the set of values, not on each: not translated
        for node_shape in g.objects(shape, SH.node):  # type: ignore[arg-type]
            found.append(("NodeConstraintComponent", self.conforms(node_shape, var)))
        for operands in g.objects(shape, SH["and"]):  # type: ignore[arg-type]
            found.append(("AndConstraintComponent", "(" + " && ".join(self.conforms(s, var) for s in self._list(operands)) + ")"))
        for operands in g.objects(shape, SH["or"]):  # type: ignore[arg-type]
            found.append(("OrConstraintComponent", "(" + " || ".join(self.conforms(s, var) for s in self._list(operands)) + ")"))
        for negated in g.objects(shape, SH["not"]):  # type: ignore[arg-type]
            found.append(("NotConstraintComponent", f"!{self.conforms(negated, var)}"))
        for operands in g.objects(shape, SH.xone):  # type: ignore[arg-type]
            count = " + ".join(f"IF({self.conforms(s, var)}, 1, 0)" for s in self._list(operands))
            found.append(("XoneConstraintComponent", f"(({count or '0'}) = 1)"))
        return found

    def _datatype(self, datatype: object, var: str) -> str:
        if datatype == _LANG_STRING:
            return f"(isLiteral({var}) && lang({var}) != \"\")"
        test = f"(isLiteral({var}) && sameTerm(datatype({var}), {_term(datatype)})"
        if datatype in _CASTABLE:  # the lexical form must be valid for the datatype
            test += f" && COALESCE({_term(datatype)}(STR({var})) = {var}, false)"
        return test + ")"

    def _node_kind(self, kind: object, var: str) -> str:
        tests = {
            SH.IRI: f"isIRI({var})", SH.BlankNode: f"isBlank({var})", SH.Literal: f"isLiteral({var})",
            SH.BlankNodeOrIRI: f"(isBlank({var}) || isIRI({var}))", SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
            SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))",
        }
        if kind not in tests:
            raise Unsupported(f"sh:nodeKind {kind}")
        return tests[kind]  # type: ignore[index]

    # --- targets and shapes ----------------------------------------------------------------------------

    def targets(self, shape: object) -> str | None:
        g = self.shapes
        branches = [f"{{ ?this {self.type} {_term(c)} }}" for c in g.objects(shape, SH.targetClass)]  # type: ignore[arg-type]
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in g:  # type: ignore[operator]
            branches.append(f"{{ ?this {self.type} {_term(shape)} }}")
        branches += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]  # type: ignore[arg-type]
        branches += [f"{{ ?this {_term(p)} [] }}" for p in g.objects(shape, SH.targetSubjectsOf)]  # type: ignore[arg-type]
        branches += [f"{{ [] {_term(p)} ?this }}" for p in g.objects(shape, SH.targetObjectsOf)]  # type: ignore[arg-type]
        if not branches:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    def compile(self) -> list[Check]:
        g = self.shapes
        checks: list[Check] = []
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            node_shapes |= set(g.subjects(predicate, None))
        for shape in sorted(node_shapes, key=str):
            if (shape, SH.path, None) in g:
                raise Unsupported(f"a property shape with targets: {shape}")
            if self._one(shape, SH.deactivated) == Literal(True):
                continue
            target = self.targets(shape)
            if target is None:
                continue  # used only inside other shapes
            self._check_known(shape, _DESCRIPTIVE | _VALUE)
            message = self._one(shape, SH.message)
            severity = self._severity(shape)
            for component, expression in self.value_constraints(shape, "?this"):
                query = f"SELECT ?this ?value WHERE {{ {target} BIND (?this AS ?value) FILTER (!({expression})) }}"
                checks.append(Check(query, shape, None, component, str(message) if message is not None else None, severity))  # type: ignore[arg-type]
            for prop in g.objects(shape, SH.property):
                checks += self.property_checks(prop, target)
        return checks

    def property_checks(self, prop: object, target: str) -> list[Check]:
        g = self.shapes
        self._check_known(prop, _DESCRIPTIVE | _VALUE | _PROPERTY_ONLY)
        if self._one(prop, SH.deactivated) == Literal(True):
            return []
        path = self._one(prop, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"a path that is not one IRI: {path!r}")
        message_node = self._one(prop, SH.message)
        message = str(message_node) if message_node is not None else None
        severity = self._severity(prop)  # a property shape's own: SHACL does not pass a node shape's severity on
        p = _term(path)
        checks = []

        def add(component: str, query: str) -> None:
            checks.append(Check(query, prop, path, component, message, severity))  # type: ignore[arg-type]

        for component, expression in self.value_constraints(prop, "?value"):
            add(component, f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value FILTER (!({expression})) }}")
        minimum = self._one(prop, SH.minCount)
        if minimum is not None and int(minimum) > 0:  # type: ignore[call-overload]
            if int(minimum) == 1:  # type: ignore[call-overload]
                add("MinCountConstraintComponent", f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} ?value }} }}")
            else:
                add("MinCountConstraintComponent", f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(minimum)})")  # type: ignore[call-overload]
        maximum = self._one(prop, SH.maxCount)
        if maximum is not None:
            add("MaxCountConstraintComponent", f"SELECT ?this WHERE {{ {target} ?this {p} ?value }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(maximum)})")  # type: ignore[call-overload]
        for other in g.objects(prop, SH.lessThan):  # type: ignore[arg-type]
            add("LessThanConstraintComponent", f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . ?this {_term(other)} ?other "
                "FILTER (!COALESCE(?value < ?other, false)) }")
        for other in g.objects(prop, SH.lessThanOrEquals):  # type: ignore[arg-type]
            add("LessThanOrEqualsConstraintComponent", f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . ?this {_term(other)} ?other "
                "FILTER (!COALESCE(?value <= ?other, false)) }")
        for other in g.objects(prop, SH.equals):  # type: ignore[arg-type]
            o = _term(other)
            add("EqualsConstraintComponent", f"SELECT ?this ?value WHERE {{ {target} "
                f"{{ ?this {p} ?value FILTER NOT EXISTS {{ ?this {o} ?value }} }} "
                f"UNION {{ ?this {o} ?value FILTER NOT EXISTS {{ ?this {p} ?value }} }} }}")
        for other in g.objects(prop, SH.disjoint):  # type: ignore[arg-type]
            add("DisjointConstraintComponent", f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . ?this {_term(other)} ?value }}")
        qualified = self._one(prop, SH.qualifiedValueShape)
        if qualified is not None:
            if self._one(prop, URIRef(SH + "qualifiedValueShapesDisjoint")) == Literal(True):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            ok = self.conforms(qualified, "?value")
            low, high = self._one(prop, SH.qualifiedMinCount), self._one(prop, SH.qualifiedMaxCount)
            if low is not None and int(low) > 0:  # type: ignore[call-overload]
                add("QualifiedMinCountConstraintComponent", f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value FILTER ({ok}) }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(low)})")  # type: ignore[call-overload]
            if high is not None:
                add("QualifiedMaxCountConstraintComponent", f"SELECT ?this WHERE {{ {target} ?this {p} ?value FILTER ({ok}) }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(high)})")  # type: ignore[call-overload]
        elif self._one(prop, SH.qualifiedMinCount) is not None or self._one(prop, SH.qualifiedMaxCount) is not None:
            raise Unsupported("sh:qualifiedMin/MaxCount without sh:qualifiedValueShape")
        return checks


def compile_shapes(shapes: Graph, subclasses: bool = True) -> list[Check]:
    """Every constraint of a shapes graph as a SPARQL query; Unsupported if one cannot be translated.

    subclasses=False gives queries valid only for data without rdfs:subClassOf triples.
    """
    return _Compiler(shapes, subclasses).compile()


@cache
def shapes_graph() -> Graph:
    """The project's shapes (ontology/shapes.ttl), read once per process."""
    return Graph().parse(shapes_file(), format="turtle")


@cache
def project_checks(subclasses: bool = True) -> tuple[Check, ...]:
    """The project's shapes, compiled once per process."""
    return tuple(compile_shapes(shapes_graph(), subclasses))


def run_checks(store: ox.Store, graphs: Sequence[str], checks: Sequence[Check] | None = None) -> list[Result]:
    """Run the compiled checks over the union of these named graphs of an Oxigraph store, two at a time.

    When these are all the store's named graphs, the store's union graph is used: Oxigraph evaluates it far
    faster than a default graph listed as many named graphs.
    """
    from concurrent.futures import ThreadPoolExecutor

    if checks is None:
        subclasses = bool(store.query("ASK { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }",
                                      default_graph=[ox.NamedNode(name) for name in graphs]))
        checks = project_checks(subclasses)
    scope: dict[str, object]
    only_these = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)} == set(graphs)
    if only_these and next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        scope = {"use_default_graph_as_union": True}
    else:
        scope = {"default_graph": [ox.NamedNode(name) for name in graphs]}

    def run(check: Check) -> list[Result]:
        rows = store.query(check.query, **scope)  # type: ignore[arg-type]
        with_value = check.query.startswith("SELECT ?this ?value")
        return [Result(row["this"], check.path, row["value"] if with_value else None, check.shape, check.component, check.message,
                       check.severity) for row in rows]  # type: ignore[union-attr]

    with ThreadPoolExecutor(max_workers=2) as pool:  # pyoxigraph releases the GIL while it evaluates
        return [result for results in pool.map(run, checks) for result in results]
