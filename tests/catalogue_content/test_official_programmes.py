"""The shipped official programmes: their cited maxima, and Decision 766's rules on real data.

Each 766 test feeds the shipped catalogue (kpis/) one district's reported fields,
runs the whole assessment and reads the points of one indicator, with the
arithmetic by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.model import Catalogue, ScoreMethod
from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.result import Result
from chiso.units.model import Unit, Units

KPIS = Path(__file__).resolve().parents[2] / "kpis"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    catalogue, findings = load_catalogue(KPIS)
    assert catalogue is not None, [f.message_en for f in findings]
    return catalogue


def group_maxima(catalogue: Catalogue, programme_id: str) -> dict[str, float]:
    programme = catalogue.programmes[programme_id]
    maxima: dict[str, float] = {}
    for goal in programme.goals:
        assert goal.points is not None and goal.group is not None
        maxima[goal.group] = maxima.get(goal.group, 0) + goal.points.max
    return maxima


def test_dti_922_main_indices_carry_the_cited_points(catalogue: Catalogue) -> None:
    programme = catalogue.programmes["dti_922"]
    assert programme.scoring.method is ScoreMethod.POINTS
    assert programme.scoring.round == 4
    assert group_maxima(catalogue, "dti_922") == {
        "dti_nhan_thuc_so": 100, "dti_the_che_so": 100, "dti_ha_tang_so": 100,
        "dti_nhan_luc_so": 100, "dti_attt": 100, "dti_hd_chinh_quyen_so": 200,
        "dti_hd_kinh_te_so": 150, "dti_hd_xa_hoi_so": 150,
    }
    assert programme.scoring.group_points["dti_do_thi_thong_minh"] == 0
    pillars = {p.id: p for p in programme.scoring.pillars}
    # Six foundation indices (smart city has no points) and the activity index: 700.
    assert pillars["chinh_quyen_so"].max == 700
    assert len(pillars["chinh_quyen_so"].groups) == 6


def test_dti_405_is_a_skeleton_of_eight_parameters(catalogue: Catalogue) -> None:
    programme = catalogue.programmes["dti_405"]
    assert len(programme.goals) == 8
    assert programme.scoring.points_total == 1000
    assert programme.note is not None and "placeholder" in programme.note.en
    assert {goal.points.max for goal in programme.goals if goal.points} == {125}


def test_qd_766_has_five_groups_of_100_points(catalogue: Catalogue) -> None:
    assert group_maxima(catalogue, "qd_766") == {
        "qd766_cong_khai": 18, "qd766_tien_do": 20, "qd766_dich_vu_truc_tuyen": 22,
        "qd766_so_hoa": 22, "qd766_hai_long": 18,
    }


def test_work_records_targets_are_942s_90_80_60(catalogue: Catalogue) -> None:
    for programme_id, goal_id in (("decision_749_2025", "n2_work_records_online"),
                                  ("decision_942_2025", "s1_work_records_online")):
        goal = next(g for g in catalogue.programmes[programme_id].goals if g.id == goal_id)
        targets = {lvl: goal.target_for(lvl) for lvl in ("province", "department", "district",
                                                         "commune")}
        assert targets == {"province": 0.9, "department": 0.9, "district": 0.8, "commune": 0.6}


def test_fibre_goal_is_over_80_percent_of_households_and_all_communes(
    catalogue: Catalogue,
) -> None:
    goals = {g.id: g for g in catalogue.programmes["decision_749_2025"].goals}
    assert goals["n3_fibre_households"].comparison.value == ">"
    assert goals["n3_fibre_households"].value == 0.8
    assert goals["n3b_fibre_communes"].kpi == "fibre_commune_rate"
    assert goals["n3b_fibre_communes"].value == 1


# --- Decision 766 rules on one district's report -------------------------------------


def run(catalogue: Catalogue, fields: dict[str, float], period: str = "2025",
        earlier: dict[str, float] | None = None) -> Result:
    units = Units.of([Unit("P", "Tỉnh", "province"), Unit("D", "Huyện", "district", "P")])
    records = [{"unit": "D", "period": period, "field": f, "value": v} for f, v in fields.items()]
    if earlier:
        records += [{"unit": "D", "period": "2024", "field": f, "value": v}
                    for f, v in earlier.items()]
    return assess(catalogue, units, Dataset.from_records(records))


def points(result: Result, goal: str, period: str = "2025") -> float:
    rows = result.scores
    row = rows[(rows["programme"] == "qd_766") & (rows["goal"] == goal)
               & (rows["unit"] == "D") & (rows["period"] == period)]
    assert len(row) == 1
    return float(row["points"].iloc[0])


def test_766_satisfaction_is_capped_at_its_threshold(catalogue: Catalogue) -> None:
    # 5.4: rate = 1 − (late + with complaint) / resolved; points min(6, 6 × rate / 0.9).
    # 200 resolved, 196 on time (4 late), 2 with a complaint: rate 1 − 6/200 = 0.97 →
    # 6 × 0.97 / 0.9 = 6.47, capped at 6.
    base = {"dossiers_resolved": 200, "dossiers_resolved_on_time": 196,
            "dossiers_with_complaint": 2}
    assert points(run(catalogue, base), "c5_4_handling_satisfaction") == 6
    # 200 resolved, 128 on time (72 late), 20 with a complaint: 1 − 92/200 = 0.54 →
    # 6 × 0.54 / 0.9 = 3.6.
    low = {**base, "dossiers_resolved_on_time": 128, "dossiers_with_complaint": 20}
    assert points(run(catalogue, low), "c5_4_handling_satisfaction") == pytest.approx(3.6)


def test_766_no_complaint_scores_full_marks(catalogue: Catalogue) -> None:
    # 5.2 and 5.3: no complaint at all → 6 points each (not missing, not 0).
    result = run(catalogue, {"complaints": 0, "complaints_on_time": 0,
                             "complaints_dissatisfied": 0, "complaints_late": 0})
    assert points(result, "c5_2_complaints_on_time") == 6
    assert points(result, "c5_3_complaint_satisfaction") == 6
    # 10 complaints, 8 on time, 1 dissatisfied, 2 late: 6 × 0.8 = 4.8 and
    # 6 × (10 − 1 − 2)/10 = 4.2.
    result = run(catalogue, {"complaints": 10, "complaints_on_time": 8,
                             "complaints_dissatisfied": 1, "complaints_late": 2})
    assert points(result, "c5_2_complaints_on_time") == pytest.approx(4.8)
    assert points(result, "c5_3_complaint_satisfaction") == pytest.approx(4.2)


def test_766_online_submission_is_multiplied_by_the_sync_rate(catalogue: Catalogue) -> None:
    # 3.3: 600 of 1000 dossiers online, 500 of 1000 synced: 0.6 × 0.5 = 0.3 →
    # full marks at 50 %: 6 × 0.3 / 0.5 = 3.6 (without the sync factor it would be 6).
    fields = {"dossiers_total": 1000, "dossiers_online": 600, "dossiers_synced": 500}
    result = run(catalogue, fields)
    assert points(result, "c3_3_online_submission") == pytest.approx(3.6)
    # 1.4 scores the sync rate itself: 6 × 0.5 = 3.
    assert points(result, "c1_4_synced") == pytest.approx(3.0)
    # Everything synced: 0.6 ≥ 0.5, full 6 points.
    result = run(catalogue, {**fields, "dossiers_synced": 1000})
    assert points(result, "c3_3_online_submission") == 6


def test_766_sync_falls_back_to_the_previous_period(catalogue: Catalogue) -> None:
    # No dossier received in 2025: 30 synced over last year's 120 received = 0.25 → 1.5.
    result = run(catalogue, {"dossiers_total": 0, "dossiers_synced": 30},
                 earlier={"dossiers_total": 120})
    assert points(result, "c1_4_synced") == pytest.approx(1.5)
    # Without last year's figure: no value, E130, and 0 points flagged missing.
    result = run(catalogue, {"dossiers_total": 0, "dossiers_synced": 30})
    assert points(result, "c1_4_synced") == 0
    assert [f.code for f in result.findings if f.code == "E130"] == ["E130"]


def test_766_on_time_counts_pending_dossiers_within_their_deadline(
    catalogue: Catalogue,
) -> None:
    # 2.1: 80 resolved (70 on time) and 20 in process (18 within deadline):
    # (70 + 18) / (80 + 20) = 0.88 → 20 × 0.88 = 17.6 points. Resolved only would be
    # 70 / 80 = 0.875.
    result = run(catalogue, {"dossiers_resolved": 80, "dossiers_resolved_on_time": 70,
                             "dossiers_pending": 20, "dossiers_pending_in_time": 18})
    assert points(result, "c2_1_on_time") == pytest.approx(17.6)
    values = result.values
    on_time = values[(values["unit"] == "D") & (values["kpi"] == "dossiers_on_time_rate")]
    assert on_time["value"].iloc[0] == pytest.approx(0.875)


def test_766_unreported_indicator_scores_zero_flagged_missing(catalogue: Catalogue) -> None:
    result = run(catalogue, {"dossiers_resolved": 80, "dossiers_resolved_on_time": 70,
                             "dossiers_pending": 0, "dossiers_pending_in_time": 0})
    rows = result.scores
    row = rows[(rows["programme"] == "qd_766") & (rows["goal"] == "c4_1_e_result")
               & (rows["unit"] == "D")].iloc[0]
    assert row["points"] == 0 and bool(row["missing"])
    assert not math.isnan(row["max_points"])
