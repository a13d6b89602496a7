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
    "actors": 9,
    "fit": 10,
    "pilot": 11,
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
    return np.random.Generator(np.random.Philox(key=_key(seed, turn, purpose)))


def _key(seed: int, turn: int, purpose: str) -> int:
    return (int(seed) % (1 << 64)) << 64 | (int(turn) % (1 << 40)) << 16 | PURPOSES[purpose]


_MASK = (1 << 64) - 1
_ZEROS = np.zeros(4, dtype=np.uint64)  # read, never written: the state setter copies it


def restart(gen: np.random.Generator, seed: int, turn: int, purpose: str) -> np.random.Generator:
    """Put a Philox generator no longer in use into exactly the state :func:`stream` would build.

    Setting the state is several times cheaper than constructing a new bit generator.
    """
    key = _key(seed, turn, purpose)
    gen.bit_generator.state = {
        "bit_generator": "Philox",
        "state": {"counter": _ZEROS, "key": np.array([key & _MASK, key >> 64], dtype=np.uint64)},
        "buffer": _ZEROS, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0,
    }
    return gen
