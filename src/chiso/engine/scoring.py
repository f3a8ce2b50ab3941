"""Scores 0–100 per goal, per group and per programme, and the ranks they give.

For each programme, each goal (a KPI with a target), each unit whose level the
KPI applies to and each period of the ``values`` frame, the unit's value becomes
a score from 0 to 100 by the programme's ``scoring.method``. Direction comes from
the goal's comparison (``>=``/``>`` higher is better, ``<=``/``<`` lower is
better; ``==`` takes the KPI's ``direction``). The target is the one of the
unit's level (:meth:`Goal.target_for`).

Methods (v value, x* target, d direction)
    ``attainment`` — share of the target attained, capped at 100: ``v / x*``
    (``x* / v`` when lower is better). A target of 0 (or below) has no ratio:
    the score is 100 when the target is met and 0 otherwise.
    ``minmax`` — position between fixed goalposts ``(lo, hi)`` from
    ``scoring.goalposts`` (by goal id, then KPI id): ``(v − lo)/(hi − lo)``, or
    ``(hi − v)/(hi − lo)`` when lower is better, clipped to [0, 1]. Without
    declared goalposts: ``(0, x*)`` when higher is better (0 is the natural
    floor of every chiso KPI, the target is full marks); when lower is better,
    ``(x*, baseline)`` with the goal's declared baseline for the level — with no
    baseline there is no honest worst value, so the score is NaN (not missing:
    the value is there, the goal is unscorable) and the composite skips it.
    ``distance`` — ``1 − shortfall / |x* − baseline|`` clipped to [0, 1], with
    ``shortfall = max(0, d·(x* − v))``; the baseline is the goal's declared one
    for the level, else the unit's earliest observed value (as in progress).
    ``rank`` — percentile among the units of the same level in the same period:
    ``100 · (n − r)/(n − 1)`` with ``r`` the competition rank (1 = best) among the
    ``n`` units with a value; a lone unit scores 100.

Missing values (``scoring.missing``), always flagged ``missing`` in ``scores``
    ``exclude`` — no score; the weights of the group and the composite are
    renormalised over the goals that have one. ``zero`` — scored 0.
    ``previous`` — the unit's latest earlier value is scored (``imputed`` True,
    ``value`` shows it); with no earlier value the goal is excluded.

Aggregation
    The group score is the weighted mean of the goal scores in the group (the
    KPI's ``group``); the composite is the weighted mean of the group scores.
    A goal's weight is ``scoring.weights[goal id]``, else ``scoring.weights[KPI
    id]``, else ``Goal.weight``, else 1; a group's is
    ``scoring.group_weights[group]``, else 1. ``weight`` in ``scores`` is this
    declared weight, before renormalisation. ``n_scored`` counts the goals that
    entered the composite (zeros and imputed values included), ``n_missing`` the
    goals whose value for the period is missing.

Per goal, ``Goal.method`` and ``Goal.missing`` override the programme's
``scoring.method`` and ``scoring.missing``. ``method: points`` (official points,
rounding, bands and pillars) is :mod:`chiso.engine.points`; in a points
programme a goal's weight is its maximum and a group weighs the maxima of its
scored goals, so the composite is ``100 × Σ points / Σ max``. ``Goal.group``
puts a goal in one of the programme's groups instead of its KPI's.

Ranks (:mod:`chiso.engine.ranking`) follow ``scoring.ties``: the composite within
level (``rank``) and over all units (``rank_overall``), each group within level;
``tied`` marks a shared within-level rank; ``change`` is the score minus the
unit's score of the previous period (NaN for the first or when either is NaN).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chiso.catalogue.model import (
    Catalogue,
    Comparison,
    Direction,
    Goal,
    Kpi,
    MissingRule,
    Programme,
    ScoreMethod,
    TieRule,
)
from chiso.engine import points as points_module
from chiso.engine.coverage import ReportMask, reporting_units
from chiso.engine.ranking import rank, rank_within, tied_within
from chiso.engine.result import COMPOSITE_COLUMNS, GROUP_SCORES_COLUMNS, SCORES_COLUMNS
from chiso.engine.scope import split_by_kpi, units_in_scope
from chiso.engine.targets import meets
from chiso.periods import Period
from chiso.units.model import Units

FloatArray = np.ndarray


# --- per-KPI score functions (vectorised, 0–100, NaN where not scorable) ---------------


def higher_is_better(goal: Goal, kpi: Kpi) -> bool:
    """The direction of a goal: its comparison, or the KPI's direction for ``==``."""
    if goal.comparison in (Comparison.GE, Comparison.GT):
        return True
    if goal.comparison in (Comparison.LE, Comparison.LT):
        return False
    return kpi.direction is Direction.HIGHER


def attainment_score(value: FloatArray, target: FloatArray, *, higher: bool) -> FloatArray:
    """``100 · v/x*`` (``x*/v`` when lower is better) capped to [0, 100]; a value that
    meets the target (:func:`chiso.engine.targets.meets`, with its tolerance) scores 100."""
    comparison = Comparison.GE if higher else Comparison.LE
    met = np.asarray(meets(value, target, comparison).to_numpy(dtype=bool, na_value=False))
    # np.where evaluates both branches: silence the ones it then discards.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if higher:
            ratio = np.where(met, 1.0, np.where(target > 0, value / target, 0.0))
        else:
            ratio = np.where(met, 1.0, np.where(target > 0, target / value, 0.0))
    ratio = np.where(np.isnan(value), np.nan, ratio)
    return np.clip(ratio, 0.0, 1.0) * 100.0


def minmax_score(value: FloatArray, lo: FloatArray, hi: FloatArray, *, higher: bool) -> FloatArray:
    """Position between goalposts ``lo < hi`` in [0, 100]; NaN where a goalpost is NaN."""
    span = hi - lo
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if higher:
            position = np.where(span != 0, (value - lo) / span, np.where(value >= hi, 1.0, 0.0))
        else:
            position = np.where(span != 0, (hi - value) / span, np.where(value <= lo, 1.0, 0.0))
    position = np.where(np.isnan(value) | np.isnan(lo) | np.isnan(hi), np.nan, position)
    return np.clip(position, 0.0, 1.0) * 100.0


def distance_score(
    value: FloatArray, target: FloatArray, baseline: FloatArray, *, higher: bool
) -> FloatArray:
    """``100 · (1 − shortfall / |x* − baseline|)`` clipped to [0, 100]."""
    sign = 1.0 if higher else -1.0
    shortfall = np.maximum(0.0, sign * (target - value))
    span = np.abs(target - baseline)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        closeness = np.where(span > 0, 1.0 - shortfall / span, np.where(shortfall == 0, 1.0, 0.0))
    closeness = np.where(np.isnan(value) | np.isnan(baseline), np.nan, closeness)
    return np.clip(closeness, 0.0, 1.0) * 100.0


def percentile_score(values: pd.Series, *, higher: bool) -> pd.Series:
    """``100 · (n − r)/(n − 1)`` from competition ranks among the non-NaN values."""
    ranks = rank(values, ties=TieRule.MIN, higher_is_better=higher).astype(float)
    n = float(values.notna().sum())
    if n <= 1:
        return pd.Series(np.where(values.notna(), 100.0, np.nan), index=values.index)
    return 100.0 * (n - ranks) / (n - 1.0)


# --- the frames ------------------------------------------------------------------------


def goal_weight(programme: Programme, goal: Goal) -> float:
    """The declared weight of a goal (see module doc for the order of lookup)."""
    if goal.points is not None and goal_method(programme, goal) is ScoreMethod.POINTS:
        return float(goal.points.max)
    weights = programme.scoring.weights
    if goal.id in weights:
        return float(weights[goal.id])
    if goal.kpi in weights:
        return float(weights[goal.kpi])
    return float(goal.weight) if goal.weight is not None else 1.0


def goal_method(programme: Programme, goal: Goal) -> ScoreMethod:
    """The goal's own scoring method, else the programme's."""
    return goal.method or programme.scoring.method


def goal_group(goal: Goal, kpi: Kpi) -> str:
    """The group a goal counts in: its own, else its KPI's."""
    return goal.group or kpi.group


def _ordered_periods(values: pd.DataFrame) -> list[str]:
    return sorted({str(p) for p in values["period"].dropna()}, key=Period.parse)


def _wide(
    values: pd.DataFrame, kpi_id: str, codes: list[str], periods: list[str], column: str = "value"
) -> pd.DataFrame:
    """unit × period values (or another numeric column) of one KPI, NaN where missing."""
    rows = values.loc[values["kpi"] == kpi_id]
    rows = rows.assign(unit=rows["unit"].astype(str), period=rows["period"].astype(str))
    series = rows.groupby(["unit", "period"])[column].last().astype(float)
    wide = series.unstack("period") if len(series) else pd.DataFrame()
    return wide.reindex(index=codes, columns=periods).astype(float)


def _goalposts(
    programme: Programme, goal: Goal, target: FloatArray, baseline: FloatArray, *, higher: bool
) -> tuple[FloatArray, FloatArray]:
    posts = programme.scoring.goalposts.get(goal.id) or programme.scoring.goalposts.get(goal.kpi)
    if posts is not None:
        lo, hi = sorted(posts)
        return np.full_like(target, lo), np.full_like(target, hi)
    if higher:
        return np.zeros_like(target), target
    return target, baseline  # NaN baseline → NaN score, see module doc


def _goal_scores(
    programme: Programme,
    goal: Goal,
    kpi: Kpi,
    units: Units,
    values: pd.DataFrame,
    periods: list[str],
    every_kpi: pd.DataFrame | None = None,
    reached: ReportMask | None = None,
    sent: ReportMask | None = None,
) -> pd.DataFrame:
    applicable = units_in_scope(kpi, units, values)
    if not applicable or not periods:
        return pd.DataFrame(columns=SCORES_COLUMNS)
    codes = [u.code for u in applicable]
    wide = _wide(values, kpi.id, codes, periods)
    n_units, n_periods = wide.shape
    current = wide.to_numpy().ravel()
    missing = np.isnan(current)
    # A unit that reported nothing for the period (nor anything below it) is not
    # scored at all, whatever ``missing`` says: not reported is not zero.
    reported = np.ones(len(current), dtype=bool) if reached is None else reached.flat(codes)
    # ``missing: zero`` fills only a value missing from a report the unit sent itself;
    # a unit stood in for by the units below it has its missing goals left out.
    own_report = reported if sent is None else sent.flat(codes)
    rule = goal.missing or programme.scoring.missing
    # "previous": carry the unit's latest earlier value forward along the periods.
    used = wide.ffill(axis=1).to_numpy().ravel() if rule is MissingRule.PREVIOUS else current
    used = np.where(reported, used, np.nan)
    imputed = missing & ~np.isnan(used)
    complete = _wide(values, kpi.id, codes, periods, "coverage_complete") if (
        "coverage_complete" in values) else None
    partial = (
        np.zeros(len(current), dtype=bool) if complete is None
        else ((complete.to_numpy().ravel() == 0) & ~missing)
    )

    levels = np.repeat([u.level for u in applicable], n_periods)
    target = np.repeat([goal.target_for(u.level) for u in applicable], n_periods).astype(float)
    declared = [goal.baseline_for(u.level) for u in applicable]
    earliest = wide.bfill(axis=1).iloc[:, 0].to_numpy()
    baseline = np.repeat(
        [b.value if b is not None else math.nan for b in declared], n_periods
    ).astype(float)
    higher = higher_is_better(goal, kpi)

    frame = pd.DataFrame(
        {
            "programme": programme.id,
            "goal": goal.id,
            "kpi": kpi.id,
            "group": goal_group(goal, kpi),
            "unit": np.repeat(codes, n_periods),
            "level": levels,
            "period": np.tile(periods, n_units),
            "value": used,
        }
    )
    method = goal_method(programme, goal)
    max_points = np.nan
    points = np.full(len(used), np.nan)
    self_points = np.full(len(used), np.nan)
    appraised_points = np.full(len(used), np.nan)
    if method is ScoreMethod.POINTS and goal.points is not None:
        rules = goal.points
        max_points = float(rules.max)
        env = _formula_env(goal, every_kpi, codes, periods)
        fraction = attainment_score(used, target, higher=higher) / 100.0
        points = points_module.goal_points(rules, used, fraction, env, higher=higher)
        if rules.reported:
            self_points = used
        elif rules.self_assessed is not None:
            self_points = _kpi_column(every_kpi, rules.self_assessed, codes, periods)
        if rules.appraised is not None:  # the province's appraisal counts where given
            appraised_points = _kpi_column(every_kpi, rules.appraised, codes, periods)
            appraised = ~np.isnan(appraised_points)
            points = np.where(appraised, np.clip(appraised_points, 0.0, max_points), points)
        if rule is MissingRule.ZERO:
            points = np.where(np.isnan(points) & missing & own_report, 0.0, points)
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(max_points > 0, 100.0 * points / max_points, np.nan)
    elif method is ScoreMethod.POINTS:  # no maximum: K230 said so; nothing to score
        scores = np.full(len(used), np.nan)
    elif method is ScoreMethod.ATTAINMENT:
        scores = attainment_score(used, target, higher=higher)
    elif method is ScoreMethod.MINMAX:
        lo, hi = _goalposts(programme, goal, target, baseline, higher=higher)
        scores = minmax_score(used, lo, hi, higher=higher)
    elif method is ScoreMethod.DISTANCE:
        own = np.repeat(earliest, n_periods)
        scores = distance_score(
            used, target, np.where(np.isnan(baseline), own, baseline), higher=higher
        )
    else:
        scores = (
            frame.groupby(["level", "period"], sort=False)["value"]
            .transform(lambda s: percentile_score(s, higher=higher))
            .to_numpy(dtype=float)
        )
    zero_filled = missing & own_report & (rule is MissingRule.ZERO)
    if rule is MissingRule.ZERO and method is not ScoreMethod.POINTS:
        scores = np.where(zero_filled, 0.0, scores)
    scores = np.where(reported, scores, np.nan)
    frame["score"] = scores
    frame["weight"] = goal_weight(programme, goal)
    frame["imputed"] = imputed
    frame["missing"] = missing
    frame["method"] = method.value
    frame["points"] = points
    frame["max_points"] = max_points
    frame["self_points"] = self_points
    frame["appraised_points"] = appraised_points
    frame["band"] = points_module.band_of(frame["score"], programme.scoring.bands)
    frame["zero_filled"] = zero_filled & ~np.isnan(scores)
    frame["partial"] = partial
    frame["reported"] = reported  # dropped from the frame after the composite
    return frame


def _formula_env(
    goal: Goal, every_kpi: pd.DataFrame | None, codes: list[str], periods: list[str]
) -> dict[str, np.ndarray] | None:
    """Unit × period columns (raveled like the goal's frame) of the KPIs a points formula names."""
    if goal.points is None or goal.points.formula is None or every_kpi is None:
        return None
    from chiso.formula import parse

    names = parse(goal.points.formula).names
    return {name: _kpi_column(every_kpi, name, codes, periods) for name in names}


def _kpi_column(
    every_kpi: pd.DataFrame | None, kpi_id: str, codes: list[str], periods: list[str]
) -> np.ndarray:
    """One KPI's values over the units × periods of a goal's frame (NaN where none)."""
    if every_kpi is None:
        return np.full(len(codes) * len(periods), np.nan)
    return _wide(every_kpi, kpi_id, codes, periods).to_numpy().ravel()


def _weighted_mean(frame: pd.DataFrame, by: list[str], score: str, weight: str) -> pd.DataFrame:
    present = frame[score].notna()
    parts = frame[by].copy()
    parts["_ws"] = np.where(present, frame[score] * frame[weight], 0.0)
    parts["_w"] = np.where(present, frame[weight], 0.0)
    sums = parts.groupby(by, sort=False)[["_ws", "_w"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(sums["_w"] > 0, sums["_ws"] / sums["_w"], np.nan)
    return sums.assign(score=mean)[["score"]].reset_index()


def _point_sums(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Σ points and Σ max over the rows with a score (NaN sums for non-points rows)."""
    present = frame["score"].notna()
    parts = frame[by].copy()
    parts["points"] = np.where(present, frame["points"], np.nan)
    parts["max_points"] = np.where(present, frame["max_points"], np.nan)
    return parts.groupby(by, sort=False)[["points", "max_points"]].sum(min_count=1).reset_index()


def _group_scores(scores: pd.DataFrame, programme: Programme) -> pd.DataFrame:
    keys = ["programme", "group", "unit", "level", "period"]
    groups = _weighted_mean(scores, keys, "score", "weight")
    groups = groups.merge(_point_sums(scores, keys), on=keys, how="left")
    groups["raw_score"] = groups["score"]  # the composite is computed before rounding
    groups["score"] = points_module.rounded(groups["score"], programme.scoring.round)
    groups["rank"] = rank_within(
        groups, "score", ["programme", "group", "period", "level"], ties=programme.scoring.ties
    )
    groups["band"] = points_module.band_of(groups["score"], programme.scoring.bands)
    return groups[[*GROUP_SCORES_COLUMNS, "raw_score"]]


def _composite(
    scores: pd.DataFrame, groups: pd.DataFrame, programme: Programme, periods: list[str]
) -> pd.DataFrame:
    ties = programme.scoring.ties
    keys = ["programme", "unit", "level", "period"]
    if points_module.is_points(programme):  # a group weighs its scored maxima
        group_weight = groups["max_points"].fillna(0.0)
    else:
        group_weight = groups["group"].map(
            lambda g: float(programme.scoring.group_weights.get(g, 1.0))
        )
    composite = _weighted_mean(groups.assign(_gw=group_weight), keys, "raw_score", "_gw")
    composite["score"] = points_module.rounded(composite["score"], programme.scoring.round)
    sums = (
        groups.groupby(keys, sort=False)[["points", "max_points"]].sum(min_count=1).reset_index()
    )
    composite = composite.merge(sums, on=keys, how="left")
    gap = scores["missing"].astype(bool) | scores["partial"].astype(bool)
    counts = (
        scores.assign(
            _scored=scores["score"].notna(),
            _missing=scores["missing"],
            _zero=scores["zero_filled"],
            _reported=scores["reported"],
        )
        .groupby(keys, sort=False)
        .agg(
            n_scored=("_scored", "sum"),
            n_missing=("_missing", "sum"),
            n_zero=("_zero", "sum"),
            reported=("_reported", "any"),
        )
        .reset_index()
    )
    # The goals with gaps, joined in row order — over the rows with a gap only (a
    # lambda over every group cost 9 s of 31 s on the national corpus).
    gaps = (
        scores.loc[gap, keys]
        .assign(incomplete_goals=scores.loc[gap, "goal"].astype(str))
        .groupby(keys, sort=False)["incomplete_goals"]
        .agg(", ".join)
        .reset_index()
    )
    counts = counts.merge(gaps, on=keys, how="left")
    counts["incomplete_goals"] = counts["incomplete_goals"].fillna("").astype(object)
    composite = composite.merge(counts, on=keys, how="left")
    composite["rank"] = rank_within(composite, "score", ["programme", "period", "level"], ties=ties)
    composite["rank_overall"] = rank_within(composite, "score", ["programme", "period"], ties=ties)
    composite["tied"] = tied_within(composite, "rank", ["programme", "period", "level"])
    order = {p: i for i, p in enumerate(periods)}
    composite = composite.assign(_order=composite["period"].map(order)).sort_values(
        ["unit", "_order"], kind="stable"
    )
    composite["change"] = comparable_change(composite)
    composite = composite.sort_index()
    composite["n_scored"] = composite["n_scored"].astype(int)
    composite["n_missing"] = composite["n_missing"].astype(int)
    composite["n_zero"] = composite["n_zero"].astype(int)
    composite["reported"] = composite["reported"].astype(bool)
    composite["band"] = points_module.band_of(composite["score"], programme.scoring.bands)
    return composite[COMPOSITE_COLUMNS]


def comparable_change(composite: pd.DataFrame) -> pd.Series:
    """Score minus the same unit's previous score in the programme, like with like only.

    Rows must be in time order within each (programme, unit). The change is NaN
    unless both scores stand on the same goals: the same ``incomplete_goals``
    (goals missing or rolled up from incomplete coverage), so a gain made of a
    value that was missing the period before is never shown as progress.
    """
    grouped = composite.groupby(["programme", "unit"], sort=False)
    diff = grouped["score"].diff()
    same = composite["incomplete_goals"] == grouped["incomplete_goals"].shift()
    return diff.where(same)


def programme_scores(
    catalogue: Catalogue,
    units: Units,
    values: pd.DataFrame,
    sent: set[tuple[str, str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(scores, composite, group_scores)`` for every programme (columns in ``result.py``).

    Pure: reads the ``values`` frame (unit, period, kpi, value, …), returns new
    frames. Goals on a KPI missing from the catalogue are skipped (the catalogue
    checks report them). ``sent``: the (unit, period) pairs that sent a report
    (:func:`chiso.engine.coverage.sent_units`); a unit with nothing sent by it or
    below it is not scored. None: every unit counts as reported.
    """
    periods = _ordered_periods(values)
    reached = None if sent is None else ReportMask(reporting_units(units, sent), periods)
    own = None if sent is None else ReportMask(sent, periods)
    all_scores: list[pd.DataFrame] = []
    all_groups: list[pd.DataFrame] = []
    all_composite: list[pd.DataFrame] = []
    by_kpi = split_by_kpi(values)  # each goal reads only its KPI's rows
    for programme in catalogue.programmes.values():
        parts = [
            _goal_scores(programme, goal, catalogue.kpis[goal.kpi], units,
                         by_kpi.get(goal.kpi, values.iloc[:0]), periods, values, reached,
                         own)
            for goal in programme.goals
            if goal.kpi in catalogue.kpis
        ]
        parts = [p for p in parts if not p.empty]
        if not parts:
            continue
        scores = pd.concat(parts, ignore_index=True)
        groups = _group_scores(scores, programme)
        all_scores.append(scores.drop(columns="reported"))
        all_composite.append(_composite(scores, groups, programme, periods))
        all_groups.append(groups[GROUP_SCORES_COLUMNS])
    return (
        _concat(all_scores, SCORES_COLUMNS),
        _concat(all_composite, COMPOSITE_COLUMNS),
        _concat(all_groups, GROUP_SCORES_COLUMNS),
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
