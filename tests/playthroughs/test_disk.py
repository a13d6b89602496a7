"""A full or read-only disk never costs a turn: every front end says "Not saved", plays on and catches up."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from sysplay import fsutil
from sysplay.playthroughs import save as save_module
from sysplay.playthroughs.run import run_headless
from sysplay.playthroughs.save import read_save
from sysplay.textplay import play_text


def fail_writes(monkeypatch: pytest.MonkeyPatch, failing: set[int]) -> list[int]:
    """Make the numbered saves (1 = the first) fail as on a full disk; return the running count."""
    real = fsutil.write_text_atomic
    calls: list[int] = []

    def write(path: Path, text: str, **kwargs: object) -> None:
        calls.append(len(calls) + 1)
        if calls[-1] in failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(save_module, "write_text_atomic", write)
    return calls


def test_run_save_on_a_full_disk_plays_on_and_catches_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The reproduction: `sysplay run --save` on a full disk ended with a traceback after turn 3.
    fail_writes(monkeypatch, {4, 5, 6})  # the saves after turns 3, 4 and 5 (the first is at the start)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "game.json"
    status = run_headless("riverside_winter", seed=2, persona="coalition_builder", choices=None, save=target,
                          out=out, errors=err)
    assert status == 0
    assert "not saved after turn 3: No space left on device" in err.getvalue()
    assert "not saved after turn 5" in err.getvalue() and "after turn 6" not in err.getvalue()
    assert "Saved to" in out.getvalue()
    saved = read_save(target)
    assert len(saved.turns) == 12 and saved.ending is not None


def test_run_save_that_never_lands_exits_1_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_writes(monkeypatch, set(range(1, 100)))
    out, err = io.StringIO(), io.StringIO()
    status = run_headless("riverside_winter", seed=2, persona="avoider", choices=None, save=tmp_path / "g.json",
                          out=out, errors=err)
    assert status == 1
    assert "not saved at the start" in err.getvalue()
    assert err.getvalue().splitlines()[-1].startswith("sysplay: error: the playthrough was not saved to")
    assert "The end" in out.getvalue() or "ending" in out.getvalue().lower()


def test_text_play_on_a_full_disk_keeps_every_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The reproduction: `play --text` died mid-game and lost the turn in memory.
    fail_writes(monkeypatch, {2})  # the save after turn 1
    out = io.StringIO()
    status = play_text("riverside_winter", 1, tmp_path, stdin=io.StringIO("e\ne\nn after the gap\nq\n"), out=out)
    assert status == 0
    text = out.getvalue()
    assert text.count("Not saved: No space left on device") == 1
    (path,) = tmp_path.glob("*.json")
    saved = read_save(path)
    assert len(saved.turns) == 2 and [n.text for n in saved.notes] == ["after the gap"]


def test_text_play_starts_where_nothing_can_be_saved(tmp_path: Path) -> None:
    # A save folder that cannot be made (here a file stands in its way): the game starts and says so.
    blocker = tmp_path / "saves"
    blocker.write_text("not a folder", encoding="utf-8")
    out = io.StringIO()
    status = play_text("riverside_winter", 1, blocker / "inner", stdin=io.StringIO("e\nq\n"), out=out)
    assert status == 0
    assert out.getvalue().count("Not saved:") == 2  # at the start, and after the turn
    assert "Week 1" in out.getvalue() or "week 1" in out.getvalue()
