"""The save format (version 3) as pydantic models: decisions, hashes, notes, votes, facilitator actions, a snapshot."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sysplay.sanitize import clean_text

FORMAT = "sysplay-playthrough"
VERSION = 3
MIN_READER = 3  # version 2 readers refuse the new keys (actions, live)

MAX_NOTE = 20_000
MAX_NOTES = 5_000
MAX_SHORT = 300

Text = Annotated[str, Field(max_length=MAX_NOTE), AfterValidator(clean_text)]
Short = Annotated[str, Field(max_length=MAX_SHORT), AfterValidator(clean_text)]
Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
SaveId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,80}$")]


class SaveModel(BaseModel):
    """Base for save models: unknown keys refused, no NaN."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class MoveRecord(SaveModel):
    """One move as decided."""

    do: Short
    target: list[Short] = Field(default_factory=list, max_length=60)


class AnswerRecord(SaveModel):
    """A dilemma answer."""

    dilemma: Short
    choice: Short


class Note(SaveModel):
    """A note pinned to a turn: the player's journal, or the facilitator's."""

    turn: int = Field(ge=0, le=1000)
    kind: Literal["player", "facilitator"] = "player"
    text: Text
    at: Short = ""


class Vote(SaveModel):
    """A room's vote on a turn: option label -> count."""

    turn: int = Field(ge=0, le=1000)
    question: Short = ""
    counts: dict[Short, int] = Field(default_factory=dict, max_length=50)


class FacilitatorAction(SaveModel):
    """A facilitator's live control of an event, given while ``turn`` was being planned.

    ``inject``: the event happens this turn whatever its condition and chance. ``skip``: it does not
    happen this turn. ``delay``: it does not happen this turn and happens ``turns`` turns later.
    ``override``: its chance roll this turn is ``roll`` (0 to 1; it fires if the roll is below its chance
    and its condition holds). Replays give the same orders in the same turns.
    """

    turn: int = Field(ge=1, le=1000)
    kind: Literal["inject", "skip", "delay", "override"]
    event: Short
    turns: int = Field(default=0, ge=0, le=1000)
    roll: float | None = Field(default=None, ge=0.0, le=1.0)
    at: Short = ""


class LiveView(SaveModel):
    """What the projector shows now, for ``sysplay room`` to follow.

    Not part of the record: replay and the debrief ignore it.

    ``screen``: ``play`` (the turn being discussed), ``reveal`` (``shown`` steps of ``reveal_turn``'s
    story), ``blank`` or ``frozen`` (the room holds its last picture). The timer had ``timer_seconds``
    left at ``timer_at`` (UTC), counting down if ``timer_running``.
    """

    screen: Literal["play", "reveal", "blank", "frozen"] = "play"
    reveal_turn: int = Field(default=0, ge=0, le=1000)
    shown: int = Field(default=0, ge=0, le=1000)
    timer_seconds: int = Field(default=0, ge=0, le=100_000)
    timer_running: bool = False
    timer_at: Short = ""


class TurnRecord(SaveModel):
    """One turn's decisions and the state hash after it."""

    turn: int = Field(ge=1, le=1000)
    answer: AnswerRecord | None = None
    moves: list[MoveRecord] = Field(default_factory=list, max_length=12)
    state_hash: Hash


class PackRef(SaveModel):
    """Which pack the playthrough was played on."""

    id: Short
    version: Short
    content_hash: Hash
    title: Short = ""
    source: Short = ""


class Parent(SaveModel):
    """Where a fork came from."""

    save_id: SaveId
    path: Short = ""
    turn: int = Field(ge=1, le=1000)


class SaveFile(SaveModel):
    """A whole save file."""

    format: Literal["sysplay-playthrough"]
    version: int
    min_reader: int
    app_version: Short
    engine: int = Field(default=0, ge=0, description="The engine version that made the save (0: unknown)")
    save_id: SaveId
    created: Short
    updated: Short = ""
    player: Short = ""
    mode: Literal["practice", "facilitator", "headless"] = "practice"
    pack: PackRef
    seed: int = Field(ge=0, le=2**63 - 1)
    difficulty: Short = Field(default="", description="The pack's difficulty preset played ('' for the pack as written)")
    parent: Parent | None = None
    turns: list[TurnRecord] = Field(default_factory=list, max_length=1000)
    notes: list[Note] = Field(default_factory=list, max_length=MAX_NOTES)
    votes: list[Vote] = Field(default_factory=list, max_length=5000)
    actions: list[FacilitatorAction] = Field(default_factory=list, max_length=5000)
    live: LiveView | None = None
    ending: Short | None = None
    outcome: float | None = None
    snapshot: dict[str, Any] | None = None
