"""Trust is slow to win and quick to lose: in you, and between actors.

Trust in you gains less the higher it already is and the more trust debt an actor carries; a loss
costs ``loss_weight`` times what it says (2 by default) and half of what is lost becomes debt, which
fades slowly. Trust between two actors gains less the higher it is, loses ``loss_weight`` times as
fast, and can never run further ahead of their memory of each other (``R0``) than the pack's
``memory_headroom``: an old dispute cannot become a close alliance in one game through coffees alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sysplay.engine.fast import clip

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext

#: Share of a loss of trust in you that becomes trust debt.
DEBT_SHARE = 0.5
#: Share of trust debt kept from one turn to the next.
DEBT_KEEP = 0.97


def trust_delta(tau: np.ndarray, debt: np.ndarray, amount: np.ndarray | float, loss_weight: float) -> np.ndarray:
    """The change a written change ``amount`` makes to trust in you: gains shrink, losses grow."""
    amount = np.asarray(amount, dtype=float)
    return np.where(amount > 0, amount * (1.0 - tau) * (1.0 - debt), amount * loss_weight)


def tie_delta(r: float, amount: float, loss_weight: float) -> float:
    """The change a written change ``amount`` makes to one actor's trust in another."""
    return amount * (1.0 - max(r, 0.0)) if amount > 0 else amount * loss_weight


def shift_trust(tc: TurnContext, idx: np.ndarray, amount: np.ndarray | float, cause: tuple[str, str, tuple[Any, ...]]) -> None:
    """Change targets' trust in you by written ``amount`` under the gain and loss rule, adding debt for losses."""
    s = tc.state
    before = s.tau[idx]
    after = clip(before + trust_delta(before, s.debt[idx], amount, tc.pack.engine.loss_weight), 0, 1)
    s.tau[idx] = after
    lost = np.minimum(after - before, 0.0)
    if lost.any():
        s.debt[idx] = clip(s.debt[idx] - DEBT_SHARE * lost, 0, 1)
    if tc.recording:
        delta = np.zeros(len(s.tau))
        delta[idx] = after - before
        kind, source, detail = cause
        tc.ledger.add_vector(s.turn, "trust", delta, kind, source, detail)


def ceiling(tc: TurnContext, a: int, b: int) -> float:
    """The most ``a`` can trust ``b`` now: their memory of each other plus the pack's headroom."""
    return min(1.0, float(tc.state.R0[a, b]) + tc.pack.engine.memory_headroom)


def shift_tie(tc: TurnContext, a: int, b: int, amount: float, cause: tuple[str, str, tuple[Any, ...]]) -> float:
    """Change ``a``'s trust in ``b`` by written ``amount`` (gain and loss rule, memory ceiling); return the change."""
    s = tc.state
    before = float(s.R[a, b])
    raw = before + tie_delta(before, amount, tc.pack.engine.loss_weight)
    after = max(raw, -1.0)
    if amount > 0:
        after = min(after, max(ceiling(tc, a, b), before))
    s.R[a, b] = after
    key = ("tie_trust", a, b)
    tc.ledger.add(s.turn, key, raw - before, *cause)
    if after != raw:
        tc.ledger.add(s.turn, key, after - raw, "ceiling" if amount > 0 else "limit", "network")
    return after - before
