"""A simulation batch from start to finish: plan the work, run it, and assemble the report."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sysplay.engine.personas import PERSONAS
from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import PersonaStats, SideStats
from sysplay.simulate.batch import ChunkResult, Progress, Task, Workers, chunked, cpu_jobs, execute
from sysplay.simulate.findings import ANALYST, assemble
from sysplay.simulate.runs import RUN_SPAN
from sysplay.simulate.variants import nudges

#: Runs the slow look-ahead optimiser plays when every persona is simulated.
OPTIMISER_RUNS = 20
MAX_SEED = 9_000_000_000_000


def _clamp(v: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, v))


@dataclass(frozen=True)
class Budget:
    """How many games each part of the analysis plays.

    Attributes:
        runs: Runs per persona (``--runs``).
        personas: The personas simulated.
        persona_runs: Runs each persona actually plays (the optimiser may play fewer).
        restricted_runs: Seeds per banned move in restricted play (0: not done).
        sensitivity_runs: Seeds per nudged number in the sensitivity sweep (0: not done).
        script_runs: Other seeds the best run's move list is replayed under.
    """

    runs: int
    personas: tuple[str, ...]
    persona_runs: dict[str, int]
    restricted_runs: int
    sensitivity_runs: int
    script_runs: int

    @classmethod
    def plan(cls, runs: int, persona: str) -> Budget:
        """The default budget for ``--runs`` and ``--persona``."""
        every = persona == "all"
        personas = tuple(PERSONAS) if every else (persona,)
        per = {p: min(runs, OPTIMISER_RUNS) if every and p == "optimiser" else runs for p in personas}
        analyse = ANALYST in personas
        return cls(
            runs=runs, personas=personas, persona_runs=per,
            restricted_runs=min(runs, _clamp(runs // 20, 5, 20)) if analyse else 0,
            sensitivity_runs=min(runs, _clamp(runs // 30, 3, 8)) if analyse else 0,
            script_runs=_clamp(runs // 4, 10, 50),
        )


def usage_problem(runs: int, persona: str, seed: int, jobs: int) -> str | None:
    """Why these arguments cannot be simulated, or None when they can."""
    if not 1 <= runs < RUN_SPAN:
        return f"--runs must be between 1 and {RUN_SPAN - 1:,}"
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

    @property
    def per_second(self) -> float:
        """Whole playthroughs per second of wall-clock time."""
        return self.games / self.seconds if self.seconds > 0 else 0.0


class _Folder:
    """Receives chunks in run order and folds them into the statistics."""

    def __init__(self, budget: Budget) -> None:
        keep = max(budget.restricted_runs, budget.sensitivity_runs)
        self.personas = {p: PersonaStats(keep_first=keep if p == ANALYST else 0) for p in budget.personas}
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
    """Simulate ``pack``: many seeded playthroughs per persona, then the balance analysis.

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
    first = _first_tasks(pack, budget, seed)
    tail = budget.script_runs * 0.4
    total = sum(t.cost for t in first) + tail

    def first_progress(done: float, _total: float) -> None:
        if progress:
            progress(done, total)

    with Workers(min(workers, len(first)), pack) as pool:
        execute(first, folder, workers=pool, progress=first_progress)
        best = _best_run(folder)
        if best is not None:
            script = best[2]
            ks = range(budget.runs, budget.runs + budget.script_runs)
            done = total - tail

            def tail_progress(d: float, t: float) -> None:
                if progress:
                    progress(done + tail * d / t, total)

            execute(chunked("script", "script", "", ks, seed, script=script), folder, workers=pool,
                    progress=tail_progress)
    report = assemble(pack, budget, seed, folder.personas, folder.side, folder.hits, best)
    return Simulation(report, folder.games, time.perf_counter() - started, workers, pack)


def _first_tasks(pack: Pack, budget: Budget, seed: int) -> list[Task]:
    tasks: list[Task] = []
    for p in budget.personas:
        tasks += chunked(f"main:{p}", "full", p, range(budget.persona_runs[p]), seed)
    if budget.restricted_runs:
        for iv in pack.interventions:
            tasks += chunked(f"ban:{iv.id}", "outcome", ANALYST, range(budget.restricted_runs), seed, ban=iv.id)
    if budget.sensitivity_runs:
        for n in nudges(pack):
            for side, value in (("low", n.low), ("high", n.high)):
                if value is not None:
                    tasks += chunked(f"nudge:{n.key}:{side}", "outcome", ANALYST, range(budget.sensitivity_runs),
                                     seed, nudge=(n.key, value))
    return tasks


def _best_run(folder: _Folder) -> tuple[str, int, Any, float] | None:
    """(persona, run, script, outcome) of the best game of the batch (ties: persona order, then run)."""
    best = None
    for name, stats in folder.personas.items():
        if stats.best is not None and (best is None or stats.best[0] > best[3]):
            best = (name, stats.best[1], stats.best[2], stats.best[0])
    return best
