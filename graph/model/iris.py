"""The project's namespaces as plain strings, for the light paths (reports) that do not load rdflib.

graph.model.vocab builds rdflib namespaces and the declared ontology terms from these strings.
"""

from __future__ import annotations

BASE = "https://w3id.org/hoeringsgraf/"
HG_NS = BASE + "ontology#"
ID_NS = BASE + "id/"
ORG_ID_NS = ID_NS + "org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def memo_graph_iri(memo_id: str) -> str:
    """The named graph that holds one memo."""
    return f"{ID_NS}{memo_id}/graph"


ORGANISATIONS_GRAPH_IRI = ORG_ID_NS + "graph"
ONTOLOGY_IRI_TEXT = BASE + "ontology"
