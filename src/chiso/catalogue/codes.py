"""Finding codes for KPI files (K…). Stable: never renumber or reuse a code."""

from chiso.findings import Severity, define

E, W = Severity.ERROR, Severity.WARNING

# K0xx: reading files
define("K001", E, "YAML syntax error", "Invalid YAML: {reason}", "YAML không hợp lệ: {reason}")
define("K002", E, "file not readable", "Cannot read the file: {reason}", "Không đọc được tệp: {reason}")
define("K003", E, "not a mapping", "A KPI file must be a mapping with keys such as fields, kpis, programmes",
       "Tệp chỉ số phải là một ánh xạ với các khóa như fields, kpis, programmes")
define("K004", E, "no KPI files", "No KPI files (*.yaml, *.yml) found in {path}",
       "Không tìm thấy tệp chỉ số (*.yaml, *.yml) trong {path}")
define("K005", E, "no catalogue info", "No file declares the 'catalogue' section (id, name, version)",
       "Không tệp nào khai báo mục 'catalogue' (id, name, version)")
define("K006", E, "catalogue declared twice", "The 'catalogue' section is declared again (first in {other})",
       "Mục 'catalogue' được khai báo lại (lần đầu trong {other})")
define("K007", E, "duplicate key", "Key '{key}' appears twice in the same mapping",
       "Khóa '{key}' xuất hiện hai lần trong cùng một ánh xạ")
define("K008", E, "aliases expand too far",
       "Alias '*{anchor}' brings the values repeated by aliases to {added:,}, over the limit of "
       "{limit:,}: aliases of aliases multiply; the file was not read. Write the values out, or "
       "use fewer levels of aliases",
       "Bí danh '*{anchor}' làm số giá trị lặp lại qua bí danh lên {added:,}, vượt giới hạn "
       "{limit:,}: bí danh lồng bí danh nhân lên rất nhanh; tệp không được đọc. Hãy viết trực "
       "tiếp các giá trị, hoặc bớt tầng bí danh")

# K1xx: schema (one object at a time)
define("K101", E, "unknown key", "Unknown key '{key}' in {where}", "Khóa không hợp lệ '{key}' trong {where}")
define("K102", E, "missing key", "Missing required key '{key}' in {where}", "Thiếu khóa bắt buộc '{key}' trong {where}")
define("K103", E, "invalid value", "Invalid value for '{key}': {reason}", "Giá trị không hợp lệ cho '{key}': {reason}")
define("K104", E, "invalid object", "Invalid {where}: {reason}", "{where} không hợp lệ: {reason}")

# K2xx: references and consistency across objects and files
define("K201", E, "duplicate id", "Duplicate {kind} id '{id}' (first defined at {other})",
       "Mã {kind} '{id}' bị trùng (đã khai báo tại {other})")
define("K202", E, "unknown name in formula", "Unknown field or KPI '{name}' in {key}",
       "Chỉ tiêu hoặc chỉ số '{name}' không tồn tại trong {key}")
define("K203", E, "unknown KPI", "Unknown KPI '{name}'", "Chỉ số '{name}' không tồn tại")
define("K204", E, "unknown group", "Unknown group '{name}'", "Nhóm (trụ cột) '{name}' không tồn tại")
define("K205", E, "unknown field", "Unknown field '{name}'", "Chỉ tiêu báo cáo '{name}' không tồn tại")
define("K206", E, "unknown level", "Unknown unit level '{name}' (levels: {levels})",
       "Cấp đơn vị '{name}' không tồn tại (các cấp: {levels})")
define("K207", E, "cycle in derived KPIs", "Derived KPIs refer to each other in a cycle: {cycle}",
       "Các chỉ số dẫn xuất tham chiếu vòng tròn: {cycle}")
define("K208", E, "percent target out of range",
       "Target {value} for a percent KPI is outside 0–1: percentages are fractions (write {hint})",
       "Mục tiêu {value} cho chỉ số phần trăm nằm ngoài 0–1: tỷ lệ ghi dạng phân số (hãy ghi {hint})")
define("K209", E, "deadline before baseline", "Deadline {deadline} is not after the baseline period {baseline}",
       "Hạn {deadline} không sau kỳ gốc {baseline}")
define("K210", E, "negative weight", "Weight of '{name}' is negative ({value})", "Trọng số của '{name}' âm ({value})")
define("K211", E, "weights do not sum as declared", "Weights add up to {total}, but weights_total is {declared}",
       "Tổng trọng số là {total}, nhưng weights_total khai báo là {declared}")
define("K212", E, "impossible target", "Target {value} can never be met: {reason}",
       "Mục tiêu {value} không thể đạt được: {reason}")
define("K213", W, "deadline outside horizon", "Deadline {deadline} is outside the programme horizon {start}–{end}",
       "Hạn {deadline} nằm ngoài giai đoạn của chương trình {start}–{end}")
define("K214", E, "constraint on unknown field", "Constraint refers to unknown field '{name}'",
       "Ràng buộc tham chiếu chỉ tiêu không tồn tại '{name}'")
define("K215", W, "percent KPI is not a fraction",
       "KPI '{id}' has unit percent but its formula is not a ratio of like quantities",
       "Chỉ số '{id}' có đơn vị phần trăm nhưng công thức không phải tỷ lệ")
define("K216", W, "field never used", "Field '{id}' is not used by any KPI", "Chỉ tiêu '{id}' không được chỉ số nào sử dụng")
define("K217", E, "goalposts invalid", "Goalposts for '{name}' must be two different numbers (low, high)",
       "Ngưỡng chuẩn hóa của '{name}' phải là hai số khác nhau (thấp, cao)")
define("K218", E, "weight for unknown goal", "Weight given for '{name}', which is not a goal or KPI of this programme",
       "Trọng số cho '{name}', không phải mục tiêu hay chỉ số của chương trình")

# K3xx: the formula language
define("K301", E, "formula syntax error", "Formula does not parse: {reason}", "Công thức sai cú pháp: {reason}")
define("K302", E, "not allowed in a formula",
       "Not allowed in a formula: {what} (only numbers, names, + - * /, parentheses, min, max, abs, if, previous)",
       "Không được phép trong công thức: {what} (chỉ số, tên, + - * /, ngoặc, min, max, abs, if, previous)")
define("K303", E, "unknown function", "Unknown function '{name}' (allowed: {allowed})",
       "Hàm không hợp lệ '{name}' (được phép: {allowed})")
define("K304", E, "wrong number of arguments", "Function '{name}' takes {expected} arguments, got {got}",
       "Hàm '{name}' cần {expected} đối số, nhận {got}")
define("K219", E, "percent baseline out of range",
       "Baseline {value} for a percent KPI is outside 0–1: percentages are fractions (write {hint})",
       "Giá trị gốc {value} cho chỉ số phần trăm nằm ngoài 0–1: tỷ lệ ghi dạng phân số (hãy ghi {hint})")
define("K220", E, "horizon ends before it starts", "Programme horizon {start}–{end} ends before it starts",
       "Giai đoạn của chương trình {start}–{end} kết thúc trước khi bắt đầu")
define("K221", E, "percent field summed on roll-up", "KPI '{id}' takes the {kind} field '{field}' and rolls up by sum: a parent would get a sum of percentages; use rollup: mean or weighted_mean, or a ratio of counts", "Chỉ số '{id}' lấy chỉ tiêu dạng {kind} '{field}' và tổng hợp bằng phép cộng: cấp trên sẽ nhận tổng các tỷ lệ; hãy dùng rollup: mean hoặc weighted_mean, hoặc tỷ lệ của các số đếm")
define("K223", E, "unknown programme in the order", "Unknown programme '{name}' in catalogue.programmes (the order programmes are shown in)",
       "Đề án/chương trình '{name}' trong catalogue.programmes (thứ tự hiển thị) không tồn tại")
define("K222", W, "goal against the KPI's direction", "Goal '{goal}' asks for '{comparison}' but KPI '{kpi}' says {direction} is better", "Mục tiêu '{goal}' yêu cầu '{comparison}' nhưng chỉ số '{kpi}' quy định giá trị {direction_vi} là tốt hơn")

# K23x–K24x: official indices (points, groups, pillars, bands, previous periods)
define("K230", E, "points goal without a maximum",
       "Goal '{goal}' is scored in points but has no 'points' (its maximum and rule)",
       "Mục tiêu '{goal}' được chấm theo điểm nhưng thiếu 'points' (điểm tối đa và cách tính)")
define("K231", E, "points on a goal not scored in points",
       "Goal '{goal}' gives 'points' but is scored by {method}: set method: points or remove them",
       "Mục tiêu '{goal}' có 'points' nhưng được chấm theo {method}: đặt method: points hoặc bỏ 'points'")
define("K232", E, "points mixed with other methods",
       "Goal '{goal}' is scored by {method} in programme '{programme}' scored by {programme_method}: "
       "in a points programme every goal earns points, and no goal of another programme does",
       "Mục tiêu '{goal}' được chấm theo {method} trong chương trình '{programme}' chấm theo "
       "{programme_method}: chương trình chấm điểm thì mọi mục tiêu đều tính điểm, chương trình khác thì không")
define("K233", E, "step points outside the maximum",
       "A step of goal '{goal}' gives {value} points, outside 0–{max} (the goal's maximum)",
       "Một bậc của mục tiêu '{goal}' cho {value} điểm, ngoài khoảng 0–{max} (điểm tối đa)")
define("K234", E, "step given twice", "Goal '{goal}' has two steps at {at}",
       "Mục tiêu '{goal}' có hai bậc cùng mức {at}")
define("K235", E, "group points do not add up",
       "The goals of group '{group}' have {total} points at most, but group_points says {declared}",
       "Các mục tiêu của nhóm '{group}' có tổng điểm tối đa {total}, nhưng group_points khai báo {declared}")
define("K236", E, "programme points do not add up",
       "The goals have {total} points at most, but points_total says {declared}",
       "Tổng điểm tối đa của các mục tiêu là {total}, nhưng points_total khai báo {declared}")
define("K237", E, "pillar points do not add up",
       "The groups of pillar '{pillar}' have {total} points at most, but its max says {declared}",
       "Các nhóm của trụ cột '{pillar}' có tổng điểm tối đa {total}, nhưng max khai báo {declared}")
define("K238", W, "pillar group without goals",
       "Pillar '{pillar}' counts group '{group}', in which no goal of the programme is",
       "Trụ cột '{pillar}' gồm nhóm '{group}' nhưng chương trình không có mục tiêu nào thuộc nhóm này")
define("K239", E, "band threshold outside 0–1",
       "Band '{band}' starts at {value}: bands are on values 0–1 (score / 100)",
       "Mức xếp loại '{band}' bắt đầu từ {value}: mức xếp loại tính trên giá trị 0–1 (điểm / 100)")
define("K240", E, "band given twice", "Band '{band}' (from {value}) repeats an id or a threshold",
       "Mức xếp loại '{band}' (từ {value}) trùng mã hoặc ngưỡng với mức khác")
define("K241", W, "bands leave low values unrated",
       "The lowest band '{band}' starts at {value}: values below it get no band",
       "Mức xếp loại thấp nhất '{band}' bắt đầu từ {value}: giá trị thấp hơn sẽ không được xếp loại")
define("K242", E, "points formula names a field",
       "The points formula of goal '{goal}' names field '{name}': it may name KPIs only (add a simple KPI on the field)",
       "Công thức tính điểm của mục tiêu '{goal}' dùng chỉ tiêu '{name}': chỉ được dùng chỉ số (hãy thêm một chỉ số đơn trên chỉ tiêu này)")
define("K243", E, "previous() outside a derived expression",
       "previous() in {key}: the period before can be read only in the expression of a derived KPI",
       "previous() trong {key}: chỉ được dùng giá trị kỳ trước trong biểu thức của chỉ số dẫn xuất")
define("K244", E, "points settings without points scoring",
       "'{key}' is given but the programme is scored by {method}, not points",
       "Có '{key}' nhưng chương trình chấm theo {method}, không theo điểm")
define("K246", W, "pillar without a maximum",
       "Pillar '{pillar}' of a points programme declares no max: its points cannot be checked "
       "against its groups' (write max: the official points of the pillar)",
       "Trụ cột '{pillar}' của chương trình chấm theo điểm không khai báo max: không kiểm tra được "
       "tổng điểm của các nhóm (hãy ghi max: điểm tối đa chính thức của trụ cột)")
define("K247", E, "evidence on a goal without self-assessment",
       "Goal '{goal}' requires evidence, but the unit does not self-assess it (no points.reported "
       "or points.self_assessed): there are no self-assessed points to attach evidence to",
       "Mục tiêu '{goal}' yêu cầu tài liệu kiểm chứng nhưng đơn vị không tự đánh giá mục tiêu này "
       "(không có points.reported hay points.self_assessed)")
define("K248", W, "evidence cannot be read",
       "Goal '{goal}' requires evidence, but its self-assessed KPI '{kpi}' is not one field on a form "
       "(FieldDef.form): no template has an evidence column for it",
       "Mục tiêu '{goal}' yêu cầu tài liệu kiểm chứng nhưng chỉ số tự đánh giá '{kpi}' không phải một "
       "chỉ tiêu thuộc biểu mẫu riêng (form): không biểu mẫu nào có cột tài liệu kiểm chứng cho nó")
define("K245", W, "renamed KPI", "KPI '{old}' is now '{new}': the goal is scored on '{new}'; write kpi: {new}",
       "Chỉ số '{old}' nay là '{new}': mục tiêu được tính theo '{new}'; hãy ghi kpi: {new}")

# K270–K279: outputs and the command line (issue 13)
define("K270", Severity.INFO, "follow-on findings left out", "{count} finding(s) about names that {files} may define were left out: fix the YAML error first, then validate again",
       "Đã bỏ qua {count} lỗi về các tên có thể được khai báo trong {files}: hãy sửa lỗi YAML trước rồi kiểm tra lại")
