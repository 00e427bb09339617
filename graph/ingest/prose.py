"""Reading a prose memo: one numbered or headed section per respondent, with labelled parts.

    1. Dansk Ornitologisk Forening              (or "Høringssvar nr. 3 – Handicaprådet")
    Høringssvaret: …                           (or "Resumé:", "Sammenfatning af høringssvaret:")
    Administrationens bemærkninger: …          (or "Forvaltningens kommentar:", "Vurdering:")
    Administrationens indstilling: …           (or "Forslag til ændring:"; often "Ingen ændringer.")
    …
    Samlet indstilling                         (the closing list of the recommended changes)
    - …

The sections become the same rows the table parser gives (respondent, response,
remarks, recommendation), so that one drafter serves every form; the closing list
is kept apart (`Table.closing`), for the drafter to match with the sections' changes.
A text with no such sections is not a memo of this form: `parse_prose` gives None.
"""

from __future__ import annotations

import re

from .stakeholders import looks_like_a_name
from .table import RECOMMENDATION, REMARKS, RESPONSE, Block, Row, Segment, Table, _block, lines, parse_fragment, share_remarks, split_block

_SECTION = re.compile(
    r"(?:(?:høringssvar|høringspart|svar|indsigelse|henvendelse|bidrag)\s*(?:nr\.?\s*)?\d{1,3}\s*[-–—:.)]?\s*[-–—:]?\s*"
    r"|\d{1,3}(?:\.\d{1,2})?\s*[.)]\s+|\d{1,3}\.\d{1,2}\s+)"
    r"(?P<name>[^\s\d].*)$",
    re.IGNORECASE,
)
# "12. marts 2025" is a date, "3. Borger" a section; a name starts with a capital or a digit ("3F")
_DATE_LIKE = re.compile(r"(?i:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b|[a-zæøå]")
_SENDER = re.compile(r"(?:afsender|fra|høringspart|indsendt\s+af|indsender)\s*:\s*(?P<name>\S.*)$", re.IGNORECASE)
_LABELS: list[tuple[int, str]] = [
    (RESPONSE, r"(?:kort\s+)?(?:resum[ée]|sammenfatning|uddrag)(?:\s+af\s+(?:høringssvaret|høringssvar(?:et)?|henvendelsen|indsigelsen))?"),
    (RESPONSE, r"høringssvar(?:et)?|indsigelse(?:n)?|henvendelse(?:n)?|bemærkninger\s+fra\s+høringsparten|høringspartens\s+bemærkninger|indhold"),
    (
        REMARKS,
        r"(?:administrationens|forvaltningens|sekretariatets|kommunens|centrets|fagområdets)\s+"
        r"(?:bemærkning(?:er)?|kommentar(?:er)?|vurdering|svar|besvarelse)",
    ),
    (REMARKS, r"bemærkning(?:er)?|kommentar(?:er)?|vurdering|besvarelse"),
    (RECOMMENDATION, r"(?:administrationens|forvaltningens|sekretariatets|kommunens)\s+(?:indstilling|anbefaling|forslag\s+til\s+ændring(?:er)?)"),
    (
        RECOMMENDATION,
        r"indstilling(?:\s+til\s+ændring(?:er)?)?|forslag\s+til\s+ændring(?:er)?|ændringsforslag|ændring(?:er)?|konsekvens(?:er)?(?:\s+for\s+\w+)?",
    ),
]
_LABEL = re.compile(
    "|".join(f"(?P<l{index}>(?:{pattern}))" for index, (_, pattern) in enumerate(_LABELS)) + r"",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(?:administrationens\s+|forvaltningens\s+)?(?:samlet|samlede)\s+(?:indstilling|oversigt|ændringer|anbefaling)\w*.*"
    r"|(?:oversigt\s+over|opsummering\s+af|liste\s+over)\s+(?:de\s+)?(?:ændringer|indstillede\s+ændringer|ændringsforslag).*"
    r"|(?:indstillede|anbefalede)\s+ændringer.*"
    r"|ændringer\s+i\s+forhold\s+til\s+(?:forslaget|høringsudgaven).*",
    re.IGNORECASE,
)
_AFTER_CLOSING = re.compile(r"(?:bilag|den\s+videre\s+proces|videre\s+proces|tidsplan|lovgrundlag)\b.*", re.IGNORECASE)


def _label(block: Block) -> tuple[int, int] | None:
    """A label leading a block ("Høringssvaret:", "<b>Administrationens bemærkninger</b>"): its part, and where its words end."""
    start, words = block.heading_quote
    lead = re.match(r"\s*(?:<[a-z]+>\s*)*", words)
    at = lead.end() if lead else 0
    match = _LABEL.match(words, at)
    if match is None or match.lastgroup is None:
        return None
    rest = words[match.end() :]
    colon = re.match(r"\s*(?:</[a-z]+>\s*)*:\s*(?:</[a-z]+>\s*)*", rest)
    if colon is not None and colon.group().strip():
        return _LABELS[int(match.lastgroup[1:])][0], start - block.start + match.end() + colon.end()
    if not re.sub(r"<[^>]+>", "", rest).strip(" .:"):  # the label alone, a heading
        return _LABELS[int(match.lastgroup[1:])][0], block.end - block.start
    return None


def _heading_words(block: Block) -> tuple[int, str]:
    start, words = block.heading_quote
    return start, re.sub(r"</?(?:b|strong|u|i|em)>", lambda m: " " * len(m.group()), words)


def _section_name(text: str, block: Block, *, loose: bool) -> Block | None:
    """The respondent a section heading names, as a block of the name's words; None when the block is no heading."""
    if block.kind != "p" or len(block.plain.split()) > 14:
        return None
    start, words = _heading_words(block)
    match = _SECTION.fullmatch(words.strip()) or _SENDER.fullmatch(words.strip())
    if match is not None:
        lead = len(words) - len(words.lstrip())
        name_start = start + lead + match.start("name")
        name = _block(text, "p", name_start, start + lead + match.end("name"), False)
        if name is None or _LABEL.fullmatch(name.plain.rstrip(":")) or _CLOSING.fullmatch(name.plain) or _DATE_LIKE.match(name.plain):
            return None
        if name.plain.endswith(".") and len(name.plain.split()) > 6:  # a numbered sentence, not a heading
            return None
        return name
    if loose and block.emphasis is not None and not block.plain.endswith((".", ":")) and looks_like_a_name(block.plain):
        return _block(text, "p", *block.emphasis, False)
    return None


def _blocks(text: str) -> list[tuple[int, Block]]:
    found: list[tuple[int, Block]] = []
    for line_number, start, end in lines(text):
        if text[start:end].strip():
            listed = text[start:end].lstrip().startswith(("- ", "• ", "– "))
            found += [(line_number, block) for block in parse_fragment(text, start, end, in_list=listed)]
    return found


def parse_prose(text: str) -> Table | None:
    """The preamble, the respondents' sections and the closing list of a prose memo; None when it has no sections."""
    blocks = _blocks(text)
    for loose in (False, True):
        headings = {index: name for index, (_, block) in enumerate(blocks) if (name := _section_name(text, block, loose=loose)) is not None}
        labelled = sum(1 for _, block in blocks if (label := _label(block)) is not None and label[0] == REMARKS)
        if headings and labelled:
            break
    else:
        return None
    preamble: list[Block] = []
    rows: list[Row] = []
    closing: list[Block] = []
    part: int | None = None  # where the words go: a part of a section, or the closing list
    in_closing = False
    for index, (line, block) in enumerate(blocks):
        if index in headings and not in_closing:
            rows.append(Row([Segment([[headings[index]], [], [], []], line)]))
            part = RESPONSE
            continue
        if block.kind == "p" and len(block.plain.split()) <= 10 and _CLOSING.fullmatch(block.plain.rstrip(":")):
            in_closing = True
            continue
        if in_closing:
            if block.kind == "p" and len(block.plain.split()) <= 6 and _AFTER_CLOSING.fullmatch(block.plain.rstrip(":")):
                break
            if not block.plain.endswith(":"):  # not its lead-in ("… med følgende ændringer:")
                closing.append(block)
            continue
        if not rows:
            preamble.append(block)
            continue
        label = _label(block)
        if label is not None:
            part, cut = label
            rest = split_block(text, block, cut)[1] if cut < block.end - block.start else None
            if rest is None:  # the label alone
                continue
            block = rest
        cells = rows[-1].segments[0].cells
        cells[part if part is not None else RESPONSE].append(block)
    if not rows:
        return None
    for row in rows:
        share_remarks(text, row.segments[0].cells)
    notes = [f"a prose memo: {len(rows)} section(s), one per respondent, read by their labelled parts"]
    if closing:
        notes.append(f"the closing list of changes ({len(closing)} item(s)) is matched with the sections' recommendations")
    return Table(text, preamble, rows, notes, closing)
