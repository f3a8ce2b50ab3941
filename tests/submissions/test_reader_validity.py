"""A units file with validity: a report from a unit not in force in its period is S118."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso.catalogue.model import Catalogue
from chiso.findings import Findings
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import META_SHEET, fill_template, write_templates
from chiso.units.model import Unit, Units

FILLED = {
    "civil_servants": 120, "civil_servants_with_computer": 118, "dossiers_total": 5531,
    "dossiers_online": 2400, "digitised_rate": 0.8368, "has_it_officer": "Có",
}


@pytest.fixture
def changed() -> Units:
    """District 230 until 2025-06; its commune 08503 under the province from 2025-07."""
    return Units.of([
        Unit("25", "Tỉnh Phú Thọ", "province"),
        Unit("230", "Huyện Cẩm Khê", "district", parent="25", valid_to="2025-06"),
        Unit("08503", "Xã Phương Xá", "commune", parent="230", valid_to="2025-06"),
        Unit("08503", "Xã Phương Xá", "commune", parent="25", valid_from="2025-07"),
    ])


def _s118(findings: Findings) -> list[tuple[object, ...]]:
    return [loc for loc in findings.flatten() if loc[0] == "S118"]


def _district_template(
    catalogue: Catalogue, units: Units, period: str, folder: Path
) -> Path:
    """District 230's filled template for ``period``, made from the 3-tier list.

    (As an officer would with last year's units list, whatever the period.)
    """
    old = units.as_of("2025-Q2")
    paths = write_templates(catalogue, old, period, folder, levels=["district"])
    return fill_template(next(p for p in paths if p.name.startswith("230-")), FILLED)


def test_template_of_an_abolished_district_is_s118_at_its_unit_code_cell(
    catalogue: Catalogue, changed: Units, tmp_path: Path
) -> None:
    path = _district_template(catalogue, changed, "2025-Q4", tmp_path / "t")
    ds = read_submissions([path], catalogue, changed)
    meta = load_workbook(path)[META_SHEET]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "unit_code")
    assert _s118(ds.findings) == [("S118", META_SHEET, f"B{row}")]
    assert len(ds.values) == 0  # not used
    finding = next(ds.findings.by_code("S118"))
    assert finding.message_en == (
        "Unit '230' is not in force in 2025-Q4 (units file: … – 2025-06); its values were not used"
    )
    assert "không có hiệu lực trong kỳ 2025-Q4" in finding.message_vi


def test_the_same_district_reporting_before_the_change_is_read(
    catalogue: Catalogue, changed: Units, tmp_path: Path
) -> None:
    path = _district_template(catalogue, changed, "2025-Q2", tmp_path / "t")
    ds = read_submissions([path], catalogue, changed)
    assert _s118(ds.findings) == []
    assert set(ds.values["unit"]) == {"230"} and len(ds.values) == len(FILLED)


def test_a_unit_cell_naming_a_unit_not_in_force_is_s118_at_that_cell(
    catalogue: Catalogue, changed: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bao-cao.xlsx", {"BC": [
        ["BÁO CÁO CHUYỂN ĐỔI SỐ NĂM 2025"],
        ["Mã đơn vị:", "230"],
        ["Nội dung", "Số liệu"],
        ["Tổng số cán bộ, công chức", 100],
    ]})
    ds = read_submissions([path], catalogue, changed)
    # The year 2025 ends after the change: the district is gone. The finding points
    # at the cell that names the unit, as S101 does.
    assert _s118(ds.findings) == [("S118", "BC", "A2")]
    assert len(ds.values) == 0


def test_consolidated_sheet_flags_only_the_rows_of_units_not_in_force(
    catalogue: Catalogue, changed: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("tong-hop.xlsx", {"TH": [
        ["TỔNG HỢP SỐ LIỆU QUÝ IV/2025"],
        ["Mã đơn vị", "Tên đơn vị", "Tổng số cán bộ, công chức",
         "Tổng số hồ sơ thủ tục hành chính tiếp nhận"],
        ["230", "Huyện Cẩm Khê", 900, 5000],
        ["08503", "Xã Phương Xá", 30, 300],
    ]})
    ds = read_submissions([path], catalogue, changed)
    assert _s118(ds.findings) == [("S118", "TH", "A3")]
    assert set(zip(ds.values["unit"], ds.values["period"], strict=True)) == {("08503", "2025-Q4")}


def test_a_plain_units_file_never_gives_s118(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    paths = write_templates(catalogue, units, "2030", tmp_path / "t", levels=["district"])
    path = fill_template(next(p for p in paths if p.name.startswith("230-")), FILLED)
    ds = read_submissions([path], catalogue, units)
    assert _s118(ds.findings) == [] and len(ds.values) == len(FILLED)


def test_templates_are_written_only_for_units_in_force_in_the_period(
    catalogue: Catalogue, changed: Units, tmp_path: Path
) -> None:
    before = write_templates(catalogue, changed, "2025-Q2", tmp_path / "q2")
    after = write_templates(catalogue, changed, "2025-Q4", tmp_path / "q4")
    assert sorted(p.name.split("-")[0] for p in before) == ["08503", "230", "25"]
    assert sorted(p.name.split("-")[0] for p in after) == ["08503", "25"]  # 230 is abolished


def test_a_report_under_a_unit_s_former_name_is_read_for_its_code(
    catalogue: Catalogue, handmade: Callable[..., Path]
) -> None:
    # 2025: Phương Xá merged with a neighbour and took the name Phương Thịnh, same code.
    renamed = Units.of([
        Unit("25", "Tỉnh Phú Thọ", "province"),
        Unit("08503", "Xã Phương Xá", "commune", parent="25", valid_to="2025-06"),
        Unit("08503", "Xã Phương Thịnh", "commune", parent="25", valid_from="2025-07"),
    ])
    path = handmade("bc.xlsx", {"Sheet1": [
        ["Đơn vị:", "Xã Phương Xá"], ["Kỳ báo cáo:", "2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = read_submissions([path], catalogue, renamed)
    assert not [f for f in ds.findings if f.code in ("S101", "S102")]
    assert ds.values[["unit", "period", "field", "value"]].values.tolist() == [
        ["08503", "2024", "civil_servants", 30.0]]
