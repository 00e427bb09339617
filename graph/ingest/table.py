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
from dataclasses import dataclass, field

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
_HEADER_WORDS = ("høringssvar", "høringspart", "bemærkning", "indstilling", "respondent")


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


def _is_header(cells: list[list[Block]]) -> bool:
    texts = [" ".join(block.plain for block in cell).casefold() for cell in cells]
    named = sum(1 for cell in texts if any(word in cell for word in _HEADER_WORDS))
    return named >= 2 and all(len(cell) <= 80 for cell in texts)


def _loose_column(block: Block) -> int:
    """Where a line outside the columns belongs: bullets and headings are responses, prose is a remark."""
    if block.kind == "item" or block.plain.endswith(":") or block.emphasis is not None:
        return RESPONSE
    if guess_kind(block.plain) is not None:
        return RESPONSE
    return REMARKS


def parse_table(text: str) -> Table | None:
    """The memo's preamble and table rows, or None when the text holds no four-column table."""
    preamble: list[Block] = []
    rows: list[Row] = []
    started = False
    loose: Segment | None = None
    line_number = 0
    for match in re.finditer(r"[^\n]*\n?", text):
        if not match.group():
            break
        line_number += 1
        start, end = match.start(), match.end()
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        line = text[start:end]
        if not line.strip() or _is_separator(line):
            continue
        spans = _cells(text, start, end)
        if spans is not None and len(spans) >= 3:
            # a cell typed as bullets without <ul> ("- Der er …") is a list all the same
            cells = [parse_fragment(text, a, b, in_list=text[a:b].lstrip().startswith(("- ", "• "))) for a, b in spans[:COLUMNS]]
            cells += [[] for _ in range(COLUMNS - len(cells))]
            if not any(cells):
                continue
            if _is_header(cells):
                started = True
                continue
            started = True
            loose = None
            segment = Segment(cells, line_number)
            if cells[RESPONDENT] or not rows:
                rows.append(Row([segment]))
            else:
                rows[-1].segments.append(segment)
            continue
        if not started or not rows:
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
    return Table(text, preamble, rows)
