"""Matching texts people type to what the catalogue and the units file name.

Labels are compared folded: case, spacing, punctuation, diacritics, a leading
item number (``1.``, ``a)``, ``II.``) and a trailing ``(unit)`` do not matter
(:func:`key`). :class:`FieldIndex` finds a field by its code or any of its
labels, :class:`UnitIndex` a unit by its code (with or without leading zeros),
name or alias; the period functions read a period out of a cell's text or a file
name (``Quý III/2024``, ``thang 6/2024``, ``bao_cao_quy_3_2024``).

Only texts of at most :data:`MAX_LABEL_CHARS` characters are considered as labels,
unit names, headers or periods. A longer text is no label, and folding it again for
every cell that shows it made reading quadratic: one 3 MB shared string shown in
12,000 cells took 19 s.

Pure functions over texts; :mod:`chiso.submissions.layout` uses them to find a
report inside a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeGuard

from chiso.catalogue.model import Catalogue
from chiso.periods import Period, PeriodError
from chiso.units.model import Unit, Units
from chiso.vnnumbers import fold

_PUNCT = re.compile(r"[^a-z0-9_%]+")
_ENUM = re.compile(r"^(?:\d+(?: \d+)*|[ivx]{1,5}|[a-h])\s+(?=\S)")
TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_AUTHORITY = re.compile(r"^(ubnd|uy ban nhan dan)\s+")  # "UBND xã Hy Cương": the commune
_CODE_IN_TEXT = re.compile(r"\bma\s*:?\s*([0-9a-z]+)\b")
MAX_LABEL_CHARS = 500  # the longest label in the shipped catalogues has ~120


def short_text(value: object) -> TypeGuard[str]:
    """A text short enough to be a label, a unit name, a header or a period."""
    return isinstance(value, str) and len(value) <= MAX_LABEL_CHARS


@lru_cache(maxsize=65536)  # the same labels recur in every workbook of a batch
def key(text: str) -> str:
    """A label folded for comparison (see module doc)."""
    folded = _PUNCT.sub(" ", fold(text)).strip()
    return _ENUM.sub("", folded)


@lru_cache(maxsize=65536)
def _keys(text: str) -> tuple[str, ...]:
    out = [key(text)]
    without = TRAILING_PAREN.sub("", text)
    if without != text and without.strip():
        out.append(key(without))
    return tuple(k for k in out if k)


@dataclass(frozen=True)
class FieldIndex:
    """Field ids by code and by every label, folded. Labels two fields share are dropped."""

    codes: dict[str, str]
    labels: dict[str, str]

    @classmethod
    def of(cls, catalogue: Catalogue) -> FieldIndex:
        codes = {f.id.lower(): f.id for f in catalogue.fields.values()}
        seen: dict[str, set[str]] = {}
        for f in catalogue.fields.values():
            texts = [f.label.vi, f.label.en, *(f.aliases or [])]
            if f.template_label:
                texts.append(f.template_label)
            for text in texts:
                for k in _keys(text):
                    seen.setdefault(k, set()).add(f.id)
        labels = {k: next(iter(ids)) for k, ids in seen.items() if len(ids) == 1}
        return cls(codes, labels)

    def match(self, text: str) -> tuple[str, bool] | None:
        """(field id, matched by its code) for a cell text, or None."""
        if len(text) > MAX_LABEL_CHARS:
            return None
        stripped = text.strip()
        code = self.codes.get(stripped.lower())
        if code is not None:
            return code, True
        for k in _keys(stripped):
            found = self.labels.get(k)
            if found is not None:
                return found, False
        return None


@dataclass(frozen=True)
class UnitIndex:
    """Units by code (with or without leading zeros) and by folded name or alias."""

    units: Units
    codes: dict[str, Unit]
    names: dict[str, Unit]
    shared: dict[str, list[str]]  # names several units bear (many communes share a name)

    @classmethod
    def of(cls, units: Units) -> UnitIndex:
        codes: dict[str, Unit] = {}
        bearers: dict[str, dict[str, Unit]] = {}
        for unit in units:
            codes[unit.code.lower()] = unit
            codes.setdefault(unit.code.lstrip("0").lower() or "0", unit)
        # Names from every row of a dated units file: a commune renamed when communes
        # merged in 2025 still sends last year's report under its old name. A name
        # leads to the code (its latest row); the reader takes the row in force.
        for row in units.history or units:
            unit = units[row.code]
            for name in (row.name, row.name_en, *row.aliases):
                if name:
                    bearers.setdefault(key(name), {})[unit.code] = unit
        names = {k: next(iter(b.values())) for k, b in bearers.items() if len(b) == 1}
        shared = {k: list(b) for k, b in bearers.items() if len(b) > 1}
        return cls(units, codes, names, shared)

    def sharing(self, value: object) -> list[str]:
        """Codes of the units that bear the name ``value``, when more than one does."""
        if not short_text(value):
            return []
        k = key(value)
        return self.shared.get(k) or self.shared.get(_AUTHORITY.sub("", k), [])

    def match(self, value: object) -> Unit | None:
        if isinstance(value, float) and value.is_integer():
            value = str(int(value))  # a code typed as a number lost its leading zeros
        if not isinstance(value, str | int) or isinstance(value, bool):
            return None
        if isinstance(value, str) and len(value) > MAX_LABEL_CHARS:
            return None
        text = str(value).strip()
        if not text:
            return None
        found = self.codes.get(text.lower()) or self.codes.get(text.lstrip("0").lower())
        if found is not None:
            return found
        k = key(text)
        found = self.names.get(k) or self.names.get(_AUTHORITY.sub("", k))
        if found is not None:
            return found
        code = _CODE_IN_TEXT.search(fold(text))  # "Phường Gia Cẩm (mã 08500)"
        if code is not None:
            return self.codes.get(code.group(1)) or self.codes.get(code.group(1).lstrip("0"))
        without = TRAILING_PAREN.sub("", text)
        return self.names.get(key(without)) if without != text else None

    def candidates(self) -> list[str]:
        return [u.code for u in self.units] + [u.name for u in self.units]



_QUARTER = re.compile(r"(?<!\d)(\d{4})\s*-?\s*q([1-4])(?!\d)")
_QUARTER_VI = re.compile(r"quy\s*(iv|i{1,3}|[1-4])\s*(?:/|-|nam)?\s*(\d{4})")
_MONTH_VI = re.compile(r"thang\s*(\d{1,2})\s*(?:/|-|nam)?\s*(\d{4})")
_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
_YEAR_VI = re.compile(r"(?:nam|year)\s*(\d{4})(?!\d)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def find_period(folded: str) -> str | None:
    """A period in folded text: '2024-q3', 'quy iii nam 2024', 'thang 6/2024', 'nam 2024'."""
    if m := _QUARTER.search(folded):
        return f"{m.group(1)}-Q{m.group(2)}"
    if m := _QUARTER_VI.search(folded):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        return f"{m.group(2)}-Q{quarter}"
    if m := _MONTH_VI.search(folded):
        return _checked(f"{m.group(2)}-{int(m.group(1)):02d}")
    if m := _MONTH.search(folded):
        return _checked(f"{m.group(1)}-{m.group(2)}")
    if m := _YEAR_VI.search(folded):
        return m.group(1)
    return None


def _checked(text: str) -> str | None:
    try:
        return str(Period.parse(text))
    except PeriodError:
        return None


def parse_period(text: str) -> str | None:
    """A period from a cell stating one: '2024', '2024-Q3', 'Quý III/2024', 'Tháng 6/2024'."""
    text = text.strip()
    try:
        return str(Period.parse(text))
    except PeriodError:
        pass
    return find_period(fold(text)) or (text if re.fullmatch(r"\d{4}", text) else None)


def name_period(stem: str) -> str | None:
    """A period in a file name: '227-viet-tri-2024-Q3', 'bao_cao_quy_3_2024', 'nam 2024', '2024'."""
    folded = fold(stem)
    found = find_period(folded) or find_period(re.sub(r"[-_.]+", " ", folded))
    if found:
        return found
    years = set(re.findall(r"(?<!\d)(20\d{2})(?!\d)", folded))
    return years.pop() if len(years) == 1 else None


def name_units(stem: str, units: UnitIndex) -> list[Unit]:
    """Units a file name names, by code token or by (slugged) name."""
    folded = fold(stem)
    tokens = [t for t in re.split(r"[^0-9a-z]+", folded) if t]
    by_code = {units.codes[t].code: units.codes[t] for t in tokens if t in units.codes}
    if by_code:
        return list(by_code.values())
    slug = " ".join(tokens)
    found: dict[str, Unit] = {}
    for name_key, unit in units.names.items():
        if name_key and re.search(rf"(?<![0-9a-z]){re.escape(name_key)}(?![0-9a-z])", slug):
            found[unit.code] = unit
    return list(found.values())


def unit_ids(units: Iterable[Unit]) -> str:
    return ", ".join(u.code for u in units)
