"""Pilot tests of the longer journey: rewind, reach an ending, open the debrief and export it, resume a save."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from sysplay.playthroughs import sessions as session
from sysplay.playthroughs.save import read_save
from sysplay.scenarios.models import Pack
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.rewind import RewindDialog
from sysplay.tui.screens.debrief import DebriefScreen
from sysplay.tui.screens.ending import EndingScreen
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.resolution import ResolutionScreen
from sysplay.tui.screens.title import TitleScreen

from .conftest import advance, app_for, started

SIZE = (100, 30)


async def test_rewind_plays_on_as_an_announced_fork(pack: Pack, tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    rec = recorder()
    pt = started(pack, tmp_path, turns=3)
    original = pt.path
    assert original is not None
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert isinstance(app.screen, RewindDialog)
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        branch = app.current
        assert branch is not None and branch is not pt and branch.path != original
        assert branch.game.turn == 2
        assert branch.data.parent is not None and branch.data.parent.turn == 2
        assert any("new branch" in n.message for n in rec.notifications)
    assert [m.turn for m in rec.of(PlayScreen.RewindRequested)] == [2]
    assert len(read_save(original).turns) == 3, "the playthrough left behind is kept as it was"


async def test_reaching_the_ending_then_the_debrief_and_exports(pack: Pack, tmp_path: Path) -> None:
    probe = started(pack, tmp_path / "probe", seed=2, turns=12)  # same seed and moves: find the last turn
    assert probe.game.finished
    pt = started(pack, tmp_path, seed=2, turns=len(probe.game.results) - 1)
    assert not pt.game.finished
    if pt.game.pending_dilemma is not None:
        pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        pt.game.plan("listen_one_to_one", ("acute",))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # slots unused: asked even with confirmation off
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert pt.game.finished and pt.game.state.ending
        ending = next(e for e in pack.endings if e.id == pt.game.state.ending)
        assert ending.title in str(app.screen.query_one("#ending-text").render())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.debriefs[0].meta.ending == pt.game.state.ending
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert pt.path is not None
    md = tmp_path / "saves" / f"{pt.data.save_id}-debrief.md"
    html = tmp_path / "saves" / f"{pt.data.save_id}-debrief.html"
    assert md.exists() and html.exists()
    assert ending.title in md.read_text(encoding="utf-8")


async def test_debrief_compares_with_another_save(pack: Pack, tmp_path: Path) -> None:
    first = started(pack, tmp_path, seed=4, turns=3)
    second = started(pack, tmp_path, seed=4, turns=2)
    assert first.path is not None and second.path is not None
    app = app_for(tmp_path, debrief=[first.path])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen) and app.screen.comparison is not None
        assert len(app.screen.debriefs) == 2
        await pilot.press("n")
        assert app.screen.which == 1


async def test_resume_a_save_from_the_title_screen(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=2)
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert [s.path.name for s in app.screen.saves] == [pt.path.name]  # type: ignore[union-attr]
        saves = app.screen.query_one("#saves", OptionList)
        saves.focus()
        saves.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.current is not None and app.current.game.turn == 3
        assert app.current.game.state_hash() == pt.game.state_hash()


async def test_resume_launched_from_the_command_line_reopens_play(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, turns=1)
    assert pt.path is not None
    again = session.open_save(pt.path)
    advance(pt, 0)
    app = app_for(tmp_path, playthrough=again)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.game.turn == 2


async def test_run_debrief_app_shows_a_debrief_object_and_exports_it_here(pack: Pack, tmp_path: Path) -> None:
    from sysplay.tui.screens.debrief import build

    pt = started(pack, tmp_path, seed=6, turns=2)
    assert pt.path is not None
    obj = build([pt.path])
    app = app_for(tmp_path, debrief_obj=obj)  # what run_debrief_app(obj) opens
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert "Compare" not in {c.title for c in app.get_system_commands(app.screen)}
        await pilot.press("x")
        await app.workers.wait_for_complete()
    assert (tmp_path / f"{pt.data.save_id}-debrief.md").exists()
