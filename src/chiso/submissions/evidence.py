"""Evidence (tài liệu kiểm chứng) beside the points of a self-assessment form.

Units report DTI as points with the documents that support them: a document
number and date, a link [official-indices S20, S23, S24]. chiso's form has an
evidence column (:data:`~chiso.submissions.template.EVIDENCE_TITLE`); a unit's
own sheet may call it "Minh chứng" or "Evidence". The column is the one whose
heading, above the first field row, says so; the evidence of a field is the text
in that column on the field's row.

Where the programme requires evidence (``scoring.evidence`` or
``points.evidence``, see :mod:`chiso.catalogue.forms`), points above 0 without it
are a warning at the evidence cell (S150), or at the points' cell when the sheet
has no evidence column at all (S151). Points of 0 claim nothing and need none.
Points above the goal's maximum are an error (S152), unless the field's own
constraints cap it (then S302 says so already).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from chiso.catalogue.forms import FormRow
from chiso.catalogue.model import FieldDef
from chiso.findings import Findings, Location, number_text
from chiso.submissions.layout import Entry
from chiso.submissions.values import constraint
from chiso.submissions.workbook import Sheet, column_letter
from chiso.vnnumbers import fold

EVIDENCE_HEADERS = ("tai lieu kiem chung", "minh chung", "evidence")
MAX_EVIDENCE_CHARS = 2_000  # a longer text is kept clipped: it is a note, not a number


def evidence_column(sheet: Sheet, before_row: int) -> int | None:
    """The column whose heading (above ``before_row``) names the evidence, else None."""
    for (row, col), cell in sorted(sheet.cells.items()):
        if row >= before_row:
            break
        if isinstance(cell.value, str) and len(cell.value) < 80:
            text = fold(cell.value).strip(" :*")
            if text.startswith(EVIDENCE_HEADERS):
                return col
    return None


@dataclass(frozen=True)
class Evidence:
    """The evidence of one entry: its text ("" when blank) and cell (None: no column)."""

    text: str
    cell: str | None


def evidence_of(sheet: Sheet, entry: Entry, column: int | None) -> Evidence:
    if column is None:
        return Evidence("", None)
    cell = sheet.get(entry.row, column)
    value = "" if cell is None or cell.value is None else str(cell.value).strip()
    return Evidence(value[:MAX_EVIDENCE_CHARS], f"{column_letter(column)}{entry.row}")


def check_points(
    values: Mapping[str, tuple[float, Entry]],
    entries: Sequence[Entry],
    rows: Mapping[str, FormRow],
    fields: Mapping[str, FieldDef],
    sheet_of: Callable[[str], Sheet | None],
    at: Callable[[str | None, str | None], Location],
    findings: Findings,
) -> list[tuple[str, str, str, str | None]]:
    """Check each points value of a submission (``values``: field → value and entry read;
    ``rows``: the form rows of points fields): at most its goal's maximum (S152), the
    evidence beside it read, and required where the programme says so (S150/S151).

    Returns the evidence found, as (field, text, sheet, cell).
    """
    found_evidence: list[tuple[str, str, str, str | None]] = []
    columns: dict[str, int | None] = {}
    for field_id, (value, entry) in values.items():
        row = rows.get(field_id)
        sheet = sheet_of(entry.sheet) if row is not None else None
        if row is None or sheet is None:
            continue
        if entry.sheet not in columns:
            first = min(e.row for e in entries if e.sheet == entry.sheet)
            columns[entry.sheet] = evidence_column(sheet, first)
        if value > row.max and not _has_upper_bound(fields[field_id]):
            findings.add("S152", at(entry.sheet, entry.ref), subject=field_id,
                         field=field_id, value=value, points=number_text(value),
                         max=number_text(row.max), goal=row.goal)
        found = evidence_of(sheet, entry, columns[entry.sheet])
        if found.text:
            found_evidence.append((field_id, found.text, entry.sheet, found.cell))
        elif row.evidence and value > 0:
            code = "S150" if found.cell is not None else "S151"
            findings.add(code, at(entry.sheet, found.cell or entry.ref),
                         subject=field_id, field=field_id, value=value,
                         points=number_text(value), programme=row.programme)
    return found_evidence


def _has_upper_bound(definition: FieldDef) -> bool:
    """Whether the field's own constraints cap it at a number (then S302 says it is over)."""
    return any(c.op in ("<=", "<") and isinstance(c.operand, float)
               for c in (constraint(t) for t in definition.constraints))
