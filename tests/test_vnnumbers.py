"""Numbers typed as text in Vietnamese or English format, read with the field's kind."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.catalogue.model import FieldKind
from chiso.vnnumbers import Parsed, fold, format_percent_vi, format_vi, parse_value

COUNT, AMOUNT = FieldKind.COUNT, FieldKind.AMOUNT
PERCENT, YES_NO = FieldKind.PERCENT, FieldKind.YES_NO


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("12.400,5", AMOUNT, 12400.5),  # vi: dot groups, comma decimals
        ("12,400.5", AMOUNT, 12400.5),  # en: the other way round
        ("1.234.567", COUNT, 1234567),  # several dots can only be groups
        ("1,234,567", COUNT, 1234567),
        ("1 751", COUNT, 1751),  # space as thousands separator
        ("1\u00a0751", COUNT, 1751),  # non-breaking space (Excel/LibreOffice in vi locale)
        ("1\u202f751,25", AMOUNT, 1751.25),  # narrow no-break space, decimal comma
        ("0.985", AMOUNT, 0.985),  # a leading 0 cannot start a thousands group
        ("12,5", AMOUNT, 12.5),
        ("1234,5", AMOUNT, 1234.5),
        ("  42  ", COUNT, 42),
        ("+7", COUNT, 7),
        (1751, COUNT, 1751),
        (12400.5, AMOUNT, 12400.5),
    ],
)
def test_unambiguous_numbers_read_without_a_finding(
    raw: object, kind: FieldKind, value: float
) -> None:
    assert parse_value(raw, kind) == Parsed(value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("98,46%", 0.9846),
        ("80 %", 0.8),
        ("80\u00a0%", 0.8),
        ("0.9846", 0.9846),
        (0.9846, 0.9846),  # a percent cell stored as a fraction
        ("100%", 1.0),
        (1, 1.0),  # 1 is 100 %, a fraction at the edge
        (0, 0.0),
    ],
)
def test_percent_fractions_and_percent_signs(raw: object, value: float) -> None:
    assert parse_value(raw, PERCENT) == Parsed(value)


def test_bare_percent_points_are_read_as_percent_with_a_warning() -> None:
    parsed = parse_value("98,46", PERCENT)
    assert (parsed.value, parsed.code, parsed.ok) == (0.9846, "S204", True)  # 98.46 / 100
    assert parse_value(80, PERCENT).value == 0.8 and parse_value(80, PERCENT).code == "S204"


def test_percent_above_100_is_out_of_range() -> None:
    assert parse_value("150", PERCENT).code == "S207"
    assert parse_value("120%", PERCENT).code == "S207"
    assert parse_value("150", PERCENT).value is None


def test_dot_group_in_a_count_is_read_as_thousands_with_a_warning() -> None:
    parsed = parse_value("1.751", COUNT)
    assert (parsed.value, parsed.code) == (1751, "S202")
    assert parse_value("1,751", COUNT).value == 1751


def test_dot_group_in_an_amount_is_ambiguous() -> None:
    parsed = parse_value("1.751", AMOUNT)
    assert (parsed.value, parsed.code, parsed.ok) == (None, "S203", False)
    assert parse_value("1,751", AMOUNT).code == "S203"


def test_accounting_parentheses_are_negative() -> None:
    parsed = parse_value("(12)", AMOUNT)
    assert (parsed.value, parsed.code, parsed.ok) == (-12, "S205", False)


def test_negative_count_is_an_error_that_keeps_the_number_for_the_message() -> None:
    parsed = parse_value("-3", COUNT)
    assert (parsed.value, parsed.code, parsed.ok) == (-3, "S205", False)
    assert parse_value("\u22123", COUNT).code == "S205"  # unicode minus sign


def test_fraction_in_a_count_is_not_whole() -> None:
    assert parse_value("12,5", COUNT).code == "S206"


def test_trailing_note_is_ignored_with_a_warning() -> None:
    parsed = parse_value("120 hồ sơ", COUNT)
    assert (parsed.value, parsed.code) == (120, "S211")
    assert parsed.note is not None and "hồ sơ" in parsed.note


def test_trailing_note_after_a_thousands_group_keeps_the_thousands_warning() -> None:
    parsed = parse_value("1.751 (ước tính)", COUNT)
    assert (parsed.value, parsed.code) == (1751, "S202")
    assert parsed.note is not None and "ước tính" in parsed.note


@pytest.mark.parametrize("raw", ["abc", "n/a", "(12", "—", "12 3", "1.2.3", "1.751,2.5", "%"])
def test_text_that_is_not_a_number(raw: str) -> None:
    parsed = parse_value(raw, COUNT)
    assert (parsed.value, parsed.code) == (None, "S201")


def test_percent_sign_in_a_count_is_not_a_number() -> None:
    assert parse_value("80%", COUNT).code == "S201"


@pytest.mark.parametrize(
    "raw", ["Có", "có", "CO", "co", "yes", "Yes", "x", "X", "1", 1, True, "Đạt"]
)
def test_yes(raw: object) -> None:
    assert parse_value(raw, YES_NO) == Parsed(1.0)


@pytest.mark.parametrize("raw", ["Không", "không", "khong", "KHÔNG", "no", "0", 0, False, "chưa"])
def test_no(raw: object) -> None:
    assert parse_value(raw, YES_NO) == Parsed(0.0)


@pytest.mark.parametrize("raw", ["có thể", "2", "maybe"])
def test_not_yes_no(raw: str) -> None:
    assert parse_value(raw, YES_NO).code == "S210"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0"])
def test_blank_is_blank_not_zero(raw: object) -> None:
    parsed = parse_value(raw, COUNT)
    assert parsed.blank and parsed.value is None


def test_formula_rounding_noise_is_not_a_fraction_or_a_percent_point() -> None:
    assert parse_value(1750.9999999999998, COUNT) == Parsed(1751.0)
    assert parse_value(1.0000000000000002, PERCENT) == Parsed(1.0)  # 100 %, not 1 %
    assert parse_value(0.1 + 0.2, AMOUNT) == Parsed(0.1 + 0.2)  # amounts keep their decimals


def test_nan_and_infinity_are_not_numbers() -> None:
    assert parse_value(math.nan, AMOUNT).code == "S201"
    assert parse_value(math.inf, AMOUNT).code == "S201"


def test_fold_removes_diacritics_case_and_extra_spaces() -> None:
    assert fold("  Tổng số  Hồ sơ ĐÃ  tiếp nhận ") == "tong so ho so da tiep nhan"


def test_format_vi() -> None:
    assert format_vi(12400.5, 1) == "12.400,5"
    assert format_vi(1751) == "1.751"
    assert format_percent_vi(0.9846) == "98,46%"


@given(st.integers(min_value=0, max_value=10**12))
def test_count_in_vi_format_round_trips(n: int) -> None:
    # "1.751" style groups are read as thousands in a count (with a warning).
    assert parse_value(format_vi(n), COUNT).value == n


# Three decimals are left out: "1,000" is as ambiguous as "1.000" (see the test above).
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([1, 2, 4]),
       st.integers(min_value=0, max_value=9999))
def test_amount_with_decimals_in_vi_format_round_trips(
    whole: int, decimals: int, frac: int
) -> None:
    frac %= 10**decimals
    value = float(f"{whole}.{frac:0{decimals}d}")
    text = format_vi(value, decimals)
    parsed = parse_value(text, AMOUNT)
    assert parsed.code is None
    assert parsed.value == float(text.replace(".", "").replace(",", "."))


@given(st.integers(min_value=0, max_value=10000))
def test_percent_in_vi_format_round_trips(basis_points: int) -> None:
    fraction = basis_points / 10000  # 0.00 % … 100.00 %
    parsed = parse_value(format_percent_vi(fraction), PERCENT)
    assert parsed.code is None
    assert parsed.value is not None and math.isclose(parsed.value, fraction, abs_tol=1e-12)


# What each code promises about the value beside it (see chiso.vnnumbers):
CODES_WITHOUT_VALUE = {"S201", "S203", "S207", "S210"}  # not a number, ambiguous, range, yes/no
CODES_WITH_VALUE = {"S202", "S204", "S205", "S206", "S211"}  # the value is there


def assert_keeps_its_contract(parsed: Parsed, kind: FieldKind) -> None:
    """The promises a caller relies on, whatever the input was."""
    assert parsed.code is None or parsed.code in CODES_WITHOUT_VALUE | CODES_WITH_VALUE
    if parsed.code in CODES_WITHOUT_VALUE:
        assert parsed.value is None and not parsed.ok
    if parsed.code in CODES_WITH_VALUE:
        assert parsed.value is not None
    if parsed.value is None:
        return
    assert type(parsed.value) is float and math.isfinite(parsed.value)
    assert (parsed.code == "S205") is (parsed.value < 0)  # negative: said, never silent
    if not parsed.ok:
        return
    if kind is PERCENT:
        assert 0.0 <= parsed.value <= 1.0
    if kind is YES_NO:
        assert parsed.value in (0.0, 1.0)
    if kind is COUNT:
        assert parsed.value.is_integer()


@given(st.one_of(st.text(), st.floats(), st.integers(), st.booleans(), st.none()),
       st.sampled_from(list(FieldKind)))
def test_any_cell_content_keeps_the_contract(raw: object, kind: FieldKind) -> None:
    assert_keeps_its_contract(parse_value(raw, kind), kind)


@given(st.integers(-(10**15), 10**15) | st.floats(-1e15, 1e15, allow_nan=False))
def test_a_number_cell_of_an_amount_is_its_own_value(raw: float) -> None:
    # amounts keep every decimal they were given (Decimal(repr(x)) is x exactly)
    parsed = parse_value(raw, AMOUNT)
    assert parsed.value == float(raw)
    assert parsed.code == ("S205" if raw < 0 else None)


@given(
    st.text(alphabet="0123456789.,% ()-\u00a0abc", max_size=20), st.sampled_from(list(FieldKind))
)
def test_number_like_text_keeps_the_contract(raw: str, kind: FieldKind) -> None:
    parsed = parse_value(raw, kind)
    assert_keeps_its_contract(parsed, kind)
    if not raw.replace("\u00a0", " ").strip():
        assert parsed == Parsed(None)  # blank
    if not any(ch.isdigit() for ch in raw):
        assert parsed.value is None  # no digit, no number


@given(
    st.floats(allow_nan=False, allow_infinity=False).map(float.__floor__).map(float)
    | st.floats(allow_nan=False, allow_infinity=False).filter(float.is_integer),
    st.sampled_from([FieldKind.COUNT, FieldKind.AMOUNT]),
)
def test_a_whole_number_cell_reads_as_the_exact_decimal_path_does(
    number: float, kind: FieldKind
) -> None:
    from decimal import Decimal

    from chiso.vnnumbers import _from_number

    exact = _from_number(Decimal(repr(number)), kind, percent_sign=False, note=None)
    assert parse_value(number, kind) == exact

