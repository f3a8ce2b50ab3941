"""Values reported with an error (flagged in the dataset) feed no KPI and no roll-up.

The reader keeps ``dossiers_online (120) > dossiers_total (100)`` in the dataset
with ``flag="S302"`` so provenance shows it; the engine must not compute a rate of
1.2 from it, must say why the KPI has no value, and must leave that unit out of
its parents' sums (their coverage is then incomplete).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.evaluate import evaluate
from chiso.engine.rollup import rollup
from chiso.units.model import Units
from tests.kit import catalogue, derived, field, goal, programme, ratio, value_of

FIELDS = [field("dossiers_total"), field("dossiers_online")]
ONLINE = ratio("online_rate", "dossiers_online", "dossiers_total", levels=["commune"])


def _dataset(rows: list[tuple[str, str, float, str | None]], period: str = "2023") -> Dataset:
    """Records (unit, field, value, flag) for one period."""
    records: list[dict[str, Any]] = [
        {"unit": u, "period": period, "field": f, "value": v, "flag": flag,
         "file": f"{u}.xlsx", "sheet": "Báo cáo", "cell": "E10"}
        for u, f, v, flag in rows
    ]
    return Dataset.from_records(records)


# C11 types 120 online dossiers of 100 (the reader's S302); C12 and C21 are fine.
THANH_SON = [
    ("C11", "dossiers_total", 100, None),
    ("C11", "dossiers_online", 120, "S302"),
    ("C12", "dossiers_total", 400, None),
    ("C12", "dossiers_online", 200, None),
    ("C21", "dossiers_total", 300, None),
    ("C21", "dossiers_online", 90, None),
]


def test_the_kpi_of_a_flagged_field_is_invalid_not_computed(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ONLINE])
    result = assess(cat, three_tier, _dataset(THANH_SON))
    row = value_of(result.values, "C11", "online_rate", "2023")
    assert math.isnan(row["value"])  # not 120 / 100 = 1.2
    assert row["reason"] == "invalid_field:dossiers_online"
    # The value itself is still there, with where it came from and why it is unused.
    kept = result.dataset.values.set_index(["unit", "field"]).loc[("C11", "dossiers_online")]
    assert (kept["value"], kept["flag"], kept["cell"]) == (120.0, "S302", "E10")


def test_a_field_not_reported_is_still_missing_not_invalid(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ONLINE])
    rows = [r for r in THANH_SON if (r[0], r[1]) != ("C21", "dossiers_online")]
    result = assess(cat, three_tier, _dataset(rows))
    assert value_of(result.values, "C21", "online_rate", "2023")["reason"] == (
        "missing_field:dossiers_online")


def test_parents_roll_up_without_the_flagged_child(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ONLINE])
    result = assess(cat, three_tier, _dataset(THANH_SON))
    # D1 = C12 only: 200 / 400 = 0.5 (with C11's 120 / 100 it would be 320 / 500 = 0.64)
    d1 = value_of(result.values, "D1", "online_rate", "2023")
    assert d1["value"] == pytest.approx(0.5)
    assert (d1["origin"], d1["children_expected"], d1["children_reported"]) == ("rollup", 2, 1)
    assert not d1["coverage_complete"]
    # P = C12 + C21: (200 + 90) / (400 + 300) = 290 / 700 (with C11: 410 / 800 = 0.5125)
    province = value_of(result.values, "P", "online_rate", "2023")
    assert province["value"] == pytest.approx(290 / 700)
    assert (province["children_expected"], province["children_reported"]) == (3, 2)
    assert not province["coverage_complete"]
    # D2 (C21 alone) is complete; D1 and P each get an incomplete-coverage warning.
    assert value_of(result.values, "D2", "online_rate", "2023")["coverage_complete"]
    e101 = [f for f in result.findings if f.code == "E101"]
    assert [f.message_en.split(":")[0] for f in e101] == ["Đơn vị P (P)", "Đơn vị D1 (D1)"]


def test_a_mean_roll_up_leaves_the_flagged_child_out_too(three_tier: Units) -> None:
    mean = ratio("online_rate", "dossiers_online", "dossiers_total", levels=["commune"],
                 rollup="mean")
    cat = catalogue(FIELDS, [mean])
    result = assess(cat, three_tier, _dataset(THANH_SON))
    # P = mean of C12 200/400 = 0.5 and C21 90/300 = 0.3 → 0.4 (C11's 1.2 is not a value)
    province = value_of(result.values, "P", "online_rate", "2023")
    assert province["value"] == pytest.approx(0.4)
    assert (province["children_expected"], province["children_reported"]) == (3, 2)


def test_a_kpi_using_the_invalid_kpi_says_which_input_is_missing(three_tier: Units) -> None:
    double = derived("online_double", "online_rate * 2", levels=["commune"])
    cat = catalogue(FIELDS, [ONLINE, double])
    result = assess(cat, three_tier, _dataset(THANH_SON))
    assert value_of(result.values, "C11", "online_double", "2023")["reason"] == (
        "missing_input:online_rate")
    # C12: 0.5 × 2 = 1.0
    assert value_of(result.values, "C12", "online_double", "2023")["value"] == pytest.approx(1.0)


def test_a_unit_whose_only_value_is_flagged_is_not_stood_in_for(three_tier: Units) -> None:
    # The KPI applies to districts and communes. D1 sent only a flagged figure: it did
    # report, so it keeps its own "invalid" reason rather than its communes' sum.
    both = ratio("online_rate", "dossiers_online", "dossiers_total",
                 levels=["district", "commune"])
    cat = catalogue(FIELDS, [both])
    rows = [*THANH_SON[2:], ("D1", "dossiers_online", 999, "S302")]
    result = assess(cat, three_tier, _dataset(rows))
    d1 = value_of(result.values, "D1", "online_rate", "2023")
    assert math.isnan(d1["value"]) and d1["reason"] == "invalid_field:dossiers_online"
    assert d1["origin"] == "reported"
    # Without the flagged row D1 is rolled up from C12 (C11 reports nothing): 200 / 400.
    clean = assess(cat, three_tier, _dataset(THANH_SON[2:]))
    assert value_of(clean.values, "D1", "online_rate", "2023")["value"] == pytest.approx(0.5)


def test_scores_treat_the_invalid_kpi_as_missing(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ONLINE], [programme("nq", [goal("g_online", "online_rate", 0.8)])])
    result = assess(cat, three_tier, _dataset(THANH_SON))
    scores = result.scores.set_index(["unit", "period"])
    assert bool(scores.loc[("C11", "2023"), "missing"])
    assert math.isnan(scores.loc[("C11", "2023"), "score"])


def test_evaluate_and_rollup_take_the_flag_mask_of_the_dataset(three_tier: Units) -> None:
    cat = catalogue(FIELDS, [ONLINE])
    data = _dataset(THANH_SON)
    wide, flags = data.wide(), data.flag_mask()
    assert math.isnan(wide.loc[("C11", "2023"), "dossiers_online"])
    assert bool(flags.loc[("C11", "2023"), "dossiers_online"])
    own = evaluate(cat, three_tier, wide, flags=flags)
    assert value_of(own, "C11", "online_rate", "2023")["reason"] == "invalid_field:dossiers_online"
    # Without the mask the engine cannot tell a flagged value from a blank one.
    blind = evaluate(cat, three_tier, wide)
    assert value_of(blind, "C11", "online_rate", "2023")["reason"] == (
        "missing_field:dossiers_online")
    values, _ = rollup(cat, three_tier, wide, own, flags=flags)
    assert value_of(values, "D1", "online_rate", "2023")["value"] == pytest.approx(0.5)


def test_datasets_without_a_flag_column_behave_as_before() -> None:
    data = Dataset.from_records(
        [{"unit": "C11", "period": "2023", "field": "dossiers_total", "value": 100}]
    )
    assert data.flagged == {}
    assert not data.flag_mask().to_numpy().any()
    bare = Dataset(data.values.drop(columns="flag"))
    assert bare.wide().loc[("C11", "2023"), "dossiers_total"] == 100
    assert not bare.flag_mask().to_numpy().any() and bare.flagged == {}
