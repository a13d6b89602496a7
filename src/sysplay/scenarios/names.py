"""The names a pack's expressions can read, and what each means (one place, shared by loader and engine)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysplay.scenarios.vocab import MODES, ZONES

if TYPE_CHECKING:
    from sysplay.scenarios.models import Pack

#: Names every game provides, with their meaning (documented in docs/pack-format.md).
GLOBAL_NAMES: dict[str, str] = {
    "turn": "the current turn, from 1",
    "turns": "the number of turns in the game",
    "capital": "your political capital",
    "holding": "the group's holding (the container), 0 to 1",
    "threat": "the sense of threat across the system, 0 to 1",
    "agreement": "how much actors agree (power-weighted), 0 to 1",
    "certainty": "how predictable the system is (volatility, surprise, conflict and strain), 0 to 1",
    "mean_stance": "power-weighted mean stance, -1 to 1",
    "adoption_share": "share of actors who have adopted the shared agenda, 0 to 1",
    "anxiety_mean": "mean anxiety, 0 to 1",
    "trust_mean": "mean trust in you, 0 to 1",
    "network_health": "strength of positive ties across the system, 0 to 1",
    "conflict": "share of tie weight that is hostile, 0 to 1",
    "voice": "how far communities, patients, carers and the voluntary sector are heard and on board, 0 to 1",
    "harm": "relational damage, trust debt and people left out, 0 to 1",
    "strain": "the system's strain (from system.strain), 0 to 1",
    "press": "press and public attention, raised when actors blame each other in public, 0 to 1",
    "deferral": "how far ownership has shifted away from the place (escalation), 0 to 1",
    **{f"mode_{m}": f"share of the group's mood in {m.replace('_', '-')} mode, 0 to 1" for m in MODES},
    **{f"zone_{z}": f"1 when the Stacey zone is {z}, else 0" for z in ZONES},
}

#: Names only endings, prompts and outcome-aware expressions can read.
OUTCOME_NAMES: dict[str, str] = {"outcome": "the composite outcome, 0 to 1"}

ACTOR_NAME_PREFIXES: dict[str, str] = {
    "stance": "{a}'s stance, -1 to 1",
    "trust": "{a}'s trust in you, 0 to 1",
    "anxiety": "{a}'s anxiety, 0 to 1",
    "stage": "{a}'s adoption stage, 0 (unaware) to 4 (adopted)",
    "adopted": "1 when {a} has adopted, else 0",
    "power": "{a}'s power, 0 to 1",
}


#: Names an actor's own move reads about the actor considering it (``urge`` expressions only).
SELF_NAMES: dict[str, str] = {
    "self_stance": "the actor's stance, -1 to 1",
    "self_trust": "the actor's trust in you, 0 to 1",
    "self_anxiety": "the actor's anxiety, 0 to 1",
    "self_power": "the actor's power, 0 to 1",
    "self_stage": "the actor's adoption stage, 0 to 4",
    "self_grievance": "the actor's grievance (instructions resisted, blame received), 0 and up",
}


def fact_name(actor_id: str, fact_id: str) -> str:
    """The expression name that is 1 once the player knows an actor's fact."""
    return f"knows_{actor_id}_{fact_id}"


def system_names(pack: Pack) -> dict[str, str]:
    """Names for system expressions (variables, flows, delays, strain, event and requirement conditions)."""
    names = dict(GLOBAL_NAMES)
    sysm = pack.system
    for pid in sysm.params:
        names[pid] = "a parameter"
    for rid, rp in sysm.random_params.items():
        names[rid] = rp.label or "a random parameter"
    for vid in sysm.variables:
        names[vid] = "a variable"
    for sid, stock in sysm.stocks.items():
        names[sid] = stock.label
    for fid, flow in sysm.flows.items():
        names[fid] = flow.label or "a flow (this turn's amount)"
    for did, delay in sysm.delays.items():
        names[did] = delay.label or "a delay (what arrives this turn)"
    for actor in pack.actors:
        for prefix, desc in ACTOR_NAME_PREFIXES.items():
            names[f"{prefix}_{actor.id}"] = desc.format(a=actor.display_name)
        if actor.concern is not None:
            names[fact_name(actor.id, "concern")] = f"1 once you know {actor.display_name}'s concern, else 0"
        for fact in actor.facts:
            names[fact_name(actor.id, fact.id)] = f"1 once you know {actor.display_name}'s fact '{fact.id}', else 0"
    for event in pack.events:
        names[f"fired_{event.id}"] = f"how many times '{event.title}' has happened"
        names[f"active_{event.id}"] = f"1 while '{event.title}' is on, else 0"
        for choice in event.choices:
            names[f"chose_{event.id}_{choice.id}"] = f"1 if you chose '{choice.label}'"
    for iv in pack.interventions:
        names[f"used_{iv.id}"] = f"how many times you have used '{iv.name}'"
    return names


def outcome_names(pack: Pack) -> dict[str, str]:
    """Names for endings, prompts and golden tests: system names plus the outcome and its dimensions."""
    names = system_names(pack)
    names.update(OUTCOME_NAMES)
    for dim in pack.outcome.dimensions:
        names[f"dim_{dim.id}"] = dim.label
    return names


def self_names(pack: Pack) -> dict[str, str]:
    """Names an actor move's ``urge`` reads: the system names and the acting actor's own numbers."""
    names = system_names(pack)
    names.update(SELF_NAMES)
    return names


def effects_sources(pack: Pack) -> list[str]:
    """The ``keep_if`` conditions of every effects block (read when a lasting change would lapse)."""
    blocks = [iv.effects for iv in pack.interventions] + [m.effects for m in pack.actor_moves]
    for ev in pack.events:
        blocks += [ev.effects, *([ev.while_active] if ev.while_active else []), *(c.effects for c in ev.choices)]
    return [b.keep_if for b in blocks if b.keep_if]


def expression_sources(pack: Pack, *, outcome: bool = True) -> list[str]:
    """Every expression text the system names serve.

    System, events, requirements, voice lines, lasting changes; with ``outcome``, also dimensions,
    endings, their paragraphs and prompts. Actor moves' ``urge`` expressions read names of their own
    (:func:`self_names`) and are not listed here.
    """
    sysm = pack.system
    out = [*sysm.variables.values(), *(f.expr for f in sysm.flows.values()), *(d.expr for d in sysm.delays.values())]
    out += [sysm.strain] if sysm.strain else []
    for ev in pack.events:
        out += [x for x in (ev.when, ev.start, ev.stop) if x]
        out += [r.when for c in ev.choices for r in c.requires if r.when]
    for iv in pack.interventions:
        out += [r.when for r in iv.requires if r.when]
    out += [line.when for a in pack.actors for line in a.voice if line.when]
    out += effects_sources(pack)
    if outcome:
        out += [d.expr for d in pack.outcome.dimensions]
        out += [e.when for e in pack.endings if e.when]
        out += [p.when for e in pack.endings for p in e.paragraphs]
        out += [x.when for x in pack.prompts if x.when]
    return out
