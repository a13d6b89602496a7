"""The app around the game: help lists every key, the palette every action, settings, themes, quitting, sizes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import RadioButton

from sysplay.scenarios.models import Pack
from sysplay.tui.app import SysplayApp
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.help import HelpDialog
from sysplay.tui.dialogs.settings import SettingsDialog
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.settings import Settings, load
from sysplay.tui.themes import OFFERED

from .conftest import app_for, started


async def test_help_lists_every_key_of_the_play_screen(pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpDialog)
        described = {what.split(":")[0] for _, rows in app.screen.sections for _, what in rows}
        for b in PlayScreen.BINDINGS:
            assert b.description in described  # type: ignore[union-attr]
        for expected in ("Why?", "Remove move", "Move earlier", "Export Markdown", "Command palette"):
            assert any(d.startswith(expected) for d in described), expected
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_every_play_action_is_in_the_command_palette(pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        waiting = {"Dilemma", "Undo remove"}  # offered only while a dilemma waits, or after a move is removed
        for b in PlayScreen.BINDINGS:
            if b.description not in waiting:  # type: ignore[union-attr]
                assert b.description in titles, b.description  # type: ignore[union-attr]
        assert not waiting & titles
        assert {"Previous actor", "Next actor"} <= titles
        assert {"Why?", "Help", "Settings", "Theme"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Journal")
        await command.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "JournalDialog"


async def test_keys_can_be_remapped_by_binding_id(pack: Pack, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "tui.json").write_text(json.dumps({"keymap": {"play.journal": "n"}}), encoding="utf-8")
    app = app_for(tmp_path, playthrough=started(pack, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "JournalDialog"


async def test_settings_switch_to_the_colour_blind_safe_theme_and_persist(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert {"sysplay-high-contrast", "sysplay-okabe-ito"} <= set(app.available_themes)
        await pilot.press("f2")
        assert isinstance(app.screen, SettingsDialog)
        button = next(b for b in app.screen.query(RadioButton) if b.name == "sysplay-okabe-ito")
        await pilot.click(button)
        await pilot.pause()
        assert app.theme == "sysplay-okabe-ito"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(tmp_path / "config" / "tui.json").theme == "sysplay-okabe-ito"
    assert set(OFFERED) <= set(app.available_themes)


async def test_quitting_with_a_planned_diary_asks_first(pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path)
    pt.game.plan("listen_one_to_one", ("acute",))
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen) and app.return_code is None


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (64, 20)])
async def test_the_play_screen_fits_small_and_projector_sized_terminals(pack: Pack, tmp_path: Path,
                                                                        size: tuple[int, int]) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path, turns=1))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.has_class("-wide") == (size[0] >= 120)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape", "tab", "tab", "w")
        await pilot.pause()
        assert app.screen is not screen


def test_no_color_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = SysplayApp(config=tmp_path / "none.json")
    assert app.no_color


def test_a_broken_settings_file_means_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tui.json"
    path.write_text("{not json", encoding="utf-8")
    assert load(path) == Settings()
    path.write_text(json.dumps({"theme": 3, "keymap": {"play.plan": "ctrl+[bad]"}}), encoding="utf-8")
    assert load(path) == Settings()
