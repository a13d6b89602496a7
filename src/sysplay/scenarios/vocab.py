"""Closed vocabularies of the pack format: actor types, intervention kinds, hidden facts, zones, modes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

ActorType = Literal[
    "icb",
    "acute_trust",
    "community_trust",
    "mental_health_trust",
    "ambulance_trust",
    "council",
    "council_asc",
    "public_health",
    "housing",
    "gp_federation",
    "pcn",
    "care_provider",
    "hospice",
    "voluntary_sector",
    "community",
    "patient_voice",
    "healthwatch",
    "carers",
    "police",
    "regulator",
    "nhs_england",
    "education",
    "other",
]
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)

#: Readable names for actor types, used on cards and in transcripts.
ACTOR_TYPE_LABELS: dict[str, str] = {
    "icb": "integrated care board",
    "acute_trust": "acute hospital trust",
    "community_trust": "community health trust",
    "mental_health_trust": "mental health trust",
    "ambulance_trust": "ambulance trust",
    "council": "council",
    "council_asc": "council adult social care",
    "public_health": "public health",
    "housing": "housing",
    "gp_federation": "GP federation",
    "pcn": "primary care network",
    "care_provider": "care provider",
    "hospice": "hospice",
    "voluntary_sector": "voluntary sector",
    "community": "community",
    "patient_voice": "patient voice",
    "healthwatch": "Healthwatch",
    "carers": "carers",
    "police": "police",
    "regulator": "regulator",
    "nhs_england": "NHS England",
    "education": "education",
    "other": "other",
}

#: Types whose voice the "voice of communities" outcome and the debrief's
#: "who was left out" layer attend to.
VOICE_TYPES: frozenset[str] = frozenset(
    {"voluntary_sector", "community", "patient_voice", "healthwatch", "carers"}
)

InterventionKind = Literal[
    "inquiry",
    "dialogue",
    "connect",
    "experiment",
    "directive",
    "resource",
    "reflection",
    "escalate",
    "advocate",
]
INTERVENTION_KINDS: tuple[str, ...] = get_args(InterventionKind)



@dataclass(frozen=True)
class KindRow:
    """One kind of intervention and the groups it belongs to.

    Attributes:
        asks: The inquiry side of the inquiry/advocacy balance (it asks rather than tells).
        tells: The advocacy side (it tells, offers or pushes).
        enables: It enables self-organisation rather than pushing (the Wheatley lens).
        follows_through: It acts on what you heard, so settles what listening and offers left owed.
        commands: It is an order or goes over people's heads (the debrief's "command" habits).
        reaches_out: It engages someone face to face (what the debrief counts as reaching an opponent).
    """

    asks: bool = False
    tells: bool = False
    enables: bool = False
    follows_through: bool = False
    commands: bool = False
    reaches_out: bool = False


#: Every kind of intervention and its groups: the one table the engine, the personas' reports, the
#: debrief and simulate read (tests/scenarios/test_vocab.py checks that it covers every kind).
KIND_TABLE: dict[str, KindRow] = {
    "inquiry": KindRow(asks=True, reaches_out=True),
    "dialogue": KindRow(asks=True, enables=True, reaches_out=True),
    "connect": KindRow(enables=True, follows_through=True, reaches_out=True),
    "experiment": KindRow(enables=True, follows_through=True),
    "directive": KindRow(tells=True, commands=True),
    "resource": KindRow(tells=True, follows_through=True),
    "reflection": KindRow(asks=True),
    "escalate": KindRow(tells=True, commands=True),
    "advocate": KindRow(tells=True),
}


def kinds_where(group: str) -> frozenset[str]:
    """The kinds in one group of :data:`KIND_TABLE` (``asks``, ``tells``, ``enables``, …)."""
    return frozenset(k for k, row in KIND_TABLE.items() if getattr(row, group))


#: Kinds that enable self-organisation (Wheatley lens) rather than push.
ENABLING_KINDS: frozenset[str] = kinds_where("enables")
#: Kinds that ask rather than tell (inquiry side of the inquiry/advocacy balance).
INQUIRY_KINDS: frozenset[str] = kinds_where("asks")
#: Kinds that tell (advocacy side).
ADVOCACY_KINDS: frozenset[str] = kinds_where("tells")
#: Kinds of move that act on what you heard: they settle what listening and offers left owed.
FOLLOW_THROUGH_KINDS: frozenset[str] = kinds_where("follows_through")
#: Kinds that order or go over heads.
COMMAND_KINDS: frozenset[str] = kinds_where("commands")
#: Kinds that engage someone face to face.
REACHING_KINDS: frozenset[str] = kinds_where("reaches_out")

TargetKind = Literal["none", "actor", "pair", "group", "all"]

HiddenFact = Literal["concern", "threshold", "stubbornness", "openness", "stance", "valency"]
HIDDEN_FACTS: tuple[str, ...] = get_args(HiddenFact)

Zone = Literal["simple", "political", "judgmental", "complexity", "chaos"]
ZONES: tuple[str, ...] = get_args(Zone)

Mode = Literal["work", "dependency", "fight_flight", "pairing"]
MODES: tuple[str, ...] = get_args(Mode)

#: The authority a role can have over an actor, weakest first.
Authority = Literal["none", "convening", "contractual", "statutory"]
AUTHORITY_LEVELS: tuple[str, ...] = get_args(Authority)

#: What an attempt beyond the role's authority does: refused, or tried at a political cost.
BeyondAuthority = Literal["refuse", "incident"]

#: Built-in behaviours of actors acting on their own (docs/pack-format.md#actors-act).
Behaviour = Literal["collaborate", "withdraw", "blame", "ally", "respond", "over_your_head"]
BEHAVIOURS: tuple[str, ...] = get_args(Behaviour)

#: Whom an actor's own move is aimed at: nobody, the actor it trusts most, the one it trusts least, or you.
ActorMoveTarget = Literal["none", "partner", "rival", "you"]

Tone = Literal["good", "mixed", "poor"]
TONES: tuple[str, ...] = get_args(Tone)

STAGES: tuple[str, ...] = ("unaware", "aware", "interested", "trial", "adopted")
Stage = Literal["unaware", "aware", "interested", "trial", "adopted"]

#: Default Stacey-zone multipliers per intervention kind, in ZONES order.
DEFAULT_STACEY: dict[str, tuple[float, float, float, float, float]] = {
    "inquiry": (0.9, 1.0, 1.1, 1.2, 0.8),
    "dialogue": (0.6, 1.0, 0.9, 1.2, 0.4),
    "connect": (0.7, 1.1, 1.0, 1.2, 0.6),
    "experiment": (0.5, 0.6, 1.0, 1.3, 0.6),
    "directive": (1.0, 0.5, 0.6, 0.3, 0.9),
    "resource": (1.0, 0.8, 0.8, 0.8, 0.9),
    "reflection": (0.8, 0.9, 1.0, 1.1, 0.7),
    "escalate": (0.8, 0.5, 0.5, 0.4, 1.0),
    "advocate": (0.9, 0.9, 0.8, 0.6, 0.7),
}

#: Default Bion-mode multipliers per intervention kind, in MODES order.
DEFAULT_BION: dict[str, tuple[float, float, float, float]] = {
    "inquiry": (1.1, 0.9, 0.8, 1.0),
    "dialogue": (1.1, 0.8, 0.6, 0.9),
    "connect": (1.1, 0.8, 0.8, 0.9),
    "experiment": (1.1, 0.9, 0.8, 0.8),
    "directive": (1.0, 1.2, 0.9, 1.0),
    "resource": (1.0, 1.1, 1.0, 1.0),
    "reflection": (1.1, 0.9, 0.9, 1.0),
    "escalate": (1.0, 1.2, 1.1, 0.9),
    "advocate": (1.0, 1.0, 0.8, 1.0),
}
