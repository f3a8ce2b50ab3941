"""Units files with validity: one history across the 2025 change from 3 tiers to 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.periods import Period, PeriodError
from chiso.units.loader import load_units
from chiso.units.model import Unit, Units

# Province P → districts D1 (C1, C2) and D2 (C3, C4) until 2025-06; from 2025-07
# P → C1, C3, C4: C2 merged into C1 (C2's code ends, C1's continues).
CHANGE = """code,name,level,parent,valid_from,valid_to
P,Tỉnh Phú Thọ,province,,,
D1,Huyện Một,district,P,,2025-06
D2,Huyện Hai,district,P,,2025-06
C1,Xã Một,commune,D1,,2025-06
C2,Xã Hai,commune,D1,,2025-06
C3,Xã Ba,commune,D2,,2025-06
C4,Xã Bốn,commune,D2,,2025-06
C1,Xã Một,commune,P,2025-07,
C3,Xã Ba,commune,P,2025-Q3,
C4,Xã Bốn,commune,P,2025-07,
"""


def write(tmp_path: Path, text: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, name: str = "units.csv") -> tuple[Units | None, list]:
    units, findings = load_units(write(tmp_path, text, name))
    return units, [(f.code, f.location.line) for f in findings]


def shape(units: Units) -> list[tuple[str, str | None]]:
    return [(u.code, u.parent) for u in units]


THREE_TIER = [
    ("P", None), ("D1", "P"), ("D2", "P"),
    ("C1", "D1"), ("C2", "D1"), ("C3", "D2"), ("C4", "D2"),
]
TWO_TIER = [("P", None), ("C1", "P"), ("C3", "P"), ("C4", "P")]


def test_dated_file_loads_one_row_per_code_in_first_appearance_order(tmp_path: Path) -> None:
    units, findings = load(tmp_path, CHANGE)
    assert findings == [] and units is not None
    assert units.dated
    assert units.codes == ["P", "D1", "D2", "C1", "C2", "C3", "C4"]
    assert units["C1"].parent == "P"  # a code's latest row stands for it
    assert [u.validity for u in units.rows_of("C1")] == ["… – 2025-06", "2025-07 – …"]
    assert units.levels == ["province", "district", "commune"]


@pytest.mark.parametrize("period", ["2024", "2025-Q2", "2025-06"])
def test_periods_ending_by_june_2025_have_three_tiers(tmp_path: Path, period: str) -> None:
    units, _ = load(tmp_path, CHANGE)
    assert units is not None
    assert shape(units.as_of(period)) == THREE_TIER


@pytest.mark.parametrize("period", ["2025-07", "2025-Q3", "2025-Q4", "2026"])
def test_periods_ending_after_june_2025_have_two_tiers(tmp_path: Path, period: str) -> None:
    units, _ = load(tmp_path, CHANGE)
    assert units is not None
    hierarchy = units.as_of(period)
    assert shape(hierarchy) == TWO_TIER
    assert "D1" not in hierarchy and not hierarchy.dated


def test_a_year_spanning_the_change_takes_the_hierarchy_at_its_end(tmp_path: Path) -> None:
    # 2025 ends in December 2025, when the districts are gone.
    units, _ = load(tmp_path, CHANGE)
    assert units is not None
    assert units.as_of("2025") is units.as_of("2025-Q4")
    assert shape(units.as_of("2025")) == TWO_TIER


def test_periods_are_grouped_by_the_hierarchy_in_force(tmp_path: Path) -> None:
    units, _ = load(tmp_path, CHANGE)
    assert units is not None
    groups = units.by_hierarchy(["2024", "2025-Q4", "2025-Q2", "2025"])
    assert [periods for _, periods in groups] == [["2024", "2025-Q2"], ["2025-Q4", "2025"]]
    assert [shape(h) for h, _ in groups] == [THREE_TIER, TWO_TIER]
    assert [shape(h) for h in units.hierarchies()] == [THREE_TIER, TWO_TIER]


def test_plain_hierarchy_is_its_own_hierarchy_at_every_period() -> None:
    units = Units.of([Unit("P", "Tỉnh", "province"), Unit("C1", "Xã", "commune", "P")])
    assert not units.dated
    assert units.as_of("2019") is units and units.as_of("2030-Q1") is units
    assert units.by_hierarchy(["2024", "2025"]) == [(units, ["2024", "2025"])]


def test_as_of_rejects_text_that_is_not_a_period(tmp_path: Path) -> None:
    units, _ = load(tmp_path, CHANGE)
    assert units is not None
    with pytest.raises(PeriodError):
        units.as_of("mid-2025")


def test_validity_periods_are_normalised_and_yaml_years_may_be_numbers(tmp_path: Path) -> None:
    text = """units:
  - {code: "P", name: Tỉnh, level: province, parent: null}
  - {code: "D1", name: Huyện, level: district, parent: "P", valid_to: 2024}
  - {code: "C1", name: Xã, level: commune, parent: "D1", valid_to: 2024}
  - {code: "C1", name: Xã, level: commune, parent: "P", valid_from: 2025q1}
"""
    units, findings = load(tmp_path, text, "units.yaml")
    assert findings == [] and units is not None
    assert [u.validity for u in units.rows_of("C1")] == ["… – 2024", "2025-Q1 – …"]
    assert units.as_of("2024-12")["C1"].parent == "D1"
    assert units.as_of("2025-01")["C1"].parent == "P"


def test_invalid_period_text_is_u011_on_its_line_and_the_row_is_left_out(tmp_path: Path) -> None:
    text = CHANGE.replace("C4,Xã Bốn,commune,P,2025-07,", "C4,Xã Bốn,commune,P,13/2025,")
    units, findings = load(tmp_path, text)
    assert findings == [("U011", 11)]
    assert units is not None and "C4" not in units.as_of("2025-Q4")


def test_overlapping_rows_of_one_code_are_u012_with_both_lines(tmp_path: Path) -> None:
    # C1 under P from 2025-06 overlaps its row under D1 that runs to 2025-06.
    text = CHANGE.replace("C1,Xã Một,commune,P,2025-07,", "C1,Xã Một,commune,P,2025-06,")
    units, findings = load_units(write(tmp_path, text))
    assert [(f.code, f.location.line) for f in findings] == [("U012", 9)]
    assert "line 5" in findings[0].message("en")
    assert "dòng 5" in findings[0].message("vi")
    assert units is not None and units.as_of("2025-Q4").get("C1") is None


def test_an_undated_row_overlaps_every_other_row_of_its_code(tmp_path: Path) -> None:
    text = CHANGE + "C4,Xã Bốn,commune,P,,\n"
    _, findings = load(tmp_path, text)
    assert findings == [("U012", 12)]


def test_repeated_code_without_validity_is_still_u003(tmp_path: Path) -> None:
    text = "code,name,level,parent,valid_from,valid_to\nP,Tỉnh,province,,,\nP,Tỉnh,province,,,\n"
    _, findings = load(tmp_path, text)
    assert findings == [("U003", 3)]


def test_validity_ending_before_it_starts_is_u013(tmp_path: Path) -> None:
    text = CHANGE.replace("C4,Xã Bốn,commune,P,2025-07,", "C4,Xã Bốn,commune,P,2025-07,2025-Q2")
    _, findings = load(tmp_path, text)
    assert findings == [("U013", 11)]


def test_one_month_of_validity_is_allowed(tmp_path: Path) -> None:
    text = CHANGE.replace("C4,Xã Bốn,commune,P,2025-07,", "C4,Xã Bốn,commune,P,2025-07,2025-07")
    units, findings = load(tmp_path, text)
    assert findings == [] and units is not None
    assert "C4" in units.as_of("2025-07") and "C4" not in units.as_of("2025-08")


def test_parent_not_in_force_for_the_childs_validity_is_u014(tmp_path: Path) -> None:
    # C4 moves under D2 from 2025-07, when D2 no longer exists.
    text = CHANGE.replace("C4,Xã Bốn,commune,P,2025-07,", "C4,Xã Bốn,commune,D2,2025-07,")
    units, findings = load_units(write(tmp_path, text))
    assert [(f.code, f.location.line) for f in findings] == [("U014", 11)]
    assert "… – 2025-06" in findings[0].message("en")
    assert units is not None and "C4" not in units.as_of("2025-Q4")


def test_a_parent_split_over_rows_covers_its_child(tmp_path: Path) -> None:
    text = """code,name,level,parent,valid_from,valid_to
P,Tỉnh,province,,,2024
P,Tỉnh (mới),province,,2025-01,
C1,Xã,commune,P,,
"""
    units, findings = load(tmp_path, text)
    assert findings == [] and units is not None
    assert units.as_of("2024")["P"].name == "Tỉnh" and units.as_of("2025")["P"].name == "Tỉnh (mới)"


def test_parents_swapping_at_different_times_are_not_a_cycle(tmp_path: Path) -> None:
    text = """code,name,level,parent,valid_from,valid_to
A,A,province,,,2024
A,A,district,B,2025,
B,B,district,A,,2024
B,B,province,,2025,
"""
    units, findings = load(tmp_path, text)
    assert findings == [] and units is not None
    assert units.as_of("2025")["A"].parent == "B"


def test_a_cycle_within_one_period_is_reported_once_and_its_rows_dropped(
    tmp_path: Path,
) -> None:
    text = """code,name,level,parent,valid_from,valid_to
P,P,province,,,
A,A,district,B,,2024
B,B,district,A,,2024
B,B,district,P,2025,
"""
    units, findings = load(tmp_path, text)
    assert findings == [("U006", 3)]
    assert units is not None
    assert shape(units.as_of("2024")) == [("P", None)]
    assert shape(units.as_of("2025")) == [("P", None), ("B", "P")]


def test_several_roots_are_reported_per_hierarchy(tmp_path: Path) -> None:
    text = """code,name,level,parent,valid_from,valid_to
P,P,province,,,
Q,Q,province,,2025,
"""
    _, findings = load(tmp_path, text)
    assert findings == [("U009", None)]


def test_period_months_follow_period_ends() -> None:
    # 2025 ends at 2025.0 (×12 = 24300) and starts 12 months before; 2025-Q3 covers Jul–Sep.
    assert Period.parse("2025").span == (24288, 24300)
    assert Period.parse("2025-Q3").span == (24294, 24297)
    assert Period.parse("2025-07").span == (24294, 24295)


@given(
    cuts=st.lists(st.integers(min_value=1, max_value=47), min_size=1, max_size=6, unique=True),
    month=st.integers(min_value=-6, max_value=54),
)
def test_exactly_one_row_of_a_split_code_is_in_force_at_any_month(
    cuts: list[int], month: int
) -> None:
    # A commune alternating between two parents over 2022–2025, cut at random months.
    def period(index: int) -> str:
        return f"{2022 + index // 12}-{index % 12 + 1:02d}"

    bounds = sorted(cuts)
    rows = [Unit("P", "P", "province"), Unit("D", "D", "district", "P")]
    starts = [None, *bounds]
    ends = [*[b - 1 for b in bounds], None]
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        rows.append(
            Unit(
                "C", "C", "commune", "P" if i % 2 else "D",
                valid_from=None if start is None else period(start),
                valid_to=None if end is None else period(end),
            )
        )
    units = Units.of(rows)
    at = units.as_of(period(month)) if month >= 0 else units.as_of(f"{2021}-{month + 13:02d}")
    in_force = [u for u in at if u.code == "C"]
    assert len(in_force) == 1
    expected = sum(1 for b in bounds if b <= month) % 2
    assert in_force[0].parent == ("P" if expected else "D")
