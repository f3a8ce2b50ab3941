"""Scores, weights, missing-data rules, composite and ranks, with the arithmetic by hand.

The base programme has three goals on three districts, one period (2024):

    goal         KPI          group  target   D1     D2     D3
    g_online     online_rate  gov    >= 0.8   0.60   0.80   0.40
    g_wait       wait_days    gov    <= 5     8      4      10
    g_broadband  broadband    soc    >= 50    60     25     50
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.catalogue.model import (
    Baseline,
    Catalogue,
    Goal,
    MissingRule,
    ScoreMethod,
    Scoring,
    TieRule,
)
from chiso.engine.progress import assess_progress
from chiso.engine.result import COMPOSITE_COLUMNS, GROUP_SCORES_COLUMNS, SCORES_COLUMNS
from chiso.engine.scoring import attainment_score, programme_scores
from chiso.units.model import Unit, Units
from tests.kit import SCORING_KPIS, programme_catalogue, values_frame


def goals(**baselines: Baseline) -> list[Goal]:
    return [
        Goal(
            id="g_online",
            kpi="online_rate",
            value=0.8,
            deadline=2025,
            baseline=baselines.get("g_online"),
        ),
        Goal(
            id="g_wait",
            kpi="wait_days",
            comparison="<=",
            value=5,
            deadline=2025,
            baseline=baselines.get("g_wait"),
        ),
        Goal(id="g_broadband", kpi="broadband", value=50, deadline=2025),
    ]


BASE_ROWS = [
    ("D1", "2024", "online_rate", 0.60),
    ("D2", "2024", "online_rate", 0.80),
    ("D3", "2024", "online_rate", 0.40),
    ("D1", "2024", "wait_days", 8),
    ("D2", "2024", "wait_days", 4),
    ("D3", "2024", "wait_days", 10),
    ("D1", "2024", "broadband", 60),
    ("D2", "2024", "broadband", 25),
    ("D3", "2024", "broadband", 50),
]


def run(
    catalogue: Catalogue, units: Units, rows: list[tuple[str, str, str, float]] = BASE_ROWS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return programme_scores(catalogue, units, values_frame(rows))


def by_unit(frame: pd.DataFrame, period: str = "2024") -> pd.DataFrame:
    return frame[frame["period"] == period].set_index("unit")


def goal_scores(scores: pd.DataFrame, goal: str, period: str = "2024") -> dict[str, float]:
    part = scores[(scores["goal"] == goal) & (scores["period"] == period)]
    return dict(zip(part["unit"], part["score"], strict=True))


# --- attainment, composite, ranks ------------------------------------------------------


def test_frames_follow_the_column_contract(districts: Units) -> None:
    scores, composite, groups = run(programme_catalogue(goals()), districts)
    assert list(scores.columns) == SCORES_COLUMNS
    assert list(composite.columns) == COMPOSITE_COLUMNS
    assert list(groups.columns) == GROUP_SCORES_COLUMNS
    assert len(scores) == 3 * 3 and len(composite) == 3 and len(groups) == 3 * 2


def test_attainment_scores_respect_direction_and_cap(districts: Units) -> None:
    scores, _, _ = run(programme_catalogue(goals()), districts)
    # online: 0.60/0.80 = 75; 0.80/0.80 = 100; 0.40/0.80 = 50
    assert goal_scores(scores, "g_online") == pytest.approx({"D1": 75.0, "D2": 100.0, "D3": 50.0})
    # wait (lower is better): 5/8 = 62.5; 4 ≤ 5 → 100; 5/10 = 50
    assert goal_scores(scores, "g_wait") == pytest.approx({"D1": 62.5, "D2": 100.0, "D3": 50.0})
    # broadband: 60/50 capped → 100; 25/50 = 50; 50/50 = 100
    assert goal_scores(scores, "g_broadband") == pytest.approx(
        {"D1": 100.0, "D2": 50.0, "D3": 100.0}
    )


def test_composite_is_the_mean_of_group_means_with_competition_ranks(districts: Units) -> None:
    _, composite, groups = run(programme_catalogue(goals()), districts)
    # D1: gov (75 + 62.5)/2 = 68.75, soc 100 → (68.75 + 100)/2 = 84.375
    # D2: gov (100 + 100)/2 = 100, soc 50 → 75;  D3: gov (50 + 50)/2 = 50, soc 100 → 75
    c = by_unit(composite)
    assert c["score"].to_dict() == pytest.approx({"D1": 84.375, "D2": 75.0, "D3": 75.0})
    assert c["rank"].tolist() == [1, 2, 2]  # "1224"
    assert c["rank_overall"].tolist() == [1, 2, 2]
    assert c["tied"].tolist() == [False, True, True]
    assert c["n_scored"].tolist() == [3, 3, 3] and c["n_missing"].tolist() == [0, 0, 0]
    gov = groups[groups["group"] == "gov"].set_index("unit")
    assert gov["score"].to_dict() == pytest.approx({"D1": 68.75, "D2": 100.0, "D3": 50.0})
    assert gov["rank"].tolist() == [2, 1, 3]


@pytest.mark.parametrize(
    ("ties", "expected"), [(TieRule.DENSE, [1, 2, 2]), (TieRule.MAX, [1, 3, 3])]
)
def test_programme_tie_rule_is_used(districts: Units, ties: TieRule, expected: list[int]) -> None:
    _, composite, _ = run(programme_catalogue(goals(), scoring=Scoring(ties=ties)), districts)
    assert by_unit(composite)["rank"].tolist() == expected


def test_goal_weights_weight_the_group_mean(districts: Units) -> None:
    scoring = Scoring(weights={"g_online": 3, "wait_days": 1})  # by goal id and by KPI id
    scores, composite, _ = run(programme_catalogue(goals(), scoring=scoring), districts)
    # D1 gov: (3 · 75 + 1 · 62.5)/4 = 71.875; composite (71.875 + 100)/2 = 85.9375
    assert by_unit(composite).loc["D1", "score"] == pytest.approx(85.9375)
    assert set(scores.loc[scores["goal"] == "g_online", "weight"]) == {3.0}


def test_goal_weight_field_is_the_fallback_weight(districts: Units) -> None:
    weighted = [g.model_copy(update={"weight": 3.0}) if g.id == "g_online" else g for g in goals()]
    _, composite, _ = run(programme_catalogue(weighted), districts)
    assert by_unit(composite).loc["D1", "score"] == pytest.approx(85.9375)  # as above


def test_group_weights_weight_the_composite(districts: Units) -> None:
    scoring = Scoring(group_weights={"gov": 3, "soc": 1})
    _, composite, _ = run(programme_catalogue(goals(), scoring=scoring), districts)
    # D1: (3 · 68.75 + 1 · 100)/4 = 76.5625; D2: (300 + 50)/4 = 87.5; D3: (150 + 100)/4 = 62.5
    c = by_unit(composite)
    assert c["score"].to_dict() == pytest.approx({"D1": 76.5625, "D2": 87.5, "D3": 62.5})
    assert c["rank"].tolist() == [2, 1, 3]


def test_level_target_is_used_for_the_units_level(units: Units) -> None:
    goal = Goal(
        id="g_online", kpi="online_rate", value=0.8, deadline=2025, by_level={"commune": 0.5}
    )
    rows = [("C1", "2024", "online_rate", 0.40), ("D1", "2024", "online_rate", 0.40)]
    scores, composite, _ = run(programme_catalogue([goal]), units, rows)
    # commune 0.40/0.50 = 80; district 0.40/0.80 = 50
    assert goal_scores(scores, "g_online")["C1"] == pytest.approx(80.0)
    assert goal_scores(scores, "g_online")["D1"] == pytest.approx(50.0)
    c = by_unit(composite)
    # ranks within level: each is first among its level's reporters; overall C1 before D1
    assert (c.loc["C1", "rank"], c.loc["D1", "rank"]) == (1, 1)
    assert (c.loc["C1", "rank_overall"], c.loc["D1", "rank_overall"]) == (1, 2)


def test_attainment_with_a_zero_target() -> None:
    # lower is better, target 0: met (0) → 100, anything above → 0
    result = attainment_score(np.array([0.0, 3.0]), np.array([0.0, 0.0]), higher=False)
    assert result.tolist() == [100.0, 0.0]
    # higher is better, target 0: any non-negative value meets it
    assert attainment_score(np.array([0.0, 2.0]), np.array([0.0, 0.0]), higher=True).tolist() == [
        100.0,
        100.0,
    ]


# --- the other methods -------------------------------------------------------------


def test_minmax_with_declared_and_default_goalposts(districts: Units) -> None:
    scoring = Scoring(method=ScoreMethod.MINMAX, goalposts={"g_broadband": (20, 70)})
    catalogue = programme_catalogue(goals(g_wait=Baseline(value=12, period=2020)), scoring=scoring)
    scores, _, _ = run(catalogue, districts)
    # broadband (20, 70): (60 − 20)/50 = 80; 25 → 5/50 = 10; 50 → 30/50 = 60
    assert goal_scores(scores, "g_broadband") == pytest.approx({"D1": 80.0, "D2": 10.0, "D3": 60.0})
    # online default (0, 0.8): 0.60/0.80 = 75
    assert goal_scores(scores, "g_online")["D1"] == pytest.approx(75.0)
    # wait, lower is better, default (target 5, baseline 12): (12 − 8)/7 = 57.142857; 4 → capped 100
    assert goal_scores(scores, "g_wait") == pytest.approx(
        {"D1": 400 / 7, "D2": 100.0, "D3": 200 / 7}
    )


def test_minmax_lower_is_better_without_goalposts_or_baseline_is_unscorable(
    districts: Units,
) -> None:
    scores, composite, _ = run(
        programme_catalogue(goals(), scoring=Scoring(method=ScoreMethod.MINMAX)), districts
    )
    wait = scores[scores["goal"] == "g_wait"]
    assert wait["score"].isna().all()
    assert not wait["missing"].any()  # the value is there; the goal has no worst goalpost
    # D1 composite over what is scorable: gov 75, soc 100 → 87.5
    assert by_unit(composite).loc["D1", "score"] == pytest.approx(87.5)


def test_distance_to_target_with_declared_baseline(districts: Units) -> None:
    catalogue = programme_catalogue(
        goals(g_online=Baseline(value=0.4, period=2020), g_wait=Baseline(value=12, period=2020)),
        scoring=Scoring(method=ScoreMethod.DISTANCE),
    )
    scores, _, _ = run(catalogue, districts)
    # online: span |0.8 − 0.4| = 0.4; D1 short 0.2 → 1 − 0.5 = 50; D2 → 100; D3 short 0.4 → 0
    assert goal_scores(scores, "g_online") == pytest.approx({"D1": 50.0, "D2": 100.0, "D3": 0.0})
    # wait: span 7; D1 shortfall 8 − 5 = 3 → 1 − 3/7 = 57.142857; D3 shortfall 5 → 2/7 = 28.571429
    assert goal_scores(scores, "g_wait") == pytest.approx(
        {"D1": 400 / 7, "D2": 100.0, "D3": 200 / 7}
    )


def test_distance_without_baseline_uses_the_units_earliest_value(districts: Units) -> None:
    goal = Goal(id="g_online", kpi="online_rate", value=0.8, deadline=2025)
    rows = [("D1", "2023", "online_rate", 0.50), ("D1", "2024", "online_rate", 0.60)]
    scores, _, _ = run(
        programme_catalogue([goal], scoring=Scoring(method=ScoreMethod.DISTANCE)), districts, rows
    )
    # baseline 0.50, span 0.30: 2024 shortfall 0.20 → 1 − 2/3 = 33.33; 2023 shortfall 0.30 → 0
    assert goal_scores(scores, "g_online", "2024")["D1"] == pytest.approx(100 / 3)
    assert goal_scores(scores, "g_online", "2023")["D1"] == pytest.approx(0.0)


def test_rank_method_is_a_percentile_within_level(districts: Units) -> None:
    scores, composite, _ = run(
        programme_catalogue(goals(), scoring=Scoring(method=ScoreMethod.RANK)), districts
    )
    # online: D2 0.8 (1st), D1 0.6 (2nd), D3 0.4 (3rd); n = 3 → 100·(3 − r)/2 = 100, 50, 0
    assert goal_scores(scores, "g_online") == pytest.approx({"D1": 50.0, "D2": 100.0, "D3": 0.0})
    # wait, lower is better: D2 4, D1 8, D3 10 → same
    assert goal_scores(scores, "g_wait") == pytest.approx({"D1": 50.0, "D2": 100.0, "D3": 0.0})
    # broadband: D1 60 (1st), D3 50 (2nd), D2 25 (3rd)
    assert goal_scores(scores, "g_broadband") == pytest.approx({"D1": 100.0, "D2": 0.0, "D3": 50.0})
    # D1: gov 50, soc 100 → 75; D2: gov 100, soc 0 → 50; D3: gov 0, soc 50 → 25
    assert by_unit(composite)["score"].to_dict() == pytest.approx(
        {"D1": 75.0, "D2": 50.0, "D3": 25.0}
    )


def test_rank_method_gives_a_lone_reporting_unit_100_and_the_silent_ones_nothing(
    districts: Units,
) -> None:
    # only D2 reports the online rate: n = 1, so 100·(n − r)/(n − 1) is 0/0; the module
    # says a lone unit scores 100. D1 and D3 have no value and no score.
    rows = [("D2", "2024", "online_rate", 0.8), ("D1", "2024", "online_rate", math.nan),
            ("D3", "2024", "online_rate", math.nan)]
    catalogue = programme_catalogue(goals()[:1], scoring=Scoring(method=ScoreMethod.RANK))
    scores, _, _ = run(catalogue, districts, rows)
    online = scores.set_index("unit")["score"]
    assert online["D2"] == 100.0
    assert math.isnan(online["D1"]) and math.isnan(online["D3"])


# --- missing data ----------------------------------------------------------------------

# 2023: the base values except D1's online rate 0.40; 2024: the base values except D1's
# online rate, which cannot be computed (NaN).
TWO_PERIODS = [
    *[(u, "2023", k, 0.40 if (u, k) == ("D1", "online_rate") else v) for u, _, k, v in BASE_ROWS],
    *[(u, p, k, math.nan if (u, k) == ("D1", "online_rate") else v) for u, p, k, v in BASE_ROWS],
]


def d1_online(scores: pd.DataFrame) -> pd.Series:
    return scores.set_index(["goal", "unit", "period"]).loc[("g_online", "D1", "2024")]


def test_missing_excluded_renormalises_weights(districts: Units) -> None:
    scores, composite, _ = run(programme_catalogue(goals()), districts, TWO_PERIODS)
    row = d1_online(scores)
    assert math.isnan(row["score"]) and bool(row["missing"]) and not bool(row["imputed"])
    # D1 2024: gov = wait alone = 62.5; composite (62.5 + 100)/2 = 81.25
    c = by_unit(composite).loc["D1"]
    assert c["score"] == pytest.approx(81.25)
    assert (c["n_scored"], c["n_missing"]) == (2, 1)


def test_missing_scored_zero(districts: Units) -> None:
    scoring = Scoring(missing=MissingRule.ZERO)
    catalogue = programme_catalogue(goals(), scoring=scoring)
    scores, composite, _ = run(catalogue, districts, TWO_PERIODS)
    assert d1_online(scores)["score"] == 0.0
    # D1 2024: gov (0 + 62.5)/2 = 31.25; composite (31.25 + 100)/2 = 65.625
    c = by_unit(composite).loc["D1"]
    assert c["score"] == pytest.approx(65.625)
    assert (c["n_scored"], c["n_missing"]) == (3, 1)


def test_missing_imputed_from_previous_period_is_flagged(districts: Units) -> None:
    scoring = Scoring(missing=MissingRule.PREVIOUS)
    catalogue = programme_catalogue(goals(), scoring=scoring)
    scores, composite, _ = run(catalogue, districts, TWO_PERIODS)
    row = d1_online(scores)
    # 2023 value 0.40 carried forward: 0.40/0.80 = 50
    assert (row["value"], row["score"]) == (0.40, pytest.approx(50.0))
    assert bool(row["imputed"]) and bool(row["missing"])
    # gov (50 + 62.5)/2 = 56.25; composite (56.25 + 100)/2 = 78.125
    c = by_unit(composite).loc["D1"]
    assert c["score"] == pytest.approx(78.125)
    # 2023 measured every goal, 2024 carries one forward: not the same basis, so no
    # change is shown (it would be partly the carried value's)
    assert math.isnan(c["change"])


def test_previous_with_no_earlier_value_stays_missing(districts: Units) -> None:
    rows = [r for r in BASE_ROWS if r[:3] != ("D1", "2024", "online_rate")]
    scores, _, _ = run(
        programme_catalogue(goals(), scoring=Scoring(missing=MissingRule.PREVIOUS)), districts, rows
    )
    row = d1_online(scores)
    assert math.isnan(row["score"]) and bool(row["missing"]) and not bool(row["imputed"])


def test_change_against_previous_period(districts: Units) -> None:
    rows = [*[(u, "2023", k, 0.40 if (u, k) == ("D1", "online_rate") else v)
              for u, _, k, v in BASE_ROWS], *BASE_ROWS]
    _, composite, _ = run(programme_catalogue(goals()), districts, rows)
    d1 = composite[composite["unit"] == "D1"].set_index("period")
    # 2023: gov (0.40/0.80 = 50 + 62.5)/2 = 56.25, composite 78.125;
    # 2024: gov (0.60/0.80 = 75 + 62.5)/2 = 68.75, composite 84.375 → +6.25
    assert d1.loc["2023", "score"] == pytest.approx(78.125)
    assert math.isnan(d1.loc["2023", "change"])
    assert d1.loc["2024", "change"] == pytest.approx(6.25)


def test_change_is_not_shown_when_the_goals_scored_differ(districts: Units) -> None:
    # 2024 lacks D1's online rate (excluded): 81.25 stands on other goals than
    # 2023's 78.125, so +3.125 would not be progress.
    _, composite, _ = run(programme_catalogue(goals()), districts, TWO_PERIODS)
    d1 = composite[composite["unit"] == "D1"].set_index("period")
    assert d1.loc["2024", "score"] == pytest.approx(81.25)
    assert d1.loc["2024", "incomplete_goals"] == "g_online"
    assert math.isnan(d1.loc["2024", "change"])


def test_unit_with_no_values_is_unranked(districts: Units) -> None:
    rows = [r for r in BASE_ROWS if r[0] != "D3"]
    _, composite, _ = run(programme_catalogue(goals()), districts, rows)
    c = by_unit(composite).loc["D3"]
    assert math.isnan(c["score"]) and pd.isna(c["rank"])
    assert (c["n_scored"], c["n_missing"]) == (0, 3)


def test_empty_values_give_empty_frames(districts: Units) -> None:
    scores, composite, groups = run(programme_catalogue(goals()), districts, [])
    assert scores.empty and composite.empty and groups.empty
    assert list(composite.columns) == COMPOSITE_COLUMNS


# --- properties ------------------------------------------------------------------

value_st = st.one_of(st.just(math.nan), st.floats(0, 2), st.floats(0, 200))
method_st = st.sampled_from([ScoreMethod.ATTAINMENT, ScoreMethod.MINMAX, ScoreMethod.DISTANCE])
missing_st = st.sampled_from(list(MissingRule))


def frame_of(values: list[float]) -> list[tuple[str, str, str, float]]:
    """Nine values: D1–D3 × (online_rate, wait_days, broadband), two periods each (18)."""
    keys = [
        (u, p, k)
        for p in ("2023", "2024")
        for u in ("D1", "D2", "D3")
        for k in ("online_rate", "wait_days", "broadband")
    ]
    return [(*key, v) for key, v in zip(keys, values, strict=True)]


def scoring_catalogue(method: ScoreMethod, missing: MissingRule) -> Catalogue:
    return programme_catalogue(
        goals(g_online=Baseline(value=0.3, period=2020), g_wait=Baseline(value=12, period=2020)),
        scoring=Scoring(method=method, missing=missing),
    )


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(value_st, min_size=18, max_size=18),
    others=st.lists(value_st, min_size=18, max_size=18),
    method=method_st,
    missing=missing_st,
)
def test_a_units_composite_depends_only_on_its_own_values(
    values: list[float], others: list[float], method: ScoreMethod, missing: MissingRule
) -> None:
    units = Units.of(_districts())
    catalogue = scoring_catalogue(method, missing)
    first = frame_of(values)
    # replace every value of D2 and D3 by another one, keep D1's
    second = [
        row if row[0] == "D1" else (*row[:3], other)
        for row, other in zip(first, others, strict=True)
    ]
    a = by_unit(programme_scores(catalogue, units, values_frame(first))[1])
    b = by_unit(programme_scores(catalogue, units, values_frame(second))[1])
    assert a.loc["D1", "score"] == pytest.approx(b.loc["D1", "score"], nan_ok=True)


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(st.one_of(st.just(math.nan), st.floats(-5, 500)), min_size=18, max_size=18),
    method=st.sampled_from(list(ScoreMethod)),
    missing=missing_st,
)
def test_scores_are_always_within_0_and_100(
    values: list[float], method: ScoreMethod, missing: MissingRule
) -> None:
    scores, composite, groups = programme_scores(
        scoring_catalogue(method, missing), Units.of(_districts()), values_frame(frame_of(values))
    )
    for frame in (scores, composite, groups):
        present = frame["score"].dropna()
        assert ((present >= 0) & (present <= 100)).all()


def _districts() -> list[Unit]:
    return [
        Unit("D1", "Huyện 1", "district"),
        Unit("D2", "Huyện 2", "district"),
        Unit("D3", "Huyện 3", "district"),
    ]


def test_parents_filled_by_the_rollup_are_scored_on_lower_level_kpis(units: Units) -> None:
    # a commune-level KPI: the roll-up gives D1 and the province a value, D2/D3 are
    # not_applicable (no communes)
    online = SCORING_KPIS["online_rate"]
    commune_kpi = {"online_rate": online.model_copy(update={"levels": ["commune"]})}
    catalogue = programme_catalogue([Goal(id="g", kpi="online_rate", value=0.8, deadline=2025)])
    catalogue = catalogue.model_copy(update={"kpis": {**catalogue.kpis, **commune_kpi}})
    values = values_frame(
        [
            ("C1", "2024", "online_rate", 0.4),
            ("C2", "2024", "online_rate", 0.8),
            ("D1", "2024", "online_rate", 0.6),
            ("P", "2024", "online_rate", 0.6),
            ("D2", "2024", "online_rate", math.nan),
            ("D3", "2024", "online_rate", math.nan),
        ]
    )
    values.loc[values["unit"].isin(["D1", "P"]), "origin"] = "rollup"
    values.loc[values["unit"].isin(["D2", "D3"]), "reason"] = "not_applicable"
    scores, composite, _ = programme_scores(catalogue, units, values)
    assert sorted(scores["unit"]) == ["C1", "C2", "D1", "P"]
    # province 0.6/0.8 = 75, alone at its level
    assert by_unit(composite).loc["P", "score"] == pytest.approx(75.0)
    assert by_unit(composite).loc["P", "rank"] == 1
    progress = assess_progress(catalogue, units, values)
    assert sorted(progress["unit"]) == ["C1", "C2", "D1", "P"]


def test_rank_method_with_two_units_gives_100_and_0(districts: Units) -> None:
    # n = 2: 100·(2 − 1)/1 = 100 for the better, 100·(2 − 2)/1 = 0 for the other
    rows = [("D1", "2024", "online_rate", 0.6), ("D2", "2024", "online_rate", 0.8),
            ("D3", "2024", "online_rate", math.nan)]
    catalogue = programme_catalogue(goals()[:1], scoring=Scoring(method=ScoreMethod.RANK))
    scores, _, _ = run(catalogue, districts, rows)
    online = scores.set_index("unit")["score"]
    assert (online["D2"], online["D1"]) == (100.0, 0.0)
    assert math.isnan(online["D3"])


def test_distance_when_the_target_is_the_baseline_is_all_or_nothing() -> None:
    from chiso.engine.scoring import distance_score

    # target 5 = baseline 5: no distance to cover, so met → 100 and short → 0
    value = np.array([6.0, 5.0, 4.0])
    five = np.full(3, 5.0)
    assert distance_score(value, five, five, higher=True).tolist() == [100.0, 100.0, 0.0]
    assert distance_score(value, five, five, higher=False).tolist() == [0.0, 100.0, 100.0]


def test_distance_without_a_value_or_a_baseline_is_no_score() -> None:
    from chiso.engine.scoring import distance_score

    # value 8 against target 10 from baseline 0 is 80; a missing value or a missing
    # baseline gives no score, even where the other one alone would give a number
    value = np.array([8.0, np.nan, 8.0])
    baseline = np.array([0.0, 0.0, np.nan])
    scores = distance_score(value, np.full(3, 10.0), baseline, higher=True)
    assert scores[0] == pytest.approx(80.0)
    assert np.isnan(scores[1]) and np.isnan(scores[2])
