"""Small packs for simulation tests, written into tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

from sysplay.scenarios.loader import bundled_dir

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
    kind: resource
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
