"""Pilot tests of playing: start from the title, plan and target moves, end turns, dilemmas, why, the journal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from sysplay.playthroughs.save import read_save
from sysplay.scenarios.models import Pack
from sysplay.tui.app import build_app
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.dilemma import DilemmaDialog
from sysplay.tui.dialogs.journal import JournalDialog
from sysplay.tui.dialogs.moves import MovePicker
from sysplay.tui.dialogs.target import TargetPicker
from sysplay.tui.dialogs.why import WhyDialog
from sysplay.tui.screens.briefing import BriefingScreen
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.resolution import ResolutionScreen
from sysplay.tui.screens.title import TitleScreen
from sysplay.tui.widgets.actor_card import ActorCard
from sysplay.tui.widgets.diary import DiaryPanel

from .conftest import app_for, started

SIZE = (100, 30)


async def _plan(pilot, app, move_name: str, targets: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Open the move picker, search for a move, choose it and tick targets by list position."""
    await pilot.press("m")
    assert isinstance(app.screen, MovePicker)
    app.screen.query_one("#search", Input).value = move_name
    await pilot.pause()
    await pilot.press("down", "enter")
    assert isinstance(app.screen, TargetPicker)
    picker = app.screen
    if picker.iv.target == "actor":
        picker.query_one("#targets", OptionList).highlighted = targets[0]
    else:
        for k in targets:
            picker.query_one("#targets", OptionList).highlighted = k
            await pilot.press("space")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_title_to_briefing_to_play_with_a_chosen_seed(tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    rec = recorder()
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE, message_hook=rec) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any(e.spec == "riverside_winter" for e in app.screen.packs)
        app.screen.query_one("#packs", OptionList).highlighted = next(
            k for k, e in enumerate(app.screen.packs) if e.spec == "riverside_winter")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        app.screen.query_one("#seed", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.current is not None and app.current.game.seed == 7
        assert app.current.path is not None and app.current.path.parent == Path("saves")
        assert (tmp_path / app.current.path).exists()
    assert [m.spec for m in rec.of(TitleScreen.PackChosen)] == ["riverside_winter"]
    assert [(m.spec, m.seed) for m in rec.of(BriefingScreen.StartRequested)] == [("riverside_winter", 7)]


async def test_plan_target_remove_and_reorder_moves(pack: Pack, tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    rec = recorder()
    pt = started(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        await _plan(pilot, app, "one-to-one", [1])
        await _plan(pilot, app, "broker", [0, 1])
        g = pt.game
        assert [(p.intervention, p.targets) for p in g.diary] == [
            ("listen_one_to_one", (pack.actors[1].id,)), ("broker_introduction", (pack.actors[0].id, pack.actors[1].id))]
        # A refused move leaves the diary as it was and says why; the picker stays open to try again.
        await _plan(pilot, app, "triage", [0])
        assert isinstance(app.screen, TargetPicker)
        assert len(g.diary) == 2
        assert any("target(s), got 1" in n.message for n in rec.notifications)
        await pilot.press("escape")
        await pilot.pause()
        # A move that is not on offer is refused in the list, with the reason.
        await pilot.press("m")
        app.screen.query_one("#search", Input).value = "broker"
        await pilot.pause()
        await pilot.press("down", "enter")
        assert isinstance(app.screen, MovePicker)
        assert any("not now" in n.message for n in rec.notifications)
        await pilot.press("escape")
        await pilot.pause()
        diary = app.screen.query_one(DiaryPanel)
        diary.query_one(OptionList).focus()
        diary.query_one(OptionList).highlighted = 1
        await pilot.press("shift+up")
        await pilot.pause()
        assert [p.intervention for p in g.diary] == ["broker_introduction", "listen_one_to_one"]
        await pilot.press("delete")
        await pilot.pause()
        assert [p.intervention for p in g.diary] == ["listen_one_to_one"]


async def test_end_turn_tells_the_story_and_autosaves(pack: Pack, tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    rec = recorder()
    pt = started(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, message_hook=rec) as pilot:
        await pilot.pause()
        await _plan(pilot, app, "one-to-one", [0])
        await pilot.press("e")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        screen = app.screen
        assert screen.shown == 1
        await pilot.press("space")
        assert screen.shown == 2
        await pilot.press("a")
        assert screen.shown == len(screen.story) and screen.keys
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert pt.game.turn == 2 and pt.game.diary == []
    resolved = rec.of(PlayScreen.TurnResolved)
    assert [m.result.turn for m in resolved] == [1]
    assert pt.path is not None and len(read_save(pt.path).turns) == 1


async def test_a_dilemma_is_answered_in_a_modal(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=3)
    for _ in range(12):
        if pt.game.pending_dilemma is not None:
            break
        pt.end_turn()
    assert pt.game.pending_dilemma is not None, "the pack should raise a dilemma within a few weeks"
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")  # ending the week first asks for the answer
        await pilot.pause()
        assert isinstance(app.screen, DilemmaDialog)
        await pilot.press("2")
        await pilot.pause()
        ev = pack.event(pt.game.pending_dilemma)
        assert pt.game.answer_given == ev.choices[1].id
        await pilot.press("a", "1")
        await pilot.pause()
        assert pt.game.answer_given == ev.choices[0].id


async def test_why_explains_an_actor_and_a_metric_across_turns(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=2)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, ActorCard)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyDialog)
        assert app.screen.keys == [("stance", 0), ("trust", 0), ("anxiety", 0), ("stage", 0)]
        text = str(app.screen.query_one("#why-text").render())
        assert "Week 2" in text and "Week 1" in text
        await pilot.press("escape")
        app.screen.query_one("#metric-delayed_discharges").focus()
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.keys == [("stock", "delayed_discharges")]
        assert "flow" in str(app.screen.query_one("#why-text").render())


async def test_journal_note_is_pinned_to_the_turn_and_saved(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=1)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        assert isinstance(app.screen, JournalDialog)
        app.screen.query_one(TextArea).text = "The council went quiet when I named the dispute."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert pt.path is not None
    notes = read_save(pt.path).notes
    assert [(n.turn, n.text) for n in notes] == [(2, "The council went quiet when I named the dispute.")]


async def test_the_stock_label_lint_matches_what_the_play_screen_shows_at_100_columns(pack: Pack, tmp_path: Path) -> None:
    """`sysplay validate` warns about stock labels longer than STOCK_LABEL_COLUMNS: this is that width, measured."""
    from textual.widgets import Label

    from sysplay.scenarios.lint_writing import STOCK_LABEL_COLUMNS
    from sysplay.tui.widgets.metric import Metric

    pt = started(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        for metric in app.screen.query(Metric):
            label = metric.query_one(".label", Label)
            visible = metric.content_region.right - label.region.x
            assert visible == STOCK_LABEL_COLUMNS, metric.id


async def test_the_briefing_offers_the_packs_difficulties_and_the_save_records_the_choice(
        tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    import yaml
    from textual.widgets import Select

    from tests.engine.rules.tiny import pack_data
    from tests.scenarios.test_presets import PRESETS

    data = pack_data(2)
    data["presets"] = PRESETS
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rec = recorder()
    app = build_app(start="play", pack=str(tmp_path / "tiny"), save_dir=Path("saves"))
    async with app.run_test(size=SIZE, message_hook=rec) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        text = str(app.screen.query_one("#briefing-text").render())
        assert "Difficulty" in text and "Guided" in text and "(the default)" in text
        choice = app.screen.query_one("#difficulty", Select)
        assert choice.value == "standard", "the pack's default is chosen to begin with"
        choice.value = "guided"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.current is not None and app.current.game.difficulty == "guided"
        assert app.current.game.state.capital == 9
        assert app.current.path is not None and read_save(tmp_path / app.current.path).difficulty == "guided"
    assert [m.difficulty for m in rec.of(BriefingScreen.StartRequested)] == ["guided"]
