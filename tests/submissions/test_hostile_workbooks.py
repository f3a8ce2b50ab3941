"""Hostile and unlucky workbooks: each is refused or read within bounded time and memory,
with a finding that says why (docs/limits.md, "Workbooks").

Inputs are built here: small ones on disk, large ones (hundreds of MB once inflated,
a few hundred kB in the zip) generated in ``tmp_path``. "Bounded" is shown by the
outcome — the documented finding, no MemoryError, no traceback — never by timing.
"""

from __future__ import annotations

import io
import math
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.submissions import workbook
from chiso.submissions.batch import read_submissions
from chiso.units.model import Units

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MIB = 1 << 20

# A small vertical report: unit 230, civil_servants = 40 (strings 0 and 1).
STRINGS = ["Mã đơn vị:", "Tổng số cán bộ, công chức"]
REPORT = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>230</v></c></row>'
          '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>{value}</v></c></row>')


def sheet_xml(rows: str, tail: str = "") -> str:
    return f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData>{tail}</worksheet>'


def strings_xml(strings: Iterable[str]) -> str:
    return f'<sst xmlns="{NS}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"


def package(
    path: Path,
    sheets: list[tuple[str, str]],  # (name, part) in workbook order
    parts: dict[str, str | bytes | Callable[[zipfile.ZipFile, str], None]],
    *,
    states: dict[str, str] | None = None,
) -> Path:
    """A workbook zip written entry by entry; a callable part streams itself in."""
    targets = list(dict.fromkeys(part for _, part in sheets))
    rid = {part: f"rId{i}" for i, part in enumerate(targets, start=1)}
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="{rid[part]}"'
        + (f' state="{states[name]}"' if states and name in states else "") + "/>"
        for i, (name, part) in enumerate(sheets, start=1))
    rels = "".join(f'<Relationship Id="{rid[p]}" Type="{REL}/worksheet" '
                   f'Target="{p.removeprefix("xl/")}"/>' for p in targets)
    rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    base: dict[str, str | bytes | Callable[[zipfile.ZipFile, str], None]] = {
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                       f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{entries}'
                           "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "xl/sharedStrings.xml": strings_xml(STRINGS),
    }
    base.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in base.items():
            if callable(body):
                body(zf, name)
            else:
                zf.writestr(name, body)
    return path


def padded(head: str, tail: str, size: int) -> Callable[[zipfile.ZipFile, str], None]:
    """A part of ``size`` bytes — ``head``, spaces, ``tail`` — streamed into the zip
    (a few hundred kB compressed for hundreds of MB inflated)."""

    def write(zf: zipfile.ZipFile, name: str) -> None:
        with zf.open(name, "w", force_zip64=True) as out:
            out.write(head.encode())
            left = size - len(head) - len(tail)
            chunk = b" " * MIB
            while left > 0:
                out.write(chunk[:left])
                left -= MIB
            out.write(tail.encode())

    return write


def read(path: Path, catalogue: Catalogue, units: Units) -> Dataset:
    return read_submissions([path], catalogue, units, period="2024")


def codes(ds: Dataset) -> list[tuple[str, str | None]]:
    """Findings but the usual ones of a small report read with ``period``: S105 (the
    period from the command line), S301 (fields not reported)."""
    return [(f.code, f.location.sheet) for f in ds.findings if f.code not in ("S105", "S301")]


# --- parts inflated through one bounded inflater -------------------------------------------


@pytest.mark.parametrize("part", ["xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"])
def test_a_structural_part_inflating_past_its_limit_refuses_the_file(
    part: str, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # 300 MiB of XML from a ~300 kB zip. The zip declares its size honestly, so it is
    # refused unread (an understated size is the next test's).
    bomb = padded('<Relationships xmlns="x">', "</Relationships>", 300 * MIB)
    path = package(tmp_path / "bomb.xlsx", [("BC", "xl/worksheets/sheet1.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40)), part: bomb})
    assert path.stat().st_size < 2 * MIB
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S014", None)]
    assert ds.findings[0].message_en == (
        f"The part '{part}' is too large (314,572,800 bytes, limit 25,000,000 bytes); "
        "the workbook was not read")


def test_shared_strings_over_the_limit_is_a_finding_not_a_crash(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # Was a KeyError: S005's message needs {size} and was given only a reason.
    path = package(tmp_path / "sst.xlsx", [("BC", "xl/worksheets/sheet1.xml")], {
        "xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40)),
        "xl/sharedStrings.xml": padded(f'<sst xmlns="{NS}"><si><t>', "</t></si></sst>",
                                       26_000_000)})
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S014", None)]
    assert "xl/sharedStrings.xml" in ds.findings[0].message_vi


def _understate(path: Path, member: str, declared: int) -> None:
    """Rewrite ``member``'s uncompressed size in its local header and the central
    directory, as a hostile zip would (the data and CRC are left as they are)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    assert data[info.header_offset:info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    start = 0
    while True:  # the central record whose name is ``member``
        central = data.index(b"PK\x01\x02", start)
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_length] == member.encode():
            break
        start = central + 4
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))


def test_an_understated_size_is_not_trusted(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = package(tmp_path / "liar.xlsx", [("BC", "xl/worksheets/sheet1.xml")], {
        "xl/worksheets/sheet1.xml": padded(f'<worksheet xmlns="{NS}"><sheetData>',
                                           "</sheetData></worksheet>", 40 * MIB)})
    _understate(path, "xl/worksheets/sheet1.xml", 1_000)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1_000
    ds = read(path, catalogue, units)
    # The bytes actually inflated are counted: it stops past 25 MB, whatever was declared.
    assert codes(ds) == [("S005", "BC")]
    assert "> 25,000,000 bytes" in ds.findings[0].message_en


def test_parts_together_are_held_to_the_workbook_limit(
    catalogue: Catalogue, units: Units, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each sheet is under the per-sheet limit, all of them together are not. The real
    # limit is 100 MB; 60 kB here, the same code path.
    monkeypatch.setattr(workbook, "MAX_WORKBOOK_BYTES", 60_000)
    filler = sheet_xml(REPORT.format(value=40)).replace("</sheetData>",
                                                      "</sheetData>" + " " * 20_000)
    sheets = [(f"S{i}", f"xl/worksheets/sheet{i}.xml") for i in range(1, 6)]
    path = package(tmp_path / "many.xlsx", sheets, {part: filler for _, part in sheets})
    ds = read(path, catalogue, units)
    # S1 and S2 are read (the same unit twice: S106), S3 does not fit: one S011 for S3 on.
    assert sorted(codes(ds)) == [("S011", "S3"), ("S106", "S2")]
    [s011] = [f for f in ds.findings if f.code == "S011"]
    assert s011.message_en == ("The workbook's parts together are larger than 60,000 bytes "
                               "uncompressed; sheet 'S3' and the sheets after it were not read")


# --- one part, many sheets; duplicate entries ----------------------------------------------


def test_a_part_shared_by_many_sheets_is_read_once(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # 2,000 sheets naming one 1 MB part (was: parsed 2,000 times, ~4 GB for a 20 MB part).
    report = sheet_xml(REPORT.format(value=40)).replace("</sheetData>",
                                                      "</sheetData>" + " " * MIB)
    sheets = [(f"S{i}", "xl/worksheets/sheet1.xml") for i in range(1, 2001)]
    path = package(tmp_path / "shared.xlsx", sheets, {"xl/worksheets/sheet1.xml": report})
    ds = read(path, catalogue, units)
    assert dict(zip(ds.values["field"], ds.values["value"], strict=True)) == {
        "civil_servants": 40.0}
    found = codes(ds)
    assert found.count(("S010", "S2")) == 1 and len(found) == 1999
    assert {code for code, _ in found} == {"S010"}  # no duplicate submission (S106)


def test_two_entries_with_one_name_refuse_the_file(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = package(tmp_path / "dup.xlsx", [("BC", "xl/worksheets/sheet1.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40))})
    with zipfile.ZipFile(path, "a") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns "Duplicate name"
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml(REPORT.format(value=99)))
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S009", None)] and len(ds.values) == 0
    assert "'xl/worksheets/sheet1.xml'" in ds.findings[0].message_en


def test_names_differing_only_in_case_are_duplicates(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = package(tmp_path / "dup.xlsx", [("BC", "xl/worksheets/sheet1.xml")], {
        "xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40)),
        "XL/Worksheets/Sheet1.xml": sheet_xml(REPORT.format(value=99))})
    assert codes(read(path, catalogue, units)) == [("S009", None)]


# --- merged cells ---------------------------------------------------------------------------


def test_merged_ranges_covering_too_many_cells_refuse_the_sheet(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # 2,000 ranges of 100 × 100 = 20 million cells to fill, each range under the
    # 10,000-cell cap for one range (was: 28 s and 3.4 GB for a 41 kB file).
    ranges = "".join(f'<mergeCell ref="A{r * 100 + 3}:CV{r * 100 + 102}"/>' for r in range(2000))
    tail = f'<mergeCells count="2000">{ranges}</mergeCells>'
    path = package(tmp_path / "merged.xlsx", [("BC", "xl/worksheets/sheet1.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40), tail)})
    assert path.stat().st_size < 100_000
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S013", "BC")] and len(ds.values) == 0
    assert ds.findings[0].message_en == (
        "The sheet's merged ranges cover 20,000,000 cells, more than 100,000; it was not read")


# --- stored values no spreadsheet program writes --------------------------------------------


@pytest.mark.parametrize(("cell", "shown"), [
    ('<c r="B2"><v>1_8</v></c>', 'v="1_8"'),  # Python's float() reads 18
    ('<c r="B2"><v>inf</v></c>', 'v="inf"'),
    ('<c r="B2"><v>1e309</v></c>', 'v="1e309"'),  # past the largest float
    ('<c r="B2"><v>NaN</v></c>', 'v="NaN"'),
    ('<c r="B2" t="s"><v>-1</v></c>', 't="s" v="-1"'),  # Python's list[-1]: the last string
    ('<c r="B2" t="s"><v>2</v></c>', 't="s" v="2"'),  # past the table (2 strings)
    ('<c r="B2" t="b"><v>2</v></c>', 't="b" v="2"'),
])
def test_an_invalid_stored_value_is_a_finding_at_its_cell(
    cell: str, shown: str, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    rows = REPORT.format(value=0).replace('<c r="B2"><v>0</v></c>', cell)
    path = package(tmp_path / "bad.xlsx", [("BC", "xl/worksheets/sheet1.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    ds = read(path, catalogue, units)
    # Kept for provenance as typed, flagged and without a value: never used as a number.
    [(value, raw, flag)] = ds.values[["value", "raw", "flag"]].itertuples(index=False)
    assert math.isnan(value) and (raw, flag) == (shown, "S012")
    [finding] = [f for f in ds.findings if f.code == "S012"]
    assert (finding.location.sheet, finding.location.cell, finding.raw) == ("BC", "B2", shown)
    assert f"({shown})" in finding.message_en


# --- hidden sheets --------------------------------------------------------------------------


def test_a_report_only_on_a_hidden_sheet_is_an_error(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = package(tmp_path / "hidden.xlsx",
                   [("Ghi chú", "xl/worksheets/sheet1.xml"), ("BC", "xl/worksheets/sheet2.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(""),
                    "xl/worksheets/sheet2.xml": sheet_xml(REPORT.format(value=40))},
                   states={"BC": "hidden"})
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S015", "BC")] and len(ds.values) == 0
    assert ds.findings[0].severity.value == "error"


def test_a_hidden_copy_beside_a_shown_report_is_not_read(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = package(tmp_path / "copy.xlsx",
                   [("BC", "xl/worksheets/sheet1.xml"), ("BC cũ", "xl/worksheets/sheet2.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40)),
                    "xl/worksheets/sheet2.xml": sheet_xml(REPORT.format(value=31))},
                   states={"BC cũ": "veryHidden"})
    ds = read(path, catalogue, units)
    assert dict(zip(ds.values["field"], ds.values["value"], strict=True)) == {
        "civil_servants": 40.0}
    assert codes(ds) == []


# --- the zip's directory ---------------------------------------------------------------------


def test_a_directory_of_too_many_entries_refuses_the_file(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # 20,000 empty entries with 200-character names: a 5 MB directory (about 250 bytes
    # an entry), past the 4 MB limit; zipfile would build an object for every one.
    path = package(tmp_path / "entries.xlsx", [("BC", "xl/worksheets/sheet1.xml")],
                   {"xl/worksheets/sheet1.xml": sheet_xml(REPORT.format(value=40))})
    with zipfile.ZipFile(path, "a") as zf:
        for i in range(20_000):
            zf.writestr(f"docProps/{i:0200d}", b"")
    ds = read(path, catalogue, units)
    assert codes(ds) == [("S016", None)]
    assert "(limit 4,000,000 bytes)" in ds.findings[0].message_en


def test_a_zip64_directory_is_measured_as_zipfile_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "zip64.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(70_000):  # more than 65,535 entries: a zip64 end record is written
            zf.writestr(f"{i:020d}", b"")  # 66 bytes an entry: a 4.6 MB directory
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    assert data.rfind(b"PK\x06\x06") > 0
    # The classic end record's size says 0; zipfile reads the zip64 record's, and so do we.
    struct.pack_into("<I", data, end + 12, 0)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        assert len(zf.infolist()) == 70_000
    with pytest.raises(workbook.WorkbookError) as refused:
        workbook.read_workbook(bytes(data))
    assert refused.value.code == "S016"
