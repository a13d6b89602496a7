"""The player's moves: what is on offer, what is refused and why, and how well a move fits its context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.reveal import known
from sysplay.engine.view import possessive
from sysplay.errors import RefusedMove
from sysplay.scenarios import authority
from sysplay.scenarios.models import Choice, Intervention, Pack, Requirement
from sysplay.scenarios.vocab import DEFAULT_BION, DEFAULT_STACEY, HIDDEN_FACTS, STAGES

if TYPE_CHECKING:
    from sysplay.engine.context import Context
    from sysplay.engine.turnctx import TurnContext

CONCERN = HIDDEN_FACTS.index("concern")
#: The most moves one turn's diary may hold (a save records at most this many; moves that take no
#: slot could otherwise be planned without end).
MAX_MOVES = 12


@dataclass(frozen=True)
class PlannedMove:
    """A move in the diary: an intervention and the actor ids it targets."""

    intervention: str
    targets: tuple[str, ...] = ()


@dataclass
class Option:
    """An intervention as the player sees it this turn: whether it can be used, and on whom."""

    intervention: Intervention
    available: bool
    reason: str = ""
    targets: list[str] = field(default_factory=list)
    fit: float = 1.0
    #: Something to know before planning it (its effects would land after the game ends, say); it can still be planned.
    warning: str = ""


@dataclass(frozen=True)
class ChoiceOption:
    """A dilemma's answer as the player sees it: whether it can be chosen now, and why not."""

    choice: Choice
    available: bool
    reason: str = ""


def multipliers(tc: TurnContext, iv: Intervention, ctx: Context) -> tuple[float, float]:
    """(Stacey zone multiplier, Bion mode multiplier) for a kind of move in this context."""
    key = (iv.kind, ctx.zone, ctx.mode)
    found = tc.tables.multipliers.get(key)
    if found is None:
        stacey = tc.pack.engine.stacey.get(iv.kind) or DEFAULT_STACEY[iv.kind]
        bion = tc.pack.engine.bion.get(iv.kind) or DEFAULT_BION[iv.kind]
        found = tc.tables.multipliers[key] = (float(stacey[ctx.zone_index()]), float(bion[ctx.mode_index()]))
    return found


def target_multipliers(tc: TurnContext, idx: np.ndarray, base: float) -> np.ndarray:
    """Per-target multipliers: the context's, times the tailoring bonus where you know their concern."""
    tailoring = tc.pack.engine.tailoring
    if idx.size <= _FEW:  # the same products, without array calls for a handful of targets
        known, has = tc.state.known, tc.tables.has_concern
        return np.array([base * (tailoring if known[i, CONCERN] and has[i] else 1.0) for i in idx.tolist()])
    return base * np.where(tc.state.known[idx, CONCERN] & tc.tables.has_concern[idx], tailoring, 1.0)


_FEW = 8


def _eligible_of(pack: Pack, iv: Intervention) -> tuple[str, ...]:
    """Actor ids this move may be aimed at, before requirements on the target.

    Of the right type, and within the role's authority unless the move may be tried beyond it.
    """
    types = iv.target_types
    if iv.target in ("none", "all"):
        return ()
    levels = authority.levels(pack) if iv.beyond_authority == "refuse" else None
    need = authority.needed(iv)
    return tuple(a.id for k, a in enumerate(pack.actors)
                 if (types is None or a.type in types) and (levels is None or levels[k] >= need))


def _eligible_sets(pack: Pack) -> dict[str, frozenset[str]]:
    return {iv.id: frozenset(eligible) for iv, eligible, _narrowed in pack.memo("target_plan", _target_plan)}


def check(tc: TurnContext, iv: Intervention, targets: tuple[str, ...], diary: list[PlannedMove]) -> None:
    """Raise :class:`RefusedMove` unless the move can go in the diary now; never changes state."""
    s = tc.state
    if s.finished:
        raise RefusedMove("finished", "the game is over")
    if len(diary) >= MAX_MOVES:
        raise RefusedMove("slots", f"the diary holds at most {MAX_MOVES} moves a {tc.pack.meta.turn_label}")
    slots = sum(tc.tables.ivs[m.intervention].slots for m in diary)
    if slots + iv.slots > tc.pack.meta.slots_per_turn:
        raise RefusedMove("slots", f"not enough diary slots left this {tc.pack.meta.turn_label} for '{iv.name}'")
    capital = sum(tc.tables.ivs[m.intervention].capital for m in diary)
    if capital + iv.capital > s.capital + 1e-9:
        raise RefusedMove("unaffordable", f"'{iv.name}' needs {iv.capital:g} political capital; you have {s.capital - capital:.1f} left")
    last = s.last_used.get(iv.id)
    planned = any(m.intervention == iv.id for m in diary)
    if planned and iv.cooldown > 0:
        raise RefusedMove("cooldown", f"'{iv.name}' is already in this {tc.pack.meta.turn_label}'s diary")
    if last is not None and s.turn - last <= iv.cooldown:
        wait = iv.cooldown - (s.turn - last) + 1
        raise RefusedMove("cooldown", f"'{iv.name}' can be used again in {wait} {tc.pack.meta.turn_label}(s)")
    _check_targets(tc, iv, targets)
    _check_requirements(tc, iv, targets)


def _check_targets(tc: TurnContext, iv: Intervention, targets: tuple[str, ...]) -> None:
    allowed = tc.pack.memo("eligible_sets", _eligible_sets)[iv.id]
    need = _TARGET_COUNTS.get(iv.target) or (iv.group_min, iv.group_max)
    if len(set(targets)) != len(targets):
        raise RefusedMove("target", "the same actor is named twice")
    if not need[0] <= len(targets) <= need[1]:
        want = "no target" if need[1] == 0 else (f"{need[0]}" if need[0] == need[1] else f"{need[0]} to {need[1]}")
        raise RefusedMove("target", f"'{iv.name}' needs {want} target(s), got {len(targets)}")
    for t in targets:
        if t not in tc.index:
            raise RefusedMove("target", f"there is no actor '{t}'")
        if t not in allowed:
            actor = tc.pack.actor(t)
            if iv.target_types is None or actor.type in iv.target_types:
                raise RefusedMove("authority", beyond_words(tc, iv, tc.index[t]))
            raise RefusedMove("target", f"'{iv.name}' cannot be aimed at {actor.display_name}")


_TARGET_COUNTS = {"none": (0, 0), "all": (0, 0), "actor": (1, 1), "pair": (2, 2)}


def beyond_words(tc: TurnContext, iv: Intervention, i: int) -> str:
    """Why a move is beyond the role's authority over actor ``i``, in words."""
    have = authority.level_name(int(tc.tables.authority[i]))
    need = authority.level_name(authority.needed(iv))
    name = tc.pack.actors[i].display_name
    what = {"none": "no authority over them", "convening": "only the standing to convene them",
            "contractual": "a contract with them", "statutory": "statutory authority over them"}[have]
    return f"'{iv.name}' needs {need} authority over {name}; your role has {what}"


def _requirement_unmet(tc: TurnContext, req: Requirement, name: str, *, long: bool) -> str | None:
    """Why an untargeted requirement (``knows`` or ``when``) is not met now, or None."""
    if req.knows is not None:
        actor_id, _, fact = req.knows.partition(".")
        if not known(tc, tc.index[actor_id], fact):
            who = possessive(tc.pack.actor(actor_id).display_name)
            what = fact.replace("_", " ")
            return f"'{name}' needs you to know {who} {what} first" if long else f"needs you to know {who} {what}"
    if req.when is not None and not tc.pack.expr(req.when)(requirement_namespace(tc)):
        return f"'{name}' is not possible yet ({req.when})" if long else f"not possible yet ({req.when})"
    return None


def _check_requirements(tc: TurnContext, iv: Intervention, targets: tuple[str, ...]) -> None:
    s = tc.state
    idx = [tc.index[t] for t in targets]
    for req in iv.requires:
        if req.knows is not None:
            unmet = _requirement_unmet(tc, req, iv.name, long=True)
            if unmet:
                raise RefusedMove("requirement", unmet)
        if req.target_knows is not None:
            for i in idx:
                if not known(tc, i, req.target_knows):
                    what = req.target_knows.replace("_", " ")
                    raise RefusedMove("requirement", f"you need to know {possessive(tc.pack.actors[i].display_name)} {what} first")
        if req.target_trust_at_least is not None:
            for i in idx:
                if s.tau[i] < req.target_trust_at_least:
                    raise RefusedMove("requirement", f"{tc.pack.actors[i].display_name} does not trust you enough yet")
        if req.target_stage_at_least is not None:
            need = STAGES.index(req.target_stage_at_least)
            for i in idx:
                if s.stage[i] < need:
                    raise RefusedMove("requirement", f"{tc.pack.actors[i].display_name} is not yet {req.target_stage_at_least}")
        if req.known_tie and len(idx) == 2 and not (s.tie_known[idx[0], idx[1]] or s.tie_known[idx[1], idx[0]]):
            raise RefusedMove("requirement", "you do not know of any tie between these two")
        if req.when is not None and not tc.pack.expr(req.when)(requirement_namespace(tc)):
            raise RefusedMove("requirement", f"'{iv.name}' is not possible yet ({req.when})")


@dataclass
class Standing:
    """What this turn's state says about one intervention, whatever the diary holds.

    Worked out once a turn; :func:`options` adds what depends on the diary (slots, capital,
    a move already planned), checking in the same order as :func:`check`.
    """

    intervention: Intervention
    eligible: tuple[str, ...]  # whom the move may be aimed at, before requirements on the target
    narrowed: bool  # whether requirements on the target narrow that
    fit: float
    cooling: int | None  # turns to wait when used too recently, else None
    _unmet: str | None | bool = False  # False until worked out (only when the earlier checks pass)
    _targets: tuple[str, ...] | None = None

    def targets(self, tc: TurnContext) -> tuple[str, ...]:
        """Whom the move may be aimed at this turn (worked out once, when first asked)."""
        if self._targets is None:
            iv = self.intervention
            self._targets = tuple(t for t in self.eligible if _target_ok(tc, iv, t)) if self.narrowed else self.eligible
        return self._targets

    def unmet(self, tc: TurnContext) -> str | None:
        """Why an untargeted requirement is not met now, if one is (evaluated once, when first asked)."""
        if self._unmet is False:
            iv = self.intervention
            self._unmet = _unmet(tc, iv, long=iv.target in ("none", "all"))
        return self._unmet  # type: ignore[return-value]


def _target_plan(pack: Pack) -> list[tuple[Intervention, tuple[str, ...], bool]]:
    """Per intervention: whom it may be aimed at, and whether requirements on the target narrow that."""
    out = []
    for iv in pack.interventions:
        eligible = _eligible_of(pack, iv)
        narrowed = any(r.target_knows is not None or r.target_trust_at_least is not None or r.target_stage_at_least is not None
                       for r in iv.requires)
        out.append((iv, eligible, narrowed))
    return out


def requirement_namespace(tc: TurnContext) -> dict[str, float]:
    """The names the moves' ``when`` requirements read, at this turn's state (worked out once a turn)."""
    return tc.per_turn("requirements", lambda: tc.names_for(tc.tables.names.requirements))


def standings_now(tc: TurnContext) -> list[Standing]:
    """Every intervention's standing this turn (worked out once a turn)."""
    return tc.per_turn("standings", lambda: standings(tc))


def standings(tc: TurnContext) -> list[Standing]:
    """Every intervention's standing this turn (the targets it may have, its fit, state-only refusals)."""
    s, out = tc.state, []
    for iv, eligible, narrowed in tc.pack.memo("target_plan", _target_plan):
        last = s.last_used.get(iv.id)
        cooling = iv.cooldown - (s.turn - last) + 1 if last is not None and s.turn - last <= iv.cooldown else None
        st, bi = multipliers(tc, iv, tc.context)
        out.append(Standing(iv, eligible, narrowed, st * bi, cooling))
    return out


def _unmet(tc: TurnContext, iv: Intervention, *, long: bool) -> str | None:
    """The first untargeted requirement not met now, worded as :func:`check` (long) or briefly."""
    for req in iv.requires:
        unmet = _requirement_unmet(tc, req, iv.name, long=long)
        if unmet:
            return unmet
    return None


def options(tc: TurnContext, diary: list[PlannedMove]) -> list[Option]:
    """Every intervention with whether it can be used now, why not, its valid single targets, and any warning."""
    planned = _Planned.of(tc, diary)
    return [Option(st.intervention, reason is None, reason or "", list(st.targets(tc)), st.fit, warning(tc, st.intervention))
            for st in standings_now(tc) for reason in (_refusal(tc, st, planned),)]


def warning(tc: TurnContext, iv: Intervention) -> str:
    """Something the player should know before planning ``iv`` now, or "" (it can still be planned)."""
    meta, turn = tc.pack.meta, tc.state.turn
    if iv.delay and turn + iv.delay > meta.turns:
        label = meta.turn_label
        return (f"its effects would land in {label} {turn + iv.delay}, after the game ends in {label} {meta.turns}: "
                "you would not see them")
    return ""


def choice_options(tc: TurnContext, event_id: str, planned_capital: float = 0.0) -> list[ChoiceOption]:
    """Each answer to dilemma ``event_id``: whether it can be chosen now (requirements, capital) and why not."""
    out = []
    capital = tc.state.capital - planned_capital
    for choice in tc.pack.event(event_id).choices:
        reason = None
        for req in choice.requires:
            reason = _requirement_unmet(tc, req, choice.label, long=True)
            if reason:
                break
        if reason is None and choice.capital > capital + 1e-9:
            reason = f"'{choice.label}' needs {choice.capital:g} political capital; you have {capital:.1f}"
        out.append(ChoiceOption(choice, reason is None, reason or ""))
    return out


def usable(tc: TurnContext, diary: list[PlannedMove]) -> list[Intervention]:
    """The interventions :func:`options` marks available (without building an option for each)."""
    planned = _Planned.of(tc, diary)
    return [st.intervention for st in standings_now(tc) if _refusal(tc, st, planned) is None]


def _refusal(tc: TurnContext, st: Standing, planned: _Planned) -> str | None:
    """Why the move cannot go in the diary now (None if it can), in :func:`check`'s order and words."""
    s, iv, meta = tc.state, st.intervention, tc.pack.meta
    long = iv.target in ("none", "all")
    if s.finished:
        return "the game is over"
    if planned.count >= MAX_MOVES:
        return f"the diary holds at most {MAX_MOVES} moves a {meta.turn_label}" if long else "the diary is full"
    if planned.slots + iv.slots > meta.slots_per_turn:
        return f"not enough diary slots left this {meta.turn_label} for '{iv.name}'" if long else "no diary slots left"
    if planned.capital + iv.capital > s.capital + 1e-9:
        if long:
            return f"'{iv.name}' needs {iv.capital:g} political capital; you have {s.capital - planned.capital:.1f} left"
        return f"needs {iv.capital:g} capital"
    if iv.cooldown and iv.id in planned.ids:
        return f"'{iv.name}' is already in this {meta.turn_label}'s diary" if long else "on cooldown"
    if st.cooling is not None:
        return f"'{iv.name}' can be used again in {st.cooling} {meta.turn_label}(s)" if long else "on cooldown"
    return st.unmet(tc)


@dataclass(frozen=True)
class _Planned:
    """What the diary already holds: slots and capital committed, and which moves."""

    slots: int
    capital: float
    ids: frozenset[str]
    count: int = 0

    @classmethod
    def of(cls, tc: TurnContext, diary: list[PlannedMove]) -> _Planned:
        ivs = [tc.tables.ivs[m.intervention] for m in diary]
        return cls(sum(iv.slots for iv in ivs), sum(iv.capital for iv in ivs), frozenset(iv.id for iv in ivs),
                   len(ivs))


def _target_ok(tc: TurnContext, iv: Intervention, target: str) -> bool:
    s, i = tc.state, tc.index[target]
    for req in iv.requires:
        if req.target_knows is not None and not known(tc, i, req.target_knows):
            return False
        if req.target_trust_at_least is not None and s.tau[i] < req.target_trust_at_least:
            return False
        if req.target_stage_at_least is not None and s.stage[i] < STAGES.index(req.target_stage_at_least):
            return False
    return True
