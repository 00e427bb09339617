"""Reports for case officers about one thing: a unit's dossier, a stakeholder's answers."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from graph.engine.interface import Engine
from graph.model.wording import DEFAULT_LANG, WORDS, word
from graph.queries.names import resolve_name
from graph.queries.params import select
from graph.queries.registry import canned

from .about import label_of, memo_lines, memos_of
from .formats import Report, Table


def unit_dossier(store: Engine, unit: str, lang: str = DEFAULT_LANG) -> Report:
    """Everything about one unit: where it sits, how the reorganisation changes it, what was said about it."""
    node = resolve_name(store, unit, "unit")
    label = label_of(store, node)
    parents = [[Literal(level), Literal(label_of(store, parent))] for level, parent in enumerate(_parents(store, node), start=1)]
    changes = []
    for row in select(store, canned()["reorganisation"]).dicts():
        if row["unit"] == node:
            how = f"change.{row['how']}"
            changes.append([Literal(word(how, lang)) if how in WORDS else row["how"], row["fromLabel"], row["toLabel"]])
        elif node in (row["to"], row["from"]):
            role = "report.unit.receives" if row["to"] == node else "report.unit.givesUp"
            changes.append([Literal(word(role, lang, label=row["unitLabel"])), row["fromLabel"], row["toLabel"]])
    said = select(store, canned()["about-unit"], {"unit": str(node)})
    return Report(
        word("report.unit", lang, label=label),
        [
            Table(["level", "partOf"], parents, title=word("report.unit.partOf", lang), key="part-of"),
            Table(["how", "from", "to"], changes, title=word("report.unit.changes", lang), key="changes"),
            Table(said.variables, said.rows, title=word("report.unit.said", lang, label=label, count=len(said)), hidden=("unit",),
                  key="statements"),
        ],
        about=memo_lines(memos_of(store), lang),
        main="statements",
    )


def stakeholder_report(store: Engine, stakeholder: str, lang: str = DEFAULT_LANG) -> Report:
    """What one stakeholder said, about which units, and what they got back."""
    node = resolve_name(store, stakeholder, "stakeholder")
    label = label_of(store, node)
    said = select(store, canned()["by-stakeholder"], {"stakeholder": str(node)})
    counts: dict[str, int] = defaultdict(int)
    for row in said.dicts():
        counts[str(row["status"])] += 1
    summary = Table(["status", "statements"], [[URIRef(k), Literal(v)] for k, v in sorted(counts.items())],
                    title=word("report.stakeholder.statuses", lang), key="statuses")
    return Report(
        word("report.stakeholder", lang, label=label),
        [summary, Table(said.variables, said.rows, title=word("report.stakeholder.said", lang, label=label), hidden=("stakeholder",),
                        key="statements")],
        about=memo_lines(memos_of(store), lang),
        main="statements",
    )


_PARENTS_QUERY = """
SELECT ?node ?parent WHERE { ?node (org:subOrganizationOf|org:memberOf|org:postIn)+ ?parent . }"""


def _parents(store: Engine, node: URIRef) -> list[URIRef]:
    """The chain of parents, nearest first: a parent with more ancestors of its own is nearer."""
    found = {row[1] for row in store.select(_PARENTS_QUERY, {"node": node}).rows}
    depth = {parent: len(store.select(_PARENTS_QUERY, {"node": parent}).rows) for parent in found}
    return sorted(found, key=lambda parent: (-depth[parent], str(parent)))
