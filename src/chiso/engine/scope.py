"""Which rows and units a goal reads: shared by progress and scoring.

Both judge one goal at a time over the values frame; both need the goal's KPI's
rows cut once (:func:`split_by_kpi`) and the units the goal is about
(:func:`units_in_scope`), so the two cannot disagree on who is judged.
"""

from __future__ import annotations

import pandas as pd

from chiso.catalogue.model import Kpi
from chiso.engine.evaluate import NOT_APPLICABLE
from chiso.units.model import Unit, Units


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


__all__ = ["split_by_kpi", "units_in_scope"]
