"""Headless play (`sysplay run`): a persona or a choices file plays a pack; a transcript goes to stdout."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from sysplay.engine.game import Game, TurnResult
from sysplay.engine.personas import play_turn
from sysplay.engine.transcript import ending_lines, header, turn_lines
from sysplay.errors import Issue, PackError, RefusedMove, SysplayError
from sysplay.fsutil import check_output
from sysplay.playthroughs.save import Playthrough, os_reason
from sysplay.sanitize import clean_line
from sysplay.scenarios.fields import Id, PackModel
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.messages import friendly
from sysplay.scenarios.models import Move
from sysplay.scenarios.yamlsafe import load_yaml_file


@dataclass
class Choices:
    """A choices file: moves turn by turn, and standing answers to dilemmas.

    Attributes:
        turns: One list of moves per turn (a turn's ``answer`` entries answer that turn's dilemma).
        answers: ``dilemma id -> choice id``: the answer whenever that dilemma waits and the turn's
            own moves do not answer it (what ``sysplay simulate``'s fixed scripts use).
    """

    turns: list[list[Move]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)

    def turn(self, number: int) -> list[Move]:
        """The moves for turn ``number`` (1-based; none past the end of the file)."""
        return self.turns[number - 1] if number - 1 < len(self.turns) else []


def load_choices(path: Path) -> Choices:
    """Read a choices file: ``turns:``, a list with one list of moves per turn, and optional ``answers:``.

    Raises:
        PackError: with a position when the file is malformed.
    """
    doc = load_yaml_file(path, str(path))
    extra = sorted(set(doc.data) - {"turns", "answers"})
    if extra:
        line, col = doc.key_position((extra[0],))
        raise PackError.at(doc.path, line, col,
                           f"unknown key '{extra[0]}'; a choices file holds only 'turns' and 'answers'")
    try:
        model = _ChoicesFile.model_validate(doc.data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if p != "[key]")
            line, col = doc.key_position(loc) if err["type"] == "extra_forbidden" else doc.position(loc)
            issues.append(Issue(doc.path, line, col, friendly(_ChoicesFile, err, ".".join(map(str, loc)))))
        raise PackError(issues) from None
    return Choices([list(turn) for turn in model.turns], dict(model.answers))


class _ChoicesFile(PackModel):
    """A choices file as validated (its errors worded as a pack's are)."""

    turns: tuple[tuple[Move, ...], ...] = ()
    answers: dict[Id, Id] = {}


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


def answer_waiting(g: Game, answers: dict[str, str]) -> list[str]:
    """Answer a dilemma the turn's moves left unanswered: with its standing answer, else its first choice.

    Returns notes about what was done.
    """
    waiting = g.pending_dilemma
    if waiting is None or g.answer_given is not None:
        return []
    notes = []
    standing = answers.get(waiting)
    if standing is not None:
        try:
            g.answer(standing)
            return []
        except RefusedMove as exc:
            notes.append(f"Refused in turn {g.turn}: answers.{waiting}: {exc}")
    first = g.pack.event(waiting).choices[0].id
    notes.append(f"No answer given to '{waiting}'; taking the first choice, '{first}'.")
    g.answer(first)
    return notes


def play_through(g: Game, persona: str | None, script: Choices | None, out: TextIO | None = None,
                 end_turn: Callable[[], TurnResult] | None = None) -> None:
    """Play ``g`` to its end with a persona, or with a script.

    A dilemma left unanswered gets the script's standing answer, or else its first choice.
    """
    while not g.finished:
        notes: list[str] = []
        if script is not None:
            notes = apply_scripted_turn(g, script.turn(g.turn), f" in turn {g.turn}")
            notes += answer_waiting(g, script.answers)
        else:
            play_turn(g, persona or "random")
        result = end_turn() if end_turn is not None else g.end_turn()
        if out is not None:
            for line in [*notes, *turn_lines(g, result)]:
                out.write(line + "\n")


def fast_forward(pt: Playthrough, from_turn: int, choices: Path | None, plays_on: str | None = "you") -> list[str]:
    """Play the choices file's moves for every turn before ``from_turn`` (no moves where it has none).

    Args:
        pt: The playthrough, at its start.
        from_turn: The first turn not played from the file.
        choices: The choices file (None: empty turns).
        plays_on: Who plays from ``from_turn`` ("you", "persona random"); when the file has moves
            for those turns, a note says they are not played. None when the file itself plays on.

    Returns notes about refused moves, unanswered dilemmas and the file's turns left unplayed.

    Raises:
        SysplayError: ``from_turn`` is past the end of the game.
    """
    if not 1 <= from_turn <= pt.game.pack.meta.turns:
        raise SysplayError(f"--from-turn must be between 1 and {pt.game.pack.meta.turns}")
    script = load_choices(choices) if choices else Choices()
    notes: list[str] = []
    g = pt.game
    while g.turn < from_turn and not g.finished:
        notes += apply_scripted_turn(g, script.turn(g.turn), f" in turn {g.turn}")
        notes += answer_waiting(g, script.answers)
        with contextlib.suppress(OSError):  # noted in pt.save_error; the caller says so, the next save catches up
            pt.end_turn()
    later = [n for n in range(from_turn, len(script.turns) + 1) if script.turn(n)]
    if later and plays_on is not None:
        label = g.pack.meta.turn_label
        span = f"{label} {later[0]}" if len(later) == 1 else f"{label}s {later[0]} to {later[-1]}"
        notes.append(f"The choices file's moves for {span} are not played: {plays_on} "
                     f"{'play' if plays_on == 'you' else 'plays'} from {label} {from_turn}.")
    return notes


def run_headless(pack_spec: str, *, seed: int, persona: str | None, choices: Path | None, save: Path | None,
                 out: TextIO, from_turn: int | None = None, errors: TextIO | None = None,
                 difficulty: str | None = None) -> int:
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
    pt = Playthrough.start(pack, seed, None, mode="headless", source=pack_spec, path=save, tolerant=True,
                           difficulty=difficulty)
    errors = errors if errors is not None else sys.stderr
    _report_save(pt, errors)
    g = pt.game
    for line in header(g, who):
        out.write(line + "\n")
    if from_turn is not None:
        for note in fast_forward(pt, from_turn, choices, f"persona {persona}" if persona else None):
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
