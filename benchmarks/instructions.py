"""Machine instructions per unit of engine work, counted by valgrind (noise-free, unlike time).

Shared machines make timings wander by a factor of two within minutes; instruction counts do
not. Use this to compare two versions of the engine (for example the working tree against a
``git worktree`` of an older commit):

    python benchmarks/instructions.py                        # this checkout
    python benchmarks/instructions.py --src /tmp/old/src     # another source tree

Needs ``valgrind`` (``apt-get install valgrind``). Each workload is counted twice, with 0 and
with N repetitions, and the difference divided by the work done, so start-up is left out.

Valgrind's CPU has no SHA instructions, so OpenSSL hashes the state there with plain ones: the
state hash counts for about half a million instructions a turn at 50 actors, several times what it
costs on the real processor. Compare versions with each other, not with the clock.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

WORKLOADS = {
    # name: (unit, repetitions, units per repetition)
    "turn50": ("turn (50 actors, three moves, with the state hash)", 2, 12),
    "game": ("12-turn game of the largest bundled pack (random persona, as simulate plays it)", 20, 1),
}

_CHILD = r"""
import sys
import sysplay
from sysplay.engine.game import Game
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_ids
from sysplay.simulate.runs import PackIndex, play_full, run_seed
from sysplay.simulate.synthetic import synthetic_pack

what, reps = sys.argv[1], int(sys.argv[2])
if what == "turn50":
    pack = synthetic_pack(50, 6, 1, 12)
    Game(pack, 0, record=False)
    for r in range(reps):
        g = Game(pack, r, record=False)
        while not g.finished:
            if g.pending_dilemma is not None:
                g.answer(pack.event(g.pending_dilemma).choices[0].id)
            g.plan("listen", "a1")
            g.plan("broker", ("a2", "a3"))
            g.plan("reflect")
            g.end_turn()
else:
    pack = load_pack(max(bundled_ids(), key=lambda p: len(load_pack(p).actors)))
    idx = PackIndex.of(pack)
    play_full(pack, idx, "random", run_seed(1, 999))
    for k in range(reps):
        play_full(pack, idx, "random", run_seed(1, k))
"""


def count(src: Path | None, what: str, reps: int) -> int:
    """Instructions valgrind counts for one run of the workload."""
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")  # BLAS threads spin a varying amount
    if src is not None:
        env["PYTHONPATH"] = str(src)
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _CHILD, what, str(reps)],
        env=env, capture_output=True, text=True, check=True,
    ).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{out}")
    return int(found.group(1))


def main() -> int:
    """Print the instructions per unit of each workload."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, help="a source tree to import sysplay from (default: this checkout)")
    args = ap.parse_args()
    for what, (unit, reps, per) in WORKLOADS.items():
        extra = count(args.src, what, reps) - count(args.src, what, 0)
        print(f"{extra / (reps * per) / 1e6:8.2f} M instructions per {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
