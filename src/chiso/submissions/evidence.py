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
"""

from __future__ import annotations

from dataclasses import dataclass

from chiso.submissions.layout import Entry
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
