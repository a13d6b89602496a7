"""Facilitated sessions in the core: the room's lettered options, discussion prompts tied to a turn, and votes."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sysplay.engine.view import stage_name

if TYPE_CHECKING:
    from sysplay.engine.game import ActorAction, Game, TurnResult

#: How many discussion prompts follow a turn's story.
PROMPTS = 3
#: A turn whose surprise is at least this gets a prompt about it.
SURPRISE = 0.5


def letter(k: int) -> str:
    """The letter of option ``k``: ``A``, ``B``, … ``Z``, then ``AA``, ``AB``, and so on."""
    letters = string.ascii_uppercase
    return letters[k] if k < 26 else letters[k // 26 - 1] + letters[k % 26]


@dataclass(frozen=True)
class RoomOption:
    """One lettered choice for the room: a move on offer, or an answer to the waiting dilemma."""

    letter: str
    id: str
    label: str
    detail: str

    @property
    def vote_key(self) -> str:
        """How a vote for it is recorded: ``A: Listen one to one``."""
        return f"{self.letter}: {self.label}"


def room_question(g: Game) -> str:
    """What the room is deciding now."""
    if g.pending_dilemma is not None and g.answer_given is None:
        return f"Dilemma: {g.pack.event(g.pending_dilemma).title}"
    return f"Which moves this {g.pack.meta.turn_label}? ({g.pack.meta.slots_per_turn} diary slots)"


def room_options(g: Game) -> list[RoomOption]:
    """The choices in front of the room, lettered: the dilemma's answers if one waits, else the moves on offer.

    The moves are those on offer at the start of the turn, whatever has been entered since, so a letter
    means the same thing for the whole turn (and a vote taken on it stays true).
    """
    from sysplay.engine.moves import usable

    if g.pending_dilemma is not None and g.answer_given is None:
        return [RoomOption(letter(k), o.choice.id, o.choice.label, "" if o.available else f"not now: {o.reason}")
                for k, o in enumerate(g.choices())]
    out = []
    for k, iv in enumerate(usable(g.tc, [])):
        cost = f"{iv.slots} slot{'s' if iv.slots != 1 else ''}" + (f", {iv.capital:g} capital" if iv.capital else "")
        out.append(RoomOption(letter(k), iv.id, iv.name, cost))
    return out


def vote_counts(options: list[RoomOption], counts: dict[str, int]) -> dict[str, int]:
    """Counts by letter turned into the save's form (``A: label`` -> count), options without votes left out."""
    return {o.vote_key: int(counts[o.letter]) for o in options if counts.get(o.letter, 0) > 0}


def prompts(g: Game, r: TurnResult, limit: int = PROMPTS) -> list[str]:
    """Questions for the room tied to what just happened in turn ``r`` (the most telling first)."""
    pack, label = g.pack, g.pack.meta.turn_label
    out: list[str] = []
    for fired in r.events:
        if fired.what in ("fired", "started"):
            ev = pack.event(fired.event)
            if ev.choices:
                out.append(f"'{ev.title}' now waits for the room's decision. What would each choice cost, and whom?")
            else:
                out.append(f"'{ev.title}' has just happened. Who felt it first, and what would they be saying now?")
    if r.answer is not None:
        ev = pack.event(r.answer[0])
        choice = next((c.label for c in ev.choices if c.id == r.answer[1]), r.answer[1])
        out.append(f"You chose '{choice}'. Who gains from it, and who will bear the cost?")
    for action in r.actions[:2]:  # actors acting on their own
        out.append(f"{own_move(g, action)}, on their own. Why now, and what does it ask of the room?")
    for mv in r.moves:
        if mv.pilot is not None and not mv.pilot.success:
            name = pack.intervention(mv.intervention).name
            out.append(f"The test '{name}' did not work this time. What did the room learn from it, and would you "
                       "run it again?")
    for mv in r.landed:
        name = pack.intervention(mv.intervention).name
        out.append(f"'{name}', from {label} {mv.landed_from}, has only landed now. What did you expect to see sooner?")
    for actor_id, old, new in r.stage_changes:
        who = pack.actor(actor_id).display_name
        if new < old:
            out.append(f"{who} stepped back to '{stage_name(new)}'. What might have pushed them?")
        elif new >= 3:
            out.append(f"{who} moved on to '{stage_name(new)}'. What made the difference for them?")
    out += _stock_prompts(g, r)
    for mv in r.moves:
        if mv.refused:
            out.append(f"'{pack.intervention(mv.intervention).name}' could not be done. What does that tell you?")
    if not r.moves:
        out.append(f"The room made no moves this {label}. What were you waiting for, and did the system wait too?")
    out.append(f"What did you notice first this {label}, and what would you do differently next {label}?")
    return list(dict.fromkeys(out))[:limit]


#: What an actor's own move was, in a few words ({who}, {other}).
OWN_MOVES = {
    "collaborate": "{who} got together with {other}",
    "withdraw": "{who} stepped back from group work",
    "blame": "{who} blamed {other} in public",
    "ally": "{who} and {other} agreed to hold out together",
    "respond": "{who} answered {other}",
    "over_your_head": "{who} went over your head",
}


def own_move(g: Game, action: ActorAction) -> str:
    """An actor's own move in a few words (the news and "why?" tell the whole of it)."""
    who = g.pack.actor(action.actor).display_name
    other = g.pack.actor(action.target).display_name if action.target else "you"
    return OWN_MOVES.get(action.behaviour, "{who} acted").format(who=who, other=other)


def _stock_prompts(g: Game, r: TurnResult) -> list[str]:
    out = []
    if r.surprise >= SURPRISE:
        out.append("The numbers moved further than a simple forecast said. What did the room not see coming?")
    worst = None
    for sid, stock in g.pack.system.stocks.items():
        before, after = r.stocks_before[sid], r.stocks_after[sid]
        scale = stock.scale or max(1.0, abs(stock.initial) * 0.2)
        worse = (after - before) * (1 if stock.good == "down" else -1 if stock.good == "up" else 0) / scale
        if worse > 0.5 and (worst is None or worse > worst[0]):
            worst = (worse, stock.label, before, after)
    if worst is not None:
        _, what, before, after = worst
        out.append(f"{what} got worse ({before:.0f} to {after:.0f}). What is driving it, and whose move is it?")
    return out
