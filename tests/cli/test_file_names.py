"""File names that are not UTF-8 (a Windows zip unpacked on Linux) reach every output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode

from .conftest import Province

LATIN1 = b"b\xe1o-c\xe1o"  # "báo-cáo" as cp1258 / latin-1 bytes


def test_score_with_a_submission_and_an_out_folder_not_named_in_utf8(
    province: Province, tmp_path: Path
) -> None:
    first = sorted(province.submissions.iterdir())[0]
    renamed = first.with_name(os.fsdecode(LATIN1 + b"-" + os.fsencode(first.name)))
    first.rename(renamed)
    out = tmp_path / os.fsdecode(b"k\xe9t-qu\xe1")
    outcome = CliRunner().invoke(main, ["score", *province.args("--json", "--out", str(out))])
    assert outcome.exit_code == ExitCode.OK, outcome.output
    shown = "b\\xe1o-c\\xe1o-" + first.name
    # provenance in the scorecard and the JSON name the file legibly
    result = json.loads((out / "result.json").read_text("utf-8"))
    assert any(shown in text for text in _strings(result))
    wb = openpyxl.load_workbook(out / "scorecard.xlsx", read_only=True)
    cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c}
    assert any(shown in c for c in cells)
    assert "k\\xe9t-qu\\xe1" in outcome.output  # the written paths, in the terminal


def _strings(value: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
