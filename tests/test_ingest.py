"""`hoeringsgraf ingest`: a memo's table read into a draft data file, every guess marked for review.

The acceptance test ingests the shared memo and compares the draft with the curated data.
The other tests build their inputs here: one small table written as tab-separated text,
HTML, DOCX (python-docx) and PDF (fpdf2), which must all ingest to the same draft.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cli import app
from graph.ingest import MAX_BYTES, load_gazetteer
from graph.ingest.gazetteer import Gazetteer
from graph.ingest.kinds import guess_kind
from graph.model.quotes import anchor
from graph.model.yaml_models import load_memo

from .conftest import DATA, MEMO_DIR, REPO

SHARED_MEMO = REPO.parent / "shared" / "memo" / "003_eb330104a7def519.txt"
needs_shared = pytest.mark.skipif(not SHARED_MEMO.is_file(), reason="shared/memo/ is not beside the repository")


def _ingest(*args: str) -> Any:
    return CliRunner().invoke(app, ["ingest", *args])


def test_help() -> None:
    result = _ingest("--help")
    assert result.exit_code == 0, result.output
    assert "--memo-id" in result.output and "--force" in result.output


def _quotes(value: Any) -> list[tuple[str, int | None]]:
    """A quote field as (text, occurrence) pairs."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [(item, None) if isinstance(item, str) else (item["text"], item.get("occurrence")) for item in items]


# --- the acceptance test: the shared memo against the curated data --------------------------


@needs_shared
def test_the_shared_memo_reproduces_the_curated_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ishoej-2023"
    result = _ingest(str(SHARED_MEMO), "--memo-id", "ishoej-2023", "-o", str(folder), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    assert (folder / "source.txt").read_bytes() == SHARED_MEMO.read_bytes(), "a tab-separated memo is kept byte for byte"

    draft, curated = load_memo(folder), load_memo(MEMO_DIR)
    assert [r.stakeholder for r in draft.model.respondents] == [r.stakeholder for r in curated.model.respondents]

    def statements(memo: Any) -> dict[tuple[str, tuple[tuple[int, int], ...]], str]:
        found = {}
        for respondent in memo.model.respondents:
            for statement in respondent.statements:
                spans = tuple((a.start, a.end) for a in (anchor(memo.source_text, q.text, q.occurrence) for q in statement.quote))
                found[(respondent.stakeholder, spans)] = statement.kind
        return found

    drafted, wanted = statements(draft), statements(curated)
    same = [key for key in wanted if key in drafted]
    same_kind = [key for key in same if drafted[key] == wanted[key]]
    share = len(same) / len(wanted)
    with capsys.disabled():
        print(
            f"\ningest acceptance: {len(same)} of {len(wanted)} curated statements ({share:.1%}) drafted with the same respondent "
            f"and quote; {len(same_kind)} of them with the same kind; {len(drafted)} statements drafted"
        )
    assert share >= 0.95, f"only {len(same)} of {len(wanted)} statements match"


@needs_shared
def test_every_quote_of_the_draft_is_found_where_it_says(tmp_path: Path) -> None:
    folder = tmp_path / "ishoej-2023"
    assert _ingest(str(SHARED_MEMO), "--memo-id", "ishoej-2023", "-o", str(folder), "--data", str(DATA)).exit_code == 0
    text = (folder / "source.txt").read_text(encoding="utf-8")
    raw = yaml.safe_load((folder / "memo.yaml").read_text(encoding="utf-8"))
    quotes: list[tuple[str, int | None]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            quotes.extend(_quotes(value.get("quote")))
            for key, item in value.items():
                if key != "quote":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(raw)
    assert len(quotes) > 50
    for quote, occurrence in quotes:
        anchor(text, quote, occurrence)  # raises when absent, or repeated without the right occurrence
    repeated = [(quote, occurrence) for quote, occurrence in quotes if occurrence is not None]
    assert repeated, "the memo repeats some words; their quotes say which occurrence"
    for quote, _ in repeated:
        assert text.count(quote) > 1


# --- one small table in four formats ------------------------------------------------


@dataclass(frozen=True)
class Par:
    text: str
    item: bool = False
    heading: bool = False


TITLE = "Høringsnotat om Gadeplans fremtid 2024"
PREAMBLE = [
    "Forslaget har været i høring den 1. marts 2024 til den 2. april 2024.",
    "Dette notat behandler de høringssvar, der er afgivet til Center for Ledelse og Strategi i Ishøj Kommune.",
]
HEADER = ["Høringspart", "Høringssvar", "Administrationens bemærkninger", "Administrationens indstilling til ændringer"]
ROWS: list[list[list[Par]]] = [
    [
        [Par("Gadeplan")],
        [
            Par("Risiko for videnstab", heading=True),
            Par("Der er bekymring for at StraXens medarbejdere mister den daglige sparring.", item=True),
            Par("Der er et ønske om et tæt samarbejde med CBF om de unge.", item=True),
            Par("Der er uklarhed om Ungdomsskolens rolle.", item=True),
        ],
        [Par("Samarbejdet fortsætter i den nye organisering."), Par("Der laves klare aftaler om sparring med rådgiverne.")],
        [Par("Lederen af Gadeplan tilknyttes styregruppen")],
    ],
    [
        [Par("Ungdomsskolen")],
        [Par("Der er opbakning til at samle indsatsen i Ishøj Ungdoms regi.")],
        [Par("Opbakningen noteres.")],
        [],
    ],
    [
        [],
        [Par("Det er vigtigt at Gadeplan fortsat er synlig i boligområderne.", item=True)],
        [],
        [],
    ],
    [
        [Par("Bestyrelsen for Ishøj Ungdom")],
        [Par("Der foreslås, at lederen af Gadeplan kommer med i styregruppen.")],
        [Par("Lederen af Gadeplan tilknyttes styregruppen, som bestyrelsen foreslår.")],
        [Par("Lederen af Gadeplan tilknyttes styregruppen (samme indstilling som ovenfor)")],
    ],
]


def _tsv_cell(cell: list[Par]) -> str:
    parts: list[str] = []
    items: list[str] = []
    for par in cell:
        if par.item:
            items.append(f" - {par.text}")
            continue
        if items:
            parts.append('<ul style="list-style-type: none">' + "".join(items) + " </ul>")
            items = []
        parts.append(f"<p><u>{par.text}</u></p>" if par.heading else f"<p>{par.text}</p>")
    if items:
        parts.append('<ul style="list-style-type: none">' + "".join(items) + " ")
    return " ".join(parts)


def write_tsv(path: Path) -> None:
    lines = ["", TITLE, "", *(f"{line}\n" for line in PREAMBLE), "\t".join(HEADER)]
    lines += ["\t".join(_tsv_cell(cell) for cell in row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_html(path: Path) -> None:
    def cell(pars: list[Par]) -> str:
        out, items = [], []
        for par in pars:
            if par.item:
                items.append(f"<li>{par.text}</li>")
                continue
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
                items = []
            out.append(f"<p><u>{par.text}</u></p>" if par.heading else f"<p>{par.text}</p>")
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
        return "<td>" + "\n".join(out) + "</td>"

    rows = ["<tr>" + "".join(f"<th>{text}</th>" for text in HEADER) + "</tr>"]
    rows += ["<tr>" + "".join(cell(pars) for pars in row) + "</tr>" for row in ROWS]
    body = f"<h1>{TITLE}</h1>\n" + "".join(f"<p>{text}</p>\n" for text in PREAMBLE) + "<table>\n" + "\n".join(rows) + "\n</table>"
    path.write_text(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Notat</title></head><body>\n{body}\n</body></html>\n', "utf-8")


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for text in PREAMBLE:
        document.add_paragraph(text)
    table = document.add_table(rows=1 + len(ROWS), cols=4)
    for column, text in enumerate(HEADER):
        table.rows[0].cells[column].text = text
    for row_index, row in enumerate(ROWS, start=1):
        for column, pars in enumerate(row):
            target = table.rows[row_index].cells[column]
            for index, par in enumerate(pars):
                paragraph = target.paragraphs[0] if index == 0 else target.add_paragraph()
                if par.item:
                    paragraph.style = document.styles["List Bullet"]
                run = paragraph.add_run(par.text)
                run.underline = par.heading
    document.save(str(path))


def write_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for text in (TITLE, *PREAMBLE):
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    def cell(pars: list[Par]) -> str:
        blocks: list[str] = []
        for par in pars:
            line = f"- {par.text}" if par.item else par.text
            if par.item and blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
        return "\n\n".join(blocks)

    with pdf.table(col_widths=(30, 70, 50, 40)) as table:
        for row_texts in [HEADER, *[[cell(pars) for pars in row] for row in ROWS]]:
            row = table.row()
            for text in row_texts:
                row.cell(text)
    pdf.output(str(path))


WRITERS = {"tsv": (write_tsv, ".txt"), "html": (write_html, ".html"), "docx": (write_docx, ".docx"), "pdf": (write_pdf, ".pdf")}


def _draft(tmp_path: Path, kind: str) -> tuple[dict[str, Any], dict[str, Any] | None, Path]:
    writer, suffix = WRITERS[kind]
    memo_file = tmp_path / f"notat{suffix}"
    writer(memo_file)
    folder = tmp_path / "drafts" / kind / "gadeplan-2024"
    result = _ingest(str(memo_file), "--memo-id", "gadeplan-2024", "-o", str(folder), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    memo = yaml.safe_load((folder / "memo.yaml").read_text(encoding="utf-8"))
    proposals = folder / "organisations.draft.yaml"
    return memo, yaml.safe_load(proposals.read_text(encoding="utf-8")) if proposals.exists() else None, folder


@pytest.fixture(scope="module")
def small_drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None, Path]]:
    tmp = tmp_path_factory.mktemp("small")
    return {kind: _draft(tmp, kind) for kind in WRITERS}


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_every_format_ingests_to_the_same_draft(small_drafts: dict[str, Any], kind: str) -> None:
    memo, proposals, _ = small_drafts[kind]
    tsv_memo, tsv_proposals, _ = small_drafts["tsv"]
    assert memo == tsv_memo
    assert proposals == tsv_proposals


def test_the_small_draft_reads_the_table(small_drafts: dict[str, Any]) -> None:
    memo, proposals, folder = small_drafts["tsv"]
    assert memo["title"] == TITLE
    assert (str(memo["consultation"]["start"]), str(memo["consultation"]["end"])) == ("2024-03-01", "2024-04-02")
    assert memo["publisher"] == "ishoej/center-for-ledelse-og-strategi"
    respondents = [respondent["stakeholder"] for respondent in memo["respondents"]]
    assert respondents == ["ishoej/gadeplan", "ishoej/ungdomsskolen", "ishoej/bestyrelsen-for-ishoej-ungdom"]
    statements = {s["id"]: s for r in memo["respondents"] for s in r["statements"]}
    written = [par.text for row in ROWS for par in row[1] if not par.heading]
    assert [s["quote"] for s in statements.values()] == written, "one statement per bullet or paragraph, quoted whole"
    assert [s["kind"] for s in statements.values()] == ["concern", "suggestion", "concern", "support", "suggestion", "suggestion"]
    assert all(any(mark.startswith("kind guessed from") for mark in s["review"]) for s in statements.values())
    gadeplan = memo["respondents"][0]["statements"]
    assert {s["theme"] for s in gadeplan} == {"risiko-for-videnstab"}
    assert memo["themes"] == [{"id": "risiko-for-videnstab", "label": "Risiko for videnstab", "quote": "Risiko for videnstab"}]
    # the row whose first cell is empty continues Ungdomsskolen's row
    assert [s["quote"] for s in memo["respondents"][1]["statements"]][-1].startswith("Det er vigtigt at Gadeplan")
    # the unknown respondent is proposed as a new unit, and found again where a statement names it
    assert proposals == {
        "organisations": [{"id": "ishoej/ungdomsskolen", "type": "unit", "label": "Ungdomsskolen", "part_of": "ishoej/kommune", "stakeholder": True}]
    }
    assert "ishoej/ungdomsskolen" in statements["gadeplan-3"]["about"]
    assert any("organisations.draft.yaml" in mark for mark in memo["respondents"][1]["review"])
    # "samme indstilling som ovenfor": one recommendation with both places it is given
    (recommendation,) = memo["recommendations"]
    assert _quotes(recommendation["quote"]) == [
        ("Lederen af Gadeplan tilknyttes styregruppen", 1),
        ("Lederen af Gadeplan tilknyttes styregruppen", 3),
    ]
    assert "bestyrelsen-for-ishoej-ungdom-1" in recommendation["addresses"]
    assert load_memo(folder).model.id == "gadeplan-2024", "the draft loads as a memo"


# --- the gazetteer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        pytest.param("herunder især StraXens medarbejdere", "ishoej/straxen", id="possessive-straxens"),
        pytest.param("mellem Ishøj Ungdoms udgående medarbejdere", "ishoej/ishoej-ungdom", id="possessive-ishoej-ungdoms"),
        pytest.param("ikke er Gadeplans primære målgruppe", "ishoej/gadeplan", id="possessive-gadeplans"),
        pytest.param("det fremtidige gadeplansarbejde", "ishoej/gadeplan", id="compound-gadeplansarbejde"),
        pytest.param("samarbejdet med rådgiverne", "ishoej/familieraadgivere", id="definite-raadgiverne"),
        pytest.param("mellem helhedsplanen og kommunen", "ishoej/helhedsplan-vejleaaparken", id="definite-helhedsplanen"),
        pytest.param("den operative indsats skal placeres", "ishoej/operativ-indsats", id="adjective-operative"),
        pytest.param("et tæt samarbejde med CBF om de unge", "ishoej/cbf", id="abbreviation-cbf"),
        pytest.param("Lokal MED Ishøj Ungdom svarer", "ishoej/lokal-med-ishoej-ungdom", id="longest-name-wins"),
    ],
)
def test_the_gazetteer_finds_inflected_names(text: str, unit: str) -> None:
    gazetteer, _ = load_gazetteer(DATA)
    assert [mention.unit for mention in gazetteer.find(text)] == [unit]


def test_the_gazetteer_leaves_other_words_alone() -> None:
    gazetteer, _ = load_gazetteer(DATA)
    assert gazetteer.find("en politisk beslutning om cbf og medarbejdernes trivsel") == []


def test_the_gazetteer_learns_an_abbreviation_from_the_memo() -> None:
    gazetteer = Gazetteer.of([("x/cbf", ["Center for Børn og Forebyggelse"]), ("x/med", ["Lokal MED Center for Børn og Forebyggelse"])])
    assert gazetteer.find("samarbejdet med CBF") == []
    found = gazetteer.learn_abbreviations("Lokal MED Center for Børn og Forebyggelse (CBF) skriver")
    assert found == [("CBF", "Center for Børn og Forebyggelse")]
    assert [(mention.unit, mention.surface) for mention in gazetteer.find("samarbejdet med CBF's rådgivere")] == [("x/cbf", "CBF's")]


def test_units_of_another_municipality_are_not_taken_for_this_ones(tmp_path: Path) -> None:
    memo_file = tmp_path / "koege.txt"
    memo_file.write_text(
        "Høringsnotat om skolestruktur\n\nForslaget fra Køge Kommune har været i høring den 1. marts 2024 til den 2. april 2024.\n\n"
        "Lokal MED Center for Børn og Forebyggelse\t<p>Der er bekymring for Vestegns Politi.</p>\t<p>Bemærkningen.</p>\t\n",
        encoding="utf-8",
    )
    folder = tmp_path / "koege-2024"
    result = _ingest(str(memo_file), "--memo-id", "koege-2024", "-o", str(folder), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    memo = yaml.safe_load((folder / "memo.yaml").read_text(encoding="utf-8"))
    assert memo["municipality"] == "koege/kommune"
    assert memo["consultation"]["label"] == "Høring om skolestruktur"
    (respondent,) = memo["respondents"]
    assert respondent["stakeholder"] == "koege/lokal-med-center-for-boern-og-forebyggelse"
    assert respondent["statements"][0]["about"] == ["vestegns-politi"], "a unit of no municipality is everyone's"
    proposals = yaml.safe_load((folder / "organisations.draft.yaml").read_text(encoding="utf-8"))["organisations"]
    assert [unit["id"] for unit in proposals] == ["koege/kommune", "koege/lokal-med-center-for-boern-og-forebyggelse"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Der er bekymring for videnstab", "concern"),
        ("Der er undren over behovet", "concern"),
        ("Der er uklare rammer", "concern"),
        ("Der har været usikkerhed omkring", "concern"),
        ("Der foreslås, at lederne", "suggestion"),
        ("Der er et ønske om", "suggestion"),
        ("Der anbefales et skærpet fokus", "suggestion"),
        ("Det er vigtigt at have daglig sparring", "suggestion"),
        ("Der gøres opmærksom på vigtigheden", "suggestion"),
        ("Der er opbakning til", "support"),
        ("Der er stor tilfredshed i samarbejdet", "support"),
        ("Fordele ved model 1: det ligner", "support"),
    ],
)
def test_cue_words_give_the_kind(text: str, kind: str) -> None:
    guess = guess_kind(text)
    assert guess is not None and guess[0] == kind


# --- remarks linked by their place in the row -----------------------------------------------


def test_remarks_are_placed_by_row_order_and_say_so_when_unclear(tmp_path: Path) -> None:
    memo_file = tmp_path / "notat.txt"
    rows = [
        "Gadeplan\t<ul> - Der er bekymring for StraXen. - Der er bekymring for CBF. - Der er bekymring for Ishøj Ungdom.</ul>"
        "\t<p>Første bemærkning.</p> <p>Anden bemærkning.</p>\t",
        "Vestegns Politi\t<p>Der er opbakning til Gadeplan.</p>\t<p>Tak for opbakningen.</p>\t",
    ]
    memo_file.write_text("Et notat\n\nI høring den 1. marts 2024 til den 2. april 2024.\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    folder = tmp_path / "notat-2024"
    result = _ingest(str(memo_file), "--memo-id", "notat-2024", "-o", str(folder), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    memo = yaml.safe_load((folder / "memo.yaml").read_text(encoding="utf-8"))
    first, second, third = memo["responses"]
    assert first["responds_to"] == ["gadeplan-1"]
    assert second["responds_to"] == ["gadeplan-2", "gadeplan-3"]
    for remark in (first, second):
        assert any("several remarks in this row" in mark for mark in remark["review"]), remark
    assert third["responds_to"] == ["vestegns-politi-1"]
    assert "review" not in third, "one remark beside one statement is clear"


# --- validate lists the marks that remain ---------------------------------------------------


def _data_with_draft(tmp_path: Path, small_drafts: dict[str, Any]) -> tuple[Path, Path]:
    data = tmp_path / "data"
    (data / "memos").mkdir(parents=True)
    organisations = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    _, proposals, folder = small_drafts["tsv"]
    organisations["organisations"] += proposals["organisations"]  # as the analyst moves them in
    (data / "organisations.yaml").write_text(yaml.safe_dump(organisations, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = data / "memos" / folder.name
    shutil.copytree(folder, target)
    (target / "organisations.draft.yaml").unlink()
    return data, target / "memo.yaml"


def test_validate_lists_the_marks_that_remain(tmp_path: Path, small_drafts: dict[str, Any]) -> None:
    data, memo_path = _data_with_draft(tmp_path, small_drafts)
    lines = memo_path.read_text(encoding="utf-8").splitlines()
    marks = sum(len(entry.get("review", [])) for entry in _entries(yaml.safe_load("\n".join(lines))))
    assert marks > 10
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    said = result.stderr.splitlines()
    assert f"{marks} draft guess(es) remain unreviewed:" in said, result.stderr
    listed = [line.strip() for line in said if ", field 'review': " in line]
    assert len(listed) == marks
    for line in listed:
        place, text = line.split(", field 'review': ", 1)
        number = int(place.split(",")[0].rsplit(":", 1)[1])
        assert yaml.safe_load(lines[number - 1].strip()) == [text], (line, lines[number - 1])
        assert " entry '" in place

    # without the marks, validate says nothing of them and exits as it did
    clean = yaml.safe_load("\n".join(lines))
    for entry in _entries(clean):
        entry.pop("review", None)
    memo_path.write_text(yaml.safe_dump(clean, allow_unicode=True, sort_keys=False), encoding="utf-8")
    again = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert "unreviewed" not in again.stderr
    assert again.exit_code == result.exit_code


def test_validate_lists_proposed_units(tmp_path: Path, small_drafts: dict[str, Any]) -> None:
    data, memo_path = _data_with_draft(tmp_path, small_drafts)
    _, proposals, _ = small_drafts["tsv"]
    (memo_path.parent / "organisations.draft.yaml").write_text(yaml.safe_dump(proposals, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert "organisations.draft.yaml:2, entry 'ishoej/ungdomsskolen'" in result.stderr
    assert "proposed new unit 'Ungdomsskolen'" in result.stderr


def test_validate_on_curated_data_lists_no_marks() -> None:
    result = CliRunner().invoke(app, ["validate", "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "unreviewed" not in result.stderr


def _entries(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *[entry for item in value.values() for entry in _entries(item)]]
    if isinstance(value, list):
        return [entry for item in value for entry in _entries(item)]
    return []


# --- writing: never over a draft without --force, atomically -------------------------------------


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    memo_file = tmp_path / "notat.txt"
    write_tsv(memo_file)
    folder = tmp_path / "gadeplan-2024"
    args = [str(memo_file), "--memo-id", "gadeplan-2024", "-o", str(folder), "--data", str(DATA)]
    assert _ingest(*args).exit_code == 0
    (folder / "memo.yaml").write_text("# the analyst's reviewed work\n", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    refused = _ingest(*args)
    assert refused.exit_code == 2
    assert "exists" in refused.stderr and "--force" in refused.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before

    forced = _ingest(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert (folder / "memo.yaml").read_text(encoding="utf-8").startswith("# DRAFT")
    assert sorted(path.name for path in folder.iterdir()) == ["memo.yaml", "organisations.draft.yaml", "source.txt"], "no temporary file is left"


def test_default_folder_is_under_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "organisations.yaml", data / "organisations.yaml")
    memo_file = tmp_path / "notat.html"
    write_html(memo_file)
    result = _ingest(str(memo_file), "--memo-id", "gadeplan-2024", "--data", str(data))
    assert result.exit_code == 0, result.output
    folder = data / "memos" / "gadeplan-2024"
    memo = load_memo(folder)
    for respondent in memo.model.respondents:
        for statement in respondent.statements:
            for quote in statement.quote:
                assert quote.text in memo.source_text


# --- bad input: one line, exit code 2, nothing written ------------------------------------------


def _no_table(path: Path) -> Path:
    path = path / "brev.txt"
    path.write_text("Kære borger\n\nTak for dit høringssvar. Vi vender tilbage.\n", encoding="utf-8")
    return path


def _empty(path: Path) -> Path:
    path = path / "tom.txt"
    path.write_bytes(b"")
    return path


def _blank(path: Path) -> Path:
    path = path / "blank.docx"
    path.write_bytes(b"  \n\n ")
    return path


def _scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    path = path / "scannet.pdf"
    pdf.output(str(path))
    return path


def _wrong_encoding(path: Path) -> Path:
    path = path / "latin1.txt"
    path.write_bytes("Høringsnotat\n\nLokal MED Ishøj Ungdom\tDer er bekymring\tBemærkning\t\n".encode("latin-1"))
    return path


def _huge(path: Path) -> Path:
    path = path / "stor.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk is used for the hole
    return path


def _damaged_docx(path: Path) -> Path:
    path = path / "skadet.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path


def _docx_without_table(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Et notat uden tabel.")
    path = path / "uden-tabel.docx"
    document.save(str(path))
    return path


def _html_without_table(path: Path) -> Path:
    path = path / "uden-tabel.html"
    path.write_text("<html><body><p>Et notat uden tabel.</p></body></html>", encoding="utf-8")
    return path


def _no_such_file(path: Path) -> Path:
    return path / "findes-ikke.pdf"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(_no_table, "not a consultation memo", id="no-table"),
        pytest.param(_docx_without_table, "not a consultation memo", id="docx-without-table"),
        pytest.param(_html_without_table, "not a consultation memo", id="html-without-table"),
        pytest.param(_empty, "the file is empty", id="empty"),
        pytest.param(_blank, "the file is empty", id="blank"),
        pytest.param(_scanned_pdf, "no text layer", id="scanned-pdf"),
        pytest.param(_wrong_encoding, "not UTF-8 text (byte 1)", id="wrong-encoding"),
        pytest.param(_huge, "a memo is at most 50 MB", id="hundreds-of-mb"),
        pytest.param(_damaged_docx, "cannot read it as a Word .docx file", id="damaged-docx"),
        pytest.param(_no_such_file, "no such file", id="no-such-file"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, make: Any, message: str) -> None:
    memo_file = make(tmp_path)
    folder = tmp_path / "out" / "bad-2024"
    result = _ingest(str(memo_file), "--memo-id", "bad-2024", "-o", str(folder), "--data", str(DATA))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"hoeringsgraf: error: {memo_file}: "), result.stderr
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "out").exists(), "nothing is written"


def test_the_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo_file = _huge(tmp_path)
    assert os.stat(memo_file).st_blocks * 512 < MAX_BYTES, "the test file is sparse"
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    result = _ingest(str(memo_file), "--memo-id", "bad-2024", "-o", str(tmp_path / "out" / "bad-2024"), "--data", str(DATA))
    assert result.exit_code == 2
    assert read == []


@pytest.mark.parametrize(
    ("memo_id", "folder", "message"),
    [
        pytest.param("Gadeplan 2024", None, "not a valid memo id", id="bad-id"),
        pytest.param("gadeplan-2024", "andet-navn", "must be named after the memo id", id="folder-not-the-id"),
    ],
)
def test_bad_arguments(tmp_path: Path, memo_id: str, folder: str | None, message: str) -> None:
    memo_file = tmp_path / "notat.txt"
    write_tsv(memo_file)
    args = [str(memo_file), "--memo-id", memo_id, "--data", str(tmp_path / "data")]
    if folder is not None:
        args += ["-o", str(tmp_path / folder)]
    result = _ingest(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "andet-navn").exists()
