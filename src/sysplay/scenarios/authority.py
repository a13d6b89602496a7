"""Authority: what the player's role can require of each actor, and what a move needs.

A pack states, per actor, the authority the role has over it — none, convening, contractual or
statutory. Where it does not, the level is worked out from the role's *seat* (the kind of organisation
the role sits in; guessed from the organisation's name when not given) and the actor's type, as an
English health and care leader in that seat would find it in 2026: an ICB commissions NHS providers
(a contract) but cannot instruct a council, a charity or a patient voice; a director of adult social
services holds the council's statutory duties and contracts with care providers; nobody instructs a
regulator.
"""

from __future__ import annotations

from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.vocab import AUTHORITY_LEVELS

NONE, CONVENING, CONTRACTUAL, STATUTORY = range(4)

#: The authority a kind of move needs over each target unless the move says otherwise.
NEEDED_BY_KIND: dict[str, int] = {"directive": CONTRACTUAL}

#: Actor types nobody in a local system can instruct or summon.
_OUT_OF_REACH = frozenset({"regulator", "nhs_england", "police", "education"})
#: NHS trusts an ICB holds contracts with; GP partnerships hold their own contracts, and nobody instructs them.
_NHS_PROVIDERS = frozenset({"acute_trust", "community_trust", "mental_health_trust", "ambulance_trust"})

#: Per seat: the actor types the role holds a contract with, and those it holds statutory duties for.
_SEATS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "icb": (_NHS_PROVIDERS, frozenset()),
    "council": (frozenset({"care_provider", "voluntary_sector", "housing"}), frozenset({"council_asc", "public_health"})),
    "council_asc": (frozenset({"care_provider", "voluntary_sector"}), frozenset({"council_asc"})),
    "public_health": (frozenset({"voluntary_sector"}), frozenset({"public_health"})),
}

#: Words in a role's organisation that give away its seat, checked in this order.
_GUESSES: tuple[tuple[str, str], ...] = (
    ("integrated care board", "icb"), ("icb", "icb"), ("adult social care", "council_asc"),
    ("public health", "public_health"), ("council", "council"), ("hospital", "acute_trust"),
    ("mental health", "mental_health_trust"), ("ambulance", "ambulance_trust"), ("community", "community_trust"),
)


def seat_of(pack: Pack) -> str | None:
    """The role's seat: as the pack states it, else guessed from the organisation's name (None if no guess)."""
    role = pack.meta.role
    if role.seat is not None:
        return role.seat
    words = f" {role.organisation.lower()} "
    for clue, seat in _GUESSES:
        if f" {clue} " in words or (clue == "icb" and "(icb)" in words):
            return seat
    return None


def inferred_level(seat: str | None, actor_type: str) -> int:
    """The authority a role in ``seat`` has over an actor of ``actor_type`` when the pack does not say."""
    if actor_type in _OUT_OF_REACH:
        return NONE
    contracts, duties = _SEATS.get(seat or "", (frozenset(), frozenset()))
    if actor_type in duties:
        return STATUTORY
    if actor_type in contracts:
        return CONTRACTUAL
    return CONVENING


def levels(pack: Pack) -> list[int]:
    """The authority the role has over each actor, as an integer per actor (0 none … 3 statutory)."""
    seat = seat_of(pack)
    return [AUTHORITY_LEVELS.index(a.authority) if a.authority is not None else inferred_level(seat, a.type)
            for a in pack.actors]


def inferred(pack: Pack) -> list[str]:
    """Ids of the actors whose authority level the pack leaves to be worked out."""
    return [a.id for a in pack.actors if a.authority is None]


def needed(iv: Intervention) -> int:
    """The authority a move needs over each of its targets."""
    if iv.authority is not None:
        return AUTHORITY_LEVELS.index(iv.authority)
    return NEEDED_BY_KIND.get(iv.kind, NONE)


def level_name(level: int) -> str:
    """``none``, ``convening``, ``contractual`` or ``statutory``."""
    return AUTHORITY_LEVELS[level]
