"""Every user-facing label of chiso's outputs, in Vietnamese and English.

The scorecard, the reports and the terminal summary take their words from here so
that one language switch (``lang``) changes them all, and so that a translator
finds every string in one file. Labels the catalogue owns (KPI, goal, group and
programme names) come from the catalogue itself, never from here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from chiso.catalogue.model import Catalogue, Comparison, Direction, Measure
from chiso.catalogue.words import reason_words
from chiso.findings import Lang
from chiso.units.levels import level_name

LABELS: dict[str, tuple[str, str]] = {
    # sheet names (Excel allows at most 31 characters)
    "sheet_summary": ("Tổng hợp", "Summary"),
    "sheet_ranking": ("Xếp hạng", "Ranking"),
    "sheet_matrix": ("Ma trận", "Matrix"),
    "sheet_charts": ("Biểu đồ", "Charts"),
    "sheet_points": ("Điểm chính thức", "Official points"),
    "sheet_findings": ("Lỗi dữ liệu", "Findings"),
    "sheet_provenance": ("Nguồn gốc", "Provenance"),
    "sheet_tracker": ("Tình hình nộp báo cáo", "Submissions"),
    # titles
    "scorecard": ("Bảng xếp hạng chỉ số chuyển đổi số", "Digital-transformation scorecard"),
    "report": ("Báo cáo tiến độ thực hiện mục tiêu", "Goal progress report"),
    "catalogue": ("Bộ chỉ số", "KPI catalogue"),
    "version": ("phiên bản", "version"),
    "period": ("Kỳ báo cáo", "Period"),
    "periods": ("Các kỳ", "Periods"),
    "programme": ("Đề án / Nghị quyết", "Programme"),
    "horizon": ("Giai đoạn", "Horizon"),
    "source": ("Nguồn", "Source"),
    "unit_scope": ("Phạm vi", "Scope"),
    "goals_of": ("Mục tiêu", "Goals"),
    "by_unit": ("Tiến độ theo đơn vị", "Progress by unit"),
    "ranking_title": ("Xếp hạng tổng hợp", "Composite ranking"),
    "matrix_title": ("Ma trận đơn vị × chỉ số", "Units × KPIs"),
    "matrix_not_printed": (
        "Mỗi đơn vị một dòng cho từng kỳ. Bảng rộng (một cột cho mỗi chỉ số) để xem và lọc "
        "trên màn hình: khi in, chỉ in phần tiêu đề này; muốn in, hãy chọn vùng cần in.",
        "One row per unit and period. A wide table (a column per KPI) to read and filter on "
        "screen: only this heading prints; to print part of it, select the range to print.",
    ),
    "charts_title": ("Biểu đồ", "Charts"),
    "chart_ranking": ("Điểm tổng hợp", "Composite score"),
    "chart_data": ("Số liệu của biểu đồ", "Chart data"),
    "findings_title": ("Lỗi và cảnh báo dữ liệu", "Data findings"),
    "provenance_title": ("Nguồn gốc từng số liệu", "Where every value came from"),
    "no_findings": ("Không có lỗi hay cảnh báo.", "No findings."),
    "no_data": ("Chưa có số liệu.", "No data yet."),
    "calculation": ("Cách tính", "How it was judged"),
    "glossary": ("Giải thích thuật ngữ", "Glossary"),
    "page": ("Trang", "Page"),
    "legend": ("Chú giải", "Legend"),
    # a unit's one-page profile
    "profiles": ("Hồ sơ từng đơn vị", "Unit profiles"),
    "profile_of": ("Hồ sơ đơn vị", "Unit profile"),
    "profile_rank": ("Xếp hạng", "Rank"),
    "profile_rank_of": ("Hạng {rank}/{n} {level}", "Rank {rank} of {n} ({level})"),
    "profile_not_ranked": ("Chưa xếp hạng (thiếu số liệu)", "Not ranked (no data)"),
    "profile_coverage": ("Đơn vị cấp dưới đã báo cáo", "Its units that reported"),
    "profile_findings": ("Lỗi, cảnh báo trong các tệp của đơn vị",
                         "Findings in the unit's files"),
    "profile_more_findings": ("… và {n} lỗi, cảnh báo khác (xem trang Lỗi dữ liệu)",
                              "… and {n} more (see the Findings sheet)"),
    "profile_trends": ("Diễn biến qua các kỳ", "Trend over the periods"),
    "target_line": ("Chỉ tiêu", "Target"),
    "deadline_line": ("Thời hạn", "Deadline"),
    "sheet_trends": ("Diễn biến", "Trends"),
    # column headers
    "col_no": ("STT", "No."),
    "col_goal": ("Mục tiêu", "Goal"),
    "col_kpi": ("Chỉ số", "KPI"),
    "col_group": ("Nhóm", "Pillar"),
    "col_value": ("Giá trị", "Value"),
    "col_target": ("Chỉ tiêu", "Target"),
    "col_deadline": ("Thời hạn", "Deadline"),
    "col_status": ("Trạng thái", "Status"),
    "col_met": ("Đạt chỉ tiêu", "Target met"),
    "col_gap": ("Chênh lệch", "Gap"),
    "col_direction": ("Chiều", "Direction"),
    "col_baseline": ("Giá trị gốc", "Baseline"),
    "col_baseline_period": ("Năm gốc", "Baseline period"),
    "col_method": ("Phương pháp", "Method"),
    "col_indicator": ("Chỉ báo", "Indicator"),
    "col_ahead": ("Vượt tiến độ", "Ahead of schedule"),
    "col_projected": ("Dự báo tại thời hạn", "Projected at deadline"),
    "col_note": ("Ghi chú", "Note"),
    "col_unit_code": ("Mã đơn vị", "Unit code"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_level": ("Cấp", "Level"),
    "col_score": ("Điểm tổng hợp", "Composite score"),
    "col_rank": ("Hạng", "Rank"),
    "col_points": ("Điểm", "Points"),
    "col_index_value": ("Giá trị chỉ số", "Index value"),
    "col_band": ("Xếp loại", "Rating"),
    "col_self_points": ("Tự đánh giá", "Self-assessed"),
    "col_appraised_points": ("Thẩm định", "Appraised"),
    "col_points_difference": ("Chênh lệch", "Difference"),
    "col_component": ("Chỉ số thành phần", "Component"),
    "col_max_points": ("Điểm tối đa", "Maximum"),
    "col_counted_points": ("Điểm được tính", "Points counted"),
    "col_evidence": ("Tài liệu kiểm chứng", "Evidence"),
    "points_title": ("Điểm các bộ chỉ số chính thức", "Official indices: points"),
    "points_groups_elsewhere": ("Điểm từng chỉ số chính: xem trang “Điểm chính thức” của bảng "
                                "xếp hạng Excel (cửa sổ này quá hẹp để hiện)",
                                "Points per main index: see the “Official points” sheet of the "
                                "Excel scorecard (this terminal is too narrow to show them)"),
    "points_columns_elsewhere": ("Điểm từng chỉ số chính, điểm tự đánh giá và thẩm định: xem "
                                 "trang “Điểm chính thức” của bảng xếp hạng Excel (cửa sổ này "
                                 "quá hẹp để hiện)",
                                 "Points per main index, self-assessed and appraised: see the "
                                 "“Official points” sheet of the Excel scorecard (this terminal "
                                 "is too narrow to show them)"),
    "points_note": ("Điểm được tính là điểm thẩm định nếu có, nếu không là điểm tự đánh giá hoặc "
                    "điểm chiso tính từ số liệu; xếp hạng theo điểm được tính; chênh lệch = thẩm "
                    "định − tự đánh giá",
                    "Points counted are the appraised points where given, else the self-assessed "
                    "or computed ones; ranks follow the points counted; difference = appraised − "
                    "self-assessed"),
    "points_components": ("Tự đánh giá và thẩm định theo chỉ số thành phần",
                          "Self-assessment and appraisal by component"),
    "col_rank_overall": ("Hạng chung", "Overall rank"),
    "col_change": ("Thay đổi so với kỳ trước", "Change since last period"),
    "col_change_short": ("Thay đổi", "Change"),
    "col_scored": ("Số chỉ số có điểm", "KPIs scored"),
    "col_missing": ("Số chỉ số thiếu", "KPIs missing"),
    "col_zero": ("Số chỉ số tính 0 do thiếu", "KPIs scored 0 for a missing value"),
    "col_incomplete": ("Số chỉ số chưa đủ dữ liệu", "KPIs with incomplete data"),
    "col_district": ("Huyện", "District"),
    "col_submission_status": ("Tình trạng", "Status"),
    "col_n_files": ("Số tệp", "Files"),
    "col_n_values": ("Số giá trị", "Values"),
    "col_goals": ("Số mục tiêu", "Goals"),
    "col_code": ("Mã", "Code"),
    "col_severity": ("Mức độ", "Severity"),
    "col_message": ("Nội dung", "Message"),
    "col_file": ("Tệp", "File"),
    "col_sheet": ("Trang tính", "Sheet"),
    "col_cell": ("Ô", "Cell"),
    "col_line": ("Dòng", "Line"),
    "col_raw": ("Giá trị gốc đã nhập", "Raw text"),
    "col_parsed": ("Giá trị đã đọc", "Parsed value"),
    "col_subject": ("Đối tượng", "Subject"),
    "col_field": ("Chỉ tiêu báo cáo", "Field"),
    "col_field_id": ("Mã chỉ tiêu", "Field id"),
    "col_sha256": ("SHA-256 của tệp", "File SHA-256"),
    "col_flag": ("Không dùng do lỗi", "Unused: finding"),
    "col_count": ("Số lượng", "Count"),
    # compliance states in the matrix
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "no_value": ("Thiếu số liệu", "No data"),
    "no_target": ("Không có chỉ tiêu", "No target"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    # terminal
    "top_units": ("Dẫn đầu", "Top"),
    "bottom_units": ("Cuối bảng", "Bottom"),
    "findings_count": ("Lỗi dữ liệu", "Findings"),
    "reading": ("Đang đọc báo cáo", "Reading submissions"),
    "written": ("Đã ghi", "Written"),
    "goals_word": ("mục tiêu", "goals"),
    "not_reported": ("Chưa báo cáo", "Not reported"),
    "tracker_title": ("Tình hình nộp báo cáo", "Submission status"),
    "col_area": ("Địa bàn", "Area"),
    "col_expected": ("Phải báo cáo", "Expected"),
    "col_reported": ("Đã báo cáo", "Reported"),
    "col_with_errors": ("Có lỗi", "With errors"),
    "col_late": ("Nộp muộn", "Late"),
    "col_not_reported": ("Chưa báo cáo", "Not reported"),
    "col_received": ("Thời điểm nhận", "Received"),
    "tracker_none_missing": ("Tất cả đơn vị đã báo cáo.", "Every unit has reported."),
    "tracker_status_received": ("Đã nhận", "Received"),
    "tracker_status_with_errors": ("Đã nhận, có lỗi", "Received, with errors"),
    "tracker_status_late": ("Nộp muộn", "Late"),
    "tracker_status_missing": ("Chưa báo cáo", "Not reported"),
    "col_parts": ("Đã báo cáo", "Reported"),
    "zero_note": (
        "Dấu “*” sau điểm: điểm có mục tiêu tính 0 vì báo cáo thiếu số liệu.",
        "“*” after a score: it includes a goal scored 0 for a value missing from the report.",
    ),
    "not_reported_note": (
        "Đơn vị chưa báo cáo không được xếp hạng và không tính điểm 0.",
        "Units that did not report are not ranked and not scored 0.",
    ),
    "change_note": (
        "“Thay đổi” chỉ so sánh hai kỳ có điểm trên cùng các mục tiêu đủ số liệu.",
        "“Change” only compares two periods whose scores stand on the same complete goals.",
    ),
    "tied_note": (
        "Dấu “=” sau thứ hạng: đồng hạng.",
        "“=” after a rank: tied.",
    ),
}

STATUS: dict[str, tuple[str, str]] = {
    "achieved": ("Đã hoàn thành", "Achieved"),
    "on_track": ("Đảm bảo tiến độ", "On track"),
    "at_risk": ("Có nguy cơ", "At risk"),
    "off_track": ("Chậm tiến độ", "Off track"),
    "not_achieved": ("Không đạt (đã đến hạn)", "Not achieved (deadline reached)"),
    "incomplete_data": ("Chưa đủ dữ liệu để đánh giá", "Not assessable: incomplete data"),
    "not_assessable": ("Chưa đánh giá được", "Not assessable"),
}

# Lower-case forms for running text ("4/6 mục tiêu đã hoàn thành, 2/6 đảm bảo tiến độ").
STATUS_PHRASE: dict[str, tuple[str, str]] = {
    "achieved": ("đã hoàn thành", "achieved"),
    "on_track": ("đảm bảo tiến độ", "on track"),
    "at_risk": ("có nguy cơ không đạt", "at risk"),
    "off_track": ("chậm tiến độ", "off track"),
    "not_achieved": ("không đạt khi đến hạn", "not achieved by the deadline"),
    "incomplete_data": ("chưa đủ dữ liệu để đánh giá", "not assessable for incomplete data"),
    "not_assessable": ("chưa đánh giá được", "not assessable"),
}

DIRECTION: dict[str, tuple[str, str]] = {
    Direction.HIGHER.value: ("cao hơn là tốt hơn", "higher is better"),
    Direction.LOWER.value: ("thấp hơn là tốt hơn", "lower is better"),
}

DIRECTION_ARROW = {Direction.HIGHER.value: "↑", Direction.LOWER.value: "↓"}

METHOD: dict[str, tuple[str, str]] = {
    "eurostat": (
        "Eurostat (tăng trưởng thực tế / cần thiết)",
        "Eurostat (observed / required growth)",
    ),
    "unsd": ("UNSD (dự báo tại thời hạn)", "UNSD (projection at the deadline)"),
    "linear": ("Tuyến tính (mức thay đổi mỗi năm)", "Linear (change per year)"),
}

SEVERITY: dict[str, tuple[str, str]] = {
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    "info": ("Thông tin", "Info"),
}



UNIT_SUFFIX: dict[str, tuple[str, str]] = {
    Measure.PERCENT.value: ("%", "%"),
    Measure.PER_100.value: ("/100 dân", "per 100 people"),
    Measure.COUNT.value: ("", ""),
    Measure.AMOUNT.value: ("", ""),
    Measure.NUMBER.value: ("", ""),
    Measure.YES_NO.value: ("", ""),
}


def _pick(table: Mapping[str, tuple[str, str]], key: str, lang: Lang) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]


def label(key: str, lang: Lang) -> str:
    """The label ``key`` in ``lang``; an unknown key is shown as itself."""
    return _pick(LABELS, key, lang)


def status_label(status: str, lang: Lang) -> str:
    return _pick(STATUS, status, lang)


def direction_label(direction: str, lang: Lang) -> str:
    return _pick(DIRECTION, str(direction), lang)


def direction_text(direction: str, lang: Lang) -> str:
    """``↑ cao hơn là tốt hơn``: the arrow and the words, so direction is never a guess."""
    return f"{DIRECTION_ARROW.get(str(direction), '')} {direction_label(direction, lang)}".strip()


def method_label(method: str, lang: Lang) -> str:
    return _pick(METHOD, str(method), lang)


def severity_label(severity: str, lang: Lang) -> str:
    return _pick(SEVERITY, str(severity), lang)


def reason_label(reason: str | None, lang: Lang, catalogue: Catalogue | None = None) -> str:
    """Why a KPI has no value: ``thiếu chỉ tiêu 'Số hồ sơ …'`` / ``missing field '…'``
    (by the field's label where the catalogue is given, else its id)."""
    if not reason:
        return label("no_value", lang)
    words = reason_words(catalogue, reason)
    return words.vi if lang == "vi" else words.en


def level_label(level: str, lang: Lang) -> str:
    return level_name(level, lang)


def headline(counts: Mapping[str, int], total: int, lang: Lang) -> str:
    """``4/6 mục tiêu đã hoàn thành, 2/6 đảm bảo tiến độ`` from status counts.

    Statuses with a zero count are left out; the order is always achieved,
    on track, at risk, off track, not assessable.
    """
    if total == 0:
        return label("no_data", lang)
    parts = [
        f"{counts[status]}/{total} {_pick(STATUS_PHRASE, status, lang)}"
        for status in STATUS
        if counts.get(status, 0)
    ]
    if not parts:
        return label("no_data", lang)
    word = label("goals_word", lang)
    first, *rest = parts
    number, phrase = first.split(" ", 1)
    return ", ".join([f"{number} {word} {phrase}", *rest])


_CITATION = re.compile(r"\[|\bcited in\b|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")


def source_text(source: str | None) -> str | None:
    """What a reader sees of a programme's ``source``: the document, up to the first
    citation a maintainer added (``[S4]``, ``cited in …``, a source slug such as
    ``phu-tho-2024-digital-government``); None when nothing is left."""
    if not source:
        return None
    match = _CITATION.search(source)
    text = (source[: match.start()] if match else source).strip().rstrip(",;:(").strip()
    return text or None


def reported_phrase(reported: int, expected: int, lang: Lang) -> str:
    """``51/52 đơn vị đã báo cáo`` / ``51/52 units reported``."""
    if lang == "vi":
        return f"{reported}/{expected} đơn vị đã báo cáo"
    return f"{reported}/{expected} units reported"


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA (the ways a missing number arrives)."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA refuses bool()
        return True


def format_number(value: Any, unit: str, lang: Lang, *, digits: int | None = None) -> str:
    """A KPI value as text: ``98,5%`` (vi) / ``98.5%`` (en), ``1.234.567`` / ``1,234,567``.

    Percent values are 0–1 fractions and are multiplied by 100 only here, for display.
    """
    if is_missing(value):
        return "—"
    number = float(value)
    if unit == Measure.YES_NO.value:
        return label("yes" if number >= 0.5 else "no", lang)
    if unit == Measure.PERCENT.value:
        text = _grouped(number * 100, 1 if digits is None else digits, lang) + "%"
    elif unit == Measure.COUNT.value:
        text = _grouped(number, 0 if digits is None else digits, lang)
    elif unit == Measure.PER_100.value:
        text = _grouped(number, 1 if digits is None else digits, lang)
    else:
        text = _grouped(
            number, (0 if number.is_integer() else 2) if digits is None else digits, lang
        )
    return text


def value_text(value: Any, lang: Lang, unit: str | None = None) -> str:
    """A value a finding quotes, as people write it: by the KPI's or field's measure when
    known (``56,9%``), else grouped with up to four decimals (``1.751``, ``0,5692``) —
    never ``0.5692407071252187``."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool) or not isinstance(value, int | float) or is_missing(value):
        return str(value)
    if unit:
        return format_number(value, unit, lang)
    number = float(value)
    if number.is_integer():
        return _grouped(number, 0, lang)
    text = _grouped(number, 4, lang).rstrip("0")
    return text.rstrip(",." if lang == "vi" else ".")


def _grouped(number: float, digits: int, lang: Lang) -> str:
    text = f"{number:,.{digits}f}"
    if lang == "vi":  # Vietnamese groups with "." and writes decimals with ","
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


# A target as the programme's source words it: "Trên 80 %" is ">", "Từ 80 % trở lên"
# is ">=". A symbol alone hid the difference (and ">=" read as "≥" beside a goal
# worded "Trên").
COMPARISON_WORDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    Comparison.GE.value: (("Từ ", " trở lên"), ("at least ", "")),
    Comparison.GT.value: (("Trên ", ""), ("above ", "")),
    Comparison.LE.value: (("Không quá ", ""), ("at most ", "")),
    Comparison.LT.value: (("Dưới ", ""), ("below ", "")),
    Comparison.EQ.value: (("Bằng ", ""), ("equal to ", "")),
}


# The report's glossary: the words a reader meets in it, each explained once.
# (term, explanation) in Vietnamese and English; the methods' own names come first.
GLOSSARY: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("Đã hoàn thành", "Achieved"),
     ("Giá trị kỳ mới nhất đã đạt chỉ tiêu.", "The latest value meets the target.")),
    (("Đảm bảo tiến độ", "On track"),
     ("Với tốc độ tăng từ giá trị gốc đến nay, chỉ tiêu sẽ đạt đúng thời hạn "
      "(chỉ báo từ 0,95 trở lên).",
      "At the pace observed since the baseline, the target is met by the deadline "
      "(indicator 0.95 or more).")),
    (("Có nguy cơ", "At risk"),
     ("Có tiến bộ nhưng cần đẩy nhanh: chỉ báo từ 0,60 đến dưới 0,95 (UNSD: 0,10–0,95).",
      "Progress, but it must speed up: indicator 0.60 to under 0.95 (UNSD: 0.10–0.95).")),
    (("Chậm tiến độ", "Off track"),
     ("Tiến bộ quá ít hoặc đi lùi (chỉ báo dưới 0,60).",
      "Too little progress or going backwards (indicator under 0.60).")),
    (("Không đạt (đã đến hạn)", "Not achieved (deadline reached)"),
     ("Đã đến hoặc quá thời hạn mà giá trị chưa đạt chỉ tiêu.",
      "The deadline has come or passed and the value does not meet the target.")),
    (("Chưa đánh giá được", "Not assessable"),
     ("Chưa đủ số liệu: cần giá trị gốc và ít nhất một kỳ sau đó.",
      "Not enough data: a baseline and at least one later period are needed.")),
    (("Giá trị gốc", "Baseline"),
     ("Giá trị khởi điểm khai báo trong đề án, hoặc kỳ sớm nhất có số liệu.",
      "The starting value the programme declares, or the earliest period with data.")),
    (("Chỉ báo", "Indicator"),
     ("Tốc độ thực tế chia cho tốc độ cần thiết để đạt chỉ tiêu đúng hạn: 1 là vừa đúng "
      "tiến độ, trên 1 là nhanh hơn, âm là đi lùi.",
      "The pace observed divided by the pace needed to meet the target on time: 1 is "
      "exactly on schedule, above 1 faster, below 0 going backwards.")),
    (("Eurostat", "Eurostat"),
     ("Phương pháp của Eurostat (như Open SDG): so tốc độ tăng bình quân năm thực tế với "
      "tốc độ cần thiết.",
      "Eurostat's method (as in Open SDG): the observed average yearly growth rate "
      "against the rate needed.")),
    (("UNSD", "UNSD"),
     ("Phương pháp của Cơ quan Thống kê Liên hợp quốc: kéo dài xu hướng đến thời hạn và "
      "so giá trị dự báo với chỉ tiêu.",
      "The UN Statistics Division's method: the trend is projected to the deadline and "
      "the projected value compared with the target.")),
    (("Tuyến tính", "Linear"),
     ("So mức thay đổi mỗi năm thực tế với mức cần thiết; dùng thay hai phương pháp trên "
      "cho tỷ lệ gần 0 % hoặc 100 %.",
      "The change per year observed against the change needed; used instead of the two "
      "above for rates near 0 % or 100 %.")),
    (("Vượt tiến độ", "Ahead of schedule"),
     ("Phần quãng đường đã đi (từ giá trị gốc đến chỉ tiêu) lớn hơn phần thời gian đã "
      "qua.",
      "The share of the distance covered (baseline to target) is larger than the share "
      "of the time used.")),
]


def glossary(lang: Lang) -> list[tuple[str, str]]:
    """(term, explanation) pairs of :data:`GLOSSARY` in ``lang``."""
    i = 0 if lang == "vi" else 1
    return [(term[i], text[i]) for term, text in GLOSSARY]


def comparison_words(comparison: str, lang: Lang) -> tuple[str, str]:
    """The words before and after a target value: ``("Từ ", " trở lên")`` for ``>=``."""
    pair = COMPARISON_WORDS.get(str(comparison))
    if pair is None:
        return f"{comparison} ", ""
    return pair[0] if lang == "vi" else pair[1]


def comparison_text(comparison: str, target: Any, unit: str, lang: Lang) -> str:
    """``Trên 80,0%`` / ``above 80.0%``: the target in words, as the source puts it."""
    before, after = comparison_words(comparison, lang)
    return f"{before}{format_number(target, unit, lang)}{after}"
