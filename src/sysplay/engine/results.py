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


@dataclass(frozen=True)
class EventFired:
    """An event that happened this turn."""

    event: str
    what: str  # "fired", "started", "stopped", "ongoing"


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
