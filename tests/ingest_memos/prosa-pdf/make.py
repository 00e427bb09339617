"""Writes hoeringsnotat.pdf: a prose høringsnotat, one numbered section per respondent with labelled parts.

Fictional content in the style of a Danish municipality's memo on a solar park (kommuneplantillæg and
lokalplan). The PDF has a text layer (fpdf2, a Unicode TTF font), a letterhead and page numbers in the
footer. `make(folder, fmt="docx")` writes the same memo as hoeringsnotat.docx with headings
"Høringssvar nr. N – …" and the decision inline after its label (tests/ingest_memos/prosa-docx).
Deterministic: the same bytes on every run.

    python tests/ingest_memos/prosa-pdf/make.py FOLDER [pdf|docx]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

FILES = {"pdf": "hoeringsnotat.pdf", "docx": "hoeringsnotat.docx"}

LETTERHEAD = ["Vordingborg Kommune", "Plan og Byg", "12. marts 2025", "Sagsnr. 24/28113"]
TITLE = "Høringsnotat"
SUBTITLE = "Forslag til Kommuneplantillæg nr. 12 og Lokalplan nr. 3.21 – Solcellepark ved Ørslev"
INTRO = [
    ("h", "Indledning"),
    ("p", "Planudvalget besluttede den 11. december 2024 at sende forslagene i offentlig høring."),
    (
        "p",
        "Forslagene har været i offentlig høring i perioden fra den 6. januar 2025 til den 3. marts 2025. Der er indkommet "
        "8 høringssvar, som er gengivet i resumé nedenfor med administrationens bemærkninger og indstilling.",
    ),
    ("p", "Høringssvarene er nummereret i den rækkefølge, de er modtaget. Høringssvarene kan ses i deres fulde længde i bilag 1."),
    ("h", "Høringssvar"),
]
NO_CHANGE = "Høringssvaret giver ikke anledning til ændringer."

# (name, response, remarks, decision); a paragraph is ("p", text) or ("li", text)
SECTIONS: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]] = [
    (
        "Dansk Ornitologisk Forening Storstrøm",
        [
            ("p", "DOF Storstrøm er bekymret for, at solcelleparken vil fortrænge rastende gæs og sangsvaner fra markerne øst for Ørslev."),
            ("p", "Foreningen anbefaler, at der udlægges en 50 meter bred naturzone langs Ørslev Å."),
        ],
        [
            (
                "p",
                "Miljørapporten vurderer, at markerne øst for Ørslev har begrænset betydning som rasteområde, da de vigtige "
                "rasteområder i kommunen ligger ved Ulvshale og Nyord.",
            ),
            ("p", "Administrationen er enig i, at en bredere naturzone langs Ørslev Å vil styrke områdets biodiversitet."),
        ],
        [("p", "Administrationen indstiller, at naturzonen langs Ørslev Å udvides fra 20 til 50 meter.")],
    ),
    (
        "Borger, Skovvej 4",
        [
            (
                "li",
                "Borgeren gør indsigelse mod solcelleparken, da anlægget vil ligge 150 meter fra boligen og ændre udsigten over det åbne land.",
            ),
            ("li", "Borgeren frygter, at ejendommens værdi vil falde, når anlægget er opført."),
            ("li", "Der ønskes en afskærmende beplantning på mindst 5 meters højde mod Skovvej."),
        ],
        [
            (
                "p",
                "Afstanden fra anlægget til nærmeste bolig er fastsat til mindst 150 meter, hvilket er i overensstemmelse med "
                "kommunens retningslinjer for solcelleanlæg i det åbne land.",
            ),
            (
                "p",
                "Ejendommens værdi er ikke et planlægningsmæssigt forhold. Opstilleren er efter VE-loven forpligtet til at tilbyde "
                "naboer en værditabsordning.",
            ),
            (
                "p",
                "Lokalplanen fastsætter en afskærmende beplantning på 3 meters højde. En højere beplantning vil skygge for "
                "solpanelerne nærmest Skovvej.",
            ),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "Museum Sydøstdanmark",
        [
            ("p", "Museet gør opmærksom på, at der inden for planområdet er registreret to gravhøje og spor af en jernalderbebyggelse."),
            ("p", "Museet anbefaler, at der foretages en arkæologisk forundersøgelse, inden anlægsarbejdet går i gang."),
        ],
        [
            ("p", "Gravhøjene er beskyttede efter museumsloven og ligger uden for de arealer, hvor der må opstilles solpaneler."),
            ("p", "Administrationen er enig i, at en forundersøgelse bør gennemføres, og at det bør fremgå af lokalplanens redegørelse."),
        ],
        [
            (
                "p",
                "Administrationen indstiller, at lokalplanens redegørelse suppleres med et afsnit om arkæologisk forundersøgelse før anlægsarbejdet.",
            )
        ],
    ),
    (
        "Energinet",
        [
            ("li", "Energinet har ingen indvendinger mod planforslaget."),
            ("li", "Der skal holdes en sikkerhedsafstand på mindst 20 meter til 132 kV-luftledningen, som krydser den nordlige del af området."),
        ],
        [("p", "Sikkerhedsafstanden til luftledningen er indarbejdet i lokalplanens kortbilag 3.")],
        [("p", NO_CHANGE)],
    ),
    (
        "Ørslev Borgerforening",
        [
            ("p", "Borgerforeningen støtter, at der etableres en grøn pulje, som kan finansiere projekter i lokalsamfundet."),
            ("p", "Foreningen opfordrer til, at stien gennem området bliver offentligt tilgængelig og forbindes med Ørslev Skole."),
            ("p", "Mange i landsbyen går i dag tur og rider på markvejen mellem Ørslev og Kalvehave."),
        ],
        [
            ("p", "Den grønne pulje efter VE-loven administreres af kommunen, og lokalsamfundet kan søge midler fra den."),
            ("p", "Lokalplanen sikrer en offentlig sti gennem området langs Ørslev Å. En forbindelse til Ørslev Skole ligger uden for planområdet."),
            ("p", "Markvejen bevares og indgår i stiforløbet."),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "Sydsol Energi ApS",
        [
            (
                "p",
                "Opstilleren foreslår, at byggefeltet for transformerstationen flyttes 40 meter mod vest, så den kommer længere væk "
                "fra nabobeboelsen.",
            ),
            ("p", "Selskabet ønsker, at den maksimale højde for solpanelerne hæves fra 3,0 til 3,5 meter."),
        ],
        [
            ("p", "Administrationen finder en flytning af transformerstationen hensigtsmæssig, da den mindsker støjen ved nærmeste nabo."),
            ("p", "En højde på 3,5 meter vil gøre anlægget mere synligt i landskabet, og højden fastholdes derfor på 3,0 meter."),
        ],
        [
            (
                "p",
                "Administrationen indstiller, at byggefeltet for transformerstationen på kortbilag 2 flyttes 40 meter mod vest. "
                "Ønsket om en større højde giver ikke anledning til ændringer.",
            ),
        ],
    ),
    (
        "Danmarks Naturfredningsforening Vordingborg",
        [
            ("p", "Foreningen finder det positivt, at området skal drives uden brug af pesticider og gødning."),
            ("p", "Danmarks Naturfredningsforening savner en beskrivelse af, hvordan hegnet udformes, så rådyr og andre dyr kan passere."),
        ],
        [
            (
                "p",
                "Lokalplanen fastsætter, at hegnet skal være et vildtvenligt hegn med en frihøjde på 20 cm over terræn, og at der "
                "etableres faunapassager for hver 200 meter.",
            ),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "Anne og Peter Lindholm, Ørslevvej 21",
        [
            ("p", "Vi er bekymrede for genskin fra solpanelerne ind i vores stue og have, da vores hus ligger lavere end marken."),
            ("p", "Vi beder om, at der laves en genskinsberegning for vores ejendom."),
        ],
        [
            (
                "p",
                "Solpanelerne er antirefleksbehandlede, og miljørapportens genskinsanalyse, som omfatter ejendommene på Ørslevvej, "
                "viser, at der ikke vil være genskin ved boligerne.",
            ),
        ],
        [("p", NO_CHANGE)],
    ),
]
CLOSING = [
    ("h", "Samlet indstilling"),
    ("p", "Administrationen indstiller, at kommuneplantillæg nr. 12 og lokalplan nr. 3.21 vedtages endeligt med følgende ændringer:"),
    ("li", "Naturzonen langs Ørslev Å udvides fra 20 til 50 meter."),
    ("li", "Lokalplanens redegørelse suppleres med et afsnit om arkæologisk forundersøgelse før anlægsarbejdet."),
    ("li", "Byggefeltet for transformerstationen på kortbilag 2 flyttes 40 meter mod vest."),
    ("h", "Den videre proces"),
    ("p", "Planerne forelægges Planudvalget den 2. april 2025 og Byrådet den 24. april 2025 til endelig vedtagelse."),
]
LABELS = ("Høringssvaret:", "Administrationens bemærkninger:", "Administrationens indstilling:")
FIXED = dt.datetime(2025, 3, 12, 9, 0, 0, tzinfo=dt.UTC)


def font_file(bold: bool = False) -> Path:
    """DejaVuSans (regular or bold): Debian's copy, else any on the system; an error naming what was looked for."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts")):
        if (folder / name).is_file():
            return folder / name
        found = sorted(folder.rglob(name)) if folder.is_dir() else []
        if found:
            return found[0]
    raise FileNotFoundError(f"no {name} under /usr/share/fonts: install fonts-dejavu-core to write the prose PDF")


def heading(number: int, name: str, fmt: str) -> str:
    return f"{number}. {name}" if fmt == "pdf" else f"Høringssvar nr. {number} – {name}"


def _pdf(path: Path) -> None:
    from fpdf import FPDF

    class Memo(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "B", 9)
            self.cell(0, 5, LETTERHEAD[0], new_x="LMARGIN", new_y="NEXT", align="R")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 10, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Memo()
    pdf.set_creation_date(FIXED)
    pdf.set_title(SUBTITLE)
    pdf.set_author(LETTERHEAD[0])
    pdf.add_font("DejaVu", "", str(font_file()))
    pdf.add_font("DejaVu", "B", str(font_file(bold=True)))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    def par(text: str, *, bold: bool = False, size: float = 10, item: bool = False, after: float = 3) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        if item:
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5, f"• {text}", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 5 if size <= 11 else 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    for line in LETTERHEAD[1:]:
        par(line, size=9, after=0.5)
    pdf.ln(6)
    par(TITLE, bold=True, size=16, after=1)
    par(SUBTITLE, bold=True, size=12, after=5)
    for kind, text in INTRO:
        par(text, bold=kind == "h", size=11 if kind == "h" else 10)
    for number, (name, response, remarks, decision) in enumerate(SECTIONS, start=1):
        pdf.ln(2)
        par(heading(number, name, "pdf"), bold=True, size=11)
        for label, pars in zip(LABELS, (response, remarks, decision), strict=True):
            par(label, bold=True, after=1)
            for kind, text in pars:
                par(text, item=kind == "li")
    for kind, text in CLOSING:
        if kind == "h":
            pdf.ln(2)
        par(text, bold=kind == "h", size=11 if kind == "h" else 10, item=kind == "li")
    path.write_bytes(bytes(pdf.output()))


def _deterministic_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 12, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.author = LETTERHEAD[0]
    properties.title = SUBTITLE
    properties.created = properties.modified = properties.last_printed = FIXED.replace(tzinfo=None)
    properties.revision = 1
    for index, line in enumerate(LETTERHEAD):
        document.add_paragraph().add_run(line).bold = index == 0
    document.add_heading(TITLE, level=1)
    document.add_paragraph(SUBTITLE).runs[0].bold = True
    for kind, text in INTRO:
        document.add_heading(text, level=2) if kind == "h" else document.add_paragraph(text)
    for number, (name, response, remarks, decision) in enumerate(SECTIONS, start=1):
        document.add_heading(heading(number, name, "docx"), level=3)
        for label, pars in zip(LABELS[:2], (response, remarks), strict=True):
            document.add_paragraph().add_run(label).bold = True
            for kind, text in pars:
                document.add_paragraph(text, style="List Bullet" if kind == "li" else None)
        # the decision follows its label in the same paragraph, as many memos write it
        for index, (_, text) in enumerate(decision):
            paragraph = document.add_paragraph()
            if index == 0:
                paragraph.add_run(LABELS[2]).bold = True
                paragraph.add_run(" ")
            paragraph.add_run(text)
    for kind, text in CLOSING:
        if kind == "h":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text, style="List Bullet" if kind == "li" else None)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_deterministic_zip(buffer.getvalue()))


def make(folder: Path, fmt: str = "pdf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILES[fmt]
    (_pdf if fmt == "pdf" else _docx)(path)
    return path


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else "."), sys.argv[2] if len(sys.argv) > 2 else "pdf"))
