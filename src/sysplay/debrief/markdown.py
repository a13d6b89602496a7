"""The debrief (or comparison) as Markdown, for reading and printing.

Every text from a save or pack is neutralised: no raw HTML, no Markdown links or emphasis it did not ask
for, no control characters.
"""

from __future__ import annotations

from sysplay.debrief.facts import num
from sysplay.debrief.models import Comparison, Debrief, Lens, Row
from sysplay.debrief.words import (
    SECTIONS,
    byline,
    ending_words,
    knew_groups,
    learned_words,
    note_words,
    tie_words,
    trust_words,
    turn_facts,
    turn_head,
    voices_words,
    vote_words,
    week,
)
from sysplay.sanitize import md, md_block


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def debrief_markdown(d: Debrief, *, level: int = 1) -> str:
    """One playthrough's debrief as Markdown."""
    h = "#" * level
    m = d.meta
    out = [f"{h} Debrief: {md(m.title)}", "", md(byline(d)), ""]
    out += [md_block("Note: " + n) + "\n" for n in m.notices]
    out += [f"{h}# How it ended", "", f"**{md(ending_words(d))}**", ""]
    if m.ending_text:
        out += [md_block(m.ending_text), ""]
    for key, title in SECTIONS:
        out += [f"{h}# {title}", ""] + _SECTION[key](d, h + "##")
    return "\n".join(out).rstrip() + "\n"


def _habits(d: Debrief, h: str) -> list[str]:
    out = ["Figures run from 0 to 1 unless marked; each names the turns behind it. They describe choices, "
           "not character.", ""]
    for b in d.behaviours:
        out += [f"{h} {md(b.name)}", "", md(b.summary), ""]
        rows = [[md(x.label) + (" (lower is better)" if x.better == "down" else ""), md(x.shown), num(x.value),
                 md(", ".join(map(str, x.turns))) or "-"] for x in b.metrics]
        out += _table(["Measure", "What it counts", "Figure", md(d.meta.turn_label.capitalize() + "s")], rows)
        out += [f"- *{md(x.label)}*: {md(x.how)}" for x in b.metrics] + [""]
    return out


def _moments(d: Debrief, h: str) -> list[str]:
    out = []
    for mo in d.moments:
        out.append(f"- **{md(mo.title)}**")
        out += [f"  - {md(c)}" for c in mo.chain]
    return (out or ["Nothing stood out."]) + [""]


def _timeline(d: Debrief, h: str) -> list[str]:
    out = []
    for t in d.timeline:
        out += [f"{h} {md(turn_head(d, t))}", ""]
        for n in t.notes:
            out += [md_block(f"{note_words(n)}: {n.text}"), ""]
        out += [f"- **{md(label)}:** {md(text)}" for label, text in turn_facts(d, t)]
        out += [f"- **Room vote{': ' + md(v.question) if v.question else ''}:** {md(vote_words(v.counts))}"
                for v in t.votes]
        out.append("")
    if d.after_notes:
        out += [f"{h} After the last {md(d.meta.turn_label)} played", ""]
        for n in d.after_notes:
            out += [md_block(f"{note_words(n)} ({d.meta.turn_label} {n.turn}): {n.text}"), ""]
    return out


def _trajectories(d: Debrief, h: str) -> list[str]:
    series = [s for s in d.trajectories if s.group != "group" or s.id == "holding"]
    head = [md(d.meta.turn_label.capitalize())] + [md(s.label) + (" (lower is better)" if s.good == "down" else "")
                                               for s in series]
    n = max((len(s.values) for s in series), default=0)
    rows = [[str(k)] + [num(s.values[k]) if k < len(s.values) else "-" for s in series] for k in range(n)]
    return ["Turn 0 is the start; the outcome and its dimensions are measured from the first turn.", ""] + _table(head, rows)


def _relationships(d: Debrief, h: str) -> list[str]:
    r = d.relationships
    out = []
    for title, ties in (("Trusting ties made", r.made), ("Hostile ties healed with you", r.healed),
                        ("Hostile ties that healed on their own (not credited to you)", r.healed_alone), ("Ties broken", r.broken),
                        ("Ties soured (trust fell by 0.15 or more)", r.soured)):
        out += [f"{h} {title}", ""] + ([f"- {md(tie_words(t))}" for t in ties] or ["- none"]) + [""]
    out += [f"{h} Trust in you", ""] + [f"- {md(trust_words(t))}" for t in r.trust_in_you] + [""]
    return out


def _lens(lens: Lens, d: Debrief, h: str) -> list[str]:
    out = [f"{h} {md(lens.name)}", "", f"*What it is:* {md(lens.what_it_is)}", "",
           f"*What it is not:* {md(lens.what_it_is_not)}", "", md(lens.summary), ""]
    rows = [[str(p.turn), md(p.label), num(p.value) if p.value is not None else "-", md(p.detail)] for p in lens.points]
    out += _table([md(d.meta.turn_label.capitalize()), "Seen", "Figure", "Detail"], rows)
    return out + [f"- {md(n)}" for n in lens.notes] + [""]


def _lenses(d: Debrief, h: str) -> list[str]:
    return [line for lens in d.lenses for line in _lens(lens, d, h)]


def _knew(d: Debrief, h: str) -> list[str]:
    out = ["For each actor you acted with: what was hidden from you at the start, the truth of it, and what "
           "you knew each time you acted.", ""]
    for a in d.knew:
        out += [f"{h} {md(a.actor)}", ""] + [f"- {md(learned_words(d, a, t))}" for t in a.truths]
        out += [f"- {md(line)}" for line in knew_groups(d, a)]
        out.append("")
    return out if d.knew else ["You acted with nobody who had anything hidden."]


def _harm(d: Debrief, h: str) -> list[str]:
    x = d.harm
    out = [f"- Harm done (outcome dimension, lower is better): {num(x.harm_dimension)}"]
    out += [f"- Tie broken: {md(tie_words(t))}" for t in x.ties_broken] or ["- No tie you knew of was broken."]
    out += [f"- Tie soured: {md(tie_words(t))}" for t in x.ties_soured]
    out += [f"- Trust in you lost: {md(trust_words(t))}" for t in x.trust_lost] or ["- Nobody's trust in you fell."]
    out += [f"- Cannot be undone: {md(m.label)} ({md(week(d, m.turn))})" for m in x.irreversible]
    out += [f"- {md(voices_words(x))}"]
    return out + [""]


def _questions(d: Debrief, h: str) -> list[str]:
    src = {"pack": "From the scenario", "gibbs": "Gibbs", "schon": "Schön: reflection-on-action"}
    out = []
    for q in d.questions:
        tag = src.get(q.source, q.source) + (f", {q.stage}" if q.stage else "")
        out.append(f"- *{md(tag)}:* {md(q.text)}")
    return out + [""]


_SECTION = {"habits": _habits, "moments": _moments, "timeline": _timeline, "trajectories": _trajectories,
            "relationships": _relationships, "lenses": _lenses, "knew": _knew, "harm": _harm,
            "questions": _questions}


def _rows_table(c: Comparison, rows: list[Row], first: str) -> list[str]:
    return _table([first] + [md(x) for x in c.labels], [[md(r.label)] + [md(s) for s in r.shown] for r in rows])


def comparison_markdown(c: Comparison) -> str:
    """A comparison, then each playthrough's debrief."""
    out = [f"# Comparison of {len(c.labels)} playthroughs", ""] + [f"- {md(x)}" for x in c.labels] + [""]
    out += ["## Where the decisions diverged", "", md(c.divergence.text), ""]
    out += [f"- {md(x)}" for x in c.divergence.choices] + [""]
    out += ["## Outcomes", ""] + _rows_table(c, c.outcomes, "Outcome")
    out += ["## The systems they left", ""] + _rows_table(c, c.systems, "At the end")
    out += ["## Habits side by side", ""]
    out += _table(["Measure"] + [md(x) for x in c.labels],
                  [[md(r.label)] + [f"{num(v)} ({md(s)})" if v is not None else md(s) for v, s in zip(r.values, r.shown,
                                                                                                       strict=True)]
                   for r in c.behaviours])
    for d in c.debriefs:
        out += ["---", "", debrief_markdown(d, level=2)]
    return "\n".join(out).rstrip() + "\n"


def to_markdown(obj: Debrief | Comparison) -> str:
    """A debrief or a comparison as Markdown."""
    return comparison_markdown(obj) if isinstance(obj, Comparison) else debrief_markdown(obj)

