"""Validation of official-index scoring: points, group and pillar maxima, bands, previous().

Every K23x/K24x code has a case here, each at the file:line:column it points to.
"""

from __future__ import annotations

from chiso.findings import Severity
from tests.kit import KPIS, pos

from .conftest import Loader, codes, where

# Two groups (main indices) and three goals: 6 + 4 points in "a", 10 in "b";
# pillar "all" holds both groups (20 points), pillar "only_a" holds "a" (10).
POINTS = """\
groups:
  - id: idx_a
    name: {vi: Chỉ số A, en: Index A}
  - id: idx_b
    name: {vi: Chỉ số B, en: Index B}
kpis:
  - id: meetings
    name: {vi: Số cuộc họp, en: Meetings}
    type: simple
    field: meetings_held
    unit: count
    direction: higher
    group: gov
    rollup: none
fields:
  - id: meetings_held
    label: {vi: Số cuộc họp, en: Meetings held}
    kind: count
programmes:
  - id: official
    name: {vi: Bộ chỉ số, en: Official index}
    horizon: {start: 2022, end: 2025}
    goals:
      - id: c1
        kpi: online_rate
        group: idx_a
        value: 0.9
        deadline: 2025
        points: {max: 6}
      - id: c2
        kpi: meetings
        group: idx_a
        value: 4
        deadline: 2025
        points:
          max: 4
          steps:
            - {at: 4, points: 4}
            - {at: 2, points: 2}
      - id: c3
        kpi: online_rate
        group: idx_b
        value: 1
        deadline: 2025
        points: {max: 10, formula: "10 * online_rate"}
    scoring:
      method: points
      round: 4
      points_total: 20
      group_points: {idx_a: 10, idx_b: 10}
      pillars:
        - {id: all, name: {vi: Tất cả, en: All}, groups: [idx_a, idx_b], max: 20}
        - {id: only_a, name: {vi: Chỉ A, en: Only A}, groups: [idx_a], max: 10}
      bands:
        - {id: good, min: 0.8, name: {vi: Tốt, en: Good}}
        - {id: fair, min: 0.5, name: {vi: Khá, en: Fair}}
        - {id: weak, min: 0, name: {vi: Yếu, en: Weak}}
"""


def load_points(load: Loader, text: str) -> tuple[list[str], list]:
    _, findings = load(**{"points.yaml": text})
    return codes(findings), list(findings)


def test_the_points_programme_is_valid(load: Loader) -> None:
    catalogue, findings = load(**{"points.yaml": POINTS})
    assert codes(findings) == []
    assert catalogue is not None
    programme = catalogue.programmes["official"]
    assert [g.points.rule for g in programme.goals if g.points] == [
        "proportional", "steps", "formula"
    ]


def test_points_goal_without_points_is_k230(load: Loader) -> None:
    text = POINTS.replace("        points: {max: 6}\n", "")
    found, findings = load_points(load, text)
    # No knock-on findings: the sums are not checked against a goal without a maximum.
    assert found == ["K230"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "- id: c1", offset=2))


def test_points_on_a_goal_scored_otherwise_is_k231_and_k232(load: Loader) -> None:
    text = POINTS.replace(
        "        points: {max: 6}\n", "        method: attainment\n        points: {max: 6}\n"
    )
    found, findings = load_points(load, text)
    assert found[:2] == ["K232", "K231"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "attainment"))
    assert where(findings[1]) == ("points.yaml", *pos(text, "points: {max: 6}"))


def test_points_goal_in_an_attainment_programme_is_k232(load: Loader) -> None:
    text = POINTS.replace("      method: points\n", "      method: attainment\n")
    found, _ = load_points(load, text)
    # Each goal is out of place, and the points settings of the programme too.
    assert found.count("K231") == 3
    assert found.count("K244") == 2


def test_step_above_the_maximum_is_k233(load: Loader) -> None:
    text = POINTS.replace("{at: 4, points: 4}", "{at: 4, points: 5}")
    found, findings = load_points(load, text)
    assert found == ["K233"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "points: 5}", offset=8))
    assert "0–4" in findings[0].message_en


def test_step_given_twice_is_k234(load: Loader) -> None:
    text = POINTS.replace("{at: 2, points: 2}", "{at: 4, points: 2}")
    found, findings = load_points(load, text)
    assert found == ["K234"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "4, points: 2", offset=0))


def test_group_points_that_do_not_add_up_are_k235(load: Loader) -> None:
    # idx_a: 6 + 4 = 10 points, declared 12; the total 20 still adds up with idx_b.
    text = POINTS.replace("{idx_a: 10, idx_b: 10}", "{idx_a: 12, idx_b: 10}")
    found, findings = load_points(load, text)
    assert found == ["K235"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "12"))
    assert "10" in findings[0].message_en and "12" in findings[0].message_en


def test_programme_total_that_does_not_add_up_is_k236(load: Loader) -> None:
    text = POINTS.replace("points_total: 20", "points_total: 1000")
    found, findings = load_points(load, text)
    assert found == ["K236"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "1000"))


def test_pillar_maximum_that_does_not_add_up_is_k237(load: Loader) -> None:
    # "only_a" holds idx_a (10 points); 700 is the DTI's digital-government pillar.
    text = POINTS.replace("groups: [idx_a], max: 10", "groups: [idx_a], max: 700")
    found, findings = load_points(load, text)
    assert found == ["K237"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "700"))


def test_overlapping_pillars_each_checked(load: Loader) -> None:
    # Both pillars count idx_a: each is checked against its own groups.
    text = POINTS.replace("groups: [idx_a, idx_b], max: 20", "groups: [idx_a, idx_b], max: 10")
    found, _ = load_points(load, text)
    assert found == ["K237"]


def test_pillar_with_unknown_or_unused_group(load: Loader) -> None:
    text = POINTS.replace("groups: [idx_a], max: 10", "groups: [idx_a, idx_x, gov], max: 10")
    found, findings = load_points(load, text)
    assert found == ["K204", "K238"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "idx_x"))
    assert findings[1].severity is Severity.WARNING
    assert where(findings[1]) == ("points.yaml", *pos(text, "gov]"))


def test_band_outside_0_1_is_k239(load: Loader) -> None:
    text = POINTS.replace("min: 0.8", "min: 80")
    found, findings = load_points(load, text)
    assert found == ["K239"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "80"))


def test_band_twice_is_k240(load: Loader) -> None:
    text = POINTS.replace("{id: fair, min: 0.5", "{id: fair, min: 0.8")
    found, _ = load_points(load, text)
    assert found == ["K240"]


def test_bands_above_zero_warn_k241(load: Loader) -> None:
    text = POINTS.replace("        - {id: weak, min: 0, name: {vi: Yếu, en: Weak}}\n", "")
    found, findings = load_points(load, text)
    assert found == ["K241"]
    assert findings[0].severity is Severity.WARNING
    assert "0.5" in findings[0].message_en


def test_points_formula_naming_a_field_is_k242_and_unknown_name_k202(load: Loader) -> None:
    text = POINTS.replace('"10 * online_rate"', '"10 * dossiers_online + onlin_rate"')
    found, findings = load_points(load, text)
    assert found == ["K242", "K202"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "dossiers_online"))
    assert where(findings[1]) == ("points.yaml", *pos(text, "onlin_rate"))
    assert findings[1].suggestion == "online_rate"


def test_previous_in_a_ratio_or_a_points_formula_is_k243(load: Loader) -> None:
    kpis = KPIS.replace("denominator: dossiers_total", "denominator: previous(dossiers_total)")
    _, findings = load(**{"kpis.yaml": kpis})
    assert codes(findings) == ["K243"]
    assert where(findings[0]) == ("kpis.yaml", *pos(kpis, "previous"))
    text = POINTS.replace('"10 * online_rate"', '"10 * previous(online_rate)"')
    found, _ = load_points(load, text)
    assert found == ["K243"]


def test_previous_of_an_expression_is_k302(load: Loader) -> None:
    derived = KPIS + """\
  - id: growth
    name: {vi: Tăng trưởng, en: Growth}
    type: derived
    expression: dossiers_online - previous(dossiers_online + 1)
    unit: number
    direction: higher
    group: gov
"""
    _, findings = load(**{"kpis.yaml": derived})
    assert codes(findings) == ["K302"]
    assert "previous()" in findings[0].message_en


def test_previous_in_a_derived_expression_is_valid(load: Loader) -> None:
    derived = KPIS + """\
  - id: growth
    name: {vi: Tăng trưởng, en: Growth}
    type: derived
    expression: dossiers_online - previous(dossiers_online)
    unit: number
    direction: higher
    group: gov
"""
    _, findings = load(**{"kpis.yaml": derived})
    assert codes(findings) == []


def test_two_rules_on_one_goal_is_a_schema_finding(load: Loader) -> None:
    text = POINTS.replace("points: {max: 10, formula", "points: {max: 10, reported: true, formula")
    found, findings = load_points(load, text)
    # The broken goal, and no knock-on sums without it.
    assert found == ["K103"]
    assert "one rule" in findings[0].message_en
    assert where(findings[0]) == ("points.yaml", *pos(text, "{max: 10, reported"))


def test_appraised_kpi_unknown_is_k203(load: Loader) -> None:
    text = POINTS.replace("points: {max: 6}", "points: {max: 6, appraised: online_rat}")
    found, findings = load_points(load, text)
    assert found == ["K203"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "online_rat}"))
    assert findings[0].suggestion == "online_rate"


def test_a_renamed_kpi_keeps_working_with_a_deprecation_warning(load: Loader) -> None:
    from tests.kit import PROGRAMME

    kpis = KPIS.replace("    group: gov\n", "    group: gov\n    former_ids: [online_share]\n")
    programme = PROGRAMME.replace("kpi: online_rate", "kpi: online_share")
    catalogue, findings = load(**{"kpis.yaml": kpis, "programme.yaml": programme})
    assert codes(findings) == ["K245"]
    assert findings[0].severity is Severity.WARNING
    assert where(findings[0]) == ("programme.yaml", *pos(programme, "online_share"))
    assert "'online_rate'" in findings[0].message_en
    assert catalogue is not None
    assert catalogue.programmes["resolution"].goals[0].kpi == "online_rate"


def test_a_renamed_kpi_in_a_formula_suggests_the_new_id(load: Loader) -> None:
    kpis = KPIS.replace("    group: gov\n", "    group: gov\n    former_ids: [online_share]\n")
    kpis += """\
  - id: double
    name: {vi: Gấp đôi, en: Double}
    type: derived
    expression: 2 * online_share
    unit: number
    direction: higher
    group: gov
"""
    _, findings = load(**{"kpis.yaml": kpis})
    assert codes(findings) == ["K202"]
    assert findings[0].suggestion == "online_rate"


def test_pillar_without_maximum_in_a_points_programme_is_k246(load: Loader) -> None:
    text = POINTS.replace("groups: [idx_a], max: 10", "groups: [idx_a]")
    found, findings = load_points(load, text)
    assert found == ["K246"]
    assert findings[0].severity is Severity.WARNING
    assert "only_a" in findings[0].message_en


def test_evidence_on_a_goal_the_unit_does_not_self_assess_is_k247(load: Loader) -> None:
    text = POINTS.replace("points: {max: 6}", "points: {max: 6, evidence: true}")
    found, findings = load_points(load, text)
    assert found == ["K247"]
    assert where(findings[0]) == ("points.yaml", *pos(text, "true}"))


def test_evidence_for_self_assessed_points_not_on_a_form_is_k248(load: Loader) -> None:
    # meetings is a simple KPI on meetings_held, a field of the regular report: no
    # template gives it an evidence column.
    text = POINTS.replace("points: {max: 6}",
                          "points: {max: 6, self_assessed: meetings, evidence: true}")
    found, findings = load_points(load, text)
    assert found == ["K248"]
    assert findings[0].severity is Severity.WARNING


def test_evidence_on_a_programme_not_scored_in_points_is_k244(load: Loader) -> None:
    text = POINTS.replace("method: points", "method: attainment").replace(
        "      round: 4\n", "      round: 4\n      evidence: true\n")
    found, _ = load_points(load, text)
    assert "K244" in found
