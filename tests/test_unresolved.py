"""The unresolved report from what the build precomputed against the same report asked of the graph in SPARQL.

The build keeps the rows of the canned query in build/reports.sqlite, memo by memo (graph.builder.precomputed);
`report unresolved` reads them when the build folder is fresh. These tests build two memos (the bundled one
and a copy under another id, so that units and stakeholders are shared) and require the precomputed rows to
give what the graph gives.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.builder import folder as persist
from graph.builder.precomputed import FILE as INDEX_FILE
from graph.builder.precomputed import Precomputed
from graph.engine.embedded import Store
from graph.reports.formats import DEFAULT_WIDTH, Table, to_csv, to_excel, to_terminal
from graph.reports.unresolved import rows_from_graph

from .conftest import DATA, MEMO_ID, replace_once

runner = CliRunner()
COPY_ID = "ishoej-2023-kopi"


def rows_from_index(data: Path, build: Path) -> list:  # type: ignore[type-arg]
    """Every row the build precomputed for the report."""
    precomputed = Precomputed.open(build, persist.fresh_manifest(data, build))
    assert precomputed is not None
    try:
        return precomputed.unresolved_rows()
    finally:
        precomputed.close()


def code_changed(build: Path) -> None:
    """The build folder's manifest says another version of the code made it (the one freshness rule)."""
    manifest = json.loads((build / persist.MANIFEST).read_text(encoding="utf-8"))
    manifest["code"] = "an older version of the code"
    (build / persist.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def fresh_store(data: Path, build: Path):  # type: ignore[no-untyped-def]
    """The build folder's store if the folder is fresh, else None."""
    found = persist.fresh_build(data, build)
    return found[0] if found is not None else None



def _two_memos(root: Path) -> Path:
    data = root / "data"
    shutil.copytree(DATA, data)
    copy = data / "memos" / COPY_ID
    shutil.copytree(data / "memos" / MEMO_ID, copy)
    memo = copy / "memo.yaml"
    text = memo.read_text(encoding="utf-8")
    assert f"id: {MEMO_ID}\n" in text
    memo.write_text(text.replace(f"id: {MEMO_ID}\n", f"id: {COPY_ID}\n", 1), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("two-memos")
    data = _two_memos(root)
    out = root / "build"
    result = runner.invoke(app, ["build", "--data", str(data), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return data, out


def _report(data: Path, build: Path, *args: str, columns: str = "120") -> str:
    result = runner.invoke(app, ["report", "unresolved", "--data", str(data), "--build", str(build), *args], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    return result.stdout


CHOICES = [
    pytest.param([], id="all"),
    pytest.param(["--memo", COPY_ID], id="one-memo"),
    pytest.param(["--unit", "Gadeplan"], id="unit"),
    pytest.param(["--stakeholder", "Vestegns Politi", "--kind", "concern"], id="stakeholder-kind"),
    pytest.param(["--memo", MEMO_ID, "--unit", "Gadeplan", "--kind", "suggestion"], id="memo-unit-kind"),
    pytest.param(["--unit", "CBF", "--kind", "suggestion", "--stakeholder", "Vestegns Politi"], id="nothing-open"),
]


@pytest.mark.parametrize("choice", CHOICES)
@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "md", "table"])
def test_the_index_gives_what_the_graph_gives(two_builds: tuple[Path, Path], tmp_path: Path, choice: list[str], fmt: str) -> None:
    data, build = two_builds
    from_index = _report(data, build, "-f", fmt, *choice)
    asked = _report(data, tmp_path / "no-build", "-f", fmt, *choice)  # no build there: the graph is built in memory and asked
    assert from_index == asked
    assert from_index.strip()


@pytest.mark.parametrize("columns", [str(DEFAULT_WIDTH), "100"])
@pytest.mark.parametrize("fmt", ["csv", "table", "md"])
def test_the_whole_report_as_the_build_laid_it_out_is_the_report_laid_out_now(
    two_builds: tuple[Path, Path], tmp_path: Path, columns: str, fmt: str
) -> None:
    """The build lays out the whole report in csv and as the table off a terminal: the same text as laid out from the rows."""
    data, build = two_builds
    from_index = _report(data, build, "-f", fmt, columns=columns)
    asked = _report(data, tmp_path / "no-build", "-f", fmt, columns=columns)
    assert from_index == asked
    assert from_index.count("\n") > 60


def test_the_whole_report_is_read_as_the_build_laid_it_out(tmp_path: Path) -> None:
    """Only the whole report, in csv or as the table at the width off a terminal, is the build's text; anything else
    is laid out from the rows."""
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0
    def raw(fmt: str) -> str:  # as printed: CliRunner's stdout would turn csv's \r\n into \n
        result = runner.invoke(app, ["report", "unresolved", "--data", str(data), "--build", str(build), "-f", fmt],
                               env={"COLUMNS": str(DEFAULT_WIDTH)})
        assert result.exit_code == 0, result.output
        return result.stdout_bytes.decode("utf-8")

    expected = {fmt: raw(fmt) for fmt in ("csv", "table")}
    with closing(sqlite3.connect(build / INDEX_FILE)) as index, index:
        # a head per format, then a piece per unit, read in the report's order (most open first, then by label)
        for key, fmt, between in (("csv:da", "csv", ""), (f"table:{DEFAULT_WIDTH}:da", "table", "\n")):
            (head,) = index.execute("SELECT text FROM laid_out WHERE key = ? AND unit = ''", (key,)).fetchone()
            units = index.execute("SELECT text FROM laid_out WHERE key = ? AND unit != '' ORDER BY open DESC, label, iri", (key,))
            whole = zlib.decompress(head) + between.encode().join(zlib.decompress(text) for (text,) in units)  # each compressed
            assert whole.decode("utf-8") == expected[fmt]
        assert index.execute("SELECT COUNT(DISTINCT unit) FROM laid_out WHERE unit != ''").fetchone()[0] > 10
        index.execute("UPDATE laid_out SET text = ? WHERE unit = ''", (zlib.compress(b"as the build laid it out "),))
    for fmt in ("csv", "table"):
        assert _report(data, build, "-f", fmt, columns=str(DEFAULT_WIDTH)).startswith("as the build laid it out ")
    for args in (["-f", "table"], ["-f", "md"], ["-f", "tsv"], ["-f", "json"], ["--excel"], ["-f", "csv", "--lang", "en"]):
        assert "as the build laid it out" not in _report(data, build, *args)
    for args in (["--unit", "Gadeplan"], ["--memo", COPY_ID], ["--kind", "concern"], ["--stakeholder", "Vestegns Politi"]):
        assert "as the build laid it out" not in _report(data, build, "-f", "csv", *args, columns=str(DEFAULT_WIDTH))


def test_the_index_is_what_the_whole_store_answers(two_builds: tuple[Path, Path]) -> None:
    """The build asks each memo on its own; asked of all memos at once, the persistent store gives the same rows."""
    data, build = two_builds
    kept = rows_from_index(data, build)
    whole = rows_from_graph(Store(fresh_store(data, build)))  # type: ignore[arg-type]
    assert sorted(kept, key=repr) == sorted(whole, key=repr)
    memos = {row[2].split("/id/", 1)[1].split("/", 1)[0] for row in kept if row[2]}
    assert memos == {MEMO_ID, COPY_ID}


def test_both_memos_are_counted_under_their_shared_units(two_builds: tuple[Path, Path]) -> None:
    data, build = two_builds
    both = json.loads(_report(data, build, "-f", "json"))["results"]["bindings"]
    one = json.loads(_report(data, build, "-f", "json", "--memo", MEMO_ID))["results"]["bindings"]
    assert len(both) == 2 * len(one) > 0
    gadeplan = [row for row in both if row["unitLabel"]["value"] == "Gadeplan"]
    assert {row["open"]["value"] for row in gadeplan} == {str(len(gadeplan))}


def test_a_build_older_than_the_data_is_not_read(tmp_path: Path) -> None:
    """Change the data after the build: the report asks the graph, and shows the change."""
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0
    before = _report(data, build, "-f", "csv")
    shutil.rmtree(data / "memos" / COPY_ID)
    after = _report(data, build, "-f", "csv")
    assert len(after.splitlines()) - 1 == (len(before.splitlines()) - 1) / 2
    assert COPY_ID not in after


def test_an_unknown_memo_is_named_and_the_memos_listed(two_builds: tuple[Path, Path]) -> None:
    data, build = two_builds
    result = runner.invoke(app, ["report", "unresolved", "--data", str(data), "--build", str(build), "--memo", "ishoej-2024"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"hoeringsgraf: error: no memo is called 'ishoej-2024'; the memos are: {MEMO_ID}, {COPY_ID}"


def test_a_build_made_by_another_code_is_not_read(tmp_path: Path) -> None:
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0
    expected = _report(data, build, "-f", "csv", "--memo", COPY_ID)
    code_changed(build)
    with closing(sqlite3.connect(build / INDEX_FILE)) as index, index:
        index.execute("DELETE FROM unresolved")  # were it read, the report would be empty
        index.execute("DELETE FROM laid_out")
    assert _report(data, build, "-f", "csv", "--memo", COPY_ID) == expected


TRICKY = ["plain", "a, comma", 'a "quote"', "two\nlines", "semi; colon", "", "trailing\r\n", "æøå ÆØÅ"]


def test_csv_keeps_a_row_of_one_empty_field() -> None:
    written = to_csv(Table(["a"], [[""], ["x"]]))
    assert list(csv.reader(io.StringIO(written, newline=""))) == [["a"], [""], ["x"]]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_reads_back_as_the_cells(delimiter: str) -> None:
    table = Table(["a", "b"], [[x, y] for x in TRICKY for y in TRICKY])
    written = to_csv(table, delimiter=delimiter)
    read = list(csv.reader(io.StringIO(written, newline=""), delimiter=delimiter))
    assert read == [["a", "b"], *([x, y] for x in TRICKY for y in TRICKY)]
    assert to_excel(table).startswith("\ufeff".encode())


def test_the_terminal_table_shows_control_characters_as_escapes() -> None:
    shown = to_terminal(Table(["label"], [["red\x1b[31m alarm\x07 \u202egnp.exe"]], title="title\x1b]0;owned\x07"))
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "red\\u001b[31m alarm\\u0007 \\u202egnp.exe" in shown and "title\\u001b]0;owned\\u0007" in shown


def test_the_terminal_table_shows_line_breaks_as_spaces() -> None:
    shown = to_terminal(Table(["quote"], [["first line\r\nsecond\tline"]]))
    assert "first line second line" in shown


def test_the_terminal_table_fits_its_width() -> None:
    words = "Der er bekymring for videnstab samt det tætte og daglige samarbejde med StraXen og familierådgiverne " * 3
    shown = to_terminal(Table(["statement", "quote", "remarks"], [["ishoej-2023/gadeplan-1", words, words]]), width=80)
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert all(word in shown for word in words.split())  # a word no longer than its column is never broken


def test_an_index_of_another_build_or_no_database_is_not_read(tmp_path: Path) -> None:
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0
    expected = _report(data, build, "-f", "csv")
    with closing(sqlite3.connect(build / INDEX_FILE)) as index, index:
        index.execute("UPDATE meta SET value = 'an earlier build' WHERE key = 'build'")
        index.execute("DELETE FROM unresolved")
        index.execute("DELETE FROM laid_out")
    assert _report(data, build, "-f", "csv") == expected
    (build / INDEX_FILE).write_bytes(b"not a database" * 100)
    assert _report(data, build, "-f", "csv") == expected


def test_the_units_with_most_open_come_first_as_the_memo_says() -> None:
    """The sections and their counts, against the curated YAML read by plain Python (not through the graph)."""
    from ruamel.yaml import YAML

    from .conftest import MEMO_DIR

    yaml = YAML(typ="safe")
    memo = yaml.load((MEMO_DIR / "memo.yaml").read_text(encoding="utf-8"))
    labels = {o["id"]: o["label"] for o in yaml.load((DATA / "organisations.yaml").read_text(encoding="utf-8"))["organisations"]}
    labels |= {model["id"]: model["label"] for model in memo["reorganisation"]["models"]}  # a memo's own models are units too
    resolved = {sid for r in memo["recommendations"] for sid in r["addresses"]}
    counts: dict[str, int] = {}
    for respondent in memo["respondents"]:
        for statement in respondent["statements"]:
            if statement["kind"] in ("concern", "suggestion") and statement["id"] not in resolved:
                for unit in statement["about"]:
                    counts[unit] = counts.get(unit, 0) + 1
    expected = [f"{labels[unit]}: {n} open" for unit, n in sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]], item[0]))]
    shown = [line for line in _report(DATA, DATA.parent / "build-none", "-f", "table", "--lang", "en").splitlines() if line.endswith(" open")]
    assert shown == expected and len(expected) > 10


@pytest.mark.parametrize("width", [1, 5, 12, 26, 40])
def test_wrapping_is_greedy_and_loses_nothing(width: int) -> None:
    """Each line as full as the width allows, no line wider, a word broken only when wider than the width."""
    from graph.reports.formats import _wrapped

    words = "Der er bekymring for videnstab og det daglige samarbejde med StraXen Tryghed-og-Kriminalitetsforebyggelse a".split()
    for start in range(len(words)):
        text = " ".join(words[start:])
        lines = _wrapped(text, width)
        assert all(len(line) <= width for line in lines)
        if all(len(word) <= width for word in words[start:]):
            assert " ".join(lines) == text
            assert all(len(line) + 1 + len(after.split(" ")[0]) > width for line, after in zip(lines, lines[1:], strict=False))
        else:
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert _wrapped("", width) == [""]


def test_a_build_whose_precomputed_file_is_another_builds_is_built_again(tmp_path: Path) -> None:
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0
    again = runner.invoke(app, ["build", "--data", str(data), "--out", str(build)])
    assert again.exit_code == 0 and "is up to date" in again.stderr
    with closing(sqlite3.connect(build / INDEX_FILE)) as index, index:
        index.execute("UPDATE meta SET value = 'another build' WHERE key = 'build'")
    rebuilt = runner.invoke(app, ["build", "--data", str(data), "--out", str(build)])
    assert rebuilt.exit_code == 0 and "built 2 memo(s)" in rebuilt.stderr and "validated 0 memo(s)" in rebuilt.stderr
    assert "is up to date" in runner.invoke(app, ["build", "--data", str(data), "--out", str(build)]).stderr


def test_a_report_asked_of_the_graph_because_the_build_is_stale_says_so(tmp_path: Path) -> None:
    """Up to date: nothing on stderr. Older than the data, or laid out by other code: one note naming the build
    command, and the same report on stdout. No build folder at all: nothing on stderr."""
    data = _two_memos(tmp_path)
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data), "--out", str(build), "-q"]).exit_code == 0

    def report(folder: Path) -> tuple[str, str]:
        result = runner.invoke(app, ["report", "unresolved", "-f", "csv", "--data", str(data), "--build", str(folder), "--lang", "en"])
        assert result.exit_code == 0, result.output
        return result.stdout, result.stderr

    fresh, quiet = report(build)
    assert quiet == ""
    code_changed(build)
    asked, note = report(build)
    assert asked == fresh
    assert note.strip().splitlines() == [
        f"hoeringsgraf: note: {build} is older than {data} or than this version of hoeringsgraf, so the report was asked of the graph "
        f"(slow on many memos); `hoeringsgraf build --data {data} --out {build}` brings it up to date"]
    assert report(tmp_path / "no-build")[1] == ""


# --- declined points and subjects ---------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_declined_point_is_still_open_and_says_so(data_copy: Path, tmp_path: Path) -> None:
    """The administration deciding on no change for gadeplan-1 leaves it in the report, its status shown, by both ways."""
    replace_once(data_copy / "memos" / MEMO_ID / "memo.yaml", "  - id: r-sparring-og-samarbejde\n",
                 "  - id: r-sparring-og-samarbejde\n    decision: no-change\n")
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(build), "-q"]).exit_code == 0
    from_index = _report(data_copy, build, "--unit", "StraXen", "-f", "csv")
    assert from_index == _report(data_copy, tmp_path / "no-build", "--unit", "StraXen", "-f", "csv")
    statuses = {row["Udsagn (IRI)"].rsplit("/", 1)[-1]: (row["Status"], row["Status (IRI)"].rsplit("#", 1)[-1])
                for row in _csv_rows(from_index)}
    assert statuses == {"gadeplan-1": ("Afvist", "Declined"), "med-cbf-2": ("Ubesvaret", "Unanswered")}, "the README's two open points"
    assert "StraXen: 2 åbne" in _report(data_copy, build, "--unit", "StraXen")
    assert "StraXen: 2 open" in _report(data_copy, build, "--unit", "StraXen", "--lang", "en")
    declined = runner.invoke(app, ["query", "statements", "--param", "status=declined", "--data", str(data_copy), "--build", str(build),
                                   "-f", "csv"])
    assert declined.exit_code == 0, declined.output
    assert [row["statement"].rsplit("/", 1)[-1] for row in _csv_rows(declined.stdout)] == ["gadeplan-1"]
    said = runner.invoke(app, ["report", "stakeholder", "Gadeplan", "--data", str(data_copy), "--build", str(build), "-f", "csv",
                               "--section", "statuses"])
    assert said.exit_code == 0, said.output
    assert {row["Status"]: row["Udsagn"] for row in _csv_rows(said.stdout)} == {"Afvist": "1", "Besvaret": "1"}


def test_a_subject_is_a_section_of_the_report(data_copy: Path, tmp_path: Path) -> None:
    source = data_copy / "memos" / MEMO_ID / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "Borger 1\tJeg er bekymret for trafikken.\n", encoding="utf-8")
    memo = data_copy / "memos" / MEMO_ID / "memo.yaml"
    replace_once(memo, "\nrespondents:\n", "\nstakeholders:\n  - {id: borger-1, type: citizen, label: Borger 1}\n\n"
                 "subjects:\n  - {id: trafik, label: Trafik}\n\nrespondents:\n")
    replace_once(memo, "\nresponses:\n", "  - stakeholder: borger-1\n    statements:\n      - {id: borger-1-1, kind: concern, label: Trafikken, "
                 "about: [trafik], quote: Jeg er bekymret for trafikken.}\n\nresponses:\n")
    build = tmp_path / "build"
    assert runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(build), "-q"]).exit_code == 0
    for where in (build, tmp_path / "no-build"):
        rows = _csv_rows(_report(data_copy, where, "--unit", "Trafik", "-f", "csv"))
        assert [(row["Enhed"], row["Høringspart"], row["Udsagn (IRI)"].rsplit("/", 1)[-1]) for row in rows] == [
            ("Trafik", "Borger 1", "borger-1-1")
        ]
        rows = _csv_rows(_report(data_copy, where, "--stakeholder", "Borger 1", "-f", "csv"))
        assert len(rows) == 1
