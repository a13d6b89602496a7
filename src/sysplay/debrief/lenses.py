"""Lenses as timelines: the group's mood (Bion), agreement and certainty (Stacey), asking and telling.

Each says what it is and what it is not: theory here is a way of looking, not a law.
"""

from __future__ import annotations

from collections import Counter

from sysplay.debrief.facts import MODE_NAMES, MOOD_WORDS, Facts, and_list, num, pct
from sysplay.debrief.models import Lens, LensPoint
from sysplay.scenarios.vocab import ADVOCACY_KINDS, INQUIRY_KINDS, MODES

ZONE_WORDS: dict[str, str] = {
    "simple": "agreed and fairly certain: plans and instructions tend to land",
    "political": "fairly certain but divided: coalitions and negotiation tend to land",
    "judgmental": "agreed on aims but unsure of the facts: shared purpose and judgement tend to land",
    "complexity": "neither agreed nor certain: listening, dialogue and small tests tend to land",
    "chaos": "little agreement and little certainty: steadying things first tends to land",
}

BION_IS = ("A lens on the group's mood. Bion noticed that groups slip from their task into shared, unspoken "
           "assumptions: waiting for a leader to rescue them (dependency), finding someone to fight or flee "
           "(fight-flight), or hoping two others will produce the answer (pairing). Here each turn's mood is "
           "shown by its symptoms.")
BION_NOT = ("A diagnosis of anyone, or a measure of a real group. The game models the mood roughly, from "
            "anxiety, conflict and your rescuing moves; its use is in the questions it raises.")
STACEY_IS = ("A heuristic: how far people agree, crossed with how predictable the system is (how much its numbers "
             "jump about and surprise, how hostile the network is, how close to its limits it runs), as a prompt for "
             "which kind of move might fit. Zone-fit is the mean multiplier the zone gave your moves "
             "(above 1, they suited it; well below 1, they could backfire).")
STACEY_NOT = ("A map of the territory, or a rule. Stacey himself stopped using the diagram in 2003, saying it was "
              "being used to prop up the planning mindset it was meant to question. Treat the zones as a "
              "conversation starter.")
ASK_IS = ("The balance between asking (listening, reflecting, dialogue) and telling (instructing, escalating, "
          "advocating, funding) in your diary, after Argyris and Schön, and Isaacs' practices of listening and "
          "voicing.")
ASK_NOT = ("A score where asking always wins. Telling has its place when people need a decision; the question is "
           "whether you chose the balance or fell into it.")


def lenses(f: Facts) -> list[Lens]:
    """The three lenses, each a timeline over the turns played."""
    return [bion(f), stacey(f), asking(f)]


def bion(f: Facts) -> Lens:
    """The group's mood per turn, shown as symptoms, with what you did just before each change."""
    points = [LensPoint(turn=t.turn, label=MOOD_WORDS.get(t.mode, t.mode), detail=MODE_NAMES.get(t.mode, t.mode))
              for t in f.played]
    counts = Counter(t.mode for t in f.played)
    parts = [f"{MOOD_WORDS[m]} in {counts[m]}" for m in MODES if counts[m]]
    notes = []
    for prev, t in zip(f.played, f.played[1:], strict=False):
        if t.mode != prev.mode:
            did = and_list([f"'{f.label(m.do)}'" + (f" with {and_list([f.name(a) for a in m.target])}" if m.target else "")
                            for m in f.moves(prev.turn)]) or "nothing"
            notes.append(f"{f.snap.turn_label.capitalize()} {t.turn}: from {MOOD_WORDS.get(prev.mode, prev.mode)} to "
                         f"{MOOD_WORDS.get(t.mode, t.mode)}. The {f.snap.turn_label} before, you did {did}.")
    shares = f.end.mode_shares
    if len(shares) == len(MODES):
        notes.append("At the end the mood was " + and_list([f"{pct(s)} {MOOD_WORDS[m]}" for m, s in zip(MODES, shares,
                                                                                                        strict=True)]) + ".")
    summary = f"Over {f.n} {f.snap.turn_label}s: " + ("; ".join(parts) if parts else "no turns played") + "."
    return Lens(id="bion", name="The group's mood (after Bion)", what_it_is=BION_IS, what_it_is_not=BION_NOT,
                summary=summary, points=points, notes=notes)


def zone_fit(f: Facts, turn: int) -> float | None:
    """The mean zone multiplier of your moves in ``turn`` (None if you made none)."""
    ms = f.moves(turn)
    return round(sum(m.zone_mult for m in ms) / len(ms), 4) if ms else None


def stacey(f: Facts) -> Lens:
    """The zone per turn (from agreement and certainty) and how well your moves fitted it."""
    points = [LensPoint(turn=t.turn, label=t.zone, value=zone_fit(f, t.turn),
                        detail=f"agreement {num(t.agreement)}, certainty {num(t.certainty)}") for t in f.played]
    all_moves = [m for _, m in f.all_moves()]
    fit = sum(m.zone_mult for m in all_moves) / len(all_moves) if all_moves else None
    counts = Counter(t.zone for t in f.played)
    zones = "; ".join(f"{z} in {c}" for z, c in counts.most_common())
    notes = [f"{z.capitalize()}: {ZONE_WORDS[z]}." for z in ZONE_WORDS if counts.get(z)]
    summary = (f"Zones over {f.n} {f.snap.turn_label}s: {zones or 'none'}. Your moves' zone-fit averaged "
               f"x{num(fit)}." if fit is not None else f"Zones: {zones or 'none'}; you made no moves.")
    return Lens(id="stacey", name="Agreement and certainty (after Stacey)", what_it_is=STACEY_IS,
                what_it_is_not=STACEY_NOT, summary=summary, points=points, notes=notes)


def asking(f: Facts) -> Lens:
    """Asking against telling, per turn."""
    points = []
    total_ask = total_tell = 0
    for t in f.played:
        kinds = [f.kind(m.do) for m in f.moves(t.turn)]
        ask = sum(k in INQUIRY_KINDS for k in kinds)
        tell = sum(k in ADVOCACY_KINDS for k in kinds)
        total_ask, total_tell = total_ask + ask, total_tell + tell
        points.append(LensPoint(turn=t.turn, label=f"{ask} asking, {tell} telling",
                                value=round(ask / (ask + tell), 4) if ask + tell else None,
                                detail=f"{len(kinds) - ask - tell} connecting or testing"))
    both = total_ask + total_tell
    summary = (f"{total_ask} asking moves and {total_tell} telling moves: {pct(total_ask / both)} asking."
               if both else "No asking or telling moves.")
    return Lens(id="asking", name="Asking and telling (inquiry and advocacy)", what_it_is=ASK_IS,
                what_it_is_not=ASK_NOT, summary=summary, points=points)
