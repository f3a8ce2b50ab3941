"""Finding codes of the engine (E…). Stable: never renumber or reuse a code."""

from chiso.findings import Severity, define

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# E0xx: the data handed to the engine
define("E001", W, "unit not in the units file",
       "Unit '{unit}' has {count} reported value(s) but is not in the units file; they are left out",
       "Đơn vị '{unit}' có {count} giá trị báo cáo nhưng không có trong danh mục đơn vị; các giá trị này bị bỏ qua")
define("E002", W, "field not in the catalogue",
       "Field '{field}' has {count} reported value(s) but is not in the KPI catalogue; they are left out",
       "Chỉ tiêu '{field}' có {count} giá trị báo cáo nhưng không có trong danh mục chỉ số; các giá trị này bị bỏ qua")
define("E003", W, "unit not in force in the period",
       "Unit '{unit}' has {count} reported value(s) for {periods}, when the units file says it is "
       "not in force (in force: {validity}); they are left out",
       "Đơn vị '{unit}' có {count} giá trị báo cáo cho kỳ {periods} nhưng theo danh mục đơn vị, "
       "đơn vị này không có hiệu lực trong kỳ đó (hiệu lực: {validity}); các giá trị này bị bỏ qua")

# E1xx: evaluation and roll-up
define("E101", W, "incomplete coverage",
       "{parent}: KPI '{kpi}' for {period} is rolled up from {reported} of {expected} units; the value is incomplete",
       "{parent}: chỉ số '{kpi}' kỳ {period} được tổng hợp từ {reported}/{expected} đơn vị; giá trị chưa đầy đủ")
define("E102", W, "KPI not computable",
       "KPI '{kpi}' could not be computed for any unit in {period} (most common reason: {reason})",
       "Chỉ số '{kpi}' không tính được cho đơn vị nào trong kỳ {period} (lý do phổ biến nhất: {reason})")
define("E103", E, "KPI inputs form a cycle",
       "KPI '{kpi}' cannot be evaluated: the KPIs it uses refer to each other in a cycle",
       "Không tính được chỉ số '{kpi}': các chỉ số mà nó sử dụng tham chiếu vòng tròn")
define("E104", W, "goal on unknown KPI",
       "Goal '{goal}' of programme '{programme}' refers to KPI '{kpi}', which is not in the catalogue; it is skipped",
       "Mục tiêu '{goal}' của chương trình '{programme}' dùng chỉ số '{kpi}' không có trong danh mục; bỏ qua mục tiêu này")

# E13x: official indices (points, previous periods, forms)
define("E130", W, "previous period's value missing",
       "KPI '{kpi}' for {period} needs '{name}' of the period before ({previous}) for {count} unit(s) "
       "({units}), which is not reported: the KPI has no value there (never a zero)",
       "Chỉ số '{kpi}' kỳ {period} cần '{name}' của kỳ trước ({previous}) cho {count} đơn vị "
       "({units}) nhưng giá trị này chưa được báo cáo: chỉ số không có giá trị (không tính là 0)")
define("E131", INFO, "form not sent by any unit",
       "No unit sent form '{form}' for {period}: its {count} KPI(s) have no value ({kpis})",
       "Chưa đơn vị nào gửi biểu mẫu '{form}' kỳ {period}: {count} chỉ số của biểu mẫu chưa có giá trị ({kpis})")
define("E105", W, "progress judged on an older value",
       "{unit}: goal '{goal}' of '{programme}' has no usable value for {period} ({reason}); as the "
       "programme allows (fallback: previous), progress is judged on the {used} value",
       "{unit}: mục tiêu '{goal}' của '{programme}' chưa có số liệu hợp lệ kỳ {period} ({reason}); "
       "theo quy định của chương trình (fallback: previous), tiến độ được đánh giá theo số liệu kỳ {used}")
define("E106", W, "series mixes a unit's own report and its units' roll-up",
       "{unit}: KPI '{kpi}' is the unit's own report in {own} and the roll-up of its units in "
       "{rolled}; the trend compares two different populations",
       "{unit}: chỉ số '{kpi}' là số liệu đơn vị tự báo cáo kỳ {own} nhưng là số tổng hợp từ các "
       "đơn vị trực thuộc kỳ {rolled}; xu hướng so sánh hai phạm vi khác nhau")

# S13x (the reader's range): submitted values that cannot be added up.
define("S130", E, "roll-up overflows",
       "{parent}: KPI '{kpi}' for {period} cannot be rolled up: the sum of its sub-units' values "
       "is larger than any number a computer holds (over 1.8e308); check the sub-units' reports",
       "{parent}: chỉ số '{kpi}' kỳ {period} không tổng hợp được: tổng giá trị của các đơn vị cấp "
       "dưới vượt quá số lớn nhất máy tính biểu diễn được (trên 1,8e308); hãy kiểm tra báo cáo "
       "của các đơn vị cấp dưới")
