"""`sysplay new`: scaffold a small pack that validates and plays, with comments that teach the format."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from sysplay.errors import SysplayError
from sysplay.fsutil import write_text_atomic
from sysplay.sanitize import clean_line
from sysplay.scenarios.schema import schema_text

TEMPLATE = """\
# yaml-language-server: $schema=./pack.schema.json
# A sysplay scenario pack. The full reference is docs/pack-format.md in the sysplay repository.
# Check it with:  sysplay validate {folder}
# Watch it play:  sysplay run {folder} --persona coalition_builder

meta:
  id: {pack_id}                     # lower-case letters, digits and underscores
  title: "{title}"
  version: "0.1.0"
  summary: "A neighbourhood team tries to join up care for people leaving hospital."
  author: "You"
  licence: "CC BY 4.0"
  turns: 8                        # how long the game lasts
  turn_label: week                # what a turn is called
  slots_per_turn: 2               # the leader's diary: moves per turn
  role:
    title: "Neighbourhood lead"
    organisation: "Eastfield primary care network (PCN)"
    seat: pcn                     # the kind of organisation you sit in
    briefing: "You have no authority over anyone here. You have a diary, some goodwill and a question."
  situation: >-
    People leaving Eastfield General wait days for support at home. Everyone agrees it matters;
    nobody agrees whose problem it is.
  learning_goals:
    - "Ask before you tell"

actors:                           # 2 or more organisations or groups
  - id: hospital
    name: "Eastfield General Hospital NHS Trust"
    type: acute_trust             # a closed list: see docs/pack-format.md
    speaker: {{name: "Sam Patel", role: "Director of Operations"}}
    briefing: "Runs the hospital. Beds are full."
    concern: "Another winter of corridor care."
    power: 0.8
    stance: -0.2                  # -1 against the shared agenda .. 1 for it
    stubbornness: 0.5
    openness: 0.4
    threshold: 0.5
    authority: convening          # what your role can require of them: none, convening, contractual, statutory
    hidden: [concern]             # the player learns this by listening
    voice:                        # the most specific line that holds is spoken
      - {{line: "We have heard this before.", trust_below: 0.3}}
      - {{line: "Show me it works at the front door."}}
  - id: council
    name: "Eastfield Council adult social care"
    type: council_asc
    speaker: {{name: "Jo Reid", role: "Head of Commissioning"}}
    briefing: "Buys home care. The market is thin."
    power: 0.7
    stance: 0.1
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.45
    authority: convening
    voice:
      - {{line: "We can only buy what exists."}}
  - id: carers
    name: "Eastfield Carers Network"
    type: carers
    speaker: {{name: "Ruth Adeyemi", role: "Coordinator"}}
    briefing: "A charity supporting unpaid carers."
    power: 0.2
    stance: 0.5
    stubbornness: 0.3
    openness: 0.7
    threshold: 0.3
    authority: convening
    voice:
      - {{line: "Nobody asks carers until it goes wrong."}}

relationships:                    # trust -1..1, tie strength 0..1; mutual unless mutual: false
  - {{from: hospital, to: council, trust: -0.3, tie: 0.6, history: "A row over discharge funding"}}
  - {{from: council, to: carers, trust: 0.4, tie: 0.4}}
  - {{from: hospital, to: carers, trust: 0.1, tie: 0.2, hidden: true}}

system:
  stocks:
    waiting: {{label: "People waiting to leave hospital", unit: people, initial: 40, min: 0, max: 150, good: down}}
  flows:                          # expressions: numbers, names, + - * /, comparisons, min/max/clip/abs
    arriving: {{expr: "8", to: waiting}}
    leaving: {{expr: "min(waiting, 6 + 6*adoption_share + 2*mean_stance)", from: waiting}}
  strain: "clip(waiting/100, 0, 1)"

interventions:
  - id: listen
    name: "One-to-one conversation"
    kind: inquiry
    description: "An hour with one leader, to listen."
    target: actor
    effects: {{trust: 0.08, reveal: 1, anxiety: -0.05}}
    text: {{attempt: "You ask {{target}} what worries them most.", outcome: "They talk; you mostly listen."}}
  - id: convene
    name: "Bring people round a table"
    kind: dialogue
    description: "A meeting with no agenda but the problem."
    target: group
    group_min: 2
    group_max: 3
    effects: {{holding: 0.12, tie: 0.08, relation: 0.06, suspend: 0.1}}
    text: {{attempt: "You bring {{target}} together."}}
  - id: pilot
    name: "Try something small together"
    kind: experiment
    description: "A two-week test of change."
    target: group
    group_min: 2
    group_max: 3
    cooldown: 2
    delay: 1
    effects: {{stance: 0.1, metric_scaled: {{waiting: -6}}}}
    text: {{attempt: "{{target}} agree to try something small."}}
  - id: instruct
    name: "Tell them what to do"
    kind: directive
    description: "Use your position."
    target: actor
    capital: 2
    beyond_authority: incident    # you have no authority to instruct anyone: you may try, and it will cost you
    effects: {{stance: 0.2, trust: -0.08, dependency: 0.1}}
    text: {{attempt: "You tell {{target}} what you expect."}}

events:
  - id: cold_snap
    title: "A cold snap"
    text: "Admissions rise."
    when: "turn >= 3 and turn <= 5"
    once: false
    effects: {{metric: {{waiting: 4}}, anxiety_all: 0.05}}

endings:                          # the first match wins; the last one here is the fallback
  # A score and its ending never contradict: a poor ending holds the score below good_at (0.6).
  - {{id: gridlock, title: "Gridlock", tone: poor, at: any, when: "waiting >= 140 and outcome < 0.6", text: "The hospital declares a critical incident."}}
  - {{id: joined_up, title: "Joined up", tone: good, when: "outcome >= 0.6", text: "People go home sooner, and the partners stay talking."}}
  - {{id: carry_on, title: "Carrying on", tone: mixed, text: "Some things moved; much did not."}}

outcome:
  dimensions:
    - {{id: service, label: "Service", expr: "1 - clip(waiting/120, 0, 1)", weight: 2}}
    - {{id: relationships, label: "Relationships", expr: "network_health"}}
    - {{id: voice, label: "Voice of carers", expr: "voice"}}
    - {{id: harm, label: "Harm done", expr: "harm", good: down}}

prompts:
  - {{id: told, when: "used_instruct > 1", text: "What did telling people buy you, and what did it cost?"}}
  - {{id: always, text: "Whom did you not hear from, and why?"}}
"""


def slug(name: str) -> str:
    """A pack id made from a name."""
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not s or not s[0].isalpha():
        s = f"pack_{s}".rstrip("_")
    return s[:40]


def scaffold(folder: Path) -> Path:
    """Create ``folder`` with a pack.yaml and the schema beside it.

    Raises:
        SysplayError: the folder already exists.
    """
    if not str(folder).isprintable():
        raise SysplayError(f"the name '{clean_line(str(folder))}' holds control characters; choose a plain name")
    if folder.exists():
        raise SysplayError(f"'{folder}' already exists; choose a new name")
    title = clean_line(folder.name.replace("_", " ").replace("-", " ")).strip().title()[:120] or "New pack"
    title = re.sub(r'["\\]', "'", title)
    # The folder appears in comments as a command to copy, quoted for the shell.
    shown = shlex.quote(str(folder))
    text = TEMPLATE.format(folder=shown, pack_id=slug(folder.name), title=title)
    write_text_atomic(folder / "pack.yaml", text)
    write_text_atomic(folder / "pack.schema.json", schema_text())
    return folder
