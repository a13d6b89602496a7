"""Seeded random streams derived from (seed, turn, purpose), so one subsystem's draws never shift another's."""

from __future__ import annotations

import numpy as np

#: Fixed numbers for each purpose. Never renumber: saves depend on them.
PURPOSES: dict[str, int] = {
    "setup": 1,
    "reveal": 2,
    "noise": 3,
    "events": 4,
    "persona": 5,
    "jitter": 6,
    "random_params": 7,
    "simulate": 8,
}


def stream(seed: int, turn: int, purpose: str) -> np.random.Generator:
    """A fresh generator for one purpose in one turn of one game.

    Philox is a counter-based generator built for exactly this: every distinct 128-bit key
    gives an independent stream. The key packs the seed (high 64 bits), the turn and the
    purpose (low 64 bits), so streams never collide and no subsystem's draws shift another's.

    Args:
        seed: The game's seed (0 to 2**63 - 1).
        turn: The turn number (0 for set-up).
        purpose: One of :data:`PURPOSES`.
    """
    key = (int(seed) % (1 << 64)) << 64 | (int(turn) % (1 << 40)) << 16 | PURPOSES[purpose]
    return np.random.Generator(np.random.Philox(key=key))
