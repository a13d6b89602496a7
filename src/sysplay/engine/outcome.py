"""Outcome dimensions, the composite score and endings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sysplay.scenarios.models import Pack


@dataclass(frozen=True)
class Outcome:
    """The outcome dimensions (each in [0, 1]) and the composite score."""

    dimensions: dict[str, float]
    composite: float

    def good(self, pack: Pack) -> bool:
        """Whether the composite counts as good for this pack."""
        return self.composite >= pack.outcome.good_at


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
