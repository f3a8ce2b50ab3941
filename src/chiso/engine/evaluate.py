"""Evaluate every KPI for every unit and period from the unit's own reported fields.

The input is the wide frame of :meth:`chiso.dataset.Dataset.wide` — one row per
(unit, period), one float column per field, NaN where nothing was reported. Each
KPI's formulas are evaluated over whole columns at once with
:func:`chiso.formula.evaluate`; derived KPIs come after the KPIs they use
(a topological order of the catalogue, :mod:`chiso.catalogue.graph`).

Every value that cannot be computed says why, in the ``reason`` column:

* ``missing_field:<id>`` — the first field of the formula (in the order it is
  written) that the unit did not report;
* ``invalid_field:<id>`` — that first field was reported, but with an error
  finding that makes it unusable (its ``flag`` in the dataset, e.g. S302
  ``dossiers_online (120) > dossiers_total (100)``): the value is not used;
* ``missing_input:<kpi>`` — the first KPI a derived formula uses that has no value;
* ``zero_denominator`` — the denominator is 0 and the KPI's
  ``on_zero_denominator`` rule is ``missing`` (rules ``zero``/``one`` give 0 or 1,
  times ``scale``); for a derived KPI, a division by zero inside its expression;
* ``not_applicable`` — the unit's level is not one of the KPI's ``levels``;
* ``missing_previous:<id>`` — the formula needed ``previous(<id>)``, the value of
  the period before (the year before a year, the quarter before a quarter, the
  month before a month), and the unit has none: never read as 0. A ``previous()``
  that the formula did not need (the other branch of an ``if``) costs nothing.

Parents of the units that report are filled in afterwards by
:mod:`chiso.engine.rollup`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from chiso import formula
from chiso.catalogue.graph import (
    Plan,
    dependency_closure,
    direct_inputs,
    is_kpi_name,
    parse_formula,
    plan_for,
)
from chiso.catalogue.model import Catalogue, Kpi, KpiType, ZeroDenominator
from chiso.catalogue.words import name_words
from chiso.engine.result import VALUES_COLUMNS
from chiso.findings import Findings, Location
from chiso.periods import Period, PeriodError
from chiso.units.model import Units

REPORTED = "reported"
ROLLUP = "rollup"
NOT_APPLICABLE = "not_applicable"
ZERO_DENOMINATOR = "zero_denominator"
NO_CHILDREN = "no_children"
MISSING_PREVIOUS = "missing_previous"
OVERFLOW = "overflow"  # a roll-up whose sums exceed the largest float (1.8e308)

Column = np.ndarray  # float column of one KPI over all rows
Reasons = np.ndarray  # object column: None or a reason code


def evaluate(
    catalogue: Catalogue,
    units: Units,
    wide: pd.DataFrame,
    *,
    flags: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Values of every KPI for every unit of ``units`` and period of ``wide``.

    Rows come in the order of the units file, then periods in time order, then KPIs
    in catalogue order; columns follow the ``values`` contract of
    :mod:`chiso.engine.result`. Units of ``wide`` that are not in ``units`` are left
    out (:func:`chiso.engine.assess.assess` reports them). ``flags`` (booleans like
    :meth:`chiso.dataset.Dataset.flag_mask`) marks the NaN of ``wide`` that are
    values reported with an error: KPIs needing them say ``invalid_field:<id>``.
    """
    frame = complete_frame(units, wide)
    invalid = complete_flags(units, frame, flags)
    plan = plan_for(catalogue)
    row_levels = np.array([units[code].level for code in frame.index.get_level_values(0)])
    scope = {kid: in_scope(catalogue.kpis[kid], row_levels) for kid in plan.order}
    computed = compute(catalogue, plan, frame, scope=scope, invalid=invalid)
    return long_frame(catalogue, frame.index, computed)


def compute(
    catalogue: Catalogue,
    plan: Plan,
    frame: pd.DataFrame,
    *,
    scope: Mapping[str, np.ndarray] | None = None,
    ratio_parts: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    only: Iterable[str] | None = None,
    invalid: pd.DataFrame | None = None,
) -> dict[str, tuple[Column, Reasons]]:
    """Value and reason columns of KPIs over the rows of ``frame`` (columns = fields).

    ``scope`` masks rows where a KPI does not apply (``not_applicable``) before any
    KPI that uses it is computed. ``ratio_parts`` gives ready numerator and
    denominator columns of ratio KPIs (the roll-up passes sums over children).
    ``only`` limits the work to these KPIs and the KPIs they use. ``invalid``
    (booleans shaped like ``frame``) marks fields reported with an error.
    """
    n = len(frame)
    wanted = set(dependency_closure(catalogue, only)) if only is not None else None
    out: dict[str, tuple[Column, Reasons]] = {}
    for kid in plan.order:
        if wanted is not None and kid not in wanted:
            continue
        kpi = catalogue.kpis[kid]
        env = _Env(catalogue, frame, out, n, invalid)
        if kid in plan.cyclic:
            value = np.full(n, np.nan)
            cause = f"missing_input:{_cyclic_input(catalogue, kid, plan)}"
            reasons = np.full(n, cause, dtype=object)
        else:
            parts = ratio_parts.get(kid) if ratio_parts else None
            value, reasons = _compute_one(kpi, env, parts)
        if scope is not None and kid in scope:
            outside = ~scope[kid]
            value = np.where(outside, np.nan, value)
            reasons = np.where(outside, NOT_APPLICABLE, reasons).astype(object)
        out[kid] = (value, reasons)
    return out


class _Env(dict[str, np.ndarray]):
    """Names of a formula → columns: fields from the frame, KPIs computed so far.

    A name that is neither (already reported by the catalogue loader) is an
    all-missing field rather than a crash.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        frame: pd.DataFrame,
        kpis: Mapping[str, tuple[Column, Reasons]],
        n: int,
        invalid: pd.DataFrame | None = None,
    ) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.frame = frame
        self.kpis = kpis
        self.n = n
        self.invalid = invalid
        self._lag_rows: dict[str, np.ndarray] = {}

    def previous_rows(self, function: str = formula.PREVIOUS) -> np.ndarray:
        """For each row, the row of the same unit in the period before (-1: none), or for
        ``previous_year`` in the year before the period's year."""
        if function in self._lag_rows:
            return self._lag_rows[function]
        before_of = previous_period if function == formula.PREVIOUS else previous_year
        rows = np.full(self.n, -1, dtype=np.int64)
        index = self.frame.index
        if index.nlevels == 2:
            keys = list(zip(index.get_level_values(0), index.get_level_values(1), strict=True))
            position = {key: i for i, key in enumerate(keys)}
            for i, (unit, period) in enumerate(keys):
                before = before_of(str(period))
                if before is not None:
                    rows[i] = position.get((unit, before), -1)
        self._lag_rows[function] = rows
        return rows

    def periods_per_year(self) -> np.ndarray:
        """1, 4 or 12 for each row as its period is a year, a quarter or a month (NaN: none)."""
        index = self.frame.index
        if index.nlevels != 2:
            return np.full(self.n, np.nan)
        per = {"year": 1.0, "quarter": 4.0, "month": 12.0}
        out = np.full(self.n, np.nan)
        for i, period in enumerate(index.get_level_values(1)):
            with contextlib.suppress(PeriodError):
                out[i] = per[Period.parse(str(period)).kind]
        return out

    def flagged(self, name: str) -> np.ndarray | None:
        """Rows where field ``name`` was reported with an error (None: no such row)."""
        if self.invalid is None or name not in self.invalid.columns:
            return None
        return self.invalid[name].to_numpy(dtype=bool)

    def __missing__(self, name: str) -> np.ndarray:
        column: np.ndarray
        lagged = _lagged_name(name)
        if lagged is not None:
            function, inner = lagged
            source = _column(self[inner], self.n)
            rows = self.previous_rows(function)
            column = np.where(rows >= 0, source[np.maximum(rows, 0)], np.nan)
        elif name == formula.periods_key():
            column = self.periods_per_year()
        elif is_kpi_name(name, self.catalogue.kpis, self.catalogue.fields):
            found = self.kpis.get(name)
            column = found[0] if found is not None else np.full(self.n, np.nan)
        elif name in self.frame.columns:
            column = self.frame[name].to_numpy(dtype=float, na_value=np.nan)
        else:
            column = np.full(self.n, np.nan)
        self[name] = column
        return column


def _compute_one(
    kpi: Kpi, env: _Env, parts: tuple[np.ndarray, np.ndarray] | None
) -> tuple[Column, Reasons]:
    n = env.n
    parsed = [parse_formula(text) for text in kpi.formulas().values()]
    names = [name for f in parsed for name in f.current]
    reasons = _first_missing(env, names)
    missing_input = ~pd.isna(reasons)
    if kpi.type is KpiType.RATIO:
        if parts is None:
            num = _column(formula.evaluate(parse_formula(str(kpi.numerator)), env), n)
            den = _column(formula.evaluate(parse_formula(str(kpi.denominator)), env), n)
        else:
            num, den = parts
        value = _ratio(num, den, kpi.on_zero_denominator)
    elif kpi.type is KpiType.DERIVED:
        value = _column(formula.evaluate(parse_formula(str(kpi.expression)), env), n)
    else:
        value = _column(env[str(kpi.field)], n).copy()
    value = value * kpi.scale
    # A NaN with every input present comes from a division by zero.
    unexplained = np.isnan(value) & ~missing_input
    for key in dict.fromkeys(k for f in parsed for k in f.lag_keys):
        gap = unexplained & np.isnan(_column(env[key], n))
        function, name = _lagged_name(key) or (formula.PREVIOUS, key)
        # previous(x) says "missing_previous:x"; previous_year(x) names its function.
        said = name if function == formula.PREVIOUS else key
        reasons = np.where(gap, f"{MISSING_PREVIOUS}:{said}", reasons).astype(object)
        unexplained = unexplained & ~gap
    reasons = np.where(unexplained, ZERO_DENOMINATOR, reasons).astype(object)
    value = np.where(missing_input, np.nan, value)
    return value, reasons


def _ratio(num: np.ndarray, den: np.ndarray, rule: ZeroDenominator) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den == 0, np.nan, num / np.where(den == 0, 1.0, den))
    if rule is ZeroDenominator.ZERO:
        value = np.where((den == 0) & ~np.isnan(num), 0.0, value)
    elif rule is ZeroDenominator.ONE:
        value = np.where((den == 0) & ~np.isnan(num), 1.0, value)
    return value


def _first_missing(env: _Env, names: Iterable[str]) -> Reasons:
    """The reason of the first missing name, else None.

    ``missing_input:<kpi>`` for a KPI; for a field ``invalid_field:<id>`` where it
    was reported with an error, ``missing_field:<id>`` where it was not reported.
    """
    reasons = np.full(env.n, None, dtype=object)
    for name in dict.fromkeys(names):
        kpi = is_kpi_name(name, env.catalogue.kpis, env.catalogue.fields)
        gap = np.isnan(_column(env[name], env.n)) & pd.isna(reasons)
        reasons[gap] = f"missing_input:{name}" if kpi else f"missing_field:{name}"
        flagged = None if kpi else env.flagged(name)
        if flagged is not None:
            reasons[gap & flagged] = f"invalid_field:{name}"
    return reasons


def _column(value: object, n: int) -> np.ndarray:
    """A formula result as a float column of length ``n`` (constants are broadcast)."""
    arr = np.asarray(value, dtype=float)
    return np.broadcast_to(arr, (n,)).astype(float) if arr.ndim == 0 else arr


def _cyclic_input(catalogue: Catalogue, kid: str, plan: Plan) -> str:
    inputs = direct_inputs(catalogue, catalogue.kpis[kid])[1]
    return next((dep for dep in inputs if dep in plan.cyclic), inputs[0] if inputs else kid)


def in_scope(kpi: Kpi, levels: np.ndarray) -> np.ndarray:
    """Rows whose unit level is one of the KPI's ``levels`` (all rows when unset)."""
    if kpi.levels is None:
        return np.ones(len(levels), dtype=bool)
    return np.isin(levels, list(kpi.levels))


def previous_period(text: str) -> str | None:
    """The period before ``text`` of the same kind (None if ``text`` is not a period)."""
    try:
        return str(Period.parse(text).previous())
    except PeriodError:
        return None


def missing_previous_findings(catalogue: Catalogue, values: pd.DataFrame) -> Findings:
    """One ``E130`` per (KPI, period, name) whose ``previous(name)`` was missing."""
    findings = Findings()
    reasons = values["reason"].astype(str)
    gaps = values[reasons.str.startswith(MISSING_PREVIOUS + ":")]
    if not len(gaps):
        return findings
    gaps = gaps.assign(_name=gaps["reason"].astype(str).str.split(":", n=1).str[1])
    for (kpi, period, name), rows in gaps.groupby(["kpi", "period", "_name"], sort=False):
        codes = [str(u) for u in rows["unit"]]
        shown = ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
        findings.add(
            "E130",
            Location(),
            subject=str(kpi),
            kpi=name_words(catalogue, str(kpi)),
            period=period,
            name=name_words(catalogue, str(name)),
            previous=(previous_year(str(period)) if str(name).startswith(formula.PREVIOUS_YEAR)
                      else previous_period(str(period))) or "-",
            count=len(codes),
            units=shown,
        )
    return findings


def _lagged_name(key: str) -> tuple[str, str] | None:
    """``previous_year(x)`` → ``("previous_year", "x")``; None for a plain name."""
    for function in formula.LAGS:
        prefix = function + "("
        if key.startswith(prefix) and key.endswith(")"):
            return function, key[len(prefix) : -1]
    return None


def previous_year(text: str) -> str | None:
    """The year before the period's year (``2023`` for 2024, 2024-Q3 or 2024-06)."""
    try:
        return str(Period(Period.parse(text).year - 1))
    except PeriodError:
        return None


def period_key(text: str) -> tuple[float, str, str]:
    """Sort key of a period text; text that is not a period sorts last, as text."""
    try:
        period = Period.parse(text)
    except PeriodError:
        return (float("inf"), "", text)
    return (period.end, period.kind, text)


def complete_frame(units: Units, wide: pd.DataFrame) -> pd.DataFrame:
    """``wide`` reindexed to every unit of the units file × every period, in order.

    Units not in the units file are dropped; a unit with nothing reported in a
    period gets a row of NaN, so its KPIs say what is missing.
    """
    if wide.index.nlevels == 2 and len(wide):
        periods = sorted({str(p) for p in wide.index.get_level_values(1)}, key=period_key)
    else:
        periods = []
    index = pd.MultiIndex.from_product([units.codes, periods], names=["unit", "period"])
    if not len(wide):
        return pd.DataFrame(index=index, columns=list(wide.columns), dtype=float)
    source = wide.copy()
    source.index = pd.MultiIndex.from_arrays(
        [
            source.index.get_level_values(0).astype(str),
            source.index.get_level_values(1).astype(str),
        ],
        names=["unit", "period"],
    )
    return source.reindex(index).astype(float)


def complete_flags(
    units: Units, frame: pd.DataFrame, flags: pd.DataFrame | None
) -> pd.DataFrame | None:
    """``flags`` aligned with ``frame`` (from :func:`complete_frame`); None if nothing is flagged.

    Unlisted rows and fields are not flagged.
    """
    if flags is None or not len(flags) or not flags.to_numpy(dtype=bool).any():
        return None
    aligned = complete_frame(units, flags.astype(float))
    aligned = aligned.reindex(index=frame.index, columns=frame.columns)
    return aligned.fillna(0.0).astype(bool)


def long_frame(
    catalogue: Catalogue,
    index: pd.Index,
    computed: Mapping[str, tuple[Column, Reasons]],
    *,
    origin: np.ndarray | None = None,
    expected: np.ndarray | None = None,
    reported: np.ndarray | None = None,
) -> pd.DataFrame:
    """The ``values`` frame from (rows × KPIs) columns, KPIs in catalogue order.

    ``origin``, ``expected`` and ``reported`` are (rows × KPIs) matrices; by default
    every value is reported with no children.
    """
    kpi_ids = list(catalogue.kpis)
    n_rows, n_kpis = len(index), len(kpi_ids)
    if n_kpis:
        values = np.column_stack([computed[k][0] for k in kpi_ids]).astype(float)
        reasons = np.column_stack([computed[k][1] for k in kpi_ids]).astype(object)
    else:
        values = np.empty((n_rows, 0))
        reasons = np.empty((n_rows, 0), dtype=object)
    if origin is None:
        origin = np.full((n_rows, n_kpis), REPORTED, dtype=object)
    if expected is None:
        expected = np.zeros((n_rows, n_kpis), dtype=np.int64)
    if reported is None:
        reported = np.zeros((n_rows, n_kpis), dtype=np.int64)
    complete = np.where(origin == ROLLUP, reported >= expected, True)
    unit_codes = index.get_level_values(0).to_numpy(object)
    periods = index.get_level_values(1).to_numpy(object)
    return pd.DataFrame(
        {
            "unit": pd.Series(np.repeat(unit_codes, n_kpis), dtype=object),
            "period": pd.Series(np.repeat(periods, n_kpis), dtype=object),
            "kpi": pd.Series(np.tile(np.array(kpi_ids, dtype=object), n_rows), dtype=object),
            "value": values.ravel(),
            "reason": pd.Series(reasons.ravel(), dtype=object),
            "origin": pd.Series(origin.ravel(), dtype=object),
            "children_expected": expected.ravel().astype(np.int64),
            "children_reported": reported.ravel().astype(np.int64),
            "coverage_complete": complete.ravel().astype(bool),
        },
        columns=VALUES_COLUMNS,
    )


def matrices(
    catalogue: Catalogue, index: pd.Index, values: pd.DataFrame
) -> dict[str, tuple[Column, Reasons]]:
    """The inverse of :func:`long_frame` for value and reason: KPI → columns over ``index``."""
    kpi_ids = list(catalogue.kpis)
    expected = [
        np.repeat(index.get_level_values(0).to_numpy(object), len(kpi_ids)),
        np.repeat(index.get_level_values(1).to_numpy(object), len(kpi_ids)),
        np.tile(np.array(kpi_ids, dtype=object), len(index)),
    ]
    in_order = len(values) == len(expected[0]) and all(
        np.array_equal(values[key].to_numpy(object), want)
        for key, want in zip(("unit", "period", "kpi"), expected, strict=True)
    )
    if in_order:  # as evaluate() made it: a reshape is enough
        keyed = values
    else:
        full = pd.MultiIndex.from_arrays(expected, names=["unit", "period", "kpi"])
        keyed = values.set_index(["unit", "period", "kpi"]).reindex(full)
    shape = (len(index), len(kpi_ids))
    vals = keyed["value"].to_numpy(dtype=float, na_value=np.nan).reshape(shape)
    reasons = keyed["reason"].to_numpy(dtype=object).reshape(shape)
    reasons = reasons.astype(object)
    reasons[pd.isna(reasons)] = None
    return {k: (vals[:, i], reasons[:, i]) for i, k in enumerate(kpi_ids)}
