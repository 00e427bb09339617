"""Faults in the data folder: each is refused with one line naming its place, exit 2, and no traceback, by
`build` (which then leaves a build folder made before the fault byte for byte as it was) and by `validate`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.model.yaml_models import MAX_FILE_BYTES, MAX_VALUE_CHARS

from .conftest import MEMO_ID, replace_once

MEMO = f"memos/{MEMO_ID}/memo.yaml"
SOURCE = f"memos/{MEMO_ID}/source.txt"
DRAFT = f"memos/{MEMO_ID}/organisations.draft.yaml"
ORGS = "organisations.yaml"
STATEMENT = "      - id: gadeplan-1\n        kind: concern\n"  # a statement of the memo, its first two fields


def _line_of(path: Path, text: str, nth: int = 1) -> int:
    """The 1-based line of the nth line of `path` that is `text` (stripped)."""
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if line.strip() == text]
    return lines[nth - 1]


def _statement_line(data: Path) -> int:
    """The line of the statement STATEMENT begins."""
    return _line_of(data / MEMO, "- id: gadeplan-1")


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file of a folder by its bytes, every link by its target, without following links."""
    found: dict[str, bytes | str] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = path.read_bytes()
            else:
                found[key] = "folder"
    return found


def _errors(output: str, data: Path) -> list[str]:
    return [line for line in output.replace(str(data) + "/", "").splitlines() if line.startswith("hoeringsgraf: error:")]


# --- the faults: each edits a copy of data/ and returns what its one line must say --------------------------


def duplicate_in_memo(data: Path) -> list[str]:
    replace_once(data / MEMO, STATEMENT, STATEMENT + "        cue: bekymring\n        kind: support\n")
    first, second = _statement_line(data) + 1, _line_of(data / MEMO, "kind: support")
    assert second == first + 2
    return [f"{MEMO}:{second}, entry 'gadeplan-1', field 'kind': duplicate key 'kind' (first at line {first})"]


def duplicate_at_memo_top(data: Path) -> list[str]:
    text = (data / MEMO).read_text(encoding="utf-8")
    (data / MEMO).write_text(text + "title_en: Another title\n", encoding="utf-8")
    first = next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith("title_en:"))
    second = len(text.splitlines()) + 1
    return [f"{MEMO}:{second}, entry '{MEMO_ID}', field 'title_en': duplicate key 'title_en' (first at line {first})"]


def duplicate_in_nested_mapping(data: Path) -> list[str]:
    text = (data / MEMO).read_text(encoding="utf-8")
    assert "\nconsultation:\n  label:" in text
    replace_once(data / MEMO, "\nconsultation:\n  label:", "\nconsultation:\n  start: 2023-01-01\n  start: 2023-01-02\n  label:")
    first = _line_of(data / MEMO, "start: 2023-01-01")
    return [f"{MEMO}:{first + 1}, entry '{MEMO_ID}', field 'consultation.start': duplicate key 'start' (first at line {first})"]


def duplicate_in_organisations(data: Path) -> list[str]:
    replace_once(data / ORGS, "    label: Center for Børn og Forebyggelse\n",
                 "    label: Center for Børn og Forebyggelse\n    label: CBF\n")
    first = _line_of(data / ORGS, "label: Center for Børn og Forebyggelse")
    return [f"{ORGS}:{first + 1}, entry 'ishoej/cbf', field 'label': duplicate key 'label' (first at line {first})"]


def duplicate_in_draft(data: Path) -> list[str]:
    (data / DRAFT).write_text(
        "organisations:\n  - id: ishoej/ny-enhed\n    type: unit\n    label: Ny enhed\n    part_of: ishoej/cbf\n    type: unit\n",
        encoding="utf-8",
    )
    return [f"{DRAFT}:6, entry 'ishoej/ny-enhed', field 'type': duplicate key 'type' (first at line 3)"]


def cycle_of_two(data: Path) -> list[str]:
    replace_once(data / ORGS, "  - id: ishoej/kommune\n    type: organisation\n",
                 "  - id: ishoej/kommune\n    type: organisation\n    part_of: ishoej/cbf\n")
    line = _line_of(data / ORGS, "part_of: ishoej/cbf")
    return [f"{ORGS}:{line}, entry 'ishoej/kommune', field 'part_of': part_of makes a cycle: "
            "ishoej/kommune → ishoej/cbf → ishoej/kommune"]


def cycle_of_three(data: Path) -> list[str]:
    # cbf is part of kommune; operativ-indsats of cbf: kommune part of operativ-indsats closes the cycle
    replace_once(data / ORGS, "  - id: ishoej/kommune\n    type: organisation\n",
                 "  - id: ishoej/kommune\n    type: organisation\n    part_of: ishoej/operativ-indsats\n")
    line = _line_of(data / ORGS, "part_of: ishoej/operativ-indsats")
    return [f"{ORGS}:{line}, entry 'ishoej/kommune', field 'part_of': part_of makes a cycle: "
            "ishoej/kommune → ishoej/operativ-indsats → ishoej/cbf → ishoej/kommune"]


def membership_cycle(data: Path) -> list[str]:
    # a staff group is member of a unit, the unit made part of the staff group: a staff group takes no members
    replace_once(data / ORGS, "  - id: ishoej/kommune\n    type: organisation\n",
                 "  - id: ishoej/kommune\n    type: organisation\n    part_of: ishoej/familieraadgivere\n")
    line = _line_of(data / ORGS, "part_of: ishoej/familieraadgivere")
    return [f"{ORGS}:{line}, entry 'ishoej/kommune', field 'part_of': 'ishoej/familieraadgivere' is a staff-group"]


def cycle_in_draft(data: Path) -> list[str]:
    (data / DRAFT).write_text(
        "organisations:\n"
        "  - id: ishoej/ny-a\n    type: unit\n    label: Ny A\n    part_of: ishoej/ny-b\n"
        "  - id: ishoej/ny-b\n    type: unit\n    label: Ny B\n    part_of: ishoej/ny-a\n",
        encoding="utf-8",
    )
    return [f"{DRAFT}:5, entry 'ishoej/ny-a', field 'part_of': part_of makes a cycle: ishoej/ny-a → ishoej/ny-b → ishoej/ny-a"]


def source_with_bom(data: Path) -> list[str]:
    (data / SOURCE).write_bytes(b"\xef\xbb\xbf" + (data / SOURCE).read_bytes())
    return [f"{SOURCE}:1: source.txt starts with a byte-order mark; save it as UTF-8 without BOM"]


def source_in_latin1(data: Path) -> list[str]:
    encoded = (data / SOURCE).read_text(encoding="utf-8").encode("latin-1", "replace")
    (data / SOURCE).write_bytes(encoded)
    at = next(index for index, byte in enumerate(encoded) if byte >= 0x80)  # æ, ø or å, one byte in Latin-1
    line = encoded[:at].count(b"\n") + 1
    return [f"{SOURCE}: not UTF-8 text (byte {at}, line {line})"]


def source_in_utf16(data: Path) -> list[str]:
    (data / SOURCE).write_bytes((data / SOURCE).read_text(encoding="utf-8").encode("utf-16"))
    return [f"{SOURCE}: not UTF-8 text (byte 0, line 1)"]


def source_in_utf16_without_bom(data: Path) -> list[str]:
    (data / SOURCE).write_bytes("Ishoej memo\n".encode("utf-16-le"))  # ASCII in UTF-16 decodes as UTF-8, with NULs
    return [f"{SOURCE}:1: not UTF-8 text: a NUL byte at byte 1"]


def memo_folder_links_out(data: Path) -> list[str]:
    outside = data.parent / "elsewhere"
    shutil.move(data / "memos" / MEMO_ID, outside)
    (data / "memos" / MEMO_ID).symlink_to(outside, target_is_directory=True)
    return [f"memos/{MEMO_ID}: a symbolic link to {outside.resolve()}, outside the data folder"]


def memo_file_links_out(data: Path) -> list[str]:
    outside = data.parent / "memo.yaml"
    outside.write_text((data / MEMO).read_text(encoding="utf-8") + "# elsewhere\n", encoding="utf-8")
    (data / MEMO).unlink()
    (data / MEMO).symlink_to(outside)
    return [f"{MEMO}: a symbolic link to {outside.resolve()}, outside the data folder"]


def source_links_out(data: Path) -> list[str]:
    outside = data.parent / "source.txt"
    outside.write_text((data / SOURCE).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (data / SOURCE).unlink()
    (data / SOURCE).symlink_to(outside)
    line = _line_of(data / MEMO, "source: source.txt")
    return [f"{MEMO}:{line}, entry '{MEMO_ID}', field 'source': the source text must be a file in the memo's own folder"]


def organisations_links_out(data: Path) -> list[str]:
    outside = data.parent / ORGS
    outside.write_text((data / ORGS).read_text(encoding="utf-8") + "# elsewhere\n", encoding="utf-8")
    (data / ORGS).unlink()
    (data / ORGS).symlink_to(outside)
    return [f"{ORGS}: a symbolic link to {outside.resolve()}, outside the data folder"]


def nested_too_deep(data: Path) -> list[str]:
    replace_once(data / MEMO, STATEMENT, STATEMENT + "        note: " + "[" * 500 + "]" * 500 + "\n")
    line = _statement_line(data) + 2
    return [f"{MEMO}:{line}, entry 'gadeplan-1', field 'note': nested more than 50 levels deep"]


def nested_too_deep_in_blocks(data: Path) -> list[str]:
    block = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(60)) + "  " * 60 + "end\n"
    (data / ORGS).write_text((data / ORGS).read_text(encoding="utf-8") + block, encoding="utf-8")
    first = len((data / ORGS).read_text(encoding="utf-8").splitlines()) - 60
    return [f"{ORGS}:{first + 50}, field '" + ".".join(f"k{depth}" for depth in range(50)) + "': nested more than 50 levels deep"]


def value_of_8_mb(data: Path) -> list[str]:
    replace_once(data / MEMO, STATEMENT, STATEMENT + "        note: " + "a" * 8_000_000 + "\n")
    line = _statement_line(data) + 2
    return [f"{MEMO}:{line}, entry 'gadeplan-1', field 'note': a value of 8,000,000 characters; a value holds at most {MAX_VALUE_CHARS:,}"]


def quote_of_8_mb(data: Path) -> list[str]:
    old = "quote: Der er bekymring for videnstab"
    replace_once(data / MEMO, old, "quote: Der er bekymring " + "b" * 8_000_000 + " for videnstab")
    line = next(number for number, text in enumerate((data / MEMO).read_text(encoding="utf-8").splitlines(), 1) if "bbbb" in text)
    return [f"{MEMO}:{line}, entry 'gadeplan-1', field 'quote': a value of 8,000,"]


def memo_of_51_mb(data: Path) -> list[str]:
    with (data / MEMO).open("a", encoding="utf-8") as file:
        for _ in range(51 * 1024):
            file.write("#" * 1023 + "\n")
    return [f"{MEMO}: larger than {MAX_FILE_BYTES // 2**20} MB"]


def source_of_51_mb(data: Path) -> list[str]:
    with (data / SOURCE).open("a", encoding="utf-8") as file:
        for _ in range(51 * 1024):
            file.write("x" * 1023 + "\n")
    return [f"{SOURCE}: larger than {MAX_FILE_BYTES // 2**20} MB"]


def integer_too_long(data: Path) -> list[str]:
    replace_once(data / MEMO, STATEMENT, STATEMENT + "        note: " + "1" * 5000 + "\n")
    return [f"{MEMO}: malformed YAML: "]


def alias(data: Path) -> list[str]:
    replace_once(data / MEMO, STATEMENT, STATEMENT + "        note: &a Noget\n        cue: *a\n")
    line = _line_of(data / MEMO, "cue: *a")
    return [f"{MEMO}:{line}, entry 'gadeplan-1', field 'cue': an alias of an anchor"]


FAULTS: list[Callable[[Path], list[str]]] = [
    duplicate_in_memo, duplicate_at_memo_top, duplicate_in_nested_mapping, duplicate_in_organisations, duplicate_in_draft,
    cycle_of_two, cycle_of_three, membership_cycle, cycle_in_draft,
    source_with_bom, source_in_latin1, source_in_utf16, source_in_utf16_without_bom,
    memo_folder_links_out, memo_file_links_out, source_links_out, organisations_links_out,
    nested_too_deep, nested_too_deep_in_blocks, value_of_8_mb, quote_of_8_mb, memo_of_51_mb, source_of_51_mb,
    integer_too_long, alias,
]


def _check_refused(output: str, exit_code: int, data: Path, expected: list[str]) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert exit_code == 2, output[-3000:]
    errors = _errors(output, data)
    assert len(errors) == 1, f"one line for the fault, not {errors}"
    for text in expected:
        assert text in errors[0], f"{text!r} not in {errors[0]!r}"


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.__name__ for fault in FAULTS])
def test_fault_is_refused_by_build_and_validate(fault: Callable[[Path], list[str]], data_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "build"
    first = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    before = _snapshot(out)
    expected = fault(data_copy)

    built = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(out)])
    _check_refused(built.stderr, built.exit_code, data_copy, expected)
    assert _snapshot(out) == before, "a refused build leaves the build folder as it was"

    fresh = tmp_path / "fresh"
    built = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(fresh)])
    _check_refused(built.stderr, built.exit_code, data_copy, expected)
    assert not fresh.exists(), "a refused first build writes nothing"

    checked = runner.invoke(app, ["validate", "--data", str(data_copy)])
    _check_refused(checked.stderr, checked.exit_code, data_copy, expected)


def test_the_real_data_builds_and_validates(data_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(app, ["build", "--data", str(data_copy), "--out", str(tmp_path / "build")])
    assert built.exit_code == 0, built.output
    assert "error" not in built.stderr
    checked = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert checked.exit_code == 0, checked.output


def test_a_link_inside_the_data_folder_is_read(data_copy: Path, tmp_path: Path) -> None:
    """Only a link out of the data folder is refused: a memo folder linked from within it builds."""
    kept = data_copy / "kept"
    shutil.move(data_copy / "memos" / MEMO_ID, kept)
    (data_copy / "memos" / MEMO_ID).symlink_to(kept, target_is_directory=True)
    built = CliRunner().invoke(app, ["build", "--data", str(data_copy), "--out", str(tmp_path / "build")])
    assert built.exit_code == 0, built.output


def test_every_yaml_error_is_a_data_error() -> None:
    """No input makes the reader raise anything but a DataError (here: what PyYAML and ruamel.yaml refuse differently)."""
    from graph.base.errors import DataError
    from graph.model.yaml_models import read_yaml

    for text in ["a: [1, 2", "a: !!python/object:os.system x", "a:\n\tb: 1", "? [a]\n: 1", "a: *nowhere", "{" * 2000, "- " * 2000 + "x",
                 "a: " + "[" * 2000 + "]" * 2000, "a: 0x" + "f" * 5000]:
        try:
            read_yaml(Path("x.yaml"), text)
        except DataError as error:
            assert str(error).startswith("x.yaml"), error
