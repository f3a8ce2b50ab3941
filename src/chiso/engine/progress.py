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

How a series is judged (the eurostat, unsd and linear methods, growth-rate
fallbacks, the deadline rule, special cases) is :mod:`chiso.engine.trend`; this
module builds the ``progress`` frame from it.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from chiso.catalogue.model import (
    Baseline,
    Catalogue,
    Goal,
    Kpi,
    Measure,
    ProgressMethod,
)
from chiso.engine.result import PROGRESS_COLUMNS, PROGRESS_FLOAT_COLUMNS
from chiso.engine.scope import split_by_kpi, units_in_scope
from chiso.engine.trend import assess_series
from chiso.periods import Period
from chiso.units.model import Unit, Units

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



@lru_cache(maxsize=4096)
def _period(text: str | int) -> Period:
    # A national run parses the same few period texts hundreds of thousands of times.
    return Period.parse(text)



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
    for column in ("value", "target", "baseline_value", *PROGRESS_FLOAT_COLUMNS):
        frame[column] = frame[column].astype(float)
    frame["n_points"] = frame["n_points"].astype(int)
    frame["ahead_of_schedule"] = frame["ahead_of_schedule"].astype("boolean")
    for column in ("period", "baseline_period", "fallback", "note", "value_period", "reason"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


__all__ = [
    "PROGRESS_NOTES",
    "assess_progress",
]
