"""A plain-text front end for `sysplay play`: line prompts on stdin, for any terminal, until the TUI lands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sysplay.engine.game import Game
from sysplay.engine.transcript import MOOD, ending_lines, turn_lines
from sysplay.engine.view import seen, stage_name, stance_band, voice_line
from sysplay.errors import RefusedMove
from sysplay.playthroughs.save import Playthrough
from sysplay.playthroughs.watch import PackWatcher, reload_if_changed
from sysplay.sanitize import clean_line
from sysplay.scenarios.loader import load_pack

Say = Callable[[str], object]

HELP = """Commands:
  N [TARGET ...]   plan option number N, with target numbers (e.g. "1 3", "2 1 4")
  a CHOICE         answer the waiting dilemma with choice number CHOICE
  u N              take diary entry N back out
  w N              why did actor N's stance change last turn?
  n TEXT           pin a note to this turn (your journal; it appears in the debrief)
  e                end the turn
  s                show the system again
  h                this help
  q                quit"""


def play_text(pack_spec: str, seed: int = 1, save_dir: Path | None = None, stdin: TextIO | None = None,
              out: TextIO | None = None, *, watch: bool = False, from_turn: int | None = None,
              choices: Path | None = None, difficulty: str | None = None) -> int:
    """Start a new playthrough of a pack at the terminal, saved after every turn; return the exit status.

    Args:
        pack_spec: A bundled pack's id or a path.
        seed: The game's seed.
        save_dir: Where to autosave (None: do not save).
        stdin: Where commands come from (default: the terminal).
        out: Where the game writes (default: the terminal).
        watch: Reload the pack when its files change (for writers).
        from_turn: Start at this turn, having played ``choices`` for the turns before it.
        choices: A choices file (see ``sysplay run --choices``).
        difficulty: One of the pack's difficulty presets (None: its default).
    """
    pt = Playthrough.start(load_pack(pack_spec), seed, save_dir, source=pack_spec, tolerant=True, difficulty=difficulty)
    if from_turn is not None:
        from sysplay.playthroughs.run import fast_forward

        for note in fast_forward(pt, from_turn, choices):
            (out or sys.stdout).write(note + "\n")
    watcher = PackWatcher(pack_spec) if watch else None
    return play_playthrough(pt, stdin, out, intro=from_turn is None, watcher=watcher)


def play_playthrough(pt: Playthrough, stdin: TextIO | None = None, out: TextIO | None = None, *,
                     intro: bool = False, watcher: PackWatcher | None = None) -> int:
    """Play on with typed commands, autosaving every turn; return the exit status."""
    inp, out = stdin or sys.stdin, out or sys.stdout
    g = pt.game
    m = g.pack.meta
    def say(text: str = "") -> None:
        out.write(text + "\n")

    if intro:
        say(f"{m.title}\n\nYou are {m.role.title}, {m.role.organisation}.\n{m.role.briefing}\n\n{m.situation}\n")
    where = f"; saved after every turn to {clean_line(str(pt.path))}" if pt.path else ""
    say(f"Seed {g.seed}{where}. Type h for help.\n")
    if pt.save_error:
        say(_not_saved(pt))
    show(g, say)
    while not pt.game.finished:
        if watcher is not None:
            pt = _reload(watcher, pt, say)
        out.write(f"[{m.turn_label} {pt.game.turn}] > ")
        out.flush()
        line = inp.readline()
        if not line:
            say("\nStopped (no more input).")
            return 0
        if not _command(pt, line.split(), say):
            return 0
    for text in ending_lines(pt.game):
        say(text)
    return 0


def _reload(watcher: PackWatcher, pt: Playthrough, say: Say) -> Playthrough:
    carried, errors = reload_if_changed(watcher, pt)
    if errors is not None:
        say("The pack has errors; still playing the version loaded before:")
        for issue in errors.issues:
            say("  " + issue.format())
        return pt
    if carried is None:
        return pt
    say(f"Pack reloaded; replayed {carried.turns_kept} turn(s) on the edited pack.")
    for note in carried.notes:
        say("  " + note)
    show(carried.playthrough.game, say)
    return carried.playthrough


def _command(pt: Playthrough, words: list[str], emit: Say) -> bool:
    g = pt.game
    if not words:
        return True
    cmd = words[0].lower()
    try:
        if cmd == "q":
            return False
        if cmd == "h":
            emit(HELP)
        elif cmd == "s":
            show(g, emit)
        elif cmd == "n":
            _note(pt, " ".join(words[1:]), emit)
        elif cmd == "e":
            _end_turn(pt, emit)
        elif cmd == "u":
            g.unplan(int(words[1]) - 1)
        elif cmd == "a":
            ev = g.pack.event(g.pending_dilemma or "")
            g.answer(ev.choices[int(words[1]) - 1].id)
        elif cmd == "w":
            from sysplay.engine.explain import history

            for e in history(g, ("stance", int(words[1]) - 1))[-3:]:
                for text in e.lines():
                    emit(text)
        elif cmd.isdigit():
            opts = g.options()
            iv = opts[int(cmd) - 1].intervention
            targets = tuple(g.pack.actors[int(w) - 1].id for w in words[1:])
            g.plan(iv.id, targets)
            emit(f"Planned: {iv.name}")
        else:
            emit("Unknown command; type h for help.")
    except RefusedMove as exc:
        emit(f"Not possible: {exc}")
    except OSError:
        emit(_not_saved(pt))
    except (IndexError, ValueError, KeyError):
        emit("That number is not on the list; type h for help.")
    return True


def _not_saved(pt: Playthrough) -> str:
    return (f"Not saved: {pt.save_error or 'the save could not be written'}. Playing on; everything so far "
            "will be saved with the next turn that can be.")


def _end_turn(pt: Playthrough, emit: Say) -> None:
    """End the turn; a save that fails is reported and caught up later, and never costs the turn."""
    g = pt.game
    try:
        result = pt.end_turn()
    except OSError:
        result = g.results[-1]
        emit(_not_saved(pt))
    for text in turn_lines(g, result):
        emit(text)
    if not g.finished:
        show(g, emit)


def _note(pt: Playthrough, text: str, emit: Say) -> None:
    where = f"{pt.game.pack.meta.turn_label} {pt.game.turn}"
    if not text.strip():
        emit("Write the note after the n, on the same line.")
        return
    before = len(pt.data.notes)
    pt.add_note(text)
    parts = len(pt.data.notes) - before
    emit(f"Note pinned to {where}" + (f" (in {parts} parts, as it is long)." if parts > 1 else "."))


def show(g: Game, emit: Say) -> None:
    """Print the system as the player sees it, the diary and the options."""
    s, ctx = g.state, g.context
    emit(f"Context: {MOOD[ctx.mode]}; agreement {ctx.agreement:.2f}, certainty {ctx.certainty:.2f}. Capital {s.capital:.1f}.")
    for i, a in enumerate(g.pack.actors):
        stance = seen(g, i, "stance", float(s.x[i]), -1, 1)
        words = stance_band(float(s.x[i])) if stance.value is not None else "stance unknown"
        line = voice_line(g, i)
        emit(f" {i + 1:>2}. {a.display_name} ({a.speaker.name}): {words} {stance.text()}, trust {s.tau[i]:.2f}, "
             f"anxiety {s.anx[i]:.2f}, {stage_name(int(s.stage[i]))}" + (f' - "{line}"' if line else ""))
    for sid, st in g.pack.system.stocks.items():
        emit(f"     {st.label}: {s.stocks[sid]:.1f} {st.unit} (good is {st.good})")
    if g.pending_dilemma:
        ev = g.pack.event(g.pending_dilemma)
        emit(f"Dilemma: {ev.title}. {ev.text}")
        for k, answer in enumerate(g.choices(), 1):
            cost = f" ({answer.choice.capital:g} capital)" if answer.choice.capital else ""
            emit(f"   a {k}: {answer.choice.label}{cost}" + ("" if answer.available else f"  [not now: {answer.reason}]"))
    emit("Options:")
    for k, o in enumerate(g.options(), 1):
        iv = o.intervention
        status = (f"  [warning: {o.warning}]" if o.warning else "") if o.available else f"  [not now: {o.reason}]"
        emit(f" {k:>2}. {iv.name} ({iv.kind}, target {iv.target}, {iv.slots} slot, {iv.capital:g} capital){status}")
    if g.diary:
        emit("Diary: " + "; ".join(f"{k}. {g.pack.intervention(p.intervention).name}" for k, p in enumerate(g.diary, 1)))
