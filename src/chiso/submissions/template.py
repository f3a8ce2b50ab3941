"""Excel templates units fill in, and a helper that fills them (for tests and examples).

A per-unit workbook has three sheets:

* ``Báo cáo`` — the report: a locked header naming the unit and period, then one
  row per field with its number, code, Vietnamese label and unit of measure, and
  **one input column** (``Giá trị``). Only the input cells are unlocked; they carry
  data validation by kind (whole numbers >= 0, decimals >= 0, 0–100 % shown as %,
  a Có/Không list) and a number format. The header is frozen.
* ``Hướng dẫn`` — instructions in Vietnamese.
* ``_chiso`` — *very hidden* metadata (key / value rows): template format version,
  kind, unit code and name, level, period, catalogue id, version and digest. The
  reader trusts it for the unit and period and compares the catalogue version.

A consolidated workbook (``Tổng hợp``) has one row per unit and one column per
field, with a row of field codes under the labels.

Sheets are protected **without a password** on purpose: protection stops slips
(typing over a label), not people, and an officer who must fix the layout should
not be locked out. The reader never depends on the layout staying intact: it
finds fields by their code or label wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chiso import __version__
from chiso.catalogue.forms import FormRow, form_rows
from chiso.catalogue.model import Catalogue, FieldDef, FieldKind
from chiso.paths import file_part
from chiso.periods import Period
from chiso.staging import Staging, staged
from chiso.units.levels import level_name
from chiso.units.model import Unit, Units
from chiso.vnnumbers import fold

FORMAT_VERSION = 2  # version 1: no STT column, the input column was D
META_SHEET = "_chiso"
REPORT_SHEET = "Báo cáo"
CONSOLIDATED_SHEET = "Tổng hợp"
INSTRUCTIONS_SHEET = "Hướng dẫn"

HEADER_ROW = 6  # per-unit: row of column titles; fields start on the next row
CODE_COL, LABEL_COL, UOM_COL, VALUE_COL, HINT_COL = 2, 3, 4, 5, 6
TITLES = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Hướng dẫn")
# A points form (a DTI self-assessment): the maximum where the unit of measure was
# (every row is in points), the value where it always is, then the evidence (an
# input, tài liệu kiểm chứng) and how the row is scored — the columns of the
# provincial DTI tables [official-indices S20, S23, S24].
MAX_COL, EVIDENCE_COL, HOW_COL = UOM_COL, 6, 7
FORM_TITLES = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Điểm tối đa", "Giá trị",
               "Tài liệu kiểm chứng", "Cách chấm")
EVIDENCE_TITLE = FORM_TITLES[EVIDENCE_COL - 1]
CONS_LABEL_ROW, CONS_CODE_ROW = 4, 5  # consolidated: labels, then field codes
CONS_FIRST_FIELD_COL = 4
# A field label's column is LABEL_WIDTH characters wide; about LABEL_CHARS of a label's
# (proportional) characters fit on one line of it (measured in LibreOffice's PDF).
LABEL_WIDTH, LABEL_CHARS = 56, 66

YES, NO = "Có", "Không"

NUMBER_FORMATS = {
    FieldKind.COUNT: "#,##0",
    FieldKind.AMOUNT: "#,##0.##",
    FieldKind.PERCENT: "0.00%",
    FieldKind.YES_NO: "@",
}
HINTS = {
    FieldKind.COUNT: "Số nguyên ≥ 0, ví dụ 1751",
    FieldKind.AMOUNT: "Số ≥ 0, ví dụ 12400,5",
    FieldKind.PERCENT: "Tỷ lệ 0–100%, ví dụ 98,46%",
    FieldKind.YES_NO: "Chọn Có hoặc Không",
}

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_NA_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)

_INSTRUCTIONS = [
    "HƯỚNG DẪN NHẬP SỐ LIỆU",
    "",
    "1. Chỉ nhập số liệu vào cột 'Giá trị' (ô màu vàng) của trang 'Báo cáo' (hoặc 'Tổng hợp').",
    "   Các ô khác đã được khóa để tránh sửa nhầm tên và mã chỉ tiêu.",
    "2. Số đếm (người, hồ sơ, tài khoản…) nhập số nguyên, không ghi dấu phân cách hàng nghìn:",
    "   ví dụ 1751 (không ghi 1.751).",
    "3. Tỷ lệ nhập dạng phần trăm, ví dụ 98,46%; ô đã định dạng %, chỉ cần gõ 98,46.",
    "4. Câu hỏi Có/Không: chọn Có hoặc Không trong danh sách.",
    "5. Chỉ tiêu chưa có số liệu thì để trống, không ghi 0: ô trống được hiểu là chưa báo cáo.",
    "6. Không thêm, xóa hay đổi tên trang tính; không sửa mã chỉ tiêu (cột 'Mã chỉ tiêu').",
    "7. Nếu dán số liệu từ nơi khác, hãy dán giá trị (Paste Special → Values) để giữ định dạng.",
    "8. Lưu tệp dạng Excel (.xlsx) rồi gửi lại. Kiểm tra trước bằng lệnh: chiso check <tệp>.",
    "",
    "Trang tính được khóa không có mật khẩu: Review → Unprotect Sheet nếu thật sự cần sửa bố cục.",
]
_FORM_INSTRUCTIONS = [
    "HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
    "",
    "1. Nhập số điểm vào cột 'Giá trị' (ô màu vàng) của trang 'Báo cáo', không vượt quá cột",
    "   'Điểm tối đa'. Số lẻ ghi bằng dấu phẩy, ví dụ 8,5.",
    "2. Ghi tài liệu kiểm chứng vào cột 'Tài liệu kiểm chứng' (ô màu vàng): số, ngày văn bản,",
    "   đường dẫn. Điểm có ghi 'bắt buộc ghi tài liệu kiểm chứng' mà để trống sẽ bị cảnh báo.",
    "3. Cột 'Cách chấm' nói cách tính điểm của từng dòng.",
    "4. Dòng chưa chấm thì để trống, không ghi 0.",
    "5. Không thêm, xóa hay đổi tên trang tính; không sửa mã chỉ tiêu (cột 'Mã chỉ tiêu').",
    "6. Lưu tệp dạng Excel (.xlsx) rồi gửi lại. Kiểm tra trước bằng lệnh: chiso check <tệp>.",
    "",
    "Trang tính được khóa không có mật khẩu: Review → Unprotect Sheet nếu thật sự cần sửa bố cục.",
]


def fields_for_level(
    catalogue: Catalogue, level: str, form: str | None = None
) -> list[FieldDef]:
    """The fields a unit of ``level`` reports, in catalogue order."""
    return [
        f for f in catalogue.fields.values()
        if (f.levels is None or level in f.levels) and f.form == form
    ]


def field_label(field: FieldDef) -> str:
    return field.template_label or field.label.vi


def write_templates(
    catalogue: Catalogue,
    units: Units,
    period: str | Period,
    out_dir: str | Path,
    *,
    consolidated: bool = False,
    levels: list[str] | None = None,
    staging: Staging | None = None,
    codes: list[str] | None = None,
    form: str | None = None,
) -> list[Path]:
    """Write one template per unit (and optionally one consolidated workbook).

    Only units in force in the period (see :meth:`Units.as_of`), whose level is
    in ``levels`` (default: every level), whose code is in ``codes`` (default:
    every code) and that report at least one field get a workbook. Returns the
    paths written: one per workbook, each a different file even on a
    case-insensitive file system (see :func:`template_names`). Nothing is in
    place until every workbook is complete (:mod:`chiso.staging`). ``form``
    writes the fields of that form (e.g. a DTI self-assessment, ``FieldDef.form``)
    instead of the regular report; its id ends each file name.
    """
    period_text = str(Period.parse(str(period)))
    units = units.as_of(period_text)  # no templates for abolished districts
    out = Path(out_dir)
    chosen = [
        u for u in units
        if (levels is None or u.level in levels)
        and (codes is None or u.code in codes)
        and fields_for_level(catalogue, u.level, form)
    ]
    names = template_names(chosen, period_text, consolidated=consolidated and bool(chosen))
    if form is not None:
        names = [n.removesuffix(".xlsx") + f"-{file_part(form)}.xlsx" for n in names]
    paths: list[Path] = []
    with staged(staging) as stage:
        for unit, name in zip(chosen, names, strict=False):
            path = out / name
            _saved_as_text(_unit_workbook(catalogue, unit, period_text, form), stage.path(path))
            paths.append(path)
        if len(names) > len(chosen):
            path = out / names[-1]
            _saved_as_text(_consolidated_workbook(catalogue, chosen, period_text),
                           stage.path(path))
            paths.append(path)
    return paths


def template_names(units: Sequence[Unit], period: str, *, consolidated: bool) -> list[str]:
    """File names of the units' templates (then the consolidated one's), all different.

    A unit code is official text, not a file name: :func:`chiso.paths.file_part`
    keeps it inside the folder (``../../x`` → ``x``). Names that would still
    meet, compared as a case-insensitive file system does (``HN-1`` and
    ``hn-1``, or a unit whose code and name spell ``tong-hop``), get ``-2``,
    ``-3`` … so no template overwrites another.
    """
    wanted = [f"{file_part(u.code)}-{_slug(u.name)}-{period}" for u in units]
    if consolidated:
        wanted.append(f"tong-hop-{period}")
    taken: set[str] = set()
    names: list[str] = []
    for stem in wanted:
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        names.append(f"{name}.xlsx")
    return names


def _saved_as_text(wb: Workbook, path: Path) -> None:
    """Save ``wb``, every text cell kept as text.

    openpyxl stores any text starting with "=" as a formula: a unit named
    ``=HYPERLINK("http://…","Bấm vào đây")`` would become a live link in a
    workbook sent to every commune. chiso's templates hold no formula, so any
    cell typed as one is turned back into the text it came from.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    wb.save(path)


def _unit_workbook(
    catalogue: Catalogue, unit: Unit, period: str, form: str | None = None
) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = REPORT_SHEET
    fields = fields_for_level(catalogue, unit.level, form)
    titles, last_col = (FORM_TITLES, HOW_COL) if form is not None else (TITLES, HINT_COL)
    rows_of_form = form_rows(catalogue) if form is not None else {}
    ws["A1"] = "BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ" if form is None else "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM"
    ws["A1"].font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    header = [
        ("Đơn vị:", f"{unit.name} (mã {unit.code})"),
        ("Kỳ báo cáo:", period),
        ("Bộ chỉ số:", f"{catalogue.info.name.vi} — phiên bản {catalogue.version}"),
    ]
    for row, (key, value) in enumerate(header, start=2):
        ws.cell(row, 1, key).font = _BOLD
        ws.cell(row, 2, value)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    validations = _validations(ws)
    for i, field in enumerate(fields, start=1):
        row = HEADER_ROW + i
        ws.cell(row, 1, i)
        ws.cell(row, CODE_COL, field.id)
        ws.cell(row, LABEL_COL, field_label(field)).alignment = Alignment(wrap_text=True)
        lines = -(-len(field_label(field)) // LABEL_CHARS)
        if form is not None:
            lines = max(lines, _form_row(ws, row, field, rows_of_form.get(field.id)))
        else:
            ws.cell(row, UOM_COL, _unit_of_measure(field))
            ws.cell(row, HINT_COL, HINTS[field.kind])
        if lines > 1:  # a wrapped label needs the height: no program measures it on open
            ws.row_dimensions[row].height = 15 * lines
        value = ws.cell(row, VALUE_COL)
        _style_input(value, field.kind)
        validations[field.kind].add(value.coordinate)
        for col in range(1, last_col + 1):
            ws.cell(row, col).border = _BOX
    # Column A holds the header's labels ("Kỳ báo cáo:") as well as STT: wide enough
    # for them; the six columns fit a landscape A4 page at 100 %.
    widths = (13, 26, LABEL_WIDTH, 12, 16, 26) if form is None else (13, 24, 40, 9, 10, 28, 34)
    for width, col in zip(widths, range(1, last_col + 1), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    # A 14 pt title needs a taller row than the default 15 pt, or LibreOffice clips the
    # marks above the capitals ("BÁO CÁO" printed as "BAO CAO").
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[HEADER_ROW].height = 20 if form is None else 32  # "Điểm tối đa" wraps
    last = _signature_block(ws, HEADER_ROW + len(fields) + 2, last_col)
    _print_setup(ws, last, f"{unit.name} — {period}", last_col)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    _drop_unused_validations(ws)
    _protect(ws)
    _instructions(wb, form=form is not None)
    _metadata(wb, catalogue, period, kind="unit", unit=unit)
    return wb


def _form_row(ws: Worksheet, row: int, field: FieldDef, form_row: FormRow | None) -> int:
    """A points form's own cells of one row: maximum, evidence input, how it is scored.

    Returns the lines the row needs for its wrapped texts.
    """
    how = form_row.how_vi() if form_row is not None else HINTS[field.kind]
    if form_row is not None:
        ws.cell(row, MAX_COL, form_row.max).number_format = NUMBER_FORMATS[FieldKind.AMOUNT]
    evidence = ws.cell(row, EVIDENCE_COL)
    evidence.protection = _UNLOCKED
    evidence.fill = _INPUT_FILL
    evidence.number_format = "@"
    evidence.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row, HOW_COL, how).alignment = Alignment(wrap_text=True, vertical="top")
    return -(-len(how) // 40)


def _signature_block(ws: Worksheet, row: int, last_col: int = HINT_COL) -> int:
    """The date and the two signatures under the table; returns the last row used.

    Nothing goes in the code column (B): the reader takes a non-blank B below the
    header for a field row.
    """
    italic, centred = Font(italic=True), Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=UOM_COL, end_row=row, end_column=last_col)
    ws.cell(row, UOM_COL, "…………, ngày …… tháng …… năm ……").font = italic
    ws.cell(row, UOM_COL).alignment = centred
    for col, title, hint in ((LABEL_COL, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
                             (UOM_COL, "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)")):
        for offset, text, font in ((1, title, _BOLD), (2, hint, italic)):
            if col == UOM_COL:
                ws.merge_cells(start_row=row + offset, start_column=UOM_COL,
                               end_row=row + offset, end_column=last_col)
            cell = ws.cell(row + offset, col, text)
            cell.font, cell.alignment = font, centred
    return row + 6  # room to sign


def _print_setup(ws: Worksheet, last_row: int, title: str, last_col: int = HINT_COL) -> None:
    """A4 landscape, one page wide, the column titles on every page, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.center.text = title
    ws.oddHeader.center.size = 9
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9


def _consolidated_workbook(catalogue: Catalogue, units: list[Unit], period: str) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = CONSOLIDATED_SHEET
    levels = {u.level for u in units}
    fields = [
        f for f in catalogue.fields.values()
        if (f.levels is None or levels & set(f.levels)) and f.form is None
    ]
    last_col = CONS_FIRST_FIELD_COL + len(fields) - 1
    ws["A1"] = "TỔNG HỢP SỐ LIỆU CHUYỂN ĐỔI SỐ"
    ws["A1"].font = _TITLE
    ws["A2"], ws["B2"] = "Kỳ báo cáo:", period
    ws["A2"].font = _BOLD
    ws["A3"], ws["B3"] = "Bộ chỉ số:", f"{catalogue.info.name.vi} — phiên bản {catalogue.version}"
    ws["A3"].font = _BOLD
    for col, title in enumerate(["Mã đơn vị", "Tên đơn vị", "Cấp"], start=1):
        ws.cell(CONS_LABEL_ROW, col, title)
        ws.merge_cells(start_row=CONS_LABEL_ROW, start_column=col, end_row=CONS_CODE_ROW,
                       end_column=col)
    for j, field in enumerate(fields):
        col = CONS_FIRST_FIELD_COL + j
        ws.cell(CONS_LABEL_ROW, col, f"{field_label(field)} ({_unit_of_measure(field)})")
        ws.cell(CONS_CODE_ROW, col, field.id)
        ws.column_dimensions[get_column_letter(col)].width = 18
    for row in (CONS_LABEL_ROW, CONS_CODE_ROW):
        for col in range(1, last_col + 1):
            cell = ws.cell(row, col)
            cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    validations = _validations(ws)
    for i, unit in enumerate(units):
        row = CONS_CODE_ROW + 1 + i
        ws.cell(row, 1, unit.code)
        ws.cell(row, 2, unit.name)
        ws.cell(row, 3, level_name(unit.level, "vi"))
        for j, field in enumerate(fields):
            cell = ws.cell(row, CONS_FIRST_FIELD_COL + j)
            cell.border = _BOX
            if field.levels is None or unit.level in field.levels:
                _style_input(cell, field.kind)
                validations[field.kind].add(cell.coordinate)
            else:
                cell.fill = _NA_FILL  # not reported at this level: stays locked
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = ws.cell(CONS_CODE_ROW + 1, CONS_FIRST_FIELD_COL)
    _drop_unused_validations(ws)
    _protect(ws)
    _instructions(wb)
    _metadata(wb, catalogue, period, kind="consolidated", unit=None)
    return wb


def _validations(ws: Worksheet) -> dict[FieldKind, DataValidation]:
    error_title = "Giá trị không hợp lệ"
    made = {
        FieldKind.COUNT: DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0",
            error="Nhập số nguyên ≥ 0, không ghi dấu phân cách hàng nghìn."),
        FieldKind.AMOUNT: DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0",
            error="Nhập một số ≥ 0."),
        FieldKind.PERCENT: DataValidation(
            type="decimal", operator="between", formula1="0", formula2="1",
            error="Nhập tỷ lệ từ 0% đến 100%, ví dụ 98,46%."),
        FieldKind.YES_NO: DataValidation(
            type="list", formula1=f'"{YES},{NO}"', error=f"Chọn {YES} hoặc {NO}."),
    }
    for validation in made.values():
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.errorTitle = error_title
        ws.add_data_validation(validation)
    return made


def _style_input(cell: Any, kind: FieldKind) -> None:
    cell.protection = _UNLOCKED
    cell.fill = _INPUT_FILL
    cell.number_format = NUMBER_FORMATS[kind]


def _unit_of_measure(field: FieldDef) -> str:
    if field.kind is FieldKind.PERCENT:
        return "%"
    if field.kind is FieldKind.YES_NO:
        return f"{YES}/{NO}"
    return field.unit_label.vi if field.unit_label else "số lượng"


def _drop_unused_validations(ws: Worksheet) -> None:
    # A rule with no cells is written as sqref="" and Excel then "repairs" the file.
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation if str(dv.sqref).strip()
    ]


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True  # no password: see the module docstring
    ws.protection.formatColumns = False  # officers may widen columns
    ws.protection.formatRows = False


def _instructions(wb: Workbook, *, form: bool = False) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    for row, line in enumerate(_FORM_INSTRUCTIONS if form else _INSTRUCTIONS, start=1):
        ws.cell(row, 1, line)
    ws["A1"].font = _TITLE
    ws.column_dimensions["A"].width = 100
    _protect(ws)


def _metadata(
    wb: Workbook, catalogue: Catalogue, period: str, *, kind: str, unit: Unit | None
) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows: list[tuple[str, Any]] = [
        ("format_version", FORMAT_VERSION),
        ("kind", kind),
        ("unit_code", unit.code if unit else ""),
        ("unit_name", unit.name if unit else ""),
        ("unit_level", unit.level if unit else ""),
        ("period", period),
        ("catalogue_id", catalogue.info.id),
        ("catalogue_version", catalogue.version),
        ("catalogue_digest", catalogue.digest),
        ("generator", f"chiso {__version__}"),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        ws.cell(row, 1, key)
        # Written as text so a code like "00227" keeps its leading zeros.
        ws.cell(row, 2, str(value))
    ws.sheet_state = "veryHidden"
    _protect(ws)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "don-vi"


def fill_template(
    path: str | Path,
    values: Mapping[str, Any],
    out: str | Path | None = None,
    *,
    evidence: Mapping[str, str] | None = None,
) -> Path:
    """Type values into a chiso template, as an officer would; returns the path saved.

    For a per-unit template ``values`` maps field id → value; for a consolidated
    one it maps unit code → {field id → value}. A value may be a number, a bool
    or any text (``"1.751"``, ``"98,46%"``, ``"Có"``) and is written as given;
    ``None`` clears the cell. ``evidence`` (per-unit forms) maps field id → the
    text of its evidence cell. Unknown field ids or unit codes raise ``KeyError``
    (this is a helper for tests and examples, not a reader).
    """
    wb = load_workbook(path)
    if CONSOLIDATED_SHEET in wb.sheetnames:
        ws = wb[CONSOLIDATED_SHEET]
        columns = _positions(ws, CONS_CODE_ROW, along="row")
        rows = _positions(ws, 1, along="column", start=CONS_CODE_ROW + 1)
        for unit_code, unit_values in values.items():
            for field_id, value in unit_values.items():
                ws.cell(rows[unit_code], columns[field_id], value)
    else:
        ws = wb[REPORT_SHEET]
        rows = _positions(ws, CODE_COL, along="column", start=HEADER_ROW + 1)
        for field_id, value in values.items():
            ws.cell(rows[field_id], VALUE_COL, value)
        for field_id, text in (evidence or {}).items():
            ws.cell(rows[field_id], EVIDENCE_COL, text)
    target = Path(out) if out is not None else Path(path)
    wb.save(target)
    return target


def _positions(ws: Worksheet, index: int, *, along: str, start: int = 1) -> dict[str, int]:
    """Text → row (along a column) or column (along a row) for the cells of one line."""
    found: dict[str, int] = {}
    if along == "column":
        for row in range(start, ws.max_row + 1):
            text = ws.cell(row, index).value
            if text is not None:
                found[str(text)] = row
    else:
        for col in range(1, ws.max_column + 1):
            text = ws.cell(index, col).value
            if text is not None:
                found[str(text)] = col
    return found
