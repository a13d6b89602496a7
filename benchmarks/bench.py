"""sysplay benchmarks: pack loading, turn steps at several sizes, whole games, side by side in one run.

Run from the project root:  python benchmarks/bench.py [--quick] [--json]
Ratios are measured in the same process, interleaved, so a noisy machine affects both sides alike.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import sysplay
from sysplay.engine.game import Game
from sysplay.engine.personas import play_turn
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir, bundled_ids
from sysplay.simulate.synthetic import synthetic_pack


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def pack_files(pack_id: str) -> list[Path]:
    """Every YAML file of a bundled pack."""
    return sorted((bundled_dir() / pack_id).glob("*.yaml"))


def bench_load(repeat: int) -> dict[str, float]:
    """Load+validate the largest bundled pack against bare CSafeLoader on the same files."""
    largest = max(bundled_ids(), key=lambda p: sum(f.stat().st_size for f in pack_files(p)))
    files = pack_files(largest)

    def bare() -> None:
        for f in files:
            yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - the baseline we compare against

    def ours() -> None:
        load_pack(bundled_dir() / largest)

    bare(), ours()
    b, o = [], []
    for _ in range(repeat):  # interleaved, so drift hits both
        b += timed(bare, 1)
        o += timed(ours, 1)
    mb, mo = statistics.median(b), statistics.median(o)
    return {"pack": largest, "bytes": sum(f.stat().st_size for f in files), "bare_ms": mb * 1e3,
            "load_ms": mo * 1e3, "ratio": mo / mb}


def _fixed_moves(g: Game) -> None:
    if g.pending_dilemma:
        g.answer(g.pack.event(g.pending_dilemma).choices[0].id)
    for iv_id, targets in (("listen", ("a1",)), ("broker", ("a2", "a3")), ("reflect", ())):
        g.plan(iv_id, targets)


def bench_steps(sizes: list[int], turns: int, rounds: int = 3) -> list[dict[str, float]]:
    """Median turn step (three moves, every phase, hash) at each size, with and without the ledger.

    Each round plays several games per size (different seeds, the two modes interleaved game by
    game) and takes the median over every turn; the rounds go round the sizes in turn. A shared
    machine's slow spells come and go within seconds, so the figures are the best round (what the
    machine does when nothing else is running) with the median round beside them.
    """
    samples: dict[tuple[int, bool], list[float]] = {}
    packs = {n: synthetic_pack(n, degree=6, seed=1, turns=turns) for n in sizes}
    for _ in range(rounds):
        for n in sizes:
            steps: dict[bool, list[float]] = {False: [], True: []}
            for seed in range(1, 1 + (5 if n <= 100 else 3 if n <= 500 else 1)):
                for record in (False, True):
                    g = Game(packs[n], seed=seed, record=record)
                    while not g.finished:
                        _fixed_moves(g)
                        t0 = time.perf_counter()
                        g.end_turn()
                        steps[record].append(time.perf_counter() - t0)
            for record in (False, True):
                samples.setdefault((n, record), []).append(statistics.median(steps[record]) * 1e3)
    rows = []
    for n in sizes:
        ties = sum(2 for _ in packs[n].relationships)
        plain, ledger = samples[(n, False)], samples[(n, True)]
        rows.append({"actors": n, "ties": ties, "step_ms": min(plain), "step_ms_median_round": statistics.median(plain),
                     "step_ms_ledger": min(ledger), "us_per_tie": min(plain) * 1e3 / max(1, ties)})
    return rows


def _game(pack: sysplay.Pack, player: str, record: bool) -> None:
    """Play one game of ``pack``: ``script`` makes one move a turn; otherwise a persona plays."""
    first = next(iv.id for iv in pack.interventions if iv.target == "actor")
    g = Game(pack, seed=3, record=record)
    while not g.finished:
        if player == "script":
            if g.pending_dilemma:
                g.answer(g.pack.event(g.pending_dilemma).choices[0].id)
            g.plan(first, (pack.actors[0].id,))
        else:
            play_turn(g, player)
        g.end_turn()


def bench_games(repeat: int) -> list[dict[str, object]]:
    """Whole games of each bundled pack: one move a turn (with and without the ledger), and personas."""
    rows: list[dict[str, object]] = []
    for pid in bundled_ids():
        pack = load_pack(pid)
        for player, record in (("script", False), ("script", True), ("coalition_builder", False),
                               ("random", False), ("optimiser", False)):
            reps = max(2, repeat // 4) if player == "optimiser" else repeat
            ms = statistics.median(timed(lambda p=player, r=record: _game(pack, p, r), reps)) * 1e3  # noqa: B023
            rows.append({"pack": pid, "player": player, "ledger": record, "game_ms": ms})
    return rows


def bench_saves(repeat: int, tmp: Path) -> dict[str, float]:
    """Autosave per turn (with fsync), replay-verify of a 20-turn save, and the HTML debrief export."""
    from sysplay.cli import run_debrief
    from sysplay.playthroughs.save import Playthrough, read_save, replay

    pack = load_pack("riverside_winter")
    pt = Playthrough.start(pack, 4, tmp)
    saves = []
    while not pt.game.finished:
        play_turn(pt.game, "coalition_builder")
        pt.game.end_turn()  # the turn itself, untimed ...
        from sysplay.playthroughs.save import turn_record

        pt.data.turns.append(turn_record(pt.game.results[-1]))
        t0 = time.perf_counter()
        pt.save()  # ... then the autosave alone: snapshot, JSON, temp file, fsync, replace, fsync folder
        saves.append(time.perf_counter() - t0)
    long_pack = synthetic_pack(20, degree=6, seed=2, turns=20)
    long = Playthrough.start(long_pack, 5, tmp)
    while not long.game.finished:
        play_turn(long.game, "random")
        long.end_turn()
    assert long.path is not None and pt.path is not None
    save20 = read_save(long.path)
    replay_s = statistics.median(timed(lambda: replay(save20, long_pack), repeat))
    out = tmp / "debrief.html"
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        html_s = statistics.median(timed(lambda: run_debrief([pt.path], fmt="html", output=out, pack=None), max(3, repeat // 5)))
    return {"autosave_ms_median": statistics.median(saves) * 1e3, "autosave_ms_max": max(saves) * 1e3,
            "save_bytes": pt.path.stat().st_size, "replay20_ms": replay_s * 1e3, "html_export_ms": html_s * 1e3}


def bench_simulate(runs: int) -> dict[str, object]:
    """Throughput of `sysplay simulate` on the largest bundled pack (random persona, 2 jobs) and persona=all.

    The throughput is measured over three batches of 5 x ``runs`` games (each seeded alike), as a
    shared machine's slow spells come and go; the report gives the best and the median.
    """
    from sysplay.simulate.analysis import Budget, simulate

    largest = max(bundled_ids(), key=lambda p: len(load_pack(p).actors))
    pack = load_pack(largest)
    # Throughput is the persona's games alone (no restricted play, sensitivity or hunt), as it always was.
    plain = Budget(runs=runs * 5, personas=("random",), persona_runs={"random": runs * 5})
    rates = [simulate(pack, runs=runs * 5, persona="random", seed=1, jobs=2, budget=plain).per_second
             for _ in range(3)]
    t0 = time.perf_counter()
    allp = simulate(pack, runs=runs, persona="all", seed=1, jobs=2)
    return {"pack": largest, "random_games_per_s": max(rates), "random_games_per_s_median": statistics.median(rates),
            "random_games_per_s_each": rates,
            "all_runs": runs, "all_seconds": time.perf_counter() - t0, "all_games": allp.games}


def main() -> int:
    """Run every benchmark and print the figures (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    repeat = 5 if args.quick else 25
    sizes = [10, 50, 100] if args.quick else [10, 50, 100, 250, 500, 1000]
    import tempfile

    from sysplay.tui.bench import run as tui_bench

    with tempfile.TemporaryDirectory() as tmp:
        result = {
            "python": sys.version.split()[0], "sysplay": sysplay.__version__,
            "load": bench_load(repeat), "steps": bench_steps(sizes, 12), "games": bench_games(repeat),
            "saves": bench_saves(repeat, Path(tmp)), "simulate": bench_simulate(100 if args.quick else 200),
            "tui": tui_bench(runs=3 if args.quick else 7, presses=15 if args.quick else 30),
        }
    if shutil.which("tmux"):
        from startup import run as startup_run  # benchmarks/startup.py, beside this script

        result["startup"] = startup_run(3 if args.quick else 9)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    ld = result["load"]
    print(f"Pack load ({ld['pack']}, {ld['bytes']} bytes): bare CSafeLoader {ld['bare_ms']:.2f} ms, "
          f"load+validate {ld['load_ms']:.2f} ms, ratio {ld['ratio']:.2f}x")
    print("\nTurn step (median turn of the best round; 3 moves, all phases, state hash):")
    print(f"  {'actors':>6} {'ties':>6} {'no ledger':>10} {'median round':>13} {'ledger':>10} {'us/tie':>8}")
    for r in result["steps"]:
        print(f"  {r['actors']:>6} {r['ties']:>6} {r['step_ms']:>8.3f}ms {r['step_ms_median_round']:>11.3f}ms "
              f"{r['step_ms_ledger']:>8.3f}ms {r['us_per_tie']:>8.2f}")
    print("\nWhole games (median):")
    for g in result["games"]:
        print(f"  {g['pack']:<18} {g['player']:<18} ledger={'on ' if g['ledger'] else 'off'} {g['game_ms']:>8.2f} ms")
    sv = result["saves"]
    print(f"\nSaves: autosave median {sv['autosave_ms_median']:.2f} ms (max {sv['autosave_ms_max']:.2f} ms, "
          f"{sv['save_bytes']} bytes at the end); replay-verify of a 20-turn save {sv['replay20_ms']:.1f} ms; "
          f"HTML debrief export {sv['html_export_ms']:.0f} ms")
    sm = result["simulate"]
    each = ", ".join(f"{r:.0f}" for r in sm["random_games_per_s_each"])
    print(f"Simulate ({sm['pack']}, --jobs 2): random persona {sm['random_games_per_s']:.0f} games/s (best of {each}); "
          f"--persona all --runs {sm['all_runs']}: {sm['all_seconds']:.1f} s for {sm['all_games']} games")
    print("\nFull-screen game:")
    print(json.dumps(result["tui"], indent=1))
    if "startup" in result:
        st = result["startup"]
        print(f"\nLaunch to the first pack's title on screen, in a terminal (tmux), median of {st['runs']}: "
              f"bare Textual app {st['bare_s'] * 1e3:.0f} ms, sysplay {st['sysplay_s'] * 1e3:.0f} ms "
              f"({st['ratio']:.2f}x; target 1.5x); sysplay's first launch, with no headers kept, "
              f"{st['sysplay_first_s'] * 1e3:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
