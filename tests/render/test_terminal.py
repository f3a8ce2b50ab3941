"""The terminal summary: goals achieved, top and bottom units, findings by severity."""

from __future__ import annotations

from rich.console import Console

from chiso.engine.result import Result
from chiso.render.terminal import print_summary, reading_progress


def rendered(result: Result, lang: str = "vi") -> str:
    console = Console(record=True, width=140, color_system=None)
    print_summary(result, console, lang=lang)  # type: ignore[arg-type]
    return console.export_text()


def test_summary_has_headline_and_goal_statuses(result: Result) -> None:
    text = rendered(result)
    assert "2/4 mục tiêu đã hoàn thành, 1/4 đảm bảo tiến độ, 1/4 chậm tiến độ" in text
    assert "Chậm tiến độ" in text
    assert "700.000" in text and "Từ 900.000 trở lên" in text


def test_summary_names_top_and_bottom_units_with_the_tie(result: Result) -> None:
    text = rendered(result, "en")
    top = text.index("Top")
    bottom = text.index("Bottom")
    # two of four districts each side: Việt Trì (98.4) and Đoan Hùng (91.4) lead,
    # Thị xã Phú Thọ and Hạ Hòa share rank 3 (79.7)
    assert top < text.index("Thành phố Việt Trì") < text.index("Huyện Đoan Hùng") < bottom
    assert bottom < text.index("Huyện Hạ Hòa")
    assert "3=" in text
    assert "98.4" in text and "+17.4" in text  # en: decimal point


def test_summary_counts_findings_by_severity(result: Result) -> None:
    assert "Findings: error 1 · warning 2 · info 0" in rendered(result, "en")
    assert "Lỗi dữ liệu: lỗi 1 · cảnh báo 2 · thông tin 0" in rendered(result, "vi")


def test_reading_progress_is_silent_off_a_terminal() -> None:
    console = Console(record=True, force_terminal=False)
    with reading_progress(console) as progress:
        progress(1, 3)
        progress(3, 3)
    assert console.export_text() == ""


def test_reading_progress_draws_on_a_terminal() -> None:
    console = Console(record=True, force_terminal=True, width=80)
    with reading_progress(console, lang="en") as progress:
        progress(2, 4)
    assert "Reading submissions" in console.export_text()


def test_the_summary_says_who_reported_and_who_is_missing() -> None:
    from pathlib import Path

    from chiso import api
    from chiso.render.terminal import coverage_line

    repo = Path(__file__).resolve().parents[2]
    example = repo / "examples" / "phu-tho"
    files = sorted((example / "submissions" / "2024").glob("*.xlsx"))
    # two workbooks of 2024 only: 2 of the expected units reported, the rest missing
    run = api.score(repo / "kpis", example / "units.csv", files[:2])
    assert run.result is not None
    tracker = run.result.tracker
    expected = tracker[(tracker["period"] == "2024") & tracker["expected"]]
    line = coverage_line(run.result, "vi")
    assert line is not None
    assert line.plain.startswith(f"Kỳ 2024: 2/{len(expected)} đơn vị đã báo cáo; chưa báo cáo:")
    assert (expected["status"] != "missing").sum() == 2
