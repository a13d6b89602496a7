"""The debrief and the comparison as plain pydantic models (JSON-ready; every text already clean)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DebriefModel(BaseModel):
    """Base for debrief models: no unknown keys, no NaN."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class MoveLine(DebriefModel):
    """One of your moves (or a delayed move landing), with names rather than ids."""

    turn: int
    intervention: str
    label: str
    kind: str
    targets: list[str] = Field(default_factory=list)
    target_ids: list[str] = Field(default_factory=list)
    tailored: list[str] = Field(default_factory=list)
    zone_mult: float = 1.0
    mode_mult: float = 1.0
    queued_for: int | None = None
    landed_from: int | None = None
    refused: str | None = None
    irreversible: bool = False


class EventLine(DebriefModel):
    """An event that happened in a turn."""

    id: str
    label: str
    what: str
    dilemma: bool = False


class AnswerLine(DebriefModel):
    """Your answer to a dilemma."""

    dilemma: str
    label: str
    choice: str
    choice_label: str


class NoteLine(DebriefModel):
    """A note pinned to a turn: the player's own, or the facilitator's."""

    turn: int
    kind: str
    text: str
    at: str = ""


class VoteLine(DebriefModel):
    """A room's vote on a turn."""

    turn: int
    question: str
    counts: dict[str, int] = Field(default_factory=dict)


class ActionLine(DebriefModel):
    """A facilitator's live control of an event (inject, skip, delay, override a roll), in the turn it was given."""

    turn: int
    kind: str
    event: str
    label: str
    turns: int = 0
    roll: float | None = None


class TurnLine(DebriefModel):
    """One turn of the timeline: the context, what you did, what happened, and the notes made."""

    turn: int
    zone: str
    mode: str
    mood: str
    agreement: float
    certainty: float
    surprise: float
    holding: float
    capital: float
    outcome: float
    moves: list[MoveLine] = Field(default_factory=list)
    landed: list[MoveLine] = Field(default_factory=list)
    events: list[EventLine] = Field(default_factory=list)
    answer: AnswerLine | None = None
    reveals: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)
    notes: list[NoteLine] = Field(default_factory=list)
    votes: list[VoteLine] = Field(default_factory=list)
    actions: list[ActionLine] = Field(default_factory=list)


class Series(DebriefModel):
    """A number per turn (index = turn; turn 0 is the start; None where it was not measured)."""

    id: str
    label: str
    group: str
    unit: str = ""
    good: str = ""
    values: list[float | None]


class TieLine(DebriefModel):
    """A directed tie before and after: how much ``source`` trusts ``target``."""

    source: str
    target: str
    trust_before: float | None
    trust_after: float | None
    strength_before: float | None
    strength_after: float | None


class TrustLine(DebriefModel):
    """An actor's trust in you at the start and at the end."""

    actor: str
    before: float
    after: float


class Node(DebriefModel):
    """An actor in the network picture."""

    name: str
    type: str
    voice: bool
    power: float


class Edge(DebriefModel):
    """A pair of actors (undirected): mean trust, strongest contact, and whether you knew of the tie."""

    a: int
    b: int
    trust: float
    strength: float
    known: bool


class Relationships(DebriefModel):
    """Ties before and after, and what you made, healed and broke (among ties you knew of).

    ``healed`` holds hostile ties that healed after a move of yours included both sides (or convened,
    connected or tested with everyone); ``healed_alone`` those that healed without one, not credited to you.
    """

    nodes: list[Node]
    start: list[Edge]
    end: list[Edge]
    made: list[TieLine] = Field(default_factory=list)
    healed: list[TieLine] = Field(default_factory=list)
    healed_alone: list[TieLine] = Field(default_factory=list)
    broken: list[TieLine] = Field(default_factory=list)
    soured: list[TieLine] = Field(default_factory=list)
    trust_in_you: list[TrustLine] = Field(default_factory=list)


class Moment(DebriefModel):
    """A critical moment and the causal chain behind it."""

    turn: int
    kind: str
    title: str
    chain: list[str] = Field(default_factory=list)
    weight: float = 0.0


class Metric(DebriefModel):
    """One measured habit: a value in [0, 1] where possible, how it reads, how it is made, and its turns."""

    id: str
    label: str
    value: float | None
    shown: str
    how: str
    better: str = "up"
    turns: list[int] = Field(default_factory=list)


class Behaviour(DebriefModel):
    """A system-leadership behaviour (The King's Fund) and the choices that show it."""

    id: str
    name: str
    summary: str
    metrics: list[Metric]


class LensPoint(DebriefModel):
    """One turn seen through a lens."""

    turn: int
    label: str
    value: float | None = None
    detail: str = ""


class Lens(DebriefModel):
    """A way of looking at the playthrough, with what it is and what it is not."""

    id: str
    name: str
    what_it_is: str
    what_it_is_not: str
    summary: str
    points: list[LensPoint]
    notes: list[str] = Field(default_factory=list)


class KnewLine(DebriefModel):
    """At one of your moves: which of an actor's hidden facts you had learned by then, and which not."""

    turn: int
    moves: list[str]
    actor: str
    knew: list[str]
    hidden: list[str]


class ActorTruth(DebriefModel):
    """What was hidden about an actor at the start, what was true, and when (if ever) you learned it."""

    actor: str
    truths: list[str]
    learned: dict[str, int] = Field(default_factory=dict)
    moves: list[KnewLine] = Field(default_factory=list)


class Harm(DebriefModel):
    """The do-no-harm layer: relational damage, irreversible moves and who was left out."""

    ties_broken: list[TieLine] = Field(default_factory=list)
    ties_soured: list[TieLine] = Field(default_factory=list)
    trust_lost: list[TrustLine] = Field(default_factory=list)
    irreversible: list[MoveLine] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list)
    engaged_once: list[str] = Field(default_factory=list)
    harm_dimension: float | None = None


class Question(DebriefModel):
    """A question for reflection: the pack's own, or one made from what happened."""

    source: str
    stage: str = ""
    turn: int | None = None
    text: str


class Meta(DebriefModel):
    """Which playthrough this is, how it ended, and where the debrief's data came from."""

    save_id: str
    title: str
    pack_id: str
    pack_version: str
    pack_hash: str
    seed: int
    difficulty: str = ""
    player: str = ""
    mode: str = ""
    role: str = ""
    turn_label: str = "turn"
    turns_played: int
    turns_total: int
    parent: str = ""
    parent_turn: int | None = None
    ending: str = ""
    ending_title: str = ""
    ending_tone: str = ""
    ending_text: str = ""
    outcome: float | None = None
    good_at: float = 0.6
    source: str = "snapshot"
    notices: list[str] = Field(default_factory=list)


class Debrief(DebriefModel):
    """Everything the debrief shows about one playthrough."""

    format: str = "sysplay-debrief"
    version: int = 1
    meta: Meta
    timeline: list[TurnLine]
    after_notes: list[NoteLine] = Field(default_factory=list)
    trajectories: list[Series]
    relationships: Relationships
    moments: list[Moment]
    behaviours: list[Behaviour]
    lenses: list[Lens]
    knew: list[ActorTruth]
    harm: Harm
    questions: list[Question]
    decisions: list[str] = Field(default_factory=list)
    final: dict[str, float] = Field(default_factory=dict)
    facilitator: list[ActionLine] = Field(default_factory=list)


class Row(DebriefModel):
    """A row of a side-by-side table: one value (and how it reads) per playthrough."""

    group: str
    label: str
    values: list[float | None]
    shown: list[str]


class Divergence(DebriefModel):
    """Where the playthroughs' decisions first differed."""

    comparable: bool
    turn: int | None
    text: str
    choices: list[str] = Field(default_factory=list)


class Comparison(DebriefModel):
    """Two or more playthroughs side by side (forks, teams, attempts)."""

    format: str = "sysplay-comparison"
    version: int = 1
    labels: list[str]
    outcomes: list[Row]
    behaviours: list[Row]
    systems: list[Row]
    divergence: Divergence
    debriefs: list[Debrief]
