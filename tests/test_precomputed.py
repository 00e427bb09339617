"""What the build precomputes, here the rows it keeps of the canned queries that say `# rows: per memo` (graph.builder.precomputed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.base.errors import OutputError
from graph.builder import precomputed as kept
from graph.builder.pipeline import build_into
from graph.engine.embedded import Store
from graph.queries.params import run
from graph.queries.registry import Query, canned, parse_header
from graph.sources.open import open_engine as open_store

from .conftest import DATA

runner = CliRunner()
PER_MEMO = sorted(name for name, query in canned().items() if query.per_memo)


def _build(data: Path, out: Path, chunk: int = 3) -> None:
    """Build with chunks of `chunk` memos, so the kept rows of more memos than that come from several chunks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graph.builder.pipeline.CHUNK", chunk)
        patch.setattr("graph.builder.pipeline.CHUNK_MAX", chunk)
        build_into(data, out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from bench.synthetic import write_corpus

    root = tmp_path_factory.mktemp("kept")
    write_corpus(root / "data", 12)
    _build(root / "data", root / "build")
    return root / "data", root / "build"


@pytest.fixture(scope="module")
def memo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("kept-memo") / "build"
    _build(DATA, out)
    return DATA, out


class _Store(Store):
    """The build's store, noting what it was asked."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.store)
        self.texts: list[str] = []

    def raw(self, text, bindings=None, name="query"):  # type: ignore[no-untyped-def]
        self.texts.append(text)
        return super().raw(text, bindings, name)


def _Spy(engine):  # type: ignore[no-untyped-def]
    """The engine open_engine gives, its store noting what it was asked: `.texts`, and the store as `.store`."""
    if isinstance(engine, kept.PrecomputedEngine):
        engine.engine = _Store(engine.engine)
        engine.texts = engine.engine.texts
        engine.store = engine.engine.store
        return engine
    return _Store(engine)


def _chunks(build: Path) -> int:
    """The memos whose rows the build kept (a memo's apart, so that a rebuild replaces them)."""
    with sqlite3.connect(build / "reports.sqlite") as db:
        return db.execute("SELECT COUNT(DISTINCT memo) FROM kept").fetchone()[0]  # type: ignore[no-any-return]


def test_the_slow_listings_are_kept() -> None:
    """Every canned query that says `# rows: per memo` is kept (none is passed over by keepable)."""
    assert PER_MEMO == ["recommendations", "remarks", "statements", "unanswered", "unresolved-by-unit"]
    assert sorted(query.name for query in kept.kept_queries().values()) == PER_MEMO


@pytest.mark.parametrize("text", [
    "SELECT ?s WHERE { ?s a hg:Statement } LIMIT 10",
    "SELECT DISTINCT ?s WHERE { ?s a hg:Statement } ORDER BY ?s",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s a hg:Statement } ORDER BY ?s } }",
    "SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY lcase(?l)",
    "SELECT (COUNT(?s) AS ?n) WHERE { ?s a hg:Statement }",  # one group, of every memo
    "SELECT DISTINCT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s",
    "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s HAVING (COUNT(?r) > 1)",
    "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s LIMIT 5",
    "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 3",
    "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY (STR(?s))",
    "SELECT ?s ?n WHERE { ?s a hg:Statement { SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s } }",
])
def test_what_would_apply_chunk_by_chunk_is_not_kept(text: str) -> None:
    assert not kept.keepable(parse_header("# rows: per memo\n" + text, "q", "q.rq"))
    assert kept.keepable(parse_header("# rows: per memo\nSELECT ?s WHERE { ?s a hg:Statement } ORDER BY DESC(?s)", "q", "q.rq"))
    grouped = "SELECT ?s (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r hg:respondsTo ?s } GROUP BY ?s ?p ORDER BY ?s"
    assert kept.grouping(parse_header("# rows: per memo\n" + grouped, "q", "q.rq")) == ("s", "p")
    in_words = grouped.replace("?r }", '?r FILTER (?r != "LIMIT") }')  # in a comment and a string
    assert kept.grouping(parse_header("# rows: per memo\n# a LIMIT in a comment\n" + in_words, "q", "q.rq")) == ("s", "p")
    assert kept.grouping(parse_header(grouped, "q", "q.rq")) is None  # without the header


@pytest.mark.parametrize("term", [
    '<https://w3id.org/hoeringsgraf/id/a?b#c@d>', '""', '" leading and trailing "@da', '"line\\nbreak\\r\\ttab"@sr-Latn-RS',
    '"01"^^<http://www.w3.org/2001/XMLSchema#integer>', '"æøå 😀 \\u0000"', '"x"^^<http://example.org/a%20b>',
])
def test_a_term_is_kept_as_it_is(term: str) -> None:
    """Kept rows are the query's results as Oxigraph serialises them (TSV), read back by Oxigraph's parser."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(f"<urn:s> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES)
    value = next(iter(store)).object
    result = store.query("SELECT ?o ?unbound WHERE { ?s ?p ?o }")
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)  # type: ignore[union-attr]
    assert kept._parsed(tsv, 2) == [(value, None)]


@pytest.mark.parametrize("where", ["memo", "corpus"])
@pytest.mark.parametrize("name", PER_MEMO)
def test_kept_rows_are_the_engines_rows_in_its_order(memo_build, corpus, where: str, name: str) -> None:
    """Asked over all memos with no parameter, a kept query is answered from the kept rows (the engine is not
    asked), and they are the rows the engine gives for the whole store, in the same order (both made canonical
    as every engine's are: joined cells, and ties the ORDER BY leaves)."""
    data, build = memo_build if where == "memo" else corpus
    query = canned()[name]
    spy = _Spy(open_store(data, build))
    ours = run(spy, query)
    assert spy.texts == [], "answered from the kept rows"
    theirs = run(Store(spy.store), query)
    assert ours.variables == theirs.variables  # type: ignore[union-attr]
    assert ours.rows == theirs.rows  # type: ignore[union-attr]
    assert len(ours.rows) > 1  # type: ignore[union-attr]
    if where == "corpus":
        assert _chunks(build) == 12  # 12 memos, each memo's rows apart


def test_a_query_whose_rows_name_no_memo_is_not_kept(tmp_path: Path) -> None:
    """A query counting over all memos, were it kept chunk by chunk, would give one count a chunk, not the engine's
    one count: each kept row must name its memo (an IRI minted under it), and a row of this one names none, so the
    build keeps none of its rows and the engine answers."""
    from bench.synthetic import write_corpus

    text = "# rows: per memo\nPREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>\nSELECT (COUNT(?s) AS ?n) WHERE { ?s a hg:Statement }"
    counting = parse_header(text, "counting", "counting.rq")
    write_corpus(tmp_path / "data", 6)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept, "kept_queries", lambda: {kept.digest(text): counting})
        _build(tmp_path / "data", tmp_path / "build")
        store = open_store(tmp_path / "data", tmp_path / "build")
        ours = store.answer(text)
    assert isinstance(store, kept.PrecomputedEngine)
    theirs = store.engine.answer(text)
    assert len(theirs.rows) == 1 and ours.rows == theirs.rows  # type: ignore[union-attr]
    assert _chunks(tmp_path / "build") == 0


def test_a_group_that_spans_memos_is_not_kept(tmp_path: Path) -> None:
    """A query that groups by what every memo shares (a kind of statement), and names one memo's statement only as
    a sample of each group, would be kept as one count a chunk for each kind: each kept row must name its memo in
    a grouped variable, and no row of this one does, so the build keeps none of its rows and the engine answers."""
    from bench.synthetic import write_corpus

    prefix = "PREFIX hg: <https://w3id.org/hoeringsgraf/ontology#>\n"
    text = f"# rows: per memo\n{prefix}SELECT ?kind (SAMPLE(?s) AS ?one) (COUNT(?s) AS ?n) WHERE {{ ?s a ?kind ; hg:raisedBy ?who }} GROUP BY ?kind"
    spanning = parse_header(text, "spanning", "spanning.rq")
    assert kept.grouping(spanning) == ("kind",)
    write_corpus(tmp_path / "data", 6)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept, "kept_queries", lambda: {kept.digest(text): spanning})
        _build(tmp_path / "data", tmp_path / "build")
        store = open_store(tmp_path / "data", tmp_path / "build")
        ours = store.answer(text)
    theirs = store.engine.answer(text)  # type: ignore[attr-defined]
    spread = store.engine.answer(  # type: ignore[attr-defined]
        f"{prefix}SELECT ?kind (COUNT(DISTINCT ?memo) AS ?memos) WHERE {{ GRAPH ?memo {{ ?s a ?kind ; hg:raisedBy ?who }} }} GROUP BY ?kind"
    )
    assert max(int(row[1]) for row in spread.rows) > 3, "a kind's statements come from more memos than a chunk holds"
    assert sorted(row[::2] for row in ours.rows) == sorted(row[::2] for row in theirs.rows)  # type: ignore[union-attr]
    assert _chunks(tmp_path / "build") == 0


def test_a_parameter_or_one_memo_asks_the_engine(corpus) -> None:
    data, build = corpus
    spy = _Spy(open_store(data, build))
    concerns = run(spy, canned()["statements"], {"kind": "concern"})
    assert spy.texts, "a parameter is bound by the engine"
    assert concerns.rows and {row[1] for row in concerns.rows} == {concerns.rows[0][1]}  # type: ignore[union-attr]
    memo = sorted(p.name for p in (data / "memos").iterdir())[0]
    assert not isinstance(open_store(data, build, memo), kept.PrecomputedEngine)


def test_a_build_older_than_the_data_keeps_nothing_that_is_read(corpus, tmp_path: Path) -> None:
    import shutil

    data, build = corpus
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    shutil.copytree(build, tmp_path / "build", symlinks=True)  # build/NAME links into the current version
    memo = sorted((copy / "memos").iterdir())[0] / "memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("    label: ", "    label: Ændret ", 1), encoding="utf-8")  # a statement's
    store = open_store(copy, tmp_path / "build")
    assert not isinstance(store, kept.PrecomputedEngine)  # built again in memory
    rows = run(store, canned()["statements"])
    assert any("Ændret" in str(row[3]) for row in rows.rows)  # type: ignore[union-attr]


def _copy(corpus: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    data, build = corpus
    shutil.copytree(build, tmp_path / "build", symlinks=True)  # build/NAME links into the current version
    return data, tmp_path / "build"


_SECOND = "SELECT memo FROM memos ORDER BY memo LIMIT 1 OFFSET 1"  # the second memo: its kept rows spoilt or gone


def test_rows_missing_from_a_memo_are_not_read(corpus, tmp_path: Path) -> None:
    data, build = _copy(corpus, tmp_path)
    query = canned()["remarks"]
    with sqlite3.connect(build / "reports.sqlite") as db:
        db.execute(f"DELETE FROM kept WHERE digest = ? AND memo = ({_SECOND})", (kept.digest(query.text),))
    spy = _Spy(open_store(data, build))
    rows = run(spy, query)
    assert spy.texts, "the engine answered"
    assert rows == Store(spy.store).answer(query.text, None, query.name)


def test_a_chunk_that_kept_no_rows_leaves_the_query_to_the_engine(tmp_path: Path) -> None:
    """A chunk leaves out a query it cannot keep (a blank node, say): the index then keeps none of its rows."""
    from bench.synthetic import write_corpus

    write_corpus(tmp_path / "data", 6)
    query = canned()["unanswered"]
    calls: list[int] = []

    def second_keeps_nothing(store, memos):  # type: ignore[no-untyped-def]
        calls.append(1)
        found = kept.chunk_answers(store, memos)
        if len(calls) == 2:
            found.kept = {}
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graph.builder.pipeline.chunk_answers", second_keeps_nothing)
        _build(tmp_path / "data", tmp_path / "build")
    assert len(calls) == 2
    spy = _Spy(open_store(tmp_path / "data", tmp_path / "build"))
    rows = run(spy, query)
    assert spy.texts, "the engine answered"
    assert rows == Store(spy.store).answer(query.text, None, query.name)


def _blob(variables: list[str], how: str) -> bytes:
    """A chunk's kept rows (SPARQL results TSV) spoilt one way, with the query's variables unless that is the way."""
    head = "\t".join(f"?{v}" for v in variables)
    width = len(variables)
    return {
        "not results": b"{not results",
        "not UTF-8": head.encode() + b"\n\xff\xfe\n",
        "a value too many": (head + "\n" + "\t".join(["<urn:a>"] * (width + 1)) + "\n").encode(),
        "a value that is no term": (head + "\n" + "\t".join(["xhttp://a b"] * width) + "\n").encode(),
        "other variables": ("\t".join(f"?{v}" for v in variables[::-1]) + "\n").encode(),
        "no variables": b"\n",
    }[how]


@pytest.mark.parametrize("how", ["not results", "not UTF-8", "a value too many", "a value that is no term", "other variables",
                                 "no variables"])
def test_unreadable_kept_rows_are_one_clear_error(corpus, tmp_path: Path, how: str) -> None:
    data, build = _copy(corpus, tmp_path)
    query = canned()["statements"]
    variables = Store(_Spy(open_store(data, build)).store).answer(query.text).variables  # type: ignore[union-attr]
    with sqlite3.connect(build / "reports.sqlite") as db:
        db.execute(f"UPDATE kept SET rows = ? WHERE digest = ? AND memo = ({_SECOND})", (_blob(variables, how), kept.digest(query.text)))
    with pytest.raises(OutputError, match=r"cannot read .*reports\.sqlite.*build --force"):
        run(open_store(data, build), query)
    result = runner.invoke(app, ["query", "statements", "--data", str(data), "--build", str(build)])
    assert result.exit_code == OutputError.exit_code
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_the_command_prints_what_the_engine_would(corpus, tmp_path: Path) -> None:
    data, build = _copy(corpus, tmp_path)
    args = ["--data", str(data), "--build", str(build), "-f", "csv"]
    kept_out = {name: runner.invoke(app, ["query", name, *args]) for name in PER_MEMO}
    with sqlite3.connect(build / "reports.sqlite") as db:
        memos = db.execute("SELECT COUNT(*) FROM memos").fetchone()[0]
        assert db.execute("DELETE FROM kept").rowcount == len(PER_MEMO) * memos > len(PER_MEMO)
    for name in PER_MEMO:
        engine = runner.invoke(app, ["query", name, *args])
        assert kept_out[name].exit_code == engine.exit_code == 0, engine.output
        assert kept_out[name].stdout == engine.stdout
        assert kept_out[name].stdout.count("\n") > 2


def test_the_rows_header_is_read() -> None:
    assert parse_header("# rows: per memo\nSELECT * WHERE { ?s ?p ?o }", "q", "q.rq").per_memo
    assert not parse_header("SELECT * WHERE { ?s ?p ?o }", "q", "q.rq").per_memo
    assert not parse_header("# rows: one per unit\nSELECT * WHERE { ?s ?p ?o }", "q", "q.rq").per_memo  # a comment
    assert isinstance(canned()["statements"], Query) and canned()["statements"].per_memo
