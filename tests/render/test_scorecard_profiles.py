"""The scorecard's profile sheets and charts: a page per district, charts that inform."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from chiso.engine.result import Result
from chiso.render.scorecard import write_scorecard


@pytest.fixture
def workbook(result: Result, tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write_scorecard(result, tmp_path / "scorecard.xlsx"))


def test_a_district_profile_prints_on_one_portrait_page(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Thị xã Phú Thọ"]
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.print_area.startswith("'Thị xã Phú Thọ'!$A$1:$F$")


def test_a_district_profile_has_its_goals_rank_and_trends(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Thị xã Phú Thọ"]
    assert ws["A1"].value == "Hồ sơ đơn vị: Thị xã Phú Thọ"
    texts = [str(ws.cell(r, 1).value) for r in range(1, 8)]
    # conftest: 79.6875 shared with Hạ Hòa, third of four districts
    assert any("Hạng 3=/4 huyện" in t and "79,7" in t for t in texts)
    goals = [ws.cell(r, 2).value for r in range(1, 20)]
    assert "Tỷ lệ hồ sơ trực tuyến" in " ".join(str(g) for g in goals)
    # a trend per goal with data: value and target lines over a deadline bar
    assert len(ws._charts) == 4


def test_a_trend_runs_to_the_deadline_with_the_value_labelled(
    workbook: openpyxl.Workbook,
) -> None:
    ws = workbook["Biểu đồ"]
    line = next(c for c in ws._charts if type(c).__name__ == "LineChart")
    # 2023, 2024 and the deadline 2025: a value, the target, the deadline marker
    assert line.series[0].dLbls.showVal and not line.series[0].dLbls.showSerName
    assert line.series[1].graphicalProperties.line.dashStyle == "dash"
    (marker,) = line._charts[1:]
    assert type(marker).__name__ == "BarChart"
    assert line.y_axis.scaling.max <= 1.0  # a percent axis never above 100 %


def test_the_ranking_axis_is_fitted_to_the_scores(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Biểu đồ"]
    bar = next(c for c in ws._charts if type(c).__name__ == "BarChart")
    # scores 98.4 … 79.7, span 18.75, margin 2.8125: 76.875 (down to a whole point) to
    # 101.25, cut at the top score 100
    assert bar.y_axis.scaling.min == pytest.approx(76.0)
    assert bar.y_axis.scaling.max == pytest.approx(100.0)
    assert bar.dataLabels.showVal and not bar.dataLabels.showCatName


def test_summary_and_findings_print_their_first_columns_at_nine_points(
    workbook: openpyxl.Workbook,
) -> None:
    for name, last in (("Tổng hợp", "J"), ("Lỗi dữ liệu", "J"), ("Xếp hạng", "F")):
        ws = workbook[name]
        assert ws.print_area.split("!")[1].startswith(f"$A$1:${last}$"), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name  # one page wide …
        assert ws.page_setup.fitToHeight == 0, name  # … as many tall as it takes
