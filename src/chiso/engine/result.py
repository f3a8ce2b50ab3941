"""The result of scoring: plain DataFrames with documented columns.

Every renderer (xlsx, markdown/html, json, terminal) reads only this object.
Column contracts (one row per …):

``values`` — (unit, period, kpi):
    unit, period, kpi, value (float, NaN if not computable), reason (None or a code:
    ``missing_field:<id>`` (not reported), ``invalid_field:<id>`` (reported with an
    error finding, e.g. S302, so not used: the dataset row's ``flag``),
    ``zero_denominator``, ``missing_input:<kpi>``, ``not_applicable``,
    ``no_children``, ``overflow``), origin (``reported`` | ``rollup``),
    children_expected, children_reported (int, 0 for reported values),
    coverage_complete (bool). A rolled-up value never includes a child's
    flagged field: that child counts as not reporting the KPI.

``compliance`` — (programme, goal, unit, period):
    programme, goal, kpi, unit, level, period, value, target, comparison, deadline,
    met (bool, NA when value is missing), gap (value − target; signed so that
    positive is better, i.e. reversed for lower-is-better), direction

``progress`` — (programme, goal, unit) at the latest period:
    programme, goal, kpi, unit, level, period (latest), value, target, comparison,
    deadline, baseline_value, baseline_period, method, status
    (``achieved`` | ``on_track`` | ``at_risk`` | ``off_track`` | ``not_achieved`` |
    ``incomplete_data`` | ``not_assessable``; at or after the deadline period only ``achieved``,
    ``not_achieved`` or ``not_assessable``),
    indicator (the method's figure: growth ratio for eurostat, P for unsd,
    slope ratio for linear), observed_rate, required_rate, projected_value,
    actual_progress, expected_progress, ahead_of_schedule (bool / NA),
    n_points, fallback (None or why the method fell back to linear), note,
    value_period, reason, mixed_series, parts_expected and parts_reported (the
    parts the judged value stands on: descendants in scope for a rolled-up value,
    1 for a unit's own; below the programme's ``coverage`` the status is
    ``incomplete_data`` — :mod:`chiso.engine.coverage`)

``goal_summary`` — (programme, unit, period):
    programme, unit, level, period, goals_total, achieved, on_track, at_risk,
    off_track, not_achieved, incomplete_data, not_assessable, met (goals meeting
    their target now)

``scores`` — (programme, goal, unit, period):
    programme, goal, kpi, group (the goal's, else its KPI's), unit, level, period,
    value, score (0–100, NaN if missing and excluded), weight (a points goal's:
    its maximum), imputed (bool: value from an earlier period), missing (bool),
    method (the goal's scoring method), points (those that count: the province's
    appraisal where given, else computed or self-assessed) and max_points (NaN
    unless the goal is scored in points), self_points and appraised_points (the
    unit's self-assessment and the province's appraisal, NaN where none), band
    (None or a band id of the programme), zero_filled (bool: scored 0 for a value
    missing from a report that was sent), partial (bool: rolled up from incomplete
    coverage). A unit that reported nothing (nor any unit below it) has NaN value
    and score whatever ``missing`` says.

``composite`` — (programme, unit, period):
    programme, unit, level, period, score (rounded as ``scoring.round`` says),
    rank (within level), rank_overall, tied (bool), n_scored, n_missing, change
    (score − previous period's score, NaN unless both stand on the same goals:
    equal ``incomplete_goals``), points, max_points (Σ over the scored goals of a
    points programme, else NaN), band, reported (bool: the unit or a unit below it
    sent something for the period; False: no score, no rank), n_zero (goals scored
    0 for a missing value), incomplete_goals (ids of goals missing or partially
    covered, ", "-joined; "" when complete)

``group_scores`` — (programme, group, unit, period):
    programme, group, unit, level, period, score, rank, points, max_points, band

``pillar_scores`` — (programme, pillar, unit, period), for programmes with pillars:
    programme, pillar, unit, level, period, score, points, max_points, rank, band

``tracker`` — (unit, period) for every unit expected to report in the period, plus
    units not expected that sent a file (:mod:`chiso.engine.tracker` has the rules):
    unit, name, level, parent, district (the unit's district — its ancestor directly
    below the province, or itself when it is a district — None for the province and
    for units directly under it with nothing below), period, expected (bool: in force
    and at a level that reports a field), status (``received`` | ``with_errors`` |
    ``late`` | ``missing``), n_files (files for the unit and period), file, sha256
    (of the file used: the first by path), received (upload time given by the caller,
    else the file's mtime, UTC; None when missing), n_values (values the file gave),
    n_errors, n_warnings (its findings). ``tracker_summary`` counts it by period and
    district: expected, reported, received, with_errors, late, missing, not_expected.

Hierarchies that change over time. ``units`` is the :class:`Units` given to
:func:`~chiso.engine.assess.assess`. When the units file says when its rows are in
force (``units.dated``), each period is computed with ``units.as_of(period)``, the
hierarchy at the period's end; ``units`` itself lists every code once (its latest
row) for names and order. Then, in every frame: a unit has rows only for the
periods it is in force (an abolished district stops; no ``not_applicable`` rows
stand in for it); ``level``, roll-ups, targets and ranks are each period's;
``progress`` has the units in force at the latest period, at their level then,
judged on their whole series by code. Rows follow the units file (a code's place
is its first row), then time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.findings import Findings
from chiso.units.model import Units

PROGRESS_STATUSES = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_achieved",
    "incomplete_data",
    "not_assessable",
)
"""Every progress status, in the order outputs list them. ``not_achieved`` is only
given once the deadline period is reached, and then ``on_track``, ``at_risk`` and
``off_track`` are not (:mod:`chiso.engine.progress`). ``incomplete_data``: the value
judged stands on fewer of the expected parts than the programme's ``coverage``
(:mod:`chiso.engine.coverage`)."""


@dataclass(frozen=True)
class Result:
    catalogue: Catalogue
    units: Units
    dataset: Dataset
    values: pd.DataFrame
    compliance: pd.DataFrame
    progress: pd.DataFrame
    goal_summary: pd.DataFrame
    scores: pd.DataFrame
    composite: pd.DataFrame
    group_scores: pd.DataFrame
    findings: Findings = field(default_factory=Findings)
    pillar_scores: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=PILLAR_SCORES_COLUMNS)
    )
    tracker: pd.DataFrame = field(default_factory=pd.DataFrame)
    # What the outputs asked of this result, kept so that several outputs (and several
    # sheets of one) asking the same question compute it once: a result does not change
    # once made (:func:`chiso.render.tables.answered`). Not part of its value.
    answers: dict[tuple[str, ...], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def periods(self) -> list[str]:
        return self.dataset.periods

    @property
    def latest_period(self) -> str | None:
        periods = self.periods
        return periods[-1] if periods else None


# The columns of each frame, in order: declared once here, beside the contracts above,
# and imported by the modules that build the frames and the tests that hold them to it.

VALUES_COLUMNS = [
    "unit",
    "period",
    "kpi",
    "value",
    "reason",
    "origin",
    "children_expected",
    "children_reported",
    "coverage_complete",
]
# A goal for a unit: the columns compliance and progress both begin with.
GOAL_COLUMNS = [
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
]
COMPLIANCE_COLUMNS = [*GOAL_COLUMNS, "met", "gap", "direction"]
GOAL_SUMMARY_COLUMNS = [
    "programme",
    "unit",
    "level",
    "period",
    "goals_total",
    *PROGRESS_STATUSES,
    "met",
]
PROGRESS_FLOAT_COLUMNS = [
    "indicator",
    "observed_rate",
    "required_rate",
    "projected_value",
    "actual_progress",
    "expected_progress",
]
PROGRESS_COLUMNS = [
    *GOAL_COLUMNS,
    "baseline_value",
    "baseline_period",
    "method",
    "status",
    *PROGRESS_FLOAT_COLUMNS,
    "ahead_of_schedule",
    "n_points",
    "fallback",
    "note",
    "value_period",
    "reason",
]
PILLAR_SCORES_COLUMNS: list[str] = [
    "programme",
    "pillar",
    "unit",
    "level",
    "period",
    "score",
    "points",
    "max_points",
    "rank",
    "band",
]
SCORES_COLUMNS = [
    "programme",
    "goal",
    "kpi",
    "group",
    "unit",
    "level",
    "period",
    "value",
    "score",
    "weight",
    "imputed",
    "missing",
    "method",
    "points",
    "max_points",
    "self_points",
    "appraised_points",
    "band",
    "zero_filled",
    "partial",
]
COMPOSITE_COLUMNS = [
    "programme",
    "unit",
    "level",
    "period",
    "score",
    "rank",
    "rank_overall",
    "tied",
    "n_scored",
    "n_missing",
    "change",
    "points",
    "max_points",
    "band",
    "reported",
    "n_zero",
    "incomplete_goals",
]
GROUP_SCORES_COLUMNS = [
    "programme", "group", "unit", "level", "period", "score", "rank", "points", "max_points", "band"
]
TRACKER_COLUMNS = [
    "unit", "name", "level", "parent", "district", "period", "expected", "status",
    "n_files", "file", "sha256", "received", "n_values", "n_errors", "n_warnings",
]
TRACKER_SUMMARY_COLUMNS = [
    "period", "district", "expected", "reported", "received", "with_errors", "late",
    "missing", "not_expected",
]
