"""A turn's consequences as a story told step by step, then what changed and why.

Every piece of pack text goes into :class:`~textual.content.Content` as a plain string
part, never through markup, so ``[bold]`` in a pack is shown exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual.content import Content

from sysplay.engine.explain import describe_action, notable_changes
from sysplay.engine.transcript import fact_label, fact_words, landing_lines, lapse_line, narration
from sysplay.engine.view import possessive, voice_line
from sysplay.scenarios.vocab import STAGES
from sysplay.tui.present import (
    FACT_NAMES,
    and_list,
    change,
    fact_plain,
    plural,
    quantity,
    trust_words,
    verdict,
)

if TYPE_CHECKING:
    from sysplay.engine.game import Game, MoveResult, TurnResult

Key = tuple[Any, ...]



@dataclass
class Step:
    """One step of the story: a heading and its lines."""

    title: str
    lines: list[Content] = field(default_factory=list)

    def add(self, *parts: str | tuple[str, str]) -> None:
        """Add a line assembled from literal parts (``(text, style)`` for styled parts)."""
        self.lines.append(Content.assemble(*parts))


def _names(g: Game, mv: MoveResult) -> str:
    iv = g.pack.intervention(mv.intervention)
    if iv.target == "all":
        return "everyone"
    return and_list([g.pack.actor(t).display_name for t in mv.targets])


def _fit(g: Game, mv: MoveResult) -> str:
    fit = f"how it fitted: ×{mv.zone_mult * mv.mode_mult:.2f} for the situation"
    if abs(mv.luck - 1.0) > 0.005:
        fit += f", luck ×{mv.luck:.2f}"
    if mv.tailored:
        who = ", ".join(g.pack.actor(t).display_name for t in mv.tailored)
        fit += f", ×{g.pack.engine.tailoring:.2f} tailored to {who}"
    return fit


def move_step(g: Game, mv: MoveResult, step: Step) -> None:
    """Tell one move (or one delayed move landing)."""
    iv = g.pack.intervention(mv.intervention)
    names = _names(g, mv)
    if mv.landed_from is not None:
        step.add(("Landing now: ", "bold"), (iv.name, "bold"),
                 f" (planned in {g.pack.meta.turn_label} {mv.landed_from})")
    else:
        step.add(("You: ", "bold"), (iv.name, "bold"), (f" → {names}" if names else ""))
    if mv.refused:
        step.add(("  Not done: ", "$error"), mv.refused)
        return
    if iv.text and mv.landed_from is None:
        step.add("  ", iv.text.attempt.replace("{target}", names or "the system"))
    if mv.queued_for is not None:
        step.add(("  Its effects will land in ", "italic"), (f"{g.pack.meta.turn_label} {mv.queued_for}.", "italic"))
        return
    if iv.text:
        follow = narration(iv.text, mv)
        if follow:
            step.add("  ", follow.replace("{target}", names or "the system"))
    for line in landing_lines(g, mv):
        bad = line.startswith(("It backfired", "It fell flat", "The test did not", "A political incident", "Asked again"))
        step.add(("  ▲ " if not bad else "  ▼ ", "bold"), (line, "$warning" if bad else ""))
    step.add(("  " + _fit(g, mv), "$text-muted"))
    if mv.applied:
        for i, fact in mv.applied.reveals:
            actor = g.pack.actors[i]
            plain = fact_plain(g, i, fact)  # a hidden number, in words
            name = FACT_NAMES.get(fact, fact_label(fact))
            step.add(("  ✦ Learned ", "$success"), (f"{possessive(actor.display_name)} {name}: ", "$success"),
                     plain if plain is not None else fact_words(g, i, fact))
        for line in nothing_learned(g, mv):
            step.add(("  ◇ ", "$text-muted"), (line, "$text-muted"))
        for i, j in mv.applied.tie_reveals:
            a, b = g.pack.actors[i], g.pack.actors[j]
            step.add(("  ✦ Learned of a tie between ", "$success"), a.display_name, " and ", b.display_name)


def nothing_learned(g: Game, mv: MoveResult) -> list[str]:
    """For a move that may reveal a hidden fact and revealed none: what limited it, per target."""
    iv = g.pack.intervention(mv.intervention)
    if not iv.effects.reveal or mv.applied is None or mv.landed_from is not None:
        return []
    told = {i for i, _ in mv.applied.reveals}
    out = []
    for t in mv.targets:
        i = g.index[t]
        if i in told or t in mv.absent or t in mv.incident:
            continue
        actor = g.pack.actors[i]
        trust = float(g.state.tau[i])
        left = [f for f in actor.hidden if not g.knows(t, f)]
        guarded = [f for f in actor.facts if not g.knows(t, f.id) and trust < f.trust_at_least]
        open_facts = [f for f in actor.facts if not g.knows(t, f.id) and trust >= f.trust_at_least]
        if not left and not open_facts:
            out.append(f"You learned nothing new from {actor.display_name}: "
                       + ("they will say more only once they trust you more." if guarded
                          else "you already know all they had to tell."))
            continue
        chance = min(1.0, g.pack.engine.reveal_base + 0.6 * trust)
        out.append(f"You learned nothing new from {actor.display_name} this time. How much they tell you depends "
                   f"on their trust in you ({trust_words(trust)}, {trust:.2f}) and on chance: a conversation like "
                   f"this turns something up about {chance:.0%} of the time.")
    return out


def steps(g: Game, r: TurnResult) -> list[Step]:
    """The turn as a sequence of steps: decision, moves, landings, events, system, people."""
    out: list[Step] = []
    if r.answer:
        ev = g.pack.event(r.answer[0])
        choice = next(c for c in ev.choices if c.id == r.answer[1])
        st = Step("Your decision")
        st.add("On ", (ev.title, "bold"), ": ", choice.label)
        if choice.text:
            st.add("  ", choice.text)
        out.append(st)
    mine = Step("Your moves")
    for mv in r.moves:
        move_step(g, mv, mine)
    if not r.moves:
        mine.add(("You made no moves this " + g.pack.meta.turn_label + ".", "italic"))
    out.append(mine)
    if r.landed or r.lapses:
        late = Step("Landing now, from earlier")
        for mv in r.landed:
            move_step(g, mv, late)
        for lapse in r.lapses:
            late.add(("■ ", "bold"), lapse_line(g, lapse))
        out.append(late)
    happened = [f for f in r.events if f.what in ("fired", "started", "stopped")]
    if happened:
        ev_step = Step("What happened")
        for fired in happened:
            e = g.pack.event(fired.event)
            if fired.what == "stopped":
                ev_step.add(("■ Over: ", "bold"), e.title)
            else:
                ev_step.add(("■ ", "bold"), (e.title, "bold"))
                ev_step.add("  ", e.text)
        out.append(ev_step)
    if r.actions:
        own = Step("What they did on their own")
        for action in r.actions:
            own.add(("● ", "bold"), describe_action(g.pack, action))
        out.append(own)
    out.append(system_step(g, r))
    out.append(people_step(g, r))
    return out


def system_step(g: Game, r: TurnResult) -> Step:
    """How the system's numbers moved."""
    st = Step("The system")
    for sid, stock in g.pack.system.stocks.items():
        before, after = r.stocks_before[sid], r.stocks_after[sid]
        word = verdict(after - before, stock.good, 0.05)
        st.add((stock.label, "bold"), f": {before:.1f} → {after:.1f} {stock.unit} ",
               (f"({after - before:+.1f}, {word})", _tone_style(word)))
    return st


def _tone_style(word: str) -> str:
    return {"better": "$success", "worse": "$error"}.get(word, "$text-muted")


#: What each actor was last quoted as saying in the story of a turn, per game: (turn, line) by actor index.
_SAID: WeakKeyDictionary[Game, dict[int, tuple[int, str]]] = WeakKeyDictionary()


def people_step(g: Game, r: TurnResult) -> Step:
    """Who moved on or stepped back, and who said what."""
    st = Step("The people")
    for actor_id, old, new in r.stage_changes:
        name = g.pack.actor(actor_id).display_name
        st.add(("▲ " if new > old else "▼ ", "bold"), name, f": {STAGES[old]} → {STAGES[new]}")
    idx = sorted({g.index[t] for mv in r.moves for t in mv.targets})
    if not idx:
        idx = [max(range(len(g.pack.actors)), key=lambda k: float(g.state.power[k]))]
    said = _SAID.setdefault(g, {})
    for i in idx:
        line = voice_line(g, i)
        if line:
            a = g.pack.actors[i]
            before = said.get(i)
            if before is not None and before[1] == line and before[0] != r.turn:  # word for word as before
                st.add((a.speaker.name, "bold"), f" ({a.display_name}) has nothing new to say.")
                continue
            said[i] = (r.turn, line)
            st.add((a.speaker.name, "bold"), f" ({a.display_name}): ", ("“", "italic"), (line, "italic"),
                   ("”", "italic"))
    if not st.lines:
        st.add(("Nobody said much this " + g.pack.meta.turn_label + ".", "italic"))
    return st


def changes(g: Game, turn: int, causes: int = 3) -> list[tuple[Key, Content]]:
    """What changed this turn (ledger key and text), each with its main causes."""
    out: list[tuple[Key, Content]] = []
    for e in notable_changes(g, turn, formulas=False):
        sign = "▲" if e.change > 1e-9 else "▼" if e.change < -1e-9 else "="
        lines = [Content.assemble((f"{sign} ", "bold"), (e.label, "bold"),
                                  f": {quantity(e.before, e.after)} → {quantity(e.after, e.before)} "
                                  f"({change(e.change, e.before, e.after)})")]
        secret = e.key[0] == "stance" and not g.knows(g.pack.actors[e.key[1]].id, "stance")
        if secret:
            lines = [Content.assemble((f"{sign} ", "bold"), (e.label, "bold"), " (a number you have not learned)")]
        top = sorted(e.causes, key=lambda c: -abs(c[0]))[:causes]
        for amount, text in top:
            mark = ("▲" if amount > 0 else "▼") if secret else change(amount)
            lines.append(Content.assemble((f"    {mark:>6}  ", "$text-muted"), text))
        if len(e.causes) > causes:
            lines.append(Content.styled(f"    … and {plural(len(e.causes) - causes, 'smaller cause')} (Enter for all)",
                                        "$text-muted italic"))
        out.append((e.key, Content("\n").join(lines)))
    return out
