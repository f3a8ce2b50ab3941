"""Finding a report inside a sheet: which cells hold which fields, for which unit and period.

Pure functions over :class:`~chiso.submissions.workbook.Sheet`. Two layouts are
recognised, whoever made the sheet:

* **vertical** (one unit): one row per field, identified by the field's code or
  label in some column; the values sit in one column to the right, found by its
  header (``Giá trị``, ``Số liệu``, ``Value`` …) or, failing that, as the column
  holding the most numbers in the field rows.
* **horizontal** (consolidated): a header row (or two, e.g. labels over codes,
  possibly merged) naming several fields, one row per unit below, the unit given
  by its code or name in one column.
* **columns** (consolidated, transposed): one row per field and one column per
  unit, the units named in the header row above the fields.

A vertical sheet's value column is never a plan or target column
(``Kế hoạch 2024``); with one column per period the expected period's is read,
and with several and none expected nothing is guessed. The reader then takes
the period the heading states (``Kỳ báo cáo: 2024`` or a title above the column
headings): a period stated in the heading wins over column headings.

The signature block every Vietnamese report ends with (``Người lập biểu``,
``Thủ trưởng đơn vị``, ``KT. CHỦ TỊCH``, ``Phú Thọ, ngày 10 tháng 01 năm 2024``,
``(Ký, ghi rõ họ tên)``) is never a unit: a consolidated sheet's rows from the
first such row on are not read unless they hold a number.

Labels, unit names and periods are matched by :mod:`chiso.submissions.matching`
(folded texts, at most :data:`~chiso.submissions.matching.MAX_LABEL_CHARS`
characters). Texts are shown in findings clipped to 200 characters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from chiso.catalogue.model import FieldKind
from chiso.submissions.matching import (
    FieldIndex,
    UnitIndex,
    find_period,
    key,
    parse_period,
    short_text,
)
from chiso.submissions.template import CODE_COL, HEADER_ROW, TITLES, VALUE_COL
from chiso.submissions.values import display
from chiso.submissions.workbook import MAX_MERGED_RANGE, Cell, Sheet, column_letter
from chiso.units.model import Unit
from chiso.vnnumbers import fold, parse_value

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")

_VALUE_HEADERS = ("gia tri", "so lieu", "value", "ket qua", "thuc hien", "so luong")
_UNIT_LABEL = re.compile(
    r"^(ma don vi|ma dvhc|don vi bao cao|ten don vi|don vi|co quan bao cao|co quan|"
    r"unit code|unit)\s*(?::|$)\s*(.*)$"
)
_PERIOD_LABEL = re.compile(
    r"^(ky bao cao|ky|nam bao cao|reporting period|period)\s*(?::|$)\s*(.*)$"
)
_UNIT_HEADERS = {"ma don vi", "ma dvhc", "ma", "don vi", "ten don vi", "unit", "unit code", "code",
                 "co quan", "ten co quan"}
_PLAN = re.compile(r"\b(ke hoach|muc tieu|chi tieu giao|target|plan)\b")
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong|toan tinh|total|sum)\b")
# The signature block at the foot of a report (folded text): who signs, for whom,
# where and when. Only rows holding no number are taken for it.
_SIGNATURE = re.compile(
    r"^\(?(nguoi lap|nguoi ky|thu truong|kt\.?\s|tm\.?\s|q\.\s|chu tich|pho chu tich|"
    r"giam doc|pho giam doc|xac nhan|noi nhan|ky ten|ky,|ky va|ky ghi ro)"
    r"|\bngay\s*\S{0,4}\s*thang\s*\S{0,4}\s*nam\b"
)


@dataclass(frozen=True)
class Entry:
    """Where one field's value is (or should be) for one unit."""

    field: str
    sheet: str
    row: int
    col: int
    cell: Cell | None  # None when the input cell is empty

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"


@dataclass
class Block:
    """What one sheet reports for one unit (vertical: the whole sheet; horizontal: one row)."""

    sheet: str
    entries: list[Entry]
    unit: Unit | None = None  # set for horizontal rows
    unit_cell: str | None = None


@dataclass
class RowIssue:
    """A consolidated row that could not be read: unknown unit, no unit, total row."""

    code: str
    sheet: str
    cell: str
    text: str
    suggestion_pool: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    """A unit or period stated in a sheet: the value, or the text that did not match."""

    value: str | None
    text: str
    cell: str
    sharing: tuple[str, ...] = ()  # a unit name several units bear: their codes
    conflict: tuple[str, ...] = ()  # labels in one heading naming different units


@dataclass
class SheetLayout:
    kind: str  # "vertical" | "horizontal" | "none"
    blocks: list[Block]
    issues: list[RowIssue]
    first_row: int = 0  # first field row (vertical) or first data row (horizontal)
    code_cells: list[Cell] = field(default_factory=list)  # identifier-like cells in the code line
    column_period: Found | None = None  # the period named by the value column's header
    period_choices: list[str] = field(default_factory=list)  # one column per period, none chosen
    period_row: int = 0  # the row of those column headings (the heading is above it)


def filled_texts(sheet: Sheet, *, columns_only: bool = False) -> dict[tuple[int, int], str]:
    """Text of every cell, with each merged range's top-left text copied over the range.

    ``columns_only`` copies only down merged columns (a header merged over two
    rows), not across (a title merged over the whole table).
    """
    texts = {pos: c.value for pos, c in sheet.cells.items() if short_text(c.value)}
    for r1, c1, r2, c2 in sheet.merged:
        top = texts.get((r1, c1))
        area = (r2 - r1 + 1) * (c2 - c1 + 1)
        if top is None or area > MAX_MERGED_RANGE or (columns_only and c2 > c1):
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                texts.setdefault((r, c), top)
    return texts


def template_layout(sheet: Sheet, fields: FieldIndex) -> SheetLayout | None:
    """The layout of chiso's own per-unit report sheet, read at the cells it was written to.

    Detecting a layout folds and matches every text of the sheet: a quarter of
    the time a template takes to read, seconds for a country. A sheet still
    exactly as the template wrote it needs none of that. None — and the caller
    detects the layout as for any sheet — unless the code and value columns
    have their titles in the header row and the code column holds nothing but
    distinct field codes of the catalogue, one a row, from the row under the
    header on: a row added, moved or emptied, a code edited or unknown, or an
    older template goes the long way, with the findings it gives.
    """
    code_title, value_title = sheet.get(HEADER_ROW, CODE_COL), sheet.get(HEADER_ROW, VALUE_COL)
    if (code_title is None or code_title.value != TITLES[CODE_COL - 1]
            or value_title is None or value_title.value != TITLES[VALUE_COL - 1]):
        return None
    codes = {row: cell.value for (row, col), cell in sheet.cells.items()
             if col == CODE_COL and row > HEADER_ROW and not cell.blank}
    rows = sorted(codes)
    if not rows or rows != list(range(HEADER_ROW + 1, HEADER_ROW + 1 + len(rows))):
        return None
    ids = [codes[row] for row in rows]
    if (any(not short_text(i) or fields.codes.get(i.lower()) != i for i in ids)
            or len(set(ids)) != len(ids)):
        return None
    entries = [Entry(str(i), sheet.name, row, VALUE_COL, sheet.get(row, VALUE_COL))
               for row, i in zip(rows, ids, strict=True)]
    return SheetLayout("vertical", [Block(sheet.name, entries)], [], rows[0])


def detect(
    sheet: Sheet, fields: FieldIndex, units: UnitIndex, expected: str | None = None
) -> SheetLayout:
    """The layout of a sheet and the blocks of values it holds.

    ``expected`` (a period) picks the value column when a vertical sheet has one
    column per period.
    """
    texts = filled_texts(sheet)
    matches: dict[int, dict[int, tuple[str, bool]]] = {}
    for (row, col), text in texts.items():
        found = fields.match(text)
        if found is not None:
            matches.setdefault(row, {})[col] = found
    if not matches:
        return SheetLayout("none", [], [])
    distinct = {row: len({f for f, _ in cols.values()}) for row, cols in matches.items()}
    vertical_rows = [row for row, n in distinct.items() if n == 1]
    widest = max(distinct.values())
    if widest >= 2 and widest > len(vertical_rows):
        return _horizontal(sheet, texts, matches, distinct, units)
    for row, n in distinct.items():
        # A row whose code and label disagree (a row copied and half edited): the code,
        # being exact, names the field.
        by_code = {f for f, exact in matches[row].values() if exact}
        if n == 2 and len(by_code) == 1:
            matches[row] = {c: m for c, m in matches[row].items() if m[1]}
            vertical_rows.append(row)
    rows = sorted(vertical_rows)
    # Texts with merged headers copied down (not across): both layouts below read them.
    headers = filled_texts(sheet, columns_only=True)
    by_unit = _unit_columns(sheet, matches, rows, units, headers)
    if by_unit is not None:
        return by_unit
    return _vertical(sheet, matches, rows, expected, headers)


def _unit_columns(
    sheet: Sheet, matches: dict[int, dict[int, tuple[str, bool]]], rows: list[int],
    units: UnitIndex, texts: dict[tuple[int, int], str],
) -> SheetLayout | None:
    """Fields down, units across ('Chỉ tiêu | Xã A | Xã B'): one block per unit column.

    None unless the header row above the fields names at least one unit. Other
    columns holding numbers under a header that is not a unit are reported as
    unknown units (or totals), so no column of numbers is dropped unsaid.
    """
    first = rows[0]
    label_col = max(max(matches[row]) for row in rows)
    for header in range(first - 1, max(first - 6, 0), -1):
        cells: dict[int, object] = {c: t for (r, c), t in texts.items()
                                    if r == header and c > label_col}
        cells.update({c: cell.value for (r, c), cell in sheet.cells.items()
                      if r == header and c > label_col and cell.value not in (None, "")})
        found = {c: units.match(value) for c, value in cells.items()}
        if not any(found.values()):
            if cells:
                return None  # the nearest header row is an ordinary one
            continue
        blocks: list[Block] = []
        issues: list[RowIssue] = []
        field_rows = set(rows)
        with_numbers = {c for (r, c), cell in sheet.cells.items()
                        if r in field_rows and c > label_col and cell.kind == "n"}
        for col in sorted(set(cells) | with_numbers):
            ref = f"{column_letter(col)}{header}"
            unit = found.get(col)
            if unit is not None:
                entries = [Entry(next(iter(matches[row].values()))[0], sheet.name, row, col,
                                 sheet.get(row, col)) for row in rows]
                blocks.append(Block(sheet.name, entries, unit, ref))
            elif col in with_numbers:
                text = display(cells.get(col, ""), 200)
                if _TOTAL.match(key(text)):
                    issues.append(RowIssue("S116", sheet.name, ref, text))
                else:
                    issues.append(RowIssue("S101", sheet.name, ref, text or "(no header)",
                                           units.candidates()))
        return SheetLayout("columns", blocks, issues, first)
    return None


def _vertical(
    sheet: Sheet,
    matches: dict[int, dict[int, tuple[str, bool]]],
    rows: list[int],
    expected: str | None,
    headers: dict[tuple[int, int], str],
) -> SheetLayout:
    label_col = {row: max(matches[row]) for row in rows}
    first = rows[0]
    headed, plans = _value_columns_by_header(headers, first, min(label_col.values()))
    by_period = [(col, found) for col, found in headed if found is not None]
    column_period: Found | None = None
    if by_period:
        # One column per period ("Năm 2023 | Năm 2024"): take the expected period's
        # column; with several and none expected, choosing would be a guess.
        chosen = [(c, f) for c, f in by_period if f.value == expected] or (
            by_period if len({f.value for _, f in by_period}) == 1 else [])
        if not chosen:
            periods = sorted({f.value or "" for _, f in by_period})
            header_row = int("".join(ch for ch in by_period[0][1].cell if ch.isdigit()))
            return SheetLayout("vertical", [], [], first, period_choices=periods,
                               period_row=header_row)
        value_col, column_period = chosen[0]
    elif headed:
        value_col = headed[0][0]
    else:
        value_col = _value_column_by_content(sheet, rows, label_col, matches, plans)
    entries = []
    for row in rows:
        field_id = next(iter(matches[row].values()))[0]
        entries.append(Entry(field_id, sheet.name, row, value_col, sheet.get(row, value_col)))
    code_col = Counter(
        col for row in rows for col, (_, by_code) in matches[row].items() if by_code
    ).most_common(1)
    code_cells: list[Cell] = []
    if code_col:
        col = code_col[0][0]
        code_cells = [
            c for (r, cc), c in sorted(sheet.cells.items())
            if cc == col and r >= first and short_text(c.value)
            and _IDENTIFIER.match(str(c.value).strip()) and r not in matches
        ]
    return SheetLayout("vertical", [Block(sheet.name, entries)], [], first, code_cells,
                       column_period=column_period)


def _value_columns_by_header(
    texts: dict[tuple[int, int], str], first_row: int, label_col: int
) -> tuple[list[tuple[int, Found | None]], set[int]]:
    """Columns right of the labels whose header says value ('Giá trị', …) or names a period,
    and the columns headed as plans or targets ('Kế hoạch 2024'), which never hold the value.

    Only the nearest header row (up to five rows above the first field) counts.
    """
    for row in range(first_row - 1, max(first_row - 6, 0), -1):
        found: list[tuple[int, Found | None]] = []
        plans: set[int] = set()
        for col in sorted(c for (r, c) in texts if r == row and c > label_col):
            text = texts[(row, col)]
            if _PLAN.search(key(text)):
                plans.add(col)
                continue
            period = parse_period(text)
            if period is not None:
                found.append((col, Found(period, text, f"{column_letter(col)}{row}")))
            elif any(key(text).startswith(h) for h in _VALUE_HEADERS):
                found.append((col, None))
        if found or plans:
            return found, plans
    return [], set()


def _value_column_by_content(
    sheet: Sheet, rows: list[int], label_col: dict[int, int],
    matches: dict[int, dict[int, tuple[str, bool]]], excluded: set[int],
) -> int:
    numbers: Counter[int] = Counter()
    filled: Counter[int] = Counter()
    for (row, col), cell in sheet.cells.items():
        if (row not in label_col or col <= label_col[row] or col in matches[row]
                or col in excluded):
            continue
        filled[col] += 1
        if cell.kind in ("n", "b") or cell.has_formula or (
            short_text(cell.value)
            and parse_value(cell.value, FieldKind.COUNT).value is not None
        ):
            numbers[col] += 1
    if numbers:
        best = max(numbers.values())
        return min(col for col, n in numbers.items() if n == best)
    if filled:
        return min(filled)
    return max(label_col.values()) + 1


def _horizontal(
    sheet: Sheet,
    texts: dict[tuple[int, int], str],
    matches: dict[int, dict[int, tuple[str, bool]]],
    distinct: dict[int, int],
    units: UnitIndex,
) -> SheetLayout:
    header_rows = sorted(row for row, n in distinct.items() if n >= 2)
    columns: dict[int, str] = {}
    for row in header_rows:  # a lower header row (e.g. codes under labels) wins
        for col, (field_id, _) in matches[row].items():
            columns[col] = field_id
    last_header = header_rows[-1]
    data_rows = sorted({r for (r, _) in sheet.cells if r > last_header})
    unit_col = _unit_column(sheet, texts, data_rows, set(columns), header_rows, units)
    issues: list[RowIssue] = []
    blocks: list[Block] = []
    if unit_col is None:
        issues.append(RowIssue("S102", sheet.name, f"A{last_header}", "no unit column"))
        return SheetLayout("horizontal", [], issues, last_header + 1)
    code_cells = [
        c for (r, col), c in sorted(sheet.cells.items())
        if r == last_header and col not in columns and short_text(c.value)
        and _IDENTIFIER.match(str(c.value).strip())
    ]
    by_row: dict[int, list[Cell]] = {}
    for (r, _), cell in sheet.cells.items():
        if r > last_header:
            by_row.setdefault(r, []).append(cell)
    footer = False
    for row in data_rows:
        cells = by_row.get(row, [])
        numbers = any(cell.kind == "n" for cell in cells)
        if not footer and not numbers and _signature_row(cells):
            footer = True
        if footer and not numbers:
            continue  # the signature block: names, titles, place and date
        entries = [Entry(f, sheet.name, row, col, sheet.get(row, col)) for col, f in sorted(
            columns.items())]
        unit_cell = sheet.get(row, unit_col)
        ref = f"{column_letter(unit_col)}{row}"
        unit_value = None if unit_cell is None else unit_cell.value
        has_values = any(e.cell is not None and not e.cell.blank for e in entries)
        if unit_value is None or (isinstance(unit_value, str) and not unit_value.strip()):
            if has_values:
                reason = f"row {row} has values but no unit"
                issues.append(RowIssue("S102", sheet.name, ref, reason))
            continue
        if not has_values:
            continue  # a unit listed with nothing filled in has not reported in this file
        unit = units.match(unit_value)
        text = display(unit_value, 200)
        if unit is None:
            if _TOTAL.match(key(text)):
                issues.append(RowIssue("S116", sheet.name, ref, text))
            else:
                sharing = units.sharing(unit_value)
                if sharing:
                    reason = f"'{text}' is the name of {len(sharing)} units ({', '.join(sharing)})"
                    issues.append(RowIssue("S102", sheet.name, ref, reason))
                else:
                    issues.append(RowIssue("S101", sheet.name, ref, text, units.candidates()))
            continue
        blocks.append(Block(sheet.name, entries, unit, ref))
    return SheetLayout("horizontal", blocks, issues, last_header + 1, code_cells)


def _signature_row(cells: Iterable[Cell]) -> bool:
    """A row with a text of the signature block ('Người lập biểu', 'KT. CHỦ TỊCH', a date)."""
    return any(short_text(c.value) and _SIGNATURE.search(fold(c.value)) for c in cells)


def _unit_column(
    sheet: Sheet, texts: dict[tuple[int, int], str], data_rows: list[int],
    field_cols: set[int], header_rows: list[int], units: UnitIndex,
) -> int | None:
    hits: Counter[int] = Counter()
    rows = set(data_rows)
    for (row, col), cell in sheet.cells.items():
        if col not in field_cols and row in rows and units.match(cell.value) is not None:
            hits[col] += 1
    if hits:
        best = max(hits.values())
        return min(col for col, n in hits.items() if n == best)
    for row in header_rows:
        for (r, col), text in sorted(texts.items()):
            if r == row and col not in field_cols and key(text) in _UNIT_HEADERS:
                return col
    return None


def sheet_unit(sheet: Sheet, units: UnitIndex, before_row: int) -> Found | None:
    """The unit a sheet names in 'Mã đơn vị:' / 'Đơn vị:' cells above its table.

    A heading often names the unit twice, 'Đơn vị: UBND xã Hòa Bình' and on the
    next row 'Mã đơn vị: 09742': every label is read, so a commune name that
    several communes share is settled by the code beside it. Labels naming two
    different units are a conflict (``Found.conflict``), not a choice.
    """
    stated: list[Found] = []
    for (row, col), cell in sorted(sheet.cells.items()):
        if row >= before_row or not short_text(cell.value):
            continue
        m = _UNIT_LABEL.match(fold(cell.value))
        if not m:
            continue
        value: object = _rest(cell.value) if m.group(2) else _right_of(sheet, row, col)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        unit = units.match(value)
        stated.append(Found(unit.code if unit else None, display(value, 200), cell.ref,
                            tuple(units.sharing(value))))
    named = [f for f in stated if f.value is not None]
    codes = sorted({f.value for f in named if f.value is not None})
    if len(codes) > 1:
        first = named[0]
        return Found(None, first.text, first.cell, conflict=tuple(
            f"'{f.text}' ({f.cell}) → {f.value}" for f in named))
    if named:
        return named[0]
    return stated[0] if stated else None


def sheet_period(sheet: Sheet, before_row: int) -> tuple[Found | None, list[str]]:
    """The period a sheet states: a 'Kỳ báo cáo:' cell, else a title such as 'Năm 2024'.

    Returns the period found (or None) and, when titles mention several
    periods, their texts (so the caller can say why it did not choose).
    """
    titles: dict[str, Found] = {}
    for (row, col), cell in sorted(sheet.cells.items()):
        if row >= before_row or not short_text(cell.value):
            continue
        folded = fold(cell.value)
        m = _PERIOD_LABEL.match(folded)
        if m:
            value: object = _rest(cell.value) if m.group(2) else _right_of(sheet, row, col)
            text = display(value, 200) if value is not None else ""
            period = parse_period(text)
            if text.strip():
                return Found(period, text, cell.ref), []
            continue
        period = find_period(folded)
        if period is not None:
            titles.setdefault(period, Found(period, cell.value, cell.ref))
    if len(titles) == 1:
        return next(iter(titles.values())), []
    return None, sorted(titles)


def _rest(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else ""


def _right_of(sheet: Sheet, row: int, col: int) -> object:
    for c in range(col + 1, col + 6):
        cell = sheet.get(row, c)
        if cell is not None and cell.value not in (None, ""):
            return cell.value
    return None
