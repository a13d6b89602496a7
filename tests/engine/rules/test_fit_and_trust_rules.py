"""Rules of landing and of trust: fit both ways with backfire, side effects, luck; trust slow to win and
quick to lose, with debt; trust between actors held by its memory."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sysplay.engine.fit import landing, luck, side, verdict
from sysplay.engine.trust import ceiling, shift_tie, shift_trust, trust_delta
from tests.engine.rules.tiny import close, set_tie, tiny

CAUSE = ("event", "test", ())


@pytest.mark.parametrize(("k", "m"), [(1.3, 1.3), (0.9, 0.9), (0.5, 0.5), (0.4, 0.25), (0.3, 0.0),
                                      (0.2, -0.25), (0.0, -0.75), (2.5, 1.6)])
def test_a_move_lands_by_its_fit_and_backfires_below_a_fit_of_0_3(k: float, m: float) -> None:
    """At or above 0.5 a move lands ``k`` times as written (at most 1.6); below, 0.5 - 2.5*(0.5 - k)."""
    assert close(landing(k), m)


def test_without_backfire_a_poor_fit_only_shrinks_the_move() -> None:
    assert close(landing(0.2, backfire=False), 0.2)


@pytest.mark.parametrize(("k", "h"), [(1.0, 1.0), (1.3, 0.7), (0.3, 1.7), (0.1, 1.75), (1.8, 0.5)])
def test_side_effects_land_two_minus_the_fit_times_as_written(k: float, h: float) -> None:
    assert close(side(k), h)


@pytest.mark.parametrize(("z", "expected"), [(0.0, 1.0), (1.0, math.exp(0.2)), (-1.0, math.exp(-0.2)),
                                             (10.0, 1.6), (-10.0, 0.5)])
def test_luck_is_exp_of_spread_times_a_normal_draw_within_half_and_1_6(z: float, expected: float) -> None:
    assert close(luck(z, 0.2), expected)


def test_verdicts_name_how_a_move_landed() -> None:
    assert [verdict(m) for m in (-0.3, 0.1, 0.5, 1.0, 1.2)] == [
        "backfired", "fell flat", "landed weakly", "landed", "landed well"]


def test_trust_gains_shrink_near_the_top_and_with_debt() -> None:
    """A gain lands ``amount * (1 - trust) * (1 - debt)``."""
    got = trust_delta(np.array([0.2, 0.8, 0.2]), np.array([0.0, 0.0, 0.5]), 0.1, 2.0)
    np.testing.assert_allclose(got, [0.1 * 0.8, 0.1 * 0.2, 0.1 * 0.8 * 0.5])


def test_a_loss_of_trust_costs_twice_what_it_says_and_half_of_it_becomes_debt() -> None:
    tc = tiny(1 + 1)
    s = tc.state
    s.tau[:] = [0.6, 0.6]
    shift_trust(tc, np.array([0]), -0.05, CAUSE)
    assert close(float(s.tau[0]), 0.6 - 0.1)
    assert close(float(s.debt[0]), 0.5 * 0.1)
    assert s.tau[1] == 0.6 and s.debt[1] == 0.0


def test_a_breach_costs_more_than_the_gain_it_undoes() -> None:
    tc = tiny(2)
    s = tc.state
    s.tau[0] = 0.5
    shift_trust(tc, np.array([0]), 0.08, CAUSE)
    shift_trust(tc, np.array([0]), -0.08, CAUSE)
    assert s.tau[0] < 0.5 - 0.08, "the loss is bigger than the gain it undoes"
    gained = 0.08 * 0.5
    assert close(float(s.tau[0]), 0.5 + gained - 0.16)


def test_trust_debt_slows_the_recovery_that_follows() -> None:
    tc = tiny(2)
    s = tc.state
    s.tau[:] = [0.5, 0.5]
    shift_trust(tc, np.array([0]), -0.1, CAUSE)  # actor 0 is let down; actor 1 simply starts lower
    s.tau[1] = s.tau[0]
    shift_trust(tc, np.array([0, 1]), 0.1, CAUSE)
    assert s.tau[0] < s.tau[1]


def test_trust_between_actors_gains_less_the_higher_it_is_and_loses_twice() -> None:
    tc = tiny(2)
    set_tie(tc, 0, 1, 0.5, memory=0.5)
    assert close(shift_tie(tc, 0, 1, 0.1, CAUSE), 0.1 * 0.5)
    set_tie(tc, 0, 1, -0.2, memory=-0.2)
    assert close(shift_tie(tc, 0, 1, 0.1, CAUSE), 0.1)  # gains are not shrunk below zero trust
    assert close(shift_tie(tc, 0, 1, -0.05, CAUSE), -0.1)


def test_trust_between_actors_cannot_run_further_ahead_of_their_memory_than_the_headroom() -> None:
    tc = tiny(2)
    set_tie(tc, 0, 1, 0.15, memory=-0.45)
    assert close(ceiling(tc, 0, 1), -0.45 + 0.6)
    assert close(shift_tie(tc, 0, 1, 0.2, CAUSE), 0.0), "already at the ceiling: no gain"
    set_tie(tc, 0, 1, 0.0, memory=-0.45)
    assert close(shift_tie(tc, 0, 1, 0.3, CAUSE), 0.15), "a gain stops at the ceiling"
    causes = tc.ledger.causes(tc.state.turn, ("tie_trust", 0, 1))
    assert [c.kind for c in causes][-2:] == ["event", "ceiling"] and close(causes[-1].amount, -0.15)
