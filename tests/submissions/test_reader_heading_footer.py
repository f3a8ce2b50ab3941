"""A period stated in the heading wins over column headings; signature rows are no units."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.catalogue.model import Catalogue
from chiso.submissions.batch import read_submissions
from chiso.units.model import Units


def _values(path: Path, catalogue: Catalogue, units: Units) -> dict[tuple[str, str, str], float]:
    ds = read_submissions([path], catalogue, units)
    return {(u, p, f): v for u, p, f, v in zip(
        ds.values["unit"], ds.values["period"], ds.values["field"], ds.values["value"],
        strict=True)}


@pytest.mark.parametrize("heading", [
    [["Kỳ báo cáo: 2024"]],
    [["Kỳ báo cáo:", "2024"]],
    [["BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2024"]],
])
def test_a_period_in_the_heading_picks_its_column(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path], heading: list
) -> None:
    path = handmade("bao-cao.xlsx", {"BC": [
        *heading,
        ["Mã đơn vị:", "227"],
        ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
        ["Tổng số cán bộ, công chức", 880, 900],
        ["Số cán bộ, công chức được trang bị máy tính", 800, 850],
    ]})
    ds = read_submissions([path], catalogue, units)
    assert "S104" not in {f.code for f in ds.findings}
    values = _values(path, catalogue, units)
    # the 2024 column (C), not the 2023 one
    assert values == {("227", "2024", "civil_servants"): 900,
                      ("227", "2024", "civil_servants_with_computer"): 850}


def test_a_heading_period_with_no_column_of_its_own_is_not_a_guess(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bao-cao.xlsx", {"BC": [
        ["Kỳ báo cáo: 2025"],
        ["Mã đơn vị:", "227"],
        ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
        ["Tổng số cán bộ, công chức", 880, 900],
    ]})
    ds = read_submissions([path], catalogue, units)
    assert [c for c, _, _ in ds.findings.flatten()] == ["S104"]
    assert not len(ds.values)


def test_the_signature_block_of_a_consolidated_report_is_not_a_unit(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("tong-hop.xlsx", {"TH": [
        ["TỔNG HỢP SỐ LIỆU NĂM 2024"],
        ["Mã đơn vị", "Tên đơn vị", "Tổng số cán bộ, công chức",
         "Số cán bộ, công chức được trang bị máy tính"],
        ["227", "Thành phố Việt Trì", 900, 850],
        ["230", "Huyện Cẩm Khê", 600, 590],
        [],
        [None, "Người lập biểu", None, "Phú Thọ, ngày 10 tháng 01 năm 2024"],
        [None, None, None, "KT. CHỦ TỊCH"],
        [None, None, None, "PHÓ CHỦ TỊCH"],
        [None, "(Ký, ghi rõ họ tên)", None, "Thủ trưởng đơn vị"],
        [None, "Nguyễn Văn A", None, "(Ký tên, đóng dấu)"],
    ]})
    ds = read_submissions([path], catalogue, units)
    codes = {c for c, _, _ in ds.findings.flatten()}
    assert not codes & {"S101", "S102", "S116"}, ds.findings
    assert not ds.findings.has_errors() or codes <= {"S301"}
    assert set(ds.values["unit"]) == {"227", "230"}


def test_the_signature_block_of_a_unit_report_is_not_read(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("bao-cao.xlsx", {"BC": [
        ["Kỳ báo cáo: 2024"],
        ["Đơn vị: Thành phố Việt Trì"],
        ["Nội dung", "Số liệu"],
        ["Tổng số cán bộ, công chức", 900],
        ["Số cán bộ, công chức được trang bị máy tính", 850],
        [],
        ["Người lập biểu", "Thủ trưởng đơn vị"],
        ["Việt Trì, ngày 10 tháng 01 năm 2024", "KT. CHỦ TỊCH"],
    ]})
    values = _values(path, catalogue, units)
    assert values[("227", "2024", "civil_servants")] == 900
    ds = read_submissions([path], catalogue, units)
    assert not {c for c, _, _ in ds.findings.flatten()} & {"S101", "S102", "S104"}
