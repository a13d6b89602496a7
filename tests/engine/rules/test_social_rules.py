"""Rules of the people: anxiety and mood, opinions and anchors, relationships, adoption and bookkeeping."""

from __future__ import annotations

import math

import numpy as np

from sysplay.engine.social import (
    Edges,
    Mind,
    anxiety_target,
    bookkeeping,
    edge_weights,
    hostility,
    softmax,
    step_adoption,
    step_affect,
    step_opinions,
    step_relationships,
)
from sysplay.engine.turnctx import TurnContext
from tests.engine.rules.tiny import close, set_tie, tiny


def _mind(tc: TurnContext) -> tuple[Edges, Mind]:
    s = tc.state
    e = Edges.of(s.R, s.T)
    return e, Mind(s.x, s.anx, s.mode, s.holding, s.threat, s.dep_push, np.abs(s.x[e.src] - s.x[e.dst]))


# ----- affect ------------------------------------------------------------------------------------------

def test_anxiety_heads_for_a_target_set_by_pressure_and_eased_by_holding() -> None:
    """``0.1 + 0.8*(1 - exp(-1.5*pressure)) - 0.35*holding``, pressure ``threat + strain + 0.4*hostility + 0.3*press``."""
    got = anxiety_target(0.2, 0.3, np.array([0.5]), 0.4, 0.2)
    pressure = 0.2 + 0.3 + 0.4 * 0.5 + 0.3 * 0.4
    assert close(float(got[0]), 0.1 + 0.8 * (1 - math.exp(-1.5 * pressure)) - 0.35 * 0.2)


def test_anxiety_moves_forty_percent_of_the_way_each_turn() -> None:
    tc = tiny(2)
    s = tc.state
    s.anx[:] = [0.2, 0.9]
    s.holding = 0.0
    e, mind = _mind(tc)
    target = anxiety_target(0.0, 0.5, hostility(e, 2), 0.0, 0.0)
    step_affect(tc, mind, 0.5, e)
    assert np.allclose(s.anx, np.array([0.2, 0.9]) + 0.4 * (target - np.array([0.2, 0.9])))


def test_anxiety_can_reach_the_top_of_its_range_under_real_pressure() -> None:
    """Sustained pressure settles anxiety near 0.9 (the curve's ceiling); a shock on top takes it to 1."""
    assert anxiety_target(1.0, 1.0, np.array([1.0]), 1.0, 0.0)[0] > 0.85
    tc = tiny(2)
    s = tc.state
    s.holding = 0.0
    set_tie(tc, 0, 1, -0.9, 0.9)
    for _ in range(10):
        e, mind = _mind(tc)
        s.threat, s.press = 0.8, 0.8
        step_affect(tc, mind, 1.0, e)
    assert s.anx.min() > 0.85
    from sysplay.engine.effects import apply_effects
    from sysplay.scenarios.models import Effects

    apply_effects(tc, Effects(anxiety_all=0.15), np.arange(2), 1.0, ("event", "shock", ()))
    assert s.anx.min() == 1.0


def test_hostility_is_each_actors_hostile_share_of_its_tie_weight() -> None:
    tc = tiny(3)
    set_tie(tc, 0, 1, -0.5, 0.4, both=False)
    set_tie(tc, 0, 2, 0.5, 0.4, both=False)
    e, _ = _mind(tc)
    assert np.allclose(hostility(e, 3), [0.5, 0.0, 0.0])


def test_the_mood_keeps_sixty_percent_and_drifts_to_the_softmax_of_its_drives() -> None:
    tc = tiny(2)
    s = tc.state
    before = s.mode.copy()
    e, mind = _mind(tc)
    from sysplay.engine.social import mood_drives

    drives = mood_drives(tc, mind, e)
    step_affect(tc, mind, 0.0, e)
    assert np.allclose(s.mode, 0.6 * before + 0.4 * softmax(4 * drives))


def test_deferral_feeds_the_pull_to_wait_for_someone_to_decide() -> None:
    from sysplay.engine.social import mood_drives

    tc = tiny(2)
    e, mind = _mind(tc)
    base = mood_drives(tc, mind, e)[1]
    tc.state.deferral = 0.5
    assert close(mood_drives(tc, mind, e)[1] - base, 0.6 * 0.5)


# ----- opinions --------------------------------------------------------------------------------------

def test_anchors_follow_stances_at_a_fifth_of_the_holding_each_turn() -> None:
    tc = tiny(2)
    s = tc.state
    s.holding = 0.5
    s.u[:] = [0.0, 0.0]
    s.x[:] = [0.4, 0.4]
    e, mind = _mind(tc)
    step_opinions(tc, e, mind)
    assert np.allclose(s.u, 0.2 * 0.5 * s.x)


def test_trusted_ties_pull_and_hostile_ties_push() -> None:
    """Influence weight ``T * max(R, 0) * power of the other``; repulsion along hostile ties ``T * max(-R, 0) * power``."""
    tc = tiny(2, engine={"kernel": False})
    set_tie(tc, 0, 1, 0.5, 0.8)
    e, mind = _mind(tc)
    A, B = edge_weights(e, tc.state, mind, False)
    assert np.allclose(A, 0.8 * 0.5 * 0.5) and np.allclose(B, 0.0)
    set_tie(tc, 0, 1, -0.5, 0.8)
    e, mind = _mind(tc)
    A, B = edge_weights(e, tc.state, mind, False)
    assert np.allclose(A, 0.0) and np.allclose(B, 0.8 * 0.5 * 0.5)


# ----- relationships -------------------------------------------------------------------------------

def test_trust_between_actors_drifts_with_agreement_and_memory() -> None:
    """``0.03*(0.5 - gap)*T`` towards agreement, ``-0.02*(R - R0)`` back towards memory (no third party: no balance)."""
    tc = tiny(2)
    s = tc.state
    set_tie(tc, 0, 1, 0.2, 0.5, memory=0.0)
    s.x[:] = [0.0, 0.2]
    e, mind = _mind(tc)
    step_relationships(tc, e, mind)
    expected = 0.2 + 0.03 * (0.5 - 0.2) * 0.5 - 0.02 * (0.2 - 0.0)
    assert close(float(s.R[0, 1]), expected)
    assert close(float(s.R0[0, 1]), 0.1 * expected), "memory moves a tenth of the way to the new trust"


def test_untended_ties_fade_and_contact_keeps_them() -> None:
    tc = tiny(3)
    set_tie(tc, 0, 1, 0.2, 0.5)
    set_tie(tc, 1, 2, 0.2, 0.5)
    tc.contact = {(0, 1), (1, 0)}
    e, mind = _mind(tc)
    step_relationships(tc, e, mind)
    assert tc.state.T[0, 1] == 0.5 and close(float(tc.state.T[1, 2]), 0.5 * 0.97)


def test_with_trust_drift_off_trust_between_actors_stays_as_moves_leave_it() -> None:
    tc = tiny(2, engine={"trust_drift": False})
    set_tie(tc, 0, 1, 0.2, 0.5, memory=-0.5)
    tc.state.x[:] = [0.0, 0.9]
    e, mind = _mind(tc)
    step_relationships(tc, e, mind)
    assert tc.state.R[0, 1] == 0.2


def test_drift_cannot_carry_trust_past_its_memory_and_headroom() -> None:
    tc = tiny(2, engine={"memory_headroom": 0.1})
    s = tc.state
    set_tie(tc, 0, 1, 0.1, 1.0, memory=0.0)
    s.x[:] = [0.0, 0.0]  # full agreement pulls trust up
    e, mind = _mind(tc)
    step_relationships(tc, e, mind)
    assert close(float(s.R[0, 1]), 0.1), "held at memory 0.0 + headroom 0.1"


# ----- adoption ----------------------------------------------------------------------------------------

def test_an_actor_moves_on_a_stage_when_readiness_reaches_its_threshold() -> None:
    """``readiness = 0.5*(trusted share of adopters) + 0.5*(stance + 1)/2``; up one stage if >= threshold and stance > 0."""
    tc = tiny(2)
    s = tc.state
    set_tie(tc, 0, 1, 0.5, 0.5)
    s.stage[:] = [1, 4]
    s.x[:] = [0.2, 0.5]
    s.phi[:] = [0.8, 0.5]
    e, mind = _mind(tc)
    step_adoption(tc, e, mind)
    assert s.stage[0] == 2, f"readiness {0.5 * 1 + 0.5 * 0.6} >= 0.8"
    s.phi[0], s.stage[0] = 0.81, 1
    step_adoption(tc, e, mind)
    assert s.stage[0] == 1


def test_an_actor_steps_back_a_stage_when_its_stance_falls_below_minus_0_4() -> None:
    tc = tiny(2)
    s = tc.state
    s.stage[:] = [3, 0]
    s.x[:] = [-0.41, 0.0]
    e, mind = _mind(tc)
    step_adoption(tc, e, mind)
    assert list(s.stage) == [2, 0]


def test_hearing_from_trusted_triallists_makes_an_actor_aware_and_why_says_so() -> None:
    tc = tiny(2)
    s = tc.state
    set_tie(tc, 0, 1, 0.5, 0.5)
    s.stage[:] = [0, 3]
    e, mind = _mind(tc)
    step_adoption(tc, e, mind)
    assert s.stage[0] == 1
    causes = tc.ledger.causes(s.turn, ("stage", 0))
    assert [c.kind for c in causes] == ["heard"], "awareness from hearing, not a threshold crossing"


# ----- bookkeeping -----------------------------------------------------------------------------------

def test_bookkeeping_recovers_and_decays_at_their_rates() -> None:
    tc = tiny(2)
    s = tc.state
    s.theta[:], s.theta0[:] = [0.9, 0.5], [0.5, 0.5]
    s.holding, s.dep_push, s.threat, s.deferral, s.press = 0.5, 0.5, 0.5, 0.5, 0.5
    s.debt[:], s.owed[:], s.grievance[:] = [0.5, 0.0], [1.0, 0.1], [1.0, 0.0]
    s.withdrawn[:] = [2, 0]
    bookkeeping(tc)
    assert close(float(s.theta[0]), 0.9 + 0.3 * (0.5 - 0.9))
    assert close(s.holding, 0.45) and close(s.dep_push, 0.35) and close(s.threat, 0.4)
    assert close(s.deferral, 0.425) and close(s.press, 0.3)
    assert close(float(s.debt[0]), 0.5 * 0.97) and list(s.owed) == [0.75, 0.0] and close(float(s.grievance[0]), 0.8)
    assert list(s.withdrawn) == [1, 0]


def test_capital_regenerates_by_half_plus_the_packs_rate_times_power_weighted_trust() -> None:
    tc = tiny(2)
    s = tc.state
    s.capital = 1.0
    s.tau[:] = [0.2, 0.6]
    s.power[:] = [0.5, 0.5]
    bookkeeping(tc)
    assert close(s.capital, 1.0 + 0.5 + 1.5 * 0.4)
