"""The example's official-index data: 766 fields every year, DTI forms from four districts.

Four districts send a DTI self-assessment for 2024 (``submissions/2024/dti/``); the
Department has appraised three of them. Read with the shipped catalogue, the
appraisal is what counts and the self-assessment stays beside it; every
self-assessed row cites its evidence but one (planted: S150).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chiso.catalogue.loader import load_catalogue
from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.submissions.batch import read_submissions
from chiso.units.loader import load_units

from .test_generate import COMMITTED, EXAMPLE, REPO, _cells, generate

DTI = COMMITTED / "2024" / "dti"


def test_four_districts_self_assess_and_three_are_appraised() -> None:
    names = sorted(p.name for p in DTI.glob("*.xlsx"))
    assert names == [
        "227-tham-dinh.xlsx", "227-tu-danh-gia.xlsx", "228-tham-dinh.xlsx",
        "228-tu-danh-gia.xlsx", "233-tham-dinh.xlsx", "233-tu-danh-gia.xlsx",
        "240-tu-danh-gia.xlsx",
    ]


def test_regenerating_gives_the_committed_dti_forms(tmp_path: Path) -> None:
    generate.generate(tmp_path, periods=["2024"], only=["233"])
    for name in ("233-tu-danh-gia.xlsx", "233-tham-dinh.xlsx"):
        assert _cells(tmp_path / "2024" / "dti" / name) == _cells(DTI / name), name


def _typed(path: Path, field_id: str) -> Any:
    ws = load_workbook(path)["Báo cáo"]
    for row in ws.iter_rows():
        if row[1].value == field_id:
            return row[4].value
    raise KeyError(field_id)


def test_one_figure_is_typed_with_a_decimal_comma() -> None:
    unit, field_id = generate.COMMA_DECIMAL
    typed = _typed(DTI / f"{unit}-tu-danh-gia.xlsx", field_id)
    assert isinstance(typed, str) and "," in typed


@pytest.fixture(scope="module")
def dti_result():  # type: ignore[no-untyped-def]
    catalogue, _ = load_catalogue(REPO / "kpis")
    units, _ = load_units(EXAMPLE / "units.csv", catalogue)
    assert catalogue is not None and units is not None
    data = read_submissions(sorted(DTI.glob("*.xlsx")), catalogue, units, workers=1)
    return assess(catalogue, units, data), data


def test_the_forms_read_with_one_planted_missing_evidence(
    dti_result: tuple[Any, Dataset],
) -> None:
    _, data = dti_result
    (finding,) = data.findings
    unit, field_id = generate.NO_EVIDENCE
    assert (finding.code, finding.subject) == ("S150", field_id)
    assert finding.location.file is not None and unit in finding.location.file


def test_every_other_self_assessed_row_cites_its_evidence(
    dti_result: tuple[Any, Dataset],
) -> None:
    _, data = dti_result
    cited = data.evidence
    assert set(cited["unit"]) == {"227", "228", "233", "240"}
    assert len(cited) == 4 * 8 - 1  # eight self-assessed rows each, one left blank
    assert cited["text"].str.startswith("Văn bản số ").all()
    assert (cited["cell"].str[0] == "F").all()  # the form's evidence column


def test_appraised_points_count_and_self_assessment_is_beside_them(
    dti_result: tuple[Any, Dataset],
) -> None:
    result, _ = dti_result
    scores = result.scores
    rows = scores[(scores["programme"] == "dti_922") & (scores["period"] == "2024")
                  & (scores["goal"] == "ha_tang_so_self_assessed")].set_index("unit")
    # 233 typed its infrastructure points as text with a comma; the Department
    # appraised them (never above the claim); 240 is not appraised: its own count.
    unit, field_id = generate.COMMA_DECIMAL
    claimed = float(_typed(DTI / f"{unit}-tu-danh-gia.xlsx", field_id).replace(",", "."))
    appraised = float(_typed(DTI / f"{unit}-tham-dinh.xlsx", "dti_ha_tang_so_appraised"))
    assert rows.loc[unit, "self_points"] == claimed
    assert rows.loc[unit, "appraised_points"] == appraised <= claimed
    assert rows.loc[unit, "points"] == appraised
    assert rows.loc["240", "points"] == rows.loc["240", "self_points"]
    assert rows["appraised_points"].isna()["240"]
