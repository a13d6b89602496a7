"""Saves: atomic autosave survives SIGKILL, replay verifies and reports tampering, forks, bad input."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sysplay
from sysplay.cli import main
from sysplay.engine.personas import play_turn
from sysplay.errors import PackError
from sysplay.playthroughs import files
from sysplay.playthroughs.files import default_save_dir
from sysplay.playthroughs.models import VERSION
from sysplay.playthroughs.save import (
    Playthrough,
    fork,
    read_save,
    replay,
    resume,
    safe_name,
)
from tests.budget import counted

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "fixtures" / "saves"


@pytest.fixture(scope="module")
def pack() -> sysplay.Pack:
    return sysplay.load_pack("riverside_winter")


def _play(pack: sysplay.Pack, folder: Path, seed: int = 4, turns: int | None = None, persona: str = "coalition_builder") -> Playthrough:
    pt = Playthrough.start(pack, seed, folder)
    while not pt.game.finished and (turns is None or len(pt.data.turns) < turns):
        play_turn(pt.game, persona)
        pt.end_turn()
    return pt


def test_autosave_after_every_turn_and_replay_verifies(pack: sysplay.Pack, tmp_path: Path) -> None:
    pt = Playthrough.start(pack, 9, tmp_path)
    assert pt.path is not None and pt.path.exists()
    for expected in range(1, 5):
        play_turn(pt.game, "coalition_builder")
        pt.end_turn()
        on_disk = read_save(pt.path)
        assert len(on_disk.turns) == expected
        assert on_disk.turns[-1].state_hash == pt.game.state_hash()
    report = replay(read_save(pt.path), pack)
    assert report.ok and report.turns_checked == 4
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == [pt.path.name]  # no temp files
    pt.close()
    assert [p.name for p in tmp_path.iterdir()] == [pt.path.name]  # nor the lock, once let go


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_a_completed_turn(tmp_path: Path, pack: sysplay.Pack) -> None:
    rng = random.Random(20261126)
    saves = 0
    kills = 0
    while saves < 1000:
        folder = tmp_path / f"run{kills}"
        folder.mkdir()
        child = subprocess.Popen([sys.executable, str(HERE / "killer_child.py"), str(folder), str(kills)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"  # loaded: from here on it is saving turns
        os.set_blocking(child.stdout.fileno(), False)
        time.sleep(0.05 + rng.random() * 0.5)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        lines = [line.split() for line in (child.stdout.read() or "").splitlines() if line.startswith("SAVED")]
        kills += 1
        saves += len(lines)
        if not lines:
            continue
        last: dict[str, int] = {}
        for _, path, turns in lines:
            last[path] = int(turns)
        for path_text, reported in last.items():
            save = read_save(Path(path_text))  # never half-written, never unreadable
            assert len(save.turns) in (reported, reported + 1), "a completed turn was lost"
            assert replay(save, pack).ok
        for stray in folder.iterdir():  # a temp file may survive a kill, but never replaces a save
            if stray.suffix == ".json":
                read_save(stray)
    assert saves >= 1000 and kills >= 3


def test_tampered_save_is_reported_with_the_first_divergence(pack: sysplay.Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pt = _play(pack, tmp_path, turns=6)
    assert pt.path is not None
    assert main(["replay", str(pt.path)]) == 0
    data = json.loads(pt.path.read_text())
    data["turns"][3]["state_hash"] = "0" * 64
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["replay", str(tampered)]) == 1
    out = capsys.readouterr().out
    assert "turn 4" in out and "edited" in out


def test_replay_against_a_changed_pack_says_the_pack_changed(pack: sysplay.Pack, tmp_path: Path) -> None:
    pt = _play(pack, tmp_path, turns=5)
    assert pt.path is not None
    changed = pack.model_copy(update={"engine": pack.engine.model_copy(update={"noise": 0.05})})
    changed.attach_source(Path("x"), "f" * 64)
    report = replay(read_save(pt.path), changed)
    assert not report.ok and "pack has changed" in report.message and report.diverged_at == 1


def test_fork_keeps_parent_and_turn_and_plays_on(pack: sysplay.Pack, tmp_path: Path) -> None:
    pt = _play(pack, tmp_path)
    assert pt.path is not None
    child = resume(pt.path, pack, from_turn=4, save_dir=tmp_path)
    assert child.game.turn == 4 and child.path != pt.path
    assert child.data.parent is not None and child.data.parent.turn == 4
    assert child.data.parent.save_id == pt.data.save_id
    assert [t.state_hash for t in child.data.turns] == [t.state_hash for t in pt.data.turns[:3]]
    play_turn(child.game, "heroic_director")
    child.end_turn()
    assert child.path is not None and len(read_save(child.path).turns) == 4
    with pytest.raises(sysplay.errors.SysplayError):
        fork(read_save(pt.path), pt.path, pack, 99, tmp_path)


def test_resume_continues_where_the_save_stopped(pack: sysplay.Pack, tmp_path: Path) -> None:
    pt = _play(pack, tmp_path, turns=3)
    assert pt.path is not None
    again = resume(pt.path, pack)
    assert again.game.turn == 4 and again.game.state_hash() == pt.game.state_hash()


def test_notes_are_kept_and_sanitised(pack: sysplay.Pack, tmp_path: Path) -> None:
    pt = _play(pack, tmp_path, turns=2)
    pt.add_note("We should have asked the carers \x1b]0;PWNED\x07first \u202e")
    assert pt.path is not None
    note = read_save(pt.path).notes[0]
    assert note.turn == 3 and "\x1b" not in note.text and "\u202e" not in note.text and "first" in note.text


def test_v1_save_migrates(tmp_path: Path) -> None:
    before = (FIXTURES / "v1_riverside.json").read_bytes()
    save = read_save(FIXTURES / "v1_riverside.json")
    assert save.version == VERSION and save.mode == "headless" and save.notes == [] and save.parent is None
    assert len(save.turns) == 12 and save.seed == 3 and save.engine == 0
    report = replay(save, sysplay.load_pack("riverside_winter"))
    if not report.ok:  # made before the engine's versioned changes: the report must say which it was
        assert "older sysplay" in report.message or "pack has changed" in report.message
    assert (FIXTURES / "v1_riverside.json").read_bytes() == before


def test_an_engine_1_save_cannot_be_replayed_resumed_or_forked_and_says_why(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "engine1.json"
    path.write_bytes((FIXTURES / "engine1_riverside.json").read_bytes())
    before = path.read_bytes()
    pack = sysplay.load_pack("riverside_winter")
    report = replay(read_save(path), pack)
    assert not report.ok and report.turns_checked == 0
    assert "made by engine version 1" in report.message and "engine version 2" in report.message
    assert "debrief' still opens" in report.message
    assert main(["replay", str(path)]) == 1
    assert main(["resume", str(path)]) == 1
    assert main(["resume", str(path), "--from-turn", "3"]) == 1
    err = capsys.readouterr().err
    assert "cannot be replayed, resumed or forked" in err and "Traceback" not in err
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["engine1.json"]


def test_newer_save_is_refused_naming_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"format": "sysplay-playthrough", "version": 7, "min_reader": 5}))
    with pytest.raises(PackError) as err:
        read_save(path)
    text = err.value.issues[0].message
    assert "version 7" in text and f"up to version {VERSION}" in text


@pytest.mark.parametrize("content", [
    b"", b"{", b"[1, 2, 3]", b'{"format": "sysplay-playthrough", "version": "two"}', b"\xff\xfe\x00garbage",
    b'{"format": "sysplay-playthrough", "version": 2, "min_reader": 2, "seed": NaN}',
    b'{"format": "other"}', b"[" * 100_000,
])
def test_bad_saves_get_a_clean_error_and_are_untouched(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith(str(path))
    assert path.read_bytes() == content


def test_enormous_save_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(40_000_000)
    def no_read(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("the save must not be read")

    monkeypatch.setattr(files, "read_regular", no_read)
    with pytest.raises(PackError) as err, counted() as calls:
        read_save(path)
    assert "limited" in err.value.issues[0].message
    assert calls.n < 200, calls.n  # a stat and a message (26 calls), not a 40 MB read


def test_save_dir_overrides_and_names_are_safe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SYSPLAY_SAVE_DIR", raising=False)
    assert default_save_dir(None) == Path("saves")
    monkeypatch.setenv("SYSPLAY_SAVE_DIR", str(tmp_path))
    assert default_save_dir(None) == tmp_path
    assert default_save_dir(tmp_path / "x") == tmp_path / "x"
    for hostile in ("../../etc/passwd", "CON", "a/b\\c", "..", "name:stream", "\x00x"):
        name = safe_name(hostile)
        assert "/" not in name and "\\" not in name and ":" not in name and not name.startswith(".")
