"""The portal's own words in Vietnamese and English (findings bring their own messages).

Templates use ``{{ t.key }}``; the language is the session's (``/lang/en/``),
Vietnamese by default. Django's texts (login form, admin, password rules) follow
the same language through its own Vietnamese locale.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from chiso.findings import Lang

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Cổng báo cáo chỉ số chuyển đổi số", "Digital-transformation KPI reporting portal"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "change_password": ("Đổi mật khẩu", "Change password"),
    "password_first": ("Hãy đặt mật khẩu mới trước khi tiếp tục.",
                       "Set a new password before you go on."),
    "password_done": ("Đã đổi mật khẩu.", "Password changed."),
    "bad_login": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "locked": ("Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
               "Too many failed logins. Try again in 15 minutes."),
    "home": ("Trang chính", "Home"),
    "unit": ("Đơn vị", "Unit"),
    "units": ("Đơn vị", "Units"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "level": ("Cấp", "Level"),
    "period": ("Kỳ báo cáo", "Period"),
    "periods": ("Kỳ báo cáo", "Periods"),
    "deadline": ("Hạn nộp", "Deadline"),
    "no_deadline": ("không có hạn", "no deadline"),
    "open": ("Đang mở", "Open"),
    "closed": ("Đã khóa", "Closed"),
    "published": ("Đã công bố", "Published"),
    "status": ("Tình trạng", "Status"),
    "versions": ("Các lần nộp", "Versions"),
    "version": ("Lần", "Version"),
    "received": ("Đã nhận", "Received"),
    "uploaded_by": ("Người nộp", "Uploaded by"),
    "on_behalf": ("nộp thay", "on behalf"),
    "via_api": ("qua API", "via API"),
    "file": ("Tệp", "File"),
    "download": ("Tải về", "Download"),
    "template": ("Tải biểu mẫu", "Download the template"),
    "upload": ("Gửi báo cáo", "Upload the report"),
    "upload_help": ("Chọn hoặc kéo thả tệp Excel (.xlsx) đã điền vào đây.",
                    "Choose or drop the filled Excel workbook (.xlsx) here."),
    "upload_on_behalf": ("Bạn đang nộp thay cho đơn vị này.",
                         "You are uploading on behalf of this unit."),
    "send": ("Gửi", "Send"),
    "accepted": ("Đã nhận", "Accepted"),
    "accepted_with_errors": ("Đã nhận, có lỗi", "Received, with errors"),
    "rejected": ("Không được tính", "Not counted"),
    "counted": ("Bản đang được tính", "Version that counts"),
    "nothing_yet": ("Chưa nộp", "Nothing sent yet"),
    "findings": ("Lỗi và cảnh báo", "Findings"),
    "fix_and_resend": ("Báo cáo đã nhận nhưng còn lỗi: các số liệu lỗi chưa được tính. Hãy sửa "
                       "các ô dưới đây rồi gửi lại.",
                       "Received, with errors: the values in error are not used. Fix the "
                       "cells below and upload again."),
    "no_findings": ("Không có lỗi nào. Báo cáo hợp lệ.", "No findings: the report is valid."),
    "severity": ("Mức", "Severity"),
    "sheet": ("Trang tính", "Sheet"),
    "cell": ("Ô", "Cell"),
    "raw": ("Giá trị gốc", "As typed"),
    "message": ("Nội dung", "Message"),
    "errors": ("lỗi", "errors"),
    "warnings": ("cảnh báo", "warnings"),
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "info": ("thông tin", "info"),
    "as_check": ("Như lệnh chiso check", "As chiso check says it"),
    "children": ("Đơn vị trực thuộc", "Units below"),
    "results": ("Kết quả", "Results"),
    "kpi": ("Chỉ số", "KPI"),
    "value": ("Giá trị", "Value"),
    "reason": ("Lý do", "Reason"),
    "rank": ("Hạng", "Rank"),
    "score": ("Điểm", "Score"),
    "goal": ("Mục tiêu", "Goal"),
    "programme": ("Chương trình", "Programme"),
    "not_published": ("Kết quả chưa được công bố.", "Results are not published yet."),
    "province": ("Quản trị tỉnh", "Province"),
    "board": ("Tình hình nộp báo cáo", "Submission board"),
    "import_units": ("Nhập danh mục đơn vị", "Import the units file"),
    "units_file": ("Tệp danh mục đơn vị (CSV hoặc YAML)", "Units file (CSV or YAML)"),
    "import": ("Nhập", "Import"),
    "accounts_made": ("Tài khoản mới và mật khẩu dùng một lần",
                      "New accounts and their one-time passwords"),
    "print": ("In danh sách", "Print the list"),
    "role": ("Vai trò", "Role"),
    "new_period": ("Mở kỳ báo cáo", "Open a period"),
    "create": ("Tạo", "Create"),
    "close_period": ("Khóa kỳ", "Close the period"),
    "reopen_period": ("Mở lại kỳ", "Reopen the period"),
    "set_deadline": ("Đặt hạn nộp", "Set the deadline"),
    "score_now": ("Chấm điểm từ các báo cáo đã nhận", "Score from the stored submissions"),
    "scores": ("Các lần chấm điểm", "Scorings"),
    "publish": ("Công bố", "Publish"),
    "unpublish": ("Hủy công bố", "Unpublish"),
    "audit": ("Nhật ký thao tác", "Audit log"),
    "when": ("Thời điểm", "When"),
    "who": ("Người thực hiện", "Who"),
    "action": ("Thao tác", "Action"),
    "target": ("Đối tượng", "Target"),
    "history": ("Lịch sử nộp", "Version history"),
    "all": ("Tất cả", "All"),
    "district": ("Huyện", "District"),
    "filter": ("Lọc", "Filter"),
    "export_excel": ("Xuất Excel", "Export to Excel"),
    "expected": ("Phải nộp", "Expected"),
    "reported": ("Đã nộp", "Reported"),
    "st_received": ("đã nhận", "received"),
    "st_with_errors": ("có lỗi", "with errors"),
    "st_late": ("nộp muộn", "late"),
    "st_missing": ("chưa nộp", "missing"),
    "token": ("Mã truy cập API", "API token"),
    "token_new": ("Tạo mã mới", "Make a new token"),
    "token_once": ("Hãy lưu mã này ngay: nó chỉ hiện một lần.",
                   "Copy this token now: it is shown only once."),
    "error_title": ("Đã xảy ra lỗi", "Something went wrong"),
    "error_text": ("Máy chủ gặp lỗi không mong muốn. Hãy báo cho quản trị viên mã tham chiếu:",
                   "The server hit an unexpected error. Give the administrator this reference:"),
    "not_configured": ("Cổng chưa sẵn sàng", "The portal is not set up yet"),
    "exit_code": ("Mã kết thúc", "Exit code"),
    "files": ("Số tệp", "Files"),
    "language": ("English", "Tiếng Việt"),
    "back": ("Quay lại", "Back"),
}


def lang_of(request: HttpRequest) -> Lang:
    return "en" if getattr(request, "chiso_lang", "vi") == "en" else "vi"


def words(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in WORDS.items()}


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``t`` (the words), ``lang`` and the other language's code."""
    lang = lang_of(request)
    return {"t": words(lang), "lang": lang, "other_lang": "vi" if lang == "en" else "en",
            "chiso_admin": _is_admin(request)}


def _is_admin(request: HttpRequest) -> bool:
    from django.http import Http404

    from chiso.portal.access import scope_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    try:
        return scope_of(user).is_admin
    except Http404:
        return False
