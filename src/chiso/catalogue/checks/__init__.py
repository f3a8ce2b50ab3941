"""Checks across the objects of a catalogue: references, formulas, cycles, targets, weights.

Each object arrives as a :class:`Placed` (what it is, the validated object, and
where it was defined), so every finding points at the exact key or, for
formulas, at the column inside the YAML scalar. The loader calls
:func:`check_objects` with every valid object of every file; a catalogue built
in Python can be checked with :func:`check_catalogue` (findings then carry the
key path but no file position).

One module a group of rules, as sqlfluff's ``rules/<category>/``: :mod:`.formulas`,
:mod:`.references`, :mod:`.programmes`, :mod:`.scoring`, :mod:`.points`; what they
share (the index of objects, locations) is :mod:`.base`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from chiso.catalogue.checks.base import Index, Placed
from chiso.catalogue.checks.formulas import check_cycles, check_formulas, check_unused_fields
from chiso.catalogue.checks.programmes import check_programmes
from chiso.catalogue.checks.references import check_references
from chiso.catalogue.model import Catalogue, CatalogueInfo
from chiso.findings import Findings


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
    index = Index.build(placed, findings)
    for kind, ids in (broken or {}).items():
        index.broken[kind] = set(ids)
    formulas = check_formulas(index, findings)
    check_references(index, info, findings)
    check_cycles(index, formulas, findings)
    check_programmes(index, info, findings)
    check_unused_fields(index, formulas, findings)
    return findings


__all__ = ["Placed", "check_catalogue", "check_objects"]
