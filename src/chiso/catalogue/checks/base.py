"""What every catalogue check works on: the placed objects, their index, and locations.

A :class:`Placed` is a validated object and where it was defined; :class:`Index`
holds them by kind and id (reporting ids defined twice, K201); the location
functions turn a key path inside an object into a :class:`~chiso.findings.Location`
— a file position when the object came from YAML, a key path when it was built in
Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from chiso.catalogue.source import KeyPath, Origin, path_text
from chiso.findings import Findings, Location

KIND_PATHS = {"group": "groups", "field": "fields", "kpi": "kpis", "programme": "programmes"}


@dataclass(frozen=True)
class Placed:
    """A validated object and where it was defined (``origin`` is None when built in Python)."""

    kind: str  # "group" | "field" | "kpi" | "programme"
    obj: Any
    origin: Origin | None = None
    index: int = 0  # position in its section, used when there is no origin
    # Ids of this programme's goals that failed validation (already reported):
    # references to them are not reported again.
    broken_goals: frozenset[str] = frozenset()


def key_at(item: Placed, *sub: str | int) -> Location:
    if item.origin is not None:
        return item.origin.key(*sub)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)))


def value_at(item: Placed, *sub: str | int) -> Location:
    if item.origin is not None:
        return item.origin.value(*sub)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)))


def in_scalar(item: Placed, sub: KeyPath, text: str, column: int) -> Location:
    if item.origin is not None:
        return item.origin.in_scalar(sub, text, column)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)), column=column)


def short(location: Location) -> str:
    if location.file:
        return f"{location.file}:{location.line}" if location.line else location.file
    return location.path or "?"


@dataclass
class Index:
    groups: dict[str, Placed]
    fields: dict[str, Placed]
    kpis: dict[str, Placed]
    programmes: dict[str, Placed]
    broken: dict[str, set[str]] = dataclass_field(default_factory=dict)

    def known(self, kind: str) -> set[str]:
        """Ids of ``kind`` that exist, including those that failed validation."""
        table = {"group": self.groups, "field": self.fields, "kpi": self.kpis}[kind]
        return set(table) | self.broken.get(kind, set())

    @classmethod
    def build(cls, placed: Sequence[Placed], findings: Findings) -> Index:
        tables: dict[str, dict[str, Placed]] = {k: {} for k in KIND_PATHS}
        for item in placed:
            table = tables[item.kind]
            first = table.get(item.obj.id)
            if first is not None:
                findings.add(
                    "K201",
                    value_at(item, "id"),
                    subject=item.obj.id,
                    kind=item.kind,
                    id=item.obj.id,
                    other=short(value_at(first, "id")),
                )
                continue
            table[item.obj.id] = item
        # Fields and KPIs share one namespace: formulas name either.
        for kpi_id, kpi in tables["kpi"].items():
            field = tables["field"].get(kpi_id)
            if field is not None:
                findings.add(
                    "K201",
                    value_at(kpi, "id"),
                    subject=kpi_id,
                    kind="field/kpi",
                    id=kpi_id,
                    other=short(value_at(field, "id")),
                )
        return cls(tables["group"], tables["field"], tables["kpi"], tables["programme"])

    def names(self) -> list[str]:
        return [*self.fields, *self.kpis]

    def renamed(self) -> dict[str, str]:
        """Former KPI ids (``former_ids``) → the KPI's id now."""
        return {
            old: kid for kid, item in self.kpis.items() for old in item.obj.former_ids
            if old not in self.kpis
        }
