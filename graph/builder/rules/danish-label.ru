# Derive each node's Danish label, in every memo's graph and the shared organisations'; never typed by hand.
#   ?node hg:danishLabel ?label   for each rdfs:label of the node in Danish (@da): the same literal
# One pattern for rdfs:label with FILTER (lang(?label) = "da"): Oxigraph reads a label's text from the store to
# test its language (on 1,000 generated memos, every Danish label so took 0.27 s, this pattern 0.04 s; a few µs
# for each label a query looks up). The ontology's own labels (its graph is added after the rules) get none.
# Any query may use it; the canned queries about-unit, by-stakeholder, concerns-by-theme, contested-units,
# shared-concerns, statements, unanswered and unresolved-by-unit do.
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH ?graph { ?node hg:danishLabel ?label } }
WHERE {
  GRAPH ?graph {
    ?node rdfs:label ?label .
    FILTER (lang(?label) = "da")
  }
}
