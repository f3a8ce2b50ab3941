"""Small catalogues, unit trees and ``values`` frames built by hand for the engine tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import pytest

from chiso.catalogue.model import (
    Catalogue,
    CatalogueInfo,
    Direction,
    Goal,
    Group,
    Horizon,
    Kpi,
    KpiType,
    Measure,
    Programme,
    ProgressMethod,
    Scoring,
    Text,
)
from chiso.units.model import Unit, Units

VALUE_COLUMNS = [
    "unit",
    "period",
    "kpi",
    "value",
    "reason",
    "origin",
    "children_expected",
    "children_reported",
    "coverage_complete",
]


def text(s: str) -> Text:
    return Text(vi=s, en=s)


def kpi(
    id: str, *, unit: Measure, direction: Direction, group: str, levels: list[str] | None = None
) -> Kpi:
    return Kpi(
        id=id,
        name=text(id),
        type=KpiType.SIMPLE,
        field=id,
        unit=unit,
        direction=direction,
        group=group,
        levels=levels,
    )


KPIS = {
    # percent, higher is better, digital government pillar
    "online_rate": kpi(
        "online_rate", unit=Measure.PERCENT, direction=Direction.HIGHER, group="gov"
    ),
    # days to resolve a dossier: lower is better
    "wait_days": kpi("wait_days", unit=Measure.NUMBER, direction=Direction.LOWER, group="gov"),
    # subscriptions per 100 people, digital society pillar
    "broadband": kpi("broadband", unit=Measure.PER_100, direction=Direction.HIGHER, group="soc"),
    # count of services, only districts report it
    "eservices": kpi(
        "eservices",
        unit=Measure.COUNT,
        direction=Direction.HIGHER,
        group="soc",
        levels=["district"],
    ),
    # share of dossiers still on paper: lower is better
    "paper_rate": kpi("paper_rate", unit=Measure.PERCENT, direction=Direction.LOWER, group="gov"),
}


def make_catalogue(
    goals: Iterable[Goal],
    *,
    method: ProgressMethod = ProgressMethod.EUROSTAT,
    scoring: Scoring | None = None,
    programme_id: str = "resolution",
) -> Catalogue:
    programme = Programme(
        id=programme_id,
        name=text("Resolution 2021-2025"),
        horizon=Horizon(start=2021, end=2025),
        progress_method=method,
        goals=list(goals),
        scoring=scoring or Scoring(),
    )
    return Catalogue(
        info=CatalogueInfo(id="test", name=text("test"), version="1"),
        groups={"gov": Group(id="gov", name=text("gov")), "soc": Group(id="soc", name=text("soc"))},
        fields={},
        kpis=dict(KPIS),
        programmes={programme.id: programme},
    )


def make_values(rows: Iterable[tuple[str, str, str, float]]) -> pd.DataFrame:
    """A ``values`` frame from (unit, period, kpi, value) tuples; NaN means not computable."""
    records: list[dict[str, Any]] = [
        {
            "unit": unit,
            "period": period,
            "kpi": kpi_id,
            "value": float(value),
            "reason": None if value == value else "missing_field:x",
            "origin": "reported",
            "children_expected": 0,
            "children_reported": 0,
            "coverage_complete": True,
        }
        for unit, period, kpi_id, value in rows
    ]
    return pd.DataFrame(records, columns=VALUE_COLUMNS)


@pytest.fixture
def units() -> Units:
    """Province P with districts D1–D3; communes C1, C2 under D1."""
    return Units.of(
        [
            Unit("P", "Tỉnh", "province"),
            Unit("D1", "Huyện 1", "district", "P"),
            Unit("D2", "Huyện 2", "district", "P"),
            Unit("D3", "Huyện 3", "district", "P"),
            Unit("C1", "Xã 1", "commune", "D1"),
            Unit("C2", "Xã 2", "commune", "D1"),
        ]
    )


@pytest.fixture
def districts() -> Units:
    """Three districts and nothing else, for scoring tests."""
    return Units.of(
        [
            Unit("D1", "Huyện 1", "district"),
            Unit("D2", "Huyện 2", "district"),
            Unit("D3", "Huyện 3", "district"),
        ]
    )


@pytest.fixture
def catalogue_of() -> Callable[..., Catalogue]:
    return make_catalogue


@pytest.fixture
def values_of() -> Callable[[Iterable[tuple[str, str, str, float]]], pd.DataFrame]:
    return make_values
