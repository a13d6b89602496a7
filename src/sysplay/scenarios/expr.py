"""A tiny, safe arithmetic and boolean expression language for scenario-pack formulas."""

from __future__ import annotations

import ast
import difflib
import math
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeAlias

__all__ = [
    "FUNCTIONS",
    "MAX_EXPR_CHARS",
    "MAX_EXPR_NODES",
    "Expr",
    "ExprError",
    "compile_expr",
]

#: Longest accepted expression text, checked before anything is parsed.
MAX_EXPR_CHARS = 400
#: Most expression nodes (``ast.expr`` instances) an expression may contain.
MAX_EXPR_NODES = 120
#: The only functions an expression may call.
FUNCTIONS: frozenset[str] = frozenset({"min", "max", "clip", "abs"})

#: Every result is clamped to ``[-_LIMIT, _LIMIT]``; infinities land on the bounds.
_LIMIT = 1e12
#: Integer literals must be below this (at most 15 digits).
_MAX_INT_LITERAL = 10**15
#: Characters allowed in expression text (printable ASCII plus tab, newline, carriage return).
_ALLOWED_CHARS = frozenset(chr(c) for c in range(0x20, 0x7F)) | {"\t", "\n", "\r"}
_ARITY: dict[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "clip": (3, 3),
    "abs": (1, 1),
}

Env: TypeAlias = Mapping[str, float]
_Fn: TypeAlias = Callable[[Env], Any]
# A compiled node is either a folded constant (a float) or a closure taking the env.
_Code: TypeAlias = float | _Fn


class ExprError(ValueError):
    """An expression was rejected: bad syntax, a forbidden construct, an unknown name, or too big.

    ``str(error)`` is the message alone; the column is kept separately so that callers can
    turn it into a file position.

    Attributes:
        message: Plain-English description of the problem (ASCII, one line).
        col: 1-based column inside the expression text (the character index plus one; for
            multi-line text it counts every character, newlines included).
    """

    def __init__(self, message: str, col: int) -> None:
        super().__init__(message, col)
        self.message = message
        self.col = col

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Expr:
    """A compiled expression: call it with an environment of name values to get a float.

    Build one with :func:`compile_expr`; compile once, then evaluate as often as needed.

    Semantics: every value is a float. Comparisons, ``and``, ``or`` and ``not`` give 1.0 or
    0.0 (a value counts as true when it is not 0); ``and``/``or`` short-circuit. Division by
    zero gives 0.0. The result is always finite: NaN becomes 0.0 and magnitudes are clamped
    to 1e12 (so infinities become +/-1e12). Clamping happens once, on the final result.

    Attributes:
        source: The expression text exactly as given.
        names: The names the expression reads (function names excluded).
    """

    source: str
    names: frozenset[str]
    _fn: _Fn = field(repr=False, compare=False)

    def __call__(self, env: Env) -> float:
        """Evaluate against ``env``.

        Args:
            env: Values for (at least) every name in :attr:`names`. Floats are expected;
                ints and bools work too.

        Returns:
            A finite float in ``[-1e12, 1e12]``.

        Raises:
            KeyError: ``env`` lacks a name the expression reads (only names actually
                reached are looked up, because conditionals and ``and``/``or``
                short-circuit). Check :attr:`names` against the env up front to avoid it.
        """
        value = self._fn(env)
        if -1e12 <= value <= 1e12:  # literal bounds: faster than reading _LIMIT
            return float(value)
        if value != value:  # NaN
            return 0.0
        return _LIMIT if value > 0 else -_LIMIT

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures cannot be pickled; rebuild from the (already validated) source instead.
        return (compile_expr, (self.source,))


def compile_expr(source: str, allowed_names: Collection[str] | None = None) -> Expr:
    """Validate and compile an expression.

    The text is checked for length and characters, parsed with :func:`ast.parse` (which
    does not execute anything), checked against a whitelist of node types, and turned into
    nested closures. Newlines and tabs count as spaces, so YAML block scalars may spread a
    formula over several lines; ``#`` comments are not allowed.

    Args:
        source: The expression text, e.g. ``"18 + 14*winter - 0.05*care_capacity"``.
        allowed_names: The names the expression may read. ``None`` accepts any identifier
            that does not start with ``_`` and is not a function name.

    Returns:
        The compiled :class:`Expr`.

    Raises:
        ExprError: For anything that is not a valid expression; the error carries a
            1-based column. Nothing else is raised.
    """
    if not isinstance(source, str):
        raise ExprError(f"an expression must be text, not {type(source).__name__}", 1)
    if len(source) > MAX_EXPR_CHARS:
        raise ExprError(
            f"expression is too long ({len(source)} characters; the limit is {MAX_EXPR_CHARS})",
            MAX_EXPR_CHARS + 1,
        )
    for index, char in enumerate(source):
        if char not in _ALLOWED_CHARS:
            raise ExprError(
                f"character {char!r} (U+{ord(char):04X}) is not allowed; use plain ASCII",
                index + 1,
            )
    if "#" in source:
        raise ExprError("comments (#) are not allowed in expressions", source.index("#") + 1)
    # Same length as the source, so AST column offsets are character indices into it.
    flat = source.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    body = flat.lstrip(" ")
    if not body.strip():
        raise ExprError("expression is empty", 1)
    lead = len(flat) - len(body)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        hint = _operator_hint(source)
        if hint is not None:
            raise ExprError(*hint) from None
        raise ExprError(f"syntax error: {exc.msg}", _syntax_col(exc, lead, body)) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise ExprError("expression is too complex to parse", 1) from None

    count = 0
    for node in ast.walk(tree.body):
        if isinstance(node, ast.expr):
            count += 1
            if count > MAX_EXPR_NODES:
                raise ExprError(
                    f"expression is too complex (more than {MAX_EXPR_NODES} parts)",
                    node.col_offset + lead + 1,
                )

    allowed = None if allowed_names is None else frozenset(allowed_names)
    compiler = _Compiler(lead, allowed)
    try:
        code = compiler.visit(tree.body)
    except RecursionError:  # pragma: no cover - the node cap keeps the depth far below the limit
        raise ExprError("expression is too deeply nested", 1) from None
    fn: _Fn = code if callable(code) else _constant(code)
    return Expr(source, frozenset(compiler.names), fn)


#: Operators from other languages, and what to write instead (checked when an expression does not parse).
_FOREIGN = (
    (r"&&", "'&&' is not an operator here: use 'and'"),
    (r"\|\|", "'||' is not an operator here: use 'or'"),
    (r"!(?!=)", "'!' is not an operator here: use 'not' (and '!=' for 'is not equal to')"),
    (r"(?<![=<>!])=(?!=)", "a single '=' is not allowed: use '==' to compare"),
    (r"<>", "'<>' is not an operator here: use '!=' for 'is not equal to'"),
    (r"\b(AND|OR|NOT|And|Or|Not)\b", "write 'and', 'or' and 'not' in lower case"),
)


def _operator_hint(source: str) -> tuple[str, int] | None:
    """(message, column) for the first operator borrowed from another language, if any."""
    for pattern, message in _FOREIGN:
        m = re.search(pattern, source)
        if m:
            return message, m.start() + 1
    return None


def _syntax_col(exc: SyntaxError, lead: int, body: str) -> int:
    """Turn a SyntaxError position into a 1-based column in the original text."""
    offset = exc.offset
    if offset is None or offset < 1 or (exc.lineno or 1) != 1:
        offset = len(body.rstrip()) + 1  # the parser gave up at the end of the text
    offset = min(offset, len(body) + 1)
    return offset + lead


def _constant(value: float) -> _Fn:
    return lambda env: value


_BINOP_MESSAGES: dict[type[ast.operator], str] = {
    ast.Pow: "powers (**) are not allowed; multiply instead",
    ast.Mod: "remainder (%) is not allowed",
    ast.FloorDiv: "floor division (//) is not allowed; use / (and floor is not available)",
    ast.MatMult: "matrix multiplication (@) is not allowed",
    ast.BitAnd: "bitwise '&' is not allowed; use 'and'",
    ast.BitOr: "bitwise '|' is not allowed; use 'or'",
    ast.BitXor: "bitwise '^' is not allowed",
    ast.LShift: "bit shift '<<' is not allowed",
    ast.RShift: "bit shift '>>' is not allowed",
}

_NODE_MESSAGES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (a.b) is not allowed",
    ast.Subscript: "indexing (a[...]) is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.Starred: "starred expressions (*x) are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.FormattedValue: "f-strings are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples (a, b) are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
}


class _Compiler:
    """Walks a parsed expression, validating each node and building closures."""

    def __init__(self, lead: int, allowed: frozenset[str] | None) -> None:
        self.lead = lead
        self.allowed = allowed
        self.names: set[str] = set()

    def error(self, node: ast.AST, message: str) -> ExprError:
        return ExprError(message, getattr(node, "col_offset", 0) + self.lead + 1)

    def visit(self, node: ast.expr) -> _Code:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.UnaryOp):
            return self.unaryop(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.BoolOp):
            return self.boolop(node)
        if isinstance(node, ast.IfExp):
            return self.ifexp(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        message = _NODE_MESSAGES.get(type(node), f"'{type(node).__name__}' is not allowed")
        raise self.error(node, message)

    # -- leaves -----------------------------------------------------------------------

    def constant(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        if isinstance(value, int):
            if abs(value) >= _MAX_INT_LITERAL:
                raise self.error(node, "integer literal is too long (at most 15 digits)")
            return float(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.error(node, "number literal is too large (it is not finite)")
            return value
        if isinstance(value, complex):
            raise self.error(node, "complex (imaginary) numbers are not allowed")
        if isinstance(value, str):
            raise self.error(node, "strings are not allowed")
        if isinstance(value, bytes):
            raise self.error(node, "bytes are not allowed")
        if value is None:
            raise self.error(node, "None is not allowed; use 0")
        raise self.error(node, f"the literal {value!r} is not allowed")

    def check_name(self, node: ast.AST, name: str) -> None:
        if name.startswith("_"):
            raise self.error(node, f"names starting with '_' are not allowed ('{name}')")

    def name(self, node: ast.Name) -> _Fn:
        name = node.id
        self.check_name(node, name)
        if name in FUNCTIONS:
            raise self.error(node, f"'{name}' is a function; call it, e.g. {name}(...)")
        if self.allowed is not None and name not in self.allowed:
            if name.lower() in ("true", "false", "yes", "no"):
                raise self.error(node, f"'{name}' is not a name here: conditions are numbers (0 is false, anything "
                                       "else true); write 1 for always, 0 for never, or a comparison such as turn >= 3")
            raise self.error(node, f"unknown name '{name}'{_suggest(name, self.allowed)}")
        self.names.add(name)
        return itemgetter(name)

    # -- operators --------------------------------------------------------------------

    def binop(self, node: ast.BinOp) -> _Code:
        op = type(node.op)
        if op in _BINOP_MESSAGES:
            raise self.error(node, _BINOP_MESSAGES[op])
        if op not in _ARITH:
            raise self.error(node, f"operator '{op.__name__}' is not allowed")
        left = self.visit(node.left)
        right = self.visit(node.right)
        return _ARITH[op](left, right)

    def unaryop(self, node: ast.UnaryOp) -> _Code:
        if isinstance(node.op, ast.Invert):
            raise self.error(node, "bitwise '~' is not allowed; use 'not'")
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.USub):
            if isinstance(operand, float):
                return -operand
            f = operand
            return lambda env: -f(env)
        # ast.Not
        if isinstance(operand, float):
            return 0.0 if operand else 1.0
        g = operand
        return lambda env: 0.0 if g(env) else 1.0

    def compare(self, node: ast.Compare) -> _Code:
        for op in node.ops:
            if isinstance(op, ast.Is | ast.IsNot):
                raise self.error(node, "'is' comparisons are not allowed; use == or !=")
            if isinstance(op, ast.In | ast.NotIn):
                raise self.error(node, "'in' comparisons are not allowed")
        operands = [self.visit(node.left)] + [self.visit(c) for c in node.comparators]
        ops = [type(op) for op in node.ops]
        if len(ops) == 1:
            return _compare_one(ops[0], operands[0], operands[1])
        fns = [_as_fn(o) for o in operands]
        tests = [_CMP_FUNCS[op] for op in ops]
        steps = list(zip(tests, fns[1:], strict=True))
        first = fns[0]

        def chained(env: Env) -> float:
            left = first(env)
            for test, fn in steps:
                right = fn(env)
                if not test(left, right):
                    return 0.0
                left = right
            return 1.0

        return _fold(chained, operands)

    def boolop(self, node: ast.BoolOp) -> _Code:
        parts = [self.visit(v) for v in node.values]
        fns = [_as_fn(p) for p in parts]
        is_and = isinstance(node.op, ast.And)
        if len(fns) == 2:
            a, b = fns
            if is_and:
                return _fold(lambda env: 1.0 if a(env) and b(env) else 0.0, parts)
            return _fold(lambda env: 1.0 if a(env) or b(env) else 0.0, parts)
        if is_and:

            def all_of(env: Env) -> float:
                for fn in fns:
                    if not fn(env):
                        return 0.0
                return 1.0

            return _fold(all_of, parts)

        def any_of(env: Env) -> float:
            for fn in fns:
                if fn(env):
                    return 1.0
            return 0.0

        return _fold(any_of, parts)

    def ifexp(self, node: ast.IfExp) -> _Code:
        test = self.visit(node.test)
        body = self.visit(node.body)
        orelse = self.visit(node.orelse)
        if isinstance(test, float):  # names in the dead branch still count as read
            return body if test else orelse
        t, b, o = test, _as_fn(body), _as_fn(orelse)
        return lambda env: b(env) if t(env) else o(env)

    def call(self, node: ast.Call) -> _Code:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.error(node, "only min, max, clip and abs can be called")
        name = func.id
        if name not in FUNCTIONS:
            if name.startswith("_"):
                raise self.error(node, f"calling '{name}' is not allowed")
            raise self.error(
                node,
                f"unknown function '{name}'{_suggest(name, FUNCTIONS)}; "
                "allowed: abs, clip, max, min",
            )
        for kw in node.keywords:
            if kw.arg is None:
                raise self.error(kw, "'**' arguments are not allowed")
            raise self.error(kw, f"keyword arguments are not allowed ('{kw.arg}=')")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error(arg, "starred arguments (*args) are not allowed")
        args = [self.visit(a) for a in node.args]
        low, high = _ARITY[name]
        count = len(args)
        if count < low or (high is not None and count > high):
            if high is None:
                wanted = f"at least {low} arguments"
            else:
                wanted = f"exactly {low} argument" + ("s" if low != 1 else "")
            raise self.error(node, f"{name}() needs {wanted}, got {count}")
        fns = [_as_fn(a) for a in args]
        if name == "abs":
            return _fold(_abs(fns[0]), args)
        if name == "clip":
            return _fold(_clip(fns[0], fns[1], fns[2]), args)
        return _fold(_min_max(name == "min", fns), args)


def _suggest(name: str, candidates: Collection[str]) -> str:
    matches = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def _as_fn(code: _Code) -> _Fn:
    return _constant(code) if isinstance(code, float) else code


def _fold(fn: _Fn, parts: Collection[_Code]) -> _Code:
    """Constant folding: when every part is a constant, evaluate ``fn`` now."""
    if all(isinstance(p, float) for p in parts):
        return float(fn({}))
    return fn


# -- arithmetic ---------------------------------------------------------------------------
# Shapes: closure-op-closure, closure-op-constant, constant-op-closure, constant-op-constant.
# Constant sides are captured directly, saving a call per evaluation.


def _add(a: _Code, b: _Code) -> _Code:
    if isinstance(a, float):
        if isinstance(b, float):
            return a + b
        f = b
        return lambda env: a + f(env)
    g = a
    if isinstance(b, float):
        c = b
        return lambda env: g(env) + c
    h = b
    return lambda env: g(env) + h(env)


def _sub(a: _Code, b: _Code) -> _Code:
    if isinstance(a, float):
        if isinstance(b, float):
            return a - b
        f = b
        return lambda env: a - f(env)
    g = a
    if isinstance(b, float):
        c = b
        return lambda env: g(env) - c
    h = b
    return lambda env: g(env) - h(env)


def _mul(a: _Code, b: _Code) -> _Code:
    if isinstance(a, float):
        if isinstance(b, float):
            return a * b
        f = b
        return lambda env: a * f(env)
    g = a
    if isinstance(b, float):
        c = b
        return lambda env: g(env) * c
    h = b
    return lambda env: g(env) * h(env)


def _div(a: _Code, b: _Code) -> _Code:
    """Division; anything divided by zero is 0.0."""
    if isinstance(b, float):
        if b == 0.0:
            return 0.0
        if isinstance(a, float):
            return a / b
        g = a
        c = b
        return lambda env: g(env) / c
    h = b
    if isinstance(a, float):
        k = a

        def const_over(env: Env) -> float:
            d = h(env)
            return k / d if d else 0.0

        return const_over
    n = a

    def divide(env: Env) -> float:
        d = h(env)
        return n(env) / d if d else 0.0

    return divide


_ARITH: dict[type[ast.operator], Callable[[_Code, _Code], _Code]] = {
    ast.Add: _add,
    ast.Sub: _sub,
    ast.Mult: _mul,
    ast.Div: _div,
}

# -- comparisons --------------------------------------------------------------------------

_CMP_FUNCS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: lambda x, y: x < y,
    ast.LtE: lambda x, y: x <= y,
    ast.Gt: lambda x, y: x > y,
    ast.GtE: lambda x, y: x >= y,
    ast.Eq: lambda x, y: x == y,
    ast.NotEq: lambda x, y: x != y,
}
# ``c < x`` is exactly ``x > c`` for floats (NaN included), so constants move to the right.
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.Gt,
    ast.LtE: ast.GtE,
    ast.Gt: ast.Lt,
    ast.GtE: ast.LtE,
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
}


def _compare_one(op: type[ast.cmpop], a: _Code, b: _Code) -> _Code:
    if isinstance(a, float) and isinstance(b, float):
        return 1.0 if _CMP_FUNCS[op](a, b) else 0.0
    if isinstance(a, float):
        a, b, op = b, a, _FLIPPED[op]
    f = _as_fn(a)
    if isinstance(b, float):
        c = b
        if op is ast.Lt:
            return lambda env: 1.0 if f(env) < c else 0.0
        if op is ast.LtE:
            return lambda env: 1.0 if f(env) <= c else 0.0
        if op is ast.Gt:
            return lambda env: 1.0 if f(env) > c else 0.0
        if op is ast.GtE:
            return lambda env: 1.0 if f(env) >= c else 0.0
        if op is ast.Eq:
            return lambda env: 1.0 if f(env) == c else 0.0
        return lambda env: 1.0 if f(env) != c else 0.0
    g = b
    if op is ast.Lt:
        return lambda env: 1.0 if f(env) < g(env) else 0.0
    if op is ast.LtE:
        return lambda env: 1.0 if f(env) <= g(env) else 0.0
    if op is ast.Gt:
        return lambda env: 1.0 if f(env) > g(env) else 0.0
    if op is ast.GtE:
        return lambda env: 1.0 if f(env) >= g(env) else 0.0
    if op is ast.Eq:
        return lambda env: 1.0 if f(env) == g(env) else 0.0
    return lambda env: 1.0 if f(env) != g(env) else 0.0


# -- functions ----------------------------------------------------------------------------


def _abs(f: _Fn) -> _Fn:
    return lambda env: abs(f(env))


def _clip(f: _Fn, lo: _Fn, hi: _Fn) -> _Fn:
    """``clip(x, lo, hi)`` is ``min(max(x, lo), hi)``: when ``lo > hi`` the result is ``hi``."""

    def clip(env: Env) -> float:
        x = f(env)
        low = lo(env)
        if low > x:
            x = low
        high = hi(env)
        return high if high < x else x

    return clip


def _min_max(is_min: bool, fns: list[_Fn]) -> _Fn:
    """Same tie and NaN behaviour as the builtins: keep the earlier value unless beaten."""
    if len(fns) == 2:
        a, b = fns
        if is_min:

            def min2(env: Env) -> float:
                x = a(env)
                y = b(env)
                return y if y < x else x

            return min2

        def max2(env: Env) -> float:
            x = a(env)
            y = b(env)
            return y if y > x else x

        return max2
    first, rest = fns[0], fns[1:]
    if is_min:

        def min_n(env: Env) -> float:
            best = first(env)
            for fn in rest:
                v = fn(env)
                if v < best:
                    best = v
            return best

        return min_n

    def max_n(env: Env) -> float:
        best = first(env)
        for fn in rest:
            v = fn(env)
            if v > best:
                best = v
        return best

    return max_n
