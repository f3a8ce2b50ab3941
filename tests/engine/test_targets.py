"""One rule for "meets the target": compliance's "met" and progress's "achieved" agree."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.catalogue.model import Comparison
from chiso.engine.assess import assess
from chiso.engine.targets import TOLERANCE, meets, meets_one
from tests.kit import catalogue, dataset_of, field, goal, programme, simple, units_of

UNITS = units_of(("P", "province", None), ("A", "commune", "P"), ("B", "commune", "P"))


def _assess(comparison: str, target: float, latest: dict[str, float]) -> tuple:
    kpi = simple("rate", "x", unit="number", levels=["commune"], rollup="none")
    cat = catalogue(
        [field("x", kind="amount")],
        [kpi],
        [programme("prog", [goal("g", "rate", target, comparison=comparison)])],
    )
    rows = {(u, "2023"): {"x": 0.5} for u in latest}
    rows.update({(u, "2024"): {"x": v} for u, v in latest.items()})
    result = assess(cat, UNITS, dataset_of(rows))
    return result.compliance, result.progress


def _agree(compliance, progress) -> None:  # type: ignore[no-untyped-def]
    latest = compliance[compliance["period"] == "2024"].set_index("unit")["met"]
    for _, row in progress.iterrows():
        met = bool(latest[row["unit"]])
        assert (row["status"] == "achieved") == met, (row["unit"], row["value"], met, row["status"])


@pytest.mark.parametrize("comparison", [">", ">=", "<", "<=", "=="])
def test_met_and_achieved_agree_a_hair_from_the_target(comparison: str) -> None:
    # Values half the tolerance either side of 0.8: the old progress rule took
    # ``>`` strictly (0.8 + 4e-10 > 0.8 is met) while compliance asked for more
    # than the tolerance, so the scorecard said "not met" and the goal "achieved".
    hair = TOLERANCE / 2.5
    compliance, progress = _assess(comparison, 0.8, {"A": 0.8 + hair, "B": 0.8 - hair})
    _agree(compliance, progress)


@settings(max_examples=60, deadline=None)
@given(
    comparison=st.sampled_from([">", ">=", "<", "<=", "=="]),
    target=st.floats(min_value=1e-6, max_value=1e6),
    offset=st.floats(min_value=-3.0, max_value=3.0),
)
def test_met_and_achieved_agree_anywhere_near_the_target(
    comparison: str, target: float, offset: float
) -> None:
    value = target + offset * TOLERANCE * max(1.0, target)
    compliance, progress = _assess(comparison, target, {"A": value, "B": target})
    _agree(compliance, progress)


def test_the_vector_and_the_single_value_rule_are_one_rule() -> None:
    values = np.array([0.8 - 1e-9, 0.8, 0.8 + 1e-9, 0.81, np.nan])
    targets = np.full(5, 0.8)
    for op in Comparison:
        vector = meets(values, targets, op)
        for i, value in enumerate(values[:4]):
            assert bool(vector[i]) == meets_one(float(value), 0.8, op)
        assert vector[4] is pd_na()


def pd_na() -> object:
    import pandas as pd

    return pd.NA


@pytest.mark.parametrize(
    ("higher", "value"), [(True, 0.7999999999999999), (False, 0.0500000000001)]
)
def test_a_value_that_meets_the_target_scores_full_attainment(higher: bool, value: float) -> None:
    from chiso.engine.scoring import attainment_score

    target = 0.8 if higher else 0.05
    assert meets_one(value, target, ">=" if higher else "<=")
    # Before, attainment compared without the tolerance: 0.7999999999999999 / 0.8 scored
    # 99.99999999999999 though compliance called the goal met.
    assert attainment_score(np.array([value]), np.array([target]), higher=higher)[0] == 100.0


@settings(max_examples=400, deadline=None)
@given(
    value=st.floats(allow_nan=True, allow_infinity=True),
    target=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-2.0, max_value=2.0),
    ),
    nudge=st.sampled_from([0.0, 1e-12, -1e-12, 1e-9, -1e-9, 2e-9, -2e-9]),
    op=st.sampled_from(list(Comparison)),
)
def test_the_scalar_rule_is_the_vector_rule(
    value: float, target: float, nudge: float, op: Comparison
) -> None:
    # progress judges one value at a time in plain floats, compliance whole columns in
    # numpy: at, just inside and just outside the tolerance they must agree
    for v in (value, target + nudge * max(1.0, abs(target)) if math.isfinite(target) else value):
        vector = meets(np.array([v]), np.array([target]), op)[0]
        expected = False if vector is pd_na() else bool(vector)
        assert meets_one(v, target, op) == expected, (v, target, op)
