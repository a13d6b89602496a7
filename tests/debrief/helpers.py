"""Helpers for the debrief tests: play a pack with a persona, autosaving as a player would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sysplay.engine.personas import play_turn
from sysplay.playthroughs.save import Playthrough
from sysplay.scenarios.models import Pack

PackLoader = Callable[[str], Pack]


def play(pack: Pack, seed: int, folder: Path, persona: str, *, turns: int | None = None,
         notes: dict[int, str] | None = None, source: str = "") -> Playthrough:
    """Play ``persona`` to the end (or for ``turns`` turns), autosaving into ``folder``.

    ``notes`` maps a turn to a player note pinned to it (written while that turn is planned).
    """
    pt = Playthrough.start(pack, seed, folder, source=source)
    while not pt.game.finished and (turns is None or pt.game.turn <= turns):
        if notes and pt.game.turn in notes:
            pt.add_note(notes[pt.game.turn])
        play_turn(pt.game, persona)
        pt.end_turn()
    return pt
