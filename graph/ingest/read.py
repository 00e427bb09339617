"""Reading a memo file: checking it, then turning a DOCX, HTML or PDF table into the tab-separated text.

The tab-separated text is what `table.parse_table` reads, and what is saved as the
memo's source.txt: a tab-separated input is kept byte for byte; a DOCX, HTML or PDF
input is rendered into that form, so that every quote is a substring of it.
"""

from __future__ import annotations

import codecs
import html
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from graph.base.errors import DataError, Where

# Bounds on what ingest reads and on its own work: far above any memo, so that a wrong file (a device, a pipe,
# a ZIP bomb, a generated file) is refused in one line instead of filling the memory or running for ever.
MAX_BYTES = 50 * 1024 * 1024  # the file: its size is checked before it is read, and no more is read
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx: its members' sizes once decompressed, all together
MAX_RATIO = 100  # a .docx: how far one member of over a megabyte may decompress (XML is 5 to 20 times)
MAX_MEMBERS = 10_000  # a .docx: the files in its ZIP archive
MAX_PARAGRAPHS = 100_000  # paragraphs, or lines of a tab-separated file
MAX_ROWS = 50_000  # table rows
MAX_CELLS = 500_000  # table cells
MAX_PAGES = 2_000  # a PDF's pages

Paragraph = tuple[str, str]  # ("p" | "item", inline HTML)
Cell = list[Paragraph]


@dataclass(frozen=True)
class Source:
    """A memo's text, ready for the table parser, and the bytes to save as its source.txt."""

    kind: str  # "tsv", "html", "docx" or "pdf"
    text: str
    data: bytes


def _bad(path: Path, message: str) -> DataError:
    return DataError(Where(path), message)


def _format(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise _bad(path, "an old Word .doc file: save it as .docx (or as a PDF) and ingest that")
    if suffix == ".pdf" or head.startswith(b"%PDF-"):
        if not head.startswith(b"%PDF-"):
            raise _bad(path, "not a PDF file (it does not start with %PDF-)")
        return "pdf"
    if suffix == ".docx" or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK\x03\x04"):
            raise _bad(path, "not a Word .docx file (it is not a ZIP archive)")
        return "docx"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    return "tsv"


def _what(mode: int) -> str | None:
    """What a file that is not a regular file is, to say so."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a memo file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a memo file: ingest reads only regular files"
    if stat.S_ISCHR(mode):
        return "is a character device, not a memo file: ingest reads only regular files"
    if stat.S_ISBLK(mode):
        return "is a block device, not a memo file: ingest reads only regular files"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a memo file: ingest reads only regular files"
    return "is not a regular file: ingest reads only regular files"


def _too_big(size: int) -> str:
    return f"the file is {size / 2**20:.0f} MB; a memo is at most {MAX_BYTES // 2**20} MB (is it the right file?)"


def read_bytes(path: Path) -> bytes:
    """A memo file's bytes: only a regular file, and at most MAX_BYTES of it (its size is checked first, then
    what is read, as a file can grow; it is opened without blocking, so a pipe put in its place cannot hang)."""
    try:
        before = path.stat()
    except FileNotFoundError:
        raise _bad(path, "no such file") from None
    except OSError as error:
        raise _bad(path, f"cannot read: {error.strerror}") from None
    what = _what(before.st_mode)
    if what is not None:
        raise _bad(path, what)
    if before.st_size > MAX_BYTES:
        raise _bad(path, _too_big(before.st_size))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _bad(path, f"cannot read: {error.strerror}") from None
    try:
        what = _what(os.fstat(fd).st_mode)  # the file opened, not the one looked at: it may have been replaced
        if what is not None:
            raise _bad(path, what)
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise _bad(path, f"cannot read: {error.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        cap = MAX_BYTES // 2**20
        raise _bad(path, f"more than {cap} MB read (the file said {before.st_size} bytes: it grew while read?); a memo is at most {cap} MB")
    return data


def read_source(path: Path) -> Source:
    """Check a memo file and read it; every problem is a DataError with one line to say."""
    data = read_bytes(path)
    if not data.strip():
        raise _bad(path, "the file is empty")
    kind = _format(path, data[:8])
    if kind == "pdf":
        return _rendered("pdf", *_pdf(path, data))
    if kind == "docx":
        return _rendered("docx", *_docx(path, data))
    if data.startswith(codecs.BOM_UTF8) and kind != "html":
        # Excel writes one before tab-separated text: not part of the memo, and the data refuses it in
        # source.txt (it would shift every quote's offset), so the copy kept is the text without it
        data = data[len(codecs.BOM_UTF8) :]
    text = _decode(path, data, html_file=kind == "html")
    if kind == "html":
        return _rendered("html", *_html(path, text))
    if "\x00" in text:
        raise _bad(path, "not a text file (it holds NUL bytes)")
    lines, cells = text.count("\n"), text.count("\t")
    if lines > MAX_PARAGRAPHS:
        raise _bad(path, _past(f"{lines:,}", MAX_PARAGRAPHS, "lines"))
    if cells > MAX_CELLS:
        raise _bad(path, _past(f"{cells:,} tabs between", MAX_CELLS, "table cells"))
    return Source("tsv", text.replace("\r\n", "\n").replace("\r", "\n"), data)


def _past(found: str, bound: int, what: str) -> str:
    return f"{found} {what}: past ingest's bound of {bound:,} {what} (far above any memo: is it the right file?)"


class _Bounds:
    """Counts what a reader has taken from a file, and refuses the file past a bound."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts = {"paragraphs": 0, "table rows": 0, "table cells": 0}
        self.bounds = {"paragraphs": MAX_PARAGRAPHS, "table rows": MAX_ROWS, "table cells": MAX_CELLS}

    def add(self, what: str, count: int = 1) -> None:
        self.counts[what] += count
        if self.counts[what] > self.bounds[what]:
            raise _bad(self.path, _past(f"more than {self.bounds[what]:,}", self.bounds[what], what))


def _decode(path: Path, data: bytes, *, html_file: bool) -> str:
    encoding = "utf-8"
    if html_file:
        declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.IGNORECASE)
        if declared is not None:
            try:
                encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            except LookupError:
                raise _bad(path, f"unknown character encoding {declared.group(1).decode('ascii')!r} declared in the file") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _bad(
            path, f"not {encoding.upper()} text (byte {error.start}): convert it first, e.g. iconv -f cp1252 -t utf-8 FILE > FILE.utf8"
        ) from None


# --- rendering a table into the tab-separated form --------------------------------

_ENTITY_LIKE = re.compile(r"&(?=[#A-Za-z])")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")


def escape(text: str) -> str:
    """Text for a cell: one line, and no '<' or '&' that would read as markup."""
    text = " ".join(text.split())
    return _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))


def _cell_html(cell: Cell) -> str:
    parts: list[str] = []
    items: list[str] = []
    for kind, inline in cell:
        if kind == "item":
            items.append(f"<li>{inline}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{inline}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return " ".join(parts)


def render(preamble: list[str], rows: list[list[Cell]], body: Cell | None = None) -> str:
    """The text of a memo: the preamble's paragraphs, then one tab-separated line per table row, every column kept;
    a memo without a table (a prose memo) is its paragraphs, one a line, headings in <b>, list items after "- "."""
    lines = [escape(paragraph) + "\n\n" for paragraph in preamble if paragraph.strip()]
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        cells = [_cell_html(cell) for cell in row]
        cells += [""] * (width - len(cells))
        lines.append("\t".join(cells) + "\n")
    for kind, inline in body or []:
        lines.append(("- " if kind == "item" else "") + inline + "\n\n")
    return "".join(lines)


def _rendered(kind: str, preamble: list[str], rows: list[list[Cell]] | None, body: Cell | None = None) -> Source:
    text = render(preamble, rows or [], None if rows else body)
    return Source(kind, text, text.encode("utf-8"))


def _inline(pieces: list[tuple[str, str]]) -> str:
    """Runs of (text, emphasis tag or "") as inline HTML; a wholly emphasised paragraph gets one tag."""
    pieces = [(text, tag) for text, tag in pieces if text]
    tags = {tag for text, tag in pieces if text.strip()}
    if len(tags) == 1 and "" not in tags:
        tag = tags.pop()
        return f"<{tag}>{escape(''.join(text for text, _ in pieces))}</{tag}>"
    merged: list[tuple[str, str]] = []
    for text, tag in pieces:
        if not text.strip():  # a space between runs joins its neighbour
            tag = merged[-1][1] if merged else ""
        if merged and merged[-1][1] == tag:
            merged[-1] = (merged[-1][0] + text, tag)
        else:
            merged.append((text, tag))
    out = []
    for text, tag in merged:
        core = escape(text)
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        out.append(f"{lead}<{tag}>{core}</{tag}>{trail}" if tag and core else f"{lead}{core}{trail}")
    return " ".join("".join(out).split())


def _split_item(inline: str) -> Paragraph:
    """A paragraph typed as a bullet ("- ", "• ", "– ") is a list item."""
    match = re.match(r"^(<[a-z]+>)?\s*[-•–]\s+", inline)
    if match is None:
        return ("p", inline)
    return ("item", (match.group(1) or "") + inline[match.end() :])


# --- DOCX ---------------------------------------------------------------------------


def _check_zip(path: Path, data: bytes) -> None:
    """A .docx is a ZIP archive: its members are checked before any is decompressed (a ZIP bomb of a few
    megabytes decompresses to gigabytes). The sizes checked are the ones zipfile then keeps to: it reads a
    member no further than its stated size."""
    damaged = "cannot read it as a Word .docx file (a damaged ZIP archive"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise _bad(path, f"{damaged}: {' '.join(str(error).split())})") from None
    if len(members) > MAX_MEMBERS:
        raise _bad(path, f"the .docx holds {len(members):,} files: past ingest's bound of {MAX_MEMBERS:,} files in a .docx (is it the right file?)")
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNZIPPED:
            raise _bad(
                path,
                f"the .docx decompresses to more than {MAX_UNZIPPED // 2**20} MB (a ZIP bomb?): past ingest's bound of "
                f"{MAX_UNZIPPED // 2**20} MB; nothing was decompressed",
            )
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _bad(
                path,
                f"its member {member.filename} decompresses {member.file_size // max(member.compress_size, 1):,} times over "
                f"(a ZIP bomb?): past ingest's bound of {MAX_RATIO}:1; nothing was decompressed",
            )


def _docx(path: Path, data: bytes) -> tuple[list[str], list[list[Cell]] | None, Cell]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    _check_zip(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged file (BadZipFile, KeyError, lxml's errors)
        raise _bad(path, f"cannot read it as a Word .docx file ({type(error).__name__}: {' '.join(str(error).split())})") from None
    bounds = _Bounds(path)
    preamble: list[str] = []
    rows: list[list[Cell]] | None = None
    body: Cell = []  # every paragraph, for a memo without a table
    for part in document.iter_inner_content():
        if isinstance(part, DocxParagraph):
            if rows is None and part.text.strip():
                preamble.append(part.text)
            body += _docx_paragraphs([part], bounds, headings=True)
        elif isinstance(part, Table) and rows is None:
            found = _docx_rows(part, bounds)
            if found and max(len(row) for row in found) >= 3:
                rows = found
    return preamble, rows, body


def _docx_rows(table: Any, bounds: _Bounds) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: list[Any] = []
    for row in table.rows:
        bounds.add("table rows")
        seen: set[int] = set()
        cells: list[Cell] = []
        elements: list[Any] = []
        for index, cell in enumerate(row.cells):
            bounds.add("table cells")
            if id(cell._tc) in seen:  # a cell merged across columns is listed once per column
                continue
            seen.add(id(cell._tc))
            elements.append(cell._tc)
            # a cell merged down from the row above is that row's, not this one's
            merged_down = index < len(above) and above[index] is cell._tc
            cells.append([] if merged_down else _docx_cell(cell, bounds))
        above = elements
        rows.append(cells)
    return rows


def _docx_cell(cell: Any, bounds: _Bounds) -> Cell:
    return _docx_paragraphs(cell.paragraphs, bounds)


def _docx_paragraphs(found: list[Any], bounds: _Bounds, *, headings: bool = False) -> Cell:
    paragraphs: Cell = []
    for paragraph in found:
        bounds.add("paragraphs")
        pieces: list[tuple[str, str]] = []
        for run in _runs(paragraph):
            tag = "u" if run.underline else "i" if run.italic else "b" if run.bold else ""
            pieces.append((run.text.replace("\t", " ").replace("\n", " "), tag))
        inline = _inline(pieces)
        if not inline.strip():
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if headings and (style.lower().startswith(("heading", "overskrift", "title", "titel"))):
            paragraphs.append(("p", inline if inline.startswith("<b>") else f"<b>{inline}</b>"))
        elif style.lower().startswith("list") or numbered:
            paragraphs.append(("item", _split_item(inline)[1]))
        else:
            paragraphs.append(_split_item(inline))
    return paragraphs


def _runs(paragraph: Any) -> list[Any]:
    runs: list[Any] = []
    for part in paragraph.iter_inner_content():
        runs.extend(part.runs if hasattr(part, "runs") else [part])
    return runs


# --- HTML ---------------------------------------------------------------------------

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote", "tr", "td", "th", "table", "ul", "ol"}
_SKIPPED = {"head", "script", "style", "template"}  # nothing a reader sees in the page
_INLINE = {"u": "u", "i": "i", "em": "i", "b": "b", "strong": "b"}


class _HtmlTables(HTMLParser):
    """Collects the paragraphs before the memo's table (the first of three or more columns: a letterhead's small
    table of case number and date is part of the preamble), and every table's cells as paragraphs."""

    def __init__(self, bounds: _Bounds) -> None:
        super().__init__(convert_charrefs=True)
        self.bounds = bounds
        self.preamble: list[str] = []
        self.tables: list[list[list[Cell]]] = []
        self.depth = 0  # table nesting
        self.wide = False  # a table of three or more columns has ended: the preamble is over
        self.skip = 0  # inside <head>, <script>, <style>
        self.cell: Cell | None = None
        self.pieces: list[tuple[str, str]] = []
        self.kind = "p"
        self.emphasis: list[str] = []
        self.text: list[str] = []
        self.body: Cell = []  # the paragraphs outside tables, for a memo without a table
        self.body_pieces: list[tuple[str, str]] = []
        self.body_kind = "p"

    def _flush(self) -> None:
        if self.cell is not None and self.depth == 1:
            inline = _inline(self.pieces)
            if inline.strip():
                self.bounds.add("paragraphs")
                self.cell.append(("item", _split_item(inline)[1]) if self.kind == "item" else _split_item(inline))
        self.pieces, self.kind = [], "p"

    def _flush_text(self) -> None:
        words = " ".join("".join(self.text).split())
        if words and not self.wide and self.depth == 0:
            self.preamble.append(words)
        self.text = []
        inline = _inline(self.body_pieces)
        if inline.strip() and self.depth == 0:
            self.bounds.add("paragraphs")
            if self.body_kind == "heading":
                self.body.append(("p", inline if inline.startswith("<b>") else f"<b>{inline}</b>"))
            else:
                self.body.append(("item", _split_item(inline)[1]) if self.body_kind == "item" else _split_item(inline))
        self.body_pieces, self.body_kind = [], "p"

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif tag == "table":
            self._flush_text()
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif tag == "tr" and self.depth == 1:
            self.bounds.add("table rows")
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.depth == 1:
            self.bounds.add("table cells")
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.cell = []
            self.tables[-1][-1].append(self.cell)
            self.pieces, self.kind = [], "p"
        elif tag in _BLOCK:
            self._flush()
            self._flush_text()
            if tag == "li":
                self.kind = "item"
                self.body_kind = "item"
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.body_kind = "heading"
        elif tag in _INLINE:
            self.emphasis.append(_INLINE[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            self._flush()
            self.depth = max(0, self.depth - 1)
            if self.depth == 0 and self.tables and not self.wide:
                table = self.tables[-1]
                if max((len(row) for row in table), default=0) >= 3:
                    self.wide = True
                else:  # "Dato | 21. oktober 2024": a line of the preamble
                    for row in table:
                        line = " ".join(html.unescape(_strip_tags(inline)) for cell in row for _, inline in cell)
                        if line.strip():
                            self.preamble.append(" ".join(line.split()))
        elif tag in ("td", "th") and self.depth == 1:
            self._flush()
            self.cell = None
        elif tag in _BLOCK:
            self._flush()
            self._flush_text()
        elif tag in _INLINE and self.emphasis:
            self.emphasis.pop()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None and self.depth == 1:
            self.pieces.append((data, self.emphasis[-1] if self.emphasis else ""))
        elif self.depth == 0:
            self.text.append(data)
            self.body_pieces.append((data, self.emphasis[-1] if self.emphasis else ""))


def _html(path: Path, text: str) -> tuple[list[str], list[list[Cell]] | None, Cell]:
    parser = _HtmlTables(_Bounds(path))
    parser.feed(text)
    parser.close()
    parser._flush_text()
    for table in parser.tables:
        if table and max(len(row) for row in table) >= 3:
            return parser.preamble, table, []
    return parser.preamble, None, parser.body


# --- PDF ----------------------------------------------------------------------------


def _pdf(path: Path, data: bytes) -> tuple[list[str], list[list[Cell]] | None, Cell]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise _bad(path, _past(f"{len(pdf.pages):,}", MAX_PAGES, "pages"))
            if not any(page.chars for page in pdf.pages):
                raise _bad(path, "the PDF has no text layer (a scanned document?): run OCR on it first, or ingest the Word file")
            return _pdf_tables(pdf.pages, _Bounds(path))
    except DataError:
        raise
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise _bad(path, f"cannot read the PDF ({type(error).__name__}: {' '.join(str(error).split())})") from None


def _pdf_tables(pages: list[Any], bounds: _Bounds) -> tuple[list[str], list[list[Cell]] | None, Cell]:
    preamble: list[str] = []
    rows: list[list[Cell]] = []
    body: Cell = []  # every page's paragraphs, for a memo without a table
    furniture = _page_furniture(pages)
    for number, page in enumerate(pages):
        words = page.extract_words(extra_attrs=["fontname"])
        if number:  # a running header on a later page; on the first it is the letterhead
            words = [word for word in words if round(word["top"]) not in furniture.get(number, set())]
        else:
            words = [word for word in words if round(word["top"]) not in furniture.get(-1, set())]
        paragraphs = _pdf_paragraphs(words)
        bounds.add("paragraphs", len(paragraphs))
        if body and paragraphs and not _ends(body[-1][1]) and paragraphs[0][0] == "p" and paragraphs[0][1][:1].islower():
            body[-1] = (body[-1][0], f"{body[-1][1]} {paragraphs[0][1]}")  # a paragraph goes on after the page break
            paragraphs = paragraphs[1:]
        body += paragraphs
        tables = [table for table in page.find_tables() if max((len(row.cells) for row in table.rows), default=0) >= 3]
        if not rows:
            top = min((table.bbox[1] for table in tables), default=page.height)
            above = page.within_bbox((0, 0, page.width, top)) if top > 0 else None
            if above is not None:
                preamble += [html.unescape(_strip_tags(inline)) for _, inline in _pdf_paragraphs(above.extract_words(extra_attrs=["fontname"]))]
        for table in tables:
            for row in table.rows:
                bounds.add("table rows")
                bounds.add("table cells", len(row.cells))
                cells: list[Cell] = []
                for bbox in row.cells:
                    if bbox is None:  # covered by a cell merged across columns
                        cells.append([])
                        continue
                    words = page.within_bbox(bbox).extract_words(extra_attrs=["fontname"])
                    cells.append(_pdf_paragraphs(words))
                rows.append(cells)
    return (preamble if rows else []), rows or None, body  # without a table, the body holds the whole text


_PAGE_NUMBER = re.compile(r"(?:side\s+)?\d{1,3}(?:\s*(?:af|/|of)\s*\d{1,3})?", re.IGNORECASE)


def _ends(inline: str) -> bool:
    return _strip_tags(inline).rstrip().endswith((".", "!", "?", ":", ";"))


def _page_furniture(pages: list[Any]) -> dict[int, set[int]]:
    """The lines of each page that are its furniture, by their top: page numbers ("Side 2 af 4") anywhere in a
    page's first or last two lines, and a header or footer repeated at the same place on most pages. Key -1
    holds the first page's page numbers only (its header is the letterhead)."""
    edges: list[list[tuple[int, str]]] = []
    for page in pages:
        lines: dict[int, list[str]] = {}
        for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
            lines.setdefault(round(word["top"]), []).append(word["text"])
        ordered = sorted(lines.items())
        edges.append([(top, " ".join(words)) for top, words in ordered[:2] + ordered[-2:]])
    seen: dict[str, int] = {}
    for page_edges in edges:
        for text in {re.sub(r"\d+", "#", text) for _, text in page_edges}:
            seen[text] = seen.get(text, 0) + 1
    furniture: dict[int, set[int]] = {}
    for number, page_edges in enumerate(edges):
        for top, text in page_edges:
            numbered = _PAGE_NUMBER.fullmatch(text) is not None
            repeated = len(pages) >= 3 and seen[re.sub(r"\d+", "#", text)] * 2 > len(pages)
            if numbered:
                furniture.setdefault(-1 if number == 0 else number, set()).add(top)
            elif repeated and number:
                furniture.setdefault(number, set()).add(top)
    return furniture


def _strip_tags(inline: str) -> str:
    return re.sub(r"<[^>]+>", "", inline)


def _bold(line: list[dict[str, Any]]) -> bool:
    return all("Bold" in word.get("fontname", "") for word in line)


def _pdf_paragraphs(words: list[dict[str, Any]]) -> Cell:
    """Words of a cell as paragraphs.

    A paragraph ends where a bullet starts, after a line ending in ':', at a wider gap
    than the usual line spacing, and after a line that ends short although the next
    line's first word would have fitted on it (text is wrapped greedily).
    """
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    if not lines:
        return []
    height = max(line[0]["bottom"] - line[0]["top"] for line in lines)
    # the line pitch inside a paragraph is the smallest pitch between lines of one size (a memo of
    # one-line paragraphs has no other; a median would take the paragraph gap for the line pitch)
    pitches = [
        (b[0]["top"] - a[0]["top"]) / max(a[0]["bottom"] - a[0]["top"], 1.0) for a, b in zip(lines, lines[1:], strict=False)
    ]
    usual = min((pitch for pitch in pitches if pitch >= 0.9), default=None)
    right = max(line[-1]["x1"] for line in lines)
    paragraphs: list[list[list[dict[str, Any]]]] = []
    for index, line in enumerate(lines):
        starts = not paragraphs or line[0]["text"] in ("-", "•", "–")
        if index > 0:
            previous = lines[index - 1]
            first_word = line[0]["x1"] - line[0]["x0"]
            starts = (
                starts
                or previous[-1]["text"].endswith(":")
                or _bold(line) != _bold(previous)
                or (usual is not None and pitches[index - 1] > usual * 1.3)
                or right - previous[-1]["x1"] > first_word + height * 0.4
            )
        if starts:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    cell: Cell = []
    for paragraph in paragraphs:
        texts = [[word["text"] for word in line] for line in paragraph]
        kind = "p"
        if texts[0][0] in ("-", "•", "–"):
            kind, texts[0] = "item", texts[0][1:]
        text = ""
        for line_words in texts:
            line_text = " ".join(line_words)
            if not line_text:
                continue
            if text.endswith("-") and line_text[:1].islower():
                text += line_text  # a word broken across lines
            else:
                text = f"{text} {line_text}" if text else line_text
        if not text:
            continue
        fonts = {word.get("fontname", "") for line in paragraph for word in line}
        tag = ""
        if all(re.search(r"Italic|Oblique", font) for font in fonts):
            tag = "i"
        elif all("Bold" in font for font in fonts):
            tag = "b"
        cell.append((kind, f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text)))
    return cell
