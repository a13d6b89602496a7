"""Candidate fixed scripts for the answer-key hunt: personas' games, cyclic checklists, and mutations.

Every choice here is drawn from a generator keyed by the batch seed and the step of the search,
so the same batch always proposes the same candidates, in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sysplay.scenarios.models import Pack
from sysplay.simulate.runs import ScriptTurn
from sysplay.simulate.scripts import FixedScript, Step, atoms, normalised

#: The mutations hill-climbing uses (the first four are the issue's; adding and dropping a move
#: let a script with spare diary room grow into it, and one that overreaches shed a move).
MUTATIONS = ("swap a move", "change a target", "move it a turn", "change an answer", "add a move", "drop a move")
#: Turn-plans in a cyclic checklist: one to four, repeated through the game.
CYCLE_LENGTHS = (1, 2, 3, 4)


def from_game(pack: Pack, script: Sequence[ScriptTurn]) -> FixedScript:
    """A persona's game as a fixed script: its moves, turn by turn, and the first answer it gave each dilemma."""
    answers: dict[str, str] = {}
    for _moves, answer in script:
        if answer is not None:
            answers.setdefault(answer[0], answer[1])
    return normalised(pack, [list(moves) for moves, _answer in script], answers)


class Proposer:
    """Makes checklists and mutations for one pack.

    Attributes:
        steps: Every move the target rules give (see :func:`sysplay.simulate.scripts.atoms`).
        by_move: Those moves grouped by intervention, in pack order.
        dilemmas: Each dilemma's id and choice ids.
    """

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.steps = atoms(pack)
        self.by_move: dict[str, list[Step]] = {}
        for step in self.steps:
            self.by_move.setdefault(step[0], []).append(step)
        self.slots = {iv.id: iv.slots for iv in pack.interventions}
        self.per_turn = pack.meta.slots_per_turn
        self.dilemmas = [(ev.id, [c.id for c in ev.choices]) for ev in pack.events if ev.choices]

    # ----- checklists -----------------------------------------------------------------------------

    def checklist(self, rng: np.random.Generator) -> tuple[FixedScript, str]:
        """A cycle of one to four turn-plans repeated through the game, with random standing answers."""
        length = int(rng.choice(CYCLE_LENGTHS))
        plans = [self.turn_plan(rng) for _ in range(length)]
        turns = [plans[t % length] for t in range(self.pack.meta.turns)]
        answers = {d: choices[int(rng.integers(len(choices)))] for d, choices in self.dilemmas}
        what = "a checklist of one turn-plan, every turn" if length == 1 else \
            f"a checklist of {length} turn-plans in turn"
        return normalised(self.pack, turns, answers), what

    def turn_plan(self, rng: np.random.Generator) -> list[Step]:
        """A diary's worth of distinct moves: an intervention picked evenly, then one of its rule targets."""
        plan: list[Step] = []
        used = 0
        moves = list(self.by_move)
        for _ in range(4 * self.per_turn):
            if used >= self.per_turn or len(plan) >= self.per_turn + 2 or not moves:
                break
            options = self.by_move[moves[int(rng.integers(len(moves)))]]
            step = options[int(rng.integers(len(options)))]
            if step in plan or used + self.slots[step[0]] > self.per_turn:
                continue
            plan.append(step)
            used += self.slots[step[0]]
        return plan

    # ----- mutations ------------------------------------------------------------------------------

    def mutate(self, script: FixedScript, rng: np.random.Generator) -> tuple[FixedScript, str]:
        """One mutation of ``script`` (chosen evenly among those that apply); returns it and its name."""
        turns = [list(t) for t in script.turns]
        answers = dict(script.answers)
        kinds = [k for k in MUTATIONS if self._applies(k, turns)]
        kind = kinds[int(rng.integers(len(kinds)))]
        getattr(self, "_" + kind.replace(" ", "_"))(turns, answers, rng)
        return normalised(self.pack, turns, answers), kind

    def _applies(self, kind: str, turns: list[list[Step]]) -> bool:
        filled = any(turns)
        if kind == "change a target":
            return any(len(self.by_move.get(s[0], ())) > 1 for t in turns for s in t)
        if kind == "change an answer":
            return bool(self.dilemmas)
        if kind == "add a move":
            return bool(self.steps) and any(self._room(t) > 0 for t in turns)
        if kind == "move it a turn":
            return filled and len(turns) > 1
        return filled and (kind != "swap a move" or len(self.by_move) > 1)

    def _room(self, turn: list[Step]) -> int:
        return self.per_turn - sum(self.slots.get(s[0], 1) for s in turn)

    @staticmethod
    def _pick(turns: list[list[Step]], rng: np.random.Generator) -> tuple[int, int]:
        where = [(t, i) for t, turn in enumerate(turns) for i in range(len(turn))]
        return where[int(rng.integers(len(where)))]

    def _swap_a_move(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        t, i = self._pick(turns, rng)
        others = [m for m in self.by_move if m != turns[t][i][0]]
        options = self.by_move[others[int(rng.integers(len(others)))]]
        turns[t][i] = options[int(rng.integers(len(options)))]

    def _change_a_target(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        where = [(t, i) for t, turn in enumerate(turns) for i, s in enumerate(turn) if len(self.by_move.get(s[0], ())) > 1]
        t, i = where[int(rng.integers(len(where)))]
        options = [s for s in self.by_move[turns[t][i][0]] if s != turns[t][i]]
        turns[t][i] = options[int(rng.integers(len(options)))]

    def _move_it_a_turn(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        t, i = self._pick(turns, rng)
        to = t + (1 if t == 0 else -1 if t == len(turns) - 1 else int(rng.choice((-1, 1))))
        step = turns[t].pop(i)
        if self._room(turns[to]) >= self.slots.get(step[0], 1) or not turns[to]:
            turns[to].insert(int(rng.integers(len(turns[to]) + 1)), step)
        else:  # no room there: trade places with one of its moves
            j = int(rng.integers(len(turns[to])))
            turns[t].insert(i, turns[to][j])
            turns[to][j] = step

    def _change_an_answer(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        dilemma, choices = self.dilemmas[int(rng.integers(len(self.dilemmas)))]
        current = answers.get(dilemma, choices[0])
        others = [c for c in choices if c != current]
        answers[dilemma] = others[int(rng.integers(len(others)))]

    def _add_a_move(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        open_turns = [t for t, turn in enumerate(turns) if self._room(turn) > 0]
        t = open_turns[int(rng.integers(len(open_turns)))]
        step = self.steps[int(rng.integers(len(self.steps)))]
        turns[t].insert(int(rng.integers(len(turns[t]) + 1)), step)

    def _drop_a_move(self, turns: list[list[Step]], answers: dict[str, str], rng: np.random.Generator) -> None:
        t, i = self._pick(turns, rng)
        del turns[t][i]
