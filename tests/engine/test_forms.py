"""A form no unit sent for a period: one E131 per form and period, no E102 per KPI."""

from __future__ import annotations

from chiso.catalogue.model import FieldDef, Horizon
from chiso.engine.assess import assess
from tests.kit import catalogue, dataset_of, field, goal, programme, simple, units_of

UNITS = units_of(("P", "province", None), ("A", "district", "P"))


def _on_form(fid: str, form: str) -> FieldDef:
    return field(fid, kind="amount").model_copy(update={"form": form})


def _catalogue(start: str = "2022"):  # type: ignore[no-untyped-def]
    dti = programme("dti", [goal("g_self", "self_points", 100)])
    dti = dti.model_copy(update={"horizon": Horizon(start=start, end="2025")})
    return catalogue(
        [field("dossiers"), _on_form("self", "tu_danh_gia")],
        [simple("dossiers_k", "dossiers"), simple("self_points", "self", unit="number")],
        [dti],
    )


def _codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in result.findings]


def test_a_form_nobody_sent_is_one_e131_not_an_e102_per_kpi() -> None:
    data = dataset_of({
        ("A", "2023"): {"dossiers": 10},
        ("A", "2024"): {"dossiers": 12, "self": 55},
    })
    result = assess(_catalogue(), UNITS, data)
    assert "E102" not in _codes(result)
    (found,) = [f for f in result.findings if f.code == "E131"]
    assert found.severity.value == "info"
    assert "'tu_danh_gia'" in found.message_en and "2023" in found.message_en
    assert "self_points" in found.message_en


def test_no_e131_before_the_programme_is_in_force() -> None:
    # The programme starts in 2025: nobody is expected to send its form in 2023.
    data = dataset_of({("A", "2023"): {"dossiers": 10}})
    result = assess(_catalogue(start="2025"), UNITS, data)
    assert "E131" not in _codes(result)
    assert "E102" not in _codes(result)


def test_a_regular_field_nobody_reported_is_still_e102() -> None:
    data = dataset_of({("A", "2024"): {"self": 55}})
    result = assess(_catalogue(), UNITS, data)
    e102 = [f for f in result.findings if f.code == "E102"]
    assert [f.subject for f in e102] == ["dossiers_k"]
