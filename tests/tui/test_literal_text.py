"""Pack text is shown exactly as written: never read as markup, never an action link, never an escape sequence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Label

from sysplay.playthroughs.save import Playthrough
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.title import TitleScreen
from sysplay.tui.widgets.actor_card import ActorCard

from .conftest import app_for

TITLE = "Winter [bold]at[/bold] Riverside [@click=app.quit]quit[/]"
SHORT = "Riverside [b]Hospitals[/b]"
VOICE = "[@click=app.quit]Click me[/] and [red]shout[/red]"


def _evil_pack(root: Path) -> Path:
    """riverside_winter, copied, with markup in its title, an actor's name and voice, and escape sequences."""
    folder = root / "scenarios" / "evil_winter"
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    text = text.replace("id: riverside_winter", "id: evil_winter").replace(
        "  title: Winter at Riverside", f'  title: "{TITLE}\\e]0;PWNED\\a\\e[2J"')
    pack_yaml.write_text(text, encoding="utf-8")
    actors = folder / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    text = text.replace("short_name: Riverside Hospitals", f'short_name: "{SHORT}\\e[31m"')
    text = text.replace("\"My wards are full of people who don't need to be there. Every one of them is someone in A&E "
                        "waiting for that bed.\"", f'"{VOICE}\\e[6n"')
    actors.write_text(text, encoding="utf-8")
    return folder


def _plain(label: Label) -> str:
    return str(label.render())


async def test_markup_in_a_pack_is_shown_literally_and_clicking_it_does_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _evil_pack(tmp_path)
    pack = load_pack(folder)
    assert pack.meta.title == TITLE, "the loader strips the escape sequences and keeps the brackets"
    pt = Playthrough.start(pack, 1, tmp_path / "saves", source=str(folder))
    app = app_for(tmp_path, playthrough=pt)
    exits: list[object] = []
    monkeypatch.setattr(app, "exit", lambda *a, **k: exits.append(a))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert TITLE in str(app.screen.query_one("#status", Label).render())
        card = app.screen.query_one("#card-0", ActorCard)
        assert card.has_focus
        shown = str(card.render())
        assert SHORT in shown and VOICE in shown
        voice_row = shown.splitlines().index(next(line for line in shown.splitlines() if "Click me" in line))
        for x in range(2, 20, 3):
            await pilot.click(card, offset=(x, voice_row))
            await pilot.pause()
        assert exits == [] and app.return_code is None
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "PWNED" not in screenshot
        assert "[bold]at[/bold]" in screenshot.replace("&#160;", " ")


async def test_the_title_screen_lists_such_a_pack_literally(tmp_path: Path) -> None:
    _evil_pack(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        titles = [e.title for e in app.screen.packs]
        assert TITLE in titles
        app.screen.query_one("#packs").highlighted = titles.index(TITLE)  # type: ignore[attr-defined]
        await pilot.pause()
        assert TITLE in str(app.screen.query_one("#title-text").render())
