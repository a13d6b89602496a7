"""Applying a block of effects (from a move, a delayed move, an event or a dilemma answer) to the state."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from sysplay.engine.fast import clip, filled, mean
from sysplay.engine.results import Applied
from sysplay.engine.social import TAILORED_ANCHOR
from sysplay.engine.state import FACT_INDEX
from sysplay.scenarios.models import Effects

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext

#: Verbs whose beneficial direction is down (a multiplier > 1 makes them fall further).
_DOWN_IS_GOOD = frozenset({"anxiety", "dependency", "threat"})




def clamp(v: float, lo: float, hi: float) -> float:
    """``v`` held within [lo, hi], as a Python float."""
    return min(hi, max(lo, float(v)))


def scaled(verb: str, amount: float, k: float) -> float:
    """Scale an effect by the context multiplier ``k`` only in its beneficial direction.

    Side effects (a directive's cost in trust, say) land as written however well the move fits.
    """
    good = amount < 0 if verb in _DOWN_IS_GOOD else amount > 0
    return amount * k if good else amount


def apply_effects(tc: TurnContext, eff: Effects, targets: np.ndarray, k: np.ndarray | float, cause: tuple[str, str, tuple[Any, ...]]) -> Applied:
    """Apply ``eff`` to ``targets`` with per-target multipliers ``k``.

    Args:
        tc: The turn context (its state and ledger are changed).
        eff: The effects block.
        targets: Actor indices the actor verbs apply to.
        k: Multiplier per target (or one for all); group verbs use the mean.
        cause: (kind, source id, detail) recorded in the ledger.
    """
    s = tc.state
    kind, source, detail = cause
    n = targets.shape[0]
    kv = k if isinstance(k, np.ndarray) else filled(n, float(k))
    kmean = mean(kv) if n else (float(np.mean(k)) if isinstance(k, np.ndarray) else float(k))
    out = Applied(scale=kmean)
    if n:
        _actor_verbs(tc, eff, targets, kv, cause)
    if eff.anxiety_all is not None or eff.stance_all is not None or eff.trust_all is not None:
        _everyone(tc, eff, cause)
    if eff.tie is not None or eff.relation is not None:
        _pair_verbs(tc, eff, targets, kmean, cause)
    _group_verbs(tc, eff, kmean, cause)
    for sid, amount in eff.metric.items():
        out.metric_changes[sid] = tc.change_stock(sid, amount, kind, source, detail)
    if eff.metric_scaled:
        size = kmean * _pilot_factor(tc, targets)
        for sid, amount in eff.metric_scaled.items():
            out.metric_changes[sid] = tc.change_stock(sid, amount * size, kind, source, (*detail, ("size", size)))
    for pid, value in eff.set.items():
        s.params[pid] = float(value)
    if eff.reveal:
        out.reveals.extend(_reveal(tc, targets, eff.reveal))
    if eff.reveal_ties:
        out.tie_reveals.extend(_reveal_ties(tc, targets, eff.reveal_ties))
    return out


def _everyone(tc: TurnContext, eff: Effects, cause: tuple[str, str, tuple[Any, ...]]) -> None:
    everyone = np.arange(len(tc.state.x))
    if eff.anxiety_all is not None:
        _shift(tc, "anx", "anxiety", everyone, eff.anxiety_all, 0, 1, cause)
    if eff.stance_all is not None:
        _shift(tc, "x", "stance", everyone, eff.stance_all, -1, 1, cause)
    if eff.trust_all is not None:
        _shift(tc, "tau", "trust", everyone, eff.trust_all, 0, 1, cause)


def scaled_vec(verb: str, amount: float, k: np.ndarray) -> np.ndarray:
    """:func:`scaled` for a vector of multipliers."""
    good = amount < 0 if verb in _DOWN_IS_GOOD else amount > 0
    return amount * k if good else np.full(k.shape, amount)


def _actor_verbs(tc: TurnContext, eff: Effects, idx: np.ndarray, k: np.ndarray, cause: tuple[str, str, tuple[Any, ...]]) -> None:
    """Actor verbs for every target at once (targets are distinct, so order between them cannot matter)."""
    s = tc.state
    if eff.trust is not None:
        _shift(tc, "tau", "trust", idx, scaled_vec("trust", eff.trust, k), 0, 1, cause)
    if eff.stance is not None:
        push = scaled_vec("stance", eff.stance, k) * (0.5 + s.tau[idx])
        _shift(tc, "x", "stance", idx, push, -1, 1, cause)
        tailored = _tailored_mask(tc, cause, idx)
        if tailored.any():  # meeting their concern moves identity too
            t = idx[tailored]
            s.u[t] = clip(s.u[t] + TAILORED_ANCHOR * push[tailored], -1, 1)
    if eff.anchor is not None:
        s.u[idx] = clip(s.u[idx] + scaled_vec("anchor", eff.anchor, k), -1, 1)
    if eff.anxiety is not None:
        _shift(tc, "anx", "anxiety", idx, scaled_vec("anxiety", eff.anxiety, k), 0, 1, cause)
    if eff.openness is not None:
        s.eps[idx] = clip(s.eps[idx] + scaled_vec("openness", eff.openness, k), 0.02, 1.5)
    if eff.suspend is not None:
        s.theta[idx] = np.maximum(0.05, s.theta[idx] * (1 - np.minimum(0.9, eff.suspend * k)))


def _tailored_mask(tc: TurnContext, cause: tuple[str, str, tuple[Any, ...]], idx: np.ndarray) -> np.ndarray:
    kind, _source, detail = cause
    if kind not in ("move", "delayed") or len(detail) < 5 or not detail[4]:
        return np.zeros(idx.shape, dtype=bool)
    ids = set(detail[4])
    return np.array([tc.pack.actors[i].id in ids for i in idx.tolist()], dtype=bool)


def _shift(tc: TurnContext, attr: str, quantity: str, idx: np.ndarray, amount: np.ndarray | float, lo: float, hi: float,
           cause: tuple[str, str, tuple[Any, ...]]) -> None:
    arr = getattr(tc.state, attr)
    before = arr[idx]  # a copy (fancy indexing); the arrays shifted here are all floats
    after = clip(before + amount, lo, hi)
    arr[idx] = after
    if tc.recording:
        delta = np.zeros(len(arr))
        delta[idx] = after - before
        kind, source, detail = cause
        tc.ledger.add_vector(tc.state.turn, quantity, delta, kind, source, detail)


def _pair_verbs(tc: TurnContext, eff: Effects, targets: np.ndarray, k: float, cause: tuple[str, str, tuple[Any, ...]]) -> None:
    s, turn = tc.state, tc.state.turn
    for i, j in combinations(sorted(set(targets.tolist())), 2):
        for a, b in ((i, j), (j, i)):
            if eff.tie is not None:
                before = float(s.T[a, b])
                s.T[a, b] = clamp(before + scaled("tie", eff.tie, k), 0, 1)
                tc.ledger.add(turn, ("tie", a, b), s.T[a, b] - before, *cause)
            if eff.relation is not None:
                before = float(s.R[a, b])
                s.R[a, b] = clamp(before + scaled("relation", eff.relation, k), -1, 1)
                tc.ledger.add(turn, ("tie_trust", a, b), s.R[a, b] - before, *cause)
            if s.T[a, b] > 0.05 and not s.tie_known[a, b]:
                s.tie_known[a, b] = True
            tc.contact.add((a, b))


def _group_verbs(tc: TurnContext, eff: Effects, k: float, cause: tuple[str, str, tuple[Any, ...]]) -> None:
    s, turn = tc.state, tc.state.turn
    if eff.holding is not None:
        before = s.holding
        s.holding = clamp(before + scaled("holding", eff.holding, k), 0, 1)
        tc.ledger.add(turn, ("holding",), s.holding - before, *cause)
    if eff.dependency is not None:
        s.dep_push = clamp(s.dep_push + scaled("dependency", eff.dependency, k), 0, 2)
    if eff.threat is not None:
        s.threat = clamp(s.threat + scaled("threat", eff.threat, k), 0, 1)
    if eff.capital is not None:
        before = s.capital
        s.capital = clamp(before + eff.capital, 0, tc.pack.meta.max_capital)
        tc.ledger.add(turn, ("capital",), s.capital - before, *cause)


def _pilot_factor(tc: TurnContext, targets: np.ndarray) -> float:
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


def _reveal(tc: TurnContext, targets: np.ndarray, count: int) -> list[tuple[int, str]]:
    s, out = tc.state, []
    rng = tc.rng("reveal")
    base = tc.pack.engine.reveal_base
    for i in targets.tolist():
        hidden = [f for f in tc.pack.actors[i].hidden if not s.known[i, FACT_INDEX[f]]]
        for _ in range(count):
            roll = float(rng.random())  # drawn even when nothing is left, to keep the stream stable
            if hidden and roll < base + 0.6 * float(s.tau[i]):
                fact = hidden.pop(0)
                s.known[i, FACT_INDEX[fact]] = True
                out.append((i, fact))
    return out


def _reveal_ties(tc: TurnContext, targets: np.ndarray, count: int) -> list[tuple[int, int]]:
    s, out = tc.state, []
    rng = tc.rng("reveal")
    for i in targets.tolist():
        hidden = (((s.T[i] > 0.05) | (s.T[:, i] > 0.05)) & ~s.tie_known[i]).nonzero()[0].tolist()
        for _ in range(count):
            roll = float(rng.random())
            if hidden and roll < tc.pack.engine.reveal_base + 0.6 * float(s.tau[i]):
                j = hidden.pop(0)
                s.tie_known[i, j] = s.tie_known[j, i] = True
                out.append((i, j))
    return out
