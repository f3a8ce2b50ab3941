"""The submission tracker: expected units, statuses, districts and counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from chiso.dataset import Dataset, submissions_frame
from chiso.engine.tracker import (
    district_of,
    missing_units,
    submission_tracker,
    tracker_summary,
    tracker_totals,
)
from chiso.units.model import Unit, Units
from tests.kit import catalogue, field

JAN = datetime(2025, 1, 10, tzinfo=UTC)
FEB = datetime(2025, 2, 10, tzinfo=UTC)


def _catalogue() -> object:
    # Departments and districts report staff; communes report a map. The province
    # reports nothing itself: it is never expected.
    return catalogue(
        [field("staff", levels=["department", "district"]), field("maps", levels=["commune"])],
        [],
    )


def _dataset(*rows: dict[str, object]) -> Dataset:
    return Dataset(submissions=submissions_frame(rows))


def _row(tracker: pd.DataFrame, unit: str, period: str = "2024") -> pd.Series:
    found = tracker[(tracker["unit"] == unit) & (tracker["period"] == period)]
    assert len(found) == 1, found
    return found.iloc[0]


def test_expected_units_come_from_the_levels_that_report_fields(three_tier: Units) -> None:
    tracker = submission_tracker(three_tier, _catalogue(), _dataset(), ["2024"])
    # P (province) reports no field: not expected, and it sent nothing, so no row.
    assert tracker["unit"].tolist() == ["DEP", "D1", "C11", "C12", "D2", "C21"]
    assert tracker["expected"].all()
    assert set(tracker["status"]) == {"missing"}


def test_statuses_received_with_errors_late_and_missing(three_tier: Units) -> None:
    dataset = _dataset(
        {"file": "a/DEP.xlsx", "sha256": "s1", "unit": "DEP", "period": "2024",
         "n_values": 5, "modified": JAN},
        {"file": "a/D1.xlsx", "sha256": "s2", "unit": "D1", "period": "2024",
         "n_values": 4, "n_errors": 2, "n_warnings": 1, "modified": FEB},
        {"file": "a/C11.xlsx", "sha256": "s3", "unit": "C11", "period": "2024",
         "n_values": 3, "modified": FEB},
        # the portal's upload time overrides the file's mtime: on time after all
        {"file": "a/C12.xlsx", "sha256": "s4", "unit": "C12", "period": "2024",
         "n_values": 3, "modified": FEB},
    )
    deadline = datetime(2025, 1, 31, tzinfo=UTC)
    tracker = submission_tracker(
        three_tier, _catalogue(), dataset, ["2024"],
        received_at={"s4": JAN}, deadlines={"2024": deadline},
    )
    assert _row(tracker, "DEP")["status"] == "received"
    assert _row(tracker, "D1")["status"] == "with_errors"  # an error outranks lateness
    assert _row(tracker, "C11")["status"] == "late"
    assert _row(tracker, "C12")["status"] == "received"
    assert _row(tracker, "C12")["received"] == JAN
    assert _row(tracker, "D2")["status"] == "missing"
    assert _row(tracker, "D1")["n_errors"] == 2
    assert _row(tracker, "DEP")["file"] == "a/DEP.xlsx"


def test_two_files_for_one_unit_use_the_first_by_path(three_tier: Units) -> None:
    dataset = _dataset(
        {"file": "b/C11.xlsx", "sha256": "later", "unit": "C11", "period": "2024",
         "n_errors": 1},
        {"file": "a/C11.xlsx", "sha256": "first", "unit": "C11", "period": "2024",
         "n_values": 3},
    )
    row = _row(submission_tracker(three_tier, _catalogue(), dataset, ["2024"]), "C11")
    assert (row["n_files"], row["sha256"], row["status"]) == (2, "first", "received")


def test_a_unit_not_expected_that_sent_a_file_has_a_row(three_tier: Units) -> None:
    dataset = _dataset({"file": "P.xlsx", "sha256": "s", "unit": "P", "period": "2024"})
    row = _row(submission_tracker(three_tier, _catalogue(), dataset, ["2024"]), "P")
    assert not row["expected"]
    assert row["status"] == "received"


def test_periods_default_to_those_of_the_dataset(three_tier: Units) -> None:
    dataset = _dataset(
        {"file": "x.xlsx", "sha256": "s", "unit": "C11", "period": "2024"},
        {"file": "y.xlsx", "sha256": "t", "unit": "C11", "period": "2023"},
        {"file": "bad.xlsx", "sha256": "u", "unit": None, "period": None, "n_errors": 1},
    )
    tracker = submission_tracker(three_tier, _catalogue(), dataset)
    assert tracker[tracker["unit"] == "C11"]["period"].tolist() == ["2023", "2024"]


def test_district_is_the_unit_below_the_top(three_tier: Units, two_tier: Units) -> None:
    assert district_of(three_tier, "C12") == "D1"
    assert district_of(three_tier, "D1") == "D1"  # a district with communes groups itself
    assert district_of(three_tier, "DEP") is None
    assert district_of(three_tier, "P") is None
    assert district_of(two_tier, "C1") is None  # communes directly under the province


def test_summary_counts_by_district_add_up(three_tier: Units) -> None:
    dataset = _dataset(
        {"file": "C11.xlsx", "sha256": "s", "unit": "C11", "period": "2024"},
        {"file": "D1.xlsx", "sha256": "t", "unit": "D1", "period": "2024", "n_errors": 1},
    )
    tracker = submission_tracker(three_tier, _catalogue(), dataset, ["2024"])
    summary = tracker_summary(tracker).set_index("district", drop=False)
    # D1 group: D1 (with errors), C11 (received), C12 (missing) → 3 expected, 2 reported
    d1 = summary.loc["D1"]
    assert (d1["expected"], d1["reported"], d1["received"], d1["with_errors"],
            d1["missing"]) == (3, 2, 1, 1, 1)
    # D2 group: D2 and C21, both missing
    assert (summary.loc["D2"]["expected"], summary.loc["D2"]["missing"]) == (2, 2)
    # Directly under the province: DEP, missing
    direct = summary[summary["district"].isna()].iloc[0]
    assert (direct["expected"], direct["missing"]) == (1, 1)
    totals = tracker_totals(tracker).iloc[0]
    assert (totals["expected"], totals["reported"], totals["missing"]) == (6, 2, 4)
    assert missing_units(tracker, "2024") == ["DEP", "C12", "D2", "C21"]


def test_a_dated_hierarchy_expects_the_units_in_force() -> None:
    units = Units.of([
        Unit("P", "P", "province"),
        Unit("D", "D", "district", parent="P", valid_to="2025-06"),
        Unit("C", "C", "commune", parent="D", valid_to="2025-06"),
        Unit("C", "C", "commune", parent="P", valid_from="2025-07"),
    ])
    tracker = submission_tracker(units, _catalogue(), _dataset(), ["2024", "2025"])
    assert tracker[tracker["period"] == "2024"]["unit"].tolist() == ["D", "C"]
    assert tracker[tracker["period"] == "2025"]["unit"].tolist() == ["C"]
    assert _row(tracker, "C", "2024")["district"] == "D"
    assert _row(tracker, "C", "2025")["district"] is None
