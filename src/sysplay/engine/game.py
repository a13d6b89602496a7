"""The game: a thin façade over the turn context — options, plan, answer, end the turn.

The rules live in the turn's phases (``engine/turn.py`` and the modules it calls), each a function
over a :class:`~sysplay.engine.turnctx.TurnContext`; a :class:`Game` keeps the player's diary, the
answer to a waiting dilemma, and the record of turns played.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sysplay.engine import context as ctxmod
from sysplay.engine.ledger import Ledger
from sysplay.engine.moves import (
    ChoiceOption,
    Option,
    PlannedMove,
    Standing,
    beyond_words,
    check,
    choice_options,
    multipliers,
    options,
    standings_now,
    usable,
)
from sysplay.engine.outcome import Outcome, agree, score, with_outcome
from sysplay.engine.results import (
    ActorAction,
    Applied,
    EventFired,
    Lapsed,
    MoveResult,
    PilotRoll,
    Snapshot,
    TurnResult,
)
from sysplay.engine.reveal import known
from sysplay.engine.state import GameState
from sysplay.engine.turn import resolve
from sysplay.engine.turnctx import Overrides, TurnContext
from sysplay.errors import RefusedMove
from sysplay.scenarios import authority
from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.presets import with_preset

__all__ = ["ActorAction", "Applied", "EventFired", "Game", "Lapsed", "MoveResult", "PilotRoll", "Snapshot", "TurnResult"]


class Game:
    """One playthrough of a pack with a seed.

    Args:
        pack: The loaded pack (never modified).
        seed: The seed; the same pack, seed and moves give the same states, byte for byte.
        record: Keep the causal ledger and per-turn snapshots (off for look-ahead and batches).
        hashing: Compute each turn's state hash (saves and replays need it; batch simulation does not).
        scoring: Score the outcome every turn. Without it (batch simulation), a turn's result has an
            outcome only when the game ends; endings are found exactly as with it.
        difficulty: The id of one of the pack's difficulty presets; None for the pack's default, "" for the
            pack's numbers as written.

    Raises:
        SysplayError: the pack has no such difficulty.
    """

    def __init__(self, pack: Pack, seed: int = 1, *, record: bool = True, hashing: bool = True,
                 scoring: bool = True, difficulty: str | None = None) -> None:
        self.difficulty = pack.default_preset if difficulty is None else difficulty
        pack = with_preset(pack, self.difficulty)
        self.pack = pack
        self.seed = int(seed)
        self.hashing = hashing
        self.scoring = scoring
        self.tc = TurnContext.start(pack, self.seed, record=record)
        self.start = self.tc.state.copy()
        self.diary: list[PlannedMove] = []
        self.answer_given: str | None = None
        self.history: list[Snapshot] = []
        self.results: list[TurnResult] = []

    # ----- reading ---------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The game state (change it only through the turn's rules)."""
        return self.tc.state

    @property
    def ledger(self) -> Ledger:
        """The causal ledger: why each number the player can see changed."""
        return self.tc.ledger

    @property
    def recording(self) -> bool:
        """Whether the ledger and per-turn snapshots are kept."""
        return self.tc.recording

    @property
    def context(self) -> ctxmod.Context:
        """The situation the current turn's moves are judged in (zone, mood, agreement, certainty)."""
        return self.tc.context

    @property
    def index(self) -> dict[str, int]:
        """Actor index by id."""
        return self.tc.tables.index

    @property
    def ivs(self) -> dict[str, Intervention]:
        """Interventions by id."""
        return self.tc.tables.ivs

    @property
    def turn(self) -> int:
        """The turn being planned (1-based)."""
        return self.tc.state.turn

    @property
    def finished(self) -> bool:
        """Whether the game has reached an ending."""
        return self.tc.state.finished

    @property
    def pending_dilemma(self) -> str | None:
        """The id of a dilemma event waiting for an answer, if any."""
        return self.tc.state.pending_dilemma

    def rng(self, purpose: str) -> np.random.Generator:
        """The random stream for ``purpose`` this turn; draws continue where the last call left off."""
        return self.tc.rng(purpose)

    def power_weights(self) -> np.ndarray:
        """``power / power.sum()`` for the current state."""
        return self.tc.power_weights()

    def namespace(self, *, outcome: bool = True) -> dict[str, float]:
        """The names the pack's expressions read, at the current state (cached until the state changes).

        Args:
            outcome: Include what only outcome dimensions, endings and prompts read (costlier).
        """
        return self.tc.namespace(outcome=outcome)

    def values(self) -> dict[str, float]:
        """Every name an expression could read, the outcome and its dimensions included, at the current state.

        For writers' own tests; the engine itself builds only the names the pack reads (:meth:`namespace`).
        """
        ns = self.tc.names_for(self.tc.tables.names.everything)
        with_outcome(self.pack, ns)
        return ns

    def options(self) -> list[Option]:
        """Every intervention, whether it can be used now and why not, and whom it can target.

        Cached until the diary or the state changes (personas ask many times while planning).
        """
        return list(self.tc.per_turn("options", lambda: options(self.tc, self.diary), tuple(self.diary)))

    def usable(self) -> list[Intervention]:
        """The interventions that can go in the diary now (those :meth:`options` marks available; cached likewise)."""
        return list(self.tc.per_turn("usable", lambda: usable(self.tc, self.diary), tuple(self.diary)))

    def standings(self) -> list[Standing]:
        """Each intervention's standing this turn, before the diary is taken into account (cached per turn)."""
        return standings_now(self.tc)

    def allowed_targets(self, intervention_id: str) -> frozenset[str]:
        """Whom a move may be aimed at this turn, as a set (the option's targets, worked out once a turn)."""
        standing = self.tc.per_turn("standing_of", lambda: {st.intervention.id: st for st in self.standings()})
        return frozenset(standing[intervention_id].targets(self.tc))

    def fit(self, intervention_id: str) -> tuple[float, float]:
        """(zone multiplier, mood multiplier) for a move in this turn's situation."""
        return multipliers(self.tc, self.ivs[intervention_id], self.tc.context)

    def beyond_authority(self, intervention_id: str, actor_id: str) -> str:
        """Why aiming a move at an actor goes beyond the role's authority, in words ("" when it does not)."""
        iv, i = self.ivs[intervention_id], self.index[actor_id]
        if authority.needed(iv) > int(self.tc.tables.authority[i]):
            return beyond_words(self.tc, iv, i)
        return ""

    def check(self, intervention_id: str, targets: tuple[str, ...]) -> None:
        """Raise :class:`RefusedMove` unless the move could go in the diary now with these targets."""
        check(self.tc, self.ivs[intervention_id], targets, self.diary)

    def outcome(self) -> Outcome:
        """The outcome dimensions and composite score at the current state.

        Once the game has ended, the composite is kept within the band of the ending's tone.
        """
        return agree(self.pack, score(self.pack, self.namespace()), self.tc.state.ending)

    def knows(self, actor_id: str, fact: str) -> bool:
        """Whether the player has learned (or could always see) ``fact`` about an actor.

        ``fact`` is a hidden number such as ``concern``, or the id of one of the actor's own facts.
        """
        return known(self.tc, self.index[actor_id], fact)

    def choices(self) -> list[ChoiceOption]:
        """The answers to the waiting dilemma, each with whether it can be chosen now and why not ([] if none waits)."""
        if self.pending_dilemma is None:
            return []
        planned = sum(self.ivs[m.intervention].capital for m in self.diary)
        return choice_options(self.tc, self.pending_dilemma, planned)

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
        check(self.tc, iv, move.targets, self.diary)
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
        if self.pending_dilemma is None:
            raise RefusedMove("dilemma", "there is no dilemma waiting for an answer")
        ev = self.pack.event(self.pending_dilemma)
        if choice_id not in {c.id for c in ev.choices}:
            raise RefusedMove("dilemma", f"'{choice_id}' is not one of the choices for '{ev.title}'")
        option = next(o for o in choice_options(self.tc, ev.id) if o.choice.id == choice_id)
        if not option.available:
            raise RefusedMove("requirement", option.reason)
        self.answer_given = choice_id

    # ----- a facilitator's live control (applied in this turn's events phase) -------------
    @property
    def overrides(self) -> Any:
        """The facilitator's orders waiting for this and later turns (see :meth:`inject_event`)."""
        return self.tc.overrides

    def _orderable(self, event_id: str) -> Any:
        try:
            ev = self.pack.event(event_id)
        except KeyError:
            raise RefusedMove("event", f"there is no event '{event_id}'") from None
        if ev.start is not None:
            raise RefusedMove("event", f"'{ev.title}' starts and stops at its own thresholds; it cannot be ordered")
        if self.finished:
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
        turn = self.turn + turns
        if ev.choices and turns == 0 and (self.pending_dilemma is not None or turn >= self.pack.meta.turns):
            raise RefusedMove("event", f"'{ev.title}' is a dilemma and there is no turn left to answer it now")
        self.tc.overrides.at(turn).inject.append(ev.id)

    def skip_event(self, event_id: str) -> None:
        """Stop an event from happening in this turn, whatever its condition and roll."""
        ev = self._orderable(event_id)
        self.tc.overrides.at(self.turn).skip.add(ev.id)

    def delay_event(self, event_id: str, turns: int) -> None:
        """Hold an event back this turn and make it happen ``turns`` turns later."""
        if turns < 1:
            raise RefusedMove("event", "a delay is at least one turn")
        self.skip_event(event_id)
        self.inject_event(event_id, turns)

    def forget_orders(self) -> None:
        """Forget every facilitator order waiting for this or a later turn, so that they can be given again.

        Orders change nothing until the turn ends, so a playthrough withdrawing one forgets them all and
        gives the others again (:meth:`sysplay.playthroughs.save.Playthrough.withdraw_order`).
        """
        self.tc.overrides = Overrides()

    def order_injection(self, event_id: str, turn: int) -> None:
        """Make an event happen in ``turn`` (this one or later), as a delay given in an earlier turn did."""
        ev = self._orderable(event_id)
        if turn < self.turn:
            raise RefusedMove("event", "an event can only be ordered for this turn or a later one")
        self.tc.overrides.at(turn).inject.append(ev.id)

    def override_roll(self, event_id: str, roll: float) -> None:
        """Replace an event's chance roll this turn (0 fires it if its condition holds; 1 never does)."""
        ev = self._orderable(event_id)
        if not 0.0 <= roll <= 1.0:
            raise RefusedMove("event", "a roll is between 0 and 1")
        self.tc.overrides.at(self.turn).rolls[ev.id] = float(roll)

    def end_turn(self) -> TurnResult:
        """Resolve the turn: your moves, delayed effects, events, the system, the people; then check endings.

        Raises:
            RefusedMove: the game is over, or a dilemma is waiting for an answer.
        """
        s = self.tc.state
        if s.finished:
            raise RefusedMove("finished", "the game is over")
        if s.pending_dilemma is not None and self.answer_given is None:
            raise RefusedMove("dilemma", f"answer '{self.pack.event(s.pending_dilemma).title}' first")
        if self.recording:
            self.history.append(Snapshot.of(s))
        answer, self.answer_given = self.answer_given, None
        result = resolve(self.tc, self.diary, answer, scoring=self.scoring, hashing=self.hashing)
        self.diary = []
        self.results.append(result)
        return result

    def clone(self, *, record: bool = False) -> Game:
        """An independent copy for look-ahead (no ledger by default, so it is cheap)."""
        twin = Game.__new__(Game)
        twin.__dict__.update(self.__dict__)
        twin.tc = self.tc.copy(record=record)
        twin.diary = list(self.diary)
        twin.history = list(self.history) if record else []
        twin.results = list(self.results)
        return twin

    def state_hash(self) -> str:
        """SHA-256 of the whole game state now."""
        return self.tc.state.digest()
