"""What a self-assessment form (``FieldDef.form``) asks of each row, from the programmes.

A form row is a field holding points: a unit's self-assessment of a goal scored in
points (``points.reported``, or ``points.self_assessed`` beside a component chiso
computes) or the province's appraisal (``points.appraised``). The programme knows
the row's maximum, how it is scored and whether evidence (tài liệu kiểm chứng) must
come with it; the template prints them in their own columns and the reader checks
the evidence. Answered here, once, so the form and the reader cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiso.catalogue.model import Catalogue, Goal, KpiType, Programme, ScoreMethod


@dataclass(frozen=True)
class FormRow:
    """The goal a points field serves, and what that means for its row on the form."""

    field: str
    programme: str
    goal: str
    role: str  # "self" (the unit's own points) or "appraised" (the province's)
    max: float
    rule: str  # the goal's points rule: proportional, steps, formula, reported
    evidence: bool  # evidence is required with the points (self-assessed rows only)

    def how_vi(self) -> str:
        """How the row is scored, in the form's words (Vietnamese, as templates are)."""
        most = f"tối đa {self.max:g} điểm".replace(".", ",")
        if self.role == "appraised":
            return (f"Sở thẩm định theo tài liệu kiểm chứng, {most}; điểm thẩm định được "
                    "tính thay cho điểm tự đánh giá")
        if self.rule == "reported":
            text = f"Đơn vị tự chấm theo các chỉ số thành phần, {most}; ghi số điểm, ví dụ 8,5"
        else:
            rule = {"proportional": "tỷ lệ × điểm tối đa", "steps": "theo bậc",
                    "formula": "theo công thức"}.get(self.rule, self.rule)
            text = (f"chiso tính từ số liệu báo cáo ({rule}, {most}); đơn vị ghi điểm tự "
                    "đánh giá để đối chiếu")
        if self.evidence:
            text += "; bắt buộc ghi tài liệu kiểm chứng (số, ngày văn bản hoặc đường dẫn)"
        return text


def evidence_required(programme: Programme, goal: Goal) -> bool:
    """Whether the goal's self-assessed points need evidence (goal's key, else programme's)."""
    if goal.points is None:
        return False
    if goal.points.evidence is not None:
        return goal.points.evidence
    return programme.scoring.evidence


def self_assessed_kpi(goal: Goal) -> str | None:
    """The KPI holding the unit's own points for the goal, if it has one."""
    if goal.points is None:
        return None
    return goal.kpi if goal.points.reported else goal.points.self_assessed


def form_rows(catalogue: Catalogue) -> dict[str, FormRow]:
    """Field id → its form row, for every field a points goal reads its points from.

    Only simple KPIs name their field; a points KPI over a formula has no one row.
    The first programme (in catalogue order) to use a field describes it.
    """
    out: dict[str, FormRow] = {}
    for programme in catalogue.programmes.values():
        for goal in programme.goals:
            method = goal.method or programme.scoring.method
            if goal.points is None or method is not ScoreMethod.POINTS:
                continue
            roles = (("self", self_assessed_kpi(goal)), ("appraised", goal.points.appraised))
            for role, kid in roles:
                kpi = catalogue.kpis.get(kid) if kid else None
                if kpi is None or kpi.type is not KpiType.SIMPLE or kpi.field is None:
                    continue
                out.setdefault(kpi.field, FormRow(
                    field=kpi.field, programme=programme.id, goal=goal.id, role=role,
                    max=float(goal.points.max), rule=goal.points.rule,
                    evidence=role == "self" and evidence_required(programme, goal),
                ))
    return out
