"""Reading a memo's table from its text: the tab-separated form with HTML fragments in cells.

This is the form `shared/memo/003_…txt` has, and the form the DOCX, HTML and PDF readers
render into, so that one parser serves every input and every quote is a verbatim
substring of the text it came from:

- lines before the table are the preamble (title, consultation period);
- a table row is a line of four tab-separated cells (or a `| … | … |` line);
  a row whose first cell is empty continues the row above (a page break);
- a cell holds `<p>` paragraphs and `<ul>` lists whose items start with "- " (or `<li>`);
- a line outside the columns after a row (the converter lost the table at a page
  break) belongs to that row; its column is guessed from its form.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .decisions import split_recommendation
from .kinds import guess_kind

RESPONDENT, RESPONSE, REMARKS, RECOMMENDATION = range(4)
COLUMNS = 4

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td", "th", "tbody", "thead"}
_LIST_TAGS = {"ul", "ol"}
_EMPHASIS = re.compile(r"<(u|i|b|em|strong)\b[^>]*>(.*)</\1\s*>", re.DOTALL | re.IGNORECASE)
# an item starts with "- " (or "• ") after a space, a sentence's end, a tag or the start
_ITEM = re.compile(r"(?<![^\s.!?;:>])[-•]\s+")
_SEPARATOR = re.compile(r"[\s\-|:]*")


@dataclass(frozen=True)
class Block:
    """A paragraph or list item of a cell: its words as quoted (offsets into the text) and as read."""

    kind: str  # "p" or "item"
    start: int
    end: int
    quote: str  # text[start:end]: verbatim, inline markup included
    plain: str  # without markup, entities decoded, spaces collapsed
    emphasis: tuple[int, int] | None = None  # the words inside markup wrapping the whole block (a heading)
    guessed: bool = False  # outside the table's columns: its column is a guess

    @property
    def heading_quote(self) -> tuple[int, str]:
        """Where the words of a heading start, and the words, without the markup around them."""
        if self.emphasis is None:
            return self.start, self.quote
        start, end = self.emphasis
        return start, self.quote[start - self.start : end - self.start]


@dataclass
class Segment:
    """One line of the table: a row, or its continuation after a page break."""

    cells: list[list[Block]]
    line: int


@dataclass
class Row:
    """A respondent's row: its first segment names the respondent; the others continue it."""

    segments: list[Segment] = field(default_factory=list)


@dataclass
class Table:
    text: str
    preamble: list[Block]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)  # how the memo was read, for the draft's header
    closing: list[Block] = field(default_factory=list)  # a closing list of the recommended changes ("Samlet indstilling")
    headed: bool = True  # its columns were named by a header row (False: read by their place)

    def looks_like_a_memo(self) -> bool:
        """A table read by its columns' places is a memo's only when most rows name someone in the first column
        and say something in the second: not a README's table of commands, not a spreadsheet of figures."""
        if self.headed:
            return True
        named = said = 0
        for row in self.rows:
            cells = row.segments[0].cells
            name = " ".join(block.plain for block in cells[RESPONDENT])
            named += bool(name) and name[0].isupper() and len(name.split()) <= 12 and not re.search(r"[`{}=<>]|\d{3,}", name)
            said += sum(len(block.plain.split()) for block in cells[RESPONSE]) >= 5
        return named * 2 > len(self.rows) and said * 2 > len(self.rows)



def lines(text: str) -> Iterator[tuple[int, int, int]]:
    """Each line of the text: its 1-based number and its span, the line break left out."""
    for number, match in enumerate(re.finditer(r"[^\n]*\n", text + "\n" if text and not text.endswith("\n") else text), start=1):
        start, end = match.start(), min(match.end(), len(text))
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        yield number, start, end

def plain_text(raw: str) -> str:
    """Text without tags and entities, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())


def _block(text: str, kind: str, start: int, end: int, guessed: bool) -> Block | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    raw = text[start:end]
    plain = plain_text(raw)
    if not plain:
        return None
    emphasis = None
    whole = _EMPHASIS.fullmatch(raw)
    if whole is not None and "<" not in whole.group(2):
        inner_start, inner_end = start + whole.start(2), start + whole.end(2)
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        emphasis = (inner_start, inner_end)
    return Block(kind, start, end, raw, plain, emphasis, guessed)


def parse_fragment(text: str, start: int, end: int, *, in_list: bool = False, guessed: bool = False) -> list[Block]:
    """The paragraphs and list items of text[start:end], an HTML fragment."""
    blocks: list[Block] = []
    open_block: list[object] | None = None  # [kind, start]
    in_item = False

    def close(at: int) -> None:
        nonlocal open_block
        if open_block is not None:
            made = _block(text, str(open_block[0]), int(str(open_block[1])), at, guessed)
            if made is not None:
                blocks.append(made)
            open_block = None

    def words(a: int, b: int) -> None:
        nonlocal open_block
        position = a
        if in_list and not in_item:
            for marker in _ITEM.finditer(text, a, b):
                if open_block is None and text[position : marker.start()].strip():
                    open_block = ["p", position]
                close(marker.start())
                open_block = ["item", marker.end()]
                position = marker.end()
        if open_block is None and text[position:b].strip():
            open_block = ["p", position]

    position = start
    for tag in _TAG.finditer(text, start, end):
        words(position, tag.start())
        position = tag.end()
        name = (tag.group(2) or "").lower()
        closing = bool(tag.group(1))
        if not name:  # a comment
            continue
        if name in _LIST_TAGS:
            close(tag.start())
            in_list, in_item = not closing, False
        elif name == "li":
            close(tag.start())
            in_item = not closing
            if not closing:
                open_block = ["item", tag.end()]
        elif name in _BLOCK_TAGS:
            close(tag.start())
            if not closing and name != "br" and not tag.group(3):
                open_block = ["item" if in_item else "p", tag.end()]
        elif open_block is None:  # inline markup opens a paragraph
            open_block = ["item" if in_item else "p", tag.start()]
    words(position, end)
    close(end)
    return blocks


def _is_separator(line: str) -> bool:
    return bool(_SEPARATOR.fullmatch(line)) and ("|" in line or "--" in line)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The cells' spans of a table line, or None when the line is not a table row."""
    line = text[start:end]
    if line.count("\t") >= 2:
        spans, at = [], start
        for part in line.split("\t"):
            spans.append((at, at + len(part)))
            at += len(part) + 1
        return spans
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 4:
        first = start + line.index("|")
        last = start + line.rindex("|")
        spans, at = [], first + 1
        for part in text[first + 1 : last].split("|"):
            spans.append((at, at + len(part)))
            at += len(part) + 1
        return spans
    return None


# --- the columns, by their header words --------------------------------------------------

NUMBER, COMBINED = -1, -2  # a leading number column; a column of remarks and recommendations together
ROLE_NAMES = {
    NUMBER: "number",
    RESPONDENT: "respondent",
    RESPONSE: "response",
    REMARKS: "remarks",
    RECOMMENDATION: "recommended change",
    COMBINED: "remarks and recommended change",
}
_NUMBER_HEADER = re.compile(r"(?:nr|løbe\s*nr|løbenummer|id|#|no)\.?", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"\d{1,4}[a-z]?\.?|[IVX]+\.?", re.IGNORECASE)
_RESPONDENT_WORDS = re.compile(r"høringspart|afsender|indsender|navn|respondent|organisation|fra\b|part\b|hvem|indsendt\s+af", re.IGNORECASE)
_RESPONSE_WORDS = re.compile(r"høringssvar|resum[ée]|hovedpunkt|indhold|sammenfatning|synspunkt|emne|tema|bemærkninger\s+fra|uddrag", re.IGNORECASE)
_REMARK_WORDS = re.compile(r"bemærkning|kommentar|vurdering|forvaltning|administration|svar\b|besvarelse|notat", re.IGNORECASE)
_CHANGE_WORDS = re.compile(r"indstilling|ændring|konsekvens|indstiller|forslag\s+til|beslutning", re.IGNORECASE)


def _role(header: str) -> int | None:
    if _NUMBER_HEADER.fullmatch(header.strip()):
        return NUMBER
    remark, change = _REMARK_WORDS.search(header), _CHANGE_WORDS.search(header)
    if remark and change and re.search(r"\bog\b|/|&|\+", header):  # "Kommentar og indstilling"
        return COMBINED
    if change:
        return RECOMMENDATION
    if _RESPONSE_WORDS.search(header) and not (remark and re.search(r"forvaltning|administration|kommentar", header, re.IGNORECASE)):
        return RESPONSE
    if remark:
        return REMARKS
    if _RESPONDENT_WORDS.search(header):
        return RESPONDENT
    return None


def _header_roles(cells: list[list[Block]]) -> list[int | None] | None:
    """The role of each column, read from a header row; None when the row is not a header."""
    texts = [" ".join(block.plain for block in cell) for cell in cells]
    if any(len(text) > 80 or len(text.split()) > 8 or text.endswith(".") and not _NUMBER_HEADER.fullmatch(text) for text in texts):
        return None  # a header names its columns in a few words, not in sentences
    roles = [_role(text) if text else None for text in texts]
    named = [role for role in roles if role not in (None, NUMBER)]
    if len(named) < 2:
        return None
    # "Høringssvar (organisering) | Høringssvar | …": the first column of a table names who answered
    first = next(index for index, role in enumerate(roles) if role != NUMBER)
    if RESPONDENT not in roles:
        roles[first] = RESPONDENT
    out: list[int | None] = []
    for role in roles:
        out.append(None if role in out and role is not None and role != NUMBER else role)  # a role once, the first column wins
    wanted = [
        role
        for role in (RESPONDENT, RESPONSE, REMARKS, RECOMMENDATION)
        if role not in out and not (COMBINED in out and role in (REMARKS, RECOMMENDATION))
    ]
    for index, role in enumerate(out):
        if role is None and wanted:
            out[index] = wanted.pop(0)
    return out


def _positional(count: int, first_cells: list[str]) -> list[int | None]:
    """The columns of a table without a header, by their number (and a first column of numbers)."""
    if count >= 5 or (count == 4 and all(_NUMBER_CELL.fullmatch(cell.strip()) for cell in first_cells if cell.strip()) and any(first_cells)):
        roles: list[int | None] = [NUMBER, RESPONDENT, RESPONSE, REMARKS, RECOMMENDATION] if count >= 5 else [NUMBER, RESPONDENT, RESPONSE, COMBINED]
        return roles + [None] * (count - len(roles))
    if count == 3:
        return [RESPONDENT, RESPONSE, COMBINED]
    return list[int | None]([RESPONDENT, RESPONSE, REMARKS, RECOMMENDATION][:count])


def _loose_column(block: Block) -> int:
    """Where a line outside the columns belongs: bullets and headings are responses, prose is a remark."""
    if block.kind == "item" or block.plain.endswith(":") or block.emphasis is not None:
        return RESPONSE
    if guess_kind(block.plain) is not None:
        return RESPONSE
    return REMARKS


def split_block(text: str, block: Block, at: int) -> tuple[Block | None, Block | None]:
    """A block cut at offset `at` of its quote: the words before and from there, each trimmed."""
    cut = block.start + at
    return _block(text, block.kind, block.start, cut, block.guessed), _block(text, block.kind, cut, block.end, block.guessed)


def _share_out(text: str, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """A cell of remarks that goes on into the recommendation ("… Forvaltningen indstiller, at …"): both parts."""
    for index, block in enumerate(blocks):
        at = split_recommendation(block.quote)
        if at is None:
            continue
        if at == 0 or not plain_text(block.quote[:at]):
            return blocks[:index], blocks[index:]
        before, after = split_block(text, block, at)
        return [*blocks[:index], *([before] if before else [])], [*([after] if after else []), *blocks[index + 1 :]]
    return blocks, []


def share_remarks(text: str, cells: list[list[Block]]) -> None:
    """A row whose change column is empty may give its recommendation at the end of its remarks
    ("… Forvaltningen indstiller, at …"): those words move to the change column."""
    if cells[REMARKS] and not cells[RECOMMENDATION]:
        cells[REMARKS], cells[RECOMMENDATION] = _share_out(text, cells[REMARKS])


def parse_table(text: str) -> Table | None:
    """The memo's preamble and table rows, or None when the text holds no table of three or more columns."""
    preamble: list[Block] = []
    rows: list[Row] = []
    notes: list[str] = []
    roles: list[int | None] | None = None
    headed = True
    first_header: list[str] = []
    loose: Segment | None = None
    for line_number, start, end in lines(text):
        line = text[start:end]
        if not line.strip() or _is_separator(line):
            continue
        spans = _cells(text, start, end)
        if spans is not None and len(spans) >= 3:
            # a cell typed as bullets without <ul> ("- Der er …") is a list all the same
            raw = [parse_fragment(text, a, b, in_list=text[a:b].lstrip().startswith(("- ", "• "))) for a, b in spans]
            if not any(raw):
                continue
            header = _header_roles(raw)
            texts = [" ".join(b.plain for b in cell) for cell in raw]
            if header is not None and roles is not None and sum(a == b for a, b in zip(texts, first_header, strict=False)) < 2:
                header = None  # after the table's header, a header again is the same words (a page break), else it is a row
            if header is not None:
                if roles is None:
                    roles, first_header = header, texts
                    notes.append(
                        "columns read by their headers: "
                        + ", ".join(
                            f"'{' '.join(b.plain for b in cell)}' as {ROLE_NAMES[role]}"
                            for cell, role in zip(raw, header, strict=True)
                            if role is not None
                        )
                    )
                continue  # a header again (after a page break)
            if roles is None:
                headed = False
                roles = _positional(len(raw), [" ".join(b.plain for b in raw[0])])
                notes.append(
                    f"the table has no header row: its {len(raw)} columns are read by their place, as "
                    + ", ".join(ROLE_NAMES[role] for role in roles if role is not None)
                    + "; check that"
                )
            cells: list[list[Block]] = [[] for _ in range(COLUMNS)]
            for cell, role in zip(raw, roles, strict=False):
                if role == COMBINED:
                    remarks, changes = _share_out(text, cell)
                    cells[REMARKS] += remarks
                    cells[RECOMMENDATION] += changes
                elif role is not None and role >= 0:
                    cells[role] += cell
            share_remarks(text, cells)
            if not any(cells):
                continue
            loose = None
            segment = Segment(cells, line_number)
            if cells[RESPONDENT] or not rows:
                rows.append(Row([segment]))
            else:
                rows[-1].segments.append(segment)
            continue
        if roles is None or not rows:
            preamble += parse_fragment(text, start, end)
            continue
        listed = line.lstrip().startswith(("- ", "• "))
        if loose is None:
            loose = Segment([[] for _ in range(COLUMNS)], line_number)
            rows[-1].segments.append(loose)
        for block in parse_fragment(text, start, end, in_list=listed, guessed=True):
            loose.cells[_loose_column(block)].append(block)
    if not rows:
        return None
    return Table(text, preamble, rows, notes, headed=headed)
