"""Pilot tests of the rough edges a new player hit (issue 15): nothing typed is lost, lists and focus behave."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from sysplay.playthroughs.save import read_save
from sysplay.scenarios.models import Pack
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.journal import JournalDialog
from sysplay.tui.dialogs.moves import MovePicker, detail
from sysplay.tui.dialogs.why import WhyDialog
from sysplay.tui.present import and_list, change, condition_words, num, plural, quantity, signed
from sysplay.tui.screens import turn_flow
from sysplay.tui.screens.briefing import BriefingScreen, briefing_text
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.resolution import ResolutionScreen
from sysplay.tui.views.narrate import nothing_learned, steps
from sysplay.tui.widgets.diary import DiaryPanel

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


async def _end_the_week(app: object, pilot: object, pt: object, pack: Pack) -> None:
    """End the week from the play screen with no moves (a waiting dilemma answered with its first choice)."""
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, PlayScreen)
    screen.confirm_end_turn = False
    game = pt.game  # type: ignore[attr-defined]
    if game.pending_dilemma is not None:
        game.answer(pack.event(game.pending_dilemma).choices[0].id)
    await pilot.press("e", "y")  # type: ignore[attr-defined]  # end the week (without moves: yes)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_surprise_offers_a_reflection_on_the_story_and_never_catches_keys_meant_for_play(
        pack: Pack, tmp_path: Path) -> None:
    pt = await _surprising_turn(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await _end_the_week(app, pilot, pt, pack)
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
        await _end_the_week(app, pilot, pt, pack)
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
    label = pack.system.stocks["delayed_discharges"].label
    assert condition_words(pack, "delayed_discharges > 140 or turn >= 5") == f"{label} is above 140, or from week 5 on"
    assert condition_words(pack, "turn >= 4 and turn <= 9") == "from week 4 on and until week 9"
    assert condition_words(pack, "(a > 1 or (b < 2)) and c") == "the situation allows it"
    assert condition_words(pack, "(delayed_discharges >= 230 or (trust_mean < 0.15 and turn >= 4)) and outcome < 0.6") \
        == (f"({label} is at least 230, or average trust in you is below 0.15 and from week 4 on) and the overall "
            "outcome is below 0.6")


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


# ----- 4. lists and focus ---------------------------------------------------------------------
async def test_the_pickers_first_down_lands_on_the_first_move_offered(pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MovePicker)
        first = next(k for k, o in enumerate(picker.shown) if o.available)
        await pilot.press("down")
        await pilot.pause()
        assert picker.query_one("#move-list", OptionList).highlighted == first


async def test_the_diary_stops_at_its_last_move_and_a_removal_can_be_undone(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.game.plan("listen_one_to_one", ("council",))
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")  # straight to the diary
        await pilot.pause()
        diary = app.screen.query_one(DiaryPanel).query_one(OptionList)
        assert app.screen.focused is diary
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert diary.highlighted == 1  # stopped at the last move, not wrapped to the first
        await pilot.press("x")
        await pilot.pause()
        assert [m.targets for m in pt.game.diary] == [("acute",)]
        await pilot.press("u")
        await pilot.pause()
        assert [m.targets for m in pt.game.diary] == [("acute",), ("council",)]


async def test_an_untargeted_move_is_planned_without_an_empty_target_dialog(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#search", Input).value = "reflect"
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert [m.intervention for m in pt.game.diary] == ["pause_and_reflect"]


async def test_the_changes_list_shows_where_enter_acts_and_why_uses_the_whole_width(pack: Pack,
                                                                                  tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        await pilot.press("a")
        await pilot.pause()
        changes = app.screen.query_one("#changes", OptionList)
        assert app.screen.focused is changes and changes.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WhyDialog)
        body = app.screen.query_one("#why-body")
        assert not app.screen.query_one("#why-keys").display and body.region.x <= 4


async def test_the_briefing_opens_on_its_text_so_page_down_scrolls(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        body = app.screen.query_one("#briefing-body")
        assert app.screen.focused is body
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0


# ----- 5. saying why --------------------------------------------------------------------------
def test_a_listen_that_learns_nothing_says_what_limited_it(pack: Pack, tmp_path: Path) -> None:
    said = []
    for seed in range(1, 12):
        pt = started(pack, tmp_path / str(seed), seed=seed)
        pt.game.plan("listen_one_to_one", ("homecare",))
        result = pt.end_turn()
        mv = result.moves[0]
        if mv.applied is not None and not mv.applied.reveals:
            said = nothing_learned(pt.game, mv)
            break
    assert said, "no seed gave a listen that learned nothing"
    assert "trust in you" in said[0] and "chance" in said[0] and "%" in said[0]


def test_the_briefing_says_when_the_game_can_end_early(pack: Pack) -> None:
    text = briefing_text(pack).plain
    early = [e for e in pack.endings if e.at == "any"]
    assert early
    assert "It can end early" in text
    for e in early:
        assert e.title in text
    assert "delayed_discharges" not in text


async def test_holding_is_explained_where_it_is_shown(pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one(".resources").render())
        assert "Holding" in text and "how safe the group feels" in text


# ----- 6. the title screen --------------------------------------------------------------------
async def test_a_bundled_pack_and_its_copy_in_scenarios_say_which_is_which(tmp_path: Path) -> None:
    import shutil

    from sysplay.scenarios.paths import bundled_dir

    shutil.copytree(bundled_dir() / "riverside_winter", tmp_path / "scenarios" / "riverside_winter")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        packs = app.screen.query_one("#packs", OptionList)
        labels = [str(packs.get_option_at_index(k).prompt) for k in range(packs.option_count)]
        riverside = [label for label in labels if "Riverside" in label]
        assert len(riverside) == 2 and len(set(riverside)) == 2
        assert any("built in" in label for label in riverside)
        assert any("./scenarios/riverside_winter" in label for label in riverside)


def test_saves_are_listed_with_the_date_they_were_last_saved(pack: Pack, tmp_path: Path) -> None:
    from sysplay.playthroughs.sessions import list_saves

    started(pack, tmp_path, turns=1)
    [entry] = list_saves(tmp_path / "saves")
    assert "UTC" in entry.summary and " 20" in entry.summary  # "2 Dec 2026, 15:11 UTC"


async def test_quitting_in_the_first_week_leaves_no_empty_save(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    assert pt.path is not None and pt.path.exists()
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not pt.path.exists()


async def test_quitting_after_a_week_keeps_the_save(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=1)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert pt.path is not None and pt.path.exists()


# ----- 7. accessibility -----------------------------------------------------------------------
async def test_settings_show_the_chosen_theme_and_ticks_by_their_mark(tmp_path: Path) -> None:
    from sysplay.tui.dialogs.settings import SettingsDialog
    from sysplay.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton

    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsDialog)
        marks = {str(b._button.plain)[1] for b in app.screen.query(MarkedRadioButton)}
        chosen = [b for b in app.screen.query(MarkedRadioButton) if b.value]
        assert marks == {"●", "○"} and len(chosen) == 1 and str(chosen[0]._button.plain)[1] == "●"
        for box in app.screen.query(MarkedCheckbox):
            assert str(box._button.plain)[1] == ("✓" if box.value else " ")


async def test_at_80_by_24_the_footer_keeps_quit_and_help(pack: Pack, tmp_path: Path) -> None:
    from sysplay.tui.widgets.footer import SteadyFooter

    app = app_for(tmp_path, playthrough=started(pack, tmp_path, turns=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SteadyFooter)
        keys = [k for k in footer.children if k.region.width and k.region.right <= 80]
        shown = " ".join(str(getattr(k, "description", "")) for k in keys)
        assert "Quit" in shown and "Help" in shown, shown


async def test_at_80_by_24_why_a_move_is_not_on_offer_is_in_view(pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MovePicker)
        k = next(k for k, o in enumerate(picker.shown) if not o.available)
        picker.query_one("#move-list", OptionList).highlighted = k
        await pilot.pause()
        text = picker.query_one("#move-text")
        lines = text.render().plain.splitlines() if hasattr(text.render(), "plain") else []
        assert any("Not now" in line for line in lines[:4]), lines[:4]


def test_help_lists_each_key_once_a_section_and_names_each_dialog() -> None:
    from sysplay.tui import keys

    found = keys.sections(keys.GROUPS(), {})
    titles = [t for t, _ in found]
    assert {"Choosing a move", "Choosing its targets", "A dilemma", "The journal", "Rewind", "Settings"} <= set(titles)
    for _, rows in found:
        assert len(rows) == len(set(rows))


# ----- 8. words and numbers -------------------------------------------------------------------
def test_numbers_never_read_minus_zero_and_pairs_share_their_decimals() -> None:
    assert signed(-0.001) == "0.00" and change(-0.004) == "0.00" and num(-0.001) == "0.00"
    assert change(-0.01) == "−0.01" and signed(0.2) == "+0.20"
    assert (quantity(120, 72.24), quantity(72.24, 120)) == ("120.0", "72.2")
    assert (quantity(4.0, 5.196), quantity(5.196, 4.0)) == ("4.00", "5.20")
    assert plural(1, "slot") == "1 slot" and plural(2, "slot") == "2 slots"
    assert and_list(["A", "B"]) == "A and B" and and_list(["A", "B", "C"]) == "A, B and C"


async def test_the_diary_and_the_story_read_as_english(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    pt.game.plan("broker_introduction", ("acute", "council"))
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        diary = screen.query_one(DiaryPanel).view
        assert diary is not None
        assert diary.entries == ["Broker an introduction → Riverside Hospitals and Council adult social care (1 slot)"]
        heading = str(screen.query_one(".heading").render())
        assert "Hospitals's" not in heading and "Riverside Hospitals' ties" in heading
    result = pt.end_turn()
    story = "\n".join(line.plain for st in steps(pt.game, result) for line in st.lines)
    assert "Riverside Hospitals and Council adult social care" in story or "{target}" not in story
    assert "−0.00" not in story


def test_a_quote_said_word_for_word_before_is_not_repeated(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    quoted: list[str] = []
    for _ in range(4):
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.game.plan("listen_one_to_one", ("acute",))
        result = pt.end_turn()
        people = next(st for st in steps(pt.game, result) if st.title == "The people")
        quoted += [line.plain for line in people.lines if "“" in line.plain]
    assert quoted and len(quoted) == len(set(quoted))


def test_the_briefing_does_not_name_a_kind_twice(pack: Pack) -> None:
    text = briefing_text(pack).plain
    assert "Community health trust (community health trust)" not in text
    assert "Council adult social care (council adult social care)" not in text


async def test_a_new_dilemma_is_announced_not_opened_so_keys_meant_for_play_choose_nothing(
        pack: Pack, tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    probe = started(pack, tmp_path / "probe", seed=3)
    before = 0
    while probe.game.pending_dilemma is None and not probe.game.finished:
        probe.end_turn()
        before += 1
    assert probe.game.pending_dilemma is not None
    pt = started(pack, tmp_path, seed=3, turns=before - 1)
    rec = recorder()
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, message_hook=rec) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.confirm_end_turn = False
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press("a", "c")
        await pilot.pause()
        assert pt.game.pending_dilemma is not None and app.screen is screen
        await pilot.press("m", "enter")  # straight on to plan: the Enter reaches the move picker
        await pilot.pause()
        assert pt.game.answer_given is None
        assert any("dilemma is waiting" in n.message for n in rec.notifications)


def test_a_resting_move_says_how_long_it_rests_in_words(pack: Pack, tmp_path: Path) -> None:
    from sysplay.tui.dialogs.moves import reason

    pt = started(pack, tmp_path)
    pt.game.plan("convene_dialogue", ("acute", "council", "carers"))
    pt.end_turn()
    o = next(o for o in pt.game.options() if o.intervention.id == "convene_dialogue")
    assert not o.available
    said = reason(pt.game, o)
    assert "cooldown" not in said and "(s)" not in said and "resting" in said and "week" in said, said


def test_an_ending_that_came_early_says_so(pack: Pack, tmp_path: Path) -> None:
    from sysplay.engine.personas import play_turn
    from sysplay.playthroughs.save import Playthrough
    from sysplay.tui.screens.ending import ending_text

    for seed in range(1, 40):
        pt = Playthrough.start(pack, seed, None)
        while not pt.game.finished:
            play_turn(pt.game, "heroic_director")
            pt.end_turn()
        if len(pt.game.results) < pack.meta.turns:
            text = ending_text(pt).plain
            assert f"The game ended early, after week {len(pt.game.results)} of {pack.meta.turns}." in text
            return
        assert "ended early" not in ending_text(pt).plain
    raise AssertionError("no seed ended early")
