"""Checks across objects and files: references, formulas, cycles, targets, weights."""

from __future__ import annotations

from chiso.catalogue.checks import check_catalogue
from chiso.catalogue.model import Catalogue, CatalogueInfo, FieldDef, Group, Kpi, Text
from chiso.findings import Severity
from tests.kit import CATALOGUE, FIELDS, KPIS, PROGRAMME, pos

from .conftest import Loader, codes, where

DERIVED = """\
  - id: {id}
    name: {{vi: {id}, en: {id}}}
    type: derived
    expression: {expression}
    unit: number
    direction: higher
    group: gov
"""


def kpis_with(*extra: str) -> str:
    return KPIS + "".join(extra)


def test_unknown_field_in_a_formula_is_k202_at_its_column_with_suggestion(load: Loader) -> None:
    text = KPIS.replace("numerator: dossiers_online", "numerator: 2 * dossiers_onlne")
    _, findings = load(**{"kpis.yaml": text})
    # Sorted by file: fields.yaml before kpis.yaml.
    assert codes(findings) == ["K216", "K202"]
    unused, unknown = findings
    # "    numerator: 2 * dossiers_onlne": the value starts at column 16, the name
    # is 4 characters into it, so column 20.
    assert where(unknown) == ("kpis.yaml", 5, 20)
    assert where(unknown) == ("kpis.yaml", *pos(text, "dossiers_onlne"))
    assert unknown.suggestion == "dossiers_online"
    assert "'dossiers_onlne'" in unknown.message_en
    # dossiers_online is now used by no KPI: a warning, not an error.
    assert unused.severity is Severity.WARNING
    assert where(unused) == ("fields.yaml", *pos(FIELDS, "dossiers_online"))


def test_formula_column_accounts_for_quotes(load: Loader) -> None:
    text = KPIS.replace("denominator: dossiers_total", 'denominator: "dossiers_totl + 0"')
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K216", "K202"]  # dossiers_total is unused now
    assert where(findings[1]) == ("kpis.yaml", *pos(text, "dossiers_totl"))


def test_formula_column_counts_characters_after_vietnamese_names(load: Loader) -> None:
    # ast reports UTF-8 byte offsets; "số_hồ_sơ" is 8 characters but 14 bytes.
    text = KPIS.replace("numerator: dossiers_online", "numerator: số_hồ_sơ + dossiers_onlin")
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K216", "K202", "K202"]
    assert [where(f) for f in findings[1:]] == [
        ("kpis.yaml", *pos(text, "số_hồ_sơ")),
        ("kpis.yaml", *pos(text, "dossiers_onlin")),
    ]


def test_formula_in_a_block_scalar_points_at_the_right_line(load: Loader) -> None:
    text = kpis_with(
        DERIVED.format(id="combined", expression="|\n      min(online_rate,\n          onlne_rate)")
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K202"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "onlne_rate"))
    assert findings[0].suggestion == "online_rate"


def test_formula_in_folded_and_multi_line_plain_scalars_points_at_the_name(
    load: Loader,
) -> None:
    text = kpis_with(
        DERIVED.format(id="folded", expression=">-\n      online_rate +\n      onlne_rate * 2"),
        DERIVED.format(id="wrapped", expression="online_rate\n      + onlin_rate"),
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K202", "K202"]
    assert [where(f) for f in findings] == [
        ("kpis.yaml", *pos(text, "onlne_rate")),
        ("kpis.yaml", *pos(text, "onlin_rate")),
    ]


def test_attribute_access_is_k302_at_the_dot(load: Loader) -> None:
    text = KPIS.replace("numerator: dossiers_online", "numerator: dossiers_online.__class__")
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K302"]
    # Python reports an attribute at the start of the object it is taken from.
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "dossiers_online.__"))
    assert "attribute access" in findings[0].message_en
    assert findings[0].raw == "dossiers_online.__class__"


def test_wrong_number_of_arguments_is_k304(load: Loader) -> None:
    text = kpis_with(DERIVED.format(id="capped", expression="abs(online_rate, 1)"))
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K304"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "abs("))
    assert "'abs' takes 1 arguments, got 2" in findings[0].message_en


def test_unknown_function_is_k303_and_syntax_error_is_k301(load: Loader) -> None:
    text = kpis_with(
        DERIVED.format(id="called", expression="round(online_rate)"),
        DERIVED.format(id="unfinished", expression="online_rate +"),
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K303", "K301"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "round("))
    # The formula stops too early: the column is just past its end
    # ("online_rate +" is 13 characters).
    assert where(findings[1]) == ("kpis.yaml", *pos(text, "online_rate +", offset=13))


def test_cycle_in_derived_kpis_is_k207_listing_the_cycle(load: Loader) -> None:
    text = kpis_with(
        DERIVED.format(id="alpha", expression="beta + online_rate"),
        DERIVED.format(id="beta", expression="gamma * 2"),
        DERIVED.format(id="gamma", expression="alpha - 1"),
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K207"]
    assert "alpha → beta → gamma → alpha" in findings[0].message_en
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "beta + online_rate"))


def test_kpi_referring_to_itself_is_a_cycle(load: Loader) -> None:
    text = kpis_with(DERIVED.format(id="selfish", expression="selfish + 1"))
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K207"]
    assert "selfish → selfish" in findings[0].message_en


def test_80_instead_of_0_8_is_k208_with_hint(load: Loader) -> None:
    text = PROGRAMME.replace("value: 0.8", "value: 80")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K208"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "80"))
    assert "(write 0.8)" in findings[0].message_en
    assert "(hãy ghi 0.8)" in findings[0].message_vi


def test_a_large_target_is_written_out_in_full_not_as_an_exponent(load: Loader) -> None:
    # f"{1234567:g}" is "1.23457e+06": the message must show the number as written.
    text = PROGRAMME.replace("value: 0.8", "value: 1234567")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K208"]
    assert "1234567" in findings[0].message_en and "e+06" not in findings[0].message_en
    assert "1234567" in findings[0].message_vi


def test_percent_baseline_and_level_target_out_of_range(load: Loader) -> None:
    text = PROGRAMME.replace("value: 0.3", "value: 30") + ("        by_level: {commune: 75}\n")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K219", "K208"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "30"))
    assert "(write 0.3)" in findings[0].message_en
    assert where(findings[1]) == ("programme.yaml", *pos(text, "75"))


def test_impossible_targets_are_k212(load: Loader) -> None:
    text = PROGRAMME.replace("value: 0.8", "value: 1\n        comparison: '>'")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K212"]
    assert "> 1" in findings[0].message_en
    assert "online_rate ∈ [0, 1]" in findings[0].message_en


def test_yes_no_target_outside_0_1_is_k212(load: Loader) -> None:
    fields = FIELDS + (
        "  - id: has_portal\n    label: {vi: Có cổng, en: Has portal}\n    kind: yes_no\n"
    )
    kpis = KPIS + (
        "  - id: portal\n"
        "    name: {vi: Cổng, en: Portal}\n"
        "    type: simple\n"
        "    field: has_portal\n"
        "    unit: yes_no\n"
        "    direction: higher\n"
        "    group: gov\n"
        "    rollup: mean\n"
    )
    programme = PROGRAMME + (
        "      - id: portal\n        kpi: portal\n        value: 2\n        deadline: 2025\n"
    )
    _, findings = load(**{"fields.yaml": fields, "kpis.yaml": kpis, "programme.yaml": programme})
    assert codes(findings) == ["K212"]
    assert where(findings[0]) == ("programme.yaml", *pos(programme, "2\n", nth=0))


def test_deadline_not_after_baseline_is_k209(load: Loader) -> None:
    text = PROGRAMME.replace("period: 2021", "period: 2025-Q4")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K209"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "2025-Q4"))
    assert "Deadline 2025 is not after the baseline period 2025-Q4" in findings[0].message_en


def test_deadline_outside_horizon_is_a_k213_warning(load: Loader) -> None:
    text = PROGRAMME.replace("deadline: 2025", "deadline: 2030")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K213"]
    assert findings[0].severity is Severity.WARNING
    assert where(findings[0]) == ("programme.yaml", *pos(text, "2030"))


SCORING = """\
    scoring:
      weights: {online: 70, speed: -10, onlin: 40}
      weights_total: 100
      goalposts: {online: [0.5, 0.5]}
"""


def test_weights_negative_unknown_and_not_summing(load: Loader) -> None:
    programme = (
        PROGRAMME
        + (
            "      - id: speed\n"
            "        kpi: online_rate\n"
            "        value: 0.9\n"
            "        deadline: 2025\n"
        )
        + SCORING
    )
    _, findings = load(**{"programme.yaml": programme})
    # 70 + (-10) + 40 = 100 = weights_total, so no K211 here.
    assert codes(findings) == ["K210", "K218", "K217"]
    negative, unknown, goalposts = findings
    assert where(negative) == ("programme.yaml", *pos(programme, "-10"))
    assert where(unknown) == ("programme.yaml", *pos(programme, "onlin:"))
    assert unknown.suggestion == "online"
    assert where(goalposts) == ("programme.yaml", *pos(programme, "[0.5"))


def test_weights_that_do_not_sum_to_the_declared_total_are_k211(load: Loader) -> None:
    programme = PROGRAMME + "    scoring:\n      weights: {online: 60}\n      weights_total: 100\n"
    _, findings = load(**{"programme.yaml": programme})
    assert codes(findings) == ["K211"]
    assert "Weights add up to 60, but weights_total is 100" in findings[0].message_en


def test_goal_weights_sum_when_scoring_has_none(load: Loader) -> None:
    programme = PROGRAMME.replace("deadline: 2025", "deadline: 2025\n        weight: 1") + (
        "    scoring: {weights_total: 1}\n"
    )
    _, findings = load(**{"programme.yaml": programme})
    assert findings == []


def test_duplicate_id_across_two_files_is_k201_with_first_place(load: Loader) -> None:
    copy = KPIS.replace("numerator: dossiers_online", "numerator: dossiers_total")
    _, findings = load(**{"more_kpis.yaml": copy})
    assert codes(findings) == ["K201"]
    assert where(findings[0]) == ("more_kpis.yaml", *pos(copy, "online_rate"))
    first_line = pos(KPIS, "online_rate")[0]
    assert f"kpis.yaml:{first_line})" in findings[0].message_en
    assert "Duplicate kpi id 'online_rate'" in findings[0].message_en


def test_field_and_kpi_with_the_same_id_is_k201(load: Loader) -> None:
    text = KPIS.replace("id: online_rate", "id: dossiers_total").replace(
        "kpi: online_rate", "kpi: dossiers_total"
    )
    _, findings = load(
        **{
            "kpis.yaml": text,
            "programme.yaml": PROGRAMME.replace("kpi: online_rate", "kpi: dossiers_total"),
        }
    )
    assert codes(findings) == ["K201"]
    assert "field/kpi" in findings[0].message_en


def test_unknown_references_group_field_kpi_level_constraint(load: Loader) -> None:
    fields = FIELDS.replace("<= dossiers_total", "<= dossier_total").replace(
        "kind: count\n  - id: dossiers_online",
        "kind: count\n    levels: [comune]\n  - id: dossiers_online",
    )
    kpis = KPIS.replace("group: gov", "group: govt") + (
        "  - id: plain\n"
        "    name: {vi: P, en: P}\n"
        "    type: simple\n"
        "    field: dossiers_onlin\n"
        "    unit: count\n"
        "    direction: higher\n"
        "    group: gov\n"
    )
    programme = PROGRAMME.replace("kpi: online_rate", "kpi: onlin_rate")
    _, findings = load(**{"fields.yaml": fields, "kpis.yaml": kpis, "programme.yaml": programme})
    assert codes(findings) == ["K206", "K214", "K204", "K205", "K203"]
    level, constraint, group, field, kpi = findings
    assert where(level) == ("fields.yaml", *pos(fields, "comune"))
    assert level.suggestion == "commune"
    assert where(constraint) == ("fields.yaml", *pos(fields, '"<= dossier_total"'))
    assert constraint.suggestion == "dossiers_total"
    assert where(group) == ("kpis.yaml", *pos(kpis, "govt"))
    assert group.suggestion == "gov"
    assert where(field) == ("kpis.yaml", *pos(kpis, "dossiers_onlin\n"))
    assert where(kpi) == ("programme.yaml", *pos(programme, "onlin_rate"))
    assert kpi.suggestion == "online_rate"


def test_unknown_level_in_by_level_is_k206(load: Loader) -> None:
    text = PROGRAMME + "        by_level: {ward: 0.5}\n"
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K206"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "ward"))


def test_broken_goal_does_not_hide_its_siblings_or_cause_knock_on(load: Loader) -> None:
    text = PROGRAMME.replace("id: online", "id: first") + (
        "      - id: second\n"
        "        kpi: online_rate\n"
        "        value: 0.9\n"
        "        deadline: 2030\n"
        "      - id: broken\n"
        "        kpi: online_rate\n"
        "        valeu: 0.9\n"
        "        deadline: 2025\n"
        "    scoring:\n"
        "      weights: {first: 1, second: 1, broken: 1}\n"
    )
    catalogue, findings = load(**{"programme.yaml": text})
    # The broken goal is reported (typo, then missing value), and the deadline of
    # the valid sibling is still checked; no "weight for unknown goal 'broken'".
    assert codes(findings) == ["K213", "K102", "K101"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "2030"))
    assert findings[2].suggestion == "value"
    assert catalogue is not None
    assert [g.id for g in catalogue.programmes["resolution"].goals] == ["first", "second"]


def test_unused_field_is_a_k216_warning(load: Loader) -> None:
    fields = FIELDS + "  - id: spare\n    label: {vi: Dự phòng, en: Spare}\n    kind: amount\n"
    _, findings = load(**{"fields.yaml": fields})
    assert codes(findings) == ["K216"]
    assert findings[0].severity is Severity.WARNING
    assert where(findings[0]) == ("fields.yaml", *pos(fields, "spare"))


def test_check_catalogue_works_on_a_catalogue_built_in_python() -> None:
    text = Text(vi="x", en="x")
    catalogue = Catalogue(
        info=CatalogueInfo(id="demo", name=text, version="1"),
        groups={"gov": Group(id="gov", name=text)},
        fields={"total": FieldDef(id="total", label=text, kind="count")},
        kpis={
            "rate": Kpi(
                id="rate",
                name=text,
                type="ratio",
                numerator="totl",
                denominator="total",
                unit="percent",
                direction="higher",
                group="gov",
            )
        },
        programmes={},
    )
    findings = check_catalogue(catalogue)
    assert codes(findings) == ["K202"]
    assert findings[0].location.path == "kpis[0].numerator"
    assert findings[0].location.column == 1


def test_deadline_that_is_a_number_but_not_a_year_is_k103(load: Loader) -> None:
    text = PROGRAMME.replace("deadline: 2025", "deadline: 25")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K103"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "25\n"))
    assert findings[0].raw == "25"


def test_horizon_ending_before_it_starts_is_k220(load: Loader) -> None:
    text = PROGRAMME.replace("{start: 2021, end: 2025}", "{start: 2025, end: 2021}")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K220"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "2021}"))


def test_simple_percent_kpi_over_a_count_field_is_a_k215_warning(load: Loader) -> None:
    text = KPIS + (
        "  - id: online_count\n"
        "    name: {vi: Số hồ sơ, en: Dossier count}\n"
        "    type: simple\n"
        "    field: dossiers_online\n"
        "    unit: percent\n"
        "    direction: higher\n"
        "    group: gov\n"
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K215"]
    assert findings[0].severity is Severity.WARNING
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "percent", nth=1))


def test_percent_field_summed_on_rollup_is_k221(load: Loader) -> None:
    fields = FIELDS + (
        "  - id: coverage_4g\n"
        "    label: {vi: Tỷ lệ phủ sóng 4G, en: 4G coverage}\n"
        "    kind: percent\n"
    )
    kpis = KPIS + (
        "  - id: coverage\n"
        "    name: {vi: Phủ sóng 4G, en: 4G coverage}\n"
        "    type: simple\n"
        "    field: coverage_4g\n"
        "    unit: percent\n"
        "    direction: higher\n"
        "    group: gov\n"
        "    rollup: sum\n"
    )
    _, findings = load(**{"fields.yaml": fields, "kpis.yaml": kpis})
    assert codes(findings) == ["K221"]
    assert where(findings[0]) == ("kpis.yaml", *pos(kpis, "rollup"))
    assert "coverage_4g" in findings[0].message_en and "coverage_4g" in findings[0].message_vi
    # The same KPI rolled up as a mean is fine.
    _, findings = load(**{"fields.yaml": fields, "kpis.yaml": kpis.replace("sum", "mean")})
    assert codes(findings) == []


def test_goal_comparison_against_the_kpi_direction_is_a_k222_warning(load: Loader) -> None:
    programme = PROGRAMME.replace(
        "        value: 0.8\n", "        comparison: '<='\n        value: 0.8\n"
    )
    _, findings = load(**{"programme.yaml": programme})
    assert codes(findings) == ["K222"]
    assert findings[0].severity is Severity.WARNING
    assert where(findings[0]) == ("programme.yaml", *pos(programme, "'<='"))
    assert findings[0].message_vi.endswith("quy định giá trị cao hơn là tốt hơn")


def test_catalogue_programmes_set_the_order_and_an_unknown_one_is_k223(load: Loader) -> None:
    second = PROGRAMME.replace("programmes:\n", "").replace("id: resolution", "id: national")
    catalogue_text = CATALOGUE.replace(
        "  levels: [province, district, commune]\n",
        "  levels: [province, district, commune]\n  programmes: [resolution, nationl]\n",
    )
    catalogue, findings = load(**{
        "catalogue.yaml": catalogue_text,
        # file order puts "national" first (a-national.yaml sorts before programme.yaml)
        "a-national.yaml": "programmes:\n" + second,
    })
    assert codes(findings) == ["K223"]
    assert where(findings[0]) == ("catalogue.yaml", *pos(catalogue_text, "nationl"))
    assert findings[0].suggestion == "national"
    assert catalogue is not None
    # listed first, then the others in file order
    assert list(catalogue.programmes) == ["resolution", "national"]


def test_without_an_order_programmes_come_in_file_order(load: Loader) -> None:
    second = PROGRAMME.replace("programmes:\n", "").replace("id: resolution", "id: national")
    catalogue, findings = load(**{"a-national.yaml": "programmes:\n" + second})
    assert codes(findings) == []
    assert catalogue is not None and list(catalogue.programmes) == ["national", "resolution"]
