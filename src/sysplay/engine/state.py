"""All mutable game state in one place, built from a pack and a seed; the pack itself stays untouched."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sysplay.engine.rng import stream
from sysplay.scenarios.models import Pack
from sysplay.scenarios.vocab import HIDDEN_FACTS

FACT_INDEX = {f: k for k, f in enumerate(HIDDEN_FACTS)}


@dataclass
class Queued:
    """A delayed effect waiting to land."""

    due: int
    seq: int
    intervention: str
    targets: tuple[int, ...]
    planned_turn: int


@dataclass(frozen=True)
class Lapse:
    """Parameter changes that lapse on a given turn unless a condition then keeps them."""

    due: int
    seq: int
    source: str  # "move:<id>", "event:<id>", "dilemma:<id>" or "actor:<id>"
    changes: tuple[tuple[str, float], ...]  # (parameter, amount added)
    keep_if: str | None


@dataclass
class GameState:
    """Everything that changes during a game.

    Only the rules of a turn change it (``engine/turn.py`` and the phases it calls, each through a
    :class:`~sysplay.engine.turnctx.TurnContext`); everything else reads it.
    """

    turn: int
    # Per actor (length N).
    x: np.ndarray  # stance
    u: np.ndarray  # anchor
    theta: np.ndarray  # current stubbornness
    theta0: np.ndarray  # base stubbornness
    eps: np.ndarray  # openness
    phi: np.ndarray  # adoption threshold
    stage: np.ndarray  # 0..4 (int)
    power: np.ndarray
    tau: np.ndarray  # trust in the player
    anx: np.ndarray
    val: np.ndarray  # N x 3 valency (dependency, fight-flight, pairing), rows sum to 1
    contacts: np.ndarray  # times the player has engaged each actor (int)
    known: np.ndarray  # N x len(HIDDEN_FACTS) bool: facts the player has learned (or were never hidden)
    debt: np.ndarray  # trust debt: the memory of trust in you lost, which slows its recovery (0..1)
    owed: np.ndarray  # listens and offers not yet acted on (float, decays)
    promise_due: np.ndarray  # turn by which an offer must be acted on (0: none) (int)
    withdrawn: np.ndarray  # turns an actor stays out of group work after withdrawing (int)
    grievance: np.ndarray  # instructions resisted, incidents and blame received (float, decays)
    fact_known: np.ndarray  # per pack fact (the actors' own facts, in pack order): learned yet (bool)
    # Per directed tie (N x N).
    R: np.ndarray  # signed trust
    R0: np.ndarray  # slow memory of trust
    T: np.ndarray  # tie strength
    tie_known: np.ndarray  # bool
    # Group.
    holding: float = 0.1
    mode: np.ndarray = field(default_factory=lambda: np.array([0.7, 0.1, 0.15, 0.05]))
    threat: float = 0.0
    dep_push: float = 0.0
    volatility: float = 0.0
    strain: float = 0.0
    press: float = 0.0
    deferral: float = 0.0
    # Player.
    capital: float = 5.0
    last_used: dict[str, int] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)
    # System.
    stocks: dict[str, float] = field(default_factory=dict)
    params: dict[str, float] = field(default_factory=dict)
    pipelines: dict[str, list[float]] = field(default_factory=dict)
    flow_values: dict[str, float] = field(default_factory=dict)
    last_change: dict[str, float] = field(default_factory=dict)
    # Events.
    fired: dict[str, int] = field(default_factory=dict)
    active: dict[str, bool] = field(default_factory=dict)
    last_fired: dict[str, int] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)
    pending_dilemma: str | None = None
    queue: list[Queued] = field(default_factory=list)
    queue_seq: int = 0
    lapses: list[Lapse] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)  # "<actor move>:<actor>" -> turn last made
    surprise: float = 0.0
    finished: bool = False
    ending: str | None = None

    def copy(self) -> GameState:
        """A deep, independent copy (arrays copied, not shared); much cheaper than deepcopy."""
        twin = copy.copy(self)
        for name, value in self.__dict__.items():
            if isinstance(value, np.ndarray):
                setattr(twin, name, value.copy())
            elif isinstance(value, dict):
                setattr(twin, name, {k: list(v) if isinstance(v, list) else v for k, v in value.items()})
        twin.queue = list(self.queue)
        twin.lapses = list(self.lapses)
        return twin

    def digest(self) -> str:
        """SHA-256 of the whole state, rounded so the hash is stable across platforms.

        Tie matrices are hashed as their non-zero entries (positions and values), so the cost
        follows the number of ties rather than the square of the number of actors.
        """
        h = hashlib.sha256()
        vectors = np.concatenate([self.x, self.u, self.theta, self.eps, self.phi, self.tau, self.anx,
                                  self.val.ravel(), self.mode, self.debt, self.owed, self.grievance])
        h.update(_le(vectors.round(9), _F8))
        mask = self.R.astype(bool)  # non-zero (as != 0: NaN counts, -0.0 does not), built up in place
        mask |= self.R0.astype(bool)
        mask |= self.T.astype(bool)
        mask |= self.tie_known
        flat = mask.ravel().nonzero()[0]
        k = flat.size
        cells = np.empty(2 * k, dtype="<i4")  # rows, then columns
        np.divmod(flat, mask.shape[1], out=(cells[:k], cells[k:]), casting="unsafe")
        h.update(cells.tobytes())
        ties = np.concatenate([self.R.take(flat), self.R0.take(flat), self.T.take(flat)])
        h.update(_le(ties.round(9), _F8))
        h.update(np.packbits(self.tie_known.take(flat)).tobytes())
        h.update(_le(np.concatenate([self.stage, self.contacts, self.promise_due, self.withdrawn]), _I8))
        h.update(np.packbits(self.known).tobytes())
        h.update(np.packbits(self.fact_known).tobytes())
        h.update(_SCALARS_JSON.encode(self._scalars()).encode())
        return h.hexdigest()

    def _scalars(self) -> dict[str, Any]:
        r = _round
        return {
            "turn": self.turn, "holding": r(self.holding), "threat": r(self.threat),
            "dep": r(self.dep_push), "vol": r(self.volatility), "capital": r(self.capital),
            "strain": r(self.strain), "press": r(self.press), "deferral": r(self.deferral),
            "last_used": self.last_used, "used": self.used,
            "stocks": {k: r(v) for k, v in self.stocks.items()},
            "params": {k: r(v) for k, v in self.params.items()},
            "pipes": {k: [r(v) for v in p] for k, p in self.pipelines.items()},
            "fired": self.fired, "active": self.active, "last_fired": self.last_fired,
            "chosen": self.chosen, "pending": self.pending_dilemma,
            "queue": [[q.due, q.seq, q.intervention, list(q.targets), q.planned_turn] for q in self.queue],
            "lapses": [[x.due, x.seq, x.source, [[p, r(v)] for p, v in x.changes], x.keep_if] for x in self.lapses],
            "moved": self.moved,
            "finished": self.finished, "ending": self.ending,
        }


_SCALARS_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


_F8 = np.dtype("<f8")
_I8 = np.dtype("<i8")


def _le(a: np.ndarray, dtype: np.dtype[Any]) -> bytes:
    """The bytes of ``a`` as the little-endian ``dtype`` (no conversion when it is one already)."""
    return a.tobytes() if a.dtype == dtype else a.astype(dtype).tobytes()


def _round(v: float) -> float:
    return round(float(v), 9)


@dataclass(frozen=True)
class _Start:
    """The seed-independent numbers a game starts from (worked out once per pack; copied per game)."""

    values: dict[str, np.ndarray]  # the pack's stance, stubbornness, openness, threshold per actor
    jitter: dict[str, np.ndarray]  # how far each may be jittered
    anchors: list[float | None]
    power: np.ndarray
    tau: np.ndarray
    anx: np.ndarray
    val: np.ndarray
    known: np.ndarray
    R: np.ndarray
    T: np.ndarray
    tie_known: np.ndarray
    fact_known: np.ndarray

    @classmethod
    def of(cls, pack: Pack) -> _Start:
        actors = pack.actors
        n = len(actors)
        idx = {a.id: k for k, a in enumerate(actors)}
        attrs = ("stance", "stubbornness", "openness", "threshold")
        val = np.array([[a.valency.dependency, a.valency.fight_flight, a.valency.pairing] for a in actors]) + 1e-9
        known = np.ones((n, len(HIDDEN_FACTS)), dtype=bool)
        for k, a in enumerate(actors):
            for fact in a.hidden:
                known[k, FACT_INDEX[fact]] = False
        R, T, tie_known = _ties(pack, idx, n)
        return cls(
            values={attr: np.array([float(getattr(a, attr)) for a in actors]) for attr in attrs},
            jitter={attr: np.array([a.jitter.get(attr, 0.0) for a in actors]) for attr in attrs},  # type: ignore[call-overload]
            anchors=[a.anchor for a in actors], power=np.array([a.power for a in actors]),
            tau=np.array([a.trust_in_you for a in actors]), anx=np.array([a.anxiety for a in actors]),
            val=val / val.sum(axis=1, keepdims=True), known=known, R=R, T=T, tie_known=tie_known,
            fact_known=np.zeros(sum(len(a.facts) for a in actors), dtype=bool),
        )


def initial_state(pack: Pack, seed: int) -> GameState:
    """Build the start-of-game state, drawing jitter and random parameters from the seed."""
    start: _Start = pack.memo("initial_state", _Start.of)
    n = len(pack.actors)
    rng = stream(seed, 0, "jitter")

    def jittered(attr: str, lo: float, hi: float) -> np.ndarray:
        draws = rng.uniform(-1.0, 1.0, size=n)  # always drawn, so streams never shift
        return np.clip(start.values[attr] + start.jitter[attr] * draws, lo, hi)

    x = jittered("stance", -1, 1)
    theta = jittered("stubbornness", 0.05, 1)
    eps = jittered("openness", 0.02, 1.5)
    phi = jittered("threshold", 0, 1)
    u = np.array([anchor if anchor is not None else float(x[k]) for k, anchor in enumerate(start.anchors)])
    prng = stream(seed, 0, "random_params")
    params = dict(pack.system.params)
    for pid in sorted(pack.system.random_params):
        rp = pack.system.random_params[pid]
        params[pid] = float(prng.uniform(rp.low, rp.high))
    return GameState(
        turn=1, x=x, u=u, theta=theta.copy(), theta0=theta, eps=eps, phi=phi,
        stage=np.zeros(n, dtype=np.int64), power=start.power.copy(), tau=start.tau.copy(), anx=start.anx.copy(),
        val=start.val.copy(), contacts=np.zeros(n, dtype=np.int64), known=start.known.copy(), R=start.R.copy(),
        R0=start.R.copy(), T=start.T.copy(), tie_known=start.tie_known.copy(), capital=pack.meta.starting_capital,
        debt=np.zeros(n), owed=np.zeros(n), promise_due=np.zeros(n, dtype=np.int64),
        withdrawn=np.zeros(n, dtype=np.int64), grievance=np.zeros(n), fact_known=start.fact_known.copy(),
        holding=pack.engine.starting_holding,
        stocks={sid: s.initial for sid, s in pack.system.stocks.items()}, params=params,
        pipelines={did: [0.0] * d.order for did, d in pack.system.delays.items()},
        flow_values={fid: 0.0 for fid in pack.system.flows},
        last_change={sid: 0.0 for sid in pack.system.stocks},
        active={e.id: False for e in pack.events if e.start is not None},
    )


def _ties(pack: Pack, idx: dict[str, int], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    R = np.zeros((n, n))
    T = np.zeros((n, n))
    known = np.zeros((n, n), dtype=bool)
    for rel in pack.relationships:
        i, j = idx[rel.source], idx[rel.target]
        R[i, j], T[i, j], known[i, j] = rel.trust, rel.tie, not rel.hidden
        if rel.mutual:
            back = rel.trust_back if rel.trust_back is not None else rel.trust
            R[j, i], T[j, i], known[j, i] = back, rel.tie, not rel.hidden
    return R, T, known
