# Derive each statement's status, in every memo's graph; never typed by hand.
#   hg:Resolved    a recommendation addresses the statement
#   hg:Declined    else, a remark of the administration with hg:decision hg:NoChange responds to it
#   hg:Answered    else, a remark of the administration responds to it
#   hg:Unanswered  else
PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>

INSERT { GRAPH ?memo { ?statement hg:status ?status } }
WHERE {
  GRAPH ?memo {
    ?statement a hg:Statement .
    BIND (
      IF(EXISTS { ?recommendation hg:addresses ?statement }, hg:Resolved,
        IF(EXISTS { ?decision hg:respondsTo ?statement ; hg:decision hg:NoChange }, hg:Declined,
          IF(EXISTS { ?response hg:respondsTo ?statement }, hg:Answered, hg:Unanswered)))
      AS ?status)
  }
}
