"""The whole assessment: values, roll-up, compliance, progress, scores, summary.

:func:`assess` is the one call the API and the CLI make once a catalogue, a units
file and a dataset are loaded. It is pure: data in, a :class:`Result` out, every
problem a finding.

History across a change of hierarchy. When the units file says when its rows
are in force (a dated :class:`~chiso.units.model.Units`, e.g. 3 tiers until
2025-06 and 2 tiers from 2025-07), each period is evaluated and rolled up with
the hierarchy in force at its end (:meth:`Units.as_of`): periods are grouped by
identical hierarchy, the usual vectorised evaluation and roll-up run once per
group, and the frames are put back together in the units file's order (a code's
place is its first row), then time. So:

* a unit's history continues by its code: a commune that moves from its district
  to the province keeps one series, and progress, ``previous``-value imputation,
  distance baselines and ``change`` run across the change;
* a unit not in force in a period has no rows for it in any frame (an abolished
  district simply stops; it is not ``not_applicable``, which means "this KPI is
  not for this level"); values it reported anyway are left out with ``E003``;
* compliance, scores and ranks use each period's level and parent: every
  period is scored with its own hierarchy, ranks are among the units in force;
* progress is judged for the units in force at the latest period, at their level
  then, on their whole series.

A year that spans the change (2025) is one period, governed by the hierarchy at
its end (December 2025).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from chiso.catalogue.graph import plan_for
from chiso.catalogue.model import Catalogue
from chiso.catalogue.words import goal_words, name_words, reason_words
from chiso.dataset import Dataset
from chiso.engine import progress as progress_module
from chiso.engine import scoring as scoring_module
from chiso.engine.compliance import compliance as compliance_frame
from chiso.engine.compliance import goal_summary
from chiso.engine.coverage import goal_coverage, sent_units
from chiso.engine.evaluate import (
    NOT_APPLICABLE,
    evaluate,
    missing_previous_findings,
    period_key,
)
from chiso.engine.forms import forms_not_sent
from chiso.engine.points import all_pillar_scores
from chiso.engine.result import Result
from chiso.engine.rollup import rollup
from chiso.engine.tracker import submission_tracker
from chiso.findings import Findings, Location
from chiso.memory import gc_paused
from chiso.periods import PeriodError
from chiso.units.model import Units

Eras = list[tuple[Units, list[str]]]  # (hierarchy in force, its periods in time order)
_SEP = "\x1f"  # joins programme and goal ids into one key (ids never contain it)


def assess(catalogue: Catalogue, units: Units, dataset: Dataset) -> Result:
    """Evaluate, roll up and assess every KPI and programme goal.

    (The cyclic garbage collector waits while it runs: see :mod:`chiso.memory`.)

    Findings are the dataset's own followed by the engine's: values of units not in
    the units file (E001) or of fields not in the catalogue (E002), which are left
    out; KPIs in a dependency cycle (E103); rolled-up values with incomplete
    coverage (E101); KPIs computable for no unit in a period (E102), or forms no
    unit sent for a period a programme needs them (E131); goals on an unknown KPI
    (E104). Rows of every frame follow the units file, then time.

    Values the dataset flags (kept for provenance although an error finding makes
    them unusable) feed no KPI: the KPI says ``invalid_field:<id>``, and parents
    roll up without them.
    """
    with gc_paused():
        return _assess(catalogue, units, dataset)


def _assess(catalogue: Catalogue, units: Units, dataset: Dataset) -> Result:
    findings = Findings(dataset.findings)
    findings.extend(_unknown_inputs(catalogue, units, dataset))
    findings.extend(_out_of_force(units, dataset))
    findings.extend(_cycles(catalogue))
    wide, flags = _known_wide(catalogue, units, dataset)
    eras = _eras(units, wide)
    values, coverage = _values(catalogue, units, eras, wide, flags)
    findings.extend(coverage)
    not_sent, forms_findings = forms_not_sent(catalogue, dataset, values)
    findings.extend(_not_computable(catalogue, values, not_sent))
    findings.extend(forms_findings)
    findings.extend(_unknown_goal_kpis(catalogue))
    compliance = _compliance(catalogue, units, eras, values)
    progress = progress_module.assess_progress(catalogue, _latest_hierarchy(units, eras), values)
    findings.extend(_older_values(catalogue, progress))
    progress, mixed = _mixed_series(catalogue, values, progress)
    findings.extend(mixed)
    progress = goal_coverage(catalogue, values, progress)
    sent = sent_units(dataset)
    scores, composite, group_scores = _scores(catalogue, units, eras, values, sent)
    findings.extend(missing_previous_findings(catalogue, values))
    summary = goal_summary(catalogue, units, compliance, progress)
    tracker = submission_tracker(units, catalogue, dataset)
    return Result(
        catalogue=catalogue,
        units=units,
        dataset=dataset,
        values=values,
        compliance=compliance,
        progress=progress,
        goal_summary=summary,
        scores=scores,
        composite=composite,
        group_scores=group_scores,
        findings=findings,
        pillar_scores=all_pillar_scores(catalogue.programmes, group_scores),
        tracker=tracker,
    )


# --- one hierarchy per group of periods ---------------------------------------------------


def _eras(units: Units, wide: pd.DataFrame) -> Eras:
    """The periods of ``wide`` grouped by the hierarchy in force (one group when plain)."""
    periods = sorted({str(p) for p in wide.index.get_level_values(1)}, key=period_key)
    if not units.dated:
        return [(units, periods)]
    return units.by_hierarchy(periods)


def _single(units: Units, eras: Eras) -> bool:
    """A plain hierarchy (or no period): the frames come straight from the engine's steps."""
    return not eras or (len(eras) == 1 and eras[0][0] is units)


def _latest_hierarchy(units: Units, eras: Eras) -> Units:
    """The hierarchy of the latest period: progress is judged in it."""
    periods = [p for _, group in eras for p in group]
    if not units.dated or not periods:
        return units
    return units.as_of(max(periods, key=period_key))


def _values(
    catalogue: Catalogue,
    units: Units,
    eras: Eras,
    wide: pd.DataFrame,
    flags: pd.DataFrame | None,
) -> tuple[pd.DataFrame, Findings]:
    """Evaluated and rolled-up values, each group of periods with its hierarchy."""
    if _single(units, eras):
        own = evaluate(catalogue, units, wide, flags=flags)
        return rollup(catalogue, units, wide, own, flags=flags)
    parts: list[pd.DataFrame] = []
    coverage = Findings()
    for hierarchy, periods in eras:
        part = wide[wide.index.get_level_values(1).isin(periods)]
        part_flags = (
            None if flags is None else flags[flags.index.get_level_values(1).isin(periods)]
        )
        own = evaluate(catalogue, hierarchy, part, flags=part_flags)
        values, found = rollup(catalogue, hierarchy, part, own, flags=part_flags)
        parts.append(values)
        coverage.extend(found)
    values = pd.concat(parts, ignore_index=True)
    order = _Order(catalogue, units, values)
    keys = [order.units(values), order.periods(values), order.kpis(values)]
    return _sorted(values, keys), coverage


def _compliance(
    catalogue: Catalogue, units: Units, eras: Eras, values: pd.DataFrame
) -> pd.DataFrame:
    if _single(units, eras):
        return compliance_frame(catalogue, units, values)
    parts = [
        compliance_frame(catalogue, hierarchy, values[values["period"].isin(periods)])
        for hierarchy, periods in eras
    ]
    frame = _concat(parts)
    order = _Order(catalogue, units, values)
    return _sorted(frame, [order.goals(frame), order.units(frame), order.periods(frame)])


def _scores(
    catalogue: Catalogue, units: Units, eras: Eras, values: pd.DataFrame,
    sent: set[tuple[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Scores, composites and group scores, each period's from its own hierarchy.

    Each hierarchy is scored over every period — so a unit's earlier values (for
    ``previous`` and for baselines) are found by its code whatever its parent was
    — and keeps the rows of its own periods. ``change`` is then taken again over
    the whole series.
    """
    if _single(units, eras):
        return scoring_module.programme_scores(catalogue, units, values, sent)
    found: list[list[pd.DataFrame]] = [[], [], []]
    for hierarchy, periods in eras:
        frames = scoring_module.programme_scores(catalogue, hierarchy, values, sent)
        for bucket, frame in zip(found, frames, strict=True):
            bucket.append(frame[frame["period"].isin(periods)])
    scores, composite, groups = (_concat(parts) for parts in found)
    order = _Order(catalogue, units, values)
    scores = _sorted(scores, [order.goals(scores), order.units(scores), order.periods(scores)])
    composite = _sorted(
        composite,
        [order.programmes(composite), order.units(composite), order.periods(composite)],
    )
    composite["change"] = scoring_module.comparable_change(composite)
    groups = _sorted(
        groups,
        [
            order.programmes(groups),
            pd.factorize(groups["group"])[0],
            order.units(groups),
            order.periods(groups),
        ],
    )
    return scores, composite, groups


class _Order:
    """Positions that put rows back in the units file's order, then time (catalogue order)."""

    def __init__(self, catalogue: Catalogue, units: Units, values: pd.DataFrame) -> None:
        self.unit_pos = {code: i for i, code in enumerate(units.codes)}
        periods = sorted({str(p) for p in values["period"]}, key=period_key)
        self.period_pos = {p: i for i, p in enumerate(periods)}
        self.kpi_pos = {kid: i for i, kid in enumerate(catalogue.kpis)}
        self.programme_pos = {pid: i for i, pid in enumerate(catalogue.programmes)}
        programmes = catalogue.programmes.items()
        goals = [pid + _SEP + goal.id for pid, prog in programmes for goal in prog.goals]
        self.goal_pos = {key: i for i, key in enumerate(goals)}

    @staticmethod
    def _map(column: pd.Series, positions: dict) -> np.ndarray:
        return column.map(positions).fillna(len(positions)).to_numpy(dtype=np.int64)

    def units(self, frame: pd.DataFrame) -> np.ndarray:
        return self._map(frame["unit"].astype(str), self.unit_pos)

    def periods(self, frame: pd.DataFrame) -> np.ndarray:
        return self._map(frame["period"].astype(str), self.period_pos)

    def kpis(self, frame: pd.DataFrame) -> np.ndarray:
        return self._map(frame["kpi"], self.kpi_pos)

    def programmes(self, frame: pd.DataFrame) -> np.ndarray:
        return self._map(frame["programme"], self.programme_pos)

    def goals(self, frame: pd.DataFrame) -> np.ndarray:
        keys = frame["programme"].astype(str) + _SEP + frame["goal"].astype(str)
        return self._map(keys, self.goal_pos)


def _sorted(frame: pd.DataFrame, keys: Sequence[np.ndarray]) -> pd.DataFrame:
    """``frame`` ordered by ``keys`` (most significant first), stably, with a fresh index."""
    if not len(frame):
        return frame.reset_index(drop=True)
    order = np.lexsort(tuple(reversed(keys)))
    return frame.iloc[order].reset_index(drop=True)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The parts one after the other; the first (empty, typed) one when all are empty."""
    filled = [p for p in parts if len(p)]
    if not filled:
        return parts[0].iloc[:0].reset_index(drop=True)
    return pd.concat(filled, ignore_index=True)


def _in_force(units: Units, tidy: pd.DataFrame) -> np.ndarray:
    """Rows of a tidy frame whose unit is in force in the row's period (all when plain).

    A period that is not a period text has no hierarchy in a dated file: not in force.
    """
    if not units.dated:
        return np.ones(len(tidy), dtype=bool)
    periods = tidy["period"].astype(str)
    ok = np.zeros(len(tidy), dtype=bool)
    for period in periods.unique():
        try:
            hierarchy = units.as_of(period)
        except PeriodError:
            continue
        ok |= ((periods == period) & tidy["unit"].isin(hierarchy.codes)).to_numpy()
    return ok


def _out_of_force(units: Units, dataset: Dataset) -> Findings:
    """One ``E003`` per unit of the units file with values for periods it is not in force."""
    findings = Findings()
    if not units.dated:
        return findings
    tidy = dataset.values
    known = tidy[tidy["unit"].isin(units.codes)]
    strays = known[~_in_force(units, known)]
    for unit, rows in strays.groupby("unit", sort=False):
        periods = sorted({str(p) for p in rows["period"]}, key=period_key)
        findings.add(
            "E003",
            _location(rows.iloc[0]),
            subject=str(unit),
            unit=unit,
            count=len(rows),
            periods=", ".join(periods),
            validity=", ".join(u.validity for u in units.rows_of(str(unit))),
        )
    return findings


def _known_wide(
    catalogue: Catalogue, units: Units, dataset: Dataset
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The dataset's wide frame limited to known units and catalogue fields.

    Flagged values (reported with an error) are NaN in it; the second frame, of
    the same shape, says which (None when nothing is flagged).
    """
    tidy = dataset.values
    known = tidy[tidy["unit"].isin(units.codes) & tidy["field"].isin(list(catalogue.fields))]
    if units.dated:
        known = known[_in_force(units, known)]  # E003 said so for the others
    fields = list(catalogue.fields)
    if not len(known):
        index = pd.MultiIndex.from_arrays([[], []], names=["unit", "period"])
        return pd.DataFrame(index=index, columns=fields, dtype=float), None
    data = Dataset(known.reset_index(drop=True))
    flagged = "flag" in known and bool(known["flag"].notna().any())
    return data.wide(fields), data.flag_mask(fields) if flagged else None


def _unknown_inputs(catalogue: Catalogue, units: Units, dataset: Dataset) -> Findings:
    findings = Findings()
    tidy = dataset.values
    for column, code, known in (
        ("unit", "E001", set(units.codes)),
        ("field", "E002", set(catalogue.fields)),
    ):
        strays = tidy[~tidy[column].isin(known)]
        for name, rows in strays.groupby(column, sort=False):
            first = rows.iloc[0]
            findings.add(
                code,
                _location(first),
                subject=str(name),
                count=len(rows),
                **{column: name},
            )
    return findings


def _location(row: pd.Series) -> Location:
    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value is None or pd.isna(value) else str(value)

    return Location(file=text("file"), sheet=text("sheet"), cell=text("cell"))


def _older_values(catalogue: Catalogue, progress: pd.DataFrame) -> Findings:
    """One E105 per goal and unit judged on a value older than the latest period."""
    findings = Findings()
    if not len(progress):
        return findings
    older = progress[progress["value_period"].notna()
                     & (progress["value_period"] != progress["period"])]
    for row in older.to_dict("records"):
        goal, programme = goal_words(catalogue, str(row["programme"]), str(row["goal"]))
        findings.add("E105", Location(), subject=str(row["unit"]), unit=row["unit"],
                     goal=goal, programme=programme, period=row["period"],
                     used=row["value_period"], reason=reason_words(catalogue, row["reason"]))
    return findings


def _mixed_series(
    catalogue: Catalogue, values: pd.DataFrame, progress: pd.DataFrame
) -> tuple[pd.DataFrame, Findings]:
    """Mark (``mixed_series``) and say (E106) series that are a unit's own report in some
    periods and its units' roll-up (the stand-in) in others."""
    findings = Findings()
    observed = values[values["value"].notna()]
    origins = observed.groupby(["unit", "kpi"], sort=False)["origin"].nunique()
    mixed = origins[origins > 1].index
    progress = progress.assign(mixed_series=False)
    if not len(mixed):
        return progress, findings
    keys = pd.MultiIndex.from_frame(progress[["unit", "kpi"]])
    progress["mixed_series"] = keys.isin(mixed)
    for unit, kpi in mixed:
        rows = observed[(observed["unit"] == unit) & (observed["kpi"] == kpi)]
        own = sorted(rows.loc[rows["origin"] == "reported", "period"].astype(str), key=period_key)
        rolled = sorted(rows.loc[rows["origin"] != "reported", "period"].astype(str),
                        key=period_key)
        findings.add("E106", Location(), subject=str(unit), unit=unit,
                     kpi=name_words(catalogue, str(kpi)),
                     own=", ".join(own), rolled=", ".join(rolled))
    return progress, findings


def _cycles(catalogue: Catalogue) -> Findings:
    findings = Findings()
    for kid in plan_for(catalogue).cyclic:
        findings.add("E103", Location(), subject=kid, kpi=name_words(catalogue, kid))
    return findings


def _not_computable(
    catalogue: Catalogue, values: pd.DataFrame, not_sent: set[tuple[str, str]]
) -> Findings:
    """One E102 per (KPI, period) where no unit it applies to has a value.

    Not for a KPI whose form no unit sent in the period (``not_sent``, see
    :mod:`chiso.engine.forms`): that is one E131 per form, not one E102 per KPI.
    """
    findings = Findings()
    applicable = values[values["reason"].fillna("") != NOT_APPLICABLE]
    if not len(applicable):
        return findings
    grouped = applicable.assign(has_value=applicable["value"].notna()).groupby(
        ["kpi", "period"], sort=False
    )
    for (kpi, period), rows in grouped:
        if rows["has_value"].any() or (str(kpi), str(period)) in not_sent:
            continue
        # The reasons of units evaluated from their own data are the root cause;
        # parents only echo them as "no_children".
        own = rows[rows["origin"] == "reported"]
        reason = Counter((own if len(own) else rows)["reason"].dropna()).most_common(1)
        findings.add(
            "E102",
            Location(),
            subject=str(kpi),
            kpi=name_words(catalogue, str(kpi)),
            period=period,
            reason=reason_words(catalogue, reason[0][0] if reason else None),
        )
    return findings


def _unknown_goal_kpis(catalogue: Catalogue) -> Findings:
    findings = Findings()
    for programme in catalogue.programmes.values():
        for goal in programme.goals:
            if goal.kpi not in catalogue.kpis:
                findings.add(
                    "E104",
                    Location(),
                    subject=goal.id,
                    goal=goal.id,
                    programme=programme.id,
                    kpi=goal.kpi,
                )
    return findings
