"""hoeringsgraf: a consultation memo (høringsnotat) as an RDF knowledge graph."""

__version__ = "0.1.0"
