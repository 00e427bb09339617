"""Writes hoeringsnotat.docx: a four-column høringsnotat (Høringsberettiget | Sammenfatning af høringssvar |
Administrationens vurdering | Konsekvens for forslaget), held out from the development of `ingest`.

Fictional content in the style of a Danish municipality's memo on a school structure consultation
(Kalundborg Kommune, "Høring om ny skolestruktur"). No number column; some cells hold bullets, some
several paragraphs; one name cell has a second line with the date the answer was received.
Deterministic: the same bytes on every run (fixed core properties and ZIP timestamps).

    python tests/ingest_memos/holdout-skole-docx/make.py FOLDER
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

FILE = "hoeringsnotat.docx"

LETTERHEAD = ["Kalundborg Kommune", "Børn og Unge – Skoleafdelingen", "Notat", "20. juni 2025", "Sagsid: 25-004417"]
TITLE = "Høringsnotat – Høring om ny skolestruktur i Svebølle og Nyrup"
FRONT = [
    ("h", "Baggrund"),
    (
        "p",
        "Børne- og Skoleudvalget besluttede på mødet den 22. april 2025 at sende forslag til ny skolestruktur i Svebølle og "
        "Nyrup i høring hos skolebestyrelser, MED-udvalg og andre høringsberettigede. Forslaget indebærer, at overbygningen "
        "på Engskolen flyttes til Nyrupskolen, og at Børnehuset Solsikken flytter ind i Engskolens indskolingsfløj.",
    ),
    ("p", "Høringsperioden løb fra 2. maj til 13. juni 2025. Administrationen har modtaget 9 høringssvar, som er sammenfattet i skemaet nedenfor."),
    ("p", "Høringsnotatet behandles på Børne- og Skoleudvalgets møde den 19. august 2025. De fulde høringssvar er vedlagt som bilag 2."),
    ("h", "Sammenfatning af høringssvar"),
]
HEADER = ["Høringsberettiget", "Sammenfatning af høringssvar", "Administrationens vurdering", "Konsekvens for forslaget"]

P = "p"
LI = "li"
# one row per respondent: name lines, summary, assessment, consequence; a paragraph is ("p", text) or ("li", text)
ROWS: list[tuple[list[str], list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]] = [
    (
        ["Skolebestyrelsen ved Engskolen"],
        [
            (LI, "Skolebestyrelsen er imod, at overbygningen på Engskolen flyttes til Nyrupskolen allerede fra august 2026."),
            (LI, "Bestyrelsen frygter, at eleverne i de nuværende 5. og 6. klasser skal skifte skole uden at være forberedt på det."),
            (LI, "Bestyrelsen beder om, at flytningen udskydes et år, så den kan planlægges sammen med forældrene."),
        ],
        [
            (P, "Administrationen anerkender, at en flytning allerede fra august 2026 giver kort tid til forberedelse."),
            (
                P,
                "En udskydelse til skoleåret 2027/28 giver tid til at etablere faglokaler på Nyrupskolen og til at inddrage "
                "forældrene og eleverne i overgangen.",
            ),
        ],
        [(P, "Forslaget justeres, så overbygningen på Engskolen først flyttes til Nyrupskolen fra skoleåret 2027/28.")],
    ),
    (
        ["Skolebestyrelsen ved Nyrupskolen", "Modtaget 12. juni 2025"],
        [
            (P, "Skolebestyrelsen hilser forslaget velkommen og ser frem til at kunne tilbyde et større fagligt miljø i udskolingen."),
            (P, "Bestyrelsen efterlyser en plan for, hvordan de nye elever fra Engskolen bliver en del af skolens klasser og elevråd."),
            (P, "Nyrupskolen har i dag 38 elever på hvert klassetrin i udskolingen."),
        ],
        [
            (P, "Administrationen noterer sig bestyrelsens opbakning."),
            (
                P,
                "Skolens ledelse udarbejder i samarbejde med begge skolebestyrelser en plan for overgangen, som forelægges "
                "udvalget i foråret 2026.",
            ),
            (P, "Med eleverne fra Engskolen vil der være plads til tre spor i udskolingen."),
        ],
        [(P, "Høringssvaret giver ikke anledning til at ændre forslaget.")],
    ),
    (
        ["MED-udvalget på Engskolen"],
        [
            (LI, "MED-udvalget er uenig i, at lærerne i overbygningen skal følge med eleverne til Nyrupskolen uden en forudgående dialog."),
            (LI, "Udvalget ser med bekymring på, at flere stillinger i administrationen kan blive nedlagt ved sammenlægningen."),
            (LI, "Udvalget henstiller til, at overflytning af medarbejdere sker efter reglerne i rammeaftalen om personalepolitik."),
        ],
        [
            (
                P,
                "Overflytning af medarbejdere sker efter de gældende regler og i dialog med MED-systemet og de faglige organisationer.",
            ),
            (P, "Der er ikke i forslaget lagt op til at nedlægge stillinger i skolernes administration."),
        ],
        [(P, "Administrationen fastholder forslaget.")],
    ),
    (
        ["Lokal MED, Børnehuset Solsikken"],
        [
            (P, "Lokal MED kan tilslutte sig, at børnehuset flytter ind i Engskolens indskolingsfløj."),
            (P, "Personalet vil gerne have, at legepladsen indrettes særskilt for de 3-5-årige med eget hegn."),
        ],
        [
            (P, "Administrationen noterer sig tilslutningen."),
            (
                P,
                "Legepladsen indrettes med en særskilt afdeling for børnehavebørnene. Det indgår allerede i den økonomi, der er "
                "afsat til ombygningen.",
            ),
        ],
        [(P, "Ingen konsekvens.")],
    ),
    (
        ["Kalundborg Lærerkreds, DLF kreds 47"],
        [
            (
                P,
                "Kredsen har svært ved at se, hvordan sammenlægningen kan gennemføres, uden at det går ud over undervisningen i overgangsåret.",
            ),
            (P, "Kredsen anbefaler, at der afsættes midler til fælles kompetenceudvikling for lærerne fra de to skoler."),
            (P, "Der er i dag 14 lærere på Engskolen, som underviser i overbygningen."),
        ],
        [
            (
                P,
                "Administrationen vil sammen med skolelederne lægge en plan for undervisningen i overgangsåret, så eleverne "
                "sikres den fulde undervisningstid.",
            ),
            (P, "Der er afsat 0,4 mio. kr. til fælles kompetenceudvikling i budget 2026. Administrationen vurderer, at beløbet er tilstrækkeligt."),
            (P, "De 14 lærere tilbydes at følge eleverne, og ingen lærere afskediges som følge af forslaget."),
        ],
        [(P, "Høringssvaret giver ikke anledning til at ændre forslaget.")],
    ),
    (
        ["BUPL Sjælland"],
        [
            (LI, "BUPL er positiv over for, at SFO'en på Engskolen bevares som selvstændig afdeling."),
            (LI, "BUPL er bekymret for, at flytningen af Børnehuset Solsikken giver for lidt plads til SFO'en om eftermiddagen."),
            (LI, "BUPL foreslår, at der laves en fælles ledelse af børnehus og SFO."),
        ],
        [
            (P, "SFO'en bevares på Engskolen."),
            (
                P,
                "SFO'en får fortsat rådighed over Engskolens gymnastiksal og fællesrum om eftermiddagen. Børnehuset indretter sig "
                "i indskolingsfløjens stueetage.",
            ),
            (
                P,
                "En fælles ledelse af børnehus og SFO vil kræve en ændring af dagtilbudsstrukturen, som ikke er en del af dette forslag.",
            ),
        ],
        [(P, "Høringssvaret giver ikke anledning til at ændre forslaget.")],
    ),
    (
        ["Forældre i 3.b, Engskolen"],
        [
            (
                P,
                "Forældrene i 3.b er utrygge ved, at deres børn fra 7. klasse skal cykle 9 km ad Nyrupvej, hvor der ikke er cykelsti.",
            ),
            (P, "Forældrene ønsker, at der oprettes en gratis skolebus mellem Svebølle og Nyrupskolen for alle elever i overbygningen."),
            (P, "Mange af børnene går til fodbold i Svebølle efter skoletid."),
        ],
        [
            (P, "Administrationen er enig i, at Nyrupvej ikke er en sikker skolevej for cyklende elever."),
            (
                P,
                "Elever i 7.–9. klasse med mere end 9 km til skolen har ret til befordring. Administrationen vurderer derfor, at "
                "alle elever fra Engskolens distrikt bør have tilbud om skolebus, uanset afstanden.",
            ),
            (P, "Skolebussens køreplan tilrettelægges, så eleverne kan nå fritidsaktiviteter i Svebølle."),
        ],
        [
            (
                P,
                "Der indarbejdes en gratis skolebusordning mellem Svebølle og Nyrupskolen for alle elever i 7.–9. klasse fra "
                "Engskolens distrikt.",
            )
        ],
    ),
    (
        ["Handicaprådet"],
        [
            (
                LI,
                "Handicaprådet lægger vægt på, at Nyrupskolens bygninger gøres tilgængelige for elever i kørestol, før overbygningen flyttes.",
            ),
            (LI, "Rådet ser gerne, at specialklasserne på Engskolen bliver, hvor de er."),
        ],
        [
            (
                P,
                "Nyrupskolens udskolingsfløj har i dag ikke elevator. Administrationen er enig i, at fuld tilgængelighed skal være "
                "på plads, før eleverne flytter.",
            ),
            (P, "Specialklasserne på Engskolen er ikke omfattet af forslaget og bliver på Engskolen."),
        ],
        [
            (P, "Der indarbejdes, at udskolingsfløjen på Nyrupskolen ombygges med elevator og handicaptoilet inden flytningen i 2027."),
            (P, "Ønsket om at bevare specialklasserne på Engskolen har ingen konsekvens for forslaget, da de ikke er omfattet."),
        ],
    ),
    (
        ["Lone og Kasper Mikkelsen, Nyrup"],
        [
            (P, "Vi er glade for, at vores datter kan fortsætte på Nyrupskolen i hele sit skoleforløb."),
            (P, "Vi er dog nervøse for, at klasserne bliver for store, når eleverne fra Engskolen kommer til."),
        ],
        [
            (
                P,
                "Klassekvotienten i udskolingen vil efter sammenlægningen være højst 26 elever, hvilket er under gennemsnittet i kommunen.",
            )
        ],
        [(P, "Ingen konsekvens.")],
    ),
]
CLOSING = [
    ("h", "Samlet vurdering"),
    (
        "p",
        "Administrationen anbefaler, at Børne- og Skoleudvalget godkender forslaget til ny skolestruktur med de justeringer, "
        "der fremgår af kolonnen »Konsekvens for forslaget«.",
    ),
]

FIXED = dt.datetime(2025, 6, 20, 8, 30, 0)


def _deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so the file's bytes do not depend on when it was made."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 20, 8, 30, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def make(folder: Path) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    properties = document.core_properties
    properties.author = "Kalundborg Kommune"
    properties.title = TITLE
    properties.created = properties.modified = properties.last_printed = FIXED
    properties.revision = 1
    for index, line in enumerate(LETTERHEAD):
        run = document.add_paragraph().add_run(line)
        run.bold = index in (0, 2)
        run.font.size = Pt(14 if index == 0 else 9)
    document.add_heading(TITLE, level=1)
    for kind, text in FRONT:
        document.add_heading(text, level=2) if kind == "h" else document.add_paragraph(text)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    table.style = document.styles["Table Grid"]
    for column, text in enumerate(HEADER):
        table.rows[0].cells[column].paragraphs[0].add_run(text).bold = True
    for row_index, (names, summary, assessment, consequence) in enumerate(ROWS, start=1):
        cells = table.rows[row_index].cells
        for column, pars in ((0, [(P, name) for name in names]), (1, summary), (2, assessment), (3, consequence)):
            for index, (kind, text) in enumerate(pars):
                paragraph = cells[column].paragraphs[0] if index == 0 else cells[column].add_paragraph()
                if kind == LI:
                    paragraph.style = document.styles["List Bullet"]
                run = paragraph.add_run(text)
                if column == 0 and index > 0:
                    run.italic = True
    for kind, text in CLOSING:
        document.add_heading(text, level=2) if kind == "h" else document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    path.write_bytes(_deterministic_zip(buffer.getvalue()))
    return path


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
