"""The tool's one term model is rdflib's; Oxigraph's terms are converted here, at the engine's edge."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.base.errors import QueryError


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def ntriples(term: Any) -> str:
    """An rdflib term in N-Triples syntax, written by Oxigraph (escaped: always one term)."""
    return str(to_oxigraph(term))


def iri(text: str, what: str) -> URIRef:
    """An IRI a user gave, checked by Oxigraph first (rdflib would take an IRI with a space and warn)."""
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise QueryError(f"{what} <{text}> is not a valid IRI: {error}") from error
    return URIRef(text)
