"""Official points (``scoring.method: points``), rating bands and pillars.

Points. A goal scored in points has a maximum (``points.max``) and one rule:

``proportional`` (no ``steps`` / ``formula``)
    ``max × min(1, v / x*)`` — ``max × min(1, x* / v)`` when lower is better —
    with ``x*`` the goal's target for the unit's level: the target is where full
    marks start. ``value: 1`` is "rate × max"; ``value: 0.9`` is Decision 766's
    ``min(6, 6 × rate / 0.9)``. It is :func:`~chiso.engine.scoring.attainment_score`
    times the maximum, so a target of 0 gives full marks when met.
``steps``
    a table of ``{at, points}``: the points of the highest ``at`` the value
    reaches (the lowest it stays under when lower is better), else 0 — "họp 4
    lần/năm: 20 điểm; 3 lần: 15; 2: 10; 1: 5; còn lại: 0".
``formula``
    an expression over the unit's KPI values of the period (the formula language
    of :mod:`chiso.formula`), e.g. the 766 payment rule ``6*a + min(2, 2.5*b) +
    2.5*c``.
``reported``
    the KPI's value is the points themselves (a self-assessment, or the
    province's appraisal where it exists).

Every rule's points are clipped to ``[0, max]``: a maximum is a maximum. The goal's
0–100 score is ``100 × points / max``; its weight in the group and programme is
its maximum, so a group's score is ``100 × Σ points / Σ max`` over its goals
with a score, and the programme's ``100 × Σ points / Σ max`` over every goal: for
the DTI, Σ points / 1,000. A goal excluded for missing data takes its maximum out
of the sums with it (``missing: exclude`` renormalises); ``missing: zero`` keeps it.

Rounding. ``scoring.round: n`` rounds the published values — score / 100, 0.8002
for the DTI — of groups, pillars and the programme to ``n`` decimals before they
are ranked, so two provinces equal to the 4th decimal share a rank ("1224").

Bands. ``scoring.bands`` name the value ranges (xuất sắc ≥ 0.9, …): a value gets
the band with the highest ``min`` it reaches; a value below every band, or a
missing one, gets none.

Pillars. ``scoring.pillars`` group the programme's groups; a group may be in
several pillars (the DTI's foundation indices count in the digital-government
pillar and in the others). A pillar's score is ``100 × Σ points / Σ max`` of its
groups for a points programme, else the mean of its groups' scores weighted by
``group_weights``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chiso.catalogue.model import Band, Points, Programme, ScoreMethod
from chiso.engine.ranking import rank_within
from chiso.engine.result import PILLAR_SCORES_COLUMNS
from chiso.formula import evaluate as evaluate_formula
from chiso.formula import parse

FloatArray = np.ndarray



def step_points(value: FloatArray, points: Points, *, higher: bool) -> FloatArray:
    """Points of the step a value reaches (0 below every step; NaN stays NaN)."""
    out = np.zeros_like(value, dtype=float)
    best = np.full_like(value, np.nan, dtype=float)
    for step in points.steps or []:
        reached = value >= step.at if higher else value <= step.at
        better = reached & (np.isnan(best) | ((step.at > best) if higher else (step.at < best)))
        out = np.where(better, step.points, out)
        best = np.where(better, step.at, best)
    return np.where(np.isnan(value), np.nan, out)


def formula_points(points: Points, env: Mapping[str, FloatArray], size: int) -> FloatArray:
    """The rule's formula over the units' KPI values (NaN where an input is missing)."""
    result = np.asarray(evaluate_formula(parse(str(points.formula)), env), dtype=float)
    return np.broadcast_to(result, (size,)).astype(float) if result.ndim == 0 else result


def goal_points(
    points: Points,
    value: FloatArray,
    fraction: FloatArray,
    env: Mapping[str, FloatArray] | None,
    *,
    higher: bool,
) -> FloatArray:
    """Points of one goal, clipped to ``[0, max]``.

    ``fraction`` is the attainment (0–1) used by the proportional rule; ``env``
    holds the KPI columns a formula names.
    """
    rule = points.rule
    if rule == "steps":
        raw = step_points(value, points, higher=higher)
    elif rule == "formula":
        raw = formula_points(points, env or {}, len(value))
    elif rule == "reported":
        raw = value
    else:
        raw = fraction * points.max
    return np.clip(raw, 0.0, points.max)


def is_points(programme: Programme) -> bool:
    return programme.scoring.method is ScoreMethod.POINTS


def rounded(scores: pd.Series, decimals: int | None) -> pd.Series:
    """Scores (0–100) whose values (score / 100) are rounded to ``decimals``."""
    if decimals is None:
        return scores
    return (scores.astype(float) / 100.0).round(decimals) * 100.0


def band_of(scores: pd.Series, bands: list[Band]) -> pd.Series:
    """The band id of each score (0–100), None below every band or when missing."""
    out = np.full(len(scores), None, dtype=object)
    values = scores.to_numpy(dtype=float, na_value=np.nan) / 100.0
    best = np.full(len(scores), np.nan)
    for band in bands:
        # A tolerance of 1e-9 so 0.9 computed as 0.8999999999 is still in the 0.9 band.
        reached = values >= band.min - 1e-9
        better = reached & (np.isnan(best) | (band.min > best))
        out[better] = band.id
        best = np.where(better, band.min, best)
    return pd.Series(out, index=scores.index, dtype=object)


def pillar_scores(programme: Programme, groups: pd.DataFrame) -> pd.DataFrame:
    """One row per (pillar, unit, period) from the programme's group scores."""
    pillars = programme.scoring.pillars
    groups = groups[groups["programme"] == programme.id]
    if not pillars or groups.empty:
        return pd.DataFrame(columns=PILLAR_SCORES_COLUMNS)
    keys = ["unit", "level", "period"]
    parts: list[pd.DataFrame] = []
    for pillar in pillars:
        rows = groups[groups["group"].isin(pillar.groups)]
        if rows.empty:
            continue
        if is_points(programme):
            present = rows["score"].notna()
            sums = (
                rows.assign(
                    _p=np.where(present, rows["points"], 0.0),
                    _m=np.where(present, rows["max_points"], 0.0),
                )
                .groupby(keys, sort=False)[["_p", "_m"]]
                .sum()
                .reset_index()
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                score = np.where(sums["_m"] > 0, 100.0 * sums["_p"] / sums["_m"], np.nan)
            frame = sums[keys].assign(score=score, points=sums["_p"], max_points=sums["_m"])
        else:
            weight = rows["group"].map(
                lambda g: float(programme.scoring.group_weights.get(g, 1.0))
            )
            present = rows["score"].notna()
            sums = (
                rows.assign(
                    _ws=np.where(present, rows["score"] * weight, 0.0),
                    _w=np.where(present, weight, 0.0),
                )
                .groupby(keys, sort=False)[["_ws", "_w"]]
                .sum()
                .reset_index()
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                score = np.where(sums["_w"] > 0, sums["_ws"] / sums["_w"], np.nan)
            frame = sums[keys].assign(score=score, points=np.nan, max_points=np.nan)
        frame.insert(0, "pillar", pillar.id)
        frame.insert(0, "programme", programme.id)
        parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=PILLAR_SCORES_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["score"] = rounded(out["score"], programme.scoring.round)
    out["rank"] = rank_within(
        out, "score", ["programme", "pillar", "period", "level"], ties=programme.scoring.ties
    )
    out["band"] = band_of(out["score"], programme.scoring.bands)
    return out[PILLAR_SCORES_COLUMNS]


def all_pillar_scores(programmes: Mapping[str, Programme], groups: pd.DataFrame) -> pd.DataFrame:
    """:func:`pillar_scores` for every programme that declares pillars."""
    parts = [pillar_scores(p, groups) for p in programmes.values() if p.scoring.pillars]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=PILLAR_SCORES_COLUMNS)
    return pd.concat(parts, ignore_index=True)[PILLAR_SCORES_COLUMNS]
