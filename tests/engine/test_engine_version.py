"""The engine plays exactly as ENGINE_VERSION 2 always has: final state hashes pinned.

Saves record the engine version and every turn's state hash; replay trusts that the same
version plays the same states. A change that moves any of these hashes (a faster formula that
rounds differently, a reordered sum) must bump ENGINE_VERSION, so older saves are reported as
made by another engine instead of as edited. The hashes below were made by engine 2 (actors who
act, moves that can backfire, trust slow to win and quick to lose, authority with limits,
certainty from the system).
"""

from __future__ import annotations

import pytest

import sysplay
from sysplay.engine import ENGINE_VERSION
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.simulate.synthetic import synthetic_pack

# Riverside's three pins were re-made when the pack was rewritten for 2026 (version 2.0.0); the engine
# did not change, and the synthetic pin below stands as it was.
PINNED = {
    ("riverside_winter", "random"): "fb3480d62e21fbb3c03276cd4bb8e7dc78870443b8bea20db790eb3fdd1875ec",
    ("riverside_winter", "coalition_builder"): "b86cb7982457c76088a8b92764f24df33931549cb0aac760373e69b0dc1a88da",
    ("riverside_winter", "heroic_director"): "17ee2f472f9d2923ad34e6147ddb1fc4fbe410742a6b7fa3cc3629a044f6de9e",
}
SYNTHETIC_50 = "ace42c2f597498e077cc8ba309a75f4c3b5759c1e525f7bb9f66948c8dd6d042"


def test_the_pins_belong_to_engine_version_2() -> None:
    assert ENGINE_VERSION == 2, "a new engine version: re-pin these hashes from its own games"


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
