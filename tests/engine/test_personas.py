"""Every persona plays every bundled pack to an ending, and personas differ in what they do."""

from __future__ import annotations

import io

import pytest

import sysplay
from sysplay.engine import PERSONAS
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.playthroughs.run import run_headless
from sysplay.scenarios.paths import bundled_ids


@pytest.mark.parametrize("pack_id", bundled_ids())
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_plays_bundled_pack_to_an_ending(pack_id: str, persona: str) -> None:
    pack = sysplay.load_pack(pack_id)
    out = io.StringIO()
    assert run_headless(pack_id, seed=5, persona=persona, choices=None, save=None, out=out) == 0
    text = out.getvalue()
    endings = {e.title for e in pack.endings}
    assert "== Ending: " in text
    title = text.split("== Ending: ", 1)[1].split(" (", 1)[0]
    assert title in endings
    assert text.count("State hash ") >= 1


def _kinds(pack: sysplay.Pack, persona: str, seeds: range) -> dict[str, int]:
    counts: dict[str, int] = {}
    for seed in seeds:
        g = Game(pack, seed=seed, record=False)
        while not g.finished:
            for iv_id, _targets in play_turn(g, persona):
                kind = pack.intervention(iv_id).kind
                counts[kind] = counts.get(kind, 0) + 1
            g.end_turn()
    return counts


def test_personas_act_as_their_names_say() -> None:
    pack = sysplay.load_pack("riverside_winter")
    heroic = _kinds(pack, "heroic_director", range(3))
    coalition = _kinds(pack, "coalition_builder", range(3))
    avoider = _kinds(pack, "avoider", range(3))
    assert heroic.get("directive", 0) > 0 and coalition.get("directive", 0) == 0
    enabling = ("dialogue", "connect", "experiment")
    assert sum(coalition.get(k, 0) for k in enabling) > sum(heroic.get(k, 0) for k in enabling)
    assert set(avoider) <= {"inquiry", "dialogue", "reflection"}


def test_values_offers_every_name_a_pack_expression_can_read() -> None:
    from sysplay.scenarios.names import outcome_names

    pack = sysplay.load_pack("riverside_winter")
    g = Game(pack, seed=2)
    g.plan("listen_one_to_one", ("carers",))
    g.end_turn()
    values = g.values()
    assert set(outcome_names(pack)) <= set(values)
    assert values["strain"] == g.namespace(outcome=False)["strain"]
    assert values["outcome"] == g.outcome().composite
    assert values["stance_carers"] == float(g.state.x[g.index["carers"]])
