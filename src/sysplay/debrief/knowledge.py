"""What you knew and what was true, per actor and at each of your moves with them."""

from __future__ import annotations

from sysplay.debrief.facts import FACT_WORDS, Facts, num, signed
from sysplay.debrief.models import ActorTruth, KnewLine
from sysplay.playthroughs.snapshot import TurnSnap
from sysplay.scenarios.vocab import HIDDEN_FACTS


def hidden_at_start(f: Facts) -> dict[int, list[str]]:
    """Per actor, the facts you did not know at the start (a concern only if the actor has one)."""
    start = f.start.known
    out: dict[int, list[str]] = {}
    for k, a in enumerate(f.snap.actors):
        known = set(start[k]) if k < len(start) else set()
        facts = [x for x in HIDDEN_FACTS if x not in known and (x != "concern" or a.id in f.snap.concerns)]
        facts += [x for x in f.snap.facts.get(a.id, {}) if x not in known]
        if facts:
            out[k] = facts
    return out


def learned_turns(f: Facts, hidden: dict[int, list[str]]) -> dict[tuple[int, str], int]:
    """The turn in which you learned each hidden fact you learned."""
    out: dict[tuple[int, str], int] = {}
    for t in f.played:
        now = t.known
        for k, facts in hidden.items():
            for x in facts:
                if (k, x) not in out and k < len(now) and x in now[k]:
                    out[(k, x)] = t.turn
    return out


def truth_text(f: Facts, k: int, fact: str, at: TurnSnap) -> str:
    """The truth of one hidden fact, in words."""
    actor = f.snap.actors[k]
    words = FACT_WORDS.get(fact, fact)
    if fact == "concern":
        return f"{words}: \u201c{f.snap.concerns.get(actor.id, '')}\u201d"
    own = f.snap.facts.get(actor.id, {})
    if fact in own:
        return f"{fact.replace('_', ' ')}: \u201c{own[fact]}\u201d"
    if fact == "stance":
        return f"{words}: {signed(at.stance[k])} at the start, on a scale from -1 to +1"
    value = f.snap.truth.get(actor.id, {}).get(fact)
    return f"{words}: {num(value)} on a scale from 0 to 1" if value is not None else f"{words} (not recorded)"


def knew_vs_true(f: Facts) -> list[ActorTruth]:
    """For every actor with something hidden whom you acted with: the truth, and what you knew when."""
    hidden = hidden_at_start(f)
    learned = learned_turns(f, hidden)
    moves: dict[int, list[KnewLine]] = {}
    for t in f.played:
        per_actor: dict[int, list[str]] = {}
        for m in f.moves(t.turn):
            for k in f.targets(m):
                per_actor.setdefault(k, []).append(f.label(m.do))
        for k, labels in per_actor.items():
            facts = hidden.get(k, [])
            knew = [FACT_WORDS.get(x, x) for x in facts if learned.get((k, x), 10**9) < t.turn]
            unknown = [FACT_WORDS.get(x, x) for x in facts if learned.get((k, x), 10**9) >= t.turn]
            moves.setdefault(k, []).append(KnewLine(turn=t.turn, moves=labels, actor=f.snap.actors[k].name,
                                                    knew=knew, hidden=unknown))
    return [ActorTruth(actor=f.snap.actors[k].name, truths=[truth_text(f, k, x, f.start) for x in facts],
                       learned={FACT_WORDS.get(x, x): learned[(k, x)] for x in facts if (k, x) in learned},
                       moves=moves.get(k, []))
            for k, facts in sorted(hidden.items()) if k in moves]
