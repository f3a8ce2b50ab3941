"""Targets and compliance: does each unit meet each programme goal, and by how much.

A goal applies to a unit when its KPI applies to the unit (own data or roll-up;
``not_applicable`` rows are left out). The target is the one for the unit's level
(:meth:`Goal.target_for`). ``met`` is NA when the value is missing — a unit that
did not report has not failed, it is unknown — and ``gap`` is signed so that a
positive gap is better: value − target when higher is better, target − value when
lower is better.

Whether a value meets its target is :func:`chiso.engine.targets.meets`, the one
rule progress uses too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chiso.catalogue.model import Catalogue, Direction
from chiso.engine.evaluate import NOT_APPLICABLE, period_key
from chiso.engine.result import COMPLIANCE_COLUMNS, GOAL_SUMMARY_COLUMNS, PROGRESS_STATUSES
from chiso.engine.targets import meets
from chiso.units.model import Units


def compliance(catalogue: Catalogue, units: Units, values: pd.DataFrame) -> pd.DataFrame:
    """One row per (programme, goal, unit, period) where the goal's KPI applies.

    Rows: programmes and goals in catalogue order, then the order of ``values``
    (units file order, periods in time order). Goals on a KPI the catalogue does
    not define are skipped (the assessment reports them).
    """
    applicable = values[values["reason"].fillna("") != NOT_APPLICABLE]
    by_kpi = {kid: part for kid, part in applicable.groupby("kpi", sort=False)}
    level_of = {u.code: u.level for u in units}
    frames: list[pd.DataFrame] = []
    for programme in catalogue.programmes.values():
        for goal in programme.goals:
            kpi = catalogue.kpis.get(goal.kpi)
            rows = by_kpi.get(goal.kpi)
            if kpi is None or rows is None or not len(rows):
                continue
            levels = rows["unit"].map(level_of)
            targets = levels.map({lvl: goal.target_for(lvl) for lvl in levels.unique()})
            value = rows["value"].to_numpy(dtype=float)
            target = targets.to_numpy(dtype=float)
            sign = -1.0 if kpi.direction is Direction.LOWER else 1.0
            frames.append(
                pd.DataFrame(
                    {
                        "programme": programme.id,
                        "goal": goal.id,
                        "kpi": goal.kpi,
                        "unit": rows["unit"].to_numpy(object),
                        "level": levels.to_numpy(object),
                        "period": rows["period"].to_numpy(object),
                        "value": value,
                        "target": target,
                        "comparison": goal.comparison.value,
                        "deadline": str(goal.deadline),
                        "met": meets(value, target, goal.comparison),
                        "gap": sign * (value - target),
                        "direction": kpi.direction.value,
                    },
                    columns=COMPLIANCE_COLUMNS,
                )
            )
    if not frames:
        return _empty(COMPLIANCE_COLUMNS, {"value": float, "target": float, "gap": float})
    out = pd.concat(frames, ignore_index=True)
    out["met"] = out["met"].astype("boolean")
    return out


def goal_summary(
    catalogue: Catalogue, units: Units, compliance: pd.DataFrame, progress: pd.DataFrame
) -> pd.DataFrame:
    """Per (programme, unit, period): goals applicable, goals met, and progress statuses.

    ``met`` counts goals meeting their target in that period ("4/6"). The status
    counts come from the ``progress`` frame, which classifies each goal at a
    period (normally the latest); periods it does not classify have NA counts, not 0.
    """
    if not len(compliance):
        return _empty(GOAL_SUMMARY_COLUMNS, {})
    keys = ["programme", "unit", "period"]
    counted = compliance.assign(met=compliance["met"].fillna(False).astype(np.int64))
    summary = (
        counted.groupby(keys, sort=False)
        .agg(level=("level", "first"), goals_total=("goal", "size"), met=("met", "sum"))
        .reset_index()
    )
    counts = _status_counts(progress, keys)
    summary = summary.merge(counts, on=keys, how="left")
    for status in PROGRESS_STATUSES:
        summary[status] = summary[status].astype("Int64")
    summary["goals_total"] = summary["goals_total"].astype(np.int64)
    summary["met"] = summary["met"].astype(np.int64)
    order = _order(catalogue, units, summary)
    return summary.iloc[order][GOAL_SUMMARY_COLUMNS].reset_index(drop=True)


def _status_counts(progress: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = [*keys, *PROGRESS_STATUSES]
    if progress is None or not len(progress) or "status" not in progress:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = progress[[*keys, "status"]].astype({"period": str})
    counts = pd.crosstab(
        [frame[k] for k in keys], frame["status"]
    ).reindex(columns=list(PROGRESS_STATUSES), fill_value=0)
    counts.columns.name = None
    return counts.reset_index()[columns]


def _order(catalogue: Catalogue, units: Units, summary: pd.DataFrame) -> np.ndarray:
    programme_pos = {pid: i for i, pid in enumerate(catalogue.programmes)}
    unit_pos = {code: i for i, code in enumerate(units.codes)}
    periods = sorted({str(p) for p in summary["period"]}, key=period_key)
    period_pos = {p: i for i, p in enumerate(periods)}
    return np.lexsort(
        (
            summary["period"].astype(str).map(period_pos).to_numpy(dtype=np.int64),
            summary["unit"].map(unit_pos).fillna(len(unit_pos)).to_numpy(dtype=np.int64),
            summary["programme"].map(programme_pos).to_numpy(dtype=np.int64),
        )
    )


def _empty(columns: list[str], dtypes: dict[str, type]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in columns})
