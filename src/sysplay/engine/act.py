"""The player's moves as a turn resolves them.

Costs, contact, fit and luck, authority, tests that can fail, listening that needs following
through, and effects now or queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine import fit
from sysplay.engine.effects import Cause, apply_effects
from sysplay.engine.fast import clip
from sysplay.engine.moves import PlannedMove, multipliers, target_multipliers
from sysplay.engine.results import Applied, MoveResult, PilotRoll
from sysplay.engine.reveal import hidden_ties, learn, show_tie, unrevealed
from sysplay.engine.state import Queued
from sysplay.engine.trust import shift_trust
from sysplay.scenarios import authority
from sysplay.scenarios.vocab import FOLLOW_THROUGH_KINDS

if TYPE_CHECKING:
    from sysplay.engine.context import Context
    from sysplay.engine.turnctx import TurnContext

#: What each kind of move leaves owed to each target: a listen or an offer asks them to expect action.
OWED_BY_KIND: dict[str, float] = {"inquiry": 1.0, "dialogue": 0.5}
#: The most that can be owed to one actor (by then another listen is already at its worst).
MOST_OWED = 4.0
#: Trust in you gained (before the gain rule) when a move acts on what a target asked or was offered.
FOLLOW_THROUGH = 0.03
#: Turns an offer (an advocate move) has to be acted on before it comes to nothing.
PROMISE_TURNS = 4
#: How a directive lands on an actor beyond your authority: against you.
INCIDENT_LANDING = -0.5
#: A political incident: capital lost, the target's trust, its allies' trust, threat, press, grievance.
INCIDENT_CAPITAL, INCIDENT_TRUST, INCIDENT_ALLY_TRUST = 2.0, -0.1, -0.04
INCIDENT_THREAT, INCIDENT_PRESS = 0.1, 0.15
#: Allies: actors who trust the target at least this much.
ALLY_TRUST = 0.3
#: A failed test's setback on those who took part.
FAILED_STANCE, FAILED_ANXIETY = -0.02, 0.03


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
    """Apply a move's effects now (or queue them): fit, luck, authority, asks and follow-through."""
    s, iv, eng, ids = tc.state, tc.tables.ivs[move.intervention], tc.pack.engine, tc.tables.ids
    zone_m, mode_m = multipliers(tc, iv, ctx)
    who = list(range(len(ids))) if iv.target == "all" else [tc.index[t] for t in move.targets]
    result = MoveResult(iv.id, move.targets, zone_m, mode_m, (), landed_from=delayed_from)
    if iv.delay and delayed_from is None:
        due = s.turn + iv.delay
        s.queue.append(Queued(due, s.queue_seq, iv.id, tuple(who), s.turn))
        s.queue_seq += 1
        result.queued_for = due
        return result
    if iv.target in ("pair", "group"):  # withdrawn actors stay away from group work
        away = [i for i in who if s.withdrawn[i] > 0]
        if away:
            result.absent = tuple(ids[i] for i in away)
            who = [i for i in who if s.withdrawn[i] <= 0]
    base = zone_m * mode_m
    idx = np.array(who, dtype=np.int64)
    kt = target_multipliers(tc, idx, base).tolist() if who else []
    result.tailored = tuple(ids[i] for i, kk in zip(who, kt, strict=True) if kk > base + 1e-12)
    if iv.kind == "experiment" and eng.pilots_can_fail:
        result.pilot = _roll_test(tc, idx, sum(kt) / len(kt) if who else base)
    elif eng.luck > 0:
        result.luck = fit.luck(float(tc.rng("fit").standard_normal()), eng.luck)
    luck = result.luck
    m = [fit.landing(v * luck, eng.backfire) for v in kt]
    side = fit.side(sum(kt) / len(kt) * luck if who else base * luck)
    need = authority.needed(iv)
    beyond = [k for k, i in enumerate(who) if tc.tables.authority[i] < need] if need else []
    if beyond:
        for k in beyond:
            m[k] = INCIDENT_LANDING
        result.incident = tuple(ids[who[k]] for k in beyond)
        _incident(tc, iv.id, idx[beyond])
    if iv.kind == "inquiry" and who:  # asking again without acting on what you heard sours
        factors = [ask_factor(float(s.owed[i]), eng.ask_decay) for i in who]
        m = [mk * f if mk > 0 else mk for mk, f in zip(m, factors, strict=True)]
        result.asked_again = tuple(ids[i] for i, f in zip(who, factors, strict=True) if f < 1.0)
    result.landing = sum(m) / len(m) if who else fit.landing(base * luck, eng.backfire)
    kind = "delayed" if delayed_from is not None else "move"
    detail = (ctx.zone, zone_m, ctx.mode, mode_m, result.tailored, delayed_from, ("luck", luck),
              ("landing", result.landing), *((("pilot", result.pilot.chance, result.pilot.success),) if result.pilot else ()))
    cause: Cause = (kind, iv.id, detail)
    if result.pilot is not None and not result.pilot.success:
        result.applied = _failed_test(tc, idx, cause)
    else:
        landing: np.ndarray | float = np.array(m) if who else result.landing
        result.applied = apply_effects(tc, iv.effects, idx, landing, cause, side=side, lands=result.landing > 0)
    _after(tc, iv.kind, iv.id, idx, result)
    if len(who) >= 2:
        tc.contact.update((a, b) for a in who for b in who if a != b)
    return result


def _after(tc: TurnContext, kind: str, iv_id: str, idx: np.ndarray, result: MoveResult) -> None:
    """What a move leaves behind: asks owed, offers to keep, promises kept, ownership, instructions to answer."""
    s = tc.state
    if not idx.size:
        if kind == "escalate":
            s.deferral = min(1.0, s.deferral + tc.pack.engine.escalation_deferral)
        return
    if kind in FOLLOW_THROUGH_KINDS:
        result.followed_up = follow_through(tc, idx, iv_id)
    if kind in OWED_BY_KIND:
        s.owed[idx] = np.minimum(MOST_OWED, s.owed[idx] + OWED_BY_KIND[kind])
    if kind == "advocate":  # an offer answers what they told you, and is a promise to act
        s.owed[idx] = 0.0
        s.promise_due[idx] = np.where(s.promise_due[idx] > 0, s.promise_due[idx], s.turn + PROMISE_TURNS)
    if kind == "escalate":
        s.deferral = min(1.0, s.deferral + tc.pack.engine.escalation_deferral)
    if kind == "directive" and result.applied is not None:
        incident = set(result.incident)
        for i in idx.tolist():
            tc.instructed[i] = (result.applied.pushes.get(i, 0.0), tc.tables.ids[i] in incident)


#: The least an unanswered ask leaves of a listen: below zero, being asked again costs trust.
ASK_FLOOR = -0.5


def ask_factor(owed: float, decay: float) -> float:
    """What is left of a listen's effect when ``owed`` asks are still unanswered: ``1 − decay·owed``, at least −0.5."""
    return max(ASK_FLOOR, 1.0 - decay * owed)


def follow_through(tc: TurnContext, idx: np.ndarray, source: str) -> tuple[str, ...]:
    """Act on what targets asked or were offered: trust rises (more for a promise kept); nothing is owed."""
    s = tc.state
    owed, due = s.owed, s.promise_due
    settled = [i for i in idx.tolist() if owed[i] > 0 or due[i] > 0]
    if not settled:
        return ()
    who = np.array(settled, dtype=np.int64)
    amount = np.array([2 * FOLLOW_THROUGH if due[i] > 0 else FOLLOW_THROUGH for i in settled])
    shift_trust(tc, who, amount, ("kept", source, ()))
    owed[who] = 0.0
    due[who] = 0
    return tuple(tc.tables.ids[i] for i in settled)


def _incident(tc: TurnContext, source: str, who: np.ndarray) -> None:
    """A political incident: an attempt beyond your role's authority costs capital, trust and allies' trust."""
    s = tc.state
    cause: Cause = ("incident", source, ())
    before = s.capital
    s.capital = max(0.0, s.capital - INCIDENT_CAPITAL)
    tc.ledger.add(s.turn, ("capital",), s.capital - before, *cause)
    shift_trust(tc, who, INCIDENT_TRUST, cause)
    hit = set(who.tolist())
    allies = sorted({j for i in hit for j in np.flatnonzero((s.R[:, i] >= ALLY_TRUST) & (s.T[:, i] > 0.05)).tolist()
                     if j not in hit})
    if allies:
        shift_trust(tc, np.array(allies, dtype=np.int64), INCIDENT_ALLY_TRUST, cause)
    s.threat = min(1.0, s.threat + INCIDENT_THREAT)
    s.press = min(1.0, s.press + INCIDENT_PRESS)
    s.grievance[who] += 1.0


def pilot_chance(k0: float, willing: float, relations: float) -> float:
    """A test's chance of working: ``0.1 + 0.3*min(fit, 1.3) + 0.3*willing + 0.2*(relations + 1)/2``, in [0.05, 0.95].

    ``willing`` is the power-weighted mean of ``(stance + 1)/2`` over those taking part; ``relations`` the mean
    trust between them (for one, twice their trust in you less one).
    """
    return min(0.95, max(0.05, 0.1 + 0.3 * min(k0, 1.3) + 0.3 * willing + 0.2 * (relations + 1) / 2))


def _roll_test(tc: TurnContext, idx: np.ndarray, k0: float) -> PilotRoll:
    s = tc.state
    roll = float(tc.rng("pilot").random())  # drawn for every test, so the stream never shifts
    if idx.size:
        w = s.power[idx] / s.power[idx].sum()
        willing = float(w @ clip((s.x[idx] + 1) / 2, 0, 1))
        if idx.size >= 2:
            sub = s.R[np.ix_(idx, idx)]
            relations = float(sub[~np.eye(idx.size, dtype=bool)].mean())
        else:
            relations = 2 * float(s.tau[idx[0]]) - 1
    else:
        willing, relations = 0.5, 0.0
    chance = pilot_chance(k0, willing, relations)
    parts = {"fit": min(k0, 1.3) / 1.3, "willing": willing, "relations": (relations + 1) / 2}
    weakest = min(parts, key=lambda name: (parts[name], name))
    return PilotRoll(chance, roll < chance, weakest)


def _failed_test(tc: TurnContext, idx: np.ndarray, cause: Cause) -> Applied:
    """A test that did not work: a small setback, and something learned from each who took part."""
    s = tc.state
    out = Applied(scale=0.0)
    if not idx.size:
        return out
    for attr, quantity, amount, lo in (("x", "stance", FAILED_STANCE, -1.0), ("anx", "anxiety", FAILED_ANXIETY, 0.0)):
        arr = getattr(s, attr)
        before = arr[idx]
        arr[idx] = clip(before + amount, lo, 1.0)
        if tc.recording:
            delta = np.zeros(len(arr))
            delta[idx] = arr[idx] - before
            tc.ledger.add_vector(s.turn, quantity, delta, cause[0], cause[1], (*cause[2], ("failed",)))
    for i in idx.tolist():  # a test that fails still shows you something you did not know
        pool = unrevealed(tc, i)
        if pool:
            learn(tc, i, pool[0])
            out.reveals.append((i, pool[0]))
            continue
        ties = hidden_ties(tc, i)
        if ties:
            show_tie(tc, i, ties[0])
            out.tie_reveals.append((i, ties[0]))
    return out


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
