"""Batch games (``Game(scoring=False)``) play exactly as scored games; only the per-turn score is left out.

Also the namespaces built for one kind of reader (the moves' ``when`` requirements, the early
endings) give those readers exactly what the full set of names would.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sysplay
from sysplay.engine import PERSONAS
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.scenarios.models import Pack
from sysplay.simulate.synthetic import synthetic_pack
from tests.engine.test_fuzz_invariants import random_turn


def _play_side_by_side(pack: Pack, seed: int, turn: Any) -> tuple[Game, Game]:
    """Play a scored game and a batch game with the same moves; check they agree turn by turn."""
    scored = Game(pack, seed, record=False)
    batch = Game(pack, seed, record=False, scoring=False)
    while not scored.finished:
        turn(scored, batch)
        a, b = scored.end_turn(), batch.end_turn()
        assert a.state_hash == b.state_hash
        assert a.ending == b.ending and a.dilemma == b.dilemma
        assert a.outcome is not None
        if b.outcome is None:
            assert not batch.finished
        else:
            assert b.outcome == a.outcome
    assert batch.finished and batch.state.ending == scored.state.ending
    assert batch.results[-1].outcome == scored.results[-1].outcome
    assert batch.outcome() == scored.outcome()
    return scored, batch


def _same_random_moves(play_seed: int) -> Any:
    rngs: dict[int, np.random.Generator] = {}

    def turn(scored: Game, batch: Game) -> None:
        for k, g in enumerate((scored, batch)):
            random_turn(g, rngs.setdefault(k, np.random.default_rng(play_seed)))
        assert scored.diary == batch.diary
    return turn


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(n_actors=st.integers(2, 25), degree=st.integers(1, 8), pack_seed=st.integers(0, 10_000),
       turns=st.integers(1, 30), seed=st.integers(0, 2**32 - 1), play_seed=st.integers(0, 2**32 - 1))
def test_batch_games_play_exactly_as_scored_games(n_actors: int, degree: int, pack_seed: int, turns: int,
                                                 seed: int, play_seed: int) -> None:
    _play_side_by_side(synthetic_pack(n_actors, degree, pack_seed, turns), seed, _same_random_moves(play_seed))


def test_batch_games_of_the_bundled_pack_match_under_every_persona() -> None:
    pack = sysplay.load_pack("riverside_winter")

    def turn(scored: Game, batch: Game) -> None:
        assert play_turn(scored, persona) == play_turn(batch, persona)

    for persona in PERSONAS:
        for seed in (1, 2) if persona == "optimiser" else range(6):
            scored, batch = _play_side_by_side(pack, seed, turn)
            if len(scored.results) > 1:  # the score is left out of the turns before the last
                assert batch.results[0].outcome is None


def _collapsing(when: str) -> Pack:
    """A synthetic pack flooded from turn 1, whose `at: any` ending reads ``when``."""
    data = synthetic_pack(6, 3, 1, 30).model_dump(by_alias=True, exclude_none=True)
    data["system"] = {**data["system"], "params": {"surge": 6}}
    data["events"] = [e for e in data["events"] if e["id"] not in ("surge", "calm")]
    for ending in data["endings"]:
        if ending["at"] == "any":
            ending["when"] = when
    return Pack.model_validate(data)


def test_an_early_ending_is_found_by_a_batch_game() -> None:
    scored, batch = _play_side_by_side(_collapsing("backlog >= 390"), 1, _same_random_moves(2))
    assert batch.state.ending == "collapse" and len(batch.results) < 30
    assert batch.results[-1].outcome is not None  # scored when it ends, early or not
    assert all(r.outcome is None for r in batch.results[:-1])


def test_an_early_ending_that_reads_the_outcome_is_scored_only_when_its_condition_reads_it() -> None:
    """``backlog >= 390 and outcome < 0.9``: a batch game scores only in a turn whose backlog gets that far."""
    pack = _collapsing("backlog >= 390 and outcome < 0.9 and dim_harm >= 0")
    scored, batch = _play_side_by_side(pack, 1, _same_random_moves(2))
    assert batch.state.ending == scored.state.ending == "collapse"
    assert batch.results[-1].outcome == scored.results[-1].outcome is not None
    assert all(r.outcome is None for r in batch.results[:-1])


def test_a_requirement_on_strain_reads_the_strain_the_system_is_under() -> None:
    """``when`` requirements read their own small namespace; strain (an expression) must still be right."""
    data = synthetic_pack(8, 3, 2, 20).model_dump(by_alias=True, exclude_none=True)
    data["system"] = {**data["system"], "params": {"surge": 3}}
    data["interventions"] = [*data["interventions"], {
        "id": "stand_down", "name": "Stand down the escalation", "description": "Step back once the pressure is high.",
        "kind": "reflection", "capital": 0, "target": "none",
        "requires": [{"when": "strain >= 0.5"}], "effects": {"holding": 0.05}}]
    pack = Pack.model_validate(data)
    g = Game(pack, 3, record=False)
    assert g.tc.tables.names.requirements.strain
    seen = set()
    while not g.finished:
        if g.pending_dilemma is not None:
            g.answer(pack.event(g.pending_dilemma).choices[0].id)
        strain = g.values()["strain"]
        usable = "stand_down" in [iv.id for iv in g.usable()]
        assert usable == (strain >= 0.5), (g.turn, strain)
        seen.add(usable)
        g.end_turn()
    assert seen == {True, False}, "the test pack should cross the line during the game"
