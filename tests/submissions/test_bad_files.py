"""Files that are not workbooks, or broken ones: a finding each, never a traceback."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from zipfile import ZipFile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.submissions import workbook
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import fill_template
from chiso.units.model import Units


def _codes(paths: list[Path], catalogue: Catalogue, units: Units) -> list[tuple[str, str | None]]:
    ds = read_submissions(paths, catalogue, units)
    assert len(ds.values) == 0
    return ds.findings.flatten(["code", "sheet"])


def test_text_file_renamed_to_xlsx(catalogue: Catalogue, units: Units, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    path.write_text("ma_don_vi,civil_servants\n230,120\n", encoding="utf-8")
    ds = read_submissions([path], catalogue, units)
    assert [(f.code, f.message_en) for f in ds.findings] == [
        ("S001", "Not an Excel .xlsx workbook (the file is text); save it as .xlsx and send it "
                 "again")]


def test_empty_file(catalogue: Catalogue, units: Units, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _codes([path], catalogue, units) == [("S002", None)]


def test_random_bytes(catalogue: Catalogue, units: Units, tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(4096)))
    assert _codes([path], catalogue, units) == [("S001", None)]


def test_password_protected_workbook_is_an_ole_container(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # Excel saves an encrypted .xlsx as an OLE compound file (EncryptionInfo + EncryptedPackage).
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(workbook.OLE_MAGIC + b"\x00" * 504 + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00")
    assert _codes([path], catalogue, units) == [("S003", None)]


def test_truncated_zip(
    catalogue: Catalogue, units: Units, template: Callable[..., Path], tmp_path: Path
) -> None:
    data = template("08500").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert _codes([path], catalogue, units) == [("S004", None)]


def test_zip_that_is_not_a_workbook(catalogue: Catalogue, units: Units, tmp_path: Path) -> None:
    path = tmp_path / "van-ban.xlsx"
    with ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    assert _codes([path], catalogue, units) == [("S001", None)]


def test_broken_sheet_xml(
    catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path]
) -> None:
    path = raw_xlsx("broken.xlsx", {"Sheet1": '<row r="1"><c r="A1"'})
    assert _codes([path], catalogue, units) == [("S004", None)]


def test_huge_sheet_is_skipped_with_a_finding(
    catalogue: Catalogue, units: Units, template: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = fill_template(template("08500"), {"civil_servants": 1})
    monkeypatch.setattr(workbook, "MAX_SHEET_BYTES", 1000)  # the report sheet is a few kB
    assert ("S005", "Báo cáo") in _codes([path], catalogue, units)


def test_missing_file_and_folder_without_workbooks(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / "notes.txt").write_text("x")
    assert _codes([tmp_path / "nope.xlsx", tmp_path / "empty-folder"], catalogue, units) == [
        ("S008", None), ("S006", None)]  # sorted by path: empty-folder, nope.xlsx


def test_workbook_without_any_known_field(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("other.xlsx", {"Sheet1": [["Họ tên", "Tuổi"], ["An", 30]]})
    assert _codes([path], catalogue, units) == [("S007", None)]


def test_bad_files_do_not_stop_the_good_ones(
    catalogue: Catalogue, units: Units, template: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-empty.xlsx").write_bytes(b"")
    (folder / "~$b-lock.xlsx").write_bytes(b"lock file of an open workbook")
    fill_template(template("08500"), {"civil_servants": 40}, out=folder / "c.xlsx")
    ds = read_submissions([folder], catalogue, units)
    assert ds.values["value"].tolist() == [40.0]
    assert [f.code for f in ds.findings if f.code != "S301"] == ["S002"]


_GOOD: list[bytes] = []
_GOOD_FACTS: list[set[tuple[str, str, float]]] = []


def _facts(ds: Dataset) -> set[tuple[str, str, float]]:
    """(unit, field, value) of every value read."""
    return {
        (str(u), str(f), float(v))
        for u, f, v in zip(
            ds.values["unit"], ds.values["field"], ds.values["value"], strict=True
        )
    }


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_workbooks_never_raise(
    catalogue: Catalogue, units: Units, template: Callable[..., Path], tmp_path: Path,
    data: st.DataObject,
) -> None:
    if not _GOOD:  # one workbook for every example: writing it is most of the cost
        _GOOD.append(fill_template(template("08500"), {"civil_servants": 40}).read_bytes())
        intact = tmp_path / "intact.xlsx"
        intact.write_bytes(_GOOD[0])
        _GOOD_FACTS.append(_facts(read_submissions([intact], catalogue, units)))
        assert ("08500", "civil_servants", 40.0) in _GOOD_FACTS[0]
    good = _GOOD[0]
    damaged = bytearray(good)
    # Positions are drawn as fractions: the template's size varies by a few bytes
    # (timestamps), and hypothesis wants the same draws to replay the same way.
    share = st.floats(min_value=0, max_value=1)
    for _ in range(data.draw(st.integers(min_value=1, max_value=20))):
        position = int(data.draw(share) * (len(damaged) - 1))
        damaged[position] = data.draw(st.integers(min_value=0, max_value=255))
    cut = int(data.draw(share) * len(damaged))
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged[:cut]))
    ds = read_submissions([path], catalogue, units)
    # Nothing is invented: whatever is read is what the undamaged file holds (the zip's
    # checksums catch damage to the cells), and whatever is lost, a finding says why.
    read = _facts(ds)
    assert read <= _GOOD_FACTS[0]
    if read != _GOOD_FACTS[0]:
        assert len(ds.findings) > 0
    assert not [f for f in ds.findings if "unexpected" in f.message_en]  # no reader bug hidden


def test_other_spreadsheets_in_a_folder_are_reported_not_skipped(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.csv").write_text("civil_servants;40\n", encoding="utf-8")
    with ZipFile(folder / "b.ods", "w") as zf:  # an OpenDocument spreadsheet
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    (folder / "c.xls").write_bytes(workbook.OLE_MAGIC + b"\x00" * 504)  # Excel 97-2003
    (folder / "notes.txt").write_text("not a spreadsheet: ignored")
    ds = read_submissions([folder], catalogue, units)
    assert [(f.code, Path(f.location.file or "").name) for f in ds.findings] == [
        ("S001", "a.csv"), ("S001", "b.ods"), ("S003", "c.xls")]
    assert "OpenDocument" in ds.findings[1].message_en
