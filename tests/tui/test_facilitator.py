"""Facilitator mode and the room view, driven with Pilot: votes, timer, staged reveal, notes, blanking, live control,
and ``sysplay room`` following a save that another process writes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from sysplay.playthroughs.files import read_save
from sysplay.playthroughs.save import Playthrough
from sysplay.scenarios.models import Pack
from sysplay.tui.screens.console import BlankScreen, ConsoleScreen
from sysplay.tui.screens.facilitator import FacilitatorScreen
from sysplay.tui.screens.reveal import RevealScreen
from sysplay.tui.screens.room import RoomScreen
from sysplay.tui.widgets.projector import OptionsBoard
from sysplay.tui.widgets.timer import DEFAULT_SECONDS, EXTEND_SECONDS, DiscussionTimer

from .conftest import app_for

NOTE = "Table 3 thinks the council is stalling; ask them first."


def facilitated(pack: Pack, tmp_path: Path, team: str = "Red", seed: int = 1) -> Playthrough:
    source = str(pack.source_path.parent) if pack.source_path is not None else "riverside_winter"
    return Playthrough.start(pack, seed, tmp_path / "saves", mode="facilitator", player=team, source=source)


def screen_text(app: object) -> str:
    """Every Static and Label on the current screen, as plain text."""
    screen = app.screen  # type: ignore[attr-defined]
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def test_a_whole_facilitated_turn(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(120, 34)) as pilot:
        assert isinstance(app.screen, FacilitatorScreen)
        assert app.theme == "sysplay-high-contrast"
        assert "One-to-one listening" in screen_text(app)
        # The room votes; the facilitator enters the counts.
        await pilot.press("v", "5", "tab", "3", "ctrl+s")
        await pilot.pause()
        assert pt.data.votes[-1].turn == 1
        # the options are the moves in the pack's order: Riverside lists its walk on the estate first
        assert pt.data.votes[-1].counts == {"A: Walk Northgate with those who know it": 5, "B: One-to-one listening": 3}
        first_option = str(app.screen.query_one(OptionsBoard).query(".option").first().render())
        assert "Walk Northgate" in first_option and "■■■■■ 5" in first_option
        # The discussion timer: start, time passes (the Textual timer's tick), extend, pause.
        timer = app.screen.query_one(DiscussionTimer)
        await pilot.press("t")
        assert timer.running
        for _ in range(3):
            timer.tick()
        assert timer.remaining == DEFAULT_SECONDS - 3
        await pilot.press("plus")
        assert timer.remaining == DEFAULT_SECONDS - 3 + EXTEND_SECONDS
        await pilot.press("t")
        timer.tick()
        assert not timer.running and timer.remaining == DEFAULT_SECONDS - 3 + EXTEND_SECONDS
        live = read_save(pt.path).live  # type: ignore[arg-type]
        assert live is not None and live.timer_seconds == timer.remaining and not live.timer_running
        # The room's decision is entered; a note goes on the console, never on the projected view.
        pt.game.plan("listen_one_to_one", ("acute",))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert read_save(pt.path).live.screen == "frozen"  # type: ignore[arg-type, union-attr]
        app.screen.query_one(TextArea).text = NOTE
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert [(n.turn, n.kind, n.text) for n in pt.data.notes] == [(1, "facilitator", NOTE)]
        assert isinstance(app.screen, FacilitatorScreen) and NOTE not in screen_text(app)
        # End the week: the consequences one step at a time, at the facilitator's pace.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        reveal = app.screen
        assert reveal.shown == 1 and len(reveal.story) > 3
        first = screen_text(app)
        await pilot.press("space")
        assert reveal.shown == 2 and len(screen_text(app)) > len(first)
        live = read_save(pt.path).live  # type: ignore[arg-type]
        assert live is not None and (live.screen, live.reveal_turn, live.shown) == ("reveal", 1, 2)
        while reveal.shown < len(reveal.story):
            await pilot.press("space")
        assert "Questions for the room" in screen_text(app) and NOTE not in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        assert pt.game.turn == 2 and read_save(pt.path).turns[0].moves[0].do == "listen_one_to_one"  # type: ignore[arg-type]
        assert app.screen.query_one(DiscussionTimer).remaining == DEFAULT_SECONDS


async def test_blank_and_freeze_are_published_for_the_room(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen) and pt.data.live.screen == "blank"  # type: ignore[union-attr]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen) and pt.data.live.screen == "play"  # type: ignore[union-attr]
        await pilot.press("z")
        assert pt.data.live.screen == "frozen"  # type: ignore[union-attr]
        await pilot.press("z")
        assert pt.data.live.screen == "play"  # type: ignore[union-attr]


async def test_the_console_injects_an_event_and_records_it(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        events = app.screen.query_one("#console-events", OptionList)
        events.highlighted = [e.id for e in pack.events if e.start is None].index("press_story")
        await pilot.click("#inject")
        await pilot.pause()
        assert [(a.turn, a.kind, a.event) for a in read_save(pt.path).actions] == [(1, "inject", "press_story")]  # type: ignore[arg-type]
        assert "inject now" in screen_text(app)
        await pilot.press("escape", "e")
        await pilot.pause()
        assert "press_story" in [e.event for e in pt.game.results[0].events]


async def test_the_console_withdraws_the_last_order_and_the_save_forgets_it(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#withdraw")  # nothing given yet: a warning, nothing changes
        await pilot.pause()
        assert pt.data.actions == []
        events = app.screen.query_one("#console-events", OptionList)
        events.highlighted = [e.id for e in pack.events if e.start is None].index("press_story")
        await pilot.click("#inject")
        await pilot.click("#skip")
        await pilot.pause()
        await pilot.click("#withdraw")
        await pilot.pause()
        assert [(a.kind, a.event) for a in read_save(pt.path).actions] == [("inject", "press_story")]  # type: ignore[arg-type]
        assert "skip this turn" not in screen_text(app) and "inject now" in screen_text(app)
        await pilot.press("escape", "e")
        await pilot.pause()
        assert "press_story" in [e.event for e in pt.game.results[0].events]  # the skip was withdrawn


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sysplay.playthroughs.models import LiveView
    from sysplay.playthroughs.save import resume
    from sysplay.scenarios.loader import load_pack
    path, source = Path(sys.argv[1]), sys.argv[2]
    pt = resume(path, load_pack(source))
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.end_turn()
    pt.set_live(LiveView(screen="reveal", reveal_turn=1, shown=2))
""")


@pytest.mark.slow
async def test_the_room_follows_a_save_written_by_another_process(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    assert pt.path is not None and pack.source_path is not None
    app = app_for(tmp_path, room=pt.path)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = app.screen
        assert isinstance(screen, RoomScreen)
        assert "Week 1 of 12" in str(screen.query_one("#room-head").render())
        before = pt.path.read_bytes()
        screen.poll()
        assert pt.path.read_bytes() == before  # the room view never writes
        r = subprocess.run([sys.executable, "-c", WRITER, str(pt.path), str(pack.source_path.parent)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr[-2000:]
        screen.poll()
        await pilot.pause()
        assert screen.query_one("#reveal-body").display
        text = str(screen.query_one("#reveal-text", Static).render())
        assert "Week 1 of 12: what happened" in text and "Your moves" in text
        # A writer that is not atomic leaves a half-written file: the last good picture stays up.
        good = pt.path.read_bytes()
        pt.path.write_bytes(good[: len(good) // 2])
        screen.poll()
        await pilot.pause()
        assert "Waiting for the save" in str(screen.query_one("#room-problem").render())
        assert "Your moves" in str(screen.query_one("#reveal-text", Static).render())
        # ... until the whole file is back, replaced atomically, now showing the next week.
        data = json.loads(good)
        data["live"] = {"screen": "play"}
        tmp = pt.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(pt.path)
        screen.poll()
        await pilot.pause()
        assert not screen.query_one("#room-problem").display
        assert "Week 2 of 12" in str(screen.query_one("#room-head").render())
        assert not screen.query_one("#reveal-body").display


async def test_the_room_goes_blank_and_holds_a_frozen_picture(pack: Pack, tmp_path: Path) -> None:
    pt = facilitated(pack, tmp_path)
    assert pt.path is not None
    from sysplay.playthroughs.models import LiveView

    app = app_for(tmp_path, room=pt.path)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = app.screen
        assert isinstance(screen, RoomScreen)
        pt.set_live(LiveView(screen="blank"))
        screen.poll()
        await pilot.pause()
        assert screen.query_one("#blank").display
        pt.set_live(LiveView(screen="frozen"))
        pt.game.plan("listen_one_to_one", ("acute",))
        pt.end_turn()
        pt.data.live = LiveView(screen="frozen")
        pt.save()
        screen.poll()
        await pilot.pause()
        assert "Week 1 of 12" in str(screen.query_one("#room-head").render())  # held
        pt.set_live(LiveView(screen="play", timer_seconds=90))
        screen.poll()
        await pilot.pause()
        assert "Week 2 of 12" in str(screen.query_one("#room-head").render())
        assert screen.query_one(DiscussionTimer).remaining == 90


async def test_the_last_reveal_leads_to_the_ending(pack: Pack, tmp_path: Path) -> None:
    from sysplay.engine.personas import play_turn
    from sysplay.tui.screens.ending import EndingScreen

    pt = facilitated(pack, tmp_path, seed=7)
    while pt.game.turn < pack.meta.turns:
        play_turn(pt.game, "coalition_builder")
        pt.end_turn()
    assert not pt.game.finished
    app = app_for(tmp_path, playthrough=pt)
    async with app.run_test(size=(120, 34)) as pilot:
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        await pilot.press("c")
        await pilot.pause()
        assert pt.game.finished and isinstance(app.screen, EndingScreen)
        assert "Facilitator's notes: 0; room votes: 0" in str(app.screen.query_one("#ending-text", Static).render())


async def test_facilitating_from_the_title_screen_names_the_team(tmp_path: Path) -> None:
    from textual.widgets import Input

    from sysplay.tui.screens.briefing import BriefingScreen

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        app.screen.query_one("#team", Input).value = "Green"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        pt = app.screen.pt
        assert (pt.data.mode, pt.data.player) == ("facilitator", "Green")
        assert pt.path is not None and "-green-" in pt.path.name


def test_the_cli_refuses_what_facilitator_mode_cannot_do(tmp_path: Path, capsys: object) -> None:
    from sysplay.cli import build_parser, main

    assert main(["play", "riverside_winter", "--team", "Red"]) == 2
    assert main(["play", "riverside_winter", "--facilitator", "--text"]) == 2
    assert main(["room", str(tmp_path / "x.json")]) == 2  # not a terminal here
    text = build_parser().format_help() + "".join(
        a.format_help() for a in build_parser()._subparsers._group_actions[0].choices.values())  # type: ignore[union-attr]
    assert "not built" not in text and "--facilitator" in text and "room" in text and "serve" in text
