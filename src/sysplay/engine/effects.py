"""Applying a block of effects to the state, scaled by how well it landed (``engine/fit.py``).

The effects come from a move, a delayed move, an event, a dilemma answer or an actor's own move.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from sysplay.engine.fast import clip, filled, mean
from sysplay.engine.results import Applied
from sysplay.engine.reveal import reveal, reveal_ties
from sysplay.engine.social import LIVE, TAILORED_ANCHOR
from sysplay.engine.state import Lapse
from sysplay.engine.trust import shift_tie, shift_trust
from sysplay.scenarios.models import Effects

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext

Cause = tuple[str, str, tuple[Any, ...]]

#: Verbs whose intended direction is down (a landing multiplier above 1 makes them fall further).
_DOWN_IS_GOOD = frozenset({"anxiety", "dependency", "threat"})


def clamp(v: float, lo: float, hi: float) -> float:
    """``v`` held within [lo, hi], as a Python float."""
    return min(hi, max(lo, float(v)))


def intended(verb: str, amount: float) -> bool:
    """Whether ``amount`` of ``verb`` is in the verb's intended direction.

    Up is intended, except for anxiety, dependency and threat, where down is.
    """
    return amount < 0 if verb in _DOWN_IS_GOOD else amount > 0


def scaled(verb: str, amount: float, m: float, side: float = 1.0) -> float:
    """``amount`` as it lands: times ``m`` in the intended direction, times ``side`` otherwise."""
    return amount * m if intended(verb, amount) else amount * side


def scaled_vec(verb: str, amount: float, m: np.ndarray, side: float = 1.0) -> np.ndarray:
    """:func:`scaled` for a vector of landing multipliers (one per target)."""
    return amount * m if intended(verb, amount) else filled(m.shape[0], amount * side)


def apply_effects(tc: TurnContext, eff: Effects, targets: np.ndarray, m: np.ndarray | float, cause: Cause, *,
                  side: float = 1.0, lands: bool = True) -> Applied:
    """Apply ``eff`` to ``targets``.

    Args:
        tc: The turn context (its state and ledger are changed).
        eff: The effects block.
        targets: Actor indices the actor verbs apply to.
        m: How many times as written the intended direction of each verb lands, per target (or one for
            all); group and stock verbs use the mean. Negative: the move backfired.
        cause: (kind, source id, detail) recorded in the ledger.
        side: How many times as written side effects (the other direction) land.
        lands: Whether parameter changes (``set``, ``add``) take effect; a backfired move's and a failed
            test's do not.
    """
    n = targets.shape[0]
    mv = m if isinstance(m, np.ndarray) else filled(n, float(m))
    mbar = mean(mv) if n else (float(np.mean(m)) if isinstance(m, np.ndarray) else float(m))
    out = Applied(scale=mbar)
    if n:
        _actor_verbs(tc, eff, targets, mv, side, cause, out)
    if eff.anxiety_all is not None or eff.stance_all is not None or eff.trust_all is not None:
        _everyone(tc, eff, mbar, side, cause)
    if eff.tie is not None or eff.relation is not None:
        _pair_verbs(tc, eff, targets, mbar, side, cause)
    _group_verbs(tc, eff, mbar, side, cause)
    _stock_verbs(tc, eff, targets, mbar, side, cause, out)
    if lands and (eff.set or eff.add):
        _parameters(tc, eff, cause)
    if eff.reveal:
        out.reveals.extend(reveal(tc, targets, eff.reveal))
    if eff.reveal_ties:
        out.tie_reveals.extend(reveal_ties(tc, targets, eff.reveal_ties))
    return out


def _everyone(tc: TurnContext, eff: Effects, m: float, side: float, cause: Cause) -> None:
    everyone = np.arange(len(tc.state.x))
    if eff.anxiety_all is not None:
        _shift(tc, "anx", "anxiety", everyone, scaled("anxiety", eff.anxiety_all, m, side), 0, 1, cause)
    if eff.stance_all is not None:
        _shift(tc, "x", "stance", everyone, scaled("stance", eff.stance_all, m, side), -1, 1, cause)
    if eff.trust_all is not None:
        shift_trust(tc, everyone, scaled("trust", eff.trust_all, m, side), cause)


def _actor_verbs(tc: TurnContext, eff: Effects, idx: np.ndarray, m: np.ndarray, side: float, cause: Cause,
                 out: Applied) -> None:
    """Actor verbs for every target at once (targets are distinct, so order between them cannot matter)."""
    s = tc.state
    if eff.trust is not None:
        shift_trust(tc, idx, scaled_vec("trust", eff.trust, m, side), cause)
    if eff.stance is not None:
        push = scaled_vec("stance", eff.stance, m, side) * (0.5 + s.tau[idx])
        before = s.x[idx]
        _shift(tc, "x", "stance", idx, push, -1, 1, cause)
        out.pushes.update(zip(idx.tolist(), (s.x[idx] - before).tolist(), strict=True))
        tailored = _tailored_mask(tc, cause, idx)
        if tailored.any():  # meeting their concern moves identity too
            t = idx[tailored]
            s.u[t] = clip(s.u[t] + TAILORED_ANCHOR * push[tailored], -1, 1)
    if eff.anchor is not None:
        s.u[idx] = clip(s.u[idx] + scaled_vec("anchor", eff.anchor, m, side), -1, 1)
    if eff.anxiety is not None:
        _shift(tc, "anx", "anxiety", idx, scaled_vec("anxiety", eff.anxiety, m, side), 0, 1, cause)
    if eff.openness is not None:
        s.eps[idx] = clip(s.eps[idx] + scaled_vec("openness", eff.openness, m, side), 0.02, 1.5)
    if eff.suspend is not None:  # a backfire (m < 0) hardens positions instead of loosening them
        s.theta[idx] = clip(s.theta[idx] * (1 - np.minimum(0.9, eff.suspend * m)), 0.05, 1)


def _tailored_mask(tc: TurnContext, cause: Cause, idx: np.ndarray) -> np.ndarray:
    kind, _source, detail = cause
    if kind not in ("move", "delayed") or len(detail) < 5 or not detail[4]:
        return np.zeros(idx.shape, dtype=bool)
    ids = set(detail[4])
    names = tc.tables.ids
    return np.array([names[i] in ids for i in idx.tolist()], dtype=bool)


def _shift(tc: TurnContext, attr: str, quantity: str, idx: np.ndarray, amount: np.ndarray | float, lo: float,
           hi: float, cause: Cause) -> None:
    arr = getattr(tc.state, attr)
    before = arr[idx]  # a copy (fancy indexing); the arrays shifted here are all floats
    after = clip(before + amount, lo, hi)
    arr[idx] = after
    if tc.recording:
        delta = np.zeros(len(arr))
        delta[idx] = after - before
        kind, source, detail = cause
        tc.ledger.add_vector(tc.state.turn, quantity, delta, kind, source, detail)


def _pair_verbs(tc: TurnContext, eff: Effects, targets: np.ndarray, m: float, side: float, cause: Cause) -> None:
    s, turn = tc.state, tc.state.turn
    tie = None if eff.tie is None else scaled("tie", eff.tie, m, side)
    relation = None if eff.relation is None else scaled("relation", eff.relation, m, side)
    for i, j in combinations(sorted(set(targets.tolist())), 2):
        for a, b in ((i, j), (j, i)):
            if tie is not None:
                before = float(s.T[a, b])
                s.T[a, b] = clamp(before + tie, 0, 1)
                tc.ledger.add(turn, ("tie", a, b), s.T[a, b] - before, *cause)
            if relation is not None:
                shift_tie(tc, a, b, relation, cause)
            if s.T[a, b] > LIVE and not s.tie_known[a, b]:
                s.tie_known[a, b] = True
            tc.contact.add((a, b))


def _group_verbs(tc: TurnContext, eff: Effects, m: float, side: float, cause: Cause) -> None:
    s, turn = tc.state, tc.state.turn
    if eff.holding is not None:
        before = s.holding
        s.holding = clamp(before + scaled("holding", eff.holding, m, side), 0, 1)
        tc.ledger.add(turn, ("holding",), s.holding - before, *cause)
    if eff.dependency is not None:
        s.dep_push = clamp(s.dep_push + scaled("dependency", eff.dependency, m, side), 0, 2)
    if eff.threat is not None:
        s.threat = clamp(s.threat + scaled("threat", eff.threat, m, side), 0, 1)
    if eff.capital is not None:  # a cost or a gift of capital lands as written, whatever the fit
        before = s.capital
        s.capital = clamp(before + eff.capital, 0, tc.pack.meta.max_capital)
        tc.ledger.add(turn, ("capital",), s.capital - before, *cause)


def _stock_verbs(tc: TurnContext, eff: Effects, targets: np.ndarray, m: float, side: float, cause: Cause,
                 out: Applied) -> None:
    """Stocks: the intended direction (by the stock's ``good``) scales with the landing but never reverses.

    A badly fitting instruction can achieve nothing, but it does not un-discharge patients.
    """
    if not eff.metric and not eff.metric_scaled:
        return
    kind, source, detail = cause
    stocks = tc.pack.system.stocks
    for sid, amount in eff.metric.items():
        out.metric_changes[sid] = tc.change_stock(sid, _stock_amount(stocks[sid].good, amount, m, side), kind,
                                                  source, detail)
    if eff.metric_scaled:
        size = max(0.0, m) * pilot_factor(tc, targets)
        for sid, amount in eff.metric_scaled.items():
            written = amount * pilot_factor(tc, targets)
            landed = _stock_amount(stocks[sid].good, written, m, side)
            out.metric_changes[sid] = tc.change_stock(sid, landed, kind, source, (*detail, ("size", size)))


def _stock_amount(good: str, amount: float, m: float, side: float) -> float:
    if good == "neither":
        return amount * max(0.0, m)
    wanted = amount > 0 if good == "up" else amount < 0
    return amount * max(0.0, m) if wanted else amount * side


def _parameters(tc: TurnContext, eff: Effects, cause: Cause) -> None:
    """Set and add parameters; with ``lasts``, remember the changes so they lapse unless kept."""
    s = tc.state
    changes: list[tuple[str, float]] = []
    for pid, value in eff.set.items():
        before = s.params[pid]
        s.params[pid] = float(value)
        changes.append((pid, s.params[pid] - before))
    for pid, amount in eff.add.items():
        s.params[pid] = s.params[pid] + float(amount)
        changes.append((pid, float(amount)))
    if eff.lasts is not None:
        kind, source, _detail = cause
        s.lapses.append(Lapse(s.turn + eff.lasts, s.queue_seq, f"{kind}:{source}", tuple(changes), eff.keep_if))
        s.queue_seq += 1


def pilot_factor(tc: TurnContext, targets: np.ndarray) -> float:
    """How big a shared piece of work turns out: who is in the room, and how they relate."""
    s = tc.state
    if targets.size == 0:
        return 1.0
    willing = np.clip((s.x[targets] + 1) / 2, 0, 1)
    coverage = float((s.power[targets] * willing).sum() / s.power.sum())
    if targets.size >= 2:
        sub = s.R[np.ix_(targets, targets)]
        relations = float(sub[~np.eye(targets.size, dtype=bool)].mean())
    else:
        relations = float(s.tau[targets[0]]) - 0.5
    return clamp(2.5 * coverage, 0.1, 1.5) * clamp(1.0 + relations, 0.2, 1.6)
