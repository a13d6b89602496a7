"""The answer-key hunt: a search for a fixed script that does as well as adaptive play.

Candidates are every persona's best games replayed verbatim, cyclic checklists of one to four
turn-plans with targets picked by simple rules, and hill-climbing mutations of the best so far.
Each is scored on training seeds; the best few are re-scored on seeds kept apart from the search,
beside the coalition builder on those same seeds.

Determinism: the search is budgeted in candidates, proposed in fixed-size generations from a
generator keyed by the batch seed, and every generation's results are folded in candidate order,
so the same batch finds the same script whatever ``--jobs`` is. The wall-clock cap
(``--hunt-seconds``) is checked only between generations; when it stops a search early the report
says so, and that report depends on the machine's speed (the price of a cap in seconds).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import SideStats
from sysplay.simulate.batch import CHUNK, ChunkResult, Task, Workers, execute
from sysplay.simulate.candidates import Proposer, from_game
from sysplay.simulate.runs import ScriptTurn, run_seed
from sysplay.simulate.scripts import FixedScript, choices_yaml, rng_for

#: The gate: the best fixed script must reach a good ending in under this share of unseen seeds...
KEY_P_GOOD = 0.60
#: ... and average below the coalition builder's mean on those seeds by at least this much.
KEY_MARGIN = 0.02
#: How much a good ending adds to a candidate's score in the search (on top of its mean outcome).
GOOD_WEIGHT = 0.25
#: Candidates per generation of hill-climbing, and the parents (the best so far) they come from.
GENERATION = 8
BEAM = 3
#: Share of the budget left after the replays that goes to checklists (the rest climbs).
CHECKLIST_SHARE = 0.4


@dataclass(frozen=True)
class HuntBudget:
    """How hard the hunt searches.

    Attributes:
        candidates: Candidate scripts scored on the training seeds (0: no hunt).
        train_runs: Training seeds each candidate plays.
        holdout_runs: Unseen seeds each finalist plays (beside the coalition builder).
        finalists: Best candidates re-scored on the unseen seeds.
        replays: Best games of each persona replayed verbatim.
        seconds: A wall-clock cap on the search (None: none); checked between generations.
    """

    candidates: int
    train_runs: int
    holdout_runs: int
    finalists: int = 5
    replays: int = 3
    seconds: float | None = None


@dataclass
class Candidate:
    """A scored candidate: its script, where it came from, and its training (and unseen) results."""

    cid: int
    script: FixedScript
    origin: str
    train: SideStats = field(default_factory=SideStats)
    holdout: SideStats | None = None

    @property
    def score(self) -> float:
        """What the search climbs: mean outcome, plus :data:`GOOD_WEIGHT` times the good-ending share."""
        return fitness(self.train)


def fitness(st: SideStats) -> float:
    """A stream's search score."""
    return st.outcome.mean + GOOD_WEIGHT * st.p_good


def is_key(st: SideStats, baseline: float) -> bool:
    """Whether a fixed script's unseen-seed results fail the gate (an answer key)."""
    return st.p_good >= KEY_P_GOOD or st.outcome.mean >= baseline - KEY_MARGIN


class Hunt:
    """One hunt over one pack.

    Args:
        pack: The pack.
        budget: How hard to search.
        seed: The batch seed.
        train_from: The run number of the first training seed (seeds kept apart from the main runs).
    """

    def __init__(self, pack: Pack, budget: HuntBudget, seed: int, train_from: int) -> None:
        self.pack, self.budget, self.seed = pack, budget, seed
        self.train = range(train_from, train_from + budget.train_runs)
        self.holdout = range(self.train.stop, self.train.stop + budget.holdout_runs)
        self.proposer = Proposer(pack)
        self.candidates: list[Candidate] = []
        self.seen: set[FixedScript] = set()
        self.stopped_by = "candidates"
        self.counts = {"replays": 0, "checklists": 0, "climbs": 0}
        self.started = 0.0
        #: Games played and wall-clock seconds taken (for the text report, never the JSON).
        self.games = 0
        self.seconds = 0.0

    # ----- the search -----------------------------------------------------------------------------

    def run(self, pool: Workers, games: Mapping[str, Sequence[tuple[int, tuple[ScriptTurn, ...]]]],
            progress: Callable[[float], None] | None = None) -> None:
        """Search: replays, then checklists, then hill-climbing, within the budget; then the finalists.

        Args:
            pool: Where games are played.
            games: Each persona's best games, ``(run, moves)``, best first.
            progress: Called with the share of the hunt done so far.
        """
        self.started = time.perf_counter()
        total = self.budget.candidates
        replays = [(from_game(self.pack, moves), f"{name}'s run {run} replayed verbatim")
                   for name, kept in games.items() for run, moves in kept]
        self._score(replays[:total], "replays", pool, progress)
        left = total - len(self.candidates)
        n_check = min(left, max(1, round(left * CHECKLIST_SHARE))) if left > 0 else 0
        step = 0
        while self._room(n_check, "checklists"):
            step += 1
            rng = rng_for(self.seed, 1, step)
            batch = [self.proposer.checklist(rng) for _ in range(min(2 * GENERATION, n_check - self.counts["checklists"]))]
            if not self._score(batch, "checklists", pool, progress):
                break
        generation = 0
        while self._room(total - len(self.candidates), "climbs", absolute=True):
            generation += 1
            if not self._score(self._mutants(generation, total - len(self.candidates)), "climbs", pool, progress):
                break
        self._finalists(pool)
        self.seconds = time.perf_counter() - self.started

    def _room(self, limit: int, source: str, absolute: bool = False) -> bool:
        """Whether the budget and the clock allow another batch from ``source``."""
        left = limit if absolute else limit - self.counts[source]
        if left <= 0:
            return False
        cap = self.budget.seconds
        if cap is not None and time.perf_counter() - self.started >= cap:
            self.stopped_by = "seconds"
            return False
        return True

    def _mutants(self, generation: int, limit: int) -> list[tuple[FixedScript, str]]:
        parents = self.ranked()[:BEAM]
        if not parents:
            return []
        rng = rng_for(self.seed, 2, generation)
        out: list[tuple[FixedScript, str]] = []
        fresh: set[FixedScript] = set()
        for i in range(40 * GENERATION):
            if len(out) >= min(GENERATION, limit):
                break
            parent = parents[i % len(parents)]
            child, what = self.proposer.mutate(parent.script, rng)
            if rng.random() < 0.3:
                child, more = self.proposer.mutate(child, rng)
                what += ", " + more
            if child not in self.seen and child not in fresh:
                fresh.add(child)
                out.append((child, f"candidate {parent.cid} with: {what}"))
        return out

    def _score(self, batch: list[tuple[FixedScript, str]], source: str, pool: Workers,
               progress: Callable[[float], None] | None) -> bool:
        """Score a batch of (script, origin) on the training seeds; False when it held nothing new."""
        fresh: list[Candidate] = []
        for script, origin in batch:
            if script in self.seen:
                continue
            self.seen.add(script)
            cand = Candidate(len(self.candidates) + len(fresh), script, origin)
            fresh.append(cand)
        if not fresh:
            return False
        tasks = [Task(f"hunt:{c.cid}", "fixed", "", self.train.start, self.train.stop, self.seed, script=c.script)
                 for c in fresh]
        by_id = {f"hunt:{c.cid}": c for c in fresh}

        def fold(res: ChunkResult) -> None:
            self.games += len(res.records)
            for rec in res.records:
                by_id[res.stream].train.add(rec)

        execute(tasks, fold, workers=pool)
        self.candidates += fresh
        self.counts[source] += len(fresh)
        if progress:
            progress(min(1.0, len(self.candidates) / max(1, self.budget.candidates)))
        return True

    def ranked(self) -> list[Candidate]:
        """Candidates by training score, best first (ties: the earlier candidate)."""
        return sorted(self.candidates, key=lambda c: (-c.score, c.cid))

    def _finalists(self, pool: Workers) -> None:
        finalists = self.ranked()[:self.budget.finalists]
        tasks: list[Task] = []
        for c in finalists:
            c.holdout = SideStats()
            for k in range(self.holdout.start, self.holdout.stop, CHUNK):
                tasks.append(Task(f"holdout:{c.cid}", "fixed", "", k, min(k + CHUNK, self.holdout.stop), self.seed,
                                  script=c.script))
        by_id = {f"holdout:{c.cid}": c for c in finalists}

        def fold(res: ChunkResult) -> None:
            self.games += len(res.records)
            st = by_id[res.stream].holdout
            assert st is not None
            for rec in res.records:
                st.add(rec)

        execute(tasks, fold, workers=pool)

    # ----- the report -----------------------------------------------------------------------------

    def baseline_tasks(self, persona: str) -> list[Task]:
        """The games of ``persona`` on the unseen seeds, to compare the finalists with."""
        return [Task("hunt:baseline", "outcome", persona, k, min(k + CHUNK, self.holdout.stop), self.seed)
                for k in range(self.holdout.start, self.holdout.stop, CHUNK)]

    def report(self, baseline: SideStats | None, persona: str) -> dict[str, Any]:
        """The hunt's block of the simulation report."""
        base = baseline.outcome.mean if baseline is not None and baseline.outcome.n else None
        finals = [c for c in self.ranked() if c.holdout is not None]
        rows = [self._row(c, base) for c in finals]
        keys = [r for r in rows if r["answer_key"]]
        best = max(keys or rows, key=lambda r: (r["holdout"]["score"], -r["candidate"]), default=None)
        if best is not None:
            c = next(c for c in finals if c.cid == best["candidate"])
            best = dict(best, script=_script_json(c.script), choices=self.choices_file(c, base))
        return {
            "candidates": self.budget.candidates, "scored": len(self.candidates), "stopped_by": self.stopped_by,
            "seconds_cap": self.budget.seconds, "sources": dict(self.counts),
            "train_runs": len(self.train), "holdout_runs": len(self.holdout),
            "first_train_seed": run_seed(self.seed, self.train.start),
            "first_holdout_seed": run_seed(self.seed, self.holdout.start),
            "thresholds": {"p_good": KEY_P_GOOD, "margin": KEY_MARGIN, "good_weight": GOOD_WEIGHT},
            "baseline": None if base is None or baseline is None else
            {"persona": persona, "mean_outcome": _r6(base), "p_good": _r6(baseline.p_good)},
            "finalists": rows, "best": best, "answer_key": bool(keys),
            "good_seen": any(c.train.good for c in self.candidates) or any(c.holdout and c.holdout.good for c in finals),
        }

    def _row(self, c: Candidate, base: float | None) -> dict[str, Any]:
        h = c.holdout
        assert h is not None
        return {
            "candidate": c.cid, "origin": c.origin, "moves": c.script.moves,
            "train": {"mean_outcome": _r6(c.train.outcome.mean), "p_good": _r6(c.train.p_good), "score": _r6(c.score)},
            "holdout": {"mean_outcome": _r6(h.outcome.mean), "p_good": _r6(h.p_good), "score": _r6(fitness(h)),
                        "endings": {e: _r6(n / h.outcome.n) for e, n in sorted(h.endings.items())}},
            "answer_key": base is not None and is_key(h, base),
        }

    def choices_file(self, c: Candidate, base: float | None) -> str:
        """The candidate as a choices file, with a header saying what it did and how to play it."""
        h = c.holdout
        assert h is not None
        first = run_seed(self.seed, self.holdout.start)
        versus = f"; coalition_builder {base:.3f} on the same seeds" if base is not None else ""
        return choices_yaml(c.script, [
            f"A fixed script found by `sysplay simulate --seed {self.seed}` ({c.origin}).",
            f"On {h.outcome.n} unseen seeds: good ending {h.p_good:.0%}, mean outcome {h.outcome.mean:.3f}{versus}.",
            f"Play it: sysplay run {self.pack.meta.id} --seed {first} --choices FILE",
            "A move the game refuses on a seed is skipped there; 'answers' answer each dilemma whenever it comes.",
        ], self.pack.meta.turn_label)


def _r6(x: float) -> float:
    return round(float(x), 6) + 0.0


def _script_json(script: FixedScript) -> dict[str, Any]:
    return {"turns": [[{"do": iv, "target": list(t)} for iv, t in turn] for turn in script.turns],
            "answers": dict(script.answers)}
