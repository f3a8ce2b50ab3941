"""Templates from hostile unit names and codes: text stays text, names stay in --out, apart."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from chiso.catalogue.model import Catalogue
from chiso.submissions.template import REPORT_SHEET, write_templates
from chiso.units.model import Unit, Units

LINK = '=HYPERLINK("http://example.invalid/x","Bấm vào đây")'


def test_a_unit_name_starting_with_equals_is_written_as_text(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    units = Units.of([Unit("25", "Tỉnh", "province"), Unit("227", LINK, "district", parent="25")])
    paths = write_templates(catalogue, units, "2024", tmp_path, consolidated=True,
                            levels=["district"])
    for path in paths:
        with zipfile.ZipFile(path) as package:
            sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
            assert not any(b"<f>" in package.read(n) for n in sheets), path.name
        texts = [c.value for ws in openpyxl.load_workbook(path).worksheets
                 for row in ws.iter_rows() for c in row if c.value == LINK]
        assert texts, path.name  # the name is there, as text


def test_unit_codes_cannot_put_a_template_outside_the_folder(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "deep" / "out"
    units = Units.of([
        Unit("25", "Tỉnh", "province"),
        Unit("../../x", "Huyện A", "district", parent="25"),
        Unit("/etc/y", "Huyện B", "district", parent="25"),
    ])
    paths = write_templates(catalogue, units, "2024", out, levels=["district"])
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert sorted(p.name for p in paths) == ["etc_y-huyen-b-2024.xlsx", "x-huyen-a-2024.xlsx"]
    assert sorted(p.name for p in tmp_path.rglob("*.xlsx")) == sorted(p.name for p in paths)


def test_template_names_that_would_meet_get_a_number(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    # "HN-1" and "hn-1" are one file on Windows and macOS; "a/b" and "a_b" both make "a_b";
    # a unit "tong" named "Hợp" would take the consolidated workbook's name.
    units = Units.of([
        Unit("25", "Tỉnh", "province"),
        Unit("HN-1", "Ba Vì", "district", parent="25"),
        Unit("hn-1", "Ba Vì", "district", parent="25"),
        Unit("a/b", "Xã", "district", parent="25"),
        Unit("a_b", "Xã", "district", parent="25"),
        Unit("tong", "Hợp", "district", parent="25"),
    ])
    paths = write_templates(catalogue, units, "2024", tmp_path, consolidated=True,
                            levels=["district"])
    names = [p.name for p in paths]
    assert len(names) == 6
    assert len({n.casefold() for n in names}) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    # each workbook is the unit it says it is
    for path in paths[:-1]:
        ws = openpyxl.load_workbook(path)[REPORT_SHEET]
        header = " ".join(str(c.value) for row in ws.iter_rows(max_row=5) for c in row if c.value)
        code = {p.name: u.code for p, u in zip(paths, list(units)[1:], strict=False)}[path.name]
        assert code in header
    assert names[-1] == "tong-hop-2024-2.xlsx"
