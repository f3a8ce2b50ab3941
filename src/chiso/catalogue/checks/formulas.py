"""Formula checks: syntax, unknown names (K202), cycles between KPIs (K207), unused
fields (K216)."""

from __future__ import annotations

import re

from chiso.catalogue.checks.base import Index, in_scalar, value_at
from chiso.catalogue.graph import cycles, is_kpi_name
from chiso.catalogue.model import Kpi
from chiso.findings import Findings, did_you_mean
from chiso.formula import Formula, FormulaError, parse


def formula_keys(kpi: Kpi) -> list[str]:
    return [k for k in ("numerator", "denominator", "expression") if getattr(kpi, k) is not None]


def check_formulas(index: Index, findings: Findings) -> dict[str, dict[str, Formula]]:
    """Parse every formula; report syntax and unknown names. Returns the parsed ones."""
    parsed: dict[str, dict[str, Formula]] = {}
    known = index.known("field") | index.known("kpi")
    renamed = index.renamed()
    for kpi_id, item in index.kpis.items():
        kpi: Kpi = item.obj
        parsed[kpi_id] = {}
        for key in formula_keys(kpi):
            text = str(getattr(kpi, key))
            try:
                formula = parse(text)
            except FormulaError as exc:
                findings.add(
                    exc.code,
                    in_scalar(item, (key,), text, exc.column),
                    subject=kpi_id,
                    raw=text,
                    **exc.params,
                )
                continue
            parsed[kpi_id][key] = formula
            for name, column in formula.name_columns():
                if name in known:
                    continue
                findings.add(
                    "K202",
                    in_scalar(item, (key,), text, column),
                    subject=kpi_id,
                    name=name,
                    key=f"{kpi_id}.{key}",
                    # A renamed KPI: its new id (formulas do not follow renames).
                    suggestion=renamed.get(name) or did_you_mean(name, sorted(known)),
                )
    return parsed


def check_cycles(
    index: Index, formulas: dict[str, dict[str, Formula]], findings: Findings
) -> None:
    edges = {
        kpi_id: [
            n for f in parsed.values() for n in f.names
            if is_kpi_name(n, index.kpis, index.fields)
        ]
        for kpi_id, parsed in formulas.items()
    }
    for cycle in cycles(edges):
        _report_cycle(index, formulas, cycle, findings)


def _report_cycle(
    index: Index,
    formulas: dict[str, dict[str, Formula]],
    cycle: tuple[str, ...],
    findings: Findings,
) -> None:
    first, target = cycle[0], cycle[1 % len(cycle)]
    item = index.kpis[first]
    location = value_at(item)
    for key, formula in formulas[first].items():
        for name, column in formula.name_columns():
            if name == target:
                location = in_scalar(item, (key,), formula.text, column)
                break
        else:
            continue
        break
    findings.add("K207", location, subject=first, cycle=" → ".join([*cycle, cycle[0]]))


def check_unused_fields(
    index: Index, formulas: dict[str, dict[str, Formula]], findings: Findings
) -> None:
    used: set[str] = set(index.broken.get("words", set()))
    for kpi_id, item in index.kpis.items():
        # A formula that failed to parse still names its fields: do not call them unused.
        for key in formula_keys(item.obj):
            if key not in formulas.get(kpi_id, {}):
                used.update(re.findall(r"[A-Za-z_]\w*", str(getattr(item.obj, key))))
    for kpi_id, parsed in formulas.items():
        for formula in parsed.values():
            used.update(formula.names)
        kpi: Kpi = index.kpis[kpi_id].obj
        used.update(n for n in (kpi.field, kpi.rollup_weight) if n)
    for field_id, item in index.fields.items():
        if field_id not in used:
            findings.add("K216", value_at(item, "id"), subject=field_id, id=field_id)
