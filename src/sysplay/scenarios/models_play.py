"""Pack models for what happens: effects, interventions, events and dilemmas, and player moves."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from sysplay.scenarios.fields import Delta, ExprText, F, Flag, Id, LongText, PackModel, ShortText
from sysplay.scenarios.vocab import (
    ActorMoveTarget,
    ActorType,
    Authority,
    BeyondAuthority,
    InterventionKind,
    Stage,
    TargetKind,
)


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
    add: dict[Id, float] = F("Add to parameters (negative amounts take away).", {"goodwill": 1}, default_factory=dict)
    lasts: int | None = F(
        "Turns the parameter changes (set and add) last before they lapse; leave out for a lasting change.",
        4, default=None, ge=1, le=50,
    )
    keep_if: ExprText | None = F(
        "With 'lasts': the changes are kept for good if this holds when they would lapse.",
        "adopted_acute > 0", default=None,
    )

    def is_empty(self) -> bool:
        """True when no verb is given."""
        return not any(
            getattr(self, name) not in (None, {}) for name in type(self).model_fields if name not in _NOT_VERBS
        )

    @model_validator(mode="after")
    def _check(self) -> Effects:
        if self.keep_if is not None and self.lasts is None:
            raise ValueError("'keep_if' needs 'lasts' (how long the change lasts unless kept)")
        if self.lasts is not None and not (self.set or self.add):
            raise ValueError("'lasts' applies to parameter changes: give 'set' or 'add' too")
        return self


_NOT_VERBS = frozenset({"lasts", "keep_if"})
#: A fact you can learn: a hidden number, or the id of one of the actor's own facts.
FACT_ID = r"[a-z][a-z0-9_]{0,39}"


class Requirement(PackModel):
    """One condition a move needs before it can be chosen. Give exactly one key."""

    model_config = PackModel.model_config | {"json_schema_extra": {"minProperties": 1, "maxProperties": 1}}

    knows: str | None = F(
        "A fact you must have learned, written actor.fact (a hidden number such as concern or threshold, "
        "or the id of one of the actor's facts).", "acute.concern", default=None,
        pattern=rf"^[a-z][a-z0-9_]{{0,39}}\.{FACT_ID}$",
    )
    target_knows: str | None = F(
        "A fact you must have learned about the chosen target (a hidden number, or a fact id the target has).",
        "concern", default=None, pattern=rf"^{FACT_ID}$",
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
    failed: LongText | None = F(
        "Said instead of the outcome when a test (an experiment) does not work.",
        "The wards went back to the old way within a week. You learned why.",
        default=None,
    )
    backfired: LongText | None = F(
        "Said instead of the outcome when the move fitted the situation so badly that it backfired.",
        "Helen forwards your email to her board with one line: 'This is what partnership looks like.'",
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
    authority: Authority | None = F(
        "The authority your role needs over each target for this move (default: contractual for a "
        "directive, none otherwise).", "contractual", default=None,
    )
    beyond_authority: BeyondAuthority = F(
        "Aimed at an actor beyond your role's authority: 'refuse' (it cannot be planned) or 'incident' "
        "(it can be tried, and causes a political incident).", "incident", default="refuse",
    )

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
    capital: float = F("Political capital the choice costs.", 2, default=0, ge=0, le=20)
    requires: tuple[Requirement, ...] = F(
        "Conditions that must hold to choose it (untargeted ones: knows, when).", default=(), max_length=10
    )

    @model_validator(mode="after")
    def _check(self) -> Choice:
        for req in self.requires:
            if req.knows is None and req.when is None:
                raise ValueError("a choice's requirements can only be 'knows' or 'when' (a choice has no target)")
        return self

    @property
    def open_to_all(self) -> bool:
        """Whether the choice can always be taken (no requirement, no cost)."""
        return not self.requires and not self.capital


class ActorMove(PackModel):
    """A move an actor may make on its own, in addition to the built-in behaviours.

    Each turn an actor may take one action of its own; the stronger its ``urge``, the likelier this
    one. ``urge`` is an expression read for each actor who may take the move, with ``self_stance``,
    ``self_trust``, ``self_anxiety``, ``self_power``, ``self_stage`` and ``self_grievance`` standing
    for that actor's numbers. Actor verbs in ``effects`` apply to the actor itself; ``tie`` and
    ``relation`` to the actor and its target.
    """

    id: Id = F("Unique id.", "board_cover")
    title: ShortText = F(
        "The news as the player reads it; {actor} and {target} are replaced by names.",
        "{actor} asks its board for cover",
    )
    text: LongText | None = F("More of the story, shown under the title.", default=None)
    actors: tuple[Id, ...] | None = F("Who may make this move (default: any actor).", ["acute"], default=None)
    urge: ExprText = F(
        "How strongly an actor is moved to make it, 0 to 1 (read per actor).", "0.6 * max(0, self_anxiety - 0.5)"
    )
    target: ActorMoveTarget = F(
        "Whom it is aimed at: none, partner (the actor they trust most), rival (the one they trust least), or you.",
        "rival", default="none",
    )
    cooldown: int = F("Turns before the same actor can make it again.", 3, default=0, ge=0, le=50)
    effects: Effects = F("What it does.")

    @model_validator(mode="after")
    def _check(self) -> ActorMove:
        if self.effects.is_empty():
            raise ValueError("the move has no effects")
        return self


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
        if self.choices and not any(c.open_to_all for c in self.choices):
            raise ValueError("a dilemma needs at least one choice with no requirements and no cost, "
                             "so it can always be answered")
        return self


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
