"""Packs written for engine 1 still validate and play to an ending; trust between long-hostile actors
cannot be made fully trusting within one game through coffees alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysplay.engine import PERSONAS
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.scenarios.loader import load_pack_checked
from tests.engine.rules.tiny import game, set_tie

ENGINE1_PACK = Path(__file__).parents[2] / "fixtures" / "packs" / "engine1_riverside"


@pytest.mark.parametrize("persona", PERSONAS[:5])
def test_a_pack_written_for_engine_1_still_validates_and_plays_to_an_ending(persona: str) -> None:
    pack, issues = load_pack_checked(ENGINE1_PACK)
    assert not [i for i in issues if i.severity == "error"]
    assert any(i.severity == "note" and "authority" in i.message for i in issues), "authority is worked out, and said"
    g = Game(pack, 3)
    while not g.finished:
        play_turn(g, persona)
        g.end_turn()
    assert g.state.ending in {e.id for e in pack.endings} and len(g.results) <= pack.meta.turns


def test_a_long_hostile_tie_cannot_become_fully_trusting_within_one_game_through_coffees_alone() -> None:
    g = game(2, meta={"turns": 12}, engine={"stacey": {"connect": [1.3] * 5}, "bion": {"connect": [1.2] * 4}})
    set_tie(g.tc, 0, 1, -0.5, 0.7)
    for _ in range(12):
        g.plan("broker", ("a0", "a1"))  # a coffee every week, landing as well as a move can
        g.end_turn()
    assert g.state.R[0, 1] < 0.8 and g.state.R[1, 0] < 0.8
