"""Tiny hand-built states for the named rule tests: a pack built in code, its turn context, and a way to
set the numbers a rule reads.

Every rule test builds the smallest state that shows its rule, sets the numbers by hand, runs one
phase (or one function) and checks the result against the rule's formula written out with its
coefficients — so changing a coefficient breaks the test that names the rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sysplay.engine.game import Game
from sysplay.engine.turnctx import TurnContext
from sysplay.scenarios.models import Pack

#: Moves of every kind; effects are round numbers so expected values are easy to write by hand.
MOVES: list[dict[str, Any]] = [
    {"id": "listen", "name": "Listen", "kind": "inquiry", "description": "Listen.", "target": "actor",
     "effects": {"trust": 0.1}},
    {"id": "convene", "name": "Convene", "kind": "dialogue", "description": "Convene.", "target": "group",
     "group_min": 2, "group_max": 4, "effects": {"relation": 0.1, "holding": 0.1}},
    {"id": "broker", "name": "Broker", "kind": "connect", "description": "Introduce.", "target": "pair",
     "effects": {"relation": 0.1}},
    {"id": "pilot", "name": "Pilot", "kind": "experiment", "description": "Test.", "target": "group",
     "group_min": 2, "group_max": 3, "effects": {"stance": 0.1, "set": {"lever": 1}}},
    {"id": "offer", "name": "Offer", "kind": "advocate", "description": "Offer.", "target": "actor",
     "effects": {"stance": 0.1}},
    {"id": "fund", "name": "Fund", "kind": "resource", "description": "Fund.", "target": "actor",
     "effects": {"metric": {"queue": -10}}},
    {"id": "instruct", "name": "Instruct", "kind": "directive", "description": "Instruct.", "target": "actor",
     "capital": 1, "effects": {"stance": 0.2, "trust": -0.1}},
    {"id": "escalate", "name": "Escalate", "kind": "escalate", "description": "Escalate.", "target": "none",
     "effects": {"dependency": 0.1}},
    {"id": "reflect", "name": "Reflect", "kind": "reflection", "description": "Reflect.", "target": "none",
     "effects": {"capital": 1}},
]


def pack_data(n: int = 2, **changes: Any) -> dict[str, Any]:
    """The data of a tiny pack of ``n`` actors ``a0``…, each tied to the next (mutual, trust 0, strength 0.5).

    ``changes`` replace top-level sections (``engine``, ``events``, ``interventions``...); ``actors`` may
    be a list of per-actor overrides merged into the defaults.
    """
    actor_changes = changes.pop("actors", [{}] * n)
    actors = [{"id": f"a{k}", "name": f"Actor {k}", "type": "other", "speaker": {"name": f"P{k}", "role": "Lead"},
               "briefing": "An actor.", "power": 0.5, "stance": 0.0, "stubbornness": 0.5, "openness": 0.5,
               "threshold": 0.5, "trust_in_you": 0.5, "anxiety": 0.2, "authority": "contractual",
               **actor_changes[k]} for k in range(n)]
    data: dict[str, Any] = {
        "meta": {"id": "tiny", "title": "Tiny", "version": "1", "summary": "A tiny pack.", "author": "Tests",
                 "licence": "CC0", "turns": 6, "role": {"title": "Lead", "organisation": "Org", "briefing": "You."},
                 "situation": "Now."},
        "actors": actors,
        "relationships": [{"from": f"a{k}", "to": f"a{k + 1}", "trust": 0.0, "tie": 0.5} for k in range(n - 1)],
        "system": {"params": {"lever": 0.0}, "stocks": {"queue": {"label": "Queue", "initial": 50, "min": 0,
                                                                   "max": 100, "good": "down"}}},
        "interventions": MOVES,
        "endings": [{"id": "good", "title": "Good", "tone": "good", "when": "outcome >= 0.6", "text": "Good."},
                    {"id": "done", "title": "Done", "tone": "mixed", "text": "Done."}],
        "outcome": {"dimensions": [{"id": "calm", "label": "Calm", "expr": "1 - queue/100"}]},
        "engine": {"noise": 0, "luck": 0, "actors": {"initiative": 0}},
    }
    for key, value in changes.items():
        if key in ("engine", "meta", "system") and isinstance(value, dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def tiny_pack(n: int = 2, **changes: Any) -> Pack:
    """A validated tiny pack (see :func:`pack_data`)."""
    return Pack.model_validate(pack_data(n, **changes))


def tiny(n: int = 2, *, seed: int = 1, record: bool = True, **changes: Any) -> TurnContext:
    """A turn context for a new game of a tiny pack."""
    return TurnContext.start(tiny_pack(n, **changes), seed, record=record)


def game(n: int = 2, *, seed: int = 1, **changes: Any) -> Game:
    """A whole game of a tiny pack (for rules seen through a turn)."""
    return Game(tiny_pack(n, **changes), seed)


def set_tie(tc: TurnContext, a: int, b: int, trust: float, strength: float = 0.5, *, memory: float | None = None,
            both: bool = True) -> None:
    """Set the tie a -> b (and b -> a) by hand: trust, strength, and its memory (default: the trust)."""
    s = tc.state
    for i, j in ((a, b), (b, a)) if both else ((a, b),):
        s.R[i, j], s.T[i, j] = trust, strength
        s.R0[i, j] = trust if memory is None else memory
        s.tie_known[i, j] = True


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    """Whether two numbers agree to ``tol``."""
    return bool(abs(a - b) <= tol)


def arr(*values: float) -> np.ndarray:
    """A float array."""
    return np.array(values, dtype=float)
