"""Lint for pack writers: things that are legal but probably not what the writer meant.

Besides the plain checks (unused actors, moves without narration), lint reasons about what
states can occur, with the interval evaluator in :mod:`sysplay.scenarios.intervals`: it finds
thresholds no reachable state can cross, conditions that can never hold, start/stop pairs that
contradict, endings that can never be reached, and voice lines that are never said.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from sysplay.scenarios.intervals import (
    INF,
    Bounds,
    assume,
    compare_chain,
    evaluate,
    outcome_bounds,
    parse,
    system_bounds,
)
from sysplay.scenarios.lint_writing import long_stock_labels, swallowed_fields
from sysplay.scenarios.vocab import STAGES
from sysplay.scenarios.voices import specificity

if TYPE_CHECKING:
    from sysplay.scenarios.crossref import Checker
    from sysplay.scenarios.models import Intervention, Pack, VoiceLine

def lint_pack(c: Checker) -> None:
    """Add warnings for unreachable or contradictory content, dominated moves and missing text."""
    source = c.pack.source_path or getattr(getattr(c.origin, "main", None), "path", None)
    if source is not None:
        from pathlib import Path

        main = Path(str(source))
        if main.name == "pack.yaml" and main.parent.name and main.parent.name != c.pack.meta.id:
            c.add(("meta", "id"), f"meta.id '{c.pack.meta.id}' differs from the folder name '{main.parent.name}'", "warning")
    lint = _Lint(c)
    _unused_actors(c)
    _unusable_interventions(c, lint)
    _dead_events(c, lint)
    _endings(c, lint)
    _prompts(c, lint)
    lint.thresholds()
    _dominated(c)
    _missing_text(c)
    _voices(c)
    _ending_bands(c, lint)
    _authority(c)
    _actor_moves(c)
    swallowed_fields(c)
    long_stock_labels(c)





class _Lint:
    """The pack's bounds, and a record of which expressions have been reported already."""

    def __init__(self, c: Checker) -> None:
        self.c = c
        self.system = system_bounds(c.pack)
        self.outcome = outcome_bounds(c.pack, self.system)
        turns = float(c.pack.meta.turns)
        self.final = {**self.outcome, "turn": (turns, turns)}
        self.reported: set[tuple[str | int, ...]] = set()
        self.exprs: list[tuple[tuple[str | int, ...], str, Bounds]] = []

    def never(self, loc: tuple[str | int, ...], source: str, b: Bounds) -> bool:
        """Whether the condition at ``loc`` can never be true (and remember to skip it later)."""
        self.exprs.append((loc, source, b))
        if assume(parse(source), b, True) is None:
            self.reported.add(loc)
            return True
        return False

    def always(self, loc: tuple[str | int, ...], source: str, b: Bounds) -> bool:
        """Whether the condition at ``loc`` always holds."""
        if assume(parse(source), b, False) is None:
            self.reported.add(loc)
            return True
        return False

    def why(self, source: str, b: Bounds) -> str:
        """The ranges of the names a condition reads, as a short explanation."""
        names = sorted({n.id for n in ast.walk(parse(source)) if isinstance(n, ast.Name) and n.id in b})
        return "; ".join(f"{n} stays within {_num(b[n][0])}..{_num(b[n][1])}" for n in names[:4])

    def thresholds(self) -> None:
        """Comparisons, anywhere, that no reachable state can make come out differently."""
        p = self.c.pack
        for vid, src in p.system.variables.items():
            self.exprs.append((("system", "variables", vid), src, self.system))
        for fid, flow in p.system.flows.items():
            self.exprs.append((("system", "flows", fid, "expr"), flow.expr, self.system))
        for i, dim in enumerate(p.outcome.dimensions):
            self.exprs.append((("outcome", "dimensions", i, "expr"), dim.expr, self.system))
        for loc, src, b in self.exprs:
            if loc in self.reported:
                continue
            for node in ast.walk(parse(src)):
                if isinstance(node, ast.Compare) and (t := compare_chain(node, b)) is not None:
                    text = ast.unparse(node)
                    self.c.add(loc, f"the comparison '{text}' is always {'true' if t else 'false'}: no reachable state "
                               f"crosses its threshold ({self.why(text, b)})", "warning")
                    break


def _num(v: float) -> str:
    return "inf" if v == INF else "-inf" if v == -INF else f"{v:g}"


# ----- the checks ------------------------------------------------------------------------


def _unused_actors(c: Checker) -> None:
    p = c.pack
    tied = {r.source for r in p.relationships} | {r.target for r in p.relationships}
    reached = {a.id for a in p.actors if _targetable(p, a.id, a.type)}
    everyone = any(iv.target == "all" for iv in p.interventions)
    changed = True
    while changed:  # influence flows to an actor from anyone they trust
        changed = False
        for r in p.relationships:
            pairs = [(r.source, r.target, r.trust)]
            if r.mutual:
                pairs.append((r.target, r.source, r.trust if r.trust_back is None else r.trust_back))
            for frm, to, trust in pairs:
                if trust > 0 and r.tie > 0 and to in reached and frm not in reached:
                    reached.add(frm)
                    changed = True
    for index, actor in enumerate(p.actors):
        targetable = everyone or _targetable(p, actor.id, actor.type)
        if actor.id not in tied and not targetable:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no relationships and no move can reach them", "warning")
        elif actor.id not in tied:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no relationships, so nothing spreads to or from them", "warning")
        elif not everyone and actor.id not in reached:
            c.add(("actors", index, "id"), f"no move can target actor '{actor.id}' and nobody they trust can be reached, "
                  "so nothing you do can move them", "warning")


def _targetable(p: Pack, actor_id: str, actor_type: str) -> bool:
    return any(iv.target in ("actor", "pair", "group") and (iv.target_types is None or actor_type in iv.target_types)
               for iv in p.interventions)


def _unusable_interventions(c: Checker, lint: _Lint) -> None:
    p = c.pack
    types = {a.type for a in p.actors}
    for index, iv in enumerate(p.interventions):
        loc = ("interventions", index)
        if iv.target_types is not None and not types.intersection(iv.target_types):
            c.add((*loc, "target_types"), f"no actor in the pack has any of the types {list(iv.target_types)}, so '{iv.id}' can never be used", "warning")
        if iv.target == "pair" and len(p.actors) < 2:
            c.add(loc, f"'{iv.id}' needs a pair of actors", "warning")
        for ri, req in enumerate(iv.requires):
            if req.knows is not None:
                actor_id, _, fact = req.knows.partition(".")
                actor = next((a for a in p.actors if a.id == actor_id), None)
                if actor is not None and fact not in actor.hidden and all(f.id != fact for f in actor.facts):
                    c.add((*loc, "requires", ri, "knows"), f"{req.knows} is never hidden, so this requirement always holds", "warning")
            if req.when is None:
                continue
            rloc = (*loc, "requires", ri, "when")
            if lint.never(rloc, req.when, lint.system):
                c.add(rloc, f"the condition {req.when!r} is always false, so '{iv.id}' can never be unlocked "
                      f"({lint.why(req.when, lint.system)})", "warning")
            elif lint.always(rloc, req.when, lint.system):
                c.add(rloc, f"the condition {req.when!r} always holds, so this requirement never stops '{iv.id}'", "warning")
        if iv.effects.reveal and not any(a.hidden for a in p.actors):
            c.add((*loc, "effects", "reveal"), "nothing in the pack is hidden, so 'reveal' does nothing", "warning")


def _dead_events(c: Checker, lint: _Lint) -> None:
    b = lint.system
    for index, ev in enumerate(c.pack.events):
        loc = ("events", index)
        if ev.when is not None and ev.chance == 0:
            c.add((*loc, "chance"), f"event '{ev.id}' has chance 0, so it can never fire", "warning")
        for field in ("when", "start"):
            source = getattr(ev, field)
            if source is not None and lint.never((*loc, field), source, b):
                c.add((*loc, field), f"the condition {source!r} is always false, so event '{ev.id}' can never fire "
                      f"({lint.why(source, b)})", "warning")
        if ev.start is not None and ev.stop is not None and (*loc, "start") not in lint.reported:
            _start_stop(c, lint, loc, ev.id, ev.start, ev.stop)
        if ev.when is not None and ev.effects.is_empty() and not ev.choices:
            c.add(loc, f"event '{ev.id}' has no effects and no choices; it only tells a story", "warning")


def _start_stop(c: Checker, lint: _Lint, loc: tuple[str | int, ...], eid: str, start: str, stop: str) -> None:
    b = lint.system
    if lint.never((*loc, "stop"), stop, b):
        c.add((*loc, "stop"), f"the stop condition {stop!r} is always false, so once event '{eid}' starts it never "
              f"stops ({lint.why(stop, b)})", "warning")
        return
    started = assume(parse(start), b, True)
    if started is not None and assume(parse(stop), started, False) is None:
        lint.reported.add((*loc, "stop"))
        c.add((*loc, "stop"), f"whenever {start!r} holds, {stop!r} holds too, so event '{eid}' stops the turn after it "
              "starts; set the start and stop thresholds apart", "warning")


def _endings(c: Checker, lint: _Lint) -> None:
    closed_by: str | None = None
    for index, ending in enumerate(c.pack.endings):
        loc = ("endings", index)
        if ending.at == "end" and closed_by is not None:
            c.add((*loc, "id"), f"ending '{ending.id}' can never be reached: '{closed_by}' comes first and always holds "
                  "at the end", "warning")
            continue
        b = lint.final if ending.at == "end" else lint.outcome
        if ending.when is None:
            closed_by = ending.id if ending.at == "end" else closed_by
            continue
        wloc = (*loc, "when")
        if lint.never(wloc, ending.when, b):
            c.add(wloc, f"the condition {ending.when!r} is always false, so ending '{ending.id}' can never be reached "
                  f"({lint.why(ending.when, b)})", "warning")
        elif lint.always(wloc, ending.when, b):
            if ending.at == "any":
                c.add(wloc, f"ending '{ending.id}' (at: any) always holds, so every game ends after the first turn", "warning")
            else:
                closed_by = ending.id


def _prompts(c: Checker, lint: _Lint) -> None:
    p = c.pack
    for index, prompt in enumerate(p.prompts):
        if prompt.when is not None and lint.never(("prompts", index, "when"), prompt.when, lint.outcome):
            c.add(("prompts", index, "when"), f"the condition {prompt.when!r} is always false, so prompt '{prompt.id}' "
                  f"is never shown ({lint.why(prompt.when, lint.outcome)})", "warning")
    if p.prompts and all(x.when is not None for x in p.prompts):
        c.add(("prompts", 0, "id"), "every prompt has a condition, so some debriefs may ask nothing; add one with no "
              "'when'", "warning")


# ----- dominated moves --------------------------------------------------------------------

_UP_VERBS = ("trust", "stance", "anchor", "openness", "suspend", "reveal", "reveal_ties", "tie", "relation", "holding",
             "capital", "stance_all", "trust_all")
_DOWN_VERBS = ("anxiety", "dependency", "threat", "anxiety_all")


def _compare_moves(p: Pack, a: Intervention, b: Intervention) -> list[int] | None:
    """Signs of (b better than a) per aspect: 1 better, 0 equal, -1 worse; None when not comparable."""
    if (a.kind, a.target) != (b.kind, b.target) or a.effects.set != b.effects.set:
        return None
    if b.target_types is not None and (a.target_types is None or not set(a.target_types) <= set(b.target_types)):
        return None
    if b.group_min > a.group_min or b.group_max < a.group_max:
        return None
    if not all(r in a.requires for r in b.requires):
        return None
    signs = [_sign(a.slots - b.slots), _sign(a.capital - b.capital), _sign(a.cooldown - b.cooldown),
             _sign(a.delay - b.delay), _sign(int(a.irreversible) - int(b.irreversible))]
    ea, eb = a.effects, b.effects
    signs += [_sign((getattr(eb, v) or 0) - (getattr(ea, v) or 0)) for v in _UP_VERBS]
    signs += [_sign((getattr(ea, v) or 0) - (getattr(eb, v) or 0)) for v in _DOWN_VERBS]
    for verb in ("metric", "metric_scaled"):
        da, db = getattr(ea, verb), getattr(eb, verb)
        for sid in set(da) | set(db):
            good = p.system.stocks[sid].good if sid in p.system.stocks else "neither"
            diff = db.get(sid, 0.0) - da.get(sid, 0.0)
            signs.append(_sign(diff) if good == "up" else _sign(-diff) if good == "down" else (0 if not diff else -2))
    return None if -2 in signs else signs


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _dominated(c: Checker) -> None:
    ivs = c.pack.interventions
    for ia, a in enumerate(ivs):
        for ib, b in enumerate(ivs):
            if ia == ib:
                continue
            signs = _compare_moves(c.pack, a, b)
            if signs is None or -1 in signs:
                continue
            if 1 in signs:
                c.add(("interventions", ia, "id"), f"'{a.id}' is dominated by '{b.id}': same kind and target, costs at "
                      "least as much, and none of its effects is better", "warning")
                break
            if ib < ia:
                c.add(("interventions", ia, "id"), f"'{a.id}' has the same kind, target, costs and effects as "
                      f"'{b.id}'", "warning")
                break


# ----- text ----------------------------------------------------------------------------------


def _missing_text(c: Checker) -> None:
    p = c.pack
    for index, iv in enumerate(p.interventions):
        if iv.text is None:
            c.add(("interventions", index, "id"), f"intervention '{iv.id}' has no narration (text: attempt/outcome)", "warning")
    for index, actor in enumerate(p.actors):
        if not actor.voice:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no voice lines", "warning")
    for index, ev in enumerate(p.events):
        for ci, choice in enumerate(ev.choices):
            if choice.text is None:
                c.add(("events", index, "choices", ci), f"choice '{choice.id}' of '{ev.id}' says nothing about what follows", "warning")
    if not p.prompts:
        c.add(("meta",), "the pack has no debrief prompts", "warning", key=True)


_RANGES = (("trust", 0.0, 1.0), ("stance", -1.0, 1.0), ("anxiety", 0.0, 1.0))


def _never_said(line: VoiceLine, concern_hidden: bool) -> str | None:
    """Why a voice line's own conditions can never all hold, or None."""
    for name, lo, hi in _RANGES:
        below, above = getattr(line, f"{name}_below"), getattr(line, f"{name}_above")
        if below is not None and below <= lo:
            return f"{name} can never be below {below:g}"
        if above is not None and above > hi:
            return f"{name} can never reach {above:g}"
        if below is not None and above is not None and below <= above:
            return f"{name} cannot be both below {below:g} and at or above {above:g}"
    if line.stage is not None and not line.stage:
        return "it lists no adoption stage"
    if line.concern_known is False and not concern_hidden:
        return "their concern is not hidden, so it is always known"
    return None


def _implies(later: VoiceLine, earlier: VoiceLine, concern_hidden: bool) -> bool:
    """Whether every state in which ``later`` may be said also satisfies ``earlier``."""
    for name, _lo, _hi in _RANGES:
        eb, ea = getattr(earlier, f"{name}_below"), getattr(earlier, f"{name}_above")
        lb, la = getattr(later, f"{name}_below"), getattr(later, f"{name}_above")
        if eb is not None and (lb is None or lb > eb):
            return False
        if ea is not None and (la is None or la < ea):
            return False
    if earlier.stage is not None and (later.stage is None or not set(later.stage) <= set(earlier.stage)):
        return False
    if earlier.concern_known is not None and later.concern_known != earlier.concern_known \
            and not (earlier.concern_known and not concern_hidden):
        return False
    if earlier.when is not None and earlier.when != later.when:
        return False  # an expression we cannot compare: assume it may fail where the later line holds
    return earlier.after_event is None or later.after_event == earlier.after_event


#: How many (line, state) checks the voice-line lint may make in a whole pack: the search for silent
#: states grows with the product of every threshold written, so a hostile pack could make it run for
#: hours. Past the budget, the remaining actors' voices are not checked (lint is advice, not a gate).
VOICE_LINT_BUDGET = 300_000


def _voices(c: Checker) -> None:
    """Voice lines that are never said, and states in which an actor falls silent."""
    budget = [VOICE_LINT_BUDGET]
    for ai, actor in enumerate(c.pack.actors):
        hidden = "concern" in actor.hidden
        budget[0] -= len(actor.voice) ** 2
        if budget[0] < 0:
            return
        for vi, line in enumerate(actor.voice):
            loc = ("actors", ai, "voice", vi)
            why = _never_said(line, hidden)
            if why:
                c.add(loc, f"voice line {vi + 1} of '{actor.id}' is never said: {why}", "warning")
                continue
            rank = specificity(c.pack, line)
            first = next((k for k, other in enumerate(actor.voice) if k != vi
                          and (specificity(c.pack, other), -k) > (rank, -vi)
                          and _implies(line, other, hidden) and not _never_said(other, hidden)), None)
            if first is not None:
                c.add(loc, f"voice line {vi + 1} of '{actor.id}' is never said: line {first + 1} is at least as "
                      "specific and holds whenever it would", "warning")
        if actor.voice and all(_has_condition(line) for line in actor.voice):
            silent = _silent_state(actor.voice, hidden, budget)
            if silent:
                c.add(("actors", ai, "voice"), f"actor '{actor.id}' has no voice line for some states, so they may fall "
                      f"silent (for example when {silent}); end with a line that has no conditions", "warning")


def _has_condition(line: VoiceLine) -> bool:
    fields = ("trust_below", "trust_above", "stance_below", "stance_above", "anxiety_above",
              "anxiety_below", "stage", "concern_known", "after_event", "when")
    return any(getattr(line, f) is not None for f in fields)


def _cuts(lines: tuple[VoiceLine, ...], name: str, lo: float, hi: float) -> list[float]:
    """Values that fall in every region the lines' thresholds cut ``name`` into."""
    edges = sorted({lo, hi, *(v for ln in lines for v in (getattr(ln, f"{name}_below"), getattr(ln, f"{name}_above"))
                              if v is not None and lo <= v <= hi)})
    points = {lo, hi, *((x + y) / 2 for x, y in zip(edges, edges[1:], strict=False))}
    return sorted(points)


def _silent_state(lines: tuple[VoiceLine, ...], concern_hidden: bool, budget: list[int]) -> str | None:
    """A state (with no events yet) in which no line is eligible, described in words; None if none.

    Each state tried takes ``len(lines)`` from ``budget[0]``; when it runs out, the search stops.
    """
    from itertools import product

    values = {name: _cuts(lines, name, lo, hi) for name, lo, hi in _RANGES}
    knowns = (False, True) if concern_hidden else (True,)
    for trust, stance, anxiety, stage, known in product(values["trust"], values["stance"], values["anxiety"],
                                                        range(len(STAGES)), knowns):
        budget[0] -= len(lines)
        if budget[0] < 0:
            return None
        state = {"trust": trust, "stance": stance, "anxiety": anxiety}
        if not any(_eligible(ln, state, STAGES[stage], known) for ln in lines):
            return (f"trust in you is {trust:.2f}, stance {stance:+.2f}, anxiety {anxiety:.2f}, {STAGES[stage]}"
                    + ("" if known else ", concern not yet known"))
    return None


def _eligible(line: VoiceLine, state: dict[str, float], stage: str, known: bool) -> bool:
    for name, _lo, _hi in _RANGES:
        below, above = getattr(line, f"{name}_below"), getattr(line, f"{name}_above")
        if (below is not None and not state[name] < below) or (above is not None and not state[name] >= above):
            return False
    if line.stage is not None and stage not in line.stage:
        return False
    if line.concern_known is not None and line.concern_known != known:
        return False
    return line.after_event is None and line.when is None  # no events yet; a 'when' may not hold


# ----- engine 2: endings and their bands, authority, actors' own moves --------------------------

def _composite(pack: Pack, b: Bounds) -> tuple[float, float]:
    """The range of the composite outcome given the dimensions' ranges in ``b`` (and ``outcome``'s own)."""
    lo = hi = weight = 0.0
    for dim in pack.outcome.dimensions:
        d0, d1 = b.get(f"dim_{dim.id}", (0.0, 1.0))
        d0, d1 = min(1.0, max(0.0, d0)), min(1.0, max(0.0, d1))
        good = (d0, d1) if dim.good == "up" else (1 - d1, 1 - d0)
        lo, hi, weight = lo + dim.weight * good[0], hi + dim.weight * good[1], weight + dim.weight
    c0, c1 = (lo / weight, hi / weight) if weight else (0.0, 0.0)
    o0, o1 = b.get("outcome", (0.0, 1.0))
    return max(c0, o0), min(c1, o1)


def _ending_bands(c: Checker, lint: _Lint) -> None:
    """Endings whose conditions let the score contradict their tone (the engine then holds the score in the band)."""
    p = c.pack
    o = p.outcome
    split = o.mixed_at if o.mixed_at is not None else 0.0
    bands = {"good": (o.good_at, 1.0), "mixed": (split, o.good_at), "poor": (0.0, o.mixed_at or o.good_at)}
    for index, ending in enumerate(p.endings):
        b: Bounds | None = lint.final if ending.at == "end" else lint.outcome
        for earlier in p.endings[:index]:
            if b is not None and earlier.when is not None and (earlier.at == "any" or ending.at == "end"):
                b = assume(parse(earlier.when), b, False)
        if b is not None and ending.when is not None:
            b = assume(parse(ending.when), b, True)
        if b is None:
            continue
        low, high = _composite(p, b)
        band_low, band_high = bands[ending.tone]
        above = ending.tone != "good" and high >= band_high + 1e-9
        below = ending.tone != "poor" and low < band_low - 1e-9
        if above or below:
            where = (f"as high as {_num(high)}" if above else f"as low as {_num(low)}")
            limit = f"outcome < {_num(band_high)}" if above else f"outcome >= {_num(band_low)}"
            c.add(("endings", index, "when" if ending.when is not None else "id"),
                  f"ending '{ending.id}' is {ending.tone} but can be reached with an outcome {where}, outside the "
                  f"{ending.tone} band; the engine will hold the score in the band (add '{limit}' to its condition "
                  "to make that explicit)", "warning")


def _authority(c: Checker) -> None:
    """Say what authority the engine assumed where the pack does not state it."""
    from sysplay.scenarios.authority import inferred, inferred_level, level_name, seat_of

    p = c.pack
    missing = inferred(p)
    if not missing or not any(iv.kind == "directive" or iv.authority for iv in p.interventions):
        return
    seat = seat_of(p)
    said = ", ".join(f"{a} {level_name(inferred_level(seat, p.actor(a).type))}" for a in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    where = f"the role's seat ({seat})" if seat else "no recognisable seat (so: convening)"
    c.add(("meta", "role"), f"authority over {len(missing)} actor(s) is worked out from {where}: {said}{more}; state "
          "'authority:' on each actor (none, convening, contractual, statutory) to make it the pack's own", "note",
          key=True)


def _actor_moves(c: Checker) -> None:
    """Actor moves whose urge can never be above zero."""
    from sysplay.scenarios.names import SELF_NAMES

    if not c.pack.actor_moves:
        return
    b = dict(system_bounds(c.pack))
    b.update({"self_stance": (-1.0, 1.0), "self_trust": (0.0, 1.0), "self_anxiety": (0.0, 1.0),
              "self_power": (0.0, 1.0), "self_stage": (0.0, 4.0), "self_grievance": (0.0, INF)})
    assert set(SELF_NAMES) <= set(b)
    for index, move in enumerate(c.pack.actor_moves):
        high = evaluate(parse(move.urge), b)[1]
        if high <= 0:
            c.add(("actor_moves", index, "urge"), f"the urge {move.urge!r} is never above 0, so no actor ever makes "
                  f"'{move.id}'", "warning")
