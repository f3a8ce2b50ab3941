"""Checks across the objects of a catalogue: references, formulas, cycles, targets, weights.

Each object arrives as a :class:`Placed` (what it is, the validated object, and
where it was defined), so every finding points at the exact key or, for
formulas, at the column inside the YAML scalar. The loader calls
:func:`check_objects` with every valid object of every file; a catalogue built
in Python can be checked with :func:`check_catalogue` (findings then carry the
key path but no file position).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from chiso.catalogue import points_checks
from chiso.catalogue.model import (
    Baseline,
    Catalogue,
    CatalogueInfo,
    Comparison,
    Direction,
    FieldDef,
    FieldKind,
    Goal,
    Kpi,
    KpiType,
    LevelTarget,
    Measure,
    Programme,
    Rollup,
)
from chiso.catalogue.source import KeyPath, Origin, path_text
from chiso.findings import Findings, Location, did_you_mean
from chiso.formula import Formula, FormulaError, parse
from chiso.periods import Period, is_period

KIND_PATHS = {"group": "groups", "field": "fields", "kpi": "kpis", "programme": "programmes"}


@dataclass(frozen=True)
class Placed:
    """A validated object and where it was defined (``origin`` is None when built in Python)."""

    kind: str  # "group" | "field" | "kpi" | "programme"
    obj: Any
    origin: Origin | None = None
    index: int = 0  # position in its section, used when there is no origin
    # Ids of this programme's goals that failed validation (already reported):
    # references to them are not reported again.
    broken_goals: frozenset[str] = frozenset()


def check_catalogue(catalogue: Catalogue) -> Findings:
    """Run every cross-object check on a catalogue built in Python."""
    placed: list[Placed] = []
    for kind, objects in (
        ("group", catalogue.groups),
        ("field", catalogue.fields),
        ("kpi", catalogue.kpis),
        ("programme", catalogue.programmes),
    ):
        placed.extend(Placed(kind, obj, None, i) for i, obj in enumerate(objects.values()))
    return check_objects(placed, catalogue.info)


def check_objects(
    placed: Sequence[Placed],
    info: CatalogueInfo | None,
    broken: Mapping[str, Iterable[str]] | None = None,
) -> Findings:
    """Every cross-object finding for the objects of all files, in definition order.

    ``broken`` holds, by kind, the ids of objects that failed validation (and were
    reported): references to them are not reported a second time as unknown.
    Under ``"words"`` it holds the names invalid KPIs mention, so the fields they
    use are not reported as unused.
    """
    findings = Findings()
    index = _Index.build(placed, findings)
    for kind, ids in (broken or {}).items():
        index.broken[kind] = set(ids)
    formulas = _check_formulas(index, findings)
    _check_references(index, info, findings)
    _check_cycles(index, formulas, findings)
    _check_programmes(index, info, findings)
    _check_unused_fields(index, formulas, findings)
    return findings


# ---------------------------------------------------------------- locations


def _key(item: Placed, *sub: str | int) -> Location:
    if item.origin is not None:
        return item.origin.key(*sub)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)))


def _value(item: Placed, *sub: str | int) -> Location:
    if item.origin is not None:
        return item.origin.value(*sub)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)))


def _in_scalar(item: Placed, sub: KeyPath, text: str, column: int) -> Location:
    if item.origin is not None:
        return item.origin.in_scalar(sub, text, column)
    return Location(path=path_text((KIND_PATHS[item.kind], item.index, *sub)), column=column)


def _short(location: Location) -> str:
    if location.file:
        return f"{location.file}:{location.line}" if location.line else location.file
    return location.path or "?"


# ---------------------------------------------------------------- index and duplicates


@dataclass
class _Index:
    groups: dict[str, Placed]
    fields: dict[str, Placed]
    kpis: dict[str, Placed]
    programmes: dict[str, Placed]
    broken: dict[str, set[str]] = dataclass_field(default_factory=dict)

    def known(self, kind: str) -> set[str]:
        """Ids of ``kind`` that exist, including those that failed validation."""
        table = {"group": self.groups, "field": self.fields, "kpi": self.kpis}[kind]
        return set(table) | self.broken.get(kind, set())

    @classmethod
    def build(cls, placed: Sequence[Placed], findings: Findings) -> _Index:
        tables: dict[str, dict[str, Placed]] = {k: {} for k in KIND_PATHS}
        for item in placed:
            table = tables[item.kind]
            first = table.get(item.obj.id)
            if first is not None:
                findings.add(
                    "K201",
                    _value(item, "id"),
                    subject=item.obj.id,
                    kind=item.kind,
                    id=item.obj.id,
                    other=_short(_value(first, "id")),
                )
                continue
            table[item.obj.id] = item
        # Fields and KPIs share one namespace: formulas name either.
        for kpi_id, kpi in tables["kpi"].items():
            field = tables["field"].get(kpi_id)
            if field is not None:
                findings.add(
                    "K201",
                    _value(kpi, "id"),
                    subject=kpi_id,
                    kind="field/kpi",
                    id=kpi_id,
                    other=_short(_value(field, "id")),
                )
        return cls(tables["group"], tables["field"], tables["kpi"], tables["programme"])

    def names(self) -> list[str]:
        return [*self.fields, *self.kpis]

    def renamed(self) -> dict[str, str]:
        """Former KPI ids (``former_ids``) → the KPI's id now."""
        return {
            old: kid for kid, item in self.kpis.items() for old in item.obj.former_ids
            if old not in self.kpis
        }


# ---------------------------------------------------------------- formulas


def _formula_keys(kpi: Kpi) -> list[str]:
    return [k for k in ("numerator", "denominator", "expression") if getattr(kpi, k) is not None]


def _check_formulas(index: _Index, findings: Findings) -> dict[str, dict[str, Formula]]:
    """Parse every formula; report syntax and unknown names. Returns the parsed ones."""
    parsed: dict[str, dict[str, Formula]] = {}
    known = index.known("field") | index.known("kpi")
    renamed = index.renamed()
    for kpi_id, item in index.kpis.items():
        kpi: Kpi = item.obj
        parsed[kpi_id] = {}
        for key in _formula_keys(kpi):
            text = str(getattr(kpi, key))
            try:
                formula = parse(text)
            except FormulaError as exc:
                findings.add(
                    exc.code,
                    _in_scalar(item, (key,), text, exc.column),
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
                    _in_scalar(item, (key,), text, column),
                    subject=kpi_id,
                    name=name,
                    key=f"{kpi_id}.{key}",
                    # A renamed KPI: its new id (formulas do not follow renames).
                    suggestion=renamed.get(name) or did_you_mean(name, sorted(known)),
                )
    return parsed


def _check_cycles(
    index: _Index, formulas: dict[str, dict[str, Formula]], findings: Findings
) -> None:
    graph: dict[str, list[str]] = {
        # A name that is both a field and a KPI is already K201; leave it out here.
        kpi_id: [
            n for f in parsed.values() for n in f.names if n in index.kpis and n not in index.fields
        ]
        for kpi_id, parsed in formulas.items()
    }
    reported: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                canonical = tuple(cycle[start:] + cycle[:start])
                if canonical not in reported:
                    reported.add(canonical)
                    _report_cycle(index, formulas, canonical, findings)
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for kpi_id in graph:
        if kpi_id not in state:
            visit(kpi_id)


def _report_cycle(
    index: _Index,
    formulas: dict[str, dict[str, Formula]],
    cycle: tuple[str, ...],
    findings: Findings,
) -> None:
    first, target = cycle[0], cycle[1 % len(cycle)]
    item = index.kpis[first]
    location = _value(item)
    for key, formula in formulas[first].items():
        for name, column in formula.name_columns():
            if name == target:
                location = _in_scalar(item, (key,), formula.text, column)
                break
        else:
            continue
        break
    findings.add("K207", location, subject=first, cycle=" → ".join([*cycle, cycle[0]]))


# ---------------------------------------------------------------- references


def _check_references(index: _Index, info: CatalogueInfo | None, findings: Findings) -> None:
    levels = list(info.levels) if info is not None else None
    for field_id, item in index.fields.items():
        field: FieldDef = item.obj
        _check_levels(item, ("levels",), field.levels, levels, findings)
        for position, text in enumerate(field.constraints):
            operand = _constraint_operand(text)
            if isinstance(operand, str) and operand not in index.known("field"):
                findings.add(
                    "K214",
                    _value(item, "constraints", position),
                    subject=field_id,
                    name=operand,
                    suggestion=did_you_mean(operand, index.fields),
                )
    for kpi_id, item in index.kpis.items():
        kpi: Kpi = item.obj
        if kpi.group not in index.known("group"):
            findings.add(
                "K204",
                _value(item, "group"),
                subject=kpi_id,
                name=kpi.group,
                suggestion=did_you_mean(kpi.group, index.groups),
            )
        for key in ("field", "rollup_weight"):
            name = getattr(kpi, key)
            if name is not None and name not in index.known("field"):
                findings.add(
                    "K205",
                    _value(item, key),
                    subject=kpi_id,
                    name=name,
                    suggestion=did_you_mean(name, index.fields),
                )
        _check_levels(item, ("levels",), kpi.levels, levels, findings)
        points_checks.check_previous(item, findings)
        if kpi.type is KpiType.SIMPLE and kpi.unit is Measure.PERCENT and kpi.field in index.fields:
            field_kind = index.fields[kpi.field].obj.kind.value
            if field_kind not in ("percent", "yes_no"):
                findings.add("K215", _value(item, "unit"), subject=kpi_id, id=kpi_id)
        if (
            kpi.type is KpiType.SIMPLE
            and kpi.rollup is Rollup.SUM
            and kpi.field in index.fields
            and index.fields[kpi.field].obj.kind in (FieldKind.PERCENT, FieldKind.YES_NO)
        ):
            # A parent's value would be a sum of percentages (or of yes answers).
            findings.add(
                "K221",
                _key(item, "rollup"),  # the KPI's own line when rollup is left at its default
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


def _check_levels(
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
                _value(item, *path, position),
                subject=item.obj.id,
                name=level,
                levels=", ".join(levels),
                suggestion=did_you_mean(level, levels),
            )


# ---------------------------------------------------------------- programmes


# The values each KPI unit can take; a target outside them can never be met.
_UNIT_RANGE = {
    Measure.PERCENT: (0.0, 1.0),
    Measure.YES_NO: (0.0, 1.0),
    Measure.COUNT: (0.0, math.inf),
    Measure.AMOUNT: (0.0, math.inf),
    Measure.PER_100: (0.0, math.inf),
    Measure.NUMBER: (-math.inf, math.inf),
}


def _check_programmes(index: _Index, info: CatalogueInfo | None, findings: Findings) -> None:
    levels = list(info.levels) if info is not None else None
    for item in index.programmes.values():
        programme: Programme = item.obj
        if not _valid_periods(item, findings):
            continue
        horizon = _horizon(item, findings)
        goal_ids: dict[str, int] = {}
        for g, goal in enumerate(programme.goals):
            if goal.id in goal_ids:
                first = goal_ids[goal.id]
                findings.add(
                    "K201",
                    _value(item, "goals", g, "id"),
                    subject=goal.id,
                    kind="goal",
                    id=goal.id,
                    other=_short(_value(item, "goals", first, "id")),
                )
            else:
                goal_ids[goal.id] = g
            _check_goal(index, item, g, goal, horizon, levels, findings)
        _check_scoring(index, item, findings)
        points_checks.check_points(index, item, findings)


def _period_bounds(text: str | int) -> tuple[float, float]:
    """(start, end) of a period on the fractional-year axis of :mod:`chiso.periods`."""
    period = Period.parse(text)
    length = {"year": 1.0, "quarter": 0.25, "month": 1 / 12}[period.kind]
    return period.end - length, period.end


def _valid_periods(item: Placed, findings: Findings) -> bool:
    """Report deadlines and horizon ends that are not periods (``deadline: 25``).

    The model accepts any integer there (YAML reads ``2025`` as one), so the
    check that it is a year happens here, once, before any period arithmetic.
    """
    programme: Programme = item.obj
    texts: list[tuple[KeyPath, str | int]] = [
        (("horizon", "start"), programme.horizon.start),
        (("horizon", "end"), programme.horizon.end),
    ]
    texts += [(("goals", g, "deadline"), goal.deadline) for g, goal in enumerate(programme.goals)]
    ok = True
    for path, text in texts:
        if not is_period(text):
            ok = False
            findings.add(
                "K103",
                _value(item, *path),
                subject=programme.id,
                key=path_text(path),
                reason="periods are written 2025, 2025-Q3 or 2025-06",
                raw=str(text),
            )
    return ok


def _horizon(item: Placed, findings: Findings) -> tuple[float, float] | None:
    horizon = item.obj.horizon
    start = _period_bounds(horizon.start)[0]
    end = _period_bounds(horizon.end)[1]
    if end <= start:
        findings.add(
            "K220",
            _value(item, "horizon", "end"),
            subject=item.obj.id,
            start=horizon.start,
            end=horizon.end,
        )
        return None
    return start, end


def _check_goal(
    index: _Index,
    item: Placed,
    g: int,
    goal: Goal,
    horizon: tuple[float, float] | None,
    levels: list[str] | None,
    findings: Findings,
) -> None:
    at: KeyPath = ("goals", g)
    kpi_item = index.kpis.get(goal.kpi)
    current = index.renamed().get(goal.kpi)
    if current is not None:
        findings.add(
            "K245", _value(item, *at, "kpi"), subject=goal.id, old=goal.kpi, new=current
        )
        kpi_item = index.kpis[current]
    elif goal.kpi not in index.known("kpi"):
        findings.add(
            "K203",
            _value(item, *at, "kpi"),
            subject=goal.id,
            name=goal.kpi,
            suggestion=did_you_mean(goal.kpi, index.kpis),
        )
    unit = kpi_item.obj.unit if kpi_item is not None else None
    if kpi_item is not None:
        direction = kpi_item.obj.direction
        upward = goal.comparison in (Comparison.GE, Comparison.GT)
        downward = goal.comparison in (Comparison.LE, Comparison.LT)
        if (direction is Direction.HIGHER and downward) or (
            direction is Direction.LOWER and upward
        ):
            findings.add(
                "K222",
                _value(item, *at, "comparison"),
                subject=goal.id,
                goal=goal.id,
                comparison=goal.comparison.value,
                kpi=goal.kpi,
                direction=direction.value,
                direction_vi="cao hơn" if direction is Direction.HIGHER else "thấp hơn",
            )

    _check_target(item, (*at, "value"), goal.kpi, unit, goal.comparison, goal.value, findings)
    if goal.baseline is not None:
        _check_baseline(item, (*at, "baseline"), goal, goal.baseline, unit, findings)
    for level, override in goal.by_level.items():
        if levels is not None and level not in levels:
            findings.add(
                "K206",
                _key(item, *at, "by_level", level),
                subject=goal.id,
                name=level,
                levels=", ".join(levels),
                suggestion=did_you_mean(level, levels),
            )
        if isinstance(override, LevelTarget):
            value_path: KeyPath = (*at, "by_level", level, "value")
            _check_target(
                item, value_path, goal.kpi, unit, goal.comparison, override.value, findings
            )
            if override.baseline is not None:
                path: KeyPath = (*at, "by_level", level, "baseline")
                _check_baseline(item, path, goal, override.baseline, unit, findings)
        else:
            value_path = (*at, "by_level", level)
            _check_target(item, value_path, goal.kpi, unit, goal.comparison, override, findings)

    if horizon is not None:
        end = _period_bounds(goal.deadline)[1]
        if end <= horizon[0] or end > horizon[1]:
            programme = item.obj
            findings.add(
                "K213",
                _value(item, *at, "deadline"),
                subject=goal.id,
                deadline=goal.deadline,
                start=programme.horizon.start,
                end=programme.horizon.end,
            )
    if goal.weight is not None and goal.weight < 0:
        findings.add(
            "K210", _value(item, *at, "weight"), subject=goal.id, name=goal.id, value=goal.weight
        )


def _number(value: float) -> str:
    return f"{value:g}"


def _check_target(
    item: Placed,
    path: KeyPath,
    kpi_id: str,
    unit: Measure | None,
    comparison: Comparison,
    value: float,
    findings: Findings,
) -> None:
    if unit is None:
        return
    if not math.isfinite(value):
        findings.add(
            "K212", _value(item, *path), subject=kpi_id, value=value, reason="not a finite number"
        )
        return
    if unit is Measure.PERCENT and not 0 <= value <= 1:
        hint = _number(value / 100) if 1 < value <= 100 else "0–1"
        findings.add(
            "K208",
            _value(item, *path),
            subject=kpi_id,
            value=_number(value),
            hint=hint,
        )
        return
    low, high = _UNIT_RANGE[unit]
    impossible = {
        Comparison.GE: value > high,
        Comparison.GT: value >= high,
        Comparison.LE: value < low,
        Comparison.LT: value <= low,
        Comparison.EQ: not low <= value <= high,
    }[comparison]
    if impossible:
        findings.add(
            "K212",
            _value(item, *path),
            subject=kpi_id,
            value=f"{comparison.value} {_number(value)}",
            reason=f"{kpi_id} ∈ [{_number(low)}, {_number(high)}]",
        )


def _check_baseline(
    item: Placed,
    path: KeyPath,
    goal: Goal,
    baseline: Baseline,
    unit: Measure | None,
    findings: Findings,
) -> None:
    if unit is Measure.PERCENT and not 0 <= baseline.value <= 1:
        hint = _number(baseline.value / 100) if 1 < baseline.value <= 100 else "0–1"
        findings.add(
            "K219",
            _value(item, *path, "value"),
            subject=goal.kpi,
            value=_number(baseline.value),
            hint=hint,
        )
    if Period.parse(goal.deadline).end <= Period.parse(baseline.period).end:
        findings.add(
            "K209",
            _value(item, *path, "period"),
            subject=goal.id,
            deadline=goal.deadline,
            baseline=baseline.period,
        )


def _check_scoring(index: _Index, item: Placed, findings: Findings) -> None:
    programme: Programme = item.obj
    scoring = programme.scoring
    targets = {g.id for g in programme.goals} | {g.kpi for g in programme.goals}
    targets |= item.broken_goals
    for name, weight in scoring.weights.items():
        if name not in targets:
            findings.add(
                "K218",
                _key(item, "scoring", "weights", name),
                subject=programme.id,
                name=name,
                suggestion=did_you_mean(name, targets),
            )
        if weight < 0:
            findings.add(
                "K210",
                _value(item, "scoring", "weights", name),
                subject=programme.id,
                name=name,
                value=_number(weight),
            )
    for name, weight in scoring.group_weights.items():
        if name not in index.known("group"):
            findings.add(
                "K204",
                _key(item, "scoring", "group_weights", name),
                subject=programme.id,
                name=name,
                suggestion=did_you_mean(name, index.groups),
            )
        if weight < 0:
            findings.add(
                "K210",
                _value(item, "scoring", "group_weights", name),
                subject=programme.id,
                name=name,
                value=_number(weight),
            )
    if scoring.weights_total is not None:
        declared = scoring.weights.values() or [
            g.weight for g in programme.goals if g.weight is not None
        ]
        total = math.fsum(declared)
        if not math.isclose(total, scoring.weights_total, rel_tol=1e-9, abs_tol=1e-9):
            findings.add(
                "K211",
                _value(item, "scoring", "weights_total"),
                subject=programme.id,
                total=_number(total),
                declared=_number(scoring.weights_total),
            )
    for name, (low, high) in scoring.goalposts.items():
        if name not in targets:
            findings.add(
                "K218",
                _key(item, "scoring", "goalposts", name),
                subject=programme.id,
                name=name,
                suggestion=did_you_mean(name, targets),
            )
        if not (math.isfinite(low) and math.isfinite(high)) or low == high:
            findings.add(
                "K217", _value(item, "scoring", "goalposts", name), subject=programme.id, name=name
            )


# ---------------------------------------------------------------- unused fields


def _check_unused_fields(
    index: _Index, formulas: dict[str, dict[str, Formula]], findings: Findings
) -> None:
    used: set[str] = set(index.broken.get("words", set()))
    for kpi_id, item in index.kpis.items():
        # A formula that failed to parse still names its fields: do not call them unused.
        for key in _formula_keys(item.obj):
            if key not in formulas.get(kpi_id, {}):
                used.update(re.findall(r"[A-Za-z_]\w*", str(getattr(item.obj, key))))
    for kpi_id, parsed in formulas.items():
        for formula in parsed.values():
            used.update(formula.names)
        kpi: Kpi = index.kpis[kpi_id].obj
        used.update(n for n in (kpi.field, kpi.rollup_weight) if n)
    for field_id, item in index.fields.items():
        if field_id not in used:
            findings.add("K216", _value(item, "id"), subject=field_id, id=field_id)


__all__ = ["Placed", "check_catalogue", "check_objects"]
