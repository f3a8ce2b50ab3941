"""Official points: the DTI from its main indices, ties at the 4th decimal, rules, bands, pillars.

The DTI 2022 figures are the published ones (dti.gov.vn, "Báo cáo xếp hạng Đánh
giá mức độ chuyển đổi số năm 2022", table "Chuyển đổi số cấp tỉnh (PDTI)"): the
eight scored main-index values of the top five provinces and their DTI.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chiso.catalogue.model import (
    Band,
    Catalogue,
    CatalogueInfo,
    Direction,
    Goal,
    Group,
    Horizon,
    Kpi,
    KpiType,
    Measure,
    MissingRule,
    Pillar,
    Points,
    Programme,
    ScoreMethod,
    Scoring,
    Step,
    Text,
)
from chiso.engine.points import band_of, pillar_scores, step_points
from chiso.engine.scoring import programme_scores
from chiso.units.model import Unit, Units
from tests.kit import values_frame

# (main index, maximum points) under Decision 922/QĐ-BTTTT; smart city (0 points) is not scored.
DTI_INDICES = [
    ("nhan_thuc_so", 100),
    ("the_che_so", 100),
    ("ha_tang_so", 100),
    ("nhan_luc_so", 100),
    ("attt", 100),
    ("hd_chinh_quyen_so", 200),
    ("hd_kinh_te_so", 150),
    ("hd_xa_hoi_so", 150),
]
DTI_2022 = {  # province: (8 main-index values), published DTI
    "da_nang": ((1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197), 0.8002),
    "tp_hcm": ((0.8917, 0.9000, 0.8258, 0.6267, 0.5580, 0.8406, 0.7611, 0.3590), 0.7163),
    "quang_ninh": ((0.9581, 0.9000, 0.7648, 0.6250, 0.5382, 0.8385, 0.5904, 0.4505), 0.7024),
    "thua_thien_hue": ((0.9500, 0.9000, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001), 0.6975),
    "can_tho": ((0.9000, 0.8000, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947), 0.6924),
}


def text(s: str) -> Text:
    return Text(vi=s, en=s)


def simple_kpi(kid: str, group: str, unit: Measure = Measure.PERCENT, **kw: object) -> Kpi:
    return Kpi(
        id=kid, name=text(kid), type=KpiType.SIMPLE, field=kid, unit=unit,
        direction=kw.pop("direction", Direction.HIGHER), group=group, **kw,  # type: ignore[arg-type]
    )


def catalogue_with(kpis: list[Kpi], programme: Programme, groups: list[str]) -> Catalogue:
    return Catalogue(
        info=CatalogueInfo(id="t", name=text("t"), version="1"),
        groups={g: Group(id=g, name=text(g)) for g in groups},
        fields={},
        kpis={k.id: k for k in kpis},
        programmes={programme.id: programme},
    )


def provinces(*codes: str) -> Units:
    return Units.of([Unit(c, c, "province") for c in codes])


def dti_programme(**scoring: object) -> Programme:
    """One goal per main index: points = max × index value (proportional, full marks at 1)."""
    goals = [
        Goal(id=f"i_{gid}", kpi=gid, value=1, deadline=2022, points=Points(max=mx))
        for gid, mx in DTI_INDICES
    ]
    return Programme(
        id="dti", name=text("DTI"), horizon=Horizon(start=2022, end=2025), goals=goals,
        scoring=Scoring(method=ScoreMethod.POINTS, round=4, points_total=1000, **scoring),  # type: ignore[arg-type]
    )


def dti_catalogue(**scoring: object) -> Catalogue:
    kpis = [simple_kpi(gid, gid) for gid, _ in DTI_INDICES]
    return catalogue_with(kpis, dti_programme(**scoring), [g for g, _ in DTI_INDICES])


def dti_values(table: dict[str, tuple[tuple[float, ...], float]]) -> pd.DataFrame:
    return values_frame(
        (code, "2022", gid, value)
        for code, (values, _) in table.items()
        for (gid, _), value in zip(DTI_INDICES, values, strict=True)
    )


def test_dti_2022_of_the_top_five_from_their_main_indices() -> None:
    _, composite, groups = programme_scores(
        dti_catalogue(), provinces(*DTI_2022), dti_values(DTI_2022)
    )
    dti = composite.set_index("unit")["score"] / 100
    # Đà Nẵng: 100·1 + 100·0.9 + 100·0.8253 + 100·0.8487 + 100·0.7578 + 200·0.8575
    #          + 150·0.7836 + 150·0.5197 = 433.18 + 171.5 + 117.54 + 77.955
    #          = 800.175 points → 800.175 / 1000 = 0.800175 → 0.8002.
    assert dti["da_nang"] == pytest.approx(0.8002, abs=1e-12)
    assert composite.set_index("unit").loc["da_nang", "points"] == pytest.approx(800.175)
    assert composite.set_index("unit").loc["da_nang", "max_points"] == pytest.approx(1000)
    exact = {code: published for code, (_, published) in DTI_2022.items()}
    # TP.HCM from its published (rounded) indices: 716.355 points → 0.7164, one in the
    # 4th decimal above the published 0.7163: each index is itself rounded to 4
    # decimals, which moves the total by up to 1000 · 0.00005 / 1000 = 0.00005. The
    # other four match exactly.
    for code, published in exact.items():
        if code == "tp_hcm":
            assert abs(dti[code] - published) <= 0.0001 + 1e-12
            assert (composite.set_index("unit").loc[code, "points"] / 1000) == pytest.approx(
                0.716355
            )
        else:
            assert dti[code] == pytest.approx(published, abs=1e-12), code
    # Each main-index value is its points over its maximum: Đà Nẵng's digital government 0.8575.
    da_nang = groups[groups["unit"] == "da_nang"].set_index("group")
    assert da_nang.loc["hd_chinh_quyen_so", "score"] / 100 == pytest.approx(0.8575)
    assert da_nang.loc["hd_chinh_quyen_so", "points"] == pytest.approx(171.5)
    assert da_nang.loc["hd_chinh_quyen_so", "max_points"] == 200
    # Ranks 1–5 as published.
    assert composite.set_index("unit")["rank"].to_dict() == {
        "da_nang": 1, "tp_hcm": 2, "quang_ninh": 3, "thua_thien_hue": 4, "can_tho": 5
    }


def test_ties_at_the_4th_decimal_rank_1224() -> None:
    # B and C differ by 2e-5 in the digital-society index: 150 · 0.00002 = 0.003 points,
    # 0.000003 of the DTI — equal to 4 decimals, so they share rank 2 and D is 4th.
    base = (0.9, 0.9, 0.8, 0.8, 0.7, 0.8, 0.7, 0.5)
    table = {
        "a": ((1.0, 0.9, 0.8, 0.8, 0.7, 0.8, 0.7, 0.5), 0.0),
        "b": (base, 0.0),
        "c": ((*base[:7], 0.50002), 0.0),
        "d": ((0.8, *base[1:]), 0.0),
    }
    _, composite, _ = programme_scores(dti_catalogue(), provinces(*table), dti_values(table))
    ranks = composite.set_index("unit")["rank"]
    assert "".join(str(ranks[c]) for c in "abcd") == "1224"
    assert composite.set_index("unit")["tied"].to_dict() == {
        "a": False, "b": True, "c": True, "d": False
    }
    # Without rounding the 0.003 points decide: no tie.
    unrounded = dti_catalogue()
    programme = unrounded.programmes["dti"]
    plain = programme.model_copy(
        update={"scoring": programme.scoring.model_copy(update={"round": None})}
    )
    plain_cat = unrounded.model_copy(update={"programmes": {"dti": plain}})
    _, composite, _ = programme_scores(plain_cat, provinces(*table), dti_values(table))
    ranks = composite.set_index("unit")["rank"]
    assert "".join(str(ranks[c]) for c in "abcd") == "1324"


def test_overlapping_pillars_are_each_scored_from_points() -> None:
    # The digital-government pillar: the five scored foundation indices and the
    # activity index (700 points); "foundation" (500) overlaps it.
    foundation = [g for g, _ in DTI_INDICES[:5]]
    pillars = [
        Pillar(id="cqs", name=text("CQS"), groups=[*foundation, "hd_chinh_quyen_so"], max=700),
        Pillar(id="foundation", name=text("F"), groups=foundation, max=500),
    ]
    catalogue = dti_catalogue(pillars=pillars)
    table = {"da_nang": DTI_2022["da_nang"]}
    _, _, groups = programme_scores(catalogue, provinces("da_nang"), dti_values(table))
    pillar = pillar_scores(catalogue.programmes["dti"], groups).set_index("pillar")
    # CQS: 100 + 90 + 82.53 + 84.87 + 75.78 + 171.5 = 604.68 of 700 = 0.863828… → 0.8638.
    assert pillar.loc["cqs", "points"] == pytest.approx(604.68)
    assert pillar.loc["cqs", "max_points"] == 700
    assert pillar.loc["cqs", "score"] / 100 == pytest.approx(0.8638)
    # Foundation: 433.18 of 500 = 0.86636 → 0.8664.
    assert pillar.loc["foundation", "score"] / 100 == pytest.approx(0.8664)


# --- rules -------------------------------------------------------------------------------


def one_goal(goal: Goal, kpi: Kpi, *, missing: MissingRule = MissingRule.EXCLUDE,
             bands: list[Band] | None = None) -> Catalogue:
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=[goal],
        scoring=Scoring(method=ScoreMethod.POINTS, missing=missing, bands=bands or []),
    )
    return catalogue_with([kpi], programme, [kpi.group])


def points_of(catalogue: Catalogue, values: dict[str, float]) -> dict[str, float]:
    units = Units.of([Unit(c, c, "district") for c in values])
    frame = values_frame((c, "2024", next(iter(catalogue.kpis)), v) for c, v in values.items())
    scores, _, _ = programme_scores(catalogue, units, frame)
    return dict(zip(scores["unit"], scores["points"], strict=True))


def test_proportional_with_a_full_marks_threshold_is_capped() -> None:
    # 766 satisfaction: min(6, 6 × rate / 0.9). 0.45 → 3; 0.9 → 6; 0.99 → 6 (capped).
    goal = Goal(id="g", kpi="rate", value=0.9, deadline=2025, points=Points(max=6))
    got = points_of(one_goal(goal, simple_kpi("rate", "x")), {"a": 0.45, "b": 0.9, "c": 0.99})
    assert got == pytest.approx({"a": 3.0, "b": 6.0, "c": 6.0})


def test_proportional_lower_is_better_scores_target_over_value() -> None:
    # At most 5 days: 10 days earns 10 × 5/10 = 5 of 10 points; 4 days earns 10.
    kpi = simple_kpi("days", "x", unit=Measure.NUMBER, direction=Direction.LOWER)
    goal = Goal(id="g", kpi="days", comparison="<=", value=5, deadline=2025, points=Points(max=10))
    assert points_of(one_goal(goal, kpi), {"a": 10, "b": 4}) == pytest.approx({"a": 5, "b": 10})


def test_step_table_meetings_a_year() -> None:
    # "họp 4 lần/năm: 20 điểm; 3 lần: 15; 2: 10; 1: 5; còn lại: 0"
    steps = [Step(at=at, points=5 * at) for at in (4, 3, 2, 1)]
    kpi = simple_kpi("meetings", "x", unit=Measure.COUNT)
    goal = Goal(id="g", kpi="meetings", value=4, deadline=2025, points=Points(max=20, steps=steps))
    got = points_of(one_goal(goal, kpi), {"a": 6, "b": 3, "c": 1, "d": 0})
    assert got == {"a": 20, "b": 15, "c": 5, "d": 0}


def test_step_points_role_rule_and_missing_stays_missing() -> None:
    # Head of the committee coded 2 = Secretary/Chairman (full), 1 = Vice (½), 0 = other.
    points = Points(max=10, steps=[Step(at=2, points=10), Step(at=1, points=5)])
    got = step_points(np.array([2.0, 1.0, 0.0, np.nan]), points, higher=True)
    assert got[:3].tolist() == [10, 5, 0]
    assert math.isnan(got[3])


def test_formula_rule_over_kpis_clipped_at_the_maximum() -> None:
    # 766 payment: 6·A + min(2, 2.5·B) + 2.5·C (10 points). A=0.5, B=1, C=0.4 →
    # 3 + 2 + 1 = 6. A=1, B=1, C=1 → 6 + 2 + 2.5 = 10.5, clipped to 10.
    kpis = [simple_kpi(k, "pay") for k in ("pay_a", "pay_b", "pay_c")]
    goal = Goal(id="g", kpi="pay_a", value=1, deadline=2025,
                points=Points(max=10, formula="6*pay_a + min(2, 2.5*pay_b) + 2.5*pay_c"))
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=[goal],
        scoring=Scoring(method=ScoreMethod.POINTS),
    )
    catalogue = catalogue_with(kpis, programme, ["pay"])
    units = Units.of([Unit(c, c, "district") for c in ("u1", "u2")])
    rows = [("u1", "2024", "pay_a", 0.5), ("u1", "2024", "pay_b", 1), ("u1", "2024", "pay_c", 0.4)]
    rows += [("u2", "2024", k, 1.0) for k in ("pay_a", "pay_b", "pay_c")]
    scores, _, _ = programme_scores(catalogue, units, values_frame(rows))
    assert dict(zip(scores["unit"], scores["points"], strict=True)) == pytest.approx(
        {"u1": 6.0, "u2": 10.0}
    )


def test_reported_points_are_taken_as_they_are_up_to_the_maximum() -> None:
    kpi = simple_kpi("self_points", "x", unit=Measure.NUMBER)
    goal = Goal(id="g", kpi="self_points", value=8, deadline=2025,
                points=Points(max=8, reported=True))
    assert points_of(one_goal(goal, kpi), {"a": 6.5, "b": 9}) == {"a": 6.5, "b": 8}


def test_missing_zero_keeps_the_maximum_exclude_drops_it() -> None:
    # Two goals of 6 and 4 points; unit b did not report the second.
    kpis = [simple_kpi("r1", "x"), simple_kpi("r2", "x")]
    goals = [
        Goal(id="g1", kpi="r1", value=1, deadline=2025, points=Points(max=6)),
        Goal(id="g2", kpi="r2", value=1, deadline=2025, points=Points(max=4),
             missing=MissingRule.ZERO),
    ]
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=goals,
        scoring=Scoring(method=ScoreMethod.POINTS, missing=MissingRule.EXCLUDE),
    )
    catalogue = catalogue_with(kpis, programme, ["x"])
    units = Units.of([Unit(c, c, "district") for c in ("a", "b")])
    rows = [("a", "2024", "r1", 0.5), ("a", "2024", "r2", 1.0), ("b", "2024", "r1", 0.5),
            ("b", "2024", "r2", float("nan"))]
    scores, composite, _ = programme_scores(catalogue, units, values_frame(rows))
    # a: 3 + 4 = 7 of 10. b: 3 + 0 (zero for g2, its own rule) = 3 of 10.
    by_unit = composite.set_index("unit")
    assert by_unit.loc["a", "points"] == 7 and by_unit.loc["a", "max_points"] == 10
    assert by_unit.loc["b", "points"] == 3 and by_unit.loc["b", "max_points"] == 10
    assert by_unit.loc["b", "score"] == pytest.approx(30.0)
    assert bool(scores.set_index(["unit", "goal"]).loc[("b", "g2"), "missing"])
    # Excluded instead: b has 3 of 6.
    goals[1] = goals[1].model_copy(update={"missing": MissingRule.EXCLUDE})
    programme = programme.model_copy(update={"goals": goals})
    catalogue = catalogue_with(kpis, programme, ["x"])
    _, composite, _ = programme_scores(catalogue, units, values_frame(rows))
    b = composite.set_index("unit").loc["b"]
    assert (b["points"], b["max_points"], b["score"]) == (3, 6, pytest.approx(50.0))


def test_per_goal_method_in_an_attainment_programme() -> None:
    # g1 by attainment (0.6 of 0.8 → 75), g2 by minmax with goalposts (0, 50): 25 → 50.
    kpis = [simple_kpi("r1", "x"), simple_kpi("n2", "x", unit=Measure.NUMBER)]
    goals = [
        Goal(id="g1", kpi="r1", value=0.8, deadline=2025),
        Goal(id="g2", kpi="n2", value=50, deadline=2025, method=ScoreMethod.MINMAX),
    ]
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=goals,
        scoring=Scoring(goalposts={"g2": (0, 50)}),
    )
    catalogue = catalogue_with(kpis, programme, ["x"])
    units = Units.of([Unit("a", "a", "district")])
    scores, _, _ = programme_scores(catalogue, units, values_frame([("a", "2024", "r1", 0.6),
                                                       ("a", "2024", "n2", 25)]))
    assert scores.set_index("goal")["score"].to_dict() == pytest.approx({"g1": 75.0, "g2": 50.0})
    assert scores.set_index("goal")["method"].to_dict() == {"g1": "attainment", "g2": "minmax"}


def test_bands_next_to_every_score() -> None:
    bands = [
        Band(id="xuat_sac", min=0.9, name=text("Xuất sắc")),
        Band(id="kha", min=0.65, name=text("Khá")),
        Band(id="yeu", min=0, name=text("Yếu")),
    ]
    goal = Goal(id="g", kpi="rate", value=1, deadline=2025, points=Points(max=100))
    catalogue = one_goal(goal, simple_kpi("rate", "x"), bands=bands)
    units = Units.of([Unit(c, c, "district") for c in ("a", "b", "c", "d")])
    frame = values_frame([("a", "2024", "rate", 0.9), ("b", "2024", "rate", 0.7),
                         ("c", "2024", "rate", 0.1), ("d", "2024", "rate", float("nan"))])
    scores, composite, groups = programme_scores(catalogue, units, frame)
    expected = {"a": "xuat_sac", "b": "kha", "c": "yeu", "d": None}
    assert dict(zip(composite["unit"], composite["band"], strict=True)) == expected
    assert dict(zip(groups["unit"], groups["band"], strict=True)) == expected
    assert dict(zip(scores["unit"], scores["band"], strict=True)) == expected


def test_band_of_below_every_band_is_none() -> None:
    bands = [Band(id="tot", min=0.8, name=text("Tốt"))]
    got = band_of(pd.Series([79.99, 80.0, np.nan]), bands)
    assert got.tolist() == [None, "tot", None]


def test_appraised_points_count_where_given_and_self_is_shown_beside() -> None:
    # Self-assessed 8.5 of 10 for both units; the province appraised u1 at 7 and has
    # not appraised u2 yet: u1 counts 7 (difference −1.5), u2 counts its own 8.5.
    kpis = [simple_kpi("self_pts", "x", unit=Measure.NUMBER),
            simple_kpi("appr_pts", "x", unit=Measure.NUMBER)]
    goal = Goal(id="g", kpi="self_pts", value=10, deadline=2025,
                points=Points(max=10, reported=True, appraised="appr_pts"))
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=[goal],
        scoring=Scoring(method=ScoreMethod.POINTS),
    )
    catalogue = catalogue_with(kpis, programme, ["x"])
    units = Units.of([Unit(c, c, "district") for c in ("u1", "u2")])
    rows = [("u1", "2024", "self_pts", 8.5), ("u1", "2024", "appr_pts", 7.0),
            ("u2", "2024", "self_pts", 8.5), ("u2", "2024", "appr_pts", float("nan"))]
    scores, composite, _ = programme_scores(catalogue, units, values_frame(rows))
    by_unit = scores.set_index("unit")
    assert by_unit.loc["u1", ["self_points", "appraised_points", "points"]].tolist() == [
        8.5, 7.0, 7.0
    ]
    assert by_unit.loc["u2", "points"] == 8.5
    assert math.isnan(by_unit.loc["u2", "appraised_points"])
    # Ranked by what counts: u2 (8.5) before u1 (7, appraised).
    assert composite.set_index("unit")["rank"].to_dict() == {"u2": 1, "u1": 2}


def test_computed_component_compared_with_the_self_assessment() -> None:
    # Fibre households 0.73 → 10 × 0.73 = 7.3 points computed; the district claimed 9.
    kpis = [simple_kpi("fibre_rate", "x"), simple_kpi("fibre_self", "x", unit=Measure.NUMBER)]
    goal = Goal(id="g", kpi="fibre_rate", value=1, deadline=2025,
                points=Points(max=10, self_assessed="fibre_self"))
    programme = Programme(
        id="p", name=text("p"), horizon=Horizon(start=2022, end=2025), goals=[goal],
        scoring=Scoring(method=ScoreMethod.POINTS),
    )
    catalogue = catalogue_with(kpis, programme, ["x"])
    units = Units.of([Unit("u1", "u1", "district")])
    rows = [("u1", "2024", "fibre_rate", 0.73), ("u1", "2024", "fibre_self", 9.0)]
    scores, _, _ = programme_scores(catalogue, units, values_frame(rows))
    row = scores.iloc[0]
    assert row["points"] == pytest.approx(7.3)
    assert row["self_points"] == 9.0
    assert math.isnan(row["appraised_points"])
