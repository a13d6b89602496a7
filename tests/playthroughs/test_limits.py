"""A pack that validates plays, saves and debriefs: text at every limit, joined labels, full diaries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysplay.debrief import build, render
from sysplay.engine.moves import MAX_MOVES
from sysplay.engine.personas import play_turn
from sysplay.errors import RefusedMove
from sysplay.playthroughs.models import TurnRecord
from sysplay.playthroughs.save import Playthrough, read_save, replay
from sysplay.playthroughs.snapshot import MAX_CHANGES
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.scaffold import scaffold

SHORT, LONG = 200, 6000  # the pack format's ShortText and LongText


def base_pack(tmp: Path) -> dict[str, Any]:
    """The pack `sysplay new` writes, as data."""
    folder = scaffold(tmp / "base")
    return yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))


def _yaml_escape(ch: str) -> str:
    n = ord(ch)
    if ch in "\t\n" or 0x20 <= n <= 0x7E or n == 0x85 or 0xA0 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or n >= 0x10000:
        return ch
    return f"\\u{n:04x}"


def write_pack(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # JSON is YAML: every string arrives as generated (what YAML cannot hold raw is written as an escape).
    text = "".join(map(_yaml_escape, json.dumps(data, ensure_ascii=False)))
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


def play_save_debrief(folder: Path, saves: Path, persona: str = "coalition_builder", seed: int = 3) -> str:
    """Load, play to the end saving every turn, re-read, replay and debrief in every format."""
    pack = load_pack(folder)
    pt = Playthrough.start(pack, seed, saves, source=str(folder))
    while not pt.game.finished:
        play_turn(pt.game, persona)
        pt.end_turn()
    assert pt.path is not None
    save = read_save(pt.path)
    assert len(save.turns) == pack.meta.turns or save.ending is not None
    assert replay(save, pack).ok
    out = ""
    for fmt in ("md", "html", "json"):
        out = render(build([pt.path]), fmt)
        assert out
    # The stored snapshot alone (the pack gone) must also debrief.
    (folder / "pack.yaml").unlink()
    for fmt in ("md", "json"):
        assert render(build([pt.path]), fmt)
    return out


def test_long_names_joined_into_a_label_play_save_and_debrief(tmp_path: Path) -> None:
    # Two actors with 145-character names validate, so the game must end its turns although
    # "A's trust in B" is longer than a snapshot label may be.
    data = base_pack(tmp_path)
    data["actors"][0]["name"] = "H" * 145
    data["actors"][1]["name"] = "C" * 145
    play_save_debrief(write_pack(tmp_path / "p", data), tmp_path / "saves")


def test_speaker_name_and_role_at_their_limits_debrief(tmp_path: Path) -> None:
    # Name and role each within 200 characters, but "name, role" over the snapshot's 300.
    data = base_pack(tmp_path)
    for actor in data["actors"]:
        actor["speaker"] = {"name": "N" * SHORT, "role": "R" * SHORT}
    play_save_debrief(write_pack(tmp_path / "p", data), tmp_path / "saves")


def test_more_stocks_than_a_turn_records_changes(tmp_path: Path) -> None:
    data = base_pack(tmp_path)
    for k in range(MAX_CHANGES + 5):
        data["system"]["stocks"][f"extra{k}"] = {"label": f"Extra {k}", "initial": 5, "min": 0, "max": 10}
        data["system"]["flows"][f"drip{k}"] = {"expr": "1", "to": f"extra{k}"}
    play_save_debrief(write_pack(tmp_path / "p", data), tmp_path / "saves")


def test_moves_that_take_no_slot_stop_at_a_full_diary(tmp_path: Path) -> None:
    data = base_pack(tmp_path)
    data["interventions"].append({"id": "note", "name": "Make a note", "kind": "reflection", "description": "Free.",
                                  "target": "none", "slots": 0, "effects": {"holding": 0.01}})
    pack = load_pack(write_pack(tmp_path / "p", data))
    pt = Playthrough.start(pack, 1, tmp_path / "saves")
    for _ in range(MAX_MOVES):
        pt.game.plan("note")
    with pytest.raises(RefusedMove, match=f"at most {MAX_MOVES} moves"):
        pt.game.plan("note")
    note = next(o for o in pt.game.options() if o.intervention.id == "note")
    assert not note.available and "at most" in note.reason
    pt.end_turn()
    assert pt.path is not None
    assert len(read_save(pt.path).turns[0].moves) == MAX_MOVES
    assert TurnRecord.model_fields["moves"].metadata[0].max_length == MAX_MOVES


# ------------------------------------------------------------------ property: text at every limit

_PIECES = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                       st.sampled_from(list("<>&|[]()*_`#!-=~:/\\{}\"' \n\t@."))),
    min_size=1, max_size=12,
)


def at_limit(piece: str, limit: int) -> str:
    text = (piece * (limit // len(piece) + 1))[:limit]
    return text if text.strip() else "x" * limit


@st.composite
def packs(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """The base pack with each text either left alone or filled to its limit with drawn characters."""
    data = json.loads(json.dumps(base))

    def fill(obj: dict[str, Any], key: str, limit: int) -> None:
        if draw(st.booleans()):
            obj[key] = at_limit(draw(_PIECES), limit)

    meta = data["meta"]
    for key in ("title", "turn_label", "author", "licence", "version"):
        fill(meta, key, SHORT)
    for key in ("summary", "situation"):
        fill(meta, key, LONG)
    for key in ("title", "organisation"):
        fill(meta["role"], key, SHORT)
    fill(meta["role"], "briefing", LONG)
    meta["learning_goals"] = [at_limit(draw(_PIECES), SHORT)]
    for actor in data["actors"]:
        fill(actor, "name", SHORT)
        if draw(st.booleans()):
            actor["short_name"] = at_limit(draw(_PIECES), SHORT)
        fill(actor["speaker"], "name", SHORT)
        fill(actor["speaker"], "role", SHORT)
        fill(actor, "briefing", LONG)
        actor["concern"] = at_limit(draw(_PIECES), LONG)
        for line in actor.get("voice", []):
            fill(line, "line", LONG)
    for rel in data["relationships"]:
        fill(rel, "history", SHORT)
    for stock in data["system"]["stocks"].values():
        fill(stock, "label", SHORT)
        fill(stock, "unit", SHORT)
    for flow in data["system"]["flows"].values():
        flow["label"] = at_limit(draw(_PIECES), SHORT)
    for iv in data["interventions"]:
        fill(iv, "name", SHORT)
        fill(iv, "description", LONG)
        fill(iv["text"], "attempt", LONG)
        iv["text"]["outcome"] = at_limit(draw(_PIECES), LONG)
    for ev in data["events"]:
        fill(ev, "title", SHORT)
        fill(ev, "text", LONG)
    data["events"].append({
        "id": "choose", "title": at_limit(draw(_PIECES), SHORT), "text": at_limit(draw(_PIECES), LONG),
        "when": "turn == 2", "choices": [
            {"id": f"c{k}", "label": at_limit(draw(_PIECES), SHORT), "text": at_limit(draw(_PIECES), LONG),
             "effects": {"metric": {"waiting": k}}} for k in range(2)]})
    for ending in data["endings"]:
        fill(ending, "title", SHORT)
        fill(ending, "text", LONG)
    for dim in data["outcome"]["dimensions"]:
        fill(dim, "label", SHORT)
    for prompt in data["prompts"]:
        fill(prompt, "text", LONG)
    return data


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return base_pack(tmp_path_factory.mktemp("base"))


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_every_pack_that_validates_plays_saves_and_debriefs(data: st.DataObject, base: dict[str, Any],
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    pack = data.draw(packs(base))
    persona = data.draw(st.sampled_from(["coalition_builder", "heroic_director", "random"]))
    tmp = tmp_path_factory.mktemp("limit")
    play_save_debrief(write_pack(tmp / "p", pack), tmp / "saves", persona)


def test_a_long_text_mode_note_is_pinned_in_parts(tmp_path: Path) -> None:
    import io

    from sysplay.playthroughs.models import MAX_NOTE
    from sysplay.textplay import play_text

    long = "word " * 5_000  # 25,000 characters, more than one note holds
    out = io.StringIO()
    status = play_text("riverside_winter", 1, tmp_path, stdin=io.StringIO(f"n {long}\nq\n"), out=out)
    assert status == 0
    assert "not on the list" not in out.getvalue()
    assert "Note pinned to week 1 (in 2 parts" in out.getvalue()
    (path,) = tmp_path.glob("*.json")
    notes = read_save(path).notes
    assert [len(n.text) for n in notes] == [MAX_NOTE, len(long.strip()) - MAX_NOTE]
    assert "".join(n.text for n in notes) == long.strip()


def test_a_save_never_grows_past_what_can_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sysplay.playthroughs import save as save_module

    pack = load_pack("riverside_winter")
    pt = Playthrough.start(pack, 1, tmp_path)
    play_turn(pt.game, "coalition_builder")
    pt.end_turn()
    assert pt.path is not None
    size = pt.path.stat().st_size
    monkeypatch.setattr(save_module, "MAX_SAVE_BYTES", size + 10)
    play_turn(pt.game, "coalition_builder")
    pt.end_turn()  # with the second turn's snapshot the save is too big: it is written without one
    saved = read_save(pt.path)
    assert len(saved.turns) == 2 and saved.snapshot is None
    assert pt.warnings and "without one" in pt.warnings[0]
    monkeypatch.setattr(save_module, "MAX_SAVE_BYTES", pt.path.stat().st_size + 10)
    with pytest.raises(RefusedMove, match="would grow past"):
        pt.add_note("x" * 100)
    assert read_save(pt.path).notes == [] and pt.data.notes == []


def test_paths_longer_than_a_record_holds_are_not_recorded(tmp_path: Path) -> None:
    # A pack given by a 400-character path, and a fork of a save in a folder as deep: both play and save.
    deep = tmp_path / "/".join(["d" * 60] * 6)
    data = base_pack(tmp_path)
    folder = write_pack(deep / "p", data)
    pack = load_pack(folder)
    pt = Playthrough.start(pack, 1, deep / "saves", source=str(folder))
    play_turn(pt.game, "avoider")
    pt.end_turn()
    assert pt.path is not None and len(str(pt.path)) > 300
    assert read_save(pt.path).pack.source == pack.meta.id  # too long to keep: the pack's id instead
    from sysplay.playthroughs.save import resume

    child = resume(pt.path, pack, from_turn=2)
    assert child.path is not None and read_save(child.path).parent is not None
