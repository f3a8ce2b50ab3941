"""The formula language: whitelisted expressions evaluate like a reference; the rest is refused.

Properties (hypothesis):
- a random expression built from the whitelist parses, names what it uses, and
  evaluates (scalar and vectorised) to what a straightforward Python reference
  computes, NaN for missing values and division by zero;
- attribute access, dunder names, calls outside the whitelist, lambdas,
  subscripts, ``**`` and strings are always refused with a FormulaError;
- no text whatsoever makes ``parse`` raise anything but FormulaError.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.formula import FUNCTIONS, MAX_LENGTH, Formula, FormulaError, parse

# Same examples on every run: the suite must be deterministic.
FIXED = {"derandomize": True, "deadline": None}
NAMES = ("a", "b", "c", "dossiers_online", "số_hồ_sơ")
NAN = math.nan


# ---------------------------------------------------------------- a reference language


@dataclass(frozen=True)
class Expr:
    """An expression as text plus a reference evaluator over a dict of floats."""

    text: str
    ref: Callable[[dict[str, float]], float]


def _nan_if(*values: float) -> bool:
    return any(math.isnan(v) for v in values)


def _binary(op: str) -> Callable[[Expr, Expr], Expr]:
    def build(left: Expr, right: Expr) -> Expr:
        def ref(env: dict[str, float]) -> float:
            x, y = left.ref(env), right.ref(env)
            if op == "+":
                return x + y
            if op == "-":
                return x - y
            if op == "*":
                return x * y
            return NAN if y == 0 or _nan_if(x, y) else x / y

        return Expr(f"({left.text}) {op} ({right.text})", ref)

    return build


def _compare(op: str) -> Callable[[Expr, Expr], Expr]:
    import operator

    fn = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
          "==": operator.eq, "!=": operator.ne}[op]

    def build(left: Expr, right: Expr) -> Expr:
        def ref(env: dict[str, float]) -> float:
            x, y = left.ref(env), right.ref(env)
            return NAN if _nan_if(x, y) else float(fn(x, y))

        return Expr(f"({left.text}) {op} ({right.text})", ref)

    return build


def _logic(op: str) -> Callable[[Expr, Expr], Expr]:
    def build(left: Expr, right: Expr) -> Expr:
        def ref(env: dict[str, float]) -> float:
            x, y = left.ref(env), right.ref(env)
            if _nan_if(x, y):
                return NAN
            return float((x != 0 and y != 0) if op == "and" else (x != 0 or y != 0))

        return Expr(f"({left.text}) {op} ({right.text})", ref)

    return build


def _call(name: str, args: list[Expr]) -> Expr:
    def ref(env: dict[str, float]) -> float:
        values = [a.ref(env) for a in args]
        if name == "abs":
            return abs(values[0])
        if name == "if":
            cond, then, other = values
            return NAN if math.isnan(cond) else (then if cond != 0 else other)
        if _nan_if(*values):
            return NAN
        return min(values) if name == "min" else max(values)

    return Expr(f"{name}({', '.join(a.text for a in args)})", ref)


def _unary(op: str, inner: Expr) -> Expr:
    if op == "-":
        return Expr(f"-({inner.text})", lambda env: -inner.ref(env))

    def negate(env: dict[str, float]) -> float:
        value = inner.ref(env)
        return NAN if math.isnan(value) else float(value == 0)

    return Expr(f"not ({inner.text})", negate)


numbers = st.one_of(
    st.integers(min_value=0, max_value=1000).map(float),
    st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda x: round(x, 3)),
)
leaves = st.one_of(
    numbers.map(lambda v: Expr(repr(v), lambda env, v=v: v)),
    st.sampled_from(NAMES).map(lambda n: Expr(n, lambda env, n=n: env[n])),
)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    two = st.tuples(children, children)
    return st.one_of(
        st.tuples(st.sampled_from("+-*/"), two).map(lambda t: _binary(t[0])(*t[1])),
        st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), two).map(
            lambda t: _compare(t[0])(*t[1])
        ),
        st.tuples(st.sampled_from(["and", "or"]), two).map(lambda t: _logic(t[0])(*t[1])),
        st.tuples(st.sampled_from("-n"), children).map(
            lambda t: _unary("-" if t[0] == "-" else "not", t[1])
        ),
        children.map(lambda c: _call("abs", [c])),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda t: _call(t[0], t[1])
        ),
        st.lists(children, min_size=3, max_size=3).map(lambda args: _call("if", args)),
    )


expressions = st.recursive(leaves, _extend, max_leaves=12)
values = st.one_of(
    st.just(NAN),
    st.just(0.0),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
)
environments = st.fixed_dictionaries({n: values for n in NAMES})


def _same(got: float, expected: float) -> bool:
    if math.isnan(expected) or math.isnan(got):
        return math.isnan(expected) and math.isnan(got)
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], **FIXED)
@given(expressions, environments)
def test_whitelisted_expressions_evaluate_like_the_reference(expr: Expr, env: dict) -> None:
    formula = parse(expr.text)
    assert set(formula.names) <= set(NAMES)
    assert set(formula.names) == {n for n in NAMES if n in _words(expr.text)}
    with np.errstate(all="ignore"):
        expected = expr.ref(env)
    got = formula.evaluate(env)
    assert isinstance(got, float)
    assert _same(got, expected), (expr.text, env, got, expected)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], **FIXED)
@given(expressions, st.lists(environments, min_size=1, max_size=5))
def test_vectorised_evaluation_matches_row_by_row(expr: Expr, rows: list[dict]) -> None:
    formula = parse(expr.text)
    columns = {n: pd.Series([row[n] for row in rows], dtype=float) for n in NAMES}
    got = np.broadcast_to(formula.evaluate(columns), (len(rows),))
    for i, row in enumerate(rows):
        assert _same(float(got[i]), expr.ref(row)), (expr.text, row)


def _words(text: str) -> set[str]:
    import re

    return set(re.findall(r"[^\W\d]\w*", text))


# ---------------------------------------------------------------- what is refused

identifiers = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: s not in {"and", "or", "not", "if", "in", "is", "for", "else", "lambda", "None"}
    and not s.startswith("__")
    and s not in {"as", "def", "del", "try", "with", "from", "pass", "elif", "while", "break"}
    and s not in {"class", "raise", "yield", "async", "await", "assert", "global", "import"}
    and s not in {"return", "except", "finally", "continue", "nonlocal"}
)


def _refused(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as info:
        parse(text)
    return info.value


@settings(**FIXED)
@given(expressions, identifiers)
def test_attribute_access_is_always_refused(expr: Expr, attr: str) -> None:
    error = _refused(f"({expr.text}).{attr}")
    assert error.code in ("K302", "K301")


@settings(**FIXED)
@given(st.sampled_from(["__class__", "__import__", "__builtins__", "_private", "__dict__"]))
def test_dunder_and_private_names_are_refused(name: str) -> None:
    assert _refused(f"{name} + 1").code == "K302"
    assert _refused(f"a.{name}").code == "K302"
    assert _refused(f"{name}(1)").code == "K303"


@settings(**FIXED)
@given(identifiers.filter(lambda s: s not in FUNCTIONS), st.lists(leaves, max_size=3))
def test_calls_outside_the_whitelist_are_refused(name: str, args: list[Expr]) -> None:
    error = _refused(f"{name}({', '.join(a.text for a in args)})")
    assert error.code == "K303"
    assert error.params["name"] == name


@settings(**FIXED)
@given(expressions, expressions)
def test_power_subscripts_lambdas_and_strings_are_refused(x: Expr, y: Expr) -> None:
    assert _refused(f"({x.text}) ** ({y.text})").code == "K302"
    assert _refused(f"({x.text})[0]").code == "K302"
    assert _refused(f"lambda: {x.text}").code == "K302"
    assert _refused(f"({x.text}) + 'abc'").code == "K302"
    assert _refused(f"abs(({x.text}) if ({y.text}) else 0)").code == "K302"


@settings(**FIXED)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_formula_error(text: str) -> None:
    try:
        formula = parse(text)
    except FormulaError as error:
        assert error.code in ("K301", "K302", "K303", "K304")
        assert error.column >= 1
        return
    _assert_within_the_whitelist(formula)


_ALLOWED_NODES = (
    ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp,
    ast.Call, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Not, ast.And,
    ast.Or, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
)


def _assert_within_the_whitelist(formula: Formula) -> None:
    """What an accepted formula may contain, checked on its tree independently of parse().

    Numbers, names, + − × ÷, comparisons, and/or/not, and calls of the whitelisted
    functions with their number of arguments; ``names`` are exactly the names used
    outside calls' function position, in order of first use; and the formula
    evaluates on any values without raising.
    """
    called = set()
    for node in ast.walk(formula.tree):
        assert isinstance(node, _ALLOWED_NODES), ast.dump(node)
        if isinstance(node, ast.Constant):
            assert type(node.value) in (int, float), node.value
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
            assert not node.keywords
            low, high = FUNCTIONS[node.func.id]
            assert low <= len(node.args) <= (high or len(node.args))
            called.add(id(node.func))
    used = [
        n.id
        for n in sorted(
            (n for n in ast.walk(formula.tree) if isinstance(n, ast.Name) and id(n) not in called),
            key=lambda n: (n.lineno, n.col_offset),
        )
    ]
    assert formula.names == tuple(dict.fromkeys(used))
    formula.evaluate(dict.fromkeys(formula.names, 1.0))
    formula.evaluate(dict.fromkeys(formula.names, np.array([0.0, -2.5, np.nan])))


@settings(**FIXED)
@given(st.text(alphabet="ab1._()[]*+-/,<>=! '\"\n", max_size=80))
def test_formula_like_noise_parses_or_raises_formula_error(text: str) -> None:
    try:
        formula = parse(text)
    except FormulaError as error:
        assert error.column >= 1
    else:
        assert set(formula.names) <= {"a", "b"}
        _assert_within_the_whitelist(formula)


@pytest.mark.parametrize(
    "text",
    ["[a]", "{a: 1}", "(a, b)", "a.b", "a[0]", "'x'", "f(a)", "min(a)", "abs(a, b)", "a ** 2"],
)
def test_the_whitelist_check_itself_refuses_what_parse_must_refuse(text: str) -> None:
    # The check above would catch a parse() that accepted everything: each of these
    # is valid Python outside the whitelist.
    tree = ast.parse(text, mode="eval").body
    fake = Formula(text=text, tree=tree, names=("a",))
    with pytest.raises(AssertionError):
        _assert_within_the_whitelist(fake)
    with pytest.raises(FormulaError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "-" * 1500 + "1",
        "(" * 300 + "1" + ")" * 300,
        "+".join(["a"] * 900),
        "9" * 400,
        "1e999",
        "x" * (MAX_LENGTH + 1),
        "\x00",
    ],
)
def test_pathological_input_is_a_formula_error(text: str) -> None:
    assert _refused(text).code in ("K301", "K302")


# ---------------------------------------------------------------- worked examples


def test_ratio_with_zero_denominator_is_nan_not_inf() -> None:
    formula = parse("dossiers_online / dossiers_total")
    # 120 / 150 = 0.8; 0 / 0 and 5 / 0 are missing, never inf.
    got = formula.evaluate(
        {"dossiers_online": np.array([120.0, 0.0, 5.0]), "dossiers_total": np.array([150, 0, 0])}
    )
    assert got[0] == pytest.approx(0.8)
    assert np.isnan(got[1]) and np.isnan(got[2])


def test_if_picks_by_condition_and_missing_condition_is_missing() -> None:
    formula = parse("if(a > 0, b, c)")
    got = formula.evaluate({"a": np.array([1.0, 0.0, NAN]), "b": 10.0, "c": 20.0})
    assert got[0] == 10.0 and got[1] == 20.0 and np.isnan(got[2])


def test_name_columns_count_characters_not_bytes() -> None:
    formula = parse("  số_hồ_sơ + dossiers_online")
    # Two leading blanks, then "số_hồ_sơ" (8 characters) at column 3; " + " puts
    # dossiers_online at 3 + 8 + 3 = 14.
    assert formula.name_columns() == [("số_hồ_sơ", 3), ("dossiers_online", 14)]


def test_function_names_are_not_field_names() -> None:
    formula = parse("min(a, b) + if(c, 1, 0)")
    assert formula.names == ("a", "b", "c")
    assert [n for n, _ in formula.name_columns()] == ["a", "b", "c"]


def test_error_column_after_vietnamese_text_counts_characters() -> None:
    # "số_hồ_sơ + " is 11 characters; the "." of the attribute sits on "x" at 12.
    error = _refused("số_hồ_sơ + x.y")
    assert (error.code, error.column) == ("K302", 12)


def test_line_breaks_in_a_formula_are_spaces() -> None:
    formula = parse("min(a,\n    b)")
    assert formula.names == ("a", "b")
    assert formula.evaluate({"a": 1.0, "b": 2.0}) == 1.0


def test_wrong_argument_count_reports_expected_and_got() -> None:
    error = _refused("1 + if(a, b)")
    assert (error.code, error.column, error.params) == (
        "K304",
        5,
        {"name": "if", "expected": "3", "got": 2},
    )


def test_if_function_and_python_conditional_are_told_apart() -> None:
    assert parse("not if(a, 1, 0)").evaluate({"a": 0.0}) == 1.0
    assert parse("b * if(a, 1, 0)").evaluate({"a": 1.0, "b": 3.0}) == 3.0
    error = _refused("b if (a) else 0")
    assert error.code == "K302" and "use if(c, a, b)" in error.params["what"]


def test_unclosed_if_call_reports_the_bracket() -> None:
    error = _refused("if(a, b")
    assert error.code == "K301"
    assert "never closed" in error.params["reason"]
