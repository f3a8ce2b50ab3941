"""Finding codes of the upload portal (P…). Stable: never renumber or reuse a code.

They say why the portal did not count an upload that the reader itself could
read (another unit's workbook, a closed period; a workbook of another period is the
reader's S103) or that it did not
read at all (too large). Everything about the workbook's content is the reader's
finding, exactly as ``chiso check`` reports it.
"""

from chiso.findings import Severity, define

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

define("P001", E, "upload too large",
       "The file is {size} bytes, more than the {limit} bytes the portal accepts; it was not read",
       "Tệp có {size} byte, vượt giới hạn {limit} byte của cổng báo cáo; tệp không được đọc")
define("P002", E, "workbook of another unit",
       "This workbook is the report of unit {found}, not of {expected}: it was not counted",
       "Tệp này là báo cáo của đơn vị {found}, không phải của {expected}: không được tính")
define("P003", E, "period closed",
       "Period {period} is closed for reporting; ask the province to reopen it",
       "Kỳ báo cáo {period} đã khóa; hãy đề nghị tỉnh mở lại")
define("P004", E, "several units in one upload",
       "This workbook holds the reports of {count} units ({units}); upload each unit's own "
       "workbook",
       "Tệp này chứa báo cáo của {count} đơn vị ({units}); hãy gửi tệp riêng của từng đơn vị")
define("P005", E, "no report in the upload",
       "No report of {expected} for period {period} was found in this file; it was not counted",
       "Không tìm thấy báo cáo của {expected} kỳ {period} trong tệp này; tệp không được tính")
define("P006", W, "after the deadline",
       "Received after the deadline ({deadline}); it counts, marked late",
       "Nhận sau thời hạn ({deadline}); vẫn được tính nhưng ghi là nộp muộn")
