"""Roll-up along the hierarchy: ratio of sums, scope, coverage, other aggregations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chiso.catalogue.model import Catalogue
from chiso.engine.evaluate import evaluate
from chiso.engine.rollup import rollup
from chiso.findings import Findings
from chiso.units.model import Units
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

DOSSIERS = [field("received"), field("resolved"), field("on_time")]
DOSSIER_KPIS = [
    simple("received_total", "received", levels=["commune"]),
    simple("resolved_total", "resolved", levels=["commune"]),
    ratio("on_time_rate", "on_time", "resolved", levels=["commune"]),
]


def run(cat: Catalogue, units: Units, rows: dict) -> tuple[pd.DataFrame, Findings]:
    wide = wide_of(rows)
    return rollup(cat, units, wide, evaluate(cat, units, wide))


def test_province_reproduces_the_2019_dossier_figures(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, findings = run(
        cat,
        three_tier,
        {
            ("C11", "2019"): {"received": 50_000, "resolved": 48_800, "on_time": 47_600},
            ("C12", "2019"): {"received": 40_000, "resolved": 39_000, "on_time": 37_962},
            ("C21", "2019"): {"received": 28_200, "resolved": 27_400, "on_time": 26_700},
        },
    )
    # received 50,000 + 40,000 + 28,200 = 118,200; resolved 48,800 + 39,000 + 27,400 = 115,200
    assert value_of(values, "P", "received_total", "2019")["value"] == 118_200
    assert value_of(values, "P", "resolved_total", "2019")["value"] == 115_200
    # on time 47,600 + 37,962 + 26,700 = 112,262; 112,262 / 115,200 = 0.974496… → 97.45 %
    rate = value_of(values, "P", "on_time_rate", "2019")
    assert rate["value"] == pytest.approx(112_262 / 115_200)
    assert round(rate["value"], 4) == 0.9745
    assert rate["origin"] == "rollup"
    assert (rate["children_expected"], rate["children_reported"]) == (3, 3)
    assert bool(rate["coverage_complete"])
    # D1 = (47,600 + 37,962) / (48,800 + 39,000) = 85,562 / 87,800
    assert value_of(values, "D1", "on_time_rate", "2019")["value"] == pytest.approx(85_562 / 87_800)
    assert not findings


def _communes_225(with_districts: bool) -> Units:
    """Phú Thọ's 225 communes, directly under the province or in 13 districts."""
    rows: list[tuple[str, str, str | None]] = [("P", "province", None), ("DEP", "department", "P")]
    if with_districts:
        # 12 districts of 17 communes (204) and one of 21: 204 + 21 = 225
        sizes = [17] * 12 + [21]
        rows += [(f"D{d:02d}", "district", "P") for d in range(13)]
        parents = [f"D{d:02d}" for d, size in enumerate(sizes) for _ in range(size)]
    else:
        parents = ["P"] * 225
    rows += [(f"C{i:03d}", "commune", parent) for i, parent in enumerate(parents)]
    return units_of(*rows)


ESIGN = [field("esign_docs", kind="yes_no", levels=["commune"])]


def _esign_rows() -> dict:
    # The first 207 communes send signed e-documents, the last 18 do not.
    return {(f"C{i:03d}", "2021"): {"esign_docs": 1.0 if i < 207 else 0.0} for i in range(225)}


@pytest.mark.parametrize("with_districts", [False, True], ids=["2-tier", "3-tier"])
def test_207_of_225_communes_send_signed_documents(with_districts: bool) -> None:
    share = ratio("esign_share", "esign_docs", "1", levels=["commune"])
    cat = catalogue(ESIGN, [share])
    values, findings = run(cat, _communes_225(with_districts), _esign_rows())
    province = value_of(values, "P", "esign_share", "2021")
    # a yes/no over 1 sums to the number of communes: 207 yes / 225 communes = 0.92
    assert province["value"] == pytest.approx(0.92)
    assert (province["children_expected"], province["children_reported"]) == (225, 225)
    assert not findings


def test_a_district_counts_only_its_own_communes() -> None:
    share = ratio("esign_share", "esign_docs", "1", levels=["commune"])
    values, _ = run(catalogue(ESIGN, [share]), _communes_225(True), _esign_rows())
    # D12 holds communes 204…224; only 204, 205, 206 are below 207: 3 / 21
    last = value_of(values, "D12", "esign_share", "2021")
    assert last["value"] == pytest.approx(3 / 21)
    assert last["children_expected"] == 21


def test_yes_no_as_a_simple_kpi_rolled_up_by_mean_gives_the_same_share() -> None:
    kpi = simple("esign", "esign_docs", unit="yes_no", levels=["commune"], rollup="mean")
    values, _ = run(catalogue(ESIGN, [kpi]), _communes_225(False), _esign_rows())
    # mean of 207 ones and 18 zeros = 207 / 225 = 0.92
    assert value_of(values, "P", "esign", "2021")["value"] == pytest.approx(0.92)


def test_parent_is_the_ratio_of_sums_not_the_mean_of_ratios(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, _ = run(
        cat,
        three_tier,
        {
            ("C11", "2024"): {"resolved": 1000, "on_time": 900},  # 0.9
            ("C12", "2024"): {"resolved": 10, "on_time": 1},  # 0.1
        },
    )
    d1 = value_of(values, "D1", "on_time_rate")["value"]
    # (900 + 1) / (1000 + 10) = 901 / 1010 = 0.89208; the mean of ratios would be 0.5
    assert d1 == pytest.approx(901 / 1010)
    assert d1 != pytest.approx((0.9 + 0.1) / 2)


def test_derived_kpi_is_recomputed_from_summed_fields(three_tier: Units) -> None:
    kpis = [
        ratio("on_time_rate", "on_time", "resolved", levels=["commune"]),
        derived("late_share", "1 - on_time_rate", unit="percent", levels=["commune"]),
    ]
    values, _ = run(
        catalogue(DOSSIERS, kpis),
        three_tier,
        {
            ("C11", "2024"): {"resolved": 1000, "on_time": 900},  # late 0.1
            ("C12", "2024"): {"resolved": 10, "on_time": 1},  # late 0.9
        },
    )
    # 1 − 901/1010 = 109/1010 = 0.10792, not the mean of 0.1 and 0.9
    assert value_of(values, "D1", "late_share")["value"] == pytest.approx(109 / 1010)


def test_only_children_with_every_field_take_part(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, _ = run(
        cat,
        three_tier,
        {
            ("C11", "2024"): {"resolved": 100, "on_time": 50},
            ("C12", "2024"): {"resolved": 100},  # no on_time: left out of both sums
        },
    )
    rate = value_of(values, "D1", "on_time_rate")
    # 50 / 100, not 50 / 200
    assert rate["value"] == pytest.approx(0.5)
    assert (rate["children_expected"], rate["children_reported"]) == (2, 1)
    # the simple KPI needs only "resolved", which both reported: 100 + 100
    resolved = value_of(values, "D1", "resolved_total")
    assert resolved["value"] == 200
    assert bool(resolved["coverage_complete"])


def test_incomplete_coverage_gives_a_flagged_value_and_a_warning(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, [DOSSIER_KPIS[2]])
    values, findings = run(
        cat,
        three_tier,
        {
            ("C11", "2024"): {"resolved": 100, "on_time": 90},
            ("C21", "2024"): {"resolved": 100, "on_time": 70},
        },
    )
    d1 = value_of(values, "D1", "on_time_rate")
    assert d1["value"] == pytest.approx(0.9)
    assert not d1["coverage_complete"]
    province = value_of(values, "P", "on_time_rate")
    # (90 + 70) / (100 + 100) = 0.8 from 2 of 3 communes
    assert province["value"] == pytest.approx(0.8)
    assert (province["children_expected"], province["children_reported"]) == (3, 2)
    e101 = {(f.subject, f.message_en) for f in findings.by_code("E101")}
    assert e101 == {
        ("on_time_rate", "Đơn vị D1 (D1): KPI 'on_time_rate' for 2024 is rolled up from 1 of 2 "
         "units; the value is incomplete"),
        ("on_time_rate", "Đơn vị P (P): KPI 'on_time_rate' for 2024 is rolled up from 2 of 3 "
         "units; the value is incomplete"),
    }
    assert all(f.severity == "warning" for f in findings)
    assert any("1/2" in f.message_vi for f in findings)


def test_parent_with_no_reporting_child_has_no_value_and_says_so(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, findings = run(cat, three_tier, {("C11", "2024"): {"resolved": 5, "on_time": 5}})
    d2 = value_of(values, "D2", "on_time_rate")
    assert math.isnan(d2["value"])
    assert d2["reason"] == "no_children"
    assert (d2["children_expected"], d2["children_reported"]) == (1, 0)
    # D1 and P are given from 1 child of 2 (of 3); received_total is nowhere reported
    assert {f.subject for f in findings} == {"on_time_rate", "resolved_total"}
    assert not any("D2" in f.message_en for f in findings)  # nothing was given, nothing to flag


def test_units_without_children_in_scope_stay_not_applicable(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, _ = run(cat, three_tier, {("C11", "2024"): {"resolved": 5, "on_time": 5}})
    department = value_of(values, "DEP", "on_time_rate")
    assert department["reason"] == "not_applicable"
    assert department["origin"] == "reported"
    # the department is not a commune, so the province expects only the 3 communes
    assert value_of(values, "P", "on_time_rate")["children_expected"] == 3


@pytest.mark.parametrize(("rule", "expected"), [("missing", math.nan), ("one", 1.0), ("zero", 0.0)])
def test_zero_denominator_of_the_sums_follows_the_rule(
    three_tier: Units, rule: str, expected: float
) -> None:
    kpi = ratio("on_time_rate", "on_time", "resolved", levels=["commune"], on_zero_denominator=rule)
    values, _ = run(
        catalogue(DOSSIERS, [kpi]),
        three_tier,
        {
            ("C11", "2024"): {"resolved": 0, "on_time": 0},
            ("C12", "2024"): {"resolved": 0, "on_time": 0},
        },
    )
    d1 = value_of(values, "D1", "on_time_rate")
    if math.isnan(expected):
        assert math.isnan(d1["value"])
        assert d1["reason"] == "zero_denominator"
    else:
        assert d1["value"] == expected
    assert d1["children_reported"] == 2  # a zero is reported data


RATES = {
    ("C11", "2024"): {"a": 1, "b": 2, "pop": 1},  # 0.5
    ("C12", "2024"): {"a": 3, "b": 4, "pop": 3},  # 0.75
    ("C21", "2024"): {"a": 5, "b": 5, "pop": 4},  # 1.0
}


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("mean", (0.5 + 0.75 + 1.0) / 3),  # 0.75
        ("min", 0.5),
        ("max", 1.0),
        ("weighted_mean", (0.5 * 1 + 0.75 * 3 + 1.0 * 4) / (1 + 3 + 4)),  # 6.75 / 8 = 0.84375
        ("sum", (1 + 3 + 5) / (2 + 4 + 5)),  # 9 / 11, the default for comparison
    ],
)
def test_declared_aggregation_of_children_values(
    three_tier: Units, how: str, expected: float
) -> None:
    extra = {"rollup_weight": "pop"} if how == "weighted_mean" else {}
    kpi = ratio("r", "a", "b", levels=["commune"], rollup=how, **extra)
    cat = catalogue([field("a"), field("b"), field("pop")], [kpi])
    values, _ = run(cat, three_tier, RATES)
    province = value_of(values, "P", "r")
    assert province["value"] == pytest.approx(expected)
    assert province["children_reported"] == 3


def test_rollup_none_leaves_parents_not_applicable(three_tier: Units) -> None:
    kpi = ratio("r", "a", "b", levels=["commune"], rollup="none")
    values, findings = run(catalogue([field("a"), field("b")], [kpi]), three_tier, RATES)
    for parent in ("P", "D1", "D2"):
        assert value_of(values, parent, "r")["reason"] == "not_applicable"
    assert not findings


def test_a_unit_in_scope_that_reports_nothing_is_stood_in_for_by_its_children(
    three_tier: Units,
) -> None:
    # levels unset: every unit may report. D1 leaves it to its communes; D2 reports its
    # own dossiers (its one-stop shop) as does its commune C21.
    cat = catalogue(DOSSIERS, [ratio("on_time_rate", "on_time", "resolved")])
    values, _ = run(
        cat,
        three_tier,
        {
            ("C11", "2024"): {"resolved": 10, "on_time": 10},
            ("C12", "2024"): {"resolved": 10, "on_time": 5},
            ("D2", "2024"): {"resolved": 20, "on_time": 20},
            ("C21", "2024"): {"resolved": 10, "on_time": 9},
        },
    )
    d1 = value_of(values, "D1", "on_time_rate")
    assert (d1["origin"], d1["value"]) == ("rollup", pytest.approx(15 / 20))
    d2 = value_of(values, "D2", "on_time_rate")
    assert (d2["origin"], d2["value"]) == ("reported", 1.0)  # its own figure, not its commune's
    province = value_of(values, "P", "on_time_rate")
    # (10 + 5 + 20 + 9) / (10 + 10 + 20 + 10) = 44 / 50; D1 is stood in for by C11 and C12,
    # so the province expects DEP, C11, C12, D2, C21 = 5 and 4 reported (not DEP)
    assert province["value"] == pytest.approx(44 / 50)
    assert (province["children_expected"], province["children_reported"]) == (5, 4)


def test_every_period_is_rolled_up_on_its_own(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, _ = run(
        cat,
        three_tier,
        {
            ("C11", "2023"): {"received": 1},
            ("C12", "2023"): {"received": 2},
            ("C21", "2023"): {"received": 3},
            ("C11", "2024"): {"received": 10},
        },
    )
    assert value_of(values, "P", "received_total", "2023")["value"] == 6  # 1 + 2 + 3
    p2024 = value_of(values, "P", "received_total", "2024")
    assert p2024["value"] == 10
    assert (p2024["children_expected"], p2024["children_reported"]) == (3, 1)


def test_three_tier_and_two_tier_give_the_same_province_total(
    three_tier: Units, two_tier: Units
) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    before = {
        ("C11", "2024"): {"resolved": 300, "on_time": 290},
        ("C12", "2024"): {"resolved": 200, "on_time": 150},
        ("C21", "2024"): {"resolved": 100, "on_time": 100},
    }
    after = {("C1", "2025"): before[("C11", "2024")], ("C2", "2025"): before[("C12", "2024")],
             ("C3", "2025"): before[("C21", "2024")]}
    three, _ = run(cat, three_tier, before)
    two, _ = run(cat, two_tier, after)
    # (290 + 150 + 100) / (300 + 200 + 100) = 540 / 600 = 0.9
    assert value_of(three, "P", "on_time_rate")["value"] == pytest.approx(0.9)
    assert value_of(two, "P", "on_time_rate", "2025")["value"] == pytest.approx(0.9)
    assert value_of(two, "P", "on_time_rate", "2025")["children_expected"] == 3


def test_rollup_keeps_the_rows_and_order_of_evaluate(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    wide = wide_of(RATES | {("C11", "2023"): {"received": 1}})
    own = evaluate(cat, three_tier, wide)
    values, _ = rollup(cat, three_tier, wide, own)
    assert list(values.columns) == list(own.columns)
    assert values[["unit", "period", "kpi"]].equals(own[["unit", "period", "kpi"]])
    reported = values["origin"] == "reported"
    assert values.loc[reported, "value"].equals(own.loc[reported, "value"])


def test_rollup_spans_a_deep_hierarchy_with_skipped_levels() -> None:
    # A commune directly under the province next to a district with communes.
    units = units_of(
        ("P", "province", None),
        ("D1", "district", "P"),
        ("C1", "commune", "D1"),
        ("C2", "commune", "P"),
    )
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    values, _ = run(cat, units, {("C1", "2024"): {"received": 4}, ("C2", "2024"): {"received": 6}})
    assert value_of(values, "P", "received_total")["value"] == 10  # 4 + 6
    assert value_of(values, "D1", "received_total")["value"] == 4


def test_rollup_accepts_the_values_of_evaluate_in_any_row_order(three_tier: Units) -> None:
    cat = catalogue(DOSSIERS, DOSSIER_KPIS)
    wide = wide_of(RATES | {("C11", "2023"): {"received": 1, "resolved": 2, "on_time": 1}})
    own = evaluate(cat, three_tier, wide)
    in_order, _ = rollup(cat, three_tier, wide, own)
    shuffled, _ = rollup(cat, three_tier, wide, own.sample(frac=1.0, random_state=7))
    pd.testing.assert_frame_equal(in_order, shuffled)


def test_weighted_mean_with_zero_total_weight_is_a_zero_denominator(three_tier: Units) -> None:
    kpi = ratio("r", "a", "b", levels=["commune"], rollup="weighted_mean", rollup_weight="pop")
    cat = catalogue([field("a"), field("b"), field("pop")], [kpi])
    rows = {key: fields | {"pop": 0} for key, fields in RATES.items()}
    values, _ = run(cat, three_tier, rows)
    province = value_of(values, "P", "r")
    assert math.isnan(province["value"])
    assert province["reason"] == "zero_denominator"
    assert province["children_reported"] == 3


def test_mean_skips_children_whose_own_value_is_a_zero_denominator(three_tier: Units) -> None:
    kpi = ratio("r", "a", "b", levels=["commune"], rollup="mean")
    cat = catalogue([field("a"), field("b")], [kpi])
    rows = RATES | {("C21", "2024"): {"a": 0, "b": 0}}  # C21 reported, but 0/0
    values, _ = run(cat, three_tier, rows)
    province = value_of(values, "P", "r")
    # (0.5 + 0.75) / 2 = 0.625; C21 reported its fields, so coverage is complete
    assert province["value"] == pytest.approx(0.625)
    assert (province["children_expected"], province["children_reported"]) == (3, 3)


def test_weighted_mean_drops_the_weight_of_a_child_whose_ratio_has_no_value(
    three_tier: Units,
) -> None:
    kpi = ratio("r", "a", "b", levels=["commune"], rollup="weighted_mean", rollup_weight="pop")
    cat = catalogue([field("a"), field("b"), field("pop")], [kpi])
    # C21 reported every field, weight 4, but its ratio is 0/0: no value, so no weight
    rows = RATES | {("C21", "2024"): {"a": 0, "b": 0, "pop": 4}}
    values, _ = run(cat, three_tier, rows)
    province = value_of(values, "P", "r")
    # (0.5 · 1 + 0.75 · 3) / (1 + 3) = 2.75 / 4 = 0.6875 — not 2.75 / 8 = 0.34375
    assert province["value"] == pytest.approx(0.6875)
    assert (province["children_expected"], province["children_reported"]) == (3, 3)
    # D2's only commune is C21: nothing to weigh, so no value, and it says why
    d2 = value_of(values, "D2", "r")
    assert math.isnan(d2["value"])
    assert d2["reason"] == "zero_denominator"
