"""The value axis of a chart, for the HTML report's SVG and the scorecard's Excel charts.

Fitted to the data with a margin, so 91,9 and 98,2 do not look alike on a 0–100
axis; never above 100 % nor below 0 % on a percent axis, never above the top of a
bounded score.
"""

from __future__ import annotations

from collections.abc import Sequence


def value_range(
    values: Sequence[float | None],
    target: float | None = None,
    *,
    percent: bool = False,
    top: float | None = None,
) -> tuple[float, float]:
    """(low, high) of an axis showing ``values`` and ``target``: their span with 15 % of
    it on each side; within 0–1 for a percent axis (a rate cannot be 105 %), at most
    ``top`` (a score out of 100), and from 0 only when the data come near it."""
    known = [v for v in (*values, target) if v is not None]
    if not known:
        return (0.0, 1.0 if percent else (top or 1.0))
    lo, hi = min(known), max(known)
    span = (hi - lo) or (abs(hi) * 0.1) or 1.0
    lo, hi = lo - span * 0.15, hi + span * 0.15
    ceiling = 1.0 if percent else top
    if ceiling is not None:
        hi = min(hi, ceiling)
    if percent or min(known) >= 0:
        lo = max(lo, 0.0)
    if hi <= lo:
        lo, hi = max(0.0, hi - 0.1), hi + (0.1 if ceiling is None else 0.0)
    return (lo, hi)
