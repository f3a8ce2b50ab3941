"""Fields and KPIs as people know them — by their labels — for messages.

A finding's message is read by a unit officer: ``dossiers_online <= dossiers_total``
means nothing to them, ``Số hồ sơ TTHC trực tuyến ≤ Tổng số hồ sơ TTHC`` does. The
id stays the finding's ``subject`` (``--format json``). Why a KPI has no value
(``missing_field:<id>``, see :mod:`chiso.engine.result`) is worded here too, once, for
the findings, the scorecard's matrix and the portal.
"""

from __future__ import annotations

from chiso.catalogue.model import Catalogue
from chiso.findings import Words

REASON: dict[str, tuple[str, str]] = {
    "missing_field": ("thiếu chỉ tiêu", "missing field"),
    "missing_input": ("thiếu chỉ số", "missing KPI"),
    "invalid_field": ("chỉ tiêu có lỗi", "field with an error"),
    "zero_denominator": ("mẫu số bằng 0", "zero denominator"),
    "not_applicable": ("không áp dụng", "not applicable"),
    "no_children": ("không có đơn vị cấp dưới báo cáo", "no reporting sub-unit"),
    "overflow": ("tổng vượt giới hạn số học", "sum too large to compute"),
}


def name_words(catalogue: Catalogue | None, ident: str) -> Words:
    """A field or KPI id as its label (a field's template label in Vietnamese); the id
    itself when the catalogue does not know it."""
    if catalogue is not None:
        if ident in catalogue.fields:
            field = catalogue.fields[ident]
            return Words(field.template_label or field.label.vi, field.label.en)
        if ident in catalogue.kpis:
            name = catalogue.kpis[ident].name
            return Words(name.vi, name.en)
    return Words(ident, ident)


def reason_words(catalogue: Catalogue | None, reason: object) -> Words:
    """``missing_field:dossiers_online`` → ``thiếu chỉ tiêu 'Số hồ sơ … trực tuyến'``
    (no reason — None, NaN from a frame — reads "no value")."""
    if not isinstance(reason, str) or not reason or reason == "-":
        return Words("không có số liệu", "no value")
    kind, _, subject = str(reason).partition(":")
    vi, en = REASON.get(kind, (kind, kind))
    if not subject:
        return Words(vi, en)
    named = name_words(catalogue, subject)
    if named.vi == subject:  # not in the catalogue: the id, as it was
        return Words(f"{vi} {subject}", f"{en} {subject}")
    return Words(f"{vi} '{named.vi}'", f"{en} '{named.en}'")


def measure_of(catalogue: Catalogue | None, ident: str | None) -> str | None:
    """What a field's or KPI's numbers measure (``percent``, ``count`` …), to write a
    value quoted in a finding; None when the catalogue does not know the id."""
    if catalogue is None or ident is None:
        return None
    if ident in catalogue.kpis:
        return catalogue.kpis[ident].unit.value
    if ident in catalogue.fields:
        return catalogue.fields[ident].kind.value
    return None


def goal_words(catalogue: Catalogue, programme: str, goal: str) -> tuple[Words, Words]:
    """A goal (by its name, else its KPI's) and its programme (by its short name, else
    its name), for a message; the ids when the catalogue does not know them."""
    found = catalogue.programmes.get(programme)
    if found is None:
        return Words(goal, goal), Words(programme, programme)
    name = found.short_name or found.name
    of = Words(name.vi, name.en)
    for item in found.goals:
        if item.id == goal:
            if item.name is not None:
                return Words(item.name.vi, item.name.en), of
            return name_words(catalogue, item.kpi), of
    return Words(goal, goal), of
