"""The one interface every engine offers: the embedded Oxigraph store, a remote SPARQL endpoint, or a wrapper.

Queries are read-only; parameters are bindings of rdflib terms (graph.engine.bind writes them into the
query). Answers are in the tool's term model (graph.engine.results).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from rdflib import Graph

from .results import Rows


class Engine(Protocol):
    def select(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows:
        """A SELECT query's rows."""
        ...

    def answer(self, text: str, bindings: Mapping[str, Any] | None = None, name: str = "query") -> Rows | bool | Graph:
        """Rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""
        ...
