"""Coverage: statuses, scores and ranks say what they stand on (issue 10).

Hierarchy (``three_tier``): province P; department DEP; district D1 with
communes C11, C12; district D2 with commune C21. Communes report ``online`` and
``total``; the KPI ``rate`` is online / total with a goal ``rate >= 50 %``.
"""

from __future__ import annotations

import math

import pandas as pd

from chiso.engine.assess import assess
from chiso.units.model import Units
from tests.kit import catalogue, dataset_of, field, goal, programme, ratio, simple


def _catalogue(**programme_keys: object) -> object:
    return catalogue(
        [field("online", levels=["commune"]), field("total", levels=["commune"])],
        [ratio("rate", "online", "total", levels=["commune"])],
        [programme("prog", [goal("g", "rate", 0.5)], **programme_keys)],
    )


def _row(frame: pd.DataFrame, unit: str, period: str = "2024") -> pd.Series:
    rows = frame[(frame["unit"] == unit) & (frame["period"].astype(str) == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- goal statuses ------------------------------------------------------------------


def test_a_goal_rolled_up_from_some_communes_is_incomplete_data(three_tier: Units) -> None:
    # Only C11 reported (8/10 = 80 %, which meets 50 %): the province's value stands
    # on 1 of its 3 communes, below the default threshold (all of them).
    data = dataset_of({("C11", "2024"): {"online": 8, "total": 10}})
    result = assess(_catalogue(), three_tier, data)
    province = _row(result.progress, "P")
    assert province["status"] == "incomplete_data"
    assert (province["parts_reported"], province["parts_expected"]) == (1, 3)
    assert _row(result.progress, "C11")["status"] == "achieved"
    summary = _row(result.goal_summary, "P")
    assert summary["incomplete_data"] == 1 and summary["achieved"] == 0


def test_a_programme_threshold_lets_a_partial_roll_up_be_judged(three_tier: Units) -> None:
    # coverage 0.3: 1/3 ≈ 0.33 ≥ 0.3, so the province's 80 % is judged: achieved.
    data = dataset_of({("C11", "2024"): {"online": 8, "total": 10}})
    result = assess(_catalogue(coverage=0.3), three_tier, data)
    assert _row(result.progress, "P")["status"] == "achieved"


def test_complete_coverage_keeps_the_status(three_tier: Units) -> None:
    data = dataset_of({
        ("C11", "2024"): {"online": 8, "total": 10},
        ("C12", "2024"): {"online": 6, "total": 10},
        ("C21", "2024"): {"online": 7, "total": 10},
    })
    result = assess(_catalogue(), three_tier, data)
    province = _row(result.progress, "P")
    assert province["status"] == "achieved"
    assert (province["parts_reported"], province["parts_expected"]) == (3, 3)


# --- ranks: not reported is not zero ----------------------------------------------------


def test_a_unit_that_sent_nothing_has_no_score_and_no_rank_even_with_missing_zero(
    three_tier: Units,
) -> None:
    data = dataset_of({("C11", "2024"): {"online": 8, "total": 10}})
    result = assess(_catalogue(scoring={"missing": "zero"}), three_tier, data)
    composite = result.composite
    c12, c11 = _row(composite, "C12"), _row(composite, "C11")
    assert not c12["reported"] and math.isnan(c12["score"]) and pd.isna(c12["rank"])
    assert c11["reported"] and c11["rank"] == 1
    # D2's only commune sent nothing: D2 has no data at all, so it is not ranked;
    # D1 stands in through C11 and is ranked alone.
    assert not _row(composite, "D2")["reported"] and pd.isna(_row(composite, "D2")["rank"])
    assert _row(composite, "D1")["reported"] and _row(composite, "D1")["rank"] == 1


def test_a_missing_value_inside_a_sent_report_is_zero_and_marked(three_tier: Units) -> None:
    # C12 sent a report without 'online': missing: zero scores the goal 0 — marked.
    data = dataset_of({
        ("C11", "2024"): {"online": 8, "total": 10},
        ("C12", "2024"): {"total": 10},
    })
    result = assess(_catalogue(scoring={"missing": "zero"}), three_tier, data)
    c12 = _row(result.composite, "C12")
    assert c12["reported"] and c12["score"] == 0.0 and c12["n_zero"] == 1
    assert bool(_row(result.scores, "C12")["zero_filled"])
    assert _row(result.composite, "C11")["n_zero"] == 0


# --- change -------------------------------------------------------------------------------


def _two_goal_catalogue() -> object:
    return catalogue(
        [field("online", levels=["commune"]), field("total", levels=["commune"]),
         field("signed", levels=["commune"])],
        [ratio("rate", "online", "total", levels=["commune"]),
         ratio("signed_rate", "signed", "total", levels=["commune"])],
        [programme("prog", [goal("g", "rate", 0.5), goal("s", "signed_rate", 0.5)],
                   scoring={"missing": "zero"})],
    )


def test_change_is_not_shown_against_a_score_with_a_missing_goal(three_tier: Units) -> None:
    # C11 in 2023 left out 'signed' (scored 0 for it): 2024's change would be a gain
    # made of the missing value, not of progress. C12 is complete both years.
    data = dataset_of({
        ("C11", "2023"): {"online": 5, "total": 10},
        ("C11", "2024"): {"online": 5, "total": 10, "signed": 5},
        ("C12", "2023"): {"online": 5, "total": 10, "signed": 4},
        ("C12", "2024"): {"online": 5, "total": 10, "signed": 5},
    })
    result = assess(_two_goal_catalogue(), three_tier, data)
    assert math.isnan(_row(result.composite, "C11")["change"])
    # C12: 2023 (100 + 80)/2 = 90, 2024 (100 + 100)/2 = 100 → +10
    assert _row(result.composite, "C12")["change"] == 10.0


def test_a_stand_in_is_not_zero_filled_for_goals_only_its_own_report_has(
    three_tier: Units,
) -> None:
    # D1 sent nothing; its commune C11 did, so D1 is scored through C11 (the
    # stand-in). The district-level goal on 'staff' has no value at D1: left out,
    # not scored 0 — D1 never sent the report that would hold it.
    cat = catalogue(
        [field("online", levels=["commune"]), field("total", levels=["commune"]),
         field("staff", levels=["district"])],
        [ratio("rate", "online", "total", levels=["commune"]),
         simple("staff_kpi", "staff", levels=["district"])],
        [programme("prog", [goal("g", "rate", 0.5), goal("s", "staff_kpi", 10)],
                   scoring={"missing": "zero"})],
    )
    data = dataset_of({("C11", "2024"): {"online": 8, "total": 10}})
    result = assess(cat, three_tier, data)
    d1 = _row(result.composite, "D1")
    # rate 80 % ≥ 50 % → 100; staff left out → composite 100, nothing zero-filled
    assert d1["reported"] and d1["score"] == 100.0 and d1["n_zero"] == 0
    assert d1["incomplete_goals"] == "g, s"  # g from 1 of 2 communes, s missing
