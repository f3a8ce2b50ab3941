"""Checks of official-index scoring: points, groups and pillars, bands, ``previous()``.

Called by :mod:`chiso.catalogue.checks.programmes` for every programme (and every KPI for
``previous()``). What is checked, with the code it reports:

* every goal of a points programme has ``points`` (K230) and no goal elsewhere
  does (K231); goals of a points programme earn points and no others (K232);
* step tables: points within ``[0, max]`` (K233), no ``at`` twice (K234);
* the maxima add up (checked once every goal has one): each group's goals to
  ``group_points`` (K235), every goal to ``points_total`` (K236), each pillar's
  groups to the pillar's ``max`` (K237), which every pillar of a points programme
  declares (K246, warning: an undeclared maximum cannot be checked);
  a pillar group no goal of the programme counts in is a warning (K238);
* bands: thresholds within 0–1 (K239), no threshold or id twice (K240), a lowest
  band above 0 leaves low values without a band (K241, warning);
* a points formula names KPIs only (K242; unknown names are K202) and
  ``previous()`` is used only in a derived KPI's expression (K243);
* points settings on a programme not scored in points (K244);
* evidence required (``points.evidence``, ``scoring.evidence``) on a goal the unit
  does not self-assess (K247), or whose self-assessed points are not one field on
  a form, where no evidence column is read (K248, warning).
"""

from __future__ import annotations

import math
from collections import defaultdict

from chiso.catalogue.checks.base import Index, Placed, in_scalar, key_at, value_at
from chiso.catalogue.forms import evidence_required, self_assessed_kpi
from chiso.catalogue.model import Goal, Kpi, Points, Programme, ScoreMethod
from chiso.findings import Findings, did_you_mean, number_text
from chiso.formula import FormulaError, parse


def check_points(index: Index, item: Placed, findings: Findings) -> None:
    """Every points, group, pillar and band finding of one programme."""

    programme: Programme = item.obj
    scoring = programme.scoring
    points_programme = scoring.method is ScoreMethod.POINTS
    group_max: dict[str, float] = defaultdict(float)
    used_groups: set[str] = set()
    total = 0.0
    # A goal without a maximum (K230) or that failed validation: sums would only echo it.
    incomplete = bool(item.broken_goals)
    for g, goal in enumerate(programme.goals):
        method = goal.method or scoring.method
        at = ("goals", g)
        if points_programme != (method is ScoreMethod.POINTS):
            findings.add(
                "K232",
                value_at(item, *at, "method") if goal.method else key_at(item, *at),
                subject=goal.id,
                goal=goal.id,
                method=method.value,
                programme=programme.id,
                programme_method=scoring.method.value,
            )
        kpi_item = index.kpis.get(index.renamed().get(goal.kpi, goal.kpi))
        group = goal.group or (kpi_item.obj.group if kpi_item is not None else None)
        if goal.group is not None and goal.group not in index.known("group"):
            findings.add(
                "K204",
                value_at(item, *at, "group"),
                subject=goal.id,
                name=goal.group,
                suggestion=did_you_mean(goal.group, index.groups),
            )
        if group is not None:
            used_groups.add(group)
        if method is ScoreMethod.POINTS and goal.points is None:
            findings.add("K230", key_at(item, *at), subject=goal.id, goal=goal.id)
            incomplete = True
            continue
        if goal.points is None:
            continue
        if method is not ScoreMethod.POINTS:
            findings.add(
                "K231", key_at(item, *at, "points"), subject=goal.id, goal=goal.id,
                method=method.value,
            )
            continue
        maximum = float(goal.points.max)
        total += maximum
        if group is not None:
            group_max[group] += maximum
        for key in ("appraised", "self_assessed"):
            name = getattr(goal.points, key)
            if name is not None and name not in index.known("kpi"):
                findings.add("K203", value_at(item, *at, "points", key), subject=goal.id,
                             name=name, suggestion=did_you_mean(name, index.kpis))
        _check_evidence(index, item, at, goal, findings)
        _check_steps(item, at, goal.id, goal.points, findings)
        if goal.points.formula is not None:
            _check_points_formula(index, item, at, goal.id, str(goal.points.formula), findings)

    if not points_programme:
        for key in ("points_total", "group_points", "evidence"):
            if getattr(scoring, key):
                findings.add(
                    "K244", key_at(item, "scoring", key), subject=programme.id,
                    key=key, method=scoring.method.value,
                )
    elif not incomplete:
        _check_sums(index, item, group_max, total, findings)
    _check_pillars(index, item, group_max, used_groups, findings, check_max=not incomplete)
    _check_bands(item, findings)


def _check_steps(item: Placed, at: tuple, goal_id: str, points: Points, findings: Findings) -> None:

    seen: dict[float, int] = {}
    for s, step in enumerate(points.steps or []):
        if not 0 <= step.points <= points.max:
            findings.add(
                "K233", value_at(item, *at, "points", "steps", s, "points"), subject=goal_id,
                goal=goal_id, value=number_text(step.points), max=number_text(points.max),
            )
        if step.at in seen:
            findings.add(
                "K234", value_at(item, *at, "points", "steps", s, "at"), subject=goal_id,
                goal=goal_id, at=number_text(step.at),
            )
        seen.setdefault(step.at, s)


def _check_points_formula(
    index: Index, item: Placed, at: tuple, goal_id: str, text: str, findings: Findings
) -> None:

    path = (*at, "points", "formula")
    try:
        formula = parse(text)
    except FormulaError as exc:
        findings.add(exc.code, in_scalar(item, path, text, exc.column), subject=goal_id,
                     raw=text, **exc.params)
        return
    kpis = index.known("kpi")
    for name, column in formula.name_columns():
        if name in index.fields and name not in kpis:
            findings.add("K242", in_scalar(item, path, text, column), subject=goal_id,
                         name=name, goal=goal_id)
        elif name not in kpis:
            findings.add("K202", in_scalar(item, path, text, column), subject=goal_id,
                         name=name, key=f"{goal_id}.points.formula",
                         suggestion=did_you_mean(name, sorted(kpis)))
    if formula.lagged:
        findings.add("K243", in_scalar(item, path, text, 1), subject=goal_id,
                     key=f"{goal_id}.points.formula")


def _check_evidence(index: Index, item: Placed, at: tuple, goal: Goal,
                    findings: Findings) -> None:
    """Evidence is required only where the unit self-assesses, on a form (K247, K248)."""
    if goal.points is None or not evidence_required(item.obj, goal):
        return
    where = (value_at(item, *at, "points", "evidence") if goal.points.evidence
             else key_at(item, "scoring", "evidence"))
    kid = self_assessed_kpi(goal)
    if kid is None:
        if goal.points.evidence:  # the programme's default does not apply to computed goals
            findings.add("K247", where, subject=goal.id, goal=goal.id)
        return
    kpi_item = index.kpis.get(kid)
    if kpi_item is None:
        return  # an unknown KPI is K203 / K104 already
    kpi: Kpi = kpi_item.obj
    field = index.fields.get(kpi.field) if kpi.field else None
    if field is None or field.obj.form is None:
        findings.add("K248", where, subject=goal.id, goal=goal.id, kpi=kid)


def _check_sums(
    index: Index, item: Placed, group_max: dict[str, float], total: float, findings: Findings
) -> None:

    scoring = item.obj.scoring
    for group, declared in scoring.group_points.items():
        if group not in index.known("group"):
            findings.add("K204", key_at(item, "scoring", "group_points", group),
                         subject=item.obj.id, name=group,
                         suggestion=did_you_mean(group, index.groups))
            continue
        found = group_max.get(group, 0.0)
        if not math.isclose(found, declared, abs_tol=1e-9):
            findings.add("K235", value_at(item, "scoring", "group_points", group),
                         subject=item.obj.id, group=group, total=number_text(found),
                         declared=number_text(declared))
    if scoring.points_total is not None and not math.isclose(
        total, scoring.points_total, abs_tol=1e-9
    ):
        findings.add("K236", value_at(item, "scoring", "points_total"), subject=item.obj.id,
                     total=number_text(total), declared=number_text(scoring.points_total))


def _check_pillars(
    index: Index,
    item: Placed,
    group_max: dict[str, float],
    used_groups: set[str],
    findings: Findings,
    *,
    check_max: bool,
) -> None:

    scoring = item.obj.scoring
    seen: set[str] = set()
    for p, pillar in enumerate(scoring.pillars):
        if pillar.id in seen:
            findings.add("K201", value_at(item, "scoring", "pillars", p, "id"), subject=pillar.id,
                         kind="pillar", id=pillar.id, other=f"scoring.pillars of {item.obj.id}")
        seen.add(pillar.id)
        for position, group in enumerate(pillar.groups):
            location = value_at(item, "scoring", "pillars", p, "groups", position)
            if group not in index.known("group"):
                findings.add("K204", location, subject=pillar.id, name=group,
                             suggestion=did_you_mean(group, index.groups))
            elif group not in used_groups and not item.broken_goals:
                findings.add("K238", location, subject=pillar.id, pillar=pillar.id, group=group)
        if pillar.max is None and scoring.method is ScoreMethod.POINTS:
            findings.add("K246", value_at(item, "scoring", "pillars", p), subject=pillar.id,
                         pillar=pillar.id)
        elif check_max and pillar.max is not None and scoring.method is ScoreMethod.POINTS:
            found = math.fsum(group_max.get(g, 0.0) for g in dict.fromkeys(pillar.groups))
            if not math.isclose(found, pillar.max, abs_tol=1e-9):
                findings.add("K237", value_at(item, "scoring", "pillars", p, "max"),
                             subject=pillar.id, pillar=pillar.id, total=number_text(found),
                             declared=number_text(pillar.max))


def _check_bands(item: Placed, findings: Findings) -> None:

    bands = item.obj.scoring.bands
    ids: set[str] = set()
    thresholds: set[float] = set()
    for b, band in enumerate(bands):
        if not 0 <= band.min <= 1:
            findings.add("K239", value_at(item, "scoring", "bands", b, "min"), subject=band.id,
                         band=band.id, value=number_text(band.min))
        if band.id in ids or band.min in thresholds:
            findings.add("K240", value_at(item, "scoring", "bands", b), subject=band.id,
                         band=band.id, value=number_text(band.min))
        ids.add(band.id)
        thresholds.add(band.min)
    if bands and min(b.min for b in bands) > 0:
        lowest = min(bands, key=lambda b: b.min)
        findings.add("K241", value_at(item, "scoring", "bands"), subject=item.obj.id,
                     band=lowest.id, value=number_text(lowest.min))


def check_previous(item: Placed, findings: Findings) -> None:
    """K243 where ``previous()`` appears outside a derived KPI's ``expression``."""

    kpi: Kpi = item.obj
    for key in ("numerator", "denominator"):
        text = getattr(kpi, key)
        if text is None:
            continue
        try:
            formula = parse(text)
        except FormulaError:
            continue  # reported with the formulas
        if formula.lagged:
            column = text.find("previous") + 1 or 1
            findings.add("K243", in_scalar(item, (key,), text, column), subject=kpi.id,
                         key=f"{kpi.id}.{key}")
