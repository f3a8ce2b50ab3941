"""The streaming sheet writer: styles, parts and bytes, on workbooks made in the test."""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from chiso.render import sheetwriter
from chiso.render.sheetwriter import HEADER, PLAIN, Cell, Sheet, Style, _part, splice_rows

RENDER = Path(sheetwriter.__file__).parent


def _write(path: Path, *sheets: Sheet) -> Path:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        sheet.write(workbook)
    workbook.save(path)
    splice_rows(path, list(sheets))
    return path


def test_each_cell_gets_the_style_openpyxl_registered_for_it(tmp_path: Path) -> None:
    """Styles are read back from the probe cells: every cell looks as its Style says."""
    red, money = Style(bold=True, colour="9C0006", fill="FFC7CE"), Style(fmt="#,##0.00")
    first, second = Sheet("A"), Sheet("B")
    first.table(["h1", "h2"], [[Cell(1.5, money), Cell("x", red)], ["plain", None]])
    second.add(Cell("only red", red), Cell(2, money), Cell(None, WRAPPED := Style(wrap=True)))
    book = openpyxl.load_workbook(_write(tmp_path / "s.xlsx", first, second))
    a, b = book["A"], book["B"]
    assert a["A1"].font.b and a["A1"].fill.fgColor.rgb.endswith("1F4E78")  # HEADER
    assert a["A2"].value == 1.5 and a["A2"].number_format == "#,##0.00"
    assert a["B2"].font.b and a["B2"].font.color.rgb.endswith("9C0006")
    assert a["A3"].border.left.style == "thin" and not a["A3"].font.b  # PLAIN
    assert b["A1"].value == "only red" and b["A1"].fill.fgColor.rgb.endswith("FFC7CE")
    assert b["B1"].number_format == "#,##0.00"
    assert b["C1"].value is None and b["C1"].alignment.wrap_text  # a blank keeps its style
    assert WRAPPED.wrap and not PLAIN.wrap and HEADER.wrap


def test_no_probe_row_is_left_in_the_saved_sheet(tmp_path: Path) -> None:
    sheet = Sheet("P")
    sheet.add(Cell("a", Style(bold=True)), Cell("b", Style(italic=True)))
    path = _write(tmp_path / "p.xlsx", sheet)
    ws = openpyxl.load_workbook(path)["P"]
    assert ws.max_row == 1 and [c.value for c in ws[1]] == ["a", "b"]


def test_sheets_are_found_by_name_even_when_openpyxl_renames_one(tmp_path: Path) -> None:
    """Two sheets asked for with the same title: openpyxl calls the second 'Same1'."""
    one, two = Sheet("Same"), Sheet("Same")
    one.add("first")
    two.add("second")
    book = openpyxl.load_workbook(_write(tmp_path / "r.xlsx", one, two))
    assert book.sheetnames == ["Same", "Same1"]
    assert book["Same"]["A1"].value == "first" and book["Same1"]["A1"].value == "second"


def test_a_sheet_that_was_never_written_is_refused(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    written, forgotten = Sheet("W"), Sheet("F")
    written.write(workbook)
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    with pytest.raises(RuntimeError, match="no worksheet part"):
        splice_rows(path, [written, forgotten])


def test_the_parts_are_found_through_the_package_relationships(tmp_path: Path) -> None:
    """The sheet's part is wherever the workbook's relationships say, not sheetN.xml."""
    sheet = Sheet("Moved")
    sheet.add("here")
    workbook = Workbook(write_only=True)
    sheet.write(workbook)
    saved = tmp_path / "saved.xlsx"
    workbook.save(saved)
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(moved, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/other/data.xml"
            if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"/xl/worksheets/sheet1.xml", b"/xl/other/data.xml")
                data = data.replace(b'"worksheets/sheet1.xml"', b'"other/data.xml"')
            target.writestr(name, data)
    splice_rows(moved, [sheet])
    assert openpyxl.load_workbook(moved)["Moved"]["A1"].value == "here"


@pytest.mark.parametrize(
    ("base", "target", "part"),
    [
        ("xl/", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/", "../other/./s.xml", "other/s.xml"),
        ("", "xl/workbook.xml", "xl/workbook.xml"),
    ],
)
def test_relationship_targets_become_part_names(base: str, target: str, part: str) -> None:
    assert _part(base, target) == part


def test_parts_written_by_the_writer_are_dated_1980_and_deflated(tmp_path: Path) -> None:
    sheet = Sheet("D")
    sheet.add("x" * 1000)
    with zipfile.ZipFile(_write(tmp_path / "d.xlsx", sheet)) as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def _private_uses(path: Path) -> list[str]:
    """``x._name`` where ``_name`` is not declared in the module itself (assigned,
    defined or a parameter there), and imports of private modules: another library's
    internals."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Name):
                        own.add(part.id)
                    elif isinstance(part, ast.Attribute):
                        own.add(part.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.arg):
            own.add(node.arg)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and node.attr not in own):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module and any(
            part.startswith("_") and not part.startswith("__") for part in node.module.split(".")
        ):
            found.append(f"{path.name}:{node.lineno} from {node.module}")
    return found


SOURCE = RENDER.parent


@pytest.mark.parametrize(
    "module", sorted(str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.py"))
)
def test_no_module_uses_a_private_attribute_of_a_library(module: str) -> None:
    # openpyxl, python-docx, zipfile, Django: public APIs only (issue 14). Word's
    # border and repeated header rows go through Document.element / Style.element.
    assert _private_uses(SOURCE / module) == []


def test_the_private_attribute_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f(p):\n    return p._p.get_or_add_pPr()\n", encoding="utf-8")
    assert _private_uses(sample) == ["sample.py:2 ._p"]
