"""Fixed scripts: the same moves on the same turns whatever the seed, and standing dilemma answers.

A fixed script is what a walkthrough is: it never looks at the game. The answer-key hunt
(:mod:`sysplay.simulate.hunt`) builds them from personas' games, from cyclic checklists with
targets picked by simple rules, and by mutating the best so far; this module plays them and
writes them out as a choices file that ``sysplay run --choices`` plays the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sysplay.engine.game import Game
from sysplay.errors import RefusedMove
from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.vocab import VOICE_TYPES

#: One move of a script: an intervention's id and its targets.
Step = tuple[str, tuple[str, ...]]
#: Target rules for checklists, in the order their moves are listed.
RULES = ("powerful", "opposed", "trusting", "voices", "hostile_pair")


@dataclass(frozen=True)
class FixedScript:
    """Moves for every turn, and the answer to give each dilemma whenever it comes.

    Attributes:
        turns: One tuple of moves per turn, in diary order (turns past the end play no moves).
        answers: ``(dilemma id, choice id)`` pairs, sorted; a dilemma not named gets its first choice.
    """

    turns: tuple[tuple[Step, ...], ...]
    answers: tuple[tuple[str, str], ...] = ()

    @property
    def moves(self) -> int:
        """How many moves the script plans in all."""
        return sum(len(t) for t in self.turns)

    def answer_for(self, dilemma: str) -> str | None:
        """The standing answer to ``dilemma``, if the script gives one."""
        return next((c for d, c in self.answers if d == dilemma), None)


def play_fixed(g: Game, script: FixedScript) -> Game:
    """Play ``script`` on ``g`` to the end: each turn, answer any dilemma, plan the moves (a move
    refused on this seed is skipped, as a written checklist would be), end the turn.

    This is exactly what ``sysplay run --choices`` does with :func:`choices_yaml`'s file.
    """
    while not g.finished:
        turn = g.turn - 1
        waiting = g.pending_dilemma
        if waiting is not None:
            _answer(g, waiting, script.answer_for(waiting))
        for iv_id, targets in script.turns[turn] if turn < len(script.turns) else ():
            try:
                g.plan(iv_id, targets)
            except RefusedMove:
                continue
        g.end_turn()
    return g


def _answer(g: Game, dilemma: str, standing: str | None) -> None:
    """Give ``dilemma`` its standing answer; when that answer cannot be chosen on this seed (its
    requirement is not met), the first choice, as ``sysplay run --choices`` does."""
    first = g.pack.event(dilemma).choices[0].id
    if standing is not None and standing != first:
        try:
            g.answer(standing)
            return
        except RefusedMove:
            pass
    g.answer(first)


def normalised(pack: Pack, turns: list[list[Step]] | tuple[tuple[Step, ...], ...],
               answers: dict[str, str] | tuple[tuple[str, str], ...]) -> FixedScript:
    """A script of exactly the pack's number of turns (padded or cut), with sorted answers."""
    n = pack.meta.turns
    body = [tuple(t) for t in list(turns)[:n]]
    body += [()] * (n - len(body))
    pairs = answers.items() if isinstance(answers, dict) else answers
    return FixedScript(tuple(body), tuple(sorted(pairs)))


# ----- targets by simple rules, from the pack as written -----------------------------------------


def rankings(pack: Pack) -> dict[str, list[str]]:
    """Actor ids ranked by each rule, from the numbers as written (a script cannot read the game).

    ``powerful``: by power; ``opposed``: lowest stance first; ``trusting``: most trust in you
    first; ``voices``: community, patient, carer and voluntary-sector actors first (by power),
    then the rest; ``hostile_pair``: the two ends of the most hostile tie the player can see
    (any tie when none is visible), then the rest by power (empty when no tie is hostile).
    """
    order = {a.id: k for k, a in enumerate(pack.actors)}
    powerful = [a.id for a in sorted(pack.actors, key=lambda a: (-a.power, order[a.id]))]
    voices = [a for a in powerful if pack.actor(a).type in VOICE_TYPES]
    out = {
        "powerful": powerful,
        "opposed": [a.id for a in sorted(pack.actors, key=lambda a: (a.stance, order[a.id]))],
        "trusting": [a.id for a in sorted(pack.actors, key=lambda a: (-a.trust_in_you, order[a.id]))],
        "voices": voices + [a for a in powerful if a not in voices],
        "hostile_pair": [],
    }
    hostile = [r for r in pack.relationships if r.trust < 0 and r.source != r.target]
    seen = [r for r in hostile if not r.hidden] or hostile
    if seen:
        worst = min(seen, key=lambda r: (r.trust, order[r.source], order[r.target]))
        pair = [worst.source, worst.target]
        out["hostile_pair"] = pair + [a for a in powerful if a not in pair]
    return out


def _eligible(pack: Pack, iv: Intervention) -> list[str]:
    types = iv.target_types
    return [a.id for a in pack.actors if types is None or a.type in types]


def targets_by_rule(pack: Pack, iv: Intervention, ranked: list[str]) -> tuple[str, ...] | None:
    """Targets for ``iv`` taken from ``ranked`` (best first), or None when too few fit."""
    if iv.target in ("none", "all"):
        return ()
    allowed = set(_eligible(pack, iv))
    ok = [a for a in ranked if a in allowed]
    size = {"actor": 1, "pair": 2}.get(iv.target, min(iv.group_max, max(iv.group_min, 3)))
    return tuple(ok[:size]) if len(ok) >= size else None


def atoms(pack: Pack) -> list[Step]:
    """Every distinct move the rules give: each intervention with each rule's targets (pack order)."""
    ranks = rankings(pack)
    out: list[Step] = []
    for iv in pack.interventions:
        for rule in RULES:
            targets = targets_by_rule(pack, iv, ranks[rule]) if ranks[rule] else None
            if targets is not None and (iv.id, targets) not in out:
                out.append((iv.id, targets))
    return out


# ----- writing a script out ----------------------------------------------------------------------


def _id(value: str) -> str:
    """An id as a YAML scalar: ids are plain lower-case words, but three of them read as other types."""
    return f'"{value}"' if value in ("true", "false", "null") else value


def _step_yaml(step: Step) -> str:
    iv_id, targets = step
    if not targets:
        return f"{{do: {_id(iv_id)}}}"
    if len(targets) == 1:
        return f"{{do: {_id(iv_id)}, target: {_id(targets[0])}}}"
    return f"{{do: {_id(iv_id)}, target: [{', '.join(map(_id, targets))}]}}"


def choices_yaml(script: FixedScript, header: list[str] | None = None, label: str = "turn") -> str:
    """The script as a choices file for ``sysplay run PACK --choices FILE``: a comment names each
    turn, one move a line (ids only, so plain YAML)."""
    lines = [f"# {h}" for h in header or []]
    if script.answers:
        lines.append("answers:")
        lines += [f"  {_id(d)}: {_id(c)}" for d, c in script.answers]
    lines.append("turns:")
    for n, turn in enumerate(script.turns, 1):
        lines.append(f"  # {label} {n}")
        if not turn:
            lines.append("  - []")
        lines += [f"  {'- -' if i == 0 else '  -'} {_step_yaml(step)}" for i, step in enumerate(turn)]
    return "\n".join(lines) + "\n"


def rng_for(seed: int, *purpose: int) -> np.random.Generator:
    """A generator for the hunt, keyed by the batch seed and the step of the search (never by time)."""
    return np.random.default_rng([seed, 0x48554E54, *purpose])  # "HUNT"
