"""Difficulty presets: chosen at the briefing (or with --difficulty), applied to the pack's numbers, recorded
in the save and applied again on replay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sysplay.cli import main
from sysplay.engine.game import Game
from sysplay.errors import SysplayError
from sysplay.playthroughs.save import Playthrough, read_save, replay
from sysplay.scenarios.loader import load_pack, load_pack_checked
from sysplay.scenarios.presets import with_preset
from tests.engine.rules.tiny import pack_data

PRESETS = [
    {"id": "guided", "label": "Guided", "description": "More capital; hidden numbers vary less.",
     "starting_capital": 9, "jitter": 0.0, "initiative": 0.1, "params": {"lever": 1}},
    {"id": "standard", "label": "Standard", "description": "As written.", "default": True},
]


def _write(tmp_path: Path, presets: list[dict[str, object]] = PRESETS) -> Path:
    data = pack_data(2, actors=[{"jitter": {"stance": 0.3}}, {}], engine={"actors": {"initiative": 0.5}})
    data["presets"] = presets
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_a_preset_changes_only_what_it_names(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path))
    guided = with_preset(pack, "guided")
    assert guided.meta.starting_capital == 9 and guided.meta.max_capital == pack.meta.max_capital
    assert guided.actors[0].jitter == {"stance": 0.0} and guided.system.params["lever"] == 1
    assert guided.engine.actors.initiative == 0.1 and guided.engine.noise == pack.engine.noise
    assert guided.content_hash == pack.content_hash and guided.preset_applied == "guided" and not guided.presets
    assert with_preset(pack, "guided") is guided, "one variant per preset and pack"
    assert with_preset(pack, "") is pack


def test_a_game_plays_the_default_preset_unless_told_otherwise(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path))
    assert pack.default_preset == "standard"
    assert Game(pack, 1).difficulty == "standard" and Game(pack, 1).state.capital == 5
    assert Game(pack, 1, difficulty="guided").state.capital == 9
    assert Game(pack, 1, difficulty="").difficulty == ""
    with pytest.raises(SysplayError, match="has no difficulty 'hard' \\(it has: guided, standard\\)"):
        Game(pack, 1, difficulty="hard")


def test_the_save_records_the_difficulty_and_replay_plays_it_again(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path))
    pt = Playthrough.start(pack, 4, tmp_path / "saves", difficulty="guided")
    for _ in range(3):
        pt.end_turn()
    assert pt.path is not None
    save = read_save(pt.path)
    assert save.difficulty == "guided"
    assert replay(save, pack).ok
    raw = json.loads(pt.path.read_text(encoding="utf-8"))
    raw["difficulty"] = "standard"
    pt.path.write_text(json.dumps(raw), encoding="utf-8")
    assert not replay(read_save(pt.path), pack).ok, "another difficulty plays another game"


def test_a_variant_asked_for_its_own_preset_again_is_itself_so_a_save_of_it_forks(tmp_path: Path) -> None:
    from sysplay.playthroughs.save import fork

    pack = load_pack(_write(tmp_path))
    guided = with_preset(pack, "guided")
    assert with_preset(guided, "guided") is guided
    with pytest.raises(SysplayError, match="has no difficulty 'standard'"):
        with_preset(guided, "standard")  # a variant offers no other preset
    pt = Playthrough.start(pack, 4, tmp_path / "saves", difficulty="guided")
    for _ in range(3):
        pt.end_turn()
    assert pt.path is not None
    child = fork(pt.data, pt.path, pt.game.pack, 3, tmp_path / "saves")  # the game's pack is the variant
    assert child.game.difficulty == "guided" and child.game.turn == 3


def test_run_and_simulate_take_a_difficulty_and_refuse_an_unknown_one(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path)
    assert main(["run", str(folder), "--difficulty", "guided", "--persona", "avoider"]) == 0
    assert "difficulty guided" in capsys.readouterr().out.splitlines()[0]
    assert main(["run", str(folder), "--difficulty", "hard"]) == 1
    assert "has no difficulty 'hard'" in capsys.readouterr().err
    assert main(["simulate", str(folder), "--runs", "4", "--persona", "avoider", "--difficulty", "guided",
                 "--json", "--jobs", "1", "--hunt-candidates", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["personas"]["avoider"]["runs"] == 4


def test_validate_checks_presets(tmp_path: Path) -> None:
    bad = [{**PRESETS[0], "params": {"nothing": 1}}, {**PRESETS[1]}, {**PRESETS[1], "id": "also", "default": True}]
    with pytest.raises(Exception) as err:
        load_pack_checked(_write(tmp_path, bad))
    text = str(err.value)
    assert "unknown parameter 'nothing'" in text and "only one difficulty can be the default" in text
