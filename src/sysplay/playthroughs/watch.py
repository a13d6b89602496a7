"""Hot reload for writers: notice pack edits, re-validate, and carry the playthrough onto the new pack."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sysplay.engine.game import Game
from sysplay.errors import PackError, SysplayError
from sysplay.playthroughs.models import SaveFile
from sysplay.playthroughs.save import Playthrough, apply_actions, apply_record
from sysplay.scenarios.loader import load_pack as _load_pack
from sysplay.scenarios.models import Pack
from sysplay.scenarios.paths import resolve_pack


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the pack's YAML files (cheap to compare)."""
    out = []
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


@dataclass
class PackWatcher:
    """Watches a pack's folder for edits.

    Attributes:
        spec: The pack as the user named it.
    """

    spec: str
    folder: Path = field(init=False)
    _seen: tuple[tuple[str, int, int], ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        self.folder = resolve_pack(self.spec).parent
        self._seen = _signature(self.folder)

    def changed(self) -> bool:
        """Whether any pack file was added, removed or edited since the last call."""
        now = _signature(self.folder)
        if now != self._seen:
            self._seen = now
            return True
        return False

    def load(self) -> Pack:
        """Load the pack afresh.

        Raises:
            PackError: the edited pack is invalid (the caller keeps playing the old one).
        """
        return _load_pack(self.spec)


@dataclass
class Carried:
    """The result of carrying a playthrough onto an edited pack."""

    playthrough: Playthrough
    turns_kept: int
    notes: list[str]


def carry_over(pt: Playthrough, pack: Pack) -> Carried:
    """Replay the playthrough's decisions on ``pack`` so the writer stays at the same turn.

    Hashes are not checked (the pack changed on purpose). The turn being planned is planned again
    (:func:`carry_plan`). A decision the new pack refuses
    stops the replay there, and the notes say why; the decisions from there on are not lost
    but held (:attr:`Playthrough.held`), so that when a half-finished edit is completed or
    undone, the next reload replays them all and the writer is back where they were. While
    decisions are held the save file is left as it was, so quitting then loses nothing.
    """
    save: SaveFile = pt.data
    decisions = [*save.turns, *pt.held]
    notes: list[str] = []
    try:
        game = Game(pack, seed=save.seed, difficulty=save.difficulty)
    except SysplayError as exc:  # the edit removed the difficulty being played: play the pack as written
        notes.append(f"{exc}; playing the pack as written until it has it again")
        game = Game(pack, seed=save.seed, difficulty="")
    kept = 0
    for rec in decisions:
        try:
            apply_actions(game, save.actions, rec.turn)
            apply_record(game, rec)
            game.end_turn()
        except SysplayError as exc:
            notes.append(f"stopped replaying at turn {rec.turn}: {exc}")
            break
        kept += 1
        if game.finished and kept < len(decisions):
            notes.append(f"the edited pack ends the game at turn {rec.turn}")
            break
    if not game.finished:
        try:  # the facilitator's orders for the turn being planned
            apply_actions(game, save.actions, game.turn)
        except SysplayError as exc:
            notes.append(f"a facilitator's order for turn {game.turn} was dropped: {exc}")
    new = Playthrough.carrying_on(save, game, turns=decisions[:kept], notes=save.notes, votes=save.votes,
                                  actions=[a for a in save.actions if a.turn <= game.turn], path=pt.path,
                                  save_id=save.save_id)
    pt.hand_over(new)
    new.held = list(decisions[kept:])
    if new.held:
        label = pack.meta.turn_label
        first, last = new.held[0].turn, new.held[-1].turn
        span = f"{label} {first}" if first == last else f"{label}s {first} to {last}"
        notes.append(f"your decisions for {span} are kept, and replayed when the pack takes them again "
                     f"(playing this {label} instead sets them aside)")
    else:
        new.save()  # with decisions held, the save on disk keeps them all until a turn is played here
    notes += carry_plan(pt.game, game)
    return Carried(new, kept, notes)


def carry_plan(old: Game, new: Game) -> list[str]:
    """Plan the turn's moves (and answer its dilemma) again on the carried game, when it is at the same turn.

    Returns:
        Why any answer or move was dropped (the edited pack refuses it).
    """
    if new.finished or new.turn != old.turn:
        return []
    notes = []
    if old.answer_given is not None and new.pending_dilemma == old.pending_dilemma:
        try:
            new.answer(old.answer_given)
        except (SysplayError, KeyError) as exc:
            notes.append(f"the dilemma answer was not kept: {exc}")
    for p in old.diary:
        try:
            new.plan(p.intervention, tuple(p.targets))
        except (SysplayError, KeyError) as exc:
            notes.append(f"planned move '{p.intervention}' dropped: {exc}")
    return notes


def reload_if_changed(watcher: PackWatcher, pt: Playthrough) -> tuple[Carried | None, PackError | None]:
    """If the pack changed: (carried playthrough, None) when valid, (None, errors) when not; else (None, None)."""
    if not watcher.changed():
        return None, None
    try:
        pack = watcher.load()
    except PackError as exc:
        return None, exc
    return carry_over(pt, pack), None
