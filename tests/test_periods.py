"""Periods as people write them on a report (module doc of chiso.periods)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("06/2024", "2024-06"),
        ("6/2024", "2024-06"),
        ("tháng 6/2024", "2024-06"),
        ("Tháng 06 năm 2024", "2024-06"),
        ("T6/2024", "2024-06"),
        ("quý 3/2024", "2024-Q3"),
        ("Quý III/2024", "2024-Q3"),
        ("quy 3 nam 2024", "2024-Q3"),
        ("Q3/2024", "2024-Q3"),
        ("q3-2024", "2024-Q3"),
        ("năm 2024", "2024"),
        ("Cả năm 2024", "2024"),
        # the first half is stated at 30 June, the end of the second quarter
        ("6 tháng đầu năm 2024", "2024-Q2"),
        ("9 tháng năm 2024", "2024-Q3"),
        ("6 tháng cuối năm 2024", "2024-Q4"),
    ],
)
def test_written_forms_are_read_as_the_canonical_period(written: str, canonical: str) -> None:
    assert str(Period.parse(written)) == canonical


@pytest.mark.parametrize("text", ["13/2024", "quý 5/2024", "Q0/2024", "4 tháng 2024", "2024/06"])
def test_impossible_written_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError, match="quý 3/2024"):
        Period.parse(text)


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_month_slash_year_is_the_same_period_as_the_iso_form(year: int, month: int) -> None:
    assert Period.parse(f"{month:02d}/{year}") == Period.parse(f"{year}-{month:02d}")


@given(st.integers(2000, 2099), st.integers(1, 4))
def test_quarter_words_are_the_same_period_as_the_iso_form(year: int, quarter: int) -> None:
    assert Period.parse(f"quý {quarter}/{year}") == Period.parse(f"{year}-Q{quarter}")
    assert Period.parse(f"Q{quarter}/{year}") == Period.parse(f"{year}-Q{quarter}")


def test_span_is_whole_months_ending_at_the_period_end() -> None:
    # 2025 ends at 2025.0 × 12 = 24300 months and is 12 long; 2025-Q3 ends at 2024.75 × 12.
    assert Period.parse("2025").span == (24288, 24300)
    assert Period.parse("2025-Q3").span == (24294, 24297)
    assert Period.parse("2025-06").span[1] == Period.parse("2025-Q2").span[1]


def test_previous_is_the_period_before_of_the_same_kind() -> None:
    assert str(Period.parse("2025-Q1").previous()) == "2024-Q4"
    assert str(Period.parse("2025-01").previous()) == "2024-12"
    assert str(Period.parse("2025").previous()) == "2024"
