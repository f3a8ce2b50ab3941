"""The example province with only some units' files: every output says what it stands on.

Two 2024 workbooks of the 52 expected: the commune 07882 (under Thành phố Việt Trì,
227) and the Department of Home Affairs (S-NV). Before issue 10 this printed
"3/6 mục tiêu đã hoàn thành" and ranked the twelve silent districts "2=" at 0,0.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from chiso import api
from chiso.engine.result import Result
from chiso.engine.tracker import missing_units
from chiso.render import tables, terminal

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phu-tho"
SENT = ["07882", "S-NV"]


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> Result:
    folder = tmp_path_factory.mktemp("partial")
    for code in SENT:
        shutil.copy(EXAMPLE / "submissions" / "2024" / f"{code}.xlsx", folder / f"{code}.xlsx")
    run = api.score(REPO / "kpis", EXAMPLE / "units.csv", [folder])
    assert run.result is not None
    return run.result


def test_the_headline_says_two_of_52_units_reported(partial: Result) -> None:
    assert tables.reporting_counts(partial) == (2, 52)
    resolution = partial.catalogue.programmes["resolution_2021_2025"]
    rows = tables.goal_rows(partial, resolution, "25", "vi")
    headline = tables.goal_headline(partial, rows, "vi")
    assert headline.endswith("— 2/52 đơn vị đã báo cáo")
    # No goal of the province is "achieved" on 2 of 52 reports.
    assert "đã hoàn thành" not in headline
    assert {r.status for r in rows} <= {"incomplete_data", "not_assessable"}


def test_goal_statuses_carry_their_parts(partial: Result) -> None:
    resolution = partial.catalogue.programmes["resolution_2021_2025"]
    rows = {r.goal: r for r in tables.goal_rows(partial, resolution, "25", "vi")}
    # computers at communes: 1 of the 31 communes reported
    communes = rows["g2_computers_communes"]
    assert communes.status == "incomplete_data" and communes.parts_text == "1/31"


def test_districts_that_sent_nothing_are_not_ranked(partial: Result) -> None:
    resolution = partial.catalogue.programmes["resolution_2021_2025"]
    ranking = tables.ranking_rows(partial, resolution, "vi")
    districts = [r for r in ranking if r.level == "district"]
    # Việt Trì stands in through its one commune; the twelve others sent nothing.
    assert districts[0].unit == "227" and districts[0].rank == 1 and districts[0].reported
    silent = districts[1:]
    assert len(silent) == 12
    assert all(not r.reported and r.rank is None and r.score is None for r in silent)
    assert tables.level_reporting(ranking, "district") == (1, 13)
    # departments: S-NV alone is ranked, the seven others are listed unranked
    departments = [r for r in ranking if r.level == "department"]
    assert [r.unit for r in departments if r.rank is not None] == ["S-NV"]
    composite = partial.composite
    silent_scores = composite[(composite["period"] == "2024") & ~composite["reported"]]
    assert silent_scores["score"].isna().all() and silent_scores["rank"].isna().all()


def test_a_level_where_no_unit_reported_has_no_ranking(tmp_path: Path) -> None:
    # Only the commune 07882: no department reported, so departments get no ranking.
    shutil.copy(EXAMPLE / "submissions" / "2024" / "07882.xlsx", tmp_path / "07882.xlsx")
    run = api.score(REPO / "kpis", EXAMPLE / "units.csv", [tmp_path])
    assert run.result is not None
    resolution = run.result.catalogue.programmes["resolution_2021_2025"]
    levels = {r.level for r in tables.ranking_rows(run.result, resolution, "vi")}
    assert "department" not in levels and {"district", "commune"} <= levels


def test_the_tracker_lists_the_50_units_not_reported(partial: Result) -> None:
    missing = missing_units(partial.tracker, "2024")
    assert len(missing) == 50 and "07882" not in missing and "S-NV" not in missing
    view = tables.tracker_view(partial, "vi")
    assert view is not None
    total = view.counts[-1]
    assert (total.expected, total.reported, total.missing) == (52, 2, 50)
    viet_tri = next(c for c in view.counts if c.district == "227")
    assert viet_tri.reported == 1


def test_the_terminal_summary_shows_coverage_and_the_units_not_reported(
    partial: Result,
) -> None:
    console = Console(width=200, record=True, color_system=None)
    terminal.print_summary(partial, console)
    text = console.export_text()
    assert "2/52 đơn vị đã báo cáo" in text
    assert "Chưa báo cáo:" in text
    assert "Chưa đủ dữ liệu để đánh giá" in text
    assert " 2= " not in text  # no tie of silent units at 0,0


def test_no_score_of_a_unit_that_sent_nothing_is_zero(partial: Result) -> None:
    scores = partial.scores
    silent = scores[(scores["unit"] == "230") & (scores["period"] == "2024")]
    assert len(silent) and silent["score"].isna().all()
    assert not pd.Series(silent["zero_filled"]).any()
