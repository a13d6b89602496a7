"""Snapshot tests: a few screen states worth freezing, at 80x24 and 160x48, fixed seeds, no clock, no real saves.

Regenerate deliberately with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and read the
report of what changed before keeping the new SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.models import Pack

from .conftest import app_for, started

SIZES = [(80, 24), (160, 48)]
#: A frozen copy of the bundled pack, so editing the real one does not move these pictures.
FIXTURE = Path(__file__).parent / "fixtures" / "riverside_winter"


@pytest.fixture(scope="module")
def pack() -> Pack:
    """The frozen pack (shadows conftest's bundled one in this module)."""
    return load_pack(FIXTURE)


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    pilot.app.clear_notifications()  # toasts time out on the wall clock
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_title_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(tmp_path), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_play_screen_at_the_start(snap_compare: Any, pack: Pack, tmp_path: Path, size: tuple[int, int]) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path, seed=1))
    assert snap_compare(app, terminal_size=size, run_before=_settle)


def test_play_screen_after_two_weeks_with_a_planned_diary(snap_compare: Any, pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=1, turns=2)
    pt.game.plan("listen_one_to_one", ("council",))
    pt.game.plan("broker_introduction", ("acute", "council"))
    assert snap_compare(app_for(tmp_path, playthrough=pt), terminal_size=(160, 48), run_before=_settle)


def test_move_picker(snap_compare: Any, pack: Pack, tmp_path: Path) -> None:
    app = app_for(tmp_path, playthrough=started(pack, tmp_path, seed=1))
    assert snap_compare(app, terminal_size=(80, 24), press=["m"], run_before=_settle)


def test_resolution_with_every_step_shown(snap_compare: Any, pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=1)
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.game.plan("convene_dialogue", ("acute", "council", "carers"))
    app = app_for(tmp_path, playthrough=pt)

    async def end_week(pilot: Pilot[Any]) -> None:
        await pilot.press("e", "y", "a")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=end_week)


def test_debrief(snap_compare: Any, pack: Pack, tmp_path: Path) -> None:
    pt = started(pack, tmp_path, seed=5, turns=4)
    assert pt.path is not None
    assert snap_compare(app_for(tmp_path, debrief=[pt.path]), terminal_size=(160, 48), run_before=_settle)


@pytest.mark.parametrize("size", [(120, 34), (200, 56)])
def test_projector_layout_with_a_room_vote(snap_compare: Any, pack: Pack, tmp_path: Path, size: tuple[int, int]) -> None:
    from sysplay.playthroughs.save import Playthrough

    pt = Playthrough.start(pack, 1, tmp_path / "saves", mode="facilitator", player="Red", source=str(FIXTURE))
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.end_turn()
    pt.add_vote({"A: One-to-one listening": 6, "B: Convene a dialogue": 9, "C: Broker an introduction": 2})
    pt.game.plan("convene_dialogue", ("acute", "council", "carers"))
    assert snap_compare(app_for(tmp_path, playthrough=pt), terminal_size=size, run_before=_settle)
