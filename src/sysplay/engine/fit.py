"""How well a move lands: its fit with the situation, a seeded share of luck, and backfire.

A move's *fit* ``k`` is the product of its kind's multipliers for the Stacey zone and the group's
mood, the tailoring bonus where you know a target's concern, and luck. Fit scales a move's effects
in both directions: what the move is for lands ``landing(k)`` times as written — less than written
below a fit of 1, nothing at 0.3 and the reverse below that (a backfire) — and its side effects (a
directive's cost in trust, say) land ``side(k)`` times as written, worse the poorer the fit.
"""

from __future__ import annotations

import math

#: Below this fit a move's intended effect shrinks faster than the fit itself, and turns negative.
BACKFIRE_BELOW = 0.5
#: How fast it shrinks there: each 0.1 of fit below 0.5 takes 0.25 off the landing.
BACKFIRE_SLOPE = 2.5
#: The most a move can land, however well it fits.
MOST = 1.6
#: Side effects are never softened below half, nor made worse than 1.75 times, as written.
SIDE_LOW, SIDE_HIGH = 0.5, 1.75
#: Luck never takes a move below half its fit, nor above 1.6 times it.
LUCK_LOW, LUCK_HIGH = 0.5, 1.6


def landing(k: float, backfire: bool = True) -> float:
    """How many times its written size a move's intended effect lands at fit ``k``.

    ``k`` itself down to 0.5; below that ``0.5 - 2.5 * (0.5 - k)``, which is 0 at a fit of 0.3 and
    negative (the effect reversed: a backfire) below it. Never more than 1.6.
    """
    if k >= BACKFIRE_BELOW or not backfire:
        return min(k, MOST)
    return BACKFIRE_BELOW - BACKFIRE_SLOPE * (BACKFIRE_BELOW - k)


def side(k: float) -> float:
    """How many times its written size a side effect lands at fit ``k``: ``2 - k``, kept within [0.5, 1.75]."""
    return min(SIDE_HIGH, max(SIDE_LOW, 2.0 - k))


def luck(z: float, spread: float) -> float:
    """The luck multiplier for a standard normal draw ``z``: ``exp(spread * z)``, kept within [0.5, 1.6]."""
    return min(LUCK_HIGH, max(LUCK_LOW, math.exp(spread * z)))


def verdict(m: float) -> str:
    """A word for how a move landed, from its landing multiplier."""
    if m < -0.02:
        return "backfired"
    if m < 0.2:
        return "fell flat"
    if m < 0.8:
        return "landed weakly"
    return "landed well" if m >= 1.1 else "landed"
