"""Saves: autosave after every turn (atomically), load with checks and migrations, replay, fork."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sysplay import __version__
from sysplay.engine import ENGINE_VERSION
from sysplay.engine.game import Game, TurnResult
from sysplay.errors import SysplayError
from sysplay.fsutil import write_text_atomic
from sysplay.playthroughs.files import (
    MAX_SAVE_BYTES as MAX_SAVE_BYTES,  # re-exported: callers import these from here
)
from sysplay.playthroughs.files import list_saves as list_saves
from sysplay.playthroughs.files import parse_save as parse_save
from sysplay.playthroughs.files import read_save
from sysplay.playthroughs.models import (
    FORMAT,
    MIN_READER,
    VERSION,
    AnswerRecord,
    MoveRecord,
    Note,
    PackRef,
    Parent,
    SaveFile,
    TurnRecord,
    Vote,
)
from sysplay.playthroughs.snapshot import SnapshotBuilder
from sysplay.scenarios.models import Pack

ENV_SAVE_DIR = "SYSPLAY_SAVE_DIR"


def default_save_dir(override: str | Path | None = None) -> Path:
    """``--save-dir`` if given, else ``$SYSPLAY_SAVE_DIR``, else ``./saves``."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_SAVE_DIR)
    return Path(env) if env else Path("saves")


def safe_name(text: str) -> str:
    """A file-name-safe fragment (no path tricks, no reserved characters), at most 40 characters."""
    s = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    return s[:40] or "pack"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_save_id(pack_id: str) -> str:
    """A new save id: pack, UTC time and a random suffix (ids need not be deterministic; states are)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{safe_name(pack_id)}-{stamp}-{secrets.token_hex(3)}"


@dataclass
class Playthrough:
    """A game being played and its save file, written after every turn.

    Attributes:
        game: The game (recording, so the debrief snapshot can be made).
        path: Where the save lives (None for an unsaved playthrough).
        data: The save as it stands.
    """

    game: Game
    path: Path | None
    data: SaveFile
    pack_changed: bool = False
    warnings: list[str] = field(default_factory=list)
    #: With ``--watch``: decisions made on an earlier version of the pack that the current version
    #: refused (a half-finished edit); the next reload tries them again, and playing a turn here drops them.
    held: list[TurnRecord] = field(default_factory=list)
    _snap: SnapshotBuilder | None = field(default=None, repr=False)

    @classmethod
    def start(cls, pack: Pack, seed: int, save_dir: Path | None, *, mode: str = "practice", player: str = "",
              source: str = "", path: Path | None = None) -> Playthrough:
        """Start a new playthrough; ``save_dir`` None (and no ``path``) means do not save."""
        game = Game(pack, seed=seed)
        save_id = new_save_id(pack.meta.id)
        data = SaveFile(
            format=FORMAT, version=VERSION, min_reader=MIN_READER, app_version=__version__, engine=ENGINE_VERSION,
            save_id=save_id,
            created=_now(), player=player, mode=mode,
            pack=PackRef(id=pack.meta.id, version=pack.meta.version, content_hash=pack.content_hash,
                         title=pack.meta.title, source=source or pack.meta.id),
            seed=seed,
        )
        if path is None and save_dir is not None:
            path = save_dir / f"{save_id}.json"
        pt = cls(game, path, data)
        pt.save()
        return pt

    def end_turn(self) -> TurnResult:
        """End the turn in the game, record it, and autosave."""
        result = self.game.end_turn()
        self.data.turns.append(turn_record(result))
        self.held.clear()  # a turn played anew: the decisions held from before an edit no longer follow on
        self.save()
        return result

    def add_note(self, text: str, *, kind: str = "player", turn: int | None = None) -> Note:
        """Pin a note to a turn (the current one by default) and save."""
        note = Note(turn=self.game.turn if turn is None else turn, kind=kind, text=text, at=_now())
        self.data.notes.append(note)
        self.save()
        return note

    def add_vote(self, counts: dict[str, int], question: str = "") -> None:
        """Record a room's vote for the current turn and save."""
        self.data.votes.append(Vote(turn=self.game.turn, question=question, counts=counts))
        self.save()

    def save(self) -> None:
        """Write the save atomically (a crash leaves the previous complete save)."""
        g = self.game
        self.data.updated = _now()
        self.data.ending = g.state.ending
        self.data.outcome = round(g.outcome().composite, 6) if g.finished else None
        if g.recording and g.results:
            if self._snap is None:
                self._snap = SnapshotBuilder(g)
            self.data.snapshot = self._snap.build(g)
        if self.path is not None:
            write_text_atomic(self.path, self.data.model_dump_json(indent=None, exclude_none=False) + "\n")


def turn_record(r: TurnResult) -> TurnRecord:
    """The decisions and hash of one turn."""
    return TurnRecord(
        turn=r.turn,
        answer=AnswerRecord(dilemma=r.answer[0], choice=r.answer[1]) if r.answer else None,
        moves=[MoveRecord(do=m.intervention, target=list(m.targets)) for m in r.moves],
        state_hash=r.state_hash,
    )


@dataclass
class ReplayReport:
    """The result of re-running a save's decisions against a pack."""

    ok: bool
    turns_checked: int
    message: str
    game: Game | None = None
    diverged_at: int | None = None


def replay(save: SaveFile, pack: Pack, *, upto: int | None = None) -> ReplayReport:
    """Re-run every decision and check every state hash; stop at the first divergence.

    Args:
        save: The save.
        pack: The pack to replay against.
        upto: Replay only the first ``upto`` turns.
    """
    g = Game(pack, seed=save.seed)
    changed = pack.content_hash != save.pack.content_hash
    if changed:
        why = ("the pack has changed since this save was made "
               f"(pack content {pack.content_hash[:12]}, save made with {save.pack.content_hash[:12]})")
    elif save.engine != ENGINE_VERSION:
        made = f"engine version {save.engine}" if save.engine else "an older sysplay"
        why = f"the save was made by {made} and this sysplay runs engine version {ENGINE_VERSION}, which plays differently"
    else:
        why = "the save has been edited since it was made"
    turns = save.turns if upto is None else save.turns[:upto]
    for rec in turns:
        try:
            apply_record(g, rec)
            got = g.end_turn().state_hash
        except SysplayError as exc:
            return ReplayReport(False, rec.turn - 1, f"turn {rec.turn}: a recorded decision was refused ({exc}); {why}",
                                g, rec.turn)
        if got != rec.state_hash:
            return ReplayReport(False, rec.turn - 1,
                                f"turn {rec.turn}: the state does not match the save (expected {rec.state_hash[:12]}, "
                                f"got {got[:12]}); {why}", g, rec.turn)
    note = " (the pack file differs, but this playthrough is unaffected)" if changed else ""
    return ReplayReport(True, len(turns), f"all {len(turns)} turns match{note}", g)


def apply_record(g: Game, rec: TurnRecord) -> None:
    """Put a recorded turn's answer and moves into the game (without ending the turn)."""
    if rec.turn != g.turn:
        raise SysplayError(f"the save's turns are out of order (turn {rec.turn} where {g.turn} was expected)")
    if rec.answer is not None:
        g.answer(rec.answer.choice)
    for mv in rec.moves:
        g.plan(mv.do, tuple(mv.target))


def resume(path: Path, pack: Pack, *, from_turn: int | None = None, save_dir: Path | None = None) -> Playthrough:
    """Reopen a save to play on; with ``from_turn``, start a new branch (a fork) at the start of that turn.

    Raises:
        PackError: the save is unreadable.
        SysplayError: the save does not replay (and is not a fork request), or the turn is out of range.
    """
    save = read_save(path)
    if from_turn is None:
        report = replay(save, pack)
        if not report.ok or report.game is None:
            raise SysplayError(f"{path}: cannot resume: {report.message}")
        return Playthrough(report.game, path, save, pack_changed=pack.content_hash != save.pack.content_hash)
    return fork(save, path, pack, from_turn, save_dir if save_dir is not None else path.parent)


def fork(save: SaveFile, path: Path | None, pack: Pack, from_turn: int, save_dir: Path | None) -> Playthrough:
    """A new playthrough with the same seed and the save's decisions before ``from_turn``."""
    if not 1 <= from_turn <= len(save.turns) + 1:
        raise SysplayError(f"--from-turn must be between 1 and {len(save.turns) + 1} for this save")
    report = replay(save, pack, upto=from_turn - 1)
    if not report.ok or report.game is None:
        raise SysplayError(f"cannot fork: {report.message}")
    child = Playthrough.start(pack, save.seed, None, mode=save.mode, player=save.player, source=save.pack.source)
    child.game = report.game
    child._snap = None
    child.data.turns = list(save.turns[: from_turn - 1])
    child.data.notes = [n for n in save.notes if n.turn < from_turn]
    child.data.parent = Parent(save_id=save.save_id, path=str(path or ""), turn=from_turn)
    if save_dir is not None:
        child.path = save_dir / f"{child.data.save_id}.json"
    child.save()
    return child
