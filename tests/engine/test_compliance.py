"""Targets per level, met / gap, and the "4/6 goals" summary."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chiso.catalogue.model import Catalogue, Comparison, LevelTarget
from chiso.engine.compliance import compliance, goal_summary, meets
from chiso.engine.evaluate import evaluate
from chiso.engine.result import COMPLIANCE_COLUMNS, GOAL_SUMMARY_COLUMNS, PROGRESS_STATUSES
from chiso.engine.rollup import rollup
from chiso.units.model import Units
from tests.kit import catalogue, field, goal, programme, ratio, simple, units_of, wide_of

UNITS = units_of(
    ("P", "province", None),
    ("DEP", "department", "P"),
    ("C1", "commune", "P"),
    ("C2", "commune", "P"),
)
FIELDS = [field("staff"), field("staff_pc"), field("late"), field("resolved")]
COMPUTERS = ratio("pc_rate", "staff_pc", "staff")
LATE = ratio("late_rate", "late", "resolved", direction="lower", levels=["commune"])


def values_for(cat: Catalogue, units: Units, rows: dict) -> pd.DataFrame:
    wide = wide_of(rows)
    values, _ = rollup(cat, units, wide, evaluate(cat, units, wide))
    return values


def row(frame: pd.DataFrame, unit: str, goal_id: str, period: str = "2024") -> pd.Series:
    rows = frame[(frame["unit"] == unit) & (frame["goal"] == goal_id) & (frame["period"] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_target_depends_on_the_unit_level() -> None:
    # Computers per civil servant: 100 % for province bodies, 80 % for communes.
    pcs = goal("pcs", "pc_rate", 1.0, by_level={"commune": 0.8})
    cat = catalogue(FIELDS, [COMPUTERS], [programme("egov", [pcs])])
    values = values_for(
        cat,
        UNITS,
        {
            ("DEP", "2024"): {"staff": 50, "staff_pc": 49},  # 0.98 < 1.0
            ("C1", "2024"): {"staff": 20, "staff_pc": 17},  # 0.85 ≥ 0.8
            ("C2", "2024"): {"staff": 20, "staff_pc": 14},  # 0.70 < 0.8
        },
    )
    frame = compliance(cat, UNITS, values)
    assert list(frame.columns) == COMPLIANCE_COLUMNS
    dep, c1, c2 = row(frame, "DEP", "pcs"), row(frame, "C1", "pcs"), row(frame, "C2", "pcs")
    assert (dep["target"], c1["target"], c2["target"]) == (1.0, 0.8, 0.8)
    assert (dep["met"], c1["met"], c2["met"]) == (False, True, False)
    assert dep["gap"] == pytest.approx(0.98 - 1.0)  # −0.02
    assert c1["gap"] == pytest.approx(0.85 - 0.8)  # +0.05
    assert c2["gap"] == pytest.approx(0.70 - 0.8)  # −0.10
    # the province (own staff not reported) is rolled up: (49 + 17 + 14) / (50 + 20 + 20) = 80/90
    province = row(frame, "P", "pcs")
    assert province["value"] == pytest.approx(80 / 90)
    assert province["met"] == False  # noqa: E712 (a pandas boolean, not a Python bool)


def test_level_target_object_is_used_like_a_number() -> None:
    pcs = goal("pcs", "pc_rate", 1.0, by_level={"commune": LevelTarget(value=0.8)})
    cat = catalogue(FIELDS, [COMPUTERS], [programme("egov", [pcs])])
    values = values_for(cat, UNITS, {("C1", "2024"): {"staff": 10, "staff_pc": 8}})
    c1 = row(compliance(cat, UNITS, values), "C1", "pcs")
    assert (c1["target"], c1["met"]) == (0.8, True)  # 8/10 = 0.8 meets ≥ 0.8


def test_gap_is_positive_when_better_for_lower_is_better_kpis() -> None:
    late = goal("late", "late_rate", 0.05, comparison="<=")
    cat = catalogue(FIELDS, [LATE], [programme("egov", [late])])
    values = values_for(
        cat,
        UNITS,
        {
            ("C1", "2024"): {"late": 2, "resolved": 100},  # 0.02 ≤ 0.05
            ("C2", "2024"): {"late": 10, "resolved": 100},  # 0.10 > 0.05
        },
    )
    frame = compliance(cat, UNITS, values)
    c1, c2 = row(frame, "C1", "late"), row(frame, "C2", "late")
    assert c1["met"] and not c2["met"]
    assert c1["gap"] == pytest.approx(0.05 - 0.02)  # +0.03: better than the target
    assert c2["gap"] == pytest.approx(0.05 - 0.10)  # −0.05: worse
    assert c1["direction"] == "lower"


def test_missing_value_is_neither_met_nor_failed() -> None:
    pcs = goal("pcs", "pc_rate", 0.8)
    cat = catalogue(FIELDS, [COMPUTERS], [programme("egov", [pcs])])
    values = values_for(cat, UNITS, {("C1", "2024"): {"staff": 10, "staff_pc": 9}})
    c2 = row(compliance(cat, UNITS, values), "C2", "pcs")
    assert math.isnan(c2["value"])
    assert c2["met"] is pd.NA
    assert math.isnan(c2["gap"])


@pytest.mark.parametrize("comparison", [">=", ">", "<=", "<", "=="])
def test_a_unit_that_did_not_report_is_unknown_under_every_comparison(comparison: str) -> None:
    # A second guard, through the goal summary: C2 sent nothing. Its goal is counted
    # (goals_total 1) but neither met nor failed, whatever the comparison; C1's 0.9
    # against 0.8 shows the comparison itself is applied.
    pcs = goal("pcs", "pc_rate", 0.8, comparison=comparison)
    cat = catalogue(FIELDS, [COMPUTERS], [programme("egov", [pcs])])
    values = values_for(cat, UNITS, {("C1", "2024"): {"staff": 10, "staff_pc": 9}})
    frame = compliance(cat, UNITS, values)
    c2 = row(frame, "C2", "pcs")
    assert c2["met"] is pd.NA
    assert bool(row(frame, "C1", "pcs")["met"]) is (comparison in (">=", ">"))
    summary = goal_summary(cat, UNITS, frame, frame.iloc[:0]).set_index("unit")
    assert (int(summary.loc["C2", "goals_total"]), int(summary.loc["C2", "met"])) == (1, 0)
    # NA exactly where the value is missing, a True/False everywhere else
    missing = frame["value"].isna()
    assert frame.loc[missing, "met"].isna().all()
    assert frame.loc[~missing, "met"].notna().all()


def test_goal_is_left_out_where_its_kpi_does_not_apply() -> None:
    late = goal("late", "late_rate", 0.05, comparison="<=")
    cat = catalogue(FIELDS, [LATE], [programme("egov", [late])])
    values = values_for(cat, UNITS, {("C1", "2024"): {"late": 1, "resolved": 10}})
    frame = compliance(cat, UNITS, values)
    # late_rate is a commune KPI: the department never gets it; the province rolls it up
    assert set(frame["unit"]) == {"P", "C1", "C2"}


@pytest.mark.parametrize(
    ("comparison", "value", "target", "expected"),
    [
        (">=", 0.8, 0.8, True),
        (">=", 0.1 * 3, 0.3, True),  # 0.30000000000000004 meets 0.3
        (">", 0.8, 0.8, False),
        ("<=", 0.30000000000000004, 0.3, True),
        ("<", 0.2, 0.3, True),
        ("==", 1.0, 1.0, True),
        ("==", 0.0, 1.0, False),
    ],
)
def test_comparisons_absorb_float_noise(
    comparison: str, value: float, target: float, expected: bool
) -> None:
    result = meets(np.array([value]), np.array([target]), Comparison(comparison))
    assert bool(result[0]) is expected


def _six_goals() -> Catalogue:
    fields = [field(f"f{i}") for i in range(6)]
    kpis = [simple(f"k{i}", f"f{i}", unit="percent") for i in range(6)]
    goals = [goal(f"g{i}", f"k{i}", 0.9) for i in range(6)]
    return catalogue(fields, kpis, [programme("resolution", goals)])


def test_goal_summary_counts_goals_met_and_progress_statuses() -> None:
    cat = _six_goals()
    units = units_of(("P", "province", None))
    # four of six goals at or above 0.9 in 2024
    reported = {f"f{i}": v for i, v in enumerate([0.95, 0.9, 1.0, 0.91, 0.5, 0.8])}
    values = values_for(cat, units, {("P", "2023"): {"f0": 0.5}, ("P", "2024"): reported})
    frame = compliance(cat, units, values)
    statuses = ["achieved"] * 4 + ["on_track"] * 2
    progress = pd.DataFrame(
        {
            "programme": "resolution",
            "goal": [f"g{i}" for i in range(6)],
            "unit": "P",
            "period": "2024",
            "status": statuses,
        }
    )
    summary = goal_summary(cat, units, frame, progress)
    assert list(summary.columns) == GOAL_SUMMARY_COLUMNS
    latest = summary[summary["period"] == "2024"].iloc[0]
    assert (latest["goals_total"], latest["met"]) == (6, 4)  # "4/6"
    assert (latest["achieved"], latest["on_track"], latest["at_risk"]) == (4, 2, 0)
    earlier = summary[summary["period"] == "2023"].iloc[0]
    # 2023: only f0 reported (0.5, not met); no progress classification for that period
    assert (earlier["goals_total"], earlier["met"]) == (6, 0)
    assert all(earlier[s] is pd.NA for s in PROGRESS_STATUSES)
    assert list(summary["period"]) == ["2023", "2024"]


def test_goal_summary_is_per_level_and_in_units_file_order() -> None:
    pcs = goal("pcs", "pc_rate", 0.8)
    late = goal("late", "late_rate", 0.05, comparison="<=")
    cat = catalogue(FIELDS, [COMPUTERS, LATE], [programme("egov", [pcs, late])])
    values = values_for(
        cat,
        UNITS,
        {
            ("DEP", "2024"): {"staff": 10, "staff_pc": 10},
            ("C1", "2024"): {"staff": 10, "staff_pc": 9, "late": 1, "resolved": 100},
            ("C2", "2024"): {"staff": 10, "staff_pc": 5, "late": 9, "resolved": 100},
        },
    )
    summary = goal_summary(cat, UNITS, compliance(cat, UNITS, values), pd.DataFrame())
    assert list(summary["unit"]) == ["P", "DEP", "C1", "C2"]
    by_unit = summary.set_index("unit")
    assert by_unit.loc["DEP", "goals_total"] == 1  # late_rate does not apply to departments
    assert by_unit.loc["C1", "met"] == 2  # 0.9 ≥ 0.8 and 0.01 ≤ 0.05
    assert by_unit.loc["C2", "met"] == 0  # 0.5 < 0.8 and 0.09 > 0.05
    # province: pc (10 + 9 + 5) / 30 = 0.8 met; late (1 + 9) / 200 = 0.05 met
    assert by_unit.loc["P", "met"] == 2
    assert list(by_unit["level"]) == ["province", "department", "commune", "commune"]


def test_no_programmes_give_empty_frames_with_the_contract_columns() -> None:
    cat = catalogue(FIELDS, [COMPUTERS])
    values = values_for(cat, UNITS, {("C1", "2024"): {"staff": 1, "staff_pc": 1}})
    frame = compliance(cat, UNITS, values)
    assert frame.empty and list(frame.columns) == COMPLIANCE_COLUMNS
    summary = goal_summary(cat, UNITS, frame, pd.DataFrame())
    assert summary.empty and list(summary.columns) == GOAL_SUMMARY_COLUMNS
