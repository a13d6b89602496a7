"""Outcome dimensions, the composite score and endings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sysplay.scenarios.models import Ending, Pack

#: How far below a band's upper edge a composite kept within the band is put.
_BELOW = 1e-3


@dataclass(frozen=True)
class Outcome:
    """The outcome dimensions (each in [0, 1]) and the composite score.

    When a game has ended, the composite is kept within the band of the ending's tone; ``raw`` then
    holds the composite the dimensions gave, and ``ending`` the ending that set the band.
    """

    dimensions: dict[str, float]
    composite: float
    raw: float | None = None
    ending: str | None = None

    def good(self, pack: Pack) -> bool:
        """Whether the composite counts as good for this pack."""
        return self.composite >= pack.outcome.good_at

    def band(self, pack: Pack) -> str:
        """The tone the composite counts as: good, mixed or poor."""
        return pack.outcome.band(self.composite)

    @property
    def held(self) -> bool:
        """Whether the ending's band moved the composite from what the dimensions gave."""
        return self.raw is not None and abs(self.raw - self.composite) > 1e-12


def tone_band(pack: Pack, tone: str) -> tuple[float, float]:
    """The composite range that counts as ``tone``: good [good_at, 1]; mixed [mixed_at, good_at); poor [0, mixed_at).

    Without ``mixed_at`` there are two bands: good, and below good (for mixed and poor endings alike).
    """
    o = pack.outcome
    top = max(0.0, o.good_at - _BELOW)
    if tone == "good":
        return o.good_at, 1.0
    if o.mixed_at is None:
        return 0.0, top
    if tone == "mixed":
        return min(o.mixed_at, top), top
    return 0.0, max(0.0, min(o.mixed_at, o.good_at) - _BELOW)


def agree(pack: Pack, outcome: Outcome, ending_id: str | None) -> Outcome:
    """``outcome`` with its composite kept within the band of the ending's tone, so they never contradict."""
    if ending_id is None:
        return outcome
    tone = pack.memo("ending_by_id", _endings_by_id)[ending_id].tone
    low, high = tone_band(pack, tone)
    held = min(high, max(low, outcome.composite))
    return replace(outcome, composite=held, raw=outcome.composite, ending=ending_id)


def _endings_by_id(pack: Pack) -> dict[str, Ending]:
    return {e.id: e for e in pack.endings}


def ending_text(pack: Pack, ending_id: str, ns: dict[str, float]) -> str:
    """An ending's text, with each of its paragraphs whose condition holds in ``ns`` (a blank line between)."""
    ending = pack.memo("ending_by_id", _endings_by_id)[ending_id]
    parts = [ending.text] + [p.text for p in ending.paragraphs if pack.expr(p.when)(ns)]
    return "\n\n".join(parts)


def score(pack: Pack, ns: dict[str, float]) -> Outcome:
    """Evaluate every dimension on ``ns`` and combine them (``good: down`` dimensions count as 1 - value)."""
    dims: dict[str, float] = {}
    total = weight = 0.0
    for dim, compiled in pack.memo("dimensions_compiled", _dimensions):
        value = min(1.0, max(0.0, compiled(ns)))
        dims[dim.id] = value
        total += dim.weight * (value if dim.good == "up" else 1.0 - value)
        weight += dim.weight
    return Outcome(dims, total / weight if weight else 0.0)


def with_outcome(pack: Pack, ns: dict[str, float]) -> Outcome:
    """Score ``ns`` and add ``outcome`` and ``dim_<id>`` to it (for endings and prompts)."""
    result = score(pack, ns)
    ns["outcome"] = result.composite
    for key, value in result.dimensions.items():
        ns[f"dim_{key}"] = value
    return result


def check_endings(pack: Pack, ns: dict[str, float], final: bool) -> str | None:
    """The first ending (in pack order) whose condition holds: ``at: any`` always, ``at: end`` when final."""
    if "outcome" not in ns:
        with_outcome(pack, ns)
    for ending in pack.endings:
        if ending.at == "end" and not final:
            continue
        if ending.when is None or pack.expr(ending.when)(ns):
            return ending.id
    return None


def early_ending(pack: Pack, ns: dict[str, float]) -> str | None:
    """The first ``at: any`` ending whose condition holds (what :func:`check_endings` finds before the last turn).

    ``ns`` need not hold the outcome when no such ending reads it.
    """
    for ending in pack.endings:
        if ending.at == "any" and (ending.when is None or pack.expr(ending.when)(ns)):
            return ending.id
    return None


def _dimensions(pack: Pack) -> list[tuple[Any, Any]]:
    """Each outcome dimension with its compiled expression."""
    return [(dim, pack.expr(dim.expr)) for dim in pack.outcome.dimensions]
