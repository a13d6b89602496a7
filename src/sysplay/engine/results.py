"""What a turn produces: the result types the transcript, the screens, saves and the debrief read.

They hold plain data only, so every layer can import them without importing the turn's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sysplay.engine.outcome import Outcome
    from sysplay.engine.state import GameState


@dataclass
class Applied:
    """What an application of effects did, for narration."""

    reveals: list[tuple[int, str]] = field(default_factory=list)
    tie_reveals: list[tuple[int, int]] = field(default_factory=list)
    metric_changes: dict[str, float] = field(default_factory=dict)
    scale: float = 1.0
    #: How far each target's stance moved (actor index -> change), for the responses to an instruction.
    pushes: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class EventFired:
    """An event that happened this turn."""

    event: str
    what: str  # "fired", "started", "stopped", "ongoing"


@dataclass(frozen=True)
class Lapsed:
    """A lasting change that fell due: kept for good (its condition held) or undone."""

    source: str  # "move:<id>", "delayed:<id>", "event:<id>", "dilemma:<id>" or "actor:<id>"
    params: tuple[str, ...]
    kept: bool


@dataclass(frozen=True)
class ActorAction:
    """Something an actor did on its own this turn, with the numbers that moved it.

    ``behaviour`` is a built-in behaviour (``collaborate``, ``withdraw``, ``blame``, ``ally``,
    ``respond``, ``over_your_head``) or ``move`` for one of the pack's actor moves (``detail`` then
    holds its id); for ``respond``, ``detail`` is ``comply``, ``stall`` or ``resist``.
    """

    actor: str
    behaviour: str
    target: str | None = None
    detail: str = ""
    reasons: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class PilotRoll:
    """A test's seeded roll: its chance of working, whether it did, and what limited the chance most."""

    chance: float
    success: bool
    weakest: str  # "fit", "willing" or "relations"


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
    #: The seeded luck of this landing (1: as the situation says).
    luck: float = 1.0
    #: How many times as written its intended effects landed, on average (negative: it backfired).
    landing: float = 1.0
    #: A test's roll (experiments only).
    pilot: PilotRoll | None = None
    #: Targets beyond your role's authority, where the attempt caused a political incident.
    incident: tuple[str, ...] = ()
    #: Targets who had withdrawn from group work and stayed away.
    absent: tuple[str, ...] = ()
    #: Targets whose asks or offers this move acted on (they saw you do what you said).
    followed_up: tuple[str, ...] = ()
    #: Targets listened to again while what they told you before was still unanswered (it counted for less).
    asked_again: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        """How it landed, in words: backfired, fell flat, landed weakly, landed, landed well (or did not work)."""
        from sysplay.engine.fit import verdict

        if self.pilot is not None and not self.pilot.success:
            return "did not work"
        return verdict(self.landing)


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
    actions: list[ActorAction]
    lapses: list[Lapsed]
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
    fact_known: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=bool))

    @classmethod
    def of(cls, s: GameState) -> Snapshot:
        """Copy the visible numbers out of ``s``."""
        return cls(s.x.copy(), s.tau.copy(), s.anx.copy(), s.stage.copy(), s.R.copy(), s.T.copy(),
                   dict(s.stocks), s.capital, s.holding, s.known.copy(), s.tie_known.copy(), s.mode.copy(),
                   s.fact_known.copy())
