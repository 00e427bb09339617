"""How each kind of node, link and status is drawn on the pages, and what it is called in the page's language.

A kind's colour and shape are here; its name is the ontology's label of its term where the vocabulary has one
(hg:Statement → "Udsagn", hg:Unanswered → "Ubesvaret", read by graph.model.wording.vocab_label), else the word
`view.<group>.<name>` of graph/model/wording.py, and its help is always the word `view.<group>.<name>.help`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.model.vocab import HG
from graph.model.wording import DEFAULT_LANG, WORDS, Lang, vocab_label, word


@dataclass(frozen=True)
class Kind:
    """How one kind of node or link, or one status, is drawn."""

    color: str
    shape: str = ""  # nodes only: a vis-network shape
    dashes: bool = False  # links only
    width: float = 1.5  # links only
    term: str | None = None  # the ontology term whose label names it


# Node kinds, in the order a node is classified: a stakeholder that is also a unit is a stakeholder.
KINDS: dict[str, Kind] = {
    "statement": Kind("#9aa3ad", "dot", term=HG.Statement),
    "remark": Kind("#8c564b", "triangle", term=HG.Response),
    "recommendation": Kind("#d45fb0", "square", term=HG.Recommendation),
    "theme": Kind("#7d7d7d", "box"),
    "subject": Kind("#6b8e23", "ellipse", term=HG.Subject),
    "stakeholder": Kind("#7b4fb0", "star", term=HG.Stakeholder),
    "model": Kind("#17a2b8", "triangleDown", term=HG.OrganisationalModel),
    "unit": Kind("#1f6fb4", "diamond"),
    "organisation": Kind("#2c3e50", "hexagon"),
}
# The aggregated page of many memos draws memos too.
AGGREGATE_KINDS: dict[str, Kind] = {
    "memo": Kind("#9c755f", "square", term=HG.Memo),
    "stakeholder": KINDS["stakeholder"],
    "unit": KINDS["unit"],
}
# Statements are coloured by their derived status (graph/builder/rules/status.ru), in this order everywhere.
STATUSES: dict[str, Kind] = {
    "unanswered": Kind("#d62728", term=HG.Unanswered),
    "answered": Kind("#f0a020", term=HG.Answered),
    "declined": Kind("#7f7f7f", term=HG.Declined),
    "resolved": Kind("#2ca02c", term=HG.Resolved),
}
UNRESOLVED = ("unanswered", "answered", "declined")  # every status but resolved: what no recommendation addresses
STATUS_CHOICES = ("resolved", "declined", "answered", "unanswered", "unresolved")  # unresolved: any of UNRESOLVED
EDGE_KINDS: dict[str, Kind] = {
    "raised-by": Kind("#7b4fb0"),
    "about": Kind("#1f6fb4"),
    "responds-to": Kind("#8c564b"),
    "addresses": Kind("#d45fb0", width=2.5),
    "theme": Kind("#9a9a9a", dashes=True, width=1),
    "part-of": Kind("#b8b8b8", dashes=True, width=1),
    "moves": Kind("#111111", dashes=True, width=3),
}
# The aggregated page's links: their colour is the status most of their statements have.
AGGREGATE_EDGE_KINDS: dict[str, Kind] = {
    "responded": Kind("#9c755f", width=1),
    "said-about": Kind("#1f6fb4"),
}
# A statement's type, named by its class in the ontology.
TYPES: dict[str, str] = {"concern": HG.Concern, "suggestion": HG.Suggestion, "support": HG.Support}


def _name(term: str | None, key: str, lang: Lang | str) -> str:
    found = vocab_label(str(term), lang) if term else None
    return found if found is not None else word(key, lang)


def named(kinds: Mapping[str, Kind], group: str, lang: Lang | str = DEFAULT_LANG) -> dict[str, dict[str, Any]]:
    """Each kind as the pages' scripts read it: its colour and shape, and its label and help in `lang`."""
    return {
        name: {
            "label": _name(kind.term, f"view.{group}.{name}", lang),
            "help": word(f"view.{group}.{name}.help", lang),
            "color": kind.color,
            "shape": kind.shape,
            "dashes": kind.dashes,
            "width": kind.width,
        }
        for name, kind in kinds.items()
    }


def type_labels(lang: Lang | str = DEFAULT_LANG) -> dict[str, str]:
    """Each statement type's name in `lang` (hg:Concern → "Bekymring")."""
    return {name: _name(term, f"view.type.{name}", lang) for name, term in TYPES.items()}


def page_words(lang: Lang | str = DEFAULT_LANG) -> dict[str, str]:
    """Every word of the pages (the keys `view.…` of graph/model/wording.py, without the prefix), in `lang`;
    the script fills in their {placeholders}."""
    return {key[len("view.") :]: word(key, lang) for key in WORDS if key.startswith("view.")}
