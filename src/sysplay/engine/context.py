"""Aggregates, the Stacey zone, the Bion mode and the namespace expressions read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


def certainty(state: GameState, hidden_total: int) -> float:
    """How much is known and stable: fewer unknowns and lower volatility mean more certainty."""
    unknown = float((~state.known).sum())
    share = unknown / hidden_total if hidden_total else 0.0
    return float(np.clip(1.0 - 0.5 * share - 0.5 * state.volatility, 0.0, 1.0))


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


def context_of(state: GameState, hidden_total: int, w: np.ndarray | None = None) -> Context:
    """The zone and mode for the turn about to be played."""
    a = agreement(state, w)
    c = certainty(state, hidden_total)
    return Context(a, c, zone_for(a, c), MODES[int(np.argmax(state.mode))])


def conflict(state: GameState) -> float:
    """Share of tie weight that is hostile."""
    total = float((state.T * np.abs(state.R)).sum())
    if total <= 0:
        return 0.0
    return float((state.T * np.maximum(-state.R, 0)).sum()) / total


def network_health(state: GameState) -> float:
    """Tie-weighted trust across live ties, mapped to [0, 1]."""
    total = float(state.T.sum())
    if total <= 0:
        return 0.5
    return float(np.clip(((state.T * state.R).sum() / total + 1) / 2, 0, 1))


def voice(state: GameState, voice_idx: np.ndarray) -> float:
    """How far the voices of communities, patients, carers and the voluntary sector are heard and on board."""
    if voice_idx.size == 0:
        return 0.5
    engaged = np.minimum(1.0, state.contacts[voice_idx] / 2.0)
    parts = 0.4 * state.tau[voice_idx] + 0.3 * state.stage[voice_idx] / 4.0 + 0.3 * engaged
    return float(parts.mean())


class HarmBase:
    """What harm is measured against: the live ties and trust in you at the start of the game."""

    def __init__(self, start: GameState) -> None:
        self.rows, self.cols = np.nonzero(start.T > 0.05)
        self.r0 = start.R[self.rows, self.cols]
        self.tau0 = start.tau.copy()


def harm(state: GameState, base: HarmBase, voice_idx: np.ndarray, turns: int) -> float:
    """Relational damage, trust debt and people left out, in [0, 1]."""
    n = base.rows.size
    damage = float(np.maximum(0, base.r0 - state.R[base.rows, base.cols]).sum()) / n if n else 0.0
    debt = float(np.maximum(0, base.tau0 - state.tau).sum()) / len(state.tau)
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


class NameTable:
    """Precomputed expression names for one pack, so building a namespace is a few bulk updates."""

    def __init__(self, pack: Pack) -> None:
        ids = [a.id for a in pack.actors]
        self.stance = [f"stance_{a}" for a in ids]
        self.trust = [f"trust_{a}" for a in ids]
        self.anxiety = [f"anxiety_{a}" for a in ids]
        self.stage = [f"stage_{a}" for a in ids]
        self.adopted = [f"adopted_{a}" for a in ids]
        self.power = [f"power_{a}" for a in ids]
        self.events = [(e.id, f"fired_{e.id}", f"active_{e.id}",
                        [(c.id, f"chose_{e.id}_{c.id}") for c in e.choices]) for e in pack.events]
        self.used = [(i.id, f"used_{i.id}") for i in pack.interventions]
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
        self.needed_system = frozenset(system)
        self.actor_blocks = {prefix for prefix in ("stance", "trust", "anxiety", "stage", "adopted", "power")
                             if any(n.startswith(prefix + "_") for n in needed)}
        self.any_events = any(n.startswith(("fired_", "active_", "chose_")) for n in needed)
        self.any_used = any(n.startswith("used_") for n in needed)


def namespace(pack: Pack, state: GameState, start: HarmBase, ctx: Context, voice_idx: np.ndarray,
              strain: float, names: NameTable, *, outcome: bool = True, w: np.ndarray | None = None) -> dict[str, float]:
    """The names the pack's expressions read, with their current values.

    Costly aggregates (harm, voice, network health...) and per-actor blocks are only
    computed when some expression in the pack reads them; without ``outcome``, only when
    the system, event and requirement expressions read them.
    """
    need = names.needed if outcome else names.needed_system
    n = len(state.x)
    ns: dict[str, float] = {
        "turn": float(state.turn), "turns": float(pack.meta.turns), "capital": state.capital,
        "holding": state.holding, "threat": state.threat, "certainty": ctx.certainty, "strain": strain,
        "adoption_share": float(np.count_nonzero(state.stage == 4)) / n, "anxiety_mean": float(state.anx.sum()) / n,
        "trust_mean": float(state.tau.sum()) / n,
    }
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
    blocks = names.actor_blocks
    if blocks:
        stage = state.stage.astype(float)
        arrays = {"stance": state.x, "trust": state.tau, "anxiety": state.anx, "stage": stage,
                  "adopted": (stage == 4).astype(float), "power": state.power}
        for prefix in blocks:
            ns.update(zip(getattr(names, prefix), arrays[prefix].tolist(), strict=True))
    if names.any_events:
        for eid, fired, active, choices in names.events:
            ns[fired] = float(state.fired.get(eid, 0))
            ns[active] = 1.0 if state.active.get(eid) else 0.0
            for cid, name in choices:
                ns[name] = 1.0 if state.chosen.get(eid) == cid else 0.0
    if names.any_used:
        for iid, name in names.used:
            ns[name] = float(state.used.get(iid, 0))
    return ns


def full_namespace(pack: Pack, state: GameState, start: HarmBase, ctx: Context, voice_idx: np.ndarray,
                   strain: float, names: NameTable) -> dict[str, float]:
    """Every name (not just the ones the pack reads), for writers' tests and displays."""
    everything = NameTable.__new__(NameTable)
    everything.__dict__.update(names.__dict__)
    everything.needed = frozenset(["agreement", "mean_stance", "network_health", "conflict", "voice", "harm"])
    everything.actor_blocks = {"stance", "trust", "anxiety", "stage", "adopted", "power"}
    everything.any_events = everything.any_used = True
    return namespace(pack, state, start, ctx, voice_idx, strain, everything)
