"""Interval reasoning over pack expressions: what values each name and condition can take.

Every name an expression reads has declared bounds (stocks' min and max, parameters and the
values events may set them to, random parameters' ranges, the built-in names' documented
ranges). A small interval evaluator over the expression's syntax tree works out what each
condition and comparison can be. It only reads the tree (the same whitelist as ``expr.py``;
nothing is ever run). Lint uses it to find thresholds no reachable state can cross.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sysplay.scenarios.vocab import MODES, ZONES

if TYPE_CHECKING:
    from sysplay.scenarios.models import Effects, Intervention, Pack

Iv = tuple[float, float]
INF = math.inf
TOP: Iv = (-INF, INF)
TRUE: Iv = (1.0, 1.0)
FALSE: Iv = (0.0, 0.0)
BOOL: Iv = (0.0, 1.0)
Bounds = dict[str, Iv]




def _hull(*ivs: Iv) -> Iv:
    return min(i[0] for i in ivs), max(i[1] for i in ivs)


def _mul1(x: float, y: float) -> float:
    return 0.0 if x == 0 or y == 0 else x * y


def _mul(a: Iv, b: Iv) -> Iv:
    p = [_mul1(x, y) for x in a for y in b]
    return min(p), max(p)


def _div(a: Iv, b: Iv) -> Iv:
    if a == FALSE or b == FALSE:
        return FALSE  # division by zero gives 0
    if b[0] <= 0 <= b[1]:
        return TOP
    return _mul(a, (1 / b[1], 1 / b[0]))


def _truth(v: Iv) -> bool | None:
    """True or False when every value in ``v`` is true or false; None when it could be either."""
    if v == FALSE:
        return False
    if v[0] > 0 or v[1] < 0:
        return True
    return None


def _as_iv(t: bool | None) -> Iv:
    return BOOL if t is None else TRUE if t else FALSE


def _compare(op: ast.cmpop, a: Iv, b: Iv) -> bool | None:
    if isinstance(op, ast.Lt | ast.Gt):
        a, b = (a, b) if isinstance(op, ast.Lt) else (b, a)
        return True if a[1] < b[0] else False if a[0] >= b[1] else None
    if isinstance(op, ast.LtE | ast.GtE):
        a, b = (a, b) if isinstance(op, ast.LtE) else (b, a)
        return True if a[1] <= b[0] else False if a[0] > b[1] else None
    same = a[0] == a[1] == b[0] == b[1]
    apart = a[1] < b[0] or b[1] < a[0]
    eq = True if same else False if apart else None
    if isinstance(op, ast.Eq):
        return eq
    return None if eq is None else not eq


_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}
_NEGATE = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}


def parse(source: str) -> ast.expr:
    """The syntax tree of an expression the loader has already accepted (as ``expr.py`` parses it)."""
    flat = source.replace("\t", " ").replace("\n", " ").replace("\r", " ").lstrip(" ")
    return ast.parse(flat, mode="eval").body


def evaluate(node: ast.expr, b: Bounds) -> Iv:
    """Every value ``node`` can take when each name stays within its bounds (a sound over-estimate)."""
    if isinstance(node, ast.Constant):
        v = float(node.value) if isinstance(node.value, int | float) else 0.0
        return v, v
    if isinstance(node, ast.Name):
        return b.get(node.id, TOP)
    if isinstance(node, ast.BinOp):
        x, y = evaluate(node.left, b), evaluate(node.right, b)
        if isinstance(node.op, ast.Add):
            return x[0] + y[0], x[1] + y[1]
        if isinstance(node.op, ast.Sub):
            return x[0] - y[1], x[1] - y[0]
        if isinstance(node.op, ast.Mult):
            return _mul(x, y)
        return _div(x, y) if isinstance(node.op, ast.Div) else TOP
    if isinstance(node, ast.UnaryOp):
        x = evaluate(node.operand, b)
        if isinstance(node.op, ast.USub):
            return -x[1], -x[0]
        if isinstance(node.op, ast.Not):
            t = _truth(x)
            return _as_iv(None if t is None else not t)
        return x
    if isinstance(node, ast.Compare):
        return _as_iv(compare_chain(node, b))
    if isinstance(node, ast.BoolOp):
        truths = [_truth(evaluate(v, b)) for v in node.values]
        if isinstance(node.op, ast.And):
            return FALSE if False in truths else TRUE if all(truths) else BOOL
        return TRUE if True in truths else FALSE if all(t is False for t in truths) else BOOL
    if isinstance(node, ast.IfExp):
        t = _truth(evaluate(node.test, b))
        if t is None:
            return _hull(evaluate(node.body, b), evaluate(node.orelse, b))
        return evaluate(node.body if t else node.orelse, b)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call(node.func.id, [evaluate(a, b) for a in node.args])
    return TOP


def compare_chain(node: ast.Compare, b: Bounds) -> bool | None:
    """Whether a chain of comparisons holds over the bounds: True always, False never, None maybe."""
    values = [evaluate(node.left, b)] + [evaluate(c, b) for c in node.comparators]
    results = [_compare(op, values[i], values[i + 1]) for i, op in enumerate(node.ops)]
    return False if False in results else True if all(results) else None


def _call(name: str, args: list[Iv]) -> Iv:
    if name == "abs" and len(args) == 1:
        lo, hi = args[0]
        return (0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))), max(abs(lo), abs(hi))
    if name == "clip" and len(args) == 3:
        (x0, x1), (l0, l1), (h0, h1) = args
        return min(max(x0, l0), h0), min(max(x1, l1), h1)
    if name in ("min", "max") and args:
        pick = min if name == "min" else max
        return pick(a[0] for a in args), pick(a[1] for a in args)
    return TOP


def assume(node: ast.expr, b: Bounds, truth: bool) -> Bounds | None:
    """Bounds narrowed by knowing ``node`` is ``truth``; None when that is impossible."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return assume(node.operand, b, not truth)
    if isinstance(node, ast.BoolOp):
        conj = isinstance(node.op, ast.And) == truth  # and-true / or-false: every part holds
        if conj:
            cur: Bounds | None = b
            for v in node.values:
                cur = assume(v, cur, truth) if cur is not None else None
            return cur
        options = [o for o in (assume(v, b, truth) for v in node.values) if o is not None]
        if not options:
            return None
        return {k: _hull(*(o.get(k, TOP) for o in options)) for k in set().union(*options)}
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        narrowed = _narrow(node, b, truth)
        if narrowed is not None:
            return narrowed or None
    t = _truth(evaluate(node, b))
    return None if t is not None and t != truth else b


def _narrow(node: ast.Compare, b: Bounds, truth: bool) -> Bounds | None | dict[str, Iv]:
    """Narrow a name compared with something; {} when impossible, None when nothing to narrow."""
    op = type(node.ops[0])
    left, right = node.left, node.comparators[0]
    if not isinstance(left, ast.Name):
        left, right, op = right, left, _FLIP[op]
    if not isinstance(left, ast.Name) or isinstance(right, ast.Name) and right.id == left.id:
        return None
    if not truth:
        op = _NEGATE[op]
    x, (c0, c1) = b.get(left.id, TOP), evaluate(right, b)
    lo, hi = x
    if op in (ast.Lt, ast.LtE):
        hi = min(hi, c1)
        empty = lo > hi or (op is ast.Lt and lo >= c1)
    elif op in (ast.Gt, ast.GtE):
        lo = max(lo, c0)
        empty = lo > hi or (op is ast.Gt and hi <= c0)
    elif op is ast.Eq:
        lo, hi = max(lo, c0), min(hi, c1)
        empty = lo > hi
    else:
        return None
    return {} if empty else {**b, left.id: (lo, hi)}


# ----- what every name can be ---------------------------------------------------------------

_UNIT = ("holding", "threat", "agreement", "certainty", "adoption_share", "anxiety_mean", "trust_mean",
         "network_health", "conflict", "voice", "harm", "strain")


def _set_values(pack: Pack) -> dict[str, list[float]]:
    """Every value effects may ``set`` each parameter to."""
    out: dict[str, list[float]] = {}
    for eff in _all_effects(pack):
        for pid, v in eff.set.items():
            out.setdefault(pid, []).append(v)
    return out


def _added(pack: Pack) -> set[str]:
    """Parameters some effect adds to (their range is open: a game may add as often as it likes)."""
    return {pid for eff in _all_effects(pack) for pid in eff.add}


def _all_effects(pack: Pack) -> Iterator[Effects]:
    for iv in pack.interventions:
        yield iv.effects
    for move in pack.actor_moves:
        yield move.effects
    for ev in pack.events:
        yield ev.effects
        if ev.while_active is not None:
            yield ev.while_active
        for ch in ev.choices:
            yield ch.effects


def _uses(pack: Pack, iv: Intervention) -> float:
    turns = pack.meta.turns
    if iv.cooldown:
        return float(math.ceil(turns / (iv.cooldown + 1)))
    return float(turns * (pack.meta.slots_per_turn // iv.slots)) if iv.slots else INF


def system_bounds(pack: Pack) -> Bounds:
    """Bounds of every name system expressions can read."""
    m, sysm = pack.meta, pack.system
    b: Bounds = dict.fromkeys(_UNIT, (0.0, 1.0))
    b.update({"turn": (1.0, float(m.turns)), "turns": (float(m.turns),) * 2, "capital": (0.0, m.max_capital),
              "mean_stance": (-1.0, 1.0)})
    b.update({f"mode_{x}": (0.0, 1.0) for x in MODES})
    b.update({f"zone_{z}": BOOL for z in ZONES})
    for a in pack.actors:
        b.update({f"stance_{a.id}": (-1.0, 1.0), f"trust_{a.id}": (0.0, 1.0), f"anxiety_{a.id}": (0.0, 1.0),
                  f"stage_{a.id}": (0.0, 4.0), f"adopted_{a.id}": BOOL, f"power_{a.id}": (a.power, a.power)})
    for ev in pack.events:
        once = ev.when is not None and ev.once
        b[f"fired_{ev.id}"] = (0.0, 1.0 if once else float(m.turns))
        b[f"active_{ev.id}"] = BOOL
        b.update({f"chose_{ev.id}_{ch.id}": BOOL for ch in ev.choices})
    for iv in pack.interventions:
        b[f"used_{iv.id}"] = (0.0, _uses(pack, iv))
    sets, added = _set_values(pack), _added(pack)
    for pid, v in sysm.params.items():
        b[pid] = TOP if pid in added else _hull((v, v), *((x, x) for x in sets.get(pid, [])))
    b.update({"press": (0.0, 1.0), "deferral": (0.0, 1.0)})
    for a in pack.actors:
        if a.concern is not None:
            b[f"knows_{a.id}_concern"] = BOOL
        b.update({f"knows_{a.id}_{f.id}": BOOL for f in a.facts})
    b.update({rid: (rp.low, rp.high) for rid, rp in sysm.random_params.items()})
    b.update({sid: (st.min, st.max) for sid, st in sysm.stocks.items()})
    aux = {**sysm.variables, **{fid: f.expr for fid, f in sysm.flows.items()}}
    b.update(dict.fromkeys(aux, TOP))
    b.update(dict.fromkeys(sysm.delays, TOP))
    for _ in range(len(aux) + 1):  # no algebraic loops, so this settles within len(aux) passes
        for name, src in aux.items():
            b[name] = evaluate(parse(src), b)
        for did, d in sysm.delays.items():
            b[did] = (0.0, max(0.0, evaluate(parse(d.expr), b)[1]))
    return b


def outcome_bounds(pack: Pack, b: Bounds) -> Bounds:
    """System bounds plus ``outcome`` and ``dim_<id>``."""
    out = dict(b)
    lo = hi = weight = 0.0
    for dim in pack.outcome.dimensions:
        d0, d1 = evaluate(parse(dim.expr), b)
        d0, d1 = min(1.0, max(0.0, d0)), min(1.0, max(0.0, d1))
        out[f"dim_{dim.id}"] = (d0, d1)
        good = (d0, d1) if dim.good == "up" else (1 - d1, 1 - d0)
        lo, hi, weight = lo + dim.weight * good[0], hi + dim.weight * good[1], weight + dim.weight
    out["outcome"] = (lo / weight, hi / weight) if weight else FALSE
    return out
