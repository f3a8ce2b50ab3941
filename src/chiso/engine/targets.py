"""The one rule for "meets the target", used by compliance, progress and every output.

A value meets ``comparison target`` with a tolerance of :data:`TOLERANCE` relative
to the target (absolute for targets under 1): ``tol = 1e-9 × max(1, |target|)``.

==========  =========================
comparison  met when
==========  =========================
``>=``      value ≥ target − tol
``>``       value > target + tol
``<=``      value ≤ target + tol
``<``       value < target − tol
``==``      |value − target| ≤ tol
==========  =========================

So a rate computed as 0.8000000000000002 or 0.7999999999999999 meets ``>= 0.8``,
and neither meets ``> 0.8``: a value indistinguishable from the target is the
target. A missing value (NaN) meets nothing: it is unknown (NA), not False.
Both the vectorised :func:`meets` (compliance) and :func:`meets_one` (progress)
are this rule; a test holds them and the two frames to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from chiso.catalogue.model import Comparison

TOLERANCE = 1e-9


def tolerance(target: np.ndarray | float) -> np.ndarray | float:
    """The absolute tolerance around ``target`` (a float for a float: progress asks one
    value at a time, and numpy scalars cost a country seconds)."""
    if isinstance(target, float):
        return TOLERANCE * max(1.0, abs(target))
    return TOLERANCE * np.maximum(1.0, np.abs(target))


# The rule itself, once: each works on floats and, element-wise, on numpy arrays.
_MET: dict[Comparison, Callable[[Any, Any, Any], Any]] = {
    Comparison.GE: lambda value, target, tol: value >= target - tol,
    Comparison.GT: lambda value, target, tol: value > target + tol,
    Comparison.LE: lambda value, target, tol: value <= target + tol,
    Comparison.LT: lambda value, target, tol: value < target - tol,
    Comparison.EQ: lambda value, target, tol: abs(value - target) <= tol,
}


def meets(
    value: np.ndarray, target: np.ndarray, comparison: Comparison | str
) -> pd.arrays.BooleanArray:
    """Whether each value meets its target; NA where the value is missing."""
    value = np.asarray(value, dtype=float)
    target = np.asarray(target, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):  # a target near the float limit
        result = _MET[Comparison(comparison)](value, target, tolerance(target))
    missing = np.isnan(value)
    return pd.arrays.BooleanArray(
        np.asarray(result, dtype=bool) & ~missing, np.asarray(missing, dtype=bool)
    )


def meets_one(value: float, target: float, comparison: Comparison | str) -> bool:
    """:func:`meets` for one value (False for NaN), in plain floats: progress judges every
    unit's series one at a time, and building arrays for one value cost a country seconds.
    The same rule (:data:`_MET`) and IEEE arithmetic; a test holds the two together."""
    value, target = float(value), float(target)
    if math.isnan(value):
        return False
    return bool(_MET[Comparison(comparison)](value, target, tolerance(target)))


def equals(value: float, target: float) -> bool:
    """``value`` is the target within the tolerance."""
    return abs(value - target) <= float(tolerance(target))
