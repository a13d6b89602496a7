"""Hot reload: an edited pack is re-validated, errors are shown without a crash, and play carries over."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import sysplay
from sysplay.playthroughs.save import Playthrough, read_save
from sysplay.playthroughs.watch import PackWatcher, carry_over
from sysplay.scenarios.paths import bundled_dir
from sysplay.textplay import play_text


def _copy_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "riverside_winter"
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    return folder


class ScriptedInput(io.StringIO):
    """Feeds commands one line at a time, running an edit before chosen lines."""

    def __init__(self, lines: list[str], edits: dict[int, Callable[[], None]]) -> None:
        super().__init__()
        self.lines, self.edits, self.index = lines, edits, 0

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self.index >= len(self.lines):
            return ""
        if self.index in self.edits:
            self.edits[self.index]()
        line = self.lines[self.index]
        self.index += 1
        return line + "\n"


def _bump_mtime(path: Path, text: str) -> None:
    path.write_text(text)
    st = path.stat()
    import os

    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_watch_survives_an_invalid_edit_and_recovers(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path)
    pack_file = folder / "pack.yaml"
    original = pack_file.read_text()
    relabelled = original.replace("label: Patients fit to leave but still in hospital",
                                  "label: People medically fit to go home")
    assert relabelled != original
    edits = {
        2: lambda: _bump_mtime(pack_file, relabelled),
        3: lambda: _bump_mtime(pack_file, relabelled.replace("turns: 12", "turns: twelve")),
        4: lambda: _bump_mtime(pack_file, relabelled),
    }
    out = io.StringIO()
    code = play_text(str(folder), seed=2, save_dir=tmp_path / "saves",
                     stdin=ScriptedInput(["1 1", "e", "s", "s", "s", "q"], edits), out=out, watch=True)
    text = out.getvalue()
    assert code == 0
    assert text.count("Pack reloaded; replayed 1 turn(s)") == 2
    assert "The pack has errors; still playing the version loaded before:" in text
    assert "pack.yaml:" in text and ": error: meta.turns:" in text
    assert "People medically fit to go home" in text
    assert "Traceback" not in text
    saves = list((tmp_path / "saves").glob("*.json"))
    assert len(saves) == 1 and len(read_save(saves[0]).turns) == 1


def test_carry_over_keeps_the_turn_and_notes_refused_moves(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path)
    pack = sysplay.load_pack(folder)
    pt = Playthrough.start(pack, 3, tmp_path)
    pt.game.plan("listen_one_to_one", ("carers",))
    pt.end_turn()
    pt.game.plan("broker_introduction", ("acute", "council"))
    pt.end_turn()
    pt.add_note("keep me")
    watcher = PackWatcher(str(folder))
    assert not watcher.changed()
    text = (folder / "interventions.yaml").read_text()
    gated = text.replace("  - id: broker_introduction\n", "  - id: broker_introduction\n    requires: [{when: \"turn >= 5\"}]\n")
    assert gated != text
    _bump_mtime(folder / "interventions.yaml", gated)
    assert watcher.changed()
    carried = carry_over(pt, watcher.load())
    assert carried.turns_kept == 1 and carried.playthrough.game.turn == 2
    assert "stopped replaying at turn 2" in carried.notes[0]
    assert carried.playthrough.data.notes[0].text == "keep me"
    assert carried.playthrough.path == pt.path


def test_a_half_finished_edit_keeps_the_decisions_and_a_fixed_pack_gets_them_back(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path)
    pack = sysplay.load_pack(folder)
    pt = Playthrough.start(pack, 3, tmp_path / "saves")
    for target in ("carers", "acute", "council"):
        pt.game.plan("listen_one_to_one", (target,))
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pt.game.pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.end_turn()
    on_disk = pt.path.read_text() if pt.path else ""

    # A rename the play has not caught up with: the pack is valid, but the move used in week 1 no longer exists.
    restore = _rename(folder, "listen_one_to_one", "listen_to_one")
    broken = carry_over(pt, sysplay.load_pack(folder))
    assert broken.turns_kept == 0 and broken.playthrough.game.turn == 1
    assert len(broken.playthrough.held) == 3
    assert any("your decisions for weeks 1 to 3 are kept" in n for n in broken.notes)
    assert pt.path is not None and pt.path.read_text() == on_disk  # the save on disk still holds every turn

    # Undo the edit: the next reload replays every decision, not the none the broken pack took.
    restore()
    whole = carry_over(broken.playthrough, sysplay.load_pack(folder))
    assert whole.turns_kept == 3 and whole.playthrough.game.turn == 4 and not whole.playthrough.held
    assert len(read_save(pt.path).turns) == 3


def test_playing_on_after_a_partial_carry_sets_the_held_decisions_aside(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path)
    pt = Playthrough.start(sysplay.load_pack(folder), 3, tmp_path / "saves")
    pt.game.plan("listen_one_to_one", ("carers",))
    pt.end_turn()
    restore = _rename(folder, "listen_one_to_one", "listen_to_one")
    broken = carry_over(pt, sysplay.load_pack(folder)).playthrough
    assert broken.held
    broken.game.plan("pause_and_reflect")
    broken.end_turn()
    assert broken.held == []
    restore()
    again = carry_over(broken, sysplay.load_pack(folder)).playthrough
    assert [[m.do for m in t.moves] for t in again.data.turns] == [["pause_and_reflect"]]


def _rename(folder: Path, old: str, new: str) -> Callable[[], None]:
    """Rename an id in every file of the pack; returns a function that puts the files back."""
    originals = {path: path.read_text() for path in folder.glob("*.yaml")}
    for path, text in originals.items():
        path.write_text(text.replace(old, new))

    def restore() -> None:
        for path, text in originals.items():
            path.write_text(text)

    return restore


def test_carry_over_plans_the_turn_again_and_says_which_moves_the_edit_refused(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path)
    pt = Playthrough.start(sysplay.load_pack(folder), 3, tmp_path / "saves")
    pt.game.plan("listen_one_to_one", ("carers",))
    pt.end_turn()
    pt.game.plan("listen_one_to_one", ("acute",))
    pt.game.plan("pause_and_reflect")
    same = carry_over(pt, sysplay.load_pack(folder))
    assert [(p.intervention, tuple(p.targets)) for p in same.playthrough.game.diary] == [
        ("listen_one_to_one", ("acute",)), ("pause_and_reflect", ())]
    assert same.notes == []

    text = (folder / "interventions.yaml").read_text()
    gated = text.replace("  - id: pause_and_reflect\n", "  - id: pause_and_reflect\n    requires: [{when: \"turn >= 5\"}]\n")
    assert gated != text
    _bump_mtime(folder / "interventions.yaml", gated)
    edited = carry_over(same.playthrough, sysplay.load_pack(folder))
    assert [p.intervention for p in edited.playthrough.game.diary] == ["listen_one_to_one"]
    assert any("planned move 'pause_and_reflect' dropped" in n for n in edited.notes)


def test_a_fork_carries_the_notes_votes_and_actions_before_its_turn_and_names_its_parent(tmp_path: Path) -> None:
    from sysplay.playthroughs.save import fork

    pt = Playthrough.start(sysplay.load_pack("riverside_winter"), 5, tmp_path, mode="facilitator", player="Red")
    for _ in range(3):
        pt.add_note(f"note in turn {pt.game.turn}")
        pt.add_vote({"A": 3}, "which?")
        pt.game.plan("pause_and_reflect")
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pt.game.pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.end_turn()
    assert pt.path is not None
    child = fork(pt.data, pt.path, pt.game.pack, 3, tmp_path)
    assert child.game.turn == 3 and len(child.data.turns) == 2
    assert [n.text for n in child.data.notes] == ["note in turn 1", "note in turn 2"]
    assert [v.turn for v in child.data.votes] == [1, 2]
    assert child.data.parent is not None and child.data.parent.turn == 3
    assert child.data.parent.save_id == pt.data.save_id != child.data.save_id
    assert (child.data.mode, child.data.player, child.data.seed) == ("facilitator", "Red", 5)
    assert child.path is not None and read_save(child.path).turns == child.data.turns
    child.close()
