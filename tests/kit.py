"""Builders for small in-memory catalogues, hierarchies and datasets (engine tests).

Imported by the test modules as ``engine_kit`` (conftest puts this folder on the path).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from chiso.catalogue.model import (
    Catalogue,
    CatalogueInfo,
    FieldDef,
    Goal,
    Group,
    Horizon,
    Kpi,
    Programme,
    Text,
)
from chiso.dataset import Dataset
from chiso.units.model import Unit, Units

LEVELS = ["province", "department", "district", "commune"]


def text(label: str) -> Text:
    return Text(vi=label, en=label)


def field(fid: str, kind: str = "count", levels: Sequence[str] | None = None) -> FieldDef:
    return FieldDef(id=fid, label=text(fid), kind=kind, levels=list(levels) if levels else None)


def ratio(kid: str, numerator: str, denominator: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "percent")
    return Kpi(
        id=kid, name=text(kid), type="ratio", numerator=numerator, denominator=denominator,
        direction=kw.pop("direction", "higher"), group="gov", **kw,
    )


def derived(kid: str, expression: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "number")
    return Kpi(
        id=kid, name=text(kid), type="derived", expression=expression,
        direction=kw.pop("direction", "higher"), group="gov", **kw,
    )


def simple(kid: str, field_id: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "count")
    return Kpi(
        id=kid, name=text(kid), type="simple", field=field_id,
        direction=kw.pop("direction", "higher"), group="gov", **kw,
    )


def goal(gid: str, kpi: str, value: float, **kw: Any) -> Goal:
    kw.setdefault("deadline", "2025")
    return Goal(id=gid, kpi=kpi, value=value, **kw)


def programme(pid: str, goals: Iterable[Goal], **kw: Any) -> Programme:
    return Programme(
        id=pid, name=text(pid), horizon=Horizon(start="2021", end="2025"), goals=list(goals), **kw
    )


def catalogue(
    fields: Iterable[FieldDef], kpis: Iterable[Kpi], programmes: Iterable[Programme] = ()
) -> Catalogue:
    return Catalogue(
        info=CatalogueInfo(id="test", name=text("test"), version="1", levels=LEVELS),
        groups={"gov": Group(id="gov", name=text("gov"))},
        fields={f.id: f for f in fields},
        kpis={k.id: k for k in kpis},
        programmes={p.id: p for p in programmes},
    )


def units_of(*rows: tuple[str, str, str | None]) -> Units:
    """Units from (code, level, parent) triples, in the given order."""
    return Units.of(Unit(code=c, name=f"Đơn vị {c}", level=lvl, parent=p) for c, lvl, p in rows)


def wide_of(rows: dict[tuple[str, str], dict[str, float]]) -> pd.DataFrame:
    """A Dataset.wide()-shaped frame from {(unit, period): {field: value}}."""
    return dataset_of(rows).wide()


def dataset_of(rows: dict[tuple[str, str], dict[str, float]]) -> Dataset:
    records = [
        {"unit": u, "period": p, "field": f, "value": v}
        for (u, p), values in rows.items()
        for f, v in values.items()
    ]
    return Dataset.from_records(records)


def value_of(values: pd.DataFrame, unit: str, kpi: str, period: str = "2024") -> pd.Series:
    """The one row of ``values`` for (unit, period, kpi)."""
    rows = values[(values["unit"] == unit) & (values["kpi"] == kpi) & (values["period"] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]
