"""Following a save read-only (``sysplay room``): missing, half-written and replaced files, and no writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sysplay.playthroughs.follow import SaveFollower
from sysplay.playthroughs.save import Playthrough
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.models import Pack


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack("riverside_winter")


def test_the_follower_keeps_the_last_good_reading_through_every_kind_of_bad_moment(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 2, tmp_path, mode="facilitator")
    assert pt.path is not None
    follower = SaveFollower(pt.path)
    assert follower.poll() and follower.game is not None and follower.game.turn == 1
    assert not follower.poll()  # nothing changed: no new reading
    good = pt.path.read_bytes()
    pt.path.unlink()  # a writer that deletes before writing
    assert not follower.poll() and "not there" in follower.problem and follower.game.turn == 1
    pt.path.write_bytes(good[:100])  # half-written
    assert not follower.poll() and follower.problem and follower.game.turn == 1
    later = Playthrough.start(pack, 2, tmp_path / "later", mode="facilitator")
    later.game.plan("listen_one_to_one", ("acute",))
    later.end_turn()
    assert later.path is not None
    swap = pt.path.with_suffix(".tmp")
    swap.write_bytes(later.path.read_bytes())
    swap.replace(pt.path)  # replaced atomically with the next week
    assert follower.poll() and follower.problem == "" and follower.game.turn == 2
    assert follower.save is not None and len(follower.save.turns) == 1


def test_the_follower_never_writes(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 2, tmp_path, mode="facilitator")
    assert pt.path is not None
    pt.path.chmod(0o444)
    folder_before = sorted(os.listdir(tmp_path))
    stat_before = pt.path.stat()
    follower = SaveFollower(pt.path)
    for _ in range(3):
        follower.poll()
    assert follower.game is not None
    assert sorted(os.listdir(tmp_path)) == folder_before
    assert pt.path.stat().st_mtime_ns == stat_before.st_mtime_ns


def test_a_save_that_does_not_replay_is_reported_not_shown(pack: Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 2, tmp_path, mode="facilitator")
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.end_turn()
    assert pt.path is not None
    text = pt.path.read_text().replace(pt.data.turns[0].state_hash, "0" * 64)
    pt.path.write_text(text)
    follower = SaveFollower(pt.path)
    assert not follower.poll() and "does not replay" in follower.problem and follower.game is None
