"""A simulation batch from start to finish: plan the work, run it, and assemble the report."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sysplay.engine import PERSONAS
from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import PersonaStats, SideStats
from sysplay.simulate.batch import (
    COST,
    ChunkResult,
    Progress,
    Task,
    Workers,
    chunked,
    cpu_jobs,
    execute,
)
from sysplay.simulate.findings import ANALYST, assemble
from sysplay.simulate.hunt import Hunt, HuntBudget
from sysplay.simulate.runs import RUN_SPAN
from sysplay.simulate.variants import nudges

#: Runs the slow look-ahead optimiser plays when every persona is simulated.
OPTIMISER_RUNS = 20
MAX_SEED = 9_000_000_000_000
#: The hunt's default wall-clock cap, in seconds (``--hunt-seconds``), and its most candidates.
HUNT_SECONDS = 120.0
MAX_HUNT_CANDIDATES = 1_000_000
#: The most games a stream of runs may hold beyond the main runs (the hunt's seeds come after them).
HUNT_SEED_ROOM = 1_000


def _clamp(v: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, v))


@dataclass(frozen=True)
class Budget:
    """How many games each part of the analysis plays.

    Attributes:
        runs: Runs per persona (``--runs``).
        personas: The personas simulated.
        persona_runs: Runs each persona actually plays (the optimiser may play fewer).
        restricted_runs: Seeds per banned move in restricted play, per persona (0 or missing: not done).
        sensitivity_runs: Seeds per nudged number in the sensitivity sweep, per persona.
        late_runs: Seeds the late-command probe plays (0: not done; needs the coalition builder).
        hunt: The answer-key hunt's budget (None: no hunt).
    """

    runs: int
    personas: tuple[str, ...]
    persona_runs: dict[str, int]
    restricted_runs: dict[str, int] = field(default_factory=dict)
    sensitivity_runs: dict[str, int] = field(default_factory=dict)
    late_runs: int = 0
    hunt: HuntBudget | None = None

    @classmethod
    def plan(cls, runs: int, persona: str, *, hunt_candidates: int | None = None,
             hunt_seconds: float | None = HUNT_SECONDS) -> Budget:
        """The default budget for ``--runs`` and ``--persona`` (and the hunt's options)."""
        every = persona == "all"
        personas = tuple(PERSONAS) if every else (persona,)
        per = {p: min(runs, OPTIMISER_RUNS) if every and p == "optimiser" else runs for p in personas}
        restricted, sensitivity = {}, {}
        for p in personas:
            if per[p] < runs:  # the slow optimiser, sharing the batch: one seed of restricted play; its
                restricted[p], sensitivity[p] = 1, 0  # sweep alone would cost a fifth of the batch
            elif p == ANALYST:
                restricted[p], sensitivity[p] = _clamp(runs // 20, 5, 20), _clamp(runs // 30, 3, 8)
            else:
                restricted[p], sensitivity[p] = _clamp(runs // 40, 3, 10), _clamp(runs // 100, 2, 4)
            restricted[p], sensitivity[p] = min(per[p], restricted[p]), min(per[p], sensitivity[p])
        candidates = _clamp(round(runs * 0.6), 16, 120) if hunt_candidates is None else hunt_candidates
        return cls(
            runs=runs, personas=personas, persona_runs=per, restricted_runs=restricted, sensitivity_runs=sensitivity,
            late_runs=restricted.get(ANALYST, 0),
            hunt=HuntBudget(candidates=candidates, train_runs=_clamp(runs // 25, 4, 8),
                            holdout_runs=_clamp(runs // 4, 10, 50), finalists=5 if runs >= 50 else 3,
                            seconds=hunt_seconds) if candidates > 0 else None,
        )

    def keep_first(self, persona: str) -> int:
        """How many of ``persona``'s first runs' outcomes to keep as the baseline for its side streams."""
        late = self.late_runs if persona == ANALYST else 0
        return max(self.restricted_runs.get(persona, 0), self.sensitivity_runs.get(persona, 0), late)


def usage_problem(runs: int, persona: str, seed: int, jobs: int, hunt_candidates: int | None = None,
                  hunt_seconds: float | None = None) -> str | None:
    """Why these arguments cannot be simulated, or None when they can."""
    if not 1 <= runs <= RUN_SPAN - HUNT_SEED_ROOM:
        return f"--runs must be between 1 and {RUN_SPAN - HUNT_SEED_ROOM:,}"
    if hunt_candidates is not None and not 0 <= hunt_candidates <= MAX_HUNT_CANDIDATES:
        return f"--hunt-candidates must be between 0 (no hunt) and {MAX_HUNT_CANDIDATES:,}"
    if hunt_seconds is not None and not hunt_seconds > 0:
        return "--hunt-seconds must be more than 0"
    if persona != "all" and persona not in PERSONAS:
        return f"--persona must be one of {', '.join(PERSONAS)} or 'all', not {persona!r}"
    if not 0 <= seed <= MAX_SEED:
        return f"--seed must be between 0 and {MAX_SEED:,}"
    if jobs < 0:
        return "--jobs must be 0 (every core) or more"
    return None


@dataclass
class Simulation:
    """A finished batch: the report (JSON-ready, identical for any ``jobs``) and how long it took."""

    report: dict[str, Any]
    games: int
    seconds: float
    jobs: int
    pack: Pack | None = field(default=None, repr=False, compare=False)
    hunt_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        """Whole playthroughs per second of wall-clock time."""
        return self.games / self.seconds if self.seconds > 0 else 0.0


class _Folder:
    """Receives chunks in run order and folds them into the statistics."""

    def __init__(self, budget: Budget) -> None:
        keep_games = budget.hunt.replays if budget.hunt else 0
        self.personas = {p: PersonaStats(keep_first=budget.keep_first(p), keep_games=keep_games)
                         for p in budget.personas}
        self.side: dict[str, SideStats] = {}
        self.hits: Counter[str] = Counter()
        self.games = 0

    def __call__(self, res: ChunkResult) -> None:
        self.games += len(res.records)
        if res.stream.startswith("main:"):
            stats = self.personas[res.stream[5:]]
            for j, rec in enumerate(res.records):
                stats.add_run(res.start + j, rec)
                self.hits.update(rec.hits)
            return
        side = self.side.setdefault(res.stream, SideStats())
        for rec in res.records:
            side.add(rec)


def simulate(pack: Pack, *, runs: int = 200, persona: str = "all", seed: int = 1, jobs: int = 0,
             progress: Progress | None = None, budget: Budget | None = None) -> Simulation:
    """Simulate ``pack``: many seeded playthroughs per persona, then the balance analysis and the hunt.

    Args:
        pack: The loaded pack.
        runs: Runs per persona (the optimiser plays fewer when every persona runs).
        persona: A persona name, or ``"all"``.
        seed: The batch seed; run ``k`` of every persona plays game seed ``run_seed(seed, k)``.
        jobs: Worker processes; 0 means every core.
        progress: Called with (work done, total work) as the batch goes.
        budget: How many games each part plays (default: :meth:`Budget.plan` of ``runs`` and ``persona``).

    Raises:
        ValueError: for arguments :func:`usage_problem` rejects.
    """
    problem = usage_problem(runs, persona, seed, jobs)
    if problem:
        raise ValueError(problem)
    started = time.perf_counter()
    budget = budget or Budget.plan(runs, persona)
    workers = cpu_jobs(jobs)
    folder = _Folder(budget)
    hunt = Hunt(pack, budget.hunt, seed, budget.runs) if budget.hunt else None
    first = _first_tasks(pack, budget, seed) + (hunt.baseline_tasks(ANALYST) if hunt else [])
    first_cost = sum(t.cost for t in first)
    hunt_cost = _hunt_cost(budget)
    total = first_cost + hunt_cost

    def first_progress(done: float, _total: float) -> None:
        if progress:
            progress(done, total)

    def hunt_progress(share: float) -> None:
        if progress:
            progress(first_cost + hunt_cost * share, total)

    with Workers(min(workers, max(1, len(first))), pack) as pool:
        execute(first, folder, workers=pool, progress=first_progress)
        if hunt is not None:
            games = {name: st.games for name, st in folder.personas.items()}
            hunt.run(pool, games, hunt_progress)
    if progress:
        progress(total, total)
    hunt_block = hunt.report(folder.side.get("hunt:baseline"), ANALYST) if hunt else None
    report = assemble(pack, budget, seed, folder.personas, folder.side, folder.hits, hunt_block)
    return Simulation(report, folder.games + (hunt.games if hunt else 0), time.perf_counter() - started, workers,
                      pack, hunt.seconds if hunt else 0.0)


def _hunt_cost(budget: Budget) -> float:
    h = budget.hunt
    if h is None:
        return 0.0
    return COST["fixed"] * (h.candidates * h.train_runs + h.finalists * h.holdout_runs)


def _first_tasks(pack: Pack, budget: Budget, seed: int) -> list[Task]:
    tasks: list[Task] = []
    for p in budget.personas:
        tasks += chunked(f"main:{p}", "full", p, range(budget.persona_runs[p]), seed)
    for p in budget.personas:
        n = budget.restricted_runs.get(p, 0)
        for iv in pack.interventions if n else ():
            tasks += chunked(f"ban:{p}:{iv.id}", "outcome", p, range(n), seed, ban=iv.id)
    for nudge in nudges(pack):  # each nudged pack's games together, so a worker builds it once
        for side, value in (("low", nudge.low), ("high", nudge.high)):
            for p in budget.personas if value is not None else ():
                n = budget.sensitivity_runs.get(p, 0)
                if n:
                    tasks += chunked(f"nudge:{p}:{nudge.key}:{side}", "outcome", p, range(n), seed,
                                     nudge=(nudge.key, value))
    if budget.late_runs and ANALYST in budget.personas:
        tasks += chunked("late", "late", ANALYST, range(budget.late_runs), seed)
    return tasks
