"""A plain-text transcript of a playthrough: each turn's moves, what happened and why, and the ending."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.explain import describe_action, explain
from sysplay.engine.outcome import ending_text
from sysplay.engine.view import possessive, stage_name, stance_band, voice_line
from sysplay.scenarios.vocab import STAGES

if TYPE_CHECKING:
    from sysplay.engine.game import Game, Lapsed, MoveResult, TurnResult
    from sysplay.scenarios.models import InterventionText

MOOD = {"work": "the group is getting on with the work", "dependency": "they keep asking you to decide",
        "fight_flight": "talk keeps turning to who is to blame", "pairing": "everyone is waiting for two of them to sort it"}


def header(g: Game, who: str) -> list[str]:
    """The transcript's opening lines."""
    m = g.pack.meta
    level = f" - difficulty {g.difficulty}" if g.difficulty else ""
    return [f"{m.title} (pack {m.id} {m.version}) - seed {g.seed}{level} - {who}",
            f"You are: {m.role.title}, {m.role.organisation}.", ""]


def turn_lines(g: Game, r: TurnResult) -> list[str]:
    """Everything that happened in one turn, with the causes behind the numbers that moved."""
    m = g.pack.meta
    out = [f"== {m.turn_label.capitalize()} {r.turn} of {m.turns} ==",
           f"Context: {r.zone} zone (agreement {r.agreement:.2f}, certainty {r.certainty:.2f}); {MOOD[r.mode]}."]
    if r.answer:
        ev = g.pack.event(r.answer[0])
        choice = next(c for c in ev.choices if c.id == r.answer[1])
        out.append(f"You decided on '{ev.title}': {choice.label}.")
    for mv in r.moves:
        out.extend(_move_lines(g, mv))
    if not r.moves:
        out.append("You made no moves.")
    for mv in r.landed:
        out.extend(_move_lines(g, mv))
    for lapse in r.lapses:
        out.append(lapse_line(g, lapse))
    for fired in r.events:
        e = g.pack.event(fired.event)
        if fired.what in ("fired", "started"):
            out.append(f"Event: {e.title}. {e.text}")
        elif fired.what == "stopped":
            out.append(f"Event over: {e.title}.")
    for action in r.actions:
        out.append(f"On their own: {describe_action(g.pack, action)}")
    out.extend(_system_lines(g, r))
    out.extend(_people_lines(g, r))
    assert r.outcome is not None  # transcripts are of games that score every turn
    dims = ", ".join(f"{k} {v:.2f}" for k, v in r.outcome.dimensions.items())
    out.append(f"Outcome so far {r.outcome.composite:.3f}, {r.outcome.band(g.pack)} ({dims}); "
               f"capital {g.state.capital:.1f}.")
    if r.dilemma:
        ev = g.pack.event(r.dilemma)
        out.append(f"Dilemma waiting: {ev.title} - " + "; ".join(f"[{c.id}] {c.label}" for c in ev.choices))
    out.append(f"State hash {r.state_hash}")
    out.append("")
    return out


def _move_lines(g: Game, mv: MoveResult) -> list[str]:
    iv = g.pack.intervention(mv.intervention)
    names = ", ".join(g.pack.actor(t).display_name for t in mv.targets) or "everyone" if iv.target == "all" else \
        ", ".join(g.pack.actor(t).display_name for t in mv.targets)
    fit = f"{iv.kind} x{mv.zone_mult:.2f} zone, x{mv.mode_mult:.2f} mood"
    if mv.tailored:
        fit += ", tailored"
    if abs(mv.luck - 1.0) > 0.005:
        fit += f", luck x{mv.luck:.2f}"
    if mv.landed_from is not None:
        head = f"Landing now (from {g.pack.meta.turn_label} {mv.landed_from}): {iv.name}"
    else:
        head = f"You: {iv.name}" + (f" -> {names}" if names else "")
    if mv.refused:
        return [f"{head}: {mv.refused}"]
    out = [f"{head} ({fit})"]
    if iv.text and mv.landed_from is None:
        out.append("  " + iv.text.attempt.replace("{target}", names or "the system"))
    if mv.queued_for is not None:
        out.append(f"  Its effects will land in {g.pack.meta.turn_label} {mv.queued_for}.")
        return out
    out.extend(f"  {line}" for line in landing_lines(g, mv))
    if iv.text:
        follow = narration(iv.text, mv)
        if follow:
            out.append("  " + follow.replace("{target}", names or "the system"))
    if mv.applied:
        for i, fact in mv.applied.reveals:
            actor = g.pack.actors[i]
            out.append(f"  Learned {possessive(actor.display_name)} {fact_label(fact)}: {fact_words(g, i, fact)}")
        for i, j in mv.applied.tie_reveals:
            a, b = g.pack.actors[i], g.pack.actors[j]
            out.append(f"  Learned of a tie between {a.display_name} and {b.display_name}.")
    return out


_FACT_ATTR = {"threshold": "phi", "stubbornness": "theta0", "openness": "eps", "stance": "x"}
_WEAKEST = {"fit": "the situation was against it", "willing": "those taking part were not yet willing",
            "relations": "those taking part do not trust each other enough"}


def narration(text: InterventionText, mv: MoveResult) -> str | None:
    """What the pack says followed a move: its failed-test, backfire, tailored or plain outcome text."""
    if mv.pilot is not None and not mv.pilot.success and text.failed:
        return text.failed
    if mv.verdict == "backfired" and text.backfired:
        return text.backfired
    return text.tailored if mv.tailored and text.tailored else text.outcome


def landing_lines(g: Game, mv: MoveResult) -> list[str]:
    """How a move landed, in words: a test's chance and result, a backfire, who stayed away, incidents, promises kept."""
    out = []
    names = g.pack.actor
    if mv.pilot is not None:
        if mv.pilot.success:
            out.append(f"The test worked (it had a {mv.pilot.chance:.0%} chance).")
        else:
            out.append(f"The test did not work (it had a {mv.pilot.chance:.0%} chance; {_WEAKEST[mv.pilot.weakest]}). "
                       "Something was learned from it.")
    elif mv.verdict in ("backfired", "fell flat", "landed weakly"):
        out.append(f"It {mv.verdict} (x{mv.landing:.2f} of what it could do"
                   + ("; it worked against you" if mv.landing < 0 else "") + ").")
    if mv.asked_again:
        who = ", ".join(names(a).display_name for a in mv.asked_again)
        out.append(f"Asked again: {who} told you before and have seen nothing come of it yet, so this counted for less.")
    if mv.absent:
        out.append("Stayed away, having withdrawn from group work: " + ", ".join(names(a).display_name for a in mv.absent) + ".")
    if mv.incident:
        who = ", ".join(names(a).display_name for a in mv.incident)
        out.append(f"A political incident: your role has no authority to do this to {who}. It cost you capital and "
                   "trust, and their allies noticed.")
    if mv.followed_up:
        who = ", ".join(names(a).display_name for a in mv.followed_up)
        out.append(f"You acted on what you had heard: {who} noticed.")
    return out


def fact_label(fact: str) -> str:
    """A fact's name in words (``board_letter`` -> ``board letter``)."""
    return fact.replace("_", " ")


def fact_words(g: Game, i: int, fact: str) -> str:
    """What the player learned: a concern's text, a hidden number, or one of the actor's own facts."""
    actor = g.pack.actors[i]
    if fact == "concern":
        return actor.concern or ""
    if fact in _FACT_ATTR:
        return f"{getattr(g.state, _FACT_ATTR[fact])[i]:.2f}"
    own = next((f.text for f in actor.facts if f.id == fact), None)
    return own if own is not None else "now known"


def lapse_line(g: Game, lapse: Lapsed) -> str:
    """A lasting change that fell due, in words: kept for good or lapsed."""
    kind, _, ident = lapse.source.partition(":")
    if kind in ("move", "delayed"):
        what = f"What your '{g.pack.intervention(ident).name}' started"
    elif kind in ("event", "dilemma"):
        what = f"What came of '{g.pack.event(ident).title}'"
    else:
        what = "A change"
    return f"{what} {'is kept for good' if lapse.kept else 'has lapsed: nobody took it on'}."


def _system_lines(g: Game, r: TurnResult) -> list[str]:
    out = []
    for sid, stock in g.pack.system.stocks.items():
        e = explain(g, ("stock", sid), r.turn) if g.recording else None
        before, after = r.stocks_before[sid], r.stocks_after[sid]
        out.append(f"{stock.label}: {before:.1f} -> {after:.1f} {stock.unit} ({after - before:+.1f}; good is {stock.good})")
        if e:
            out.extend(f"    {a:+.1f}  {text}" for a, text in e.causes)
    return out


def _people_lines(g: Game, r: TurnResult) -> list[str]:
    out = []
    for actor_id, old, new in r.stage_changes:
        out.append(f"{g.pack.actor(actor_id).display_name}: {STAGES[old]} -> {STAGES[new]}.")
    if g.recording and g.history:
        start = g.history[-1] if len(g.history) >= r.turn else None
        if start is not None:
            moved = np.argsort(-np.abs(g.state.x - start.x), kind="stable")[:3]
            for i in moved.tolist():
                e = explain(g, ("stance", i), r.turn)
                if abs(e.change) < 0.005:
                    continue
                out.append(f"{e.label}: {e.before:+.2f} -> {e.after:+.2f} ({stance_band(e.after)})")
                out.extend(f"    {a:+.3f}  {text}" for a, text in e.causes if abs(a) >= 0.001)
    for i in _speakers(g, r):
        line = voice_line(g, i)
        if line:
            a = g.pack.actors[i]
            out.append(f'{a.speaker.name} ({a.display_name}, {stage_name(int(g.state.stage[i]))}): "{line}"')
    return out


def _speakers(g: Game, r: TurnResult) -> list[int]:
    """The actors you engaged this turn (or, if none, the most powerful), who get a line each."""
    idx = {g.index[t] for mv in r.moves for t in mv.targets}
    if not idx:
        idx = {int(np.argmax(g.state.power))}
    return sorted(idx)


def ending_lines(g: Game) -> list[str]:
    """The ending, its text and the outcome."""
    if g.state.ending is None:
        return ["The game has not ended."]
    ending = next(e for e in g.pack.endings if e.id == g.state.ending)
    o = g.outcome()
    out = [f"== Ending: {ending.title} ({ending.tone}) ==", ending_text(g.pack, ending.id, g.values()), "",
           f"Outcome {o.composite:.3f} ({o.band(g.pack)}):"]
    if o.held and o.raw is not None:
        out.append(f"  (the dimensions gave {o.raw:.3f}; a {ending.tone} ending keeps the score in its band)")
    for dim in g.pack.outcome.dimensions:
        note = " (harm: lower is better)" if dim.good == "down" else ""
        out.append(f"  {dim.label}: {o.dimensions[dim.id]:.2f}{note}")
    return out
