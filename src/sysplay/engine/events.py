"""Events: conditions, seeded chance, start/stop hysteresis, and dilemmas that wait for an answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.effects import apply_effects
from sysplay.scenarios.models import Event

if TYPE_CHECKING:
    from sysplay.engine.game import Game


@dataclass(frozen=True)
class EventFired:
    """An event that happened this turn."""

    event: str
    what: str  # "fired", "started", "stopped", "ongoing"


@dataclass
class Orders:
    """A facilitator's orders for the events of one turn."""

    inject: list[str] = field(default_factory=list)
    skip: set[str] = field(default_factory=set)
    rolls: dict[str, float] = field(default_factory=dict)


@dataclass
class Overrides:
    """Facilitator orders waiting for the turn they apply to (turn -> orders); consumed by :func:`step_events`.

    Not part of the state hash: a save records the orders as facilitator actions, and a replay gives
    them again in the same turns, so the states match byte for byte.
    """

    by_turn: dict[int, Orders] = field(default_factory=dict)

    def at(self, turn: int) -> Orders:
        """The orders for ``turn`` (created empty if there are none yet)."""
        return self.by_turn.setdefault(turn, Orders())

    def take(self, turn: int) -> Orders | None:
        """Remove and return the orders for ``turn``."""
        return self.by_turn.pop(turn, None)

    def copy(self) -> Overrides:
        """An independent copy (for clones)."""
        return Overrides({t: Orders(list(o.inject), set(o.skip), dict(o.rolls)) for t, o in self.by_turn.items()})


def step_events(g: Game, ns: dict[str, float]) -> list[EventFired]:
    """Check every event in pack order against ``ns``; one chance draw per event per turn, always.

    A facilitator's orders for this turn (``g.overrides``) come after the draws, so they never shift
    the stream: a skipped event does not fire, an injected one fires whatever its condition, chance,
    ``once`` and cooldown say, and an overridden roll replaces the draw.
    """
    s = g.state
    events = g.pack.events
    rolls = g.rng("events").random(len(events)).tolist()  # one draw per event, as one call per event would give
    orders = g.overrides.take(s.turn)
    out: list[EventFired] = []
    for ev, roll in zip(events, rolls, strict=True):
        if ev.start is not None:
            out.extend(_hysteresis(g, ev, ns))
            continue
        assert ev.when is not None
        if orders is not None:
            if ev.id in orders.skip:
                continue
            if ev.id in orders.inject:
                if not (ev.choices and (s.pending_dilemma is not None or s.turn >= g.pack.meta.turns)):
                    _fire(g, ev, ev.effects, "fired")
                    out.append(EventFired(ev.id, "fired"))
                continue
            roll = orders.rolls.get(ev.id, roll)
        if ev.once and s.fired.get(ev.id):
            continue
        last = s.last_fired.get(ev.id)
        if last is not None and s.turn - last <= ev.cooldown:
            continue
        if ev.choices and (s.pending_dilemma is not None or s.turn >= g.pack.meta.turns):
            continue  # a dilemma needs a turn in which to answer it
        if g.pack.expr(ev.when)(ns) and roll < ev.chance:
            _fire(g, ev, ev.effects, "fired")
            out.append(EventFired(ev.id, "fired"))
    return out


def _hysteresis(g: Game, ev: Event, ns: dict[str, float]) -> list[EventFired]:
    s = g.state
    assert ev.start is not None and ev.stop is not None
    if not s.active.get(ev.id) and g.pack.expr(ev.start)(ns):
        s.active[ev.id] = True
        _fire(g, ev, ev.effects, "started")
        result = [EventFired(ev.id, "started")]
    elif s.active.get(ev.id) and g.pack.expr(ev.stop)(ns):
        s.active[ev.id] = False
        return [EventFired(ev.id, "stopped")]
    elif s.active.get(ev.id):
        result = [EventFired(ev.id, "ongoing")]
    else:
        return []
    if ev.while_active is not None:
        apply_effects(g, ev.while_active, _targets(g, ev.actors), 1.0, ("event", ev.id, ("ongoing",)))
    return result


def _fire(g: Game, ev: Event, effects: object, what: str) -> None:
    s = g.state
    s.fired[ev.id] = s.fired.get(ev.id, 0) + 1
    s.last_fired[ev.id] = s.turn
    apply_effects(g, ev.effects, _targets(g, ev.actors), 1.0, ("event", ev.id, (what,)))
    if ev.choices:
        s.pending_dilemma = ev.id


def _targets(g: Game, actors: tuple[str, ...] | None) -> np.ndarray:
    if actors is None:
        return np.arange(len(g.pack.actors))
    return np.array([g.index[a] for a in actors], dtype=np.int64)


def answer_dilemma(g: Game, choice_id: str) -> None:
    """Apply the chosen answer to the pending dilemma (the caller has checked it is valid)."""
    s = g.state
    assert s.pending_dilemma is not None
    ev = g.pack.event(s.pending_dilemma)
    choice = next(c for c in ev.choices if c.id == choice_id)
    s.chosen[ev.id] = choice.id
    s.pending_dilemma = None
    apply_effects(g, choice.effects, _targets(g, choice.actors), 1.0, ("dilemma", ev.id, (choice.id,)))
