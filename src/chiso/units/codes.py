"""Finding codes for the units file (U…). Stable: never renumber or reuse a code."""

from chiso.findings import Severity, define

E, W = Severity.ERROR, Severity.WARNING

define("U001", E, "units file not readable", "Cannot read the units file: {reason}",
       "Không đọc được tệp danh sách đơn vị: {reason}")
define("U002", E, "missing column", "The units file has no '{column}' column (columns: {columns})",
       "Tệp danh sách đơn vị thiếu cột '{column}' (các cột: {columns})")
define("U003", E, "duplicate unit code", "Unit code '{code}' appears again (first on line {first})",
       "Mã đơn vị '{code}' bị trùng (lần đầu ở dòng {first})")
define("U004", E, "unknown parent", "Parent '{parent}' of unit '{code}' is not in the units file",
       "Đơn vị cha '{parent}' của đơn vị '{code}' không có trong danh sách")
define("U005", E, "unknown level", "Unit '{code}' has level '{level}', which the catalogue does not declare ({levels})",
       "Đơn vị '{code}' có cấp '{level}' không được khai báo trong danh mục ({levels})")
define("U006", E, "cycle in hierarchy", "Units are their own ancestors: {cycle}",
       "Các đơn vị tạo thành vòng lặp cấp trên: {cycle}")
define("U007", E, "empty value", "Unit on this line has an empty '{column}'",
       "Đơn vị ở dòng này để trống '{column}'")
define("U008", E, "no units", "The units file lists no units", "Tệp danh sách đơn vị không có đơn vị nào")
define("U009", W, "several roots", "The hierarchy has {count} top-level units ({codes}); expected one province",
       "Cây đơn vị có {count} đơn vị cấp cao nhất ({codes}); cần đúng một tỉnh")
define("U010", E, "unknown column", "Unknown column '{column}' in the units file",
       "Cột không hợp lệ '{column}' trong tệp danh sách đơn vị")
define("U011", E, "invalid validity period",
       "'{text}' in '{column}' is not a period (expected 2025, 2025-Q3 or 2025-07)",
       "'{text}' ở cột '{column}' không phải là kỳ báo cáo (cần dạng 2025, 2025-Q3 hoặc 2025-07)")
define("U012", E, "overlapping validity",
       "Unit '{code}' is in force {validity} on this line and {other_validity} on line {other}; "
       "a code can have one row per period",
       "Đơn vị '{code}' có hiệu lực {validity} ở dòng này và {other_validity} ở dòng {other}; "
       "mỗi kỳ một mã đơn vị chỉ được có một dòng")
define("U013", E, "validity ends before it starts",
       "Unit '{code}' is in force to {valid_to}, before it is in force from {valid_from}",
       "Đơn vị '{code}' hết hiệu lực ({valid_to}) trước khi bắt đầu có hiệu lực ({valid_from})")
define("U014", E, "parent not in force",
       "Parent '{parent}' of unit '{code}' is not in force for all of {validity} "
       "(the parent: {parent_validity})",
       "Đơn vị cha '{parent}' của đơn vị '{code}' không có hiệu lực trong suốt thời gian {validity} "
       "(đơn vị cha: {parent_validity})")
define("U015", E, "unit code unusable",
       "Unit code '{code}' {reason}: the unit was not loaded. A code also names the unit's "
       "template file, so it has no path separator or control character, does not start with "
       "'.' or '-', and is at most 64 characters",
       "Mã đơn vị '{code}' {reason_vi}: đơn vị không được nạp. Mã còn dùng để đặt tên tệp biểu "
       "mẫu của đơn vị, nên không chứa dấu phân cách thư mục hay ký tự điều khiển, không bắt đầu "
       "bằng '.' hoặc '-', và dài tối đa 64 ký tự")
define("U016", E, "aliases expand too far",
       "Alias '*{anchor}' brings the values repeated by aliases to {added:,}, over the limit of "
       "{limit:,}: aliases of aliases multiply; the file was not read",
       "Bí danh '*{anchor}' làm số giá trị lặp lại qua bí danh lên {added:,}, vượt giới hạn "
       "{limit:,}: bí danh lồng bí danh nhân lên rất nhanh; tệp không được đọc")
define("U017", W, "control characters in a name",
       "'{column}' holds control characters ('{text}'); they were removed (they would reach "
       "terminals and templates as commands, not text)",
       "Cột '{column}' chứa ký tự điều khiển ('{text}'); các ký tự này đã được bỏ đi (chúng sẽ tới "
       "màn hình và biểu mẫu như lệnh, không phải chữ)")
