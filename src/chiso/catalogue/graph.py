"""The KPI dependency graph: which KPIs and fields a KPI's formulas use, in what order
KPIs are computed, and where the graph has cycles.

One home for the rules the catalogue checks (K207) and the engine (evaluation and
roll-up) both follow, so they cannot disagree:

* fields and KPIs share one namespace; **a name that is both a field and a KPI is a
  field** (the checks report the clash, K201) — :func:`is_kpi_name`;
* a KPI depends on the KPIs its formulas name (:func:`direct_inputs`), and on what
  those depend on (:func:`dependency_closure`);
* KPIs are computed inputs first, ties in catalogue order (:func:`plan_for`); those
  on or downstream of a cycle cannot be ordered and come last, marked ``cyclic``;
* a cycle is reported once, as the rotation that starts at its smallest id
  (:func:`cycles`).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from chiso import formula
from chiso.catalogue.model import Catalogue, Kpi


@lru_cache(maxsize=4096)
def parse_formula(text: str) -> formula.Formula:
    """:func:`chiso.formula.parse`, cached: the same texts are parsed for every KPI pass."""
    return formula.parse(text)


def is_kpi_name(name: str, kpis: Container[str], fields: Container[str]) -> bool:
    """A formula name refers to a KPI: fields win when a name is both (that clash is K201)."""
    return name in kpis and name not in fields


def direct_inputs(catalogue: Catalogue, kpi: Kpi) -> tuple[list[str], list[str]]:
    """Fields and KPIs named in a KPI's formulas, in the order they are written."""
    fields: list[str] = []
    kpis: list[str] = []
    for text in kpi.formulas().values():
        for name in parse_formula(text).names:
            bucket = kpis if is_kpi_name(name, catalogue.kpis, catalogue.fields) else fields
            if name not in bucket:
                bucket.append(name)
    return fields, kpis


def dependency_closure(catalogue: Catalogue, kpi_ids: Iterable[str]) -> list[str]:
    """The KPIs given and every KPI they use, directly or not."""
    seen: dict[str, None] = {}
    stack = list(kpi_ids)
    while stack:
        kid = stack.pop()
        if kid in seen or kid not in catalogue.kpis:
            continue
        seen[kid] = None
        stack.extend(direct_inputs(catalogue, catalogue.kpis[kid])[1])
    return list(seen)


def fields_needed(catalogue: Catalogue, kpi_id: str) -> list[str]:
    """Every field a KPI needs, directly or through the KPIs it uses, in a stable order."""
    closure = set(dependency_closure(catalogue, [kpi_id]))
    out: dict[str, None] = {}
    for kid in plan_for(catalogue).order:
        if kid in closure:
            out.update(dict.fromkeys(direct_inputs(catalogue, catalogue.kpis[kid])[0]))
    return list(out)


@dataclass(frozen=True)
class Plan:
    """The order in which KPIs are computed and what each one needs."""

    order: tuple[str, ...]  # every KPI, inputs before the KPIs that use them
    cyclic: frozenset[str]  # KPIs that depend on a cycle (left missing)


def plan_for(catalogue: Catalogue) -> Plan:
    """Topological order of the KPIs (Kahn's algorithm, ties in catalogue order).

    KPIs on or downstream of a cycle cannot be ordered; they come last and are
    marked ``cyclic`` so they evaluate to missing instead of looping.
    """
    inputs = {kid: direct_inputs(catalogue, kpi)[1] for kid, kpi in catalogue.kpis.items()}
    ordered: list[str] = []
    done: set[str] = set()
    pending = list(catalogue.kpis)
    progressed = True
    while pending and progressed:
        progressed = False
        for kid in list(pending):
            if all(dep in done or dep not in catalogue.kpis for dep in inputs[kid]):
                ordered.append(kid)
                done.add(kid)
                pending.remove(kid)
                progressed = True
                break  # restart so ties keep catalogue order
    return Plan(tuple(ordered + pending), frozenset(pending))


def cycles(edges: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """Every cycle of a graph (KPI → the KPIs it uses), each once, in the order a
    depth-first search from each KPI in turn meets them; a cycle starts at its
    smallest id."""
    found: list[tuple[str, ...]] = []
    reported: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                canonical = tuple(cycle[start:] + cycle[:start])
                if canonical not in reported:
                    reported.add(canonical)
                    found.append(canonical)
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in edges:
        if node not in state:
            visit(node)
    return found


__all__ = [
    "Plan",
    "cycles",
    "dependency_closure",
    "direct_inputs",
    "fields_needed",
    "is_kpi_name",
    "parse_formula",
    "plan_for",
]
