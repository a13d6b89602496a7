"""Small packs for simulation tests, written into tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

from sysplay.scenarios.paths import bundled_dir

#: A deliberately broken pack: one free move wins everything, one ending can never be reached,
#: and with no noise, no jitter and no chance the scripted personas' outcomes are fixed.
BROKEN = """\
format: 1
meta:
  id: broken
  title: "Broken <script>alert(1)</script> & co"
  version: "1"
  summary: A pack with a dominant move.
  author: Tests
  licence: CC0
  turns: 4
  slots_per_turn: 2
  role: {title: Lead, organisation: Org, briefing: You lead.}
  situation: It is raining.
actors:
  - id: alpha
    name: Alpha
    type: acute_trust
    speaker: {name: Ann, role: Chief}
    briefing: Alpha runs the hospital.
    power: 0.8
    stance: -0.3
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.5
    hidden: [threshold]
    voice:
      - {line: "Hello <b>there</b>."}
  - id: beta
    name: Beta
    type: carers
    speaker: {name: Bob, role: Head}
    briefing: Beta cares.
    power: 0.3
    stance: 0.2
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.5
    voice:
      - {line: "Hi."}
relationships:
  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}
system:
  stocks:
    queue: {label: Queue, initial: 80, min: 0, max: 100, good: down}
  flows:
    inflow: {expr: "6", to: queue}
interventions:
  - id: listen
    name: Listen
    kind: inquiry
    description: Listen to someone.
    target: actor
    cooldown: 1
    effects: {trust: 0.05, reveal: 1}
    text: {attempt: "You listen to {target}."}
  - id: magic
    name: Magic wand
    kind: directive
    description: Fixes everything, costs nothing.
    target: none
    effects: {metric: {queue: -40}}
    text: {attempt: "You wave the wand."}
endings:
  - {id: never, title: Never, tone: poor, when: "queue > 500", text: Impossible.}
  - {id: win, title: Win, tone: good, when: "queue < 40", text: Won.}
  - {id: done, title: Done, tone: mixed, text: The end.}
outcome:
  dimensions:
    - {id: calm, label: Calm, expr: "1 - clip(queue/100, 0, 1)"}
prompts:
  - {id: ask, text: What happened?}
engine:
  noise: 0
  luck: 0
  actors: {initiative: 0}
  stacey: {directive: [1, 1, 1, 1, 1]}   # the wand works whatever the situation: that is what makes it dominant
  bion: {directive: [1, 1, 1, 1]}
"""


def write_broken(folder: Path) -> Path:
    """The broken pack in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def copy_riverside(folder: Path) -> Path:
    """A writable copy of the bundled Riverside pack (so tests can edit its golden tests)."""
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    return folder


def _route_pack(pid: str, good_when: str, moves: str, dimension: str) -> str:
    return f"""\
format: 1
meta:
  id: {pid}
  title: Routes
  version: "1"
  summary: A pack for the answer-key hunt.
  author: Tests
  licence: CC0
  turns: 4
  slots_per_turn: 1
  role: {{title: Lead, organisation: Org, briefing: You lead.}}
  situation: Somewhere.
actors:
  - {{id: alpha, name: Alpha, type: acute_trust, speaker: {{name: Ann, role: Chief}}, briefing: Alpha.,
     power: 0.8, stance: 0.2, stubbornness: 0.5, openness: 0.5, threshold: 0.5}}
  - {{id: beta, name: Beta, type: carers, speaker: {{name: Bob, role: Head}}, briefing: Beta.,
     power: 0.3, stance: 0.4, stubbornness: 0.5, openness: 0.5, threshold: 0.5}}
system:
  random_params:
    route: {{low: 0, high: 1}}
  stocks:
    queue: {{label: Queue, initial: 50, min: 0, max: 100, good: down}}
interventions:
{moves}
endings:
  - {{id: win, title: Win, tone: good, when: "{good_when}", text: Won.}}
  - {{id: done, title: Done, tone: mixed, text: The end.}}
outcome:
  dimensions:
    - {{id: work, label: Work, expr: "{dimension}"}}
"""


def _fix(iv: str, when: str) -> str:
    return (f"  - {{id: {iv}, name: Fix {iv[-1].upper()}, kind: experiment, description: A fix., target: none,\n"
            f"     requires: [{{when: \"{when}\"}}], effects: {{metric: {{queue: -5}}}}}}\n")


_ROUTES = _fix("fix_a", "route < 0.333") + _fix("fix_b", "route >= 0.333 and route < 0.667") + _fix("fix_c", "route >= 0.667")
_FIXES = "used_fix_a + used_fix_b + used_fix_c"

#: No fixed script can win here: which fix works depends on the seed (a random parameter), a turn
#: spent on the wrong one is wasted, and a good ending needs three fixes in four turns. A player
#: who looks (the coalition builder takes whichever fix is usable) wins every time.
NO_KEY = _route_pack("no_key", f"{_FIXES} >= 3", _ROUTES.rstrip("\n"), f"clip(({_FIXES})/4, 0, 1)")

#: As NO_KEY, but no game can ever reach the good ending: gates that need one are "not checked".
NOTHING_WINS = _route_pack("nothing_wins", "turn > 99", _ROUTES.rstrip("\n"), f"clip(({_FIXES})/4, 0, 1)")

#: A built-in answer key: two audits and two rounds of funding, in any order, win whatever the seed,
#: and no persona plays that way (the adaptive ones talk; the heroic one funds and never audits).
KEY = _route_pack("key", "used_audit >= 2 and used_fund >= 2", """\
  - {id: talk, name: Talk, kind: inquiry, description: Talk., target: actor, effects: {trust: 0.05}}
  - {id: audit, name: Audit, kind: reflection, description: Audit., target: none, effects: {capital: 1}}
  - {id: fund, name: Fund, kind: resource, description: Fund., target: none, effects: {metric: {queue: -5}}}""",
    "0.2*clip(used_talk/4, 0, 1) + 0.4*min(1, used_audit/2) + 0.4*min(1, used_fund/2) - 0.1*route")


def write_pack(folder: Path, text: str) -> Path:
    """A pack from ``text`` in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder
