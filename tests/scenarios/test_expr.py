"""Tests for the scenario-pack expression language in ``sysplay.scenarios.expr``."""

from __future__ import annotations

import copy
import math
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysplay.scenarios import expr as expr_module
from sysplay.scenarios.expr import (
    FUNCTIONS,
    MAX_EXPR_CHARS,
    MAX_EXPR_NODES,
    Expr,
    ExprError,
    compile_expr,
)

ENV = {
    "winter": 1.0,
    "winter_severity": 0.5,
    "care_capacity": 100.0,
    "delayed_discharges": 80.0,
    "stance_acute": 1.0,
    "turn": 5.0,
    "crisis": 0.0,
    "anxiety_mean": 0.4,
    "x": 3.0,
    "y": -2.0,
    "zero": 0.0,
}


def run(source: str, env: dict[str, float] | None = None) -> float:
    return compile_expr(source)(ENV if env is None else env)


# -- values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("18 + 14*winter*winter_severity - 0.05*care_capacity", 18 + 14 * 0.5 - 5.0),
        ("min(delayed_discharges, 0.22*care_capacity*(1 + 0.5*stance_acute))", 33.0),
        ("turn >= 4 and turn <= 8", 1.0),
        ("turn >= 6 and turn <= 8", 0.0),
        ("clip(delayed_discharges/200, 0, 1)", 0.4),
        ("clip(delayed_discharges/20, 0, 1)", 1.0),
        ("clip(-delayed_discharges, 0, 1)", 0.0),
        ("not crisis and anxiety_mean > 0.3", 1.0),
        ("1 if winter else 0", 1.0),
        ("1 if crisis else 7", 7.0),
        # precedence and parentheses
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("2 * 3 - 4 / 2", 4.0),
        ("x * y + 1", -5.0),
        ("x - -y", 1.0),
        # unary
        ("-x", -3.0),
        ("+x", 3.0),
        ("--x", 3.0),
        ("-x * y", 6.0),
        ("not x", 0.0),
        ("not zero", 1.0),
        ("not not x", 1.0),
        # comparisons, chained
        ("x > 2", 1.0),
        ("x < 2", 0.0),
        ("x <= 3", 1.0),
        ("x >= 3.5", 0.0),
        ("x == 3", 1.0),
        ("x != 3", 0.0),
        ("2 < x", 1.0),
        ("4 <= x", 0.0),
        ("0 < x < 5", 1.0),
        ("0 < x < 2", 0.0),
        ("y < 0 < x <= 3", 1.0),
        ("y < 0 < x < 3", 0.0),
        ("x > y", 1.0),
        # and / or / not give 1.0 / 0.0, never the operand values
        ("x and y", 1.0),
        ("x and zero", 0.0),
        ("zero or x", 1.0),
        ("zero or zero", 0.0),
        ("zero or zero or y", 1.0),
        ("x and y and zero", 0.0),
        ("x and y and 5", 1.0),
        ("not crisis or zero", 1.0),
        # if-else
        ("x if x > y else y", 3.0),
        ("x if zero else y", -2.0),
        ("1 if x > 5 else 2 if x > 2 else 3", 2.0),
        # functions
        ("min(x, y)", -2.0),
        ("max(x, y)", 3.0),
        ("min(x, y, -7, 4)", -7.0),
        ("max(x, y, -7, 4)", 4.0),
        ("abs(y)", 2.0),
        ("abs(-x)", 3.0),
        ("clip(x, 0, 1)", 1.0),
        ("clip(y, 0, 1)", 0.0),
        ("clip(0.5, 0, 1)", 0.5),
        ("clip(x, 5, 1)", 1.0),  # lo > hi gives hi, like numpy.clip
        # division by zero gives 0.0
        ("x / zero", 0.0),
        ("x / 0", 0.0),
        ("1 / 0", 0.0),
        ("0 / 0", 0.0),
        ("x / (x - 3)", 0.0),
        ("x / 2", 1.5),
        ("6 / x", 2.0),
        # literals
        ("True", 1.0),
        ("False + 2", 2.0),
        ("1_000 * 2", 2000.0),
        ("2.5e3", 2500.0),
        ("0x10", 16.0),
        # whitespace, including newlines from YAML block scalars
        ("   x   ", 3.0),
        ("x +\n  y", 1.0),
        ("\tx\t*\ty", -6.0),
    ],
)
def test_values(source: str, expected: float) -> None:
    result = run(source)
    assert type(result) is float
    assert result == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_int_and_bool_env_values_give_floats() -> None:
    e = compile_expr("x")
    assert type(e({"x": 3})) is float
    assert e({"x": 3}) == 3.0
    assert compile_expr("x + 1")({"x": True}) == 2.0


def test_results_are_clamped_and_finite() -> None:
    e = compile_expr("x * x")
    assert e({"x": 1e200}) == 1e12  # inf
    assert e({"x": 2e6}) == 1e12  # finite but over the clamp
    assert compile_expr("-x * x")({"x": 1e200}) == -1e12
    assert compile_expr("x * x - x * x")({"x": 1e200}) == 0.0  # inf - inf is NaN
    assert compile_expr("x * 0")({"x": math.inf}) == 0.0  # NaN from a non-finite env
    assert compile_expr("x")({"x": math.nan}) == 0.0
    assert compile_expr("x")({"x": 1e12}) == 1e12
    assert compile_expr("1e300")({}) == 1e12


def test_and_or_if_short_circuit() -> None:
    # The right-hand side is never looked up, so a missing name is no error.
    assert compile_expr("zero and missing")({"zero": 0.0}) == 0.0
    assert compile_expr("one or missing")({"one": 1.0}) == 1.0
    assert compile_expr("one if one else missing")({"one": 1.0}) == 1.0
    assert compile_expr("missing if zero else 2")({"zero": 0.0}) == 2.0
    assert compile_expr("0 < zero < missing")({"zero": 0.0}) == 0.0
    with pytest.raises(KeyError):
        compile_expr("one and missing")({"one": 1.0})


def test_missing_name_at_evaluation_raises_key_error() -> None:
    with pytest.raises(KeyError):
        compile_expr("a + b")({"a": 1.0})


def test_chained_comparison_reads_middle_once() -> None:
    class CountingEnv(dict[str, float]):
        reads = 0

        def __getitem__(self, key: str) -> float:
            CountingEnv.reads += 1
            return super().__getitem__(key)

    env = CountingEnv(x=0.5)
    assert compile_expr("0 < x < 1")(env) == 1.0
    assert CountingEnv.reads == 1


def test_constant_folding_keeps_semantics() -> None:
    e = compile_expr("2 * 3 + min(4, 1) - abs(-2) + clip(9, 0, 5) + (1 < 2 < 3) + (1 and 0)")
    assert e({}) == 6 + 1 - 2 + 5 + 1 + 0
    assert e.names == frozenset()


# -- names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "names"),
    [
        (
            "18 + 14*winter*winter_severity - 0.05*care_capacity",
            {"winter", "winter_severity", "care_capacity"},
        ),
        ("min(a, max(b, 2), clip(c, d, e), abs(f))", {"a", "b", "c", "d", "e", "f"}),
        ("a + a * a", {"a"}),
        ("1 + 2", set()),
        ("x if 1 else y", {"x", "y"}),  # names in a folded-away branch still count
        ("x / 0", {"x"}),
        ("turn >= 4 and not crisis", {"turn", "crisis"}),
    ],
)
def test_names(source: str, names: set[str]) -> None:
    e = compile_expr(source)
    assert isinstance(e.names, frozenset)
    assert e.names == names
    assert not (e.names & FUNCTIONS)


def test_expr_value_semantics() -> None:
    e = compile_expr("a + 1")
    assert isinstance(e, Expr)
    assert e.source == "a + 1"
    assert e == compile_expr("a + 1")
    assert hash(e) == hash(compile_expr("a + 1"))
    assert "a + 1" in repr(e)
    with pytest.raises(AttributeError):
        e.source = "b"  # type: ignore[misc]
    clone = pickle.loads(pickle.dumps(e))  # noqa: S301 - our own bytes
    assert clone == e and clone({"a": 2.0}) == 3.0
    assert copy.deepcopy(e)({"a": 1.0}) == 2.0


def test_expr_error_shape() -> None:
    err = ExprError("bad thing", 7)
    assert isinstance(err, ValueError)
    assert err.message == "bad thing"
    assert err.col == 7
    assert str(err) == "bad thing"
    back = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes
    assert (back.message, back.col) == ("bad thing", 7)


def test_public_constants() -> None:
    assert MAX_EXPR_CHARS == 400
    assert MAX_EXPR_NODES == 120
    assert frozenset({"min", "max", "clip", "abs"}) == FUNCTIONS
    assert isinstance(FUNCTIONS, frozenset)


# -- rejections ---------------------------------------------------------------------------


def rejected(source: str, allowed: list[str] | None = None) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(source, allowed)
    return info.value


# The ``eval`` / ``exec`` calls are assembled so that this file never spells them out.
EVAL_CALL = "ev" + "al(x)"
EXEC_CALL = "ex" + "ec(x)"


@pytest.mark.parametrize(
    ("source", "fragment", "col"),
    [
        ("x ** 2", "powers (**) are not allowed; multiply instead", 1),
        ("1 + x ** 2", "powers (**)", 5),
        ("x % 2", "remainder (%)", 1),
        ("x // 2", "floor division (//)", 1),
        ("x & y", "bitwise '&'", 1),
        ("x | y", "bitwise '|'", 1),
        ("x ^ y", "bitwise '^'", 1),
        ("x << 1", "bit shift '<<'", 1),
        ("x >> 1", "bit shift '>>'", 1),
        ("x @ y", "matrix multiplication", 1),
        ("~x", "bitwise '~'", 1),
        ("1 + a.b", "attribute access", 5),
        ("x.__class__", "attribute access", 1),
        ("a[0]", "indexing", 1),
        ("2 * a[1:2]", "indexing", 5),
        ("lambda: 1", "lambda is not allowed", 1),
        ("[x for x in y]", "comprehensions", 1),
        ("{x for x in y}", "comprehensions", 1),
        ("{x: 1 for x in y}", "comprehensions", 1),
        ("sum(x for x in y)", "unknown function 'sum'", 1),
        ("min(x for x in y)", "comprehensions", 4),
        ("'text'", "strings are not allowed", 1),
        ("x + 'a'", "strings are not allowed", 5),
        ("f'{x}'", "f-strings are not allowed", 1),
        ("b'x'", "bytes are not allowed", 1),
        ("2j", "complex (imaginary) numbers", 1),
        ("1 + 3j", "complex (imaginary) numbers", 5),
        ("(y := 2)", "assignment (:=)", 2),
        ("min(*x)", "starred arguments (*args)", 5),
        ("min(x, **y)", "'**' arguments are not allowed", 8),
        ("max(x, y, key=z)", "keyword arguments are not allowed", 11),
        ("__import__('os')", "calling '__import__' is not allowed", 1),
        ("open('f')", "unknown function 'open'", 1),
        (EVAL_CALL, "unknown function 'eval'", 1),
        (EXEC_CALL, "unknown function 'exec'", 1),
        ("x + getattr(x, 'y')", "unknown function 'getattr'", 5),
        ("x.y()", "only min, max, clip and abs can be called", 1),
        ("(lambda: 1)()", "only min, max, clip and abs can be called", 1),
        ("_x + 1", "names starting with '_' are not allowed", 1),
        ("1 + __builtins__", "names starting with '_'", 5),
        ("None", "None is not allowed", 1),
        ("x + None", "None is not allowed", 5),
        ("...", "the literal Ellipsis is not allowed", 1),
        ("{1, 2}", "sets are not allowed", 1),
        ("[1, 2]", "lists are not allowed", 1),
        ("{1: 2}", "dicts are not allowed", 1),
        ("(1, 2)", "tuples (a, b) are not allowed", 1),
        ("x, y", "tuples (a, b) are not allowed", 1),
        ("x is y", "'is' comparisons are not allowed", 1),
        ("x is not y", "'is' comparisons are not allowed", 1),
        ("x in y", "'in' comparisons are not allowed", 1),
        ("1 < x not in y", "'in' comparisons are not allowed", 1),
        ("(yield)", "yield is not allowed", 2),
        ("min", "'min' is a function", 1),
        ("abs + 1", "'abs' is a function", 1),
        ("min(x)", "min() needs at least 2 arguments, got 1", 1),
        ("max()", "max() needs at least 2 arguments, got 0", 1),
        ("clip(x, 1)", "clip() needs exactly 3 arguments, got 2", 1),
        ("clip(x, 0, 1, 2)", "clip() needs exactly 3 arguments, got 4", 1),
        ("abs(x, y)", "abs() needs exactly 1 argument, got 2", 1),
        ("abs()", "abs() needs exactly 1 argument, got 0", 1),
        ("1e400", "not finite", 1),
        ("x + 1e999", "not finite", 5),
        ("1234567890123456", "integer literal is too long", 1),
        ("x * 123456789012345678901234567890", "integer literal is too long", 5),
        ("0xFFFFFFFFFFFFFFFF", "integer literal is too long", 1),
        ("x # comment", "comments (#)", 3),
        ("x + \u00e9", "character 'é' (U+00E9) is not allowed", 5),
        ("\uff58", "U+FF58", 1),  # fullwidth x would be NFKC-folded to x by the parser
        ("x\x00", "U+0000", 2),
        ("x + \x1b[31m", "U+001B", 5),
        ("x\u202e + y", "U+202E", 2),
    ],
)
def test_rejected_constructs(source: str, fragment: str, col: int) -> None:
    err = rejected(source)
    assert fragment in err.message
    assert err.col == col


def test_column_counts_leading_whitespace_and_newlines() -> None:
    assert rejected("   x ** 2").col == 4
    assert rejected("a +\n  b ** 2").col == 7
    assert rejected("a +\r\n  b.c").col == 8


def test_integer_literal_digit_limit() -> None:
    assert compile_expr("999999999999999")({}) == 1e12  # 15 digits: allowed (and clamped)
    assert compile_expr("99999999999")({}) == 99999999999.0
    assert "too long" in rejected("1000000000000000").message


@pytest.mark.parametrize("source", ["", " ", "   \n\t  ", "\r\n"])
def test_empty_is_rejected(source: str) -> None:
    err = rejected(source)
    assert err.message == "expression is empty"
    assert err.col == 1


def test_non_text_is_rejected() -> None:
    with pytest.raises(ExprError, match="must be text, not int"):
        compile_expr(5)  # type: ignore[arg-type]


# -- names against a declared list --------------------------------------------------------


def test_allowed_names_accept_declared() -> None:
    e = compile_expr("food * 2 + water", ["food", "water", "unused"])
    assert e.names == {"food", "water"}
    assert e({"food": 1.0, "water": 2.0}) == 4.0


def test_unknown_name_with_suggestion() -> None:
    err = rejected("2 * foo + 1", ["food", "water"])
    assert err.message == "unknown name 'foo'; did you mean 'food'?"
    assert err.col == 5


def test_unknown_name_without_suggestion() -> None:
    err = rejected("water + zzzz", ["food", "water"])
    assert err.message == "unknown name 'zzzz'"
    assert err.col == 9


def test_unknown_function_with_suggestion() -> None:
    err = rejected("clamp(x, 0, 1)")
    assert "unknown function 'clamp'; did you mean 'clip'?" in err.message
    assert "allowed: abs, clip, max, min" in err.message


def test_allowed_names_empty_rejects_every_name() -> None:
    assert rejected("a", []).message == "unknown name 'a'"
    assert compile_expr("1 + 2", [])({}) == 3.0


def test_underscore_names_rejected_even_if_declared() -> None:
    assert "starting with '_'" in rejected("_secret", ["_secret"]).message


# -- caps ---------------------------------------------------------------------------------


def test_length_cap_checked_before_parsing() -> None:
    ok = "1" + " " * (MAX_EXPR_CHARS - 1)
    assert compile_expr(ok)({}) == 1.0
    # Too long and also not valid syntax: the length error wins, so nothing was parsed.
    err = rejected("(" * (MAX_EXPR_CHARS + 1))
    assert "too long" in err.message
    assert str(MAX_EXPR_CHARS) in err.message
    assert err.col == MAX_EXPR_CHARS + 1
    # Non-ASCII past the cap is still a length error (checked first).
    assert "too long" in rejected("\u00e9" * (MAX_EXPR_CHARS + 1)).message


def test_node_cap() -> None:
    at_cap = "-a" + "+a" * 59  # 1 unary + 60 names + 59 additions = 120 nodes
    assert compile_expr(at_cap)({"a": 1.0}) == 58.0
    over = "--a" + "+a" * 59  # 121 nodes
    err = rejected(over)
    assert "too complex" in err.message
    assert f"{MAX_EXPR_NODES}" in err.message
    assert 1 <= err.col <= len(over)


def test_deep_nesting_is_an_expr_error() -> None:
    assert isinstance(rejected("(" * 300 + "1" + ")" * 99), ExprError)
    assert isinstance(rejected("-" * 399 + "1"), ExprError)
    assert isinstance(rejected("not " * 99 + "not"), ExprError)


# -- syntax errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "col"),
    [
        ("a b", 3),
        ("1 +", 4),
        ("1 +   ", 4),
        ("(1", 1),
        ("  (1", 3),
        ("min(1,, 2)", 7),
        ("1 if x", 1),
        (")", 1),
        ("a +\n", 4),
    ],
)
def test_syntax_errors_have_columns(source: str, col: int) -> None:
    err = rejected(source)
    assert err.message.startswith("syntax error: ")
    assert err.col == col


@pytest.mark.parametrize(("source", "message", "col"), [
    ("x = 1", "a single '=' is not allowed: use '==' to compare", 3),
    ("x && y", "'&&' is not an operator here: use 'and'", 3),
    ("x || y", "'||' is not an operator here: use 'or'", 3),
    ("!x", "'!' is not an operator here: use 'not' (and '!=' for 'is not equal to')", 1),
    ("x <> y", "'<>' is not an operator here: use '!=' for 'is not equal to'", 3),
    ("x AND y", "write 'and', 'or' and 'not' in lower case", 3),
])
def test_operators_from_other_languages_say_what_to_write(source: str, message: str, col: int) -> None:
    err = rejected(source)
    assert (err.message, err.col) == (message, col)


def test_valid_comparisons_are_not_mistaken_for_foreign_operators() -> None:
    for source in ["x != 1", "x == 1", "x <= 1 and y >= 2", "not x"]:
        compile_expr(source)


def test_syntax_error_column_stays_inside_text() -> None:
    for source in ["a +", "(((", "1 2 3", "x if", "not", "a and", "@", "1 +\\\n2"]:
        err = rejected(source)
        assert 1 <= err.col <= len(source) + 1, source


# -- no dynamic code execution ------------------------------------------------------------


def test_module_never_calls_dynamic_execution() -> None:
    text = Path(expr_module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\b(eval|exec|compile)\s*\(", text)
    assert "__import__" not in text


# -- property tests -----------------------------------------------------------------------

EXPR_ALPHABET = "abcxyz_0123456789.e+-*/%<>=!()[]{},:;'\" \n\tiflsnotandormaxbcpj#@~^&|\\"
EXPR_WORDS = st.sampled_from(
    [
        "min(",
        "max(",
        "clip(",
        "abs(",
        " and ",
        " or ",
        "not ",
        " if ",
        " else ",
        "**",
        "1e400",
        "__",
        "lambda",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=500),
        st.text(alphabet=EXPR_ALPHABET, max_size=120),
        st.lists(
            st.one_of(EXPR_WORDS, st.text(alphabet=EXPR_ALPHABET, max_size=4)), max_size=40
        ).map("".join),
    )
)
def test_property_compile_returns_expr_or_raises_expr_error(source: str) -> None:
    try:
        result = compile_expr(source)
    except ExprError as err:
        assert isinstance(err.message, str) and err.message
        assert isinstance(err.col, int) and err.col >= 1
        assert err.message.isprintable()
        return
    assert isinstance(result, Expr)
    assert result.names <= {n for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source)}


Tree = Any  # nested tuples: ("num", v) | ("name", n) | (op, child, ...)

NAMES = ["a", "b", "c"]
SMALL_NUMS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
ENV_VALUES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, -5e-324, 1e-300, 1e12, 1.0]),
)
ENVS = st.fixed_dictionaries({n: ENV_VALUES for n in NAMES})
LEAVES = st.one_of(
    st.tuples(st.just("num"), SMALL_NUMS), st.tuples(st.just("name"), st.sampled_from(NAMES))
)


def arithmetic_trees(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.sampled_from(["+", "-", "*"]), children, children),
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("abs"), children),
        st.tuples(st.sampled_from(["min", "max"]), children, children),
        st.tuples(st.just("min3"), children, children, children),
        st.tuples(st.just("clip"), children, children, children),
    )


def any_trees(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        arithmetic_trees(children),
        st.tuples(st.just("/"), children, children),
        st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), children, children),
        st.tuples(st.just("chain"), children, children, children),
        st.tuples(st.sampled_from(["and", "or"]), children, children),
        st.tuples(st.just("not"), children),
        st.tuples(st.just("ifelse"), children, children, children),
    )


ARITH_TREES = st.recursive(LEAVES, arithmetic_trees, max_leaves=10)
ANY_TREES = st.recursive(LEAVES, any_trees, max_leaves=10)


def render(tree: Tree) -> str:
    """Fully parenthesised source text for a tree."""
    kind = tree[0]
    if kind == "num":
        return f"({tree[1]!r})"
    if kind == "name":
        return str(tree[1])
    args = [render(t) for t in tree[1:]]
    if kind == "neg":
        return f"(-{args[0]})"
    if kind == "not":
        return f"(not {args[0]})"
    if kind in ("abs", "min", "max", "clip"):
        return f"{kind}({', '.join(args)})"
    if kind == "min3":
        return f"min({', '.join(args)})"
    if kind == "chain":
        return f"({args[0]} < {args[1]} <= {args[2]})"
    if kind == "ifelse":
        return f"({args[0]} if {args[1]} else {args[2]})"
    return f"({args[0]} {kind} {args[1]})"


def reference(tree: Tree, env: dict[str, float]) -> float:
    """An independent tree-walking evaluator for arithmetic trees (no division)."""
    kind = tree[0]
    if kind == "num":
        return float(tree[1])
    if kind == "name":
        return env[tree[1]]
    vals = [reference(t, env) for t in tree[1:]]
    if kind == "+":
        return vals[0] + vals[1]
    if kind == "-":
        return vals[0] - vals[1]
    if kind == "*":
        return vals[0] * vals[1]
    if kind == "neg":
        return -vals[0]
    if kind == "abs":
        return abs(vals[0])
    if kind in ("min", "min3"):
        return min(vals)
    if kind == "max":
        return max(vals)
    if kind == "clip":
        return min(max(vals[0], vals[1]), vals[2])
    raise AssertionError(kind)


def finish(value: float) -> float:
    """The documented final step: NaN to 0, magnitude clamped to 1e12."""
    if math.isnan(value):
        return 0.0
    return max(-1e12, min(1e12, value))


@settings(max_examples=300, deadline=None)
@given(ANY_TREES, ENVS)
def test_property_evaluation_is_always_finite(tree: Tree, env: dict[str, float]) -> None:
    source = render(tree)
    if len(source) > MAX_EXPR_CHARS:
        return
    e = compile_expr(source, NAMES)
    result = e(env)
    assert type(result) is float
    assert math.isfinite(result)
    assert -1e12 <= result <= 1e12


@settings(max_examples=300, deadline=None)
@given(ARITH_TREES, ENVS)
def test_property_matches_reference_evaluator(tree: Tree, env: dict[str, float]) -> None:
    source = render(tree)
    if len(source) > MAX_EXPR_CHARS:
        return
    e = compile_expr(source, NAMES)
    got = e(env)
    want = finish(reference(tree, env))
    assert got == want or math.isclose(got, want, rel_tol=1e-9), (source, env, got, want)


@settings(max_examples=200, deadline=None)
@given(ANY_TREES)
def test_property_names_and_boolean_flag(tree: Tree) -> None:
    source = render(tree)
    if len(source) > MAX_EXPR_CHARS:
        return
    e = compile_expr(source)

    def names_in(t: Tree) -> set[str]:
        if t[0] == "name":
            return {t[1]}
        if t[0] == "num":
            return set()
        return set().union(*(names_in(c) for c in t[1:]))

    assert e.names == names_in(tree)
