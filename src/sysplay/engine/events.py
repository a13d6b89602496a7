"""Events: conditions, seeded chance, start/stop hysteresis, dilemmas and lasting changes.

Dilemmas wait for an answer; lasting changes lapse unless kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.effects import apply_effects
from sysplay.engine.results import EventFired, Lapsed
from sysplay.scenarios.models import Event

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext


def step_lapses(tc: TurnContext, ns: dict[str, float]) -> list[Lapsed]:
    """Parameter changes that were to last a while and fall due now: kept if their ``keep_if`` holds, else undone."""
    s = tc.state
    due = [x for x in s.lapses if x.due <= s.turn]
    if not due:
        return []
    s.lapses = [x for x in s.lapses if x.due > s.turn]
    out = []
    for x in sorted(due, key=lambda x: x.seq):
        kept = x.keep_if is not None and bool(tc.pack.expr(x.keep_if)(ns))
        if not kept:
            for pid, amount in x.changes:
                s.params[pid] -= amount
        out.append(Lapsed(x.source, tuple(p for p, _a in x.changes), kept))
    return out


def step_events(tc: TurnContext, ns: dict[str, float]) -> list[EventFired]:
    """Check every event in pack order against ``ns``; one chance draw per event per turn, always.

    A facilitator's orders for this turn (``tc.overrides``) come after the draws, so they never shift
    the stream: a skipped event does not fire, an injected one fires whatever its condition, chance,
    ``once`` and cooldown say, and an overridden roll replaces the draw.
    """
    s = tc.state
    events = tc.pack.events
    rolls = tc.rng("events").random(len(events)).tolist()  # one draw per event, as one call per event would give
    orders = tc.overrides.take(s.turn)
    out: list[EventFired] = []
    for ev, roll in zip(events, rolls, strict=True):
        if ev.start is not None:
            out.extend(_hysteresis(tc, ev, ns))
            continue
        assert ev.when is not None
        if orders is not None:
            if ev.id in orders.skip:
                continue
            if ev.id in orders.inject:
                if not (ev.choices and (s.pending_dilemma is not None or s.turn >= tc.pack.meta.turns)):
                    _fire(tc, ev, ev.effects, "fired")
                    out.append(EventFired(ev.id, "fired"))
                continue
            roll = orders.rolls.get(ev.id, roll)
        if ev.once and s.fired.get(ev.id):
            continue
        last = s.last_fired.get(ev.id)
        if last is not None and s.turn - last <= ev.cooldown:
            continue
        if ev.choices and (s.pending_dilemma is not None or s.turn >= tc.pack.meta.turns):
            continue  # a dilemma needs a turn in which to answer it
        if tc.pack.expr(ev.when)(ns) and roll < ev.chance:
            _fire(tc, ev, ev.effects, "fired")
            out.append(EventFired(ev.id, "fired"))
    return out


def _hysteresis(tc: TurnContext, ev: Event, ns: dict[str, float]) -> list[EventFired]:
    s = tc.state
    assert ev.start is not None and ev.stop is not None
    if not s.active.get(ev.id) and tc.pack.expr(ev.start)(ns):
        s.active[ev.id] = True
        _fire(tc, ev, ev.effects, "started")
        result = [EventFired(ev.id, "started")]
    elif s.active.get(ev.id) and tc.pack.expr(ev.stop)(ns):
        s.active[ev.id] = False
        return [EventFired(ev.id, "stopped")]
    elif s.active.get(ev.id):
        result = [EventFired(ev.id, "ongoing")]
    else:
        return []
    if ev.while_active is not None:
        apply_effects(tc, ev.while_active, _targets(tc, ev.actors), 1.0, ("event", ev.id, ("ongoing",)))
    return result


def _fire(tc: TurnContext, ev: Event, effects: object, what: str) -> None:
    s = tc.state
    s.fired[ev.id] = s.fired.get(ev.id, 0) + 1
    s.last_fired[ev.id] = s.turn
    apply_effects(tc, ev.effects, _targets(tc, ev.actors), 1.0, ("event", ev.id, (what,)))
    if ev.choices:
        s.pending_dilemma = ev.id


def _targets(tc: TurnContext, actors: tuple[str, ...] | None) -> np.ndarray:
    if actors is None:
        return np.arange(len(tc.pack.actors))
    return np.array([tc.index[a] for a in actors], dtype=np.int64)


def answer_dilemma(tc: TurnContext, choice_id: str) -> None:
    """Apply the chosen answer to the pending dilemma (the caller has checked it is valid)."""
    s = tc.state
    assert s.pending_dilemma is not None
    ev = tc.pack.event(s.pending_dilemma)
    choice = next(c for c in ev.choices if c.id == choice_id)
    s.chosen[ev.id] = choice.id
    s.pending_dilemma = None
    if choice.capital:
        before = s.capital
        s.capital = max(0.0, s.capital - choice.capital)
        tc.ledger.add(s.turn, ("capital",), s.capital - before, "dilemma", ev.id, (choice.id,))
    apply_effects(tc, choice.effects, _targets(tc, choice.actors), 1.0, ("dilemma", ev.id, (choice.id,)))
