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


def agreement(state: GameState) -> float:
    """1 minus the power-weighted spread of stances (scaled so a spread of 0.5 is no agreement)."""
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


def context_of(state: GameState, hidden_total: int) -> Context:
    """The zone and mode for the turn about to be played."""
    a = agreement(state)
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


def harm(state: GameState, start: GameState, voice_idx: np.ndarray, turns: int) -> float:
    """Relational damage, trust debt and people left out, in [0, 1]."""
    live = start.T > 0.05
    count = int(live.sum())
    damage = float(np.maximum(0, start.R - state.R)[live].sum()) / count if count else 0.0
    debt = float(np.maximum(0, start.tau - state.tau).mean())
    left_out = 0.0
    if voice_idx.size:
        never = float((state.contacts[voice_idx] == 0).mean())
        left_out = never * min(1.0, (state.turn - 1) / max(1, turns / 2))
    return float(np.clip(0.4 * min(1, 2 * damage) + 0.3 * min(1, 3 * debt) + 0.3 * left_out, 0, 1))


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


def namespace(pack: Pack, state: GameState, start: GameState, ctx: Context, voice_idx: np.ndarray,
              strain: float, names: NameTable) -> dict[str, float]:
    """Every name an expression can read, with its current value."""
    w = state.power / state.power.sum()
    stage = state.stage.astype(float)
    ns: dict[str, float] = {
        "turn": float(state.turn), "turns": float(pack.meta.turns), "capital": state.capital,
        "holding": state.holding, "threat": state.threat, "agreement": agreement(state),
        "certainty": ctx.certainty, "mean_stance": float(w @ state.x),
        "adoption_share": float((state.stage == 4).mean()), "anxiety_mean": float(state.anx.mean()),
        "trust_mean": float(state.tau.mean()), "network_health": network_health(state),
        "conflict": conflict(state), "voice": voice(state, voice_idx),
        "harm": harm(state, start, voice_idx, pack.meta.turns), "strain": strain,
    }
    ns.update(zip(names.modes, state.mode.tolist(), strict=True))
    for z, name in names.zones:
        ns[name] = 1.0 if ctx.zone == z else 0.0
    ns.update(state.params)
    ns.update(state.stocks)
    ns.update(state.flow_values)
    ns.update(zip(names.stance, state.x.tolist(), strict=True))
    ns.update(zip(names.trust, state.tau.tolist(), strict=True))
    ns.update(zip(names.anxiety, state.anx.tolist(), strict=True))
    ns.update(zip(names.stage, stage.tolist(), strict=True))
    ns.update(zip(names.adopted, (stage == 4).astype(float).tolist(), strict=True))
    ns.update(zip(names.power, state.power.tolist(), strict=True))
    for eid, fired, active, choices in names.events:
        ns[fired] = float(state.fired.get(eid, 0))
        ns[active] = 1.0 if state.active.get(eid) else 0.0
        for cid, name in choices:
            ns[name] = 1.0 if state.chosen.get(eid) == cid else 0.0
    for iid, name in names.used:
        ns[name] = float(state.used.get(iid, 0))
    return ns
