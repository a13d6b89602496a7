"""What listening reveals: an actor's hidden numbers and own facts, and hidden ties.

Each reveal succeeds with a chance of ``reveal_base + 0.6 * trust in you``, drawn from the ``reveal``
stream (one draw per attempt, whether or not anything is left, so the stream never shifts). An actor
tells its hidden numbers first, in the order the pack lists them, then its own facts in the order
written — each fact only once they trust you as much as it asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.state import FACT_INDEX

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext

#: Ties weaker than this count as absent (as in the social phases).
_LIVE = 0.05


def unrevealed(tc: TurnContext, i: int) -> list[str]:
    """What actor ``i`` could tell you now, in the order they would: hidden numbers, then facts they trust you with."""
    s = tc.state
    out: list[str] = [f for f in tc.pack.actors[i].hidden if not s.known[i, FACT_INDEX[f]]]
    tau = float(s.tau[i])
    for k in tc.tables.facts_of[i]:
        fact = tc.tables.facts[k][1]
        if not s.fact_known[k] and tau >= fact.trust_at_least:
            out.append(fact.id)
    return out


def known(tc: TurnContext, i: int, fact: str) -> bool:
    """Whether the player knows actor ``i``'s hidden number or fact ``fact`` (False if it has no such fact)."""
    if fact in FACT_INDEX:
        return bool(tc.state.known[i, FACT_INDEX[fact]])
    return any(tc.state.fact_known[k] for k in tc.tables.facts_of[i] if tc.tables.facts[k][1].id == fact)


def learn(tc: TurnContext, i: int, fact: str) -> None:
    """Mark one of actor ``i``'s hidden numbers or facts as known."""
    s = tc.state
    if fact in FACT_INDEX:
        s.known[i, FACT_INDEX[fact]] = True
        return
    for k in tc.tables.facts_of[i]:
        if tc.tables.facts[k][1].id == fact:
            s.fact_known[k] = True


def reveal(tc: TurnContext, targets: np.ndarray, count: int) -> list[tuple[int, str]]:
    """Up to ``count`` reveals per target; return (actor index, fact) for each success."""
    out = []
    rng = tc.rng("reveal")
    base = tc.pack.engine.reveal_base
    tau = tc.state.tau
    for i in targets.tolist():
        pool = unrevealed(tc, i)
        for _ in range(count):
            roll = float(rng.random())  # drawn even when nothing is left, to keep the stream stable
            if pool and roll < base + 0.6 * float(tau[i]):
                fact = pool.pop(0)
                learn(tc, i, fact)
                out.append((i, fact))
    return out


def hidden_ties(tc: TurnContext, i: int) -> list[int]:
    """The actors with a live tie to or from ``i`` that the player does not know of, in index order."""
    s = tc.state
    out_hidden = (s.T[i] > _LIVE) & ~s.tie_known[i]
    in_hidden = (s.T[:, i] > _LIVE) & ~s.tie_known[:, i]
    return (out_hidden | in_hidden).nonzero()[0].tolist()


def show_tie(tc: TurnContext, i: int, j: int) -> None:
    """Make the tie between ``i`` and ``j`` known in each direction in which it exists."""
    s = tc.state
    if s.T[i, j] > _LIVE:
        s.tie_known[i, j] = True
    if s.T[j, i] > _LIVE:
        s.tie_known[j, i] = True


def reveal_ties(tc: TurnContext, targets: np.ndarray, count: int) -> list[tuple[int, int]]:
    """Up to ``count`` hidden ties of each target brought to light; return them as (target, other)."""
    out = []
    rng = tc.rng("reveal")
    base = tc.pack.engine.reveal_base
    for i in targets.tolist():
        hidden = hidden_ties(tc, i)
        for _ in range(count):
            roll = float(rng.random())
            if hidden and roll < base + 0.6 * float(tc.state.tau[i]):
                j = hidden.pop(0)
                show_tie(tc, i, j)
                out.append((i, j))
    return out
