"""Progress toward deadlines: every class for every method, with the arithmetic by hand.

Unless a test says otherwise: baseline 0.40 at 2020, target >= 0.60 by 2025, so
the required CAGR is (0.60/0.40)^(1/5) − 1 = 1.5^0.2 − 1 = 0.0844718 and the
required linear change is 0.20 / 5 = 0.04 a year.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.catalogue.model import Baseline, Goal, LevelTarget, ProgressMethod
from chiso.engine.progress import PROGRESS_NOTES, assess_progress
from chiso.engine.result import PROGRESS_COLUMNS, PROGRESS_STATUSES
from chiso.engine.targets import meets_one as meets
from chiso.engine.trend import assess_series, cagr, growth_breakdown

REQUIRED_CAGR = 1.5**0.2 - 1  # 0.0844718


def judge(latest: float, *, method: str = "eurostat", **kw: object) -> object:
    """Baseline 0.40 (2020), one later value at 2022, target >= 0.60 by 2025, percent KPI."""
    options: dict[str, object] = {
        "target": 0.60,
        "comparison": ">=",
        "deadline": 2025.0,
        "method": method,
        "percent": True,
    }
    options.update(kw)
    return assess_series([2020.0, 2022.0], [0.40, latest], **options)  # type: ignore[arg-type]


# --- building blocks ---------------------------------------------------------------


def test_cagr_of_a_doubling_over_two_years_is_sqrt2_minus_1() -> None:
    # (2/1)^(1/2) − 1 = 0.41421
    assert cagr(1.0, 2.0, 2.0) == pytest.approx(math.sqrt(2) - 1)


@pytest.mark.parametrize(
    ("value", "target", "comparison", "expected"),
    [
        (0.8, 0.8, ">=", True),
        (0.8, 0.8, ">", False),
        (5, 5, "<=", True),
        (4.9, 5, "<", True),
        (1.0, 1.0, "==", True),
        (0.1 + 0.2, 0.3, "==", True),
        (0.9999, 1.0, ">=", False),
    ],
)
def test_meets_respects_the_comparison(
    value: float, target: float, comparison: str, expected: bool
) -> None:
    assert meets(value, target, comparison) is expected


def test_growth_breaks_down_at_zero_and_near_the_percent_bounds() -> None:
    assert growth_breakdown(0.0, 0.3, 0.5, percent=True) == "non_positive_value"
    assert growth_breakdown(10, 8, 0, percent=False) == "non_positive_value"
    assert growth_breakdown(0.6, 0.8, 1.0, percent=True) == "percent_near_bound"
    assert growth_breakdown(0.995, 0.97, 0.5, percent=True) == "percent_near_bound"
    # the same numbers are fine when they are not a 0–1 share
    assert growth_breakdown(0.6, 0.8, 1.0, percent=False) is None
    assert growth_breakdown(0.4, 0.5, 0.6, percent=True) is None


# --- eurostat (Open SDG) --------------------------------------------------------------


def test_eurostat_on_track() -> None:
    # observed (0.50/0.40)^(1/2) − 1 = 0.1180340; ratio 0.1180340 / 0.0844718 = 1.39732 ≥ 0.95
    result = judge(0.50)
    assert result.status == "on_track"
    assert result.observed_rate == pytest.approx(0.1180340, abs=1e-7)
    assert result.required_rate == pytest.approx(REQUIRED_CAGR)
    assert result.indicator == pytest.approx(1.39732, abs=1e-5)
    # projected 0.50 · 1.1180340^3 = 0.698771
    assert result.projected_value == pytest.approx(0.698771, abs=1e-6)
    assert result.n_points == 2
    assert result.fallback is None


def test_eurostat_acceleration_needed_is_at_risk() -> None:
    # observed (0.46/0.40)^(1/2) − 1 = 0.0723805; ratio 0.85686 in [0.60, 0.95)
    result = judge(0.46)
    assert (result.status, result.note) == ("at_risk", "acceleration_needed")
    assert result.indicator == pytest.approx(0.85686, abs=1e-5)


def test_eurostat_limited_progress_is_off_track_and_says_so() -> None:
    # observed (0.42/0.40)^(1/2) − 1 = 0.0246951; ratio 0.29235 in [0, 0.60)
    result = judge(0.42)
    assert (result.status, result.note) == ("off_track", "limited_progress")
    assert result.indicator == pytest.approx(0.29235, abs=1e-5)


def test_eurostat_deterioration_is_off_track() -> None:
    # observed (0.38/0.40)^(1/2) − 1 = −0.0253206; ratio −0.29975 < 0
    result = judge(0.38)
    assert (result.status, result.note) == ("off_track", "deterioration")
    assert result.indicator == pytest.approx(-0.29975, abs=1e-5)


def test_eurostat_lower_is_better_uses_the_sign_of_the_required_rate() -> None:
    # wait days 10 (2020) → 8 (2022), target <= 5 by 2025
    # observed 0.8^(1/2) − 1 = −0.1055728; required 0.5^(1/5) − 1 = −0.1294494
    # ratio −0.1055728 / −0.1294494 = 0.81555 → acceleration needed
    result = assess_series(
        [2020, 2022], [10, 8], target=5, comparison="<=", deadline=2025, method="eurostat"
    )
    assert result.status == "at_risk"
    assert result.indicator == pytest.approx(0.81555, abs=1e-5)
    assert result.observed_rate == pytest.approx(-0.1055728, abs=1e-7)


def test_eurostat_lower_is_better_rising_value_is_deterioration() -> None:
    # 10 → 11: observed 1.1^(1/2) − 1 = +0.0488; ratio = 0.0488 / −0.1294 < 0
    result = assess_series([2020, 2022], [10, 11], target=5, comparison="<=", deadline=2025)
    assert (result.status, result.note) == ("off_track", "deterioration")


# --- unsd (projected value) ---------------------------------------------------------


def test_unsd_on_track() -> None:
    # projected 0.698771 (see eurostat test); P = (0.698771 − 0.40)/(0.60 − 0.40) = 1.49386
    result = judge(0.50, method="unsd")
    assert result.status == "on_track"
    assert result.indicator == pytest.approx(1.49386, abs=1e-5)


def test_unsd_acceleration_needed_where_eurostat_sees_limited_progress() -> None:
    # 0.42: observed 0.0246951; projected 0.42 · 1.0246951^3 = 0.451891
    # P = 0.051891 / 0.20 = 0.25945 in [0.10, 0.95)
    result = judge(0.42, method="unsd")
    assert (result.status, result.note) == ("at_risk", "acceleration_needed")
    assert result.projected_value == pytest.approx(0.451891, abs=1e-6)
    assert result.indicator == pytest.approx(0.25945, abs=1e-5)


def test_unsd_stagnation_is_off_track() -> None:
    # 0.40 → 0.40: observed 0, projected 0.40, P = 0 < 0.10
    result = judge(0.40, method="unsd")
    assert (result.status, result.note) == ("off_track", "stagnation_or_regression")
    assert result.indicator == pytest.approx(0.0)


def test_unsd_projection_of_a_percent_is_capped_at_one() -> None:
    # 0.50 (2020) → 0.90 (2022), target 0.95: observed 1.8^(1/2) − 1 = 0.341641;
    # projected 0.90 · 1.341641^3 = 2.1735 → capped at 1; P = (1 − 0.50)/(0.95 − 0.50) = 1.1111
    result = assess_series(
        [2020, 2022],
        [0.50, 0.90],
        target=0.95,
        comparison=">=",
        deadline=2025,
        method="unsd",
        percent=True,
    )
    assert result.projected_value == 1.0
    assert result.indicator == pytest.approx(1.11111, abs=1e-5)
    assert result.status == "on_track"


# --- linear ----------------------------------------------------------------------


def test_linear_limited_progress_and_behind_schedule() -> None:
    # 100 (2020) → 130 (2023), target 200 by 2025
    # observed 30/3 = 10 a year; required 100/5 = 20 a year; ratio 0.5 → off track
    # actual progress 30/100 = 0.3 < expected 3/5 = 0.6 → not ahead
    result = assess_series(
        [2020, 2023], [100, 130], target=200, comparison=">=", deadline=2025, method="linear"
    )
    assert (result.status, result.note) == ("off_track", "limited_progress")
    assert (result.observed_rate, result.required_rate) == (10, 20)
    assert result.indicator == pytest.approx(0.5)
    assert result.projected_value == pytest.approx(150)  # 130 + 10 · 2
    assert (result.actual_progress, result.expected_progress) == (pytest.approx(0.3), 0.6)
    assert result.ahead_of_schedule is False
    assert result.fallback is None


def test_linear_on_quarters_uses_the_end_of_period_time_axis() -> None:
    # 100 at "2023" (2023.0) → 110 at "2024-Q2" (2023.5), target 200 by 2025 (2025.0)
    # observed 10 / 0.5 = 20 a year; required 100 / 2 = 50 a year; ratio 0.4
    result = assess_series(
        [2023.0, 2023.5], [100, 110], target=200, comparison=">=", deadline=2025, method="linear"
    )
    assert result.indicator == pytest.approx(0.4)
    assert result.status == "off_track"


# --- fallbacks: zero baselines and targets near 0 % / 100 % ------------------------------


def test_target_of_100_percent_falls_back_to_linear() -> None:
    # 0.60 (2020) → 0.80 (2022), target 1.0 by 2025
    # observed 0.20/2 = 0.10 a year; required 0.40/5 = 0.08; ratio 1.25 → on track
    # projected 0.80 + 0.10 · 3 = 1.10 → capped at 1
    result = assess_series(
        [2020, 2022], [0.60, 0.80], target=1.0, comparison=">=", deadline=2025, percent=True
    )
    assert result.fallback == "percent_near_bound"
    assert result.indicator == pytest.approx(1.25)
    assert result.status == "on_track"
    assert result.projected_value == 1.0


def test_near_100_percent_slow_climb_is_at_risk() -> None:
    # 0.95 (2020) → 0.965 (2022), target 1.0 by 2025
    # observed 0.015/2 = 0.0075 a year; required 0.05/5 = 0.01; ratio 0.75 → acceleration needed
    result = assess_series(
        [2020, 2022], [0.95, 0.965], target=1.0, comparison=">=", deadline=2025, percent=True
    )
    assert result.fallback == "percent_near_bound"
    assert result.indicator == pytest.approx(0.75)
    assert result.status == "at_risk"


def test_99_9_percent_is_not_100_percent() -> None:
    result = assess_series(
        [2020, 2022], [0.95, 0.999], target=1.0, comparison=">=", deadline=2025, percent=True
    )
    assert result.status != "achieved"
    exactly = assess_series(
        [2020, 2022], [0.95, 1.0], target=1.0, comparison=">=", deadline=2025, percent=True
    )
    assert exactly.status == "achieved"


def test_zero_baseline_falls_back_to_linear_without_substitute_numbers() -> None:
    # e-services 0 (2020) → 20 (2022), target 100 by 2025
    # observed 20/2 = 10 a year; required 100/5 = 20; ratio 0.5 → limited progress
    result = assess_series([2020, 2022], [0, 20], target=100, comparison=">=", deadline=2025)
    assert result.fallback == "non_positive_value"
    assert (result.observed_rate, result.required_rate) == (10, 20)
    assert (result.status, result.note) == ("off_track", "limited_progress")


@pytest.mark.parametrize("method", ["eurostat", "unsd"])
def test_lower_is_better_target_of_zero_falls_back_to_linear(method: str) -> None:
    # paper share 0.50 (2020) → 0.30 (2022), target <= 0 by 2025
    # observed −0.20/2 = −0.10 a year; required −0.50/5 = −0.10; ratio (= P) 1.0 → on track
    # projected 0.30 − 0.10 · 3 = 0.0
    result = assess_series(
        [2020, 2022],
        [0.50, 0.30],
        target=0.0,
        comparison="<=",
        deadline=2025,
        method=method,
        percent=True,
    )
    assert result.fallback == "non_positive_value"
    assert result.indicator == pytest.approx(1.0)
    assert result.status == "on_track"
    assert result.projected_value == pytest.approx(0.0, abs=1e-12)


# --- achieved, not assessable and the special cases ----------------------------------


def test_value_meeting_the_target_is_achieved_and_ahead() -> None:
    # 0.65 ≥ 0.60 in 2022, before the 2025 deadline
    result = judge(0.65)
    assert result.status == "achieved"
    assert result.ahead_of_schedule is True
    # actual (0.65 − 0.40)/0.20 = 1.25; expected 2/5 = 0.4
    assert result.actual_progress == pytest.approx(1.25)


def test_a_single_point_meeting_the_target_is_achieved() -> None:
    result = assess_series([2022], [0.7], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.n_points) == ("achieved", 1)


def test_a_single_point_without_baseline_is_not_assessable() -> None:
    result = assess_series([2022], [0.5], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.note, result.n_points) == ("not_assessable", "too_few_points", 1)


def test_no_value_is_not_assessable() -> None:
    result = assess_series(
        [2021, 2022], [math.nan, math.nan], target=0.6, comparison=">=", deadline=2025
    )
    assert (result.status, result.note, result.n_points) == ("not_assessable", "no_value", 0)


def test_declared_baseline_makes_a_single_value_assessable() -> None:
    # declared 0.40 at 2020 plus the 2022 value 0.50: the on-track case above
    result = assess_series(
        [2022], [0.50], target=0.6, comparison=">=", deadline=2025, baseline=(2020.0, 0.40)
    )
    assert (result.status, result.n_points) == ("on_track", 2)
    assert result.indicator == pytest.approx(1.39732, abs=1e-5)


def test_observations_before_a_declared_baseline_are_ignored() -> None:
    result = assess_series(
        [2019, 2020, 2022],
        [0.1, 0.3, 0.5],
        target=0.6,
        comparison=">=",
        deadline=2025,
        baseline=(2020.0, 0.40),
    )
    assert result.n_points == 2
    assert result.indicator == pytest.approx(1.39732, abs=1e-5)


def test_ahead_of_schedule_compares_distance_covered_with_time_used() -> None:
    # 0.40 → 0.55: actual 0.15/0.20 = 0.75; expected (2022 − 2020)/(2025 − 2020) = 0.4
    result = judge(0.55)
    assert result.actual_progress == pytest.approx(0.75)
    assert result.expected_progress == pytest.approx(0.4)
    assert result.ahead_of_schedule is True


def test_missed_deadline_is_not_achieved() -> None:
    result = assess_series([2020, 2026], [0.40, 0.59], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.note) == ("not_achieved", "deadline_passed")


def test_falling_back_below_a_target_met_at_baseline_is_off_track() -> None:
    result = assess_series([2020, 2022], [0.70, 0.55], target=0.6, comparison=">=", deadline=2025)
    assert (result.status, result.note) == ("off_track", "regressed_from_target")


def test_deadline_before_baseline_is_judged_as_passed() -> None:
    # the catalogue rejects such a goal (K209); the engine still says something true
    result = assess_series([2020, 2022], [0.4, 0.5], target=0.6, comparison=">=", deadline=2019)
    assert (result.status, result.note) == ("not_achieved", "deadline_passed")


def test_every_note_and_fallback_key_has_both_languages() -> None:
    keys = {"no_value", "too_few_points", "limited_progress", "deterioration", "percent_near_bound"}
    assert keys <= set(PROGRESS_NOTES)
    assert all(set(texts) == {"vi", "en"} for texts in PROGRESS_NOTES.values())


# --- the progress frame ----------------------------------------------------------


def test_progress_frame_has_one_row_per_goal_and_applicable_unit(
    units, catalogue_of, values_of
) -> None:  # type: ignore[no-untyped-def]
    goals = [
        Goal(
            id="online",
            kpi="online_rate",
            value=0.6,
            deadline=2025,
            by_level={"commune": LevelTarget(value=0.5, baseline=Baseline(value=0.2, period=2020))},
        ),
        Goal(id="services", kpi="eservices", value=100, deadline="2025"),
    ]
    catalogue = catalogue_of(goals, method=ProgressMethod.LINEAR)
    values = values_of(
        [
            ("D1", "2020", "online_rate", 0.40),
            ("D1", "2022", "online_rate", 0.50),
            ("D1", "2023", "online_rate", math.nan),  # the latest period has no value
            ("C1", "2023", "online_rate", 0.35),
            ("D2", "2022", "eservices", 20),
            ("D2", "2023", "eservices", 40),
        ]
    )
    progress = assess_progress(catalogue, units, values)
    assert list(progress.columns) == PROGRESS_COLUMNS
    # online: all 6 units; eservices: the 3 districts only
    assert len(progress) == 6 + 3
    row = progress.set_index(["goal", "unit"]).loc[("online", "D1")]
    # 2023 is the period assessed and D1 has no value then: not judged on 2022's
    assert (row["period"], row["status"], row["note"]) == ("2023", "not_assessable",
                                                           "latest_missing")
    commune = progress.set_index(["goal", "unit"]).loc[("online", "C1")]
    # commune target 0.5 with baseline 0.2 at 2020: 0.15/3 = 0.05 against 0.30/5 = 0.06 → 0.8333
    assert (commune["target"], commune["baseline_value"]) == (0.5, 0.2)
    assert commune["indicator"] == pytest.approx(0.05 / 0.06)
    assert commune["status"] == "at_risk"
    silent = progress.set_index(["goal", "unit"]).loc[("online", "D3")]
    assert silent["status"] == "not_assessable"
    assert math.isnan(silent["value"])
    assert pd.isna(silent["ahead_of_schedule"])
    # D2 eservices: 20 → 40 from 2022 to 2023 (baseline = earliest observed); 20 a year
    # against (100 − 20)/3 = 26.67 → 0.75 → at risk
    services = progress.set_index(["goal", "unit"]).loc[("services", "D2")]
    assert services["indicator"] == pytest.approx(20 / (80 / 3))
    assert services["status"] == "at_risk"
    assert services["deadline"] == "2025"


# --- every class under every method -----------------------------------------------


@pytest.mark.parametrize("method", ["eurostat", "unsd", "linear"])
def test_achieved_and_not_assessable_do_not_depend_on_the_method(method: str) -> None:
    assert judge(0.60, method=method).status == "achieved"  # 0.60 >= 0.60
    single = assess_series([2022], [0.5], target=0.6, comparison=">=", deadline=2025, method=method)
    assert single.status == "not_assessable"


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        # linear: observed (x − 0.40)/2 against required 0.04 a year
        (0.48, "on_track", 1.0),  # 0.04 / 0.04
        (0.46, "at_risk", 0.75),  # 0.03 / 0.04
        (0.42, "off_track", 0.25),  # 0.01 / 0.04
        (0.36, "off_track", -0.5),  # −0.02 / 0.04
    ],
)
def test_linear_classes(latest: float, status: str, ratio: float) -> None:
    result = judge(latest, method="linear")
    assert result.status == status
    assert result.indicator == pytest.approx(ratio)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    x0=finite,
    xt=finite,
    target=finite,
    comparison=st.sampled_from(["<=", ">=", "<", ">", "=="]),
    method=st.sampled_from(["eurostat", "unsd", "linear"]),
    percent=st.booleans(),
)
def test_any_series_gets_a_known_status(
    x0: float, xt: float, target: float, comparison: str, method: str, percent: bool
) -> None:
    result = assess_series(
        [2020, 2022],
        [x0, xt],
        target=target,
        comparison=comparison,
        deadline=2025,
        method=method,
        percent=percent,
    )
    assert result.status in PROGRESS_STATUSES
    if (
        result.status in ("on_track", "at_risk", "off_track")
        and result.note != "regressed_from_target"
    ):
        assert not math.isnan(result.indicator)


def test_every_progress_row_and_its_summary_count_are_at_the_latest_period(
    units, catalogue_of, values_of
) -> None:  # type: ignore[no-untyped-def]
    from chiso.engine.compliance import compliance, goal_summary

    catalogue = catalogue_of([Goal(id="online", kpi="online_rate", value=0.6, deadline=2025)])
    values = values_of(
        [
            ("D1", "2021", "online_rate", 0.40),
            ("D1", "2023", "online_rate", 0.50),
            ("D2", "2022", "online_rate", 0.45),
            ("D2", "2023", "online_rate", 0.62),
            # D3 has rows but no value in any period; P, C1 and C2 have no rows at all
            ("D3", "2021", "online_rate", math.nan),
            ("D3", "2023", "online_rate", math.nan),
        ]
    )
    progress = assess_progress(catalogue, units, values)
    # one row per unit, each at 2023 — the units with no value too, not at 2021
    assert dict(zip(progress["unit"], progress["period"], strict=True)) == {
        code: "2023" for code in ("P", "D1", "D2", "D3", "C1", "C2")
    }
    summary = goal_summary(catalogue, units, compliance(catalogue, units, values), progress)
    at = summary.set_index(["unit", "period"])
    assert int(at.loc[("D3", "2023"), "not_assessable"]) == 1
    assert int(at.loc[("D2", "2023"), "achieved"]) == 1  # 0.62 ≥ 0.60
    assert int(at.loc[("D1", "2023"), "on_track"]) == 1
    # earlier periods are not classified: NA counts, not a misplaced 1
    assert pd.isna(at.loc[("D1", "2021"), "not_assessable"])
