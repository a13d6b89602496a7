"""Comparing playthroughs, and the ``sysplay debrief`` command end to end."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sysplay.cli import NO_TUI, main, run_debrief
from sysplay.debrief import compare
from sysplay.debrief.source import open_save
from sysplay.engine.personas import play_turn
from sysplay.playthroughs.save import fork, read_save
from sysplay.scenarios.loader import load_pack
from tests.debrief.helpers import play


def test_a_save_and_its_fork_diverge_at_the_fork(tmp_path: Path) -> None:
    pack = load_pack("riverside_winter")
    parent = play(pack, 9, tmp_path, "coalition_builder")
    assert parent.path is not None
    child = fork(read_save(parent.path), parent.path, pack, 4, tmp_path)
    while not child.game.finished:
        play_turn(child.game, "heroic_director")
        child.end_turn()
    assert child.path is not None
    a, b = open_save(parent.path).debrief(), open_save(child.path).debrief()
    assert a.decisions[:3] == b.decisions[:3] and a.decisions[3] != b.decisions[3]
    c = compare([a, b])
    assert c.divergence.comparable and c.divergence.turn == 4
    assert "week 4" in c.divergence.text and len(c.divergence.choices) == 2
    assert "fork of" in c.labels[1] and b.meta.parent == parent.data.save_id and b.meta.parent_turn == 4
    outcome = next(r for r in c.outcomes if r.label == "Overall outcome")
    assert outcome.values == [a.meta.outcome, b.meta.outcome]
    assert {r.group for r in c.systems} == {"stock", "system"} and c.behaviours
    # The same through the command, as one JSON object holding the comparison and both debriefs.
    out = tmp_path / "compare.json"
    assert run_debrief([parent.path, child.path], fmt="json", output=out, pack=None) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "sysplay-comparison" and data["divergence"]["turn"] == 4
    assert [d["meta"]["save_id"] for d in data["debriefs"]] == [a.meta.save_id, b.meta.save_id]


def test_identical_and_differently_seeded_playthroughs(played: Callable[[str, int], Path]) -> None:
    a = open_save(played("coalition_builder", 1)).debrief()
    same = compare([a, a])
    assert same.divergence.turn is None and same.divergence.comparable
    other = compare([a, open_save(played("coalition_builder", 2)).debrief()])
    assert not other.divergence.comparable and "different seeds" in other.divergence.text
    with pytest.raises(ValueError):
        compare([a])


def test_comparison_exports(played: Callable[[str, int], Path], tmp_path: Path) -> None:
    saves = [played("coalition_builder", 1), played("heroic_director", 1), played("coalition_builder", 2)]
    for fmt in ("md", "html"):
        out = tmp_path / f"c.{fmt}"
        assert run_debrief(saves, fmt=fmt, output=out, pack=None) == 0
        text = out.read_text(encoding="utf-8")
        assert "Comparison of 3 playthroughs" in text and text.count("Debrief: Winter at Riverside") == 3
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert 'id="p1-habits"' in html and 'id="p3-habits"' in html, "anchors stay unique"


def test_main_wires_the_debrief_command(played: Callable[[str, int], Path], capsys: pytest.CaptureFixture[str]) -> None:
    save = played("avoider", 1)
    assert main(["debrief", str(save), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    turns = len(json.loads(save.read_text(encoding="utf-8"))["turns"])
    assert data["format"] == "sysplay-debrief" and data["meta"]["turns_played"] == turns >= 6


def test_tui_falls_back_to_markdown_when_the_full_screen_debrief_is_missing(
        played: Callable[[str, int], Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sysplay.tui.screens.debrief", None)  # importing it now raises ImportError
    assert run_debrief([played("avoider", 1)], fmt="tui", output=None, pack=None) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == NO_TUI and "# Debrief: Winter at Riverside" in out


def test_the_output_never_overwrites_a_save(played: Callable[[str, int], Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "save.json"
    save.write_bytes(played("avoider", 1).read_bytes())
    before = save.read_bytes()
    assert run_debrief([save], fmt="md", output=save, pack=None) == 2
    assert save.read_bytes() == before and "one of the saves" in capsys.readouterr().err
