"""The turn context: everything a rule of the engine reads or changes, and nothing else.

Every phase of a turn is a function over a :class:`TurnContext` — the pack and its per-pack
tables, the game state, this turn's random streams, the causal ledger and the names expressions
read — so a rule can be tested on a tiny state built by hand, without a whole game around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from sysplay.engine import context as ctxmod
from sysplay.engine.ledger import Ledger, NullLedger
from sysplay.engine.rng import restart, stream
from sysplay.engine.state import GameState, initial_state
from sysplay.scenarios import authority as authmod
from sysplay.scenarios.models import Fact, Intervention, Pack

_T = TypeVar("_T")


@dataclass(frozen=True)
class Tables:
    """What is worked out once per pack and shared by every game of it (never changed by a game)."""

    index: dict[str, int]
    ids: list[str]
    has_concern: np.ndarray
    hidden_total: int
    voice_idx: np.ndarray
    names: ctxmod.NameTable
    ivs: dict[str, Intervention]
    #: Multipliers per (kind, zone, mode), filled as they are first needed.
    multipliers: dict[tuple[str, str, str], tuple[float, float]]
    #: The authority the role has over each actor (0 none, 1 convening, 2 contractual, 3 statutory).
    authority: np.ndarray
    #: Every actor's own facts, in pack order: (actor index, fact); ``fact_known`` follows this order.
    facts: list[tuple[int, Fact]]
    #: Per actor, the positions of its facts in ``facts``.
    facts_of: list[list[int]]

    @classmethod
    def of(cls, pack: Pack) -> Tables:
        """The tables of ``pack`` (use :func:`tables_for`, which keeps them with the pack)."""
        facts = [(i, f) for i, a in enumerate(pack.actors) for f in a.facts]
        return cls(
            index={a.id: k for k, a in enumerate(pack.actors)},
            ids=[a.id for a in pack.actors],
            has_concern=np.array([a.concern is not None for a in pack.actors]),
            hidden_total=sum(len(a.hidden) for a in pack.actors),
            voice_idx=ctxmod.voice_indices(pack),
            names=ctxmod.NameTable(pack),
            ivs=pack.interventions_by_id(),
            multipliers={},
            authority=np.array(authmod.levels(pack), dtype=np.int64),
            facts=facts,
            facts_of=[[k for k, (i, _f) in enumerate(facts) if i == a] for a in range(len(pack.actors))],
        )


def tables_for(pack: Pack) -> Tables:
    """The per-pack tables, built on first use and kept with the pack."""
    return pack.memo("tables", Tables.of)


@dataclass
class Orders:
    """A facilitator's orders for the events of one turn."""

    inject: list[str] = field(default_factory=list)
    skip: set[str] = field(default_factory=set)
    rolls: dict[str, float] = field(default_factory=dict)


@dataclass
class Overrides:
    """Facilitator orders waiting for the turn they apply to (turn -> orders); consumed by :func:`step_events`.

    Not part of the state hash: a save records the orders as facilitator actions, and a replay gives
    them again in the same turns, so the states match byte for byte.
    """

    by_turn: dict[int, Orders] = field(default_factory=dict)

    def at(self, turn: int) -> Orders:
        """The orders for ``turn`` (created empty if there are none yet)."""
        return self.by_turn.setdefault(turn, Orders())

    def take(self, turn: int) -> Orders | None:
        """Remove and return the orders for ``turn``."""
        return self.by_turn.pop(turn, None)

    def copy(self) -> Overrides:
        """An independent copy (for look-ahead copies of a game)."""
        return Overrides({t: Orders(list(o.inject), set(o.skip), dict(o.rolls)) for t, o in self.by_turn.items()})


class Streams:
    """The game's random streams for one turn, keyed by purpose; a new turn starts fresh streams.

    Streams live for one turn only, so a copy made at any point draws exactly what the original would.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._turn = 0
        self._live: dict[str, np.random.Generator] = {}
        self._spare: list[np.random.Generator] = []

    def get(self, turn: int, purpose: str) -> np.random.Generator:
        """The stream for ``purpose`` in ``turn``; draws continue where the last call left off."""
        if self._turn != turn:
            self._spare.extend(self._live.values())
            self._live = {}
            self._turn = turn
        gen = self._live.get(purpose)
        if gen is None:
            if self._spare:  # last turn's streams are dropped: reuse their objects, freshly keyed
                gen = restart(self._spare.pop(), self.seed, turn, purpose)
            else:
                gen = stream(self.seed, turn, purpose)
            self._live[purpose] = gen
        return gen

    def copy(self) -> Streams:
        """Independent streams in exactly the same state."""
        twin = Streams(self.seed)
        twin._turn = self._turn
        twin._live = {k: _copy_generator(v) for k, v in self._live.items()}
        return twin


def _copy_generator(gen: np.random.Generator) -> np.random.Generator:
    """An independent generator in exactly the same state."""
    twin = np.random.Generator(type(gen.bit_generator)())
    twin.bit_generator.state = gen.bit_generator.state
    return twin


class TurnContext:
    """The pack, the state, the random streams, the ledger and the names: what the rules work on.

    Args:
        pack: The loaded pack (never modified).
        state: The game state the rules read and change.
        seed: The game's seed (it keys the random streams).
        record: Keep the causal ledger (off for look-ahead and batches).
    """

    def __init__(self, pack: Pack, state: GameState, seed: int = 1, *, record: bool = True) -> None:
        self.pack = pack
        self.state = state
        self.seed = int(seed)
        self.tables = tables_for(pack)
        self.recording = record
        self.ledger: Ledger = Ledger() if record else NullLedger()
        self.streams = Streams(self.seed)
        self.harm_base = ctxmod.HarmBase(state)
        #: Directed ties refreshed by contact this turn (they do not fade).
        self.contact: set[tuple[int, int]] = set()
        #: Positions of the ties with strength above zero after the last social phase (None: work them out).
        self.live_flat: np.ndarray | None = None
        #: Actors instructed this turn: index -> (the stance the instruction moved, whether beyond authority).
        self.instructed: dict[int, tuple[float, bool]] = {}
        #: A facilitator's orders for events in this and later turns (consumed by ``events.step_events``).
        self.overrides = Overrides()
        self._ns: dict[str, float] | None = None
        self._ns_full = False
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._weights: tuple[np.ndarray, np.ndarray] | None = None
        self._affect: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        #: The situation this turn's moves are judged in.
        self.context = ctxmod.context_of(state, self.power_weights())

    @classmethod
    def start(cls, pack: Pack, seed: int = 1, *, record: bool = True) -> TurnContext:
        """A context for a new game of ``pack`` with ``seed``: the starting state, its strain, its situation."""
        from sysplay.engine.dynamics import evaluate_aux

        tc = cls(pack, initial_state(pack, seed), seed, record=record)
        ns = tc.names_for(tc.tables.names.system)
        evaluate_aux(tc, ns)  # this turn's flows, for expressions that read them before the system moves
        if pack.system.strain:  # the situation reads the strain, which reads the names (and so the situation)
            tc.state.strain = min(1.0, max(0.0, pack.expr(pack.system.strain)(ns)))
            tc.context = ctxmod.context_of(tc.state, tc.power_weights())
        return tc

    # ----- reading ---------------------------------------------------------------------
    @property
    def index(self) -> dict[str, int]:
        """Actor index by id."""
        return self.tables.index

    def rng(self, purpose: str) -> np.random.Generator:
        """This turn's random stream for ``purpose``."""
        return self.streams.get(self.state.turn, purpose)

    def power_weights(self) -> np.ndarray:
        """``power / power.sum()`` (the engine never changes power; cached per array)."""
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

    def names_for(self, plan: ctxmod.NamePlan) -> dict[str, float]:
        """A fresh namespace holding the names ``plan``'s readers read, at the current state."""
        ns = ctxmod.namespace(self.pack, self.state, self.harm_base, self.context, self.tables.voice_idx, 0.0,
                              self.tables.names, plan, w=self.power_weights())
        if self.pack.system.strain and plan.strain:  # else no expression reading these names reads strain
            ns["strain"] = min(1.0, max(0.0, self.pack.expr(self.pack.system.strain)(ns)))
        return ns

    def namespace(self, *, outcome: bool = True) -> dict[str, float]:
        """The names the pack's expressions read, at the current state (cached until :meth:`invalidate`).

        Args:
            outcome: Include what only outcome dimensions, endings and prompts read (costlier).
        """
        if self._ns is not None and (self._ns_full or not outcome):
            return self._ns
        names = self.tables.names
        self._ns, self._ns_full = self.names_for(names.full if outcome else names.system), outcome
        return self._ns

    def invalidate(self) -> None:
        """Forget the cached namespace after the state changed."""
        self._ns = None

    def per_turn(self, name: str, build: Callable[[], _T], key: Any = None) -> _T:
        """``build()``, kept until the turn ends (or until ``key`` changes within it)."""
        full = (self.state.turn, self.state.finished, key)
        found = self._cache.get(name)
        if found is None or found[0] != full:
            found = self._cache[name] = (full, build())
        return found[1]

    def end_of_turn(self) -> None:
        """Drop what was kept for the turn that just ended."""
        self._cache = {}
        self._ns = None

    # ----- changing --------------------------------------------------------------------
    def change_stock(self, sid: str, amount: float, kind: str, source: str, detail: tuple[Any, ...] = ()) -> float:
        """Change a stock within its bounds and record why; return the change made."""
        stock = self.pack.system.stocks[sid]
        before = self.state.stocks[sid]
        after = min(stock.max, max(stock.min, before + amount))
        self.state.stocks[sid] = after
        self.ledger.add(self.state.turn, ("stock", sid), after - before, kind, source, detail)
        return after - before

    def copy(self, *, record: bool = False) -> TurnContext:
        """An independent copy for look-ahead (no ledger by default, so it is cheap)."""
        twin = TurnContext.__new__(TurnContext)
        twin.__dict__.update(self.__dict__)
        twin.recording = record
        twin.ledger = Ledger() if record else NullLedger()
        twin.state = self.state.copy()
        twin.streams = self.streams.copy()
        twin.contact = set(self.contact)
        twin.instructed = dict(self.instructed)
        twin.overrides = self.overrides.copy()
        twin._ns = None
        twin._cache = {}
        return twin
