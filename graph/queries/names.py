"""Finding a unit, stakeholder or theme from what a user types: a label, an id or an IRI."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

from rdflib import Graph, URIRef

from graph.base.errors import UsageError
from graph.engine.interface import Engine
from graph.engine.terms import iri
from graph.model.vocab import ID

# Which nodes each kind of name may denote, and their labels (rdfs:label and skos:altLabel, any language).
_CANDIDATES = {
    "unit": """
        SELECT DISTINCT ?node ?label ?rank WHERE {
          VALUES ?class { org:Organization org:OrganizationalUnit hg:StaffGroup org:Post hg:OrganisationalModel hg:Subject }
          ?node a ?class .
          { ?node rdfs:label ?label BIND(0 AS ?rank) } UNION { ?node skos:altLabel ?label BIND(2 AS ?rank) }
        }""",
    "stakeholder": """
        SELECT DISTINCT ?node ?label ?rank WHERE {
          ?node a hg:Stakeholder .
          { ?node rdfs:label ?label BIND(0 AS ?rank) } UNION { ?node skos:altLabel ?label BIND(2 AS ?rank) }
        }""",
    "theme": """
        SELECT DISTINCT ?node ?label ?rank WHERE {
          ?statement hg:theme ?node .
          { ?node rdfs:label ?label BIND(0 AS ?rank) } UNION { ?node skos:prefLabel ?label BIND(2 AS ?rank) }
        }""",
    "statement": """
        SELECT DISTINCT ?node ?label ?rank WHERE {
          VALUES ?class { hg:Statement hg:Response hg:Recommendation }
          ?node a ?class ; rdfs:label ?label . BIND(0 AS ?rank)
        }""",
    "memo": """
        SELECT DISTINCT ?node ?label ?rank WHERE {
          ?node a hg:Memo ; rdfs:label ?label . BIND(0 AS ?rank)
        }""",
}
KINDS = tuple(_CANDIDATES)
_PREFIXES = """
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _fold(text: str) -> str:
    """Case-insensitive, whitespace-normalised form; Danish letters are kept as letters."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def candidates(graph: Graph | Engine, kind: str, node: URIRef | None = None) -> dict[URIRef, list[str]]:
    """Every node a name of this kind may denote (or only `node`, if it is one), with its labels, a Danish one first."""
    ranked: dict[URIRef, list[tuple[int, str]]] = {}
    text = _PREFIXES + _CANDIDATES[kind]
    bound = {"node": node} if node is not None else {}
    rows = graph.select(text, bound).rows if hasattr(graph, "select") else graph.query(text, initBindings=bound)
    for row in rows:
        found, label, rank = row  # type: ignore[misc]
        # the Danish rdfs:label first, then other labels, then alternative names
        order = int(str(rank)) + (0 if getattr(label, "language", None) == "da" else 1)
        ranked.setdefault(URIRef(str(found)), []).append((order, str(label)))
    return {node: [label for _, label in sorted(labels)] for node, labels in ranked.items()}


def _id_of(node: URIRef) -> str:
    """The data id of a node: 'ishoej/gadeplan' for …/id/org/ishoej/gadeplan, 'tkf-2' for …/statement/tkf-2."""
    text = str(node)
    if text.startswith(f"{ID}org/"):
        return text[len(f"{ID}org/") :]
    if text.startswith(str(ID)):
        return text[len(str(ID)) :]
    return text


def _describe(node: URIRef, labels: list[str]) -> str:
    return f"{labels[0] if labels else node} <{node}>"


def resolve(text: str, found: Mapping[URIRef, list[str]], kind: str) -> URIRef:
    """The one node `text` names: an IRI, an id, or a label (case-insensitive); else a UsageError listing candidates."""
    wanted = _fold(text)
    if not wanted:
        raise UsageError(f"an empty {kind} name")
    if text.startswith(("http://", "https://")):
        if URIRef(text) in found:
            return URIRef(text)
        raise UsageError(f"no {kind} has the IRI <{text}>")
    tiers = [
        [n for n, labels in found.items() if any(_fold(label) == wanted for label in labels)],
        [n for n in found if _fold(_id_of(n)) == wanted or _fold(_id_of(n)).rsplit("/", 1)[-1] == wanted],
        [n for n, labels in found.items() if any(wanted in _fold(label) for label in labels)],
    ]
    for matches in tiers:
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(sorted(_describe(n, found[n]) for n in matches))
            raise UsageError(f"the {kind} '{text}' is ambiguous: it could be {listed}")
    every = {_fold(label): n for n, labels in found.items() for label in labels}
    close = list(dict.fromkeys(every[name] for name in difflib.get_close_matches(wanted, list(every), n=10, cutoff=0.6)))
    if close:
        listed = "; ".join(_describe(node, found[node]) for node in close[:5])
        raise UsageError(f"no {kind} is called '{text}'; did you mean {listed}?")
    listed = ", ".join(sorted(found[n][0] for n in found if found[n]))
    raise UsageError(f"no {kind} is called '{text}'; the {kind}s are: {listed}")


def resolve_name(graph: Graph | Engine, text: str, kind: str) -> URIRef:
    """Resolve a user-typed name of a unit, stakeholder, theme or memo in `graph`."""
    if text.startswith(("http://", "https://")):  # an IRI: ask for that node alone, not for every candidate
        return resolve(text, candidates(graph, kind, iri(text, f"the {kind}")), kind)
    return resolve(text, candidates(graph, kind), kind)
