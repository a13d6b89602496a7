"""The Friedkin–Johnsen step with repulsion written densely from its formula (docs/pack-format.md, "How the
system moves"): an oracle for the engine's edge-list step, independent of the engine's own arithmetic."""

from __future__ import annotations

import numpy as np


def opinion_step(x: np.ndarray, u: np.ndarray, theta: np.ndarray, A: np.ndarray, B: np.ndarray,
                 rho: float, noise: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One step on dense matrices; the new stances and the parts of the change.

    With ``B`` zero (or ``rho`` zero) and no noise this is exactly
    ``x <- theta*u + (1-theta)*W x`` with ``W = (I + A) / (1 + rowsum A)``.
    """
    sa, sb = A.sum(axis=1), B.sum(axis=1)
    pulled = (x + A @ x) / (1 + sa)
    push = rho * (B @ x - sb * x) / (1 + sb)
    parts = {"anchor": theta * (u - x), "influence": (1 - theta) * (pulled - x), "repulsion": -(1 - theta) * push,
             "noise": noise}
    raw = x + parts["anchor"] + parts["influence"] + parts["repulsion"] + noise
    new = np.clip(raw, -1, 1)
    parts["limit"] = new - raw
    return new, parts
