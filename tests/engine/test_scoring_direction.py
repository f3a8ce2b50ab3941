"""Every scoring method under every comparison and every KPI direction.

A goal's direction is its comparison's (``>=``/``>`` higher is better, ``<=``/``<``
lower is better); only ``==`` takes the KPI's. Three districts report 8, 4 and 10
against a target of 5 (baseline 10 at 2020, for the methods that need one):

    higher is better                       lower is better
    attainment v/5 capped   100  80 100    5/v capped          62.5 100  50
    minmax (0, 5)           100  80 100    (5, baseline 10)      40 100   0
    distance 1 − max(0, 5 − v)/|5 − 10|    1 − max(0, v − 5)/5
                            100  80 100                          40 100   0
    rank 100·(3 − r)/2       50   0 100                          50 100   0
"""

from __future__ import annotations

import pytest

from chiso.catalogue.model import Baseline, Goal, ScoreMethod, Scoring
from chiso.engine.scoring import programme_scores
from chiso.units.model import Units
from tests.kit import programme_catalogue, values_frame

HIGHER = {
    "attainment": [100.0, 80.0, 100.0],
    "minmax": [100.0, 80.0, 100.0],
    "distance": [100.0, 80.0, 100.0],
    "rank": [50.0, 0.0, 100.0],
}
LOWER = {
    "attainment": [62.5, 100.0, 50.0],
    "minmax": [40.0, 100.0, 0.0],
    "distance": [40.0, 100.0, 0.0],
    "rank": [50.0, 100.0, 0.0],
}

# (comparison, KPI): broadband is higher-is-better, wait_days lower-is-better
CASES = [
    (">=", "broadband", HIGHER),
    (">", "broadband", HIGHER),
    (">=", "wait_days", HIGHER),  # the comparison decides, not the KPI
    (">", "wait_days", HIGHER),
    ("<=", "wait_days", LOWER),
    ("<", "wait_days", LOWER),
    ("<=", "broadband", LOWER),
    ("<", "broadband", LOWER),
    ("==", "broadband", HIGHER),  # == takes the KPI's direction
    ("==", "wait_days", LOWER),
]


@pytest.mark.parametrize("method", ["attainment", "minmax", "distance", "rank"])
@pytest.mark.parametrize(("comparison", "kpi", "expected"), CASES)
def test_each_method_scores_in_the_goals_direction(
    districts: Units, method: str, comparison: str, kpi: str, expected: dict[str, list[float]]
) -> None:
    goal = Goal(
        id="g",
        kpi=kpi,
        comparison=comparison,
        value=5,
        deadline=2025,
        baseline=Baseline(value=10, period=2020),
    )
    catalogue = programme_catalogue([goal], scoring=Scoring(method=ScoreMethod(method)))
    values = values_frame(
        [("D1", "2024", kpi, 8), ("D2", "2024", kpi, 4), ("D3", "2024", kpi, 10)]
    )
    scores, _, _ = programme_scores(catalogue, districts, values)
    assert scores.sort_values("unit")["score"].tolist() == pytest.approx(expected[method])
