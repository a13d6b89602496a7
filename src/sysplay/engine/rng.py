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

    Args:
        seed: The game's seed (any non-negative int).
        turn: The turn number (0 for set-up).
        purpose: One of :data:`PURPOSES`.
    """
    seq = np.random.SeedSequence(entropy=int(seed), spawn_key=(int(turn), PURPOSES[purpose]))
    return np.random.Generator(np.random.PCG64(seq))
