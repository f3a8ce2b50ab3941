"""Roll-ups past the largest float: no ∞ value (which meets any "higher" target), but
no value, reason ``overflow`` and an S130 error for each parent lost."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chiso.engine.assess import assess
from chiso.engine.evaluate import evaluate
from chiso.engine.rollup import rollup
from chiso.findings import Findings
from chiso.units.model import Units
from tests.kit import (
    catalogue,
    dataset_of,
    field,
    goal,
    programme,
    ratio,
    simple,
    value_of,
    wide_of,
)

HUGE = 1e308  # finite; two of them add up to ∞ (the largest float is ~1.797e308)


def run(kpis: list, units: Units, rows: dict) -> tuple[pd.DataFrame, Findings]:
    cat = catalogue([field("a"), field("b")], kpis)
    wide = wide_of(rows)
    return rollup(cat, units, wide, evaluate(cat, units, wide))


def _lost(findings: Findings) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.subject) for f in findings if f.code == "S130")


def test_a_sum_past_the_largest_float_is_no_value_with_a_reason(three_tier: Units) -> None:
    values, findings = run(
        [simple("total", "a", levels=["commune"])], three_tier,
        {("C11", "2024"): {"a": HUGE}, ("C12", "2024"): {"a": HUGE},
         ("C21", "2024"): {"a": 5}},
    )
    for parent in ("D1", "P"):  # D1 = C11 + C12 = ∞; P = D1's communes + C21 = ∞
        row = value_of(values, parent, "total")
        assert math.isnan(row["value"]) and row["reason"] == "overflow"
    assert value_of(values, "D2", "total")["value"] == 5
    assert _lost(findings) == [("S130", "total"), ("S130", "total")]
    assert {f.message_en.split(":")[0] for f in findings if f.code == "S130"} == {
        "Đơn vị D1 (D1)", "Đơn vị P (P)"}


@pytest.mark.parametrize(("a", "b"), [
    (HUGE, HUGE),  # ∞ / ∞ = NaN
    (1.0, HUGE),  # 2 / ∞ = 0: a plausible-looking rate made of an overflow
    (HUGE, 1.0),  # ∞ / 2 = ∞
])
def test_a_ratio_of_overflowed_sums_is_no_value(three_tier: Units, a: float, b: float) -> None:
    values, findings = run(
        [ratio("rate", "a", "b", levels=["commune"])], three_tier,
        {("C11", "2024"): {"a": a, "b": b}, ("C12", "2024"): {"a": a, "b": b}},
    )
    d1 = value_of(values, "D1", "rate")
    assert math.isnan(d1["value"]) and d1["reason"] == "overflow"
    assert ("S130", "rate") in _lost(findings)


def test_a_mean_past_the_largest_float_is_no_value(three_tier: Units) -> None:
    values, findings = run(
        [simple("avg", "a", levels=["commune"], rollup="mean")], three_tier,
        {("C11", "2024"): {"a": 1.5e308}, ("C12", "2024"): {"a": 1.5e308}},
    )
    # numpy sums before dividing: 3e308 = ∞, and ∞ / 2 = ∞.
    d1 = value_of(values, "D1", "avg")
    assert math.isnan(d1["value"]) and d1["reason"] == "overflow"
    assert ("S130", "avg") in _lost(findings)


def test_an_overflowed_total_does_not_achieve_a_goal(three_tier: Units) -> None:
    # Before: D1's total was ∞, shown blank, yet "met" and scored 100.
    cat = catalogue([field("a")], [simple("total", "a", levels=["commune"])],
                    [programme("plan", [goal("g", "total", 10, deadline="2024")])])
    result = assess(cat, three_tier, dataset_of(
        {("C11", "2024"): {"a": HUGE}, ("C12", "2024"): {"a": HUGE}}))
    d1 = result.compliance[(result.compliance["unit"] == "D1")
                           & (result.compliance["kpi"] == "total")]
    assert len(d1) == 1 and pd.isna(d1.iloc[0]["met"]) and math.isnan(d1.iloc[0]["value"])
    scores = result.scores[result.scores["unit"] == "D1"]
    assert not (scores["score"] == 100).any()
    assert "S130" in {f.code for f in result.findings}
