"""One run over 2024 (3 tiers) and 2025-Q4 (2 tiers): each period with its own hierarchy."""

from __future__ import annotations

import pandas as pd
import pytest

from chiso.catalogue.model import LevelTarget, Scoring
from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.result import Result
from chiso.units.model import Unit, Units
from tests.kit import catalogue, dataset_of, field, goal, programme, ratio, units_of, value_of

FIELDS = [field("total"), field("online")]
ONLINE = ratio("online_rate", "online", "total", levels=["commune"])
TARGET = goal("online", "online_rate", 0.8)


def changed() -> Units:
    """P → D1 (C1, C2), D2 (C3, C4) until 2025-06; P → C1, C3, C4 from 2025-07.

    C2 merged into C1: C2's code ends, C1's continues under the province.
    """

    def row(code: str, level: str, parent: str | None, start: str | None, end: str | None) -> Unit:
        return Unit(code, f"Đơn vị {code}", level, parent, valid_from=start, valid_to=end)

    return Units.of(
        [
            row("P", "province", None, None, None),
            row("D1", "district", "P", None, "2025-06"),
            row("C1", "commune", "D1", None, "2025-06"),
            row("C2", "commune", "D1", None, "2025-06"),
            row("D2", "district", "P", None, "2025-06"),
            row("C3", "commune", "D2", None, "2025-06"),
            row("C4", "commune", "D2", None, "2025-06"),
            row("C1", "commune", "P", "2025-07", None),
            row("C3", "commune", "P", "2025-07", None),
            row("C4", "commune", "P", "2025-07", None),
        ]
    )


DATA = {
    ("C1", "2024"): {"total": 100, "online": 50},
    ("C2", "2024"): {"total": 200, "online": 60},
    ("C3", "2024"): {"total": 100, "online": 90},
    ("C4", "2024"): {"total": 300, "online": 150},
    ("C1", "2025-Q4"): {"total": 300, "online": 240},  # C1 with C2's people
    ("C3", "2025-Q4"): {"total": 100, "online": 95},
    ("C4", "2025-Q4"): {"total": 300, "online": 210},
}


def run(data: dict = DATA, scoring: Scoring | None = None, goals: list | None = None) -> Result:
    prog = programme("resolution", goals or [TARGET], scoring=scoring or Scoring())
    return assess(catalogue(FIELDS, [ONLINE], [prog]), changed(), dataset_of(data))


def rows(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    return frame[frame["unit"] == unit]


def test_province_rolls_up_its_communes_in_both_hierarchies() -> None:
    values = run().values
    # 2024, through the districts: (50 + 60 + 90 + 150) / (100 + 200 + 100 + 300) = 350 / 700
    p2024 = value_of(values, "P", "online_rate", "2024")
    assert p2024["value"] == pytest.approx(0.5)
    assert (p2024["children_expected"], p2024["children_reported"]) == (4, 4)
    # 2025-Q4, communes directly: (240 + 95 + 210) / (300 + 100 + 300) = 545 / 700
    p2025 = value_of(values, "P", "online_rate", "2025-Q4")
    assert p2025["value"] == pytest.approx(545 / 700)
    assert (p2025["children_expected"], p2025["children_reported"]) == (3, 3)
    assert p2025["coverage_complete"]


def test_district_exists_in_2024_and_has_no_rows_after_it_is_abolished() -> None:
    result = run()
    # D1 in 2024: (50 + 60) / (100 + 200) = 110 / 300
    assert value_of(result.values, "D1", "online_rate", "2024")["value"] == pytest.approx(110 / 300)
    for frame in (result.values, result.compliance, result.scores, result.composite):
        assert set(rows(frame, "D1")["period"]) == {"2024"}
        assert set(rows(frame, "C2")["period"]) == {"2024"}  # merged away
    assert rows(result.progress, "D1").empty and rows(result.progress, "C2").empty
    assert not any(f.code == "E101" for f in result.findings)  # no district missing in 2025


def test_rows_follow_the_units_file_then_time() -> None:
    values = run().values
    assert list(dict.fromkeys(values["unit"])) == ["P", "D1", "C1", "C2", "D2", "C3", "C4"]
    assert list(rows(values, "C1")["period"]) == ["2024", "2025-Q4"]


def test_a_communes_progress_series_continues_across_the_change() -> None:
    progress = run().progress.set_index("unit")
    # C1: 50/100 = 0.5 in 2024 (under D1), 240/300 = 0.8 in 2025-Q4 (under P), target 0.8
    c1 = progress.loc["C1"]
    assert (c1["n_points"], c1["baseline_period"], c1["period"]) == (2, "2024", "2025-Q4")
    assert c1["baseline_value"] == pytest.approx(0.5) and c1["value"] == pytest.approx(0.8)
    assert c1["status"] == "achieved"
    assert progress.loc["P", "n_points"] == 2
    assert list(progress.index) == ["P", "C1", "C3", "C4"]


def test_compliance_gives_each_period_its_own_level_and_target() -> None:
    compliance = run().compliance.set_index(["unit", "period"])
    assert compliance.loc[("P", "2025-Q4"), "value"] == pytest.approx(545 / 700)
    assert compliance.loc[("P", "2025-Q4"), "met"] == False  # noqa: E712  0.7786 < 0.8
    assert compliance.loc[("C1", "2025-Q4"), "met"] == True  # noqa: E712
    assert compliance.loc[("D2", "2024"), "level"] == "district"


def test_ranks_are_among_the_units_in_force_in_each_period() -> None:
    # "zero" would score a unit with no value 0: the abolished districts must not
    # be scored at all in 2025-Q4, or they would take ranks.
    composite = run(scoring=Scoring(missing="zero")).composite.set_index(["unit", "period"])
    # attainment = 100 · value / 0.8: 2025-Q4 C1 100, C3 100 (capped), C4 0.7/0.8 = 87.5,
    # P (545/700)/0.8 = 97.32
    q4 = composite.xs("2025-Q4", level="period")
    assert q4.loc["C4", "score"] == pytest.approx(87.5)
    assert q4.loc["P", "score"] == pytest.approx(545 / 700 / 0.8 * 100)
    assert dict(q4["rank"]) == {"P": 1, "C1": 1, "C3": 1, "C4": 3}
    assert dict(q4["rank_overall"]) == {"P": 3, "C1": 1, "C3": 1, "C4": 4}
    # 2024 districts: D1 (110/300)/0.8 = 45.8, D2 (240/400)/0.8 = 75
    assert composite.loc[("D2", "2024"), "rank"] == 1 and composite.loc[("D1", "2024"), "rank"] == 2


def test_score_change_runs_across_the_change() -> None:
    composite = run().composite.set_index(["unit", "period"])
    # C1: 100 in 2025-Q4 − (0.5/0.8 = 62.5) in 2024
    assert composite.loc[("C1", "2025-Q4"), "change"] == pytest.approx(37.5)
    assert pd.isna(composite.loc[("C1", "2024"), "change"])


def test_previous_value_is_carried_across_the_change_by_code() -> None:
    # C4 sent a 2025-Q4 report without 'online' (a unit that sent nothing is not
    # scored at all, whatever ``missing`` says).
    data = DATA | {("C4", "2025-Q4"): {"total": 300}}
    scores = run(data, scoring=Scoring(missing="previous")).scores.set_index(["unit", "period"])
    # C4's 2024 value 150/300 = 0.5 stands in for 2025-Q4: 0.5/0.8 = 62.5
    c4 = scores.loc[("C4", "2025-Q4")]
    assert c4["imputed"] and c4["value"] == pytest.approx(0.5)
    assert c4["score"] == pytest.approx(62.5)


def test_values_of_a_unit_not_in_force_are_left_out_with_e003() -> None:
    data = DATA | {("D1", "2025-Q4"): {"total": 999, "online": 999}}
    result = run(data)
    e003 = [f for f in result.findings if f.code == "E003"]
    assert [f.subject for f in e003] == ["D1"]
    assert "2025-Q4" in e003[0].message("en") and "… – 2025-06" in e003[0].message("en")
    assert value_of(result.values, "P", "online_rate", "2025-Q4")["value"] == pytest.approx(
        545 / 700
    )
    assert set(rows(result.values, "D1")["period"]) == {"2024"}


def test_a_year_spanning_the_change_is_scored_with_the_hierarchy_at_its_end() -> None:
    data = {(unit, "2025" if period == "2025-Q4" else period): v for (unit, period), v in
            DATA.items()}
    values = run(data).values
    assert set(rows(values, "D1")["period"]) == {"2024"}
    assert value_of(values, "P", "online_rate", "2025")["children_expected"] == 3


def test_a_unit_changing_level_is_judged_at_each_periods_level() -> None:
    # T is a district-level town (target 0.9) until 2024 and a commune-level ward
    # (target 0.7) from 2025, reporting for itself throughout.
    units = Units.of(
        [
            Unit("P", "P", "province"),
            Unit("T", "T", "district", "P", valid_to="2024"),
            Unit("T", "T", "commune", "P", valid_from="2025"),
        ]
    )
    rate = ratio("online_rate", "online", "total")
    by_level = {"district": LevelTarget(value=0.9), "commune": LevelTarget(value=0.7)}
    prog = programme("resolution", [goal("online", "online_rate", 0.8, by_level=by_level)])
    data = {("T", "2024"): {"total": 10, "online": 8}, ("T", "2025"): {"total": 10, "online": 8}}
    result = assess(catalogue(FIELDS, [rate], [prog]), units, dataset_of(data))
    compliance = result.compliance.set_index(["unit", "period"])
    # 8/10 = 0.8: below the district's 0.9 in 2024, above the ward's 0.7 in 2025
    assert compliance.loc[("T", "2024"), ["level", "target"]].tolist() == ["district", 0.9]
    assert compliance.loc[("T", "2025"), ["level", "target"]].tolist() == ["commune", 0.7]
    assert compliance.loc[("T", "2024"), "met"] == False  # noqa: E712
    assert compliance.loc[("T", "2025"), "met"] == True  # noqa: E712
    scores = result.scores.set_index(["unit", "period"])
    assert scores.loc[("T", "2024"), "score"] == pytest.approx(0.8 / 0.9 * 100)
    assert scores.loc[("T", "2025"), "score"] == pytest.approx(100.0)
    assert result.progress.set_index("unit").loc["T", "level"] == "commune"


def test_a_dated_file_without_a_change_scores_like_the_plain_one() -> None:
    plain = units_of(
        ("P", "province", None), ("D1", "district", "P"), ("C1", "commune", "D1"),
        ("C2", "commune", "D1"), ("D2", "district", "P"), ("C3", "commune", "D2"),
        ("C4", "commune", "D2"),
    )
    dated = Units.of([Unit(**{**u.__dict__, "valid_from": "2000"}) for u in plain])
    data = {k: v for k, v in DATA.items() if k[1] == "2024"}
    data |= {(u, "2023"): {"total": 100, "online": 40} for u in ("C1", "C2", "C3", "C4")}
    cat = catalogue(FIELDS, [ONLINE], [programme("resolution", [TARGET])])
    a, b = assess(cat, plain, dataset_of(data)), assess(cat, dated, dataset_of(data))
    assert dated.dated and not plain.dated
    for name in ("values", "compliance", "progress", "scores", "goal_summary"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    for name in ("composite", "group_scores"):
        keys = ["programme", "unit", "period"]
        left = getattr(a, name).sort_values(keys).reset_index(drop=True)
        right = getattr(b, name).sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


def test_a_flagged_value_after_the_change_keeps_its_unit_out_of_the_roll_up() -> None:
    records = [
        {"unit": u, "period": p, "field": f, "value": v,
         "flag": "S302" if (u, p, f) == ("C4", "2025-Q4", "online") else None}
        for (u, p), fields in DATA.items() for f, v in fields.items()
    ]
    prog = programme("resolution", [TARGET])
    result = assess(catalogue(FIELDS, [ONLINE], [prog]), changed(), Dataset.from_records(records))
    assert value_of(result.values, "C4", "online_rate", "2025-Q4")["reason"] == (
        "invalid_field:online"
    )
    # P in 2025-Q4 without C4: (240 + 95) / (300 + 100) = 335 / 400, from 2 of 3 communes
    p2025 = value_of(result.values, "P", "online_rate", "2025-Q4")
    assert p2025["value"] == pytest.approx(335 / 400)
    assert (p2025["children_expected"], p2025["children_reported"]) == (3, 2)
    assert [f.code for f in result.findings] == ["E101"]


def test_the_json_result_lists_each_unit_row_with_its_validity() -> None:
    from chiso.render.json import result_to_dict

    units = result_to_dict(run())["units"]
    c1 = [(u["parent"], u["valid_from"], u["valid_to"]) for u in units if u["code"] == "C1"]
    assert c1 == [("D1", None, "2025-06"), ("P", "2025-07", None)]
