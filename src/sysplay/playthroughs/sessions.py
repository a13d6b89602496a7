"""Starting, reopening and rewinding playthroughs, and the saves as a list: what the screens call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sysplay.playthroughs.save import Playthrough
    from sysplay.scenarios.models import Pack


@dataclass(frozen=True)
class SaveEntry:
    """A save as the title screen lists it (or one that cannot be read, with why)."""

    path: Path
    title: str
    summary: str
    detail: str
    finished: bool
    error: str = ""


def start(spec: str, seed: int, save_dir: Path | None, difficulty: str | None = None, *, facilitator: bool = False,
          team: str = "") -> Playthrough:
    """A new playthrough of a pack at a difficulty (None: the pack's default).

    Saved in ``save_dir`` after every turn; facilitated, it is named by ``team``.
    """
    from sysplay.playthroughs.save import Playthrough
    from sysplay.scenarios.loader import load_pack

    return Playthrough.start(load_pack(spec), seed, save_dir, source=spec, difficulty=difficulty,
                             mode="facilitator" if facilitator else "practice", player=team)


def open_save(path: Path, *, from_turn: int | None = None, save_dir: Path | None = None,
              pack_spec: str | None = None) -> Playthrough:
    """Reopen a save to play on (replay-verified), or fork it at the start of ``from_turn``.

    ``pack_spec`` names the pack when it is not the one the save remembers (``--pack``).
    """
    from sysplay.playthroughs.files import find_pack
    from sysplay.playthroughs.save import read_save, resume

    pack = find_pack(read_save(path), path, pack_spec).required(path)
    return resume(path, pack, from_turn=from_turn, save_dir=save_dir if from_turn else None)


def rewind(pt: Playthrough, turn: int, save_dir: Path | None) -> Playthrough:
    """A new branch of ``pt`` from the start of ``turn``; ``pt`` itself is left as it is."""
    from sysplay.playthroughs.save import fork, resume

    pack = pt.game.pack
    if pt.path is not None and pt.path.exists():
        return resume(pt.path, pack, from_turn=turn, save_dir=save_dir or pt.path.parent)
    return fork(pt.data, None, pack, turn, save_dir)


def played(pt: Playthrough) -> list[str]:
    """What was done in each finished turn, in words (for the rewind list)."""
    pack = pt.game.pack
    out = []
    for rec in pt.data.turns:
        parts = []
        if rec.answer is not None:
            parts.append(f"decided '{_choice_label(pack, rec.answer.dilemma, rec.answer.choice)}'")
        for mv in rec.moves:
            name = _name(pack, mv.do)
            who = ", ".join(_actor(pack, t) for t in mv.target)
            parts.append(f"{name} → {who}" if who else name)
        out.append("; ".join(parts) or "no moves")
    return out


def _name(pack: Pack, iv_id: str) -> str:
    try:
        return pack.intervention(iv_id).name
    except KeyError:
        return iv_id


def _actor(pack: Pack, actor_id: str) -> str:
    try:
        return pack.actor(actor_id).display_name
    except KeyError:
        return actor_id


def _choice_label(pack: Pack, dilemma: str, choice: str) -> str:
    try:
        return next(c.label for c in pack.event(dilemma).choices if c.id == choice)
    except (KeyError, StopIteration):
        return choice


def discard_if_unplayed(pt: Playthrough) -> bool:
    """Delete the save of a playthrough left before its first turn ended; return whether it was deleted.

    Only with no notes, votes or facilitator actions, and not a branch the player asked for: so the title
    screen lists no "0 turns played" saves.
    """
    d = pt.data
    if pt.path is None or d.turns or d.notes or d.votes or d.actions or d.parent is not None:
        return False
    pt.close()
    try:
        pt.path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def saved_when(stamp: str) -> str:
    """A save's UTC time stamp as people write dates ("2 Dec 2026, 15:11 UTC"); "" if it cannot be read."""
    from datetime import datetime

    try:
        t = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return ""
    return f"{t.day} {t:%b %Y, %H:%M} UTC"


def list_saves(folder: Path) -> list[SaveEntry]:
    """The saves in ``folder``, newest first, described for the title screen."""
    from sysplay.playthroughs.files import list_saves as core_list

    out = []
    for path, save, error in core_list(folder):
        if save is None:
            out.append(SaveEntry(path, path.name, "", "", False, error))
            continue
        turns = len(save.turns)
        state = f"ended ({save.ending.replace('_', ' ')})" if save.ending else \
            f"{turns} turn{'s' if turns != 1 else ''} played"
        fork = f"A branch of {save.parent.save_id}, from turn {save.parent.turn}.\n" if save.parent else ""
        notes = f"{len(save.notes)} journal note{'s' if len(save.notes) != 1 else ''}.\n" if save.notes else ""
        team = f"{save.player}, " if save.player else ""
        when = saved_when(save.updated or save.created)
        summary = f"{team}seed {save.seed}, {state}" + (", a branch" if save.parent else "") + (f" · {when}" if when else "")
        detail = (f"Seed {save.seed}; {state}.\n{fork}{notes}Saved as {path.name}; last saved "
                  f"{when or save.updated or save.created}.")
        out.append(SaveEntry(path, save.pack.title or save.pack.id, summary, detail, save.ending is not None))
    return out
