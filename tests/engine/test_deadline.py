"""The deadline period: once it is reached a goal is achieved or not achieved, nothing else.

The rule (``chiso.engine.progress``, "At and after the deadline"): a latest value
whose period ends at or after the deadline's end is judged by the value alone.
``2025``, ``2025-Q4`` and ``2025-12`` all end at 2025.0, the end of a ``2025``
deadline; ``2025-Q3`` (2024.75) and ``2025-11`` (2024.92) are before it.

Unless a test says otherwise: online rate 0.40 at the start, target >= 0.60 by
2025. A latest 0.59 is 98 % of the way and would be "on track" by the trend —
(0.59/0.40)^(1/5) − 1 = 0.08086 against the required 1.5^(1/5) − 1 = 0.08447,
ratio 0.957 ≥ 0.95 — but at the deadline it is simply not achieved.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from chiso.catalogue.model import Goal
from chiso.engine.compliance import compliance, goal_summary
from chiso.engine.progress import assess_progress
from chiso.engine.trend import assess_series
from chiso.units.model import Units


def one_goal(catalogue_of: Callable[..., object], deadline: str = "2025") -> object:
    return catalogue_of([Goal(id="online", kpi="online_rate", value=0.6, deadline=deadline)])


def row_of(progress: pd.DataFrame, unit: str) -> pd.Series:
    return progress.set_index("unit").loc[unit]


@pytest.mark.parametrize(
    ("start", "latest"),
    [("2020", "2025"), ("2020-Q4", "2025-Q4"), ("2020-12", "2025-12")],
    ids=["year", "quarter", "month"],
)
def test_a_value_short_of_the_target_in_the_deadline_period_is_not_achieved(
    units: Units, catalogue_of, values_of, start: str, latest: str
) -> None:  # type: ignore[no-untyped-def]
    values = values_of([("D1", start, "online_rate", 0.40), ("D1", latest, "online_rate", 0.59)])
    row = row_of(assess_progress(one_goal(catalogue_of), units, values), "D1")
    assert (row["period"], row["status"]) == (latest, "not_achieved")
    assert row["note"] == "deadline_passed"
    assert not row["ahead_of_schedule"]
    # no trend is judged: no rate, no projection
    assert math.isnan(row["indicator"]) and math.isnan(row["projected_value"])


@pytest.mark.parametrize(
    ("start", "latest"),
    [("2020", "2025"), ("2020-Q4", "2025-Q4"), ("2020-12", "2025-12")],
    ids=["year", "quarter", "month"],
)
@pytest.mark.parametrize("value", [0.60, 0.61])
def test_a_value_on_or_above_the_target_in_the_deadline_period_is_achieved_on_time(
    units: Units, catalogue_of, values_of, start: str, latest: str, value: float
) -> None:  # type: ignore[no-untyped-def]
    values = values_of([("D1", start, "online_rate", 0.40), ("D1", latest, "online_rate", value)])
    row = row_of(assess_progress(one_goal(catalogue_of), units, values), "D1")
    assert (row["status"], bool(row["ahead_of_schedule"])) == ("achieved", True)


@pytest.mark.parametrize("latest", ["2025-Q3", "2025-11"])
def test_the_period_before_the_deadline_period_is_still_judged_by_its_trend(
    units: Units, catalogue_of, values_of, latest: str
) -> None:  # type: ignore[no-untyped-def]
    # 0.40 at 2020 → 0.59 at 2025-Q3 (2024.75): observed (0.59/0.40)^(1/4.75) − 1 = 0.08526,
    # required 0.08447, ratio 1.0094; at 2025-11 (2024.9167) observed
    # 1.475^(1/4.9167) − 1 = 0.08226, ratio 0.9738: both on track (≥ 0.95).
    values = values_of([("D1", "2020", "online_rate", 0.40), ("D1", latest, "online_rate", 0.59)])
    row = row_of(assess_progress(one_goal(catalogue_of), units, values), "D1")
    assert row["status"] == "on_track"
    ratio = {"2025-Q3": 1.0094, "2025-11": 0.9738}[latest]
    assert row["indicator"] == pytest.approx(ratio, abs=1e-4)


def test_a_quarterly_deadline_is_reached_by_a_yearly_value(
    units: Units, catalogue_of, values_of
) -> None:  # type: ignore[no-untyped-def]
    # deadline 2025-Q2 ends at 2024.5; the yearly 2025 value ends at 2025.0, after it
    values = values_of([("D1", "2020", "online_rate", 0.40), ("D1", "2025", "online_rate", 0.59)])
    row = row_of(assess_progress(one_goal(catalogue_of, "2025-Q2"), units, values), "D1")
    assert (row["status"], row["note"]) == ("not_achieved", "deadline_passed")


def test_a_value_after_the_deadline_that_meets_the_target_is_achieved_but_late() -> None:
    result = assess_series([2020, 2026], [0.40, 0.65], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.ahead_of_schedule) == ("achieved", False)


def test_a_value_after_the_deadline_short_of_the_target_is_not_achieved() -> None:
    result = assess_series([2020, 2026], [0.40, 0.59], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.note) == ("not_achieved", "deadline_passed")


def test_a_single_value_at_the_deadline_needs_no_baseline_to_be_not_achieved() -> None:
    # before the deadline one value short of the target gives no trend: not assessable
    early = assess_series([2023], [0.5], target=0.6, comparison=">=", deadline=2025)
    assert early.status == "not_assessable"
    # at the deadline the value alone decides
    late = assess_series([2025], [0.5], target=0.6, comparison=">=", deadline=2025)
    assert (late.status, late.n_points) == ("not_achieved", 1)


@pytest.mark.parametrize(("latest", "status"), [(5.5, "not_achieved"), (5.0, "achieved")])
def test_lower_is_better_at_the_deadline(latest: float, status: str) -> None:
    # wait days 10 (2020) → latest (2025), target <= 5 by 2025
    result = assess_series([2020, 2025], [10, latest], target=5, comparison="<=", deadline=2025)
    assert result.status == status


def test_a_target_met_at_baseline_and_lost_at_the_deadline_is_not_achieved() -> None:
    # before the deadline this is off track (regressed); at the deadline, not achieved
    before = assess_series([2020, 2023], [0.7, 0.55], target=0.6, comparison=">=", deadline=2025)
    assert (before.status, before.note) == ("off_track", "regressed_from_target")
    at = assess_series([2020, 2025], [0.7, 0.55], target=0.6, comparison=">=", deadline=2025)
    assert (at.status, at.note) == ("not_achieved", "deadline_passed")


@pytest.mark.parametrize("method", ["eurostat", "unsd", "linear"])
def test_no_method_gives_a_trend_status_at_the_deadline(method: str) -> None:
    for latest in (0.30, 0.45, 0.55, 0.599):
        result = assess_series(
            [2020, 2025], [0.40, latest], target=0.6, comparison=">=", deadline=2025, method=method
        )
        assert result.status == "not_achieved", latest


def test_goal_summary_at_the_deadline_counts_achieved_and_not_achieved_only(
    units: Units, catalogue_of, values_of
) -> None:  # type: ignore[no-untyped-def]
    catalogue = catalogue_of(
        [
            Goal(id="online", kpi="online_rate", value=0.6, deadline="2025"),
            Goal(id="wait", kpi="wait_days", value=5, comparison="<=", deadline="2025"),
        ]
    )
    values = values_of(
        [
            ("D1", "2020", "online_rate", 0.40),
            ("D1", "2025", "online_rate", 0.59),  # short: not achieved
            ("D1", "2020", "wait_days", 10),
            ("D1", "2025", "wait_days", 4),  # ≤ 5: achieved
        ]
    )
    progress = assess_progress(catalogue, units, values)
    summary = goal_summary(catalogue, units, compliance(catalogue, units, values), progress)
    d1 = summary.set_index(["unit", "period"]).loc[("D1", "2025")]
    counts = {s: int(d1[s]) for s in ("achieved", "on_track", "at_risk", "off_track")}
    assert counts == {"achieved": 1, "on_track": 0, "at_risk": 0, "off_track": 0}
    assert (int(d1["not_achieved"]), int(d1["met"]), int(d1["goals_total"])) == (1, 1, 2)
