"""The Excel scorecard, opened back with openpyxl and checked cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from chiso.engine.result import Result
from chiso.render.scorecard import write_scorecard


def find_row(ws: Worksheet, column: int, value: Any) -> int:
    """The first row whose cell in ``column`` equals ``value``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column} of {ws.title}")


def matrix_row(ws: Worksheet, unit: str, period: str) -> int:
    """The matrix's row of ``unit`` at ``period`` (a row per unit and period)."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == unit and ws.cell(row, 4).value == period:
            return row
    raise AssertionError(f"no row for {unit} {period} in {ws.title}")


MATRIX_HEADER = 5


def header_columns(ws: Worksheet, row: int) -> dict[str, int]:
    return {
        str(ws.cell(row, c).value): c
        for c in range(1, ws.max_column + 1)
        if ws.cell(row, c).value is not None
    }


@pytest.fixture
def workbook(result: Result, tmp_path: Path) -> openpyxl.Workbook:
    path = write_scorecard(result, tmp_path / "scorecard.xlsx", lang="vi")
    return openpyxl.load_workbook(path)


def test_sheet_names_are_vietnamese_by_default(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Xếp hạng",
        "Ma trận",
        "Biểu đồ",
        # a profile per district, in ranking order
        "Thành phố Việt Trì",
        "Huyện Đoan Hùng",
        "Thị xã Phú Thọ",
        "Huyện Hạ Hòa",
        "Tình hình nộp báo cáo",
        "Lỗi dữ liệu",
        "Nguồn gốc",
    ]


def test_sheet_names_follow_lang_en(result: Result, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_scorecard(result, tmp_path / "en.xlsx", lang="en"))
    assert wb.sheetnames == ["Summary", "Ranking", "Matrix", "Charts", "Thành phố Việt Trì",
                             "Huyện Đoan Hùng", "Thị xã Phú Thọ", "Huyện Hạ Hòa", "Submissions",
                             "Findings", "Provenance"]
    assert wb["Summary"]["A6"].value == "2/4 goals achieved, 1/4 on track, 1/4 off track"


def test_summary_headline_counts_the_province_goals(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Tổng hợp"]
    # province 2024: pc achieved, online on track, eid achieved, eid_count off track
    assert ws["A4"].value == "Nghị quyết chuyển đổi số 2021–2025"
    assert ws["A6"].value == "2/4 mục tiêu đã hoàn thành, 1/4 đảm bảo tiến độ, 1/4 chậm tiến độ"


def test_summary_goals_show_value_target_deadline_and_status(
    workbook: openpyxl.Workbook,
) -> None:
    ws = workbook["Tổng hợp"]
    header = 7
    cols = header_columns(ws, header)
    online = find_row(ws, cols["Mục tiêu"], "Tỷ lệ hồ sơ trực tuyến")
    assert ws.cell(online, cols["Giá trị"]).value == pytest.approx(0.62)
    assert ws.cell(online, cols["Giá trị"]).number_format == "0.0%"
    assert ws.cell(online, cols["Chỉ tiêu"]).value == pytest.approx(0.8)
    assert ws.cell(online, cols["Chỉ tiêu"]).number_format == '"Từ "0.0%" trở lên"'
    assert ws.cell(online, cols["Thời hạn"]).value == "2025"
    assert ws.cell(online, cols["Trạng thái"]).value == "Đảm bảo tiến độ"
    assert ws.cell(online, cols["Chiều"]).value == "↑ cao hơn là tốt hơn"
    eid_count = find_row(ws, cols["Mục tiêu"], "Tài khoản định danh điện tử")
    status = ws.cell(eid_count, cols["Trạng thái"])
    assert status.value == "Chậm tiến độ"
    assert status.fill.fgColor.rgb.endswith("FFC7CE")  # red: off track
    assert ws.cell(eid_count, cols["Giá trị"]).number_format == "#,##0"
    # the method's figure: (700 000 − 450 000) / (900 000 − 450 000) = 0.5556
    assert ws.cell(eid_count, cols["Chỉ báo"]).value == pytest.approx(250_000 / 450_000)


def test_summary_counts_goal_statuses_by_unit(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Tổng hợp"]
    row = find_row(ws, 2, "Huyện Đoan Hùng")
    header = find_row(ws, 2, "Đơn vị")
    cols = header_columns(ws, header)
    # Đoan Hùng: pc on track, online not assessable, eid on track, eid_count at risk
    assert ws.cell(row, cols["Đảm bảo tiến độ"]).value == 2
    assert ws.cell(row, cols["Có nguy cơ"]).value == 1
    assert ws.cell(row, cols["Chưa đánh giá được"]).value == 1
    assert ws.cell(row, cols["Đã hoàn thành"]).value == 0


def test_ranking_orders_units_and_shows_the_tie(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Xếp hạng"]
    cols = header_columns(ws, 4)
    districts = [
        (
            ws.cell(r, cols["Đơn vị"]).value,
            ws.cell(r, cols["Hạng"]).value,
            ws.cell(r, cols["Hạng"]).number_format,
        )
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, cols["Cấp"]).value == "Huyện"
    ]
    # 98.44 > 91.44 > 79.69 = 79.69 (see conftest); a shared rank shows "3="
    assert districts == [
        ("Thành phố Việt Trì", 1, "0"),
        ("Huyện Đoan Hùng", 2, "0"),
        ("Thị xã Phú Thọ", 3, '0"="'),
        ("Huyện Hạ Hòa", 3, '0"="'),
    ]


def test_ranking_scores_and_change_since_last_period(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Xếp hạng"]
    cols = header_columns(ws, 4)
    row = find_row(ws, cols["Đơn vị"], "Thành phố Việt Trì")
    # 2024: (100 + 93.75 + 100 + 100) / 4 = 98.4375
    assert ws.cell(row, cols["Điểm tổng hợp"]).value == pytest.approx(98.4375)
    # 2023: (99 + 0.6/0.8·100 + 50/60·100 + 200k/300k·100) / 4 = (99 + 75 + 83.33 + 66.67) / 4 = 81
    assert ws.cell(row, cols["Thay đổi so với kỳ trước"]).value == pytest.approx(17.4375)
    assert ws.cell(row, cols["Thay đổi so với kỳ trước"]).number_format == "+0.0;-0.0;0.0"
    # pillar "Chính quyền số": (100 + 93.75) / 2 = 96.875, second after Đoan Hùng's 98.5
    assert ws.cell(row, cols["Điểm tổng hợp: Chính quyền số"]).value == pytest.approx(96.875)
    assert ws.cell(row, cols["Hạng: Chính quyền số"]).value == 2


def test_matrix_shows_values_formats_direction_and_status_text(
    workbook: openpyxl.Workbook,
) -> None:
    ws = workbook["Ma trận"]
    header = header_columns(ws, MATRIX_HEADER)
    online = header["Tỷ lệ hồ sơ trực tuyến (%)\n↑ cao hơn là tốt hơn"]
    eid = header["Tài khoản định danh trên 100 dân\n↑ cao hơn là tốt hơn"]
    accounts = header["Số tài khoản định danh điện tử\n↑ cao hơn là tốt hơn"]
    viet_tri = matrix_row(ws, "227", "2024")
    assert ws.cell(viet_tri, online).value == pytest.approx(0.75)
    assert ws.cell(viet_tri, online).number_format == "0.0%"
    assert ws.cell(viet_tri, online + 1).value == "Chưa đạt"  # 0.75 < 0.8
    assert ws.cell(viet_tri, eid).number_format == "#,##0.0"
    assert ws.cell(viet_tri, eid + 1).value == "Đạt"  # 80 ≥ 60
    assert ws.cell(viet_tri, accounts).number_format == "#,##0"
    assert ws.cell(viet_tri, accounts + 1).value == "Đạt"  # 300 000 ≥ district target 300 000
    doan_hung = matrix_row(ws, "230", "2024")
    assert ws.cell(doan_hung, online).value is None
    # why, with the field by its label
    assert ws.cell(doan_hung, online + 1).value == "thiếu chỉ tiêu 'Số hồ sơ trực tuyến'"


def test_matrix_has_a_row_per_unit_and_period(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Ma trận"]
    online = header_columns(ws, MATRIX_HEADER)["Tỷ lệ hồ sơ trực tuyến (%)\n↑ cao hơn là tốt hơn"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(MATRIX_HEADER + 1,
                                                                       ws.max_row + 1)]
    # the province and four districts, 2023 then 2024 each
    assert rows == [(u, p) for u in ("25", "227", "228", "230", "231") for p in ("2023", "2024")]
    viet_tri_2023 = matrix_row(ws, "227", "2023")
    assert ws.cell(viet_tri_2023, online).value == pytest.approx(0.60)
    assert ws.cell(viet_tri_2023, online + 1).value == "Chưa đạt"  # 0.60 < 0.8


def test_charts_sheet_holds_a_ranking_and_a_line_per_goal(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Biểu đồ"]
    kinds = sorted(type(chart).__name__ for chart in ws._charts)
    assert kinds == ["BarChart", "LineChart", "LineChart", "LineChart", "LineChart"]


def test_findings_sheet_lists_every_finding_with_location(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Lỗi dữ liệu"]
    cols = header_columns(ws, 4)
    codes = [ws.cell(r, cols["Mã"]).value for r in range(5, ws.max_row + 1)]
    assert codes == ["S104", "E101", "S201"]  # the error first, then the two warnings
    row = find_row(ws, cols["Mã"], "S104")
    assert ws.cell(row, cols["Mức độ"]).value == "Lỗi"
    assert ws.cell(row, cols["Tệp"]).value == "submissions/2024/doan-hung.xlsx"
    assert ws.cell(row, cols["Trang tính"]).value == "Báo cáo"
    assert ws.cell(row, cols["Ô"]).value == "D7"
    assert ws.cell(row, cols["Giá trị gốc đã nhập"]).value == "khoảng 500"


def test_findings_sheet_writes_the_read_value_vietnamese_style(
    result: Result, tmp_path: Path
) -> None:
    from dataclasses import replace

    from chiso.findings import Finding, Findings, Location, Severity

    rate = Finding("E101", Severity.WARNING, "…", "…", Location(), value=0.5692407071252187,
                   subject="online_rate")
    typed = Finding("S202", Severity.WARNING, "…", "…", Location(file="a.xlsx"), raw="1.751",
                    value=1751.0, subject="dossiers_total")
    dataset = replace(result.dataset, findings=Findings([typed]))
    path = write_scorecard(replace(result, findings=Findings([rate]), dataset=dataset),
                           tmp_path / "values.xlsx")
    ws = openpyxl.load_workbook(path)["Lỗi dữ liệu"]
    cols = header_columns(ws, 4)
    read = {ws.cell(r, cols["Mã"]).value: ws.cell(r, cols["Giá trị đã đọc"]).value
            for r in range(5, ws.max_row + 1)}
    # a percent KPI's value as a percent, a count grouped: never 0.5692407071252187
    assert read == {"E101": "56,9%", "S202": "1.751"}


def test_provenance_traces_each_value_to_its_cell(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Nguồn gốc"]
    cols = header_columns(ws, 4)
    rows = [
        r
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, cols["Mã đơn vị"]).value == "227"
        and ws.cell(r, cols["Kỳ báo cáo"]).value == "2024"
        and ws.cell(r, cols["Mã chỉ tiêu"]).value == "civil_servants"
    ]
    assert len(rows) == 1
    row = rows[0]
    assert ws.cell(row, cols["Giá trị"]).value == 1200
    assert ws.cell(row, cols["Giá trị"]).number_format == "#,##0"
    assert ws.cell(row, cols["Giá trị gốc đã nhập"]).value == "1.200"
    assert ws.cell(row, cols["Ô"]).value == "D5"
    assert ws.cell(row, cols["SHA-256 của tệp"]).value == "a" * 64


def test_no_cell_holds_a_formula(workbook: openpyxl.Workbook) -> None:
    formulas = [
        f"{ws.title}!{cell.coordinate}"
        for ws in workbook
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_tables_have_frozen_headers_filters_and_landscape_print(
    workbook: openpyxl.Workbook,
) -> None:
    for title in ("Xếp hạng", "Lỗi dữ liệu", "Nguồn gốc"):
        ws = workbook[title]
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("5"), title
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A4:"), title
        assert ws.page_setup.orientation == "landscape", title
        # fitted to the page width only where that keeps the text at 9 pt (82 % of 11)
        fitted = bool(ws.sheet_properties.pageSetUpPr.fitToPage)
        assert fitted == (ws.page_setup.fitToWidth == 1), title
        assert fitted or int(ws.page_setup.scale) >= 82, title
        assert ws.oddHeader.center.text == "&A" and ws.oddFooter.right.text == "&P/&N", title


def test_print_scale_keeps_text_at_nine_points_or_more() -> None:
    from chiso.render.sheetwriter import print_scale

    # 10 columns of 12 units: (12·7 + 5)·0.75 = 66.75 pt each, 667.5 pt in all;
    # at 82 % that is 547 pt, within the 740 pt page: fitted to the width
    assert print_scale(dict.fromkeys(range(1, 11), 12.0), None) is None
    # 20 such columns, 1335 pt: fitting would shrink the text to 55 %: 82 % instead
    assert print_scale(dict.fromkeys(range(1, 21), 12.0), None) == 82
    assert print_scale({1: 10.0}, 55) == 82


def test_provenance_prints_only_its_heading_by_default(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Nguồn gốc"]
    assert str(ws.print_area).endswith("$4")  # title, subtitle, blank, column header


def test_columns_are_wide_enough_for_unit_names(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Xếp hạng"]
    cols = header_columns(ws, 4)
    letter = openpyxl.utils.get_column_letter(cols["Đơn vị"])
    assert ws.column_dimensions[letter].width >= len("Thành phố Việt Trì")


def test_text_is_escaped_and_control_characters_dropped(result: Result, tmp_path: Path) -> None:
    from dataclasses import replace

    from chiso.findings import Finding, Findings, Location, Severity

    odd = Finding(
        "S999",
        Severity.INFO,
        "A & B <c> \x07bell",
        "A & B <c> \x07bell",
        Location(file="a&b.xlsx", sheet="S<1>", cell="A1"),
        raw="x\x00y",
    )
    path = write_scorecard(replace(result, findings=Findings([odd])), tmp_path / "odd.xlsx")
    ws = openpyxl.load_workbook(path)["Lỗi dữ liệu"]
    row = find_row(ws, 6, "S999")  # No., severity, unit code, unit, period, then the code
    assert ws.cell(row, 7).value == "A & B <c> bell"
    assert ws.cell(row, 8).value == "a&b.xlsx"
    assert ws.cell(row, 9).value == "S<1>"
    assert ws.cell(row, 12).value == "xy"


def test_provenance_is_in_period_then_units_file_order(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Nguồn gốc"]
    keys = [
        (ws.cell(r, 3).value, ws.cell(r, 1).value, ws.cell(r, 4).value)
        for r in range(5, ws.max_row + 1)
    ]
    # 2023 before 2024; the province (first in the units file) before Việt Trì;
    # civil_servants before civil_servants_with_computer (catalogue order)
    assert keys == [
        ("2023", "25", "population"),
        ("2023", "227", "civil_servants"),
        ("2024", "227", "civil_servants"),
        ("2024", "227", "civil_servants_with_computer"),
    ]


def test_not_applicable_kpis_are_blank_and_uncoloured(result: Result, tmp_path: Path) -> None:
    from dataclasses import replace

    values = result.values.copy()
    mask = (values.unit == "231") & (values.period == "2024") & (values.kpi == "eid_accounts")
    values.loc[mask, ["value", "reason"]] = [float("nan"), "not_applicable"]
    path = write_scorecard(replace(result, values=values), tmp_path / "na.xlsx")
    ws = openpyxl.load_workbook(path)["Ma trận"]
    accounts = "Số tài khoản định danh điện tử\n↑ cao hơn là tốt hơn"
    column = header_columns(ws, MATRIX_HEADER)[accounts]
    row = matrix_row(ws, "231", "2024")
    assert ws.cell(row, column).value is None
    assert ws.cell(row, column + 1).value == "không áp dụng"
    assert ws.cell(row, column).fill.fill_type is None


def test_a_result_without_data_still_writes_every_sheet(result: Result, tmp_path: Path) -> None:
    from dataclasses import replace

    import pandas as pd

    from chiso.dataset import Dataset

    empty = replace(
        result,
        dataset=Dataset(),
        **{
            name: pd.DataFrame()
            for name in (
                "values",
                "compliance",
                "progress",
                "goal_summary",
                "scores",
                "composite",
                "group_scores",
            )
        },
    )
    wb = openpyxl.load_workbook(write_scorecard(empty, tmp_path / "empty.xlsx"))
    assert len(wb.sheetnames) == 7
    # no progress rows: every goal is shown, as not assessable
    assert wb["Tổng hợp"]["A6"].value == "4/4 mục tiêu chưa đánh giá được"


def test_every_sheet_is_well_formed_xml_with_rows_in_order(result: Result, tmp_path: Path) -> None:
    import re
    import zipfile
    from xml.etree import ElementTree

    path = write_scorecard(result, tmp_path / "xml.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 7 + 4  # and a profile per district
        for name in sheets:
            text = archive.read(name).decode("utf-8")
            ElementTree.fromstring(text)  # raises on malformed XML
            rows = [int(r) for r in re.findall(r'<row r="(\d+)"', text)]
            assert rows == sorted(rows) and len(rows) == len(set(rows)), name


def test_matrix_prints_only_its_heading(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Ma trận"]
    # a column per KPI and a row per unit and period: a hundred pages printed; its
    # heading says so and is all that prints
    assert ws.print_area == "'Ma trận'!$A$1:$J$3"
    assert "chỉ in phần tiêu đề này" in ws["A3"].value
    assert ws.print_title_cols == "$A:$D"
    assert ws.freeze_panes == "E6"


def test_a_columns_body_writes_every_kind_of_value_with_shared_strings(tmp_path: Path) -> None:
    """The columnar writer behind the provenance sheet, on every kind of value it may meet."""
    import math
    import zipfile

    from openpyxl import Workbook

    from chiso.render.sheetwriter import PLAIN, Cell, Columns, Sheet, Style, splice_rows

    percent, count = Style(fmt="0.00%"), Style(fmt="#,##0")
    sheet = Sheet("P")
    sheet.add(Cell("title"))
    sheet.table(
        ["text", "number", "unstyled", "styled by row"],
        Columns(
            (
                ["a & <b>", "x\x07y", None, "a & <b>"],
                [0.5, math.nan, True, 3],
                [None, "same", 1.0, None],  # "unstyled": the default style
                [0.25, None, 7.0, 1],
            ),
            (PLAIN, PLAIN, Style(), [percent, count, count, percent]),
        ),
    )
    workbook = Workbook(write_only=True)
    sheet.write(workbook)
    path = tmp_path / "columns.xlsx"
    workbook.save(path)
    splice_rows(path, [sheet])

    ws = openpyxl.load_workbook(path)["P"]
    assert ws["A1"].value == "title" and ws["D2"].value == "styled by row"
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=6)]
    assert values == [
        ["a & <b>", 0.5, None, 0.25],
        ["xy", None, "same", None],
        [None, True, 1, 7],
        ["a & <b>", 3, None, 1],
    ]
    assert [ws.cell(r, 4).number_format for r in range(3, 7)] == [
        "0.00%", "#,##0", "#,##0", "0.00%"]
    with zipfile.ZipFile(path) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    # each text once in the table; the count is every reference to it
    assert strings.count("a &amp; &lt;b&gt;") == 1
    # title, 4 headers, "a & <b>" twice, "xy", "same": 9 references to 8 texts
    assert 'count="9" uniqueCount="8"' in strings
    # a blank keeps its style (the table's border, the row's number format)
    assert '<c r="D4" s="' in sheet_xml and '<c r="A5" s="' in sheet_xml


def test_the_same_result_gives_the_same_bytes_with_source_date_epoch(
    result: Result, tmp_path: Path
) -> None:
    """Reproducible scorecards: no run-dependent order (string hashing) and a fixed date."""
    import os
    import pickle
    import subprocess
    import sys

    pickled = tmp_path / "result.pkl"
    pickled.write_bytes(pickle.dumps(result))
    script = (
        "import pickle, sys; from chiso.render.scorecard import write_scorecard; "
        "write_scorecard(pickle.load(open(sys.argv[1], 'rb')), sys.argv[2])"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.xlsx"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        subprocess.run([sys.executable, "-c", script, str(pickled), str(out)], env=env,
                       check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    props = openpyxl.load_workbook(tmp_path / "seed1.xlsx").properties
    assert props.modified is not None and props.modified.year == 2023


def test_provenance_past_a_sheet_s_rows_goes_on_in_numbered_sheets(
    result: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chiso.render import scorecard_detail

    # title, subtitle, blank, header + 3 values
    monkeypatch.setattr(scorecard_detail, "SHEET_ROWS", 7)
    wb = openpyxl.load_workbook(write_scorecard(result, tmp_path / "split.xlsx", lang="en"))
    assert wb.sheetnames[-2:] == ["Provenance", "Provenance (2)"]
    keys = []
    for ws in (wb["Provenance"], wb["Provenance (2)"]):
        assert str(ws["A1"].value).endswith(("(1/2)", "(2/2)"))
        assert ws.cell(4, 1).value == "Unit code" and ws.auto_filter.ref.startswith("A4:")
        keys += [(ws.cell(r, 3).value, ws.cell(r, 1).value, ws.cell(r, 4).value)
                 for r in range(5, ws.max_row + 1)]
    assert wb["Provenance"].max_row == 7 and wb["Provenance (2)"].max_row == 5
    # every value once, in the order of one sheet
    assert keys == [
        ("2023", "25", "population"),
        ("2023", "227", "civil_servants"),
        ("2024", "227", "civil_servants"),
        ("2024", "227", "civil_servants_with_computer"),
    ]
