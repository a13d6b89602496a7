"""The opinion step is Friedkin–Johnsen: it converges to the closed-form equilibrium.

``opinion_step`` builds its influence matrix as W = (I + A) / (1 + rowsum A): actor i keeps
weight 1/(1 + sum_j A_ij) on their own view and gives A_ij/(1 + sum_j A_ij) to j. With no
repulsion and no noise one step is x <- theta*u + (1 - theta)*W x, whose fixed point is
x* = (I - Lambda W)^-1 (I - Lambda) u with Lambda = diag(1 - theta).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.engine.fj_reference import opinion_step

# Friedkin & Johnsen (1999), "Social influence networks and opinion change", the four-person
# group reused in Proskurnikov & Tempo's tutorial (2017): the influence matrix W, the initial
# opinions (which are also the anchors) on a 0..100 scale, and susceptibility lambda_ii = 1 - w_ii.
FJ_W = np.array([
    [0.220, 0.120, 0.360, 0.300],
    [0.147, 0.215, 0.344, 0.294],
    [0.000, 0.000, 1.000, 0.000],
    [0.090, 0.178, 0.446, 0.286],
])
FJ_U_0_100 = np.array([25.0, 25.0, 75.0, 85.0])
#: The published equilibrium (rounded to whole points on the 0..100 scale).
FJ_PUBLISHED = np.array([60.0, 60.0, 75.0, 75.0])


def to_stance(v: np.ndarray) -> np.ndarray:
    """0..100 opinions onto the engine's [-1, 1] stance scale (FJ is affine-equivariant)."""
    return (v - 50.0) / 50.0


def weights_from_ties(A: np.ndarray) -> np.ndarray:
    """The engine's row-stochastic W for raw tie weights A (diagonal ignored, as the engine's A has none)."""
    A = A.copy()
    np.fill_diagonal(A, 0.0)
    return (np.eye(len(A)) + A) / (1.0 + A.sum(axis=1))[:, None]


def ties_from_weights(W: np.ndarray) -> np.ndarray:
    """Invert weights_from_ties: A_ij = W_ij / W_ii."""
    A = W / np.diag(W)[:, None]
    np.fill_diagonal(A, 0.0)
    return A


def closed_form(A: np.ndarray, theta: np.ndarray, u: np.ndarray) -> np.ndarray:
    n = len(u)
    W = weights_from_ties(A)
    Lam = np.diag(1.0 - theta)
    return np.linalg.solve(np.eye(n) - Lam @ W, (np.eye(n) - Lam) @ u)


def iterate(x: np.ndarray, u: np.ndarray, theta: np.ndarray, A: np.ndarray, *, max_steps: int = 20_000,
            B: np.ndarray | None = None, rho: float = 0.0) -> np.ndarray:
    n = len(x)
    B = np.zeros((n, n)) if B is None else B
    zero = np.zeros(n)
    for _ in range(max_steps):
        new, _ = opinion_step(x, u, theta, A, B, rho, zero)
        if np.max(np.abs(new - x)) < 1e-15:
            return new
        x = new
    raise AssertionError("opinion_step did not converge")


def fj_setup() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = ties_from_weights(FJ_W)
    theta = np.diag(FJ_W).copy()  # stubbornness theta_i = 1 - lambda_i = w_ii
    u = to_stance(FJ_U_0_100)
    return A, theta, u


def test_engine_weights_reproduce_the_published_influence_matrix() -> None:
    A, _, _ = fj_setup()
    assert np.all(A >= 0)
    np.testing.assert_allclose(weights_from_ties(A), FJ_W, atol=1e-15)


def test_friedkin_johnsen_1999_example_converges_to_closed_form() -> None:
    A, theta, u = fj_setup()
    x = iterate(u.copy(), u, theta, A)
    expected = closed_form(A, theta, u)
    np.testing.assert_allclose(x, expected, rtol=0, atol=1e-10)
    # ... and the closed form is the published one (rounded to whole points there).
    np.testing.assert_allclose(50.0 + 50.0 * x, FJ_PUBLISHED, atol=0.05)
    # The fully stubborn actor (w_33 = 1) never moved; the others settled apart (no consensus).
    assert x[2] == pytest.approx(u[2], abs=1e-15)
    assert np.ptp(x) > 0.25


def test_a_hand_built_network_with_hostile_anchors_converges_to_closed_form() -> None:
    # Two camps joined by one bridge, everyone somewhat stubborn, anchors far apart.
    A = np.array([
        [0.0, 0.8, 0.3, 0.0],
        [0.5, 0.0, 0.0, 0.0],
        [0.2, 0.0, 0.0, 0.9],
        [0.0, 0.0, 0.6, 0.0],
    ])
    theta = np.array([0.3, 0.6, 0.2, 0.5])
    u = np.array([-0.9, -0.4, 0.7, 0.95])
    x0 = np.array([0.1, -0.2, 0.0, 0.3])  # the start need not equal the anchors
    x = iterate(x0, u, theta, A)
    np.testing.assert_allclose(x, closed_form(A, theta, u), rtol=0, atol=1e-10)


def test_one_step_is_theta_u_plus_one_minus_theta_W_x() -> None:
    A, theta, u = fj_setup()
    x = np.array([0.3, -0.7, 0.1, 0.9])
    n = len(x)
    new, parts = opinion_step(x, u, theta, A, np.zeros((n, n)), 0.0, np.zeros(n))
    W = weights_from_ties(A)
    np.testing.assert_allclose(new, theta * u + (1 - theta) * (W @ x), rtol=0, atol=1e-15)
    # The parts it reports add up to the change, and nothing was pushed or clipped.
    total = sum(parts.values())
    np.testing.assert_allclose(total, new - x, rtol=0, atol=1e-15)
    assert not np.any(parts["repulsion"])
    assert not np.any(parts["limit"])


@settings(deadline=None, max_examples=40)
@given(
    n=st.integers(2, 7),
    data=st.data(),
)
def test_random_networks_converge_to_closed_form(n: int, data: st.DataObject) -> None:
    unit = st.floats(0.0, 1.0, allow_nan=False)
    A = data.draw(hnp.arrays(float, (n, n), elements=st.floats(0.0, 2.0, allow_nan=False)))
    np.fill_diagonal(A, 0.0)
    theta = data.draw(hnp.arrays(float, n, elements=st.floats(0.05, 1.0, allow_nan=False)))
    u = data.draw(hnp.arrays(float, n, elements=st.floats(-1.0, 1.0, allow_nan=False)))
    x0 = data.draw(hnp.arrays(float, n, elements=unit)) * 2 - 1
    x = iterate(x0, u, theta, A)
    np.testing.assert_allclose(x, closed_form(A, theta, u), rtol=0, atol=1e-10)
    # One step from anywhere is exactly the FJ map.
    new, _ = opinion_step(x0, u, theta, A, np.zeros((n, n)), 0.0, np.zeros(n))
    np.testing.assert_allclose(new, theta * u + (1 - theta) * (weights_from_ties(A) @ x0), rtol=0, atol=1e-14)


def test_rho_zero_ignores_hostile_ties() -> None:
    A, theta, u = fj_setup()
    B = np.full((4, 4), 0.7)
    np.fill_diagonal(B, 0.0)
    x = np.array([0.3, -0.7, 0.1, 0.9])
    with_b, parts = opinion_step(x, u, theta, A, B, 0.0, np.zeros(4))
    without, _ = opinion_step(x, u, theta, A, np.zeros((4, 4)), 0.0, np.zeros(4))
    np.testing.assert_array_equal(with_b, without)
    assert not np.any(parts["repulsion"])


def test_fully_stubborn_actors_stay_at_their_anchors() -> None:
    rng = np.random.default_rng(7)
    n = 6
    A = rng.uniform(0, 1.5, (n, n))
    B = rng.uniform(0, 1.5, (n, n))
    np.fill_diagonal(A, 0.0)
    np.fill_diagonal(B, 0.0)
    u = rng.uniform(-1, 1, n)
    theta = np.ones(n)
    x = rng.uniform(-1, 1, n)
    for rho in (0.0, 0.2, 0.6):
        y = x.copy()
        for _ in range(50):
            y, parts = opinion_step(y, u, theta, A, B, rho, np.zeros(n))
            np.testing.assert_allclose(y, u, rtol=0, atol=1e-15)
            assert not np.any(parts["influence"]) and not np.any(parts["repulsion"])


def test_repulsion_pushes_apart() -> None:
    # Actor 0 (neutral anchor) sits between a hostile actor at +0.8 and no friends: it moves away.
    x = np.array([0.0, 0.8])
    u = np.array([0.0, 0.8])
    theta = np.array([0.3, 1.0])
    A = np.zeros((2, 2))
    B = np.array([[0.0, 1.0], [0.0, 0.0]])
    new, parts = opinion_step(x, u, theta, A, B, 0.2, np.zeros(2))
    assert new[0] < 0.0
    assert parts["repulsion"][0] == pytest.approx(-(1 - 0.3) * 0.2 * 0.8 / 2)


@settings(deadline=None, max_examples=60)
@given(
    n=st.integers(2, 8),
    rho=st.floats(1e-3, 2.0),
    noise_sd=st.sampled_from([0.0, 0.01, 0.1]),
    steps=st.integers(1, 30),
    data=st.data(),
)
def test_repulsion_keeps_stances_in_bounds(n: int, rho: float, noise_sd: float, steps: int,
                                           data: st.DataObject) -> None:
    A = data.draw(hnp.arrays(float, (n, n), elements=st.floats(0.0, 3.0)))
    B = data.draw(hnp.arrays(float, (n, n), elements=st.floats(0.0, 3.0)))
    np.fill_diagonal(A, 0.0)
    np.fill_diagonal(B, 0.0)
    # Extreme ends included: everyone at the edges is the worst case for overshoot.
    edge = st.one_of(st.sampled_from([-1.0, 1.0]), st.floats(-1.0, 1.0))
    x = data.draw(hnp.arrays(float, n, elements=edge))
    u = data.draw(hnp.arrays(float, n, elements=edge))
    theta = data.draw(hnp.arrays(float, n, elements=st.floats(0.05, 1.0)))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    assert B.sum() >= 0
    for _ in range(steps):
        noise = rng.normal(0, noise_sd, n) if noise_sd else np.zeros(n)
        new, parts = opinion_step(x, u, theta, A, B, rho, noise)
        assert np.all(np.isfinite(new))
        assert np.all(new >= -1.0) and np.all(new <= 1.0)
        # The reported parts (including the clip) still account for the whole change.
        np.testing.assert_allclose(sum(parts.values()), new - x, rtol=0, atol=1e-12)
        x = new
