"""Findings: the one type every stage of chiso uses to report a problem.

A finding has a stable code, a severity, a message in Vietnamese and English and
an exact location (file:line:column for KPI files; file, sheet and cell for
workbooks). Codes are declared once with :func:`define` in the ``codes`` module of
the area that raises them, are documented in ``docs/findings.md`` (generated from
this registry and kept in sync by a test) and are never reused.

Stages collect findings in a :class:`Findings` list instead of raising, so a user
fixing a file sees every problem in one pass.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Lang = Literal["vi", "en"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class CodeSpec:
    """A finding code: its default severity and message templates (``str.format``)."""

    code: str
    severity: Severity
    title_en: str
    en: str
    vi: str


_REGISTRY: dict[str, CodeSpec] = {}

# Modules that declare codes; imported lazily by :func:`all_codes`.
CODE_MODULES = (
    "chiso.catalogue.codes",
    "chiso.units.codes",
    "chiso.submissions.codes",
    "chiso.engine.codes",
    "chiso.portal.codes",
)


def define(code: str, severity: Severity | str, title_en: str, en: str, vi: str) -> CodeSpec:
    """Declare a finding code. Declaring the same code twice is a programming error."""
    if code in _REGISTRY:
        raise ValueError(f"finding code {code} is declared twice")
    spec = CodeSpec(code, Severity(severity), title_en, en, vi)
    _REGISTRY[code] = spec
    return spec


def all_codes() -> list[CodeSpec]:
    """Every declared code, sorted, after importing every module that declares codes."""
    for name in CODE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an area not built yet
            if exc.name != name:
                raise
    return sorted(_REGISTRY.values(), key=lambda s: s.code)


def spec_of(code: str) -> CodeSpec:
    """The declaration of ``code`` (its severity, its messages); KeyError if none."""
    spec = _REGISTRY.get(code)
    if spec is None:
        all_codes()
        spec = _REGISTRY[code]
    return spec


@dataclass(frozen=True)
class Location:
    """Where a finding points. Only the parts that apply are set."""

    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    sheet: str | None = None
    cell: str | None = None  # A1 notation
    path: str | None = None  # a key path inside a KPI file, e.g. "kpis[3].numerator"

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            text = self.file
            if self.line is not None:
                text += f":{self.line}"
                if self.column is not None:
                    text += f":{self.column}"
            parts.append(text)
        if self.sheet is not None:
            sheet = f"'{self.sheet}'" if " " in self.sheet else self.sheet
            parts.append(f"{sheet}!{self.cell}" if self.cell else sheet)
        elif self.cell:
            parts.append(self.cell)
        return " ".join(parts) if parts else "-"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Finding:
    """One problem found in a KPI file, a units file or a submission."""

    code: str
    severity: Severity
    message_vi: str
    message_en: str
    location: Location = field(default_factory=Location)
    raw: str | None = None  # the text as the user typed it
    value: Any = None  # what chiso made of it, if anything
    suggestion: str | None = None  # "did you mean …"
    subject: str | None = None  # the field, KPI, unit … the finding is about

    def message(self, lang: Lang = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def at(self, **location: Any) -> Finding:
        """The same finding with location parts replaced."""
        return replace(self, location=replace(self.location, **location))

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "location": self.location.to_dict(),
        }
        if lang is not None:
            out["message"] = self.message(lang)
        for key in ("raw", "value", "suggestion", "subject"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        return out

    def check_tuple(self) -> tuple[str, str | int | None, str | int | None]:
        """The finding as a test compares it (sqlfluff's ``check_tuple``): ``(code, sheet,
        cell)`` for a finding in a workbook, else ``(code, line, column)`` (KPI and units
        files; both None for a finding about a whole file)."""
        loc = self.location
        if loc.sheet is not None or loc.cell is not None:
            return (self.code, loc.sheet, loc.cell)
        return (self.code, loc.line, loc.column)

    def get(self, key: str) -> Any:
        """An attribute of the finding or of its location by name (``code``, ``sheet`` …)."""
        if key in _LOCATION_KEYS:
            return getattr(self.location, key)
        if key == "severity":
            return self.severity.value
        if key in _FINDING_KEYS:
            return getattr(self, key)
        raise KeyError(key)


_LOCATION_KEYS = ("file", "line", "column", "sheet", "cell", "path")
_FINDING_KEYS = ("code", "severity", "subject", "raw", "value", "suggestion", "message_vi",
                 "message_en")
FRAME_COLUMNS = ("code", "severity", *_LOCATION_KEYS, *_FINDING_KEYS[2:])
"""The columns of :meth:`Findings.to_frame`, one per attribute of a finding."""


def make(
    code: str,
    location: Location | None = None,
    /,
    *,
    severity: Severity | str | None = None,
    raw: str | None = None,
    value: Any = None,
    suggestion: str | None = None,
    subject: str | None = None,
    **params: Any,
) -> Finding:
    """Build a finding from a declared code, filling its message templates with ``params``.

    A ``suggestion`` is appended to both messages as "did you mean …".
    """
    spec = spec_of(code)
    # ``value``, ``raw`` and ``subject`` are also finding attributes, so they are
    # available to the templates too (K208 "Target {value} …").
    fill = {"value": value, "raw": raw, "subject": subject, **params}
    vi = spec.vi.format(**fill)
    en = spec.en.format(**fill)
    if suggestion:
        vi += f" Có phải ý bạn là '{suggestion}'?"
        en += f" Did you mean '{suggestion}'?"
    return Finding(
        code=code,
        severity=Severity(severity) if severity is not None else spec.severity,
        message_vi=vi,
        message_en=en,
        location=location or Location(),
        raw=raw,
        value=value,
        suggestion=suggestion,
        subject=subject,
    )


class Findings(list[Finding]):
    """A list of findings with the questions callers ask of it."""

    def __init__(self, items: Iterable[Finding] = ()) -> None:
        super().__init__(items)

    def add(self, code: str, location: Location | None = None, /, **kwargs: Any) -> Finding:
        # Positional-only, so that message templates may use {code} (a unit code …).
        item = make(code, location, **kwargs)
        self.append(item)
        return item

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        threshold = Severity.WARNING.rank if strict else Severity.ERROR.rank
        return any(f.severity.rank >= threshold for f in self)

    def sorted(self) -> Findings:
        """Findings in reading order: by file, line, sheet, cell, then code."""

        def key(f: Finding) -> tuple[Any, ...]:
            loc = f.location
            return (
                loc.file or "",
                loc.line or 0,
                loc.column or 0,
                loc.sheet or "",
                _cell_order(loc.cell),
                f.code,
            )

        return Findings(sorted(self, key=key))

    def by_code(self, code: str) -> Iterator[Finding]:
        return (f for f in self if f.code == code)

    def counts(self) -> dict[str, int]:
        """How many findings of each severity, every severity present (error, warning, info)."""
        out = {s.value: 0 for s in Severity}
        for f in self:
            out[f.severity.value] += 1
        return out

    def flatten(self, keys: Iterable[str] = ("code", "sheet", "cell")) -> list[tuple[Any, ...]]:
        """One tuple a finding of the named attributes (frictionless' ``report.flatten``):
        ``findings.flatten(["code", "line"])``. Keys are :data:`FRAME_COLUMNS`."""
        names = tuple(keys)
        return [tuple(f.get(k) for k in names) for f in self]

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame, one row a finding and the columns :data:`FRAME_COLUMNS`
        (pandera's failure cases as one frame): to filter, count and join findings."""
        import pandas as pd  # only callers that want a frame pay for pandas

        return pd.DataFrame(self.flatten(FRAME_COLUMNS), columns=list(FRAME_COLUMNS))


def _cell_order(cell: str | None) -> tuple[int, int]:
    """Sort key for an A1 reference: row first, then column."""
    if not cell:
        return (0, 0)
    letters = "".join(ch for ch in cell if ch.isalpha()).upper()
    digits = "".join(ch for ch in cell if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return (int(digits or 0), col)


def number_text(value: Decimal | float) -> str:
    """A number as a finding's message shows it: written out, no exponent, no trailing zeros.

    ``1751.0`` → ``1751``, ``0.9846`` → ``0.9846``, ``1234567`` → ``1234567`` (``:g``
    wrote ``1.23457e+06``), ``1e-05`` → ``0.00001``. A float keeps 10 significant
    digits, which hides a formula's binary noise (``0.30000000000000004`` → ``0.3``),
    except a whole number below 10¹⁵, written exactly; a :class:`~decimal.Decimal`
    (what a cell's text said) is kept exactly. The one helper for catalogue and
    submission messages.
    """
    if isinstance(value, Decimal):
        number = value
    else:
        x = float(value)
        if not math.isfinite(x):
            return str(x)
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        number = Decimal(f"{x:.10g}")
    return format(number.normalize(), "f")


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest candidate to a mistyped word, if one is close enough."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


#: Candidates compared, in all, by one :class:`Suggestions` (≈ 9 µs each: about 2 s).
SUGGESTION_BUDGET = 200_000


class Suggestions:
    """:func:`did_you_mean` over one pool of candidates, within a budget of comparisons.

    difflib compares a word with every candidate: 20,000 unknown unit names
    against 20,000 units is 400 million comparisons (an hour). A caller that
    may ask many times (one finding per row) asks through one of these: each
    word is looked up once, and once :data:`SUGGESTION_BUDGET` comparisons are
    spent the rest of the findings come without "did you mean".
    """

    def __init__(self, candidates: Iterable[str], budget: int | None = None) -> None:
        self._pool = list(dict.fromkeys(candidates))
        self._left = SUGGESTION_BUDGET if budget is None else budget
        self._known: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self._known:
            return self._known[word]
        if self._left < len(self._pool):
            return None
        self._left -= len(self._pool)
        found = self._known[word] = did_you_mean(word, self._pool)
        return found
