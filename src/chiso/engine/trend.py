"""How one unit's series is judged against one goal: the progress methods.

The pure arithmetic behind :mod:`chiso.engine.progress`: given the observed points
(fractional years and values), a baseline, a target and a deadline, :func:`assess_series`
returns a status and every figure behind it. No DataFrames, no catalogue lookups.

Methods (x₀ baseline at t₀, xₜ latest value at t, target x* at deadline T)
    ``eurostat`` — the Statistics Canada adaptation of the Eurostat method, as
    integrated in Open SDG (open-sdg/open-sdg, ``docs/progress-methodology.md``,
    "Indicators with quantitative targets"): observed CAGR
    ``(xₜ/x₀)^(1/(t−t₀)) − 1``, required CAGR ``(x*/x₀)^(1/(T−t₀)) − 1`` and
    ``R = observed / required``. The sign of the required rate is the desired
    direction (Open SDG's ``d · CAGRᵢ / |CAGR_T|``), so lower-is-better goals need
    no special case. Open SDG has five categories; chiso has four, mapped so:

    ==================  ===================================  ==============
    R                   Open SDG category                    chiso status
    ==================  ===================================  ==============
    target met          Target achieved                      ``achieved``
    R ≥ 0.95            On track                             ``on_track``
    0.60 ≤ R < 0.95     Progress made but acceleration       ``at_risk``
                        needed
    0 ≤ R < 0.60        Limited progress                     ``off_track``
    R < 0               Deterioration                        ``off_track``
    ==================  ===================================  ==============

    "Limited progress" becomes ``off_track`` because at under 60 % of the
    required pace the target is out of reach without a change of course — the
    same judgement UNSD calls stagnation. The ``note`` keeps the finer category
    (``limited_progress`` or ``deterioration``) so nothing is lost.

    ``unsd`` — the UN Statistics Division's projected-value method (SDG Progress
    Chart technical note): project the latest value to the deadline at the
    observed CAGR, ``x̂ = xₜ (1 + CAGR)^(T−t)``, and take
    ``P = (x̂ − x₀)/(x* − x₀)``: ``P ≥ 0.95`` on track, ``0.10 ≤ P < 0.95``
    acceleration needed (``at_risk``), ``P < 0.10`` stagnation or regression
    (``off_track``) — https://unstats.un.org/sdgs/files/report/2023/
    Progress_Chart_Technical_Note_2023.pdf, as applied e.g. by EUSTAT
    (EUSTAT-DES/site, ``_pages/en/metodologia.md``). That note also counts a
    value within 1 point of a 0 % or 100 % target as achieved; chiso does not,
    so ``achieved`` always agrees with ``met`` in the compliance frame.

    ``linear`` — observed against required absolute change per year:
    ``(xₜ − x₀)/(t − t₀)`` against ``(x* − x₀)/(T − t₀)``; the ratio is judged with
    the eurostat thresholds. Projections extend the straight line.

Where growth rates break down
    A CAGR needs x₀, xₜ and x* all positive, and on a percent KPI (a 0–1 fraction)
    it is meaningless next to the bounds: growth compounding toward 100 % must
    overshoot, and a target of 0 % has no finite rate. Open SDG then substitutes
    0.001 for a zero, which makes the verdict depend on an arbitrary constant; chiso
    instead falls back to the linear method and records why in ``fallback``
    (``non_positive_value`` or ``percent_near_bound``, the latter when x₀ or x* is
    within :data:`PERCENT_BOUND_MARGIN` of 0 or 1). The fallback keeps the
    declared method's thresholds: for ``unsd`` this is exact, because a straight-
    line projection gives ``P = observed slope / required slope``.

Projected percent values are clipped to [0, 1].

Ahead of schedule
    ``actual_progress = (xₜ − x₀)/(x* − x₀)`` (share of the distance covered) and
    ``expected_progress = (t − t₀)/(T − t₀)`` (share of the time used); the goal is
    ahead when actual ≥ expected. A goal achieved by its deadline is ahead.

At and after the deadline
    A goal whose latest value is in the deadline period or later (the period ends
    at or after the deadline's end: ``2025``, ``2025-Q4`` and ``2025-12`` are all
    in the period of a ``2025`` deadline, ``2025-Q3`` and ``2025-11`` are not) is
    judged by that value alone: ``achieved`` if it meets the target, else
    ``not_achieved`` (note ``deadline_passed``, ``ahead_of_schedule`` False) —
    even with a single value and no baseline. ``on_track``, ``at_risk`` and
    ``off_track`` say where a trend will lead by the deadline, so once it has
    come they are no longer possible, and no rate or projection is given. A
    value from after the deadline that meets the target is ``achieved`` but not
    ahead of schedule. The catalogue checks reject a deadline not after its
    baseline (K209); the engine, given one anyway, judges it as passed.

Special cases, each with its ``note``: the baseline already met the target
but the latest value no longer does (``regressed_from_target``, off track);
observed and required rates that cannot be compared (a rate that overflows, a
required rate of 0 on a strict comparison) are ``rate_undefined``, not
assessable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from chiso.catalogue.model import Comparison, ProgressMethod
from chiso.engine.targets import equals
from chiso.engine.targets import meets_one as meets

PERCENT_BOUND_MARGIN = 0.01
"""On percent KPIs a baseline or target within this of 0 or 1 (one percentage
point) makes compound growth meaningless; progress is then judged linearly."""

EUROSTAT_ON_TRACK = 0.95
EUROSTAT_ACCELERATION = 0.60
UNSD_ON_TRACK = 0.95
UNSD_ACCELERATION = 0.10


@dataclass(frozen=True)
class Assessment:
    """The status of one goal for one unit and the figures behind it."""

    status: str
    indicator: float = math.nan
    observed_rate: float = math.nan
    required_rate: float = math.nan
    projected_value: float = math.nan
    actual_progress: float = math.nan
    expected_progress: float = math.nan
    ahead_of_schedule: bool | None = None
    n_points: int = 0
    fallback: str | None = None
    note: str | None = None


# --- small pure functions on one series -------------------------------------------


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``; NaN on overflow."""
    try:
        return float((end / start) ** (1.0 / years) - 1.0)
    except (OverflowError, ZeroDivisionError):
        return math.nan


def compound(value: float, rate: float, years: float) -> float:
    """``value`` grown at ``rate`` a year for ``years``; ±inf when that overflows."""
    try:
        return float(value * (1.0 + rate) ** years)
    except OverflowError:
        return math.copysign(math.inf, value)


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0 or either is not finite."""
    if denominator == 0 or not (math.isfinite(numerator) and math.isfinite(denominator)):
        return math.nan
    return numerator / denominator


def linear_rate(start: float, end: float, years: float) -> float:
    """Absolute change per year from ``start`` to ``end`` over ``years``."""
    return (end - start) / years


def growth_breakdown(baseline: float, latest: float, target: float, *, percent: bool) -> str | None:
    """Why compound growth cannot judge this series (a ``fallback`` key), or None."""
    if baseline <= 0 or latest <= 0 or target <= 0:
        return "non_positive_value"
    if percent:
        lo, hi = PERCENT_BOUND_MARGIN, 1.0 - PERCENT_BOUND_MARGIN
        if not (lo < baseline < hi and lo < target < hi):
            return "percent_near_bound"
    return None


def ratio_status(ratio: float) -> tuple[str, str | None]:
    """Status and note for an observed/required ratio (eurostat and linear methods)."""
    if ratio >= EUROSTAT_ON_TRACK:
        return "on_track", None
    if ratio >= EUROSTAT_ACCELERATION:
        return "at_risk", "acceleration_needed"
    if ratio >= 0:
        return "off_track", "limited_progress"
    return "off_track", "deterioration"


def unsd_status(p: float) -> tuple[str, str | None]:
    """Status and note for the UNSD projected share of the distance ``P``."""
    if p >= UNSD_ON_TRACK:
        return "on_track", None
    if p >= UNSD_ACCELERATION:
        return "at_risk", "acceleration_needed"
    return "off_track", "stagnation_or_regression"


def clip_percent(value: float, *, percent: bool) -> float:
    return min(max(value, 0.0), 1.0) if percent else value


def schedule(
    baseline: float, latest: float, target: float, t0: float, t: float, deadline: float
) -> tuple[float, float]:
    """(actual_progress, expected_progress): share of the distance covered and of the time used."""
    actual = (latest - baseline) / (target - baseline) if target != baseline else math.nan
    expected = (t - t0) / (deadline - t0) if deadline != t0 else math.nan
    return actual, expected


def assess_series(
    times: Sequence[float],
    values: Sequence[float],
    *,
    target: float,
    comparison: Comparison | str,
    deadline: float,
    method: ProgressMethod | str = ProgressMethod.EUROSTAT,
    baseline: tuple[float, float] | None = None,
    percent: bool = False,
) -> Assessment:
    """Judge one unit's series of one KPI against one goal.

    ``times``/``values`` are the observed points (fractional years, NaN values are
    ignored); ``baseline`` is a declared ``(time, value)`` or None to use the
    earliest observation. See the module documentation for the methods.
    """
    method = ProgressMethod(method)
    points = sorted(
        (float(t), float(v)) for t, v in zip(times, values, strict=True) if not math.isnan(v)
    )
    if not points:
        return Assessment("not_assessable", note="no_value")
    if baseline is not None:
        t0, x0 = float(baseline[0]), float(baseline[1])
        later = [(t, v) for t, v in points if t > t0]
        n_points = 1 + len(later)
    else:
        (t0, x0), n_points = points[0], len(points)
    t, xt = points[-1]
    two_points = n_points >= 2

    actual, expected = (
        schedule(x0, xt, target, t0, t, deadline) if two_points else (math.nan, math.nan)
    )
    if meets(xt, target, comparison):
        return Assessment(
            "achieved",
            actual_progress=actual,
            expected_progress=expected,
            ahead_of_schedule=t <= deadline,
            n_points=n_points,
        )
    if t >= deadline:  # the deadline period is reached: the value alone decides
        return Assessment(
            "not_achieved",
            actual_progress=actual,
            expected_progress=expected,
            ahead_of_schedule=False,
            n_points=n_points,
            note="deadline_passed",
        )
    if not two_points:
        return Assessment("not_assessable", n_points=n_points, note="too_few_points")
    ahead = bool(actual >= expected) if not (math.isnan(actual) or math.isnan(expected)) else None
    if meets(x0, target, comparison) or equals(x0, target):
        return Assessment(
            "off_track",
            actual_progress=actual,
            expected_progress=expected,
            ahead_of_schedule=ahead,
            n_points=n_points,
            note="regressed_from_target",
        )

    fallback = None
    if method is not ProgressMethod.LINEAR:
        fallback = growth_breakdown(x0, xt, target, percent=percent)
    if method is ProgressMethod.LINEAR or fallback is not None:
        observed = linear_rate(x0, xt, t - t0)
        required = linear_rate(x0, target, deadline - t0)
        projected = clip_percent(xt + observed * (deadline - t), percent=percent)
        indicator = _ratio(observed, required)
    else:
        observed = cagr(x0, xt, t - t0)
        required = cagr(x0, target, deadline - t0)
        projected = clip_percent(compound(xt, observed, deadline - t), percent=percent)
        if method is ProgressMethod.EUROSTAT:
            indicator = _ratio(observed, required)
        else:
            indicator = _ratio(projected - x0, target - x0)

    status: str
    note: str | None
    if not math.isfinite(indicator):
        status, note = "not_assessable", "rate_undefined"
    elif method is ProgressMethod.UNSD:
        status, note = unsd_status(indicator)
    else:
        status, note = ratio_status(indicator)
    return Assessment(
        status,
        indicator=indicator,
        observed_rate=observed,
        required_rate=required,
        projected_value=projected,
        actual_progress=actual,
        expected_progress=expected,
        ahead_of_schedule=ahead,
        n_points=n_points,
        fallback=fallback,
        note=note,
    )


__all__ = [
    "PERCENT_BOUND_MARGIN",
    "Assessment",
    "assess_series",
    "cagr",
    "compound",
    "growth_breakdown",
    "linear_rate",
    "ratio_status",
    "unsd_status",
]
