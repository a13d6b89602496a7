"""Saves: autosave after every turn (atomically), load with checks and migrations, replay, fork."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shlex
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sysplay import __version__
from sysplay.engine import ENGINE_VERSION
from sysplay.engine.game import Game, TurnResult
from sysplay.errors import RefusedMove, SysplayError
from sysplay.fsutil import write_text_atomic
from sysplay.playthroughs.files import (
    MAX_SAVE_BYTES as MAX_SAVE_BYTES,  # re-exported: callers import these from here
)
from sysplay.playthroughs.files import list_saves as list_saves
from sysplay.playthroughs.files import parse_save as parse_save
from sysplay.playthroughs.files import read_save
from sysplay.playthroughs.lock import SaveLock, SaveLocked
from sysplay.playthroughs.models import (
    FORMAT,
    MAX_NOTE,
    MAX_NOTES,
    MAX_SHORT,
    MIN_READER,
    VERSION,
    AnswerRecord,
    FacilitatorAction,
    LiveView,
    MoveRecord,
    Note,
    PackRef,
    Parent,
    SaveFile,
    TurnRecord,
    Vote,
)
from sysplay.playthroughs.snapshot import SnapshotBuilder
from sysplay.sanitize import clean_line, clean_text
from sysplay.scenarios.models import Pack


def safe_name(text: str) -> str:
    """A file-name-safe fragment (no path tricks, no reserved characters), at most 40 characters."""
    s = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    return s[:40] or "pack"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_save_id(pack_id: str, team: str = "") -> str:
    """A new save id: pack, team (if any), UTC time and a random suffix (ids need not be deterministic; states are)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    who = f"{safe_name(team)[:24]}-" if team and safe_name(team) != "pack" else ""
    return f"{safe_name(pack_id)}-{who}{stamp}-{secrets.token_hex(3)}"


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
    save_error: str = ""  # why the last save failed ("" when it was written); the next save catches up
    #: With ``--watch``: decisions made on an earlier version of the pack that the current version
    #: refused (a half-finished edit); the next reload tries them again, and playing a turn here drops them.
    held: list[TurnRecord] = field(default_factory=list)
    _snap: SnapshotBuilder | None = field(default=None, repr=False)
    _lock: SaveLock | None = field(default=None, repr=False)
    _written: tuple[int, int, int] | None = field(default=None, repr=False)  # the file as last written or read

    def hold(self) -> None:
        """Lock the save for this process while it is played (see :mod:`sysplay.playthroughs.lock`).

        Raises:
            SaveLocked: another process is playing it.
        """
        if self.path is not None and self._lock is None:
            self._lock = SaveLock.take(self.path)
            if self._lock is not None:  # a playthrough dropped without close() lets go when it is collected
                weakref.finalize(self, self._lock.release)

    def close(self) -> None:
        """Release the save's lock (ending the process does too)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def hand_over(self, other: Playthrough) -> None:
        """Pass this playthrough's lock and write check to ``other``, which carries on its save."""
        other.hold()  # shares this process's lock on the same save
        other._written = self._written
        self.close()

    @classmethod
    def start(cls, pack: Pack, seed: int, save_dir: Path | None, *, mode: str = "practice", player: str = "",
              source: str = "", path: Path | None = None, tolerant: bool = False,
              difficulty: str | None = None) -> Playthrough:
        """Start a new playthrough; ``save_dir`` None (and no ``path``) means do not save.

        With ``tolerant``, a first save that cannot be written (a read-only or full disk) is noted in
        :attr:`save_error` instead of raised, so the game can start and the next save catch up.
        ``difficulty`` is one of the pack's presets (None: its default); the save records it.
        """
        game = Game(pack, seed=seed, difficulty=difficulty)
        data = _new_save(game, new_save_id(pack.meta.id, player if mode == "facilitator" else ""), mode=mode,
                         player=player, source=source)
        if path is None and save_dir is not None:
            path = save_dir / f"{data.save_id}.json"
        pt = cls(game, path, data)
        pt.hold()
        if tolerant:
            pt.try_save()
        else:
            pt.save()
        return pt

    @classmethod
    def carrying_on(cls, like: SaveFile, game: Game, *, turns: list[TurnRecord], notes: list[Note],
                    votes: list[Vote], actions: list[FacilitatorAction], path: Path | None = None,
                    save_id: str | None = None, parent: Parent | None = None) -> Playthrough:
        """A playthrough of ``game``, already played through ``turns``, that carries on the save ``like``.

        It keeps ``like``'s seed, mode, player and pack source, records ``game``'s pack and difficulty,
        and holds the notes, votes and facilitator actions given; ``save_id`` None gives it a new id. It
        is neither locked nor saved: the caller does both (a fork at once; hot reload only once nothing
        is held back).
        """
        data = _new_save(game, save_id or new_save_id(game.pack.meta.id, like.player if like.mode == "facilitator"
                                                      else ""), mode=like.mode, player=like.player,
                         source=like.pack.source)
        data.turns, data.notes, data.votes, data.actions = list(turns), list(notes), list(votes), list(actions)
        data.parent = parent
        return cls(game, path, data)

    def end_turn(self) -> TurnResult:
        """End the turn in the game, record it, and autosave."""
        result = self.game.end_turn()
        self.data.turns.append(turn_record(result))
        self.held.clear()  # a turn played anew: the decisions held from before an edit no longer follow on
        self.save()
        return result

    def add_note(self, text: str, *, kind: str = "player", turn: int | None = None) -> Note:
        """Pin a note to a turn (the current one by default) and save.

        A note longer than a save's notes may be is pinned in parts, in order, so nothing typed is lost.

        Raises:
            RefusedMove: the save holds as many notes, or as many bytes, as a save may.
            OSError: the save could not be written (the note is kept, and saved with the next save).
        """
        text = clean_text(text)
        parts = [text[k:k + MAX_NOTE] for k in range(0, len(text), MAX_NOTE)] or [""]
        if len(self.data.notes) + len(parts) > MAX_NOTES:
            raise RefusedMove("notes", f"a save holds at most {MAX_NOTES:,} notes; this one is full")
        at, pinned = _now(), self.game.turn if turn is None else turn
        notes = [Note(turn=pinned, kind=kind, text=part, at=at) for part in parts]
        self.data.notes.extend(notes)
        if len(self._encode()) > MAX_SAVE_BYTES:
            del self.data.notes[-len(notes):]
            raise RefusedMove("notes", f"the save would grow past {MAX_SAVE_BYTES // 1_000_000} MB with this note")
        self.save()
        return notes[0]

    def add_vote(self, counts: dict[str, int], question: str = "") -> None:
        """Record a room's vote for the current turn and save."""
        self.data.votes.append(Vote(turn=self.game.turn, question=question, counts=counts))
        self.save()

    def facilitate(self, kind: str, event: str, *, turns: int = 0, roll: float | None = None) -> FacilitatorAction:
        """Give a facilitator's order for an event this turn, record it as a facilitator action, and save.

        ``kind`` is ``inject``, ``skip``, ``delay`` (by ``turns``) or ``override`` (the roll, 0 to 1).

        Raises:
            RefusedMove: the engine refuses the order (nothing is recorded).
        """
        if kind not in ("inject", "skip", "delay", "override"):
            raise RefusedMove("event", f"'{kind}' is not a facilitator's order")
        if roll is not None and not 0.0 <= roll <= 1.0:
            raise RefusedMove("event", "a roll is between 0 and 1")
        action = FacilitatorAction(turn=self.game.turn, kind=kind, event=event, turns=max(0, turns), roll=roll,
                                   at=_now())
        apply_action(self.game, action)
        self.data.actions.append(action)
        self.save()
        return action

    def withdraw_order(self) -> FacilitatorAction:
        """Take back the last facilitator order given in this turn, and save.

        Orders change nothing until the turn ends, so the game forgets every order waiting and is given
        the others again (this turn's, and delays given earlier that land now or later): the save then
        replays exactly as if the withdrawn order had never been given.

        Raises:
            RefusedMove: no order was given in this turn (orders of earlier turns have had their effect).
        """
        g = self.game
        given_now = [k for k, a in enumerate(self.data.actions) if a.turn == g.turn]
        if not given_now:
            label = g.pack.meta.turn_label
            raise RefusedMove("event", f"no order was given in this {label} to withdraw")
        withdrawn = self.data.actions.pop(given_now[-1])
        g.forget_orders()
        for a in self.data.actions:
            if a.turn == g.turn:
                apply_action(g, a)
            elif a.kind == "delay" and a.turn + a.turns >= g.turn:
                g.order_injection(a.event, a.turn + a.turns)
        self.save()
        return withdrawn

    def set_live(self, live: LiveView) -> None:
        """Say what the projector shows now (for ``sysplay room``) and save."""
        self.data.live = live
        self.save()

    def try_save(self) -> bool:
        """Save; if it cannot be written, remember why in :attr:`save_error` and return False."""
        try:
            self.save()
        except OSError as exc:
            self.save_error = os_reason(exc)
            return False
        return True

    def save(self) -> None:
        """Write the save atomically (a crash leaves the previous complete save).

        Raises:
            OSError: it could not be written (:attr:`save_error` says why); the record in memory is kept.
        """
        g = self.game
        self.data.updated = _now()
        self.data.ending = g.state.ending
        self.data.outcome = round(g.outcome().composite, 6) if g.finished else None
        if g.recording and g.results:
            if self._snap is None:
                self._snap = SnapshotBuilder(g)
            self.data.snapshot = self._snap.build(g)
        if self.path is not None:
            try:
                self._check_unchanged()
                write_text_atomic(self.path, self._encode())
                self._written = file_state(self.path)
            except OSError as exc:
                self.save_error = os_reason(exc)
                raise
            self.save_error = ""

    def _check_unchanged(self) -> None:
        """Refuse to write over a save that someone else has written since this process last did."""
        if self._written is not None and self.path is not None and file_state(self.path) != self._written:
            raise SaveConflict(self.path)

    def _encode(self) -> str:
        """The save as JSON, within the size a save may be read back at.

        The debrief snapshot is what grows fastest; if the save would be too big with it, it is left
        out (the debrief then replays the pack) rather than write a save that cannot be opened.
        """
        text = self.data.model_dump_json(indent=None, exclude_none=False) + "\n"
        if len(text.encode("utf-8")) > MAX_SAVE_BYTES and self.data.snapshot is not None:
            self.data.snapshot = None
            if _BIG not in self.warnings:
                self.warnings.append(_BIG)
            text = self.data.model_dump_json(indent=None, exclude_none=False) + "\n"
        return text


_BIG = ("The save would be too big with its debrief snapshot, so it is saved without one; "
        "the debrief will replay the pack instead.")


class SaveConflict(OSError):
    """Another process wrote the save since this one read or wrote it: it is not overwritten."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EBUSY, "another sysplay has written this save since this game opened it, so it is "
                                      f"not overwritten; to keep your turns, fork it (sysplay resume "
                                      f"{shlex.quote(str(path))} --from-turn N)", str(path))


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What identifies a file's contents as last written: (inode, size, modified ns); None if it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in one clean line."""
    return clean_line(exc.strerror or str(exc) or type(exc).__name__)


def _source(source: str, pack: Pack) -> str:
    """Where the pack came from, as the save records it (the pack's id if the path is too long to keep)."""
    source = clean_text(source)
    return source if source and len(source) <= MAX_SHORT else pack.meta.id


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


def engine_mismatch(save: SaveFile) -> str | None:
    """Why a save made by another engine version cannot be played on (None when it was made by this one)."""
    if save.engine == ENGINE_VERSION:
        return None
    made = f"engine version {save.engine}" if save.engine else "an older sysplay"
    return (f"this save was made by {made}, and this sysplay runs engine version {ENGINE_VERSION}, which plays "
            "differently, so its turns cannot be replayed, resumed or forked here")


def replay(save: SaveFile, pack: Pack, *, upto: int | None = None) -> ReplayReport:
    """Re-run every decision and check every state hash; stop at the first divergence.

    A save made by another engine version is not replayed at all: the report says why.

    Args:
        save: The save.
        pack: The pack to replay against.
        upto: Replay only the first ``upto`` turns.
    """
    other = engine_mismatch(save)
    if other is not None and save.turns:
        if save.snapshot is not None:
            other += "; 'sysplay debrief' still opens its debrief from the snapshot stored in it"
        return ReplayReport(False, 0, other, None, 1)
    try:
        g = Game(pack, seed=save.seed, difficulty=save.difficulty)
    except SysplayError as exc:
        return ReplayReport(False, 0, f"{exc}, which this save was played at", None, 1)
    changed = pack.content_hash != save.pack.content_hash
    if changed:
        why = ("the pack has changed since this save was made "
               f"(pack content {pack.content_hash[:12]}, save made with {save.pack.content_hash[:12]})")
    else:
        why = "the save has been edited since it was made"
    turns = save.turns if upto is None else save.turns[:upto]
    for rec in turns:
        try:
            apply_actions(g, save.actions, rec.turn)
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


def apply_action(g: Game, action: FacilitatorAction) -> None:
    """Give one recorded facilitator order to the game (it must be planning the action's turn)."""
    if action.kind == "inject":
        g.inject_event(action.event)
    elif action.kind == "skip":
        g.skip_event(action.event)
    elif action.kind == "delay":
        g.delay_event(action.event, action.turns)
    else:
        g.override_roll(action.event, 0.0 if action.roll is None else action.roll)


def apply_actions(g: Game, actions: list[FacilitatorAction], turn: int) -> None:
    """Give the facilitator orders recorded for ``turn``, in the order given."""
    for action in actions:
        if action.turn == turn:
            apply_action(g, action)


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
    as_read = file_state(path)
    save = read_save(path)
    if from_turn is None:
        report = replay(save, pack)
        if not report.ok or report.game is None:
            raise SysplayError(f"{path}: cannot resume: {report.message}")
        if not report.game.finished:  # orders given for the turn being planned when the save was left
            apply_actions(report.game, save.actions, report.game.turn)
        pt = Playthrough(report.game, path, save, pack_changed=pack.content_hash != save.pack.content_hash)
        try:
            pt.hold()
        except SaveLocked as exc:
            raise SaveLocked(path, exc.holder, fork_turn=len(save.turns) + 1) from None
        pt._written = as_read
        return pt
    return fork(save, path, pack, from_turn, save_dir if save_dir is not None else path.parent)


def _new_save(game: Game, save_id: str, *, mode: str, player: str, source: str) -> SaveFile:
    """The save of a new playthrough of ``game`` (its pack, seed and difficulty), with no turns yet."""
    pack = game.pack
    return SaveFile(
        format=FORMAT, version=VERSION, min_reader=MIN_READER, app_version=__version__, engine=ENGINE_VERSION,
        save_id=save_id, created=_now(), player=player, mode=mode,
        pack=PackRef(id=pack.meta.id, version=pack.meta.version, content_hash=pack.content_hash,
                     title=pack.meta.title, source=_source(source, pack)),
        seed=game.seed, difficulty=game.difficulty,
    )


def fork(save: SaveFile, path: Path | None, pack: Pack, from_turn: int, save_dir: Path | None) -> Playthrough:
    """A new playthrough with the same seed and the save's decisions before ``from_turn``."""
    # A branch of a game that has ended must start at a turn it played: one after the last would replay to
    # the same ending and leave nothing to play.
    last = len(save.turns) if save.ending is not None else len(save.turns) + 1
    if not 1 <= from_turn <= last:
        ended = (f": its game ended after turn {len(save.turns)}, so a branch starts at a turn it played"
                 if save.ending is not None else "")
        raise SysplayError(f"--from-turn must be between 1 and {last} for this save{ended}")
    report = replay(save, pack, upto=from_turn - 1)
    if not report.ok or report.game is None:
        raise SysplayError(f"cannot fork: {report.message}")
    where = clean_text(str(path or ""))
    child = Playthrough.carrying_on(
        save, report.game, turns=save.turns[: from_turn - 1], notes=[n for n in save.notes if n.turn < from_turn],
        votes=[v for v in save.votes if v.turn < from_turn], actions=[a for a in save.actions if a.turn < from_turn],
        parent=Parent(save_id=save.save_id, path=where if len(where) <= MAX_SHORT else "", turn=from_turn))
    if save_dir is not None:
        child.path = save_dir / f"{child.data.save_id}.json"
    child.hold()
    child.save()
    return child
