"""Pilot tests of a new player's first minute: the tutorial is first on the title screen, marked and
highlighted, and Enter on it opens its briefing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from sysplay.tui.screens.briefing import BriefingScreen
from sysplay.tui.screens.title import START_HERE, TitleScreen

from .conftest import app_for

SIZE = (100, 30)


async def test_a_new_players_title_shows_the_tutorial_first_marked_and_highlighted(tmp_path: Path) -> None:
    assert not (tmp_path / "saves").exists()  # a new player: no saves yet
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TitleScreen)
        assert screen.saves == []
        packs = screen.query_one("#packs", OptionList)
        assert packs.has_focus and packs.highlighted == 0
        assert screen.packs[0].spec == "first_steps" and screen.packs[0].tutorial
        first = str(packs.get_option_at_index(0).prompt)
        assert first.startswith(START_HERE) and "First steps at Fernbrook" in first
        assert all(START_HERE not in str(packs.get_option_at_index(k).prompt) for k in range(1, packs.option_count))
        detail = str(screen.query_one("#title-text").render())
        assert "First steps at Fernbrook" in detail and "New to sysplay?" in detail


async def test_enter_on_the_tutorial_opens_its_briefing(tmp_path: Path, recorder) -> None:  # type: ignore[no-untyped-def]
    rec = recorder()
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE, message_hook=rec) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.spec == "first_steps" and app.screen.pack.meta.title == "First steps at Fernbrook"
        assert app.screen.difficulty == "standard"  # the pack's default preset, with guided on offer
    assert [m.spec for m in rec.of(TitleScreen.PackChosen)] == ["first_steps"]
