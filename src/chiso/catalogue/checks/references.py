"""Reference checks: groups, fields, levels and constraint operands that exist (K204–K206,
K214), and a KPI's unit against its field's kind (K215, K221)."""

from __future__ import annotations

from collections.abc import Iterable

from chiso.catalogue.checks.base import Index, Placed, key_at, value_at
from chiso.catalogue.checks.points import check_previous
from chiso.catalogue.model import CatalogueInfo, FieldDef, FieldKind, Kpi, KpiType, Measure, Rollup
from chiso.catalogue.source import KeyPath
from chiso.findings import Findings, did_you_mean


def check_references(index: Index, info: CatalogueInfo | None, findings: Findings) -> None:
    levels = list(info.levels) if info is not None else None
    for field_id, item in index.fields.items():
        field: FieldDef = item.obj
        check_levels(item, ("levels",), field.levels, levels, findings)
        for position, text in enumerate(field.constraints):
            operand = _constraint_operand(text)
            if isinstance(operand, str) and operand not in index.known("field"):
                findings.add(
                    "K214",
                    value_at(item, "constraints", position),
                    subject=field_id,
                    name=operand,
                    suggestion=did_you_mean(operand, index.fields),
                )
    for kpi_id, item in index.kpis.items():
        kpi: Kpi = item.obj
        if kpi.group not in index.known("group"):
            findings.add(
                "K204",
                value_at(item, "group"),
                subject=kpi_id,
                name=kpi.group,
                suggestion=did_you_mean(kpi.group, index.groups),
            )
        for key in ("field", "rollup_weight"):
            name = getattr(kpi, key)
            if name is not None and name not in index.known("field"):
                findings.add(
                    "K205",
                    value_at(item, key),
                    subject=kpi_id,
                    name=name,
                    suggestion=did_you_mean(name, index.fields),
                )
        check_levels(item, ("levels",), kpi.levels, levels, findings)
        check_previous(item, findings)
        if kpi.type is KpiType.SIMPLE and kpi.unit is Measure.PERCENT and kpi.field in index.fields:
            field_kind = index.fields[kpi.field].obj.kind.value
            if field_kind not in ("percent", "yes_no"):
                findings.add("K215", value_at(item, "unit"), subject=kpi_id, id=kpi_id)
        if (
            kpi.type is KpiType.SIMPLE
            and kpi.rollup is Rollup.SUM
            and kpi.field in index.fields
            and index.fields[kpi.field].obj.kind in (FieldKind.PERCENT, FieldKind.YES_NO)
        ):
            # A parent's value would be a sum of percentages (or of yes answers).
            findings.add(
                "K221",
                key_at(item, "rollup"),  # the KPI's own line when rollup is left at its default
                subject=kpi_id,
                id=kpi_id,
                field=kpi.field,
                kind=index.fields[kpi.field].obj.kind.value,
            )


def _constraint_operand(text: str) -> float | str | None:
    from chiso.catalogue.model import Constraint

    try:
        return Constraint.parse(text).operand
    except ValueError:  # already reported by the model
        return None


def check_levels(
    item: Placed,
    path: KeyPath,
    given: Iterable[str] | None,
    levels: list[str] | None,
    findings: Findings,
) -> None:
    if given is None or levels is None:
        return
    for position, level in enumerate(given):
        if level not in levels:
            findings.add(
                "K206",
                value_at(item, *path, position),
                subject=item.obj.id,
                name=level,
                levels=", ".join(levels),
                suggestion=did_you_mean(level, levels),
            )
