"""Scoring settings of a programme: weights, group weights, their total, goalposts
(K204, K210, K211, K217, K218)."""

from __future__ import annotations

import math

from chiso.catalogue.checks.base import Index, Placed, key_at, value_at
from chiso.catalogue.model import Programme
from chiso.findings import Findings, Location, did_you_mean, number_text


def check_weight(
    location: Location, subject: str, name: str, weight: float, findings: Findings
) -> None:
    """A weight is never negative (K210): a goal's, a goal's in ``scoring.weights``, a group's."""
    if weight < 0:
        findings.add("K210", location, subject=subject, name=name, value=number_text(weight))


def check_scoring(index: Index, item: Placed, findings: Findings) -> None:
    programme: Programme = item.obj
    scoring = programme.scoring
    targets = {g.id for g in programme.goals} | {g.kpi for g in programme.goals}
    targets |= item.broken_goals
    weighted = (
        ("weights", scoring.weights, targets, "K218", targets),
        ("group_weights", scoring.group_weights, index.known("group"), "K204", index.groups),
    )
    for key, weights, known, unknown, candidates in weighted:
        for name, weight in weights.items():
            if name not in known:
                findings.add(
                    unknown,
                    key_at(item, "scoring", key, name),
                    subject=programme.id,
                    name=name,
                    suggestion=did_you_mean(name, candidates),
                )
            check_weight(value_at(item, "scoring", key, name), programme.id, name, weight,
                         findings)
    if scoring.weights_total is not None:
        declared = scoring.weights.values() or [
            g.weight for g in programme.goals if g.weight is not None
        ]
        total = math.fsum(declared)
        if not math.isclose(total, scoring.weights_total, rel_tol=1e-9, abs_tol=1e-9):
            findings.add(
                "K211",
                value_at(item, "scoring", "weights_total"),
                subject=programme.id,
                total=number_text(total),
                declared=number_text(scoring.weights_total),
            )
    for name, (low, high) in scoring.goalposts.items():
        if name not in targets:
            findings.add(
                "K218",
                key_at(item, "scoring", "goalposts", name),
                subject=programme.id,
                name=name,
                suggestion=did_you_mean(name, targets),
            )
        if not (math.isfinite(low) and math.isfinite(high)) or low == high:
            findings.add(
                "K217",
                value_at(item, "scoring", "goalposts", name),
                subject=programme.id,
                name=name,
            )
