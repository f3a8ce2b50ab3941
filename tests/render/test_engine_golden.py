"""Golden documents made by the engine from a small fixed input.

The other goldens render a ``Result`` written out by hand, so a change in a rule
of the engine (a threshold, the deadline, a roll-up, a score) never reaches them.
These run ``assess`` on the reports below and keep what a reader gets: the JSON
result (every value, score, rank and status with its figures) and the
Vietnamese report. A rule change shows up here as a changed document; accept it
deliberately with ``CHISO_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render`` (README, Development) and
read the diff.

The catalogue and units are the render fixtures' (four districts of Phú Thọ, the
province rolled up from them; goals pc ≥ 100 %, online ≥ 80 %, e-ID ≥ 60 per 100
people, e-ID accounts ≥ 300 000 a district, all by 2025). Two runs:

* ``engine.*`` — 2022 to 2024, before the deadline: every trend status occurs,
  and four ratios sit next to the eurostat lines (0.935 and 0.951 by 0.95, 0.590
  and 0.603 by 0.60), so moving either line, or making it strict, shows.
* ``engine-deadline.vi.md`` — the same units in 2023 and 2025, the deadline
  period: only achieved, not achieved or not assessable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.engine.result import Result
from chiso.render.json import result_to_json
from chiso.render.report import render_markdown

from .conftest import make_catalogue, make_units

FIELDS = (
    "civil_servants",
    "civil_servants_with_computer",
    "dossiers_total",
    "dossiers_online",
    "eid_accounts",
    "population",
)

# (unit, period): civil servants, with a computer, dossiers, online, e-ID accounts, population
MIDWAY: dict[tuple[str, str], tuple[int, ...]] = {
    ("227", "2022"): (1200, 1150, 1000, 500, 150_000, 375_000),
    ("227", "2023"): (1200, 1200, 1000, 620, 230_000, 375_000),
    ("227", "2024"): (1200, 1200, 1000, 750, 300_000, 375_000),
    # online 300/500 = 0.60 at 2024: observed (0.60/0.30)^(1/3) − 1 = 0.25992 against
    # the required (0.80/0.30)^(1/4) − 1 = 0.27793: ratio 0.93535, just below 0.95
    ("228", "2022"): (400, 360, 500, 200, 60_000, 250_000),
    ("228", "2023"): (400, 370, 500, 250, 90_000, 250_000),
    ("228", "2024"): (400, 380, 500, 300, 100_000, 250_000),
    # online 485/800 = 0.60625: (0.60625/0.30)^(1/3) − 1 = 0.26432, ratio 0.95104, just
    # above 0.95; e-ID 72 300/300 000 = 24.1 per 100: (24.1/10)^(1/3) − 1 = 0.34074
    # against (60/10)^(1/4) − 1 = 0.56508, ratio 0.60296, just above 0.60
    ("230", "2022"): (500, 470, 800, 320, 60_000, 300_000),
    ("230", "2023"): (500, 480, 800, 400, 66_000, 300_000),
    ("230", "2024"): (500, 490, 800, 485, 72_300, 300_000),
    # e-ID 47 400/200 000 = 23.7 per 100: (23.7/10)^(1/3) − 1 = 0.33326, ratio 0.58976,
    # just below 0.60
    ("231", "2022"): (300, 300, 600, 330, 40_000, 200_000),
    ("231", "2023"): (300, 300, 600, 390, 44_000, 200_000),
    ("231", "2024"): (300, 300, 600, 420, 47_400, 200_000),
}

# The deadline period: 2023 as before, then 2025.
DEADLINE: dict[tuple[str, str], tuple[int, ...]] = {
    **{key: row for key, row in MIDWAY.items() if key[1] == "2023"},
    ("227", "2025"): (1200, 1200, 1000, 810, 310_000, 375_000),  # every goal met
    ("228", "2025"): (400, 396, 500, 390, 120_000, 250_000),  # 99 %, 78 %: short
    ("230", "2025"): (500, 500, 800, 640, 180_000, 300_000),  # online exactly 0.80
    ("231", "2025"): (300, 300, 600, 420, 68_400, 200_000),
}


def assessed(reports: dict[tuple[str, str], tuple[int, ...]]) -> Result:
    records = [
        {
            "unit": unit,
            "period": period,
            "field": field,
            "value": value,
            "file": f"submissions/{period}/{unit}.xlsx",
            "sha256": f"{unit}{period}".ljust(64, "0"),
            "sheet": "Báo cáo",
            "cell": f"E{row}",
            "raw": None,
        }
        for (unit, period), values in reports.items()
        for row, (field, value) in enumerate(zip(FIELDS, values, strict=True), start=7)
    ]
    return assess(make_catalogue(), make_units(), Dataset.from_records(records))


@pytest.fixture(scope="module")
def midway() -> Result:
    return assessed(MIDWAY)


@pytest.fixture(scope="module")
def at_deadline() -> Result:
    return assessed(DEADLINE)


def test_json_of_an_engine_run_matches_golden(midway: Result, golden: Any) -> None:
    golden("engine.json", result_to_json(midway) + "\n")


def test_report_of_an_engine_run_matches_golden(midway: Result, golden: Any) -> None:
    golden("engine.vi.md", render_markdown(midway, midway.catalogue.programmes["nq"]))


def test_report_at_the_deadline_matches_golden(at_deadline: Result, golden: Any) -> None:
    programme = at_deadline.catalogue.programmes["nq"]
    golden("engine-deadline.vi.md", render_markdown(at_deadline, programme))


def test_the_midway_run_has_every_trend_status(midway: Result) -> None:
    # what the golden is for: each status the rules can give before the deadline
    assert {"achieved", "on_track", "at_risk", "off_track"} <= set(midway.progress["status"])


def test_the_borderline_ratios_are_where_the_golden_needs_them(midway: Result) -> None:
    progress = midway.progress.set_index(["goal", "unit"])
    # arithmetic in the MIDWAY comments
    expected = {
        ("online", "228"): (0.93535, "at_risk"),
        ("online", "230"): (0.95104, "on_track"),
        ("eid", "230"): (0.60296, "at_risk"),
        ("eid", "231"): (0.58976, "off_track"),
    }
    for key, (ratio, status) in expected.items():
        assert progress.loc[key, "indicator"] == pytest.approx(ratio, abs=1e-5), key
        assert progress.loc[key, "status"] == status, key


def test_at_the_deadline_only_achieved_not_achieved_or_not_assessable(at_deadline: Result) -> None:
    statuses = set(at_deadline.progress["status"])
    assert statuses <= {"achieved", "not_achieved", "not_assessable"}
    assert {"achieved", "not_achieved"} <= statuses
    progress = at_deadline.progress.set_index(["goal", "unit"])
    assert progress.loc[("online", "230"), "status"] == "achieved"  # 640/800 = 0.80 exactly
    assert progress.loc[("online", "228"), "status"] == "not_achieved"  # 390/500 = 0.78


def test_every_output_says_not_achieved_at_the_deadline(
    at_deadline: Result, tmp_path: Path
) -> None:
    import openpyxl
    from rich.console import Console

    from chiso.render.json import result_to_dict
    from chiso.render.report import render_html
    from chiso.render.scorecard import write_scorecard
    from chiso.render.terminal import print_summary

    said = "Không đạt (đã đến hạn)"
    programme = at_deadline.catalogue.programmes["nq"]
    # the province: pc 99.8 %, online 77.9 % and 678 400 accounts short; e-ID 60.3 met
    headline = "1/4 mục tiêu đã hoàn thành, 3/4 không đạt khi đến hạn"
    html = render_html(at_deadline, programme)
    assert headline in html
    assert html.count(f'<span class="badge not_achieved">{said}</span>') == 3
    console = Console(record=True, width=160, color_system=None)
    print_summary(at_deadline, console, lang="vi")
    terminal = console.export_text()
    assert headline in terminal and terminal.count(said) == 3
    summary = result_to_dict(at_deadline)["programmes"][0]["summary"]
    assert (summary["counts"]["achieved"], summary["counts"]["not_achieved"]) == (1, 3)
    assert summary["counts"]["on_track"] == summary["counts"]["at_risk"] == 0
    book = openpyxl.load_workbook(write_scorecard(at_deadline, tmp_path / "sc.xlsx"))
    cells = [c.value for row in book["Tổng hợp"].iter_rows() for c in row]
    assert headline in " ".join(str(v) for v in cells if v)
    assert cells.count(said) == 3 + 1  # the three goals and the column of counts
