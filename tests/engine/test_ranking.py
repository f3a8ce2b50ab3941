"""Ranks with explicit tie rules; missing values stay unranked."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.catalogue.model import TieRule
from chiso.engine.ranking import is_tied, rank, rank_within

SCORES = pd.Series([90.0, 80.0, 80.0, 70.0], index=["a", "b", "c", "d"])


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        (TieRule.MIN, [1, 2, 2, 4]),  # competition "1224"
        (TieRule.DENSE, [1, 2, 2, 3]),  # "1223"
        (TieRule.MAX, [1, 3, 3, 4]),  # "1334"
        (TieRule.FIRST, [1, 2, 3, 4]),  # order of appearance
    ],
)
def test_tie_rules(ties: TieRule, expected: list[int]) -> None:
    assert rank(SCORES, ties=ties).tolist() == expected


def test_default_is_competition_ranking() -> None:
    assert rank(SCORES).tolist() == [1, 2, 2, 4]


def test_lower_is_better_ranks_the_smallest_first() -> None:
    # days: 3 is best, then 5, 5, then 9 → 1, 2, 2, 4
    assert rank(pd.Series([5.0, 3.0, 9.0, 5.0]), higher_is_better=False).tolist() == [2, 1, 4, 2]


def test_missing_values_stay_unranked_and_do_not_take_a_place() -> None:
    ranks = rank(pd.Series([math.nan, 80.0, 90.0]))
    assert ranks.dtype == "Int64"
    assert ranks.isna().tolist() == [True, False, False]
    assert ranks.dropna().tolist() == [2, 1]


def test_floating_point_noise_does_not_break_a_tie() -> None:
    # 0.1 + 0.2 = 0.30000000000000004 is the same score as 0.3
    assert rank(pd.Series([0.1 + 0.2, 0.3])).tolist() == [1, 1]


def test_is_tied_marks_shared_ranks_only() -> None:
    ranks = rank(pd.Series([90.0, 80.0, 80.0, math.nan, 70.0]))
    assert is_tied(ranks).tolist() == [False, True, True, False, False]


def test_rank_within_ranks_each_group_separately() -> None:
    frame = pd.DataFrame(
        {"level": ["d", "d", "c", "c", "c"], "score": [50.0, 60.0, 10.0, 30.0, 30.0]}
    )
    assert rank_within(frame, "score", ["level"]).tolist() == [2, 1, 3, 1, 1]


scores_lists = st.lists(
    st.one_of(st.sampled_from([10.0, 20.0, 50.0, math.nan]), st.floats(0, 100)),
    min_size=1,
    max_size=30,
)


@given(
    scores=scores_lists,
    seed=st.integers(0, 2**32 - 1),
    ties=st.sampled_from(["min", "dense", "max"]),
)
def test_rank_order_is_invariant_to_row_order(scores: list[float], seed: int, ties: str) -> None:
    series = pd.Series(scores, index=[f"u{i}" for i in range(len(scores))])
    shuffled = series.sample(frac=1.0, random_state=seed % (2**32))
    original = rank(series, ties=ties)
    again = rank(shuffled, ties=ties).reindex(series.index)
    assert original.equals(again)
