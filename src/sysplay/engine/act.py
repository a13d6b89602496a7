"""The player's moves as a turn resolves them: costs, contact, fit, and effects now or queued."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sysplay.engine.effects import apply_effects
from sysplay.engine.moves import PlannedMove, multipliers, target_multipliers
from sysplay.engine.results import MoveResult
from sysplay.engine.state import Queued

if TYPE_CHECKING:
    from sysplay.engine.context import Context
    from sysplay.engine.turnctx import TurnContext


def pay(tc: TurnContext, iv_id: str) -> None:
    """Spend a move's capital and start its cooldown."""
    s, iv = tc.state, tc.tables.ivs[iv_id]
    if iv.capital:
        s.capital = max(0.0, s.capital - iv.capital)
        tc.ledger.add(s.turn, ("capital",), -iv.capital, "cost", iv.id)
    s.last_used[iv.id] = s.turn
    s.used[iv.id] = s.used.get(iv.id, 0) + 1


def play(tc: TurnContext, move: PlannedMove, ctx: Context) -> MoveResult:
    """Play one planned move: pay for it, make its targets aware, and apply (or queue) its effects."""
    s = tc.state
    iv = tc.tables.ivs[move.intervention]
    if iv.capital > s.capital + 1e-9:  # a dilemma answer this turn can leave too little capital
        return MoveResult(iv.id, move.targets, 1.0, 1.0, (), refused=f"not enough political capital left for '{iv.name}'")
    pay(tc, move.intervention)
    for t in move.targets:
        i = tc.index[t]
        s.contacts[i] += 1
        if s.stage[i] == 0:
            s.stage[i] = 1
            tc.ledger.add(s.turn, ("stage", i), 1.0, "move", move.intervention, ("contact",))
    return apply_move(tc, move, ctx)


def apply_move(tc: TurnContext, move: PlannedMove, ctx: Context, *, delayed_from: int | None = None) -> MoveResult:
    """Apply a move's effects now (or queue them), with the context's multipliers."""
    iv = tc.tables.ivs[move.intervention]
    zone_m, mode_m = multipliers(tc, iv, ctx)
    if iv.target == "all":
        idx = np.arange(len(tc.pack.actors))
    else:
        idx = np.array([tc.index[t] for t in move.targets], dtype=np.int64)
    base = zone_m * mode_m
    k: Any = base
    tailored: tuple[str, ...] = ()
    if idx.size:
        k = target_multipliers(tc, idx, base)
        ids = tc.tables.ids
        tailored = tuple(ids[i] for i, kk in zip(idx.tolist(), k.tolist(), strict=True) if kk > base + 1e-12)
    result = MoveResult(iv.id, move.targets, zone_m, mode_m, tailored, landed_from=delayed_from)
    s = tc.state
    if iv.delay and delayed_from is None:
        due = s.turn + iv.delay
        s.queue.append(Queued(due, s.queue_seq, iv.id, tuple(idx.tolist()), s.turn))
        s.queue_seq += 1
        result.queued_for = due
        return result
    kind = "delayed" if delayed_from is not None else "move"
    detail = (ctx.zone, zone_m, ctx.mode, mode_m, tailored, delayed_from)
    result.applied = apply_effects(tc, iv.effects, idx, k, (kind, iv.id, detail))
    if len(idx) >= 2:
        for a in idx.tolist():
            for b in idx.tolist():
                if a != b:
                    tc.contact.add((a, b))
    return result


def land_delayed(tc: TurnContext) -> list[MoveResult]:
    """Apply the queued effects that fall due this turn, in the order they were queued."""
    s = tc.state
    due = sorted((q for q in s.queue if q.due <= s.turn), key=lambda q: q.seq)
    s.queue = [q for q in s.queue if q.due > s.turn]
    landed = []
    for q in due:
        iv = tc.tables.ivs[q.intervention]
        targets = tuple(tc.tables.ids[i] for i in q.targets)
        move = PlannedMove(q.intervention, () if iv.target == "all" else targets)
        landed.append(apply_move(tc, move, tc.context, delayed_from=q.planned_turn))
    return landed
