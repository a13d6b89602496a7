"""A facilitator's live control: inject, skip, delay and override events; recorded in the save, replayed exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sysplay.engine.game import Game
from sysplay.errors import RefusedMove
from sysplay.playthroughs.models import VERSION
from sysplay.playthroughs.save import Playthrough, fork, read_save, replay
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.models import Pack


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack("riverside_winter")


def _end(g: Game | Playthrough) -> list[str]:
    game = g.game if isinstance(g, Playthrough) else g
    if game.pending_dilemma is not None and game.answer_given is None:
        game.answer(game.pack.event(game.pending_dilemma).choices[1].id)
    result = g.end_turn()
    return [e.event for e in result.events if e.what in ("fired", "started")]


def _first_turn_with(pack: Pack, event: str, seed: int) -> int | None:
    g = Game(pack, seed=seed)
    while not g.finished:
        if event in _end(g):
            return g.results[-1].turn
    return None


def test_an_injected_event_happens_whatever_its_condition(pack: Pack) -> None:
    plain, ordered = Game(pack, seed=3), Game(pack, seed=3)
    ordered.inject_event("press_story")  # its condition (corridor care or high anxiety) does not hold in week 1
    assert "press_story" not in _end(plain)
    assert "press_story" in _end(ordered)
    assert ordered.state.fired["press_story"] == 1


def test_a_skipped_event_does_not_happen_and_the_other_draws_are_unchanged(pack: Pack) -> None:
    seed = next(s for s in range(1, 40) if _first_turn_with(pack, "winter_surge", s) == 4)
    plain, skipped = Game(pack, seed=seed), Game(pack, seed=seed)
    for _ in range(3):
        _end(plain), _end(skipped)
    skipped.skip_event("winter_surge")
    assert "winter_surge" in _end(plain)
    assert "winter_surge" not in _end(skipped)
    # the roll stream was drawn as usual: next week the surge may fire on its own draw
    assert plain.rng("events").random() == skipped.rng("events").random()


def test_overriding_a_roll_decides_a_chance_event_but_not_its_condition(pack: Pack) -> None:
    seed = next(s for s in range(1, 40) if _first_turn_with(pack, "winter_surge", s) not in (4, None))
    stopped, forced, early = Game(pack, seed=seed), Game(pack, seed=seed), Game(pack, seed=seed)
    for g in (stopped, forced):
        for _ in range(3):
            _end(g)
    forced.override_roll("winter_surge", 0.0)  # week 4: the condition holds, the seed's roll said no
    assert "winter_surge" in _end(forced)
    early.override_roll("winter_surge", 0.0)  # week 1: the condition (week 4 to 9) does not hold
    assert "winter_surge" not in _end(early)
    seed2 = next(s for s in range(1, 40) if _first_turn_with(pack, "winter_surge", s) == 4)
    g = Game(pack, seed=seed2)
    for _ in range(3):
        _end(g)
    g.override_roll("winter_surge", 1.0)
    assert "winter_surge" not in _end(g)


def test_a_delayed_event_happens_the_given_number_of_turns_later(pack: Pack) -> None:
    g = Game(pack, seed=3)
    g.delay_event("press_story", 2)
    assert "press_story" not in _end(g)
    assert "press_story" not in _end(g)
    assert "press_story" in _end(g)
    assert g.results[-1].turn == 3


@pytest.mark.parametrize(("call", "args", "words"), [
    ("inject_event", ("no_such_event",), "no event"),
    ("skip_event", ("corridor_care",), "own thresholds"),
    ("override_roll", ("press_story", 1.5), "between 0 and 1"),
    ("delay_event", ("press_story", 0), "at least one turn"),
])
def test_refused_orders_leave_nothing_behind(pack: Pack, tmp_path: Path, call: str, args: tuple[object, ...],
                                             words: str) -> None:
    pt = Playthrough.start(pack, 3, tmp_path, mode="facilitator")
    kind = {"inject_event": "inject", "skip_event": "skip", "override_roll": "override", "delay_event": "delay"}[call]
    with pytest.raises(RefusedMove, match=words):
        if kind == "override":
            pt.facilitate(kind, str(args[0]), roll=float(args[1]))  # type: ignore[arg-type]
        elif kind == "delay":
            pt.facilitate(kind, str(args[0]), turns=int(args[1]))  # type: ignore[call-overload]
        else:
            pt.facilitate(kind, str(args[0]))
    assert pt.data.actions == [] and pt.game.overrides.by_turn == {}


def test_orders_are_recorded_in_the_save_and_replayed_exactly(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 3, tmp_path, mode="facilitator", player="Team Red")
    pt.facilitate("inject", "press_story")
    pt.facilitate("override", "agency_handback", roll=0.0)
    _end(pt)
    pt.facilitate("delay", "winter_surge", turns=2)
    pt.facilitate("skip", "press_story")
    for _ in range(4):
        _end(pt)
    assert pt.path is not None
    save = read_save(pt.path)
    assert [(a.turn, a.kind, a.event) for a in save.actions] == [
        (1, "inject", "press_story"), (1, "override", "agency_handback"), (2, "delay", "winter_surge"),
        (2, "skip", "press_story")]
    assert save.version == VERSION == 3 and save.player == "Team Red" and "team-red" in pt.path.name
    report = replay(save, pack)
    assert report.ok, report.message
    assert report.game is not None and report.game.state_hash() == pt.game.state_hash()
    without = save.model_copy(update={"actions": []})
    assert not replay(without, pack).ok  # the orders changed the game: without them it does not replay


def test_a_fork_keeps_the_orders_before_its_turn(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 3, tmp_path, mode="facilitator")
    pt.facilitate("inject", "press_story")
    _end(pt)
    pt.facilitate("inject", "agency_handback")
    _end(pt)
    child = fork(pt.data, pt.path, pack, 2, tmp_path)
    assert [a.turn for a in child.data.actions] == [1]
    assert child.game.state.fired.get("press_story") == 1


def test_clones_keep_their_own_orders(pack: Pack) -> None:
    g = Game(pack, seed=3)
    twin = g.clone()
    twin.inject_event("press_story")
    assert g.overrides.by_turn == {} and twin.overrides.by_turn[1].inject == ["press_story"]


def test_a_version_2_save_is_migrated_with_no_actions(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 3, tmp_path)
    _end(pt)
    assert pt.path is not None
    raw = json.loads(pt.path.read_text())
    for key in ("actions", "live"):
        raw.pop(key)
    raw.update(version=2, min_reader=2)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(raw))
    save = read_save(old)
    assert save.version == 3 and save.actions == [] and save.live is None
    assert replay(save, pack).ok


def test_orders_for_the_turn_being_planned_survive_quitting_and_resuming(pack: Pack, tmp_path: Path) -> None:
    from sysplay.playthroughs.save import resume

    pt = Playthrough.start(pack, 3, tmp_path, mode="facilitator")
    _end(pt)
    pt.facilitate("inject", "press_story")  # given in week 2, then the facilitator quits before ending it
    assert pt.path is not None
    again = resume(pt.path, pack)
    assert again.game.overrides.by_turn[2].inject == ["press_story"]
    assert "press_story" in _end(again)
    assert replay(read_save(pt.path), pack).ok


def test_the_rooms_questions_follow_what_just_happened(pack: Pack) -> None:
    from sysplay.engine.personas import play_turn
    from sysplay.playthroughs.facilitation import PROMPTS, own_move, prompts, room_options

    g = Game(pack, seed=4)
    checked = {"event": 0, "dilemma": 0, "answer": 0, "own": 0}
    while not g.finished:
        if g.pending_dilemma is not None and g.answer_given is None:
            options = room_options(g)  # the room votes on the dilemma's answers, lettered
            assert [o.id for o in options] == [c.id for c in pack.event(g.pending_dilemma).choices]
            assert [o.letter for o in options] == ["A", "B", "C", "D", "E"][: len(options)]
        play_turn(g, "heroic_director")
        r = g.end_turn()
        asked = prompts(g, r)
        assert 1 <= len(asked) <= PROMPTS and len(set(asked)) == len(asked)
        text = " ".join(asked)
        fired = [pack.event(e.event) for e in r.events if e.what in ("fired", "started")]
        if fired:
            checked["dilemma" if fired[0].choices else "event"] += 1
            assert f"'{fired[0].title}'" in asked[0]
        elif r.answer is not None:
            checked["answer"] += 1
            assert "Who gains from it" in asked[0]
        elif r.actions:
            checked["own"] += 1
            assert own_move(g, r.actions[0]) in text
    assert all(checked.values()), checked


FROZEN = Path(__file__).parents[1] / "fixtures" / "packs" / "engine1_riverside"


def test_withdrawing_an_order_leaves_a_save_that_replays_as_if_it_was_never_given(tmp_path: Path) -> None:
    frozen = load_pack(str(FROZEN))
    pt = Playthrough.start(frozen, 3, tmp_path, mode="facilitator")
    pt.facilitate("delay", "winter_surge", turns=2)  # given in week 1, lands in week 3
    _end(pt)
    pt.facilitate("inject", "press_story")
    pt.facilitate("skip", "press_story")
    gone = pt.withdraw_order()
    assert (gone.kind, gone.event) == ("skip", "press_story")
    assert pt.game.overrides.by_turn[2].inject == ["press_story"] and pt.game.overrides.by_turn[2].skip == set()
    assert pt.game.overrides.by_turn[3].inject == ["winter_surge"]  # the earlier week's delay still stands
    assert "press_story" in _end(pt)
    assert "winter_surge" in _end(pt)
    assert pt.path is not None
    save = read_save(pt.path)
    assert [(a.turn, a.kind) for a in save.actions] == [(1, "delay"), (2, "inject")]
    report = replay(save, frozen)
    assert report.ok, report.message
    assert report.game is not None and report.game.state_hash() == pt.game.state_hash()


def test_only_orders_given_in_this_turn_can_be_withdrawn(tmp_path: Path) -> None:
    frozen = load_pack(str(FROZEN))
    pt = Playthrough.start(frozen, 3, tmp_path, mode="facilitator")
    pt.facilitate("delay", "winter_surge", turns=2)
    _end(pt)
    with pytest.raises(RefusedMove, match="no order was given in this week"):
        pt.withdraw_order()
    assert len(pt.data.actions) == 1 and pt.game.overrides.by_turn[3].inject == ["winter_surge"]


def test_a_delay_withdrawn_in_its_own_turn_leaves_the_later_turn_alone(tmp_path: Path) -> None:
    frozen = load_pack(str(FROZEN))
    pt = Playthrough.start(frozen, 3, tmp_path, mode="facilitator")
    pt.facilitate("delay", "winter_surge", turns=2)
    pt.withdraw_order()
    assert pt.data.actions == [] and all(
        not o.inject and not o.skip and not o.rolls for o in pt.game.overrides.by_turn.values())

