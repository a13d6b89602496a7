"""The player's moves: what is on offer, what is refused and why, and how well a move fits its context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sysplay.engine.view import possessive
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.vocab import DEFAULT_BION, DEFAULT_STACEY, HIDDEN_FACTS, STAGES

if TYPE_CHECKING:
    from sysplay.engine.context import Context
    from sysplay.engine.game import Game

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


def multipliers(g: Game, iv: Intervention, ctx: Context) -> tuple[float, float]:
    """(Stacey zone multiplier, Bion mode multiplier) for a kind of move in this context."""
    key = (iv.kind, ctx.zone, ctx.mode)
    found = g.multiplier_cache.get(key)
    if found is None:
        stacey = g.pack.engine.stacey.get(iv.kind) or DEFAULT_STACEY[iv.kind]
        bion = g.pack.engine.bion.get(iv.kind) or DEFAULT_BION[iv.kind]
        found = g.multiplier_cache[key] = (float(stacey[ctx.zone_index()]), float(bion[ctx.mode_index()]))
    return found


def target_multipliers(g: Game, idx: np.ndarray, base: float) -> np.ndarray:
    """Per-target multipliers: the context's, times the tailoring bonus where you know their concern."""
    tailoring = g.pack.engine.tailoring
    if idx.size <= _FEW:  # the same products, without array calls for a handful of targets
        known, has = g.state.known, g.has_concern
        return np.array([base * (tailoring if known[i, CONCERN] and has[i] else 1.0) for i in idx.tolist()])
    return base * np.where(g.state.known[idx, CONCERN] & g.has_concern[idx], tailoring, 1.0)


_FEW = 8


def _eligible_of(pack: Pack, iv: Intervention) -> tuple[str, ...]:
    """Actor ids this move may be aimed at (before requirements on the target)."""
    types = iv.target_types
    return () if iv.target in ("none", "all") else tuple(a.id for a in pack.actors if types is None or a.type in types)


def _eligible_sets(pack: Pack) -> dict[str, frozenset[str]]:
    return {iv.id: frozenset(eligible) for iv, eligible, _narrowed in pack.memo("target_plan", _target_plan)}


def check(g: Game, iv: Intervention, targets: tuple[str, ...], diary: list[PlannedMove]) -> None:
    """Raise :class:`RefusedMove` unless the move can go in the diary now; never changes state."""
    s = g.state
    if s.finished:
        raise RefusedMove("finished", "the game is over")
    if len(diary) >= MAX_MOVES:
        raise RefusedMove("slots", f"the diary holds at most {MAX_MOVES} moves a {g.pack.meta.turn_label}")
    slots = sum(g.ivs[m.intervention].slots for m in diary)
    if slots + iv.slots > g.pack.meta.slots_per_turn:
        raise RefusedMove("slots", f"not enough diary slots left this {g.pack.meta.turn_label} for '{iv.name}'")
    capital = sum(g.ivs[m.intervention].capital for m in diary)
    if capital + iv.capital > s.capital + 1e-9:
        raise RefusedMove("unaffordable", f"'{iv.name}' needs {iv.capital:g} political capital; you have {s.capital - capital:.1f} left")
    last = s.last_used.get(iv.id)
    planned = any(m.intervention == iv.id for m in diary)
    if planned and iv.cooldown > 0:
        raise RefusedMove("cooldown", f"'{iv.name}' is already in this {g.pack.meta.turn_label}'s diary")
    if last is not None and s.turn - last <= iv.cooldown:
        wait = iv.cooldown - (s.turn - last) + 1
        raise RefusedMove("cooldown", f"'{iv.name}' can be used again in {wait} {g.pack.meta.turn_label}(s)")
    _check_targets(g, iv, targets)
    _check_requirements(g, iv, targets)


def _check_targets(g: Game, iv: Intervention, targets: tuple[str, ...]) -> None:
    allowed = g.pack.memo("eligible_sets", _eligible_sets)[iv.id]
    need = _TARGET_COUNTS.get(iv.target) or (iv.group_min, iv.group_max)
    if len(set(targets)) != len(targets):
        raise RefusedMove("target", "the same actor is named twice")
    if not need[0] <= len(targets) <= need[1]:
        want = "no target" if need[1] == 0 else (f"{need[0]}" if need[0] == need[1] else f"{need[0]} to {need[1]}")
        raise RefusedMove("target", f"'{iv.name}' needs {want} target(s), got {len(targets)}")
    for t in targets:
        if t not in g.index:
            raise RefusedMove("target", f"there is no actor '{t}'")
        if t not in allowed:
            raise RefusedMove("target", f"'{iv.name}' cannot be aimed at {g.pack.actor(t).display_name}")


_TARGET_COUNTS = {"none": (0, 0), "all": (0, 0), "actor": (1, 1), "pair": (2, 2)}


def _check_requirements(g: Game, iv: Intervention, targets: tuple[str, ...]) -> None:
    s = g.state
    idx = [g.index[t] for t in targets]
    for req in iv.requires:
        if req.knows is not None:
            actor_id, _, fact = req.knows.partition(".")
            if not s.known[g.index[actor_id], HIDDEN_FACTS.index(fact)]:
                name = g.pack.actor(actor_id).display_name
                raise RefusedMove("requirement", f"'{iv.name}' needs you to know {possessive(name)} {fact} first")
        if req.target_knows is not None:
            for i in idx:
                if not s.known[i, HIDDEN_FACTS.index(req.target_knows)]:
                    raise RefusedMove("requirement", f"you need to know {possessive(g.pack.actors[i].display_name)} {req.target_knows} first")
        if req.target_trust_at_least is not None:
            for i in idx:
                if s.tau[i] < req.target_trust_at_least:
                    raise RefusedMove("requirement", f"{g.pack.actors[i].display_name} does not trust you enough yet")
        if req.target_stage_at_least is not None:
            need = STAGES.index(req.target_stage_at_least)
            for i in idx:
                if s.stage[i] < need:
                    raise RefusedMove("requirement", f"{g.pack.actors[i].display_name} is not yet {req.target_stage_at_least}")
        if req.known_tie and len(idx) == 2 and not (s.tie_known[idx[0], idx[1]] or s.tie_known[idx[1], idx[0]]):
            raise RefusedMove("requirement", "you do not know of any tie between these two")
        if req.when is not None and not g.pack.expr(req.when)(g.requirement_namespace()):
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

    def targets(self, g: Game) -> tuple[str, ...]:
        """Whom the move may be aimed at this turn (worked out once, when first asked)."""
        if self._targets is None:
            iv = self.intervention
            self._targets = tuple(t for t in self.eligible if _target_ok(g, iv, t)) if self.narrowed else self.eligible
        return self._targets

    def unmet(self, g: Game) -> str | None:
        """Why an untargeted requirement is not met now, if one is (evaluated once, when first asked)."""
        if self._unmet is False:
            iv = self.intervention
            self._unmet = _unmet(g, iv, long=iv.target in ("none", "all"))
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


def standings(g: Game) -> list[Standing]:
    """Every intervention's standing this turn (the targets it may have, its fit, state-only refusals)."""
    s, out = g.state, []
    for iv, eligible, narrowed in g.pack.memo("target_plan", _target_plan):
        last = s.last_used.get(iv.id)
        cooling = iv.cooldown - (s.turn - last) + 1 if last is not None and s.turn - last <= iv.cooldown else None
        st, bi = multipliers(g, iv, g.context)
        out.append(Standing(iv, eligible, narrowed, st * bi, cooling))
    return out


def _unmet(g: Game, iv: Intervention, *, long: bool) -> str | None:
    """The first untargeted requirement not met now, worded as :func:`check` (long) or briefly."""
    s = g.state
    for req in iv.requires:
        if req.knows is not None:
            actor_id, _, fact = req.knows.partition(".")
            if not s.known[g.index[actor_id], HIDDEN_FACTS.index(fact)]:
                name = possessive(g.pack.actor(actor_id).display_name)
                return f"'{iv.name}' needs you to know {name} {fact} first" if long else f"needs you to know {name} {fact}"
        if req.when is not None and not g.pack.expr(req.when)(g.requirement_namespace()):
            return f"'{iv.name}' is not possible yet ({req.when})" if long else f"not possible yet ({req.when})"
    return None


def options(g: Game, diary: list[PlannedMove]) -> list[Option]:
    """Every intervention with whether it can be used now, why not, and its valid single targets."""
    planned = _Planned.of(g, diary)
    return [Option(st.intervention, reason is None, reason or "", list(st.targets(g)), st.fit)
            for st in g.standings() for reason in (_refusal(g, st, planned),)]


def usable(g: Game, diary: list[PlannedMove]) -> list[Intervention]:
    """The interventions :func:`options` marks available (without building an option for each)."""
    planned = _Planned.of(g, diary)
    return [st.intervention for st in g.standings() if _refusal(g, st, planned) is None]


def _refusal(g: Game, st: Standing, planned: _Planned) -> str | None:
    """Why the move cannot go in the diary now (None if it can), in :func:`check`'s order and words."""
    s, iv, meta = g.state, st.intervention, g.pack.meta
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
    return st.unmet(g)


@dataclass(frozen=True)
class _Planned:
    """What the diary already holds: slots and capital committed, and which moves."""

    slots: int
    capital: float
    ids: frozenset[str]
    count: int = 0

    @classmethod
    def of(cls, g: Game, diary: list[PlannedMove]) -> _Planned:
        ivs = [g.ivs[m.intervention] for m in diary]
        return cls(sum(iv.slots for iv in ivs), sum(iv.capital for iv in ivs), frozenset(iv.id for iv in ivs),
                   len(ivs))


def _target_ok(g: Game, iv: Intervention, target: str) -> bool:
    s, i = g.state, g.index[target]
    for req in iv.requires:
        if req.target_knows is not None and not s.known[i, HIDDEN_FACTS.index(req.target_knows)]:
            return False
        if req.target_trust_at_least is not None and s.tau[i] < req.target_trust_at_least:
            return False
        if req.target_stage_at_least is not None and s.stage[i] < STAGES.index(req.target_stage_at_least):
            return False
    return True
