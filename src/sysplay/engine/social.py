"""The social layer: anxiety and group mood, opinions on the trusted network, relationships, adoption.

The network phases work on the list of ties that exist (edges), not on every pair of actors, so
a turn costs time in proportion to the number of ties.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.context import agreement
from sysplay.engine.fast import amax, clip, filled, flatnonzero, mean, total
from sysplay.engine.trust import shift_trust

if TYPE_CHECKING:
    from sysplay.engine.state import GameState
    from sysplay.engine.turnctx import TurnContext

LIVE = 0.05  # ties weaker than this count as absent
ANCHOR_DRIFT = 0.2  # how fast settled positions follow stances inside a held space (per unit of holding)
TAILORED_ANCHOR = 0.5  # share of a tailored stance push that also shifts the settled position


@dataclass(frozen=True)
class Edges:
    """The directed ties with strength above zero, in row-major order (sorted by source).

    ``flat`` is each tie's position in the flattened N x N matrices (``src * N + dst``);
    ``pos`` and ``neg`` are the trusting and hostile parts of ``R`` (``max(R, 0)``, ``max(-R, 0)``),
    which several phases read.
    """

    src: np.ndarray
    dst: np.ndarray
    flat: np.ndarray
    R: np.ndarray
    T: np.ndarray
    pos: np.ndarray
    neg: np.ndarray

    @classmethod
    def of(cls, R: np.ndarray, T: np.ndarray) -> Edges:
        """The edges of the tie matrices (the diagonal is never a tie)."""
        flat = flatnonzero(T > 0)
        src, dst = np.divmod(flat, T.shape[1])
        keep = src != dst
        if not keep.all():
            src, dst, flat = src[keep], dst[keep], flat[keep]
        r = R.take(flat)
        return cls(src, dst, flat, r, T.take(flat), np.maximum(r, 0), np.maximum(-r, 0))


@dataclass(frozen=True)
class Mind:
    """The actor vectors the social phases read (the start of the social phase).

    ``gap`` is how far apart the two ends of each tie stand (``|x[src] - x[dst]|``).
    """

    x: np.ndarray
    anx: np.ndarray
    mode: np.ndarray
    holding: float
    threat: float
    dep_push: float
    gap: np.ndarray


def softmax(v: np.ndarray) -> np.ndarray:
    """Numerically safe softmax."""
    e = np.exp(v - amax(v))
    return e / total(e)


def edge_conflict(e: Edges) -> float:
    """Share of tie weight that is hostile (as :func:`sysplay.engine.context.conflict`, on edges)."""
    weight = total(e.T * np.abs(e.R))
    return total(e.T * e.neg) / weight if weight > 0 else 0.0


#: Anxiety: how it rises with pressure (a saturating curve), how holding eases it, how fast it moves.
ANXIETY_BASE, ANXIETY_SCALE, ANXIETY_CURVE, ANXIETY_HOLDING, ANXIETY_RATE = 0.1, 0.8, 1.5, 0.35, 0.4
#: What counts as pressure on an actor besides threat and strain: its hostile ties, and press attention.
PRESSURE_HOSTILE, PRESSURE_PRESS = 0.4, 0.3


def hostility(e: Edges, n: int) -> np.ndarray:
    """Per actor, the share of its tie weight that is hostile (0 with no ties)."""
    weight = np.bincount(e.src, e.T * np.abs(e.R), minlength=n)
    hostile = np.bincount(e.src, e.T * e.neg, minlength=n)
    return np.divide(hostile, weight, out=np.zeros(n), where=weight > 0)


def anxiety_target(threat: float, strain: float, hostile: np.ndarray, press: float, holding: float) -> np.ndarray:
    """Where each actor's anxiety is heading, in [0, 1].

    ``0.1 + 0.8·(1 − exp(−1.5·pressure)) − 0.35·holding``, with
    ``pressure = threat + strain + 0.4·hostility + 0.3·press``.
    """
    pressure = threat + strain + PRESSURE_HOSTILE * hostile + PRESSURE_PRESS * press
    raw = ANXIETY_BASE + ANXIETY_SCALE * (1.0 - np.exp(-ANXIETY_CURVE * pressure)) - ANXIETY_HOLDING * holding
    return clip(raw, 0, 1)


def mood_drives(tc: TurnContext, mind: Mind, e: Edges) -> np.ndarray:
    """The drives behind each basic assumption (work, dependency, fight-flight, pairing)."""
    s = tc.state
    a_mean = mean(mind.anx)
    v, top = tc.affect_constants()
    hope = float(max(0.0, s.R[top[0], top[1]])) if len(top) == 2 else 0.0
    return np.array([
        mind.holding * (1 - a_mean) + 0.3 * agreement(s, tc.power_weights()),
        a_mean * v[0] + mind.dep_push + 0.6 * s.deferral,
        a_mean * v[1] + mind.threat + 0.5 * edge_conflict(e) + 0.5 * s.press,
        a_mean * v[2] + 0.5 * hope,
    ])


def step_affect(tc: TurnContext, mind: Mind, strain: float, e: Edges) -> None:
    """Anxiety moves 40% of the way to where pressure and holding put it; the group mood drifts."""
    s = tc.state
    n = len(mind.anx)
    target = anxiety_target(mind.threat, strain, hostility(e, n), s.press, mind.holding)
    new = clip(mind.anx + ANXIETY_RATE * (target - mind.anx), 0, 1)
    if tc.recording:
        tc.ledger.add_vector(s.turn, "anxiety", new - mind.anx, "affect", "system", target[:, None])
    s.anx = new
    s.mode = 0.6 * mind.mode + 0.4 * softmax(4 * mood_drives(tc, mind, e))


def edge_weights(e: Edges, s: GameState, mind: Mind, kernel: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per-edge positive influence A (trusted ties, soft bounded confidence) and hostile weight B."""
    tp = e.T * s.power[e.dst]
    A = tp * e.pos
    if kernel:
        eff = s.eps + 0.3 * mind.holding - 0.2 * mind.anx - 0.1 * mind.mode[2] + 0.1 * mind.mode[0]
        A = A / (1 + np.exp(-clip((eff[e.src] - mind.gap) / 0.05, -50, 50)))
    B = tp * e.neg
    return A, B


def _fj(x: np.ndarray, u: np.ndarray, theta: np.ndarray, sa: np.ndarray, ax: np.ndarray, sb: np.ndarray,
        bx: np.ndarray, rho: float, noise: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    pulled = (x + ax) / (1 + sa)
    push = rho * (bx - sb * x) / (1 + sb)
    free = 1 - theta
    parts = {
        "anchor": theta * (u - x),
        "influence": free * (pulled - x),
        "repulsion": -free * push,
        "noise": noise,
    }
    raw = x + parts["anchor"] + parts["influence"] + parts["repulsion"] + noise
    new = clip(raw, -1, 1)
    parts["limit"] = new - raw
    return new, parts


def opinion_step_edges(x: np.ndarray, u: np.ndarray, theta: np.ndarray, src: np.ndarray, dst: np.ndarray,
                       A: np.ndarray, B: np.ndarray, rho: float, noise: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One Friedkin–Johnsen step with repulsion on an edge list (time proportional to the ties).

    Returns the new stances and the parts of the change (anchor, influence, repulsion, noise, limit).
    """
    n = len(x)
    xd = x[dst]
    sa = np.bincount(src, A, minlength=n)
    ax = np.bincount(src, A * xd, minlength=n)
    sb = np.bincount(src, B, minlength=n)
    bx = np.bincount(src, B * xd, minlength=n)
    return _fj(x, u, theta, sa, ax, sb, bx, rho, noise)


def step_opinions(tc: TurnContext, e: Edges, mind: Mind) -> None:
    """Stances move on the trusted network; anchors move only inside a held space."""
    s, eng = tc.state, tc.pack.engine
    A, B = edge_weights(e, s, mind, eng.kernel)
    rho = eng.repulsion * (1 + float(mind.mode[2]))
    n = len(mind.x)
    noise = tc.rng("noise").normal(0, eng.noise, size=n) if eng.noise > 0 else np.zeros(n)
    new, parts = opinion_step_edges(mind.x, s.u, s.theta, e.src, e.dst, A, B, rho, noise)
    if tc.recording:
        details = _top_influencers(e, A, mind.x, n)
        for name, delta in parts.items():
            tc.ledger.add_vector(s.turn, "stance", delta, name, "network", details if name == "influence" else None)
    s.x = new
    s.u = s.u + ANCHOR_DRIFT * mind.holding * (new - s.u)


def _top_influencers(e: Edges, A: np.ndarray, x: np.ndarray, n: int) -> np.ndarray:
    """For each actor, the (up to) two neighbours who pulled hardest (-1 for none), for the explanation."""
    out = np.full((n, 2), -1, dtype=np.int64)
    pull = np.abs(A * (x[e.dst] - x[e.src]))
    strong = pull > 1e-9
    src, dst, pull = e.src[strong], e.dst[strong], pull[strong]
    order = np.lexsort((dst, -pull, src))
    src, dst = src[order], dst[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = src[1:] != src[:-1]
    rank = np.arange(len(src)) - np.maximum.accumulate(np.where(first, np.arange(len(src)), 0))
    top = rank < 2
    out[src[top], rank[top]] = dst[top]
    return out


DENSE_UP_TO = 160  # below this many actors, two dense matrix products beat the edge-list route


def balance(e: Edges, live: np.ndarray, n: int) -> np.ndarray:
    """Per live edge (i, j): the strength-weighted sign of two-paths i -> k -> j over live ties.

    Small systems use dense matrix products; large ones walk the two-paths of the edge list,
    so the cost follows the ties. Both compute the same sums (tests/engine/test_edges.py).
    """
    if n <= DENSE_UP_TO:
        return _balance_dense(e, live, n)
    return _balance_edges(e, live, n)


def _balance_dense(e: Edges, live: np.ndarray, n: int) -> np.ndarray:
    everywhere = live.all()
    flat = e.flat if everywhere else e.flat[live]
    T = np.zeros((n, n))
    TR = np.zeros((n, n))
    T.put(flat, e.T if everywhere else e.T[live])
    TR.put(flat, e.T * e.R if everywhere else (e.T * e.R)[live])
    num = (TR @ TR).take(flat)
    den = (T @ T).take(flat)
    # two-paths i -> k -> i never reach an edge (no self-ties), so the sums match the edge route
    return np.divide(num, den, out=np.zeros(num.shape), where=den > 1e-9)


def _balance_edges(e: Edges, live: np.ndarray, n: int) -> np.ndarray:
    src, dst, tr, t = e.src[live], e.dst[live], (e.T * e.R)[live], e.T[live]
    outdeg = np.bincount(src, minlength=n)
    ptr = np.concatenate(([0], np.cumsum(outdeg)))
    cnt = outdeg[dst]
    count = int(cnt.sum())
    bal = np.zeros(len(src))
    if count == 0:
        return bal
    first = np.repeat(np.arange(len(src)), cnt)
    offsets = np.arange(count) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    second = ptr[dst[first]] + offsets
    i, j = src[first], dst[second]
    ok = i != j
    keys = i[ok] * n + j[ok]
    num_v, den_v = (tr[first] * tr[second])[ok], (t[first] * t[second])[ok]
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    uniq, starts = np.unique(keys, return_index=True)
    num = np.add.reduceat(num_v[order], starts) if len(keys) else np.zeros(0)
    den = np.add.reduceat(den_v[order], starts) if len(keys) else np.zeros(0)
    edge_keys = src * n + dst
    pos = np.searchsorted(uniq, edge_keys)
    pos_c = np.minimum(pos, max(len(uniq) - 1, 0))
    hit = (pos < len(uniq)) & (uniq[pos_c] == edge_keys) if len(uniq) else np.zeros(len(src), dtype=bool)
    good = hit & (den[pos_c] > 1e-9) if len(uniq) else hit
    bal[good] = num[pos_c[good]] / den[pos_c[good]]
    return bal


def step_relationships(tc: TurnContext, e: Edges, mind: Mind) -> None:
    """Live ties drift towards structural balance and agreement, trust remembers, untended ties fade."""
    s, eng = tc.state, tc.pack.engine
    n = len(mind.x)
    live = e.T > LIVE
    if live.all():
        src, dst, flat, R, T, gap = e.src, e.dst, e.flat, e.R, e.T, mind.gap
    else:
        src, dst, flat, R, T, gap = e.src[live], e.dst[live], e.flat[live], e.R[live], e.T[live], mind.gap[live]
    R0 = s.R0.take(flat)
    if eng.trust_drift:
        parts = {
            "balance": eng.balance_rate * np.tanh(balance(e, live, n)) * (1 - np.abs(R)),
            "agreement": 0.03 * (0.5 - gap) * T,
            "memory": -0.02 * (R - R0),
        }
        raw = R + parts["balance"] + parts["agreement"] + parts["memory"]
        capped = np.minimum(clip(raw, -1, 1), np.maximum(R0 + eng.memory_headroom, R))
        parts["ceiling"] = np.minimum(capped - clip(raw, -1, 1), 0.0)
        raw = raw + parts["ceiling"]
        new = clip(raw, -1, 1)
        s.R.put(flat, new)
        s.R0.put(flat, R0 + 0.1 * (new - R0))
    else:  # trust between actors stays as the moves, events and actors leave it
        parts, raw = {}, R
        new = R
    fade = filled(len(e.src), eng.tie_fade)
    if tc.contact:
        contact = np.array(sorted(a * n + b for a, b in tc.contact))
        keys = e.flat  # contact is sorted and unique: a membership test by binary search
        pos = np.minimum(contact.searchsorted(keys), len(contact) - 1)
        fade[contact[pos] == keys] = 1.0
    faded = e.T * fade
    if tc.recording:
        shown = s.tie_known[src, dst]
        for name, d in parts.items():
            tc.ledger.add_edges(s.turn, "tie_trust", src, dst, d, shown, name, "network")
        tc.ledger.add_edges(s.turn, "tie_trust", src, dst, new - raw, shown, "limit", "network")
        tc.ledger.add_edges(s.turn, "tie", e.src, e.dst, faded - e.T, s.tie_known[e.src, e.dst] & (e.T > LIVE),
                           "decay", "network")
    s.T.put(e.flat, faded)
    tc.live_flat = e.flat  # the ties with strength above zero now, for the next turn's situation

def step_adoption(tc: TurnContext, e: Edges, mind: Mind) -> None:
    """Staged adoption: a threshold rule on trusted adopters plus own stance; contact spreads awareness."""
    s = tc.state
    n = len(s.x)
    w = e.T * e.pos
    rows = np.bincount(e.src, w, minlength=n)[e.src]
    share = np.divide(w, rows, out=np.zeros(w.shape), where=rows > 1e-9)
    stage0 = s.stage
    dst_stage = stage0[e.dst]
    readiness = 0.5 * np.bincount(e.src, share * (dst_stage == 4), minlength=n) + 0.5 * (s.x + 1) / 2
    heard_w = np.bincount(e.src, share * (dst_stage >= 3), minlength=n)
    engaged = stage0 >= 1
    up = engaged & (stage0 < 4) & (readiness >= s.phi) & (s.x > 0)
    down = engaged & (s.x < -0.4)  # never with up (stance > 0 there), nor with heard (stage 0 there)
    heard = (stage0 == 0) & (heard_w > 0.3)
    new = stage0 + up - down
    new[heard] = 1
    if tc.recording:
        delta = (new - stage0).astype(float)
        stepped = np.where(heard, 0.0, delta)
        tc.ledger.add_vector(s.turn, "stage", stepped, "threshold", "network", np.column_stack([readiness, s.phi]))
        tc.ledger.add_vector(s.turn, "stage", np.where(heard, delta, 0.0), "heard", "network",
                             np.column_stack([heard_w]))
    s.stage = new


def step_social(tc: TurnContext, strain: float) -> None:
    """Affect, opinions, adoption and relationships, all reading the state at the start of this phase.

    Relationships change last, so the phases before them read the ties as they were, without a copy.
    """
    s = tc.state
    edges = Edges.of(s.R, s.T)
    gap = np.abs(s.x[edges.src] - s.x[edges.dst])
    mind = Mind(s.x, s.anx, s.mode, s.holding, s.threat, s.dep_push, gap)  # the phases rebind, never write into, these
    step_affect(tc, mind, strain, edges)
    step_opinions(tc, edges, mind)
    step_adoption(tc, edges, mind)
    step_relationships(tc, edges, mind)
    bookkeeping(tc)


#: Per turn: what is left of trust debt, of what is owed, of grievance, of deferral and of press attention.
DEBT_KEEP, OWED_FADE, GRIEVANCE_KEEP, DEFERRAL_KEEP, PRESS_KEEP = 0.97, 0.25, 0.8, 0.85, 0.6
#: Trust in you lost (before the loss rule) when an offer comes to nothing.
PROMISE_LAPSE = -0.04


def bookkeeping(tc: TurnContext) -> None:
    """Recoveries and decays, offers that came to nothing, and political capital regained through trust."""
    s, meta = tc.state, tc.pack.meta
    lapsed = (s.promise_due > 0) & (s.promise_due <= s.turn)
    if lapsed.any():
        shift_trust(tc, lapsed.nonzero()[0], PROMISE_LAPSE, ("lapsed", "promise", ()))
        s.promise_due[lapsed] = 0
    s.debt = s.debt * DEBT_KEEP
    s.owed = np.maximum(0.0, s.owed - OWED_FADE)
    s.withdrawn = np.maximum(0, s.withdrawn - 1)
    s.grievance = s.grievance * GRIEVANCE_KEEP
    s.deferral *= DEFERRAL_KEEP
    s.press *= PRESS_KEEP
    s.theta = s.theta + 0.3 * (s.theta0 - s.theta)
    before = s.holding
    s.holding *= 0.9
    tc.ledger.add(s.turn, ("holding",), s.holding - before, "decay", "holding")
    s.dep_push *= 0.7
    s.threat *= 0.8
    w = tc.power_weights()
    regen = 0.5 + meta.capital_regen * float(w @ s.tau)
    before = s.capital
    s.capital = float(min(meta.max_capital, s.capital + regen))
    tc.ledger.add(s.turn, ("capital",), s.capital - before, "regen", "trust")
