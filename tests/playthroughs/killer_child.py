"""Child process for the kill test: plays games and autosaves every turn until it is killed.

It prints "READY" once the pack is loaded, so the parent times its kill from there (not from the
start of a process whose imports take longer on a busy machine). After each completed autosave it
prints "SAVED <path> <turns>" and flushes, so the parent knows the last turn that was safely on disk
before the kill.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sysplay
from sysplay.engine.personas import play_turn
from sysplay.playthroughs.save import Playthrough


def main() -> None:
    folder = Path(sys.argv[1])
    pack = sysplay.load_pack("riverside_winter")
    seed = int(sys.argv[2])
    print("READY", flush=True)
    while True:
        pt = Playthrough.start(pack, seed, folder)
        while not pt.game.finished:
            play_turn(pt.game, "random")
            pt.end_turn()
            print(f"SAVED {pt.path} {len(pt.data.turns)}", flush=True)
        seed += 1


if __name__ == "__main__":
    main()
