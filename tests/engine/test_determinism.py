"""Determinism: the same pack, seed and moves give the same states, byte for byte, everywhere.

Also: a different seed gives a different game, a fresh process gives the same hashes as this one
(no dependence on hash randomisation or other process state), one random stream never shifts
another, and clones are independent and faithful.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import sysplay
from sysplay.engine.game import Game
from sysplay.engine.rng import PURPOSES, stream
from sysplay.errors import PackError, RefusedMove
from sysplay.scenarios.models import Pack
from sysplay.simulate.synthetic import synthetic_pack

ROOT = Path(__file__).resolve().parents[2]
RIVERSIDE = ROOT / "scenarios" / "riverside_winter"

Move = tuple[str, tuple[str, ...]]


def riverside() -> Pack | None:
    try:
        return sysplay.load_pack(str(RIVERSIDE))
    except (PackError, OSError):
        return None


def make_pack(name: str) -> Pack:
    """The packs these tests run on, by name (so a subprocess can rebuild them)."""
    if name == "synthetic_small":
        return synthetic_pack(6, 3, 11, 14)
    if name == "synthetic_large":
        return synthetic_pack(25, 6, 4, 12)
    if name == "riverside":
        pack = riverside()
        if pack is None:  # fall back to another synthetic pack rather than skipping
            return synthetic_pack(9, 4, 99, 12)
        return pack
    raise KeyError(name)


PACKS = ["synthetic_small", "synthetic_large", "riverside"]


def choose_moves(g: Game, rng: np.random.Generator) -> list[Move]:
    """Plan a random but valid diary for this turn (and answer any dilemma); return what was planned."""
    if g.pending_dilemma is not None:
        open_now = [o.choice for o in g.choices() if o.available]  # a choice may need something learned first
        g.answer(open_now[int(rng.integers(len(open_now)))].id)
    planned: list[Move] = []
    for _ in range(int(rng.integers(0, g.pack.meta.slots_per_turn + 1))):
        opts = [o for o in g.options() if o.available]
        if not opts:
            break
        o = opts[int(rng.integers(len(opts)))]
        iv = o.intervention
        if iv.target == "actor":
            if not o.targets:
                continue
            targets = (o.targets[int(rng.integers(len(o.targets)))],)
        elif iv.target in ("pair", "group"):
            lo, hi = (2, 2) if iv.target == "pair" else (iv.group_min, min(iv.group_max, len(o.targets)))
            if len(o.targets) < lo or hi < lo:
                continue
            size = int(rng.integers(lo, hi + 1))
            targets = tuple(str(t) for t in rng.choice(o.targets, size=size, replace=False))
        else:
            targets = ()
        try:
            g.plan(iv.id, targets)
        except RefusedMove:
            continue
        planned.append((iv.id, targets))
    return planned


def play(g: Game, turns: int, script_seed: int) -> tuple[list[str], list[list[Move]]]:
    """Play up to ``turns`` turns with a seeded random player; return the hash after each and the moves."""
    hashes, moves = [], []
    for _ in range(turns):
        if g.finished:
            break
        rng = np.random.default_rng([script_seed, g.turn])
        moves.append(choose_moves(g, rng))
        hashes.append(g.end_turn().state_hash)
        assert hashes[-1] == g.state_hash()
    return hashes, moves


def replay(g: Game, moves: list[list[Move]], answers: list[str | None] | None = None,
           *, tolerate_refusals: bool = False) -> list[str]:
    """Play exactly the given moves (answering dilemmas with the first choice unless told).

    With ``tolerate_refusals`` (another seed's game), moves the game refuses are skipped:
    a different seed can reveal different facts, so a move may be unavailable there.
    """
    hashes = []
    for k, diary in enumerate(moves):
        if g.finished:
            break
        if g.pending_dilemma is not None:
            ev = g.pack.event(g.pending_dilemma)
            choice = answers[k] if answers and k < len(answers) and answers[k] else ev.choices[0].id
            g.answer(choice if choice in {c.id for c in ev.choices} else ev.choices[0].id)
        for iv, targets in diary:
            try:
                g.plan(iv, targets)
            except RefusedMove:
                if not tolerate_refusals:
                    raise
        hashes.append(g.end_turn().state_hash)
    return hashes


def hashes_for(pack_name: str, seed: int, script_seed: int, turns: int) -> dict[str, Any]:
    """Everything the subprocess prints: the start hash and each turn's hash."""
    g = Game(make_pack(pack_name), seed)
    start = g.state_hash()
    hashes, _ = play(g, turns, script_seed)
    return {"start": start, "hashes": hashes}


# --- same inputs, same game -------------------------------------------------------------------

@pytest.mark.parametrize("pack_name", PACKS)
@pytest.mark.parametrize("seed", [1, 2024])
def test_same_pack_seed_and_moves_give_identical_hashes(pack_name: str, seed: int) -> None:
    pack = make_pack(pack_name)
    a, b = Game(pack, seed), Game(make_pack(pack_name), seed)  # second pack built afresh too
    assert a.state_hash() == b.state_hash()
    ha, moves_a = play(a, pack.meta.turns, 5)
    hb, moves_b = play(b, pack.meta.turns, 5)
    assert moves_a == moves_b
    assert ha == hb
    assert len(set(ha)) == len(ha), "every turn should change the state"
    # What each game reports is the same too.
    assert [(r.zone, r.mode, r.events, r.ending) for r in a.results] == \
        [(r.zone, r.mode, r.events, r.ending) for r in b.results]
    assert a.state.ending == b.state.ending


@pytest.mark.parametrize("pack_name", PACKS)
def test_replaying_recorded_moves_reproduces_the_game(pack_name: str) -> None:
    pack = make_pack(pack_name)
    g = Game(pack, 31)
    hashes, moves = play(g, pack.meta.turns, 8)
    answers = [r.answer[1] if r.answer else None for r in g.results]
    assert replay(Game(pack, 31), moves, answers) == hashes


def test_recording_does_not_change_the_game() -> None:
    pack = make_pack("synthetic_small")
    a, b = Game(pack, 3, record=True), Game(pack, 3, record=False)
    ha, moves = play(a, pack.meta.turns, 2)
    assert replay(b, moves, [r.answer[1] if r.answer else None for r in a.results]) == ha


# --- a different seed, a different game ---------------------------------------------------------

@pytest.mark.parametrize("pack_name", PACKS)
def test_different_seed_gives_different_hashes(pack_name: str) -> None:
    pack = make_pack(pack_name)
    a, b = Game(pack, 1), Game(pack, 2)
    # Jitter and random parameters differ from the very start ...
    assert a.state_hash() != b.state_hash()
    assert a.state.params != b.state.params or not pack.system.random_params
    field = {"stance": "x", "stubbornness": "theta0", "openness": "eps", "threshold": "phi"}
    jittered = {field[attr] for act in pack.actors for attr, amount in act.jitter.items() if amount}
    assert jittered
    assert any(not np.array_equal(getattr(a.state, f), getattr(b.state, f)) for f in jittered)
    # ... and the same moves played on both keep them apart every turn (noise, events, reveals).
    ha, moves = play(a, pack.meta.turns, 9)
    hb = replay(b, moves, [r.answer[1] if r.answer else None for r in a.results], tolerate_refusals=True)
    assert hb and all(x != y for x, y in zip(ha, hb, strict=False))


def test_seed_only_through_noise_still_changes_the_game() -> None:
    """With no jitter and no random parameters, the per-turn noise alone separates two seeds."""
    data = synthetic_pack(6, 3, 1, 6).model_dump(by_alias=True, exclude_none=True)
    data["actors"] = [{**a, "jitter": {}} for a in data["actors"]]
    data["system"] = {**data["system"], "random_params": {},
                      "params": {**data["system"]["params"], "severity": 1.0}}
    pack = Pack.model_validate(data)
    a, b = Game(pack, 1), Game(pack, 2)
    assert a.state_hash() == b.state_hash()
    a.end_turn()
    b.end_turn()
    assert a.state_hash() != b.state_hash()
    assert not np.array_equal(a.state.x, b.state.x)


# --- a fresh process gives the same game ----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("hashseed", ["0", "4242"])
def test_subprocess_hashes_match_in_process(hashseed: str) -> None:
    cases = [("synthetic_small", 7, 3), ("synthetic_large", 12, 4), ("riverside", 5, 6)]
    expected = {f"{p}:{s}:{k}": hashes_for(p, s, k, 12) for p, s, k in cases}
    code = (
        "import json, sys\n"
        "from tests.engine.test_determinism import hashes_for\n"
        f"cases = {cases!r}\n"
        "print(json.dumps({f'{p}:{s}:{k}': hashes_for(p, s, k, 12) for p, s, k in cases}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == expected


# --- streams are independent ----------------------------------------------------------------------

def test_rng_purposes_are_distinct_and_fixed() -> None:
    assert len(set(PURPOSES.values())) == len(PURPOSES)
    # Saves depend on these numbers never changing.
    assert PURPOSES["reveal"] == 2 and PURPOSES["noise"] == 3 and PURPOSES["events"] == 4


@pytest.mark.parametrize("seed", [0, 1, 123456789, 2**40 + 3])
@pytest.mark.parametrize("turn", [0, 1, 7])
def test_events_stream_unaffected_by_drawing_other_streams_first(seed: int, turn: int) -> None:
    alone = stream(seed, turn, "events").random(32)
    noise = stream(seed, turn, "noise")
    noise.normal(0, 0.01, size=1000)
    reveal = stream(seed, turn, "reveal")
    reveal.random(17)
    after = stream(seed, turn, "events").random(32)
    np.testing.assert_array_equal(alone, after)
    # The streams really are different from each other and from other turns and seeds.
    assert not np.array_equal(alone, stream(seed, turn, "noise").random(32))
    assert not np.array_equal(alone, stream(seed, turn, "reveal").random(32))
    assert not np.array_equal(alone, stream(seed, turn + 1, "events").random(32))
    assert not np.array_equal(alone, stream(seed + 1, turn, "events").random(32))


def test_game_rng_streams_do_not_shift_each_other() -> None:
    g = Game(make_pack("synthetic_small"), 77)
    g.rng("noise").normal(size=500)
    g.rng("reveal").random(9)
    np.testing.assert_array_equal(g.rng("events").random(8), stream(77, 1, "events").random(8))
    # Draws continue a purpose's stream within a turn (code order), never restart it.
    h = Game(make_pack("synthetic_small"), 77)
    first = h.rng("reveal").random(3)
    h.rng("events").random(5)
    second = h.rng("reveal").random(3)
    np.testing.assert_array_equal(np.concatenate([first, second]), stream(77, 1, "reveal").random(6))


class _Spy:
    """Wraps a Generator and records what ``random`` and ``normal`` returned."""

    def __init__(self, gen: np.random.Generator, log: list[Any]) -> None:
        self._gen, self._log = gen, log

    def random(self, *args: Any, **kwargs: Any) -> Any:
        v = self._gen.random(*args, **kwargs)
        self._log.append(np.array(v, dtype=float).copy())
        return v

    def standard_normal(self, *args: Any, **kwargs: Any) -> Any:
        v = self._gen.standard_normal(*args, **kwargs)
        self._log.append(np.array(v, dtype=float).copy())
        return v

    def normal(self, *args: Any, **kwargs: Any) -> Any:
        v = self._gen.normal(*args, **kwargs)
        self._log.append(np.array(v, dtype=float).copy())
        return v


def _spy_on(g: Game) -> dict[tuple[int, str], list[Any]]:
    logs: dict[tuple[int, str], list[Any]] = {}
    real = g.tc.rng

    def rng(purpose: str) -> Any:
        return _Spy(real(purpose), logs.setdefault((g.state.turn, purpose), []))

    g.tc.rng = rng  # type: ignore[method-assign]
    return logs


def test_reveal_draws_do_not_shift_event_or_noise_draws_in_play() -> None:
    """Listening (which draws from 'reveal') leaves the 'events' and 'noise' draws as they were."""
    pack = make_pack("synthetic_small")
    quiet, busy = Game(pack, 13), Game(pack, 13)
    q_log, b_log = _spy_on(quiet), _spy_on(busy)
    n_events = len(pack.events)
    for turn in range(1, 7):
        for g in (quiet, busy):
            if g.pending_dilemma is not None:
                g.answer("no")
        busy.plan("listen", ("a0",))
        busy.plan("listen", ("a1",))
        busy.plan("broker", ("a2", "a3"))
        quiet.end_turn()
        busy.end_turn()
        assert len(b_log[(turn, "reveal")]) >= 3
        assert (turn, "reveal") not in q_log
        for log in (q_log, b_log):
            ev = np.concatenate([np.atleast_1d(v) for v in log[(turn, "events")]])
            np.testing.assert_array_equal(ev, stream(13, turn, "events").random(n_events))
            noise = np.concatenate([np.atleast_1d(v) for v in log[(turn, "noise")]])
            np.testing.assert_array_equal(noise, stream(13, turn, "noise").normal(0, pack.engine.noise, len(pack.actors)))


# --- clones ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("pack_name", PACKS)
def test_playing_a_clone_leaves_the_original_alone(pack_name: str) -> None:
    pack = make_pack(pack_name)
    g = Game(pack, 21)
    play(g, 3, 1)
    # Leave something in the diary, so the clone starts mid-plan.
    opts = [o for o in g.options() if o.available and o.intervention.target in ("none", "all")]
    if opts:
        g.plan(opts[0].intervention.id)
    before = (g.state_hash(), list(g.diary), g.turn, len(g.history), len(g.results), g.ledger.turns())
    x_before = g.state.x.copy()
    twin = g.clone()
    assert twin.state_hash() == g.state_hash()
    play(twin, 6, 2)
    assert twin.state_hash() != before[0]
    assert (g.state_hash(), list(g.diary), g.turn, len(g.history), len(g.results), g.ledger.turns()) == before
    np.testing.assert_array_equal(g.state.x, x_before)


@pytest.mark.parametrize("pack_name", PACKS)
@pytest.mark.parametrize("record", [False, True])
def test_clone_plus_same_moves_gives_same_hashes(pack_name: str, record: bool) -> None:
    pack = make_pack(pack_name)
    g = Game(pack, 8)
    play(g, 2, 4)
    twin = g.clone(record=record)
    hashes, moves = play(g, pack.meta.turns, 6)
    answers = [r.answer[1] if r.answer else None for r in g.results[2:]]
    assert replay(twin, moves, answers) == hashes
    assert twin.state.ending == g.state.ending


def _pack_with_gossip() -> Pack:
    """The synthetic pack plus an event that reveals hidden facts late in the game."""
    data = synthetic_pack(6, 3, 0, 16).model_dump(by_alias=True, exclude_none=True)
    data["events"] = [*data["events"], {
        "id": "gossip", "title": "Gossip", "text": "Word gets round.", "when": "turn >= 12",
        "once": False, "effects": {"reveal": 1},
    }]
    return Pack.model_validate(data)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clone_matches_original_when_events_reveal(seed: int) -> None:
    """A clone made at turn 3 and given the same moves must stay identical for the whole game.

    Here the 'reveal' stream is drawn both by moves (listen) and, later in the same turn, by an
    event; the clone's random streams must line up with the original's regardless of when it was made.
    """
    pack = _pack_with_gossip()
    g = Game(pack, seed)
    twin: Game | None = None
    for turn in range(1, pack.meta.turns + 1):
        if turn == 3:
            twin = g.clone()
        for game in (g, twin) if twin is not None else (g,):
            if game.pending_dilemma is not None:
                game.answer("yes")
            game.plan("listen", ("a1",))
        h = g.end_turn().state_hash
        if twin is not None:
            assert twin.end_turn().state_hash == h, f"clone diverged from the original at turn {turn}"
