"""A branch of a finished game starts at a turn it played (issue 15, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysplay.errors import SysplayError
from sysplay.playthroughs.save import Playthrough, resume
from sysplay.scenarios.loader import load_pack


def _finished(tmp_path: Path) -> Playthrough:
    pack = load_pack("riverside_winter")
    pt = Playthrough.start(pack, 1, tmp_path / "saves")
    while not pt.game.finished:
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.end_turn()
    pt.close()
    return pt


def test_a_branch_after_the_last_turn_of_a_finished_game_is_refused(tmp_path: Path) -> None:
    pt = _finished(tmp_path)
    assert pt.path is not None
    played = len(pt.data.turns)
    with pytest.raises(SysplayError, match=f"between 1 and {played} for this save: its game ended"):
        resume(pt.path, pt.game.pack, from_turn=played + 1, save_dir=tmp_path / "branches")
    branch = resume(pt.path, pt.game.pack, from_turn=played, save_dir=tmp_path / "branches")
    assert not branch.game.finished and branch.game.turn == played
