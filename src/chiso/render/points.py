"""The points table of an official index (DTI, Decision 766), answered once for every output.

For a programme scored in points (``scoring.method: points``) a leader reads, per
unit, the points won in each group (main index), the total over the maximum, the
published value and its rank and band — and, where units self-assess, their own
points beside the province's appraisal and the difference. Rows are the units of
the level the programme ranks (the districts, say), at the latest period, best
first; units with no score come last. Nothing here formats for a medium.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from chiso.catalogue.model import Programme, ScoreMethod
from chiso.engine.result import Result
from chiso.findings import Lang
from chiso.render.tables import clean, latest_period, rank_text, ranked_level, ranking_rows, rows_of


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

    @property
    def rank_text(self) -> str:
        return rank_text(self.rank, self.tied)


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
            )
        )
    return out


Sums = tuple[float | None, float | None, float | None]


def _self_and_appraised(scores: pd.DataFrame) -> dict[str, Sums]:
    """Per unit, Σ self-assessed, Σ appraised and Σ (appraised − self) where both are given."""
    out: dict[str, Sums] = {}
    if scores.empty:
        return out
    for unit, rows in scores.groupby("unit", sort=False):
        own = pd.to_numeric(rows["self_points"], errors="coerce")
        appraised = pd.to_numeric(rows["appraised_points"], errors="coerce")
        both = own.notna() & appraised.notna()
        out[str(unit)] = (
            float(own.sum()) if own.notna().any() else None,
            float(appraised.sum()) if appraised.notna().any() else None,
            float((appraised[both] - own[both]).sum()) if both.any() else None,
        )
    return out
