"""Pack models for the people in a scenario: actors, their voices, and the relationships between them."""

from __future__ import annotations

from pydantic import Field, model_validator

from sysplay.scenarios.fields import (
    ExprText,
    F,
    Flag,
    Id,
    LongText,
    PackModel,
    ShortText,
    Signed,
    Unit,
)
from sysplay.scenarios.vocab import HIDDEN_FACTS, ActorType, Authority, HiddenFact, Stage


class Speaker(PackModel):
    """The person who speaks for an organisation."""

    name: ShortText = F("Their name as the player meets them.", "Dr Amara Okafor")
    role: ShortText = F("Their job title.", "Chief Operating Officer")


class Valency(PackModel):
    """How readily an actor falls into each of Bion's basic assumptions under anxiety.

    The engine normalises the three numbers so they sum to one.
    """

    dependency: float = F("Pull towards waiting for a leader to fix it.", 0.3, default=0.34, ge=0, le=1)
    fight_flight: float = F(
        "Pull towards finding someone to blame or avoiding the issue.", 0.4, default=0.33, ge=0, le=1
    )
    pairing: float = F(
        "Pull towards hoping two others will produce the answer.", 0.3, default=0.33, ge=0, le=1
    )


class VoiceLine(PackModel):
    """A line the actor's speaker says when their state matches every condition given.

    Of the lines whose conditions all hold, the most specific is spoken: the one with the most
    conditions (a ``when`` counts once for each name it reads). Between equally specific lines the
    one written first wins, and a line with no conditions is spoken only when nothing else fits.
    """

    line: LongText = F("What they say, in their own voice.", "We've heard this before.")
    trust_below: float | None = F("Only when their trust in you is below this.", 0.3, default=None, ge=0, le=1)
    trust_above: float | None = F("Only when their trust in you is at or above this.", 0.6, default=None, ge=0, le=1)
    stance_below: float | None = F("Only when their stance is below this.", -0.2, default=None, ge=-1, le=1)
    stance_above: float | None = F("Only when their stance is at or above this.", 0.3, default=None, ge=-1, le=1)
    anxiety_above: float | None = F("Only when their anxiety is at or above this.", 0.6, default=None, ge=0, le=1)
    anxiety_below: float | None = F("Only when their anxiety is below this.", 0.3, default=None, ge=0, le=1)
    stage: tuple[Stage, ...] | None = F(
        "Only at these adoption stages.", ["trial", "adopted"], default=None, max_length=5
    )
    concern_known: Flag | None = F(
        "Only when you have (true) or have not (false) learned their concern.", True, default=None
    )
    after_event: Id | None = F("Only once this event has happened.", "press_story", default=None)
    when: ExprText | None = F(
        "Only when this expression over the system holds (stocks, parameters, choices, moves used...).",
        "chose_winter_money_escalation_beds > 0 and delayed_discharges > 150", default=None,
    )


class Fact(PackModel):
    """Something about an actor the player can learn by listening, beyond the hidden numbers."""

    id: Id = F("Unique among the actor's facts (moves can require it: knows: actor.id).", "board_letter")
    text: LongText = F("What the player learns.", "The trust board has written to Helen about corridor care.")
    trust_at_least: Unit = F(
        "They tell you only once they trust you at least this much.", 0.5, default=0.0
    )


class Actor(PackModel):
    """An organisation or group in the system, and the person who speaks for it."""

    id: Id = F("Unique id, used in expressions as stance_<id>, trust_<id> and so on.", "acute")
    name: ShortText = F("The organisation's full name.", "Riverside Hospitals NHS Foundation Trust")
    short_name: ShortText | None = F("A short name for cards and tables.", "Riverside acute", default=None)
    type: ActorType = F("What kind of organisation or group this is (a closed list).", "acute_trust")
    speaker: Speaker = F("The person who speaks for them.")
    briefing: LongText = F(
        "What the player knows about them at the start.",
        "Runs the main hospital; its A&E has missed the four-hour standard all year.",
    )
    concern: LongText | None = F(
        "What they care about most that the player may not know yet (hide it with hidden: [concern]).",
        "The board fears another CQC visit if corridor care continues.",
        default=None,
    )
    power: float = F("Positional authority and resources, (0, 1].", 0.9, gt=0, le=1)
    stance: Signed = F("Where they stand on the shared agenda, -1 (against) to 1 (for).", -0.3)
    anchor: Signed | None = F(
        "Their settled identity position; stance is pulled back towards it. Defaults to stance.",
        -0.4,
        default=None,
    )
    stubbornness: float = F("How strongly they hold to their anchor, 0.05 to 1.", 0.6, ge=0.05, le=1)
    openness: float = F(
        "How far apart views can be and still influence them (bounded confidence), 0.02 to 1.5.",
        0.4,
        ge=0.02,
        le=1.5,
    )
    threshold: Unit = F("How much support around them they need before moving to the next adoption stage.", 0.55)
    trust_in_you: Unit = F("Their trust in the player at the start.", 0.3, default=0.4)
    anxiety: Unit = F("Their anxiety at the start.", 0.3, default=0.2)
    valency: Valency = F("Their pull towards each basic assumption.", default_factory=Valency)
    hidden: tuple[HiddenFact, ...] = F(
        "Facts the player cannot see until revealed by listening.", ["concern", "threshold"], default=()
    )
    jitter: dict[HiddenFact, float] = F(
        "How far each hidden number may vary from the written value in a given game (drawn from the seed).",
        {"threshold": 0.1},
        default_factory=dict,
    )
    voice: tuple[VoiceLine, ...] = F("Lines chosen by their state.", default=(), max_length=60)
    facts: tuple[Fact, ...] = F(
        "Further things the player can learn about them, each revealed separately by listening "
        "(after the hidden numbers listed in 'hidden', in the order written).", default=(), max_length=8,
    )
    authority: Authority | None = F(
        "The authority your role has over them: none, convening, contractual or statutory "
        "(default: worked out from the role's seat and their type).", "contractual", default=None,
    )

    @model_validator(mode="after")
    def _check(self) -> Actor:
        if len(set(self.hidden)) != len(self.hidden):
            raise ValueError("hidden lists a fact twice")
        if "concern" in self.hidden and self.concern is None:
            raise ValueError("'concern' is hidden but the actor has no concern text")
        fact_ids = [f.id for f in self.facts]
        if len(set(fact_ids)) != len(fact_ids):
            raise ValueError("two facts have the same id")
        clash = sorted(set(fact_ids) & set(HIDDEN_FACTS))
        if clash:
            raise ValueError(f"a fact cannot be called {clash[0]!r}: that is the name of a hidden number")
        for fact, amount in self.jitter.items():
            if fact in ("concern", "valency"):
                raise ValueError(f"jitter cannot apply to {fact!r}; only numbers jitter")
            if not 0 <= amount <= 0.5:
                raise ValueError(f"jitter for {fact!r} must be between 0 and 0.5")
        return self

    @property
    def display_name(self) -> str:
        """Short name if given, else the full name."""
        return self.short_name or self.name


class Relationship(PackModel):
    """A tie between two actors: how much they trust each other and how often they are in contact."""

    source: Id = Field(
        alias="from", description="The actor the tie starts from.", examples=["acute"]
    )
    target: Id = Field(alias="to", description="The actor the tie goes to.", examples=["council"])
    trust: Signed = F("Signed trust from -1 (hostile) to 1 (close allies).", -0.4)
    tie: Unit = F("Tie strength: how much contact they have, 0 to 1. Ties fade without contact.", 0.7)
    trust_back: Signed | None = F(
        "Trust in the other direction when it differs (only for mutual ties).", 0.1, default=None
    )
    mutual: Flag = F("Whether the tie runs both ways (the usual case).", True, default=True)
    hidden: Flag = F(
        "Whether the player starts not knowing about this tie (the 'coffee-machine network').",
        False,
        default=False,
    )
    history: ShortText | None = F(
        "A line of shared history that shapes the tie.", "The 2024 discharge contract dispute", default=None
    )

    @model_validator(mode="after")
    def _check(self) -> Relationship:
        if self.source == self.target:
            raise ValueError("a relationship must join two different actors")
        if self.trust_back is not None and not self.mutual:
            raise ValueError("trust_back only applies to mutual ties")
        return self
