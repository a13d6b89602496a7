"""Pilot tests of ``sysplay play --watch`` (hot reload in the full-screen game) and ``--from-turn``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from sysplay.playthroughs.save import read_save
from sysplay.tui.app import SysplayApp, build_app
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.dialogs.dilemma import DilemmaDialog
from sysplay.tui.screens.briefing import BriefingScreen
from sysplay.tui.screens.play import PlayScreen
from sysplay.tui.screens.resolution import ResolutionScreen
from sysplay.tui.widgets.metric import Metric
from tests.tui.conftest import Recorder

SIZE = (100, 30)
REPO = Path(__file__).resolve().parents[2]
OLD_LABEL = "label: Patients fit to leave but still in hospital"
NEW_LABEL = "label: Patients stuck on the wards"


@pytest.fixture
def pack_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the bundled pack; saves go to ``tmp_path/saves``."""
    monkeypatch.setenv("SYSPLAY_SAVE_DIR", str(tmp_path / "saves"))
    folder = tmp_path / "riverside_winter"
    shutil.copytree(REPO / "scenarios" / "riverside_winter", folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    """Edit pack.yaml and move its mtime on, so the watcher sees the change even within one clock tick."""
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _messages(rec: Recorder, mark: int = 0) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in rec.since(mark)]


async def _wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    """Let the app settle until ``condition`` holds (bounded; a slow machine needs more than one pause)."""
    for _ in range(150):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def _reloaded(app: SysplayApp, rec: Recorder, old: object, text: str) -> Callable[[], bool]:
    return lambda: (isinstance(app.screen, PlayScreen) and app.screen is not old
                    and any(text in m for m in _messages(rec)))


def _stock_text(screen: PlayScreen) -> str:
    return str(screen.query_one("#metric-delayed_discharges", Metric).query_one(".label", Label).render())


async def _end_turn(pilot: Pilot[None], app: SysplayApp) -> None:
    await pilot.press("e")
    if isinstance(app.screen, ConfirmDialog):
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.screen, ResolutionScreen)
    await pilot.press("a")
    await pilot.press("c")
    await pilot.pause()
    for _ in range(3):  # a dilemma, answered with its first choice
        top = app.screen
        if isinstance(top, PlayScreen):
            break
        if isinstance(top, DilemmaDialog):
            top.dismiss(top.event.choices[0].id)
        else:
            await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.screen, PlayScreen)


@pytest.fixture(autouse=True)
def _manual_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests call ``poll_pack()`` themselves: park the real timer so a slow machine cannot race them."""
    monkeypatch.setattr(PlayScreen, "WATCH_INTERVAL", 3600.0)


async def test_watch_reloads_a_valid_edit_keeps_the_old_pack_on_errors_and_reloads_the_fix(
        pack_copy: Path, tmp_path: Path) -> None:
    app = build_app(start="play", pack=str(pack_copy), seed=3, watch=True,
                    config=tmp_path / "config" / "tui.json")
    rec = Recorder()
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await _end_turn(pilot, app)
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.watcher is not None
        assert app.current is not None and app.current.game.turn == 2
        assert "fit to leave" in app.current.game.pack.system.stocks["delayed_discharges"].label
        assert "fit to leave" in _stock_text(screen)
        old_pack = app.current.game.pack

        mark = rec.mark()
        screen.poll_pack()  # nothing changed: nothing happens
        await pilot.pause()
        assert app.screen is screen and not rec.since(mark)

        # A valid edit: the game is carried onto the new pack at the same turn.
        _edit(pack_copy, OLD_LABEL, NEW_LABEL)
        screen.poll_pack()
        assert await _wait_for(pilot, _reloaded(app, rec, screen, "Pack reloaded; replayed 1 turn"))
        new_screen = app.screen
        assert isinstance(new_screen, PlayScreen) and new_screen is not screen
        assert app.current is not None and app.current is new_screen.pt
        assert app.current.game.turn == 2
        assert app.current.game.pack.system.stocks["delayed_discharges"].label == "Patients stuck on the wards"
        assert "stuck on the wards" in _stock_text(new_screen)
        assert any("Pack reloaded; replayed 1 turn" in m for m in _messages(rec))
        reloaded_pack = app.current.game.pack
        assert reloaded_pack is not old_pack
        assert app.current.path is not None and len(read_save(app.current.path).turns) == 1

        # An invalid edit: errors shown, the game plays on with the pack loaded before.
        mark = rec.mark()
        _edit(pack_copy, "turns: 12", "turns: twelve")
        new_screen.poll_pack()
        await pilot.pause()
        assert app.is_running
        assert app.screen is new_screen and app.current is new_screen.pt
        assert app.current.game.pack is reloaded_pack and app.current.game.turn == 2
        assert await _wait_for(pilot, lambda: any(n.severity == "error" for n in rec.since(mark)))
        errors = [n for n in rec.since(mark) if n.severity == "error"]
        assert errors and "still playing the version loaded before" in errors[0].title
        assert "pack.yaml" in errors[0].message
        new_screen.poll_pack()  # the same broken files are not reported twice
        await pilot.pause()
        assert len([n for n in rec.since(mark) if n.severity == "error"]) == 1
        await _end_turn(pilot, app)  # still playable
        assert app.current.game.turn == 3

        # The fix: reloaded again, at the same turn.
        mark = rec.mark()
        _edit(pack_copy, "turns: twelve", "turns: 12")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.poll_pack()
        assert await _wait_for(pilot, _reloaded(app, rec, screen, "Pack reloaded; replayed 2 turns"))
        assert isinstance(app.screen, PlayScreen) and app.screen is not screen
        assert app.current is not None and app.current.game.turn == 3
        assert app.current.game.pack is not reloaded_pack
        assert any("Pack reloaded; replayed 2 turns" in m for m in _messages(rec, mark))


async def test_watch_keeps_the_moves_planned_this_turn(pack_copy: Path, tmp_path: Path) -> None:
    app = build_app(start="play", pack=str(pack_copy), from_turn=1, watch=True,
                    config=tmp_path / "config" / "tui.json")
    rec = Recorder()
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.game.plan("listen_one_to_one", ("acute",))
        _edit(pack_copy, OLD_LABEL, NEW_LABEL)
        screen.poll_pack()
        await pilot.pause()
        assert app.current is not None and app.current is not screen.pt
        assert [p.intervention for p in app.current.game.diary] == ["listen_one_to_one"]


async def test_no_polling_under_a_dialog_or_without_watch(pack_copy: Path, tmp_path: Path) -> None:
    app = build_app(start="play", pack=str(pack_copy), from_turn=1, watch=True,
                    config=tmp_path / "config" / "tui.json")
    rec = Recorder()
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press("j")  # the journal dialog is on top
        await pilot.pause()
        _edit(pack_copy, OLD_LABEL, NEW_LABEL)
        screen.poll_pack()
        await pilot.pause()
        assert app.current is screen.pt  # kept for later
        await pilot.press("escape")
        assert await _wait_for(pilot, lambda: app.screen is screen)
        screen.poll_pack()
        assert await _wait_for(pilot, _reloaded(app, rec, screen, "Pack reloaded"))
        assert app.current is not screen.pt

    plain = build_app(start="play", pack=str(pack_copy), from_turn=1, config=tmp_path / "config" / "tui.json")
    async with plain.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(plain.screen, PlayScreen) and plain.screen.watcher is None
        assert not [t for t in plain.screen._timers if t.name == "watch-pack"]


async def test_watch_polls_on_its_own(pack_copy: Path, tmp_path: Path) -> None:
    app = build_app(start="play", pack=str(pack_copy), from_turn=1, watch=True,
                    config=tmp_path / "config" / "tui.json")
    PlayScreen.WATCH_INTERVAL = 0.05
    try:
        rec = Recorder()
        async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
            await pilot.pause()
            _edit(pack_copy, OLD_LABEL, NEW_LABEL)
            for _ in range(40):
                await pilot.pause(0.05)
                if any("Pack reloaded" in m for m in _messages(rec)):
                    break
            assert any("Pack reloaded" in m for m in _messages(rec))
    finally:
        PlayScreen.WATCH_INTERVAL = 1.0


async def test_from_turn_with_a_choices_file(pack_copy: Path, tmp_path: Path) -> None:
    choices = tmp_path / "choices.yaml"
    choices.write_text("turns:\n"
                       "  - [{do: listen_one_to_one, target: acute}]\n"
                       "  - [{do: listen_one_to_one, target: council}]\n", encoding="utf-8")
    app = build_app(start="play", pack=str(pack_copy), seed=2, from_turn=3, choices=choices,
                    config=tmp_path / "config" / "tui.json")
    rec = Recorder()
    async with app.run_test(size=SIZE, notifications=True, message_hook=rec) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        pt = app.current
        assert pt is not None and pt.game.turn == 3
        assert [[m.do for m in rec.moves] for rec in pt.data.turns] == [["listen_one_to_one"]] * 2
        assert any("Started at week 3" in n.title and "choices.yaml" in n.message for n in rec.notifications)
        assert pt.path is not None and pt.path.parent == tmp_path / "saves"
        assert "week 3" in str(app.screen.query_one("#status").render()).lower()


@pytest.mark.parametrize(("argv", "front"), [
    (["--watch"], "tui"),
    (["--from-turn", "3", "--choices", "c.yaml"], "tui"),
    (["--watch", "--text"], "text"),
])
def test_cli_play_uses_the_tui_for_watch_and_from_turn_on_a_terminal(
        argv: list[str], front: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sysplay import cli, textplay
    from sysplay.tui import app as tui_app

    calls: dict[str, dict[str, object]] = {}
    monkeypatch.setattr(cli, "_tty", lambda: True)
    monkeypatch.setattr(tui_app, "run_app", lambda **kw: calls.setdefault("tui", kw) and 0)
    monkeypatch.setattr(textplay, "play_text", lambda *a, **kw: calls.setdefault("text", kw) and 0)
    assert cli.main(["play", "riverside_winter", *argv]) == 0
    assert list(calls) == [front]
    kw = calls[front]
    assert kw["watch"] == ("--watch" in argv)
    assert kw["from_turn"] == (3 if "--from-turn" in argv else None)
    assert kw["choices"] == (Path("c.yaml") if "--choices" in argv else None)


def test_cli_play_without_a_terminal_stays_on_the_text_front_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from sysplay import cli, textplay

    calls: list[str] = []

    def fake_text(*args: object, **kwargs: object) -> int:
        calls.append("text")
        return 0

    monkeypatch.setattr(cli, "_tty", lambda: False)
    monkeypatch.setattr(textplay, "play_text", fake_text)
    assert cli.main(["play", "riverside_winter", "--watch"]) == 0
    assert calls == ["text"]
