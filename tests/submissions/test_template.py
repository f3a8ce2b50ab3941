"""Templates: one workbook per unit, a consolidated one, locked labels, validation, metadata."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from chiso.catalogue.model import Catalogue
from chiso.submissions.template import (
    CONSOLIDATED_SHEET,
    FORMAT_VERSION,
    META_SHEET,
    REPORT_SHEET,
    fill_template,
    write_templates,
)
from chiso.units.model import Units


def _meta(path: Path) -> dict[str, str]:
    ws = load_workbook(path)[META_SHEET]
    return {str(r[0].value): str(r[1].value) for r in ws.iter_rows() if r[0].value}


def test_one_workbook_per_unit_with_the_level_s_fields(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    paths = write_templates(catalogue, units, "2024", tmp_path)
    assert [p.name for p in paths] == [
        "25-tinh-phu-tho-2024.xlsx",
        "S01-so-khoa-hoc-va-cong-nghe-2024.xlsx",
        "227-thanh-pho-viet-tri-2024.xlsx",
        "230-huyen-cam-khe-2024.xlsx",
        "08500-phuong-gia-cam-2024.xlsx",
        "08503-xa-phuong-xa-2024.xlsx",
    ]
    district = load_workbook(paths[2])[REPORT_SHEET]
    commune = load_workbook(paths[4])[REPORT_SHEET]
    district_codes = [c.value for c in district["B"][6:] if c.value]
    commune_codes = [c.value for c in commune["B"][6:] if c.value]
    assert "cadastral_map" not in district_codes  # a commune-only field
    assert commune_codes[-1] == "cadastral_map"
    assert len(commune_codes) == len(catalogue.fields)


def test_levels_limit_the_units(catalogue: Catalogue, units: Units, tmp_path: Path) -> None:
    paths = write_templates(catalogue, units, "2024-Q3", tmp_path, levels=["commune"])
    assert [p.name for p in paths] == ["08500-phuong-gia-cam-2024-Q3.xlsx",
                                        "08503-xa-phuong-xa-2024-Q3.xlsx"]


def test_report_sheet_locks_labels_and_unlocks_one_validated_input_column(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = write_templates(catalogue, units, "2024", tmp_path, levels=["commune"])[0]
    wb = load_workbook(path)
    ws = wb[REPORT_SHEET]
    assert wb.sheetnames[0] == REPORT_SHEET
    assert ws.protection.sheet is True
    assert ws.freeze_panes == "A7"
    assert ws["E6"].value == "Giá trị"
    assert ws["B7"].value == "civil_servants" and ws["C7"].value == "Tổng số cán bộ, công chức"
    assert ws["D7"].value == "người"
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == {f"E{r}" for r in range(7, 7 + len(catalogue.fields))}
    rows = {ws.cell(r, 2).value: r for r in range(7, ws.max_row + 1)}
    formats = {code: ws.cell(r, 5).number_format for code, r in rows.items()}
    assert formats["civil_servants"] == "#,##0"
    assert formats["digitised_rate"] == "0.00%"
    rules = {(dv.type, dv.operator, dv.formula1, dv.formula2): str(dv.sqref)
             for dv in ws.data_validations.dataValidation}
    assert rules[("whole", "greaterThanOrEqual", "0", None)].split() == [
        f"E{rows[c]}" for c in ("civil_servants", "civil_servants_with_computer",
                                "dossiers_total", "dossiers_online")]
    assert rules[("decimal", "between", "0", "1")] == f"E{rows['digitised_rate']}"
    assert rules[("decimal", "greaterThanOrEqual", "0", None)] == f"E{rows['it_budget']}"
    assert rules[("list", None, '"Có,Không"', None)].split() == [
        f"E{rows['has_it_officer']}", f"E{rows['cadastral_map']}"]


def test_metadata_sheet_is_very_hidden_and_names_unit_period_catalogue(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = write_templates(catalogue, units, "2024-Q3", tmp_path, levels=["commune"])[0]
    wb = load_workbook(path)
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert "Hướng dẫn" in wb.sheetnames
    meta = _meta(path)
    assert meta["format_version"] == str(FORMAT_VERSION)
    assert (meta["unit_code"], meta["unit_name"], meta["period"]) == (
        "08500", "Phường Gia Cẩm", "2024-Q3")
    assert (meta["catalogue_id"], meta["catalogue_version"], meta["catalogue_digest"]) == (
        "phu_tho", "2024.1", "d1g3st")


def test_consolidated_workbook_has_a_row_per_unit_and_a_column_per_field(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    paths = write_templates(catalogue, units, "2024", tmp_path, consolidated=True,
                            levels=["district", "commune"])
    assert paths[-1].name == "tong-hop-2024.xlsx"
    ws = load_workbook(paths[-1])[CONSOLIDATED_SHEET]
    assert [ws.cell(r, 1).value for r in range(6, 10)] == ["227", "230", "08500", "08503"]
    codes = [ws.cell(5, c).value for c in range(4, 4 + len(catalogue.fields))]
    assert codes == list(catalogue.fields)
    cadastral_col = 4 + codes.index("cadastral_map")
    assert ws.cell(6, cadastral_col).protection.locked  # district: field not reported
    assert not ws.cell(8, cadastral_col).protection.locked  # commune
    assert _meta(paths[-1])["kind"] == "consolidated"


def test_fill_template_writes_numbers_and_text_as_given(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = write_templates(catalogue, units, "2024", tmp_path, levels=["commune"])[0]
    out = fill_template(path, {"civil_servants": 25, "dossiers_total": "1.751"},
                        out=tmp_path / "filled.xlsx")
    ws = load_workbook(out)[REPORT_SHEET]
    assert ws["E7"].value == 25
    assert ws["E9"].value == "1.751"
    assert ws["E9"].data_type == "s"


def test_no_empty_validation_rule_for_kinds_a_unit_does_not_report(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    from chiso.catalogue.model import FieldDef, FieldKind, Text

    only_counts = catalogue.model_copy(update={"fields": {
        "civil_servants": FieldDef(id="civil_servants", label=Text(vi="Cán bộ", en="Staff"),
                                   kind=FieldKind.COUNT)}})
    path = write_templates(only_counts, units, "2024", tmp_path, levels=["commune"])[0]
    rules = load_workbook(path)[REPORT_SHEET].data_validations.dataValidation
    assert [(dv.type, str(dv.sqref)) for dv in rules] == [("whole", "E7")]


def test_report_sheet_prints_one_page_wide_with_title_room_and_signatures(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    path = write_templates(catalogue, units, "2024", tmp_path, codes=["08503"])[0]
    ws = load_workbook(path)[REPORT_SHEET]
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, "landscape")  # 9: A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # the 14 pt title row is tall enough for the marks above its capitals
    assert ws.row_dimensions[1].height >= 20
    # the print area runs to below the signatures, whose texts are under the table
    texts = {c.value: c.row for row in ws.iter_rows() for c in row if c.value}
    last_field = max(r for v, r in texts.items() if v == "cadastral_map")
    assert last_field < texts["NGƯỜI LẬP BIỂU"] == texts["THỦ TRƯỞNG ĐƠN VỊ"]
    area_end = int(str(ws.print_area).rsplit("$", 1)[-1])
    assert area_end > texts["THỦ TRƯỞNG ĐƠN VỊ"] + 1
    assert "&P" in ws.oddFooter.center.text
    # nothing below the fields in the code column: the reader's fast path relies on it
    assert [c.value for c in ws["B"][last_field:] if c.value] == []
