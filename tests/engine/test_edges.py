"""The edge-list network phases compute exactly what the dense matrix formulas do."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sysplay.engine.social import (
    Edges,
    _balance_dense,
    _balance_edges,
    balance,
    opinion_step_edges,
)
from tests.engine.fj_reference import opinion_step


def _network(seed: int, n: int, density: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    T = np.where(rng.random((n, n)) < density, rng.uniform(0.01, 1, (n, n)), 0.0)
    np.fill_diagonal(T, 0)
    R = np.where(T > 0, rng.uniform(-1, 1, (n, n)), 0.0)
    return R, T


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 25), density=st.floats(0.05, 1.0))
def test_edge_opinion_step_equals_dense(seed: int, n: int, density: float) -> None:
    R, T = _network(seed, n, density)
    rng = np.random.default_rng(seed + 1)
    x, u, theta = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n), rng.uniform(0.05, 1, n)
    power = rng.uniform(0.1, 1, n)
    A = T * power[None, :] * np.maximum(R, 0)
    B = T * power[None, :] * np.maximum(-R, 0)
    noise = rng.normal(0, 0.01, n)
    dense, dense_parts = opinion_step(x, u, theta, A, B, 0.15, noise)
    e = Edges.of(R, T)
    sparse, sparse_parts = opinion_step_edges(x, u, theta, e.src, e.dst, A[e.src, e.dst], B[e.src, e.dst], 0.15, noise)
    np.testing.assert_allclose(sparse, dense, rtol=0, atol=1e-12)
    for name in dense_parts:
        np.testing.assert_allclose(sparse_parts[name], dense_parts[name], rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 25), density=st.floats(0.05, 1.0))
def test_edge_balance_equals_dense_formula_on_live_ties(seed: int, n: int, density: float) -> None:
    R, T = _network(seed, n, density)
    live_m = T > 0.05
    TL, RL = np.where(live_m, T, 0.0), np.where(live_m, R, 0.0)
    TR = TL * RL
    num, den = TR @ TR, TL @ TL
    np.fill_diagonal(num, 0)
    dense = np.divide(num, den, out=np.zeros_like(den), where=den > 1e-9)
    e = Edges.of(R, T)
    live = e.T > 0.05
    got = balance(e, live, n)
    want = dense[e.src[live], e.dst[live]]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), density=st.floats(0.05, 1.0))
def test_dense_and_edge_balance_routes_agree(seed: int, n: int, density: float) -> None:
    R, T = _network(seed, n, density)
    e = Edges.of(R, T)
    live = e.T > 0.05
    np.testing.assert_allclose(_balance_dense(e, live, n), _balance_edges(e, live, n), rtol=1e-9, atol=1e-12)
