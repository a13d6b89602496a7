"""One headless playthrough for a batch: cheap bookkeeping per turn, a small record per game."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from sysplay.engine.game import Game
from sysplay.engine.moves import Option, PlannedMove
from sysplay.engine.personas import play_turn
from sysplay.engine.view import voice_index
from sysplay.errors import RefusedMove
from sysplay.playthroughs.snapshot import triggered_prompts
from sysplay.scenarios.models import Intervention, Pack
from sysplay.scenarios.vocab import (
    ADVOCACY_KINDS,
    COMMAND_KINDS,
    ENABLING_KINDS,
    INQUIRY_KINDS,
    VOICE_TYPES,
)
from sysplay.simulate.scripts import FixedScript, play_fixed

#: Most runs per persona: game seeds are ``seed * RUN_SPAN + k``, so runs must stay below it.
RUN_SPAN = 1_000_000

#: Behaviour metrics measured on every playthrough, in report order.
METRICS = ("enabling_share", "inquiry_share", "voice_share", "reveal_rate", "directives")

#: A scripted turn: the moves planned, and the dilemma answer given at its start (if any).
ScriptTurn = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, str] | None]


def run_seed(seed: int, k: int) -> int:
    """The game seed of run ``k`` of a batch seeded ``seed`` (the same for every persona).

    Readable on purpose: run 17 of ``--seed 1`` is game seed 1000017, so a writer can watch it
    with ``sysplay run PACK --seed 1000017 --persona NAME``.
    """
    return seed * RUN_SPAN + k


class BannedGame(Game):
    """A game in which one intervention is refused, for restricted play ("how much does banning X hurt?")."""

    banned: str = ""

    def options(self) -> list[Option]:
        """The usual options, with the banned move shown as unavailable."""
        out = super().options()
        for opt in out:
            if opt.intervention.id == self.banned:
                opt.available, opt.reason = False, "banned for restricted play"
        return out

    def usable(self) -> list[Intervention]:
        """The usual usable moves, less the banned one."""
        return [iv for iv in super().usable() if iv.id != self.banned]

    def plan(self, intervention_id: str, targets: tuple[str, ...] | list[str] | str = ()) -> PlannedMove:
        """Refuse the banned move; otherwise plan as usual."""
        if intervention_id == self.banned:
            raise RefusedMove("requirement", f"'{intervention_id}' is banned for restricted play")
        return super().plan(intervention_id, targets)

    def clone(self, *, record: bool = False) -> Game:
        """A look-ahead copy that keeps the ban (personas that look ahead play by the same rules)."""
        twin = super().clone(record=record)
        twin.__class__ = BannedGame
        return twin


def new_game(pack: Pack, game_seed: int, ban: str | None = None) -> Game:
    """A game without the causal ledger, state hashes or a score every turn, with an optional banned move.

    Batches never explain or replay, and read the outcome only at the end.
    """
    if ban is None:
        return Game(pack, game_seed, record=False, hashing=False, scoring=False)
    g = BannedGame(pack, game_seed, record=False, hashing=False, scoring=False)
    g.banned = ban
    return g


@dataclass(frozen=True)
class PackIndex:
    """What a batch needs to know about a pack, worked out once per process."""

    kinds: dict[str, str]
    tones: dict[str, str]
    voice_actor: frozenset[str]
    hidden_total: int

    @classmethod
    def of(cls, pack: Pack) -> PackIndex:
        """Index ``pack``."""
        return cls(
            kinds={iv.id: iv.kind for iv in pack.interventions},
            tones={e.id: e.tone for e in pack.endings},
            voice_actor=frozenset(a.id for a in pack.actors if a.type in VOICE_TYPES),
            hidden_total=sum(len(a.hidden) for a in pack.actors),
        )


@dataclass
class GameRecord:
    """What one playthrough produced: the numbers a batch aggregates, and nothing it does not."""

    outcome: float
    ending: str
    good: bool
    metrics: tuple[float, ...] = ()
    actions: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    script: tuple[ScriptTurn, ...] = ()


def play_full(pack: Pack, idx: PackIndex, persona: str, game_seed: int) -> GameRecord:
    """Play one game with ``persona`` and record outcome, ending, behaviour metrics and content hits."""
    g = new_game(pack, game_seed)
    known_start = g.state.known.copy()
    actions: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    script: list[ScriptTurn] = []
    counts = {"moves": 0, "enabling": 0, "inquiry": 0, "advocacy": 0, "voice": 0, "directive": 0}
    actors = pack.actors
    top = int(np.argmax(g.state.power))
    while not g.finished:
        plan = play_turn(g, persona)
        r = g.end_turn()
        script.append((tuple(plan), r.answer))
        engaged: set[int] = set()
        for mv in r.moves:
            if mv.refused is not None:
                continue
            _count_move(idx, mv.intervention, mv.targets, counts, actions)
            engaged.update(g.index[t] for t in mv.targets)
        for fired in r.events:
            if fired.what in ("fired", "started"):
                hits["event:" + fired.event] += 1
        if r.answer is not None:
            hits[f"choice:{r.answer[0]}/{r.answer[1]}"] += 1
        for i in sorted(engaged) if engaged else (top,):
            if actors[i].voice:
                n = voice_index(g, i)
                if n is not None:
                    hits[f"voice:{actors[i].id}#{n + 1}"] += 1
    ending = g.state.ending or ""
    hits["ending:" + ending] += 1
    for prompt in triggered_prompts(g):
        hits["prompt:" + prompt.id] += 1
    for iv_id, n in actions.items():
        hits["intervention:" + iv_id] += n
    revealed = int((g.state.known & ~known_start).sum())
    return GameRecord(
        outcome=g.outcome().composite, ending=ending, good=idx.tones.get(ending) == "good",
        metrics=_metrics(counts, revealed, idx.hidden_total), actions=actions, hits=hits, script=tuple(script),
    )


def _count_move(idx: PackIndex, iv_id: str, targets: tuple[str, ...], counts: dict[str, int],
                actions: Counter[str]) -> None:
    kind = idx.kinds[iv_id]
    actions[iv_id] += 1
    counts["moves"] += 1
    counts["enabling"] += kind in ENABLING_KINDS
    counts["inquiry"] += kind in INQUIRY_KINDS
    counts["advocacy"] += kind in ADVOCACY_KINDS
    counts["directive"] += kind == "directive"  # instructions only (COMMAND_KINDS adds escalation)
    counts["voice"] += any(t in idx.voice_actor for t in targets)


def _metrics(c: dict[str, int], revealed: int, hidden_total: int) -> tuple[float, ...]:
    """The behaviour metrics, in :data:`METRICS` order."""
    moves = c["moves"]
    asked = c["inquiry"] + c["advocacy"]
    return (
        c["enabling"] / moves if moves else 0.0,
        c["inquiry"] / asked if asked else 0.0,
        c["voice"] / moves if moves else 0.0,
        revealed / hidden_total if hidden_total else 0.0,
        float(c["directive"]),
    )


def play_outcome(pack: Pack, idx: PackIndex, persona: str, game_seed: int, ban: str | None = None) -> GameRecord:
    """Play one game and record only its outcome and ending (restricted play and sensitivity)."""
    g = new_game(pack, game_seed, ban)
    while not g.finished:
        play_turn(g, persona)
        g.end_turn()
    ending = g.state.ending or ""
    return GameRecord(g.outcome().composite, ending, idx.tones.get(ending) == "good")


def play_fixed_script(pack: Pack, idx: PackIndex, script: FixedScript, game_seed: int) -> GameRecord:
    """Play a fixed script under ``game_seed`` (see :func:`sysplay.simulate.scripts.play_fixed`)."""
    g = play_fixed(new_game(pack, game_seed), script)
    ending = g.state.ending or ""
    return GameRecord(g.outcome().composite, ending, idx.tones.get(ending) == "good")


def late_command_from(pack: Pack) -> int:
    """The first turn of the game's last third (the late-command probe's first turn of command)."""
    return pack.meta.turns - pack.meta.turns // 3 + 1


def play_late_command(pack: Pack, idx: PackIndex, game_seed: int) -> GameRecord:
    """The coalition builder, with command added in the last third of the game.

    In the last third each turn starts with an escalation (when one is usable) and an instruction to
    the most opposed actor it may be aimed at.

    The coalition builder fills whatever diary room is left, so command takes the place of its
    least-wanted moves. Records which command moves were planned in ``actions``.
    """
    g = new_game(pack, game_seed)
    start = late_command_from(pack)
    opposed = pack.memo("opposed_order", lambda p: [a.id for a in sorted(p.actors, key=lambda a: a.stance)])
    added: Counter[str] = Counter()
    while not g.finished:
        if g.turn >= start:
            for kind in sorted(COMMAND_KINDS, reverse=True):  # the escalation, then the instruction
                opt = next((o for o in g.options() if o.available and o.intervention.kind == kind), None)
                if opt is None:
                    continue
                iv = opt.intervention
                targets: tuple[str, ...] = ()
                if iv.target not in ("none", "all"):
                    size = 1 if iv.target == "actor" else 2 if iv.target == "pair" else iv.group_min
                    targets = tuple(a for a in opposed if a in opt.targets)[:size]
                try:
                    g.plan(iv.id, targets)
                    added[iv.id] += 1
                except RefusedMove:
                    continue
        play_turn(g, "coalition_builder")
        g.end_turn()
    ending = g.state.ending or ""
    return GameRecord(g.outcome().composite, ending, idx.tones.get(ending) == "good", actions=added)
