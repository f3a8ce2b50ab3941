"""The example's outputs: the same bytes run to run, and the reports as their goldens.

``chiso score examples/phu-tho --json`` under ``SOURCE_DATE_EPOCH`` (the ``example_run``
fixture) writes the scorecard, the reports (md, html, docx) and result.json. A second
run in another process, with another string-hashing seed, must write every file byte
for byte the same. The Markdown reports and the headline programme's HTML report are
also held against golden files in ``tests/cli/golden/example/``: a rule or wording
that changes what the example reports shows up as a diff to review. When an output
changes on purpose, rewrite the goldens with::

    CHISO_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_example_outputs.py tests/render

result.json is not a golden: it is 15 MB and holds each workbook's modification time
(the tracker's "received"), which a fresh checkout changes; its structure is held by
``tests/render/golden/engine.json``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from chiso.portal.bootstrap import chiso_command
from tests.kit import check_golden

from .conftest import REPO, SOURCE_DATE_EPOCH

GOLDEN = Path(__file__).parent / "golden" / "example"
REPORTS = [
    "resolution_2021_2025.md",
    "resolution_2021_2025.html",
    "decision_749_2025.md",
    "decision_942_2025.md",
    "dti_922.md",
    "dti_405.md",
    "qd_766.md",
]


@pytest.mark.parametrize("name", REPORTS)
def test_example_report_matches_its_golden(
    name: str, example_run: tuple[int, str, Path]
) -> None:
    _, _, out = example_run
    check_golden(GOLDEN / name, (out / name).read_text("utf-8"))


def test_every_example_report_is_either_a_golden_or_skipped_on_purpose(
    example_run: tuple[int, str, Path],
) -> None:
    # A new programme's Markdown report is a new golden: add it to REPORTS.
    _, _, out = example_run
    assert {p.name for p in out.glob("*.md")} <= set(REPORTS)


def test_example_outputs_are_byte_identical_in_another_process(
    example_run: tuple[int, str, Path], tmp_path: Path
) -> None:
    _, _, first = example_run
    second = tmp_path / "second"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [*chiso_command(), "score", "examples/phu-tho", "--out", str(second), "--json", "-q"],
        cwd=REPO, env=env, check=False, capture_output=True,
    )
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    differ = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert not differ, f"not byte-identical run to run under SOURCE_DATE_EPOCH: {differ}"
