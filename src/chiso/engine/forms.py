"""Forms no unit sent for a period: their KPIs are not reported, not "not computable".

A field on a form of its own (``FieldDef.form``: a DTI self-assessment, the
province's appraisal, the DTI 2025 values) comes in a workbook apart from the
regular report. When no unit sent that form for a period, every KPI built only
from its fields has no value there — and the reason is one, the missing form,
not a KPI each. The example province showed why this matters: its 2022 and 2023
reports predate the DTI self-assessment and no one reports DTI 2025 values
before 2025, so 56 "KPI not computable" warnings (E102) told the analyst nothing
the one fact "no one sent form X for P" does not.

So such a (KPI, period) gives no E102. Instead, one E131 (information) per
(form, period) says which form no unit sent, and only when a programme in force
in that period (its horizon covers the period) scores one of the form's KPIs:
a DTI 2025 form is not expected in 2024.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from chiso.catalogue.graph import fields_needed
from chiso.catalogue.model import Catalogue, Programme
from chiso.dataset import Dataset
from chiso.engine.evaluate import period_key
from chiso.findings import Findings, Location
from chiso.periods import Period, PeriodError


def in_force(programme: Programme, period: str) -> bool:
    """Whether ``period`` ends within the programme's horizon (its first period to its last)."""
    try:
        first, _ = Period.parse(programme.horizon.start).span
        _, last = Period.parse(programme.horizon.end).span
        _, at = Period.parse(period).span
    except PeriodError:
        return True  # an unreadable horizon is the catalogue check's finding, not a reason here
    return first < at <= last


def programme_kpis(programme: Programme) -> set[str]:
    """The KPIs a programme scores: its goals' KPIs and their appraised / self-assessed KPIs."""
    out: set[str] = set()
    for goal in programme.goals:
        out.add(goal.kpi)
        if goal.points is not None:
            out.update(k for k in (goal.points.appraised, goal.points.self_assessed) if k)
    return out


def forms_not_sent(
    catalogue: Catalogue, dataset: Dataset, values: pd.DataFrame
) -> tuple[set[tuple[str, str]], Findings]:
    """The (KPI, period) pairs whose form no unit sent, and one E131 per (form, period).

    A KPI counts when every field it needs is on a form and none of those fields
    has a value (even a rejected one) from any unit in the period.
    """
    findings = Findings()
    forms_of: dict[str, frozenset[str]] = {}
    for kid in catalogue.kpis:
        needed = fields_needed(catalogue, kid)
        on = {catalogue.fields[f].form if f in catalogue.fields else None for f in needed}
        if needed and None not in on:
            forms_of[kid] = frozenset(f for f in on if f is not None)
    if not forms_of or values.empty:
        return set(), findings
    reported = dataset.values
    sent_fields: dict[str, set[str]] = defaultdict(set)
    for period, field in zip(reported["period"].astype(str).tolist(), reported["field"].tolist(),
                             strict=True):
        sent_fields[period].add(str(field))
    skipped: set[tuple[str, str]] = set()
    missing: dict[tuple[str, str], list[str]] = defaultdict(list)  # (period, form) → KPIs
    periods = sorted({str(p) for p in values["period"].unique()}, key=period_key)
    for period in periods:
        for kid, forms in forms_of.items():
            if any(f in sent_fields[period] for f in fields_needed(catalogue, kid)):
                continue
            skipped.add((kid, period))
            for form in forms:
                missing[(period, form)].append(kid)
    for (period, form), kpis in sorted(missing.items(), key=lambda kv: (period_key(kv[0][0]),
                                                                       kv[0][1])):
        scored = set(kpis)
        if not any(in_force(p, period) and programme_kpis(p) & scored
                   for p in catalogue.programmes.values()):
            continue
        findings.add("E131", Location(), subject=form, form=form, period=period,
                     count=len(kpis), kpis=", ".join(kpis))
    return skipped, findings
