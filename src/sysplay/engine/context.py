"""Aggregates, the Stacey zone, the Bion mode and the namespace expressions read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sysplay.engine.fast import clip, mean, total
from sysplay.engine.state import GameState
from sysplay.scenarios.models import Pack
from sysplay.scenarios.vocab import MODES, VOICE_TYPES, ZONES


@dataclass(frozen=True)
class Context:
    """The context a turn's moves are judged in, fixed from the start-of-turn state."""

    agreement: float
    certainty: float
    zone: str
    mode: str

    def zone_index(self) -> int:
        """Position of the zone in ZONES."""
        return ZONES.index(self.zone)

    def mode_index(self) -> int:
        """Position of the mode in MODES."""
        return MODES.index(self.mode)


def agreement(state: GameState, w: np.ndarray | None = None) -> float:
    """1 minus the power-weighted spread of stances (scaled so a spread of 0.5 is no agreement).

    ``w`` is ``state.power / state.power.sum()`` when the caller has it already.
    """
    if w is None:
        w = state.power / state.power.sum()
    mean = float(w @ state.x)
    sd = float(np.sqrt(w @ (state.x - mean) ** 2))
    return 1.0 - min(1.0, sd / 0.5)


#: How much each sign of an unpredictable system takes off certainty.
CERTAINTY_VOLATILITY, CERTAINTY_SURPRISE, CERTAINTY_CONFLICT, CERTAINTY_STRAIN = 0.6, 0.2, 0.35, 0.35


def certainty(state: GameState, flat: np.ndarray | None = None) -> float:
    """How predictable the system is: ``1 − 0.6·volatility − 0.2·surprise − 0.35·conflict − 0.35·strain``.

    It reads the system only — how much its numbers have been jumping about, how far last turn missed
    a naive forecast, how much of the network is hostile (people disagree about what is going on), and
    how close to its limits it is. What the player has found out does not make the system more certain.
    """
    c = (1.0 - CERTAINTY_VOLATILITY * state.volatility - CERTAINTY_SURPRISE * state.surprise
         - CERTAINTY_CONFLICT * conflict(state, flat) - CERTAINTY_STRAIN * state.strain)
    return min(1.0, max(0.0, c))


def zone_for(a: float, c: float) -> str:
    """Stacey zone from agreement and certainty (a heuristic lens, not a law)."""
    if a < 0.25 and c < 0.25:
        return "chaos"
    if a >= 0.7 and c >= 0.7:
        return "simple"
    if a < 0.4 and c >= 0.6:
        return "political"
    if a >= 0.6 and c < 0.4:
        return "judgmental"
    return "complexity"


def context_of(state: GameState, w: np.ndarray | None = None, flat: np.ndarray | None = None) -> Context:
    """The zone and mode for the turn about to be played (``flat``: the live ties' positions, if known)."""
    a = agreement(state, w)
    c = certainty(state, flat)
    return Context(a, c, zone_for(a, c), MODES[int(state.mode.argmax())])


def conflict(state: GameState, flat: np.ndarray | None = None) -> float:
    """Share of tie weight that is hostile.

    ``flat`` is the row-major positions of the ties with strength above zero when the caller has them
    (the social phase does); the sums run over the ties in that order either way.
    """
    if flat is None:
        flat = (state.T > 0).ravel().nonzero()[0]
    t, r = state.T.take(flat), state.R.take(flat)
    weight = total(t * np.abs(r))
    if weight <= 0:
        return 0.0
    return total(t * np.maximum(-r, 0)) / weight


def network_health(state: GameState) -> float:
    """Tie-weighted trust across live ties, mapped to [0, 1]."""
    weight = total(state.T.ravel())
    if weight <= 0:
        return 0.5
    return float(clip((total((state.T * state.R).ravel()) / weight + 1) / 2, 0, 1))


def voice(state: GameState, voice_idx: np.ndarray) -> float:
    """How far the voices of communities, patients, carers and the voluntary sector are heard and on board."""
    if voice_idx.size == 0:
        return 0.5
    engaged = np.minimum(1.0, state.contacts[voice_idx] / 2.0)
    parts = 0.4 * state.tau[voice_idx] + 0.3 * state.stage[voice_idx] / 4.0 + 0.3 * engaged
    return mean(parts)


class HarmBase:
    """What harm is measured against: the live ties and trust in you at the start of the game."""

    def __init__(self, start: GameState) -> None:
        self.flat = np.flatnonzero(start.T > 0.05)  # row-major positions of the live ties
        self.r0 = start.R.take(self.flat)
        self.tau0 = start.tau.copy()


def harm(state: GameState, base: HarmBase, voice_idx: np.ndarray, turns: int) -> float:
    """Relational damage, trust debt and people left out, in [0, 1]."""
    n = base.flat.size
    damage = total(np.maximum(0, base.r0 - state.R.take(base.flat))) / n if n else 0.0
    debt = total(np.maximum(0, base.tau0 - state.tau)) / len(state.tau)
    left_out = 0.0
    if voice_idx.size:
        never = float(np.count_nonzero(state.contacts[voice_idx] == 0)) / voice_idx.size
        left_out = never * min(1.0, (state.turn - 1) / max(1, turns / 2))
    return min(1.0, max(0.0, 0.4 * min(1, 2 * damage) + 0.3 * min(1, 3 * debt) + 0.3 * left_out))


def voice_indices(pack: Pack) -> np.ndarray:
    """Indices of the actors whose voice the outcome attends to (low-power actors if no voice types)."""
    idx = [k for k, a in enumerate(pack.actors) if a.type in VOICE_TYPES]
    if not idx:
        idx = [k for k, a in enumerate(pack.actors) if a.power < 0.35]
    return np.array(idx, dtype=np.int64)


_ACTOR_PREFIXES = ("stance", "trust", "anxiety", "stage", "adopted", "power")


@dataclass(frozen=True)
class NamePlan:
    """Which per-actor, event and intervention names one kind of namespace builds."""

    aggregates: frozenset[str]
    actors: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (prefix, ((name, actor index), ...))
    fired: tuple[tuple[str, str], ...]  # (event id, name)
    active: tuple[tuple[str, str], ...]
    chose: tuple[tuple[str, str, str], ...]  # (event id, choice id, name)
    used: tuple[tuple[str, str], ...]  # (intervention id, name)
    strain: bool = True  # whether an expression reading these names reads strain
    knows: tuple[tuple[str, int, int], ...] = ()  # (name, actor index, hidden-number index) or (name, -1, fact index)


class NameTable:
    """Precomputed expression names for one pack, so a namespace holds only the names the pack reads."""

    def __init__(self, pack: Pack) -> None:
        ids = [a.id for a in pack.actors]
        self.actor_names = {prefix: [f"{prefix}_{a}" for a in ids] for prefix in _ACTOR_PREFIXES}
        self.fired = [(e.id, f"fired_{e.id}") for e in pack.events]
        self.active = [(e.id, f"active_{e.id}") for e in pack.events]
        self.chose = [(e.id, c.id, f"chose_{e.id}_{c.id}") for e in pack.events for c in e.choices]
        self.used = [(i.id, f"used_{i.id}") for i in pack.interventions]
        from sysplay.scenarios.names import fact_name
        from sysplay.scenarios.vocab import HIDDEN_FACTS

        self.knows = [(fact_name(a.id, "concern"), k, HIDDEN_FACTS.index("concern"))
                      for k, a in enumerate(pack.actors) if a.concern is not None]
        flat = 0
        for a in pack.actors:
            for f in a.facts:
                self.knows.append((fact_name(a.id, f.id), -1, flat))
                flat += 1
        self.modes = [f"mode_{m}" for m in MODES]
        self.zones = [(z, f"zone_{z}") for z in ZONES]
        self.zone_values = {zone: {name: 1.0 if zone == z else 0.0 for z, name in self.zones} for zone in ZONES}
        from sysplay.scenarios.names import expression_sources

        needed: set[str] = set()
        for source in expression_sources(pack):
            needed |= pack.expr(source).names
        self.needed = frozenset(needed)
        system: set[str] = set()
        for source in expression_sources(pack, outcome=False):
            system |= pack.expr(source).names
        early: set[str] = set()  # what the endings that can come before the last turn read
        for ending in pack.endings:
            if ending.at == "any" and ending.when is not None:
                early |= pack.expr(ending.when).names
        self.needed_system = frozenset(system)
        requires: set[str] = set()
        for iv in pack.interventions:
            for req in iv.requires:
                if req.when is not None:
                    requires |= pack.expr(req.when).names
        if "strain" in requires and pack.system.strain:
            requires |= pack.expr(pack.system.strain).names
        urges: set[str] = set()  # what actors' own moves read about the system
        for move in pack.actor_moves:
            urges |= pack.expr(move.urge).names
        if "strain" in urges and pack.system.strain:
            urges |= pack.expr(pack.system.strain).names
        voices: set[str] = set()  # what conditional voice lines read
        for actor in pack.actors:
            for line in actor.voice:
                if line.when is not None:
                    voices |= pack.expr(line.when).names
        if "strain" in voices and pack.system.strain:
            voices |= pack.expr(pack.system.strain).names
        self.full = self.plan(self.needed)
        self.system = self.plan(self.needed_system)
        #: What the endings that can come before the last turn read (a batch game checks only those).
        self.early = self.plan(frozenset(early))
        #: What the moves' ``when`` requirements read (worked out once a turn, before any move).
        self.requirements = self.plan(frozenset(requires))
        #: What the pack's actor moves' urges read, besides the acting actor's own numbers.
        self.actor_moves = self.plan(frozenset(urges))
        #: What conditional voice lines read.
        self.voices = self.plan(frozenset(voices))
        self.everything = self.plan(None)

    def plan(self, needed: frozenset[str] | None) -> NamePlan:
        """What to build for expressions reading ``needed`` (None: every name there is)."""
        def keep(name: str) -> bool:
            return needed is None or name in needed

        actors = tuple((prefix, tuple((name, k) for k, name in enumerate(names) if keep(name)))
                       for prefix, names in self.actor_names.items())
        return NamePlan(
            aggregates=frozenset(AGGREGATES if needed is None else needed.intersection(AGGREGATES)),
            actors=tuple((prefix, named) for prefix, named in actors if named),
            fired=tuple(x for x in self.fired if keep(x[1])),
            active=tuple(x for x in self.active if keep(x[1])),
            chose=tuple(x for x in self.chose if keep(x[2])),
            used=tuple(x for x in self.used if keep(x[1])),
            strain=keep("strain"),
            knows=tuple(x for x in self.knows if keep(x[0])),
        )


#: Names whose values cost more than a lookup; built only when an expression reads them.
AGGREGATES = ("adoption_share", "anxiety_mean", "trust_mean", "agreement", "mean_stance", "network_health", "conflict",
              "voice", "harm")


def _actor_values(state: GameState, prefix: str) -> list[float]:
    if prefix == "stance":
        return state.x.tolist()
    if prefix == "trust":
        return state.tau.tolist()
    if prefix == "anxiety":
        return state.anx.tolist()
    if prefix == "power":
        return state.power.tolist()
    stage = state.stage.tolist()
    if prefix == "stage":
        return [float(v) for v in stage]
    return [1.0 if v == 4 else 0.0 for v in stage]  # adopted


def namespace(pack: Pack, state: GameState, start: HarmBase, ctx: Context, voice_idx: np.ndarray,
              strain: float, names: NameTable, plan: NamePlan, *, w: np.ndarray | None = None) -> dict[str, float]:
    """The names ``plan``'s readers read, with their current values.

    Costly aggregates (harm, voice, network health...) and per-actor, event and intervention
    names are only computed when the plan holds them (see :class:`NameTable` for the plans).
    """
    need = plan.aggregates
    n = len(state.x)
    ns: dict[str, float] = {
        "turn": float(state.turn), "turns": float(pack.meta.turns), "capital": state.capital,
        "holding": state.holding, "threat": state.threat, "certainty": ctx.certainty, "strain": strain,
        "press": state.press, "deferral": state.deferral,
    }
    if need:
        if "adoption_share" in need:
            ns["adoption_share"] = float(np.count_nonzero(state.stage == 4)) / n
        if "anxiety_mean" in need:
            ns["anxiety_mean"] = total(state.anx) / n
        if "trust_mean" in need:
            ns["trust_mean"] = total(state.tau) / n
        if w is None and ("agreement" in need or "mean_stance" in need):
            w = state.power / state.power.sum()
        if "agreement" in need:
            ns["agreement"] = agreement(state, w)
        if "mean_stance" in need:
            assert w is not None
            ns["mean_stance"] = float(w @ state.x)
        if "network_health" in need:
            ns["network_health"] = network_health(state)
        if "conflict" in need:
            ns["conflict"] = conflict(state)
        if "voice" in need:
            ns["voice"] = voice(state, voice_idx)
        if "harm" in need:
            ns["harm"] = harm(state, start, voice_idx, pack.meta.turns)
    ns.update(zip(names.modes, state.mode.tolist(), strict=True))
    zone_values = names.zone_values.get(ctx.zone)
    if zone_values is not None:
        ns.update(zone_values)
    else:
        for z, name in names.zones:
            ns[name] = 1.0 if ctx.zone == z else 0.0
    ns.update(state.params)
    ns.update(state.stocks)
    ns.update(state.flow_values)
    for did in pack.system.delays:  # a delay reads 0 until it has first advanced (end of turn 1)
        ns.setdefault(did, 0.0)
    for prefix, named in plan.actors:
        values = _actor_values(state, prefix)
        for name, k in named:
            ns[name] = values[k]
    fired, active, chosen, used = state.fired, state.active, state.chosen, state.used
    for eid, name in plan.fired:
        ns[name] = float(fired.get(eid, 0))
    for eid, name in plan.active:
        ns[name] = 1.0 if active.get(eid) else 0.0
    for eid, cid, name in plan.chose:
        ns[name] = 1.0 if chosen.get(eid) == cid else 0.0
    for iid, name in plan.used:
        ns[name] = float(used.get(iid, 0))
    for name, i, k in plan.knows:
        ns[name] = float(state.known[i, k] if i >= 0 else state.fact_known[k])
    return ns
