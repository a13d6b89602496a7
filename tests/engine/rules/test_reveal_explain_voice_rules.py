"""Rules of what listening reveals, of "why?", and of which voice line is spoken; regressions for the bugs
engine 2 fixed."""

from __future__ import annotations

from typing import Any

import numpy as np

import sysplay
from sysplay.engine.act import play
from sysplay.engine.explain import explain
from sysplay.engine.game import Game
from sysplay.engine.moves import PlannedMove
from sysplay.engine.reveal import known, reveal, reveal_ties, unrevealed
from sysplay.engine.view import voice_index
from tests.engine.rules.tiny import MOVES, game, tiny


def test_a_reveal_succeeds_when_its_draw_is_below_reveal_base_plus_0_6_times_trust() -> None:
    from sysplay.engine.rng import stream

    for seed in range(1, 60):
        for tau in (0.0, 0.3, 0.6):
            tc = tiny(2, seed=seed, actors=[{"hidden": ["threshold"]}, {}], engine={"reveal_base": 0.2})
            tc.state.tau[0] = tau
            roll = float(stream(seed, 1, "reveal").random())
            assert bool(reveal(tc, np.array([0]), 1)) == (roll < 0.2 + 0.6 * tau)


def test_an_actors_facts_are_revealed_one_at_a_time_after_its_hidden_numbers_and_only_when_trusted() -> None:
    facts = [{"id": "letter", "text": "The board wrote to her."}, {"id": "bid", "text": "They are bidding.",
                                                                   "trust_at_least": 0.7}]
    tc = tiny(2, actors=[{"hidden": ["threshold"], "facts": facts}, {}], engine={"reveal_base": 1.0})
    tc.state.tau[0] = 0.5
    assert unrevealed(tc, 0) == ["threshold", "letter"], "the bid is told only to someone trusted at 0.7"
    assert reveal(tc, np.array([0]), 3) == [(0, "threshold"), (0, "letter")]
    assert known(tc, 0, "letter") and not known(tc, 0, "bid")
    tc.state.tau[0] = 0.7
    assert reveal(tc, np.array([0]), 1) == [(0, "bid")]


def test_a_move_can_require_one_of_an_actors_own_facts() -> None:
    moves = [*MOVES, {"id": "use_letter", "name": "Use the letter", "kind": "advocate", "description": "Use it.",
                      "target": "actor", "requires": [{"knows": "a0.letter"}], "effects": {"stance": 0.1}}]
    g = game(2, interventions=moves, actors=[{"facts": [{"id": "letter", "text": "A letter."}]}, {}])
    option = next(o for o in g.options() if o.intervention.id == "use_letter")
    assert not option.available and "letter" in option.reason
    g.state.fact_known[0] = True
    g.tc.end_of_turn()
    assert next(o for o in g.options() if o.intervention.id == "use_letter").available


def test_a_one_way_tie_does_not_make_a_hidden_reverse_tie_to_reveal() -> None:
    relationships = [{"from": "a1", "to": "a0", "trust": -0.2, "tie": 0.3, "mutual": False}]
    tc = tiny(2, relationships=relationships, engine={"reveal_base": 1.0})
    assert reveal_ties(tc, np.array([0]), 1) == []
    assert not tc.state.tie_known[0, 1] and tc.state.T[0, 1] == 0


def test_riverside_hospital_learns_of_no_tie_it_already_showed_in_any_seed() -> None:
    """The Healthwatch and PCN ties to the hospital are one-way and known: listening to the hospital finds nothing."""
    pack = sysplay.load_pack("riverside_winter")
    acute = pack.actors.index(pack.actor("acute"))
    for seed in range(1, 30):
        g = Game(pack, seed)
        g.plan("listen_one_to_one", "acute")
        r = g.end_turn()
        assert not r.moves[0].applied or not r.moves[0].applied.tie_reveals, seed
        assert not g.state.tie_known[acute].any() or all(
            g.state.T[acute, j] > 0.05 for j in np.flatnonzero(g.state.tie_known[acute]))


def test_why_credits_tailoring_only_to_the_actor_whose_concern_you_knew() -> None:
    tc_pack: dict[str, Any] = dict(actors=[{"concern": "Money.", "hidden": ["concern"]}, {"concern": "Beds.", "hidden": ["concern"]}],
                   engine={"pilots_can_fail": False, "stacey": {"experiment": [1.0] * 5},
                           "bion": {"experiment": [1.0] * 4}})
    g = game(2, **tc_pack)
    g.state.known[0, 0] = True  # the concern of a0 only
    g.plan("pilot", ("a0", "a1"))
    g.end_turn()
    why_a0 = [text for _a, text in explain(g, ("stance", 0), 1).causes if "your 'Pilot'" in text]
    why_a1 = [text for _a, text in explain(g, ("stance", 1), 1).causes if "your 'Pilot'" in text]
    assert "because you knew their concern" in why_a0[0]
    assert "concern" not in why_a1[0]


def test_the_most_specific_true_voice_line_is_spoken() -> None:
    voice = [{"line": "Hello."}, {"line": "Not you again.", "trust_below": 0.3},
             {"line": "Not you again, and the queue is long.", "trust_below": 0.3, "when": "queue > 60"}]
    g = game(2, actors=[{"voice": voice}, {}])
    g.state.tau[0] = 0.5
    assert voice_index(g, 0) == 0, "only the unconditional line holds"
    g.state.tau[0] = 0.2
    g.tc.invalidate()
    assert voice_index(g, 0) == 1, "written after the plain line, but more specific"
    g.state.stocks["queue"] = 70
    g.tc.invalidate()
    assert voice_index(g, 0) == 2, "a when that holds makes it more specific still"


def test_a_voice_line_can_read_the_system_through_when() -> None:
    voice = [{"line": "We chose the beds.", "when": "chose_money_beds > 0"}, {"line": "Hello."}]
    events = [{"id": "money", "title": "Money", "text": ".", "when": "turn >= 1",
               "choices": [{"id": "beds", "label": "Beds"}, {"id": "homes", "label": "Homes"}]}]
    g = game(2, actors=[{"voice": voice}, {}], events=events)
    g.end_turn()
    assert voice_index(g, 0) == 1
    g.answer("beds")
    g.end_turn()
    assert voice_index(g, 0) == 0


def test_tailoring_moves_the_move_result_only_for_known_concerns() -> None:
    tc = tiny(2, actors=[{"concern": "Money."}, {"concern": "Beds.", "hidden": ["concern"]}],
              engine={"stacey": {"dialogue": [1.0] * 5}, "bion": {"dialogue": [1.0] * 4}})
    r = play(tc, PlannedMove("convene", ("a0", "a1")), tc.context)
    assert r.tailored == ("a0",)
