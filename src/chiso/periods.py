"""Reporting periods: a year (``2024``), a quarter (``2024-Q3``) or a month (``2024-06``).

Periods are compared and measured on one time axis, the fractional year at the
*end* of the period: ``2024`` and ``2024-Q4`` and ``2024-12`` all end at 2024.0,
``2024-Q2`` ends at 2023.5. A deadline "2025" therefore means the end of 2025.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


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
        """Parse ``2024``, ``2024-Q3`` (or ``2024Q3``) or ``2024-06``."""
        value = str(text).strip()
        if m := _YEAR.match(value):
            return cls(int(m.group(1)))
        if m := _QUARTER.match(value):
            return cls(int(m.group(1)), quarter=int(m.group(2)))
        if m := _MONTH.match(value):
            month = int(m.group(2))
            if 1 <= month <= 12:
                return cls(int(m.group(1)), month=month)
        raise PeriodError(f"not a period: {text!r} (expected 2024, 2024-Q3 or 2024-06)")

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


def period_end(text: str | int) -> float:
    """Shorthand for ``Period.parse(text).end``."""
    return Period.parse(text).end


def is_period(text: str | int) -> bool:
    try:
        Period.parse(text)
    except PeriodError:
        return False
    return True
