"""Labels, the "4/6 …" headline and number formatting in Vietnamese and English."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chiso.render.labels import (
    LABELS,
    STATUS,
    comparison_text,
    format_number,
    headline,
    reason_label,
)


def test_headline_reads_like_the_resolution_report() -> None:
    counts = {"achieved": 4, "on_track": 2}
    assert headline(counts, 6, "vi") == "4/6 mục tiêu đã hoàn thành, 2/6 đảm bảo tiến độ"
    assert headline(counts, 6, "en") == "4/6 goals achieved, 2/6 on track"


def test_headline_keeps_status_order_and_skips_zero_counts() -> None:
    counts = {"off_track": 1, "achieved": 0, "at_risk": 2}
    assert headline(counts, 3, "vi") == "2/3 mục tiêu có nguy cơ không đạt, 1/3 chậm tiến độ"


def test_headline_without_goals_says_no_data() -> None:
    assert headline({}, 0, "en") == "No data yet."


def test_statuses_have_the_agreed_vietnamese_words() -> None:
    assert {k: v[0] for k, v in STATUS.items()} == {
        "achieved": "Đã hoàn thành",
        "on_track": "Đảm bảo tiến độ",
        "at_risk": "Có nguy cơ",
        "off_track": "Chậm tiến độ",
        "not_achieved": "Không đạt (đã đến hạn)",
        "incomplete_data": "Chưa đủ dữ liệu để đánh giá",
        "not_assessable": "Chưa đánh giá được",
    }


def test_headline_names_goals_not_achieved_by_their_deadline() -> None:
    counts = {"achieved": 4, "not_achieved": 2}
    assert headline(counts, 6, "vi") == "4/6 mục tiêu đã hoàn thành, 2/6 không đạt khi đến hạn"
    assert headline(counts, 6, "en") == "4/6 goals achieved, 2/6 not achieved by the deadline"


def test_sheet_names_fit_excel_limit() -> None:
    for key, pair in LABELS.items():
        if key.startswith("sheet_"):
            assert all(len(name) <= 31 for name in pair), key


def test_numbers_use_the_language_separators() -> None:
    # 0.9846 is a fraction: 98.46 % → one decimal
    assert format_number(0.9846, "percent", "vi") == "98,5%"
    assert format_number(0.9846, "percent", "en") == "98.5%"
    assert format_number(1_234_567, "count", "vi") == "1.234.567"
    assert format_number(1_234_567, "count", "en") == "1,234,567"
    assert format_number(75.04, "per_100", "vi") == "75,0"
    assert format_number(float("nan"), "percent", "vi") == "—"
    assert format_number(1, "yes_no", "vi") == "Có"


def test_comparison_text_shows_the_target() -> None:
    assert comparison_text(">=", 0.8, "percent", "vi") == "Từ 80,0% trở lên"
    assert comparison_text(">", 0.8, "percent", "vi") == "Trên 80,0%"  # "Trên 80 %"
    assert comparison_text("<=", 5, "count", "en") == "at most 5"


def test_reason_label_names_the_missing_field() -> None:
    assert reason_label("missing_field:dossiers_online", "vi") == "thiếu chỉ tiêu dossiers_online"
    assert reason_label("zero_denominator", "en") == "zero denominator"
    assert reason_label(None, "en") == "No data"


@given(st.integers(min_value=0, max_value=10**12))
def test_vietnamese_counts_read_back_as_the_same_number(n: int) -> None:
    text = format_number(n, "count", "vi")
    assert int(text.replace(".", "")) == n
    assert "," not in text


def test_a_programme_source_is_shown_without_the_maintainers_citations() -> None:
    from chiso.render.labels import source_text

    assert source_text(
        "Quyết định 749/QĐ-TTg ngày 3/6/2020 của Thủ tướng Chính phủ, cited in "
        "phu-tho-2024-digital-government-economy-society"
    ) == "Quyết định 749/QĐ-TTg ngày 3/6/2020 của Thủ tướng Chính phủ"
    assert source_text("Quyết định 942/QĐ-TTg ngày 15/6/2021 [S25, S26]") == (
        "Quyết định 942/QĐ-TTg ngày 15/6/2021")
    assert source_text('phu-tho-2024-digital-government ("4/6 mục tiêu");') is None
    assert source_text("Nghị quyết số 01-NQ/TU") == "Nghị quyết số 01-NQ/TU"
