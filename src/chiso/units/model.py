"""Administrative units and their hierarchy, taken from data, never from code.

Both shapes work: province → district → commune (before mid-2025) and
province → commune (since), with provincial departments as children of the
province. A unit's level is a plain id (``province``, ``department``,
``district``, ``commune``, …) declared in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unit:
    code: str  # official code (mã đơn vị hành chính), unique
    name: str  # Vietnamese name
    level: str
    parent: str | None = None  # parent's code; None for the root
    name_en: str | None = None
    aliases: tuple[str, ...] = ()  # other names seen in submissions

    def label(self, lang: str = "vi") -> str:
        return self.name if lang == "vi" or not self.name_en else self.name_en


@dataclass(frozen=True)
class Units:
    """A checked unit hierarchy (the loader reports cycles and unknown parents)."""

    units: tuple[Unit, ...]
    _by_code: dict[str, Unit] = field(init=False, repr=False, compare=False)
    _children: dict[str | None, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {u.code: u for u in self.units}
        children: dict[str | None, list[str]] = {}
        for unit in self.units:
            children.setdefault(unit.parent, []).append(unit.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    @classmethod
    def of(cls, units: Iterable[Unit]) -> Units:
        return cls(tuple(units))

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
        """Levels present, from the top of the hierarchy down."""
        order: dict[str, int] = {}
        for unit in self.units:
            depth = self.depth(unit.code)
            order[unit.level] = min(order.get(unit.level, depth), depth)
        return sorted(order, key=lambda lvl: (order[lvl], lvl))

    def bottom_up(self) -> list[Unit]:
        """Units ordered so every child comes before its parent."""
        return sorted(self.units, key=lambda u: -self.depth(u.code))
