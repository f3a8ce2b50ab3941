"""Progress is judged at the latest period: an older value only where the programme says so."""

from __future__ import annotations

import math

from chiso.dataset import Dataset
from chiso.engine.assess import assess
from tests.kit import catalogue, field, goal, programme, ratio, units_of

UNITS = units_of(("P", "province", None), ("A", "commune", "P"))


def _data() -> Dataset:
    # A: 2023 online 50 of 100 (0.5); 2024 online 120 of 100 — a part larger than the
    # whole (S302), so the 2024 rate is invalid.
    rows = [
        {"unit": "A", "period": "2022", "field": "online", "value": 40},
        {"unit": "A", "period": "2022", "field": "total", "value": 100},
        {"unit": "A", "period": "2023", "field": "online", "value": 50},
        {"unit": "A", "period": "2023", "field": "total", "value": 100},
        {"unit": "A", "period": "2024", "field": "online", "value": 120, "flag": "S302"},
        {"unit": "A", "period": "2024", "field": "total", "value": 100},
    ]
    return Dataset.from_records(rows)


def _row(fallback: str | None):  # type: ignore[no-untyped-def]
    extra = {} if fallback is None else {"fallback": fallback}
    cat = catalogue(
        [field("online"), field("total")],
        [ratio("rate", "online", "total", levels=["commune"], rollup="none")],
        [programme("prog", [goal("g", "rate", 0.45)], **extra)],
    )
    result = assess(cat, UNITS, _data())
    (row,) = result.progress[result.progress["unit"] == "A"].to_dict("records")
    return row, result


def test_an_invalid_latest_value_makes_the_goal_not_assessable() -> None:
    row, result = _row(None)
    # 0.5 in 2023 would meet ≥ 0.45, but 2024 is the period assessed and its value is invalid
    assert row["status"] == "not_assessable"
    assert row["period"] == "2024"
    assert math.isnan(row["value"])
    assert row["note"] == "latest_missing"
    assert row["reason"] == "invalid_field:online"
    summary = result.goal_summary
    at = summary[(summary["unit"] == "A")].set_index("period")
    assert at.loc["2024", "not_assessable"] == 1


def test_fallback_previous_uses_the_older_value_with_a_finding_and_a_mark() -> None:
    row, result = _row("previous")
    assert row["status"] == "achieved"  # 0.5 ≥ 0.45
    assert row["period"] == "2024"  # counted at the period assessed …
    assert row["value_period"] == "2023"  # … with the period of the value used
    assert row["value"] == 0.5
    (finding,) = [f for f in result.findings if f.code == "E105"]
    assert "2023" in finding.message_en and "2024" in finding.message_en
