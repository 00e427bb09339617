"""Every canned query, run on the memo, against rows worked out from the curated data by plain Python.

The expected rows come from data/*.yaml read directly (not through the graph), so
a query that joins, filters or groups wrongly gives different rows.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pytest
from ruamel.yaml import YAML

from graph.engine.embedded import Store
from graph.queries.params import select
from graph.queries.registry import canned
from graph.reports.formats import compact

from .conftest import DATA, MEMO_DIR

_yaml = YAML(typ="safe")
MEMO = _yaml.load((MEMO_DIR / "memo.yaml").read_text(encoding="utf-8"))
ORGS = {o["id"]: o for o in _yaml.load((DATA / "organisations.yaml").read_text(encoding="utf-8"))["organisations"]}
STATEMENTS = {s["id"]: {**s, "stakeholder": r["stakeholder"]} for r in MEMO["respondents"] for s in r["statements"]}
ANSWERED = {sid for r in MEMO["responses"] for sid in r["responds_to"]}
RESOLVED = {sid for r in MEMO["recommendations"] for sid in r["addresses"]}


def status(sid: str) -> str:
    return "Resolved" if sid in RESOLVED else "Answered" if sid in ANSWERED else "Unanswered"


def short(term) -> str:  # type: ignore[no-untyped-def]
    """'tkf-2' for a statement's IRI, 'ishoej/gadeplan' for a unit's, 'Concern' for hg:Concern."""
    text = compact(term)
    return text.split("/", 1)[1] if text.startswith("ishoej-2023/") else text


@pytest.fixture(scope="module")
def store(built) -> Store:
    return Store(built.store)


def rows(store: Store, name: str, **params: str) -> list[dict]:
    return select(store, canned()[name], params).dicts()


def test_there_are_at_least_twelve_canned_queries_each_described() -> None:
    queries = canned()
    assert len(queries) >= 12
    for query in queries.values():
        assert query.title and query.description, query.name


def test_unresolved_by_unit(store: Store) -> None:
    expected = {
        (unit, sid) for sid, s in STATEMENTS.items() if s["kind"] in ("concern", "suggestion") and status(sid) != "Resolved" for unit in s["about"]
    }
    got = {(short(r["unit"]), short(r["statement"])) for r in rows(store, "unresolved-by-unit")}
    assert got == expected


def test_unresolved_by_unit_for_gadeplan_by_label(store: Store) -> None:
    expected = {sid for sid, s in STATEMENTS.items() if s["kind"] != "support" and status(sid) != "Resolved" and "ishoej/gadeplan" in s["about"]}
    got = {short(r["statement"]) for r in rows(store, "unresolved-by-unit", unit="GADEPLAN")}
    assert got == expected and got


def test_unresolved_remarks_are_the_remarks_quotes(store: Store) -> None:
    for row in rows(store, "unresolved-by-unit", unit="Gadeplan"):
        sid = short(row["statement"])
        remarks = [r for r in MEMO["responses"] if sid in r["responds_to"]]
        for remark in remarks:
            quote = remark["quote"] if isinstance(remark["quote"], str) else remark["quote"][0]
            assert quote in str(row["remarks"])


def test_about_unit(store: Store) -> None:
    expected = {sid: status(sid) for sid, s in STATEMENTS.items() if "ishoej/ishoej-ungdom" in s["about"]}
    got = {short(r["statement"]): short(r["status"]) for r in rows(store, "about-unit", unit="Ishøj Ungdom")}
    assert got == expected


def test_by_stakeholder(store: Store) -> None:
    expected = {sid: STATEMENTS[sid]["kind"] for sid, s in STATEMENTS.items() if s["stakeholder"] == "vestegns-politi"}
    got = {short(r["statement"]): short(r["kind"]).lower() for r in rows(store, "by-stakeholder", stakeholder="vestegns politi")}
    assert got == expected
    assert len(got) == 8


def test_concerns_by_theme(store: Store) -> None:
    expected = {(s["theme"], sid) for sid, s in STATEMENTS.items() if s["kind"] == "concern" and s.get("theme")}
    got = {(short(r["theme"]).rsplit("/", 1)[-1], short(r["statement"])) for r in rows(store, "concerns-by-theme")}
    assert got == expected


def test_concerns_by_one_theme(store: Store) -> None:
    got = {short(r["statement"]) for r in rows(store, "concerns-by-theme", theme="Mere bureaukrati")}
    assert got == {sid for sid, s in STATEMENTS.items() if s.get("theme") == "mere-bureaukrati"}


def test_unanswered(store: Store) -> None:
    expected = {sid for sid in STATEMENTS if sid not in ANSWERED}
    assert {short(r["statement"]) for r in rows(store, "unanswered")} == expected
    concerns = {sid for sid in expected if STATEMENTS[sid]["kind"] == "concern"}
    assert {short(r["statement"]) for r in rows(store, "unanswered", kind="concern")} == concerns


def test_recommendations(store: Store) -> None:
    expected = {(r["id"], sid) for r in MEMO["recommendations"] for sid in r["addresses"]}
    got = {(short(r["recommendation"]), short(r["statement"])) for r in rows(store, "recommendations")}
    assert got == expected


def test_contested_units(store: Store) -> None:
    stakeholders: dict[str, set] = defaultdict(set)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in STATEMENTS.values():
        for unit in s["about"]:
            counts[unit][s["kind"]] += 1
            if s["kind"] == "concern":
                stakeholders[unit].add(s["stakeholder"])
    got = rows(store, "contested-units")
    assert {short(r["unit"]) for r in got} == set(counts)
    for r in got:
        unit = short(r["unit"])
        assert int(r["stakeholders"]) == len(stakeholders[unit])
        assert (int(r["concerns"]), int(r["suggestions"]), int(r["support"])) == (
            counts[unit]["concern"],
            counts[unit]["suggestion"],
            counts[unit]["support"],
        )
    ranks = [int(r["stakeholders"]) for r in got]
    assert ranks == sorted(ranks, reverse=True)


def test_shared_concerns(store: Store) -> None:
    by_unit: dict[str, set] = defaultdict(set)
    for s in STATEMENTS.values():
        if s["kind"] == "concern":
            for unit in s["about"]:
                by_unit[unit].add(s["stakeholder"])
    expected = {(unit, *pair) for unit, who in by_unit.items() for pair in combinations(sorted(who), 2)}
    got = {(short(r["unit"]), *sorted((short(r["stakeholderA"]), short(r["stakeholderB"])))) for r in rows(store, "shared-concerns")}
    # pairs are ordered by IRI in the query and by id here: compare as sets of unordered pairs
    assert {(u, *sorted((a, b))) for u, a, b in expected} == got


def test_reorganisation(store: Store) -> None:
    change = MEMO["reorganisation"]
    expected = {("moves", unit) for unit in change["moves"]}
    expected |= {("joins", m["member"]) for r in MEMO["recommendations"] for m in r.get("proposes", [])}
    expected |= {("considers model", m["id"]) for m in change["models"]}
    got = {
        (str(r["how"]), short(r["unit"]).rsplit("/", 1)[-1] if "model" in str(r["how"]) else short(r["unit"])) for r in rows(store, "reorganisation")
    }
    assert got == expected
    moved = [r for r in rows(store, "reorganisation") if str(r["how"]) == "moves"]
    assert {str(r["fromLabel"]) for r in moved} == {ORGS[change["from"]]["label"]}
    assert {str(r["toLabel"]) for r in moved} == {ORGS[change["to"]]["label"]}


def test_external_partners(store: Store) -> None:
    partners = {oid for oid, o in ORGS.items() if o.get("external")}
    expected = {(p, sid) for p in partners for sid, s in STATEMENTS.items() if p in s["about"]}
    got_rows = rows(store, "external-partners")
    assert {short(r["partner"]) for r in got_rows} == partners
    assert {(short(r["partner"]), short(r["statement"])) for r in got_rows if r["statement"] is not None} == expected
    answered = {short(r["partner"]) for r in got_rows if str(r["answered"]) == "true"}
    assert answered == partners & {r["stakeholder"] for r in MEMO["respondents"]}


def test_provenance(store: Store, source_text: str) -> None:
    (row,) = rows(store, "provenance", statement="tkf-2")
    quote = STATEMENTS["tkf-2"]["quote"]
    assert str(row["exact"]) == quote
    assert (int(row["start"]), int(row["end"])) == (source_text.index(quote), source_text.index(quote) + len(quote))
    assert str(row["file"]) == "memos/ishoej-2023/source.txt"
    import hashlib

    assert str(row["sha256"]) == hashlib.sha256(source_text.encode("utf-8")).hexdigest()


def test_provenance_of_the_recommendation_has_both_quotes(store: Store) -> None:
    got = rows(store, "provenance", statement="ledere-i-styregruppen")
    assert len(got) == 2
    assert [int(r["start"]) for r in got] == sorted(int(r["start"]) for r in got)


def test_dates(store: Store) -> None:
    expected = sorted([MEMO["consultation"]["start"], MEMO["consultation"]["end"], *[m["date"] for m in MEMO["meetings"]]])
    assert [str(r["date"]) for r in rows(store, "dates")] == [str(d) for d in expected]


def test_remarks(store: Store) -> None:
    expected = {(r["id"], sid) for r in MEMO["responses"] for sid in r["responds_to"]}
    assert {(short(r["remark"]), short(r["statement"])) for r in rows(store, "remarks")} == expected


def test_statements_by_status(store: Store) -> None:
    assert len(rows(store, "statements")) == len(STATEMENTS)
    unanswered = {short(r["statement"]) for r in rows(store, "statements", status="unanswered")}
    assert unanswered == {sid for sid in STATEMENTS if status(sid) == "Unanswered"}


@pytest.mark.parametrize("name", sorted(canned()))
def test_every_canned_query_runs_with_its_declared_parameters(store: Store, name: str) -> None:
    query = canned()[name]
    examples = {
        "unit": "Gadeplan",
        "stakeholder": "Vestegns Politi",
        "theme": "Mere bureaukrati",
        "statement": "tkf-2",
        "kind": "concern",
        "status": "answered",
        "memo": "ishoej-2023",
    }
    values = {p.name: examples[p.type] for p in query.params}
    assert select(store, query, values).variables


class _Spy(Store):
    """The store, noting the query texts it was given to evaluate."""

    def __init__(self, store) -> None:  # type: ignore[no-untyped-def]
        super().__init__(store)
        self.texts: list[str] = []

    def raw(self, text, bindings=None, name="query"):  # type: ignore[no-untyped-def]
        self.texts.append(text)
        return super().raw(text, bindings, name)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    from bench.synthetic import write_corpus
    from graph.builder.assemble import build_graph

    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 12)
    return build_graph(root).store


@pytest.mark.parametrize(("where", "name"), [
    (where, name) for name in sorted(canned()) for where in ("memo", "corpus")
    if where == "memo" or all(p.optional for p in canned()[name].params)  # a required parameter names a thing of the memo
])
def test_rows_sorted_here_come_in_oxigraphs_order(built, corpus_store, where: str, name: str) -> None:
    """A canned query's closing ORDER BY is left out of what Oxigraph evaluates and its rows are sorted in Python:
    the sort keys come in the order Oxigraph's own ORDER BY gives, and the rows are the same."""
    from collections import Counter

    from graph.engine.order import split_order
    from graph.engine.results import select_rows
    from graph.queries.params import bind

    query = canned()[name]
    examples = {"unit": "Gadeplan", "stakeholder": "Vestegns Politi", "theme": "Mere bureaukrati", "statement": "tkf-2", "memo": "ishoej-2023"}
    required = [p for p in query.params if not p.optional]
    spy = _Spy(built.store if where == "memo" else corpus_store)
    bindings = bind(query, {p.name: examples[p.type] for p in required}, spy)
    spy.texts.clear()  # the names were looked up
    split = split_order(query.text)
    assert split is not None, "every canned query closes with an ORDER BY over variables"
    ours = spy.answer(query.text, bindings, name)
    assert spy.texts == [split[0]], "the rows were sorted here, not by Oxigraph"
    theirs = select_rows(Store.raw(spy, query.text, bindings, name), name)
    keys = [theirs.variables.index(key) for key, _ in split[1]]
    assert [[row[i] for i in keys] for row in ours.rows] == [[row[i] for i in keys] for row in theirs.rows]
    assert Counter(map(tuple, ours.rows)) == Counter(map(tuple, theirs.rows))
    if where == "corpus":
        assert len(theirs.rows) > 1 or name in ("reorganisation",)


def test_an_order_not_sorted_here_is_left_to_oxigraph(built) -> None:
    """Keys of kinds not sorted here (booleans, NaN, dates with a time zone, strings with and without a language,
    blank nodes, a variable not selected), and ORDER BY with a LIMIT or in a subquery: Oxigraph sorts."""
    from graph.engine.order import split_order

    spy = _Spy(built.store)
    mixed = """SELECT ?x WHERE { VALUES ?x { "b" true 3 <http://example.org/a> "a"@da } } ORDER BY DESC(?x)"""
    rows = spy.answer(mixed)
    assert spy.texts[-1] == mixed and len(spy.texts) == 2  # tried without, then with Oxigraph's ORDER BY
    assert [str(row[0]) for row in rows.rows] == [str(row[0]) for row in Store(built.store).select(mixed).rows]
    for odd in ('"NaN"^^xsd:double 1', '"2023-10-31+02:00"^^xsd:date "2023-10-31Z"^^xsd:date', '"a" "a"@da'):
        text = f"SELECT ?x WHERE {{ VALUES ?x {{ {odd} }} }} ORDER BY ?x"
        assert [row[0] for row in spy.answer(text).rows] == [row[0] for row in Store(built.store).select(text).rows]
        assert spy.texts[-1] == text
    blank = "SELECT ?x WHERE { { BIND (BNODE() AS ?x) } UNION { BIND (<http://example.org/a> AS ?x) } } ORDER BY ?x"
    assert [type(row[0]).__name__ for row in spy.answer(blank).rows] == ["BNode", "URIRef"]
    assert spy.texts[-1] == blank
    unselected = "SELECT ?s WHERE { ?s a hg:Concern ; rdfs:label ?label } ORDER BY ?label"
    assert [row[0] for row in spy.answer(unselected).rows] == [row[0] for row in Store(built.store).select(unselected).rows]
    assert spy.texts[-1] == unselected
    assert split_order("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3") is None
    assert split_order("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }") is None
    assert split_order("SELECT * WHERE { ?s ?p ?o } order by desc(?o) ?s\n") == ("SELECT * WHERE { ?s ?p ?o } ", [("o", True), ("s", False)])


@pytest.mark.parametrize("values", [
    '"Zebra"@da "abe"@da "Åen"@da "ærø"@da "øen"@da "Æble"@da "10"@da "9"@da "a b"@da "ab"@da',
    '"Zebra" "abe" "Åen" "ærø" "" "a"',
    '10 9 -1 2.5 0.25 100 "7"^^<http://www.w3.org/2001/XMLSchema#int> 1e1',
    '"2023-10-31"^^<http://www.w3.org/2001/XMLSchema#date> "2023-09-29"^^<http://www.w3.org/2001/XMLSchema#date> "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
    '<http://example.org/b> <http://example.org/B> <http://example.org/a/z> <https://a> <http://example.org/ø> UNDEF',
])
@pytest.mark.parametrize("way", ["", "DESC"])
def test_values_of_each_kind_sorted_here_as_oxigraph_sorts_them(built, values: str, way: str) -> None:
    spy = _Spy(built.store)
    text = f"SELECT ?x ?n WHERE {{ VALUES ?x {{ {values} }} BIND (STR(?x) AS ?n) }} ORDER BY {f'{way}(?x)' if way else '?x'}"
    ours = spy.answer(text)
    assert len(spy.texts) == 1 and "ORDER BY" not in spy.texts[0], "sorted here"
    assert [row[0] for row in ours.rows] == [row[0] for row in Store(built.store).select(text).rows]


EXAMPLES = {"unit": "Gadeplan", "stakeholder": "Gadeplan", "theme": "Mere bureaukrati", "statement": "tkf-2", "kind": "concern",
            "status": "answered", "memo": "ishoej-2023"}


@pytest.mark.parametrize("with_params", [False, True], ids=["required parameters", "every parameter"])
@pytest.mark.parametrize("name", sorted(canned()))
def test_every_canned_query_gives_the_same_rows_in_rdflib(store: Store, memo_graph, name: str, with_params: bool) -> None:
    """The canned queries are plain SPARQL 1.1: rdflib's own engine, on the graph as rdflib reads it (the derived
    predicates included), gives Oxigraph's rows, the joined columns read the same way (canonical) and terms
    compared as RDF 1.1 has them (a plain literal is an xsd:string). A GROUP_CONCAT(DISTINCT …) over an OPTIONAL
    that bound nothing failed there (NotBoundError)."""
    from rdflib import Variable

    from graph.engine.results import Rows, canonical
    from graph.engine.terms import to_oxigraph
    from graph.queries.params import bind

    query = canned()[name]
    values = {p.name: EXAMPLES[p.type] for p in query.params if with_params or not p.optional}
    bindings = bind(query, values, store)
    embedded = store.select(query.text, bindings)
    found = memo_graph.query(query.text, initBindings={Variable(key): value for key, value in bindings.items()})
    variables = [str(v) for v in found.vars]
    assert variables == embedded.variables

    def read(rows: Rows) -> list[list[str | None]]:
        made = canonical(rows, dict(query.joined), query.booleans).rows
        return sorted(([None if term is None else str(to_oxigraph(term)) for term in row] for row in made), key=repr)

    theirs = read(Rows(variables, [[row.get(Variable(v)) for v in variables] for row in found.bindings]))
    ours = read(embedded)
    # rows to compare: rdflib gives an aggregate query over no rows a row of its bound parameters, not none
    assert ours and theirs == ours


def test_a_parameter_is_bound_in_each_subquery_that_selects_it_where_the_query_says_so() -> None:
    """`# bind: in subqueries`: a BIND opens the WHERE clause and each subquery's that selects the variable as it is
    (by name or *) and uses it; not one that selects it as an expression's value, leaves it out, or names it only in
    a string or a comment. Without the line, only the WHERE clause."""
    from rdflib import URIRef

    from graph.engine.bind import with_values

    text = """# bind: in subqueries
SELECT ?u ?n WHERE {
  { SELECT ?u (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?u } GROUP BY ?u }
  { SELECT * { ?u <urn:q> ?o } }
  { SELECT ?s WHERE { ?s <urn:p> ?u } }
  { SELECT (STR(?x) AS ?u) WHERE { ?x <urn:r> ?y } }
  { SELECT * WHERE { ?t <urn:r> "SELECT * { ?u }" # ?u
  } }
}"""
    bound = with_values(text, {"u": URIRef("urn:x")})
    bind = "BIND (<urn:x> AS ?u)"
    assert bound.count(bind) == 3
    assert f"WHERE {{ {bind}\n" in bound
    assert f"WHERE {{ {bind} ?s <urn:p> ?u }} GROUP BY ?u" in bound
    assert f"SELECT * {{ {bind} ?u <urn:q> ?o }}" in bound
    assert bound.replace(f" {bind}", "") == text
    plain = text.replace("# bind: in subqueries\n", "")
    assert with_values(plain, {"u": URIRef("urn:x")}).count(bind) == 1


def _bound_only_outside(text: str) -> str:
    from graph.engine.bind import IN_SUBQUERIES

    return IN_SUBQUERIES.sub("", text)


def _binds_in_subqueries(text: str) -> bool:
    from graph.engine.bind import IN_SUBQUERIES

    return IN_SUBQUERIES.search(text) is not None


SUBQUERY_BOUND = sorted(name for name, query in canned().items() if _binds_in_subqueries(query.text))


def test_some_canned_query_binds_in_subqueries() -> None:
    assert SUBQUERY_BOUND, "the next test would compare nothing"


@pytest.mark.parametrize("name", SUBQUERY_BOUND)
def test_binding_in_subqueries_changes_no_answer(built, corpus_store, name: str) -> None:
    """A query that says `# bind: in subqueries` gives, for every parameter it has and a value of each, on the memo
    and on 12 generated memos, the rows it gives with the parameters bound in its WHERE clause only."""
    from collections import Counter

    from graph.queries.params import bind

    query = canned()[name]
    corpus = Store(corpus_store)
    first = corpus.select("SELECT ?unit ?who WHERE { ?s a hg:Concern ; hg:about ?unit ; hg:raisedBy ?who } ORDER BY ?s LIMIT 1").rows[0]
    generated = {"unit": str(first[0]), "stakeholder": str(first[1]), "kind": "concern", "status": "answered"}
    compared = 0
    for store, examples in ((Store(built.store), EXAMPLES), (corpus, generated)):
        for param in query.params:
            if param.type not in examples:
                continue
            bindings = bind(query, {param.name: examples[param.type]}, store)
            ours = store.select(query.text, bindings, name)
            theirs = store.select(_bound_only_outside(query.text), bindings, name)
            assert ours.rows, f"{name} -p {param.name}: no rows to compare"
            assert Counter(map(tuple, ours.rows)) == Counter(map(tuple, theirs.rows))
            compared += 1
    assert compared


def test_a_query_binding_in_subqueries_is_held_to_the_guards_bounds_before_it_is_read() -> None:
    """Past the size a query may be, a text that says `# bind: in subqueries` is refused (one line, LimitError) before
    its subqueries are looked for: what is read for each is bounded as the query is."""
    from rdflib import URIRef

    from graph.base.errors import LimitError
    from graph.engine.bind import with_values

    text = "# bind: in subqueries\nSELECT * WHERE { " + "{ SELECT * WHERE { ?u ?p ?o } } " * 40_000 + "}"
    with pytest.raises(LimitError, match="bytes long"):
        with_values(text, {"u": URIRef("urn:x")})
