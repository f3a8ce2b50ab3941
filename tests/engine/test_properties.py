"""Properties of evaluation and roll-up over random hierarchies and data (hypothesis).

1. **A unit with all-zero fields changes nothing else.** Adding a commune Z that
   reports 0 for every field, under any district, leaves every other unit's value
   and reason exactly as they were for sum roll-ups of formulas that are 0 when
   their fields are 0, with one exception: an ancestor of Z that had *no*
   reporting child in a period (``no_children``) now has one, so its sums are 0 —
   a simple KPI becomes 0 and a ratio has a zero denominator (reason
   ``zero_denominator`` under the rule ``missing``). Z's ancestors expect and
   count one more child, so their coverage flag does not change.
2. **Row order does not matter.** Shuffling the dataset's rows gives the same
   values frame, and listing sibling units in another order gives the same value
   for every (unit, period, KPI).
3. **Nothing is missing without a reason**: a value is NaN exactly when its
   reason is set (with the default zero-denominator rule).
"""

from __future__ import annotations

import random as _random

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.dataset import Dataset
from chiso.engine.evaluate import evaluate
from chiso.engine.rollup import rollup
from chiso.units.model import Units
from tests.kit import catalogue, derived, field, ratio, simple, units_of

CATALOGUE = catalogue(
    [field("a"), field("b")],
    [
        ratio("r", "a", "b", levels=["commune"]),
        simple("s", "a", levels=["commune"]),
        derived("d", "a + 2 * b", levels=["commune"]),
    ],
)
PERIODS = ["2023", "2024"]
KEY = ["unit", "period", "kpi"]

# A hierarchy: communes per district, e.g. [2, 1, 3] = 3 districts with 6 communes.
shapes = st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=3)
# A reported value: a whole number or missing.
cells = st.one_of(st.none(), st.integers(min_value=0, max_value=1000))


def hierarchy(shape: list[int]) -> list[tuple[str, str, str | None]]:
    rows: list[tuple[str, str, str | None]] = [("P", "province", None)]
    for d, size in enumerate(shape):
        rows.append((f"D{d}", "district", "P"))
        rows += [(f"C{d}{c}", "commune", f"D{d}") for c in range(size)]
    return rows


Scenario = tuple[list[tuple[str, str, str | None]], list[dict]]  # units rows, tidy records


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    shape = draw(shapes)
    rows = hierarchy(shape)
    records = []
    for code, level, _ in rows:
        if level != "commune":
            continue
        for period in PERIODS:
            for name in ("a", "b"):
                value = draw(cells)
                if value is not None:
                    records.append({"unit": code, "period": period, "field": name, "value": value})
    return rows, records


def run(units: Units, records: list[dict]) -> pd.DataFrame:
    wide = Dataset.from_records(records).wide() if records else _empty_wide()
    values, _ = rollup(CATALOGUE, units, wide, evaluate(CATALOGUE, units, wide))
    return values


def _empty_wide() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=["unit", "period"])
    return pd.DataFrame(index=index, columns=["a", "b"], dtype=float)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.data())
def test_adding_an_all_zero_unit_changes_no_other_value(
    scenario: Scenario, data: st.DataObject
) -> None:
    rows, records = scenario
    # every period must exist before and after for the frames to line up
    records = records + [{"unit": "C00", "period": p, "field": "a", "value": 1} for p in PERIODS]
    district = data.draw(st.sampled_from([code for code, level, _ in rows if level == "district"]))
    zero = [{"unit": "Z", "period": p, "field": f, "value": 0} for p in PERIODS for f in ("a", "b")]

    before = run(units_of(*rows), records).set_index(KEY)
    after = run(units_of(*rows, ("Z", "commune", district)), records + zero).set_index(KEY)

    ancestors = {district, "P"}
    others = after.drop(index="Z", level="unit").loc[before.index]
    unchanged = others.index.get_level_values("unit").map(lambda u: u not in ancestors)
    pd.testing.assert_frame_equal(others[unchanged], before[unchanged])

    was_empty = before["reason"] == "no_children"
    up_before, up_after = before[~unchanged], others[~unchanged]
    kept = ~was_empty[~unchanged]
    pd.testing.assert_series_equal(up_after["value"][kept], up_before["value"][kept])
    pd.testing.assert_series_equal(up_after["reason"][kept], up_before["reason"][kept])
    # the counts grow by one together, so the coverage flag is unchanged
    assert (up_after["children_expected"] == up_before["children_expected"] + 1).all()
    assert (up_after["children_reported"] == up_before["children_reported"] + 1).all()
    assert up_after["coverage_complete"].equals(up_before["coverage_complete"])
    # an ancestor that had nothing to roll up now sums one zero child
    revived = up_after[~kept]
    kpi = revived.index.get_level_values("kpi")
    assert (revived["value"][kpi == "s"] == 0).all()
    assert (revived["value"][kpi == "d"] == 0).all()
    assert (revived["reason"][kpi == "r"] == "zero_denominator").all()


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_values_do_not_depend_on_the_order_of_rows(
    scenario: Scenario, random: _random.Random
) -> None:
    rows, records = scenario
    shuffled = list(records)
    random.shuffle(shuffled)
    units = units_of(*rows)
    pd.testing.assert_frame_equal(run(units, records), run(units, shuffled))


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_values_do_not_depend_on_the_order_of_the_units_file(
    scenario: Scenario, random: _random.Random
) -> None:
    rows, records = scenario
    # parents first is not required: any order of the units file is a valid hierarchy
    reordered = list(rows)
    random.shuffle(reordered)
    first = run(units_of(*rows), records).set_index(KEY).sort_index()
    second = run(units_of(*reordered), records).set_index(KEY).sort_index()
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=30, deadline=None)
@given(scenarios())
def test_a_value_is_missing_exactly_when_it_has_a_reason(scenario: Scenario) -> None:
    rows, records = scenario
    values = run(units_of(*rows), records)
    missing = np.isnan(values["value"].to_numpy())
    explained = values["reason"].notna().to_numpy()
    assert (missing == explained).all()
