"""The behaviour profile, part two: holding a space, self-organisation, reflection, alliances."""

from __future__ import annotations

from sysplay.debrief.facts import (
    Facts,
    PackInfo,
    num,
    own_echo,
    pct,
    share,
    turns_text,
)
from sysplay.debrief.models import Behaviour, Metric
from sysplay.scenarios.vocab import COMMAND_KINDS, ENABLING_KINDS

#: Mean anxiety at the start of a turn at or above this counts as a high-anxiety turn.
HIGH_ANXIETY = 0.35
#: A surprise counts as "top" when it is in the top quartile of the playthrough and at least this.
TOP_SURPRISE_FLOOR = 0.3
#: Turns up to a surprise whose moves count as your repertoire before it.
REPERTOIRE = 3
#: Stage from which an actor counts as on board (trialling or adopted).
ON_BOARD = 3


def holding(f: Facts) -> Behaviour:
    """Holding a space: the container dialogue builds, work-mode weeks, dialogue when anxiety ran high."""
    hs = [min(1.0, max(0.0, t.holding)) for t in f.played]
    rising = [t.turn for t in f.played if t.holding > f.before(t.turn).holding + 1e-9]
    work = [t.turn for t in f.played if t.mode == "work"]
    high = [t.turn for t in f.played if _mean(f.before(t.turn).anxiety) >= HIGH_ANXIETY]
    held = [t for t in high if any(f.kind(m.do) == "dialogue" for m in f.moves(t))]
    metrics = [
        Metric(id="mean_holding", label="Mean holding", value=round(sum(hs) / len(hs), 4) if hs else None,
               shown=num(sum(hs) / len(hs)) if hs else "-", turns=rising,
               how="how well the group was held on average, from 0 (not at all) to 1 (fully); the weeks "
                   "named are those in which it rose"),
        Metric(id="work_mode_share", label="Turns in work mode", value=share(len(work), f.n), turns=work,
               shown=f"{len(work)} of {f.n}", how="the share of weeks in which the group was getting on with the work"),
        Metric(id="dialogue_when_anxious", label="Dialogue held when anxiety ran high", value=share(len(held), len(high)),
               turns=held, shown=f"{len(held)} of {len(high)} high-anxiety turns" if high else "anxiety never ran high",
               how="of the weeks that began with anxiety running high, the share in which you convened a "
                   "dialogue"),
    ]
    summary = (f"The group was getting on with the work in {len(work)} of {f.n} {f.snap.turn_label}s; "
               f"you convened dialogue in {len(held)} of {len(high)} anxious {f.snap.turn_label}s.")
    return Behaviour(id="holding", name="Holding a space where people can share and learn", summary=summary,
                     metrics=metrics)


def self_organisation(f: Facts) -> Behaviour:
    """Embracing self-organisation: moves that change relationships and information rather than push."""
    moves = f.all_moves()
    enabling = [t for t, m in moves if f.kind(m.do) in ENABLING_KINDS]
    targeted = {k for _, m in moves for k in f.targets(m)}
    on_board = [k for k, s in enumerate(f.end.stage) if s >= ON_BOARD and k < len(f.snap.actors)]
    untouched = [k for k in on_board if k not in targeted]
    metrics = [
        Metric(id="enabling_share", label="Enabling moves", value=share(len(enabling), len(moves)),
               shown=f"{len(enabling)} of {len(moves)} moves", turns=sorted(set(enabling)),
               how="the share of your moves that convened, connected or tested rather than pushed"),
        Metric(id="untargeted_on_board", label="On board without being targeted", value=share(len(untouched), len(on_board)),
               shown=f"{len(untouched)} of {len(on_board)} on board at the end", turns=[],
               how="of those on board at the end, the share you never worked with directly"),
    ]
    summary = ((f"{pct(metrics[0].value)} of your moves convened, connected or tested rather than pushed; " if moves
                else "You made no moves; ")
               + (f"{len(untouched)} of {len(on_board)} actors on board at the end got there without you targeting them."
                  if on_board else "nobody was on board at the end."))
    return Behaviour(id="self_organisation", name="Embracing self-organisation", summary=summary, metrics=metrics)


def top_surprises(f: Facts) -> list[int]:
    """Turns (before the last) whose surprise was in the top quartile and at least the floor.

    A turn whose surprise was mostly your own move coming back (:func:`own_echo`) is not a surprise.
    """
    vals = sorted(t.surprise for t in f.played)
    if not vals:
        return []
    q75 = vals[min(len(vals) - 1, int(0.75 * (len(vals) - 1) + 0.5))]
    return [t.turn for t in f.played[:-1] if t.surprise >= max(q75, TOP_SURPRISE_FLOOR) and own_echo(f, t) is None]


def _cooling(f: Facts, info: PackInfo, iv: str, used: int, at: int) -> bool:
    """Whether ``iv`` used in ``used`` was still cooling down at ``at``.

    Unknown cooldowns count as cooling unless the playthrough itself used the move two turns running.
    """
    if iv in info.cooldown:
        return at - used <= info.cooldown[iv]
    runs = any(iv in {m.do for m in f.moves(t)} and iv in {m.do for m in f.moves(t + 1)} for t in range(1, f.n))
    return not runs


def adapted(f: Facts, info: PackInfo, t: int) -> int | None:
    """The turn within two after ``t`` in which you changed the kind or target of what you did (None if not).

    "Changed" is measured against your repertoire in the three turns up to the surprise, so alternating
    between two moves a cooldown keeps apart is not a change. A new kind of move that cooldowns alone would
    explain (every move you dropped from turn ``t`` was still cooling down) does not count; a new target does.
    """
    before = [m for u in range(max(1, t - REPERTOIRE + 1), t + 1) for m in f.moves(u)]
    kinds, targets = {f.kind(m.do) for m in before}, {a for m in before for a in m.target}
    for u in range(t + 1, min(t + 2, f.n) + 1):
        now = f.moves(u)
        if {a for m in now for a in m.target} - targets:
            return u
        if {f.kind(m.do) for m in now} - kinds:
            dropped = {m.do for m in f.moves(t)} - {m.do for m in now}
            if not all(_cooling(f, info, iv, t, u) for iv in dropped):
                return u
    return None


def reflection(f: Facts, info: PackInfo) -> Behaviour:
    """Reflection after surprise (Schön): did what you did change within two turns of a top surprise?"""
    tops = top_surprises(f)
    changed = {t: u for t in tops if (u := adapted(f, info, t)) is not None}
    label = f.snap.turn_label
    metric = Metric(
        id="adapted_after_surprise", label="Changed course after a big surprise", value=share(len(changed), len(tops)),
        turns=sorted(set(tops) | set(changed.values())),
        shown=(f"after {len(changed)} of {len(tops)} ({turns_text(tops, label)})" if tops else "no big surprise"),
        how="of the biggest surprises, the share after which, within two weeks, you worked with someone "
            "new or tried a kind of move you had not used just before (changes forced by a move's rest do "
            "not count)")
    summary = (f"After {len(changed)} of {len(tops)} big surprises you changed whom you worked with or how, "
               "within two turns." if tops else "There was no big surprise to respond to.")
    return Behaviour(id="reflection", name="Working with what emerges: reflection after surprise", summary=summary,
                     metrics=[metric])


def alliances(f: Facts, info: PackInfo) -> Behaviour:
    """Building alliances: partners won per capital spent, instruction versus alliance, dependency after."""
    moves = f.all_moves()
    start = sum(1 for s in f.start.stage if s >= ON_BOARD)
    end = sum(1 for s in f.end.stage if s >= ON_BOARD)
    gained = max(0, end - start)
    directives = [t for t, m in moves if f.kind(m.do) in COMMAND_KINDS]
    known_costs = all(m.do in info.capital for _, m in moves)
    spent = sum(info.capital.get(m.do, 0.0) for _, m in moves)
    if not known_costs:
        per, per_text = None, f"{gained} on board; capital spent unknown (the pack is not available)"
    elif spent > 0:
        per, per_text = min(1.0, gained / spent), f"{gained} on board for {num(spent)} capital spent"
    else:
        per, per_text = (1.0 if gained else None), f"{gained} on board with no capital spent"
    after = sorted({u for d in directives for u in (d + 1, d + 2) if u <= f.n})
    dep = [u for u in after if f.played[u - 1].mode == "dependency"]
    metrics = [
        Metric(id="on_board_per_capital", label="Partners won per unit of capital", value=per, shown=per_text,
               turns=[t for t, m in moves if info.capital.get(m.do, 0.0) > 0],
               how="partners newly on board by the end for each unit of political capital you spent, up to 1"),
        Metric(id="alliance_not_instruction", label="Partners won rather than instructed",
               value=share(end, end + len(directives)), turns=sorted(set(directives)),
               shown=f"{end} on board; {len(directives)} instructions or escalations",
               how="partners on board at the end, against those partners and your instructions and "
                   "escalations together"),
        Metric(id="dependency_after_directives", label="Waiting on you after instructions", better="down",
               value=share(len(dep), len(after)), turns=dep,
               shown=f"{len(dep)} of {len(after)} turns after an instruction" if after else "you gave no instruction",
               how="of the two weeks after each instruction or escalation, the share in which the group "
                   "waited on you to lead"),
    ]
    summary = (f"{end} actors were on board at the end; you gave {len(directives)} instructions or escalations"
               + (f", and the group waited on you in {len(dep)} of the {len(after)} {f.snap.turn_label}s after them."
                  if after else "."))
    return Behaviour(id="alliances", name="Using your authority and influence to build alliances", summary=summary,
                     metrics=metrics)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0
