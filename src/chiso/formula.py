"""The KPI formula language: safe arithmetic over field and KPI names.

A formula is parsed with :mod:`ast` and checked against a whitelist — numbers,
names, ``+ - * /``, parentheses, comparisons and ``and``/``or``/``not`` (for
conditions), and the functions ``min``, ``max``, ``abs``, ``if(cond, a, b)`` and
``previous(name)`` — the value of a field or KPI for the same unit in the period
before (the year before a year, the quarter before a quarter, …),
``previous_year(name)`` — its value for the whole year before the period's year
(the 2023 report, for 2024-06 as for 2024), and ``periods_per_year()`` — 1, 4 or
12 as the period is a year, a quarter or a month (Decision 766's fallback: "last
year's total ÷ 12 for a month, ÷ 4 for a quarter"). The evaluator reads them as the
environment keys ``"previous(name)"``, ``"previous_year(name)"`` and
``"periods_per_year()"`` (see :func:`lag_key`, :func:`periods_key`), so whoever
builds the environment decides what "before" means.
Nothing is ever passed to ``eval``; evaluation walks the checked tree with numpy,
over whole columns at once.

Missing values are NaN and propagate: a formula over a missing field is missing.
Division by zero gives NaN, never ``inf``; callers that need to say *why* a value
is missing (zero denominator) check the denominator themselves.
"""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import keyword
import math
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

FUNCTIONS = {"min": (2, None), "max": (2, None), "abs": (1, 1), "if": (3, 3), "previous": (1, 1),
             "previous_year": (1, 1), "periods_per_year": (0, 0)}
PREVIOUS = "previous"
PREVIOUS_YEAR = "previous_year"
PERIODS_PER_YEAR = "periods_per_year"
LAGS = (PREVIOUS, PREVIOUS_YEAR)  # functions of a name read at another period


def lag_key(name: str, function: str = PREVIOUS) -> str:
    """The environment key under which ``previous(name)`` (or ``previous_year(name)``) is
    looked up."""
    return f"{function}({name})"


def periods_key() -> str:
    """The environment key of ``periods_per_year()``: 1, 4 or 12 by each row's period."""
    return f"{PERIODS_PER_YEAR}()"
MAX_LENGTH = 2000

# ``if`` is a Python keyword, so ``if(a, b, c)`` does not parse. It is rewritten to
# ``IF(`` before parsing: the same length, so column offsets stay true.
_IF_ALIAS = "IF"


class FormulaError(ValueError):
    """A formula that does not parse or uses something outside the whitelist.

    ``code`` is a stable finding code, ``column`` the 1-based column in the
    formula text, ``params`` fills the code's message templates.
    """

    def __init__(self, code: str, column: int, **params: Any) -> None:
        self.code = code
        self.column = column
        self.params = params
        super().__init__(f"{code} at column {column}: {params}")


@dataclass(frozen=True)
class Formula:
    """A checked formula.

    ``names`` are the field/KPI ids it refers to, in order of use (inside
    ``previous()`` or not); ``lagged`` those used inside ``previous()`` or
    ``previous_year()``, ``lag_keys`` the environment keys of those uses
    (``previous_year(x)``); ``current`` those read at the period itself.
    """

    text: str
    tree: ast.expr
    names: tuple[str, ...]
    lagged: tuple[str, ...] = ()
    current: tuple[str, ...] = ()
    lag_keys: tuple[str, ...] = ()

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        return evaluate(self, env)

    def name_columns(self) -> list[tuple[str, int]]:
        """Every use of a name with its 1-based column in :attr:`text`, left to right."""
        body = _flatten(self.text)
        lead = len(body) - len(body.lstrip())
        encoded = body.strip().encode()
        functions = {
            id(node.func) for node in ast.walk(self.tree) if isinstance(node, ast.Call)
        }
        found = [
            (node.id, _char_column(encoded, node.col_offset) + lead)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Name) and id(node) not in functions
        ]
        return sorted(found, key=lambda item: item[1])


# Deeper trees than this are refused before Python's own recursion limit is near;
# no KPI formula comes close (a sum of 200 fields).
MAX_DEPTH = 200


def _flatten(text: str) -> str:
    """Line breaks and no-break spaces as plain spaces, keeping every column in place.

    YAML block scalars keep line breaks, and text pasted from Word carries
    no-break spaces; neither should make a formula fail.
    """
    return text.replace("\r", " ").replace("\n", " ").replace("\u00a0", " ")


def _char_column(encoded: bytes, byte_offset: int) -> int:
    """1-based character column of a UTF-8 byte offset (``ast`` counts bytes)."""
    return len(encoded[:byte_offset].decode("utf-8", errors="ignore")) + 1


def parse(text: str | int | float) -> Formula:
    """Parse and check a formula; raise :class:`FormulaError` on anything not allowed."""
    if isinstance(text, bool):
        raise FormulaError("K301", 1, reason="true/false is not a formula")
    source = str(text).strip() if not isinstance(text, str) else text
    if not source.strip():
        raise FormulaError("K301", 1, reason="empty formula")
    if len(source) > MAX_LENGTH:
        raise FormulaError("K301", MAX_LENGTH, reason=f"longer than {MAX_LENGTH} characters")
    rewritten = _rewrite_if(_flatten(source))
    offset = len(rewritten) - len(rewritten.lstrip())
    body = rewritten.strip()
    try:
        module = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        # ``offset`` is 0 or past the end when the formula stops too early.
        at = exc.offset if exc.offset and 0 < exc.offset <= len(body) + 1 else len(body) + 1
        raise FormulaError("K301", at + offset, reason=exc.msg) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("K301", 1, reason="formula cannot be parsed") from None
    names: list[str] = []
    lagged: list[str] = []
    try:
        _check(module.body, _Context(names, offset, body.encode(), lagged), 0)
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops well before
        raise FormulaError("K301", 1, reason="formula nested too deeply") from None
    lag_calls = [
        node for node in ast.walk(module.body)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in LAGS and node.args and isinstance(node.args[0], ast.Name)
    ]
    lagged_nodes = {id(node.args[0]) for node in lag_calls}
    lag_keys = [lag_key(node.args[0].id, node.func.id)  # type: ignore[attr-defined]
                for node in sorted(lag_calls, key=lambda n: (n.lineno, n.col_offset))]
    current = [
        node.id
        for node in ast.walk(module.body)
        if isinstance(node, ast.Name) and id(node) not in lagged_nodes
        and not _is_function_name(module.body, node)
    ]
    ordered_current = [n for n in dict.fromkeys(names) if n in current]
    return Formula(
        text=source,
        tree=module.body,
        names=tuple(dict.fromkeys(names)),
        lagged=tuple(dict.fromkeys(lagged)),
        current=tuple(ordered_current),
        lag_keys=tuple(dict.fromkeys(lag_keys)),
    )


def _is_function_name(tree: ast.expr, node: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is node for n in ast.walk(tree))


@dataclass(frozen=True)
class _Context:
    names: list[str]
    offset: int  # leading blanks stripped before parsing
    encoded: bytes  # the parsed text as UTF-8, to turn ast's byte offsets into columns
    lagged: list[str]


def _rewrite_if(source: str) -> str:
    tokens: list[tokenize.TokenInfo] = []
    # Tokens up to an error are kept, so "if(a, b" still gets Python's own
    # message about the unclosed bracket rather than one about "if".
    with contextlib.suppress(tokenize.TokenError, IndentationError, SyntaxError):
        tokens.extend(tokenize.generate_tokens(io.StringIO(source).readline))
    out = list(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    previous: tokenize.TokenInfo | None = None
    for tok, nxt in itertools.pairwise(tokens):
        is_function = tok.type == tokenize.NAME and tok.string == "if" and nxt.string == "("
        if is_function and not _ends_operand(previous):
            row, col = tok.start
            pos = starts[row - 1] + col
            out[pos : pos + 2] = list(_IF_ALIAS)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = tok
    return "".join(out)


def _ends_operand(token: tokenize.TokenInfo | None) -> bool:
    """True after a name, number or closing bracket: there ``if (`` is Python's conditional."""
    if token is None:
        return False
    if token.type == tokenize.NAME:
        return not keyword.iskeyword(token.string)
    return token.type in (tokenize.NUMBER, tokenize.STRING) or token.string in (")", "]", "}")


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_CMPOPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_SYMBOL = {
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
}


def _check(node: ast.AST, ctx: _Context, depth: int) -> None:
    column = _char_column(ctx.encoded, getattr(node, "col_offset", 0)) + ctx.offset
    if depth > MAX_DEPTH:
        raise FormulaError("K301", column, reason=f"nested more than {MAX_DEPTH} levels deep")
    names = ctx.names
    depth += 1
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError("K302", column, what=f"constant {node.value!r}")
        try:
            finite = math.isfinite(float(node.value))
        except OverflowError:
            finite = False
        if not finite:
            raise FormulaError("K302", column, what="a number too large to compute with")
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise FormulaError("K302", column, what=f"name '{node.id}'")
        if node.id == _IF_ALIAS or node.id in FUNCTIONS:
            raise FormulaError("K302", column, what=f"function '{node.id}' used as a name")
        names.append(node.id)
        return
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINOPS):
            symbol = _SYMBOL.get(type(node.op), type(node.op).__name__)
            raise FormulaError("K302", column, what=f"operator '{symbol}'")
        _check(node.left, ctx, depth)
        _check(node.right, ctx, depth)
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
            raise FormulaError("K302", column, what="operator '~'")
        _check(node.operand, ctx, depth)
        return
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if not isinstance(op, _CMPOPS):
                raise FormulaError("K302", column, what=f"comparison '{type(op).__name__}'")
        _check(node.left, ctx, depth)
        for comparator in node.comparators:
            _check(comparator, ctx, depth)
        return
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, ctx, depth)
        return
    if isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name):
            raise FormulaError("K302", column, what="a call of something that is not a function")
        fname = "if" if func.id == _IF_ALIAS else func.id
        if fname not in FUNCTIONS:
            raise FormulaError("K303", column, name=func.id, allowed=", ".join(FUNCTIONS))
        if node.keywords:
            raise FormulaError("K302", column, what="keyword arguments")
        low, high = FUNCTIONS[fname]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            expected = str(low) if low == high else f"{low}+"
            raise FormulaError("K304", column, name=fname, expected=expected, got=count)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise FormulaError("K302", column, what="'*' arguments")
            _check(arg, ctx, depth)
        if fname in LAGS:
            arg = node.args[0]
            if not isinstance(arg, ast.Name):
                raise FormulaError(
                    "K302", column,
                    what=f"{fname}() of something that is not a field or KPI name",
                )
            ctx.lagged.append(arg.id)
        return
    what = {
        ast.Attribute: "attribute access '.'",
        ast.Subscript: "indexing '[]'",
        ast.Lambda: "lambda",
        ast.IfExp: "'a if c else b' (use if(c, a, b))",
    }.get(type(node), f"'{type(node).__name__}' expressions")
    raise FormulaError("K302", column, what=what)


def evaluate(formula: Formula, env: Mapping[str, Any]) -> Any:
    """Evaluate over ``env`` (name → scalar, numpy array or pandas Series).

    Returns a float numpy array (or float) with NaN where any input is missing or
    a division by zero happened. Raises ``KeyError`` for a name not in ``env``
    (the catalogue loader has already reported unknown names).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        result = _eval(formula.tree, env)
    return _as_float(result)


def _as_float(value: Any) -> Any:
    if hasattr(value, "to_numpy"):
        value = value.to_numpy(dtype=float, na_value=np.nan)
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _eval(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return float(node.value)  # type: ignore[arg-type]  # _check allowed numbers only
    if isinstance(node, ast.Name):
        return _as_float(env[node.id])
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, env)
        right = _eval(node.right, env)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return np.where(np.asarray(right) == 0, np.nan, np.divide(left, right))
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.Not):
            return _logical(np.logical_not, operand)
        return operand
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        result: Any = None
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, env)
            part = _compare(op, left, right)
            result = part if result is None else _logical(np.logical_and, result, part)
            left = right
        return result
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, env) for v in node.values]
        fn = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        out = values[0]
        for value in values[1:]:
            out = _logical(fn, out, value)
        return out
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        args = [] if name in LAGS else [_eval(a, env) for a in node.args]
        if name == "abs":
            return np.abs(args[0])
        if name in ("min", "max"):
            pick: Any = np.minimum if name == "min" else np.maximum  # propagate NaN
            out = args[0]
            for arg in args[1:]:
                out = pick(out, arg)
            return out
        if name in LAGS:
            inner = node.args[0]
            assert isinstance(inner, ast.Name)  # _check allowed names only
            return _as_float(env[lag_key(inner.id, name)])
        if name == PERIODS_PER_YEAR:
            return _as_float(env[periods_key()])
        cond, then, other = args
        cond_arr = np.asarray(cond, dtype=float)
        picked = np.where(cond_arr != 0, then, other)
        return np.where(np.isnan(cond_arr), np.nan, picked)
    raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover


def _compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    import operator

    fn = {
        ast.Lt: operator.lt,
        ast.LtE: operator.le,
        ast.Gt: operator.gt,
        ast.GtE: operator.ge,
        ast.Eq: operator.eq,
        ast.NotEq: operator.ne,
    }[type(op)]
    left_arr = np.asarray(left, dtype=float)
    right_arr = np.asarray(right, dtype=float)
    out = fn(left_arr, right_arr).astype(float)
    return np.where(np.isnan(left_arr) | np.isnan(right_arr), np.nan, out)


def _logical(fn: Any, *args: Any) -> Any:
    arrays = [np.asarray(a, dtype=float) for a in args]
    missing = np.zeros(np.broadcast(*arrays).shape, dtype=bool)
    for arr in arrays:
        missing = missing | np.isnan(arr)
    out = fn(*[arr != 0 for arr in arrays]).astype(float)
    return np.where(missing, np.nan, out)
