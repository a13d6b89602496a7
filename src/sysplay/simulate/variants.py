"""Modified copies of a pack for the sensitivity sweep: one number nudged up or down, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from sysplay.scenarios.models import Pack

#: How far each number is moved: 15% of its value (or 0.15 on the stance scale).
STEP = 0.15


@dataclass(frozen=True)
class Nudge:
    """One number of the pack and the two values the sweep tries in its place.

    Attributes:
        key: Where the number lives, e.g. ``actors.acute.power`` or ``stocks.care_capacity.initial``.
        base: Its value as written.
        low: The value tried below it (None when the bounds leave no room).
        high: The value tried above it (None when the bounds leave no room).
    """

    key: str
    base: float
    low: float | None
    high: float | None


def _pair(key: str, base: float, lo: float, hi: float, absolute: bool = False) -> Nudge | None:
    step = STEP if absolute else abs(base) * STEP
    if step == 0:
        return None
    down, up = max(lo, base - step), min(hi, base + step)
    return Nudge(key, base, round(down, 6) if down < base else None, round(up, 6) if up > base else None)


def nudges(pack: Pack) -> list[Nudge]:
    """The numbers the sweep moves.

    Stock starting values, parameters, random-parameter ranges, and each actor's power, stance (with
    anchor) and adoption threshold.
    """
    out: list[Nudge | None] = []
    for sid, stock in pack.system.stocks.items():
        out.append(_pair(f"stocks.{sid}.initial", stock.initial, stock.min, stock.max))
    for pid, value in pack.system.params.items():
        out.append(_pair(f"params.{pid}", value, -1e12, 1e12))
    for rid, rp in pack.system.random_params.items():
        mid = (rp.low + rp.high) / 2
        out.append(_pair(f"random_params.{rid}", mid, -1e12, 1e12))
    for a in pack.actors:
        out.append(_pair(f"actors.{a.id}.power", a.power, 0.01, 1.0))
        out.append(_pair(f"actors.{a.id}.stance", a.stance, -1.0, 1.0, absolute=True))
        out.append(_pair(f"actors.{a.id}.threshold", a.threshold, 0.0, 1.0))
    return [n for n in out if n is not None and (n.low is not None or n.high is not None)]


def apply_nudge(pack: Pack, key: str, value: float) -> Pack:
    """A copy of ``pack`` with the number at ``key`` set to ``value`` (the original is untouched).

    Every level on the way down is copied with ``model_copy(update=...)``, so no part of the
    new pack is shared mutably with the old one.
    """
    section, _, rest = key.partition(".")
    if section == "stocks":
        sid = rest.split(".")[0]
        stocks = dict(pack.system.stocks)
        stocks[sid] = stocks[sid].model_copy(update={"initial": value})
        return pack.model_copy(update={"system": pack.system.model_copy(update={"stocks": stocks})})
    if section == "params":
        params = dict(pack.system.params)
        params[rest] = value
        return pack.model_copy(update={"system": pack.system.model_copy(update={"params": params})})
    if section == "random_params":
        rps = dict(pack.system.random_params)
        rp = rps[rest]
        shift = value - (rp.low + rp.high) / 2
        rps[rest] = rp.model_copy(update={"low": rp.low + shift, "high": rp.high + shift})
        return pack.model_copy(update={"system": pack.system.model_copy(update={"random_params": rps})})
    if section == "actors":
        actor_id, _, attr = rest.partition(".")
        actors = list(pack.actors)
        k = next(i for i, a in enumerate(actors) if a.id == actor_id)
        update: dict[str, float] = {attr: value}
        if attr == "stance" and actors[k].anchor is not None:  # move their settled position with them
            anchor = actors[k].anchor or 0.0
            update["anchor"] = max(-1.0, min(1.0, anchor + value - actors[k].stance))
        actors[k] = actors[k].model_copy(update=update)
        return pack.model_copy(update={"actors": tuple(actors)})
    raise KeyError(key)
