"""``previous(name)`` in derived KPIs: the period before, never a zero when it is missing."""

from __future__ import annotations

import math

from chiso.engine.assess import assess
from chiso.engine.evaluate import previous_period
from tests.kit import catalogue, dataset_of, derived, field, units_of, value_of

# 766 §1.4: synced dossiers over received; with nothing received in the period, over
# last year's received ÷ 12.
SYNC = "if(received > 0, synced / received, synced / (previous(received) / 12))"


def sync_catalogue():  # type: ignore[no-untyped-def]
    return catalogue(
        [field("synced"), field("received")],
        [derived("sync_rate", SYNC, unit="percent", rollup="none")],
    )


UNITS = units_of(("P", "province", None), ("A", "district", "P"), ("B", "district", "P"))


def test_previous_reads_the_year_before() -> None:
    data = dataset_of({
        ("A", "2024"): {"synced": 10, "received": 24},
        ("A", "2025"): {"synced": 6, "received": 0},
    })
    result = assess(sync_catalogue(), UNITS, data)
    # 2025: nothing received, so 6 / (24 / 12) = 3.0; 2024: 10 / 24.
    assert value_of(result.values, "A", "sync_rate", "2025")["value"] == 3.0
    assert value_of(result.values, "A", "sync_rate", "2024")["value"] == 10 / 24


def test_missing_previous_is_a_finding_not_a_zero() -> None:
    data = dataset_of({
        ("A", "2024"): {"synced": 10, "received": 24},
        ("B", "2025"): {"synced": 6, "received": 0},
    })
    result = assess(sync_catalogue(), UNITS, data)
    row = value_of(result.values, "B", "sync_rate", "2025")
    assert math.isnan(row["value"])
    assert row["reason"] == "missing_previous:received"
    found = [f for f in result.findings if f.code == "E130"]
    assert len(found) == 1
    assert "'received'" in found[0].message_en and "2024" in found[0].message_en
    assert "B" in found[0].message_en
    assert "kỳ trước" in found[0].message_vi


def test_previous_not_needed_costs_nothing() -> None:
    # B received dossiers in 2025: the fallback branch is not taken, no 2024 needed.
    data = dataset_of({("B", "2025"): {"synced": 9, "received": 10}})
    result = assess(sync_catalogue(), UNITS, data)
    assert value_of(result.values, "B", "sync_rate", "2025")["value"] == 0.9
    assert not [f for f in result.findings if f.code == "E130"]


def test_previous_period_of_each_kind() -> None:
    assert previous_period("2025") == "2024"
    assert previous_period("2025-Q1") == "2024-Q4"
    assert previous_period("2025-Q3") == "2025-Q2"
    assert previous_period("2025-01") == "2024-12"
    assert previous_period("2025-07") == "2025-06"
    assert previous_period("not a period") is None


def test_growth_over_quarters() -> None:
    cat = catalogue([field("accounts")], [derived("growth", "accounts - previous(accounts)")])
    data = dataset_of({
        ("A", "2024-Q4"): {"accounts": 100},
        ("A", "2025-Q1"): {"accounts": 130},
    })
    result = assess(cat, UNITS, data)
    assert value_of(result.values, "A", "growth", "2025-Q1")["value"] == 30
    assert value_of(result.values, "A", "growth", "2024-Q4")["reason"] == (
        "missing_previous:accounts"
    )


# 766 §1.4 as the portal computes it: with nothing received in a month (a quarter),
# over last year's total ÷ 12 (÷ 4) [official-indices S19].
SYNC_MONTHLY = ("if(received > 0, synced / received, "
                "synced / (previous_year(received) / periods_per_year()))")


def monthly_catalogue():  # type: ignore[no-untyped-def]
    return catalogue(
        [field("synced"), field("received")],
        [derived("sync_rate", SYNC_MONTHLY, unit="percent", rollup="none")],
    )


def test_previous_year_over_periods_per_year_is_the_766_monthly_fallback() -> None:
    data = dataset_of({
        ("A", "2023"): {"synced": 2300, "received": 2400},
        ("A", "2024-06"): {"synced": 150, "received": 0},
        ("A", "2024-Q2"): {"synced": 450, "received": 0},
        ("A", "2024-07"): {"synced": 90, "received": 100},
    })
    result = assess(monthly_catalogue(), UNITS, data)
    # June: 150 / (2400 / 12) = 150 / 200 = 0.75; Q2: 450 / (2400 / 4) = 450 / 600 = 0.75;
    # July received 100: 90 / 100, no fallback; 2023 itself: 2300 / 2400.
    assert value_of(result.values, "A", "sync_rate", "2024-06")["value"] == 0.75
    assert value_of(result.values, "A", "sync_rate", "2024-Q2")["value"] == 0.75
    assert value_of(result.values, "A", "sync_rate", "2024-07")["value"] == 0.9
    assert value_of(result.values, "A", "sync_rate", "2023")["value"] == 2300 / 2400


def test_missing_last_year_total_is_e130_naming_the_year() -> None:
    data = dataset_of({("B", "2024-06"): {"synced": 150, "received": 0}})
    result = assess(monthly_catalogue(), UNITS, data)
    row = value_of(result.values, "B", "sync_rate", "2024-06")
    assert math.isnan(row["value"])
    assert row["reason"] == "missing_previous:previous_year(received)"
    (found,) = [f for f in result.findings if f.code == "E130"]
    assert "(2023)" in found.message_en and "previous_year(received)" in found.message_en
