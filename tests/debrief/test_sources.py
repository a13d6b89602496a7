"""Where the debrief's data comes from: a changed or missing pack, saves without a snapshot, hostile saves."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sysplay.cli import run_debrief
from sysplay.debrief.source import open_save
from sysplay.errors import PackError
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir
from tests.debrief.helpers import play

ISSUE = r"^{path}:\d+:\d+: error: .+"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "saves"


@pytest.fixture
def own_pack(tmp_path: Path) -> Path:
    """A copy of riverside_winter in its own folder, which a test may change or remove."""
    folder = tmp_path / "packs" / "riverside_winter"
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    return folder


def test_a_save_whose_pack_changed_still_debriefs_from_its_snapshot(tmp_path: Path, own_pack: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pt = play(load_pack(own_pack), 7, tmp_path, "coalition_builder", turns=5, source=str(own_pack))
    assert pt.path is not None
    main = own_pack / "pack.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("turns: 12", "turns: 11", 1), encoding="utf-8")
    opened = open_save(pt.path)
    assert opened.source == "snapshot" and "has changed" in opened.notices[0]
    d = opened.debrief()
    assert d.meta.turns_played == 5 and d.meta.turns_total == 12, "the stored snapshot, not the new pack"
    assert run_debrief([pt.path], fmt="md", output=None, pack=None) == 0
    assert "The pack has changed since this save was made" in capsys.readouterr().out


def test_a_save_whose_pack_is_gone_still_debriefs_from_its_snapshot(tmp_path: Path, own_pack: Path) -> None:
    pt = play(load_pack(own_pack), 7, tmp_path, "avoider", turns=3, source=str(own_pack))
    assert pt.path is not None
    raw = json.loads(pt.path.read_text(encoding="utf-8"))
    raw["pack"]["id"] = "gone_pack"  # nor can it fall back to a bundled pack of the same id
    pt.path.write_text(json.dumps(raw), encoding="utf-8")
    shutil.rmtree(own_pack)
    opened = open_save(pt.path)
    assert opened.source == "snapshot" and "could not be loaded" in opened.notices[0]
    assert opened.debrief().meta.turns_played == 3


def test_a_save_without_a_snapshot_debriefs_by_replaying(played: Callable[[str, int], Path], tmp_path: Path) -> None:
    raw = json.loads(played("coalition_builder", 2).read_text(encoding="utf-8"))
    with_snapshot = open_save(played("coalition_builder", 2)).debrief()
    raw["snapshot"] = None
    path = tmp_path / "nosnap.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    opened = open_save(path)
    assert opened.source == "replay" and any("no stored snapshot" in n for n in opened.notices)
    d = opened.debrief()
    assert d.meta.turns_played == 12
    assert [b.model_dump() for b in d.behaviours] == [b.model_dump() for b in with_snapshot.behaviours]


def test_a_version_1_save_has_no_snapshot_so_its_debrief_is_refused_plainly(played: Callable[[str, int], Path],
                                                                           tmp_path: Path) -> None:
    """A 0.1 save (format 1) was made by the first engine and stored no snapshot: nothing can rebuild it now."""
    raw = json.loads(played("heroic_director", 1).read_text(encoding="utf-8"))
    v1 = {k: raw[k] for k in ("format", "app_version", "pack", "seed", "turns", "ending", "outcome")}
    v1.update(version=1, min_reader=1)
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(v1), encoding="utf-8")
    with pytest.raises(PackError) as err:
        open_save(path)
    message = str(err.value)
    assert "made by an older sysplay" in message and "engine version 2" in message and "no stored snapshot" in message


def test_an_engine_1_save_opens_its_debrief_from_its_snapshot_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "engine1.json"
    shutil.copy(FIXTURES / "engine1_riverside.json", path)
    before = path.read_bytes()
    opened = open_save(path)
    assert opened.source == "snapshot"
    assert "made by engine version 1" in opened.notices[0] and "cannot be replayed, resumed or forked" in opened.notices[0]
    d = opened.debrief()
    assert d.meta.turns_played == 12 and d.meta.ending == "turned_the_corner"
    assert path.read_bytes() == before, "opening a debrief never changes the save"


def test_a_save_that_does_not_replay_is_reported_not_trusted(played: Callable[[str, int], Path], tmp_path: Path) -> None:
    raw = json.loads(played("coalition_builder", 3).read_text(encoding="utf-8"))
    raw["turns"][4]["state_hash"] = "0" * 64
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    opened = open_save(path)
    assert opened.source == "snapshot"
    assert "does not replay" in opened.notices[0] and "turn 5" in opened.notices[0]


# --------------------------------------------------------------------------- hostile saves


def _mutations(raw: dict[str, Any]) -> dict[str, bytes]:
    good = json.dumps(raw).encode()

    def edited(change: Callable[[dict[str, Any]], None]) -> bytes:
        data = json.loads(good)
        change(data)
        return json.dumps(data).encode()

    def deep(d: dict[str, Any]) -> None:
        d["snapshot"]["timeline"][1]["stance"] = d["snapshot"]["timeline"][1]["stance"][:2]

    return {
        "empty": b"",
        "whitespace": b"  \n ",
        "truncated": good[: len(good) // 2],
        "not_utf8": b"\xff\xfe" + good[2:],
        "a_list": b"[1, 2, 3]",
        "a_number": b"42",
        "nan": good.replace(b'"outcome": ', b'"outcome": NaN, "x": ', 1),
        "deeply_nested": b"[" * 100_000 + b"]" * 100_000,
        "not_a_save": b'{"hello": "world"}',
        "newer_version": edited(lambda d: d.update(version=99, min_reader=99)),
        "wrong_types": edited(lambda d: d.update(seed="seven", turns={"a": 1})),
        "snapshot_wrong_type": edited(lambda d: d.update(snapshot={"timeline": "yes"})),
        "snapshot_stances_short": edited(deep),
        "snapshot_tie_out_of_range": edited(lambda d: d["snapshot"]["ties_end"].update(i=[999], j=[0], trust=[0.1],
                                                                                        strength=[0.5], known=[True])),
        "snapshot_turns_out_of_order": edited(lambda d: d["snapshot"]["timeline"][2].update(turn=7)),
        "snapshot_huge_string": edited(lambda d: d["snapshot"].update(title="x" * 100_000)),
        "unknown_key": edited(lambda d: d.update(evil=True)),
    }


def test_hostile_saves_give_positioned_errors_and_are_left_untouched(
        played: Callable[[str, int], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = json.loads(played("coalition_builder", 1).read_text(encoding="utf-8"))
    raw["pack"]["source"] = raw["pack"]["id"] = "no_such_pack"  # no replay to fall back on: the snapshot must do
    out = tmp_path / "out.md"
    for name, data in _mutations(raw).items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        assert run_debrief([path], fmt="md", output=out, pack=None) == 1, name
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert lines and all(line.startswith(f"{path}:") and ": error: " in line for line in lines), (name, err)
        assert "Traceback" not in err and "\x1b" not in err
        assert path.read_bytes() == data, f"{name}: the save was changed"
        assert not out.exists(), f"{name}: output written for a bad save"


def test_an_enormous_save_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(25_000_000)  # sparse: large on paper, cheap on disk
    assert run_debrief([path], fmt="json", output=None, pack=None) == 1
    assert "MB" in capsys.readouterr().err
    assert path.stat().st_size == 25_000_000


def test_a_missing_save_and_a_folder_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (tmp_path / "nope.json", tmp_path):
        assert run_debrief([path], fmt="md", output=None, pack=None) == 1
        assert capsys.readouterr().err.startswith(f"{path}:1:1: error: ")
    with pytest.raises(PackError):
        open_save(tmp_path / "nope.json")
