"""Progress toward a goal's deadline: achieved, on track, at risk, off track, not achieved.

For every programme, goal and unit the latest value is compared with the target
(``achieved`` if it already meets it); once the deadline period is reached a value
that does not meet it is ``not_achieved``, and before that the trend from the
baseline to the latest value is judged by the programme's ``progress_method``. Every figure
behind a status is returned, so a reader can redo the arithmetic.

Time is the fractional year at the end of a period (:attr:`Period.end`): from a
2020 baseline to a 2023 value is 3 years, to a "2025" deadline 5 years.

Baseline
    The goal's baseline for the unit's level (:meth:`Goal.baseline_for`) if one is
    declared — observations at or before its period are then ignored — else the
    unit's earliest observed value. A goal needs the baseline and at least one
    later value (``n_points >= 2``); otherwise it is ``not_assessable`` unless the
    latest value already meets the target.

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
from functools import lru_cache

import pandas as pd

from chiso.catalogue.model import (
    Baseline,
    Catalogue,
    Comparison,
    Goal,
    Kpi,
    Measure,
    ProgressMethod,
)
from chiso.engine.targets import equals
from chiso.engine.targets import meets_one as meets
from chiso.periods import Period
from chiso.units.model import Unit, Units

PERCENT_BOUND_MARGIN = 0.01
"""On percent KPIs a baseline or target within this of 0 or 1 (one percentage
point) makes compound growth meaningless; progress is then judged linearly."""

EUROSTAT_ON_TRACK = 0.95
EUROSTAT_ACCELERATION = 0.60
UNSD_ON_TRACK = 0.95
UNSD_ACCELERATION = 0.10

PROGRESS_COLUMNS = [
    "programme",
    "goal",
    "kpi",
    "unit",
    "level",
    "period",
    "value",
    "target",
    "comparison",
    "deadline",
    "baseline_value",
    "baseline_period",
    "method",
    "status",
    "indicator",
    "observed_rate",
    "required_rate",
    "projected_value",
    "actual_progress",
    "expected_progress",
    "ahead_of_schedule",
    "n_points",
    "fallback",
    "note",
    "value_period",
    "reason",
]

# Stable keys of the ``note`` and ``fallback`` columns with their texts, for renderers.
PROGRESS_NOTES: dict[str, dict[str, str]] = {
    "no_value": {"en": "no value reported", "vi": "chưa có số liệu"},
    "latest_missing": {
        "en": "no usable value for the latest period",
        "vi": "kỳ mới nhất chưa có số liệu hợp lệ",
    },
    "too_few_points": {
        "en": "a baseline and at least one later value are needed",
        "vi": "cần giá trị gốc và ít nhất một giá trị sau đó",
    },
    "deadline_passed": {
        "en": "the deadline period is reached and the target is not met",
        "vi": "đã đến kỳ hạn mà chưa đạt mục tiêu",
    },
    "regressed_from_target": {
        "en": "the baseline met the target but the latest value does not",
        "vi": "giá trị gốc đã đạt mục tiêu nhưng giá trị mới nhất không còn đạt",
    },
    "acceleration_needed": {
        "en": "progress made but acceleration needed",
        "vi": "có tiến bộ nhưng cần đẩy nhanh",
    },
    "limited_progress": {"en": "limited progress", "vi": "tiến bộ hạn chế"},
    "deterioration": {"en": "deterioration", "vi": "thụt lùi"},
    "stagnation_or_regression": {
        "en": "stagnation or regression",
        "vi": "đứng yên hoặc thụt lùi",
    },
    "rate_undefined": {
        "en": "the rates are too extreme to compare",
        "vi": "tốc độ thay đổi quá lớn, không so sánh được",
    },
    "non_positive_value": {
        "en": "growth rates need positive baseline, latest and target values: judged linearly",
        "vi": "tốc độ tăng trưởng cần giá trị gốc, mới nhất và mục tiêu dương: đánh giá tuyến tính",
    },
    "percent_near_bound": {
        "en": "baseline or target within 1 point of 0 % or 100 %: judged linearly",
        "vi": "giá trị gốc hoặc mục tiêu cách 0 % hay 100 % chưa tới 1 điểm: đánh giá tuyến tính",
    },
}


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


# --- the progress frame ------------------------------------------------------------


NOT_APPLICABLE = "not_applicable"  # the ``reason`` of values outside a KPI's scope


@lru_cache(maxsize=4096)
def _period(text: str | int) -> Period:
    # A national run parses the same few period texts hundreds of thousands of times.
    return Period.parse(text)


def split_by_kpi(values: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The values frame cut by KPI once, so each goal reads only its KPI's rows.

    Comparing the whole ``kpi`` column for every goal cost ~10 ms a goal on a
    national frame (360k rows); the cut costs that once.
    """
    if values.empty:
        return {}
    return {str(kpi): rows for kpi, rows in values.groupby("kpi", sort=False)}


def units_in_scope(kpi: Kpi, units: Units, values: pd.DataFrame) -> list[Unit]:
    """Units a goal on ``kpi`` is judged for, in the units file's order.

    Those at one of the KPI's ``levels`` (all when unset) and those the values
    frame has a row for that is not ``not_applicable`` — the parents the roll-up
    fills in, such as the province above a commune-level KPI, whose value is the
    one a province-wide goal is about.
    """
    rows = values.loc[values["kpi"] == kpi.id]
    if "reason" in rows:
        rows = rows.loc[rows["reason"].fillna("") != NOT_APPLICABLE]
    rolled = set(rows["unit"].astype(str).unique().tolist())  # unique(): no boxing a row
    return [u for u in units if kpi.levels is None or u.level in kpi.levels or u.code in rolled]


def _series_by_unit(values: pd.DataFrame, kpi_id: str) -> dict[str, list[tuple[str, float, float]]]:
    """(period, time, value) of observed values of one KPI per unit, in time order."""
    rows = values.loc[
        (values["kpi"] == kpi_id) & values["value"].notna(), ["unit", "period", "value"]
    ]
    out: dict[str, list[tuple[str, float, float]]] = {}
    for unit, period, value in zip(  # whole columns: itertuples makes a named tuple a row
        rows["unit"].tolist(), rows["period"].tolist(), rows["value"].tolist(), strict=True
    ):
        out.setdefault(str(unit), []).append((str(period), _period(period).end, float(value)))
    for series in out.values():
        series.sort(key=lambda p: p[1])
    return out


def _latest_period(
    values: pd.DataFrame, kpi_id: str, rows: pd.DataFrame | None = None
) -> str | None:
    """The KPI's latest period, else the frame's (the row of a unit with no value).

    ``rows``: the KPI's rows of ``values`` when the caller has cut them already.
    """
    if rows is None:
        rows = values.loc[values["kpi"] == kpi_id]
    periods = rows["period"].dropna().unique()
    if len(periods) == 0:
        periods = values["period"].dropna().unique()
    if len(periods) == 0:
        return None
    return str(max(periods, key=_period))


def _reasons_at(rows: pd.DataFrame, period: str | None) -> dict[str, str | None]:
    """unit → why the KPI has no value in ``period`` (``missing_field:…``, ``invalid_field:…``)."""
    if period is None or "reason" not in rows:
        return {}
    at = rows.loc[(rows["period"].astype(str) == period) & rows["reason"].notna()]
    return dict(zip(at["unit"].astype(str).tolist(), at["reason"].astype(str).tolist(),
                    strict=True))


def _goal_rows(
    programme_id: str,
    method: ProgressMethod,
    goal: Goal,
    kpi: Kpi,
    scope: list[Unit],
    series_by_unit: dict[str, list[tuple[str, float, float]]],
    fallback_period: str | None,
    reasons: dict[str, str | None] | None = None,
    previous: bool = False,
) -> list[dict[str, object]]:
    """``fallback_period``: the latest period, the one assessed; ``reasons``: why a unit
    has no value then; ``previous``: judge on the last value before it (``fallback:
    previous``) instead of calling the goal not assessable."""
    deadline = _period(goal.deadline).end
    deadline_text = str(_period(goal.deadline))
    rows: list[dict[str, object]] = []
    by_level: dict[str, tuple[Baseline | None, tuple[float, float] | None, float]] = {}
    for unit in scope:
        series = series_by_unit.get(unit.code, [])
        if unit.level not in by_level:  # a goal's baseline and target depend on the level only
            declared = goal.baseline_for(unit.level)
            by_level[unit.level] = (
                declared,
                (_period(declared.period).end, declared.value) if declared else None,
                goal.target_for(unit.level),
            )
        declared, baseline, target = by_level[unit.level]
        reason = (reasons or {}).get(unit.code)
        stale = bool(series) and fallback_period is not None and series[-1][0] != fallback_period
        if stale and not previous:
            series = []  # the latest value is what is judged: none, so not assessable
        result = assess_series(
            [p[1] for p in series],
            [p[2] for p in series],
            target=target,
            comparison=goal.comparison,
            deadline=deadline,
            method=method,
            baseline=baseline,
            percent=kpi.unit is Measure.PERCENT,
        )
        if declared is not None:
            baseline_value, baseline_period = declared.value, str(_period(declared.period))
        elif series:
            baseline_period, baseline_value = series[0][0], series[0][2]
        else:
            baseline_value, baseline_period = math.nan, None
        rows.append(
            {
                "programme": programme_id,
                "goal": goal.id,
                "kpi": kpi.id,
                "unit": unit.code,
                "level": unit.level,
                "period": fallback_period if fallback_period is not None else (
                    series[-1][0] if series else None),
                "value": series[-1][2] if series else math.nan,
                "target": target,
                "comparison": goal.comparison.value,
                "deadline": deadline_text,
                "baseline_value": baseline_value,
                "baseline_period": baseline_period,
                "method": method.value,
                "status": result.status,
                "indicator": result.indicator,
                "observed_rate": result.observed_rate,
                "required_rate": result.required_rate,
                "projected_value": result.projected_value,
                "actual_progress": result.actual_progress,
                "expected_progress": result.expected_progress,
                "ahead_of_schedule": result.ahead_of_schedule,
                "n_points": result.n_points,
                "fallback": result.fallback,
                "note": "latest_missing" if stale and not previous else result.note,
                "value_period": series[-1][0] if series else None,
                "reason": reason,
            }
        )
    return rows


def assess_progress(catalogue: Catalogue, units: Units, values: pd.DataFrame) -> pd.DataFrame:
    """The ``progress`` frame: one row per programme, goal and unit (see ``result.py``).

    Units out of the KPI's scope (:func:`units_in_scope`) get no row; units with no
    value get a ``not_assessable`` row at the KPI's latest period (``value`` NaN).
    """
    rows: list[dict[str, object]] = []
    by_kpi = split_by_kpi(values)
    Cached = tuple[dict[str, list[tuple[str, float, float]]], str | None, list[Unit]]
    cache: dict[str, Cached] = {}
    reasons_by_kpi: dict[str, dict[str, str | None]] = {}
    for programme in catalogue.programmes.values():
        for goal in programme.goals:
            kpi = catalogue.kpis.get(goal.kpi)
            if kpi is None:  # an unknown KPI is the catalogue checks' finding
                continue
            if kpi.id not in cache:
                own = by_kpi.get(kpi.id, values.iloc[:0])
                latest_period = _latest_period(values, kpi.id, own)
                cache[kpi.id] = (
                    _series_by_unit(own, kpi.id),
                    latest_period,
                    units_in_scope(kpi, units, own),
                )
                reasons_by_kpi[kpi.id] = _reasons_at(own, latest_period)
            series_by_unit, latest, scope = cache[kpi.id]
            rows.extend(
                _goal_rows(
                    programme.id,
                    programme.progress_method,
                    goal,
                    kpi,
                    scope,
                    series_by_unit,
                    latest,
                    reasons_by_kpi[kpi.id],
                    programme.fallback == "previous",
                )
            )
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    floats = [
        "value",
        "target",
        "baseline_value",
        "indicator",
        "observed_rate",
        "required_rate",
        "projected_value",
        "actual_progress",
        "expected_progress",
    ]
    for column in floats:
        frame[column] = frame[column].astype(float)
    frame["n_points"] = frame["n_points"].astype(int)
    frame["ahead_of_schedule"] = frame["ahead_of_schedule"].astype("boolean")
    for column in ("period", "baseline_period", "fallback", "note", "value_period", "reason"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


__all__ = [
    "PROGRESS_COLUMNS",
    "PROGRESS_NOTES",
    "Assessment",
    "assess_progress",
    "assess_series",
    "cagr",
    "growth_breakdown",
    "linear_rate",
    "meets",
    "ratio_status",
    "split_by_kpi",
    "units_in_scope",
    "unsd_status",
]
