"""Rules of the situation: agreement, certainty, the Stacey zone and the group's mood."""

from __future__ import annotations

import numpy as np
import pytest

from sysplay.engine.context import agreement, certainty, conflict, context_of, zone_for
from sysplay.engine.reveal import learn
from tests.engine.rules.tiny import close, set_tie, tiny


def test_agreement_is_one_minus_the_power_weighted_spread_of_stances_over_a_half() -> None:
    tc = tiny(3)
    s = tc.state
    s.x[:] = [-0.2, 0.0, 0.4]
    s.power[:] = [0.5, 0.25, 0.25]
    mean = 0.5 * -0.2 + 0.25 * 0.0 + 0.25 * 0.4
    sd = np.sqrt(0.5 * (-0.2 - mean) ** 2 + 0.25 * (0 - mean) ** 2 + 0.25 * (0.4 - mean) ** 2)
    assert close(agreement(s), 1 - min(1.0, sd / 0.5))


def test_conflict_is_the_hostile_share_of_tie_weight() -> None:
    tc = tiny(3)
    set_tie(tc, 0, 1, -0.6, 0.5)
    set_tie(tc, 1, 2, 0.2, 1.0)
    hostile = 2 * 0.5 * 0.6
    total = hostile + 2 * 1.0 * 0.2
    assert close(conflict(tc.state), hostile / total)


def test_certainty_reads_volatility_surprise_conflict_and_strain() -> None:
    tc = tiny(3)
    s = tc.state
    set_tie(tc, 0, 1, -0.5, 0.5)
    set_tie(tc, 1, 2, 0.5, 0.5)  # conflict 0.5
    s.volatility, s.surprise, s.strain = 0.3, 0.4, 0.2
    expected = 1 - 0.6 * 0.3 - 0.2 * 0.4 - 0.35 * 0.5 - 0.35 * 0.2
    assert close(certainty(s), expected)


def test_certainty_does_not_rise_when_the_player_learns_a_fact() -> None:
    tc = tiny(2, actors=[{"hidden": ["threshold", "stubbornness"], "concern": "Money.",
                          "facts": [{"id": "letter", "text": "A letter."}]}, {}])
    s = tc.state
    s.volatility = 0.2
    before = certainty(s)
    learn(tc, 0, "threshold")
    learn(tc, 0, "letter")
    assert certainty(s) == before
    assert context_of(s).certainty == before


@pytest.mark.parametrize(("a", "c", "zone"), [
    (0.2, 0.2, "chaos"), (0.7, 0.7, "simple"), (0.39, 0.6, "political"), (0.6, 0.39, "judgmental"),
    (0.5, 0.5, "complexity"), (0.69, 0.9, "complexity"), (0.25, 0.1, "complexity"),
])
def test_stacey_zone_thresholds(a: float, c: float, zone: str) -> None:
    assert zone_for(a, c) == zone


def test_the_mood_is_the_largest_share_of_the_four_basic_assumptions() -> None:
    tc = tiny(2)
    tc.state.mode[:] = [0.2, 0.1, 0.5, 0.2]
    assert context_of(tc.state).mode == "fight_flight"
