"""The JSON result: strict JSON (no NaN), the documented shape, a golden file."""

from __future__ import annotations

import json
import math
from typing import Any

from chiso.engine.result import Result
from chiso.render.json import FRAMES, result_to_dict, result_to_json


def test_json_matches_golden(result: Result, golden: Any) -> None:
    data = json.loads(result_to_json(result))
    data["chiso_version"] = "<version>"  # a release must not break the golden file
    golden("result.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_json_is_strict_without_nan(result: Result) -> None:
    text = result_to_json(result)
    assert "NaN" not in text
    json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))


def test_missing_values_become_null(result: Result) -> None:
    data = result_to_dict(result)
    row = next(
        r
        for r in data["values"]
        if r["unit"] == "230" and r["period"] == "2024" and r["kpi"] == "online_rate"
    )
    assert row["value"] is None
    assert row["reason"] == "missing_field:dossiers_online"


def test_every_frame_is_a_list_of_records_with_its_columns(result: Result) -> None:
    data = result_to_dict(result)
    for name in FRAMES:
        frame = getattr(result, name)
        assert len(data[name]) == len(frame), name
        if len(frame):  # pillar_scores is empty without pillars
            assert list(data[name][0]) == list(frame.columns), name


def test_programme_summary_has_counts_and_headlines(result: Result) -> None:
    summary = result_to_dict(result)["programmes"][0]["summary"]
    assert summary["counts"] == {
        "achieved": 2,
        "on_track": 1,
        "at_risk": 0,
        "off_track": 1,
        "not_achieved": 0,
        "incomplete_data": 0,
        "not_assessable": 0,
    }
    assert summary["headline"]["en"] == "2/4 goals achieved, 1/4 on track, 1/4 off track"


def test_findings_include_dataset_and_engine_findings_once(result: Result) -> None:
    findings = result_to_dict(result)["findings"]
    assert [f["code"] for f in findings["items"]] == ["E101", "S104", "S201"]
    assert findings["summary"] == {"error": 1, "warning": 2, "info": 0}


def test_numbers_are_plain_python(result: Result) -> None:
    row = result_to_dict(result)["composite"][0]
    assert type(row["rank"]) is int
    assert type(row["tied"]) is bool
    assert isinstance(row["score"], float) and not math.isnan(row["score"])
