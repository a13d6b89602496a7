"""Two processes never silently overwrite each other's turns: a save being played is locked, and checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sysplay
from sysplay.engine.personas import play_turn
from sysplay.playthroughs import lock as lock_module
from sysplay.playthroughs.save import Playthrough, SaveConflict, read_save, resume

HOLDER = """
import sys
from pathlib import Path
import sysplay
from sysplay.engine.personas import play_turn
from sysplay.playthroughs.save import resume

pack = sysplay.load_pack("riverside_winter")
pt = resume(Path(sys.argv[1]), pack)
print("holding", flush=True)
sys.stdin.readline()
play_turn(pt.game, "avoider")
pt.end_turn()
print("played", len(pt.data.turns), flush=True)
"""


@pytest.fixture(scope="module")
def pack() -> sysplay.Pack:
    return sysplay.load_pack("riverside_winter")


def _game(pack: sysplay.Pack, folder: Path, turns: int = 3) -> Path:
    pt = Playthrough.start(pack, 4, folder)
    for _ in range(turns):
        play_turn(pt.game, "coalition_builder")
        pt.end_turn()
    pt.close()
    assert pt.path is not None
    return pt.path


@pytest.mark.slow
def test_a_second_process_is_told_who_holds_the_save_and_offered_a_fork(pack: sysplay.Pack, tmp_path: Path) -> None:
    path = _game(pack, tmp_path)
    env = {**os.environ, "SYSPLAY_SAVE_DIR": str(tmp_path)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        r = subprocess.run([sys.executable, "-m", "sysplay", "resume", str(path), "--text"], input="e\nq\n",
                           capture_output=True, text=True, timeout=60, env=env)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Traceback" not in r.stderr
        assert f"is being played by another sysplay (process {holder.pid} on " in r.stderr
        assert "--from-turn 4" in r.stderr and "fork it" in r.stderr
        assert len(read_save(path).turns) == 3, "the second process wrote nothing"
        # The fork it is offered works while the save is held.
        r = subprocess.run([sys.executable, "-m", "sysplay", "resume", str(path), "--from-turn", "4", "--text"],
                           input="e\nq\n", capture_output=True, text=True, timeout=60, env=env)
        assert r.returncode == 0, r.stderr
        holder.stdin.write("go\n")  # type: ignore[union-attr]
        holder.stdin.flush()  # type: ignore[union-attr]
        assert holder.stdout.readline().strip() == "played 4"
    finally:
        holder.stdin.close()  # type: ignore[union-attr]
        holder.wait(timeout=60)
    assert len(read_save(path).turns) == 4
    # Once the first process has gone, the save can be resumed again.
    r = subprocess.run([sys.executable, "-m", "sysplay", "resume", str(path), "--text"], input="e\nq\n",
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert len(read_save(path).turns) == 5


def test_without_locks_a_save_written_by_another_is_never_overwritten(pack: sysplay.Pack, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Where flock is not available, the write check still refuses a silent overwrite.
    monkeypatch.setattr(lock_module, "fcntl", None)
    path = _game(pack, tmp_path)
    first, second = resume(path, pack), resume(path, pack)
    for _ in range(2):
        play_turn(first.game, "avoider")
        first.end_turn()
    play_turn(second.game, "heroic_director")
    with pytest.raises(SaveConflict, match="not overwritten"):
        second.end_turn()
    assert "another sysplay has written this save" in second.save_error
    saved = read_save(path)
    assert len(saved.turns) == 5 and saved.turns[-1].state_hash == first.data.turns[-1].state_hash


def test_a_lock_in_this_process_is_shared_and_let_go(pack: sysplay.Pack, tmp_path: Path) -> None:
    path = _game(pack, tmp_path)
    a = resume(path, pack)
    b = resume(path, pack)  # the same process may reopen a save it plays (the title screen, a rewind)
    assert (tmp_path / f".{path.name}.lock").exists()
    a.close()
    assert (tmp_path / f".{path.name}.lock").exists()
    b.close()
    assert not (tmp_path / f".{path.name}.lock").exists()
    resume(path, pack).close()  # and taken again afterwards
