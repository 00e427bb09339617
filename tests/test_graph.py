"""The graph as RDF: round trips, the ontology, the shapes, and the commands that write it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from cli import app
from graph.builder.assemble import build_graph
from graph.builder.validation import violations
from graph.model.resources import ontology_file
from graph.model.vocab import HG

from .conftest import DATA, MINIMAL

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
    for name in ("hoeringsgraf.ttl", "hoeringsgraf.jsonld", "hoeringsgraf.trig"):
        assert f"wrote {out / name}" in result.stderr
    assert isomorphic(Graph().parse(out / "hoeringsgraf.ttl"), memo_graph)
    assert isomorphic(Graph().parse(out / "hoeringsgraf.jsonld", format="json-ld"), memo_graph)
    trig = Dataset().parse(out / "hoeringsgraf.trig", format="trig")
    assert len(list(trig.graphs())) >= 3
    jsonld = json.loads((out / "hoeringsgraf.jsonld").read_text(encoding="utf-8"))
    assert "@context" in jsonld
    assert not list(out.glob(".*.tmp"))


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
