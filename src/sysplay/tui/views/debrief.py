"""The debrief's sections as literal text: story, charts, relationships, moments, habits, lenses, questions, comparison.

Everything here reads a :class:`sysplay.debrief.models.Debrief` (or ``Comparison``) and builds
``Content`` from plain string parts, so nothing from a pack or a save is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content

if TYPE_CHECKING:
    from sysplay.debrief.models import Comparison, Debrief, Row, Series

Part = str | tuple[str, str]
BARS = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[float | None]) -> str:
    """A one-line sparkline, one character per turn (a gap where nothing was measured)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    lo, hi = min(known), max(known)
    span = hi - lo or 1.0
    return "".join(" " if v is None else BARS[min(7, int((v - lo) / span * 7.999))] for v in values)


def _n(v: float | None, digits: int = 2) -> str:
    if v is None:
        return "–"
    return (f"{v:.{digits}f}" if abs(v) < 100 else f"{v:.0f}").replace("-", "−")


def _join(parts: list[Part]) -> Content:
    return Content.assemble(*parts)


def _head(text: str) -> list[Part]:
    return [(text, "bold underline"), "\n"]


def story(d: Debrief) -> Content:
    """How it ended, then every turn: the mood, your moves, what happened, your notes."""
    m = d.meta
    label = m.turn_label.capitalize()
    parts: list[Part] = [(m.title, "bold"), f" · seed {m.seed} · {m.turns_played} of {m.turns_total} {m.turn_label}s",
                         "\n", f"You were {m.role}.\n" if m.role else ""]
    if m.parent:
        parts.append(f"A branch of {m.parent}, from {m.turn_label} {m.parent_turn}.\n")
    if m.ending:
        parts += ["\n", (m.ending_title or m.ending, "bold"), f" ({m.ending_tone})\n", m.ending_text, "\n"]
        parts.append(f"Overall outcome {_n(m.outcome)} (good is {_n(m.good_at)} or more)\n")
    for notice in m.notices:
        parts += [("Note: ", "italic"), (notice, "italic"), "\n"]
    parts += ["\n", *_head("Timeline")]
    for t in d.timeline:
        parts += ["\n", (f"{label} {t.turn}", "bold"), f"  ({t.mood}; outcome {_n(t.outcome)})\n"]
        if t.answer is not None:
            parts += ["  Decided on ", t.answer.label, ": ", t.answer.choice_label, "\n"]
        for mv in t.moves:
            who = f" → {', '.join(mv.targets)}" if mv.targets else ""
            parts += ["  • ", mv.label, who, ("  (tailored)" if mv.tailored else ""), "\n"]
        if not t.moves:
            parts.append("  • no moves\n")
        for mv in t.landed:
            parts += ["  ↳ landed: ", mv.label, "\n"]
        for ev in t.events:
            parts += ["  ■ ", ev.label, f" ({ev.what})\n"]
        for r in t.reveals:
            parts += ["  ✦ learned ", r, "\n"]
        for a in t.actions:
            from sysplay.debrief.words import action_words

            parts += [("  ⚑ facilitator: ", "bold"), action_words(d, a), "\n"]
        for v in t.votes:
            counts = ", ".join(f"{k} {n}" for k, n in v.counts.items())
            parts += [("  ✋ room vote: ", "bold"), counts, "\n"]
        for n in t.notes:
            who = "facilitator's note" if n.kind == "facilitator" else "your note"
            parts += [(f"  ✎ {who}: ", "bold"), n.text, "\n"]
    for n in d.after_notes:
        parts += [("✎ after the game: ", "bold"), n.text, "\n"]
    return _join(parts)


def charts(d: Debrief) -> Content:
    """Every measured series as a sparkline, with where it started and ended and which way is good."""
    parts: list[Part] = _head("How things moved, turn by turn (one mark per turn; the start first)")
    groups: dict[str, list[Series]] = {}
    for s in d.trajectories:
        groups.setdefault(s.group, []).append(s)
    names = {"stock": "The system", "dimension": "Outcome dimensions", "outcome": "Overall", "group": "You and the group"}
    for group, series in groups.items():
        parts += ["\n", (names.get(group, group.capitalize()), "bold"), "\n"]
        for s in series:
            known = [v for v in s.values if v is not None]
            first, last = (known[0], known[-1]) if known else (None, None)
            good = {"up": "▲ higher is better", "down": "▼ lower is better"}.get(s.good, "")
            unit = f" {s.unit}" if s.unit else ""
            parts += ["  ", (s.label, "bold"), "\n", f"    {spark(s.values)}  {_n(first)} → {_n(last)}{unit}",
                      (f"   {good}" if good else "", "$text-muted"), "\n"]
    return _join(parts)


def relationships(d: Debrief) -> Content:
    """Ties made, healed and broken; trust in you before and after."""
    r = d.relationships
    parts: list[Part] = _head("Relationships, start to end")
    for title, ties in (("Ties made", r.made), ("Ties healed with you", r.healed),
                        ("Ties that healed on their own (not credited to you)", r.healed_alone), ("Ties broken", r.broken)):
        parts += ["\n", (title, "bold"), "\n"]
        if not ties:
            parts.append("  none\n")
        for t in ties:
            parts += ["  ", t.source, " → ", t.target, f": trust {_n(t.trust_before)} → {_n(t.trust_after)}, "
                      f"contact {_n(t.strength_before)} → {_n(t.strength_after)}\n"]
    parts += ["\n", ("Trust in you", "bold"), "\n"]
    for tl in r.trust_in_you:
        mark = "▲" if tl.after > tl.before + 0.005 else "▼" if tl.after < tl.before - 0.005 else "="
        parts += [f"  {mark} ", tl.actor, f": {_n(tl.before)} → {_n(tl.after)}\n"]
    return _join(parts)


def moments(d: Debrief) -> Content:
    """The critical moments and the causal chain behind each."""
    parts: list[Part] = _head("Critical moments")
    for mo in d.moments:
        parts += ["\n", (mo.title, "bold"), "\n"]
        parts += [item for line in mo.chain for item in ("  · ", line, "\n")]
    if not d.moments:
        parts.append("No single moment stood out.\n")
    return _join(parts)


def habits(d: Debrief) -> Content:
    """The behaviour profile: each system-leadership behaviour and the measures behind it."""
    parts: list[Part] = _head("Your habits (what your choices show, not a score of you)")
    for b in d.behaviours:
        parts += ["\n", (b.name, "bold"), "\n", "  ", b.summary, "\n"]
        for mt in b.metrics:
            parts += ["    ", (mt.label, "italic"), ": ", mt.shown, ("   (" + mt.how + ")", "$text-muted"), "\n"]
    return _join(parts)


def lenses(d: Debrief) -> Content:
    """Each lens: what it is, what it is not, and what it shows of this playthrough."""
    parts: list[Part] = _head("Lenses: ways of looking, not laws")
    for lens in d.lenses:
        parts += ["\n", (lens.name, "bold"), "\n", "  ", lens.summary, "\n",
                  ("  What it is: ", "italic"), lens.what_it_is, "\n", ("  What it is not: ", "italic"),
                  lens.what_it_is_not, "\n"]
        parts += [item for note in lens.notes for item in ("  · ", note, "\n")]
    return _join(parts)


def questions(d: Debrief) -> Content:
    """Questions for reflection, what you knew against what was true, and the do-no-harm layer."""
    parts: list[Part] = _head("Questions to take away")
    for q in d.questions:
        where = f" ({d.meta.turn_label} {q.turn})" if q.turn else ""
        parts += ["  ? ", q.text, (where, "$text-muted"), "\n"]
    parts += ["\n", *_head("What you knew, and what was true")]
    for item in d.knew:
        k: Any = item  # the debrief's shape is still settling: an actor's truths, or one move's knowledge
        parts += ["  ", (str(k.actor), "bold"), "\n"]
        parts += [part for truth in getattr(k, "truths", []) for part in ("    · ", str(truth), "\n")]
        parts += [part for hidden in getattr(k, "hidden", []) for part in ("    you did not know ", str(hidden), "\n")]
    h = d.harm
    parts += ["\n", *_head("Do no harm")]
    parts.append(f"  Harm done: {_n(h.harm_dimension)} (lower is better)\n")
    for tl in h.trust_lost:
        parts += ["  Trust lost: ", tl.actor, f" {_n(tl.before)} → {_n(tl.after)}\n"]
    for mv in h.irreversible:
        parts += ["  Could not be undone: ", mv.label, f" ({d.meta.turn_label} {mv.turn})\n"]
    from sysplay.debrief.words import voices_words

    parts += ["  ", voices_words(h), "\n"]
    return _join(parts)


def _short(label: str) -> str:
    """A column label: the team or player (``A: Red`` -> ``Red``), cut to fit."""
    name = label.split(": ", 1)[1] if ": " in label[:4] else label
    return name.split(",", 1)[0][:16]


def _rows(c: Comparison, rows: list[Row], title: str) -> list[Part]:
    parts: list[Part] = ["\n", (title, "bold"), "\n"]
    for r in rows:
        cells = "   ".join(f"{_short(lab)} {shown}" for lab, shown in zip(c.labels, r.shown, strict=False))
        parts += ["  ", (r.label, "bold"), ": ", cells, "\n"]
    return parts


def comparison(c: Comparison) -> Content:
    """Several playthroughs side by side, and where their decisions first differed."""
    parts: list[Part] = [*_head("Side by side")]
    parts += [item for lab in c.labels for item in ("  ", lab, "\n")]
    parts += ["\n", c.divergence.text, "\n"]
    parts += [item for choice in c.divergence.choices for item in ("  · ", choice, "\n")]
    parts += _rows(c, c.outcomes, "Outcomes") + _rows(c, c.behaviours, "Habits") + _rows(c, c.systems, "The system")
    return _join(parts)


SECTIONS = (("Story", story), ("Charts", charts), ("Relationships", relationships), ("Moments", moments),
            ("Habits", habits), ("Lenses", lenses), ("Questions", questions))


def one_page(obj: Debrief | Comparison) -> Content:
    """The one-page summary for a room (of one playthrough, or of a cohort of teams)."""
    from sysplay.debrief.summary import lines
    from sysplay.debrief.summary import one_page as summarise

    parts: list[Part] = []
    for k, (head, body) in enumerate(lines(summarise(obj))):
        parts += ["\n" if k else "", (head, "bold underline" if k else "bold"), "\n"]
        parts += [item for line in body for item in ("  • ", line, "\n")]
    return _join(parts)
