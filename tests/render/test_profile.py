"""A unit's one-page profile: the rows (render/profile.py) and the HTML report's pages."""

from __future__ import annotations

import re

from chiso.engine.result import Result
from chiso.render import svg, tables
from chiso.render.axes import value_range
from chiso.render.profile import profiled_units, trend_axis, unit_profile
from chiso.render.report import render_html


def test_the_districts_get_a_profile_in_ranking_order(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    # conftest: Việt Trì 98.4 (1), Đoan Hùng 91.4 (2), Thị xã Phú Thọ = Hạ Hòa 79.7 (3=)
    assert profiled_units(result, programme, "vi") == ["227", "230", "228", "231"]


def test_a_profile_has_the_unit_goals_rank_and_trend(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    p = unit_profile(result, programme, "228", "vi")
    assert p.name == "Thị xã Phú Thọ"
    assert [g.goal for g in p.goals] == ["pc", "online", "eid", "eid_count"]
    assert p.rank is not None and p.rank.rank_text == "3="
    assert p.ranked_among == 4
    # 2023 0.45 → 2024 0.55 online
    assert p.histories["online"].values == [0.45, 0.55]


def test_a_trend_runs_to_a_deadline_still_ahead() -> None:
    history = tables.GoalHistory("g", "g", "percent", ["2023", "2024"], [0.5, 0.6], [0.8, 0.8])
    assert trend_axis(history, "2025") == (["2023", "2024", "2025"], [0.5, 0.6, None], 2)
    assert trend_axis(history, "2024") == (["2023", "2024"], [0.5, 0.6], 1)
    assert trend_axis(history, "2020") == (["2023", "2024"], [0.5, 0.6], None)


def test_a_percent_axis_stops_at_100_and_fits_the_data() -> None:
    lo, hi = value_range([0.919, 0.982], 0.98, percent=True)
    # span 0.063, margin 15 % of it = 0.00945: 0.90955–0.99145, so 91,9 and 98,2 differ
    assert (round(lo, 5), round(hi, 5)) == (0.90955, 0.99145)
    # 0.95–1.0, margin 0.0075: the top is cut at 100 %
    lo, hi = value_range([0.95, 1.0], 1.0, percent=True)
    assert (round(lo, 5), hi) == (0.9425, 1.0)


def test_a_trend_chart_draws_target_deadline_and_the_last_value() -> None:
    chart = svg.trend_chart(
        ["2023", "2024", "2025"], [0.5, 0.6, None], target=0.8, deadline=2,
        tick=lambda v: f"{v * 100:.0f}%", percent=True, title="t",
        target_label="Chỉ tiêu", deadline_label="Thời hạn: 2025",
    )
    assert "stroke-dasharray=\"5 3\"" in chart and "<title>Chỉ tiêu</title>" in chart
    assert "<title>Thời hạn: 2025</title>" in chart
    assert ">60%</text>" in chart  # the last value written beside its point
    assert ">2025</text>" in chart  # the axis runs to the deadline


def test_the_html_report_has_one_print_page_per_district(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"], lang="vi")
    sections = re.findall(r'<section class="profile" id="unit-(\w+)">', html)
    assert sections == ["227", "230", "228", "231"]
    assert "section.profile { break-before: page;" in html
    page = html.split('id="unit-228"', 1)[1].split("</section>", 1)[0]
    assert "Hồ sơ đơn vị: Thị xã Phú Thọ" in page
    assert "Hạng 3=/4 huyện" in page
    assert page.count("<svg") == 4  # a trend for each goal with data
