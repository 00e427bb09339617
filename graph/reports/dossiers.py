"""Reports for case officers about one thing: a unit's dossier, a stakeholder's answers."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from graph.engine.interface import Engine
from graph.queries.names import resolve_name
from graph.queries.params import select
from graph.queries.registry import canned

from .formats import Report, Table, compact


def unit_dossier(store: Engine, unit: str) -> Report:
    """Everything about one unit: where it sits, how the reorganisation changes it, what was said about it."""
    node = resolve_name(store, unit, "unit")
    label = _label(store, node)
    parents = [[Literal(level), Literal(_label(store, parent))] for level, parent in enumerate(_parents(store, node), start=1)]
    changes = []
    for row in select(store, canned()["reorganisation"]).dicts():
        if row["unit"] == node:
            changes.append([row["how"], row["fromLabel"], row["toLabel"]])
        elif node in (row["to"], row["from"]):
            role = "receives" if row["to"] == node else "gives up"
            changes.append([Literal(f"{role} {row['unitLabel']}"), row["fromLabel"], row["toLabel"]])
    said = select(store, canned()["about-unit"], {"unit": str(node)})
    return Report(
        f"Dossier: {label}",
        [
            Table(["level", "part of"], parents, title="Part of"),
            Table(["how", "from", "to"], changes, title="How the reorganisation changes it"),
            Table(said.variables, said.rows, title=f"What was said about {label}: {len(said)} statement(s)", hidden=("unit",)),
        ],
    )


def stakeholder_report(store: Engine, stakeholder: str) -> Report:
    """What one stakeholder said, about which units, and what they got back."""
    node = resolve_name(store, stakeholder, "stakeholder")
    label = _label(store, node)
    said = select(store, canned()["by-stakeholder"], {"stakeholder": str(node)})
    counts: dict[str, int] = defaultdict(int)
    for row in said.dicts():
        counts[compact(row["status"])] += 1
    summary = Table(["status", "statements"], [[Literal(k), Literal(v)] for k, v in sorted(counts.items())], title="Statuses")
    return Report(f"Stakeholder: {label}", [summary, Table(said.variables, said.rows, title=f"What {label} said", hidden=("stakeholder",))])


_PARENTS_QUERY = """
SELECT ?node ?parent WHERE { ?node (org:subOrganizationOf|org:memberOf|org:postIn)+ ?parent . }"""


def _label(store: Engine, node: URIRef) -> str:
    rows = store.select('SELECT ?node ?label WHERE { ?node rdfs:label ?label FILTER (lang(?label) = "da") }', {"node": node}).rows
    return str(rows[0][1]) if rows else compact(node)


def _parents(store: Engine, node: URIRef) -> list[URIRef]:
    """The chain of parents, nearest first: a parent with more ancestors of its own is nearer."""
    found = {row[1] for row in store.select(_PARENTS_QUERY, {"node": node}).rows}
    depth = {parent: len(store.select(_PARENTS_QUERY, {"node": parent}).rows) for parent in found}
    return sorted(found, key=lambda parent: (-depth[parent], str(parent)))
