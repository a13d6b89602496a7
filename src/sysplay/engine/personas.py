"""Personas for headless play, defined over intervention kinds and targets so they work on any pack."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import numpy as np

from sysplay.engine.game import Game
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Effects, Intervention
from sysplay.scenarios.vocab import VOICE_TYPES

Plan = list[tuple[str, tuple[str, ...]]]


def play_turn(g: Game, persona: str) -> Plan:
    """Answer any dilemma and fill the diary as ``persona`` would; return the moves planned."""
    if g.pending_dilemma is not None:
        g.answer(choose_answer(g, persona))
    chooser = _CHOOSERS[persona]
    planned: Plan = []
    for iv_id, targets in chooser(g):
        try:
            g.plan(iv_id, targets)
            planned.append((iv_id, targets))
        except RefusedMove:
            continue
    return planned


def _rng(g: Game) -> np.random.Generator:
    return g.rng("persona")


def _usable(g: Game, kinds: tuple[str, ...] | None = None, *, careful: bool = False) -> list[Intervention]:
    """The moves of ``kinds`` that can be planned now and whose effects would land within the game.

    With ``careful``, moves that fit the situation so badly that they may backfire are left out too.
    """
    turns, turn = g.pack.meta.turns, g.turn
    out = [iv for iv in g.usable() if (kinds is None or iv.kind in kinds) and turn + iv.delay <= turns]
    if careful:
        fits = g.tc.per_turn("persona_fits", lambda: {st.intervention.id: st.fit for st in g.standings()})
        out = [iv for iv in out if fits[iv.id] >= CAREFUL_FIT]
    return out


#: The least fit with the situation a careful persona accepts (below it, bad luck can make a move backfire).
CAREFUL_FIT = 0.5


def _ids(g: Game, order: list[int]) -> list[str]:
    return [g.pack.actors[i].id for i in order]


def _targets_for(g: Game, iv: Intervention, ranked: list[str]) -> tuple[str, ...] | None:
    """Targets for ``iv`` taken from ``ranked`` (best first), or None when none fit."""
    allowed = g.allowed_targets(iv.id)
    ok = [a for a in ranked if a in allowed]
    if iv.target in ("none", "all"):
        return ()
    if iv.target == "actor":
        return (ok[0],) if ok else None
    size = 2 if iv.target == "pair" else min(iv.group_max, max(iv.group_min, 3))
    if len(ok) < size:
        return None
    if iv.target == "pair":
        return _pair(g, iv, ok)
    return tuple(ok[:size])


def _pair(g: Game, iv: Intervention, ok: list[str]) -> tuple[str, ...] | None:
    needs_known = any(r.known_tie for r in iv.requires)
    s = g.state
    for a, b in combinations(ok[:6], 2):
        i, j = g.index[a], g.index[b]
        if not needs_known or s.tie_known[i, j] or s.tie_known[j, i]:
            return (a, b)
    return None


def _fill(g: Game, prefs: list[tuple[tuple[str, ...], list[str]]], *, careful: bool = False) -> Plan:
    """Plans from (kinds, ranked targets) preferences, trying each in turn until the diary is full."""
    out: Plan = []
    for kinds, ranked in prefs:
        for iv in _usable(g, kinds, careful=careful):
            if any(iv.id == p[0] for p in out) and iv.cooldown:
                continue
            targets = _targets_for(g, iv, ranked)
            if targets is not None:
                out.append((iv.id, targets))
                break
    return out


def _random(g: Game) -> Plan:
    rng = _rng(g)
    out: Plan = []
    ids = g.pack.memo("actor_ids", lambda p: [a.id for a in p.actors])
    for _ in range(g.pack.meta.slots_per_turn):
        usable = _usable(g)
        if not usable:
            break
        iv = usable[int(rng.integers(len(usable)))]
        ranked = [ids[i] for i in rng.permutation(len(ids)).tolist()]  # the same shuffle as of the ids themselves
        targets = _targets_for(g, iv, ranked)
        if targets is not None:
            out.append((iv.id, targets))
    return out


def _by(g: Game, key: Callable[[int], float]) -> list[str]:
    return _ids(g, sorted(range(len(g.pack.actors)), key=lambda i: (key(i), i)))


def _heroic(g: Game) -> Plan:
    """Escalate, instruct and fund at the most opposed powerful actors.

    When there is time left over, check in with the powerful who already agree (never asking the
    opposed what they think).
    """
    s = g.state
    opposed = _by(g, lambda i: s.x[i] * s.power[i])
    supporters = [a for a in _by(g, lambda i: -s.power[i]) if s.x[g.index[a]] > 0]
    return _fill(g, [(("escalate",), opposed), (("directive",), opposed), (("resource",), opposed),
                     (("directive",), opposed[1:]), (("advocate",), opposed), (("inquiry",), supporters)])


def _avoider(g: Game) -> Plan:
    s = g.state
    allies = [a for a in _by(g, lambda i: -s.x[i]) if s.x[g.index[a]] > 0]
    return _fill(g, [(("inquiry",), allies), (("dialogue",), allies), (("reflection",), allies),
                     (("inquiry",), allies[1:])])


def _unknowns(g: Game) -> list[str]:
    """Actors ranked for listening: those you know least of first, the powerful before the rest.

    Anyone still waiting for you to act on what they said goes to the back.
    """
    s = g.state
    return _by(g, lambda i: (s.known[i].sum() - s.power[i] + 10 * float(s.owed[i] >= 1)))


def _curious(g: Game) -> Plan:
    unknown = _unknowns(g)
    mixed = _mixed(g)
    return _fill(g, [(("inquiry",), unknown), (("dialogue",), mixed), (("inquiry",), unknown[1:]),
                     (("reflection",), unknown), (("connect",), mixed)])


def _mixed(g: Game) -> list[str]:
    """A room with the powerful, the opposed and community voices in it, alternating."""
    s = g.state
    opposed = _by(g, lambda i: s.x[i])
    powerful = _by(g, lambda i: -s.power[i])
    voices = [a.id for a in g.pack.actors if a.type in VOICE_TYPES]
    out: list[str] = []
    for trio in zip(powerful, opposed, voices + powerful, strict=False):
        out.extend(t for t in trio if t not in out)
    return out + [a for a in powerful if a not in out]


def _hostile_pair_first(g: Game) -> list[str]:
    s = g.state
    live = (s.T > 0.05) & (s.R < 0.0) & s.tie_known
    if not live.any():
        return _mixed(g)
    i, j = np.unravel_index(np.argmax(np.where(live, s.power[:, None] * s.power[None, :] * (0.1 - s.R), -1)), s.R.shape)
    first = [g.pack.actors[int(i)].id, g.pack.actors[int(j)].id]
    return first + [a for a in _mixed(g) if a not in first]


def _coalition(g: Game) -> Plan:
    """Listen first; then tailor offers to the opposed, broker the hostile pair, convene, and test together."""
    s = g.state
    unknown = _unknowns(g)
    opposed_known = [a for a in _by(g, lambda i: s.x[i] * s.power[i])
                     if s.known[g.index[a], 0] and s.x[g.index[a]] < 0.4]
    willing_powerful = _by(g, lambda i: -(s.power[i] * (s.x[i] + 1.2)))
    room = _room(g, willing_powerful)
    prefs: list[tuple[tuple[str, ...], list[str]]] = []
    if g.turn <= 2:
        voices = [a for a in unknown if g.pack.actor(a).type in VOICE_TYPES]
        others = [a for a in unknown if a not in voices]
        prefs += [(("inquiry",), others), (("inquiry",), voices + others), (("inquiry",), others[1:])]
    prefs += [(("experiment",), room), (("advocate",), opposed_known)]
    if _hostile_pair(g):
        prefs += [(("connect",), _hostile_pair_first(g))]
    if s.holding < 0.35:
        prefs += [(("dialogue",), _mixed(g))]
    prefs += [(("connect",), room), (("inquiry",), unknown), (("advocate",), opposed_known[1:]),
              (("reflection",), unknown)]
    return _fill(g, prefs, careful=True)


def _room(g: Game, ranked: list[str]) -> list[str]:
    """The willing powerful, with a community voice second so they are in the room."""
    voices = [a.id for a in g.pack.actors if a.type in VOICE_TYPES]
    if not voices:
        return ranked
    first = [ranked[0], voices[0]] if ranked[0] != voices[0] else [ranked[0]]
    return first + [a for a in ranked if a not in first]


def _hostile_pair(g: Game) -> bool:
    s = g.state
    return bool(((s.T > 0.05) & (s.R < 0.0) & s.tie_known).any())


def _optimiser(g: Game) -> Plan:
    """Try each other persona's plan for this turn, look two turns ahead, keep the best."""
    best: Plan = []
    best_score = -1.0
    for name in ("coalition_builder", "curious_convenor", "heroic_director", "avoider", "random"):
        trial = g.clone()
        trial.diary = []
        plan = play_turn(trial, name)
        score = _rollout(trial, g.pack.meta.turns)
        if score > best_score:
            best, best_score = plan, score
    return best


def _rollout(g: Game, turns: int) -> float:
    for step in range(2):
        if g.finished:
            break
        if step and g.pending_dilemma is not None:
            g.answer(choose_answer(g, "coalition_builder"))
        if step:
            play_turn(g, "coalition_builder")
        g.end_turn()
    return g.outcome().composite


def choose_answer(g: Game, persona: str) -> str:
    """Pick a dilemma answer the way ``persona`` would."""
    assert g.pending_dilemma is not None
    choices = [o.choice for o in g.choices() if o.available]
    if persona == "random":
        return choices[int(_rng(g).integers(len(choices)))].id
    if persona == "optimiser":
        scores = []
        for ch in choices:
            trial = g.clone()
            trial.answer(ch.id)
            trial.diary = []
            play_turn_plain(trial)
            scores.append(_rollout(trial, 1))
        return choices[int(np.argmax(scores))].id
    weight = _relational if persona in ("coalition_builder", "curious_convenor", "avoider") else _forceful
    return max(choices, key=lambda ch: (weight(ch.effects), -choices.index(ch))).id


def play_turn_plain(g: Game) -> None:
    """Fill the diary as the coalition builder without answering dilemmas (used inside look-ahead)."""
    for iv_id, targets in _coalition(g):
        try:
            g.plan(iv_id, targets)
        except RefusedMove:
            continue


def _relational(e: Effects) -> float:
    return sum(v or 0.0 for v in (e.trust, e.trust_all, e.relation, e.tie, e.holding)) - (e.threat or 0) - (e.dependency or 0)


def _forceful(e: Effects) -> float:
    return sum(abs(v) for v in e.metric.values()) + sum(abs(v) for v in e.metric_scaled.values()) + (e.stance_all or 0)


_CHOOSERS: dict[str, Callable[[Game], Plan]] = {
    "random": _random, "heroic_director": _heroic, "avoider": _avoider, "curious_convenor": _curious,
    "coalition_builder": _coalition, "optimiser": _optimiser,
}
