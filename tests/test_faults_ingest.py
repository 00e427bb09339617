"""`hoeringsgraf ingest` under faults: what it reads and the work it does are bounded.

Each fault is run as the user runs it, the CLI in a child process with a timeout (so a test cannot hang
when ingest reads for ever), and must end in exit 2 with one line naming the file, and nothing written.
The ZIP bomb's child must also stay small in memory: its peak RSS is read from os.wait4.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.ingest import read

from .conftest import DATA, REPO

# the CLI, writing its own peak memory (VmHWM: this program's, from its exec on) to the file named by HWM_FILE as
# it exits. Not the wait4/getrusage ru_maxrss: Linux carries that over a fork and exec, so a child of a large test
# process (the whole suite's: 1.1 GB) reports its parent's size
_PEAK = """
import atexit, os, sys
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(sys.argv[0]))
def _peak():
    with open("/proc/self/status") as status, open(os.environ["HWM_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
from cli import main
main()
"""
CLI = [sys.executable, "-c", _PEAK, str(REPO / "cli.py")]
HEADER = "Høringspart\tHøringssvar\tAdministrationens bemærkninger\tAdministrationens indstilling til ændringer"


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str
    peak_mb: float  # the child's peak resident memory


def _limit_memory() -> None:
    """In the child: a ceiling on its address space, so that an ingest reading without a bound fails (MemoryError,
    not exit 2) rather than filling this machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))


def _ingest(memo: Path | str, folder: Path, *, timeout: float = 60) -> Ran:
    """The CLI on `memo` in a child process; killed (and the test failed) past `timeout` seconds."""
    args = [*CLI, "ingest", str(memo), "--memo-id", folder.name, "-o", str(folder), "--data", str(DATA)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        hwm = Path(scratch) / "peak-kb"
        env = {**os.environ, "HWM_FILE": str(hwm)}
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=REPO, preexec_fn=_limit_memory, env=env)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.send_signal(signal.SIGKILL)
                os.wait4(child.pid, 0)
                child.returncode = -9  # reaped here: Popen must not wait for it again
                pytest.fail(f"ingest of {memo} still ran after {timeout} s: it reads or works without a bound")
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux
        peak_kb = int(hwm.read_text()) if hwm.is_file() else usage.ru_maxrss  # not written: killed before its exit
        return Ran(child.returncode, out.read().decode(), err.read().decode(), peak_kb / 1024)


def _refused(ran: Ran, memo: Path | str, folder: Path, message: str) -> None:
    assert ran.code == 2, ran.stderr
    assert "Traceback" not in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1, ran.stderr
    assert ran.stderr.startswith(f"hoeringsgraf: error: {memo}: "), ran.stderr
    assert message in ran.stderr, ran.stderr
    assert not folder.exists() and not folder.parent.exists(), "nothing is written"


# --- only a regular file is read ---------------------------------------------------------------


def test_a_fifo_is_refused_not_read_for_ever(tmp_path: Path) -> None:
    fifo = tmp_path / "notat.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "out" / "fifo-2024"
    _refused(_ingest(fifo, folder, timeout=20), fifo, folder, "is a named pipe (FIFO), not a memo file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists() or not stat.S_ISCHR(os.stat(device).st_mode):
        pytest.skip(f"no {device} here")
    folder = tmp_path / "out" / "device-2024"
    _refused(_ingest(device, folder, timeout=20), device, folder, "is a character device, not a memo file")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    memo = tmp_path / "notat.docx"
    memo.mkdir()
    folder = tmp_path / "out" / "folder-2024"
    _refused(_ingest(memo, folder), memo, folder, "is a folder, not a memo file")


def test_a_file_that_grows_past_the_cap_is_not_read_past_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap holds on the bytes read, not only on the size the file states (a /proc file states 0)."""
    memo = tmp_path / "notat.txt"
    memo.write_bytes(b"x" * 2048)
    monkeypatch.setattr(read, "MAX_BYTES", 1024)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: os.stat_result((*real_stat(self, **kw)[:6], 10, *real_stat(self, **kw)[7:])))
    with pytest.raises(read.DataError, match="the file said 10 bytes"):
        read.read_bytes(memo)


# --- a .docx is checked before it is decompressed ------------------------------------------------


def _zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx (python-docx's own, so that a reader goes on to read its document) whose word/document.xml
    decompresses to `megabytes` of spaces between its paragraphs, written in chunks (the test stays light)."""
    import docx

    plain = path.with_name("plain.docx")
    docx.Document().save(str(plain))
    chunk = b" " * 2**20
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                b"<w:p><w:r><w:t>Et notat.</w:t></w:r></w:p>"
            )
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"<w:p><w:r><w:t>Slut.</w:t></w:r></w:p></w:body></w:document>")
    plain.unlink()
    return path


def test_a_zip_bomb_docx_is_refused_before_it_is_decompressed(tmp_path: Path) -> None:
    memo = _zip_bomb(tmp_path / "bombe.docx", 300)
    assert memo.stat().st_size < 2 * 2**20, "the bomb is small on disk"
    folder = tmp_path / "out" / "bomb-2024"
    ran = _ingest(memo, folder)
    _refused(ran, memo, folder, "(a ZIP bomb?)")
    assert ran.peak_mb < 250, f"the child's peak memory was {ran.peak_mb:.0f} MB: the bomb was decompressed"


def test_a_member_that_decompresses_too_far_is_refused(tmp_path: Path) -> None:
    memo = _zip_bomb(tmp_path / "bombe.docx", 20)  # under the total bound, far over the ratio
    folder = tmp_path / "out" / "bomb-2024"
    _refused(_ingest(memo, folder), memo, folder, f"past ingest's bound of {read.MAX_RATIO}:1")


def test_a_docx_of_too_many_files_is_refused(tmp_path: Path) -> None:
    memo = tmp_path / "mange.docx"
    with zipfile.ZipFile(memo, "w") as archive:
        for number in range(read.MAX_MEMBERS + 1):
            archive.writestr(f"word/media/{number}.txt", b"")
    folder = tmp_path / "out" / "many-2024"
    _refused(_ingest(memo, folder), memo, folder, f"past ingest's bound of {read.MAX_MEMBERS:,} files")


def test_a_truncated_docx_is_one_line(tmp_path: Path) -> None:
    import docx

    whole = tmp_path / "hel.docx"
    document = docx.Document()
    document.add_paragraph("Et notat.")
    document.save(str(whole))
    data = whole.read_bytes()
    memo = tmp_path / "afbrudt.docx"
    memo.write_bytes(data[: len(data) // 2])  # the central directory at the end is gone
    folder = tmp_path / "out" / "damaged-2024"
    _refused(_ingest(memo, folder), memo, folder, "cannot read it as a Word .docx file (a damaged ZIP archive")


def test_a_docx_with_a_damaged_member_is_one_line(tmp_path: Path) -> None:
    import docx

    whole = tmp_path / "hel.docx"
    document = docx.Document()
    document.add_paragraph("Et notat.")
    document.save(str(whole))
    memo = tmp_path / "skadet.docx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(memo, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
    data = bytearray(memo.read_bytes())
    at = data.index(b"word/document.xml") + len(b"word/document.xml")  # the local header's name; its data follows
    data[at + 10 : at + 40] = b"\xff" * 30
    memo.write_bytes(bytes(data))
    folder = tmp_path / "out" / "damaged-2024"
    _refused(_ingest(memo, folder), memo, folder, "cannot read it as a Word .docx file")


# --- bounds on the work: paragraphs, rows, cells, pages --------------------------------------------


def test_too_many_lines_are_refused_with_the_bound(tmp_path: Path) -> None:
    memo = tmp_path / "linjer.txt"
    memo.write_text(HEADER + "\n" + "Borger\tJa.\tNoteres.\t\n" * (read.MAX_PARAGRAPHS + 1), encoding="utf-8")
    folder = tmp_path / "out" / "lines-2024"
    _refused(_ingest(memo, folder), memo, folder, f"lines: past ingest's bound of {read.MAX_PARAGRAPHS:,} lines")


def test_too_many_cells_are_refused_with_the_bound(tmp_path: Path) -> None:
    memo = tmp_path / "celler.txt"
    memo.write_text(HEADER + "\n" + "Borger" + "\tJa." * (read.MAX_CELLS + 1) + "\n", encoding="utf-8")
    folder = tmp_path / "out" / "cells-2024"
    _refused(_ingest(memo, folder), memo, folder, f"past ingest's bound of {read.MAX_CELLS:,} table cells")


def test_html_rows_past_the_bound_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = tmp_path / "notat.html"
    row = "<tr><td>Borger</td><td>Der er bekymring.</td><td>Noteres.</td></tr>"
    memo.write_text(f"<html><body><table>{row * 11}</table></body></html>", encoding="utf-8")
    monkeypatch.setattr(read, "MAX_ROWS", 10)
    with pytest.raises(read.DataError, match="more than 10 table rows: past ingest's bound of 10 table rows"):
        read.read_source(memo)


def test_docx_paragraphs_past_the_bound_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    memo = tmp_path / "notat.docx"
    document = docx.Document()
    for _ in range(11):
        document.add_paragraph("Der er bekymring for trafikken.")
    document.save(str(memo))
    monkeypatch.setattr(read, "MAX_PARAGRAPHS", 10)
    with pytest.raises(read.DataError, match="past ingest's bound of 10 paragraphs"):
        read.read_source(memo)


def test_pdf_pages_past_the_bound_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for _ in range(4):
        pdf.add_page()
        pdf.cell(0, 10, "Der er bekymring for trafikken.")
    memo = tmp_path / "notat.pdf"
    pdf.output(str(memo))
    monkeypatch.setattr(read, "MAX_PAGES", 3)
    with pytest.raises(read.DataError, match="4 pages: past ingest's bound of 3 pages"):
        read.read_source(memo)


# --- no quadratic step: a memo repeating one bullet ------------------------------------------------


def test_repeated_identical_bullets_are_ingested(tmp_path: Path) -> None:
    """Every row the same bullet: each quote says its occurrence. Finding the occurrence by scanning the
    memo from the start for every quote (and counting ids from 2 for every citizen) made this quadratic: it
    ran for hours; it must finish (the timeout is a guard against a hang, not a measure)."""
    rows = 20_000
    memo = tmp_path / "gentaget.txt"
    bullet = "Borger\t<ul> - Der er bekymring for trafikken på vejen. </ul>\tBemærkningen noteres.\t\n"
    memo.write_text("Høringsnotat om trafik 2024\n\n" + HEADER + "\n" + bullet * rows, encoding="utf-8")
    assert memo.stat().st_size > 1_500_000
    folder = tmp_path / "out" / "gentaget-2024"
    ran = _ingest(memo, folder, timeout=400)
    assert ran.code == 0, ran.stderr
    assert f"{rows} statements" in ran.stderr, ran.stderr  # the summary goes with the messages, to standard error
    text = (folder / "memo.yaml").read_text(encoding="utf-8")
    assert f"occurrence: {rows}\n" in text, "the last row's quote names its occurrence"
    assert (folder / "source.txt").read_bytes() == memo.read_bytes()


def test_a_byte_order_mark_excel_writes_is_left_out_of_the_source_kept(tmp_path: Path) -> None:
    """Excel's "UTF-8 (tab-separated)" starts with a byte-order mark, which the data refuses in source.txt: the
    draft keeps the text without it, so it builds."""
    memo = tmp_path / "excel.txt"
    body = "Høringsnotat om trafik 2024\n\n" + HEADER + "\nBorger\t<ul> - Der er bekymring for trafikken. </ul>\tBemærkningen noteres.\t\n"
    memo.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    folder = tmp_path / "out" / "excel-2024"
    ran = _ingest(memo, folder)
    assert ran.code == 0, ran.stderr
    assert (folder / "source.txt").read_bytes() == body.encode("utf-8")
