"""The graph as RDF: round trips, the ontology, the shapes, and the commands that write it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from cli import app
from graph.builder.assemble import build_graph
from graph.builder.validation import violations
from graph.model.resources import ontology_file
from graph.model.vocab import HG, ID, ORG, memo_graph

from .conftest import DATA, MEMO_ID, MINIMAL, replace_once

HG_NS = str(HG._NS)


def test_the_memo_conforms_to_the_shapes(built) -> None:
    assert violations(built) == []


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_round_trip_is_isomorphic(memo_graph, fmt: str) -> None:
    text = memo_graph.serialize(format=fmt)
    assert isomorphic(Graph().parse(data=text, format=fmt), memo_graph)


def test_ontology_declares_exactly_the_vocabulary() -> None:
    ontology = Graph().parse(ontology_file())
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(HG_NS)}
    in_code = {HG_NS + name for name in HG.__annotations__}
    assert declared == in_code


def test_ontology_terms_have_labels_and_definitions() -> None:
    ontology = Graph().parse(ontology_file())
    for name in HG.__annotations__:
        term = URIRef(HG_NS + name)
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"da", "en"} <= languages, name
        assert ontology.value(term, SKOS.definition) is not None, name


def test_ontology_aligns_to_ibis() -> None:
    ontology = Graph().parse(ontology_file())
    ibis = "https://vocab.methodandstructure.com/ibis#"
    aligned = {s for s, o in ontology.subject_objects(SKOS.closeMatch) if str(o).startswith(ibis)}
    assert {HG.Concern, HG.Suggestion, HG.respondsTo} <= aligned
    assert (HG.raisedBy, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) in ontology
    assert (HG.Concern, RDFS.subClassOf, HG.Statement) in ontology
    assert (HG.Response, RDFS.subClassOf, HG.Statement) not in ontology
    assert (None, RDF.type, OWL.Ontology) in ontology


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        HG.raisedby  # noqa: B018


def test_each_memo_is_its_own_named_graph(built) -> None:
    names = {g.identifier for g in built.dataset.graphs() if len(g)}
    assert URIRef("https://w3id.org/hoeringsgraf/id/ishoej-2023/graph") in names
    memo = built.dataset.graph(URIRef("https://w3id.org/hoeringsgraf/id/ishoej-2023/graph"))
    assert (None, RDF.type, HG.Statement) in memo
    assert (URIRef("https://w3id.org/hoeringsgraf/id/org/ishoej/gadeplan"), RDFS.label, None) not in memo


def test_build_is_deterministic() -> None:
    first = build_graph(MINIMAL).union()
    second = build_graph(MINIMAL).union()
    assert isomorphic(first, second)


# --- the commands, in process ----------------------------------------------------

runner = CliRunner()


def _commands() -> list[list[str]]:
    from typer.main import get_command

    found: list[list[str]] = [[]]
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        found.append([name])
        found += [[name, sub] for sub in getattr(command, "commands", {})]
    return found


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "app")
def test_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_build_writes_what_it_says(tmp_path: Path, memo_graph) -> None:
    out = tmp_path / "build"
    result = runner.invoke(app, ["build", "--data", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "31 statements (15 concerns, 5 suggestions, 11 support)" in result.stderr
    for name in ("network.html", "reports.sqlite", "store"):
        assert f"wrote {out / name}" in result.stderr
    assert not list(out.glob(".*.tmp"))
    # the whole graph in each syntax is `export`'s (a rebuild after one memo changed would otherwise write every memo)
    for fmt, parse in (("ttl", "turtle"), ("jsonld", "json-ld"), ("trig", "trig")):
        target = tmp_path / f"all.{fmt}"
        assert runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "--data", str(DATA)]).exit_code == 0
        if fmt == "trig":
            assert len(list(Dataset().parse(target, format="trig").graphs())) >= 3
        else:
            exported = Graph().parse(target, format=parse)  # the data (no blank nodes) and the ontology
            assert len(memo_graph) > 1000 and all(triple in exported for triple in memo_graph)
    assert "@context" in json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))


def test_build_quiet(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--data", str(MINIMAL), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_validate_reports_conformance() -> None:
    result = runner.invoke(app, ["validate", "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stderr


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_includes_data_and_ontology(fmt: str, parser: str, memo_graph) -> None:
    result = runner.invoke(app, ["export", "--format", fmt, "--data", str(DATA)])
    assert result.exit_code == 0, result.stderr
    exported = Graph().parse(data=result.stdout_bytes, format=parser)
    assert (HG.Concern, RDF.type, OWL.Class) in exported
    assert len(exported) == len(memo_graph) + len(Graph().parse(ontology_file()))


def test_export_to_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.trig"
    result = runner.invoke(app, ["export", "--format", "trig", "-o", str(target), "--data", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert len(list(Dataset().parse(target, format="trig").graphs())) >= 3


def test_export_unknown_format() -> None:
    result = runner.invoke(app, ["export", "--format", "xml", "--data", str(MINIMAL)])
    assert result.exit_code == 2


# --- any memo: what the data model accepts and maps ------------------------------------------

TITLE = "Ny organisering af det tryghedsskabende og kriminalitetsforebyggende arbejde 2023"
MEMO = URIRef(f"{ID}{MEMO_ID}")
OWN = f"{ID}{MEMO_ID}/"  # the memo's own nodes
ORG_IRI = f"{ID}org/"


def _memo_file(data: Path) -> Path:
    return data / "memos" / MEMO_ID / "memo.yaml"


def _line_of(path: Path, text: str) -> int:
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line]
    assert len(lines) == 1, (text, lines)
    return lines[0]


def _start(graph: Graph, node: URIRef) -> int:
    rows = list(graph.query("SELECT ?start WHERE { ?node hg:quote/oa:hasSelector/oa:start ?start }", initBindings={"node": node}))
    assert len(rows) == 1, rows
    return int(rows[0][0])


def test_a_title_that_occurs_twice_is_quoted_with_its_occurrence(data_copy: Path) -> None:
    source = data_copy / "memos" / MEMO_ID / "source.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count(TITLE) == 1, "the memo gives its title once"
    source.write_text(text + TITLE + "\n", encoding="utf-8")  # the title again, as a footer would give it
    refused = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert refused.exit_code == 2, refused.output
    assert f"memo.yaml:{_line_of(_memo_file(data_copy), 'title: Ny')}, entry '{MEMO_ID}', field 'title': quote occurs 2 times" in refused.stderr
    original = _memo_file(data_copy).read_text(encoding="utf-8")
    for occurrence, start in ((1, text.find(TITLE)), (2, len(text))):
        _memo_file(data_copy).write_text(
            original.replace(f"title: {TITLE}\n", f"title:\n  text: {TITLE}\n  occurrence: {occurrence}\n"), encoding="utf-8"
        )
        built = build_graph(data_copy, with_ontology=False)
        graph = built.union()
        assert _start(graph, MEMO) == start
        assert Literal(TITLE, lang="da") in set(graph.objects(MEMO, URIRef("http://purl.org/dc/terms/title")))
        assert violations(built) == []


def _with_own_stakeholders(data: Path) -> None:
    """The memo with a citizen who answered (a row added to its text) and the police as its own public body."""
    source = data / "memos" / MEMO_ID / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "Borger, Ishøj Strandvej 12\tJeg er bekymret for trafikken ved stranden.\n",
                      encoding="utf-8")
    memo = _memo_file(data)
    replace_once(memo, "\nrespondents:\n", """
stakeholders:
  - id: borger-1
    type: citizen
    label: Borger, Ishøj Strandvej 12
    quote: Borger, Ishøj Strandvej 12
  - id: vestegns-politi
    type: public-body
    label: Vestegns Politi
    label_en: West Copenhagen Police

subjects:
  - id: trafik
    label: Trafik
    label_en: Traffic
    quote: trafikken

respondents:
""")
    replace_once(memo, "\nresponses:\n", """  - stakeholder: borger-1
    statements:
      - id: borger-1-1
        kind: concern
        label: Bekymring for trafikken
        about: [trafik]
        quote: Jeg er bekymret for trafikken ved stranden.

responses:
""")


def test_a_memos_own_stakeholders_and_subjects(data_copy: Path) -> None:
    _with_own_stakeholders(data_copy)
    built = build_graph(data_copy, with_ontology=False)
    assert violations(built) == [], "a concern about a subject alone is about something"
    graph = built.union()
    citizen, police, traffic = URIRef(OWN + "stakeholder/borger-1"), URIRef(OWN + "stakeholder/vestegns-politi"), URIRef(OWN + "subject/trafik")
    assert set(graph.objects(citizen, RDF.type)) == {HG.Citizen, HG.Stakeholder, FOAF.Person}
    assert list(graph.objects(citizen, RDFS.label)) == [Literal("Borger, Ishøj Strandvej 12", lang="da")], "named exactly as the memo names him"
    assert set(graph.objects(police, RDF.type)) == {HG.PublicBody, HG.Stakeholder, ORG.Organization}
    statement = URIRef(OWN + "statement/borger-1-1")
    assert graph.value(statement, HG.raisedBy) == citizen
    assert graph.value(statement, HG.about) == traffic
    assert set(graph.objects(traffic, RDF.type)) == {SKOS.Concept, HG.Subject}
    assert graph.value(traffic, SKOS.inScheme) == URIRef(OWN + "subjects")
    assert set(graph.objects(traffic, SKOS.prefLabel)) == {Literal("Trafik", lang="da"), Literal("Traffic", lang="en")}
    assert (URIRef(OWN + "subjects"), RDF.type, SKOS.ConceptScheme) in graph
    # a respondent's stakeholder is found among the memo's own first, then among the organisations
    assert graph.value(URIRef(OWN + "statement/politi-1"), HG.raisedBy) == police
    assert (URIRef(ORG_IRI + "vestegns-politi"), RDF.type, ORG.Organization) in graph
    # the memo's own stakeholders are in its graph, not in the shared organisations'
    memo_only = built.dataset.graph(memo_graph(MEMO_ID))
    assert (citizen, RDF.type, HG.Citizen) in memo_only


def test_a_concern_about_a_concept_that_is_no_subject_is_about_nothing(data_copy: Path) -> None:
    import pyoxigraph as ox

    _with_own_stakeholders(data_copy)
    built = build_graph(data_copy, with_ontology=False)
    built.store.remove(ox.Quad(ox.NamedNode(OWN + "subject/trafik"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(HG.Subject)),
                               ox.NamedNode(str(memo_graph(MEMO_ID)))))
    found = [(v.where.entry, v.where.field, v.severity, v.message) for v in violations(built)]
    assert found == [("borger-1-1", "about", "error", "needs at least one unit, organisation or subject it is about")]
    assert [(v.where.entry, v.severity) for v in violations(built, engine="pyshacl")] == [("borger-1-1", "error")]


@pytest.mark.parametrize("kind,cls", [("public-body", HG.PublicBody), ("association", HG.Association), ("company", HG.Company),
                                      ("council", HG.Council)])
def test_an_organisation_of_another_kind(data_copy: Path, kind: str, cls: URIRef) -> None:
    organisations = data_copy / "organisations.yaml"
    replace_once(organisations, "  - id: vestegns-politi\n    type: organisation\n", f"  - id: vestegns-politi\n    type: {kind}\n")
    built = build_graph(data_copy, with_ontology=False)
    assert violations(built) == []
    police = URIRef(ORG_IRI + "vestegns-politi")
    assert {cls, ORG.Organization, HG.Stakeholder} <= set(built.union().objects(police, RDF.type))


def test_a_statement_of_no_kind_yet_is_built_with_a_warning(data_copy: Path, tmp_path: Path) -> None:
    memo = _memo_file(data_copy)
    replace_once(memo, "      - id: politi-1\n        kind: support\n", "      - id: politi-1\n        kind: unknown\n        cue: opbakning\n")
    built = build_graph(data_copy, with_ontology=False)
    statement = URIRef(OWN + "statement/politi-1")
    graph = built.union()
    assert set(graph.objects(statement, RDF.type)) == {HG.Statement}
    assert graph.value(statement, HG.kindCue) == Literal("opbakning")
    assert [(v.severity, v.where.entry, v.where.field) for v in violations(built)] == [("warning", "politi-1", "kind")]
    out = tmp_path / "build"
    result = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    line = _line_of(memo, "kind: unknown")
    assert f"hoeringsgraf: warning: {memo}:{line}, entry 'politi-1', field 'kind': kind not decided" in result.stderr
    assert "(15 concerns, 5 suggestions, 10 support, 1 of no kind yet)" in result.stderr
    assert (out / "store").is_dir()


def test_a_consultation_with_no_period_is_built_with_warnings(data_copy: Path, tmp_path: Path) -> None:
    memo = _memo_file(data_copy)
    replace_once(memo, "  start: 2023-09-29\n  end: 2023-10-31\n", "")
    built = build_graph(data_copy, with_ontology=False)
    assert (None, URIRef("http://www.w3.org/ns/dcat#startDate"), None) not in built.union()
    result = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("hoeringsgraf: warning:")]
    assert len(warnings) == 2 and all("consultation period not given" in line for line in warnings), result.stderr
    checked = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert checked.exit_code == 0, checked.output
    assert "conforms: " in checked.stderr and "; 2 warning(s)" in checked.stderr


def test_a_decision_of_no_change_declines_what_no_recommendation_resolves(data_copy: Path, tmp_path: Path) -> None:
    memo = _memo_file(data_copy)
    for remark in ("r-sparring-og-samarbejde", "r-ledere-i-styregruppen"):
        replace_once(memo, f"  - id: {remark}\n", f"  - id: {remark}\n    decision: no-change\n")
    built = build_graph(data_copy, with_ontology=False)
    assert violations(built) == []
    graph = built.union()
    assert graph.value(URIRef(OWN + "response/r-sparring-og-samarbejde"), HG.decision) == HG.NoChange
    status = {name: graph.value(URIRef(OWN + f"statement/{name}"), HG.status) for name in ("gadeplan-1", "tkf-2", "tkf-3")}
    # gadeplan-1 is answered by that remark alone; tkf-2 and tkf-3 are also addressed by the recommendation
    assert status == {"gadeplan-1": HG.Declined, "tkf-2": HG.Resolved, "tkf-3": HG.Resolved}
    result = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    assert "statuses: answered 16, declined 1, resolved 3, unanswered 11" in result.stderr


def _move_to_draft(data: Path, unit: str) -> tuple[dict, Path]:
    import yaml

    organisations = yaml.safe_load((data / "organisations.yaml").read_text(encoding="utf-8"))
    (entry,) = [o for o in organisations["organisations"] if o["id"] == unit]
    organisations["organisations"].remove(entry)
    (data / "organisations.yaml").write_text(yaml.safe_dump(organisations, allow_unicode=True, sort_keys=False), encoding="utf-8")
    draft = data / "memos" / MEMO_ID / "organisations.draft.yaml"
    draft.write_text("# proposed by the ingest\n" + yaml.safe_dump({"organisations": [entry]}, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    return entry, draft


def test_units_the_ingest_proposed_are_the_memos_own_with_a_warning(data_copy: Path, tmp_path: Path) -> None:
    entry, draft = _move_to_draft(data_copy, "ishoej/straxen")
    result = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    assert (f"hoeringsgraf: warning: {draft}:3, entry 'ishoej/straxen': unit proposed by the ingest; "
            "move it to data/organisations.yaml") in result.stderr.splitlines()
    built = build_graph(data_copy, with_ontology=False)
    straxen = URIRef(ORG_IRI + "ishoej/straxen")
    assert (straxen, RDFS.label, Literal("StraXen", lang="da")) in built.dataset.graph(memo_graph(MEMO_ID))
    assert (straxen, None, None) not in built.dataset.graph(URIRef(ORG_IRI + "graph"))
    assert (URIRef(OWN + "statement/gadeplan-1"), HG.about, straxen) in built.union()
    assert violations(built) == []
    assert built.origins.where(straxen) is not None and built.origins.where(straxen).file == draft


def test_a_proposed_unit_already_in_the_organisations_is_an_error_naming_both_files(data_copy: Path) -> None:
    _, draft = _move_to_draft(data_copy, "ishoej/straxen")
    organisations = data_copy / "organisations.yaml"
    organisations.write_text(organisations.read_text(encoding="utf-8") + draft.read_text(encoding="utf-8").split("organisations:\n", 1)[1],
                             encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 2, result.output
    line = _line_of(organisations, "id: ishoej/straxen")
    assert (f"hoeringsgraf: error: {draft}:3, entry 'ishoej/straxen', field 'id': id 'ishoej/straxen' is also in "
            f"{organisations}:{line}") in result.stderr
