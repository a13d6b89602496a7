"""Pack models for what happens: effects, interventions, events and dilemmas, and player moves."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from sysplay.scenarios.fields import Delta, ExprText, F, Flag, Id, LongText, PackModel, ShortText
from sysplay.scenarios.vocab import ActorType, HiddenFact, InterventionKind, Stage, TargetKind


class Effects(PackModel):
    """What a move, event or dilemma choice does (a closed vocabulary of verbs).

    Actor verbs apply to each targeted actor and are scaled by how well the move fits
    the context (Stacey zone, group mood, what you know). Group verbs apply once.
    """

    trust: Delta | None = F("Change in each target's trust in you.", 0.08, default=None)
    stance: Delta | None = F(
        "Push on each target's stance; lands harder when they trust you.", 0.1, default=None
    )
    anchor: Delta | None = F("Shift in each target's settled position (deep change).", 0.05, default=None)
    anxiety: Delta | None = F("Change in each target's anxiety.", -0.05, default=None)
    openness: Delta | None = F("Change in each target's openness to other views.", 0.05, default=None)
    suspend: float | None = F(
        "Temporarily lowers targets' stubbornness by this share (dialogue's 'suspending').",
        0.1,
        default=None,
        ge=0,
        le=0.9,
    )
    reveal: int | None = F(
        "How many hidden facts each target may reveal; each succeeds with a chance that rises with trust.",
        1,
        default=None,
        ge=0,
        le=6,
    )
    reveal_ties: int | None = F(
        "How many of each target's hidden ties may come to light.", 1, default=None, ge=0, le=10
    )
    tie: Delta | None = F("Change in tie strength between every pair of targets.", 0.2, default=None)
    relation: Delta | None = F("Change in trust between every pair of targets.", 0.1, default=None)
    holding: Delta | None = F("Change in the group's holding (the container dialogue builds).", 0.1, default=None)
    dependency: Delta | None = F("Change in the group's pull to wait for you to decide.", 0.1, default=None)
    threat: Delta | None = F("Change in the sense of threat across the system.", 0.2, default=None)
    capital: float | None = F("Change in your political capital.", 1, default=None, ge=-10, le=10)
    anxiety_all: Delta | None = F("Change in every actor's anxiety.", 0.05, default=None)
    stance_all: Delta | None = F("Push on every actor's stance.", 0.05, default=None)
    trust_all: Delta | None = F("Change in every actor's trust in you.", -0.05, default=None)
    metric: dict[Id, float] = F(
        "Direct changes to stocks (a fixed amount each).", {"delayed_discharges": -5}, default_factory=dict
    )
    metric_scaled: dict[Id, float] = F(
        "Changes to stocks scaled by who took part and how they relate (a pilot's emergent size).",
        {"delayed_discharges": -12},
        default_factory=dict,
    )
    set: dict[Id, float] = F("Set parameters to new values.", {"winter": 1}, default_factory=dict)

    def is_empty(self) -> bool:
        """True when no verb is given."""
        return not any(
            v not in (None, {}) for v in (getattr(self, name) for name in type(self).model_fields)
        )


class Requirement(PackModel):
    """One condition a move needs before it can be chosen. Give exactly one key."""

    model_config = PackModel.model_config | {"json_schema_extra": {"minProperties": 1, "maxProperties": 1}}

    knows: str | None = F(
        "A fact you must have learned, written actor.fact.", "acute.concern", default=None,
        pattern=r"^[a-z][a-z0-9_]{0,39}\.(concern|threshold|stubbornness|openness|stance|valency)$",
    )
    target_knows: HiddenFact | None = F(
        "A fact you must have learned about the chosen target.", "concern", default=None
    )
    target_trust_at_least: float | None = F(
        "The chosen target must trust you at least this much.", 0.4, default=None, ge=0, le=1
    )
    target_stage_at_least: Stage | None = F(
        "The chosen target must be at least at this adoption stage.", "interested", default=None
    )
    known_tie: Flag | None = F(
        "For pair moves: you must know of a tie between the pair (true).", True, default=None
    )
    when: ExprText | None = F("An expression that must be true.", "turn >= 3", default=None)

    @model_validator(mode="after")
    def _one(self) -> Requirement:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one condition in each requirement")
        return self


class InterventionText(PackModel):
    """Narration for a move. ``{target}`` is replaced by the target's name(s)."""

    attempt: LongText = F("What you do.", "You ask {target} for an hour, just to listen.")
    outcome: LongText | None = F("What it feels like afterwards.", "They talk for most of it.", default=None)
    tailored: LongText | None = F(
        "Said instead of the outcome when you knew the target's concern.",
        "You start from their worry about inspection, and they notice.",
        default=None,
    )


class Intervention(PackModel):
    """A move the player can put in their diary."""

    id: Id = F("Unique id.", "listen_1to1")
    name: ShortText = F("The name shown in the diary.", "One-to-one listening")
    kind: InterventionKind = F("What kind of move this is; the context makes some kinds land better.", "inquiry")
    description: LongText = F("What the move is, for the player choosing it.", "An hour with one leader, to listen.")
    target: TargetKind = F("Whom the move is aimed at.", "actor")
    group_min: int = F("Fewest actors for a group move.", 2, default=2, ge=2, le=60)
    group_max: int = F("Most actors for a group move.", 5, default=5, ge=2, le=60)
    target_types: tuple[ActorType, ...] | None = F(
        "Only actors of these types can be targeted.", ["council_asc", "icb"], default=None
    )
    slots: int = F("Diary slots the move takes.", 1, default=1, ge=0, le=6)
    capital: float = F("Political capital the move costs.", 2, default=0, ge=0, le=20)
    cooldown: int = F("Turns before it can be used again.", 2, default=0, ge=0, le=50)
    delay: int = F("Turns before its effects land (contact itself is immediate).", 2, default=0, ge=0, le=20)
    requires: tuple[Requirement, ...] = F("Conditions that must hold to choose it.", default=(), max_length=10)
    effects: Effects = F("What it does.")
    irreversible: Flag = F(
        "Whether the move cannot be taken back (the debrief's do-no-harm layer notes these).", False, default=False
    )
    text: InterventionText | None = F("Narration for the transcript and the game.", default=None)

    @model_validator(mode="after")
    def _check(self) -> Intervention:
        if self.group_min > self.group_max:
            raise ValueError("group_min is larger than group_max")
        if self.effects.is_empty():
            raise ValueError("the move has no effects")
        return self


class Choice(PackModel):
    """One answer to a dilemma."""

    id: Id = F("Unique within the dilemma.", "fund_beds")
    label: ShortText = F("The choice as the player sees it.", "Fund twenty escalation beds")
    text: LongText | None = F("What follows from choosing it.", "The beds open within a week.", default=None)
    actors: tuple[Id, ...] | None = F("Actors its actor verbs apply to (default: everyone).", ["acute"], default=None)
    effects: Effects = F("What choosing it does.", default_factory=Effects)


class Event(PackModel):
    """Something that happens in the system: by condition, by chance, or between start and stop thresholds.

    Give ``when`` (with an optional ``chance``) or a ``start``/``stop`` pair for an event
    that switches on and off with hysteresis. An event with ``choices`` is a dilemma.
    """

    id: Id = F("Unique id; expressions see fired_<id> and active_<id>.", "press_story")
    title: ShortText = F("A headline.", "Local paper runs a corridor-care story")
    text: LongText = F("What happens.", "A photograph of trolleys in a corridor is on the front page.")
    when: ExprText | None = F("Fires in a turn when this is true (and the chance comes up).", "anxiety_mean > 0.3", default=None)
    chance: float = F("Chance per turn that it fires when its condition holds.", 0.25, default=1.0, ge=0, le=1)
    start: ExprText | None = F("Switches on when this becomes true.", "delayed_discharges > 170", default=None)
    stop: ExprText | None = F("Switches off when this becomes true.", "delayed_discharges < 140", default=None)
    once: Flag = F("Whether it can fire only once (conditional events).", True, default=True)
    cooldown: int = F("Turns between firings when it can repeat.", 3, default=0, ge=0, le=50)
    actors: tuple[Id, ...] | None = F("Actors its actor verbs apply to (default: everyone).", ["acute"], default=None)
    effects: Effects = F("What happens when it fires (or switches on).", default_factory=Effects)
    while_active: Effects | None = F("Applied every turn while a start/stop event is on.", default=None)
    choices: tuple[Choice, ...] = F("Answers for a dilemma (two to five).", default=(), max_length=5)

    @model_validator(mode="after")
    def _check(self) -> Event:
        if self.start is not None and self.stop is None:
            raise ValueError("an event with 'start' also needs 'stop'")
        if self.stop is not None and self.start is None:
            raise ValueError("an event with 'stop' also needs 'start'")
        if self.start is not None and self.when is not None:
            raise ValueError("give either 'when' or 'start'/'stop', not both")
        if self.when is None and self.start is None:
            raise ValueError("an event needs 'when' or 'start'/'stop'")
        if self.while_active is not None and self.start is None:
            raise ValueError("'while_active' needs a 'start'/'stop' pair")
        if len(self.choices) == 1:
            raise ValueError("a dilemma needs at least two choices")
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique within the dilemma")
        return self

    @property
    def is_dilemma(self) -> bool:
        """True when the event asks the player to choose."""
        return bool(self.choices)


class Move(PackModel):
    """One move in a scripted playthrough: an intervention with its target, or a dilemma answer."""

    do: Id | None = F("The intervention's id.", "listen_1to1", default=None)
    target: Id | tuple[Id, ...] | None = F(
        "The target actor, or a list of actors for pair and group moves.", "acute", default=None
    )
    answer: Id | None = F("A dilemma choice's id.", "fund_beds", default=None)
    dilemma: Id | None = F("The dilemma's event id (optional with answer).", "winter_beds", default=None)

    @model_validator(mode="after")
    def _check(self) -> Move:
        if (self.do is None) == (self.answer is None):
            raise ValueError("a move needs either 'do' or 'answer'")
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        """The target ids as a tuple (empty for untargeted moves)."""
        if self.target is None:
            return ()
        if isinstance(self.target, str):
            return (self.target,)
        return self.target


PersonaName = Literal["random", "heroic_director", "avoider", "curious_convenor", "coalition_builder", "optimiser"]
