# Derive each quoted node's words, in every memo's graph and the shared organisations'; never typed by hand.
#   ?node hg:quoteText ?exact   for each quote of the node: the oa:exact of its oa:TextQuoteSelector (one triple per distinct text)
# The words the path hg:quote/oa:hasSelector/oa:exact gives, in one pattern: Oxigraph looks each pattern of a path
# up once for every row it has (on 1,000 generated memos, the path for every quote took 2.9 s, this pattern 0.03 s).
# Any query may use it; the canned queries about-unit, by-stakeholder and unresolved-by-unit do (a statement's
# quote, the words of the remarks that answer it).
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>

INSERT { GRAPH ?graph { ?node hg:quoteText ?exact } }
WHERE {
  GRAPH ?graph {
    ?node hg:quote ?quote .
    ?quote oa:hasSelector ?selector .
    ?selector oa:exact ?exact .
  }
}
