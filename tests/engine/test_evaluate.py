"""Evaluation of KPIs from a unit's own fields: formulas, reasons, order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chiso.catalogue.graph import plan_for
from chiso.engine.evaluate import evaluate
from chiso.engine.result import VALUES_COLUMNS
from tests.kit import (
    catalogue,
    derived,
    field,
    ratio,
    simple,
    units_of,
    value_of,
    wide_of,
)

UNITS = units_of(("P", "province", None), ("C1", "commune", "P"), ("C2", "commune", "P"))
DOSSIERS = [field("resolved"), field("on_time"), field("received")]


def test_columns_follow_the_values_contract() -> None:
    cat = catalogue(DOSSIERS, [ratio("on_time_rate", "on_time", "resolved")])
    values = evaluate(cat, UNITS, wide_of({("C1", "2024"): {"resolved": 10, "on_time": 9}}))
    assert list(values.columns) == VALUES_COLUMNS
    row = value_of(values, "C1", "on_time_rate")
    assert row["origin"] == "reported"
    assert (row["children_expected"], row["children_reported"]) == (0, 0)
    assert bool(row["coverage_complete"])


def test_ratio_is_numerator_over_denominator() -> None:
    cat = catalogue(DOSSIERS, [ratio("on_time_rate", "on_time", "resolved")])
    # 112,262 on time of 115,200 resolved → 0.974496… ≈ 97.45 % (phu-tho-2020)
    wide = wide_of({("C1", "2019"): {"resolved": 115_200, "on_time": 112_262}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "on_time_rate", "2019")
    assert row["value"] == pytest.approx(112_262 / 115_200)
    assert round(row["value"], 4) == 0.9745
    assert row["reason"] is None


def test_scale_multiplies_a_ratio() -> None:
    cat = catalogue(
        [field("subscriptions"), field("people")],
        [ratio("per_100", "subscriptions", "people", unit="per_100", scale=100)],
    )
    # 840 subscriptions for 1,000 people → 0.84 × 100 = 84 per 100 (phu-tho-2020: 84)
    wide = wide_of({("C1", "2020"): {"subscriptions": 840, "people": 1000}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "per_100", "2020")
    assert row["value"] == pytest.approx(84)


@pytest.mark.parametrize(
    ("rule", "expected", "reason"),
    [("missing", math.nan, "zero_denominator"), ("zero", 0.0, None), ("one", 1.0, None)],
)
def test_zero_denominator_follows_the_kpi_rule(
    rule: str, expected: float, reason: str | None
) -> None:
    cat = catalogue(
        DOSSIERS, [ratio("on_time_rate", "on_time", "resolved", on_zero_denominator=rule)]
    )
    wide = wide_of({("C1", "2024"): {"resolved": 0, "on_time": 0}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "on_time_rate")
    if math.isnan(expected):
        assert math.isnan(row["value"])
    else:
        assert row["value"] == expected
    assert row["reason"] == reason


def test_missing_field_names_the_first_missing_field_in_formula_order() -> None:
    cat = catalogue(DOSSIERS, [ratio("on_time_rate", "on_time", "resolved")])
    wide = wide_of(
        {
            ("C1", "2024"): {"received": 5},  # both missing: the numerator's comes first
            ("C2", "2024"): {"on_time": 3},  # only the denominator is missing
        }
    )
    values = evaluate(cat, UNITS, wide)
    assert value_of(values, "C1", "on_time_rate")["reason"] == "missing_field:on_time"
    assert value_of(values, "C2", "on_time_rate")["reason"] == "missing_field:resolved"
    assert math.isnan(value_of(values, "C2", "on_time_rate")["value"])


def test_missing_field_wins_over_zero_denominator() -> None:
    rate = ratio("on_time_rate", "on_time", "resolved", on_zero_denominator="one")
    cat = catalogue(DOSSIERS, [rate])
    wide = wide_of({("C1", "2024"): {"resolved": 0}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "on_time_rate")
    assert math.isnan(row["value"])
    assert row["reason"] == "missing_field:on_time"


def test_a_zero_is_a_value_not_a_missing_field() -> None:
    cat = catalogue(DOSSIERS, [simple("received_total", "received")])
    wide = wide_of({("C1", "2024"): {"received": 0}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "received_total")
    assert row["value"] == 0.0
    assert row["reason"] is None


def test_unit_without_any_report_gets_rows_that_say_what_is_missing() -> None:
    cat = catalogue(DOSSIERS, [simple("received_total", "received")])
    values = evaluate(cat, UNITS, wide_of({("C1", "2024"): {"received": 7}}))
    row = value_of(values, "C2", "received_total")
    assert math.isnan(row["value"])
    assert row["reason"] == "missing_field:received"


def test_unit_outside_the_kpi_levels_is_not_applicable() -> None:
    cat = catalogue(DOSSIERS, [simple("received_total", "received", levels=["commune"])])
    wide = wide_of({("P", "2024"): {"received": 100}, ("C1", "2024"): {"received": 7}})
    values = evaluate(cat, UNITS, wide)
    province = value_of(values, "P", "received_total")
    assert math.isnan(province["value"])  # the province's own number is not used
    assert province["reason"] == "not_applicable"
    assert value_of(values, "C1", "received_total")["value"] == 7


def test_derived_kpi_uses_other_kpis_declared_after_it() -> None:
    # The derived KPI comes first in the catalogue; evaluation orders it after its inputs.
    cat = catalogue(
        DOSSIERS,
        [
            derived("late_rate", "1 - on_time_rate", unit="percent", direction="lower"),
            ratio("on_time_rate", "on_time", "resolved"),
        ],
    )
    wide = wide_of({("C1", "2024"): {"resolved": 200, "on_time": 150}})
    # 1 − 150/200 = 1 − 0.75 = 0.25
    assert value_of(evaluate(cat, UNITS, wide), "C1", "late_rate")["value"] == pytest.approx(0.25)


def test_derived_kpi_mixes_fields_and_kpis() -> None:
    cat = catalogue(
        DOSSIERS,
        [
            ratio("on_time_rate", "on_time", "resolved"),
            derived("on_time_weighted", "on_time_rate * received / 1000"),
        ],
    )
    wide = wide_of({("C1", "2024"): {"resolved": 200, "on_time": 150, "received": 4000}})
    # 0.75 × 4000 / 1000 = 3
    row = value_of(evaluate(cat, UNITS, wide), "C1", "on_time_weighted")
    assert row["value"] == pytest.approx(3)


def test_derived_kpi_with_a_missing_input_kpi_says_which() -> None:
    cat = catalogue(
        DOSSIERS,
        [ratio("on_time_rate", "on_time", "resolved"), derived("late_rate", "1 - on_time_rate")],
    )
    wide = wide_of({("C1", "2024"): {"resolved": 200}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "late_rate")
    assert math.isnan(row["value"])
    assert row["reason"] == "missing_input:on_time_rate"


def test_derived_kpi_over_a_not_applicable_kpi_is_missing_its_input() -> None:
    cat = catalogue(
        DOSSIERS,
        [
            ratio("on_time_rate", "on_time", "resolved", levels=["commune"]),
            derived("late_rate", "1 - on_time_rate"),
        ],
    )
    wide = wide_of({("P", "2024"): {"resolved": 200, "on_time": 100}})
    row = value_of(evaluate(cat, UNITS, wide), "P", "late_rate")
    assert row["reason"] == "missing_input:on_time_rate"


def test_division_by_zero_inside_a_derived_expression_is_a_zero_denominator() -> None:
    cat = catalogue(DOSSIERS, [derived("share", "on_time / resolved + 0")])
    wide = wide_of({("C1", "2024"): {"resolved": 0, "on_time": 0}})
    row = value_of(evaluate(cat, UNITS, wide), "C1", "share")
    assert math.isnan(row["value"])
    assert row["reason"] == "zero_denominator"


def test_dependency_order_puts_every_input_first() -> None:
    cat = catalogue(
        [field("a"), field("b")],
        [
            derived("top", "mid + low"),
            derived("mid", "low * 2"),
            derived("side", "a + 1"),
            ratio("low", "a", "b"),
        ],
    )
    plan = plan_for(cat)
    order = list(plan.order)
    assert plan.cyclic == frozenset()
    assert order.index("low") < order.index("mid") < order.index("top")
    # Ties keep catalogue order: "side" and "low" need nothing and are placed first.
    assert order == ["side", "low", "mid", "top"]


def test_kpis_in_a_cycle_are_missing_not_a_crash() -> None:
    cat = catalogue(
        [field("a")],
        [derived("x", "y + a"), derived("y", "x + 1"), simple("fine", "a")],
    )
    plan = plan_for(cat)
    assert plan.cyclic == frozenset({"x", "y"})
    values = evaluate(cat, UNITS, wide_of({("C1", "2024"): {"a": 1}}))
    assert value_of(values, "C1", "x")["reason"] == "missing_input:y"
    assert value_of(values, "C1", "y")["reason"] == "missing_input:x"
    assert value_of(values, "C1", "fine")["value"] == 1


def test_rows_follow_units_file_then_time_then_catalogue() -> None:
    cat = catalogue(DOSSIERS, [simple("b_kpi", "received"), simple("a_kpi", "resolved")])
    wide = wide_of(
        {
            ("C2", "2024-Q1"): {"received": 1},
            ("C1", "2023"): {"received": 2},
            ("P", "2024"): {"received": 3},
        }
    )
    values = evaluate(cat, UNITS, wide)
    keys = list(zip(values["unit"], values["period"], values["kpi"], strict=True))
    units, periods, kpis = ["P", "C1", "C2"], ["2023", "2024-Q1", "2024"], ["b_kpi", "a_kpi"]
    assert keys == [(u, p, k) for u in units for p in periods for k in kpis]


def test_units_not_in_the_units_file_are_left_out() -> None:
    cat = catalogue(DOSSIERS, [simple("received_total", "received")])
    values = evaluate(cat, UNITS, wide_of({("X9", "2024"): {"received": 1}}))
    assert "X9" not in set(values["unit"])
    assert len(values) == 3  # P, C1, C2 × 2024 × one KPI


def test_no_data_gives_an_empty_frame_with_the_contract_columns() -> None:
    cat = catalogue(DOSSIERS, [simple("received_total", "received")])
    empty = pd.DataFrame(
        index=pd.MultiIndex.from_arrays([[], []], names=["unit", "period"]), dtype=float
    )
    values = evaluate(cat, UNITS, empty)
    assert list(values.columns) == VALUES_COLUMNS
    assert values.empty


def test_evaluation_is_vectorised_over_many_units() -> None:
    n = 3000
    units = units_of(("P", "province", None), *[(f"C{i}", "commune", "P") for i in range(n)])
    cat = catalogue(DOSSIERS, [ratio("on_time_rate", "on_time", "resolved")])
    resolved = np.arange(1, n + 1, dtype=float)
    wide = wide_of(
        {(f"C{i}", "2024"): {"resolved": resolved[i], "on_time": resolved[i] / 2} for i in range(n)}
    )
    values = evaluate(cat, units, wide)
    communes = values[values["unit"] != "P"]
    assert np.allclose(communes["value"].to_numpy(), 0.5)
