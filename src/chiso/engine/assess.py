"""The whole assessment: values, roll-up, compliance, progress, scores, summary.

:func:`assess` is the one call the API and the CLI make once a catalogue, a units
file and a dataset are loaded. It is pure: data in, a :class:`Result` out, every
problem a finding.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.engine import progress as progress_module
from chiso.engine import scoring as scoring_module
from chiso.engine.compliance import compliance as compliance_frame
from chiso.engine.compliance import goal_summary
from chiso.engine.evaluate import NOT_APPLICABLE, evaluate, plan_for
from chiso.engine.result import Result
from chiso.engine.rollup import rollup
from chiso.findings import Findings, Location
from chiso.units.model import Units


def assess(catalogue: Catalogue, units: Units, dataset: Dataset) -> Result:
    """Evaluate, roll up and assess every KPI and programme goal.

    Findings are the dataset's own followed by the engine's: values of units not in
    the units file (E001) or of fields not in the catalogue (E002), which are left
    out; KPIs in a dependency cycle (E103); rolled-up values with incomplete
    coverage (E101); KPIs computable for no unit in a period (E102); goals on an
    unknown KPI (E104). Rows of every frame follow the units file, then time.

    Values the dataset flags (kept for provenance although an error finding makes
    them unusable) feed no KPI: the KPI says ``invalid_field:<id>``, and parents
    roll up without them.
    """
    findings = Findings(dataset.findings)
    findings.extend(_unknown_inputs(catalogue, units, dataset))
    findings.extend(_cycles(catalogue))
    wide, flags = _known_wide(catalogue, units, dataset)
    own = evaluate(catalogue, units, wide, flags=flags)
    values, coverage = rollup(catalogue, units, wide, own, flags=flags)
    findings.extend(coverage)
    findings.extend(_not_computable(values))
    findings.extend(_unknown_goal_kpis(catalogue))
    compliance = compliance_frame(catalogue, units, values)
    progress = progress_module.assess_progress(catalogue, units, values)
    scores, composite, group_scores = scoring_module.score(catalogue, units, values)
    summary = goal_summary(catalogue, units, compliance, progress)
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
    )


def _known_wide(
    catalogue: Catalogue, units: Units, dataset: Dataset
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The dataset's wide frame limited to known units and catalogue fields.

    Flagged values (reported with an error) are NaN in it; the second frame, of
    the same shape, says which (None when nothing is flagged).
    """
    tidy = dataset.values
    known = tidy[tidy["unit"].isin(units.codes) & tidy["field"].isin(list(catalogue.fields))]
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


def _cycles(catalogue: Catalogue) -> Findings:
    findings = Findings()
    for kid in plan_for(catalogue).cyclic:
        findings.add("E103", Location(), subject=kid, kpi=kid)
    return findings


def _not_computable(values: pd.DataFrame) -> Findings:
    """One E102 per (KPI, period) where no unit it applies to has a value."""
    findings = Findings()
    applicable = values[values["reason"].fillna("") != NOT_APPLICABLE]
    if not len(applicable):
        return findings
    grouped = applicable.assign(has_value=applicable["value"].notna()).groupby(
        ["kpi", "period"], sort=False
    )
    for (kpi, period), rows in grouped:
        if rows["has_value"].any():
            continue
        # The reasons of units evaluated from their own data are the root cause;
        # parents only echo them as "no_children".
        own = rows[rows["origin"] == "reported"]
        reason = Counter((own if len(own) else rows)["reason"].dropna()).most_common(1)
        findings.add(
            "E102",
            Location(),
            subject=str(kpi),
            kpi=kpi,
            period=period,
            reason=reason[0][0] if reason else "-",
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
