"""Opening a save for the debrief: read it, find its pack, verify or rebuild its snapshot, say how.

Every failure is a positioned :class:`~sysplay.errors.PackError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sysplay.debrief.analysis import analyse
from sysplay.debrief.facts import PackInfo
from sysplay.debrief.models import Debrief
from sysplay.errors import Issue, PackError
from sysplay.playthroughs.files import find_pack
from sysplay.playthroughs.models import SaveFile
from sysplay.playthroughs.save import engine_mismatch, read_save, replay
from sysplay.playthroughs.snapshot import DebriefSnapshot, snapshot_of
from sysplay.sanitize import clean_line
from sysplay.scenarios.models import Pack
from sysplay.scenarios.vocab import HIDDEN_FACTS

MAX_TIMELINE = 1001


@dataclass
class Opened:
    """A save ready to debrief."""

    path: Path
    save: SaveFile
    snap: DebriefSnapshot
    info: PackInfo = field(default_factory=PackInfo)
    notices: list[str] = field(default_factory=list)
    source: str = "snapshot"

    def debrief(self) -> Debrief:
        """Analyse it."""
        return analyse(self.save, self.snap, info=self.info, notices=self.notices, source=self.source)


def snapshot_info(snap: DebriefSnapshot) -> PackInfo:
    """Each move's capital cost and cooldown, as stored in the snapshot (saves from 0.1 on)."""
    return PackInfo(capital={i.id: float(i.capital) for i in snap.interventions},
                    cooldown={i.id: int(i.cooldown) for i in snap.interventions})


def pack_info(pack: Pack) -> PackInfo:
    """Each move's capital cost and cooldown, from the pack."""
    return PackInfo(capital={i.id: float(i.capital) for i in pack.interventions},
                    cooldown={i.id: int(i.cooldown) for i in pack.interventions})


def validate_snapshot(raw: dict[str, Any], shown: str) -> DebriefSnapshot:
    """Validate a save's stored snapshot (untrusted JSON) and check that its parts agree."""
    try:
        snap = DebriefSnapshot.model_validate(raw)
    except ValidationError as exc:
        raise PackError([Issue(shown, 1, 1, f"snapshot.{'.'.join(map(str, e['loc']))}: {e['msg']}")
                         for e in exc.errors(include_url=False, include_input=False)[:20]]) from None
    except RecursionError:
        raise PackError.at(shown, 1, 1, "snapshot: nested too deeply") from None
    check_snapshot(snap, shown)
    return snap


def check_snapshot(snap: DebriefSnapshot, shown: str) -> None:
    """Refuse a snapshot whose parts do not fit together (the debrief relies on it)."""
    problems = list(_problems(snap))
    if problems:
        raise PackError([Issue(shown, 1, 1, f"snapshot.{p}") for p in problems[:20]])


def _problems(snap: DebriefSnapshot) -> Any:
    n = len(snap.actors)
    if n == 0:
        yield "actors: a playthrough needs at least one actor"
    if not snap.timeline:
        yield "timeline: there must be at least the starting state (turn 0)"
    if len(snap.timeline) > MAX_TIMELINE:
        yield f"timeline: more than {MAX_TIMELINE - 1} turns"
    own = {f for facts in snap.facts.values() for f in facts}
    for k, t in enumerate(snap.timeline[:MAX_TIMELINE]):
        if t.turn != k:
            yield f"timeline.{k}.turn: expected turn {k}, found {t.turn}"
        for name in ("stance", "trust", "anxiety", "stage"):
            if len(getattr(t, name)) != n:
                yield f"timeline.{k}.{name}: {len(getattr(t, name))} values for {n} actors"
        if t.known and len(t.known) != n:
            yield f"timeline.{k}.known: {len(t.known)} entries for {n} actors"
        if any(f not in HIDDEN_FACTS and f not in own for facts in t.known for f in facts):
            yield f"timeline.{k}.known: unknown fact"
        if any(not 0 <= s <= 4 for s in t.stage):
            yield f"timeline.{k}.stage: stages run from 0 to 4"
    for name in ("ties_start", "ties_end"):
        ties = getattr(snap, name)
        lengths = {len(ties.i), len(ties.j), len(ties.trust), len(ties.strength), len(ties.known)}
        if len(lengths) != 1:
            yield f"{name}: the tie lists differ in length"
        if any(not 0 <= v < n for v in (*ties.i, *ties.j)):
            yield f"{name}: a tie names an actor that does not exist"


def open_save(path: Path, pack_spec: str | None = None) -> Opened:
    """Read a save, verify or rebuild its snapshot, and note anything the reader should know.

    With the pack at hand and unchanged, the save is replayed and the snapshot rebuilt from the verified
    game; a changed or missing pack means the snapshot stored in the save is used, and the debrief says so.

    Raises:
        PackError: the save (or its snapshot) is unreadable, or nothing is left to debrief from.
    """
    shown = str(path)
    save = read_save(path)
    stored = validate_snapshot(save.snapshot, shown) if save.snapshot is not None else None
    other = engine_mismatch(save)
    if other is not None and save.turns:
        if stored is None:
            raise PackError.at(shown, 1, 1, f"nothing to debrief: {other}, and it has no stored snapshot")
        return Opened(path, save, stored, snapshot_info(stored), [f"{other[0].upper()}{other[1:]}. This debrief uses "
                                                                  "the snapshot stored in the save."])
    found = find_pack(save, path, pack_spec)
    pack, why, set_aside = found.pack, found.why, found.set_aside
    notices: list[str] = [f"Note: {set_aside}."] if set_aside else []
    if pack is None:
        if stored is None:
            raise PackError.at(shown, 1, 1, "this save has no debrief snapshot (it was made by an older sysplay) and "
                                            f"its pack {why or 'is not named'}; give the pack with --pack")
        return Opened(path, save, stored, snapshot_info(stored), [*notices, f"The pack {why or 'was not found'}; this "
                      "debrief uses the snapshot stored in the save, so it shows what the save recorded but could not "
                      "re-check it."])
    changed = pack.content_hash != save.pack.content_hash or pack.meta.id != save.pack.id
    if changed and stored is not None:
        notices.append(f"The pack has changed since this save was made (pack content {pack.content_hash[:12]}, save "
                       f"made with {save.pack.content_hash[:12]}); this debrief uses the snapshot stored in the save.")
        return Opened(path, save, stored, notices=notices)
    opened = _replayed(path, save, pack, stored, changed)
    opened.notices[:0] = notices
    return opened


def _replayed(path: Path, save: SaveFile, pack: Pack, stored: DebriefSnapshot | None, changed: bool) -> Opened:
    shown = str(path)
    report = replay(save, pack)
    info = (snapshot_info(stored) if stored is not None else PackInfo()) if changed else pack_info(pack)
    if report.ok and report.game is not None:
        snap = snapshot_of(report.game)
        check_snapshot(snap, shown)
        note = ["The pack has changed since this save was made, but every turn still replays."] if changed else []
        if stored is None and save.turns:
            note.append("This save has no stored snapshot (an older save); the debrief was rebuilt by replaying it.")
        elif not save.turns:
            note.append("No turn has been played yet.")
        return Opened(path, save, snap, info, note, "replay")
    message = f"This save does not replay to its recorded states: {clean_line(report.message)}."
    if stored is not None:
        return Opened(path, save, stored, snapshot_info(stored), [message + " The debrief uses the snapshot stored in the save, "
                                                       "which could not be checked."])
    if report.game is not None and report.turns_checked > 0:
        snap = snapshot_of(report.game)
        check_snapshot(snap, shown)
        return Opened(path, save, snap, info, [message + f" Only the first {report.turns_checked} turns are shown."],
                      "replay")
    raise PackError.at(shown, 1, 1, f"nothing to debrief: {message[0].lower()}{message[1:]}")
