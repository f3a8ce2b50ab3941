"""The value of one reported cell for its field, and the field's rules on it.

:func:`cell_value` turns a cell into the field's number or says why it cannot
(a formula with no cached value S208, an error cell S209, a rich-text or other
kind S012, not a number S201 and what :func:`chiso.vnnumbers.parse_value` finds);
:func:`rule_flag` checks the field's declared constraints against the other values
of the report (S302, which flags the value) and its plausible range (S303). Each
reports through ``add(code, **params)``, which places the finding at the cell.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import lru_cache

from chiso.catalogue.model import Constraint, FieldDef
from chiso.findings import Finding, number_text
from chiso.submissions.workbook import Cell
from chiso.vnnumbers import parse_value

AddFinding = Callable[..., Finding]  # add(code, **params): a finding at the cell in hand
MAX_VALUE_CHARS = 1_000  # a value cell's text longer than this is no number (S201, clipped)

_NEGATED = {"<=": ">", ">=": "<", "<": ">=", ">": "<=", "==": "!=", "!=": "=="}


def cell_value(definition: FieldDef, cell: Cell, add: AddFinding) -> float | None:
    """The cell's value for the field, or None after reporting why it cannot be used."""
    name = definition.id
    if cell.missing_cache:
        add("S208", raw=raw_text(cell), subject=name, formula=f"={cell.formula}")
        return None
    if cell.kind == "x":
        add("S012", raw=raw_text(cell), subject=name, text=cell.value)
        return None
    if cell.kind == "e":
        add("S209", raw=raw_text(cell), subject=name, field=name, text=cell.value)
        return None
    if isinstance(cell.value, str) and len(cell.value) > MAX_VALUE_CHARS:
        # No number is this long; parsing (and quoting) it whole for each cell that
        # shows one shared string would make reading quadratic.
        add("S201", raw=raw_text(cell), subject=name, field=name, text=display(cell.value))
        return None
    parsed = parse_value(cell.value, definition.kind)
    if parsed.code is not None:
        read = "" if parsed.value is None else number_text(parsed.value)
        add(parsed.code, raw=raw_text(cell), value=parsed.value, subject=name, field=name,
            text=display(cell.value), read=read)
    if not parsed.ok or parsed.value is None:
        return None
    return parsed.value


def rule_flag(
    definition: FieldDef, value: float, values: Mapping[str, tuple[float, object]],
    add: AddFinding,
) -> str | None:
    """Check the field's constraints and plausible range; "S302" if a constraint fails.

    The value is then kept for provenance but flagged, so no KPI uses it.
    """
    flag: str | None = None
    for text in definition.constraints:
        rule = constraint(text)
        if isinstance(rule.operand, str):
            if rule.operand not in values:
                continue  # missing or failed: already reported, no knock-on finding
            other = values[rule.operand][0]
            right = f"{rule.operand} ({number_text(other)})"
        else:
            other = rule.operand
            right = number_text(other)
        if not _holds(value, rule.op, other):
            add(
                "S302", value=value,
                subject=definition.id, left=definition.id, left_value=number_text(value),
                op=_NEGATED[rule.op], right=right, rule=f"{definition.id} {rule}",
            )
            flag = "S302"
    plausible = definition.plausible
    if plausible is not None and (
        (plausible.min is not None and value < plausible.min)
        or (plausible.max is not None and value > plausible.max)
    ):
        add("S303", value=value, subject=definition.id, field=definition.id,
            read=number_text(value),
            low=number_text(plausible.min) if plausible.min is not None else "…",
            high=number_text(plausible.max) if plausible.max is not None else "…")
    return flag


@lru_cache(maxsize=1024)
def constraint(text: str) -> Constraint:
    # Parsed once per text, not once per value: a national run checks ~500k values.
    return Constraint.parse(text)


_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
    "==": operator.eq, "!=": operator.ne,
}


def _holds(left: float, op: str, right: float) -> bool:
    return _OPERATORS[op](left, right)


def display(value: object, longest: int = MAX_VALUE_CHARS) -> str:
    """A cell's value as a finding quotes it: a number as :func:`number_text` writes it,
    TRUE/FALSE as the spreadsheet shows them, a text longer than ``longest`` clipped to
    200 characters (headings, where a long text is no label, pass 200)."""
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = "" if value is None else str(value)
    return text if len(text) <= longest else text[:200] + "…"


def raw_text(cell: Cell) -> str:
    """The cell as the user typed it: the text, the number, or the formula."""
    if cell.has_formula:
        return f"={cell.formula}" if cell.formula else "=(shared formula)"
    return display(cell.value)
