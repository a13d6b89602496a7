"""The wrapper-free numpy helpers give the same bits as the numpy calls they replace."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sysplay.engine.fast import amax, clip, filled, flatnonzero, mean, total

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=True)
vectors = arrays(np.float64, st.integers(1, 300), elements=finite)


@settings(max_examples=200, deadline=None)
@given(vectors, st.sampled_from([(0.0, 1.0), (-1.0, 1.0), (-0.0, 1.0), (-1.0, -0.0), (0.02, 1.5), (-50.0, 50.0)]))
def test_clip_matches_numpy_bit_for_bit(a: np.ndarray, bounds: tuple[float, float]) -> None:
    lo, hi = bounds
    assert clip(a, lo, hi).tobytes() == np.clip(a, lo, hi).tobytes()


def test_clip_keeps_signed_zeros_as_numpy_does() -> None:
    a = np.array([-0.0, 0.0, -0.0])
    assert clip(a, 0, 1).tobytes() == np.clip(a, 0, 1).tobytes()
    assert np.signbit(clip(a, 0, 1)[0])  # np.clip leaves -0.0 alone; np.maximum would not
    assert float(clip(-0.0, 0.0, 1.0)) == 0.0 and np.signbit(clip(-0.0, 0.0, 1.0))


@settings(max_examples=200, deadline=None)
@given(vectors)
def test_sums_and_means_match_numpy(a: np.ndarray) -> None:
    assert total(a) == float(a.sum())
    assert mean(a) == float(a.mean())
    assert amax(a) == float(a.max())


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=finite))
def test_total_of_a_ravelled_matrix_matches_its_sum(m: np.ndarray) -> None:
    assert total(m.ravel()) == float(m.sum())


@settings(max_examples=100, deadline=None)
@given(arrays(np.bool_, st.tuples(st.integers(1, 30), st.integers(1, 30))), finite, st.integers(0, 50))
def test_filled_and_flatnonzero_match_numpy(mask: np.ndarray, value: float, n: int) -> None:
    assert flatnonzero(mask).tolist() == np.flatnonzero(mask).tolist()
    assert filled(n, value).tobytes() == np.full(n, value).tobytes()
