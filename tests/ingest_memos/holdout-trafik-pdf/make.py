"""Writes hoeringsnotat.pdf: a prose høringsnotat on a traffic plan, held out from the development of `ingest`.

Fictional content in the style of a Danish municipality's memo (Køge Kommune, Trafikplan for Køge Midtby).
One section per answer, headed "Høringssvar N: <afsender>", each with the bold labels "Resumé:",
"Forvaltningens kommentar:" and "Forvaltningens indstilling:" on their own lines; a page footer on every
page; a closing "Oversigt over indstillede ændringer" with the changes as a numbered list. The PDF has
a text layer (fpdf2, DejaVuSans). Deterministic: the same bytes on every run.

    python tests/ingest_memos/holdout-trafik-pdf/make.py FOLDER
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

FILE = "hoeringsnotat.pdf"

LETTERHEAD = ["Køge Kommune", "Teknik- og Miljøforvaltningen, Vej og Trafik", "Dato: 5. maj 2025", "Dok.nr. 2025-118834"]
TITLE = "Høringsnotat vedrørende forslag til Trafikplan for Køge Midtby 2025–2035"
FOOTER = "Køge Kommune · Høringsnotat, Trafikplan for Køge Midtby"
INTRO = [
    ("h", "Indledning"),
    (
        "p",
        "Byrådet vedtog den 28. januar 2025 at sende forslag til Trafikplan for Køge Midtby 2025–2035 i offentlig høring. "
        "Planen var i høring i otte uger fra mandag den 17. februar til mandag den 14. april 2025, og der blev holdt "
        "borgermøde på Køge Bibliotek den 4. marts 2025.",
    ),
    (
        "p",
        "Forvaltningen har modtaget 9 høringssvar. I det følgende er hvert høringssvar resumeret, og forvaltningens "
        "kommentar og indstilling er anført. Hvor forvaltningen indstiller en ændring af planen, er ændringen samlet i "
        "oversigten sidst i notatet.",
    ),
]
NO_CHANGE = "Høringssvaret giver ikke anledning til ændringer i planen."

# (sender, summary, comment, recommendation): lists of paragraphs
SECTIONS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "Cyklistforbundet, lokalafdeling Køge",
        [
            "Cyklistforbundet bakker generelt op om planens ambition om, at flere skal cykle i Midtbyen.",
            "Lokalafdelingen er kritisk over for, at planen kun rummer 400 nye cykelparkeringspladser ved Køge Station.",
            "Cyklistforbundet foreslår, at antallet øges til mindst 600 pladser, heraf 100 overdækkede.",
        ],
        [
            "Forvaltningen takker for opbakningen.",
            "Tællinger fra efteråret 2024 viser, at der på hverdage holder op til 1.150 cykler ved stationen, mens der er 780 pladser.",
            "Forvaltningen er enig i, at behovet er større end forudsat i planforslaget, og at 600 nye pladser er et realistisk mål.",
        ],
        ["Forvaltningen indstiller, at antallet af nye cykelparkeringspladser ved Køge Station øges fra 400 til 600, heraf 100 overdækkede."],
    ),
    (
        "Beboere på Søndre Allé",
        [
            "Søndre Allé er skolevej for mange elever fra Søndre Skole.",
            "Beboerne klager over, at Søndre Allé bruges som genvej til Ølbycentret i myldretiden.",
            "Beboerne ønsker, at Søndre Allé kommer med i den planlagte 30 km/t-zone i Midtbyen.",
        ],
        [
            "Forvaltningens trafiktællinger viser ca. 3.400 biler i døgnet på Søndre Allé, hvoraf en stor del er gennemkørende trafik.",
            "Forvaltningen vurderer, at Søndre Allé mellem Ølbyvej og Køge Å kan indgå i 30 km/t-zonen, da vejen har boliger "
            "og skolevej på begge sider.",
        ],
        ["Forvaltningen indstiller, at 30 km/t-zonen udvides til også at omfatte Søndre Allé mellem Ølbyvej og Køge Å."],
    ),
    (
        "Movia",
        [
            "Movia tilslutter sig planens mål om at prioritere den kollektive trafik i Midtbyen.",
            "Movia gør opmærksom på, at buslinje 101A og 103 skal kunne passere Torvet uden forsinkelser, også efter at "
            "Nørregade lukkes for gennemkørsel.",
            "Busserne på linje 101A har i dag en gennemsnitlig forsinkelse på 2,5 minutter i eftermiddagsmyldretiden.",
        ],
        [
            "Forvaltningen noterer sig Movias tilslutning.",
            "Lukningen af Nørregade for gennemkørsel omfatter ikke busser, som fortsat kan køre i begge retninger.",
            "Forsinkelserne skyldes især krydset ved Ivar Huitfeldts Vej, som ombygges i planens første etape.",
        ],
        [NO_CHANGE],
    ),
    (
        "Køge Handelsstandsforening",
        [
            "Handelsstandsforeningen er modstander af, at 120 parkeringspladser på Torvet nedlægges.",
            "Foreningen frygter, at kunderne vil vælge Køge Nord og Ølbycentret frem for butikkerne i Midtbyen.",
            "Foreningen ønsker, at varelevering i gågaden fortsat kan ske til kl. 11 om formiddagen.",
        ],
        [
            "Parkeringspladserne på Torvet erstattes af 150 nye pladser i p-huset ved Værftsvej, som ligger 300 meter fra Torvet.",
            "Undersøgelser fra andre danske købstæder viser, at omsætningen i bymidten ikke falder, når parkering flyttes til "
            "kanten af bymidten.",
            "Planforslaget lægger op til, at varelevering i gågaden begrænses til kl. 6–10. Forvaltningen kan imødekomme "
            "ønsket, så den nuværende ordning videreføres.",
        ],
        [
            "Forvaltningen indstiller, at planens forslag om varelevering kl. 6–10 ændres, så varelevering i gågaden fortsat er "
            "tilladt kl. 6–11. Ønsket om at bevare parkeringspladserne på Torvet imødekommes ikke.",
        ],
    ),
    (
        "Køge Tømmerhandel A/S",
        [
            "Virksomheden protesterer mod, at Havnevej lukkes for lastbiler over 18 ton.",
            "Tømmerhandlen modtager dagligt 6-8 lastbiler med trælast fra havnen.",
            "Virksomheden beder om, at der gives dispensation til lastbiler med ærinde hos virksomheder på Havnevej.",
        ],
        [
            "Lukningen for gennemkørende tung trafik skal lede lastbilerne ad den nye havnevej syd om Midtbyen.",
            "Lastbiler med ærinde på Havnevej er ikke omfattet af forbuddet, da der skiltes med »Undtaget ærinde«.",
        ],
        ["Der foreslås ingen ændringer."],
    ),
    (
        "Midt- og Vestsjællands Politi",
        [
            "Politiet er positivt indstillet over for de foreslåede 30 km/t-zoner.",
            "Politiet gør opmærksom på, at en hastighedsgrænse på 30 km/t kræver fysiske tiltag, hvis den skal overholdes.",
            "Politiet skal give samtykke til alle lokale hastighedsgrænser efter færdselsloven.",
        ],
        [
            "Forvaltningen noterer sig politiets positive indstilling.",
            "Alle 30 km/t-zoner etableres med hævede flader eller vejbump ved indkørslen til zonen, som beskrevet i planens afsnit 4.3.",
            "Forvaltningen søger politiets samtykke, når de enkelte projekter er detailprojekteret.",
        ],
        [NO_CHANGE],
    ),
    (
        "Skolebestyrelsen på Søndre Skole",
        [
            "Skolebestyrelsen er urolig for elevernes sikkerhed ved skolens hovedindgang på Ved Stranden, hvor forældre afleverer børn i bil.",
            "Bestyrelsen foreslår et hævet fodgængerfelt og et kiss-and-ride-område på Ved Stranden.",
        ],
        [
            "Forvaltningen er enig i, at forholdene ved hovedindgangen er utrygge i morgentimerne.",
            "Et kiss-and-ride-område kræver areal, som ikke er til rådighed på Ved Stranden. Forvaltningen vil i stedet "
            "etablere et hævet fodgængerfelt og forbyde standsning på strækningen.",
        ],
        [
            "Forvaltningen indstiller, at der tilføjes et projekt om et hævet fodgængerfelt og standsningsforbud ved Søndre "
            "Skoles hovedindgang på Ved Stranden.",
        ],
    ),
    (
        "Ældrerådet",
        [
            "Ældrerådet er tilfreds med, at der kommer flere bænke og bedre belysning på gågaden.",
            "Rådet anmoder om, at handicapparkeringen ved lægehuset i Brogade bevares.",
        ],
        [
            "Forvaltningen noterer sig rådets tilfredshed.",
            "Handicapparkeringen ved lægehuset i Brogade er ikke berørt af planen og bevares.",
        ],
        [NO_CHANGE],
    ),
    (
        "Jens Peter Holm",
        [
            "Jens Peter Holm cykler dagligt fra Ejby til sit arbejde på Køge Sygehus.",
            "Han savner en sikker cykelforbindelse under jernbanen ved Ølbyvej, hvor cyklister i dag skal dele vejen med lastbiler.",
            "Han foreslår, at tunnelen ved Ølbyvej udvides med en separat cykelsti.",
        ],
        [
            "En separat cykelsti under jernbanen ved Ølbyvej kræver en ny tunnel, som Banedanmark skal godkende og medfinansiere.",
            "Projektet er optaget på planens idéliste for perioden efter 2030.",
        ],
        [NO_CHANGE],
    ),
]
CHANGES = [
    "Antallet af nye cykelparkeringspladser ved Køge Station øges fra 400 til 600, heraf 100 overdækkede.",
    "30 km/t-zonen udvides til også at omfatte Søndre Allé mellem Ølbyvej og Køge Å.",
    "Planens forslag om varelevering kl. 6–10 ændres, så varelevering i gågaden fortsat er tilladt kl. 6–11.",
    "Der tilføjes et projekt om et hævet fodgængerfelt og standsningsforbud ved Søndre Skoles hovedindgang på Ved Stranden.",
]
CLOSING_INTRO = "På baggrund af høringen indstiller forvaltningen følgende ændringer i forslaget til Trafikplan for Køge Midtby 2025–2035:"
PROCESS = "Trafikplanen forelægges Klima- og Miljøudvalget den 3. juni 2025 og Byrådet den 24. juni 2025 til endelig vedtagelse."
LABELS = ("Resumé:", "Forvaltningens kommentar:", "Forvaltningens indstilling:")
FIXED = dt.datetime(2025, 5, 5, 10, 0, 0, tzinfo=dt.UTC)


def font_file(bold: bool = False) -> Path:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts")):
        if (folder / name).is_file():
            return folder / name
        found = sorted(folder.rglob(name)) if folder.is_dir() else []
        if found:
            return found[0]
    raise FileNotFoundError(f"no {name} under /usr/share/fonts: install fonts-dejavu-core to write the PDF")


def make(folder: Path) -> Path:
    from fpdf import FPDF

    class Memo(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("DejaVu", "", 7.5)
            self.cell(0, 6, f"{FOOTER}  |  Side {self.page_no()}", align="L")

    pdf = Memo(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title(TITLE)
    pdf.set_author(LETTERHEAD[0])
    pdf.add_font("DejaVu", "", str(font_file()))
    pdf.add_font("DejaVu", "B", str(font_file(bold=True)))
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()

    def par(text: str, *, bold: bool = False, size: float = 10, indent: float = 0, after: float = 2.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5 if size <= 11 else 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    par(LETTERHEAD[0], bold=True, size=14, after=1)
    for line in LETTERHEAD[1:]:
        par(line, size=9, after=0.5)
    pdf.ln(8)
    par(TITLE, bold=True, size=14, after=5)
    for kind, text in INTRO:
        par(text, bold=kind == "h", size=12 if kind == "h" else 10)
    pdf.ln(2)
    par("Høringssvar og forvaltningens bemærkninger", bold=True, size=12)
    for number, (sender, summary, comment, recommendation) in enumerate(SECTIONS, start=1):
        pdf.ln(3)
        par(f"Høringssvar {number}: {sender}", bold=True, size=11)
        for label, pars in zip(LABELS, (summary, comment, recommendation), strict=True):
            par(label, bold=True, after=1)
            for text in pars:
                par(text)
    pdf.ln(3)
    par("Oversigt over indstillede ændringer", bold=True, size=12)
    par(CLOSING_INTRO)
    for number, text in enumerate(CHANGES, start=1):
        par(f"{number}. {text}", indent=4, after=1.5)
    pdf.ln(3)
    par("Den videre proces", bold=True, size=12)
    par(PROCESS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    path.write_bytes(bytes(pdf.output()))
    return path


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
