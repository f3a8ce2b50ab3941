"""A value rejected as invalid stays in provenance and says invalid_field, not "not reported"."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from chiso.catalogue.model import Catalogue, Group, Kpi, Text
from chiso.engine.assess import assess
from chiso.submissions.batch import read_submissions
from chiso.units.model import Units


def _with_rate(catalogue: Catalogue) -> Catalogue:
    rate = Kpi(id="online_rate", name=Text(vi="Tỷ lệ", en="Rate"), type="ratio",
               numerator="dossiers_online", denominator="dossiers_total", unit="percent",
               direction="higher", group="gov")
    return catalogue.model_copy(update={
        "kpis": {"online_rate": rate}, "groups": {"gov": Group(id="gov", name=rate.name)}})


def test_a_count_that_is_not_whole_and_a_formula_without_value_are_invalid_not_missing(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    path = handmade("227-2024.xlsx", {"BC": [
        ["Kỳ báo cáo: 2024"],
        ["Mã đơn vị:", "227"],
        ["Nội dung", "Số liệu"],
        ["Tổng số hồ sơ thủ tục hành chính tiếp nhận", "=B6+1"],  # S208: no cached value
        ["Số hồ sơ tiếp nhận trực tuyến", 120.5],  # S206: not a whole number
        ["Tổng số cán bộ, công chức", 900],
    ]})
    catalogue = _with_rate(catalogue)
    ds = read_submissions([path], catalogue, units)
    assert {f.code for f in ds.findings} >= {"S206", "S208"}
    kept = ds.values.set_index("field")
    # both cells are in provenance, with what was typed and the finding's code
    assert kept.loc["dossiers_total", "raw"] == "=B6+1"
    assert kept.loc["dossiers_total", "flag"] == "S208"
    assert kept.loc["dossiers_total", "cell"] == "B4"
    assert kept.loc["dossiers_online", "raw"] == "120.5"
    assert kept.loc["dossiers_online", "flag"] == "S206"
    result = assess(catalogue, units, ds)
    values = result.values
    (row,) = values[(values["unit"] == "227") & (values["kpi"] == "online_rate")].to_dict(
        "records")
    assert math.isnan(row["value"])
    assert row["reason"].startswith("invalid_field:")  # not "missing_field" (not reported)
