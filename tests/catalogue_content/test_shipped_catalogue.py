"""The KPI catalogue shipped in ``kpis/`` loads cleanly and says what the reports say.

These tests read the real files, so a pull request that breaks the shipped
catalogue (a typo'd key, an unknown field, a target written as 80 instead of 0.8)
fails here as well as in ``chiso validate kpis/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from chiso.catalogue.model import CatalogueFile, FieldKind, Kpi, Measure, Programme
from chiso.formula import parse

KPIS = Path(__file__).resolve().parents[2] / "kpis"
FILES = sorted(KPIS.rglob("*.yaml"))


def _load(path: Path) -> CatalogueFile:
    return CatalogueFile.model_validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def files() -> dict[str, CatalogueFile]:
    return {path.relative_to(KPIS).as_posix(): _load(path) for path in FILES}


@pytest.fixture(scope="module")
def kpis(files: dict[str, CatalogueFile]) -> dict[str, Kpi]:
    return {kpi.id: kpi for f in files.values() for kpi in f.kpis}


@pytest.fixture(scope="module")
def programmes(files: dict[str, CatalogueFile]) -> dict[str, Programme]:
    return {p.id: p for f in files.values() for p in f.programmes}


def test_every_kpi_file_names_the_json_schema_for_editors() -> None:
    assert FILES, f"no KPI files in {KPIS}"
    for path in FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema == (KPIS.parent / "schema" / "kpi.schema.json").resolve(), path


def test_shipped_catalogue_loads_without_error_findings() -> None:
    from chiso.catalogue.loader import load_catalogue

    catalogue, findings = load_catalogue(KPIS)
    errors = [f for f in findings if f.severity.value == "error"]
    assert catalogue is not None
    assert errors == []


def test_catalogue_metadata_is_declared_once(files: dict[str, CatalogueFile]) -> None:
    declared = [name for name, f in files.items() if f.catalogue is not None]
    assert declared == ["catalogue.yaml"]
    info = files["catalogue.yaml"].catalogue
    assert info is not None
    assert info.version == "2025.1"
    assert info.levels == ["province", "department", "district", "commune"]
    assert [g.id for g in files["catalogue.yaml"].groups] == [
        "digital_government",
        "digital_economy",
        "digital_society",
    ]


def test_every_formula_name_is_a_declared_field_or_kpi(
    files: dict[str, CatalogueFile], kpis: dict[str, Kpi]
) -> None:
    fields = {field.id for f in files.values() for field in f.fields}
    for kpi in kpis.values():
        for key, text in kpi.formulas().items():
            unknown = set(parse(text).names) - fields - set(kpis)
            assert not unknown, f"{kpi.id}.{key}: {unknown}"


def test_every_field_feeds_some_kpi(files: dict[str, CatalogueFile], kpis: dict[str, Kpi]) -> None:
    fields = {field.id for f in files.values() for field in f.fields}
    used = {
        name
        for kpi in kpis.values()
        for text in kpi.formulas().values()
        for name in parse(text).names
    }
    assert fields - used == set()


def test_reports_kpis_are_all_in_the_catalogue(kpis: dict[str, Kpi]) -> None:
    # The indicators the provincial reports track (shared/domain/FACTS.md).
    expected = {
        "computer_rate_bodies",
        "computer_rate_commune",
        "edoc_signed_rate",
        "edoc_signature_unit_rate",
        "online_services_l34_rate",
        "online_services_l4_rate",
        "dossiers_online_rate",
        "dossiers_on_time_rate",
        "dossiers_digitised_rate",
        "eid_rate",
        "fibre_household_rate",
        "smartphone_adult_rate",
        "web_portal_commune_rate",
        "radio_it_commune_rate",
        "digital_team_commune_rate",
        "phone_subscriptions_per_100",
        "internet_subscriptions_per_100",
    }
    assert expected <= set(kpis)


def test_computer_rates_split_bodies_from_communes_by_level(kpis: dict[str, Kpi]) -> None:
    assert kpis["computer_rate_bodies"].levels == ["department", "district"]
    assert kpis["computer_rate_commune"].levels == ["commune"]


def test_subscriptions_are_per_100_people(kpis: dict[str, Kpi]) -> None:
    for kpi_id in ("phone_subscriptions_per_100", "internet_subscriptions_per_100"):
        assert kpis[kpi_id].unit is Measure.PER_100
        assert kpis[kpi_id].scale == 100


def test_yes_no_kpis_roll_up_as_shares_not_sums(
    files: dict[str, CatalogueFile], kpis: dict[str, Kpi]
) -> None:
    # Summing yes/no answers of 225 communes would give 207, not 92 %.
    kinds = {field.id: field.kind for f in files.values() for field in f.fields}
    for kpi in kpis.values():
        if kpi.field is not None and kinds[kpi.field] is FieldKind.YES_NO:
            assert kpi.rollup.value == "mean", kpi.id


def test_every_kpi_and_goal_cites_its_source(
    kpis: dict[str, Kpi], programmes: dict[str, Programme]
) -> None:
    assert [k for k, kpi in kpis.items() if not kpi.source] == []
    for programme in programmes.values():
        assert programme.source, programme.id
        assert [g.id for g in programme.goals if not g.source] == []


def test_resolution_has_six_goals_for_2025(programmes: dict[str, Programme]) -> None:
    resolution = programmes["resolution_2021_2025"]
    assert len(resolution.goals) == 6
    assert str(resolution.horizon.end) == "2025"
    assert {str(goal.deadline) for goal in resolution.goals} == {"2025"}
    assert resolution.note is not None  # says the six goals are modelled


def test_programme_percent_targets_are_fractions(
    kpis: dict[str, Kpi], programmes: dict[str, Programme]
) -> None:
    for programme in programmes.values():
        for goal in programme.goals:
            if kpis[goal.kpi].unit is not Measure.PERCENT:
                continue
            levels = [None, *goal.by_level]
            targets = [goal.target_for(level) for level in levels]
            baselines = [b.value for b in (goal.baseline_for(level) for level in levels) if b]
            assert all(0 <= t <= 1 for t in targets), (goal.id, targets)
            assert all(0 <= b <= 1 for b in baselines), (goal.id, baselines)


def test_resolution_weights_add_up_to_the_declared_total(programmes: dict[str, Programme]) -> None:
    for programme in programmes.values():
        scoring = programme.scoring
        if scoring.method.value == "points":  # weighed by maxima: test_official_programmes
            assert scoring.points_total is not None, programme.id
            continue
        assert set(scoring.weights) == {goal.id for goal in programme.goals}
        assert scoring.weights_total is not None
        assert sum(scoring.weights.values()) == pytest.approx(scoring.weights_total)


def test_resolution_reproduces_the_reports_baselines(programmes: dict[str, Programme]) -> None:
    goals = {goal.id: goal for goal in programmes["resolution_2021_2025"].goals}
    # phu-tho-2020: "trên 98,46 %" (province/district), "cấp xã đạt 68 %".
    assert goals["g1_computers_bodies"].baseline_for(None).value == 0.9846  # type: ignore[union-attr]
    assert goals["g2_computers_communes"].baseline_for(None).value == 0.68  # type: ignore[union-attr]
    # phu-tho-2021: 207/225 communes = 0.92 sending signed e-documents.
    assert goals["g3_signed_edocuments"].baseline_for("commune").value == pytest.approx(207 / 225)  # type: ignore[union-attr]
    # phu-tho-2024: the province aims at more than 80 % of dossiers online.
    assert goals["g4_online_dossiers"].value == 0.8
