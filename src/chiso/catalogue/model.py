"""The KPI definition language as pydantic models.

One KPI file (``kpis/*.yaml``) is a :class:`CatalogueFile`; all files of a folder
merge into one :class:`Catalogue`. Unknown keys are forbidden everywhere, so a
typo'd key is a finding, not a silently ignored setting. Percentages are always
0–1 fractions (``0.8`` for 80 %).

Per-object checks that need no other object live here as validators; checks
across objects (unknown references, cycles, duplicate ids, weights) live in
:mod:`chiso.catalogue.checks`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from chiso.periods import is_period

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Ids of fields, KPIs, groups, programmes, goals and levels: lower snake_case."""

PeriodText = Annotated[str, StringConstraints(pattern=r"^\d{4}(-Q[1-4]|-\d{2})?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(Strict):
    """A label in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class FieldKind(StrEnum):
    COUNT = "count"  # whole non-negative numbers: people, dossiers, accounts
    AMOUNT = "amount"  # any non-negative number: money, km of fibre
    PERCENT = "percent"  # a 0–1 fraction
    YES_NO = "yes_no"  # 1 = yes, 0 = no


class Measure(StrEnum):
    """A KPI's unit of measure.

    Not an administrative unit: that is :class:`chiso.units.model.Unit`.
    """

    PERCENT = "percent"  # 0–1 fraction, shown as %
    COUNT = "count"
    AMOUNT = "amount"
    PER_100 = "per_100"  # per 100 people (subscriptions)
    NUMBER = "number"  # any other number (an index, a ratio not in percent)
    YES_NO = "yes_no"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better


class KpiType(StrEnum):
    RATIO = "ratio"
    DERIVED = "derived"
    SIMPLE = "simple"


class Rollup(StrEnum):
    SUM = "sum"  # evaluate the formula on the sums of the children's fields
    MEAN = "mean"  # unweighted mean of the children's KPI values
    MIN = "min"
    MAX = "max"
    WEIGHTED_MEAN = "weighted_mean"  # mean weighted by ``rollup_weight`` (a field)
    NONE = "none"  # not rolled up: only units that report it have a value


class ZeroDenominator(StrEnum):
    MISSING = "missing"  # no value, with reason "zero denominator"
    ZERO = "zero"  # 0
    ONE = "one"  # 1 (e.g. "no dossiers, so all were on time")


_CONSTRAINT = re.compile(r"^\s*(<=|>=|<|>|==|!=)\s*(\S.*?)\s*$")


class Constraint(Strict):
    """A check on a reported value: ``>= 0``, ``<= dossiers_total``, ``== 1``."""

    op: Literal["<=", ">=", "<", ">", "==", "!="]
    operand: float | str  # a number or a field id

    @classmethod
    def parse(cls, text: str) -> Constraint:
        m = _CONSTRAINT.match(text)
        if not m:
            raise ValueError(f"constraint must look like '>= 0' or '<= other_field', got {text!r}")
        operand_text = m.group(2)
        operand: float | str
        try:
            operand = float(operand_text)
        except ValueError:
            if not re.match(r"^[a-z][a-z0-9_]*$", operand_text):
                raise ValueError(
                    f"constraint operand must be a number or a field id, got {operand_text!r}"
                ) from None
            operand = operand_text
        return cls(op=m.group(1), operand=operand)  # type: ignore[arg-type]

    def __str__(self) -> str:
        operand = self.operand
        if isinstance(operand, float) and operand.is_integer():
            operand = int(operand)
        return f"{self.op} {operand}"


class Plausible(Strict):
    """A plausible range: values outside it are warnings, not errors."""

    min: float | None = None
    max: float | None = None


class FieldDef(Strict):
    """A raw number a unit reports (chỉ tiêu báo cáo)."""

    id: Identifier
    label: Text
    kind: FieldKind
    description: Text | None = None
    unit_label: Text | None = None  # e.g. người / people
    levels: list[Identifier] | None = None  # unit levels that report it; None = all
    required: bool = True
    constraints: list[str] = Field(default_factory=list)
    plausible: Plausible | None = None
    template_label: str | None = None  # row label in templates; default label.vi
    aliases: list[str] = Field(default_factory=list)  # other labels seen in hand-made sheets
    # The form (biểu mẫu) it is reported on when not the regular report, e.g. a DTI
    # self-assessment: its own template, and not expected in the regular one.
    form: Identifier | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _constraints_parse(self) -> FieldDef:
        for text in self.constraints:
            Constraint.parse(text)
        return self

    def parsed_constraints(self) -> list[Constraint]:
        """Declared constraints plus those the kind implies (counts and amounts are >= 0)."""
        out = [Constraint.parse(t) for t in self.constraints]
        if self.kind in (FieldKind.COUNT, FieldKind.AMOUNT, FieldKind.PERCENT) and not any(
            c.op in (">=", ">") and isinstance(c.operand, float) for c in out
        ):
            out.insert(0, Constraint(op=">=", operand=0.0))
        if self.kind in (FieldKind.PERCENT, FieldKind.YES_NO) and not any(
            c.op in ("<=", "<") and isinstance(c.operand, float) for c in out
        ):
            out.append(Constraint(op="<=", operand=1.0))
        return out


class Group(Strict):
    """A pillar: digital government, digital economy, digital society."""

    id: Identifier
    name: Text
    description: Text | None = None


class Kpi(Strict):
    """A formula over fields (chỉ số)."""

    id: Identifier
    name: Text
    description: Text | None = None
    type: KpiType
    numerator: str | None = None  # ratio
    denominator: str | None = None  # ratio
    expression: str | None = None  # derived
    field: Identifier | None = None  # simple
    unit: Measure
    scale: float = 1.0  # multiply the ratio (e.g. 100 for per_100); never for percent
    direction: Direction
    group: Identifier
    levels: list[Identifier] | None = None  # levels whose units are scored on it; None = all
    rollup: Rollup = Rollup.SUM
    rollup_weight: Identifier | None = None  # field used by weighted_mean
    on_zero_denominator: ZeroDenominator = ZeroDenominator.MISSING
    # Ids this KPI had before it was renamed: goals that still use one keep working,
    # with a deprecation warning (K245).
    former_ids: list[Identifier] = Field(default_factory=list)
    source: str | None = None

    @model_validator(mode="after")
    def _shape_matches_type(self) -> Kpi:
        needed = {
            KpiType.RATIO: {"numerator", "denominator"},
            KpiType.DERIVED: {"expression"},
            KpiType.SIMPLE: {"field"},
        }[self.type]
        given = {k for k in ("numerator", "denominator", "expression", "field") if getattr(self, k)}
        missing = needed - given
        if missing:
            raise ValueError(f"a {self.type.value} KPI needs {', '.join(sorted(missing))}")
        extra = given - needed
        if extra:
            raise ValueError(f"a {self.type.value} KPI does not take {', '.join(sorted(extra))}")
        if self.rollup is Rollup.WEIGHTED_MEAN and not self.rollup_weight:
            raise ValueError("rollup: weighted_mean needs rollup_weight (a field id)")
        if self.unit is Measure.PERCENT and self.scale != 1.0:
            raise ValueError("percent KPIs are 0–1 fractions: do not scale them")
        return self

    def formulas(self) -> dict[str, str]:
        """The formula texts of this KPI by key (``numerator``, ``denominator``, …)."""
        keys = ("numerator", "denominator", "expression", "field")
        return {k: str(getattr(self, k)) for k in keys if getattr(self, k) is not None}


class Comparison(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="


class Baseline(Strict):
    value: float
    period: PeriodText | int

    @model_validator(mode="after")
    def _period_ok(self) -> Baseline:
        if not is_period(self.period):
            raise ValueError(f"baseline period {self.period!r} is not a period")
        return self


class LevelTarget(Strict):
    """A target value (and optionally its own baseline) for one unit level."""

    value: float
    baseline: Baseline | None = None


class ScoreMethod(StrEnum):
    ATTAINMENT = "attainment"  # value / target, capped at 100 %
    MINMAX = "minmax"  # (value - lo) / (hi - lo) with fixed goalposts
    DISTANCE = "distance"  # 1 - shortfall / (target - baseline)
    RANK = "rank"  # position among peers
    POINTS = "points"  # official points: a maximum per goal, a rule (proportional, steps, formula)


class MissingRule(StrEnum):
    EXCLUDE = "exclude"  # weights renormalised over the KPIs present
    ZERO = "zero"  # scored 0
    PREVIOUS = "previous"  # the unit's value of its previous period, flagged


class Step(Strict):
    """One row of a step table: from ``at`` (inclusive, in the goal's direction) ``points``."""

    at: float
    points: float


class Points(Strict):
    """How a goal earns official points (``method: points``).

    Without ``steps`` or ``formula`` the rule is proportional: ``max × value /
    target`` capped at ``max`` (``max × target / value`` when lower is better), so
    the goal's target is where full marks start (``value: 0.8`` for "full marks
    at 80 %", ``value: 1`` for "rate × max").
    """

    max: float = Field(ge=0)
    steps: list[Step] | None = Field(default=None, min_length=1)
    formula: str | None = None  # points from the unit's KPI values; capped at max
    # The goal's KPI value is the points themselves (self-assessed), not a rate.
    reported: bool = False
    # A KPI holding the province's appraised points (thẩm định): where it has a
    # value, it is what counts, whatever the rule.
    appraised: Identifier | None = None
    # A KPI holding the unit's self-assessed points for a component chiso computes:
    # shown beside the computed points, never counted.
    self_assessed: Identifier | None = None
    # Self-assessed points must come with evidence (tài liệu kiểm chứng) on the form;
    # None: as the programme says (``scoring.evidence``).
    evidence: bool | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> Points:
        rules = [k for k in ("steps", "formula") if getattr(self, k) is not None]
        if self.reported:
            rules.append("reported")
        if len(rules) > 1:
            raise ValueError(f"a goal's points take one rule, got {', '.join(rules)}")
        if self.reported and self.self_assessed is not None:
            raise ValueError("reported points are the self-assessment: self_assessed is not needed")
        return self

    @property
    def rule(self) -> str:
        if self.steps is not None:
            return "steps"
        if self.formula is not None:
            return "formula"
        return "reported" if self.reported else "proportional"



class Goal(Strict):
    """A target of a programme: KPI, comparison, value, deadline (mục tiêu)."""

    id: Identifier
    kpi: Identifier
    name: Text | None = None  # defaults to the KPI's name
    comparison: Comparison = Comparison.GE
    value: float
    deadline: PeriodText | int
    baseline: Baseline | None = None
    by_level: dict[Identifier, float | LevelTarget] = Field(default_factory=dict)
    weight: float | None = None  # weight in the programme's composite score
    # Scoring of this goal when it differs from the programme's (see Scoring).
    method: ScoreMethod | None = None
    missing: MissingRule | None = None
    points: Points | None = None  # for method points: the maximum and the rule
    group: Identifier | None = None  # the programme's index it counts in; default the KPI's group
    source: str | None = None

    def target_for(self, level: str | None) -> float:
        override = self.by_level.get(level) if level else None
        if override is None:
            return self.value
        return override.value if isinstance(override, LevelTarget) else float(override)

    def baseline_for(self, level: str | None) -> Baseline | None:
        override = self.by_level.get(level) if level else None
        if isinstance(override, LevelTarget) and override.baseline is not None:
            return override.baseline
        return self.baseline


class TieRule(StrEnum):
    MIN = "min"  # competition ranking "1224"
    DENSE = "dense"  # "1223"
    MAX = "max"  # "1334"
    FIRST = "first"  # order of appearance: no ties (discouraged)


class ProgressMethod(StrEnum):
    EUROSTAT = "eurostat"  # ratio of observed to required growth (Open SDG / StatCan)
    UNSD = "unsd"  # projected value at the deadline vs target (UN SDG report)
    LINEAR = "linear"  # observed vs required absolute change per year


class Band(Strict):
    """A rating band (xếp loại): values (0–1: score / 100) from ``min`` up get it."""

    id: Identifier
    min: float
    name: Text


class Pillar(Strict):
    """A set of the programme's groups scored together; pillars may overlap."""

    id: Identifier
    name: Text
    groups: list[Identifier] = Field(min_length=1)
    max: float | None = None  # points: checked against the groups' maxima


class Scoring(Strict):
    method: ScoreMethod = ScoreMethod.ATTAINMENT
    weights: dict[Identifier, float] = Field(default_factory=dict)  # by goal id (or KPI id)
    group_weights: dict[Identifier, float] = Field(default_factory=dict)
    weights_total: float | None = None  # if given, the weights must add up to it
    goalposts: dict[Identifier, tuple[float, float]] = Field(default_factory=dict)
    missing: MissingRule = MissingRule.EXCLUDE
    ties: TieRule = TieRule.MIN
    # Decimals of the published values (score / 100, e.g. DTI 0.8002): group,
    # pillar and programme values are rounded to them before ranking.
    round: int | None = Field(default=None, ge=0, le=9)
    points_total: float | None = None  # points: the goals' maxima must add up to it
    group_points: dict[Identifier, float] = Field(default_factory=dict)  # points per group
    pillars: list[Pillar] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)
    # Points: every self-assessed score needs evidence (tài liệu kiểm chứng) unless
    # its goal says ``points.evidence: false``.
    evidence: bool = False


class Horizon(Strict):
    start: PeriodText | int
    end: PeriodText | int


class Programme(Strict):
    """A named set of goals with a horizon (đề án / nghị quyết)."""

    id: Identifier
    name: Text
    short_name: Text | None = None
    horizon: Horizon
    source: str | None = None
    note: Text | None = None
    progress_method: ProgressMethod = ProgressMethod.EUROSTAT
    # A unit's latest value missing or invalid: the goal is not assessable ("none"),
    # or judged on its previous value, with finding E105 and a mark ("previous").
    fallback: Literal["none", "previous"] = "none"
    # The share of the expected parts (the units a rolled-up value is summed from)
    # that must have reported for a goal to get a status; below it the status is
    # "incomplete_data". 1: every part (the default).
    coverage: float = Field(default=1.0, gt=0, le=1)
    goals: list[Goal] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)

    def with_renamed_kpis(self, renamed: dict[str, str]) -> Programme:
        """This programme with goals on a former KPI id moved to the KPI's current id."""
        if not any(goal.kpi in renamed for goal in self.goals):
            return self
        goals = [
            goal.model_copy(update={"kpi": renamed[goal.kpi]}) if goal.kpi in renamed else goal
            for goal in self.goals
        ]
        weights = {renamed.get(k, k): w for k, w in self.scoring.weights.items()}
        scoring = self.scoring.model_copy(update={"weights": weights})
        return self.model_copy(update={"goals": goals, "scoring": scoring})


class CatalogueInfo(Strict):
    """Metadata of the catalogue; exactly one file declares it."""

    id: Identifier
    name: Text
    version: str
    levels: list[Identifier] = Field(
        default_factory=lambda: ["province", "department", "district", "commune"]
    )
    # The order programmes are shown in (terminal, scorecard, reports): the first is
    # the headline. Programmes not listed follow in file order.
    programmes: list[Identifier] | None = None


class CatalogueFile(Strict):
    """What one KPI file may contain."""

    catalogue: CatalogueInfo | None = None
    groups: list[Group] = Field(default_factory=list)
    fields: list[FieldDef] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)


class Catalogue(BaseModel):
    """All KPI files of a folder, merged. Lookups by id; order as declared."""

    model_config = ConfigDict(frozen=True)

    info: CatalogueInfo
    groups: dict[str, Group]
    fields: dict[str, FieldDef]
    kpis: dict[str, Kpi]
    programmes: dict[str, Programme]
    digest: str = ""  # sha256 over the files' bytes, written into templates

    @property
    def version(self) -> str:
        return self.info.version
