"""The scenario-pack format as pydantic models: the whole pack and the parts it is made of."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, model_validator

from sysplay.scenarios.fields import ExprText, F, Flag, Id, LongText, PackModel, ShortText
from sysplay.scenarios.models_people import Actor, Fact, Relationship, Speaker, Valency, VoiceLine
from sysplay.scenarios.models_play import (
    ActorMove,
    Choice,
    Effects,
    Event,
    Intervention,
    InterventionText,
    Move,
    PersonaName,
    Requirement,
)
from sysplay.scenarios.vocab import ActorType, Behaviour, InterventionKind, Tone

_T = TypeVar("_T")
_MISSING = object()


def _by_id(items: Any) -> dict[str, Any]:
    """Items by id (the first of any repeated id, as a search from the front would find)."""
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


__all__ = [
    "Actor", "ActorMove", "ActorTuning", "Choice", "Fact", "Paragraph", "Preset", "Delay", "Dimension", "Effects", "Ending", "EngineTuning", "Event",
    "Expectation", "Flow", "GoldenTest", "Intervention", "InterventionText", "Meta", "Move",
    "Outcome", "Pack", "PackPart", "Prompt", "RandomParam", "Relationship", "Requirement",
    "Role", "Speaker", "Stock", "System", "Valency", "VoiceLine",
]

Difficulty = Literal["introductory", "standard", "demanding"]
Good = Literal["up", "down", "neither"]


class Role(PackModel):
    """The player's role in the scenario."""

    title: ShortText = F("Your job title.", "Place Director, Riverside place partnership")
    organisation: ShortText = F("Whom you work for.", "Riverside and Northgate integrated care board")
    briefing: LongText = F("What you are there to do, in the second person.", "You have no authority over any of them.")
    seat: ActorType | None = F(
        "The kind of organisation your role sits in; where an actor does not state the authority you have "
        "over it, the engine works it out from this (default: guessed from the organisation's name).",
        "icb", default=None,
    )


class Meta(PackModel):
    """What the pack is, how long it runs and who the player is."""

    id: Id = F("The pack's id (also its folder name).", "winter_discharge")
    title: ShortText = F("The title shown on the title screen.", "Winter at Riverside")
    version: ShortText = F("The pack's own version.", "1.0.0")
    summary: LongText = F("Two or three sentences for the title screen.", "A winter of delayed discharges.")
    author: ShortText = F("Who wrote it.", "The sysplay team")
    licence: ShortText = F("Licence the pack is shared under.", "CC BY 4.0")
    turns: int = F("How many turns the game lasts.", 12, ge=1, le=100)
    turn_label: ShortText = F("What a turn is called.", "week", default="week")
    slots_per_turn: int = F("Diary slots the player has each turn.", 3, default=3, ge=1, le=6)
    difficulty: Difficulty = F("How hard the scenario is.", "standard", default="standard")
    minutes: int = F("About how long a playthrough takes, in minutes.", 30, default=30, ge=1, le=600)
    tutorial: Flag = F(
        "Whether this pack is a tutorial: the title screen lists tutorials first and marks them for a new player.",
        True, default=False,
    )
    role: Role = F("The player's role.")
    situation: LongText = F("The briefing: the situation as the player finds it.", "It is October.")
    learning_goals: tuple[ShortText, ...] = F(
        "What the scenario is meant to help a leader practise.", ["Seek out voices you have not heard"],
        default=(), max_length=12,
    )
    starting_capital: float = F("Political capital at the start.", 5, default=5, ge=0, le=50)
    max_capital: float = F("The most political capital the player can hold.", 10, default=10, ge=1, le=50)
    capital_regen: float = F(
        "Capital regained each turn at full trust (scaled by actors' trust in you).", 1.5, default=1.5, ge=0, le=10
    )

    @model_validator(mode="after")
    def _check(self) -> Meta:
        if self.starting_capital > self.max_capital:
            raise ValueError("starting_capital is larger than max_capital")
        return self


class Stock(PackModel):
    """A quantity in the system that accumulates over turns."""

    label: ShortText = F("What it is called on screen.", "Patients ready to leave but still in hospital")
    unit: ShortText = F("Its unit.", "patients", default="")
    initial: float = F("Its value at the start.", 120)
    min: float = F("Lowest value it can take.", 0, default=0)
    max: float = F("Highest value it can take.", 400, default=1_000_000)
    good: Good = F("Which direction is good for the system.", "down", default="neither")
    description: LongText | None = F("What it measures and why it matters.", default=None)
    scale: float | None = F(
        "A typical size of change, for surprise and volatility (default: a tenth of the range).",
        20, default=None, gt=0,
    )

    @model_validator(mode="after")
    def _check(self) -> Stock:
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial {self.initial} is outside min {self.min} and max {self.max}")
        return self


class Flow(PackModel):
    """A flow into or out of a stock each turn, computed from start-of-turn values."""

    expr: ExprText = F("How much flows each turn.", "18 + 14*winter - 0.05*care_capacity")
    to: Id | None = F("The stock it flows into.", "delayed_discharges", default=None)
    source: Id | None = Field(
        default=None, alias="from", description="The stock it drains.", examples=["delayed_discharges"]
    )
    label: ShortText | None = F("What it is called in explanations.", "New delayed discharges", default=None)

    @model_validator(mode="after")
    def _check(self) -> Flow:
        if self.to is None and self.source is None:
            raise ValueError("a flow needs 'to', 'from' or both")
        return self


class Delay(PackModel):
    """A material delay: what goes in arrives at the stock spread over time (third-order by default)."""

    expr: ExprText = F("How much enters the pipeline each turn.", "4 + 10*adoption_share")
    to: Id = F("The stock it arrives in.", "care_capacity")
    time: float = F("Average turns from entering to arriving.", 4, ge=1, le=50)
    order: int = F("How many stages (1 = exponential, 3 = bell-shaped arrival).", 3, default=3, ge=1, le=6)
    label: ShortText | None = F("What it is called in explanations.", "Care staff recruitment", default=None)

    @model_validator(mode="after")
    def _check(self) -> Delay:
        if self.time / self.order < 1:
            raise ValueError("time divided by order must be at least 1 turn (or the delay is unstable)")
        return self


class RandomParam(PackModel):
    """A parameter drawn once per game, uniformly between low and high, from the seed."""

    low: float = F("Lowest value.", 0.7)
    high: float = F("Highest value.", 1.3)
    label: ShortText | None = F("What it represents.", "How hard the winter is", default=None)

    @model_validator(mode="after")
    def _check(self) -> RandomParam:
        if self.low > self.high:
            raise ValueError("low is larger than high")
        return self


class System(PackModel):
    """The stocks-and-flows model of services, with parameters, helper variables and delays."""

    params: dict[Id, float] = F("Fixed parameters (events may set them).", {"winter": 0}, default_factory=dict)
    random_params: dict[Id, RandomParam] = F("Parameters drawn from the seed once per game.", default_factory=dict)
    variables: dict[Id, ExprText] = F(
        "Named helper expressions, computed each turn before flows.", {"discharge_rate": "0.2*care_capacity"},
        default_factory=dict,
    )
    stocks: dict[Id, Stock] = F("The stocks.", default_factory=dict)
    flows: dict[Id, Flow] = F("The flows.", default_factory=dict)
    delays: dict[Id, Delay] = F("The delays.", default_factory=dict)
    strain: ExprText | None = F(
        "Strain on the system in [0, 1]; it raises everyone's anxiety.", "clip(delayed_discharges/200, 0, 1)",
        default=None,
    )


class Dimension(PackModel):
    """One dimension of the outcome, an expression clipped to [0, 1]."""

    id: Id = F("Unique id.", "service")
    label: ShortText = F("Its name in the debrief.", "Service for patients")
    expr: ExprText = F("How it is computed, clipped to [0, 1].", "1 - clip((delayed_discharges - 60)/140, 0, 1)")
    weight: float = F("Its weight in the composite outcome.", 0.3, default=1.0, ge=0, le=100)
    good: Literal["up", "down"] = F("Whether a high value is good (up) or harm (down).", "up", default="up")
    description: LongText | None = F("What it means.", default=None)


class Outcome(PackModel):
    """How the outcome dimensions and the composite score in [0, 1] are made."""

    dimensions: tuple[Dimension, ...] = F("The outcome dimensions.", min_length=1, max_length=12)
    good_at: float = F("Composite at or above which an outcome counts as good.", 0.6, default=0.6, ge=0, le=1)
    mixed_at: float | None = F(
        "Composite at or above which an outcome counts as mixed, and below which poor (leave out for two bands: "
        "good, and not good).", 0.4, default=None, ge=0, le=1,
    )

    @model_validator(mode="after")
    def _check(self) -> Outcome:
        if self.mixed_at is not None and self.mixed_at > self.good_at:
            raise ValueError("mixed_at is above good_at")
        return self

    def band(self, composite: float) -> str:
        """The band a composite outcome falls in: good, mixed or poor (or, without mixed_at, good or not good)."""
        if composite >= self.good_at:
            return "good"
        if self.mixed_at is None:
            return "not good"
        return "mixed" if composite >= self.mixed_at else "poor"


class Paragraph(PackModel):
    """A paragraph of an ending's text shown only when its condition holds at the end."""

    when: ExprText = F("When to show it.", "chose_winter_money_block_contract > 0")
    text: LongText = F("The paragraph.", "The providers have guaranteed hours for the first time.")


class Ending(PackModel):
    """A way the scenario can end. The first ending whose condition holds is the one reached.

    The composite outcome of a game that ends here is kept within the band of the ending's tone
    (good at or above ``outcome.good_at``, mixed from ``outcome.mixed_at``, poor below), so the score
    and the ending never contradict each other.
    """

    id: Id = F("Unique id.", "turned_the_corner")
    title: ShortText = F("A headline.", "Riverside turns the corner")
    tone: Tone = F("Whether this is a good, mixed or poor ending.", "good")
    when: ExprText | None = F("Condition; leave out for a fallback ending.", "outcome >= 0.65", default=None)
    at: Literal["end", "any"] = F(
        "'end' is checked after the last turn; 'any' is checked every turn and ends the game early.", "end",
        default="end",
    )
    text: LongText = F("What the player reads.", "By March the corridors are clear.")
    paragraphs: tuple[Paragraph, ...] = F(
        "Further paragraphs, each shown after the text when its condition holds at the end.", default=(),
        max_length=12,
    )


class Prompt(PackModel):
    """A debrief question, shown when its condition holds at the end of the game."""

    id: Id = F("Unique id.", "after_escalation")
    when: ExprText | None = F("Condition over the final state; leave out to always show.", "used_escalate_to_region > 0", default=None)
    text: LongText = F("The question.", "What did escalating to the region buy you, and what did it cost?")


class Expectation(PackModel):
    """What a golden playthrough must produce."""

    ending: Id | None = F("The ending it must reach.", "turned_the_corner", default=None)
    ending_in: tuple[Id, ...] | None = F("Endings any of which is acceptable.", default=None)
    tone: Tone | None = F("The tone of ending it must reach.", "good", default=None)
    outcome: tuple[float, float] | None = F("Range the composite outcome must fall in.", [0.5, 1.0], default=None)
    metrics: dict[Id, tuple[float, float]] = F(
        "Ranges final stocks must fall in.", {"delayed_discharges": [0, 120]}, default_factory=dict
    )
    events: tuple[Id, ...] = F("Events that must fire.", default=())
    not_events: tuple[Id, ...] = F("Events that must not fire.", default=())

    @model_validator(mode="after")
    def _check(self) -> Expectation:
        ranges = [("outcome", self.outcome)] + [(f"metrics.{k}", v) for k, v in self.metrics.items()]
        for name, rng in ranges:
            if rng is not None and rng[0] > rng[1]:
                raise ValueError(f"{name}: the low end {rng[0]} is above the high end {rng[1]}")
        return self


class GoldenTest(PackModel):
    """A writer's own regression test: a seeded playthrough and what it must produce."""

    name: ShortText = F("What the test checks.", "A coalition builder clears the corridors")
    seed: int = F("The seed.", 7, ge=0, le=2**63 - 1)
    persona: PersonaName | None = F("A persona to play (instead of scripted moves).", "coalition_builder", default=None)
    difficulty: Id | None = F("The difficulty preset to play at (default: the pack's default).", "guided", default=None)
    moves: tuple[tuple[Move, ...], ...] | None = F("Scripted moves, one list per turn.", default=None)
    expect: Expectation = F("What it must produce.")
    transcript: ShortText | None = F(
        "A file (in the pack folder) holding the approved transcript.", "tests/coalition.txt", default=None
    )

    @model_validator(mode="after")
    def _check(self) -> GoldenTest:
        if (self.persona is None) == (self.moves is None):
            raise ValueError("a test needs either 'persona' or 'moves'")
        return self


class ActorTuning(PackModel):
    """How actors act on their own (docs/pack-format.md#actors-act)."""

    initiative: float = F(
        "Chance each turn that an actor with a strong enough urge acts on its own (0 switches actors' own "
        "actions off).", 0.5, default=0.5, ge=0, le=1,
    )
    behaviours: dict[Behaviour, float] = F(
        "Weight of each built-in behaviour (1 as designed, 0 switches it off, up to 3).",
        {"blame": 0.5}, default_factory=dict,
    )
    most: int = F(
        "The most actors that act on their own in one turn (those with the strongest urge go first); answers "
        "to your instructions do not count.", 4, default=4, ge=0, le=60,
    )

    @model_validator(mode="after")
    def _check(self) -> ActorTuning:
        for name, weight in self.behaviours.items():
            if not 0 <= weight <= 3:
                raise ValueError(f"the weight of {name!r} must be between 0 and 3")
        return self

    def weight(self, behaviour: str) -> float:
        """The weight of a built-in behaviour (1 unless the pack tunes it)."""
        return float(self.behaviours.get(behaviour, 1.0))  # type: ignore[call-overload]


class EngineTuning(PackModel):
    """Optional tuning of the engine's constants for this pack (defaults suit most packs)."""

    stacey: dict[InterventionKind, tuple[float, float, float, float, float]] = F(
        "Per-kind multipliers in zones simple, political, judgmental, complexity, chaos.",
        {"directive": [1.0, 0.5, 0.6, 0.3, 0.9]}, default_factory=dict,
    )
    bion: dict[InterventionKind, tuple[float, float, float, float]] = F(
        "Per-kind multipliers in modes work, dependency, fight_flight, pairing.",
        {"dialogue": [1.1, 0.8, 0.6, 0.9]}, default_factory=dict,
    )
    tailoring: float = F("Multiplier when you know the target's concern.", 1.3, default=1.3, ge=1, le=3)
    repulsion: float = F("Strength of repulsion along hostile ties (0 switches it off).", 0.1, default=0.1, ge=0, le=0.3)
    kernel: Flag = F("Whether the soft bounded-confidence kernel is on.", True, default=True)
    noise: float = F("Seeded noise on stances each turn.", 0.01, default=0.01, ge=0, le=0.1)
    tie_fade: float = F("Share of tie strength kept each turn without contact.", 0.97, default=0.97, ge=0.5, le=1)
    balance_rate: float = F("Speed of drift towards structural balance.", 0.08, default=0.08, ge=0, le=0.3)
    reveal_base: float = F("Chance a listen reveals a fact at zero trust.", 0.4, default=0.4, ge=0, le=1)
    starting_holding: float = F("The group's holding at the start.", 0.1, default=0.1, ge=0, le=1)
    trust_drift: Flag = F(
        "Whether trust between actors drifts on its own (towards balance, agreement and its memory).",
        True, default=True,
    )
    luck: float = F(
        "How much a move's landing varies by chance (the spread of a seeded multiplier; 0 switches it off).",
        0.2, default=0.2, ge=0, le=0.6,
    )
    backfire: Flag = F("Whether a move that fits its situation badly can backfire.", True, default=True)
    loss_weight: float = F(
        "How many times more a loss of trust costs than a gain of the same size.", 2, default=2.0, ge=1, le=5
    )
    memory_headroom: float = F(
        "How far trust between two actors can run ahead of their memory of each other.", 0.6, default=0.6,
        ge=0.1, le=2,
    )
    ask_decay: float = F(
        "How much each unanswered ask (a listen or an offer not yet acted on) takes off the next listen's effect.",
        0.4, default=0.4, ge=0, le=1,
    )
    pilots_can_fail: Flag = F("Whether tests (experiments) succeed only by a seeded chance.", True, default=True)
    escalation_deferral: float = F(
        "How much an escalation shifts ownership away from the place (actors wait, and act less).", 0.35,
        default=0.35, ge=0, le=1,
    )
    actors: ActorTuning = F("How actors act on their own.", default_factory=ActorTuning)


class PackPart(PackModel):
    """An included file: any of the list sections of a pack."""

    actors: tuple[Actor, ...] = F("More actors.", default=(), max_length=1000)
    relationships: tuple[Relationship, ...] = F("More relationships.", default=(), max_length=20000)
    interventions: tuple[Intervention, ...] = F("More interventions.", default=(), max_length=200)
    events: tuple[Event, ...] = F("More events.", default=(), max_length=500)
    endings: tuple[Ending, ...] = F("More endings.", default=(), max_length=50)
    prompts: tuple[Prompt, ...] = F("More debrief prompts.", default=(), max_length=200)
    tests: tuple[GoldenTest, ...] = F("More golden tests.", default=(), max_length=200)
    actor_moves: tuple[ActorMove, ...] = F("More moves actors may make on their own.", default=(), max_length=100)


class Preset(PackModel):
    """A difficulty the player chooses at the briefing: changes to the pack's numbers, recorded in the save.

    Give only what the preset changes; everything left out keeps the pack's own value.
    """

    id: Id = F("Unique id (saves record it).", "guided")
    label: ShortText = F("Its name at the briefing.", "Guided")
    description: LongText = F("What it changes, for the player choosing.", "More political capital to start with.")
    default: Flag = F("Whether it is chosen unless the player chooses another (else the first is).", True,
                      default=False)
    starting_capital: float | None = F("Political capital at the start.", 7, default=None, ge=0, le=50)
    max_capital: float | None = F("The most political capital the player can hold.", 12, default=None, ge=1, le=50)
    capital_regen: float | None = F("Capital regained each turn at full trust.", 2, default=None, ge=0, le=10)
    slots_per_turn: int | None = F("Diary slots each turn.", 3, default=None, ge=1, le=6)
    jitter: float | None = F(
        "Scales how far every actor's hidden numbers vary from game to game (0: not at all, 1: as written).", 0.5,
        default=None, ge=0, le=2,
    )
    luck: float | None = F("The spread of luck on each move's landing (engine.luck).", 0.1, default=None, ge=0, le=0.6)
    initiative: float | None = F("How readily actors act on their own (engine.actors.initiative).", 0.3,
                                 default=None, ge=0, le=1)
    reveal_base: float | None = F("Chance a listen reveals a fact at zero trust.", 0.6, default=None, ge=0, le=1)
    params: dict[Id, float] = F("Parameters set to other values from the start.", {"winter_severity_cap": 1.1},
                                default_factory=dict)


class Pack(PackPart):
    """A whole scenario pack."""

    format: Literal[1] = F("The pack format version.", 1, default=1)
    meta: Meta = F("What the pack is.")
    include: tuple[ShortText, ...] = F(
        "Further files of this pack (paths inside the pack folder).", ["actors.yaml"], default=(), max_length=50
    )
    system: System = F("The stocks-and-flows model.", default_factory=System)
    outcome: Outcome = F("How the outcome is scored.")
    engine: EngineTuning = F("Engine tuning.", default_factory=EngineTuning)
    presets: tuple[Preset, ...] = F(
        "Difficulties the player chooses from at the briefing (the first, or the one marked default, unless they "
        "choose another).", default=(), max_length=4,
    )

    _source: Path | None = PrivateAttr(default=None)
    _hash: str = PrivateAttr(default="")
    _origin: Any = PrivateAttr(default=None)
    _exprs: dict[str, Any] = PrivateAttr(default_factory=dict)
    _memo: Any = PrivateAttr(default=None)
    _preset: str = PrivateAttr(default="")

    def attach_source(self, path: Path, content_hash: str, origin: Any = None) -> None:
        """Record where the pack was read from (the loader calls this)."""
        self._source, self._hash, self._origin = path, content_hash, origin

    @property
    def source_path(self) -> Path | None:
        """The main file the pack was loaded from, if it came from disk."""
        return self._source

    @property
    def content_hash(self) -> str:
        """SHA-256 of the pack's files as read (or of its canonical JSON when built in code)."""
        if not self._hash:
            import hashlib

            self._hash = hashlib.sha256(self.model_dump_json(by_alias=True).encode()).hexdigest()
        return self._hash

    def expr(self, source: str) -> Any:
        """The compiled form of one of this pack's expressions (compiled once, then cached)."""
        cache = self.__pydantic_private__["_exprs"]  # type: ignore[index]  # direct: much faster than self._exprs
        compiled = cache.get(source)
        if compiled is None:
            from sysplay.scenarios.expr import compile_expr

            compiled = cache[source] = compile_expr(source)
        return compiled

    def memo(self, key: str, build: Callable[[Pack], _T]) -> _T:
        """Something worked out from this pack alone, built on first use and kept with the pack.

        A copy made with ``model_copy`` (a variant with one number changed, say) builds its own:
        the memo remembers which pack it belongs to.
        """
        private = self.__pydantic_private__
        assert private is not None
        slot = private["_memo"]
        if slot is None or slot[0] is not self:
            slot = private["_memo"] = (self, {})
        found = slot[1].get(key, _MISSING)
        if found is _MISSING:
            found = slot[1][key] = build(self)
        return found

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if none)."""
        return self.memo("actor_by_id", _actors_by_id)[actor_id]

    def intervention(self, intervention_id: str) -> Intervention:
        """The intervention with this id (KeyError if none)."""
        return self.interventions_by_id()[intervention_id]

    def interventions_by_id(self) -> dict[str, Intervention]:
        """Every intervention by id (built once; do not change it)."""
        return self.memo("intervention_by_id", _interventions_by_id)

    def event(self, event_id: str) -> Event:
        """The event with this id (KeyError if none)."""
        return self.memo("event_by_id", _events_by_id)[event_id]

    @property
    def preset_applied(self) -> str:
        """The difficulty preset this pack is a variant for ("" for a pack as written)."""
        return self._preset

    @property
    def default_preset(self) -> str:
        """The id of the difficulty chosen unless the player chooses another ("" for a pack with none)."""
        if not self.presets:
            return ""
        return next((p.id for p in self.presets if p.default), self.presets[0].id)


def _actors_by_id(pack: Pack) -> dict[str, Actor]:
    return _by_id(pack.actors)


def _interventions_by_id(pack: Pack) -> dict[str, Intervention]:
    return _by_id(pack.interventions)


def _events_by_id(pack: Pack) -> dict[str, Event]:
    return _by_id(pack.events)
