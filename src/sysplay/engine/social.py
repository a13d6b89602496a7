"""The social layer: anxiety and group mood, opinions on the trusted network, relationships, adoption."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.context import agreement, conflict

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.engine.state import GameState

LIVE = 0.05  # ties weaker than this count as absent
ANCHOR_DRIFT = 0.2  # how fast settled positions follow stances inside a held space (per unit of holding)
TAILORED_ANCHOR = 0.5  # share of a tailored stance push that also shifts the settled position


def softmax(v: np.ndarray) -> np.ndarray:
    """Numerically safe softmax."""
    e = np.exp(v - v.max())
    return e / e.sum()


def step_affect(g: Game, snap: GameState, strain: float) -> None:
    """Anxiety moves towards a target set by threat and strain, eased by holding; the group mood drifts."""
    s = g.state
    target = float(np.clip(0.15 + 0.4 * snap.threat + 0.4 * strain - 0.35 * snap.holding, 0, 1))
    new = np.clip(snap.anx + 0.4 * (target - snap.anx), 0, 1)
    g.ledger.add_vector(s.turn, "anxiety", new - snap.anx, "affect", "system", [(target,)] * len(new) if g.recording else None)
    s.anx = new
    a_mean = float(snap.anx.mean())
    v = snap.val.mean(axis=0)
    top = np.argsort(-snap.power, kind="stable")[:2]
    hope = float(max(0.0, snap.R[top[0], top[1]])) if len(top) == 2 else 0.0
    drives = np.array([
        snap.holding * (1 - a_mean) + 0.3 * agreement(snap),
        a_mean * v[0] + snap.dep_push,
        a_mean * v[1] + snap.threat + 0.5 * conflict(snap),
        a_mean * v[2] + 0.5 * hope,
    ])
    s.mode = 0.6 * snap.mode + 0.4 * softmax(4 * drives)


def influence_matrices(snap: GameState, kernel: bool) -> tuple[np.ndarray, np.ndarray]:
    """Positive influence A (trusted ties, soft bounded confidence) and hostile weight B."""
    TP = snap.T * snap.power[None, :]
    A = TP * np.maximum(snap.R, 0)
    if kernel:
        m_ff, m_work = snap.mode[2], snap.mode[0]
        eff = snap.eps + 0.3 * snap.holding - 0.2 * snap.anx - 0.1 * m_ff + 0.1 * m_work
        gap = np.abs(snap.x[:, None] - snap.x[None, :])
        A = A / (1 + np.exp(-np.clip((eff[:, None] - gap) / 0.05, -50, 50)))
    np.fill_diagonal(A, 0)
    B = TP * np.maximum(-snap.R, 0)
    np.fill_diagonal(B, 0)
    return A, B


def opinion_step(x: np.ndarray, u: np.ndarray, theta: np.ndarray, A: np.ndarray, B: np.ndarray,
                 rho: float, noise: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One Friedkin–Johnsen step with optional repulsion; returns new stances and the parts of the change.

    With ``B`` zero (or ``rho`` zero) and no noise this is exactly
    ``x <- theta*u + (1-theta)*W x`` with ``W = (I + A) / (1 + rowsum A)``.
    """
    sa = A.sum(axis=1)
    pulled = (x + A @ x) / (1 + sa)
    sb = B.sum(axis=1)
    push = rho * (B @ x - sb * x) / (1 + sb)
    parts = {
        "anchor": theta * (u - x),
        "influence": (1 - theta) * (pulled - x),
        "repulsion": -(1 - theta) * push,
        "noise": noise,
    }
    raw = x + parts["anchor"] + parts["influence"] + parts["repulsion"] + noise
    new = np.clip(raw, -1, 1)
    parts["limit"] = new - raw
    return new, parts


def step_opinions(g: Game, snap: GameState) -> None:
    """Stances move on the trusted network; anchors move only inside a held space."""
    s, eng = g.state, g.pack.engine
    A, B = influence_matrices(snap, eng.kernel)
    rho = eng.repulsion * (1 + snap.mode[2])
    noise = g.rng("noise").normal(0, eng.noise, size=len(snap.x)) if eng.noise > 0 else np.zeros(len(snap.x))
    new, parts = opinion_step(snap.x, snap.u, snap.theta, A, B, rho, noise)
    if g.recording:
        details = _top_influencers(A, snap, parts["influence"])
        for name, delta in parts.items():
            g.ledger.add_vector(s.turn, "stance", delta, name, "network", details if name == "influence" else None)
    s.x = new
    s.u = s.u + ANCHOR_DRIFT * snap.holding * (new - s.u)


def _top_influencers(A: np.ndarray, snap: GameState, total: np.ndarray) -> np.ndarray:
    """For each actor, the (up to) two neighbours who pulled hardest (-1 for none), for the explanation."""
    pull = np.abs(A * (snap.x[None, :] - snap.x[:, None]))
    order = np.argsort(-pull, axis=1, kind="stable")[:, :2]
    strong = np.take_along_axis(pull, order, axis=1) > 1e-9
    return np.where(strong, order, -1)


def step_relationships(g: Game, snap: GameState) -> None:
    """Ties drift towards structural balance and agreement, trust remembers, untended ties fade."""
    s, eng = g.state, g.pack.engine
    live = snap.T > LIVE
    TR = snap.T * snap.R
    denom = snap.T @ snap.T
    bal = np.divide(TR @ TR, denom, out=np.zeros_like(denom), where=denom > 1e-9)
    d_bal = eng.balance_rate * np.tanh(bal) * (1 - np.abs(snap.R))
    d_agree = 0.03 * (0.5 - np.abs(snap.x[:, None] - snap.x[None, :])) * snap.T
    d_mem = -0.02 * (snap.R - snap.R0)
    parts = {"balance": d_bal, "agreement": d_agree, "memory": d_mem}
    total = np.where(live, d_bal + d_agree + d_mem, 0.0)
    raw = snap.R + total
    s.R = np.clip(raw, -1, 1)
    s.R0 = s.R0 + 0.1 * (s.R - s.R0)
    fade = np.full_like(s.T, eng.tie_fade)
    for a, b in g.contact_ties:
        fade[a, b] = 1.0
    newT = s.T * fade
    if g.recording:
        shown = live & snap.tie_known
        for name, d in parts.items():
            g.ledger.add_matrix(s.turn, "tie_trust", np.where(live, d, 0.0), shown, name, "network")
        g.ledger.add_matrix(s.turn, "tie_trust", s.R - raw, shown, "limit", "network")
        g.ledger.add_matrix(s.turn, "tie", newT - s.T, shown, "decay", "network")
    s.T = newT


def step_adoption(g: Game, snap: GameState) -> None:
    """Staged adoption: a threshold rule on trusted adopters plus own stance; contact spreads awareness."""
    s = g.state
    W = snap.T * np.maximum(snap.R, 0)
    rows = W.sum(axis=1, keepdims=True)
    What = np.divide(W, rows, out=np.zeros_like(W), where=rows > 1e-9)
    adopted = (snap.stage == 4).astype(float)
    readiness = 0.5 * (What @ adopted) + 0.5 * (s.x + 1) / 2
    new = s.stage.copy()
    up = (s.stage >= 1) & (s.stage < 4) & (readiness >= snap.phi) & (s.x > 0)
    down = (s.stage >= 1) & (s.x < -0.4)
    heard = (s.stage == 0) & ((What @ (snap.stage >= 3).astype(float)) > 0.3)
    new[up] += 1
    new[down] -= 1
    new[heard] = 1
    if g.recording:
        delta = (new - s.stage).astype(float)
        g.ledger.add_vector(s.turn, "stage", delta, "threshold", "network", np.column_stack([readiness, snap.phi]))
    s.stage = new


def bookkeeping(g: Game) -> None:
    """Recoveries and decays, and political capital regained through trust."""
    s, meta = g.state, g.pack.meta
    s.theta = s.theta + 0.3 * (s.theta0 - s.theta)
    before = s.holding
    s.holding *= 0.9
    g.ledger.add(s.turn, ("holding",), s.holding - before, "decay", "holding")
    s.dep_push *= 0.7
    s.threat *= 0.8
    w = s.power / s.power.sum()
    regen = 0.5 + meta.capital_regen * float(w @ s.tau)
    before = s.capital
    s.capital = float(min(meta.max_capital, s.capital + regen))
    g.ledger.add(s.turn, ("capital",), s.capital - before, "regen", "trust")
