"""The Markdown/HTML progress report: golden files and the facts a reader needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chiso.engine.result import Result
from chiso.render.report import render_html, render_markdown, write_reports

REPO = Path(__file__).resolve().parents[2]


def test_html_report_matches_golden(result: Result, golden: Any) -> None:
    programme = result.catalogue.programmes["nq"]
    golden("nq.vi.html", render_html(result, programme, lang="vi"))


def test_english_html_report_matches_golden(result: Result, golden: Any) -> None:
    programme = result.catalogue.programmes["nq"]
    golden("nq.en.html", render_html(result, programme, lang="en"))


def test_markdown_report_matches_golden(result: Result, golden: Any) -> None:
    programme = result.catalogue.programmes["nq"]
    golden("nq.vi.md", render_markdown(result, programme, lang="vi"))


# Run from the repository root, where ``tests`` imports as a namespace package.
_RENDER_IN_A_NEW_PROCESS = """
import sys
from tests.render.conftest import make_result
from chiso.render.report import render_html, render_markdown
result = make_result()
programme = result.catalogue.programmes["nq"]
text = render_html(result, programme) + render_markdown(result, programme)
sys.stdout.buffer.write(text.encode())
"""


@pytest.mark.parametrize("seed", ["1", "2"])
def test_report_is_the_same_in_another_process(result: Result, seed: str) -> None:
    # Set and dict orders that depend on string hashing differ between processes with
    # different PYTHONHASHSEEDs; a second call in the same process would not see it.
    programme = result.catalogue.programmes["nq"]
    here = render_html(result, programme) + render_markdown(result, programme)
    env = {**os.environ, "PYTHONHASHSEED": seed}
    there = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_A_NEW_PROCESS],
        cwd=REPO,
        capture_output=True,
        check=True,
        env=env,
    ).stdout.decode()
    assert there == here


def test_html_is_standalone(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"])
    assert "<style>" in html
    for external in ("<script", "<link", "src=", "http://", "https://"):
        if external == "http://":  # the SVG namespace is an identifier, not a download
            html_without_ns = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
            assert external not in html_without_ns
        else:
            assert external not in html


def test_report_shows_headline_status_and_calculation(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"], lang="vi")
    assert "2/4 mục tiêu đã hoàn thành, 1/4 đảm bảo tiến độ, 1/4 chậm tiến độ" in html
    assert '<span class="badge off_track">Chậm tiến độ</span>' in html
    # one table per pillar
    assert html.count("<h2>Chính quyền số</h2>") == 1
    assert html.count("<h2>Xã hội số</h2>") == 1
    # baseline 450 000 at 2023, indicator (700k − 450k) / (900k − 450k) = 0,56
    assert "450.000 (2023)" in html
    assert "<dd>0,56</dd>" in html
    assert html.count("<svg") == 1 + 4  # the status bar and one sparkline per goal


def test_report_shows_the_passed_timestamp_only(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    html = render_html(result, programme, generated="2025-01-15 08:00")
    assert "2025-01-15 08:00" in html


def test_write_reports_writes_md_and_html_per_programme(result: Result, tmp_path: Path) -> None:
    paths = write_reports(result, tmp_path / "out", lang="en")
    assert [p.name for p in paths] == ["nq.md", "nq.html"]
    assert "2/4 goals achieved, 1/4 on track, 1/4 off track" in paths[0].read_text("utf-8")


def test_report_of_a_result_without_data_lists_goals_as_not_assessable(
    result: Result,
) -> None:
    from dataclasses import replace

    import pandas as pd

    from chiso.dataset import Dataset

    empty = replace(
        result,
        dataset=Dataset(),
        **{
            name: pd.DataFrame()
            for name in (
                "values",
                "compliance",
                "progress",
                "goal_summary",
                "scores",
                "composite",
                "group_scores",
            )
        },
    )
    markdown = render_markdown(empty, empty.catalogue.programmes["nq"], lang="en")
    assert "4/4 goals not assessable" in markdown
    assert markdown.count("| ⚪ Not assessable<br>Reported: — |") == 4  # one table row a goal


def test_html_prints_on_a4_with_running_header_and_page_numbers(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"], lang="vi")
    page = html[html.index("@page"):html.index("@media print")]
    assert "size: A4 portrait" in page
    assert 'content: "Kỳ báo cáo: 2024"' in page  # the running header names the period
    assert 'counter(page) "/" counter(pages)' in page
    # the goal table has fixed column widths, so the goal's wording is never one word a line
    assert '<table class="goals">' in html and '<col class="goal">' in html


def test_report_explains_its_terms_in_a_glossary(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"], lang="vi")
    glossary = html[html.index("Giải thích thuật ngữ"):]
    for term in ("Eurostat", "UNSD", "Chỉ báo", "Vượt tiến độ", "Đảm bảo tiến độ"):
        assert f"<dt>{term}</dt>" in glossary
    markdown = render_markdown(result, result.catalogue.programmes["nq"], lang="en")
    assert "## Glossary" in markdown and "- **Indicator**:" in markdown


def test_targets_are_worded_as_the_source_words_them(result: Result) -> None:
    html = render_html(result, result.catalogue.programmes["nq"], lang="vi")
    assert "Từ 80,0% trở lên" in html and "≥" not in html
