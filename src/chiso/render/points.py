"""The points table of an official index (DTI, Decision 766), answered once for every output.

For a programme scored in points (``scoring.method: points``) a leader reads, per
unit, the points won in each group (main index), the total over the maximum, the
published value and its rank and band — and, where units self-assess, their own
points beside the province's appraisal and the difference. Rows are the units of
the level the programme ranks (the districts, say), at the latest period, best
first; units with no score come last. :func:`component_rows` goes one level down:
per unit and self-assessed or appraised component, both scores, the difference
and the evidence cited. Nothing here formats for a medium.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chiso.catalogue.forms import form_rows
from chiso.catalogue.model import Programme, ScoreMethod
from chiso.engine.result import Result
from chiso.findings import Lang
from chiso.render.labels import format_number, label
from chiso.render.tables import (
    answered,
    clean,
    goal_name,
    latest_period,
    rank_text,
    ranked_level,
    ranking_rows,
    rows_of,
)


@dataclass(frozen=True)
class PointsRow:
    """One unit's points in a points programme at the latest period."""

    unit: str
    name: str
    level: str
    groups: dict[str, float | None]  # group id → points that count
    points: float | None
    max_points: float | None
    value: float | None  # points / max, as published (rounded as the programme says)
    rank: int | None
    tied: bool
    band: str | None  # band id
    self_points: float | None  # Σ self-assessed points (None: no self-assessment)
    appraised_points: float | None  # Σ appraised points (None: not appraised yet)
    difference: float | None  # Σ (appraised − self) over the goals with both
    reported: bool = True  # False: the unit (nor any below it) sent nothing: no points

    @property
    def rank_text(self) -> str:
        return rank_text(self.rank, self.tied)

    def rank_label(self, lang: Lang) -> str:
        """``3=``, or ``Chưa báo cáo`` for a unit that sent nothing (never a bare ``—``:
        its points are not zero, they are not known)."""
        return self.rank_text if self.reported else label("not_reported", lang)


def is_points(programme: Programme) -> bool:
    return programme.scoring.method is ScoreMethod.POINTS


def points_groups(result: Result, programme: Programme) -> list[tuple[str, float]]:
    """The programme's groups with points, in the order of its goals, with their maxima."""
    maxima: dict[str, float] = {}
    for goal in programme.goals:
        kpi = result.catalogue.kpis.get(goal.kpi)
        group = goal.group or (kpi.group if kpi else None)
        if group is not None and goal.points is not None:
            maxima[group] = maxima.get(group, 0.0) + float(goal.points.max)
    return [(g, m) for g, m in maxima.items() if m > 0]


def band_name(programme: Programme, band: str | None, lang: Lang) -> str:
    names = {b.id: b.name.get(lang) for b in programme.scoring.bands}
    return names.get(band, "") if band else ""


@answered
def points_rows(result: Result, programme: Programme, lang: Lang) -> list[PointsRow]:
    """The ranked level's units (and the top unit), best first, at the latest period."""
    ranking = ranking_rows(result, programme, lang)
    level = ranked_level(result, ranking)
    composite = rows_of(result.composite, programme=programme.id)
    period = latest_period(composite, None)
    if period is None:
        return []
    composite = rows_of(composite, period=period).set_index("unit")
    groups = rows_of(rows_of(result.group_scores, programme=programme.id), period=period)
    scores = rows_of(rows_of(result.scores, programme=programme.id), period=period)
    by_group = {(str(r["unit"]), str(r["group"])): clean(r["points"])
                for r in groups.to_dict("records")}
    own = _self_and_appraised(scores)
    group_ids = [g for g, _ in points_groups(result, programme)]
    roots = {u.code for u in result.units.roots}
    out: list[PointsRow] = []
    for row in ranking:
        if row.level != level and row.unit not in roots:
            continue
        record = composite.loc[row.unit] if row.unit in composite.index else None
        score = None if record is None else clean(record["score"])
        self_points, appraised, difference = own.get(row.unit, (None, None, None))
        out.append(
            PointsRow(
                unit=row.unit,
                name=row.name,
                level=row.level,
                groups={g: by_group.get((row.unit, g)) for g in group_ids},
                points=None if record is None else clean(record["points"]),
                max_points=None if record is None else clean(record["max_points"]),
                value=None if score is None else score / 100.0,
                rank=row.rank,
                tied=row.tied,
                band=None if record is None else clean(record["band"]),
                self_points=self_points,
                appraised_points=appraised,
                difference=difference,
                reported=row.reported,
            )
        )
    return out


def has_points(rows: list[PointsRow]) -> bool:
    """Whether any unit has points (a programme not in force yet has none: no table)."""
    return any(r.points is not None for r in rows)


def is_assessed(rows: list[PointsRow]) -> bool:
    """Whether any unit self-assessed or was appraised (else no such columns)."""
    return any(r.self_points is not None or r.appraised_points is not None for r in rows)


Sums = tuple[float | None, float | None, float | None]


def _self_and_appraised(scores: pd.DataFrame) -> dict[str, Sums]:
    """Per unit, Σ self-assessed, Σ appraised and Σ (appraised − self) where both are given.

    Each unit's rows summed as one numpy array in their order, as ``Series.sum`` does:
    ``groupby().sum()`` compensates its sums (Kahan), so 0.1 + 0.2 + 0.3 would come out
    0.6 there and 0.6000000000000001 here, and the scorecard stores these unrounded.
    The units are split once (a country's 3,300 units each filtered from the frame
    cost seconds).
    """
    if scores.empty:
        return {}
    codes, units = pd.factorize(scores["unit"].astype(str), sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(units)))[:-1]
    own = pd.to_numeric(scores["self_points"], errors="coerce").to_numpy(float)[order]
    appraised = pd.to_numeric(scores["appraised_points"], errors="coerce").to_numpy(float)[order]
    out: dict[str, Sums] = {}
    for unit, mine, theirs in zip(units, np.split(own, bounds), np.split(appraised, bounds),
                                  strict=True):
        has_own, has_appraised = ~np.isnan(mine), ~np.isnan(theirs)
        both = has_own & has_appraised
        out[str(unit)] = (
            float(np.where(has_own, mine, 0.0).sum()) if has_own.any() else None,
            float(np.where(has_appraised, theirs, 0.0).sum()) if has_appraised.any() else None,
            float((theirs[both] - mine[both]).sum()) if both.any() else None,
        )
    return out


@dataclass(frozen=True)
class ComponentRow:
    """One unit's points on one component (goal) at the latest period."""

    unit: str
    name: str
    goal: str
    goal_name: str
    group: str | None
    max_points: float | None
    points: float | None  # the points that count (the appraisal where given)
    self_points: float | None
    appraised_points: float | None
    difference: float | None  # appraised − self, where both are given
    evidence: str | None  # the evidence cited beside the self-assessment


def component_rows(result: Result, programme: Programme, lang: Lang) -> list[ComponentRow]:
    """Per unit of :func:`points_rows` (province excluded) and per goal a unit self-assessed
    or the province appraised: the points that count, both assessments, the difference
    and the evidence. Units in ranking order, goals in the programme's order."""
    ranked = [r for r in points_rows(result, programme, lang)
              if r.unit not in {u.code for u in result.units.roots}]
    scores = rows_of(result.scores, programme=programme.id)
    period = latest_period(scores, None)
    if period is None or not ranked:
        return []
    scores = rows_of(scores, period=period)
    by_key = {(str(r["unit"]), str(r["goal"])): r for r in scores.to_dict("records")}
    assessed = {g for (_, g), r in by_key.items()
                if clean(r["self_points"]) is not None or clean(r["appraised_points"]) is not None}
    goals = [g for g in programme.goals if g.id in assessed]
    cited = _evidence(result, programme, period)
    out: list[ComponentRow] = []
    for unit_row in ranked:
        for goal in goals:
            record = by_key.get((unit_row.unit, goal.id))
            if record is None:
                continue
            own, appraised = clean(record["self_points"]), clean(record["appraised_points"])
            if own is None and appraised is None:
                continue  # not self-assessed yet: the unit's row says 0 points
            out.append(ComponentRow(
                unit=unit_row.unit, name=unit_row.name, goal=goal.id,
                goal_name=goal_name(result, goal, lang), group=clean(record["group"]),
                max_points=clean(record["max_points"]), points=clean(record["points"]),
                self_points=own, appraised_points=appraised,
                difference=None if own is None or appraised is None else appraised - own,
                evidence=cited.get((unit_row.unit, goal.id)),
            ))
    return out


def _evidence(result: Result, programme: Programme, period: str) -> dict[tuple[str, str], str]:
    """(unit, goal) → the evidence typed beside the goal's self-assessed points."""
    evidence = result.dataset.evidence
    if evidence.empty:
        return {}
    goal_of = {f: row.goal for f, row in form_rows(result.catalogue).items()
               if row.programme == programme.id and row.role == "self"}
    rows = evidence[(evidence["period"].astype(str) == period)
                    & evidence["field"].isin(list(goal_of))]
    return {(str(r["unit"]), goal_of[str(r["field"])]): str(r["text"])
            for r in rows.to_dict("records")}


@dataclass(frozen=True)
class PointsTable:
    """The points table and the component table as text, for the reports (md, html, docx)."""

    title: str
    header: list[str]
    rows: list[list[str]]
    components_header: list[str]
    components: list[list[str]]
    legend: str  # what the points counted are
    groups: int  # how many columns after the rank and the unit are main indices


def points_table(result: Result, programme: Programme, lang: Lang) -> PointsTable | None:
    """The programme's :func:`points_rows` and :func:`component_rows` as formatted text."""
    rows = points_rows(result, programme, lang) if is_points(programme) else []
    if not has_points(rows):
        return None
    assessed = is_assessed(rows)
    groups = points_groups(result, programme)
    names = {g: (grp.name.get(lang) if (grp := result.catalogue.groups.get(g)) else g)
             for g, _ in groups}
    digits = programme.scoring.round if programme.scoring.round is not None else 4

    def num(value: float | None, places: int = 1) -> str:
        return format_number(value, "number", lang, digits=places)

    def signed(value: float | None) -> str:
        return "—" if value is None else ("+" if value > 0 else "") + num(value)

    roots = {u.code for u in result.units.roots}
    total = sum(m for _, m in groups)
    header = [label("col_rank", lang), label("col_unit", lang),
              *[f"{names[g]} ({num(m, 0)})" for g, m in groups],
              f"{label('col_points', lang)} ({num(total, 0)})", label("col_index_value", lang),
              *([label("col_band", lang)] if programme.scoring.bands else []),
              *([label("col_self_points", lang), label("col_appraised_points", lang),
                 label("col_points_difference", lang)] if assessed else [])]
    body = []
    for row in rows:
        own = row.unit not in roots  # the province's row is its units' mean: not ranked
        body.append([row.rank_label(lang) if own else "", row.name,
                     *[num(row.groups[g]) for g, _ in groups], num(row.points),
                     num(row.value, digits),
                     *([band_name(programme, row.band, lang) or "—"]
                       if programme.scoring.bands else []),
                     *([num(row.self_points) if own else "—",
                        num(row.appraised_points) if own else "—",
                        signed(row.difference) if own else "—"] if assessed else [])])
    components_header = [label("col_unit", lang), label("col_component", lang),
                         label("col_max_points", lang), label("col_counted_points", lang),
                         label("col_self_points", lang), label("col_appraised_points", lang),
                         label("col_points_difference", lang), label("col_evidence", lang)]
    components = [[c.name, c.goal_name, num(c.max_points, 0), num(c.points), num(c.self_points),
                   num(c.appraised_points), signed(c.difference), c.evidence or "—"]
                  for c in component_rows(result, programme, lang)]
    title = (programme.short_name or programme.name).get(lang)
    if result.latest_period:
        title += f" ({result.latest_period})"
    return PointsTable(title, header, body, components_header, components,
                       label("points_note", lang), len(groups))
