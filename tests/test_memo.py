"""Facts about Ishøj's memo, asserted against the memo's own text.

Where a figure is written here, the comment says where in the memo it is read;
everything else is computed from the source text (shared/memo/, copied to
data/memos/ishoej-2023/source.txt) independently of the curated data.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.model.vocab import HG, OA, ORG_ID, memo_base

from .conftest import MEMO_DIR, REPO

BASE = memo_base("ishoej-2023")
SHARED_MEMO = REPO.parent / "shared" / "memo" / "003_eb330104a7def519.txt"

# The cue words of the glossary (shared/GLOSSARY.md, "Kinds of statement").
CUES = {
    HG.Concern: ("bekymring", "undren", "uklarhed", "uklare", "usikkerhed"),
    HG.Suggestion: ("forslag", "foreslås", "ønske", "anbefal", "det er vigtigt", "gøres opmærksom"),
    HG.Support: ("opbakning", "tilfredshed", "fordele ved"),
}
KINDS = (HG.Concern, HG.Suggestion, HG.Support)


def bullets(text: str) -> list[str]:
    """Every bullet of the table, read from the source text's '- ' list items."""
    pattern = r"(?:(?<=[\s>.])|^)- (?!\|)(.+?)(?=(?<=[\s.])- |\s*</?(?:ul|p)[ >]|\t|\n|\s*\|\s*\||$)"
    return [match.group(1).strip() for match in re.finditer(pattern, text, flags=re.M)]


def row_paragraphs(text: str, respondent: str) -> list[str]:
    """The prose paragraphs of one respondent's answer (the table's second column)."""
    for line in text.splitlines():
        cells = line.split("\t")
        if re.sub("<[^>]+>", "", cells[0]).strip() == respondent:
            return re.findall(r"<p>(.*?)</p>", cells[1])
    raise AssertionError(f"no row for {respondent}")


def quote_of(graph, node) -> str:
    resource = graph.value(node, HG.quote)
    selector = next(s for s in graph.objects(resource, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)
    return str(graph.value(selector, OA.exact))


def kind_of(graph, node) -> URIRef:
    (kind,) = [k for k in KINDS if (node, RDF.type, k) in graph]
    return kind


def label_da(graph, node) -> str:
    (label,) = [label for label in graph.objects(node, RDFS.label) if label.language == "da"]
    return str(label)


def statements(graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, HG.Statement))


def test_source_is_the_shared_memo_byte_for_byte(source_text: str) -> None:
    if not SHARED_MEMO.exists():
        pytest.skip("shared/memo is not beside this checkout")
    assert (MEMO_DIR / "source.txt").read_bytes() == SHARED_MEMO.read_bytes()


def test_one_statement_per_bullet(memo_graph, source_text: str) -> None:
    found = bullets(source_text)
    assert len(found) >= 25, "the bullet reader still reads the memo"
    quotes = Counter(quote_of(memo_graph, s) for s in statements(memo_graph))
    for bullet in found:
        assert quotes[bullet] == 1, f"bullet not quoted exactly once by a statement: {bullet[:60]}"


def test_one_statement_per_paragraph_of_prose(memo_graph, source_text: str) -> None:
    quotes = {quote_of(memo_graph, s) for s in statements(memo_graph)}
    for respondent in ("Lokal MED Ishøj Ungdom", "Bestyrelsen for Ishøj Ungdom"):
        paragraphs = row_paragraphs(source_text, respondent)
        assert paragraphs
        for paragraph in paragraphs:
            assert paragraph in quotes, paragraph[:60]


def test_every_statement_is_a_bullet_or_a_paragraph(memo_graph, source_text: str) -> None:
    prose = row_paragraphs(source_text, "Lokal MED Ishøj Ungdom") + row_paragraphs(source_text, "Bestyrelsen for Ishøj Ungdom")
    units = set(bullets(source_text)) | set(prose)
    for statement in statements(memo_graph):
        assert quote_of(memo_graph, statement) in units, statement


def test_kinds_follow_the_glossarys_cue_words(memo_graph, source_text: str) -> None:
    """A statement's kind is the kind of the cue word in its words, or in the lead-in it stands under."""
    support_list = source_text.index("Der er opbakning til:</p>")
    for statement in statements(memo_graph):
        quote = re.sub("<[^>]+>", "", quote_of(memo_graph, statement)).lower()
        cued = {kind for kind, cues in CUES.items() if any(quote.startswith(cue) or f" {cue}" in quote[:60] for cue in cues)}
        start = source_text.index(quote_of(memo_graph, statement))
        if not cued and start > support_list and start < source_text.index("Fordele ved model 1"):
            cued = {HG.Support}  # the police's bullets under "Der er opbakning til:"
        assert cued == {kind_of(memo_graph, statement)}, (statement, cued)


def test_each_statement_stands_under_its_respondent(built, memo_graph) -> None:
    """The respondent named last before a statement's words in the table is the one who raised it."""
    starts = []
    for submission in memo_graph.subjects(RDF.type, HG.Submission):
        resource = memo_graph.value(submission, HG.quote)
        if resource is None:
            continue
        position = next(s for s in memo_graph.objects(resource, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in memo_graph)
        starts.append((int(memo_graph.value(position, OA.start)), memo_graph.value(submission, HG.submittedBy)))
    starts.sort()
    assert len(starts) == 7
    for statement in statements(memo_graph):
        resource = memo_graph.value(statement, HG.quote)
        position = next(s for s in memo_graph.objects(resource, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in memo_graph)
        at = int(memo_graph.value(position, OA.start))
        before = [stakeholder for start, stakeholder in starts if start < at]
        assert before and before[-1] == memo_graph.value(statement, HG.raisedBy), statement


# Counts read in the memo's table, respondent by respondent (bullets and prose paragraphs).
EXPECTED_KINDS = {
    "ishoej/lokal-med-cbf": {HG.Concern: 4},  # uklarhed, bekymring, undren, usikkerhed
    "ishoej/gadeplan": {HG.Concern: 2},  # bekymring, uklarhed
    "ishoej/kriminalpraeventive-konsulenter-og-leder": {HG.Concern: 8},  # five themed headings, eight bullets
    "ishoej/lokal-med-ishoej-ungdom": {HG.Support: 1},  # one paragraph of opbakning
    "ishoej/bestyrelsen-for-ishoej-ungdom": {HG.Support: 1, HG.Suggestion: 1},  # opbakning; foreslås
    "ishoej/helhedsplan-vejleaaparken": {HG.Support: 2, HG.Suggestion: 4},  # opbakning, tilfredshed; ønske, vigtigt, anbefales, opmærksom
    "vestegns-politi": {HG.Support: 7, HG.Concern: 1},  # five under "opbakning til", two "fordele ved"; "bekymringen"
}


@pytest.mark.parametrize("stakeholder", sorted(EXPECTED_KINDS), ids=lambda s: s.split("/")[-1])
def test_counts_per_respondent(memo_graph, stakeholder: str) -> None:
    node = URIRef(f"{ORG_ID}{stakeholder}")
    counted = Counter(kind_of(memo_graph, s) for s in memo_graph.subjects(HG.raisedBy, node))
    assert counted == Counter(EXPECTED_KINDS[stakeholder])


def test_seven_respondents(memo_graph) -> None:
    assert len(set(memo_graph.objects(None, HG.raisedBy))) == 7
    assert len(set(memo_graph.subjects(RDF.type, HG.Stakeholder))) == 7


def test_five_themes_are_the_consultants_headings(memo_graph, source_text: str) -> None:
    headings = re.findall(r"<u>(.*?)</u>", source_text)
    themes = {label_da(memo_graph, t) for t in set(memo_graph.objects(None, HG.theme))} | {
        label_da(memo_graph, t) for t in memo_graph.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept"))
    }
    assert sorted(themes) == sorted(headings)
    assert len(headings) == 5
    consultants = URIRef(f"{ORG_ID}ishoej/kriminalpraeventive-konsulenter-og-leder")
    for statement in memo_graph.subjects(HG.raisedBy, consultants):
        theme = memo_graph.value(statement, HG.theme)
        heading_before = [h for h in headings if source_text.index(f"<u>{h}</u>") < source_text.index(quote_of(memo_graph, statement))][-1]
        assert label_da(memo_graph, theme) == heading_before, statement


def test_every_remark_paragraph_is_a_response(memo_graph, source_text: str) -> None:
    """Each paragraph in the remarks column is quoted by a response (one split by a page break, twice)."""
    responses = list(memo_graph.subjects(RDF.type, HG.Response))
    quoted = set()
    for response in responses:
        for resource in memo_graph.objects(response, HG.quote):
            for selector in memo_graph.objects(resource, OA.hasSelector):
                if (selector, RDF.type, OA.TextQuoteSelector) in memo_graph:
                    quoted.add(str(memo_graph.value(selector, OA.exact)))
    for line in source_text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 3:
            for paragraph in re.findall(r"<p>(.*?)</p>", cells[2]):
                assert paragraph in quoted, paragraph[:60]
    assert all(any(memo_graph.objects(r, HG.respondsTo)) for r in responses)


def _positions(graph, node) -> list[int]:
    found = []
    for resource in graph.objects(node, HG.quote):
        for selector in graph.objects(resource, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                found.append(int(graph.value(selector, OA.start)))
    return sorted(found)


def test_the_recommendation_given_twice_is_one(memo_graph, source_text: str) -> None:
    (recommendation,) = memo_graph.subjects(RDF.type, HG.Recommendation)
    addressed = {str(s).rsplit("/", 1)[-1] for s in memo_graph.objects(recommendation, HG.addresses)}
    # named by the remark "Som følge af bemærkning om øget bureaukrati ..." and the board's proposal
    assert addressed == {"tkf-2", "tkf-3", "bestyrelse-iu-2"}
    text = "Ledere af Ishøj Ungdom og Tryghed og Kriminalitetsforebyggelse tilknyttes styregruppen"
    fourth_column = [
        m.start()
        for m in re.finditer(re.escape(text), source_text)
        if source_text.count("\t", source_text.rfind("\n", 0, m.start()), m.start()) == 3  # after the row's third tab
    ]
    assert len(fourth_column) == 2
    assert _positions(memo_graph, recommendation) == fourth_column
    second = fourth_column[1] + len(text)
    assert "samme indstilling som ovenfor" in source_text[second : second + 40]


def test_the_steering_group_memberships(memo_graph) -> None:
    (recommendation,) = memo_graph.subjects(RDF.type, HG.Recommendation)
    members = {memo_graph.value(m, URIRef("http://www.w3.org/ns/org#member")) for m in memo_graph.objects(recommendation, HG.proposes)}
    assert members == {URIRef(f"{ORG_ID}ishoej/leder-af-ishoej-ungdom"), URIRef(f"{ORG_ID}ishoej/leder-af-tryghed-og-kriminalitetsforebyggelse")}


def test_statuses_follow_the_rule(memo_graph) -> None:
    for statement in statements(memo_graph):
        if any(memo_graph.subjects(HG.addresses, statement)):
            expected = HG.Resolved
        elif any(memo_graph.subjects(HG.respondsTo, statement)):
            expected = HG.Answered
        else:
            expected = HG.Unanswered
        assert list(memo_graph.objects(statement, HG.status)) == [expected], statement


def test_quote_texts_follow_the_rule(memo_graph) -> None:
    """hg:quoteText (quote-text.ru): on each quoted node, the exact words of each of its quotes, and on no other node."""
    quoted = set(memo_graph.subjects(HG.quote, None))
    assert len(quoted) > 60
    for node in quoted:
        selectors = (s for quote in memo_graph.objects(node, HG.quote) for s in memo_graph.objects(quote, OA.hasSelector))
        expected = {memo_graph.value(selector, OA.exact) for selector in selectors} - {None}
        assert set(memo_graph.objects(node, HG.quoteText)) == expected and expected, node
    assert set(memo_graph.subjects(HG.quoteText, None)) == quoted


def test_danish_labels_follow_the_rule(memo_graph) -> None:
    """hg:danishLabel (danish-label.ru): each node's rdfs:label in Danish, the same literals; none for other languages."""
    labelled = set(memo_graph.subjects(RDFS.label, None))
    for node in labelled:
        expected = {label for label in memo_graph.objects(node, RDFS.label) if isinstance(label, Literal) and label.language == "da"}
        assert set(memo_graph.objects(node, HG.danishLabel)) == expected, node
    assert set(memo_graph.subjects(HG.danishLabel, None)) <= labelled
    assert any(label.language == "en" for label in memo_graph.objects(None, RDFS.label))  # there is an English one to leave out


def test_derived_triples_are_in_the_graph_they_are_derived_in(built) -> None:
    """Each derived triple is in the named graph of the triples it comes from (a memo's, or the shared organisations')."""
    from graph.model.vocab import PREFIXES

    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    misplaced = """ASK {
      { GRAPH ?g { ?node hg:quoteText ?text } FILTER NOT EXISTS { GRAPH ?g { ?node hg:quote/oa:hasSelector/oa:exact ?text } } }
      UNION
      { GRAPH ?g { ?node hg:danishLabel ?label } FILTER NOT EXISTS { GRAPH ?g { ?node rdfs:label ?label } } }
    }"""
    assert not bool(built.store.query(misplaced, prefixes=prefixes))
    counted = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?node hg:danishLabel ?label } }"
    assert int(next(iter(built.store.query(counted, prefixes=prefixes)))[0].value) > 50  # 92 in the bundled data


def test_status_counts(memo_graph) -> None:
    statuses = Counter(memo_graph.value(s, HG.status) for s in statements(memo_graph))
    # resolved: tkf-2, tkf-3, bestyrelse-iu-2; unanswered: the bullets beside an empty remark cell and support not remarked on
    assert statuses[HG.Resolved] == 3
    assert sum(statuses.values()) == 31


def test_every_quote_is_at_its_offsets(memo_graph, source_text: str) -> None:
    resources = set(memo_graph.subjects(RDF.type, OA.SpecificResource))
    assert len(resources) > 60
    for resource in resources:
        selectors = {memo_graph.value(s, RDF.type): s for s in memo_graph.objects(resource, OA.hasSelector)}
        exact = str(memo_graph.value(selectors[OA.TextQuoteSelector], OA.exact))
        start = int(memo_graph.value(selectors[OA.TextPositionSelector], OA.start))
        end = int(memo_graph.value(selectors[OA.TextPositionSelector], OA.end))
        assert source_text[start:end] == exact
        prefix = str(memo_graph.value(selectors[OA.TextQuoteSelector], OA.prefix))
        suffix = str(memo_graph.value(selectors[OA.TextQuoteSelector], OA.suffix))
        assert source_text[:start].endswith(prefix) and source_text[end:].startswith(suffix)


def test_every_statement_response_and_recommendation_is_quoted_and_from_the_memo(memo_graph) -> None:
    memo = URIRef(str(BASE).rstrip("/"))
    for cls in (HG.Statement, HG.Response, HG.Recommendation):
        nodes = list(memo_graph.subjects(RDF.type, cls))
        assert nodes
        for node in nodes:
            assert (node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), memo) in memo_graph
            assert memo_graph.value(node, HG.quote) is not None


def test_memo_metadata(memo_graph) -> None:
    memo = URIRef(str(BASE).rstrip("/"))
    dcterms = "http://purl.org/dc/terms/"
    dcat = "http://www.w3.org/ns/dcat#"
    assert memo_graph.value(memo, URIRef(dcterms + "publisher")) == URIRef(f"{ORG_ID}ishoej/center-for-ledelse-og-strategi")
    consultation = memo_graph.value(memo, HG.reportsOn)
    assert memo_graph.value(consultation, URIRef(dcat + "startDate")) == Literal("2023-09-29", datatype=XSD.date)
    assert memo_graph.value(consultation, URIRef(dcat + "endDate")) == Literal("2023-10-31", datatype=XSD.date)
    dates = sorted(str(memo_graph.value(m, URIRef(dcterms + "date"))) for m in memo_graph.objects(consultation, HG.meeting))
    assert dates == ["2023-11-01", "2023-12-13"]


def test_the_reorganisation_moves_gadeplan_from_cbf_to_ishoej_ungdom(memo_graph) -> None:
    (change,) = memo_graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#ChangeEvent"))
    assert URIRef(f"{ORG_ID}ishoej/gadeplan") in set(memo_graph.objects(change, HG.moves))
    assert memo_graph.value(change, HG.movedFrom) == URIRef(f"{ORG_ID}ishoej/cbf")
    assert memo_graph.value(change, HG.movedTo) == URIRef(f"{ORG_ID}ishoej/ishoej-ungdom")
    assert {label_da(memo_graph, m) for m in memo_graph.objects(change, HG.consideredModel)} == {"Model 1", "Model 2"}


def test_every_node_has_a_danish_label(built) -> None:
    graph = built.union()
    typed = {s for s in graph.subjects(RDF.type, None) if not str(graph.value(s, RDF.type)).startswith(str(OA))}
    for node in typed:
        labels = [label for label in graph.objects(node, RDFS.label) if isinstance(label, Literal) and label.language == "da"]
        assert labels, node


def test_shared_units_do_not_depend_on_the_memo(memo_graph) -> None:
    for node in (URIRef(f"{ORG_ID}ishoej/ishoej-ungdom"), URIRef(f"{ORG_ID}vestegns-politi")):
        assert (node, RDFS.label, None) in memo_graph
        assert "ishoej-2023" not in str(node)
