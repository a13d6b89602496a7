"""The engine plays exactly as ENGINE_VERSION 1 always has: final state hashes pinned.

Saves record the engine version and every turn's state hash; replay trusts that the same
version plays the same states. A change that moves any of these hashes (a faster formula that
rounds differently, a reordered sum) must bump ENGINE_VERSION, so older saves are reported as
made by another engine instead of as edited. The hashes below were made by the session-1
engine and still hold after the per-turn speed-ups.
"""

from __future__ import annotations

import pytest

import sysplay
from sysplay.engine import ENGINE_VERSION
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.simulate.synthetic import synthetic_pack

PINNED = {
    ("riverside_winter", "random"): "81c3c872767d942415234f035eb427957f39e7f3df41c63b4e066822dabafc6d",
    ("riverside_winter", "coalition_builder"): "2932138df4ecdcdb7f5b639c4be5f804f57b3a9a022875fcfc1fd1d210eaf274",
    ("riverside_winter", "heroic_director"): "216740e610dccf784afc683f1cae12604f25bf842a85bc49153799004494028e",
}
SYNTHETIC_50 = "8b56ebb24e9402af4d0d5d48211575be81858754ca3d0b43896f9bbe27957e29"


def test_the_pins_belong_to_engine_version_1() -> None:
    assert ENGINE_VERSION == 1, "a new engine version: re-pin these hashes from its own games"


@pytest.mark.parametrize(("pack_id", "persona"), sorted(PINNED))
def test_a_bundled_pack_under_a_persona_ends_in_the_pinned_state(pack_id: str, persona: str) -> None:
    pack = sysplay.load_pack(pack_id)
    g = Game(pack, 5, record=True)
    while not g.finished:
        play_turn(g, persona)
        result = g.end_turn()
    assert result.state_hash == PINNED[(pack_id, persona)]


def test_fifty_actors_with_three_moves_a_turn_end_in_the_pinned_state() -> None:
    pack = synthetic_pack(50, 6, 1, 12)
    g = Game(pack, 3, record=False)
    while not g.finished:
        if g.pending_dilemma is not None:
            g.answer(pack.event(g.pending_dilemma).choices[0].id)
        for iv, targets in (("listen", ("a1",)), ("broker", ("a2", "a3")), ("reflect", ())):
            g.plan(iv, targets)
        result = g.end_turn()
    assert result.state_hash == SYNTHETIC_50
