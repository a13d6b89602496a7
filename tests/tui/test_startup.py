"""Start-up: the title screen lists the packs' titles in its first frame, before anything heavy is loaded;
the full check follows in a thread. (How fast, side by side with a bare Textual app: benchmarks/startup.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from sysplay.tui.screens.title import TitleScreen
from tests.tui.conftest import app_for

HEAVY = ("pydantic", "numpy", "sysplay.scenarios.models", "sysplay.engine.game", "sysplay.playthroughs.save")

CHILD = r"""
import json, sys
from sysplay.tui.app import Launch, SysplayApp
from sysplay.tui.screens import title

seen = []
fill = title.TitleScreen._fill_packs


def first_fill(self, packs):
    if not seen:
        seen.append({"heavy": sorted(m for m in HEAVY if m in sys.modules), "titles": [e.title for e in packs],
                     "checked": [e.checked for e in packs]})
    fill(self, packs)


HEAVY = json.loads(sys.argv[1])
title.TitleScreen._fill_packs = first_fill


async def probe(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    seen.append({"titles": [e.title for e in pilot.app.screen.packs], "checked": [e.checked for e in pilot.app.screen.packs]})
    pilot.app.exit()


SysplayApp(Launch(), config=None).run(headless=True, auto_pilot=probe, size=(100, 30))
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_the_first_list_of_packs_loads_no_validator_no_engine_and_no_numpy(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-c", CHILD, json.dumps(HEAVY)], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    first, last = json.loads(r.stdout.strip().splitlines()[-1])
    assert first["heavy"] == []
    assert "Winter at Riverside" in first["titles"] and not any(first["checked"])
    assert last["titles"] == first["titles"] and all(last["checked"])


async def test_the_titles_are_on_the_first_frame_and_the_check_fills_in_the_actors(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        while not isinstance(screen, TitleScreen):
            await pilot.pause()
            screen = app.screen
        assert screen.packs and not screen.packs[0].checked  # listed in on_mount, before the first frame
        packs = screen.query_one("#packs", OptionList)
        assert "First steps at Fernbrook" in str(packs.get_option_at_index(0).prompt)  # the tutorial first
        assert any("Winter at Riverside" in str(packs.get_option_at_index(k).prompt)
                   for k in range(1, packs.option_count))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.packs[0].checked and screen.packs[0].actors > 0
        assert f"{screen.packs[0].actors} actors" in str(screen.query_one("#title-text").render())
        assert (tmp_path / "config" / "packs.json").is_file()  # kept beside the settings for the next launch
