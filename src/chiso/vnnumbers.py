"""Numbers as people type them in Vietnamese and English spreadsheets.

A cell may hold a real number or text such as ``98,46%``, ``1.751``,
``12.400,5``, ``80 %``, ``1 751`` or ``(12)``. Vietnamese writes ``.`` between
thousands and ``,`` before decimals; English the other way round. Most texts
are unambiguous once both separators, the digit groups and the field's kind are
considered; the rest are reported, never guessed:

* ``1.751`` (one to three digits, a dot, three digits) is 1751 in Vietnamese and
  1.751 in English. A count cannot be 1.751, so a count reads 1751 with a warning;
  an amount could be either, so it is an ambiguity finding. ``1,751`` likewise.
* A percent field takes a fraction (``0.9846``), a text with ``%``
  (``98,46%`` → 0.9846) or a bare number in (1, 100], read as percent points
  with a warning (``98,46`` → 0.9846).
* A yes/no field takes có/không/yes/no/x/1/0, with or without diacritics.

:func:`parse_value` returns a :class:`Parsed` with the value and, when something
is worth saying, an issue code (declared in :mod:`chiso.submissions.codes`) and a
note. It never raises. Arithmetic goes through :class:`~decimal.Decimal` so
``98,46%`` gives exactly ``float("0.9846")``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chiso.catalogue.model import FieldKind
from chiso.findings import Severity, number_text, spec_of

# Issue codes (declared with messages in chiso.submissions.codes).
NOT_A_NUMBER = "S201"
THOUSANDS_READ = "S202"
AMBIGUOUS = "S203"
PERCENT_POINTS = "S204"
NEGATIVE = "S205"
NOT_WHOLE = "S206"
PERCENT_RANGE = "S207"
NOT_YES_NO = "S210"
NOTE_IGNORED = "S211"



@dataclass(frozen=True)
class Parsed:
    """What a cell means for a field: a value (or None) and an issue, if any.

    ``value`` is None for a blank cell and for texts that are not a number. For
    an error such as a negative count it holds the number read, so a message can
    show it, but :attr:`ok` is False and the value must not be used.
    """

    value: float | None
    code: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        """True when the value may be used: no issue, or one the code registry
        declares a warning (:mod:`chiso.submissions.codes`)."""
        return self.code is None or spec_of(self.code).severity is not Severity.ERROR

    @property
    def blank(self) -> bool:
        return self.value is None and self.code is None


# Spaces people (and spreadsheet programs) put inside numbers.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "})
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})
# A leading number: optional sign, optional accounting parenthesis, digits with
# separators, optional closing parenthesis and percent sign; the rest is a note.
_LEADING = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<open>\(?)\s*(?P<num>\d[\d., ]*\d|\d)\s*(?P<close>\)?)\s*(?P<pct>%?)"
)
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED_SPACE = re.compile(r"^\d{1,3}( \d{3})+$")
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")

_YES = {"co", "yes", "y", "x", "1", "true", "dat", "roi", "da co"}
_NO = {"khong", "no", "n", "0", "false", "chua", "chua co"}


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: how labels and words are compared."""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def parse_value(raw: object, kind: FieldKind | str) -> Parsed:
    """Read a cell's content (number, text, bool or None) as a value of ``kind``."""
    if not isinstance(kind, FieldKind):
        kind = FieldKind(kind)
    if raw is None:
        return Parsed(None)
    if type(raw) is float and raw.is_integer() and kind in _WHOLE_QUICK:
        # Most reported counts: a whole number cell. What the Decimal path gives it,
        # without building a Decimal (a national run reads ~500k values).
        return Parsed(raw, NEGATIVE) if raw < 0 else Parsed(raw)
    if isinstance(raw, bool):
        return _from_number(Decimal(int(raw)), kind, percent_sign=False, note=None)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            return Parsed(None, NOT_A_NUMBER, "not a finite number")
        return _from_number(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw),
                            kind, percent_sign=False, note=None)
    if not isinstance(raw, str):
        return Parsed(None, NOT_A_NUMBER, f"unsupported cell content {type(raw).__name__}")
    text = raw.translate(_SPACES).translate(_MINUS).strip()
    if not text:
        return Parsed(None)
    if kind is FieldKind.YES_NO:
        word = fold(text).strip(" .")
        if word in _YES:
            return Parsed(1.0)
        if word in _NO:
            return Parsed(0.0)
    return _parse_text(text, kind)


_WHOLE_QUICK = frozenset({FieldKind.COUNT, FieldKind.AMOUNT})


def _parse_text(text: str, kind: FieldKind) -> Parsed:
    match = _LEADING.match(text)
    if not match:
        return Parsed(None, NOT_YES_NO if kind is FieldKind.YES_NO else NOT_A_NUMBER)
    rest = text[match.end():].strip()
    if bool(match["open"]) != bool(match["close"]):
        # "(12" or "12)": an unbalanced parenthesis, probably the start of a note.
        if match["open"]:
            return Parsed(None, NOT_A_NUMBER)
        rest = (")" + match["pct"] + " " + rest).strip()
    digits = match["num"].strip()
    number, reading = _read_digits(digits, kind)
    if number is None:
        return Parsed(None, reading if reading == AMBIGUOUS else NOT_A_NUMBER, None)
    negative = match["sign"] == "-" or (bool(match["open"]) and bool(match["close"]))
    if negative:
        number = -number
    note = f"ignored text after the number: {rest!r}" if rest else None
    parsed = _from_number(number, kind, percent_sign=bool(match["pct"]), note=note)
    if reading == THOUSANDS_READ and parsed.ok:
        extra = f"'{digits}' read as {number_text(abs(number))} (thousands separator)"
        return Parsed(parsed.value, THOUSANDS_READ, _join(extra, parsed.note))
    if rest and parsed.code is None:
        return Parsed(parsed.value, NOTE_IGNORED, note)
    return parsed


def _read_digits(digits: str, kind: FieldKind) -> tuple[Decimal | None, str | None]:
    """Digits with separators to a Decimal, and THOUSANDS_READ/AMBIGUOUS if it was a call."""
    if " " in digits:
        head, sep, tail = _split_decimal(digits)
        if not _GROUPED_SPACE.match(head):
            return None, None
        digits = head.replace(" ", "") + (sep + tail if sep else "")
    has_dot, has_comma = "." in digits, "," in digits
    if has_dot and has_comma:
        decimal_sep = "," if digits.rfind(",") > digits.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        head, _, tail = digits.rpartition(decimal_sep)
        if group_sep not in head or not re.match(
            rf"^\d{{1,3}}(\{group_sep}\d{{3}})+$", head
        ) or not tail.isdigit():
            return None, None
        return _decimal(head.replace(group_sep, "") + "." + tail), None
    sep = "." if has_dot else "," if has_comma else ""
    if not sep:
        return _decimal(digits), None
    if digits.count(sep) > 1:
        grouped = _GROUPED_DOT if sep == "." else _GROUPED_COMMA
        return (_decimal(digits.replace(sep, "")), None) if grouped.match(digits) else (None, None)
    if _AMBIGUOUS.match(digits):
        if kind is FieldKind.COUNT:
            return _decimal(digits.replace(sep, "")), THOUSANDS_READ
        return None, AMBIGUOUS
    return _decimal(digits.replace(",", ".")), None


def _split_decimal(digits: str) -> tuple[str, str, str]:
    """'1 751,5' -> ('1 751', ',', '5'): the part before a trailing decimal separator."""
    for sep in (",", "."):
        head, found, tail = digits.rpartition(sep)
        if found and tail.isdigit() and " " not in tail and len(tail) != 3:
            return head, sep, tail
    return digits, "", ""


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# Formulas leave binary noise: 1750.9999999999998 for 1751, 1.0000000000000002 for 100 %.
_NOISE = Decimal("1e-9")


def _denoise(number: Decimal) -> Decimal:
    """The nearest whole number when ``number`` is within rounding noise of it."""
    whole = number.to_integral_value()
    if number != whole and abs(number - whole) <= _NOISE * max(Decimal(1), abs(number)):
        return whole
    return number


def _from_number(
    number: Decimal, kind: FieldKind, *, percent_sign: bool, note: str | None
) -> Parsed:
    if kind is not FieldKind.AMOUNT:  # amounts keep every decimal they were given
        number = _denoise(number)
    if kind is FieldKind.PERCENT:
        return _percent(number, percent_sign, note)
    if percent_sign:
        return Parsed(None, NOT_A_NUMBER, f"a percent sign in a {kind.value} field")
    value = float(number)
    if kind is FieldKind.YES_NO:
        if number in (0, 1):
            return Parsed(value, None, note)
        return Parsed(None, NOT_YES_NO, None)
    if number < 0:
        return Parsed(value, NEGATIVE, note)
    if kind is FieldKind.COUNT and number != number.to_integral_value():
        return Parsed(value, NOT_WHOLE, note)
    return Parsed(value, None, note)


def _percent(number: Decimal, percent_sign: bool, note: str | None) -> Parsed:
    if percent_sign:
        fraction = number / 100
        if fraction < 0:
            return Parsed(float(fraction), NEGATIVE, note)
        if fraction > 1:
            return Parsed(None, PERCENT_RANGE, f"{number_text(number)}% is above 100%")
        return Parsed(float(fraction), None, note)
    if number < 0:
        return Parsed(float(number), NEGATIVE, note)
    if number <= 1:
        return Parsed(float(number), None, note)
    if number <= 100:
        fraction = number / 100
        said = f"{number_text(number)} read as {number_text(number)}% = {number_text(fraction)}"
        return Parsed(float(fraction), PERCENT_POINTS, _join(said, note))
    said = f"{number_text(number)} is neither a fraction nor percent points"
    return Parsed(None, PERCENT_RANGE, said)




def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return "; ".join(kept) if kept else None


def format_vi(value: float | int, decimals: int = 0) -> str:
    """A number in Vietnamese format: ``12400.5`` with 1 decimal → ``12.400,5``."""
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("-" if value < 0 and float(text.replace(".", "").replace(",", ".")) != 0 else "") + text


def format_percent_vi(fraction: float, decimals: int = 2) -> str:
    """A 0–1 fraction as Vietnamese percent text: ``0.9846`` → ``98,46%``."""
    return format_vi(fraction * 100, decimals) + "%"
