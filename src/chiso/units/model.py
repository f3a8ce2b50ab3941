"""Administrative units and their hierarchy, taken from data, never from code.

Both shapes work: province → district → commune (before mid-2025) and
province → commune (since), with provincial departments as children of the
province. A unit's level is a plain id (``province``, ``department``,
``district``, ``commune``, …) declared in the catalogue.

History that spans a change of hierarchy is data too. A unit row may say when it
is in force: ``valid_from`` and ``valid_to`` are periods (``2025-07``,
``2025-Q3``, ``2025``), both inclusive, ``None`` meaning open. A code may then
have several rows that do not overlap in time — a commune under its district
until 2025-06 and under the province from 2025-07. Such a :class:`Units` is
*dated*: :meth:`Units.as_of` gives the plain hierarchy in force for a period, and
the dated object itself lists each code once (its latest row) so names, labels
and the file order of every code that ever existed stay at hand.

Time is measured as in :mod:`chiso.periods`, on the ends of periods, in whole
months. A row valid from ``F`` to ``T`` is in force at the instants ``t`` with
``start(F) < t <= end(T)``; a period is governed by the rows in force at its
*end*. So the year 2025, which spans the change of mid-2025, is scored with the
hierarchy of December 2025 (the 2-tier one), 2025-06 and 2025-Q2 with the old
one, and 2025-07 and 2025-Q3 with the new one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from chiso.periods import Period

OPEN = "…"  # how an open end of a validity is written in messages


def _span(period: str | Period) -> tuple[int, int]:
    """:attr:`Period.span` of a period or its text (raises PeriodError for other text)."""
    return (period if isinstance(period, Period) else Period.parse(period)).span


@dataclass(frozen=True)
class Unit:
    code: str  # official code (mã đơn vị hành chính), unique
    name: str  # Vietnamese name
    level: str
    parent: str | None = None  # parent's code; None for the root
    name_en: str | None = None
    aliases: tuple[str, ...] = ()  # other names seen in submissions
    valid_from: str | None = None  # first period in force (inclusive); None: open
    valid_to: str | None = None  # last period in force (inclusive); None: open

    def label(self, lang: str = "vi") -> str:
        return self.name if lang == "vi" or not self.name_en else self.name_en

    @property
    def dated(self) -> bool:
        """The row says when it is in force (either end given)."""
        return self.valid_from is not None or self.valid_to is not None

    @property
    def span(self) -> tuple[float, float]:
        """Months ``(start, end]`` in force (see the module doc); open ends are ±inf."""
        start = -math.inf if self.valid_from is None else _span(self.valid_from)[0]
        end = math.inf if self.valid_to is None else _span(self.valid_to)[1]
        return float(start), float(end)

    @property
    def validity(self) -> str:
        """The validity as people write it: ``2025-07 – …``, ``… – 2025-06``."""
        return f"{self.valid_from or OPEN} – {self.valid_to or OPEN}"

    def in_force(self, period: str | Period) -> bool:
        """Whether the row is in force at the end of ``period``."""
        start, end = self.span
        return start < _span(period)[1] <= end


@dataclass(frozen=True)
class Units:
    """A checked unit hierarchy (the loader reports cycles and unknown parents).

    ``units`` holds one row per code. A *dated* hierarchy (built by :meth:`of`
    from rows of which some say when they are in force) also keeps every row in
    ``history``; ``units`` then holds each code's latest row, in the order codes
    first appear, and :meth:`as_of` gives the hierarchy of a period.
    """

    units: tuple[Unit, ...]
    history: tuple[Unit, ...] = ()
    _by_code: dict[str, Unit] = field(init=False, repr=False, compare=False)
    _children: dict[str | None, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # as_of's answers by end month and by rows in force: periods are few, hierarchies fewer
    _snapshots: dict[object, Units] = field(init=False, repr=False, compare=False)
    _spans: np.ndarray = field(init=False, repr=False, compare=False)  # history × (start, end]

    def __post_init__(self) -> None:
        by_code = {u.code: u for u in self.units}
        children: dict[str | None, list[str]] = {}
        for unit in self.units:
            children.setdefault(unit.parent, []).append(unit.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        object.__setattr__(self, "_snapshots", {})
        spans = np.array([u.span for u in self.history], dtype=float).reshape(-1, 2)
        object.__setattr__(self, "_spans", spans)

    @classmethod
    def of(cls, units: Iterable[Unit]) -> Units:
        """Units from rows; dated when any row says when it is in force (see class doc)."""
        rows = tuple(units)
        if not any(u.dated for u in rows):
            return cls(rows)
        latest: dict[str, Unit] = {}
        for unit in rows:
            held = latest.get(unit.code)
            if held is None or unit.span[1] > held.span[1]:
                latest[unit.code] = unit
        return cls(tuple(latest.values()), history=rows)

    @property
    def dated(self) -> bool:
        """The hierarchy changes over time: use :meth:`as_of` for a period's."""
        return bool(self.history)

    def as_of(self, period: str | Period) -> Units:
        """The plain hierarchy in force at the end of ``period`` (see the module doc).

        Rows in force keep the file order. A plain hierarchy returns itself.
        Periods with the same rows in force give the same object. Raises
        :class:`~chiso.periods.PeriodError` for text that is not a period.
        """
        if not self.history:
            return self
        return self._at_month(_span(period)[1])

    def hierarchies(self) -> list[Units]:
        """Every distinct hierarchy over time, earliest first (``[self]`` when plain)."""
        if not self.history:
            return [self]
        bounds = np.unique(self._spans[np.isfinite(self._spans)])
        # Rows in force only change at the bounds: each bound and one instant past
        # the last stand for every stretch of time.
        instants = [*bounds.tolist(), math.inf]
        found: dict[int, Units] = {}
        for month in instants:
            hierarchy = self._at_month(month)
            if len(hierarchy):
                found.setdefault(id(hierarchy), hierarchy)
        return list(found.values())

    def _at_month(self, month: float) -> Units:
        found = self._snapshots.get(month)
        if found is None:
            starts, ends = self._spans[:, 0], self._spans[:, 1]
            rows = tuple(np.flatnonzero((starts < month) & (month <= ends)).tolist())
            found = self._snapshots.get(rows)
            if found is None:
                found = Units(tuple(self.history[i] for i in rows))
                self._snapshots[rows] = found
            self._snapshots[month] = found
        return found

    def by_hierarchy(self, periods: Iterable[str]) -> list[tuple[Units, list[str]]]:
        """``periods`` grouped by the hierarchy in force for them.

        Groups come in the order of their first period, periods in the order given;
        a plain hierarchy gives one group (none without periods).
        """
        groups: dict[int, tuple[Units, list[str]]] = {}
        for period in periods:
            hierarchy = self.as_of(period)
            groups.setdefault(id(hierarchy), (hierarchy, []))[1].append(period)
        return list(groups.values())

    def rows_of(self, code: str) -> list[Unit]:
        """Every row of ``code`` (several in a dated hierarchy), in file order."""
        rows = self.history or self.units
        return [u for u in rows if u.code == code]

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Unit:
        return self._by_code[code]

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    @property
    def codes(self) -> list[str]:
        return [u.code for u in self.units]

    @property
    def roots(self) -> list[Unit]:
        return [u for u in self.units if u.parent is None or u.parent not in self._by_code]

    def children(self, code: str) -> list[Unit]:
        return [self._by_code[c] for c in self._children.get(code, ())]

    def descendants(self, code: str) -> list[Unit]:
        """All units below ``code``, depth first, in file order."""
        out: list[Unit] = []
        stack = list(reversed(self._children.get(code, ())))
        while stack:
            child = self._by_code[stack.pop()]
            out.append(child)
            stack.extend(reversed(self._children.get(child.code, ())))
        return out

    def ancestors(self, code: str) -> list[Unit]:
        """Parent, grandparent, … up to the root."""
        out: list[Unit] = []
        seen = {code}
        parent = self._by_code[code].parent
        while parent is not None and parent in self._by_code and parent not in seen:
            seen.add(parent)
            out.append(self._by_code[parent])
            parent = self._by_code[parent].parent
        return out

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))

    def at_level(self, level: str) -> list[Unit]:
        return [u for u in self.units if u.level == level]

    @property
    def levels(self) -> list[str]:
        """Levels present, from the top of the hierarchy down.

        In a dated hierarchy a level counts at the depth where it sits deepest, so
        communes stay below districts although they are the second tier since 2025.
        """
        order: dict[str, int] = {}
        for hierarchy in self.hierarchies():
            for level, depth in hierarchy._level_depths().items():
                order[level] = max(order.get(level, depth), depth)
        return sorted(order, key=lambda lvl: (order[lvl], lvl))

    def _level_depths(self) -> dict[str, int]:
        """Each level's smallest depth in this (plain) hierarchy."""
        order: dict[str, int] = {}
        for unit in self.units:
            depth = self.depth(unit.code)
            order[unit.level] = min(order.get(unit.level, depth), depth)
        return order

    def bottom_up(self) -> list[Unit]:
        """Units ordered so every child comes before its parent."""
        return sorted(self.units, key=lambda u: -self.depth(u.code))
