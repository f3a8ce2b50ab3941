"""The scorecard and the templates are the same workbook whichever XML backend openpyxl
picks: lxml when it is importable, et_xmlfile otherwise (``OPENPYXL_LXML=False``, an
option openpyxl documents in :mod:`openpyxl.xml`, turns lxml off).

The bytes of the parts openpyxl writes differ (lxml writes non-ASCII as character
references and empty elements as ``<c></c>``); what a reader sees must not. These
tests need lxml to compare the two, so they are skipped where it is not installed;
CI runs the suite a second time with lxml (``.ci/run``).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from chiso.engine.result import Result

pytest.importorskip("lxml")


def _content(path: Path) -> dict[str, Any]:
    """What a reader sees: every sheet's cells with value, number format, font and fill."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets]}
    for ws in wb.worksheets:
        out[ws.title] = [
            (c.coordinate, c.value, c.number_format, c.font.b, c.fill.fgColor.rgb,
             c.alignment.wrap_text)
            for row in ws.iter_rows() for c in row if c.value is not None
        ]
        out[ws.title + "/layout"] = (ws.freeze_panes, ws.auto_filter.ref,
                                     sorted(str(r) for r in ws.merged_cells.ranges))
    return out


def _run(script: str, args: list[str], lxml: bool) -> None:
    env = {**os.environ, "OPENPYXL_LXML": "True" if lxml else "False",
           "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-c", script, *args], env=env, check=True)


def test_scorecard_reads_the_same_with_and_without_lxml(result: Result, tmp_path: Path) -> None:
    pickled = tmp_path / "result.pkl"
    pickled.write_bytes(pickle.dumps(result))
    script = (
        "import pickle, sys; from openpyxl.xml import LXML; "
        "assert LXML == (sys.argv[3] == 'lxml'), LXML; "
        "from chiso.render.scorecard import write_scorecard; "
        "write_scorecard(pickle.load(open(sys.argv[1], 'rb')), sys.argv[2])"
    )
    paths = {}
    for backend in ("lxml", "et_xmlfile"):
        paths[backend] = tmp_path / f"{backend}.xlsx"
        _run(script, [str(pickled), str(paths[backend]), backend], lxml=backend == "lxml")
    assert _content(paths["lxml"]) == _content(paths["et_xmlfile"])


REPO = Path(__file__).resolve().parents[2]


def test_templates_read_the_same_with_and_without_lxml(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from openpyxl.xml import LXML; "
        "assert LXML == (sys.argv[2] == 'lxml'), LXML; "
        "from chiso.api import load_catalogue, load_units; "
        "from chiso.submissions.template import write_templates; "
        "catalogue, _ = load_catalogue(sys.argv[3]); "
        "units, _ = load_units(sys.argv[4], catalogue); "
        "write_templates(catalogue, units, '2024', Path(sys.argv[1]))"
    )
    folders = {}
    for backend in ("lxml", "et_xmlfile"):
        folders[backend] = tmp_path / backend
        _run(script, [str(folders[backend]), backend, str(REPO / "kpis"),
                      str(REPO / "examples" / "phu-tho" / "units.csv")], lxml=backend == "lxml")
    names = sorted(p.name for p in folders["lxml"].iterdir())
    assert names and names == sorted(p.name for p in folders["et_xmlfile"].iterdir())
    for name in names[:3]:  # a department, a district, a commune: sorted by code
        assert _content(folders["lxml"] / name) == _content(folders["et_xmlfile"] / name)
