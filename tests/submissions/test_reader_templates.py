"""Reading chiso's own templates: round trip, Vietnamese numbers, every cell finding."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

import pandas as pd
import pytest
from openpyxl import load_workbook

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.submissions.batch import read_submissions
from chiso.submissions.reader import read_submission
from chiso.submissions.template import META_SHEET, fill_template, write_templates
from chiso.units.model import Units

S = "Báo cáo"
# Input cells of a commune template: one row per field from row 7, in catalogue order.
CELL = {
    "civil_servants": "E7", "civil_servants_with_computer": "E8", "dossiers_total": "E9",
    "dossiers_online": "E10", "digitised_rate": "E11", "it_budget": "E12",
    "has_it_officer": "E13", "cadastral_map": "E14",
}
FULL = {
    "civil_servants": 120, "civil_servants_with_computer": 118, "dossiers_total": 5531,
    "dossiers_online": 2400, "digitised_rate": 0.8368, "it_budget": 1250.5,
    "has_it_officer": "Có", "cadastral_map": "Không",
}


def _values(ds: Dataset) -> dict[str, float]:
    """The values read (a rejected cell is kept for provenance with value NaN: left out)."""
    read = ds.values.dropna(subset=["value"])
    return dict(zip(read["field"], read["value"], strict=True))


def _read(path: Path, catalogue: Catalogue, units: Units, **kw: Any) -> Dataset:
    return read_submissions([path], catalogue, units, **kw)


def test_round_trip_gives_back_exactly_the_filled_values(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), FULL)
    ds = _read(path, catalogue, units)
    assert list(ds.findings) == []
    assert _values(ds) == {**FULL, "has_it_officer": 1.0, "cadastral_map": 0.0}
    row = ds.values.iloc[0]
    assert (row.unit, row.period, row.sheet, row.cell, row.raw) == (
        "08500", "2024", S, "E7", "120")
    assert row.file == str(path)
    assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(ds.values["cell"]) == list(CELL.values())


def test_round_trip_of_a_consolidated_workbook(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    paths = write_templates(catalogue, units, "2024-Q3", tmp_path, consolidated=True,
                            levels=["district", "commune"])
    district = {k: v for k, v in FULL.items() if k != "cadastral_map"}
    path = fill_template(paths[-1], {"230": district, "08503": FULL})
    ds = _read(path, catalogue, units)
    assert list(ds.findings) == []  # 227 and 08500 were left empty: they did not report here
    wide = ds.wide()
    assert set(wide.index) == {("230", "2024-Q3"), ("08503", "2024-Q3")}
    assert wide.loc[("08503", "2024-Q3"), "cadastral_map"] == 0.0
    assert wide.loc[("230", "2024-Q3"), "dossiers_online"] == 2400
    first = ds.values.iloc[0]
    assert (first.sheet, first.cell) == ("Tổng hợp", "D7")  # row 7 is 230, column D the 1st field


def test_vietnamese_text_numbers_are_read_by_the_field_kind(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    typed = {**FULL, "civil_servants": "1.751", "civil_servants_with_computer": "1 700",
             "dossiers_total": "12.400", "dossiers_online": "  2400 ",
             "digitised_rate": "98,46%", "it_budget": "12.400,5", "has_it_officer": "co",
             "cadastral_map": "x"}
    ds = _read(fill_template(template("08500"), typed), catalogue, units)
    assert _values(ds) == {
        "civil_servants": 1751, "civil_servants_with_computer": 1700, "dossiers_total": 12400,
        "dossiers_online": 2400, "digitised_rate": 0.9846, "it_budget": 12400.5,
        "has_it_officer": 1.0, "cadastral_map": 1.0,
    }
    # Both dot groups in counts are read as thousands, each with a warning that says so.
    assert ds.findings.flatten() == [("S202", S, "E7"), ("S202", S, "E9")]
    first = ds.findings[0]
    assert (first.raw, first.value, first.subject) == ("1.751", 1751.0, "civil_servants")
    assert "1751" in first.message_en and "1751" in first.message_vi


def test_percent_cells_as_fractions_and_as_percent_points(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    as_fraction = _read(fill_template(template("08500"), {**FULL, "digitised_rate": 0.9846}),
                        catalogue, units)
    assert _values(as_fraction)["digitised_rate"] == 0.9846
    assert list(as_fraction.findings) == []
    as_points = _read(fill_template(template("08503"), {**FULL, "digitised_rate": 98.46}),
                      catalogue, units)
    assert _values(as_points)["digitised_rate"] == 0.9846  # 98.46 / 100, with a warning
    assert as_points.findings.flatten() == [("S204", S, "E11")]


def test_every_bad_cell_is_one_finding_and_no_knock_on(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    bad = {
        "civil_servants": -3,  # negative count
        "civil_servants_with_computer": 118,  # its constraint's other side failed: not checked
        "dossiers_total": "nhiều",  # not a number
        "dossiers_online": 120,  # <= dossiers_total cannot be checked: no knock-on
        "digitised_rate": "150",  # above 100 %
        "it_budget": "1.751",  # an amount: thousands or decimals? ambiguous
        "has_it_officer": "có thể",  # not yes/no
        "cadastral_map": "12,5",  # not yes/no either
    }
    ds = _read(fill_template(template("08500"), bad), catalogue, units)
    assert ds.findings.flatten() == [
        ("S205", S, "E7"), ("S201", S, "E9"), ("S207", S, "E11"), ("S203", S, "E12"),
        ("S210", S, "E13"), ("S210", S, "E14"),
    ]
    assert _values(ds) == {"civil_servants_with_computer": 118, "dossiers_online": 120}
    negative = ds.findings[0]
    assert (negative.raw, negative.value) == ("-3", -3.0)


def test_part_larger_than_whole_names_both_values(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), {**FULL, "dossiers_total": 100, "dossiers_online": 120})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S302", S, "E10")]
    assert ds.findings[0].message_en == (
        "dossiers_online (120) > dossiers_total (100), but the rule is "
        "dossiers_online <= dossiers_total")
    assert _values(ds)["dossiers_online"] == 120  # kept: which of the two is wrong is unknown


def test_a_value_breaking_a_constraint_is_kept_flagged_and_left_out_of_the_wide_frame(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), {**FULL, "dossiers_total": 100, "dossiers_online": 120})
    ds = _read(path, catalogue, units)
    rows = ds.values.set_index("field")
    # The finding points at E10 (dossiers_online, the constrained part): that value
    # is flagged with the finding's code; the whole it was compared with is not.
    online = rows.loc["dossiers_online"]
    assert (online["value"], online["cell"], online["raw"], online["flag"]) == (
        120.0, "E10", "120", "S302")
    assert pd.isna(rows.loc["dossiers_total", "flag"])
    assert rows["flag"].notna().sum() == 1
    assert ds.flagged == {("08500", "2024", "dossiers_online"): "S302"}
    wide = ds.wide()
    assert wide.loc[("08500", "2024"), "dossiers_total"] == 100
    assert pd.isna(wide.loc[("08500", "2024"), "dossiers_online"])
    mask = ds.flag_mask()
    assert list(mask.columns) == list(wide.columns)
    assert mask.loc[("08500", "2024")].to_dict() == {f: f == "dossiers_online" for f in wide}


def test_a_value_with_only_a_warning_is_not_flagged(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), {**FULL, "digitised_rate": 0.01})
    ds = _read(path, catalogue, units)
    assert [f.code for f in ds.findings] == ["S303"]
    assert ds.values["flag"].isna().all() and ds.flagged == {}
    assert ds.wide().loc[("08500", "2024"), "digitised_rate"] == 0.01


def test_values_outside_the_plausible_range_are_warnings_and_kept(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), {**FULL, "digitised_rate": 0.01, "it_budget": 60000})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S303", S, "E11"), ("S303", S, "E12")]
    assert [f.severity.value for f in ds.findings] == ["warning", "warning"]
    assert _values(ds)["it_budget"] == 60000


def test_missing_fields_are_errors_when_required_and_warnings_when_optional(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    values = {k: v for k, v in FULL.items() if k not in ("civil_servants", "it_budget")}
    ds = _read(fill_template(template("08500"), values), catalogue, units)
    assert ds.findings.flatten() == [("S301", S, "E7"), ("S301", S, "E12")]
    assert [f.severity.value for f in ds.findings] == ["error", "warning"]
    assert "civil_servants" not in _values(ds)  # missing is absent, never 0


def test_formula_without_cached_value_is_not_empty(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    # openpyxl writes formulas without a cached value, like a generator that never opened Excel.
    path = fill_template(template("08500"), {**FULL, "dossiers_online": "=E9/2"})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S208", S, "E10")]
    assert ds.findings[0].raw == "=E9/2"
    assert "dossiers_online" not in _values(ds)


def test_wrong_period_is_reported_and_its_values_not_used(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500", "2023"), FULL)
    ds = _read(path, catalogue, units, period="2024")
    assert ds.findings.flatten() == [("S103", META_SHEET, None)]
    assert len(ds.values) == 0


def test_duplicate_submission_across_files_keeps_the_first(
    catalogue: Catalogue, units: Units, template: Callable[..., Path], tmp_path: Path
) -> None:
    first = fill_template(template("08500"), FULL, out=tmp_path / "a.xlsx")
    second = fill_template(template("08500"), {**FULL, "civil_servants": 999},
                           out=tmp_path / "b.xlsx")
    ds = read_submissions([second, first], catalogue, units)
    assert [(f.code, f.location.file) for f in ds.findings] == [("S106", str(second))]
    assert str(first) in ds.findings[0].message_en
    assert _values(ds)["civil_servants"] == 120
    assert set(ds.values["file"]) == {str(first)}


def _edit_metadata(path: Path, **changes: str) -> Path:
    wb = load_workbook(path)
    ws = wb[META_SHEET]
    for row in ws.iter_rows():
        if row[0].value in changes:
            row[1].value = changes[row[0].value]
    wb.save(path)
    return path


def test_template_from_another_catalogue_version(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = _edit_metadata(fill_template(template("08500"), FULL), catalogue_version="2023.2")
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S107", META_SHEET, None)]
    assert len(ds.values) == len(FULL)  # a warning: the values are still read by field code


def test_template_from_a_changed_catalogue_of_the_same_version(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = _edit_metadata(fill_template(template("08500"), FULL), catalogue_digest="0ther")
    assert _read(path, catalogue, units).findings.flatten() == [
        ("S108", META_SHEET, None)]


def test_template_from_another_catalogue_is_not_read(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = _edit_metadata(fill_template(template("08500"), FULL), catalogue_id="ha_noi")
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S109", META_SHEET, None)]
    assert len(ds.values) == 0


def test_unknown_unit_in_the_metadata(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = _edit_metadata(fill_template(template("08500"), FULL), unit_code="085000")
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S101", META_SHEET, None)]
    assert ds.findings[0].suggestion == "08500"
    assert len(ds.values) == 0


def test_unknown_field_code_in_a_template_row(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), FULL)
    wb = load_workbook(path)
    ws = wb[S]
    ws["B15"], ws["C15"], ws["E15"] = "civil_servant_laptops", "Số máy tính xách tay", 3
    wb.save(path)
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S113", S, "B15")]


def test_older_template_format_is_read_by_field_codes(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    # Format 1: no STT column; code, label, unit of measure, then the input in column D.
    path = handmade("old.xlsx", {
        "Báo cáo": [
            ["BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ"],
            ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị"],
            ["civil_servants", "Tổng số cán bộ, công chức", "người", 120],
            ["dossiers_total", "Tổng số hồ sơ", "hồ sơ", 5531],
        ],
        "_chiso": [["format_version", "1"], ["kind", "unit"], ["unit_code", "230"],
                   ["period", "2024"], ["catalogue_id", "phu_tho"],
                   ["catalogue_version", "2024.1"], ["catalogue_digest", "d1g3st"]],
    }, hidden=["_chiso"])
    ds = _read(path, catalogue, units)
    assert _values(ds) == {"civil_servants": 120, "dossiers_total": 5531}
    assert list(ds.values["cell"]) == ["D3", "D4"]
    assert [f.code for f in ds.findings if f.code != "S301"] == ["S110"]
    assert next(ds.findings.by_code("S110")).location.sheet == META_SHEET


def test_read_submission_reads_one_file(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), FULL)
    result = read_submission(path, catalogue, units)
    assert len(result.records) == len(FULL) and list(result.findings) == []
    assert result.submitted[0][:2] == ("08500", "2024")


def test_a_process_pool_reads_the_same_as_one_process(
    catalogue: Catalogue, units: Units, template: Callable[..., Path], tmp_path: Path
) -> None:
    paths = [
        fill_template(template(code), {**FULL, "dossiers_total": "1.751"},
                      out=tmp_path / f"{code}.xlsx")
        for code in ("08500", "08503")
    ]
    seen: list[tuple[int, int]] = []
    alone = read_submissions(paths, catalogue, units, workers=1)
    pooled = read_submissions(paths, catalogue, units, workers=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert alone.values.equals(pooled.values)
    assert list(alone.findings) == list(pooled.findings)
    assert seen == [(1, 2), (2, 2)]


def test_a_note_typed_after_the_number_is_ignored_with_a_warning(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = fill_template(template("08500"), {**FULL, "civil_servants": "120 (ước tính)"})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S211", S, "E7")]
    assert _values(ds)["civil_servants"] == 120


def test_template_from_a_newer_chiso_is_an_error_but_still_read(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    path = _edit_metadata(fill_template(template("08500"), FULL), format_version="9")
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S117", META_SHEET, None)]
    assert len(ds.values) == len(FULL)


def _report_sheet(path: Path) -> Any:
    from chiso.submissions.workbook import read_workbook

    sheet = read_workbook(path.read_bytes()).sheet(S)
    assert sheet is not None
    return sheet


def test_an_untouched_template_is_read_at_its_cells_as_detection_would(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    from chiso.submissions.layout import detect, template_layout
    from chiso.submissions.matching import FieldIndex, UnitIndex

    fields = FieldIndex.of(catalogue)
    filled = {**FULL, "it_budget": None, "digitised_rate": "83,68%"}  # a blank, a text number
    sheet = _report_sheet(fill_template(template("08500"), filled))
    quick = template_layout(sheet, fields)
    assert quick is not None
    assert quick == detect(sheet, fields, UnitIndex.of(units), "2024")
    assert [(e.field, e.ref) for e in quick.blocks[0].entries] == list(CELL.items())


def test_an_edited_template_is_not_read_at_its_cells(
    catalogue: Catalogue, template: Callable[..., Path]
) -> None:
    from chiso.submissions.layout import template_layout
    from chiso.submissions.matching import FieldIndex

    fields = FieldIndex.of(catalogue)
    edits: list[dict[str, Any]] = [
        {"B15": "civil_servant_laptops"},  # a code the catalogue does not know
        {"B9": "dossiers_online"},  # a field twice
        {"B9": None},  # a row emptied: the codes below it are not where they were
        {"B7": "Civil_Servants"},  # a code retyped in another case
        {"E6": "Năm 2024"},  # the value column's title changed
    ]
    for n, edit in enumerate(edits):
        path = fill_template(template("08500", folder=f"edit-{n}"), FULL)
        wb = load_workbook(path)
        for ref, value in edit.items():
            wb[S][ref] = value
        wb.save(path)
        assert template_layout(_report_sheet(path), fields) is None, edit


def test_the_reader_uses_a_pool_only_on_idle_cores_and_for_enough_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from chiso.submissions import batch

    def machine(cores: int, load: float) -> None:
        monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
        monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load), raising=False)

    machine(2, 0.1)
    assert batch.default_workers(batch.POOL_THRESHOLD - 1) == 1  # too few files
    assert batch.default_workers(10_000) == 2  # an idle 2-core machine
    machine(2, 1.2)
    assert batch.default_workers(10_000) == 1  # one core busy: a pool would lose
    machine(16, 3.0)
    assert batch.default_workers(10_000) == 4  # never more than four
    machine(1, 0.0)
    assert batch.default_workers(10_000) == 1


def _with_cached_formula_values(path: Path, cached: dict[str, str]) -> Path:
    """The workbook with each given cell turned into a formula whose cached value is
    the given text, as Excel and LibreOffice store it (17 significant digits; openpyxl
    would round to 15 and hide the noise)."""
    with ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    done: list[str] = []
    for name, data in parts.items():
        if not name.startswith("xl/worksheets/"):
            continue
        text = data.decode("utf-8")
        for cell, value in cached.items():
            text, n = re.subn(
                rf'(<c r="{cell}"[^>]*?)(?: t="n")?>(?:<v>[^<]*</v>)?</c>',
                rf"\1><f>ROUND(1,0)*{value}</f><v>{value}</v></c>",
                text,
            )
            done += [cell] * n
        parts[name] = text.encode("utf-8")
    assert sorted(done) == sorted(cached)
    out = path.with_name("formulas.xlsx")
    with ZipFile(out, "w", ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def test_formula_noise_in_a_saved_workbook_reads_as_the_whole_number(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    # What formulas leave in cells: binary noise around a whole count and around 100 %,
    # read from the file's XML rather than handed to the parser.
    path = _with_cached_formula_values(
        fill_template(template("08500"), FULL),
        {
            CELL["civil_servants"]: "1750.9999999999998",  # 1751 − 2.3e-13
            CELL["civil_servants_with_computer"]: "1200.0000000000002",  # 1200 + 2.3e-13
            CELL["digitised_rate"]: "1.0000000000000002",  # 100 %, not 1 percent point
        },
    )
    ds = _read(path, catalogue, units)
    assert list(ds.findings) == []  # no "not whole", no "read as percent points"
    values = _values(ds)
    assert (values["civil_servants"], values["civil_servants_with_computer"]) == (1751.0, 1200.0)
    assert values["digitised_rate"] == 1.0
