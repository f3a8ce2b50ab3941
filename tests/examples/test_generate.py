"""The bundled example province: regenerating it gives the committed workbooks.

``examples/generate.py`` is deterministic: these tests regenerate a few units
(including every unit with a planted mistake) and compare cell values — not bytes,
which carry save timestamps — with the workbooks committed in
``examples/phu-tho/submissions``. If a test here fails after a deliberate change
to the catalogue, the template or the figures, regenerate and commit:

    .venv/bin/python examples/generate.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook

from chiso.units.loader import load_units

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phu-tho"
COMMITTED = EXAMPLE / "submissions"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "chiso_example_generate", REPO / "examples" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


generate = _generator()

# A department, a district, a ward and a mountain commune, plus every unit whose
# workbook carries a planted mistake in some period.
SAMPLE = ["S-TNMT", "227", "07882", "08527", *sorted({code for _, code in generate.MISTAKES})]


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values (hidden sheets too), row by row."""
    wb = load_workbook(path)
    try:
        return {
            ws.title: [[cell.value for cell in row] for row in ws.iter_rows()]
            for ws in wb.worksheets
        }
    finally:
        wb.close()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("regenerated")
    generate.generate(out, only=SAMPLE)
    return out


def test_every_reporting_unit_has_a_workbook_for_every_period() -> None:
    units, findings = load_units(EXAMPLE / "units.csv")
    assert units is not None and not findings.errors
    reporting = {u.code for u in units if u.level != "province"}
    for period in generate.PERIODS:
        committed = {p.stem for p in (COMMITTED / period).glob("*.xlsx")}
        assert committed == reporting, period


@pytest.mark.parametrize("period", ["2022", "2023", "2024"])
def test_regenerating_gives_the_committed_cell_values(regenerated: Path, period: str) -> None:
    for code in SAMPLE:
        fresh = _cells(regenerated / period / f"{code}.xlsx")
        committed = _cells(COMMITTED / period / f"{code}.xlsx")
        assert fresh == committed, f"{period}/{code}.xlsx differs: run examples/generate.py"


def test_figures_do_not_depend_on_which_units_are_generated() -> None:
    units, _ = load_units(EXAMPLE / "units.csv")
    assert units is not None
    whole = generate.figures(units, "2023")
    again = generate.figures(units, "2023")
    assert whole == again
    assert set(whole) == {u.code for u in units if u.level != "province"}


def _value(period: str, code: str, field_id: str) -> Any:
    wb = load_workbook(COMMITTED / period / f"{code}.xlsx")
    ws = wb["Báo cáo"]
    for row in ws.iter_rows(min_row=1):
        if row[1].value == field_id:
            return row[4].value
    raise KeyError(field_id)


def test_a_count_is_typed_as_vietnamese_text() -> None:
    period, code, field_id, meant, text = generate.TYPED_AS_TEXT
    assert text == "1.751" and meant == 1751
    assert _value(period, code, field_id) == "1.751"


def test_a_percent_is_typed_as_text_with_a_decimal_comma() -> None:
    period, code, field_id, _, _ = generate.PERCENT_AS_TEXT
    assert _value(period, code, field_id) == "98,46%"
    # The other districts type the fraction into the %-formatted cell.
    assert isinstance(_value(period, "227", field_id), float)


def test_one_unit_reports_more_online_dossiers_than_dossiers() -> None:
    period, code = generate.ONLINE_OVER_TOTAL
    assert _value(period, code, "dossiers_online") > _value(period, code, "dossiers_total")


def test_one_required_cell_is_left_blank() -> None:
    period, code, field_id = generate.LEFT_BLANK
    assert _value(period, code, field_id) is None
    assert _value(period, code, "adult_population") is not None


def test_one_commune_sends_a_hand_made_sheet_without_metadata() -> None:
    period, code = generate.HAND_MADE
    sheets = _cells(COMMITTED / period / f"{code}.xlsx")
    assert list(sheets) == ["Sheet1"]
    text = " ".join(str(v) for row in sheets["Sheet1"] for v in row if v is not None)
    assert "Kim Thượng" in text and period in text


def test_province_figures_match_the_reports() -> None:
    units, _ = load_units(EXAMPLE / "units.csv")
    assert units is not None

    def ratio(period: str, part: str, whole: str, levels: tuple[str, ...]) -> float:
        figures = generate.figures(units, period)
        chosen = [v for code, v in figures.items() if units[code].level in levels]
        return sum(v[part] for v in chosen) / sum(v[whole] for v in chosen)

    bodies, communes = ("department", "district"), ("commune",)
    everyone = (*bodies, *communes)
    # phu-tho-2020: > 98.46 % of province/district civil servants had a computer in
    # 2020, 68 % in communes; by 2024 bodies are at 100 % and communes past 80 %.
    assert ratio("2022", "civil_servants_with_computer", "civil_servants", bodies) > 0.9846
    assert ratio("2024", "civil_servants_with_computer", "civil_servants", bodies) == 1.0
    assert 0.68 < ratio("2022", "civil_servants_with_computer", "civil_servants", communes) < 0.8
    assert ratio("2024", "civil_servants_with_computer", "civil_servants", communes) >= 0.8
    # phu-tho-2024: 100 % on time; online dossiers on the way from 30 % to 80 %.
    assert ratio("2024", "dossiers_resolved_on_time", "dossiers_resolved", everyone) == 1.0
    online = [ratio(p, "dossiers_online", "dossiers_total", everyone) for p in generate.PERIODS]
    assert 0.3 < online[0] < online[1] < online[2] < 0.8
    # phu-tho-2024: 83.68 % digitised.
    assert ratio("2024", "dossiers_digitised", "dossiers_resolved", everyone) == pytest.approx(
        0.8368, abs=0.02
    )


def test_the_example_reproduces_the_resolutions_4_of_6_achieved_2_on_track() -> None:
    # phu-tho-2024: "4/6 mục tiêu … đã hoàn thành trước thời hạn. 2/6 mục tiêu đảm bảo
    # tiến độ". The example's meant figures (before any typing mistake) say the same
    # at province level in 2024.
    from chiso.catalogue.loader import load_catalogue
    from chiso.dataset import Dataset
    from chiso.engine.assess import assess

    catalogue, _ = load_catalogue(REPO / "kpis")
    units, _ = load_units(EXAMPLE / "units.csv", catalogue)
    assert catalogue is not None and units is not None
    records = [
        {"unit": code, "period": period, "field": field_id, "value": value}
        for period in generate.PERIODS
        for code, values in generate.figures(units, period).items()
        for field_id, value in values.items()
        if value is not None
    ]
    result = assess(catalogue, units, Dataset.from_records(records))
    summary = result.goal_summary
    (province,) = summary[
        (summary["programme"] == "resolution_2021_2025")
        & (summary["unit"] == "25")
        & (summary["period"] == "2024")
    ].to_dict("records")
    assert (province["goals_total"], province["achieved"], province["on_track"]) == (6, 4, 2)
    progress = result.progress
    on_track = progress[
        (progress["programme"] == "resolution_2021_2025")
        & (progress["unit"] == "25")
        & (progress["status"] == "on_track")
    ]
    assert sorted(on_track["goal"]) == ["g4_online_dossiers", "g6_digitised_dossiers"]
