"""The tables every output shows, taken from a :class:`~chiso.engine.result.Result`.

The scorecard, the reports, the JSON and the terminal summary all answer the same
questions (how is each goal doing at the top unit, who ranks where, how did a goal
move over the periods). They are answered once here, as plain rows, so the
outputs cannot disagree with each other. Nothing here formats for a medium.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from chiso.catalogue.model import Goal, Kpi, Programme
from chiso.engine.progress import PROGRESS_NOTES
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.engine.tracker import tracker_summary, tracker_totals
from chiso.findings import Finding, Findings, Lang
from chiso.periods import Period
from chiso.render.labels import headline, is_missing, reported_phrase
from chiso.units.model import Unit


def clean(value: Any) -> Any:
    """A value with NaN / NA / NaT / ±inf as None and numpy scalars as Python ones."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


T = TypeVar("T")


def answered(
    question: Callable[[Result, Programme, Lang], list[T]],
) -> Callable[[Result, Programme, Lang], list[T]]:
    """Answer ``question(result, programme, lang)`` once per result.

    The scorecard asks for a programme's ranking on five sheets, the points tables
    three times; a country's ranking is 3,300 rows built from frames of half a
    million. A result does not change once made, so the answer is kept in
    :attr:`Result.answers` (a copy of the list is returned: a caller may sort it).
    Kept only for the very programme object asked about, so a test's changed copy
    of a programme with the same id is answered afresh.
    """

    @functools.wraps(question)
    def ask(result: Result, programme: Programme, lang: Lang) -> list[T]:
        key = (question.__module__, question.__qualname__, programme.id, lang)
        return list(remembered(result, key, programme,
                               lambda: question(result, programme, lang)))

    return ask


def remembered(result: Result, key: tuple[str, ...], about: object,
               answer: Callable[[], T]) -> T:
    """``answer()``, kept in :attr:`Result.answers` under ``key`` for this very object
    ``about`` (the programme asked about, the list of findings indexed; None for none)."""
    kept = result.answers.get(key)
    if kept is None or kept[0] is not about:
        kept = result.answers[key] = (about, answer())
    return kept[1]


def unit_rows(result: Result, frame: str, programme: Programme, unit: str) -> pd.DataFrame:
    """``rows_of(result.<frame>, programme=…, unit=…)``, the frame split by unit once.

    A profile per district asks the compliance and progress frames (half a million
    rows each) for one unit's rows; filtering the whole frame each time costs a
    country seconds.
    """
    def split() -> tuple[pd.DataFrame, dict[str, Any]]:
        rows = rows_of(getattr(result, frame), programme=programme.id)
        if rows.empty or "unit" not in rows.columns:
            return rows.iloc[0:0], {}
        # positions, not frames: a frame a unit for 3,300 units costs seconds, and most
        # callers ask for one unit
        indices = rows.groupby(rows["unit"].astype(str), sort=False).indices
        return rows, {str(u): positions for u, positions in indices.items()}

    rows, positions = remembered(result, ("unit_rows", frame, programme.id), programme, split)
    found = positions.get(str(unit))
    return rows.iloc[0:0] if found is None else rows.take(found)


def rows_of(frame: pd.DataFrame, **equal: Any) -> pd.DataFrame:
    """The rows of ``frame`` whose columns equal the given values (empty if a column is absent)."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=list(getattr(frame, "columns", [])))
    mask = pd.Series(True, index=frame.index)
    for column, value in equal.items():
        if column not in frame.columns:
            return frame.iloc[0:0]
        mask &= frame[column].astype(str) == str(value)
    return frame[mask]


def sort_periods(periods: Iterable[Any]) -> list[str]:
    return sorted({str(p) for p in periods if not is_missing(p)}, key=Period.parse)


def root_unit(result: Result) -> Unit | None:
    """The unit a programme is judged at: the top of the hierarchy (the province)."""
    roots = result.units.roots
    return roots[0] if roots else None


def latest_period(frame: pd.DataFrame, fallback: str | None) -> str | None:
    if frame is None or frame.empty or "period" not in frame.columns:
        return fallback
    periods = sort_periods(frame["period"])
    return periods[-1] if periods else fallback


def level_order(result: Result) -> list[str]:
    """Levels from the top down, then any level only the frames mention."""
    return list(result.units.levels)


def unit_name(result: Result, code: str, lang: Lang) -> str:
    unit = result.units.get(str(code))
    return unit.label(lang) if unit else str(code)


def kpi_of(result: Result, kpi_id: str) -> Kpi | None:
    return result.catalogue.kpis.get(str(kpi_id))


def kpi_unit(result: Result, kpi_id: str) -> str:
    kpi = kpi_of(result, kpi_id)
    return kpi.unit.value if kpi else "number"


def goal_name(result: Result, goal: Goal, lang: Lang) -> str:
    if goal.name is not None:
        return goal.name.get(lang)
    kpi = kpi_of(result, goal.kpi)
    return kpi.name.get(lang) if kpi else goal.id


@dataclass(frozen=True)
class GoalRow:
    """One goal of a programme at one unit, at the latest period, with its judgement."""

    programme: str
    goal: str
    name: str
    kpi: str
    kpi_name: str
    unit_kind: str  # the KPI's unit: percent, count, per_100, …
    direction: str
    group: str
    group_name: str
    value: float | None
    target: float | None
    comparison: str
    deadline: str
    status: str
    period: str | None
    baseline_value: float | None
    baseline_period: str | None
    method: str | None
    indicator: float | None
    observed_rate: float | None
    required_rate: float | None
    projected_value: float | None
    ahead_of_schedule: bool | None
    n_points: int | None
    fallback: str | None
    note: str | None
    parts_expected: int | None = None  # the parts the value stands on (coverage)
    parts_reported: int | None = None

    @property
    def method_used(self) -> str | None:
        """The method that judged the goal: linear where the declared one fell back."""
        return "linear" if self.fallback else self.method

    def note_text(self, lang: Lang) -> str:
        """The progress note and the fallback's reason in words (never their keys)."""
        keys = [k for k in (self.note, self.fallback) if k]
        return " · ".join(PROGRESS_NOTES.get(k, {}).get(lang, k) for k in keys)

    @property
    def parts_text(self) -> str:
        """``52/52``: parts that reported of those expected, ``—`` when unknown."""
        if self.parts_expected is None or self.parts_reported is None:
            return "—"
        return f"{self.parts_reported}/{self.parts_expected}"


def goal_rows(result: Result, programme: Programme, unit: str, lang: Lang) -> list[GoalRow]:
    """The programme's goals, in declared order, as judged at ``unit``.

    A goal the engine has no progress row for still appears, as not assessable,
    so a goal never silently disappears from a report.
    """
    progress = unit_rows(result, "progress", programme, unit)
    by_goal = {str(r["goal"]): r for r in progress.to_dict("records")}
    out: list[GoalRow] = []
    for goal in programme.goals:
        row = by_goal.get(goal.id, {})
        kpi = kpi_of(result, goal.kpi)
        group_id = kpi.group if kpi else ""
        group = result.catalogue.groups.get(group_id)
        level = result.units[unit].level if unit in result.units else None
        target = clean(row.get("target"))
        baseline = goal.baseline_for(level)
        baseline_value = clean(row.get("baseline_value"))
        baseline_period = clean(row.get("baseline_period"))
        ahead = clean(row.get("ahead_of_schedule"))
        n_points = clean(row.get("n_points"))
        parts_expected, parts_reported = clean(row.get("parts_expected")), clean(
            row.get("parts_reported"))
        out.append(
            GoalRow(
                programme=programme.id,
                goal=goal.id,
                name=goal_name(result, goal, lang),
                kpi=goal.kpi,
                kpi_name=kpi.name.get(lang) if kpi else goal.kpi,
                unit_kind=kpi.unit.value if kpi else "number",
                direction=kpi.direction.value if kpi else "higher",
                group=group_id,
                group_name=group.name.get(lang) if group else group_id,
                value=clean(row.get("value")),
                target=target if target is not None else goal.target_for(level),
                comparison=str(clean(row.get("comparison")) or goal.comparison.value),
                deadline=str(clean(row.get("deadline")) or goal.deadline),
                status=str(clean(row.get("status")) or "not_assessable"),
                period=clean(row.get("period")),
                baseline_value=baseline_value
                if baseline_value is not None
                else (baseline.value if baseline else None),
                baseline_period=str(baseline_period)
                if baseline_period is not None
                else (str(baseline.period) if baseline else None),
                method=clean(row.get("method")) or programme.progress_method.value,
                indicator=clean(row.get("indicator")),
                observed_rate=clean(row.get("observed_rate")),
                required_rate=clean(row.get("required_rate")),
                projected_value=clean(row.get("projected_value")),
                ahead_of_schedule=None if ahead is None else bool(ahead),
                n_points=None if n_points is None else int(n_points),
                fallback=clean(row.get("fallback")),
                note=clean(row.get("note")),
                parts_expected=None if parts_expected is None else int(parts_expected),
                parts_reported=None if parts_reported is None else int(parts_reported),
            )
        )
    return out


def reporting_counts(result: Result, period: str | None = None) -> tuple[int, int] | None:
    """(units that reported, units expected) for ``period`` (default: the latest), from the
    submission tracker; None when the tracker has no expected unit then."""
    tracker = result.tracker
    period = period or result.latest_period
    if period is None or tracker is None or not len(tracker) or "expected" not in tracker:
        return None
    rows = tracker[(tracker["period"].astype(str) == period) & tracker["expected"].astype(bool)]
    if not len(rows):
        return None
    return int((rows["status"] != "missing").sum()), len(rows)


@dataclass(frozen=True)
class TrackerCount:
    """One line of the tracker's counts: a district (or the units directly under the
    province, ``district`` None), or the total (``name`` the total's label)."""

    district: str | None
    name: str
    expected: int
    reported: int
    with_errors: int
    late: int
    missing: int


@dataclass(frozen=True)
class TrackerView:
    """The submission tracker of one period, as every output shows it."""

    period: str
    counts: list[TrackerCount]  # by district, then the total last
    missing: list[tuple[str, str, str | None]]  # (code, name, district name) not reported


def tracker_view(result: Result, lang: Lang, period: str | None = None) -> TrackerView | None:
    """Units reported / expected by district for ``period`` (default: the latest), and the
    expected units that sent nothing, in the units file's order (:mod:`chiso.engine.tracker`)."""
    tracker = result.tracker
    period = period or result.latest_period
    if period is None or tracker is None or not len(tracker) or "expected" not in tracker:
        return None
    at = tracker[tracker["period"].astype(str) == period]
    if not len(at) or not at["expected"].astype(bool).any() or "status" not in at:
        return None
    if "district" not in at:  # a tracker made by hand (a test, an older caller)
        at = at.assign(district=None)
    direct = "Trực thuộc tỉnh" if lang == "vi" else "Directly under the province"

    def count(row: dict[Any, Any], district: str | None, name: str) -> TrackerCount:
        return TrackerCount(district, name, int(row["expected"]), int(row["reported"]),
                            int(row["with_errors"]), int(row["late"]), int(row["missing"]))

    counts = [
        count(r, clean(r["district"]),
              unit_name(result, r["district"], lang) if clean(r["district"]) else direct)
        for r in tracker_summary(at).to_dict("records")
        if int(r["expected"])
    ]
    total = tracker_totals(at).to_dict("records")[0]
    counts.append(count(total, None, "Tổng" if lang == "vi" else "Total"))
    missing = [
        (str(r["unit"]), unit_name(result, r["unit"], lang),
         unit_name(result, r["district"], lang)
         if clean(r["district"]) and str(r["district"]) != str(r["unit"]) else None)
        for r in at.to_dict("records")
        if bool(r["expected"]) and r["status"] == "missing"
    ]
    return TrackerView(period=period, counts=counts, missing=missing)


def goal_headline(result: Result, rows: list[GoalRow], lang: Lang) -> str:
    """``4/6 mục tiêu đã hoàn thành — 52/52 đơn vị đã báo cáo``: the status counts and
    what they stand on (the tracker's count for the latest period)."""
    text = headline(status_counts(rows), len(rows), lang)
    counts = reporting_counts(result)
    if counts is None:
        return text
    return f"{text} — {reported_phrase(*counts, lang)}"


def status_counts(rows: Iterable[GoalRow]) -> dict[str, int]:
    """How many goals are in each status (every status present, zero or not)."""
    counts = dict.fromkeys(PROGRESS_STATUSES, 0)
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


@dataclass(frozen=True)
class UnitGoals:
    """How many of a programme's goals a unit has in each status."""

    unit: str
    name: str
    level: str
    counts: dict[str, int]
    total: int


def goal_summary_rows(result: Result, programme: Programme, lang: Lang) -> list[UnitGoals]:
    """Goal status counts for every unit at the latest period, top level first."""
    frame = rows_of(result.goal_summary, programme=programme.id)
    period = latest_period(frame, None)
    if period is None:
        return []
    frame = rows_of(frame, period=period)
    order = {lvl: i for i, lvl in enumerate(level_order(result))}
    position = {code: i for i, code in enumerate(result.units.codes)}
    records = sorted(
        frame.to_dict("records"),
        key=lambda r: (order.get(str(r["level"]), 99), position.get(str(r["unit"]), 10**9)),
    )
    return [
        UnitGoals(
            unit=str(r["unit"]),
            name=unit_name(result, r["unit"], lang),
            level=str(r["level"]),
            counts={s: int(clean(r.get(s)) or 0) for s in PROGRESS_STATUSES},
            total=int(clean(r.get("goals_total")) or 0),
        )
        for r in records
    ]


def compared_units(result: Result, programme: Programme, lang: Lang) -> list[UnitGoals]:
    """Goal status counts for the top unit and the level a leader compares (the districts).

    Communes are many; they stay in the matrix and the ranking.
    """
    rows = goal_summary_rows(result, programme, lang)
    level = ranked_level(result, ranking_rows(result, programme, lang))
    root = root_unit(result)
    if level is None:
        return rows
    return [u for u in rows if u.level == level or (root is not None and u.unit == root.code)]


@dataclass(frozen=True)
class RankRow:
    """One unit in a programme's ranking at the latest period."""

    unit: str
    name: str
    level: str
    score: float | None
    rank: int | None
    rank_overall: int | None
    tied: bool
    change: float | None
    n_scored: int | None
    n_missing: int | None
    groups: dict[str, tuple[float | None, int | None]]  # group id -> (score, rank)
    reported: bool = True  # False: sent nothing (nor any unit below): listed unranked
    n_zero: int = 0  # goals scored 0 for a value missing from the report sent
    n_incomplete: int = 0  # goals missing or rolled up from incomplete coverage

    @property
    def rank_text(self) -> str:
        return rank_text(self.rank, self.tied)


def rank_text(rank: int | None, tied: bool) -> str:
    """``2=`` for a shared rank, ``2`` otherwise, ``—`` for no rank."""
    if rank is None:
        return "—"
    return f"{rank}=" if tied else str(rank)


def programme_groups(result: Result, programme: Programme) -> list[str]:
    """The groups (pillars) a programme's goals fall in, in catalogue order."""
    used = {g.group or kpi.group for g in programme.goals if (kpi := kpi_of(result, g.kpi))}
    return [g for g in result.catalogue.groups if g in used]


@answered
def ranking_rows(result: Result, programme: Programme, lang: Lang) -> list[RankRow]:
    """Units ranked within their level at the programme's latest period.

    Ordered by level (top down) then rank; units without a score come last in
    their level.
    """
    composite = rows_of(result.composite, programme=programme.id)
    period = latest_period(composite, None)
    if period is None:
        return []
    composite = rows_of(composite, period=period)
    groups = rows_of(rows_of(result.group_scores, programme=programme.id), period=period)
    by_unit_group: dict[tuple[str, str], tuple[float | None, int | None]] = {}
    for r in groups.to_dict("records"):
        rank = clean(r.get("rank"))
        by_unit_group[(str(r["unit"]), str(r["group"]))] = (
            clean(r.get("score")),
            None if rank is None else int(rank),
        )
    group_ids = programme_groups(result, programme)
    order = {lvl: i for i, lvl in enumerate(level_order(result))}
    position = {code: i for i, code in enumerate(result.units.codes)}
    out = []
    for r in composite.to_dict("records"):
        code = str(r["unit"])
        rank = clean(r.get("rank"))
        rank_overall = clean(r.get("rank_overall"))
        n_scored, n_missing = clean(r.get("n_scored")), clean(r.get("n_missing"))
        reported, n_zero = clean(r.get("reported")), clean(r.get("n_zero"))
        out.append(
            RankRow(
                unit=code,
                name=unit_name(result, code, lang),
                level=str(r["level"]),
                score=clean(r.get("score")),
                rank=None if rank is None else int(rank),
                rank_overall=None if rank_overall is None else int(rank_overall),
                tied=bool(clean(r.get("tied")) or False),
                change=clean(r.get("change")),
                n_scored=None if n_scored is None else int(n_scored),
                n_missing=None if n_missing is None else int(n_missing),
                groups={g: by_unit_group.get((code, g), (None, None)) for g in group_ids},
                reported=True if reported is None else bool(reported),
                n_zero=int(n_zero or 0),
                n_incomplete=len([g for g in str(clean(r.get("incomplete_goals")) or "").split(
                    ", ") if g]),
            )
        )
    # A level where no unit reported has no ranking at all.
    reporting_levels = {row.level for row in out if row.reported}
    out = [row for row in out if row.level in reporting_levels]
    out.sort(
        key=lambda row: (
            order.get(row.level, 99),
            not row.reported,
            row.rank is None,
            row.rank or 0,
            position.get(row.unit, 10**9),
        )
    )
    return out


def level_reporting(rows: list[RankRow], level: str) -> tuple[int, int]:
    """(units of ``level`` that reported, units of ``level``) in a ranking."""
    at = [r for r in rows if r.level == level]
    return sum(r.reported for r in at), len(at)


def ranked_level(result: Result, rows: list[RankRow]) -> str | None:
    """The level worth charting: the largest of the highest levels with several ranked units.

    Under a province, districts (13) and departments (8) sit at the same depth;
    the districts are the ranking a leader reads first.
    """
    counts: dict[str, int] = {}
    scored: set[str] = set()
    for row in rows:  # units not reported count: the ranking lists them, unranked
        counts[row.level] = counts.get(row.level, 0) + 1
        if row.score is not None:
            scored.add(row.level)
    depth: dict[str, int] = {}
    for unit in result.units:
        if unit.level in counts:
            d = result.units.depth(unit.code)
            depth[unit.level] = min(depth.get(unit.level, d), d)
    order = {lvl: i for i, lvl in enumerate(level_order(result))}
    candidates = [lvl for lvl, n in counts.items() if n > 1 and lvl in scored]
    if not candidates:
        return None
    return min(candidates, key=lambda lvl: (depth[lvl], -counts[lvl], order.get(lvl, 99)))


@dataclass(frozen=True)
class GoalHistory:
    """A goal's value (and target) at one unit over every period."""

    goal: str
    name: str
    unit_kind: str
    periods: list[str]
    values: list[float | None]
    targets: list[float | None]


def goal_histories(
    result: Result, programme: Programme, unit: str, lang: Lang
) -> list[GoalHistory]:
    """Each goal's value over the periods at ``unit``, from the compliance rows."""
    frame = unit_rows(result, "compliance", programme, unit)
    periods = sort_periods(frame["period"]) if "period" in frame.columns else []
    out = []
    for goal in programme.goals:
        rows = {str(r["period"]): r for r in rows_of(frame, goal=goal.id).to_dict("records")}
        out.append(
            GoalHistory(
                goal=goal.id,
                name=goal_name(result, goal, lang),
                unit_kind=kpi_unit(result, goal.kpi),
                periods=periods,
                values=[clean(rows.get(p, {}).get("value")) for p in periods],
                targets=[clean(rows.get(p, {}).get("target")) for p in periods],
            )
        )
    return out


def all_findings(result: Result, extra: Iterable[Finding] = ()) -> Findings:
    """Every finding once: ``extra`` (e.g. the catalogue's), the result's, the dataset's.

    The engine may or may not copy the dataset's findings into its own list, so
    duplicates (the same object) are dropped.
    """
    seen: set[int] = set()
    out = Findings()
    for finding in [*extra, *result.findings, *result.dataset.findings]:
        if id(finding) in seen:
            continue
        seen.add(id(finding))
        out.append(finding)
    return out.sorted()


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    return Findings(findings).counts()
