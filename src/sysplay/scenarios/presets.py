"""Difficulty presets: a pack's numbers as one of its presets changes them (chosen at the briefing, saved)."""

from __future__ import annotations

from sysplay.errors import SysplayError
from sysplay.scenarios.models import Pack, Preset

_META = ("starting_capital", "max_capital", "capital_regen", "slots_per_turn")


def preset_of(pack: Pack, preset_id: str) -> Preset:
    """The preset with this id.

    Raises:
        SysplayError: the pack has no such preset (the message lists those it has).
    """
    for preset in pack.presets:
        if preset.id == preset_id:
            return preset
    have = ", ".join(p.id for p in pack.presets) or "none"
    raise SysplayError(f"'{pack.meta.title}' has no difficulty '{preset_id}' (it has: {have})")


def with_preset(pack: Pack, preset_id: str) -> Pack:
    """The pack as the preset changes it ("" leaves the pack as written); the same object for the same preset."""
    if not preset_id or pack.preset_applied == preset_id:  # a variant asked for again (a fork of a save) is itself
        return pack
    preset = preset_of(pack, preset_id)
    return pack.memo(f"preset:{preset_id}", lambda p: _apply(p, preset))


def _apply(pack: Pack, preset: Preset) -> Pack:
    meta = pack.meta.model_copy(update={k: getattr(preset, k) for k in _META if getattr(preset, k) is not None})
    engine_changes: dict[str, object] = {k: getattr(preset, k) for k in ("luck", "reveal_base")
                                         if getattr(preset, k) is not None}
    if preset.initiative is not None:
        engine_changes["actors"] = pack.engine.actors.model_copy(update={"initiative": preset.initiative})
    engine = pack.engine.model_copy(update=engine_changes)
    system = pack.system.model_copy(update={"params": {**pack.system.params, **preset.params}})
    actors = pack.actors
    if preset.jitter is not None:
        scale = preset.jitter
        actors = tuple(a.model_copy(update={"jitter": {f: min(0.5, v * scale) for f, v in a.jitter.items()}})
                       for a in pack.actors)
    if meta.starting_capital > meta.max_capital:
        raise SysplayError(f"difficulty '{preset.id}' starts with more capital than the most you can hold")
    # The variant has no presets of its own, so a game of it is never given a default preset on top.
    variant = pack.model_copy(update={"meta": meta, "engine": engine, "system": system, "actors": actors,
                                      "presets": ()})
    variant._preset = preset.id
    return variant
