"""Reporting periods: a year (``2024``), a quarter (``2024-Q3``) or a month (``2024-06``).

Periods are also read as people write them on a report (case and accents do not
matter): ``06/2024``, ``tháng 6/2024``, ``T6/2024`` (a month); ``Q3/2024``,
``quý 3/2024``, ``quý III năm 2024`` (a quarter); ``năm 2024`` (a year). A report
"6 tháng đầu năm 2024" (the first half) is read as **2024-Q2**, "9 tháng 2024" as
2024-Q3, "6 tháng cuối năm 2024" as 2024-Q4 and "cả năm 2024" as 2024: chiso judges the state at
the *end* of a period (a rate, a count of accounts), and a half-year report states
it at 30 June, the end of the second quarter. A figure that is a half-year's *flow*
is the province's to split; chiso never guesses one.

Periods are compared and measured on one time axis, the fractional year at the
*end* of the period: ``2024`` and ``2024-Q4`` and ``2024-12`` all end at 2024.0,
``2024-Q2`` ends at 2023.5. A deadline "2025" therefore means the end of 2025.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

# The written forms, matched on folded text (lower case, no accents, single spaces).
_WRITTEN_MONTH = re.compile(
    r"^(?:thang |t)?(\d{1,2}) ?[/.-] ?(\d{4})$|^thang (\d{1,2}) nam (\d{4})$"
)
_WRITTEN_QUARTER = re.compile(
    r"^(?:quy |q ?)(\d|i{1,3}|iv) ?(?:[/.-]|nam) ?(\d{4})$"
)
_WRITTEN_YEAR = re.compile(r"^nam (\d{4})$")
_WRITTEN_MONTHS = re.compile(
    r"^(3|6|9|12) thang(?: (dau|cuoi))?(?: nam)? ?(\d{4})$|^ca nam (\d{4})$"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS = {"year": 12, "quarter": 3, "month": 1}  # a period's length by kind


class PeriodError(ValueError):
    """The text is not a period chiso understands."""


@total_ordering
@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Parse ``2024``, ``2024-Q3`` (or ``2024Q3``), ``2024-06``, or a written form
        (``06/2024``, ``quý 3/2024``, ``Q3/2024``, ``6 tháng đầu năm 2024``: module doc)."""
        value = str(text).strip()
        if m := _YEAR.match(value):
            return cls(int(m.group(1)))
        if m := _QUARTER.match(value):
            return cls(int(m.group(1)), quarter=int(m.group(2)))
        if m := _MONTH.match(value):
            month = int(m.group(2))
            if 1 <= month <= 12:
                return cls(int(m.group(1)), month=month)
        written = _written(value)
        if written is not None:
            return written
        raise PeriodError(
            f"not a period: {text!r} (expected 2024, 2024-Q3, 2024-06, 06/2024, "
            "quý 3/2024 or 6 tháng đầu năm 2024)"
        )

    @property
    def kind(self) -> str:
        if self.quarter is not None:
            return "quarter"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def end(self) -> float:
        """The fractional year at the end of the period (see module doc)."""
        if self.quarter is not None:
            return self.year - 1 + self.quarter / 4
        if self.month is not None:
            return self.year - 1 + self.month / 12
        return float(self.year)

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` of the period in months on the same time axis: ``end`` is
        :attr:`end` × 12 (``2025-06`` and ``2025-Q2`` end at the same month), ``start``
        the end of the period before, so the period covers the months
        ``start < m <= end``. Whole months, so spans compare exactly.
        """
        end = round(self.end * 12)
        return end - _MONTHS[self.kind], end

    def previous(self) -> Period:
        """The period before, of the same kind: ``2025-Q1`` → ``2024-Q4``, ``2025-01`` →
        ``2024-12``, ``2025`` → ``2024``."""
        if self.quarter is not None:
            year, quarter = divmod(self.year * 4 + self.quarter - 2, 4)
            return Period(year, quarter=quarter + 1)
        if self.month is not None:
            year, month = divmod(self.year * 12 + self.month - 2, 12)
            return Period(year, month=month + 1)
        return Period(self.year - 1)

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.end, self.kind) < (other.end, other.kind)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def _written(text: str) -> Period | None:
    """A period in one of the forms people write (module doc), or None."""
    value = _fold(text)
    if m := _WRITTEN_MONTH.match(value):
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if 1 <= int(month) <= 12:
            return Period(int(year), month=int(month))
        return None
    if m := _WRITTEN_QUARTER.match(value):
        number = m.group(1)
        quarter = _ROMAN[number] if number in _ROMAN else int(number)
        return Period(int(m.group(2)), quarter=quarter) if 1 <= quarter <= 4 else None
    if m := _WRITTEN_YEAR.match(value):
        return Period(int(m.group(1)))
    if m := _WRITTEN_MONTHS.match(value):
        if m.group(4):  # "cả năm 2024": the year's report
            return Period(int(m.group(4)))
        months, part = int(m.group(1)), m.group(2)
        if part == "cuoi":  # "6 tháng cuối năm": the months ending in December
            return Period(int(m.group(3)), quarter=4)
        if months == 12:
            return Period(int(m.group(3)))
        return Period(int(m.group(3)), quarter=months // 3)
    return None


def period_end(text: str | int) -> float:
    """Shorthand for ``Period.parse(text).end``."""
    return Period.parse(text).end


def is_period(text: str | int) -> bool:
    try:
        Period.parse(text)
    except PeriodError:
        return False
    return True
