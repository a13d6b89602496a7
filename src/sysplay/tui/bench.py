"""Start-up and responsiveness of the full-screen game, measured against a bare Textual app in the same harness.

Call :func:`run` (the lead's ``benchmarks/`` script does): it returns plain numbers.

- **launch**: wall-clock from spawning a fresh Python process to the first drawn frame of the
  first screen (the title screen for sysplay; a one-label screen for the bare app), and the
  process's peak memory then; also to "ready" (the title screen's lists filled from a thread).
  Both run headless through ``App.run(auto_pilot=...)`` in the same child script, alternating,
  so a noisy machine affects both alike.
- **keypress**: moving between actor cards on the play screen (focus moves, the relationship list
  follows), measured in-process with Pilot as press-and-settle time minus the same for a key
  bound to nothing (Pilot's own settling cost).
- **end turn**: from the end-turn key (confirmation off) to the resolution screen drawn, minus
  the same baseline.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_CHILD = r"""
import asyncio, json, resource, sys, time
kind = sys.argv[1]
from textual.app import App
from textual.widgets import Label

def peak_kb():
    try:  # VmHWM: this process's own peak (ru_maxrss can carry the parent's over from fork)
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

async def probe(pilot):
    app = pilot.app
    if kind == "sysplay":
        from sysplay.tui.screens.title import TitleScreen
        while not isinstance(app.screen, TitleScreen) or not app.screen.is_mounted:
            await asyncio.sleep(0)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    out = {"drawn": time.time(), "drawn_kb": peak_kb()}
    await app.workers.wait_for_complete()
    await pilot.pause()
    out.update(ready=time.time(), ready_kb=peak_kb())
    print(json.dumps(out), flush=True)
    app.exit()

if kind == "bare":
    class Bare(App):
        def compose(self):
            yield Label("sysplay")
    app = Bare()
else:
    from sysplay.tui.app import Launch, SysplayApp
    app = SysplayApp(Launch(), config=None)
app.run(headless=True, auto_pilot=probe, size=(100, 30))
"""


def _launch_once(kind: str, env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", _CHILD, kind], capture_output=True, text=True, env=env,
                         timeout=120, check=True)
    data = json.loads(next(ln for ln in out.stdout.splitlines() if ln.startswith("{")))
    return {"drawn": data["drawn"] - start, "ready": data["ready"] - start,
            "drawn_mb": data["drawn_kb"] / 1024, "ready_mb": data["ready_kb"] / 1024}


def launch(runs: int = 7, workdir: Path | None = None) -> dict[str, float]:
    """Medians: seconds to the first drawn frame and to a settled screen, and peak memory (MB) at each.

    For sysplay, "ready" is when the title screen has also listed the packs and saves (loaded in a
    thread after the first frame); for the bare app the two are the same moment.
    """
    env = dict(os.environ)
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS"):
        env.pop(name, None)
    if workdir is not None:
        env["SYSPLAY_SAVE_DIR"] = str(workdir / "saves")
        env["SYSPLAY_CONFIG_DIR"] = str(workdir / "config")
    samples: dict[str, list[dict[str, float]]] = {"bare": [], "sysplay": []}
    _launch_once("bare", env), _launch_once("sysplay", env)  # warm the file cache
    for _ in range(runs):
        for kind in ("bare", "sysplay"):  # alternate, so drift hits both
            samples[kind].append(_launch_once(kind, env))

    def med(kind: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[kind])

    out = {f"{kind}_{key}": med(kind, key) for kind in samples for key in ("drawn", "ready", "drawn_mb", "ready_mb")}
    out["ratio"] = out["sysplay_drawn"] / out["bare_drawn"]
    out["memory_ratio"] = out["sysplay_drawn_mb"] / out["bare_drawn_mb"]
    out["ready_ratio"] = out["sysplay_ready"] / out["bare_ready"]
    out["ready_memory_ratio"] = out["sysplay_ready_mb"] / out["bare_ready_mb"]
    return out


async def _responsiveness(presses: int) -> dict[str, float]:
    from sysplay.playthroughs.save import Playthrough
    from sysplay.scenarios.loader import load_pack
    from sysplay.tui.app import Launch, SysplayApp
    from sysplay.tui.screens.play import PlayScreen
    from sysplay.tui.screens.resolution import ResolutionScreen

    pack = load_pack("riverside_winter")
    pt = Playthrough.start(pack, 1, None)
    app = SysplayApp(Launch(playthrough=pt), config=None)
    null, move, turn = [], [], []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.confirm_end_turn = screen.reflect_prompts = False
        for k in range(presses):
            t0 = time.perf_counter()
            await pilot.press("f12")  # bound to nothing: Pilot's own cost
            await pilot.pause()
            t1 = time.perf_counter()
            await pilot.press("down" if k % 2 == 0 else "up")
            await pilot.pause()
            t2 = time.perf_counter()
            null.append(t1 - t0)
            move.append(t2 - t1)
        for _ in range(min(8, pack.meta.turns - 2)):
            g = pt.game
            if g.finished:
                break
            if g.pending_dilemma is not None and g.answer_given is None:
                g.answer(pack.event(g.pending_dilemma).choices[0].id)
            for target in ("acute", "council", "carers"):
                g.plan("listen_one_to_one", (target,))
            t0 = time.perf_counter()
            await pilot.press("e")
            for _wait in range(200):
                if isinstance(app.screen, ResolutionScreen):
                    break
                await pilot.pause()
            await pilot.pause()
            turn.append(time.perf_counter() - t0)
            await pilot.press("c")
            await pilot.pause()
            for _wait in range(10):
                if app.screen is screen:
                    break
                await pilot.press("escape")
                await pilot.pause()
    base = statistics.median(null)
    return {"pilot_baseline_ms": base * 1e3, "keypress_ms": (statistics.median(move) - base) * 1e3,
            "keypress_raw_ms": statistics.median(move) * 1e3, "end_turn_ms": (statistics.median(turn) - base) * 1e3,
            "end_turn_raw_ms": statistics.median(turn) * 1e3}


def responsiveness(presses: int = 30) -> dict[str, float]:
    """Median keypress-to-update and end-turn-to-resolution on the play screen, in milliseconds."""
    return asyncio.run(_responsiveness(presses))


def run(*, runs: int = 7, presses: int = 30, workdir: Path | None = None) -> dict[str, Any]:
    """Every figure, with the targets beside them."""
    out: dict[str, Any] = {"launch": launch(runs, workdir), "play": responsiveness(presses)}
    out["targets"] = {"launch_ratio": 1.5, "memory_ratio": 1.5, "keypress_ms": 50, "end_turn_ms": 100}
    return out


if __name__ == "__main__":
    print(json.dumps(run(runs=int(sys.argv[1]) if len(sys.argv) > 1 else 5), indent=2))
