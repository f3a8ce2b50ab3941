"""Finding codes for submissions and workbooks (S…). Stable: never renumber or reuse a code.

S0xx the file itself, S1xx which unit/period/template it is, S2xx one cell,
S3xx rules across the fields of one submission.
"""

from chiso.findings import Severity, define

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# S0xx: reading the file
define("S001", E, "not an xlsx workbook",
       "Not an Excel .xlsx workbook ({reason}); save it as .xlsx and send it again",
       "Không phải tệp Excel .xlsx ({reason_vi}); hãy lưu lại dạng .xlsx rồi gửi lại")
define("S002", E, "empty file", "The file is empty (0 bytes)", "Tệp rỗng (0 byte)")
define("S003", E, "password-protected or old .xls",
       "The file is password-protected (encrypted) or an old .xls workbook: remove the password "
       "and save as .xlsx",
       "Tệp được đặt mật khẩu (mã hóa) hoặc là tệp .xls cũ: hãy gỡ mật khẩu và lưu dạng .xlsx")
define("S004", E, "corrupt workbook", "The workbook is damaged and cannot be read: {reason}",
       "Tệp Excel bị hỏng, không đọc được: {reason_vi}")
define("S005", E, "sheet too large",
       "Sheet is too large to be a report ({size}, limit {limit}); it was not read",
       "Trang tính quá lớn so với một báo cáo ({size}, giới hạn {limit}); không được đọc")
define("S006", E, "file not readable", "Cannot read the file: {reason}", "Không đọc được tệp: {reason}")
define("S007", W, "no report found",
       "No sheet of this workbook holds a known field (by code or label); nothing was read",
       "Không trang tính nào chứa chỉ tiêu đã biết (theo mã hoặc tên); không đọc được số liệu nào")
define("S008", E, "no workbooks found", "No .xlsx files found in {path}",
       "Không tìm thấy tệp .xlsx nào trong {path}")
define("S009", E, "two parts with one name",
       "The workbook holds two parts named '{part}' (part names ignore case); which one is "
       "meant cannot be told, so the file was not read. Open it in Excel, save, and send again",
       "Tệp chứa hai phần cùng tên '{part}' (không phân biệt hoa thường); không xác định được "
       "phần nào đúng nên tệp không được đọc. Hãy mở bằng Excel, lưu lại rồi gửi")
define("S010", W, "sheet shares its content with another",
       "This sheet points at the same content as sheet '{other}'; it was read once, as '{other}'",
       "Trang tính này trỏ tới cùng nội dung với trang '{other}'; nội dung chỉ được đọc một lần, "
       "theo trang '{other}'")
define("S011", E, "workbook too large",
       "The workbook's parts together are larger than {limit} uncompressed; sheet '{first}' "
       "and the sheets after it were not read",
       "Các phần của tệp cộng lại lớn hơn {limit} khi giải nén; trang '{first}' và các trang sau "
       "không được đọc")
define("S012", E, "invalid stored value",
       "The cell's stored value ({text}) is not one a spreadsheet program writes (the file is "
       "damaged or was made by a faulty tool); the value was not used. Retype it and save",
       "Giá trị lưu trong ô ({text}) không phải giá trị do phần mềm bảng tính ghi (tệp bị hỏng "
       "hoặc do công cụ lỗi tạo ra); giá trị không được dùng. Hãy nhập lại và lưu")
define("S013", E, "too many merged cells",
       "The sheet's merged ranges cover {count} cells, more than {limit}; it was not read",
       "Các vùng gộp ô của trang tính phủ {count} ô, vượt giới hạn {limit}; trang không được đọc")
define("S014", E, "workbook part too large",
       "The part '{part}' is too large ({size}, limit {limit}); the workbook was not read",
       "Phần '{part}' của tệp quá lớn ({size}, giới hạn {limit}); tệp không được đọc")
define("S016", E, "too many parts",
       "The zip's directory is {size} (limit {limit}): more entries than any workbook has; the "
       "file was not read",
       "Danh mục của tệp nén lớn {size} (giới hạn {limit}): nhiều mục hơn mọi bảng tính thật; "
       "tệp không được đọc")
define("S015", E, "report only on a hidden sheet",
       "The report is on hidden sheet '{sheet}' and no visible sheet holds one; hidden sheets "
       "are not read. Unhide the sheet (or copy the report to a visible one) and send again",
       "Báo cáo nằm ở trang tính ẩn '{sheet}' và không trang hiển thị nào có báo cáo; trang ẩn "
       "không được đọc. Hãy bỏ ẩn trang (hoặc chép báo cáo sang trang hiển thị) rồi gửi lại")

# S1xx: which unit, period and template
define("S101", E, "unknown unit",
       "Unknown unit '{unit}': not in the units file; its values were not used",
       "Đơn vị '{unit}' không có trong danh mục đơn vị; số liệu của đơn vị này không được dùng")
define("S102", E, "unit not identified",
       "Cannot tell which unit this report is from ({reason}); write the unit code in a "
       "'Mã đơn vị:' cell or the file name. Its values were not used",
       "Không xác định được đơn vị báo cáo ({reason}); hãy ghi ô 'Mã đơn vị:' hoặc đặt mã đơn vị "
       "vào tên tệp. Số liệu không được dùng")
define("S103", E, "wrong period",
       "The report is for period {found}, not {expected}; its values were not used",
       "Báo cáo thuộc kỳ {found}, không phải kỳ {expected}; số liệu không được dùng")
define("S104", E, "period not identified",
       "Cannot tell the reporting period ({reason}); write it in a 'Kỳ báo cáo:' cell or give "
       "--period. Its values were not used",
       "Không xác định được kỳ báo cáo ({reason}); hãy ghi ô 'Kỳ báo cáo:' hoặc dùng --period. "
       "Số liệu không được dùng")
define("S105", INFO, "period taken from the command line",
       "The report does not state its period; {period} (given with --period) was used",
       "Báo cáo không ghi kỳ báo cáo; dùng kỳ {period} (theo --period)")
define("S106", E, "duplicate submission",
       "Second report for unit {unit}, period {period} (first in {other}); its values were not used",
       "Báo cáo lặp lại của đơn vị {unit}, kỳ {period} (lần đầu tại {other}); số liệu không được dùng")
define("S107", W, "template from another catalogue version",
       "Template made for catalogue version {found}, the current version is {expected}",
       "Biểu mẫu lập theo bộ chỉ số phiên bản {found}, phiên bản hiện tại là {expected}")
define("S108", W, "template from a changed catalogue",
       "Template made from different KPI files (digest {found}, current {expected}) of the same "
       "version; check that the fields still mean the same",
       "Biểu mẫu lập từ bộ chỉ số khác nội dung (mã băm {found}, hiện tại {expected}) dù cùng phiên "
       "bản; hãy kiểm tra các chỉ tiêu còn đúng nghĩa")
define("S109", E, "template from another catalogue",
       "Template made for catalogue '{found}', not '{expected}'; its values were not used",
       "Biểu mẫu lập cho bộ chỉ số '{found}', không phải '{expected}'; số liệu không được dùng")
define("S110", W, "older template format",
       "Template format version {found} is older than {expected}; it was read by field codes",
       "Biểu mẫu định dạng phiên bản {found} cũ hơn {expected}; đã đọc theo mã chỉ tiêu")
define("S111", INFO, "unit taken from the file name",
       "The sheet does not name its unit; unit {unit} was taken from the file name",
       "Trang tính không ghi đơn vị; đơn vị {unit} được xác định từ tên tệp")
define("S112", INFO, "period taken from the file name",
       "The sheet does not state its period; {period} was taken from the file name",
       "Trang tính không ghi kỳ báo cáo; kỳ {period} được xác định từ tên tệp")
define("S113", W, "unknown field code",
       "Unknown field code '{code}' in the template; the row was not read",
       "Mã chỉ tiêu '{code}' không có trong bộ chỉ số; dòng này không được đọc")
define("S114", E, "field reported twice",
       "Field '{field}' is reported twice for unit {unit} (first at {other}); the second value "
       "was not used",
       "Chỉ tiêu '{field}' được báo cáo hai lần cho đơn vị {unit} (lần đầu tại {other}); giá trị "
       "thứ hai không được dùng")
define("S115", W, "field not reported at this level",
       "Field '{field}' is not reported by {level} units; the value was not used",
       "Chỉ tiêu '{field}' không áp dụng cho đơn vị cấp {level}; giá trị không được dùng")
define("S116", INFO, "total row skipped", "Row '{text}' looks like a total and was skipped",
       "Dòng '{text}' là dòng tổng cộng nên được bỏ qua")
define("S117", E, "unknown file format version",
       "Template format version '{found}' is newer than this chiso understands ({expected}); "
       "update chiso",
       "Biểu mẫu định dạng phiên bản '{found}' mới hơn phiên bản chiso hỗ trợ ({expected}); "
       "hãy cập nhật chiso")
define("S118", E, "unit not in force in the period",
       "Unit '{unit}' is not in force in {period} (units file: {validity}); its values were not "
       "used",
       "Đơn vị '{unit}' không có hiệu lực trong kỳ {period} (theo danh mục đơn vị: {validity}); "
       "số liệu của đơn vị này không được dùng")

# S2xx: one cell
define("S201", E, "not a number", "'{text}' is not a number for '{field}'",
       "'{text}' không phải là số cho chỉ tiêu '{field}'")
define("S202", W, "dot read as thousands separator",
       "'{text}' in count field '{field}' was read as {read} (the dot/comma as a thousands "
       "separator); write {read} to be clear",
       "'{text}' ở chỉ tiêu đếm '{field}' được hiểu là {read} (dấu chấm/phẩy phân cách hàng "
       "nghìn); hãy ghi {read} cho rõ")
define("S203", E, "ambiguous number",
       "'{text}' for '{field}' could be thousands or decimals; write it without the separator "
       "or with decimals (e.g. 1751 or 1,751 for one point seven five one)",
       "'{text}' ở chỉ tiêu '{field}' có thể là hàng nghìn hoặc số thập phân; hãy ghi không dấu "
       "phân cách hoặc ghi rõ phần thập phân")
define("S204", W, "percent points read as percent",
       "'{text}' for percent field '{field}' was read as {text}% = {read}; enter percentages as "
       "98,46% or 0.9846",
       "'{text}' ở chỉ tiêu tỷ lệ '{field}' được hiểu là {text}% = {read}; hãy nhập dạng 98,46% "
       "hoặc 0,9846")
define("S205", E, "negative value", "'{field}' cannot be negative (read {read})",
       "Chỉ tiêu '{field}' không được âm (đọc được {read})")
define("S206", E, "not a whole number", "'{field}' counts things: {read} is not a whole number",
       "Chỉ tiêu '{field}' là số đếm: {read} không phải số nguyên")
define("S207", E, "percent out of range", "'{text}' for '{field}' is not a percentage between 0% and "
       "100%", "'{text}' ở chỉ tiêu '{field}' không phải tỷ lệ trong khoảng 0%–100%")
define("S208", E, "formula without cached value",
       "The cell holds a formula ({formula}) but no computed value (the file was never opened "
       "and saved in Excel/LibreOffice); open it, save, and send again",
       "Ô chứa công thức ({formula}) nhưng chưa có giá trị tính sẵn (tệp chưa được mở và lưu bằng "
       "Excel/LibreOffice); hãy mở, lưu lại rồi gửi")
define("S209", E, "error value in cell", "The cell shows the error {text} for '{field}'",
       "Ô đang báo lỗi {text} ở chỉ tiêu '{field}'")
define("S210", E, "not yes/no", "'{text}' for '{field}' is not yes/no (Có/Không)",
       "'{text}' ở chỉ tiêu '{field}' không phải Có/Không")
define("S211", W, "note beside the number ignored",
       "'{text}' for '{field}': read {read}, the text after the number was ignored",
       "'{text}' ở chỉ tiêu '{field}': đọc được {read}, phần chữ sau số bị bỏ qua")

# S3xx: rules across the fields of one submission
# S301 is an error for a required field and a warning for an optional one.
define("S301", E, "missing field", "Field '{field}' has no value",
       "Chỉ tiêu '{field}' chưa có số liệu")
define("S302", E, "constraint violated",
       "{left} ({left_value}) {op} {right}, but the rule is {rule}",
       "{left} ({left_value}) {op} {right}, trái quy định {rule}")
define("S303", W, "value outside plausible range",
       "{read} for '{field}' is outside the plausible range {low}–{high}; please check",
       "{read} ở chỉ tiêu '{field}' nằm ngoài khoảng hợp lý {low}–{high}; hãy kiểm tra lại")

# S14x: gathering files from the paths given (chiso.submissions.files)
define("S140", E, "not a regular file",
       "This is a {kind}, not a file: it was not opened (only regular files are read)",
       "Đây là {kind_vi}, không phải tệp thông thường: không được mở (chỉ đọc tệp thông thường)")
define("S141", W, "folder reached again through a link",
       "This folder is '{other}', already searched (a link leads back to it); it was not searched "
       "again",
       "Thư mục này chính là '{other}', đã được tìm (một liên kết dẫn trở lại); không tìm lại lần nữa")
define("S142", INFO, "same file reached by two paths",
       "This is the same file as '{other}' (a link or a second path to it); it was read once, as "
       "'{other}'",
       "Đây chính là tệp '{other}' (một liên kết hoặc đường dẫn khác tới nó); tệp chỉ được đọc một "
       "lần, theo '{other}'")

# S15x: self-assessment forms (points with evidence)
define("S150", W, "points without evidence",
       "'{field}': {points} points self-assessed without evidence (tài liệu kiểm chứng): "
       "programme '{programme}' requires it; write the document number and date, or a link",
       "'{field}': tự đánh giá {points} điểm nhưng chưa ghi tài liệu kiểm chứng, chương trình "
       "'{programme}' yêu cầu; hãy ghi số, ngày văn bản hoặc đường dẫn")
define("S151", W, "no evidence column",
       "'{field}': {points} points self-assessed, but the sheet has no evidence column "
       "('Tài liệu kiểm chứng') and programme '{programme}' requires evidence",
       "'{field}': tự đánh giá {points} điểm nhưng trang tính không có cột 'Tài liệu kiểm chứng', "
       "chương trình '{programme}' yêu cầu tài liệu kiểm chứng")
define("S152", E, "points above the maximum",
       "'{field}': {points} points, above the maximum of {max} (goal '{goal}'); it counts as {max} "
       "until corrected",
       "'{field}': {points} điểm, vượt điểm tối đa {max} (mục tiêu '{goal}'); chỉ được tính {max} "
       "điểm cho đến khi sửa")
