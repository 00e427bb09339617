"""Writes hoeringsnotat.docx: a five-column høringsnotat (Nr. | Høringspart | Resumé | Bemærkninger | Forslag til ændring).

Fictional content in the style of a Danish municipality's memo on a traffic-safety plan.
Deterministic: the same bytes on every run (fixed core properties and ZIP timestamps).

    python tests/ingest_memos/femkolonne-docx/make.py FOLDER
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

FILE = "hoeringsnotat.docx"

LETTERHEAD = ["Solrød Kommune", "Teknik, Miljø og Erhverv", "Dato: 12. maj 2025", "Sagsnr.: 25/1187"]
TITLE = "Høringsnotat"
SUBTITLE = "Forslag til Trafiksikkerhedsplan 2025–2030"
INTRO = [
    ("h", "Indledning"),
    (
        "p",
        "Teknik- og Miljøudvalget besluttede på sit møde den 10. februar 2025 at sende forslag til Trafiksikkerhedsplan "
        "2025–2030 i offentlig høring.",
    ),
    ("p", "Forslaget har været i offentlig høring fra den 3. marts 2025 til den 28. april 2025. Der er i høringsperioden modtaget 10 høringssvar."),
    (
        "p",
        "Høringssvarene er nedenfor resumeret og kommenteret af forvaltningen. Høringsnotatet forelægges Teknik- og Miljøudvalget "
        "på mødet den 2. juni 2025 og Byrådet den 23. juni 2025. Høringssvarene kan læses i deres fulde længde i bilag 2.",
    ),
    ("h", "Høringssvar og forvaltningens bemærkninger"),
]
HEADER = ["Nr.", "Høringspart", "Resumé af høringssvar", "Forvaltningens bemærkninger", "Forslag til ændring"]
NO_CHANGE = "Giver ikke anledning til ændringer."

# one row per respondent: number, name lines, summary, remarks, change; a paragraph is ("p", text) or ("li", text)
ROWS: list[tuple[str, list[str], list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]] = [
    (
        "1",
        ["Borger, Strandvej 12"],
        [
            ("p", "Borgeren er bekymret for trafiksikkerheden i krydset Strandvej/Solrød Byvej, hvor mange skolebørn cykler om morgenen."),
            ("p", "Borgeren foreslår, at der etableres et signalreguleret fodgængerfelt i krydset."),
        ],
        [
            (
                "p",
                "Krydset Strandvej/Solrød Byvej indgår i planens prioriterede indsatsliste som projekt nr. 4, "
                "og en ombygning forventes gennemført i 2026.",
            ),
            (
                "p",
                "Et signalreguleret fodgængerfelt vurderes ikke at være den rette løsning, da trafikmængden er for lav til at opfylde "
                "vejreglernes kriterier. I stedet planlægges en hævet flade og en midterhelle.",
            ),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "2",
        ["Beboer på Kirkevej"],
        [
            (
                "p",
                "Beboeren oplever, at bilister kører for stærkt på Kirkevej mellem Jersie og Solrød Landsby, "
                "og opfordrer til, at hastighedsgrænsen sænkes til 40 km/t.",
            ),
            ("p", "Kirkevej benyttes i dag af lastbiler til og fra grusgraven ved Jersie, også i de tidlige morgentimer."),
        ],
        [
            (
                "p",
                "Forvaltningen gennemfører i efteråret 2025 hastighedsmålinger på Kirkevej. Viser målingerne et for højt hastighedsniveau, "
                "vil en lokal hastighedsgrænse på 40 km/t blive vurderet, jf. planens indsatsområde 2.",
            ),
            ("p", "Kørsel til og fra grusgraven er reguleret i grusgravens tilladelse, som ikke er en del af trafiksikkerhedsplanen."),
        ],
        [("p", "Ingen ændringer.")],
    ),
    (
        "3",
        ["Mette Kjærgaard Holm"],
        [
            ("li", "Savner en indsats for cyklister på stien langs Køgevej, hvor der er meget mørkt om vinteren."),
            ("li", "Støtter planens mål om at halvere antallet af dræbte og alvorligt tilskadekomne inden 2030."),
        ],
        [
            ("p", "Belysningen langs stien på Køgevej er medtaget i kommunens belysningsplan og forventes udskiftet i 2026."),
            ("p", "Forvaltningen noterer sig opbakningen til planens mål."),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "4",
        ["Grundejerforeningen Solrød Strandpark", "v/ formand Jens Lund"],
        [
            ("li", "Grundejerforeningen bakker op om planens forslag om en 2-minus-1-vej på Strandvejen nord for Solrød Center."),
            ("li", "Foreningen er bekymret for, at trafikken vil flytte til villavejene i Strandparken, når Strandvejen indsnævres."),
            ("li", "Foreningen ønsker, at der gennemføres trafiktællinger på villavejene før og efter ombygningen."),
        ],
        [
            ("p", "Opbakningen til 2-minus-1-vejen noteres."),
            (
                "p",
                "Forvaltningen er opmærksom på, at trafik kan flytte til sidevejene. Der gennemføres derfor trafiktællinger på "
                "Strandparkens villaveje før og efter ombygningen, og resultaterne forelægges udvalget.",
            ),
        ],
        [
            (
                "p",
                "Forvaltningen foreslår, at før- og eftermålinger af trafikken på villavejene i Solrød Strandpark indskrives i planens handlingsdel.",
            )
        ],
    ),
    (
        "5",
        ["Havdrup Idrætsforening"],
        [
            ("p", "Idrætsforeningen gør opmærksom på, at mange børn cykler til træning ad Gammel Køgevej i mørke om vinteren."),
            ("p", "Ved kampe i weekenden holder forældrenes biler parkeret i begge sider af Gammel Køgevej ud for hallen."),
        ],
        [
            (
                "p",
                "Gammel Køgevej indgår i planens kortlægning af skoleveje og fritidsruter. Forvaltningen vil sammen med idrætsforeningen "
                "se på afmærkning og parkering ved hallen.",
            ),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "6",
        ["Havdrup Tømrer og Snedker ApS"],
        [
            (
                "p",
                "Virksomheden gør indsigelse mod lukningen af overkørslen fra Industrivej til Roskildevej, da overkørslen er "
                "virksomhedens eneste adgang for lastbiler.",
            ),
        ],
        [
            (
                "p",
                "Lukningen af overkørslen er foreslået på grund af flere uheld med svingende lastbiler. Forvaltningen har efter dialog med "
                "virksomheden vurderet, at overkørslen kan bevares, hvis der etableres en venstresvingsbane.",
            ),
        ],
        [("p", "Afsnittet om Roskildevej tilføjes, at overkørslen fra Industrivej bevares, og at der i stedet etableres en venstresvingsbane.")],
    ),
    (
        "7",
        ["Region Sjælland"],
        [
            ("p", "Regionen ser positivt på planens fokus på sikre skoleveje og de bløde trafikanter."),
            ("p", "Regionen anbefaler, at kommunen koordinerer placeringen af busstoppesteder med Movia ved ombygningen af Solrød Center."),
        ],
        [
            ("p", "Forvaltningen takker for regionens bemærkninger."),
            ("p", "Forvaltningen koordinerer løbende med Movia, og busstoppestederne ved Solrød Center indgår i projekteringen."),
        ],
        [("p", "Ingen ændringer.")],
    ),
    (
        "8",
        ["Banedanmark"],
        [
            ("li", "Banedanmark gør opmærksom på, at alle ændringer ved overkørslen ved Havdrup Station skal godkendes af Banedanmark."),
            ("li", "Banedanmark har ingen indvendinger mod planens øvrige indsatser."),
        ],
        [("p", "Forvaltningen vil inddrage Banedanmark tidligt i projekteringen af alle projekter ved jernbanen.")],
        [("p", NO_CHANGE)],
    ),
    (
        "9",
        ["Ældrerådet"],
        [
            ("li", "Ældrerådet finder det positivt, at planen har et særskilt afsnit om ældre trafikanter."),
            (
                "li",
                "Ældrerådet er bekymret for, at de nye fællesstier i Solrød Center giver utryghed for gangbesværede, når cyklister kører hurtigt.",
            ),
            ("li", "Rådet foreslår, at der opsættes flere bænke langs gangstierne til Solrød Center."),
        ],
        [
            ("p", "Fællesstierne udformes efter vejreglerne med tydelig afmærkning af arealerne for gående og cyklister."),
            ("p", "Bænke langs gangstier er ikke en del af trafiksikkerhedsplanen, men ønsket videregives til Park og Vej."),
        ],
        [("p", NO_CHANGE)],
    ),
    (
        "10",
        ["Handicaprådet"],
        [
            ("p", "Handicaprådet opfordrer til, at alle nye fodgængerfelter udføres med taktile ledelinjer og nedsænkede kantsten."),
            ("p", "Rådet savner en tidsplan for, hvornår kommunens eksisterende busstoppesteder gøres tilgængelige."),
        ],
        [
            ("p", "Nye fodgængerfelter udføres med taktile ledelinjer og nedsænkede kantsten efter de gældende vejregler."),
            ("p", "Forvaltningen er enig i, at en tidsplan for tilgængelighed ved busstoppestederne bør fremgå af planen."),
        ],
        [
            (
                "p",
                "Forvaltningen foreslår, at der i handlingsplanen tilføjes en tidsplan for tilgængelighedsforbedringer ved kommunens "
                "busstoppesteder frem mod 2028.",
            ),
        ],
    ),
]
CLOSING = [
    ("h", "Forvaltningens samlede vurdering"),
    (
        "p",
        "Forvaltningen indstiller, at Trafiksikkerhedsplan 2025–2030 vedtages med de ændringer, der fremgår af skemaets sidste kolonne.",
    ),
]

FIXED = dt.datetime(2025, 5, 12, 9, 0, 0)


def _deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so the file's bytes do not depend on when it was made."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 5, 12, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def make(folder: Path) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    properties = document.core_properties
    properties.author = "Solrød Kommune"
    properties.title = SUBTITLE
    properties.created = properties.modified = properties.last_printed = FIXED
    properties.revision = 1
    for index, line in enumerate(LETTERHEAD):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = index == 0
        if index == 0:
            run.font.size = Pt(16)
    document.add_heading(TITLE, level=1)
    document.add_heading(SUBTITLE, level=2)
    for kind, text in INTRO:
        document.add_heading(text, level=3) if kind == "h" else document.add_paragraph(text)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    table.style = document.styles["Table Grid"]
    for column, text in enumerate(HEADER):
        cell = table.rows[0].cells[column]
        cell.paragraphs[0].add_run(text).bold = True
    for row_index, (number, names, summary, remarks, change) in enumerate(ROWS, start=1):
        cells = table.rows[row_index].cells
        cells[0].paragraphs[0].add_run(number)
        for column, pars in ((1, [("p", name) for name in names]), (2, summary), (3, remarks), (4, change)):
            for index, (kind, text) in enumerate(pars):
                paragraph = cells[column].paragraphs[0] if index == 0 else cells[column].add_paragraph()
                if kind == "li":
                    paragraph.style = document.styles["List Bullet"]
                paragraph.add_run(text)
    for kind, text in CLOSING:
        document.add_heading(text, level=3) if kind == "h" else document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    path.write_bytes(_deterministic_zip(buffer.getvalue()))
    return path


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
