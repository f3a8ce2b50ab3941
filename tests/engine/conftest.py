"""Fixtures of the engine tests; the builders live in ``engine_kit``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# pytest runs in importlib mode, so test modules cannot import this folder's helper
# module unless the folder is on the path.
sys.path.insert(0, str(Path(__file__).parent))

from engine_kit import units_of

from chiso.units.model import Units


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
