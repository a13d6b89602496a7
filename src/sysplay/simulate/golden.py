"""`sysplay test`: a pack's own golden playthroughs, their expectations and approved transcripts."""

from __future__ import annotations

import difflib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.engine.transcript import ending_lines, header, turn_lines
from sysplay.fsutil import read_regular
from sysplay.playthroughs.run import apply_scripted_turn
from sysplay.sanitize import clean_line
from sysplay.scenarios.models import GoldenTest, Move, Pack

#: Largest approved transcript read (a transcript of a long pack is a few hundred kilobytes).
MAX_TRANSCRIPT = 5_000_000
#: Most diff lines printed for one test.
MAX_DIFF_LINES = 200


@dataclass
class GoldenResult:
    """What one golden test found.

    Attributes:
        name: The test's name.
        where: ``path:line:col`` of the test in the pack, when known.
        failures: Why it failed (empty when it passed).
        notes: Things worth knowing that are not failures (a dilemma answered by default).
        diff: A unified diff between the approved and the new transcript.
        updated: The approved transcript was written by ``--update``.
    """

    name: str
    where: str = ""
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    updated: str = ""

    @property
    def passed(self) -> bool:
        """True when nothing failed."""
        return not self.failures


def run_tests(pack: Pack, *, update: bool = False) -> list[GoldenResult]:
    """Run every golden test of ``pack`` (a Python API for writers' own test suites)."""
    return [run_test(pack, i, test, update=update) for i, test in enumerate(pack.tests)]


def run_test(pack: Pack, index: int, test: GoldenTest, *, update: bool = False) -> GoldenResult:
    """Play one golden test and check what it produced."""
    result = GoldenResult(test.name, _where(pack, index))
    g = Game(pack, test.seed, record=test.transcript is not None, difficulty=test.difficulty)
    out = io.StringIO() if test.transcript is not None else None
    if out is not None:
        who = f"persona {test.persona}" if test.persona else "scripted moves"
        out.write("\n".join(header(g, who)) + "\n")
    refused = _play(g, test, out, result.notes)
    result.failures += refused
    result.failures += check_expectations(g, test)
    if out is not None:
        out.write("\n".join(ending_lines(g)) + "\n")
        _compare_transcript(pack, test, out.getvalue(), result, update)
    return result


def _where(pack: Pack, index: int) -> str:
    origin = getattr(pack, "_origin", None)
    if origin is None:
        return ""
    issue = origin.locate(("tests", index))
    return f"{clean_line(issue.path)}:{issue.line}:{issue.col}"


def _play(g: Game, test: GoldenTest, out: TextIO | None, notes: list[str]) -> list[str]:
    """Play the test to its end (as ``sysplay run`` does); return refused scripted moves."""
    refused: list[str] = []
    while not g.finished:
        turn_notes: list[str] = []
        if test.moves is not None:
            moves = list(test.moves[g.turn - 1]) if g.turn - 1 < len(test.moves) else []
            moves = _drop_wrong_answers(g, moves, turn_notes)
            turn_notes += apply_scripted_turn(g, moves, f" in turn {g.turn}")
            refused += [n for n in turn_notes if n.startswith("Refused")]
            if g.pending_dilemma is not None and g.answer_given is None:
                first = g.pack.event(g.pending_dilemma).choices[0].id
                turn_notes.append(f"No answer given to '{g.pending_dilemma}'; taking the first choice, '{first}'.")
                notes.append(f"turn {g.turn}: no answer given to '{g.pending_dilemma}', so the first choice was taken")
                g.answer(first)
        else:
            play_turn(g, test.persona or "random")
        r = g.end_turn()
        if out is not None:
            out.write("\n".join([*turn_notes, *turn_lines(g, r)]) + "\n")
    return refused


def _drop_wrong_answers(g: Game, moves: list[Move], notes: list[str]) -> list[Move]:
    """Refuse an answer meant for a dilemma other than the one waiting (the script has drifted)."""
    kept = []
    for mv in moves:
        if mv.answer is not None and mv.dilemma is not None and mv.dilemma != g.pending_dilemma:
            waiting = f"'{g.pending_dilemma}' is waiting" if g.pending_dilemma else "no dilemma is waiting"
            notes.append(f"Refused in turn {g.turn}: {mv.answer}: it answers '{mv.dilemma}', but {waiting}")
        else:
            kept.append(mv)
    return kept


def check_expectations(g: Game, test: GoldenTest) -> list[str]:
    """Every way the finished game misses the test's expectations, in plain English."""
    exp, s, pack = test.expect, g.state, g.pack
    tones = {e.id: e.tone for e in pack.endings}
    ending = s.ending or "(none)"
    got = f"{ending} ({tones.get(ending, '?')})"
    out = []
    if exp.ending is not None and ending != exp.ending:
        out.append(f"ending: expected {exp.ending}, got {got}")
    if exp.ending_in is not None and ending not in exp.ending_in:
        out.append(f"ending: expected one of {', '.join(exp.ending_in)}, got {got}")
    if exp.tone is not None and tones.get(ending) != exp.tone:
        out.append(f"tone: expected {exp.tone}, got {got}")
    outcome = g.outcome().composite
    if exp.outcome is not None and not exp.outcome[0] <= outcome <= exp.outcome[1]:
        out.append(f"outcome: {outcome:.3f} is outside [{exp.outcome[0]:g}, {exp.outcome[1]:g}]")
    for sid, (lo, hi) in exp.metrics.items():
        value = s.stocks[sid]
        if not lo <= value <= hi:
            out.append(f"{sid}: {value:.1f} is outside [{lo:g}, {hi:g}]")
    for eid in exp.events:
        if not s.fired.get(eid):
            out.append(f"event {eid} never fired")
    for eid in exp.not_events:
        if s.fired.get(eid):
            out.append(f"event {eid} fired ({s.fired[eid]} time(s), last in turn {s.last_fired.get(eid, '?')})")
    return out


def transcript_path(pack: Pack, test: GoldenTest) -> Path:
    """Where the test's approved transcript lives, confined to the pack's folder.

    Raises:
        ValueError: the pack has no folder, or the path leaves it.
    """
    assert test.transcript is not None
    if pack.source_path is None:
        raise ValueError("a transcript needs a pack loaded from a folder")
    root = pack.source_path.parent.resolve()
    target = (root / test.transcript).resolve()
    if Path(test.transcript).is_absolute() or not target.is_relative_to(root) or target == root:
        raise ValueError(f"transcript '{test.transcript}' is outside the pack folder")
    return target


def _compare_transcript(pack: Pack, test: GoldenTest, new: str, result: GoldenResult, update: bool) -> None:
    try:
        path = transcript_path(pack, test)
    except ValueError as exc:
        result.failures.append(str(exc))
        return
    rel = test.transcript or ""
    old = None
    if path.exists():
        try:
            data = read_regular(path, MAX_TRANSCRIPT)  # never blocks on a FIFO
            if len(data) > MAX_TRANSCRIPT:
                raise ValueError(f"it is larger than {MAX_TRANSCRIPT:,} bytes")
            old = data.decode("utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            result.failures.append(f"cannot read the approved transcript {rel}: {exc}")
            return
    if old == new:
        return
    if old is not None:
        result.diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{rel} (approved)",
                                                f"{rel} (this run)", lineterm="", n=2))
    if update:
        from sysplay.fsutil import write_text_atomic

        try:
            write_text_atomic(path, new)
        except OSError as exc:
            result.failures.append(f"cannot write the approved transcript {rel}: {exc.strerror or exc}")
            return
        result.updated = f"{'re-approved' if old is not None else 'approved'} {rel}"
    elif old is None:
        result.failures.append(f"no approved transcript at {rel}; run with --update to approve this run's")
    else:
        result.failures.append(f"transcript differs from the approved {rel} (diff below; --update re-approves it)")


def run_golden(pack_spec: str, *, update: bool, out: TextIO | None = None) -> int:
    """Run a pack's golden tests and print a line per test; 0 if all pass, 1 if any fails."""
    from sysplay.scenarios.loader import load_pack

    out = out or sys.stdout
    pack = load_pack(pack_spec)
    if not pack.tests:
        out.write(f"{pack.meta.id}: no golden tests (add some under 'tests:'; see docs/pack-format.md#tests)\n")
        return 0
    results = run_tests(pack, update=update)
    for res in results:
        _print(res, out)
    failed = sum(not r.passed for r in results)
    out.write(f"{len(results) - failed} passed, {failed} failed\n")
    return 1 if failed else 0


def _print(res: GoldenResult, out: TextIO) -> None:
    where = f"{res.where}: " if res.where else ""
    out.write(f"{'PASS' if res.passed else 'FAIL'}  {where}{clean_line(res.name)}\n")
    for line in [*res.failures, *res.notes, *([res.updated] if res.updated else [])]:
        out.write(f"      {clean_line(line)}\n")
    shown = res.diff[:MAX_DIFF_LINES]
    for line in shown:
        out.write(f"      {clean_line(line)}\n")
    if len(res.diff) > len(shown):
        out.write(f"      ... {len(res.diff) - len(shown)} more diff lines\n")
