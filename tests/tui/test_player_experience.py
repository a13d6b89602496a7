"""Pilot tests of the rough edges a new player hit (issue 15): nothing typed is lost, lists and focus behave."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import TextArea

from sysplay.playthroughs.save import read_save
from sysplay.scenarios.models import Pack
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.journal import JournalDialog
from sysplay.tui.dialogs.moves import MovePicker, detail
from sysplay.tui.present import condition_words
from sysplay.tui.screens import turn_flow
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.resolution import ResolutionScreen
from sysplay.tui.views.narrate import steps

from .conftest import app_for, started

SIZE = (100, 30)


# ----- 1. nothing a player types is lost without a question ------------------------------------
async def test_tab_in_the_journal_keeps_typing_in_the_note(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=1)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "o", "n", "e", "tab", "tab", "space", "t", "w", "o")
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert pt.path is not None
    assert [n.text for n in read_save(pt.path).notes] == ["one two"]


async def test_escape_from_a_journal_with_words_in_it_asks_first(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=1)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "h", "i", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep writing
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        assert app.screen.query_one(TextArea).text == "hi"
        await pilot.press("escape", "y")  # discard, having been asked
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("j", "escape")  # an empty note closes at once
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert pt.path is not None and read_save(pt.path).notes == []


async def _surprising_turn(pack: Pack, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A playthrough one turn before a surprising one (found by playing ahead on a copy of the save)."""
    for turns in range(11):
        probe = started(pack, tmp_path / f"probe{turns}", seed=3, turns=turns)
        if probe.game.finished:
            break
        if probe.game.pending_dilemma is not None:
            probe.game.answer(pack.event(probe.game.pending_dilemma).choices[0].id)
        if probe.end_turn().surprise >= turn_flow.SURPRISE:
            return started(pack, tmp_path, seed=3, turns=turns)
    raise AssertionError("no turn was surprising enough to offer a reflection")


async def test_a_surprise_offers_a_reflection_on_the_story_and_never_catches_keys_meant_for_play(
        pack: Pack, tmp_path: Path) -> None:
    pt = await _surprising_turn(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.confirm_end_turn = False
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        await pilot.press("e", "y")  # end the week (without moves: yes)
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        assert app.screen.reflect is not None
        assert "came out at" in app.screen.reflect  # it names what surprised
        await pilot.press("a", "c")
        await pilot.pause()
        while not isinstance(app.screen, PlayScreen):  # a dilemma may follow: answer it
            await pilot.press("1")
            await pilot.pause()
        await pilot.press("m", "l", "i", "s")  # straight on to plan a move: the keys reach the move picker
        await pilot.pause()
        assert isinstance(app.screen, MovePicker)


async def test_the_reflection_is_pinned_from_the_story_with_j(pack: Pack, tmp_path: Path) -> None:
    pt = await _surprising_turn(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.confirm_end_turn = False
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        await pilot.press("e", "y")  # end the week (without moves: yes)
        await pilot.pause()
        turn = pt.game.results[-1].turn
        await pilot.press("a", "j")
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog) and app.screen.prompt
        await pilot.press("o", "k", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
    assert [(n.turn, n.text) for n in pt.data.notes] == [(turn, "ok")]


def test_the_reflection_names_the_surprise_and_does_not_repeat_its_question(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=3)
    prompts = []
    for _ in range(12):
        if pt.game.finished:
            break
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        result = pt.end_turn()
        prompt = turn_flow.reflection(pt.game, result)
        assert (prompt is None) == (result.surprise < turn_flow.SURPRISE)
        if prompt:
            prompts.append(prompt)
    assert len(prompts) >= 2
    assert len(set(prompts)) == len(prompts)
    assert all(any(s.label in p for s in pack.system.stocks.values()) for p in prompts)


async def test_quitting_with_only_a_dilemma_answer_chosen_asks_first(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=3)
    for _ in range(12):
        if pt.game.pending_dilemma is not None:
            break
        pt.end_turn()
    assert pt.game.pending_dilemma is not None
    pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
    assert not pt.game.diary
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "answer to the dilemma" in app.screen.detail
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen) and app.return_code is None


# ----- 2. everything a player reads is in words ------------------------------------------------
INTERNALS = re.compile(r"[a-z]+_[a-z_]+|\w\s*[*/]\s*\w|[<>]=?\s*\d|threshold: \d|stubbornness: \d|openness: \d")


def test_the_move_picker_says_what_a_move_needs_in_words(pack: Pack, tmp_path: Path) -> None:
    g = started(pack, tmp_path).game
    for o in g.options():
        text = detail(g, o).plain
        assert not INTERNALS.search(text), text
    escalate = next(o for o in g.options() if o.intervention.id == "escalate_to_region")
    text = detail(g, escalate).plain
    assert "from week 5 on" in text
    assert "council adult social care" in text or "aimed only at" not in text


def test_condition_words_reads_comparisons_and_falls_back_to_a_plain_hint(pack: Pack, tmp_path: Path) -> None:
    g = started(pack, tmp_path).game
    label = pack.system.stocks["delayed_discharges"].label
    assert condition_words(g, "delayed_discharges > 140 or turn >= 5") == f"{label} is above 140, or from week 5 on"
    assert condition_words(g, "turn >= 4 and turn <= 9") == "from week 4 on and until week 9"
    assert condition_words(g, "(a > 1 or (b < 2)) and c") == "the situation allows it"


def test_what_a_listen_learns_is_told_in_words(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    told = []
    for actor in [a.id for a in pack.actors] * 2:
        if pt.game.finished:
            break
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.game.plan("listen_one_to_one", (actor,))
        result = pt.end_turn()
        told += [line.plain for st in steps(pt.game, result) for line in st.lines if "Learned" in line.plain]
    assert told, "a dozen listens should learn something"
    for line in told:
        assert not re.search(r"\d\.\d\d", line), line
