"""Running many playthroughs in chunks, across processes, and handing results back in run order.

Chunk boundaries depend only on the work (never on the number of processes), and every
stream of runs is folded in run order, so a report is identical whatever ``--jobs`` is.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.runs import (
    GameRecord,
    PackIndex,
    play_fixed_script,
    play_full,
    play_late_command,
    play_outcome,
    run_seed,
)
from sysplay.simulate.scripts import FixedScript
from sysplay.simulate.variants import apply_nudge

#: Runs per chunk for ordinary personas, and for the slow look-ahead optimiser.
CHUNK = 10
SLOW_CHUNK = 2
#: Nudged packs a worker keeps built (each persona plays every nudged pack).
VARIANTS_KEPT = 4
#: Rough cost of one game relative to an ordinary persona's (for ordering work and the progress bar).
COST = {"optimiser": 12.0, "fixed": 0.7}


@dataclass(frozen=True)
class Task:
    """A chunk of runs ``start..stop-1`` of one stream.

    Attributes:
        stream: Which stream the runs belong to: ``main:<persona>``, ``ban:<persona>:<move>``,
            ``nudge:<persona>:<key>:<low|high>``, ``late``, ``hunt:...`` (see ``hunt``).
        mode: ``full`` (everything recorded), ``outcome`` (outcome and ending only), ``fixed``
            (a fixed script plays) or ``late`` (the late-command probe).
        persona: The persona that plays (unused for ``fixed`` and ``late``).
        seed: The batch seed; run ``k`` plays game seed ``run_seed(seed, k)``.
        ban: An intervention refused in every game of the chunk.
        nudge: ``(key, value)``: play a copy of the pack with that number changed.
        script: The fixed script played in ``fixed`` mode.
    """

    stream: str
    mode: str
    persona: str
    start: int
    stop: int
    seed: int
    ban: str | None = None
    nudge: tuple[str, float] | None = None
    script: FixedScript | None = None

    @property
    def games(self) -> int:
        """How many games the chunk plays."""
        return self.stop - self.start

    @property
    def cost(self) -> float:
        """Estimated cost, in ordinary games."""
        return self.games * COST.get("fixed" if self.mode == "fixed" else self.persona, 1.0)


@dataclass
class ChunkResult:
    """What a chunk produced, per run in run order (plus counters that add up exactly)."""

    stream: str
    start: int
    records: list[GameRecord] = field(default_factory=list)


def chunked(stream: str, mode: str, persona: str, runs: range, seed: int, **extra: Any) -> list[Task]:
    """Split a stream's runs into tasks of a fixed size."""
    size = SLOW_CHUNK if persona == "optimiser" else CHUNK
    return [Task(stream, mode, persona, k, min(k + size, runs.stop), seed, **extra)
            for k in range(runs.start, runs.stop, size)]


# ----- the worker side -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def install(source: str | None, pack: Pack | None) -> None:
    """Set up this process: load the pack (from its file when it has one) and index it."""
    if pack is None:
        from sysplay.scenarios.loader import load_pack

        assert source is not None
        pack = load_pack(source)
    _WORKER.clear()
    _WORKER.update(pack=pack, index=PackIndex.of(pack), variants={})


def _worker_init(source: str | None, pack: Pack | None, inherited: bool) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle (it cancels the batch), then install.

    A forked worker inherits the parent's installed pack (and everything worked out from it),
    so it has nothing to load.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not inherited:
        install(source, pack)


def _pack_for(task: Task) -> Pack:
    pack: Pack = _WORKER["pack"]
    if task.nudge is None:
        return pack
    cache: dict[tuple[str, float], Pack] = _WORKER["variants"]
    variant = cache.get(task.nudge)
    if variant is None:
        if len(cache) >= VARIANTS_KEPT:  # tasks of one nudge arrive close together; keep memory flat
            del cache[next(iter(cache))]
        variant = cache[task.nudge] = apply_nudge(pack, *task.nudge)
    return variant


def run_task(task: Task) -> ChunkResult:
    """Play every run of ``task`` in this process."""
    pack, idx = _pack_for(task), _WORKER["index"]
    out = ChunkResult(task.stream, task.start)
    for k in range(task.start, task.stop):
        game_seed = run_seed(task.seed, k)
        if task.mode == "full":
            rec = play_full(pack, idx, task.persona, game_seed)
        elif task.mode == "fixed":
            assert task.script is not None
            rec = play_fixed_script(pack, idx, task.script, game_seed)
        elif task.mode == "late":
            rec = play_late_command(pack, idx, game_seed)
        else:
            rec = play_outcome(pack, idx, task.persona, game_seed, task.ban)
        out.records.append(rec)
    return out


# ----- the parent side -------------------------------------------------------------------

Fold = Callable[[ChunkResult], None]
Progress = Callable[[float, float], None]


def cpu_jobs(jobs: int) -> int:
    """Worker processes for ``--jobs``: 0 means every core this process may use."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Workers:
    """The worker processes of one batch: started once and used for each of its phases.

    With ``jobs`` of 1 (or less) everything runs in this process. Where processes start by
    forking, the workers inherit the pack this process has installed; elsewhere each loads it
    from its file (or receives it pickled when it has none).
    """

    def __init__(self, jobs: int, pack: Pack) -> None:
        self.jobs = jobs
        self.pack = pack
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        install(None, self.pack)
        if self.jobs > 1:
            context = multiprocessing.get_context()
            inherited = context.get_start_method() == "fork"
            # A pack's file is enough unless the pack is a difficulty's variant of it: then send the variant.
            source = (str(self.pack.source_path) if self.pack.source_path is not None and not self.pack.preset_applied
                      else None)
            initargs = (None, None, True) if inherited else (source, None if source else self.pack, False)
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=_worker_init,
                                            initargs=initargs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def execute(tasks: list[Task], fold: Fold, *, workers: Workers, progress: Progress | None = None) -> None:
    """Run ``tasks`` and fold each stream's chunks in run order as soon as they are ready.

    Args:
        tasks: The chunks, each stream's in run order.
        fold: Called once per chunk, in run order within each stream.
        workers: Where to run them (an entered :class:`Workers`).
        progress: Called with (work done, total work) as chunks finish.
    """
    total = sum(t.cost for t in tasks) or 1.0
    done = 0.0
    pool = workers.pool
    if pool is None or len(tasks) <= 1:
        for t in tasks:
            fold(run_task(t))
            done += t.cost
            if progress:
                progress(done, total)
        return
    order = _Reorder(tasks, fold)
    # The slowest chunks go first, so no long chunk is left running alone at the end.
    running: dict[Future[ChunkResult], Task] = {
        pool.submit(run_task, t): t for t in sorted(tasks, key=lambda t: -COST.get(t.persona, 1.0))
    }
    try:
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                task = running.pop(fut)
                order.add(fut.result())
                done += task.cost
            if progress:
                progress(done, total)
    except BaseException:
        for fut in running:
            fut.cancel()
        raise


class _Reorder:
    """Holds chunks that arrive early until every earlier chunk of their stream has been folded."""

    def __init__(self, tasks: Iterable[Task], fold: Fold) -> None:
        self.fold = fold
        self.starts: dict[str, list[int]] = {}
        for t in tasks:
            self.starts.setdefault(t.stream, []).append(t.start)
        self.waiting: dict[tuple[str, int], ChunkResult] = {}

    def add(self, result: ChunkResult) -> None:
        self.waiting[(result.stream, result.start)] = result
        queue = self.starts[result.stream]
        while queue and (result.stream, queue[0]) in self.waiting:
            self.fold(self.waiting.pop((result.stream, queue.pop(0))))

