"""Actors act on their own: each turn each actor may take one action, chosen by a seeded, state-weighted choice.

Every actor has an *urge* towards each built-in behaviour, worked out from the state at the start of the
phase (its anxiety, stance, trust in you and in others, grievance), and towards each of the pack's own
actor moves (an expression). It acts with a chance of ``initiative × (1 − 0.7 × deferral) × min(1, total
urge)``, and then takes a behaviour with a chance in proportion to its urge — one uniform draw per actor
from the ``actors`` stream decides both, so the choice is seeded and the stream never shifts. At most
``engine.actors.most`` actors (4 by default) act in one turn: those with the strongest urge. An actor
instructed this turn answers the instruction instead (comply, stall or resist). Every actor decides from
the same start-of-phase state; the actions then land in actor order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sysplay.engine.effects import Cause, apply_effects
from sysplay.engine.fast import clip
from sysplay.engine.results import ActorAction
from sysplay.engine.social import LIVE, Edges
from sysplay.engine.trust import shift_tie, shift_trust
from sysplay.scenarios.names import SELF_NAMES

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext
    from sysplay.scenarios.models import ActorMove

#: How much an escalation's deferral damps every actor's initiative.
INITIATIVE_DEFERRAL = 0.7
#: Base weights of the built-in behaviours (a pack scales each with engine.actors.behaviours).
W_COLLABORATE, W_WITHDRAW, W_BLAME, W_ALLY, W_OVER = 0.5, 0.8, 1.2, 0.8, 0.6
#: Working with a trusted partner: tie strength and trust gained, each way.
COLLABORATE_TIE, COLLABORATE_TRUST = 0.06, 0.03
#: Withdrawing: turns away from group work, stubbornness gained, openness lost.
WITHDRAW_TURNS, WITHDRAW_STUBBORN, WITHDRAW_OPEN = 2, 0.15, -0.05
#: Blaming in public: trust lost each way (before the loss rule), press, threat, the target's anxiety and grievance.
BLAME_TRUST, BLAME_PRESS, BLAME_THREAT, BLAME_ANXIETY, BLAME_GRIEVANCE = -0.05, 0.15, 0.05, 0.05, 0.5
#: Allying against the plan: each hardens (stance, anchor) and they grow closer (tie, trust).
ALLY_STANCE, ALLY_ANCHOR, ALLY_TIE, ALLY_TRUST = -0.03, -0.02, 0.04, 0.03
#: Going over your head: threat, press, your capital, ownership shifted away.
OVER_THREAT, OVER_PRESS, OVER_CAPITAL, OVER_DEFERRAL = 0.1, 0.05, 1.0, 0.1
#: Answering an instruction: complying builds dependency; stalling undoes half its push, resisting one and a half.
COMPLY_DEPENDENCY, STALL_UNDO, RESIST_UNDO, RESIST_TRUST = 0.03, 0.5, 1.5, -0.04

_BUILT_IN = ("collaborate", "withdraw", "blame", "ally", "over_your_head")


def segments(e: Edges, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each actor's outgoing ties sit in the edge list (sorted by source): (owners, starts, ends).

    ``owners[k]`` has its ties at ``starts[k]:ends[k]``; actors with no ties are not listed.
    """
    if not e.src.size:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    first = np.empty(e.src.size, dtype=bool)
    first[0] = True
    np.not_equal(e.src[1:], e.src[:-1], out=first[1:])
    starts = first.nonzero()[0]
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1] = e.src.size
    return e.src[starts], starts, ends


def best_of(score: np.ndarray, owners: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """Per actor, the highest score among its ties (0 for an actor with none, or none above 0)."""
    best = np.zeros(n)
    if starts.size:
        best[owners] = np.maximum.reduceat(score, starts)
    return np.maximum(best, 0.0)


def other_end(e: Edges, score: np.ndarray, start: int, end: int) -> int:
    """The other end of an actor's highest-scoring tie (the lower index on a tie in score), or -1 if none scores."""
    if end <= start:
        return -1
    k = start + int(np.argmax(score[start:end]))
    return int(e.dst[k]) if score[k] > 0 else -1


def urges(tc: TurnContext, e: Edges, seg: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """Each built-in behaviour's urge per actor, and per tie the score that picks whom it is aimed at.

    Rows are in ``_BUILT_IN`` order; the tie scores are None for behaviours aimed at nobody.

    collaborate ``0.5·(1 − anxiety)·best((R − 0.3)/0.7·T over ties trusted above 0.3)·(1 − deferral)``;
    withdraw ``0.8·clip((anxiety − 0.55)/0.45)·(1 − 0.5·trust in you)`` unless already withdrawn;
    blame ``1.2·clip((anxiety − 0.45)/0.55)·best(−R·T over ties below −0.1)·(0.6 + fight-flight mood + valency)``;
    ally ``0.8·opposed·best(R·T·opposed of the other)·(0.5 + min(1, grievance))``, ``opposed = clip(−stance − 0.2)``;
    over your head ``0.6·(1 − trust in you)·power·(0.5·clip(grievance, 0, 1.5) + 0.5·max(0, −stance)·anxiety)``.
    Each is scaled by the pack's weight for it.
    """
    s, weight = tc.state, tc.pack.engine.actors.weight
    n = len(s.x)
    owners, starts, _ends = seg
    anx, tau, x, grievance = s.anx, s.tau, s.x, s.grievance
    live = e.T > LIVE
    hot = anx > 0.45
    opposed = clip(-x - 0.2, 0, 1)
    # The three tie scores side by side, so one reduction finds each actor's best tie for all three.
    ties = np.zeros((3, e.src.size))
    np.copyto(ties[0], (e.R - 0.3) / 0.7 * e.T, where=live & (e.R > 0.3))  # collaborate: trusted above 0.3
    np.copyto(ties[1], e.neg * e.T, where=live & (e.R < -0.1) & hot[e.src])  # blame: the anxious' hostile ties
    np.copyto(ties[2], e.pos * e.T * opposed[e.dst], where=live & (opposed[e.src] > 0))  # ally: the opposed together
    best = np.zeros((3, n))
    if starts.size:
        best[:, owners] = np.maximum.reduceat(ties, starts, axis=1)
    np.maximum(best, 0.0, out=best)
    w = np.zeros((len(_BUILT_IN), n))
    if (c := W_COLLABORATE * weight("collaborate")) and s.deferral < 1:
        w[0] = c * (1 - anx) * best[0] * (1 - s.deferral)
    if (c := W_WITHDRAW * weight("withdraw")) and (anx > 0.55).any():
        w[1] = c * clip((anx - 0.55) / 0.45, 0, 1) * (0.5 + 0.5 * (1 - tau)) * (s.withdrawn == 0)
    if (c := W_BLAME * weight("blame")) and hot.any():
        w[2] = c * clip((anx - 0.45) / 0.55, 0, 1) * best[1] * (0.6 + s.mode[2] + s.val[:, 1])
    if (c := W_ALLY * weight("ally")) and (opposed > 0).any():
        w[3] = c * opposed * best[2] * (0.5 + np.minimum(1.0, grievance))
    if c := W_OVER * weight("over_your_head"):
        w[4] = c * (1 - tau) * s.power * (0.5 * clip(grievance, 0, 1.5) + 0.5 * np.maximum(0.0, -x) * anx)
    scores: list[np.ndarray | None] = [ties[0], None, ties[1], ties[2], None]
    return w, scores


def step_actors(tc: TurnContext) -> list[ActorAction]:
    """Each actor may act on its own (or answers this turn's instruction); return what they did."""
    s = tc.state
    n = len(s.x)
    rolls = tc.rng("actors").random(n)  # one draw per actor, always
    tune = tc.pack.engine.actors
    responding = sorted(tc.instructed) if tune.weight("respond") > 0 else []
    if tune.initiative <= 0 and not responding:
        return []
    e = Edges.of(s.R, s.T)
    seg = segments(e, n)
    w, scores = urges(tc, e, seg)
    custom, custom_scores = _custom_urges(tc, e, seg)
    if custom:
        w = np.vstack([w, *custom])
        scores = [*scores, *custom_scores]
    total = w.sum(axis=0)
    chance = tune.initiative * (1 - INITIATIVE_DEFERRAL * s.deferral) * np.minimum(1.0, total)
    acting = rolls < chance
    if responding:
        acting[responding] = False
    plan: list[tuple[int, int]] = [(i, -1) for i in responding]  # (actor, behaviour row; -1 answers an instruction)
    who = acting.nonzero()[0]
    if who.size > tune.most:  # room for a few stories a week: the strongest urges (then the lower index) first
        who = np.sort(who[np.lexsort((who, -total[who]))[:tune.most]])
    if who.size:
        cum = np.cumsum(w[:, who], axis=0)
        q = rolls[who] / chance[who] * total[who]
        rows = np.minimum((cum <= q).sum(axis=0), w.shape[0] - 1)
        plan += list(zip(who.tolist(), rows.tolist(), strict=True))
    plan.sort()
    slot = np.full(n, -1, dtype=np.int64)
    slot[seg[0]] = np.arange(seg[0].size)
    moves = tc.pack.actor_moves
    out = []
    for i, row in plan:
        if row < 0:
            out.append(_respond(tc, i, float(rolls[i])))
            continue
        score = scores[row]
        k = int(slot[i])
        j = -1 if score is None or k < 0 else other_end(e, score, int(seg[1][k]), int(seg[2][k]))
        if row < len(_BUILT_IN):
            out.append(_BEHAVIOURS[_BUILT_IN[row]](tc, i, j))
        else:
            out.append(_actor_move(tc, moves[row - len(_BUILT_IN)], i, j, float(w[row, i])))
    return out


def _custom_urges(tc: TurnContext, e: Edges, seg: tuple[np.ndarray, np.ndarray, np.ndarray]
                  ) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """The pack's own actor moves: each one's urge per actor, and the tie score that picks its target."""
    moves = tc.pack.actor_moves
    if not moves:
        return [], []
    s = tc.state
    n = len(s.x)
    base = tc.names_for(tc.tables.names.actor_moves)
    live = e.T > LIVE
    partner = np.where(live, np.maximum(e.R, 0.0) + 1e-9, 0.0)  # any live tie will do, the most trusted first
    rival = np.where(live & (e.R < 0), -e.R, 0.0)
    has = {"partner": best_of(partner, seg[0], seg[1], n) > 0, "rival": best_of(rival, seg[0], seg[1], n) > 0}
    rows: list[np.ndarray] = []
    targets: list[np.ndarray | None] = []
    for move in moves:
        who = {tc.index[a] for a in move.actors} if move.actors is not None else None
        row = np.zeros(n)
        compiled = tc.pack.expr(move.urge)
        for i in range(n):
            if who is not None and i not in who:
                continue
            last = s.moved.get(f"{move.id}:{tc.tables.ids[i]}")
            if last is not None and s.turn - last <= move.cooldown:
                continue
            if move.target in has and not has[move.target][i]:
                continue
            ns = dict(base)
            ns.update(_self_values(s, i))
            row[i] = min(1.0, max(0.0, float(compiled(ns))))
        rows.append(row)
        targets.append({"partner": partner, "rival": rival}.get(move.target))
    return rows, targets


def _self_values(s: Any, i: int) -> dict[str, float]:
    values = {"self_stance": float(s.x[i]), "self_trust": float(s.tau[i]), "self_anxiety": float(s.anx[i]),
              "self_power": float(s.power[i]), "self_stage": float(s.stage[i]), "self_grievance": float(s.grievance[i])}
    assert values.keys() == SELF_NAMES.keys()
    return values


def _cause(behaviour: str, i: int, j: int) -> Cause:
    return ("actor", behaviour, (i, j))


def _collaborate(tc: TurnContext, i: int, j: int) -> ActorAction:
    s = tc.state
    r, anx = float(s.R[i, j]), float(s.anx[i])
    cause = _cause("collaborate", i, j)
    for a, b in ((i, j), (j, i)):
        before = float(s.T[a, b])
        s.T[a, b] = min(1.0, before + COLLABORATE_TIE)
        tc.ledger.add(s.turn, ("tie", a, b), s.T[a, b] - before, *cause)
        shift_tie(tc, a, b, COLLABORATE_TRUST, cause)
        tc.contact.add((a, b))
    if s.stage[i] == 0 and s.stage[j] >= 3:
        s.stage[i] = 1
        tc.ledger.add(s.turn, ("stage", i), 1.0, *cause)
    ids = tc.tables.ids
    return ActorAction(ids[i], "collaborate", ids[j], "", (("trust_in_target", r), ("anxiety", anx)))


def _withdraw(tc: TurnContext, i: int, j: int) -> ActorAction:
    s = tc.state
    anx, tau = float(s.anx[i]), float(s.tau[i])
    s.withdrawn[i] = WITHDRAW_TURNS
    s.theta[i] = min(1.0, float(s.theta[i]) + WITHDRAW_STUBBORN)
    s.eps[i] = max(0.02, float(s.eps[i]) + WITHDRAW_OPEN)
    return ActorAction(tc.tables.ids[i], "withdraw", None, "", (("anxiety", anx), ("trust_in_you", tau)))


def _blame(tc: TurnContext, i: int, j: int) -> ActorAction:
    s = tc.state
    anx, r = float(s.anx[i]), float(s.R[i, j])
    cause = _cause("blame", i, j)
    shift_tie(tc, i, j, BLAME_TRUST, cause)
    shift_tie(tc, j, i, BLAME_TRUST, cause)
    s.press = min(1.0, s.press + BLAME_PRESS)
    s.threat = min(1.0, s.threat + BLAME_THREAT)
    before = float(s.anx[j])
    s.anx[j] = min(1.0, before + BLAME_ANXIETY)
    tc.ledger.add(s.turn, ("anxiety", j), float(s.anx[j]) - before, *cause)
    s.grievance[j] += BLAME_GRIEVANCE
    ids = tc.tables.ids
    return ActorAction(ids[i], "blame", ids[j], "", (("anxiety", anx), ("trust_in_target", r)))


def _ally(tc: TurnContext, i: int, j: int) -> ActorAction:
    s = tc.state
    x, r = float(s.x[i]), float(s.R[i, j])
    cause = _cause("ally", i, j)
    for a in (i, j):
        before = float(s.x[a])
        s.x[a] = max(-1.0, before + ALLY_STANCE)
        tc.ledger.add(s.turn, ("stance", a), float(s.x[a]) - before, *cause)
        s.u[a] = max(-1.0, float(s.u[a]) + ALLY_ANCHOR)
    for a, b in ((i, j), (j, i)):
        before = float(s.T[a, b])
        s.T[a, b] = min(1.0, before + ALLY_TIE)
        tc.ledger.add(s.turn, ("tie", a, b), s.T[a, b] - before, *cause)
        shift_tie(tc, a, b, ALLY_TRUST, cause)
        tc.contact.add((a, b))
    ids = tc.tables.ids
    return ActorAction(ids[i], "ally", ids[j], "", (("stance", x), ("trust_in_target", r)))


def _over_your_head(tc: TurnContext, i: int, j: int) -> ActorAction:
    s = tc.state
    reasons = (("trust_in_you", float(s.tau[i])), ("grievance", float(s.grievance[i])), ("stance", float(s.x[i])))
    s.threat = min(1.0, s.threat + OVER_THREAT)
    s.press = min(1.0, s.press + OVER_PRESS)
    s.deferral = min(1.0, s.deferral + OVER_DEFERRAL)
    before = s.capital
    s.capital = max(0.0, s.capital - OVER_CAPITAL)
    tc.ledger.add(s.turn, ("capital",), s.capital - before, *_cause("over_your_head", i, -1))
    s.grievance[i] = 0.0
    return ActorAction(tc.tables.ids[i], "over_your_head", None, "", reasons)


def respond_weights(tau: float, x: float, anx: float, level: int, beyond: bool) -> tuple[float, float, float]:
    """How strongly an instructed actor leans to comply, stall or resist.

    Comply ``tau + 0.15·authority + 0.3·(x + 1)/2``; stall ``0.3 + 0.4·anxiety``; resist
    ``0.6·(1 − tau) + max(0, −x)``, plus 0.8 when the instruction was beyond your authority.
    """
    return (tau + 0.15 * level + 0.3 * (x + 1) / 2, 0.3 + 0.4 * anx,
            0.6 * (1 - tau) + max(0.0, -x) + (0.8 if beyond else 0.0))


def _respond(tc: TurnContext, i: int, roll: float) -> ActorAction:
    s = tc.state
    push, beyond = tc.instructed[i]
    tau, x = float(s.tau[i]), float(s.x[i])
    weights = respond_weights(tau, x, float(s.anx[i]), int(tc.tables.authority[i]), beyond)
    q, answer = roll * sum(weights), "resist"
    for name, weight in zip(("comply", "stall", "resist"), weights, strict=True):
        if q < weight:
            answer = name
            break
        q -= weight
    cause = _cause("respond", i, -1)
    if answer == "comply":
        s.dep_push = min(2.0, s.dep_push + COMPLY_DEPENDENCY)
    else:
        before = float(s.x[i])
        s.x[i] = min(1.0, max(-1.0, before - (STALL_UNDO if answer == "stall" else RESIST_UNDO) * push))
        tc.ledger.add(s.turn, ("stance", i), float(s.x[i]) - before, "actor", f"respond_{answer}", (i, -1))
    if answer == "resist":
        shift_trust(tc, np.array([i]), RESIST_TRUST, cause)
        s.grievance[i] += 1.0
    return ActorAction(tc.tables.ids[i], "respond", None, answer, (("trust_in_you", tau), ("stance", x)))


def _actor_move(tc: TurnContext, move: ActorMove, i: int, j: int, urge: float) -> ActorAction:
    s = tc.state
    ids = tc.tables.ids
    s.moved[f"{move.id}:{ids[i]}"] = s.turn
    cause: Cause = ("actor_move", move.id, (i, j))
    eff = move.effects
    apply_effects(tc, eff.model_copy(update={"tie": None, "relation": None}) if (eff.tie or eff.relation) else eff,
                  np.array([i]), 1.0, cause)
    if j >= 0:
        for a, b in ((i, j), (j, i)):
            if eff.tie is not None:
                before = float(s.T[a, b])
                s.T[a, b] = min(1.0, max(0.0, before + eff.tie))
                tc.ledger.add(s.turn, ("tie", a, b), s.T[a, b] - before, *cause)
            if eff.relation is not None:
                shift_tie(tc, a, b, eff.relation, cause)
    return ActorAction(ids[i], "move", ids[j] if j >= 0 else None, move.id, (("urge", urge),))


_BEHAVIOURS = {"collaborate": _collaborate, "withdraw": _withdraw, "blame": _blame, "ally": _ally,
               "over_your_head": _over_your_head}
