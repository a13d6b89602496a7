"""The behaviour profile, part one: curiosity, perspectives, heading towards difficulty, connecting.

Every figure names the turns behind it (docs/debrief.md).
"""

from __future__ import annotations

import math
from collections import Counter

from sysplay.debrief.facts import Facts, PackInfo, and_list, pct, share, turns_text
from sysplay.debrief.habits import alliances, holding, reflection, self_organisation
from sysplay.debrief.knowledge import hidden_at_start, learned_turns
from sysplay.debrief.models import Behaviour, Metric, Relationships
from sysplay.debrief.relations import MADE_STRENGTH, MADE_TRUST, directed
from sysplay.scenarios.vocab import COMMAND_KINDS, REACHING_KINDS

#: Below this power an actor counts as one of the less powerful voices.
LOW_POWER = 0.4


def behaviours(f: Facts, rel: Relationships, info: PackInfo) -> list[Behaviour]:
    """The eight behaviours, each with its metrics and the turns behind them."""
    return [curiosity(f), perspectives(f), difficulty(f), connecting(f, rel),
            holding(f), self_organisation(f), reflection(f, info), alliances(f, info)]


def first_directive(f: Facts) -> int | None:
    """The turn of your first instruction or escalation, if any."""
    return next((t for t, m in f.all_moves() if f.kind(m.do) in COMMAND_KINDS), None)


def curiosity(f: Facts) -> Behaviour:
    """Being curious: how much you learned, and how much of it before you first gave an instruction."""
    hidden_map = hidden_at_start(f)
    hidden = [(k, x) for k, xs in hidden_map.items() for x in xs]
    learned = learned_turns(f, hidden_map)
    d = first_directive(f)
    before = [t for t in learned.values() if d is None or t < d]
    when = f"your first instruction ({f.snap.turn_label} {d})" if d else "the end (you gave no instruction)"
    concerns = sorted(f.snap.actors[k].name for (k, fact) in learned if fact == "concern")
    rate = Metric(id="reveal_rate", label="Hidden facts you learned", value=share(len(learned), len(hidden)),
                  shown=f"{len(learned)} of {len(hidden)} hidden facts", turns=sorted(set(learned.values())),
                  how="the share of the facts hidden at the start that you had learned by the end")
    first = Metric(id="reveals_before_first_directive", label="Learned before your first instruction",
                   value=share(len(before), len(hidden)), turns=sorted(set(before)),
                   shown=f"{len(before)} of {len(hidden)} hidden facts, before {when}",
                   how="the share of the hidden facts you learned before your first instruction or escalation")
    summary = (f"You learned {len(learned)} of {len(hidden)} hidden facts, {len(before)} of them before {when}"
               + (f"; you found out what worried {and_list(concerns)}." if concerns else "; you learned no one's concern."))
    return Behaviour(id="curiosity", name="Being curious and asking questions", summary=summary, metrics=[rate, first])


def perspectives(f: Facts) -> Behaviour:
    """Seeking multiple perspectives: how widely across kinds of organisation, and whose voices."""
    types_in_pack = {a.type for a in f.snap.actors}
    counts: Counter[str] = Counter()
    targeted, wide, turns = 0, 0, set()
    for t, m in f.all_moves():
        ks = f.targets(m)
        if not ks:
            continue
        targeted += 1
        turns.add(t)
        counts.update(f.snap.actors[k].type for k in ks)
        if any(k in f.voice or f.snap.actors[k].power < LOW_POWER for k in ks):
            wide += 1
    total = sum(counts.values())
    entropy = -sum(c / total * math.log(c / total) for c in counts.values()) if total else 0.0
    norm = entropy / math.log(len(types_in_pack)) if len(types_in_pack) > 1 else None
    wide_turns = [t for t, m in f.all_moves() if any(k in f.voice or f.snap.actors[k].power < LOW_POWER
                                                     for k in f.targets(m))]
    spread = Metric(id="type_spread", label="Spread across kinds of organisation",
                    value=None if norm is None or not total else round(norm, 4),
                    shown=f"{len(counts)} of {len(types_in_pack)} kinds of organisation engaged", turns=sorted(turns),
                    how="how evenly your moves were spread across the kinds of organisation in the game: 1 when "
                        "every kind had an equal share of your attention, near 0 when one kind had it all")
    low = Metric(id="voice_share", label="Moves that included a less powerful voice", value=share(wide, targeted),
                 shown=f"{wide} of {targeted} moves with someone", turns=sorted(set(wide_turns)),
                 how="the share of your moves with someone that included a community, patient, carer or voluntary "
                     "voice, or one of the less powerful organisations")
    summary = (f"You engaged {len(counts)} of {len(types_in_pack)} kinds of organisation; "
               + (f"{pct(low.value)} of your moves with someone included a less powerful voice." if targeted
                  else "you made no move with anyone in particular."))
    return Behaviour(id="perspectives", name="Seeking multiple perspectives", summary=summary, metrics=[spread, low])


def opposed(f: Facts) -> list[int]:
    """Actors opposed at the start (stance below zero), or the least supportive one if nobody was."""
    stance = f.start.stance
    out = [k for k in range(min(len(stance), len(f.snap.actors))) if stance[k] < 0]
    if not out and stance:
        out = [min(range(min(len(stance), len(f.snap.actors))), key=lambda k: (stance[k], k))]
    return out


def most_opposed_powerful(f: Facts) -> int | None:
    """The actor with the most power times opposition at the start."""
    stance = f.start.stance
    ks = range(min(len(stance), len(f.snap.actors)))
    if not ks:
        return None
    return max(ks, key=lambda k: (f.snap.actors[k].power * max(0.0, -stance[k]), -stance[k], -k))


def difficulty(f: Facts) -> Behaviour:
    """Heading towards difficulty: approaching the opposed by asking, and how soon."""
    opp = set(opposed(f))
    on_opp = [(t, m) for t, m in f.all_moves() if opp & set(f.targets(m))]
    asking = [t for t, m in on_opp if f.kind(m.do) in REACHING_KINDS]
    names = and_list(sorted(f.snap.actors[k].name for k in opp))
    approach = Metric(id="approach_with_inquiry", label="Approached the opposed by asking",
                      value=share(len(asking), len(on_opp)), turns=sorted(set(asking)),
                      shown=f"{len(asking)} of {len(on_opp)} moves with {names or 'the opposed'} were inquiry, "
                            "dialogue or connecting",
                      how="the share of your moves with those opposed at the start that asked, talked or connected "
                          "rather than told")
    k = most_opposed_powerful(f)
    first = next((t for t, m in f.all_moves() if k is not None and k in f.targets(m)), None)
    who = f.snap.actors[k].name if k is not None else "nobody"
    contact = Metric(id="first_contact_opposed", label=f"How soon you went to {who}",
                     value=None if k is None else (0.0 if first is None else round(1 - (first - 1) / max(1, f.n), 4)),
                     turns=[first] if first else [],
                     shown=f"first met in {f.snap.turn_label} {first}" if first else "never met",
                     how="how early you first engaged the most powerful of those opposed at the start: 1 in the "
                         "first week, falling week by week, 0 if never")
    did = (f"{pct(approach.value)} of your moves with those opposed at the start ({names}) asked rather than told"
           if on_opp else f"You made no move with those opposed at the start ({names})")
    went = f"you went to {who} in {f.snap.turn_label} {first}" if first else f"you never went to {who}"
    summary = f"{did}; {went}."
    return Behaviour(id="difficulty", name="Heading towards difficulty", summary=summary, metrics=[approach, contact])


def connecting(f: Facts, rel: Relationships) -> Behaviour:
    """Connecting the system: trusting ties made, hostile ties healed, voices engaged."""
    n = len(f.snap.actors)
    start, end = directed(f.snap.ties_start, n), directed(f.snap.ties_end, n)
    good = {key for key, (r, t, _) in start.items() if r > MADE_TRUST and t > MADE_STRENGTH}
    could = [key for key in set(start) | set(end) if key not in good
             and ((end.get(key) or (0, 0, False))[2] or (start.get(key) or (0, 0, False))[2])]
    hostile = [key for key, (r, _, k) in start.items() if r < 0 and k]
    voice_turns = [t for t, m in f.all_moves() if f.voice & set(f.targets(m))]
    voiced = {k for _, m in f.all_moves() for k in f.targets(m) if k in f.voice}
    made = Metric(id="ties_made", label="New trusting ties", value=share(len(rel.made), len(could)),
                  shown=f"{len(rel.made)} made, of {len(could)} known ties that were not trusting at the start",
                  how="the share of the relationships you knew of that were not trusting at the start and were "
                      "trusting, with regular contact, by the end", turns=[])
    alone = f"; {len(rel.healed_alone)} more healed without you bringing them together" if rel.healed_alone else ""
    healed = Metric(id="ties_healed", label="Hostile ties healed", value=share(len(rel.healed), len(hostile)),
                    shown=f"{len(rel.healed)} of {len(hostile)} known hostile ties{alone}", turns=[],
                    how="the share of the hostile relationships you knew of that turned trusting after one of your "
                        "moves brought both sides in; those that healed on their own are not counted")
    voices = Metric(id="voices_engaged", label="Community and user voices engaged",
                    value=share(len(voiced), len(f.voice)), turns=sorted(set(voice_turns)),
                    shown=f"{len(voiced)} of {len(f.voice)}",
                    how="the share of the community, patient, carer, Healthwatch and voluntary voices you worked "
                        "with at least once")
    summary = (f"{len(rel.made)} new trusting ties, {len(rel.healed)} hostile ties healed with you"
               + (f" ({len(rel.healed_alone)} more on their own)" if rel.healed_alone else "") + "; you engaged "
               f"{len(voiced)} of {len(f.voice)} community and user voices ({turns_text(voice_turns, f.snap.turn_label)}).")
    return Behaviour(id="connecting", name="Connecting the system, communities and users included",
                     summary=summary, metrics=[made, healed, voices])
