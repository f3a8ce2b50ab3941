"""The example's planted constraint error: Thanh Sơn (238) types 5,752 online dossiers
of 5,531 in 2023. The value stays visible (provenance, finding) but feeds no KPI."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chiso import api
from chiso.engine.result import Result

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phu-tho"
THANH_SON = "238"


@pytest.fixture(scope="module")
def result_2023() -> Result:
    catalogue, _ = api.load_catalogue(REPO / "kpis")
    assert catalogue is not None
    units, _ = api.load_units(EXAMPLE / "units.csv", catalogue)
    assert units is not None
    dataset = api.read_submissions([EXAMPLE / "submissions" / "2023"], catalogue, units)
    return api.assess(catalogue, units, dataset)


def test_the_value_is_kept_flagged_with_its_finding(result_2023: Result) -> None:
    dataset = result_2023.dataset
    assert dataset.flagged == {(THANH_SON, "2023", "dossiers_online"): "S302"}
    (finding,) = [f for f in dataset.findings if f.code == "S302"]
    assert (finding.location.sheet, finding.location.cell) == ("Báo cáo", "E19")
    # the fields by their labels, the rule with the signs people write; ids in `subject`
    assert finding.message_vi == (
        "Số hồ sơ tiếp nhận và xử lý trực tuyến (5752) > "
        "Tổng số hồ sơ thủ tục hành chính tiếp nhận (5531), "
        "trái quy định Số hồ sơ tiếp nhận và xử lý trực tuyến ≤ "
        "Tổng số hồ sơ thủ tục hành chính tiếp nhận")
    assert finding.subject == "dossiers_online"
    values = dataset.values.set_index(["unit", "field"])
    kept = values.loc[(THANH_SON, "dossiers_online")]
    assert (kept["value"], kept["cell"], kept["flag"]) == (5752.0, "E19", "S302")


def test_thanh_son_has_no_online_rate_and_says_why(result_2023: Result) -> None:
    values = result_2023.values
    (row,) = values[
        (values["unit"] == THANH_SON) & (values["kpi"] == "dossiers_online_rate")
    ].to_dict("records")
    # not 5,752 / 5,531 = 1.04
    assert math.isnan(row["value"]) and row["reason"] == "invalid_field:dossiers_online"
    scores = result_2023.scores
    (score,) = scores[
        (scores["unit"] == THANH_SON) & (scores["kpi"] == "dossiers_online_rate")
    ].to_dict("records")
    # The Resolution scores a missing or invalid goal 0 (scoring.missing: zero).
    assert score["missing"] and score["score"] == 0.0
    composite = result_2023.composite
    (own,) = composite[
        (composite["unit"] == THANH_SON) & (composite["programme"] == "resolution_2021_2025")
    ].to_dict("records")
    assert own["n_missing"] == 1


def test_the_province_rolls_up_without_thanh_son(result_2023: Result) -> None:
    tidy = result_2023.dataset.values
    others = tidy[(tidy["unit"] != THANH_SON) & (tidy["period"] == "2023")]
    online = others.loc[others["field"] == "dossiers_online", "value"].sum()
    total = others.loc[others["field"] == "dossiers_total", "value"].sum()
    values = result_2023.values
    (province,) = values[
        (values["unit"] == "25") & (values["kpi"] == "dossiers_online_rate")
    ].to_dict("records")
    # Σ online / Σ dossiers over the 51 other departments, districts and communes.
    assert province["value"] == pytest.approx(online / total)
    assert (province["children_expected"], province["children_reported"]) == (52, 51)
    assert not province["coverage_complete"]
    assert any(
        f.code == "E101" and f.subject == "dossiers_online_rate" for f in result_2023.findings
    )
