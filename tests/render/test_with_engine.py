"""The scorecard of a real ``assess`` run on a few hand-made reports."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.result import Result
from chiso.render.scorecard import write_scorecard
from chiso.units.model import Units

REPORTS = {
    # unit: civil servants, with computer, dossiers, online, e-ID accounts, population
    "227": (1200, 1200, 1000, 750, 300_000, 375_000),
    "228": (400, 380, 500, 275, 150_000, 250_000),
}
FIELDS = (
    "civil_servants",
    "civil_servants_with_computer",
    "dossiers_total",
    "dossiers_online",
    "eid_accounts",
    "population",
)


@pytest.fixture
def assessed(result: Result) -> Result:
    """The conftest catalogue and units, scored by the engine from two districts' reports."""
    records = [
        {
            "unit": unit,
            "period": "2024",
            "field": field,
            "value": value,
            "file": f"{unit}.xlsx",
            "sheet": "Báo cáo",
            "cell": f"D{row}",
        }
        for unit, values in REPORTS.items()
        for row, (field, value) in enumerate(zip(FIELDS, values, strict=True), start=5)
    ]
    units = result.units
    # only Việt Trì and Thị xã Phú Thọ report: keep the other districts out of the tree
    kept = Units.of(u for u in units if u.code in ("25", "227", "228"))
    return assess(result.catalogue, kept, Dataset.from_records(records))


def test_matrix_shows_the_rolled_up_province_values(assessed: Result, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_scorecard(assessed, tmp_path / "sc.xlsx"))["Ma trận"]
    header = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    province = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == "25")
    pc = header["Tỷ lệ CBCC có máy tính (%)\n↑ cao hơn là tốt hơn"]
    online = header["Tỷ lệ hồ sơ trực tuyến (%)\n↑ cao hơn là tốt hơn"]
    eid = header["Tài khoản định danh trên 100 dân\n↑ cao hơn là tốt hơn"]
    # roll-up by fields: (1200 + 380) / (1200 + 400) = 0.9875, short of 100 %
    assert ws.cell(province, pc).value == pytest.approx(0.9875)
    assert ws.cell(province, pc + 1).value == "Chưa đạt"
    # (750 + 275) / (1000 + 500) = 0.68333…
    assert ws.cell(province, online).value == pytest.approx(1025 / 1500)
    # 450 000 / 625 000 × 100 = 72 per 100 people ≥ 60
    assert ws.cell(province, eid).value == pytest.approx(72.0)
    assert ws.cell(province, eid + 1).value == "Đạt"


def test_ranking_ranks_the_two_districts(assessed: Result, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_scorecard(assessed, tmp_path / "sc.xlsx"))["Xếp hạng"]
    header = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    ranks = {
        ws.cell(r, header["Mã đơn vị"]).value: ws.cell(r, header["Hạng"]).value
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, header["Cấp"]).value == "Huyện"
    }
    # Việt Trì meets or nears every target (100 %, 75 %/80 %, 80/100, 300k/300k);
    # Thị xã Phú Thọ trails on each (95 %, 55 %, 60, 150k)
    assert ranks == {"227": 1, "228": 2}
