"""Fixtures of the engine tests: unit trees and the scoring catalogue; builders in ``tests.kit``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pytest

from chiso.catalogue.model import Catalogue
from chiso.units.model import Unit, Units
from tests.kit import programme_catalogue, units_of, values_frame


@pytest.fixture
def three_tier() -> Units:
    """Province P with a department, two districts (D1: 2 communes, D2: 1 commune)."""
    return units_of(
        ("P", "province", None),
        ("DEP", "department", "P"),
        ("D1", "district", "P"),
        ("C11", "commune", "D1"),
        ("C12", "commune", "D1"),
        ("D2", "district", "P"),
        ("C21", "commune", "D2"),
    )


@pytest.fixture
def two_tier() -> Units:
    """Province P with a department and three communes directly under it (since 2025)."""
    return units_of(
        ("P", "province", None),
        ("DEP", "department", "P"),
        ("C1", "commune", "P"),
        ("C2", "commune", "P"),
        ("C3", "commune", "P"),
    )


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
    return programme_catalogue


@pytest.fixture
def values_of() -> Callable[[Iterable[tuple[str, str, str, float]]], pd.DataFrame]:
    return values_frame
