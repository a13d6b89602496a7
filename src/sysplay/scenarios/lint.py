"""Lint for pack writers: things that are legal but probably not what the writer meant."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sysplay.scenarios.crossref import Checker


def lint_pack(c: Checker) -> None:
    """Add warnings for unused actors, unusable moves, events that cannot fire and missing text."""
    source = c.pack.source_path or getattr(getattr(c.origin, "main", None), "path", None)
    if source is not None:
        from pathlib import Path

        main = Path(str(source))
        if main.name == "pack.yaml" and main.parent.name and main.parent.name != c.pack.meta.id:
            c.add(("meta", "id"), f"meta.id '{c.pack.meta.id}' differs from the folder name '{main.parent.name}'", "warning")
    _unused_actors(c)
    _unusable_interventions(c)
    _dead_events(c)
    _missing_text(c)


def _unused_actors(c: Checker) -> None:
    p = c.pack
    tied = {r.source for r in p.relationships} | {r.target for r in p.relationships}
    for index, actor in enumerate(p.actors):
        targetable = any(
            iv.target != "none" and (iv.target_types is None or actor.type in iv.target_types)
            for iv in p.interventions
        )
        if actor.id not in tied and not targetable:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no relationships and no move can reach them", "warning")
        elif actor.id not in tied:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no relationships, so nothing spreads to or from them", "warning")


def _unusable_interventions(c: Checker) -> None:
    p = c.pack
    types = {a.type for a in p.actors}
    for index, iv in enumerate(p.interventions):
        loc = ("interventions", index)
        if iv.target_types is not None and not types.intersection(iv.target_types):
            c.add((*loc, "target_types"), f"no actor in the pack has any of the types {list(iv.target_types)}, so '{iv.id}' can never be used", "warning")
        if iv.target == "pair" and len(p.actors) < 2:
            c.add(loc, f"'{iv.id}' needs a pair of actors", "warning")
        for ri, req in enumerate(iv.requires):
            if req.knows is not None:
                actor_id, _, fact = req.knows.partition(".")
                actor = next((a for a in p.actors if a.id == actor_id), None)
                if actor is not None and fact not in actor.hidden:
                    c.add((*loc, "requires", ri, "knows"), f"{req.knows} is never hidden, so this requirement always holds", "warning")
            if req.when is not None and _constant(c, req.when) == 0.0:
                c.add((*loc, "requires", ri, "when"), f"the condition {req.when!r} is always false, so '{iv.id}' can never be unlocked", "warning")
        if iv.effects.reveal and not any(a.hidden for a in p.actors):
            c.add((*loc, "effects", "reveal"), "nothing in the pack is hidden, so 'reveal' does nothing", "warning")


def _dead_events(c: Checker) -> None:
    for index, ev in enumerate(c.pack.events):
        loc = ("events", index)
        if ev.when is not None and ev.chance == 0:
            c.add((*loc, "chance"), f"event '{ev.id}' has chance 0, so it can never fire", "warning")
        for field in ("when", "start"):
            source = getattr(ev, field)
            if source is not None and _constant(c, source) == 0.0:
                c.add((*loc, field), f"the condition {source!r} is always false, so event '{ev.id}' can never fire", "warning")
        if ev.when is not None and ev.effects.is_empty() and not ev.choices:
            c.add(loc, f"event '{ev.id}' has no effects and no choices; it only tells a story", "warning")


def _missing_text(c: Checker) -> None:
    p = c.pack
    for index, iv in enumerate(p.interventions):
        if iv.text is None:
            c.add(("interventions", index, "id"), f"intervention '{iv.id}' has no narration (text: attempt/outcome)", "warning")
    for index, actor in enumerate(p.actors):
        if not actor.voice:
            c.add(("actors", index, "id"), f"actor '{actor.id}' has no voice lines", "warning")
        elif all(_has_condition(line) for line in actor.voice):
            c.add(("actors", index, "voice"), f"actor '{actor.id}' has no voice line without conditions, so they may fall silent", "warning")
    for index, ev in enumerate(p.events):
        for ci, choice in enumerate(ev.choices):
            if choice.text is None:
                c.add(("events", index, "choices", ci), f"choice '{choice.id}' of '{ev.id}' says nothing about what follows", "warning")
    if not p.prompts:
        c.add(("meta",), "the pack has no debrief prompts", "warning", key=True)


def _has_condition(line: object) -> bool:
    fields = ("trust_below", "trust_above", "stance_below", "stance_above", "anxiety_above",
              "anxiety_below", "stage", "concern_known", "after_event")
    return any(getattr(line, f) is not None for f in fields)


def _constant(c: Checker, source: str) -> float | None:
    """The value of an expression that reads no names, else None."""
    compiled = c.pack.expr(source)
    if compiled.names:
        return None
    return float(compiled({}))
