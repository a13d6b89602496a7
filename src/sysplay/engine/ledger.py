"""The causal ledger: every change to a number the player can see, with its causes, in plain English.

Per-actor and per-tie changes from the vectorised phases are stored as arrays (cheap to record)
and only turned into individual causes when someone asks "why?".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

#: A ledger key: (quantity, *indices), e.g. ("stance", 3), ("tie_trust", 0, 2), ("stock", "beds").
Key = tuple[Any, ...]

#: Smallest change worth recording.
EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Cause:
    """One contribution to a change.

    Attributes:
        amount: How much this cause changed the number.
        kind: ``move``, ``delayed``, ``event``, ``dilemma``, ``influence``, ``anchor``,
            ``repulsion``, ``noise``, ``affect``, ``balance``, ``agreement``, ``memory``,
            ``flow``, ``delay``, ``decay``, ``threshold``, ``regen``, ``limit`` or ``cost``.
        source: The id of what caused it (an intervention, event, flow...).
        detail: Extra facts for the explanation (multipliers, neighbour indices...).
    """

    amount: float
    kind: str
    source: str
    detail: tuple[Any, ...] = ()


@dataclass
class _Vector:
    seq: int
    quantity: str
    delta: np.ndarray
    kind: str
    source: str
    details: Any  # None, a list of tuples, or an (N, k) array of neighbour indices


@dataclass
class _Matrix:
    seq: int
    quantity: str
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    kind: str
    source: str


class Ledger:
    """Causes of changes, kept per turn."""

    def __init__(self) -> None:
        self._scalar: dict[int, dict[Key, list[tuple[int, Cause]]]] = defaultdict(lambda: defaultdict(list))
        self._vectors: dict[int, list[_Vector]] = defaultdict(list)
        self._matrices: dict[int, list[_Matrix]] = defaultdict(list)
        self._seq = 0

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def add(self, turn: int, key: Key, amount: float, kind: str, source: str, detail: tuple[Any, ...] = ()) -> None:
        """Record one cause of a change."""
        if abs(amount) > EPS:
            self._scalar[turn][key].append((self._next(), Cause(float(amount), kind, source, detail)))

    def add_vector(self, turn: int, quantity: str, delta: np.ndarray, kind: str, source: str, details: Any = None) -> None:
        """Record a per-actor change (``details[i]`` explains actor i's entry; a tuple explains them all)."""
        if np.any(np.abs(delta) > EPS):
            self._vectors[turn].append(_Vector(self._next(), quantity, np.array(delta, dtype=float), kind, source, details))

    def add_edges(self, turn: int, quantity: str, rows: np.ndarray, cols: np.ndarray, delta: np.ndarray,
                  mask: np.ndarray, kind: str, source: str) -> None:
        """Record per-tie changes ``delta[k]`` of ties ``(rows[k], cols[k])`` where ``mask[k]``."""
        keep = mask & (np.abs(delta) > EPS)
        if keep.any():
            self._matrices[turn].append(_Matrix(self._next(), quantity, rows[keep], cols[keep],
                                                delta[keep].astype(float), kind, source))

    def causes(self, turn: int, key: Key) -> list[Cause]:
        """The causes recorded for ``key`` on ``turn``, in the order they happened."""
        found: list[tuple[int, Cause]] = list(self._scalar.get(turn, {}).get(key, ()))
        if len(key) == 2 and isinstance(key[1], int):
            for v in self._vectors.get(turn, ()):
                amount = float(v.delta[key[1]]) if v.quantity == key[0] else 0.0
                if abs(amount) > EPS:
                    found.append((v.seq, Cause(amount, v.kind, v.source, _detail(v.details, key[1]))))
        if len(key) == 3:
            for m in self._matrices.get(turn, ()):
                if m.quantity != key[0]:
                    continue
                hit = np.flatnonzero((m.rows == key[1]) & (m.cols == key[2]))
                if hit.size:
                    found.append((m.seq, Cause(float(m.values[hit[0]]), m.kind, m.source)))
        return [c for _, c in sorted(found, key=lambda p: p[0])]

    def keys(self, turn: int) -> list[Key]:
        """Every key that changed on ``turn``."""
        keys: dict[Key, None] = dict.fromkeys(self._scalar.get(turn, {}))
        for v in self._vectors.get(turn, ()):
            for i in np.flatnonzero(np.abs(v.delta) > EPS).tolist():
                keys[(v.quantity, i)] = None
        for m in self._matrices.get(turn, ()):
            for i, j in zip(m.rows.tolist(), m.cols.tolist(), strict=True):
                keys[(m.quantity, i, j)] = None
        return list(keys)

    def turns(self) -> list[int]:
        """Turns with any record."""
        return sorted(set(self._scalar) | set(self._vectors) | set(self._matrices))


def _detail(details: Any, i: int) -> tuple[Any, ...]:
    if details is None:
        return ()
    if isinstance(details, tuple):  # the same detail for every actor
        return details
    if isinstance(details, np.ndarray) and details.dtype.kind == "f":
        return tuple(float(v) for v in details[i])
    if isinstance(details, np.ndarray):
        return tuple(int(j) for j in details[i] if j >= 0)
    return tuple(details[i])


class NullLedger(Ledger):
    """A ledger that records nothing (for look-ahead copies and batch simulation)."""

    def add(self, turn: int, key: Key, amount: float, kind: str, source: str, detail: tuple[Any, ...] = ()) -> None:
        """Ignore."""

    def add_vector(self, turn: int, quantity: str, delta: np.ndarray, kind: str, source: str, details: Any = None) -> None:
        """Ignore."""

    def add_edges(self, turn: int, quantity: str, rows: np.ndarray, cols: np.ndarray, delta: np.ndarray,
                  mask: np.ndarray, kind: str, source: str) -> None:
        """Ignore."""
