"""The game object: the only thing that changes game state. Plan moves, answer dilemmas, end turns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from sysplay.engine import context as ctxmod
from sysplay.engine.dynamics import evaluate_aux
from sysplay.engine.effects import Applied, apply_effects
from sysplay.engine.events import EventFired, Overrides, answer_dilemma
from sysplay.engine.ledger import Ledger, NullLedger
from sysplay.engine.moves import (
    Option,
    PlannedMove,
    Standing,
    check,
    multipliers,
    options,
    standings,
    target_multipliers,
    usable,
)
from sysplay.engine.outcome import Outcome, check_endings, score, with_outcome
from sysplay.engine.rng import restart, stream
from sysplay.engine.social import step_social as _step_social
from sysplay.engine.state import GameState, Queued, initial_state
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.vocab import HIDDEN_FACTS

_T = TypeVar("_T")


@dataclass
class MoveResult:
    """What one move did (or, for a delayed move, what landed)."""

    intervention: str
    targets: tuple[str, ...]
    zone_mult: float
    mode_mult: float
    tailored: tuple[str, ...]
    queued_for: int | None = None
    landed_from: int | None = None
    applied: Applied | None = None
    refused: str | None = None


@dataclass
class TurnResult:
    """Everything that happened in one turn, for the transcript, the screens and the record."""

    turn: int
    zone: str
    mode: str
    agreement: float
    certainty: float
    answer: tuple[str, str] | None
    moves: list[MoveResult]
    landed: list[MoveResult]
    events: list[EventFired]
    stocks_before: dict[str, float]
    stocks_after: dict[str, float]
    stage_changes: list[tuple[str, int, int]]
    surprise: float
    surprises: dict[str, tuple[float, float]]
    outcome: Outcome | None  # None only in a game made with scoring=False, on turns before its last
    state_hash: str
    dilemma: str | None
    ending: str | None


@dataclass
class Snapshot:
    """The numbers the player can see, at the start of a turn (for "why?" and the debrief)."""

    x: np.ndarray
    tau: np.ndarray
    anx: np.ndarray
    stage: np.ndarray
    R: np.ndarray
    T: np.ndarray
    stocks: dict[str, float]
    capital: float
    holding: float
    known: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    tie_known: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    mode: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))

    @classmethod
    def of(cls, s: GameState) -> Snapshot:
        """Copy the visible numbers out of ``s``."""
        return cls(s.x.copy(), s.tau.copy(), s.anx.copy(), s.stage.copy(), s.R.copy(), s.T.copy(),
                   dict(s.stocks), s.capital, s.holding, s.known.copy(), s.tie_known.copy(), s.mode.copy())


def _copy_generator(gen: np.random.Generator) -> np.random.Generator:
    """An independent generator in exactly the same state."""
    twin = np.random.Generator(type(gen.bit_generator)())
    twin.bit_generator.state = gen.bit_generator.state
    return twin


class Game:
    """One playthrough of a pack with a seed.

    Args:
        pack: The loaded pack (never modified).
        seed: The seed; the same pack, seed and moves give the same states, byte for byte.
        record: Keep the causal ledger and per-turn snapshots (off for look-ahead and batches).
        hashing: Compute each turn's state hash (saves and replays need it; batch simulation does not).
        scoring: Score the outcome every turn. Without it (batch simulation), a turn's result has an
            outcome only when the game ends; endings are found exactly as with it.
    """

    def __init__(self, pack: Pack, seed: int = 1, *, record: bool = True, hashing: bool = True,
                 scoring: bool = True) -> None:
        self.pack = pack
        self.seed = int(seed)
        self.recording = record
        self.hashing = hashing
        self.scoring = scoring
        self.ledger: Ledger = Ledger() if record else NullLedger()
        # Worked out once per pack and shared by every game of it (never changed by a game).
        self.index: dict[str, int] = pack.memo("actor_index", lambda p: {a.id: k for k, a in enumerate(p.actors)})
        self.has_concern: np.ndarray = pack.memo("has_concern", lambda p: np.array([a.concern is not None for a in p.actors]))
        self.hidden_total: int = pack.memo("hidden_total", lambda p: sum(len(a.hidden) for a in p.actors))
        self.voice_idx: np.ndarray = pack.memo("voice_idx", ctxmod.voice_indices)
        self.names: ctxmod.NameTable = pack.memo("names", ctxmod.NameTable)
        self.ivs = pack.interventions_by_id()
        #: The multipliers per (kind, zone, mode): per pack, never per state.
        self.multiplier_cache: dict[tuple[str, str, str], tuple[float, float]] = pack.memo("multipliers", lambda p: {})
        self.state = initial_state(pack, self.seed)
        self.start = self.state.copy()
        self.harm_base = ctxmod.HarmBase(self.start)
        self.diary: list[PlannedMove] = []
        self.answer_given: str | None = None
        self.contact_ties: set[tuple[int, int]] = set()
        #: A facilitator's orders for events in this and later turns (see :meth:`inject_event`).
        self.overrides = Overrides()
        self.history: list[Snapshot] = []
        self.results: list[TurnResult] = []
        self._ns: dict[str, float] | None = None
        self._ns_full = False
        self._turn_cache: dict[str, tuple[Any, Any]] = {}  # see _per_turn
        self._rngs: dict[str, np.random.Generator] = {}
        self._rng_turn = 0
        self._spare_rngs: list[np.random.Generator] = []
        self._weights: tuple[np.ndarray, np.ndarray] | None = None
        self._affect: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self.context = ctxmod.context_of(self.state, self.hidden_total, self.power_weights())
        evaluate_aux(self, self._base_namespace(False))
        self._ns = None

    # ----- reading ---------------------------------------------------------------------
    @property
    def turn(self) -> int:
        """The turn being planned (1-based)."""
        return self.state.turn

    @property
    def finished(self) -> bool:
        """Whether the game has reached an ending."""
        return self.state.finished

    @property
    def pending_dilemma(self) -> str | None:
        """The id of a dilemma event waiting for an answer, if any."""
        return self.state.pending_dilemma

    def rng(self, purpose: str) -> np.random.Generator:
        """The random stream for ``purpose`` this turn; draws continue where the last call left off.

        Streams are kept for the current turn only and dropped when the turn changes, so a
        copy made at any point draws exactly what the original would.
        """
        if self._rng_turn != self.state.turn:
            self._spare_rngs.extend(self._rngs.values())
            self._rngs = {}
            self._rng_turn = self.state.turn
        gen = self._rngs.get(purpose)
        if gen is None:
            if self._spare_rngs:  # last turn's streams are dropped: reuse their objects, freshly keyed
                gen = restart(self._spare_rngs.pop(), self.seed, self.state.turn, purpose)
            else:
                gen = stream(self.seed, self.state.turn, purpose)
            self._rngs[purpose] = gen
        return gen

    def power_weights(self) -> np.ndarray:
        """``power / power.sum()`` for the current state (the engine never changes power; cached per array)."""
        p = self.state.power
        if self._weights is None or self._weights[0] is not p:
            self._weights = (p, p / p.sum())
        return self._weights[1]

    def affect_constants(self) -> tuple[np.ndarray, np.ndarray]:
        """(mean valency per drive, the two most powerful actors), cached per power and valency array."""
        s = self.state
        c = self._affect
        if c is None or c[0] is not s.power or c[1] is not s.val:
            c = self._affect = (s.power, s.val, s.val.mean(axis=0), np.argsort(-s.power, kind="stable")[:2])
        return c[2], c[3]

    def _base_namespace(self, outcome: bool = True, plan: ctxmod.NamePlan | None = None) -> dict[str, float]:
        if plan is None:
            plan = self.names.full if outcome else self.names.system
        ns = ctxmod.namespace(self.pack, self.state, self.harm_base, self.context, self.voice_idx, 0.0,
                              self.names, plan, w=self.power_weights())
        if self.pack.system.strain and plan.strain:  # else no expression reading these names reads strain
            ns["strain"] = min(1.0, max(0.0, self.pack.expr(self.pack.system.strain)(ns)))
        return ns

    def namespace(self, *, outcome: bool = True) -> dict[str, float]:
        """The names the pack's expressions read, at the current state (cached until the state changes).

        Args:
            outcome: Include what only outcome dimensions, endings and prompts read (costlier).
        """
        if self._ns is not None and (self._ns_full or not outcome):
            return self._ns
        self._ns, self._ns_full = self._base_namespace(outcome), outcome
        return self._ns

    def values(self) -> dict[str, float]:
        """Every name an expression could read, the outcome and its dimensions included, at the current state.

        For writers' own tests; the engine itself builds only the names the pack reads (:meth:`namespace`).
        """
        ns = self._base_namespace(plan=self.names.everything)
        with_outcome(self.pack, ns)
        return ns

    def early_namespace(self) -> dict[str, float]:
        """The names the endings that can come before the last turn read, at the current state (not cached)."""
        return self._base_namespace(plan=self.names.early)

    def requirement_namespace(self) -> dict[str, float]:
        """The names the moves' ``when`` requirements read, at this turn's state (cached until the turn ends)."""
        return self._per_turn("requirements", lambda: self._base_namespace(plan=self.names.requirements))

    def options(self) -> list[Option]:
        """Every intervention, whether it can be used now and why not, and whom it can target.

        Cached until the diary or the state changes (personas ask many times while planning).
        """
        return list(self._per_turn("options", lambda: options(self, self.diary), diary=True))

    def usable(self) -> list[Intervention]:
        """The interventions that can go in the diary now (those :meth:`options` marks available; cached likewise)."""
        return list(self._per_turn("usable", lambda: usable(self, self.diary), diary=True))

    def standings(self) -> list[Standing]:
        """Each intervention's standing this turn, before the diary is taken into account (cached per turn)."""
        return self._per_turn("standings", lambda: standings(self))

    def allowed_targets(self, intervention_id: str) -> frozenset[str]:
        """Whom a move may be aimed at this turn, as a set (the option's targets, worked out once a turn)."""
        standing = self._per_turn("standing_of", lambda: {st.intervention.id: st for st in self.standings()})
        return frozenset(standing[intervention_id].targets(self))

    def _per_turn(self, name: str, build: Callable[[], _T], *, diary: bool = False) -> _T:
        """``build()``, kept until the turn ends (or, with ``diary``, until the diary changes).

        The state changes only when a turn ends, so (turn, turns played, diary) says when to rebuild.
        """
        key = (self.state.turn, len(self.results), tuple(self.diary) if diary else None)
        found = self._turn_cache.get(name)
        if found is None or found[0] != key:
            found = self._turn_cache[name] = (key, build())
        return found[1]

    def outcome(self) -> Outcome:
        """The outcome dimensions and composite score at the current state."""
        return score(self.pack, self.namespace())

    def knows(self, actor_id: str, fact: str) -> bool:
        """Whether the player has learned (or could always see) ``fact`` about an actor."""
        return bool(self.state.known[self.index[actor_id], HIDDEN_FACTS.index(fact)])

    # ----- acting ----------------------------------------------------------------------
    def plan(self, intervention_id: str, targets: tuple[str, ...] | list[str] | str = ()) -> PlannedMove:
        """Put a move in this turn's diary.

        Raises:
            RefusedMove: the move is not possible now; nothing changes.
        """
        if isinstance(targets, str):
            targets = (targets,)
        try:
            iv = self.ivs[intervention_id]
        except KeyError:
            raise RefusedMove("unknown", f"there is no intervention '{intervention_id}'") from None
        move = PlannedMove(iv.id, tuple(targets))
        check(self, iv, move.targets, self.diary)
        self.diary.append(move)
        return move

    def unplan(self, index: int) -> PlannedMove:
        """Take a move out of the diary."""
        return self.diary.pop(index)

    def reorder(self, index: int, new_index: int) -> None:
        """Move a diary entry to a new position (moves resolve in diary order)."""
        self.diary.insert(new_index, self.diary.pop(index))

    def answer(self, choice_id: str) -> None:
        """Answer the pending dilemma (applied at the start of the turn's resolution).

        Raises:
            RefusedMove: there is no dilemma, or no such choice.
        """
        if self.state.pending_dilemma is None:
            raise RefusedMove("dilemma", "there is no dilemma waiting for an answer")
        ev = self.pack.event(self.state.pending_dilemma)
        if choice_id not in {c.id for c in ev.choices}:
            raise RefusedMove("dilemma", f"'{choice_id}' is not one of the choices for '{ev.title}'")
        self.answer_given = choice_id

    # ----- a facilitator's live control (applied in this turn's events phase) -------------
    def _orderable(self, event_id: str) -> Any:
        try:
            ev = self.pack.event(event_id)
        except KeyError:
            raise RefusedMove("event", f"there is no event '{event_id}'") from None
        if ev.start is not None:
            raise RefusedMove("event", f"'{ev.title}' starts and stops at its own thresholds; it cannot be ordered")
        if self.state.finished:
            raise RefusedMove("finished", "the game is over")
        return ev

    def inject_event(self, event_id: str, turns: int = 0) -> None:
        """Make an event happen in this turn's events phase (or ``turns`` turns later), whatever its condition.

        Raises:
            RefusedMove: no such event, one with start/stop thresholds, or a dilemma that cannot be answered.
        """
        ev = self._orderable(event_id)
        if turns < 0:
            raise RefusedMove("event", "an event can only be ordered for this turn or a later one")
        turn = self.state.turn + turns
        if ev.choices and turns == 0 and (self.state.pending_dilemma is not None or turn >= self.pack.meta.turns):
            raise RefusedMove("event", f"'{ev.title}' is a dilemma and there is no turn left to answer it now")
        self.overrides.at(turn).inject.append(ev.id)

    def skip_event(self, event_id: str) -> None:
        """Stop an event from happening in this turn, whatever its condition and roll."""
        ev = self._orderable(event_id)
        self.overrides.at(self.state.turn).skip.add(ev.id)

    def delay_event(self, event_id: str, turns: int) -> None:
        """Hold an event back this turn and make it happen ``turns`` turns later."""
        if turns < 1:
            raise RefusedMove("event", "a delay is at least one turn")
        self.skip_event(event_id)
        self.inject_event(event_id, turns)

    def override_roll(self, event_id: str, roll: float) -> None:
        """Replace an event's chance roll this turn (0 fires it if its condition holds; 1 never does)."""
        ev = self._orderable(event_id)
        if not 0.0 <= roll <= 1.0:
            raise RefusedMove("event", "a roll is between 0 and 1")
        self.overrides.at(self.state.turn).rolls[ev.id] = float(roll)

    def end_turn(self) -> TurnResult:
        """Resolve the turn: your moves, delayed effects, events, the system, the people; then check endings.

        Raises:
            RefusedMove: the game is over, or a dilemma is waiting for an answer.
        """
        s = self.state
        if s.finished:
            raise RefusedMove("finished", "the game is over")
        if s.pending_dilemma is not None and self.answer_given is None:
            raise RefusedMove("dilemma", f"answer '{self.pack.event(s.pending_dilemma).title}' first")
        from sysplay.engine.turn import resolve

        result = resolve(self)
        self.results.append(result)
        return result

    def change_stock(self, sid: str, amount: float, kind: str, source: str, detail: tuple[Any, ...] = ()) -> float:
        """Change a stock within its bounds and record why; return the change made."""
        stock = self.pack.system.stocks[sid]
        before = self.state.stocks[sid]
        after = min(stock.max, max(stock.min, before + amount))
        self.state.stocks[sid] = after
        self.ledger.add(self.state.turn, ("stock", sid), after - before, kind, source, detail)
        return after - before

    def apply_move(self, move: PlannedMove, ctx: ctxmod.Context, *, delayed_from: int | None = None) -> MoveResult:
        """Apply a move's effects now (or queue them), with the context's multipliers."""
        iv = self.ivs[move.intervention]
        zone_m, mode_m = multipliers(self, iv, ctx)
        if iv.target == "all":
            idx = np.arange(len(self.pack.actors))
        else:
            idx = np.array([self.index[t] for t in move.targets], dtype=np.int64)
        base = zone_m * mode_m
        k: Any = base
        tailored: tuple[str, ...] = ()
        if idx.size:
            k = target_multipliers(self, idx, base)
            actors = self.pack.actors
            tailored = tuple(actors[i].id for i, kk in zip(idx.tolist(), k.tolist(), strict=True) if kk > base + 1e-12)
        result = MoveResult(iv.id, move.targets, zone_m, mode_m, tailored, landed_from=delayed_from)
        if iv.delay and delayed_from is None:
            due = self.state.turn + iv.delay
            self.state.queue.append(Queued(due, self.state.queue_seq, iv.id, tuple(idx.tolist()), self.state.turn))
            self.state.queue_seq += 1
            result.queued_for = due
            return result
        kind = "delayed" if delayed_from is not None else "move"
        detail = (ctx.zone, zone_m, ctx.mode, mode_m, tailored, delayed_from)
        result.applied = apply_effects(self, iv.effects, idx, k, (kind, iv.id, detail))
        if len(idx) >= 2:
            for a in idx.tolist():
                for b in idx.tolist():
                    if a != b:
                        self.contact_ties.add((a, b))
        return result

    def clone(self, *, record: bool = False) -> Game:
        """An independent copy for look-ahead (no ledger by default, so it is cheap)."""
        twin = Game.__new__(Game)
        twin.__dict__.update(self.__dict__)
        twin.recording = record
        twin.ledger = Ledger() if record else NullLedger()
        twin.state = self.state.copy()
        twin.diary = list(self.diary)
        twin.contact_ties = set(self.contact_ties)
        twin.overrides = self.overrides.copy()
        twin.history = list(self.history) if record else []
        twin.results = list(self.results)
        twin._ns = None
        twin._turn_cache = {}
        twin._rngs = {k: _copy_generator(v) for k, v in self._rngs.items()}
        twin._spare_rngs = []
        return twin

    def state_hash(self) -> str:
        """SHA-256 of the whole game state now."""
        return self.state.digest()

    def pay(self, iv_id: str) -> None:
        """Spend a move's capital and start its cooldown."""
        s, iv = self.state, self.ivs[iv_id]
        if iv.capital:
            s.capital = max(0.0, s.capital - iv.capital)
            self.ledger.add(s.turn, ("capital",), -iv.capital, "cost", iv.id)
        s.last_used[iv.id] = s.turn
        s.used[iv.id] = s.used.get(iv.id, 0) + 1

    def invalidate(self) -> None:
        """Forget cached derived values after the state changed."""
        self._ns = None

    def step_social(self, strain: float) -> None:
        """Affect, opinions, adoption and relationships (see :func:`sysplay.engine.social.step_social`)."""
        _step_social(self, strain)

    def check_endings(self, final: bool) -> str | None:
        """The first ending whose condition holds now (``at: any`` endings, or all at the final turn)."""
        return check_endings(self.pack, self.namespace(), final)

    def answer_now(self) -> tuple[str, str] | None:
        """Apply a stored dilemma answer; return (dilemma, choice)."""
        if self.answer_given is None or self.state.pending_dilemma is None:
            self.answer_given = None
            return None
        dilemma, choice = self.state.pending_dilemma, self.answer_given
        answer_dilemma(self, choice)
        self.answer_given = None
        return dilemma, choice
