"""The one-page debrief for a room's plenary: the few things worth talking about, for one team or a cohort.

Built from the full :class:`~sysplay.debrief.models.Debrief` (or a comparison), so it says nothing the
full debrief does not; it chooses. Plain text only: each export escapes it.
"""

from __future__ import annotations

from pydantic import Field

from sysplay.debrief.facts import and_list, num, turns_text
from sysplay.debrief.models import Comparison, Debrief, DebriefModel
from sysplay.debrief.words import ending_words, voices_words

#: Trust in you that differs by at least this between two actors at the end reads as taking sides.
SIDES_GAP = 0.6
#: Trust in you below this at the end is as good as gone.
LOST = 0.1
#: How many critical moments the page keeps.
MOMENTS = 3

CANNOT_KNOW = [
    "what was said in the room, how it felt, and who spoke up or stayed quiet;",
    "the history and relationships between your real organisations, or the people in them;",
    "your local numbers: these are an invented place, and its figures are rough on purpose;",
    "whether a move as worded here would land the same way with the people you work with;",
    "what happens after the last turn: a model stops, a system does not.",
]


class SpreadRow(DebriefModel):
    """One figure across the teams of a cohort: each team's value, the lowest, the highest and the spread."""

    label: str
    values: list[float | None]
    low: str
    high: str
    spread: float | None


class Summary(DebriefModel):
    """One playthrough on one page."""

    team: str
    title: str
    ending: str
    moments: list[str] = Field(default_factory=list)
    habits: list[str] = Field(default_factory=list)
    sides: str
    trust: list[str] = Field(default_factory=list)
    left_for_next: list[str] = Field(default_factory=list)
    ties: str
    voices: str
    room: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    cannot_know: list[str] = Field(default_factory=lambda: list(CANNOT_KNOW))


class CohortSummary(DebriefModel):
    """Several teams on one page: each team's summary and the spread of the cohort."""

    title: str
    teams: list[str]
    divergence: str
    choices: list[str] = Field(default_factory=list)
    caveat: str = ""
    spread: list[SpreadRow] = Field(default_factory=list)
    summaries: list[Summary] = Field(default_factory=list)
    cannot_know: list[str] = Field(default_factory=lambda: list(CANNOT_KNOW))


def team_name(d: Debrief) -> str:
    """The team (the save's player) or, failing that, the save's id."""
    return d.meta.player or d.meta.save_id


def sides(d: Debrief) -> tuple[str, list[str]]:
    """Whose side you were seen on: the spread of trust in you across actors at the end."""
    trust = sorted(d.relationships.trust_in_you, key=lambda t: -t.after)
    lines = [f"{t.actor} {num(t.after)}" for t in trust]
    if len(trust) < 2:
        return "There was only one actor to trust you.", lines
    hi, lo = trust[0], trust[-1]
    if hi.after - lo.after >= SIDES_GAP:
        text = (f"You were seen as on one side: {hi.actor} trusted you {num(hi.after)}, {lo.actor} "
                f"{num(lo.after)}. Taking sides may have been a choice; the others will have noticed it either way.")
    else:
        text = (f"Nobody saw you as firmly on one side: trust in you ran from {num(lo.after)} ({lo.actor}) to "
                f"{num(hi.after)} ({hi.actor}).")
    if lo.after < LOST:
        text += f" {lo.actor} hardly trusts you at all now."
    return text, lines


def left_for_next(d: Debrief) -> list[str]:
    """What the game's end leaves behind: moves still to land, capital unused, dependency built."""
    m = d.meta
    last = d.timeline[-1].turn if d.timeline else 0
    out = []
    pending = [mv for t in d.timeline for mv in t.moves if mv.queued_for is not None and mv.queued_for > last]
    for mv in pending:
        out.append(f"'{mv.label}' (from {m.turn_label} {mv.turn}) was due to land in {m.turn_label} {mv.queued_for}, "
                   "after the end: its effects are not in these figures.")
    if d.timeline:
        out.append(f"Political capital left unused: {num(d.timeline[-1].capital)}.")
    dep = next((lens for lens in d.lenses if lens.id == "bion"), None)
    waiting = [p.turn for p in dep.points if p.detail == "dependency"] if dep else []
    if waiting:
        out.append(f"People were waiting for you to decide in {len(waiting)} of {len(d.timeline)} "
                   f"{m.turn_label}s, the last in {m.turn_label} {waiting[-1]}: a dependency the next winter inherits.")
    else:
        out.append("The group did not fall into waiting for you to decide.")
    return out


def ties_words(d: Debrief) -> str:
    """Ties made and healed with you, and those that healed on their own (not credited)."""
    r = d.relationships
    alone = (f" {len(r.healed_alone)} hostile tie(s) healed on their own, without you bringing the two sides "
             "together; they are not counted as yours." if r.healed_alone else "")
    return (f"{len(r.made)} new trusting tie(s); {len(r.healed)} hostile tie(s) healed after you brought both "
            f"sides together; {len(r.broken)} broken.{alone}")


def room_lines(d: Debrief) -> list[str]:
    """The room's votes and the facilitator's live control of events, as recorded in the save."""
    from sysplay.debrief.words import action_words

    label = d.meta.turn_label
    out = [f"Facilitator ({label} {a.turn}): {action_words(d, a)}." for a in d.facilitator]
    votes = [v for t in d.timeline for v in t.votes]
    if votes:
        out.append(f"Room votes recorded: {len(votes)} (in {turns_text([v.turn for v in votes], label)}).")
    return out


def habit_lines(d: Debrief) -> list[str]:
    """The behaviours' one-line summaries, short enough for a page."""
    return [f"{b.name}: {b.summary}" for b in d.behaviours]


def summarise(d: Debrief) -> Summary:
    """One playthrough on one page."""
    text, trust = sides(d)
    moments = sorted(d.moments, key=lambda mo: -mo.weight)[:MOMENTS]
    return Summary(
        team=team_name(d), title=d.meta.title, ending=ending_words(d),
        moments=[mo.title for mo in sorted(moments, key=lambda mo: mo.turn)],
        habits=habit_lines(d), sides=text, trust=trust, left_for_next=left_for_next(d), ties=ties_words(d),
        voices=voices_words(d.harm), room=room_lines(d), questions=[q.text for q in d.questions if q.source != "pack"][:3],
    )


def _spread(label: str, values: list[float | None], names: list[str]) -> SpreadRow:
    known = [(v, n) for v, n in zip(values, names, strict=True) if v is not None]
    if not known:
        return SpreadRow(label=label, values=values, low="-", high="-", spread=None)
    lo, hi = min(known), max(known)
    whole = all(float(v).is_integer() for v, _ in known)

    def show(v: float) -> str:
        return f"{v:.0f}" if whole else num(v)

    return SpreadRow(label=label, values=values, low=f"{show(lo[0])} ({lo[1]})", high=f"{show(hi[0])} ({hi[1]})",
                     spread=round(hi[0] - lo[0], 4))


def cohort(c: Comparison) -> CohortSummary:
    """Several teams on one page: the spread of the cohort, then each team's summary."""
    names = [team_name(d) for d in c.debriefs]
    rows = [_spread(r.label, r.values, names) for r in c.outcomes if any(v is not None for v in r.values)]
    for key, label in (("trust_in_you", "Mean trust in you"), ("on_board", "Actors on board at the end")):
        rows.append(_spread(label, [d.final.get(key) for d in c.debriefs], names))
    spreads = [s for s in (max((t.after for t in d.relationships.trust_in_you), default=0.0)
                           - min((t.after for t in d.relationships.trust_in_you), default=0.0) for d in c.debriefs)]
    rows.append(_spread("Gap between most and least trust in you (taking sides)", list(spreads), names))
    first = c.debriefs[0].meta
    played = [d.meta.turns_played for d in c.debriefs]
    caveat = ""
    if len(set(played)) > 1:
        caveat = (f"The teams played different numbers of {first.turn_label}s ("
                  + ", ".join(f"{n} {p}" for n, p in zip(names, played, strict=True))
                  + "): each team's figures are as it left them.")
    return CohortSummary(title=first.title, teams=names, divergence=c.divergence.text,
                         choices=list(c.divergence.choices), caveat=caveat, spread=rows,
                         summaries=[summarise(d) for d in c.debriefs])


def one_page(obj: Debrief | Comparison) -> Summary | CohortSummary:
    """The one-page debrief of a playthrough, or of a cohort of teams."""
    return cohort(obj) if isinstance(obj, Comparison) else summarise(obj)


def lines(s: Summary | CohortSummary) -> list[tuple[str, list[str]]]:
    """The page as (heading, lines) sections of plain text, in order (every export draws these)."""
    if isinstance(s, CohortSummary):
        head = [f"Teams: {and_list(s.teams)}.", s.divergence, *s.choices] + ([s.caveat] if s.caveat else [])
        out = [(f"{s.title}: {len(s.teams)} teams", head)]
        out.append(("The spread of the cohort", [f"{r.label}: {r.low} to {r.high}" + (
            f" (a spread of {_spread_text(r)})" if r.spread is not None else "") for r in s.spread]))
        for team in s.summaries:
            out.append((f"Team {team.team}", [team.ending, team.sides, team.ties, team.voices,
                                              *team.left_for_next[:2], *team.room]))
        out.append(("What the model cannot know", s.cannot_know))
        return out
    return [
        (f"{s.title}: {s.team}", [s.ending]),
        ("What stood out", s.moments or ["Nothing stood out."]),
        ("Whose side you were seen on", [s.sides, "Trust in you at the end: " + "; ".join(s.trust) + "."]),
        ("What you left for next winter", s.left_for_next),
        ("Relationships and voices", [s.ties, s.voices]),
        *([("In the room", s.room)] if s.room else []),
        ("Habits your choices showed", s.habits),
        ("Questions for the room", s.questions),
        ("What the model cannot know", s.cannot_know),
    ]


def _spread_text(r: SpreadRow) -> str:
    assert r.spread is not None
    return f"{r.spread:.0f}" if float(r.spread).is_integer() else num(r.spread)


def summary_markdown(s: Summary | CohortSummary) -> str:
    """The page as Markdown (every line escaped)."""
    from sysplay.sanitize import md

    out = []
    for k, (head, body) in enumerate(lines(s)):
        out += [f"{'#' if k == 0 else '##'} {md(head)}", ""] + [f"- {md(x)}" for x in body] + [""]
    return "\n".join(out).rstrip() + "\n"


PAGE_CSS = """
body{margin:0;font:15px/1.45 Georgia,'Times New Roman',serif;color:#111;background:#fff}
main{max-width:1000px;margin:0 auto;padding:18px 24px}h1{font-size:1.6rem;margin:.2em 0}
h2{font-size:1.1rem;border-bottom:2px solid #111;margin:1em 0 .3em}ul{margin:.2em 0;padding-left:1.2em}
section.box{border:3px solid #111;padding:4px 14px;margin-top:1em}
@media print{body{font-size:10.5pt}main{padding:0}@page{margin:12mm}section{break-inside:avoid}}
"""


def summary_html(s: Summary | CohortSummary) -> str:
    """The page as one self-contained, print-friendly HTML file (no scripts, nothing loaded from elsewhere)."""
    from sysplay.debrief.html import CSP
    from sysplay.debrief.svg import esc

    parts = []
    for k, (head, body) in enumerate(lines(s)):
        items = "".join(f"<li>{esc(x)}</li>" for x in body)
        if k == 0:
            parts.append(f"<h1>{esc(head)}</h1><ul>{items}</ul>")
        else:
            cls = ' class="box"' if head == "What the model cannot know" else ""
            parts.append(f"<section{cls}><h2>{esc(head)}</h2><ul>{items}</ul></section>")
    title = esc(lines(s)[0][0])
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>One page: {title}</title>'
            f"<style>{PAGE_CSS}</style></head><body><main>{''.join(parts)}</main></body></html>\n")
