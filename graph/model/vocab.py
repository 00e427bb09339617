"""The project's vocabulary, declared once.

`HG` lists every term of the hoeringsgraf ontology (ontology/hoeringsgraf.ttl);
with ``_fail = True`` a misspelt term raises instead of minting a wrong IRI.
A test checks that this list and the ontology file declare the same terms.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .iris import HG_NS, ID_NS, ONTOLOGY_IRI_TEXT, ORG_ID_NS, ORGANISATIONS_GRAPH_IRI, memo_graph_iri

ID = Namespace(ID_NS)
ORG_ID = Namespace(ORG_ID_NS)
ONTOLOGY_IRI = URIRef(ONTOLOGY_IRI_TEXT)

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTYPES = Namespace("http://purl.org/dc/dcmitype/")
IBIS = Namespace("https://vocab.methodandstructure.com/ibis#")


class HG(DefinedNamespace):
    """Terms of https://w3id.org/hoeringsgraf/ontology#."""

    _NS = Namespace(HG_NS)
    _fail = True

    # classes
    Memo: URIRef
    Consultation: URIRef
    Submission: URIRef
    Stakeholder: URIRef
    Statement: URIRef
    Concern: URIRef
    Suggestion: URIRef
    Support: URIRef
    Response: URIRef
    Recommendation: URIRef
    Meeting: URIRef
    OrganisationalModel: URIRef
    StaffGroup: URIRef
    ExternalPartner: URIRef
    Citizen: URIRef
    Association: URIRef
    Company: URIRef
    PublicBody: URIRef
    Council: URIRef
    Subject: URIRef
    # the status scheme and its concepts
    StatusScheme: URIRef
    Resolved: URIRef
    Declined: URIRef
    Answered: URIRef
    Unanswered: URIRef
    # the administration's decisions
    NoChange: URIRef
    # properties
    reportsOn: URIRef
    sourceText: URIRef
    sha256: URIRef
    meeting: URIRef
    submittedBy: URIRef
    raisedBy: URIRef
    about: URIRef
    respondsTo: URIRef
    addresses: URIRef
    theme: URIRef
    status: URIRef
    quote: URIRef
    proposes: URIRef
    moves: URIRef
    movedFrom: URIRef
    movedTo: URIRef
    consideredModel: URIRef
    decision: URIRef
    kindCue: URIRef
    # derived when the graph is built, never typed by hand (graph/builder/rules: quote-text.ru, danish-label.ru)
    quoteText: URIRef
    danishLabel: URIRef


# what the build's rules derive (graph/builder/rules), each in the graph of the node it is said of
DERIVED = (HG.status, HG.quoteText, HG.danishLabel)

PREFIXES: dict[str, Namespace | str] = {
    "hg": HG._NS,
    "hgid": ID,
    "org": ORG,
    "oa": OA,
    "dcat": DCAT,
    "dctypes": DCTYPES,
    "ibis": IBIS,
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Give a graph the project's prefixes, so Turtle output reads well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(str(namespace)), override=True, replace=True)


def memo_base(memo_id: str) -> Namespace:
    """The namespace of one memo's own nodes (statements, remarks, ...)."""
    return Namespace(f"{ID}{memo_id}/")


def memo_graph(memo_id: str) -> URIRef:
    """The named graph that holds one memo."""
    return URIRef(memo_graph_iri(memo_id))


def memo_id_of(graph: str) -> str | None:
    """The memo whose named graph this is, or None for the organisations' graph and any other."""
    if graph == f"{ORG_ID}graph" or not (graph.startswith(str(ID)) and graph.endswith("/graph")):
        return None
    memo = graph[len(str(ID)) : -len("/graph")]
    return memo if memo and "/" not in memo else None


ORGANISATIONS_GRAPH = URIRef(ORGANISATIONS_GRAPH_IRI)
ONTOLOGY_GRAPH = ONTOLOGY_IRI
