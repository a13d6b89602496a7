"""Questions for reflection: the pack's prompts, then Gibbs and Schön questions made from what happened."""

from __future__ import annotations

from sysplay.debrief.behaviour import first_directive, most_opposed_powerful
from sysplay.debrief.facts import Facts, and_list, num
from sysplay.debrief.habits import top_surprises
from sysplay.debrief.models import Debrief, Question
from sysplay.scenarios.vocab import COMMAND_KINDS

QUOTE = 160


def _week(f: Facts, turn: int) -> str:
    return f"{f.snap.turn_label} {turn}"


def _quote(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= QUOTE else one[: QUOTE - 1].rstrip() + "\u2026"


def questions(f: Facts, deb: Debrief) -> list[Question]:
    """The questions, pack prompts first."""
    out = [Question(source="pack", text=p.text) for p in f.snap.prompts if p.text]
    out += gibbs(f, deb)
    out += schon(f, deb)
    return out


def gibbs(f: Facts, deb: Debrief) -> list[Question]:
    """One question per stage of Gibbs' cycle, made from this playthrough."""
    out: list[Question] = []
    big = max(deb.moments, key=lambda m: m.weight, default=None)
    if big is not None:
        out.append(Question(source="gibbs", stage="description", turn=big.turn,
                            text=f"Describe what happened in {_week(f, big.turn)}: {big.title.split(': ', 1)[-1]}. "
                                 "Who did what, and in what order?"))
    ending = deb.meta.ending_title
    out.append(Question(source="gibbs", stage="feelings",
                        text=(f"How did you feel when you read the ending, '{ending}'? " if ending else
                              "How do you feel about where you left things? ")
                        + "Was there a moment in the game when you felt the pressure most?"))
    dims = {s.label: s.values[-1] for s in deb.trajectories if s.group == "dimension" and s.values[-1] is not None}
    if dims:
        parts = and_list([f"{k.lower()} {num(v)}" for k, v in list(dims.items())[:3]])
        out.append(Question(source="gibbs", stage="evaluation",
                            text=f"What went well, and what less well? You ended with {parts}. "
                                 "Which of these mattered most to you while you were playing, and which do you "
                                 "wish had?"))
    chained = [m for m in deb.moments if m.chain and (big is None or m.turn != big.turn)] or \
        [m for m in deb.moments if m.chain and m is not big]
    if chained:
        m = max(chained, key=lambda x: x.weight)
        out.append(Question(source="gibbs", stage="analysis", turn=m.turn,
                            text=f"Look at the causes behind {_week(f, m.turn)} ({m.title.split(': ', 1)[-1]}). "
                                 "Which link did you not see coming, and what would have told you sooner?"))
    out.append(conclusion(f, deb))
    mood = next((p.label for p in deb.lenses[0].points[::-1] if p.detail != "work"), None) if deb.lenses else None
    out.append(Question(source="gibbs", stage="action plan",
                        text="Which one habit from your profile will you practise in your own system this month, "
                             "and with whom?" + (f" Next time you notice {mood}, what will you try first?" if mood else "")))
    return out


def conclusion(f: Facts, deb: Debrief) -> Question:
    """What else could you have done: aimed at the biggest gap the data shows."""
    if deb.harm.left_out:
        return Question(source="gibbs", stage="conclusion",
                        text=f"You never worked with {and_list(deb.harm.left_out)}. What might they have told you, "
                             "and what else could you have done?")
    d = first_directive(f)
    if d is not None:
        for line in (ln for a in deb.knew for ln in a.moves):
            if line.turn == d and any(h.startswith("what worried") for h in line.hidden):
                return Question(source="gibbs", stage="conclusion", turn=d,
                                text=f"When you first instructed or escalated ({_week(f, d)}), you did not yet know "
                                     f"what worried {line.actor}. What might you have done if you had?")
    k = most_opposed_powerful(f)
    first = next((t for t, m in f.all_moves() if k is not None and k in f.targets(m)), None)
    if k is not None and (first is None or first > 2):
        who = f.snap.actors[k].name
        when = f"first went to {who} in {_week(f, first)}" if first else f"never went to {who}"
        return Question(source="gibbs", stage="conclusion", text=f"You {when}. What else could you have done, and when?")
    unheard = [a.actor for a in deb.knew if any(t.startswith("what worried") for t in a.truths)
               and "what worried them most" not in a.learned]
    if unheard:
        return Question(source="gibbs", stage="conclusion",
                        text=f"You worked with {and_list(unheard)} but never learned what worried them. What might "
                             "you have asked, and who else could have told you?")
    return Question(source="gibbs", stage="conclusion", text="What else could you have done, and when?")


def schon(f: Facts, deb: Debrief) -> list[Question]:
    """Reflection-on-action: back to the surprises, instructions, answers and notes of the game."""
    out: list[Question] = []
    for t in top_surprises(f)[:2]:
        out.append(Question(source="schon", turn=t,
                            text=f"In {_week(f, t)} the numbers moved further than a simple forecast said. "
                                 "What did you notice at the time, and did you then do something different, "
                                 "or more of the same?"))
    directives = [t for t, m in f.all_moves() if f.kind(m.do) in COMMAND_KINDS]
    dep = next((b.metrics[-1] for b in deb.behaviours if b.id == "alliances"), None)
    if directives and dep is not None and dep.turns:
        out.append(Question(source="schon", turn=directives[0],
                            text=f"After your instructions, the group waited for you to decide "
                                 f"({_week(f, dep.turns[0])}). What were you hoping the instruction would do, and "
                                 "what happened to their sense that the problem was theirs?"))
    for line in deb.timeline:
        if line.answer is not None:
            out.append(Question(source="schon", turn=line.turn,
                                text=f"In {_week(f, line.turn)} you answered '{line.answer.label}' with "
                                     f"'{line.answer.choice_label}'. Who gained, and who bore the cost?"))
        for mv in line.moves:
            if mv.irreversible:
                out.append(Question(source="schon", turn=line.turn,
                                    text=f"You used '{mv.label}' in {_week(f, line.turn)}, which cannot be undone. "
                                         "What made it feel necessary then, and does it still?"))
    note = next((n for t in deb.timeline for n in t.notes if n.kind == "player"), None)
    if note is not None:
        out.append(Question(source="schon", turn=note.turn,
                            text=f"In {_week(f, max(1, note.turn))} you wrote: \u201c{_quote(note.text)}\u201d. "
                                 "Reading it now, what do you notice?"))
    return out
