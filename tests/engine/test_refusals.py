"""Every refused move is refused for the right reason and changes nothing: not the state, not the diary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from sysplay.engine.game import Game
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Pack
from sysplay.simulate.synthetic import synthetic_pack


def _fingerprint(g: Game) -> tuple[Any, ...]:
    return (g.state_hash(), list(g.diary), g.answer_given, g.turn, len(g.history), len(g.results),
            g.pending_dilemma, g.finished, g.ledger.turns())


def refused(g: Game, action: Callable[[], Any], reason: str) -> RefusedMove:
    """Run ``action``, which must be refused with ``reason``, and check nothing changed."""
    before = _fingerprint(g)
    with pytest.raises(RefusedMove) as info:
        action()
    assert info.value.reason == reason, str(info.value)
    assert str(info.value), "a refusal should say why"
    assert _fingerprint(g) == before
    return info.value


@pytest.fixture
def pack() -> Pack:
    return synthetic_pack(8, 4, 3, 12)


@pytest.fixture
def game(pack: Pack) -> Game:
    return Game(pack, 5)


def test_unknown_intervention(game: Game) -> None:
    refused(game, lambda: game.plan("teleport", ("a0",)), "unknown")
    game.plan("listen", ("a0",))
    refused(game, lambda: game.plan("teleport"), "unknown")
    assert [m.intervention for m in game.diary] == ["listen"]


@pytest.mark.parametrize(("iv", "targets"), [
    ("listen", ()),
    ("listen", ("a0", "a1")),
    ("broker", ("a0",)),
    ("broker", ("a0", "a1", "a2")),
    ("convene", ("a0", "a1")),  # group_min 3
    ("convene", ("a0", "a1", "a2", "a3", "a4")),  # group_max 4
    ("pilot", ("a0",)),  # group_min 2
    ("reflect", ("a0",)),  # takes no target
    ("escalate", ("a0",)),  # aimed at everyone, takes no target
    ("broker", ("a0", "a0")),  # the same actor twice
])
def test_wrong_number_of_targets(game: Game, iv: str, targets: tuple[str, ...]) -> None:
    refused(game, lambda: game.plan(iv, targets), "target")


def test_a_single_target_may_be_given_as_a_string(game: Game) -> None:
    game.plan("listen", "a0")
    assert game.diary[-1].targets == ("a0",)


@pytest.mark.parametrize(("iv", "targets"), [
    ("listen", ("nobody",)),
    ("broker", ("a0", "nobody")),
    ("convene", ("a0", "a1", "A2")),  # ids are case-sensitive
    ("direct", ("",)),
])
def test_unknown_target(game: Game, iv: str, targets: tuple[str, ...]) -> None:
    refused(game, lambda: game.plan(iv, targets), "target")


def test_capital_too_high(game: Game) -> None:
    assert game.state.capital == pytest.approx(5.0)  # the synthetic pack's starting capital
    game.plan("escalate")  # costs 4
    err = refused(game, lambda: game.plan("direct", ("a0",)), "unaffordable")  # costs 2: 6 > 5
    assert "capital" in str(err)
    refused(game, lambda: game.plan("fund"), "unaffordable")  # costs 3
    # A free move still fits, and the capital itself is not spent until the turn resolves.
    game.plan("listen", ("a0",))
    assert game.state.capital == pytest.approx(5.0)
    unaffordable = {o.intervention.id for o in game.options() if not o.available}
    assert {"direct", "fund"} <= unaffordable


def test_capital_check_is_exact_at_the_limit(game: Game) -> None:
    game.plan("fund")  # 3
    game.plan("direct", ("a1",))  # 2: exactly 5
    refused(game, lambda: game.plan("direct", ("a2",)), "unaffordable")


def test_slots_exhausted(game: Game) -> None:
    assert game.pack.meta.slots_per_turn == 3
    for t in ("a0", "a1", "a2"):
        game.plan("listen", (t,))
    refused(game, lambda: game.plan("listen", ("a3",)), "slots")
    refused(game, lambda: game.plan("reflect"), "slots")
    assert all(not o.available for o in game.options())
    # Taking one out frees a slot again.
    game.unplan(2)
    game.plan("reflect")


def test_cooldown(game: Game) -> None:
    pilot = game.pack.intervention("pilot")
    assert pilot.cooldown == 2
    game.plan("pilot", ("a0", "a1"))
    refused(game, lambda: game.plan("pilot", ("a2", "a3")), "cooldown")  # already in the diary
    game.end_turn()
    assert game.turn == 2
    refused(game, lambda: game.plan("pilot", ("a0", "a1")), "cooldown")
    assert not next(o for o in game.options() if o.intervention.id == "pilot").available
    game.end_turn()
    refused(game, lambda: game.plan("pilot", ("a0", "a1")), "cooldown")
    game.end_turn()
    assert game.pending_dilemma == "beds"  # fired at turn 3
    game.answer("no")
    game.plan("pilot", ("a0", "a1"))  # turn 4: three turns after turn 1, allowed again


def _pack_with_requirements() -> Pack:
    data = synthetic_pack(6, 3, 2, 12).model_dump(by_alias=True, exclude_none=True)
    actors = [dict(a) for a in data["actors"]]
    actors[0]["hidden"] = ["concern", "threshold"]
    actors[1]["hidden"] = []
    actors[2]["trust_in_you"] = 0.2
    data["actors"] = actors
    # a4 and a5 have a hidden tie; a3 and a5 have none at all.
    rels = [r for r in data["relationships"]
            if not ({r["from"], r["to"]} == {"a4", "a5"} or {r["from"], r["to"]} == {"a3", "a5"})]
    rels.append({"from": "a4", "to": "a5", "trust": 0.3, "tie": 0.5, "hidden": True})
    data["relationships"] = rels
    extra = [
        {"id": "tailored", "name": "Tailored offer", "kind": "inquiry", "description": "An offer.",
         "target": "actor", "requires": [{"knows": "a0.concern"}], "effects": {"trust": 0.05}},
        {"id": "tailored_open", "name": "Open offer", "kind": "inquiry", "description": "An offer.",
         "target": "actor", "requires": [{"knows": "a1.concern"}], "effects": {"trust": 0.05}},
        {"id": "meet_concern", "name": "Meet their concern", "kind": "inquiry", "description": "Meet.",
         "target": "actor", "requires": [{"target_knows": "concern"}], "effects": {"trust": 0.05}},
        {"id": "ask_favour", "name": "Ask a favour", "kind": "connect", "description": "Ask.",
         "target": "actor", "requires": [{"target_trust_at_least": 0.6}], "effects": {"stance": 0.1}},
        {"id": "trial_support", "name": "Support a trial", "kind": "experiment", "description": "Support.",
         "target": "actor", "requires": [{"target_stage_at_least": "interested"}], "effects": {"stance": 0.1}},
        {"id": "reconnect", "name": "Reconnect", "kind": "connect", "description": "Reconnect.",
         "target": "pair", "requires": [{"known_tie": True}], "effects": {"tie": 0.1}},
        {"id": "later", "name": "Later", "kind": "reflection", "description": "Later.",
         "target": "none", "requires": [{"when": "turn >= 3"}], "effects": {"capital": 1}},
    ]
    data["interventions"] = [*data["interventions"], *extra]
    return Pack.model_validate(data)


def test_requirement_knows_unmet() -> None:
    g = Game(_pack_with_requirements(), 1)
    assert not g.knows("a0", "concern") and g.knows("a1", "concern")
    err = refused(g, lambda: g.plan("tailored", ("a3",)), "requirement")
    assert "concern" in str(err)
    opt = next(o for o in g.options() if o.intervention.id == "tailored")
    assert not opt.available
    g.plan("tailored_open", ("a3",))  # the same move gated on a known fact is fine
    # Once the fact is learned the move opens up.
    g.state.known[0, :] = True
    g.plan("tailored", ("a3",))


def test_target_requirements_unmet() -> None:
    g = Game(_pack_with_requirements(), 1)
    refused(g, lambda: g.plan("meet_concern", ("a0",)), "requirement")  # a0's concern is hidden
    g.plan("meet_concern", ("a1",))
    assert g.state.tau[2] < 0.6
    refused(g, lambda: g.plan("ask_favour", ("a2",)), "requirement")
    assert "a2" not in next(o for o in g.options() if o.intervention.id == "ask_favour").targets
    assert int(g.state.stage[3]) == 0
    refused(g, lambda: g.plan("trial_support", ("a3",)), "requirement")
    assert not g.state.tie_known[4, 5] and not g.state.tie_known[5, 4]
    refused(g, lambda: g.plan("reconnect", ("a4", "a5")), "requirement")  # the tie is hidden
    refused(g, lambda: g.plan("reconnect", ("a3", "a5")), "requirement")  # there is no tie
    refused(g, lambda: g.plan("later"), "requirement")  # turn >= 3
    g.unplan(0)
    g.end_turn()
    g.end_turn()
    g.plan("later")


def test_end_turn_with_an_unanswered_dilemma(game: Game) -> None:
    for _ in range(3):
        game.end_turn()
    assert game.turn == 4
    assert game.pending_dilemma == "beds"
    game.plan("listen", ("a0",))
    refused(game, game.end_turn, "dilemma")
    refused(game, lambda: game.answer("maybe"), "dilemma")
    refused(game, lambda: game.answer(""), "dilemma")
    game.answer("yes")
    result = game.end_turn()
    assert result.answer == ("beds", "yes")
    assert game.pending_dilemma is None
    assert game.state.chosen == {"beds": "yes"}


def test_a_bad_choice_does_not_replace_a_good_one(game: Game) -> None:
    for _ in range(3):
        game.end_turn()
    game.answer("no")
    refused(game, lambda: game.answer("perhaps"), "dilemma")
    assert game.answer_given == "no"
    assert game.end_turn().answer == ("beds", "no")


def test_answer_without_a_dilemma(game: Game) -> None:
    assert game.pending_dilemma is None
    refused(game, lambda: game.answer("yes"), "dilemma")


def _finished_game() -> Game:
    g = Game(synthetic_pack(5, 2, 3, 2), 2)
    g.end_turn()
    g.plan("listen", ("a0",))
    g.end_turn()
    assert g.finished and g.state.ending is not None
    return g


def test_plan_after_the_game_finished() -> None:
    g = _finished_game()
    for iv, targets in [("listen", ("a0",)), ("broker", ("a0", "a1")), ("convene", ("a0", "a1", "a2")),
                        ("reflect", ()), ("escalate", ())]:
        refused(g, lambda iv=iv, targets=targets: g.plan(iv, targets), "finished")
    refused(g, g.end_turn, "finished")


def test_options_offer_nothing_after_the_game_finished() -> None:
    """options() must agree with plan(): once the game is over no move is available."""
    g = _finished_game()
    wrongly_offered = [o.intervention.id for o in g.options() if o.available]
    assert wrongly_offered == []


def test_refusals_mid_game_leave_a_game_that_plays_on_identically(pack: Pack) -> None:
    """A game peppered with refused moves plays exactly like one that never tried them."""
    clean, noisy = Game(pack, 9), Game(pack, 9)
    attempts: list[tuple[str, tuple[str, ...]]] = [
        ("teleport", ()), ("listen", ()), ("listen", ("zz",)), ("broker", ("a1", "a1")),
        ("escalate", ()), ("direct", ("a2",)), ("pilot", ("a0",)),
    ]
    for turn in range(1, 9):
        diary = [("listen", (f"a{turn % 8}",)), ("reflect", ())]
        for g in (clean, noisy):
            if g.pending_dilemma is not None:
                g.answer("yes")
            for iv, t in diary:
                g.plan(iv, t)
        for iv, t in attempts:
            try:
                noisy.plan(iv, t)
            except RefusedMove:
                continue
            noisy.unplan(len(noisy.diary) - 1)
        assert clean.end_turn().state_hash == noisy.end_turn().state_hash
    np.testing.assert_array_equal(clean.state.x, noisy.state.x)
