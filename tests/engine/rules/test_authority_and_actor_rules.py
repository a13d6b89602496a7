"""Rules of authority and of actors acting on their own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sysplay.engine.act import play
from sysplay.engine.actors import respond_weights, segments, step_actors, urges
from sysplay.engine.explain import describe_action, explain
from sysplay.engine.moves import PlannedMove
from sysplay.engine.social import Edges
from sysplay.engine.turnctx import TurnContext
from sysplay.errors import RefusedMove
from sysplay.scenarios.authority import inferred_level, levels, seat_of
from tests.engine.rules.tiny import MOVES, close, game, set_tie, tiny, tiny_pack

FITS = {"stacey": {"directive": [1.0] * 5}, "bion": {"directive": [1.0] * 4}}


# ----- authority ----------------------------------------------------------------------------------

def test_an_instruction_beyond_the_roles_authority_cannot_be_planned() -> None:
    g = game(2, actors=[{"authority": "convening"}, {"authority": "contractual"}])
    with pytest.raises(RefusedMove) as err:
        g.plan("instruct", "a0")
    assert err.value.reason == "authority" and "needs contractual authority" in str(err.value)
    assert "a0" not in g.allowed_targets("instruct") and "a1" in g.allowed_targets("instruct")
    g.plan("instruct", "a1")


def test_an_instruction_beyond_authority_where_the_pack_allows_it_causes_an_incident() -> None:
    moves = [dict(m, beyond_authority="incident") if m["id"] == "instruct" else m for m in MOVES]
    tc = tiny(3, interventions=moves, engine=FITS,
              actors=[{"authority": "none"}, {"authority": "convening"}, {"authority": "convening"}])
    s = tc.state
    s.tau[:] = 0.5
    set_tie(tc, 1, 0, 0.5)  # a1 is a0's ally
    capital = s.capital
    r = play(tc, PlannedMove("instruct", ("a0",)), tc.context)
    assert r.incident == ("a0",) and close(r.landing, -0.5)
    assert close(s.capital, capital - 1 - 2), "the move's own capital and the incident's"
    assert s.x[0] < 0, "the instruction pushes them the other way"
    assert s.tau[1] < 0.5 and s.tau[2] == 0.5, "their ally noticed; the actor with no tie to them did not"
    assert close(s.threat, 0.1) and close(s.press, 0.15) and s.grievance[0] == 1.0


def test_authority_is_worked_out_from_the_roles_seat_where_the_pack_is_silent() -> None:
    data_actors = [{"authority": None, "type": t} for t in ("acute_trust", "council_asc", "pcn", "regulator")]
    pack = tiny_pack(4, actors=data_actors, meta={"role": {"title": "Place director", "organisation":
                                                           "Northgate Integrated Care Board", "briefing": "You."}})
    assert seat_of(pack) == "icb"
    assert levels(pack) == [2, 1, 1, 0]  # contract with the trust; convene the council and GPs; not the regulator
    assert inferred_level("council_asc", "care_provider") == 2 and inferred_level("council_asc", "council_asc") == 3


def test_escalation_shifts_ownership_away_from_the_place() -> None:
    g = game(2, engine={"actors": {"initiative": 0.5}})
    g.plan("escalate")
    g.end_turn()
    assert close(g.state.deferral, 0.35 * 0.85), "escalation adds 0.35; bookkeeping keeps 85% a turn"


# ----- urges ----------------------------------------------------------------------------------------

def _urges(tc: TurnContext) -> np.ndarray:
    e = Edges.of(tc.state.R, tc.state.T)
    return urges(tc, e, segments(e, len(tc.state.x)))[0]


def test_the_urge_to_collaborate_rises_with_trust_and_calm() -> None:
    tc = tiny(2)
    set_tie(tc, 0, 1, 0.65, 0.8)
    tc.state.anx[:] = [0.2, 0.2]
    w = _urges(tc)
    assert close(w[0, 0], 0.5 * (1 - 0.2) * (0.65 - 0.3) / 0.7 * 0.8)


def test_the_urge_to_withdraw_rises_with_anxiety_above_0_55() -> None:
    tc = tiny(2)
    tc.state.anx[:] = [0.775, 0.5]
    tc.state.tau[:] = [0.2, 0.2]
    w = _urges(tc)
    assert close(w[1, 0], 0.8 * 0.5 * (0.5 + 0.5 * 0.8)) and w[1, 1] == 0.0


def test_the_urge_to_blame_needs_anxiety_and_a_hostile_tie() -> None:
    tc = tiny(2)
    set_tie(tc, 0, 1, -0.5, 0.6)
    s = tc.state
    s.anx[:] = [0.725, 0.3]
    s.mode[:] = [0.5, 0.1, 0.3, 0.1]
    w = _urges(tc)
    ff = float(s.val[0, 1])
    assert close(w[2, 0], 1.2 * 0.5 * 0.5 * 0.6 * (0.6 + 0.3 + ff)) and w[2, 1] == 0.0


def test_the_urge_to_ally_against_the_plan_needs_two_opposed_who_trust_each_other() -> None:
    tc = tiny(2)
    set_tie(tc, 0, 1, 0.5, 0.4)
    s = tc.state
    s.x[:] = [-0.6, -0.4]
    s.grievance[:] = [0.3, 0.0]
    w = _urges(tc)
    assert close(w[3, 0], 0.8 * 0.4 * (0.5 * 0.4 * 0.2) * (0.5 + 0.3))


def test_the_urge_to_go_over_your_head_rises_with_grievance_and_distrust() -> None:
    tc = tiny(2)
    s = tc.state
    s.tau[:] = [0.2, 0.9]
    s.power[:] = [0.8, 0.8]
    s.grievance[:] = [2.0, 0.0]
    s.x[:] = [-0.5, 0.3]
    s.anx[:] = [0.6, 0.6]
    w = _urges(tc)
    assert close(w[4, 0], 0.6 * 0.8 * 0.8 * (0.5 * 1.5 + 0.5 * 0.5 * 0.6))


def test_a_behaviour_weighted_zero_is_switched_off() -> None:
    tc = tiny(2, engine={"actors": {"initiative": 1, "behaviours": {"blame": 0}}})
    set_tie(tc, 0, 1, -0.8, 0.9)
    tc.state.anx[:] = 1.0
    assert _urges(tc)[2].max() == 0.0


# ----- acting -------------------------------------------------------------------------------------

def _blame_setup(**engine: Any) -> TurnContext:
    tc = tiny(2, engine={"actors": {"initiative": 1.0, "behaviours": {"collaborate": 0, "withdraw": 0, "ally": 0,
                                                                      "over_your_head": 0}}, **engine})
    set_tie(tc, 0, 1, -0.6, 0.9)
    tc.state.anx[:] = [1.0, 0.1]
    return tc


def test_an_actor_blames_another_in_public_on_its_own_initiative_and_why_explains_it() -> None:
    tc = _blame_setup()
    s = tc.state
    actions = step_actors(tc)
    assert [(a.actor, a.behaviour, a.target) for a in actions] == [("a0", "blame", "a1")]
    assert close(float(s.R[0, 1]), -0.6 - 0.1) and close(float(s.R[1, 0]), -0.6 - 0.1), "trust falls both ways"
    assert close(s.press, 0.15) and close(s.threat, 0.05) and close(float(s.anx[1]), 0.15)
    words = describe_action(tc.pack, actions[0])
    assert "blamed Actor 1 in public" in words and "anxiety was high (1.00)" in words and "(-0.60)" in words


def test_why_names_the_actors_own_action_as_the_cause_of_a_change() -> None:
    g = game(2, engine={"actors": {"initiative": 1.0, "behaviours": {"collaborate": 0, "withdraw": 0, "ally": 0,
                                                                     "over_your_head": 0}}})
    set_tie(g.tc, 0, 1, -0.6, 0.9)
    g.state.anx[:] = [1.0, 0.1]
    g.state.tie_known[:] = True
    r = g.end_turn()
    assert any(a.behaviour == "blame" for a in r.actions)
    e = explain(g, ("tie_trust", 1, 0), 1)
    assert any("own action: blaming Actor 1 in public" in text for _a, text in e.causes)


def test_an_actor_acts_with_a_chance_of_initiative_times_its_urge() -> None:
    """One draw per actor decides: it acts when the draw is below initiative x (1 - 0.7 x deferral) x urge."""
    acted = 0
    for seed in range(1, 201):
        tc = tiny(2, seed=seed, engine={"actors": {"initiative": 0.5, "behaviours": {
            "collaborate": 0, "withdraw": 0, "ally": 0, "over_your_head": 0}}})
        set_tie(tc, 0, 1, -0.6, 0.9)
        tc.state.anx[:] = [1.0, 0.1]
        urge = float(_urges(tc)[2, 0])
        acted += bool(step_actors(tc))
    assert 0.5 * min(1.0, urge) * 200 * 0.8 < acted < 0.5 * min(1.0, urge) * 200 * 1.2


def test_escalation_damps_every_actors_initiative() -> None:
    counts = []
    for deferral in (0.0, 1.0):
        n = 0
        for seed in range(1, 101):
            tc = _blame_setup()
            tc.seed = seed
            from sysplay.engine.turnctx import Streams

            tc.streams = Streams(seed)
            tc.state.deferral = deferral
            n += bool(step_actors(tc))
        counts.append(n)
    assert counts[1] < counts[0] * 0.45


def test_at_most_engine_actors_most_act_in_a_turn_the_strongest_urges_first() -> None:
    tc = tiny(6, engine={"actors": {"initiative": 1.0, "most": 2, "behaviours": {
        "collaborate": 0, "blame": 0, "ally": 0, "over_your_head": 0}}})
    tc.state.anx[:] = [0.9, 1.0, 0.95, 0.6, 1.0, 0.99]
    tc.state.tau[:] = 0.0
    acted = [a.actor for a in step_actors(tc)]
    assert acted == ["a1", "a4"]


@pytest.mark.parametrize(("tau", "x", "anx", "level", "beyond", "weights"), [
    (0.6, 0.2, 0.5, 2, False, (0.6 + 0.3 + 0.18, 0.5, 0.24)),
    (0.1, -0.5, 0.5, 1, True, (0.1 + 0.15 + 0.075, 0.5, 0.54 + 0.5 + 0.8)),
])
def test_an_instructed_actor_leans_to_comply_stall_or_resist(tau: float, x: float, anx: float, level: int, beyond: bool,
                                                             weights: tuple[float, float, float]) -> None:
    assert np.allclose(respond_weights(tau, x, anx, level, beyond), weights)


def test_an_instruction_is_answered_the_same_turn_and_resisting_undoes_more_than_it_did() -> None:
    answers: dict[str, list[float]] = {}
    for seed in range(1, 60):
        g = game(2, seed=seed, engine=FITS)
        g.state.tau[:] = 0.05
        g.state.x[:] = -0.5
        g.plan("instruct", "a0")
        r = g.end_turn()
        push = 0.2 * 1.0 * (0.5 + 0.0)  # the instruction's trust cost lands first: 0.05 - 2 x 0.1, held at 0
        answer = next(a.detail for a in r.actions if a.behaviour == "respond")
        answers.setdefault(answer, []).append(g.history[-1].x[0] + push)  # where the push alone would have left it
        if answer == "resist":
            causes = [c.source for c in g.ledger.causes(1, ("stance", 0))]
            assert "respond_resist" in causes
            assert close(sum(c.amount for c in g.ledger.causes(1, ("stance", 0)) if c.kind == "actor"), -1.5 * push)
    assert {"comply", "stall", "resist"} <= set(answers)


def test_a_packs_own_actor_move_reads_the_actor_through_self_names() -> None:
    moves = [{"id": "cover", "title": "{actor} asks its board for cover", "urge": "self_anxiety - 0.5",
              "actors": ["a1"], "effects": {"trust": -0.05}}]
    tc = tiny(2, actor_moves=moves, engine={"actors": {"initiative": 1.0, "behaviours": {
        "collaborate": 0, "withdraw": 0, "blame": 0, "ally": 0, "over_your_head": 0}}})
    tc.state.anx[:] = [1.0, 1.0]
    tc.state.tau[:] = [0.5, 0.5]
    acts = step_actors(tc)
    assert [(a.actor, a.behaviour, a.detail) for a in acts] == [("a1", "move", "cover")]
    assert close(float(tc.state.tau[1]), 0.5 - 0.1) and tc.state.tau[0] == 0.5
    assert describe_action(tc.pack, acts[0]) == "Actor 1 asks its board for cover."
    assert tc.state.moved == {"cover:a1": 1}
