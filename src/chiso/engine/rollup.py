"""Roll KPI values up the units hierarchy: parents from their children's fields.

Scope rule. A KPI with ``levels`` L is computed from its own data for a unit whose
level is in L (every level when ``levels`` is unset). Any other unit that has
descendants at a level in L — a district or the province above communes, in a
3-tier or a 2-tier hierarchy alike — is *rolled up* from those descendants:

* ``rollup: sum`` (the default): the KPI's formula on the sums over the
  descendants — ratio of sums, never mean of ratios. A ratio sums its numerator
  and its denominator as evaluated for each descendant (so a yes/no field over
  ``1`` counts communes); a simple KPI sums its field; a derived KPI is evaluated
  on the summed fields, the KPIs it uses recomputed the same way. Only descendants
  that report *every* field the KPI needs (directly or through the KPIs it uses)
  take part, so numerator and denominator cover the same units.
* ``mean`` / ``min`` / ``max`` / ``weighted_mean`` (by the ``rollup_weight``
  field): an aggregate of the descendants' own KPI values (those that have one).
* ``none``: not rolled up; units outside L are ``not_applicable``.

A unit in L that reports none of the KPI's fields but has descendants in L (a
district that leaves its communes to report) is rolled up from them too, and is
then not counted as a missing child of its own ancestors.

A field reported with an error (flagged in the dataset, NaN in the wide frame)
is not summed: its unit does not report every needed field, so it takes no part
and shows in the coverage as a child that did not report. It still counts as
reported for the rule above: a unit whose only value is unusable keeps its own
``invalid_field`` reason instead of being stood in for by its descendants.

Every rolled-up value records ``children_expected`` (descendants in scope),
``children_reported`` (those reporting every needed field) and
``coverage_complete``. A value from incomplete coverage is still given, flagged,
with an ``E101`` warning; with no child reporting it is NaN with reason
``no_children``. A value whose sums (or aggregate) exceed the largest float — two
communes reporting 1e308 — is NaN with reason ``overflow`` and an ``S130`` error,
never ∞ (which would meet any "higher is better" target).

The work is vectorised: the hierarchy becomes a closure table of (ancestor,
descendant) pairs built one level at a time from the parent mapping, and each KPI
is one grouped sum (``np.bincount``) or one ``groupby`` over it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chiso.catalogue.graph import dependency_closure, fields_needed, parse_formula, plan_for
from chiso.catalogue.model import Catalogue, Kpi, KpiType, Rollup
from chiso.engine.evaluate import (
    NO_CHILDREN,
    OVERFLOW,
    ROLLUP,
    ZERO_DENOMINATOR,
    Column,
    Reasons,
    complete_flags,
    complete_frame,
    compute,
    in_scope,
    long_frame,
    matrices,
)
from chiso.findings import Findings, Location
from chiso.formula import evaluate as evaluate_formula
from chiso.units.model import Units


def rollup(
    catalogue: Catalogue,
    units: Units,
    wide: pd.DataFrame,
    values: pd.DataFrame,
    *,
    flags: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, Findings]:
    """``values`` (from :func:`~chiso.engine.evaluate.evaluate`) with parents filled in.

    Returns the complete ``values`` frame (same rows, same order) and one ``E101``
    warning per rolled-up value whose coverage is incomplete. ``flags`` is the
    mask given to :func:`~chiso.engine.evaluate.evaluate`.
    """
    frame = complete_frame(units, wide)
    invalid = complete_flags(units, frame, flags)
    own = matrices(catalogue, frame.index, values)
    tree = _Tree(units, n_periods=len(frame) // len(units) if len(units) else 0)
    kpi_ids = list(catalogue.kpis)
    n_rows = len(frame)
    origin = np.full((n_rows, len(kpi_ids)), "reported", dtype=object)
    expected = np.zeros((n_rows, len(kpi_ids)), dtype=np.int64)
    reported = np.zeros((n_rows, len(kpi_ids)), dtype=np.int64)
    final: dict[str, tuple[Column, Reasons]] = {}
    for col, kid in enumerate(kpi_ids):
        kpi = catalogue.kpis[kid]
        value, reasons = own[kid]
        rolled = _rollup_kpi(catalogue, kpi, frame, tree, own, invalid)
        if rolled is not None:
            target, r_value, r_reasons, r_expected, r_reported = rolled
            value = np.where(target, r_value, value)
            reasons = np.where(target, r_reasons, reasons).astype(object)
            origin[target, col] = ROLLUP
            expected[target, col] = r_expected[target]
            reported[target, col] = r_reported[target]
        final[kid] = (value, reasons)
    out = long_frame(
        catalogue, frame.index, final, origin=origin, expected=expected, reported=reported
    )
    findings = _coverage_findings(units, out)
    findings.extend(_overflow_findings(units, out))
    return out, findings


class _Tree:
    """The hierarchy as arrays over unit positions (order of the units file)."""

    def __init__(self, units: Units, n_periods: int) -> None:
        self.codes = units.codes
        self.levels = np.array([u.level for u in units], dtype=object)
        self.n_periods = n_periods
        position = {code: i for i, code in enumerate(self.codes)}
        parent = np.array([position.get(u.parent, -1) if u.parent else -1 for u in units])
        self.ancestor, self.descendant = _closure(parent)

    def row_of(self, unit_pos: np.ndarray) -> np.ndarray:
        """Rows of (unit, period) for unit positions × every period, unit-major."""
        periods = np.arange(self.n_periods)
        return (unit_pos[:, None] * self.n_periods + periods[None, :]).ravel()


def _closure(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ancestor, descendant) position pairs, extended one level at a time."""
    child = np.flatnonzero(parent >= 0)
    anc_parts, desc_parts = [], []
    ancestor = parent[child]
    for _ in range(len(parent)):  # at most depth steps; a cycle cannot loop forever
        if not len(child):
            break
        anc_parts.append(ancestor)
        desc_parts.append(child)
        keep = parent[ancestor] >= 0
        child, ancestor = child[keep], parent[ancestor[keep]]
    if not anc_parts:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(anc_parts).astype(np.int64), np.concatenate(desc_parts).astype(np.int64)


def _rollup_kpi(
    catalogue: Catalogue,
    kpi: Kpi,
    frame: pd.DataFrame,
    tree: _Tree,
    own: Mapping[str, tuple[Column, Reasons]],
    invalid: pd.DataFrame | None = None,
) -> tuple[np.ndarray, Column, Reasons, np.ndarray, np.ndarray] | None:
    """Rows rolled up and their value, reason, expected and reported counts."""
    if kpi.rollup is Rollup.NONE or not len(frame):
        return None
    n_rows, n_periods = len(frame), tree.n_periods
    unit_scope = in_scope(kpi, tree.levels)
    needed = fields_needed(catalogue, kpi.id)
    if kpi.rollup is Rollup.WEIGHTED_MEAN and kpi.rollup_weight not in needed:
        needed = [*needed, str(kpi.rollup_weight)]
    present = frame.reindex(columns=needed).notna().to_numpy()
    has_all = np.asarray(present.all(axis=1) if needed else np.zeros(n_rows), dtype=bool)
    if invalid is not None:  # reported, though unusable: the unit did send something
        present = present | invalid.reindex(columns=needed, fill_value=False).to_numpy(bool)
    has_any = np.asarray(present.any(axis=1) if needed else np.zeros(n_rows), dtype=bool)
    row_scope = np.repeat(unit_scope, n_periods)

    # Pairs whose descendant is in scope, expanded over periods: one entry per
    # (ancestor row, descendant row) of the same period.
    pairs = unit_scope[tree.descendant]
    anc_rows = tree.row_of(tree.ancestor[pairs])
    desc_rows = tree.row_of(tree.descendant[pairs])
    desc_count = np.bincount(tree.ancestor[pairs], minlength=len(tree.codes))
    row_has_desc = np.repeat(desc_count > 0, n_periods)

    # A unit in scope that reports nothing but has children in scope is stood in
    # for by those children, so it is neither expected nor rolled into ancestors.
    stood_in = row_scope & ~has_any & row_has_desc
    target = row_has_desc & ~(row_scope & has_any)
    counted = ~stood_in[desc_rows]
    reporting = has_all[desc_rows] & row_scope[desc_rows]
    expected = np.bincount(anc_rows[counted], minlength=n_rows)
    reported = np.bincount(anc_rows[reporting], minlength=n_rows)

    anc_rep, desc_rep = anc_rows[reporting], desc_rows[reporting]
    if kpi.rollup is Rollup.SUM:
        value, reasons = _sum_rollup(catalogue, kpi, frame, anc_rep, desc_rep, n_rows)
    else:
        value, reasons = _aggregate_rollup(kpi, frame, own[kpi.id], anc_rep, desc_rep, n_rows)
    nobody = reported == 0
    value = np.where(nobody, np.nan, value)
    reasons = np.where(nobody, NO_CHILDREN, reasons).astype(object)
    overflow = np.isinf(value)
    value = np.where(overflow, np.nan, value)
    reasons = np.where(overflow, OVERFLOW, reasons).astype(object)
    return target, value, reasons, expected, reported


def _sum_rollup(
    catalogue: Catalogue,
    kpi: Kpi,
    frame: pd.DataFrame,
    anc_rows: np.ndarray,
    desc_rows: np.ndarray,
    n_rows: int,
) -> tuple[Column, Reasons]:
    """The KPI (and the KPIs it uses) on sums over the reporting descendants."""
    needed = fields_needed(catalogue, kpi.id)
    chain = dependency_closure(catalogue, [kpi.id])
    columns = frame.reindex(columns=needed).to_numpy(dtype=float)[desc_rows]
    children = {f: columns[:, i] for i, f in enumerate(needed)}
    sums = pd.DataFrame(
        {f: _grouped_sum(anc_rows, children[f], n_rows) for f in needed},
        index=frame.index,
        columns=needed,
    )
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for kid in chain:
        part_kpi = catalogue.kpis[kid]
        if part_kpi.type is KpiType.RATIO:
            env = children
            size = len(desc_rows)
            num = _broadcast(evaluate_formula(parse_formula(str(part_kpi.numerator)), env), size)
            den = _broadcast(evaluate_formula(parse_formula(str(part_kpi.denominator)), env), size)
            parts[kid] = (
                _grouped_sum(anc_rows, num, n_rows),
                _grouped_sum(anc_rows, den, n_rows),
            )
    computed = compute(catalogue, plan_for(catalogue), sums, ratio_parts=parts, only=[kpi.id])
    value, reasons = computed[kpi.id]
    # A sum past the largest float is ∞; a ratio of it may be finite (x/∞ = 0) or NaN.
    # Marked ∞ here, so that the caller says "overflow" whatever the formula made of it.
    overflowed = ~np.isfinite(sums.to_numpy()).all(axis=1)
    for num, den in parts.values():
        overflowed |= np.isinf(num) | np.isinf(den)
    return np.where(overflowed, np.inf, value), reasons


def _aggregate_rollup(
    kpi: Kpi,
    frame: pd.DataFrame,
    own: tuple[Column, Reasons],
    anc_rows: np.ndarray,
    desc_rows: np.ndarray,
    n_rows: int,
) -> tuple[Column, Reasons]:
    """Mean, min, max or weighted mean of the descendants' own values."""
    child_values = own[0][desc_rows]
    has_value = ~np.isnan(child_values)
    if kpi.rollup is Rollup.WEIGHTED_MEAN:
        weights = frame[str(kpi.rollup_weight)].to_numpy(dtype=float)[desc_rows]
        weights = np.where(has_value, weights, 0.0)
        total = _grouped_sum(anc_rows, weights, n_rows)
        weighted = _grouped_sum(anc_rows, np.where(has_value, child_values * weights, 0.0), n_rows)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(total == 0, np.nan, weighted / np.where(total == 0, 1.0, total))
    else:
        how = {Rollup.MEAN: "mean", Rollup.MIN: "min", Rollup.MAX: "max"}[kpi.rollup]
        series = pd.Series(child_values[has_value]).groupby(anc_rows[has_value]).agg(how)
        value = np.full(n_rows, np.nan)
        value[series.index.to_numpy(dtype=np.int64)] = series.to_numpy(dtype=float)
    # Children that report every field but have no value (a zero denominator).
    reasons = np.full(n_rows, None, dtype=object)
    reasons[np.isnan(value)] = ZERO_DENOMINATOR
    return value, reasons


def _grouped_sum(groups: np.ndarray, weights: np.ndarray, n_rows: int) -> np.ndarray:
    if not len(groups):
        return np.zeros(n_rows)
    return np.bincount(groups, weights=weights, minlength=n_rows).astype(float)


def _broadcast(value: object, n: int) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    return np.broadcast_to(arr, (n,)).astype(float) if arr.ndim == 0 else arr


def _overflow_findings(units: Units, values: pd.DataFrame) -> Findings:
    """One ``S130`` per rolled-up value lost to overflow."""
    findings = Findings()
    for row in values[values["reason"] == OVERFLOW].to_dict("records"):
        unit = units.get(str(row["unit"]))
        parent = f"{unit.name} ({unit.code})" if unit else str(row["unit"])
        findings.add("S130", Location(), subject=str(row["kpi"]), parent=parent,
                     kpi=row["kpi"], period=row["period"])
    return findings


def _coverage_findings(units: Units, values: pd.DataFrame) -> Findings:
    """One ``E101`` per rolled-up value given although some children did not report."""
    findings = Findings()
    incomplete = values[
        (values["origin"] == ROLLUP)
        & ~values["coverage_complete"]
        & (values["children_reported"] > 0)
    ]
    for row in incomplete.to_dict("records"):
        unit = units.get(str(row["unit"]))
        parent = f"{unit.name} ({unit.code})" if unit else str(row["unit"])
        findings.add(
            "E101",
            Location(),
            subject=str(row["kpi"]),
            value=float(row["value"]),
            parent=parent,
            kpi=row["kpi"],
            period=row["period"],
            reported=int(row["children_reported"]),
            expected=int(row["children_expected"]),
        )
    return findings
