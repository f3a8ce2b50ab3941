"""Programme checks: periods and horizon, goals and their targets and baselines.

A goal's KPI must exist (K203, K245 for a renamed one), its comparison agree with
the KPI's direction (K222), its targets be possible for the KPI's unit (K208,
K212), its baseline come before its deadline (K209, K219) and its deadline lie in
the programme's horizon (K213, K220). Scoring settings are :mod:`.scoring`,
official points :mod:`.points`.
"""

from __future__ import annotations

import math

from chiso.catalogue.checks.base import Index, Placed, key_at, short, value_at
from chiso.catalogue.checks.points import check_points
from chiso.catalogue.checks.scoring import check_scoring, check_weight
from chiso.catalogue.model import (
    Baseline,
    CatalogueInfo,
    Comparison,
    Direction,
    Goal,
    LevelTarget,
    Measure,
    Programme,
)
from chiso.catalogue.source import KeyPath, path_text
from chiso.findings import Findings, did_you_mean, number_text
from chiso.periods import Period, is_period

# The values each KPI unit can take; a target outside them can never be met.
_UNIT_RANGE = {
    Measure.PERCENT: (0.0, 1.0),
    Measure.YES_NO: (0.0, 1.0),
    Measure.COUNT: (0.0, math.inf),
    Measure.AMOUNT: (0.0, math.inf),
    Measure.PER_100: (0.0, math.inf),
    Measure.NUMBER: (-math.inf, math.inf),
}


def check_programmes(index: Index, info: CatalogueInfo | None, findings: Findings) -> None:
    levels = list(info.levels) if info is not None else None
    for item in index.programmes.values():
        programme: Programme = item.obj
        if not _valid_periods(item, findings):
            continue
        horizon = _horizon(item, findings)
        goal_ids: dict[str, int] = {}
        for g, goal in enumerate(programme.goals):
            if goal.id in goal_ids:
                first = goal_ids[goal.id]
                findings.add(
                    "K201",
                    value_at(item, "goals", g, "id"),
                    subject=goal.id,
                    kind="goal",
                    id=goal.id,
                    other=short(value_at(item, "goals", first, "id")),
                )
            else:
                goal_ids[goal.id] = g
            _check_goal(index, item, g, goal, horizon, levels, findings)
        check_scoring(index, item, findings)
        check_points(index, item, findings)


def _valid_periods(item: Placed, findings: Findings) -> bool:
    """Report deadlines and horizon ends that are not periods (``deadline: 25``).

    The model accepts any integer there (YAML reads ``2025`` as one), so the
    check that it is a year happens here, once, before any period arithmetic.
    """
    programme: Programme = item.obj
    texts: list[tuple[KeyPath, str | int]] = [
        (("horizon", "start"), programme.horizon.start),
        (("horizon", "end"), programme.horizon.end),
    ]
    texts += [(("goals", g, "deadline"), goal.deadline) for g, goal in enumerate(programme.goals)]
    ok = True
    for path, text in texts:
        if not is_period(text):
            ok = False
            findings.add(
                "K103",
                value_at(item, *path),
                subject=programme.id,
                key=path_text(path),
                reason="periods are written 2025, 2025-Q3 or 2025-06",
                raw=str(text),
            )
    return ok


def _horizon(item: Placed, findings: Findings) -> tuple[int, int] | None:
    horizon = item.obj.horizon
    start = Period.parse(horizon.start).span[0]
    end = Period.parse(horizon.end).span[1]
    if end <= start:
        findings.add(
            "K220",
            value_at(item, "horizon", "end"),
            subject=item.obj.id,
            start=horizon.start,
            end=horizon.end,
        )
        return None
    return start, end


def _check_goal(
    index: Index,
    item: Placed,
    g: int,
    goal: Goal,
    horizon: tuple[int, int] | None,
    levels: list[str] | None,
    findings: Findings,
) -> None:
    at: KeyPath = ("goals", g)
    kpi_item = index.kpis.get(goal.kpi)
    current = index.renamed().get(goal.kpi)
    if current is not None:
        findings.add(
            "K245", value_at(item, *at, "kpi"), subject=goal.id, old=goal.kpi, new=current
        )
        kpi_item = index.kpis[current]
    elif goal.kpi not in index.known("kpi"):
        findings.add(
            "K203",
            value_at(item, *at, "kpi"),
            subject=goal.id,
            name=goal.kpi,
            suggestion=did_you_mean(goal.kpi, index.kpis),
        )
    unit = kpi_item.obj.unit if kpi_item is not None else None
    if kpi_item is not None:
        direction = kpi_item.obj.direction
        upward = goal.comparison in (Comparison.GE, Comparison.GT)
        downward = goal.comparison in (Comparison.LE, Comparison.LT)
        if (direction is Direction.HIGHER and downward) or (
            direction is Direction.LOWER and upward
        ):
            findings.add(
                "K222",
                value_at(item, *at, "comparison"),
                subject=goal.id,
                goal=goal.id,
                comparison=goal.comparison.value,
                kpi=goal.kpi,
                direction=direction.value,
                direction_vi="cao hơn" if direction is Direction.HIGHER else "thấp hơn",
            )

    _check_target(item, (*at, "value"), goal.kpi, unit, goal.comparison, goal.value, findings)
    if goal.baseline is not None:
        _check_baseline(item, (*at, "baseline"), goal, goal.baseline, unit, findings)
    for level, override in goal.by_level.items():
        if levels is not None and level not in levels:
            findings.add(
                "K206",
                key_at(item, *at, "by_level", level),
                subject=goal.id,
                name=level,
                levels=", ".join(levels),
                suggestion=did_you_mean(level, levels),
            )
        if isinstance(override, LevelTarget):
            value_path: KeyPath = (*at, "by_level", level, "value")
            _check_target(
                item, value_path, goal.kpi, unit, goal.comparison, override.value, findings
            )
            if override.baseline is not None:
                path: KeyPath = (*at, "by_level", level, "baseline")
                _check_baseline(item, path, goal, override.baseline, unit, findings)
        else:
            value_path = (*at, "by_level", level)
            _check_target(item, value_path, goal.kpi, unit, goal.comparison, override, findings)

    if horizon is not None:
        end = Period.parse(goal.deadline).span[1]
        if end <= horizon[0] or end > horizon[1]:
            programme = item.obj
            findings.add(
                "K213",
                value_at(item, *at, "deadline"),
                subject=goal.id,
                deadline=goal.deadline,
                start=programme.horizon.start,
                end=programme.horizon.end,
            )
    if goal.weight is not None:
        check_weight(value_at(item, *at, "weight"), goal.id, goal.id, goal.weight, findings)


def _check_target(
    item: Placed,
    path: KeyPath,
    kpi_id: str,
    unit: Measure | None,
    comparison: Comparison,
    value: float,
    findings: Findings,
) -> None:
    if unit is None:
        return
    if not math.isfinite(value):
        findings.add(
            "K212", value_at(item, *path), subject=kpi_id, value=value, reason="not a finite number"
        )
        return
    if unit is Measure.PERCENT and not 0 <= value <= 1:
        hint = number_text(value / 100) if 1 < value <= 100 else "0–1"
        findings.add(
            "K208",
            value_at(item, *path),
            subject=kpi_id,
            value=number_text(value),
            hint=hint,
        )
        return
    low, high = _UNIT_RANGE[unit]
    impossible = {
        Comparison.GE: value > high,
        Comparison.GT: value >= high,
        Comparison.LE: value < low,
        Comparison.LT: value <= low,
        Comparison.EQ: not low <= value <= high,
    }[comparison]
    if impossible:
        findings.add(
            "K212",
            value_at(item, *path),
            subject=kpi_id,
            value=f"{comparison.value} {number_text(value)}",
            reason=f"{kpi_id} ∈ [{number_text(low)}, {number_text(high)}]",
        )


def _check_baseline(
    item: Placed,
    path: KeyPath,
    goal: Goal,
    baseline: Baseline,
    unit: Measure | None,
    findings: Findings,
) -> None:
    if unit is Measure.PERCENT and not 0 <= baseline.value <= 1:
        hint = number_text(baseline.value / 100) if 1 < baseline.value <= 100 else "0–1"
        findings.add(
            "K219",
            value_at(item, *path, "value"),
            subject=goal.kpi,
            value=number_text(baseline.value),
            hint=hint,
        )
    if Period.parse(goal.deadline).end <= Period.parse(baseline.period).end:
        findings.add(
            "K209",
            value_at(item, *path, "period"),
            subject=goal.id,
            deadline=goal.deadline,
            baseline=baseline.period,
        )
