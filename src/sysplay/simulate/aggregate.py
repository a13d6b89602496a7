"""Streaming statistics: each game is folded in and forgotten, so memory stays flat as runs grow."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sysplay.scenarios.models import Pack
from sysplay.simulate.runs import METRICS, GameRecord, ScriptTurn

#: Fine histogram bins over [0, 1]: quantiles are read from these, to within half a bin (0.0025).
FINE_BINS = 200
#: Bins shown in reports (each the sum of FINE_BINS / SHOWN_BINS fine bins).
SHOWN_BINS = 20


@dataclass
class Welford:
    """Running mean and variance (Welford's method), exact to fold in run order."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: float) -> None:
        """Fold in one value."""
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)

    @property
    def sd(self) -> float:
        """Sample standard deviation (0 for fewer than two values)."""
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else 0.0


@dataclass
class OutcomeStats:
    """Outcome, good-ending share and endings of one stream of games."""

    outcome: Welford = field(default_factory=Welford)
    good: int = 0
    endings: Counter[str] = field(default_factory=Counter)

    def add(self, rec: GameRecord) -> None:
        """Fold in one game."""
        self.outcome.add(rec.outcome)
        self.good += rec.good
        self.endings[rec.ending] += 1

    @property
    def p_good(self) -> float:
        """Share of games that reached a good ending."""
        return self.good / self.outcome.n if self.outcome.n else 0.0


@dataclass
class SideStats(OutcomeStats):
    """A short stream (restricted play, a nudged number, a replay) that keeps each run's outcome.

    For differences paired seed by seed with the unchanged game (a few dozen runs at most).
    """

    values: list[float] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)

    def add(self, rec: GameRecord) -> None:
        """Fold in one game and keep its outcome (and count the moves it recorded, if any)."""
        super().add(rec)
        self.values.append(rec.outcome)
        self.actions.update(rec.actions)

    def paired(self, base: list[float]) -> tuple[float, float]:
        """(mean, standard error) of this stream's outcome minus ``base``'s, seed by seed."""
        diffs = [a - b for a, b in zip(self.values, base, strict=False)]
        acc = Welford()
        for d in diffs:
            acc.add(d)
        return acc.mean, acc.sd / math.sqrt(acc.n) if acc.n > 1 else 0.0


@dataclass
class PersonaStats(OutcomeStats):
    """Everything reported about one persona, folded game by game.

    Attributes:
        keep_first: How many of the first runs' outcomes to keep, as the baseline that restricted
            play and the sensitivity sweep compare against on the same seeds.
        keep_games: How many of the best games' move lists to keep (for the answer-key hunt).
    """

    keep_first: int = 0
    keep_games: int = 0
    hist: list[int] = field(default_factory=lambda: [0] * FINE_BINS)
    low: float = 1.0
    high: float = 0.0
    metrics: list[Welford] = field(default_factory=lambda: [Welford() for _ in METRICS])
    actions: Counter[str] = field(default_factory=Counter)
    first: list[float] = field(default_factory=list)
    first_good: list[bool] = field(default_factory=list)
    best: tuple[float, int] | None = None
    top: list[tuple[float, int, tuple[ScriptTurn, ...]]] = field(default_factory=list)

    def add_run(self, k: int, rec: GameRecord) -> None:
        """Fold in run ``k``."""
        self.add(rec)
        x = rec.outcome
        self.hist[min(FINE_BINS - 1, max(0, int(x * FINE_BINS)))] += 1
        self.low, self.high = min(self.low, x), max(self.high, x)
        for acc, value in zip(self.metrics, rec.metrics, strict=True):
            acc.add(value)
        self.actions.update(rec.actions)
        if k < self.keep_first:
            self.first.append(x)
            self.first_good.append(rec.good)
        if self.best is None or x > self.best[0]:
            self.best = (x, k)
        if self.keep_games and (len(self.top) < self.keep_games or x > self.top[-1][0]):
            self.top.append((x, k, rec.script))
            self.top.sort(key=lambda t: (-t[0], t[1]))  # best first; ties: the earlier run
            del self.top[self.keep_games:]

    @property
    def games(self) -> list[tuple[int, tuple[ScriptTurn, ...]]]:
        """The kept best games as (run, moves), best first."""
        return [(k, script) for _x, k, script in self.top]

    def quantile(self, q: float) -> float:
        """The ``q`` quantile of outcomes, read from the fine histogram (bin centre)."""
        n = self.outcome.n
        if not n:
            return 0.0
        need, seen = q * n, 0
        for b, count in enumerate(self.hist):
            seen += count
            if seen >= need and count:
                return (b + 0.5) / FINE_BINS
        return 1.0

    def shown_hist(self) -> list[int]:
        """Counts in :data:`SHOWN_BINS` equal bins over [0, 1]."""
        width = FINE_BINS // SHOWN_BINS
        return [sum(self.hist[i:i + width]) for i in range(0, FINE_BINS, width)]

    def action_share(self) -> dict[str, float]:
        """Share of this persona's moves that used each intervention."""
        total = sum(self.actions.values())
        return {k: v / total for k, v in self.actions.items()} if total else {}


def coverage_keys(pack: Pack) -> list[str]:
    """Every piece of content a batch can reach, in pack order, as coverage ids."""
    keys = [f"intervention:{iv.id}" for iv in pack.interventions]
    for ev in pack.events:
        keys.append(f"event:{ev.id}")
        keys.extend(f"choice:{ev.id}/{ch.id}" for ch in ev.choices)
    keys.extend(f"ending:{e.id}" for e in pack.endings)
    for a in pack.actors:
        keys.extend(f"voice:{a.id}#{n}" for n in range(1, len(a.voice) + 1))
    keys.extend(f"prompt:{p.id}" for p in pack.prompts)
    return keys
