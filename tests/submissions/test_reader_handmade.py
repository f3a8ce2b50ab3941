"""Reading sheets people made themselves, and workbooks other programs wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.submissions.batch import read_submissions
from chiso.units.model import Units


def _read(path: Path, catalogue: Catalogue, units: Units, **kw: Any) -> Dataset:
    return read_submissions([path], catalogue, units, **kw)


def _values(ds: Dataset) -> dict[tuple[str, str], float]:
    """The values read (a rejected cell is kept for provenance with value NaN: left out)."""
    read = ds.values.dropna(subset=["value"])
    return {(u, f): v for u, f, v in zip(read["unit"], read["field"], read["value"], strict=True)}


def _without_missing(ds: Dataset) -> list[tuple[str, str | None, str | None]]:
    return [loc for loc in ds.findings.flatten() if loc[0] != "S301"]


def test_vertical_sheet_with_loose_labels_notes_blank_rows_and_extra_columns(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bao-cao.xlsx", {"BC": [
        ["BÁO CÁO CHUYỂN ĐỔI SỐ NĂM 2024"],
        ["Mã đơn vị:", "230"],
        [],
        ["STT", "Nội dung", "ĐVT", "Số liệu", "Ghi chú"],
        [1, "TONG SO CAN BO CONG CHUC", "người", "1.751", "ước tính"],
        [],
        [2, "  số cán bộ, công chức được trang bị  máy tính ", None, 1700],
        ["3", "Tổng số hồ sơ thủ tục hành chính tiếp nhận (hồ sơ)", "hồ sơ", 5531, "x", "y"],
        ["4.", "Hồ sơ trực tuyến", None, "2.400 hồ sơ"],
        ["5", "Tỷ lệ hồ sơ được số hóa", "%", "83,68%"],
        ["6", "kinh phi chi cho cong nghe thong tin", "triệu đồng", "1.250,5"],
        ["7", "Có cán bộ chuyên trách công nghệ thông tin", None, "Có"],
    ]}, merged={"BC": ["A1:E1"]})
    ds = _read(path, catalogue, units)
    assert _values(ds) == {
        ("230", "civil_servants"): 1751, ("230", "civil_servants_with_computer"): 1700,
        ("230", "dossiers_total"): 5531, ("230", "dossiers_online"): 2400,
        ("230", "digitised_rate"): 0.8368, ("230", "it_budget"): 1250.5,
        ("230", "has_it_officer"): 1.0,
    }
    assert set(ds.values["period"]) == {"2024"}  # from the title "… NĂM 2024"
    assert ds.findings.flatten() == [("S202", "BC", "D5"), ("S202", "BC", "D9")]
    assert "hồ sơ" in (ds.findings[1].raw or "")


def test_consolidated_sheet_with_merged_headers_totals_and_unknown_units(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("tong-hop.xlsx", {"TH": [
        ["TỔNG HỢP SỐ LIỆU QUÝ III/2024"],
        [],
        ["Mã đơn vị", "Tên đơn vị", "Tổng số cán bộ, công chức",
         "Số cán bộ, công chức được trang bị máy tính",
         "Tổng số hồ sơ thủ tục hành chính tiếp nhận", "Ghi chú"],
        [],
        [227, "Thành phố Việt Trì", 900, 850, "12.400"],
        [],
        ["08500", "Phường Gia Cẩm", 40, "45", 300, "ghi chú"],
        [8503, "Xã Phương Xá", 30, 30, "abc"],
        ["999", "Xã Không Tồn Tại", 1, 1, 1],
        ["Tổng cộng", None, 970, 925, 12700],
    ]}, merged={"TH": ["A1:F1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4"]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [
        ("S202", "TH", "E5"),  # "12.400" dossiers: thousands
        ("S302", "TH", "D7"),  # 45 with a computer > 40 civil servants
        ("S201", "TH", "E8"),
        ("S101", "TH", "A9"),
        ("S116", "TH", "A10"),
    ]
    assert next(ds.findings.by_code("S302")).message_en == (
        "civil_servants_with_computer (45) > civil_servants (40), but the rule is "
        "civil_servants_with_computer <= civil_servants")
    assert _values(ds) == {
        ("227", "civil_servants"): 900, ("227", "civil_servants_with_computer"): 850,
        ("227", "dossiers_total"): 12400,
        ("08500", "civil_servants"): 40, ("08500", "civil_servants_with_computer"): 45,
        ("08500", "dossiers_total"): 300,
        ("08503", "civil_servants"): 30, ("08503", "civil_servants_with_computer"): 30,
    }
    assert set(ds.values["period"]) == {"2024-Q3"}
    # The fields the sheet lacks are missing for each unit, pointed at the unit's cell.
    missing_227 = {f.subject for f in ds.findings
                   if f.code == "S301" and f.location.cell == "A5"}
    assert missing_227 == {"dossiers_online", "digitised_rate", "it_budget", "has_it_officer"}


def test_several_sheets_make_one_report_and_hidden_sheets_are_skipped(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    head = [["Mã đơn vị:", "08503"], ["Kỳ báo cáo:", "2024"], ["Chỉ tiêu", "Giá trị"]]
    path = handmade("xa.xlsx", {
        "Cán bộ": [*head, ["Tổng số cán bộ, công chức", 30],
                   ["Số cán bộ, công chức được trang bị máy tính", 28]],
        "Hồ sơ": [*head, ["Tổng số hồ sơ thủ tục hành chính tiếp nhận", 100],
                  ["Số hồ sơ tiếp nhận trực tuyến", 40], ["Tỷ lệ hồ sơ được số hóa", 0.5],
                  ["Kinh phí chi cho công nghệ thông tin", 10],
                  ["Có cán bộ chuyên trách công nghệ thông tin", "không"],
                  ["Có bản đồ địa chính số", "có"]],
        "Nháp": [["Tổng số cán bộ, công chức", 999]],
    }, hidden=["Nháp"])
    ds = _read(path, catalogue, units)
    assert list(ds.findings) == []
    assert len(ds.values) == 8 and _values(ds)[("08503", "civil_servants")] == 30
    assert set(ds.values["sheet"]) == {"Cán bộ", "Hồ sơ"}


def test_unit_and_period_from_the_file_name_are_said(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bao-cao-xa-phuong-xa-quy-3-2024.xlsx", {"Sheet1": [
        ["Chỉ tiêu", "Giá trị"], ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S111", "Sheet1", None), ("S112", "Sheet1", None)]
    assert set(zip(ds.values["unit"], ds.values["period"], strict=True)) == {("08503", "2024-Q3")}


def test_no_unit_and_no_period_means_no_values_and_two_findings(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("so-lieu.xlsx", {"Sheet1": [["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S102", "Sheet1", None), ("S104", "Sheet1", None)]
    assert len(ds.values) == 0
    with_period = _read(path, catalogue, units, period="2024")
    assert with_period.findings.flatten() == [
        ("S102", "Sheet1", None), ("S105", "Sheet1", None)]
    assert len(with_period.values) == 0


def test_unknown_unit_in_a_header_cell(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("x.xlsx", {"Sheet1": [
        ["Đơn vị:", "Xã Phương Sa"], ["Kỳ báo cáo:", "2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S101", "Sheet1", "A1")]
    assert ds.findings[0].suggestion == "Xã Phương Xá"


def test_wrong_period_in_a_header_cell(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("x.xlsx", {"Sheet1": [
        ["Mã đơn vị:", "230"], ["Kỳ báo cáo:", "Quý II/2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units, period="2024-Q3")
    assert ds.findings.flatten() == [("S103", "Sheet1", "B2")]  # the period text
    assert "2024-Q2" in ds.findings[0].message_en and len(ds.values) == 0


def test_a_field_twice_and_a_field_of_another_level(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("x.xlsx", {"Sheet1": [
        ["Mã đơn vị:", "230"], ["Kỳ báo cáo:", "2024"], ["Chỉ tiêu", "Giá trị"],
        ["Tổng số cán bộ, công chức", 30],
        ["civil_servants", 31],
        ["Có bản đồ địa chính số", "Có"],  # a commune field in a district's report
    ]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S114", "Sheet1", "B5"), ("S115", "Sheet1", "B6")]
    assert _values(ds) == {("230", "civil_servants"): 30}


def test_workbook_written_by_another_program(
    catalogue: Catalogue, units: Units, raw_xlsx: Callable[..., Path]
) -> None:
    # Shared and inline strings, a formula with its cached value, an error cell, a
    # boolean, a string formula result, cells without "r", absolute part names.
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="inlineStr"><is><t>230</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c>'
        '<c r="B2" t="inlineStr"><is><t>2024</t></is></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>civil_servants</t></is></c>'
        '<c r="B4"><f>SUM(C4:D4)</f><v>120</v></c>'
        '<c r="C4"><v>100</v></c><c r="D4"><v>20</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>dossiers_total</t></is></c>'
        '<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '<row r="6"><c r="A6" t="inlineStr"><is><t>has_it_officer</t></is></c>'
        '<c r="B6" t="b"><v>1</v></c></row>'
        '<row r="7"><c r="A7" t="inlineStr"><is><t>dossiers_online</t></is></c>'
        '<c r="B7" t="str"><f>TEXT(12,"0")</f><v>12</v></c></row>'
        '<row r="8"><c t="inlineStr"><is><t>civil_servants_with_computer</t></is></c>'
        '<c><v>100</v></c></row>'
    )
    path = raw_xlsx("google.xlsx", {"Trang tính1": rows},
                    strings=["Mã đơn vị:", "Kỳ báo cáo:", "Chỉ tiêu", "Giá trị"], absolute=True)
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S209", "Trang tính1", "B5")]
    assert _values(ds) == {
        ("230", "civil_servants"): 120, ("230", "has_it_officer"): 1.0,
        ("230", "dossiers_online"): 12, ("230", "civil_servants_with_computer"): 100,
    }
    raws = dict(zip(ds.values["field"], ds.values["raw"], strict=True))
    assert raws["civil_servants"] == "=SUM(C4:D4)"
    assert ds.values.set_index("field").loc["civil_servants_with_computer", "cell"] == "B8"


def test_template_copied_without_its_metadata_still_names_unit_and_period(
    catalogue: Catalogue, units: Units, template: Callable[..., Path],
    handmade: Callable[..., Path],
) -> None:
    from openpyxl import load_workbook

    from chiso.submissions.template import REPORT_SHEET, fill_template

    filled = fill_template(template("08500", "2024-Q3"), {"civil_servants": 40})
    ws = load_workbook(filled)[REPORT_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    path = handmade("copy.xlsx", {"Copy": rows})  # pasted as values into a new workbook
    ds = _read(path, catalogue, units)
    assert _values(ds) == {("08500", "civil_servants"): 40}  # "Phường Gia Cẩm (mã 08500)"
    assert set(ds.values["period"]) == {"2024-Q3"}  # "Kỳ báo cáo:" | "2024-Q3"
    assert _without_missing(ds) == []


def test_a_unit_listed_twice_in_a_consolidated_sheet(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("th.xlsx", {"TH": [
        ["Kỳ báo cáo:", "2024"],
        ["Mã đơn vị", "Tổng số cán bộ, công chức", "Tổng số hồ sơ thủ tục hành chính tiếp nhận"],
        ["230", 30, 100],
        ["Huyện Cẩm Khê", 31, 101],
    ]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S106", "TH", "A4")]
    assert "TH!A3" in next(ds.findings.by_code("S106")).message_en  # where the first one is
    assert _values(ds)[("230", "civil_servants")] == 30


def test_a_file_name_naming_two_units_is_not_a_guess(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("227-230-2024.xlsx", {"Sheet1": [["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S102", "Sheet1", None), ("S112", "Sheet1", None)]
    assert "227, 230" in next(ds.findings.by_code("S102")).message_en
    assert len(ds.values) == 0


FIXTURES = Path(__file__).parent / "fixtures"


def test_template_saved_by_libreoffice(catalogue: Catalogue, units: Units) -> None:
    ds = _read(FIXTURES / "libreoffice-08500-2024.xlsx", catalogue, units)
    assert _values(ds) == {
        ("08500", "civil_servants"): 40, ("08500", "civil_servants_with_computer"): 38,
        ("08500", "dossiers_total"): 1751, ("08500", "digitised_rate"): 0.8368,
        ("08500", "it_budget"): 12.5, ("08500", "has_it_officer"): 1.0,
        ("08500", "cadastral_map"): 0.0,
    }
    # LibreOffice cached =E9/2 as 1.751 / 2 = 0.8755: the text "1.751" read the English way.
    # chiso reads the text as 1751 (a count) and rejects the cached 0.8755 as not whole.
    assert ds.findings.flatten() == [("S202", "Báo cáo", "E9"), ("S206", "Báo cáo", "E10")]
    assert next(ds.findings.by_code("S206")).raw == "=E9/2"


def test_one_column_per_period_reads_the_expected_period_s_column(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("hai-nam.xlsx", {"Sheet1": [
        ["Mã đơn vị:", "230"],
        ["Chỉ tiêu", "Năm 2023", "Năm 2024", "So sánh"],
        ["Tổng số cán bộ, công chức", 28, 30, "+2"],
    ]})
    ds = _read(path, catalogue, units, period="2024")
    assert _values(ds) == {("230", "civil_servants"): 30}
    assert set(ds.values["cell"]) == {"C3"}
    # Without --period, taking either column would be a guess.
    unchosen = _read(path, catalogue, units)
    assert unchosen.findings.flatten() == [("S104", "Sheet1", None)]
    assert "2023, 2024" in unchosen.findings[0].message_en and len(unchosen.values) == 0
    # Neither column is the expected period: wrong period, nothing read.
    other = _read(path, catalogue, units, period="2025")
    assert other.findings.flatten() == [("S103", "Sheet1", None)]


def _namesakes() -> Units:
    """Many communes share a name across districts: "Xã Hương Sơn" alone is not a unit."""
    from chiso.units.model import Unit

    return Units.of([
        Unit("25", "Tỉnh Phú Thọ", "province"),
        Unit("227", "Thành phố Việt Trì", "district", parent="25"),
        Unit("230", "Huyện Cẩm Khê", "district", parent="25"),
        Unit("08501", "Xã Hương Sơn", "commune", parent="227"),
        Unit("08601", "Xã Hương Sơn", "commune", parent="230"),
    ])


def test_a_name_two_units_share_needs_the_code(
    catalogue: Catalogue, handmade: Callable[..., Path]
) -> None:
    units = _namesakes()
    path = handmade("th.xlsx", {"TH": [
        ["Kỳ báo cáo:", "2024"],
        ["Đơn vị", "Tổng số cán bộ, công chức", "Tổng số hồ sơ thủ tục hành chính tiếp nhận"],
        ["Xã Hương Sơn", 30, 100],
        ["08601", 31, 101],
    ]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [("S102", "TH", "A3")]
    assert "08501, 08601" in next(ds.findings.by_code("S102")).message_en
    assert set(ds.values["unit"]) == {"08601"}


def test_plan_columns_are_not_the_reported_value(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("kh-th.xlsx", {"Sheet1": [
        ["Mã đơn vị:", "230"],
        ["Chỉ tiêu", "ĐVT", "Kế hoạch năm 2024", "Thực hiện năm 2024", "Đạt (%)"],
        ["Tổng số cán bộ, công chức", "người", 35, 30, "86%"],
    ]})
    ds = _read(path, catalogue, units)
    assert _values(ds) == {("230", "civil_servants"): 30}
    assert set(zip(ds.values["cell"], ds.values["period"], strict=True)) == {("D3", "2024")}


def test_a_row_whose_code_and_label_disagree_is_read_by_its_code(
    catalogue: Catalogue, units: Units, template: Callable[..., Path]
) -> None:
    from openpyxl import load_workbook

    from chiso.submissions.template import REPORT_SHEET, fill_template

    path = fill_template(template("08500"), {"civil_servants": 40, "dossiers_total": 100})
    wb = load_workbook(path)
    wb[REPORT_SHEET]["C9"] = "Số hồ sơ tiếp nhận trực tuyến"  # label of dossiers_online
    wb.save(path)
    ds = _read(path, catalogue, units)
    assert _values(ds) == {("08500", "civil_servants"): 40, ("08500", "dossiers_total"): 100}


def test_without_a_value_header_the_plan_column_is_still_skipped(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("kh.xlsx", {"Sheet1": [
        ["Mã đơn vị:", "230"], ["Kỳ báo cáo:", "2024"],
        ["Chỉ tiêu", "Kế hoạch", "Đạt được"],  # no value keyword, no period
        ["Tổng số cán bộ, công chức", 35, 30],
    ]})
    ds = _read(path, catalogue, units)
    assert _values(ds) == {("230", "civil_servants"): 30}


def test_fields_down_and_units_across(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    # A district compiling its communes as columns; 8503 typed as a number.
    path = handmade("cot.xlsx", {"Sheet1": [
        ["Kỳ báo cáo:", "2024"],
        ["Chỉ tiêu", "ĐVT", "Phường Gia Cẩm", 8503, "Xã Lạ", "Tổng cộng", "Ghi chú"],
        ["Tổng số cán bộ, công chức", "người", 40, 30, 5, 75, "số liệu tạm"],
        ["Tổng số hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ", 300, "1.751", 2, 2053],
    ]})
    ds = _read(path, catalogue, units)
    assert _without_missing(ds) == [
        ("S101", "Sheet1", "E2"), ("S116", "Sheet1", "F2"), ("S202", "Sheet1", "D4")]
    assert _values(ds) == {
        ("08500", "civil_servants"): 40, ("08500", "dossiers_total"): 300,
        ("08503", "civil_servants"): 30, ("08503", "dossiers_total"): 1751,
    }


def test_a_shared_name_in_the_heading_is_settled_by_the_code_below_it(
    catalogue: Catalogue, handmade: Callable[..., Path]
) -> None:
    # The usual commune heading: the authority's name, then its code on the next row.
    path = handmade("bc.xlsx", {"Sheet1": [
        ["Đơn vị: UBND xã Hương Sơn"], ["Mã đơn vị: 08601"], ["Kỳ báo cáo: 2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, _namesakes())
    assert _without_missing(ds) == []
    assert _values(ds) == {("08601", "civil_servants"): 30.0}
    assert ds.values["cell"].tolist() == ["B4"]


def test_a_shared_name_with_the_authority_prefix_and_no_code_names_the_namesakes(
    catalogue: Catalogue, handmade: Callable[..., Path]
) -> None:
    path = handmade("bc.xlsx", {"Sheet1": [
        ["Đơn vị: UBND xã Hương Sơn"], ["Kỳ báo cáo: 2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, _namesakes())
    assert ds.findings.flatten() == [("S102", "Sheet1", "A1")]
    assert "2 units (08501, 08601)" in ds.findings[0].message_en
    assert ds.values.empty


def test_a_heading_naming_two_different_units_is_not_a_guess(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bc.xlsx", {"Sheet1": [
        ["Đơn vị: Phường Gia Cẩm"], ["Mã đơn vị: 08503"], ["Kỳ báo cáo: 2024"],
        ["Tổng số cán bộ, công chức", 30]]})
    ds = _read(path, catalogue, units)
    assert ds.findings.flatten() == [("S102", "Sheet1", "A1")]
    message = ds.findings[0].message_en
    assert "'Phường Gia Cẩm' (A1) → 08500" in message and "'08503' (A2) → 08503" in message
    assert ds.values.empty
