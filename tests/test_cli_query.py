"""The query, queries and report commands, in process: formats, read-only, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from cli import app

from .conftest import DATA

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--data", str(DATA)], env={"COLUMNS": "400"})


def test_json_is_sparql_results_json() -> None:
    result = invoke("query", "unresolved-by-unit", "--param", "unit=Gadeplan", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert "statement" in doc["head"]["vars"]
    binding = doc["results"]["bindings"][0]
    assert binding["statement"]["type"] == "uri"
    assert binding["label"] == {"type": "literal", "value": binding["label"]["value"], "xml:lang": "da"}


def test_csv_has_a_header_and_full_iris() -> None:
    result = invoke("query", "statements", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 31
    assert table[0]["statement"].startswith("https://w3id.org/hoeringsgraf/id/ishoej-2023/statement/")


def test_tsv_writes_terms_in_turtle_syntax() -> None:
    result = invoke("query", "dates", "--format", "tsv")
    assert result.exit_code == 0, result.output
    header, first, *_ = result.stdout.splitlines()
    assert header.split("\t")[0] == "?date"
    assert first.split("\t")[0] == '"2023-09-29"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_markdown_table() -> None:
    result = invoke("query", "dates", "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].startswith("| date |") and lines[3].startswith("| --- |")
    assert "| 2023-12-13 |" in result.stdout


def test_terminal_table_shows_labels() -> None:
    result = invoke("query", "about-unit", "-p", "unit=StraXen")
    assert result.exit_code == 0, result.output
    assert "Lokal MED Center for Børn og Forebyggelse" in result.stdout
    assert "2 row(s)" in result.stdout


def test_query_from_file_and_expression(tmp_path: Path) -> None:
    file = tmp_path / "mine.rq"
    file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a hg:Concern }", encoding="utf-8")
    from_file = invoke("query", str(file), "-f", "csv")
    from_expression = invoke("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a hg:Concern }", "-f", "csv")
    assert from_file.stdout_bytes == from_expression.stdout_bytes == b"n\r\n15\r\n"


def test_parameters_of_an_ad_hoc_query_are_bound_by_the_engine() -> None:
    query = "SELECT ?s ?who WHERE { ?s hg:raisedBy ?who }"
    result = invoke("query", "-e", query, "-p", "who=https://w3id.org/hoeringsgraf/id/org/ishoej/gadeplan", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


def test_an_ad_hoc_parameter_need_not_be_selected() -> None:
    query = "SELECT ?s WHERE { ?s hg:raisedBy ?who }"
    result = invoke("query", "-e", query, "-p", "who=https://w3id.org/hoeringsgraf/id/org/ishoej/gadeplan", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT ?s ?label WHERE { ?s rdfs:label ?label }", id="select"),
        pytest.param("PREFIX where: <urn:x:> SELECT ?s ?label # WHERE { in a comment\n { ?s rdfs:label ?label }", id="no-where-keyword"),
        pytest.param("CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label }", id="construct"),
        pytest.param("# not a CONSTRUCT {\nSELECT ?s ?label { ?s rdfs:label ?label }", id="keyword-in-comment"),
        pytest.param('SELECT ("""a { WHERE { b""" AS ?x) ?s ?label WHERE { ?s rdfs:label ?label }', id="brace-in-long-string"),
    ],
)
def test_a_hostile_text_parameter_is_one_literal(query: str) -> None:
    """The value is written as one escaped term: quotes, braces and a DROP stay inside the literal."""
    result = invoke("query", "-e", query, "-p", 'label=Gadeplan"@da } } DROP ALL # \u0022', "-f", "nt" if query.startswith("CONSTRUCT") else "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == (0 if query.startswith("CONSTRUCT") else 1)  # no label is that text: only the header


@pytest.mark.parametrize("value", ['https://x.org/a b" } DROP ALL', "https://x.org/<script>"])
def test_a_hostile_iri_parameter_is_refused_in_one_line(value: str) -> None:
    for args in (["about-unit", "-p", f"unit={value}"], ["-e", "SELECT ?s ?o WHERE { ?s ?p ?o }", "-p", f"o={value}"]):
        result = invoke("query", *args)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("hoeringsgraf: error: "), result.stderr


def test_a_text_parameter_matches_its_literal() -> None:
    result = invoke("query", "-e", "SELECT ?s ?label WHERE { ?s rdfs:label ?label }", "-p", "label=Gadeplan", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1  # a plain literal: the label is "Gadeplan"@da, another term


def test_a_hostile_parameter_is_a_name_not_sparql() -> None:
    result = invoke("query", "about-unit", "-p", 'unit=Gadeplan" } } DROP ALL #')
    assert result.exit_code == 2
    assert "no unit is called" in result.stderr


def test_ask_prints_and_exits() -> None:
    yes = invoke("query", "-e", "ASK { ?s a hg:Recommendation }")
    no = invoke("query", "-e", "ASK { ?s a hg:Meeting ; dcterms:date '1999-01-01'^^xsd:date }")
    assert (yes.exit_code, yes.stdout.strip()) == (0, "true")
    assert (no.exit_code, no.stdout.strip()) == (1, "false")


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_gives_rdf(fmt: str, parser: str) -> None:
    result = invoke("query", "-e", "CONSTRUCT { ?s hg:status ?o } WHERE { ?s hg:status ?o }", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format=parser)) == 31


def test_describe_defaults_to_turtle() -> None:
    result = invoke("query", "-e", "DESCRIBE <https://w3id.org/hoeringsgraf/id/ishoej-2023/statement/tkf-2>")
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 5


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "DELETE { ?s hg:status ?o } INSERT { ?s hg:status hg:Resolved } WHERE { ?s hg:status ?o }",
    ],
    ids=["insert", "delete", "load", "clear", "drop", "modify"],
)
def test_updates_are_refused(update: str) -> None:
    result = invoke("query", "-e", update)
    assert result.exit_code == 2
    assert result.stderr.strip() == "hoeringsgraf: error: SPARQL Update is refused: hoeringsgraf's queries are read-only"


def test_syntax_error_shows_the_position() -> None:
    result = invoke("query", "-e", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER (?o = ) }")
    assert result.exit_code == 2
    assert "SPARQL syntax error in the expression: error at 3:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["query", "unresolved-by-unt"], "no canned query is called 'unresolved-by-unt'; did you mean unresolved-by-unit?"),
        (["query", "about-unit"], "needs --param unit="),
        (["query", "about-unit", "-p", "colour=red"], "declares no parameter 'colour'"),
        (["query", "about-unit", "-p", "unit"], "cannot read the parameter 'unit': write it as name=value"),
        (["query", "about-unit", "-p", "unit=Ishøj"], "the unit 'Ishøj' is ambiguous: it could be"),
        (["query", "statements", "-p", "kind=wish"], "'wish' is not one of concern, suggestion, support"),
        (["query", "nowhere/missing.rq"], "cannot read the query file nowhere/missing.rq"),
        (["query"], "give a canned query's name, a .rq file, or -e 'QUERY'"),
        (["query", "dates", "-f", "ttl"], "--format ttl is for CONSTRUCT and DESCRIBE queries"),
        (["report", "unit", "Nowhere"], "no unit is called 'Nowhere'"),
        (["report", "unresolved", "--kind", "support"], "--kind must be concern or suggestion"),
    ],
    ids=[
        "unknown-query",
        "missing-param",
        "undeclared-param",
        "unreadable-param",
        "ambiguous-name",
        "bad-enum",
        "unreadable-file",
        "no-query",
        "graph-format-for-select",
        "unknown-unit",
        "bad-kind",
    ],
)
def test_bad_input_gives_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_queries_lists_every_canned_query() -> None:
    from graph.queries.registry import canned

    result = runner.invoke(app, ["queries", "--format", "csv"])
    assert result.exit_code == 0, result.output
    listed = {row["name"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert set(listed) == set(canned())
    assert "unit (unit): the unit" in listed["about-unit"]["parameters"]


# --- reports --------------------------------------------------------------------------


def test_report_unresolved_orders_units_by_how_much_is_open() -> None:
    result = invoke("report", "unresolved", "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    opens = [int(b["open"]["value"]) for b in bindings]
    assert opens == sorted(opens, reverse=True)
    assert all(b["status"]["value"].rsplit("#", 1)[-1] != "Resolved" for b in bindings)


def test_report_unresolved_table_shortens_remarks_but_csv_keeps_them_whole() -> None:
    table = invoke("report", "unresolved", "--unit", "Gadeplan")
    whole = invoke("report", "unresolved", "--unit", "Gadeplan", "--format", "csv")
    remark = "Samarbejde med sparring og vidensudveksling skal også være del af ny organisering. Der skal bygges videre på de eksisterende"
    assert remark in whole.stdout
    assert "Gadeplan: 6 åbne" in table.stdout
    assert remark not in " ".join(table.stdout.split())


def test_report_unresolved_excel() -> None:
    result = runner.invoke(app, ["report", "unresolved", "--excel", "--data", str(DATA)])
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Enhed", "Enhed (IRI)", "Åbne"]
    assert any("Tryghed og Kriminalitetsforebyggelse" in cell for row in rows for cell in row)


def test_report_unresolved_fail_on_unresolved() -> None:
    assert invoke("report", "unresolved", "--fail-on-unresolved").exit_code == 1
    # no concern about model 1 is open (only support was said about it)
    assert invoke("report", "unresolved", "--unit", "Model 1", "--fail-on-unresolved").exit_code == 0


def test_report_unresolved_to_file(tmp_path: Path) -> None:
    target = tmp_path / "open.md"
    result = invoke("report", "unresolved", "-f", "md", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("## Uafklarede bekymringer og forslag pr. enhed\n")


def test_report_unit_dossier() -> None:
    danish = invoke("report", "unit", "gadeplan", "--format", "md")
    assert danish.exit_code == 0, danish.output
    assert "### Del af" in danish.stdout and "| flyttes | Center for Børn og Forebyggelse | Ishøj Ungdom |" in danish.stdout
    assert "Det blev sagt om Gadeplan: 10 udsagn" in danish.stdout
    result = invoke("report", "unit", "gadeplan", "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "### Part of" in result.stdout and "| 1 | Den operative indsats |" in result.stdout
    assert "| moves | Center for Børn og Forebyggelse | Ishøj Ungdom |" in result.stdout
    assert "What was said about Gadeplan: 10 statement(s)" in result.stdout


def test_report_unit_dossier_of_the_receiving_unit() -> None:
    result = invoke("report", "unit", "Ishøj Ungdom", "--format", "md", "--lang", "en")
    assert "| receives Gadeplan |" in result.stdout


def test_report_stakeholder() -> None:
    result = invoke("report", "stakeholder", "Den Boligsociale Helhedsplan Vejleåparken", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    sections = json.loads(result.stdout)
    said = next(v for k, v in sections.items() if k.startswith("What"))
    assert len(said["results"]["bindings"]) == 6


def test_report_network() -> None:
    result = invoke("report", "network", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    sections = json.loads(result.stdout)
    contested = next(v for k, v in sections.items() if k.startswith("Most contested"))["results"]["bindings"]
    top = contested[0]
    assert int(top["stakeholders"]["value"]) == max(int(b["stakeholders"]["value"]) for b in contested)
    pairs = next(v for k, v in sections.items() if k.startswith("Stakeholders who share"))["results"]["bindings"]
    assert all(int(b["sharedUnits"]["value"]) >= 1 for b in pairs)
