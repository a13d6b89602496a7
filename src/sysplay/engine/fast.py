"""Numpy calls without their Python-level wrappers, for the tiny arrays of a turn.

Each helper gives the same result, bit for bit, as the numpy function it replaces (the tests
compare them, signed zeros included); it only skips the argument handling that costs more
than the arithmetic when an array holds a few dozen numbers.
"""

from __future__ import annotations

import numpy as np

try:  # the ufunc np.clip calls, without the wrapper (numpy >= 2 keeps it in numpy._core.umath)
    from numpy._core.umath import clip as _clip_ufunc  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a future numpy that moves it: fall back to the public wrapper
    _clip_ufunc = np.clip

#: ``np.clip(a, lo, hi)``.
clip = _clip_ufunc

_add_reduce = np.add.reduce
_max_reduce = np.maximum.reduce


def filled(n: int, value: float) -> np.ndarray:
    """``np.full(n, value)`` for a float ``value``."""
    out = np.empty(n)
    out.fill(value)
    return out


def flatnonzero(a: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(a)`` for a contiguous array."""
    return a.ravel().nonzero()[0]


def total(a: np.ndarray) -> float:
    """``float(a.sum())`` for a 1-D float array."""
    return float(_add_reduce(a))


def mean(a: np.ndarray) -> float:
    """``float(a.mean())`` for a non-empty 1-D float array."""
    return float(_add_reduce(a) / a.shape[0])


def amax(a: np.ndarray) -> float:
    """``float(a.max())`` for a non-empty 1-D array."""
    return float(_max_reduce(a))
