"""Workbooks as other programs package them: parts found through the package's
relationships, names in any case or with backslashes, Excel's ``_xHHHH_`` escapes,
sheet states, and long texts read in time linear in the file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from chiso import vnnumbers
from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.submissions import layout, matching
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import fill_template
from chiso.submissions.workbook import read_workbook, unescape
from chiso.units.model import Units

VALUES = {"civil_servants": 40, "civil_servants_with_computer": 38, "dossiers_total": 100,
          "dossiers_online": 60, "digitised_rate": 0.5, "has_it_officer": "Có",
          "cadastral_map": "Không"}


def _values(ds: Dataset) -> dict[str, float]:
    return dict(zip(ds.values["field"], ds.values["value"], strict=True))


def _repack(src: Path, dst: Path, rename: Callable[[str], str] = lambda n: n,
            edit: dict[str, Callable[[str], str]] | None = None) -> Path:
    """A copy of the zip ``src`` with its entries renamed and some parts' text edited."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if edit and info.filename in edit:
                data = edit[info.filename](data.decode("utf-8")).encode("utf-8")
            zout.writestr(rename(info.filename), data)
    return dst


@pytest.fixture
def filled(template: Callable[..., Path]) -> Path:
    return fill_template(template("08500"), VALUES)


def test_the_filled_template_reads_as_the_baseline(
    filled: Path, catalogue: Catalogue, units: Units
) -> None:
    ds = read_submissions([filled], catalogue, units)
    # "Có" → 1, "Không" → 0; it_budget is optional and left blank (an S301 warning).
    assert _values(ds) == {"civil_servants": 40, "civil_servants_with_computer": 38,
                           "dossiers_total": 100, "dossiers_online": 60, "digitised_rate": 0.5,
                           "has_it_officer": 1.0, "cadastral_map": 0.0}
    assert [f.code for f in ds.findings] == ["S301"]


def test_shared_strings_part_named_in_another_case_is_found(
    filled: Path, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # The relationship says sharedStrings.xml, the zip holds SharedStrings.xml: part
    # names are case-insensitive in the packaging format.
    path = _repack(filled, tmp_path / "case.xlsx",
                   rename=lambda n: "xl/SharedStrings.xml" if n == "xl/sharedStrings.xml" else n)
    ds = read_submissions([path], catalogue, units)
    assert _values(ds) == _values(read_submissions([filled], catalogue, units))
    assert [f.code for f in ds.findings] == ["S301"]


def test_entries_written_with_backslashes_are_read(
    filled: Path, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = _repack(filled, tmp_path / "windows.xlsx", rename=lambda n: n.replace("/", "\\"))
    with zipfile.ZipFile(path) as zf:
        assert "xl\\worksheets\\sheet1.xml" in [i.orig_filename for i in zf.infolist()]
    ds = read_submissions([path], catalogue, units)
    assert _values(ds) == _values(read_submissions([filled], catalogue, units))


def test_workbook_part_found_through_the_package_relationships(
    filled: Path, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    moved = {"xl/workbook.xml": "xl/book.xml",
             "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels"}
    path = _repack(filled, tmp_path / "moved.xlsx", rename=lambda n: moved.get(n, n),
                   edit={"_rels/.rels": lambda t: t.replace("xl/workbook.xml", "xl/book.xml")})
    ds = read_submissions([path], catalogue, units)
    assert _values(ds) == _values(read_submissions([filled], catalogue, units))


def test_no_python_exception_text_reaches_the_user(
    catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path]
) -> None:
    # A shared-string index past the table used to surface as "IndexError: list index
    # out of range" for the whole file. Now the cell is the finding, with its XML.
    path = raw_xlsx("idx.xlsx", {"BC": (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>230</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>7</v></c></row>')},
        strings=["Mã đơn vị:", "Tổng số cán bộ, công chức"])
    ds = read_submissions([path], catalogue, units, period="2024")
    s012 = [f for f in ds.findings if f.code == "S012"]
    assert [(f.location.sheet, f.location.cell, f.raw) for f in s012] == [
        ("BC", "B2", 't="s" v="7"')]
    assert not any("Error" in f.message_en or "index out of range" in f.message_en
                   for f in ds.findings)


def test_damaged_archive_reason_is_in_each_language(
    filled: Path, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    data = bytearray(filled.read_bytes())
    with zipfile.ZipFile(filled) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0xFF  # one flipped byte inside the report sheet's deflate stream
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    [finding] = read_submissions([path], catalogue, units).findings
    assert finding.code == "S004"
    assert finding.message_en.startswith("The workbook is damaged and cannot be read: a part")
    assert finding.message_vi.startswith("Tệp Excel bị hỏng, không đọc được: một phần")


@pytest.mark.parametrize(("stored", "read"), [
    ("Tổng số cán bộ,_x000D_\ncông chức", "Tổng số cán bộ,\r\ncông chức"),
    ("a_x005F_x000D_b", "a_x000D_b"),  # _x005F_ is a literal underscore
    ("tab_x0009_here_x000a_", "tab\there\n"),
    ("no escape_x00ZZ_ and _xD800_", "no escape_x00ZZ_ and _xD800_"),  # not hex; a lone surrogate
])
def test_excel_escapes_are_decoded(stored: str, read: str) -> None:
    assert unescape(stored) == read


def test_label_with_a_windows_line_break_matches_its_field(
    catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path]
) -> None:
    # Excel stores a pasted CR as _x000D_; shared and inline strings alike.
    path = raw_xlsx("crlf.xlsx", {"BC": (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>230</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>40</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Tổng số hồ sơ thủ tục_x000D_\nhành chính '
        'tiếp nhận</t></is></c><c r="B3"><v>100</v></c></row>')},
        strings=["Mã đơn vị:", "Tổng số cán bộ,_x000D_\ncông chức"])
    ds = read_submissions([path], catalogue, units, period="2024")
    assert _values(ds) == {"civil_servants": 40, "dossiers_total": 100}
    assert "civil_servants" not in {f.subject for f in ds.findings if f.code == "S301"}


@pytest.mark.parametrize("state", ["show", "visible", None])
def test_only_hidden_and_very_hidden_hide_a_sheet(
    state: str | None, catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path]
) -> None:
    path = raw_xlsx("show.xlsx", {"BC": (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>230</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>40</v></c></row>')},
        strings=["Mã đơn vị:", "Tổng số cán bộ, công chức"],
        states={"BC": state} if state else None)
    ds = read_submissions([path], catalogue, units, period="2024")
    assert _values(ds) == {"civil_servants": 40}
    wb = read_workbook(path.read_bytes())
    assert [s.visible for s in wb.sheets] == [True]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_states_hide_a_sheet(state: str, raw_xlsx: Callable[..., Path]) -> None:
    path = raw_xlsx("hidden.xlsx", {"BC": ""}, states={"BC": state})
    assert [s.visible for s in read_workbook(path.read_bytes()).sheets] == [False]


def _long_string_workbook(raw_xlsx: Callable[..., Path], cells: int, size: int) -> Path:
    """A consolidated sheet: labels over two field columns, ``cells`` unit rows whose
    second value shows one ``size``-character shared string (index 3)."""
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c></row>']
    for r in range(2, cells + 2):
        rows.append(f'<row r="{r}"><c r="A{r}"><v>230</v></c><c r="B{r}"><v>{r}</v></c>'
                    f'<c r="C{r}" t="s"><v>3</v></c><c r="D{r}" t="s"><v>3</v></c></row>')
    return raw_xlsx("long.xlsx", {"TH": "".join(rows)}, strings=[
        "Mã đơn vị", "Tổng số cán bộ, công chức", "Tổng số hồ sơ thủ tục hành chính tiếp nhận",
        "Tổng số hồ sơ " * (size // 14)])


def test_long_strings_are_never_folded_for_label_matching(
    catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folded: list[int] = []
    real_fold = vnnumbers.fold

    def counting_fold(text: str) -> str:
        folded.append(len(text))
        return real_fold(text)

    monkeypatch.setattr(layout, "fold", counting_fold)
    monkeypatch.setattr(matching, "fold", counting_fold)
    monkeypatch.setattr(vnnumbers, "fold", counting_fold)
    matching.key.cache_clear()
    matching._keys.cache_clear()
    path = _long_string_workbook(raw_xlsx, cells=300, size=200_000)
    ds = read_submissions([path], catalogue, units, period="2024")
    # No text longer than a label is folded: the work does not grow with the string
    # times the cells that show it (that was 19 s for 3 MB in 12,000 cells).
    assert max(folded) <= matching.MAX_LABEL_CHARS
    # Row 2 is the first unit row; its dossiers_total cell shows the long string.
    s201 = [f for f in ds.findings if f.code == "S201"]
    assert s201[0].location.cell == "C2"
    assert all(len(f.message_en) < 400 and len(f.raw or "") <= 201 for f in s201)


def test_a_label_followed_by_a_long_text_is_not_a_label(
    catalogue: Catalogue, units: Units
) -> None:
    index = matching.FieldIndex.of(catalogue)
    assert index.match("Tổng số cán bộ, công chức") == ("civil_servants", False)
    assert index.match("Tổng số cán bộ, công chức" + " " * matching.MAX_LABEL_CHARS) is None


@pytest.mark.parametrize("target", ["./worksheets/sheet1.xml", "../xl/worksheets/sheet1.xml",
                                    "/xl/worksheets/sheet1.xml", "worksheets/sheet%31.xml"])
def test_relationship_targets_are_resolved_from_the_workbook_part(
    target: str, filled: Path, catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    # Relative to xl/ (with ./ or ../), absolute from the package root, percent-encoded.
    path = _repack(filled, tmp_path / "targets.xlsx", edit={
        "xl/_rels/workbook.xml.rels":
            lambda t: t.replace('Target="/xl/worksheets/sheet1.xml"', f'Target="{target}"')
                       .replace('Target="worksheets/sheet1.xml"', f'Target="{target}"')})
    with zipfile.ZipFile(path) as zf:
        assert f'Target="{target}"' in zf.read("xl/_rels/workbook.xml.rels").decode()
    ds = read_submissions([path], catalogue, units)
    assert _values(ds) == _values(read_submissions([filled], catalogue, units))
