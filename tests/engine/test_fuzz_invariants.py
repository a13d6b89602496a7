"""Fuzzing: random packs and random play never break the engine or push a number out of bounds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysplay.engine.game import Game
from sysplay.engine.outcome import Outcome
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Pack
from sysplay.simulate.synthetic import synthetic_pack

#: The schema caps ``meta.turns`` at 100, so 200-turn games are built by copying a valid pack.
MAX_VALID_TURNS = 100


def long_pack(n_actors: int, degree: int, seed: int, turns: int) -> Pack:
    """A synthetic pack; beyond the schema's turn cap, the same pack with more turns."""
    pack = synthetic_pack(n_actors, degree, seed, min(turns, MAX_VALID_TURNS))
    if turns > MAX_VALID_TURNS:
        pack = pack.model_copy(update={"meta": pack.meta.model_copy(update={"turns": turns})})
    return pack


def check_outcome(outcome: Outcome) -> None:
    assert 0.0 <= outcome.composite <= 1.0
    assert outcome.dimensions
    for value in outcome.dimensions.values():
        assert np.isfinite(value) and 0.0 <= value <= 1.0


def check_invariants(g: Game) -> None:
    """Every number finite and within its bounds."""
    s, pack = g.state, g.pack
    n = len(pack.actors)
    for name in ("x", "u", "theta", "theta0", "eps", "phi", "power", "tau", "anx", "val", "R", "R0", "T", "mode"):
        arr = getattr(s, name)
        assert np.all(np.isfinite(arr)), name
    assert s.x.shape == (n,) and s.R.shape == (n, n) and s.T.shape == (n, n)
    assert np.all(np.abs(s.x) <= 1.0) and np.all(np.abs(s.u) <= 1.0)
    for name in ("tau", "anx"):
        arr = getattr(s, name)
        assert np.all(arr >= 0.0) and np.all(arr <= 1.0), name
    assert np.all(s.theta >= 0.05) and np.all(s.theta <= 1.0)
    assert np.all(s.eps >= 0.02) and np.all(s.eps <= 1.5)
    assert np.all(s.phi >= 0.0) and np.all(s.phi <= 1.0)
    assert np.all(np.abs(s.R) <= 1.0) and np.all(np.abs(s.R0) <= 1.0)
    assert np.all(s.T >= 0.0) and np.all(s.T <= 1.0)
    assert s.stage.dtype.kind == "i" and np.all(s.stage >= 0) and np.all(s.stage <= 4)
    assert np.all(s.contacts >= 0)
    for name in ("holding", "threat"):
        v = getattr(s, name)
        assert np.isfinite(v) and 0.0 <= v <= 1.0, name
    assert np.isfinite(s.dep_push) and 0.0 <= s.dep_push <= 2.0
    assert np.isfinite(s.volatility) and 0.0 <= s.volatility <= 1.0
    assert np.isfinite(s.surprise) and 0.0 <= s.surprise <= 1.0
    assert np.isfinite(s.capital) and 0.0 <= s.capital <= pack.meta.max_capital
    assert np.all(s.mode >= 0.0) and np.all(s.mode <= 1.0)
    assert abs(float(s.mode.sum()) - 1.0) < 1e-9
    np.testing.assert_allclose(s.val.sum(axis=1), 1.0, atol=1e-9)
    for sid, stock in pack.system.stocks.items():
        v = s.stocks[sid]
        assert np.isfinite(v) and stock.min <= v <= stock.max, (sid, v)
    for did, stages in s.pipelines.items():
        assert all(np.isfinite(v) and v >= -1e-12 for v in stages), did
    assert all(np.isfinite(v) for v in s.flow_values.values())
    assert all(np.isfinite(v) for v in s.params.values())
    check_outcome(g.outcome())


def random_turn(g: Game, rng: np.random.Generator) -> None:
    """Answer any dilemma, then try a random diary: mostly valid moves, sometimes nonsense."""
    if g.pending_dilemma is not None:
        ev = g.pack.event(g.pending_dilemma)
        if rng.random() < 0.1:  # a wrong answer first, which must be refused harmlessly
            with pytest.raises(RefusedMove):
                g.answer("no_such_choice")
        g.answer(ev.choices[int(rng.integers(len(ev.choices)))].id)
    names = [a.id for a in g.pack.actors]
    for _ in range(int(rng.integers(0, 6))):
        opts = g.options()
        for other in opts:  # options() words an untargeted move's refusal exactly as plan() would
            if other.intervention.target in ("none", "all"):
                try:
                    g.check(other.intervention.id, ())
                    refusal = ""
                except RefusedMove as exc:
                    refusal = str(exc)
                assert other.available == (refusal == "") and other.reason == refusal, (other, refusal)
        assert [x.intervention.id for x in opts if x.available] == [iv.id for iv in g.usable()]
        o = opts[int(rng.integers(len(opts)))]
        iv = o.intervention
        valid = o.available
        if iv.target == "actor":
            pool, lo, hi = o.targets, 1, 1
        elif iv.target == "pair":
            pool, lo, hi = o.targets, 2, 2
        elif iv.target == "group":
            pool, lo, hi = o.targets, iv.group_min, iv.group_max
        else:
            pool, lo, hi = [], 0, 0
        hi = min(hi, len(pool))
        if rng.random() < 0.15 or hi < lo:  # deliberately odd: any actors, any number
            valid = False
            k = int(rng.integers(0, min(len(names), 5) + 1))
            targets = tuple(str(t) for t in rng.choice(names, size=k, replace=bool(rng.random() < 0.3)))
        else:
            k = int(rng.integers(lo, hi + 1))
            targets = tuple(str(t) for t in rng.choice(pool, size=k, replace=False))
        before = g.state_hash()
        try:
            g.plan(iv.id, targets)
        except RefusedMove as exc:
            assert not valid, f"options() offered {iv.id} {targets} but plan() refused: {exc.reason}: {exc}"
            assert g.state_hash() == before
        if g.diary and rng.random() < 0.1:
            g.unplan(int(rng.integers(len(g.diary))))


def play_to_the_end(pack: Pack, seed: int, play_seed: int) -> Game:
    g = Game(pack, seed, record=bool(play_seed % 2))
    rng = np.random.default_rng(play_seed)
    check_invariants(g)
    turns = pack.meta.turns
    any_endings = {e.id for e in pack.endings if e.at == "any"}
    for expected_turn in range(1, turns + 1):
        assert not g.finished
        assert g.turn == expected_turn
        random_turn(g, rng)
        result = g.end_turn()
        assert result.turn == expected_turn
        assert result.outcome is not None  # a scored game scores every turn
        check_outcome(result.outcome)
        check_invariants(g)
        if result.ending is not None:
            assert g.finished and g.state.ending == result.ending
            # Only an `at: any` ending may stop the game before the last turn.
            assert expected_turn == turns or result.ending in any_endings
            break
        assert not g.finished
        assert g.turn == expected_turn + 1
    assert g.finished, "the game must end at its final turn"
    assert len(g.results) <= turns
    if len(g.results) < turns:
        assert g.state.ending in any_endings
    assert all(r.ending is None for r in g.results[:-1])
    assert g.pending_dilemma is None
    with pytest.raises(RefusedMove):
        g.end_turn()
    return g


@settings(deadline=None, max_examples=35, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_actors=st.integers(2, 30),
    degree=st.integers(1, 8),
    pack_seed=st.integers(0, 10_000),
    turns=st.one_of(st.integers(1, 40), st.sampled_from([MAX_VALID_TURNS])),
    seed=st.integers(0, 2**32 - 1),
    play_seed=st.integers(0, 2**32 - 1),
)
def test_random_packs_and_random_play_stay_in_bounds(n_actors: int, degree: int, pack_seed: int, turns: int,
                                                    seed: int, play_seed: int) -> None:
    play_to_the_end(synthetic_pack(n_actors, degree, pack_seed, turns), seed, play_seed)


@settings(deadline=None, max_examples=6, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_actors=st.integers(2, 30),
    degree=st.integers(1, 8),
    pack_seed=st.integers(0, 10_000),
    seed=st.integers(0, 2**32 - 1),
    play_seed=st.integers(0, 2**32 - 1),
)
def test_two_hundred_turn_games_stay_in_bounds(n_actors: int, degree: int, pack_seed: int, seed: int,
                                              play_seed: int) -> None:
    play_to_the_end(long_pack(n_actors, degree, pack_seed, 200), seed, play_seed)


def test_collapse_ends_the_game_early() -> None:
    """An `at: any` ending fires as soon as it holds, before the last turn."""
    data = synthetic_pack(6, 3, 1, 30).model_dump(by_alias=True, exclude_none=True)
    data["system"] = {**data["system"], "params": {"surge": 6}}  # a flood of arrivals from turn 1
    data["events"] = [e for e in data["events"] if e["id"] not in ("surge", "calm")]
    g = play_to_the_end(Pack.model_validate(data), 1, 2)
    assert g.state.ending == "collapse"
    assert len(g.results) < 30
    assert g.state.stocks["backlog"] >= 390


def test_extreme_synthetic_sizes() -> None:
    for n, degree in ((2, 1), (2, 8), (30, 1), (30, 8), (60, 8)):
        play_to_the_end(synthetic_pack(n, degree, n * 7 + degree, 15), n, degree)


def test_capital_never_negative_when_a_dilemma_answer_costs_capital() -> None:
    """A dilemma answer that costs capital lands before the diary is paid for; capital must stay >= 0.

    The diary is checked against the capital you have when you plan; the answer is applied first
    when the turn resolves, so the moves must not then be paid for out of capital that is gone.
    """
    data = synthetic_pack(6, 3, 1, 12).model_dump(by_alias=True, exclude_none=True)
    events = []
    for e in data["events"]:
        if e["id"] == "beds":
            e = {**e, "choices": [{**c, "effects": {**c["effects"], "capital": -10}} if c["id"] == "yes" else c
                                  for c in e["choices"]]}
        events.append(e)
    data["events"] = events
    g = Game(Pack.model_validate(data), 4)
    for _ in range(3):
        g.end_turn()
    assert g.pending_dilemma == "beds"
    g.answer("yes")
    g.plan("direct", ("a0",))  # affordable now: capital is at least 5
    assert g.state.capital >= 2
    g.end_turn()
    assert g.state.capital >= 0.0, f"capital went negative: {g.state.capital}"
    check_invariants(g)
