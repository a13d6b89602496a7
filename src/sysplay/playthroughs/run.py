"""Headless play (`sysplay run`): a persona or a choices file plays a pack; a transcript goes to stdout."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from pydantic import TypeAdapter, ValidationError

from sysplay.engine.game import Game, TurnResult
from sysplay.engine.personas import play_turn
from sysplay.engine.transcript import ending_lines, header, turn_lines
from sysplay.errors import Issue, PackError, RefusedMove, SysplayError
from sysplay.fsutil import check_output
from sysplay.playthroughs.save import Playthrough, os_reason
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.models import Move
from sysplay.scenarios.sanitize import clean_line
from sysplay.scenarios.yamlsafe import load_yaml_file

_TURNS = TypeAdapter(list[list[Move]])


def load_choices(path: Path) -> list[list[Move]]:
    """Read a choices file: ``turns:``, a list with one list of moves per turn.

    Raises:
        PackError: with a position when the file is malformed.
    """
    doc = load_yaml_file(path, str(path))
    extra = sorted(set(doc.data) - {"turns"})
    if extra:
        line, col = doc.key_position((extra[0],))
        raise PackError.at(doc.path, line, col, f"unknown key '{extra[0]}'; a choices file holds only 'turns'")
    try:
        return _TURNS.validate_python(doc.data.get("turns", []))
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False, include_input=False):
            loc = ("turns", *err["loc"])
            line, col = doc.position(loc)
            issues.append(Issue(doc.path, line, col, f"{'.'.join(map(str, loc))}: {err['msg']}"))
        raise PackError(issues) from None


def apply_scripted_turn(g: Game, moves: list[Move], where: str = "") -> list[str]:
    """Apply one turn of scripted moves (answers first); return notes about refused moves."""
    notes = []
    for mv in sorted(moves, key=lambda m: m.answer is None):
        try:
            if mv.answer is not None:
                g.answer(mv.answer)
            else:
                assert mv.do is not None
                g.plan(mv.do, mv.targets)
        except RefusedMove as exc:
            notes.append(f"Refused{where}: {mv.do or mv.answer}: {exc}")
    return notes


def play_through(g: Game, persona: str | None, script: list[list[Move]] | None, out: TextIO | None = None,
                 end_turn: Callable[[], TurnResult] | None = None) -> None:
    """Play ``g`` to its end with a persona, or with a script (the first choice answers unanswered dilemmas)."""
    while not g.finished:
        notes: list[str] = []
        if script is not None:
            turn_moves = script[g.turn - 1] if g.turn - 1 < len(script) else []
            notes = apply_scripted_turn(g, turn_moves, f" in turn {g.turn}")
            if g.pending_dilemma is not None and g.answer_given is None:
                first = g.pack.event(g.pending_dilemma).choices[0].id
                notes.append(f"No answer given to '{g.pending_dilemma}'; taking the first choice, '{first}'.")
                g.answer(first)
        else:
            play_turn(g, persona or "random")
        result = end_turn() if end_turn is not None else g.end_turn()
        if out is not None:
            for line in [*notes, *turn_lines(g, result)]:
                out.write(line + "\n")


def fast_forward(pt: Playthrough, from_turn: int, choices: Path | None) -> list[str]:
    """Play the choices file's moves for every turn before ``from_turn`` (no moves where it has none).

    Returns notes about refused moves and unanswered dilemmas.

    Raises:
        SysplayError: ``from_turn`` is past the end of the game.
    """
    if not 1 <= from_turn <= pt.game.pack.meta.turns:
        raise SysplayError(f"--from-turn must be between 1 and {pt.game.pack.meta.turns}")
    script = load_choices(choices) if choices else []
    notes: list[str] = []
    g = pt.game
    while g.turn < from_turn and not g.finished:
        moves = script[g.turn - 1] if g.turn - 1 < len(script) else []
        notes += apply_scripted_turn(g, moves, f" in turn {g.turn}")
        if g.pending_dilemma is not None and g.answer_given is None:
            first = g.pack.event(g.pending_dilemma).choices[0].id
            notes.append(f"No answer given to '{g.pending_dilemma}'; taking the first choice, '{first}'.")
            g.answer(first)
        with contextlib.suppress(OSError):  # noted in pt.save_error; the caller says so, the next save catches up
            pt.end_turn()
    return notes


def run_headless(pack_spec: str, *, seed: int, persona: str | None, choices: Path | None, save: Path | None,
                 out: TextIO, from_turn: int | None = None, errors: TextIO | None = None) -> int:
    """Play a pack headless and write the transcript; return the exit status.

    With ``from_turn``, the choices file (if any) plays the turns before it silently, and the
    transcript starts there; the persona (or the rest of the choices file) plays on.
    """
    if save is not None:
        try:
            check_output(save)
        except OSError as exc:
            raise SysplayError(f"cannot save to {clean_line(str(save))}: {os_reason(exc)}") from None
    pack = load_pack(pack_spec)
    script = load_choices(choices) if choices else None
    who = f"persona {persona}" if persona else (f"choices {choices}" if choices else "persona random")
    pt = Playthrough.start(pack, seed, None, mode="headless", source=pack_spec, path=save, tolerant=True)
    errors = errors if errors is not None else sys.stderr
    _report_save(pt, errors)
    g = pt.game
    for line in header(g, who):
        out.write(line + "\n")
    if from_turn is not None:
        for note in fast_forward(pt, from_turn, choices):
            out.write(note + "\n")
        out.write(f"(Turns 1 to {from_turn - 1} played from {'the choices file' if choices else 'an empty diary'}.)\n\n")
    # A persona plays on if named; otherwise the choices file, or random play when there is neither.
    player = persona if persona is not None or script is not None else "random"
    play_through(g, player, None if persona is not None else script, out, lambda: _end_turn(pt, errors))
    for line in ending_lines(g):
        out.write(line + "\n")
    if save is not None:
        if pt.save_error:
            errors.write(f"sysplay: error: the playthrough was not saved to {clean_line(str(save))}: "
                         f"{pt.save_error}\n")
            return 1
        out.write(f"\nSaved to {clean_line(str(save))}\n")
    return 0


def _end_turn(pt: Playthrough, errors: TextIO) -> TurnResult:
    """End the turn; a save that fails is reported on ``errors`` and caught up by a later one."""
    try:
        return pt.end_turn()
    except OSError:
        _report_save(pt, errors)
        return pt.game.results[-1]


def _report_save(pt: Playthrough, errors: TextIO) -> None:
    if pt.save_error:
        turn = len(pt.data.turns)
        when = f"after turn {turn}" if turn else "at the start"
        errors.write(f"sysplay run: not saved {when}: {pt.save_error}; playing on, and trying again after "
                     "the next turn\n")
