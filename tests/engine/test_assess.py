"""The whole assessment: one call from catalogue, units and dataset to a Result."""

from __future__ import annotations

import pandas as pd
import pytest

from chiso.catalogue.model import Baseline
from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.result import COMPLIANCE_COLUMNS, GOAL_SUMMARY_COLUMNS, VALUES_COLUMNS
from chiso.findings import Findings, Location, make
from chiso.units.model import Units
from tests.kit import catalogue, dataset_of, derived, field, goal, programme, ratio, value_of

FIELDS = [field("resolved"), field("on_time")]
ON_TIME = ratio("on_time_rate", "on_time", "resolved", levels=["commune"])
ON_TIME_GOAL = goal("on_time", "on_time_rate", 0.98, baseline=Baseline(value=0.9, period="2021"))


def _history() -> dict:
    """Three communes improving from 92 % to 97 % on time, 100 dossiers a year each."""
    rows: dict = {}
    for year, on_time in (("2022", 92), ("2023", 95), ("2024", 97)):
        for commune in ("C11", "C12", "C21"):
            rows[(commune, year)] = {"resolved": 100, "on_time": on_time}
    return rows


def test_assess_fills_every_frame_of_the_result(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME], [programme("resolution", [ON_TIME_GOAL])])
    result = assess(cat, three_tier, dataset_of(_history()))
    assert list(result.values.columns) == VALUES_COLUMNS
    assert list(result.compliance.columns) == COMPLIANCE_COLUMNS
    assert list(result.goal_summary.columns) == GOAL_SUMMARY_COLUMNS
    for frame in (result.progress, result.scores, result.composite, result.group_scores):
        assert len(frame) > 0
    # the province: (97 × 3) / (100 × 3) = 0.97 in 2024, below the 0.98 target
    province = value_of(result.values, "P", "on_time_rate", "2024")
    assert province["value"] == pytest.approx(0.97)
    compliance = result.compliance.set_index(["unit", "period"])
    assert compliance.loc[("P", "2024"), "met"] == False  # noqa: E712
    assert compliance.loc[("P", "2024"), "gap"] == pytest.approx(-0.01)
    assert result.latest_period == "2024"


def test_rows_follow_units_file_then_time(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME], [programme("resolution", [ON_TIME_GOAL])])
    rows = _history()
    shuffled = dict(reversed(list(rows.items())))
    result = assess(cat, three_tier, dataset_of(shuffled))
    order = ["P", "DEP", "D1", "C11", "C12", "D2", "C21"]
    units_seen = list(dict.fromkeys(result.values["unit"]))
    assert units_seen == order
    assert list(result.values["period"][:3]) == ["2022", "2023", "2024"]
    summary_units = list(dict.fromkeys(result.goal_summary["unit"]))
    assert summary_units == [u for u in order if u != "DEP"]  # the KPI is not a department's


def test_goal_summary_counts_progress_at_the_latest_period(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME], [programme("resolution", [ON_TIME_GOAL])])
    result = assess(cat, three_tier, dataset_of(_history()))
    summary = result.goal_summary.set_index(["unit", "period"])
    latest = summary.loc[("P", "2024")]
    statuses = result.progress.set_index("unit").loc["P", "status"]
    assert latest["goals_total"] == 1
    assert latest[statuses] == 1  # the one goal is counted under its status
    assert summary.loc[("P", "2022"), "achieved"] is pd.NA


def test_findings_keep_the_datasets_first_then_the_engines(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME])
    earlier = make("K216", Location(file="a.yaml"), id="x")  # any finding made before the engine
    rows = _history() | {("X9", "2024"): {"resolved": 5}}
    rows[("C11", "2023")] = rows[("C11", "2023")] | {"extra": 1}
    data = dataset_of(rows)
    result = assess(cat, three_tier, Dataset(data.values, Findings([earlier])))
    assert [f.code for f in result.findings] == ["K216", "E001", "E002"]
    assert result.findings[0] is earlier
    e001 = next(result.findings.by_code("E001"))
    assert e001.subject == "X9" and "'X9' has 1 reported value" in e001.message_en
    assert next(result.findings.by_code("E002")).subject == "extra"
    # the strays are not evaluated
    assert "X9" not in set(result.values["unit"])


def test_unknown_unit_finding_points_at_the_cell_it_came_from(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME])
    data = Dataset.from_records(
        [{"unit": "X9", "period": "2024", "field": "resolved", "value": 5,
          "file": "x9.xlsx", "sheet": "Báo cáo", "cell": "C7"}]
    )
    finding = next(assess(cat, three_tier, data).findings.by_code("E001"))
    assert finding.location == Location(file="x9.xlsx", sheet="Báo cáo", cell="C7")


def test_kpi_nobody_can_compute_is_reported_once_per_period(three_tier: Units) -> None:
    never = ratio("never", "on_time", "missing_everywhere", levels=["commune"])
    cat = catalogue([*FIELDS, field("missing_everywhere")], [ON_TIME, never])
    result = assess(cat, three_tier, dataset_of(_history()))
    e102 = list(result.findings.by_code("E102"))
    assert [(f.subject, f.message_en.split(" in ")[1].split(" ")[0]) for f in e102] == [
        ("never", "2022"),
        ("never", "2023"),
        ("never", "2024"),
    ]
    assert "missing_field:missing_everywhere" in e102[0].message_en


def test_cycles_and_goals_on_unknown_kpis_are_findings_not_crashes(three_tier: Units) -> None:
    cat = catalogue(
        FIELDS,
        [ON_TIME, derived("x", "y + 1"), derived("y", "x + 1")],
        [programme("resolution", [ON_TIME_GOAL, goal("ghost", "no_such_kpi", 1.0)])],
    )
    result = assess(cat, three_tier, dataset_of(_history()))
    assert {f.subject for f in result.findings.by_code("E103")} == {"x", "y"}
    assert [f.subject for f in result.findings.by_code("E104")] == ["ghost"]
    assert set(result.compliance["goal"]) == {"on_time"}


def test_an_empty_dataset_gives_empty_frames(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ON_TIME], [programme("resolution", [ON_TIME_GOAL])])
    result = assess(cat, three_tier, Dataset())
    assert result.values.empty and list(result.values.columns) == VALUES_COLUMNS
    assert result.compliance.empty and result.goal_summary.empty
    assert not result.findings
