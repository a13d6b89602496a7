"""Synthetic packs of any size, for benchmarks and fuzz tests (built in code, never from files)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sysplay.scenarios.models import Pack
from sysplay.scenarios.vocab import ACTOR_TYPES, AUTHORITY_LEVELS

_TYPES = [t for t in ACTOR_TYPES if t != "other"]


def synthetic_pack(n_actors: int = 50, degree: int = 6, seed: int = 0, turns: int = 12) -> Pack:
    """A valid pack with ``n_actors`` actors, about ``degree`` ties each, and every kind of move.

    Args:
        n_actors: Number of actors (2 or more).
        degree: Ties per actor (each tie mutual).
        seed: Seed for the pack's numbers (not the game's seed).
        turns: Turns in the game.
    """
    rng = np.random.default_rng(seed)
    actors = [_actor(k, rng) for k in range(n_actors)]
    rels: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for i in range(n_actors):
        for j in rng.choice(n_actors, size=min(degree // 2 + 1, n_actors - 1), replace=False).tolist():
            a, b = min(i, j), max(i, j)
            if a == b or (a, b) in seen:
                continue
            seen.add((a, b))
            rels.append({"from": f"a{a}", "to": f"a{b}", "trust": round(float(rng.uniform(-0.8, 0.9)), 3),
                         "tie": round(float(rng.uniform(0.1, 0.9)), 3), "hidden": bool(rng.random() < 0.2)})
    data = {
        "meta": {"id": f"synthetic_{n_actors}", "title": f"Synthetic system of {n_actors}", "version": "1",
                 "summary": "Generated for benchmarks and fuzz tests.", "author": "sysplay",
                 "licence": "CC0", "turns": turns, "role": {"title": "Convenor", "organisation": "ICB",
                 "briefing": "You convene."}, "situation": "A generated system."},
        "actors": actors,
        "relationships": rels,
        "system": _system(),
        "interventions": _interventions(),
        "events": _events(),
        "endings": [
            {"id": "collapse", "title": "Collapse", "tone": "poor", "at": "any", "when": "backlog >= 390", "text": "It fell over."},
            {"id": "good", "title": "Good", "tone": "good", "when": "outcome >= 0.6", "text": "It went well."},
            {"id": "fallback", "title": "Mixed", "tone": "mixed", "text": "It went on."},
        ],
        "outcome": {"dimensions": [
            {"id": "service", "label": "Service", "expr": "1 - clip(backlog/300, 0, 1)", "weight": 2},
            {"id": "relationships", "label": "Relationships", "expr": "network_health"},
            {"id": "voice", "label": "Voice", "expr": "voice"},
            {"id": "change", "label": "Lasting change", "expr": "adoption_share"},
            {"id": "harm", "label": "Harm", "expr": "harm", "good": "down"},
        ]},
        "prompts": [{"id": "p", "text": "What surprised you?"}],
    }
    return Pack.model_validate(data)


def _actor(k: int, rng: np.random.Generator) -> dict[str, Any]:
    hidden = [f for f in ("concern", "threshold", "stubbornness") if rng.random() < 0.5]
    return {
        "id": f"a{k}", "name": f"Organisation {k}", "type": _TYPES[k % len(_TYPES)],
        "speaker": {"name": f"Person {k}", "role": "Director"}, "briefing": "An actor.",
        "concern": "Money.", "power": round(float(rng.uniform(0.1, 1.0)), 3),
        "stance": round(float(rng.uniform(-0.8, 0.8)), 3), "stubbornness": round(float(rng.uniform(0.1, 0.9)), 3),
        "openness": round(float(rng.uniform(0.1, 1.0)), 3), "threshold": round(float(rng.uniform(0.2, 0.8)), 3),
        "trust_in_you": round(float(rng.uniform(0.1, 0.7)), 3), "anxiety": round(float(rng.uniform(0, 0.5)), 3),
        "hidden": hidden, "jitter": {"threshold": 0.1, "stance": 0.05},
        "voice": [{"line": "Not again.", "trust_below": 0.3}, {"line": "Go on."}],
        "authority": AUTHORITY_LEVELS[k % len(AUTHORITY_LEVELS)],
    }


def _system() -> dict[str, Any]:
    return {
        "params": {"surge": 0},
        "random_params": {"severity": {"low": 0.7, "high": 1.3}},
        "variables": {"discharge": "0.2*capacity*(1 + 0.5*mean_stance)"},
        "stocks": {"backlog": {"label": "Backlog", "unit": "people", "initial": 120, "min": 0, "max": 400, "good": "down"},
                   "capacity": {"label": "Capacity", "unit": "packages", "initial": 80, "min": 0, "max": 200, "good": "up"}},
        "flows": {"arrivals": {"expr": "18 + 14*surge*severity", "to": "backlog"},
                  "leaving": {"expr": "min(backlog, discharge)", "from": "backlog"},
                  "attrition": {"expr": "0.03*capacity*(1 + anxiety_mean)", "from": "capacity"}},
        "delays": {"recruitment": {"expr": "3 + 6*adoption_share", "to": "capacity", "time": 3, "order": 3}},
        "strain": "clip(backlog/250, 0, 1)",
    }


def _interventions() -> list[dict[str, Any]]:
    return [
        {"id": "listen", "name": "Listen", "kind": "inquiry", "description": "Listen.", "target": "actor",
         "effects": {"trust": 0.08, "reveal": 1, "anxiety": -0.05}},
        {"id": "convene", "name": "Convene", "kind": "dialogue", "description": "Convene.", "target": "group",
         "group_min": 3, "group_max": 4, "effects": {"holding": 0.12, "tie": 0.08, "relation": 0.06, "suspend": 0.1}},
        {"id": "broker", "name": "Broker", "kind": "connect", "description": "Introduce.", "target": "pair",
         "effects": {"tie": 0.25, "relation": 0.1, "reveal_ties": 1}},
        {"id": "pilot", "name": "Pilot", "kind": "experiment", "description": "Pilot.", "target": "group",
         "group_min": 2, "group_max": 3, "cooldown": 2, "delay": 2,
         "effects": {"stance": 0.1, "metric_scaled": {"backlog": -12}}},
        {"id": "direct", "name": "Direct", "kind": "directive", "description": "Instruct.", "target": "actor",
         "capital": 2, "beyond_authority": "incident", "effects": {"stance": 0.25, "trust": -0.08, "dependency": 0.1}},
        {"id": "escalate", "name": "Escalate", "kind": "escalate", "description": "Escalate.", "target": "all",
         "capital": 4, "cooldown": 3, "effects": {"stance_all": 0.12, "anxiety_all": 0.08, "dependency": 0.15}},
        {"id": "reflect", "name": "Reflect", "kind": "reflection", "description": "Pause.", "target": "none",
         "effects": {"capital": 1}},
        {"id": "fund", "name": "Fund", "kind": "resource", "description": "Fund capacity.", "target": "none",
         "capital": 3, "cooldown": 2, "effects": {"metric": {"capacity": 10}}},
    ]


def _events() -> list[dict[str, Any]]:
    return [
        {"id": "surge", "title": "Surge", "text": "Winter.", "when": "turn >= 4 and turn <= 8", "once": False,
         "effects": {"set": {"surge": 1}}},
        {"id": "calm", "title": "Calm", "text": "Spring.", "when": "turn > 8", "effects": {"set": {"surge": 0}}},
        {"id": "press", "title": "Press", "text": "A story.", "when": "anxiety_mean > 0.3", "chance": 0.25,
         "once": False, "cooldown": 2, "effects": {"anxiety_all": 0.05, "threat": 0.2}},
        {"id": "crisis", "title": "Crisis", "text": "Corridors.", "start": "backlog > 170", "stop": "backlog < 140",
         "effects": {"anxiety_all": 0.1, "threat": 0.3}, "while_active": {"threat": 0.05}},
        {"id": "beds", "title": "Beds?", "text": "Fund beds?", "when": "turn == 3",
         "choices": [{"id": "yes", "label": "Yes", "effects": {"metric": {"backlog": -20}, "trust_all": -0.02}},
                     {"id": "no", "label": "No", "effects": {"threat": 0.1}}]},
    ]
