"""Plain-text phrases shared by the Markdown and HTML exports (unescaped: each export escapes them)."""

from __future__ import annotations

from sysplay.debrief.facts import and_list, num, signed, turns_text
from sysplay.debrief.models import (
    ActionLine,
    ActorTruth,
    Debrief,
    Harm,
    KnewLine,
    MoveLine,
    NoteLine,
    TieLine,
    TrustLine,
    TurnLine,
)

TONE_WORDS = {"good": "a good ending", "mixed": "a mixed ending", "poor": "a poor ending"}
NOTE_WHO = {"player": "Your note", "facilitator": "Facilitator's note"}


def week(d: Debrief, turn: int) -> str:
    """``Week 3`` in the pack's own word for a turn."""
    return f"{d.meta.turn_label.capitalize()} {turn}"


def move_words(d: Debrief, m: MoveLine) -> str:
    """A move in words: what, with whom, tailored to whom, and when it lands."""
    text = m.label + (f" with {and_list(m.targets)}" if m.targets else "")
    extra = []
    if m.tailored:
        extra.append(f"tailored to what you knew of {and_list(m.tailored)}")
    if m.queued_for is not None:
        extra.append(f"lands in {d.meta.turn_label} {m.queued_for}")
    if m.landed_from is not None:
        extra.append(f"planned in {d.meta.turn_label} {m.landed_from}")
    if m.irreversible:
        extra.append("cannot be undone")
    if m.refused:
        extra.append(f"refused: {m.refused}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def turn_head(d: Debrief, t: TurnLine) -> str:
    """A turn's heading: zone and the group's mood."""
    return f"{week(d, t.turn)}: {t.zone or 'no'} zone; the mood: {t.mood}"


def action_words(d: Debrief, a: ActionLine) -> str:
    """A facilitator's order in words."""
    label = d.meta.turn_label
    return {
        "inject": f"injected '{a.label}' (it happened whatever its condition and chance)",
        "skip": f"skipped '{a.label}' this {label}",
        "delay": f"delayed '{a.label}' by {a.turns} {label}{'s' if a.turns != 1 else ''}",
        "override": f"set the roll for '{a.label}' to {num(a.roll)}",
    }.get(a.kind, f"{a.kind} '{a.label}'")


def turn_facts(d: Debrief, t: TurnLine) -> list[tuple[str, str]]:
    """(label, text) lines for one turn of the timeline (notes and votes are rendered separately)."""
    rows: list[tuple[str, str]] = [("Facilitator", action_words(d, a)) for a in t.actions]
    if t.answer is not None:
        rows.append(("You answered", f"'{t.answer.label}': {t.answer.choice_label}"))
    rows += [("You", move_words(d, m)) for m in t.moves]
    rows += [("Landed", move_words(d, m)) for m in t.landed]
    rows += [("Event", e.label + (" (a dilemma for you to answer)" if e.dilemma else "")
              + ("" if e.what in ("", "fired") else f" ({e.what})")) for e in t.events]
    if t.reveals:
        rows.append(("You learned", "; ".join(t.reveals)))
    if t.stages:
        rows.append(("Adoption", "; ".join(t.stages)))
    rows.append(("Figures", f"surprise {num(t.surprise)}; holding {num(t.holding)}; capital {num(t.capital)}; "
                            f"outcome {num(t.outcome)}"))
    return rows


def note_words(n: NoteLine) -> str:
    """Who wrote a note."""
    return NOTE_WHO.get(n.kind, "Note")


def knew_groups(d: Debrief, a: ActorTruth) -> list[str]:
    """Your moves with an actor, grouped while what you knew stayed the same: one line per group."""
    groups: list[list[KnewLine]] = []
    for k in a.moves:
        if groups and (groups[-1][-1].knew, groups[-1][-1].hidden) == (k.knew, k.hidden):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = []
    for g in groups:
        when = turns_text([k.turn for k in g], d.meta.turn_label)
        moves = list(dict.fromkeys(m for k in g for m in k.moves))
        knew = f"you knew {'; '.join(g[0].knew)}" if g[0].knew else ""
        hidden = f"you did not yet know {'; '.join(g[0].hidden)}" if g[0].hidden else ""
        what = "; ".join(x for x in (knew, hidden) if x) or "nothing was hidden from you"
        out.append(f"{when[0].upper()}{when[1:]} ({', '.join(moves)}): {what}.")
    return out


def learned_words(d: Debrief, a: ActorTruth, truth: str) -> str:
    """A truth and when you learned it."""
    words = truth.split(":", 1)[0].replace(" (not recorded)", "")
    when = a.learned.get(words)
    return truth + (f" (you learned this in {d.meta.turn_label} {when})" if when else " (you never learned this)")


def vote_words(counts: dict[str, int]) -> str:
    """A room vote's counts."""
    return ", ".join(f"{k}: {v}" for k, v in counts.items()) or "no votes"


def tie_words(t: TieLine) -> str:
    """A tie's change in words."""
    if t.trust_before is None:
        return f"{t.source} towards {t.target}: a new tie, trust {num(t.trust_after)}, contact {num(t.strength_after)}"
    if t.trust_after is None:
        return f"{t.source} towards {t.target}: faded away (trust was {num(t.trust_before)})"
    return (f"{t.source} towards {t.target}: trust {num(t.trust_before)} to {num(t.trust_after)}, "
            f"contact {num(t.strength_before)} to {num(t.strength_after)}")


def trust_words(t: TrustLine) -> str:
    """An actor's trust in you, before and after."""
    return f"{t.actor}: {num(t.before)} to {num(t.after)} ({signed(t.after - t.before)})"


def voices_words(h: Harm) -> str:
    """Whom of the community and user voices you left out, and whom you met only once."""
    once = f"only once: {and_list(h.engaged_once)}" if h.engaged_once else ""
    if h.left_out:
        return f"Left out (never engaged): {', '.join(h.left_out)}" + (f"; engaged {once}" if once else "") + "."
    if once:
        return f"You engaged every community and user voice at least once, but some {once}."
    return "You engaged every community and user voice, each in more than one turn."


def ending_words(d: Debrief) -> str:
    """How it ended, in one line."""
    m = d.meta
    if not m.ending_title:
        return f"Not finished: {m.turns_played} of {m.turns_total} {m.turn_label}s played."
    tone = TONE_WORDS.get(m.ending_tone, m.ending_tone)
    return f"{m.ending_title} ({tone}); overall outcome {num(m.outcome)}, where {num(m.good_at)} or more counts as good."


def byline(d: Debrief) -> str:
    """Who, which role, which seed, how far."""
    m = d.meta
    who = f"played by {m.player}; " if m.player else ""
    fork = f"; a fork of {m.parent} from {m.turn_label} {m.parent_turn}" if m.parent else ""
    level = f"difficulty {m.difficulty}; " if m.difficulty else ""
    return (f"{m.role}; {who}seed {m.seed}; {level}{m.turns_played} of {m.turns_total} {m.turn_label}s; "
            f"save {m.save_id}{fork}; data from the {'replayed game' if m.source == 'replay' else 'save snapshot'}")


SECTIONS = [("habits", "Your habits"), ("moments", "Critical moments"), ("timeline", "What happened"),
            ("trajectories", "How things moved"), ("relationships", "Relationships"), ("lenses", "Lenses"),
            ("knew", "What you knew, and what was true"), ("harm", "Do no harm"),
            ("questions", "Questions to reflect on")]
