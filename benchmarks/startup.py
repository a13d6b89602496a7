"""Start-up as a person sees it: from launching in a terminal to the first pack's title on screen.

Each run starts a fresh tmux session (a real terminal, 100x30) with the command, and polls the pane
until the text is visible. sysplay is launched as a user launches it (the ``sysplay`` command, in an
empty folder with its own saves and settings) and waits for the bundled pack's title on the title
screen; the bare app is a Textual app that shows that title in a label, started the same way. The two
alternate, so a noisy machine slows both alike; medians are reported, and their ratio. A first,
untimed launch of each warms the file cache and lets sysplay keep the packs' headers, as any earlier
launch on a user's machine has (``first_s`` is that first launch, with no headers kept).

    python benchmarks/startup.py [RUNS]        (needs tmux; prints JSON)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "Winter at Riverside"
BARE = f"""
from textual.app import App
from textual.widgets import Label


class Bare(App):
    def compose(self):
        yield Label({TITLE!r})


Bare().run()
"""


def _visible(session: str, text: str, timeout: float) -> float | None:
    """Seconds until ``text`` shows in the session's pane (None if it never does within ``timeout``)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
        if text in pane:
            return time.perf_counter() - start
        time.sleep(0.003)
    return None


def once(command: list[str], cwd: Path, env: dict[str, str], text: str = TITLE, timeout: float = 20.0,
         linger: float = 0.0) -> float:
    """Seconds from starting ``command`` in a new terminal to ``text`` visible in it (left running
    ``linger`` seconds more before it is closed)."""
    session = f"sysplay-startup-{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", str(cwd),
                    "-e", f"PATH={env['PATH']}", *[a for k in ("SYSPLAY_SAVE_DIR", "SYSPLAY_CONFIG_DIR")
                                                   for a in ("-e", f"{k}={env[k]}")],
                    " ".join(command)], check=True)
    seen = _visible(session, text, timeout)
    took = time.perf_counter() - start
    time.sleep(linger)
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    if seen is None:
        raise RuntimeError(f"{' '.join(command)!r} did not show {text!r} within {timeout:.0f}s")
    return took


def run(runs: int = 5) -> dict[str, float]:
    """Median seconds to the title for each, and sysplay's ratio to the bare app."""
    if shutil.which("tmux") is None:
        raise SystemExit("benchmarks/startup.py needs tmux")
    sysplay = shutil.which("sysplay", path=str(Path(sys.executable).parent)) or "sysplay"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "bare.py").write_text(BARE, encoding="utf-8")
        env = dict(os.environ, SYSPLAY_SAVE_DIR=str(work / "saves"), SYSPLAY_CONFIG_DIR=str(work / "config"))
        commands = {"bare": [sys.executable, "bare.py"], "sysplay": [sysplay]}
        first = {kind: once(command, work, env, linger=5.0) for kind, command in commands.items()}
        samples: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(runs):
            for kind, command in commands.items():
                samples[kind].append(once(command, work, env))
    out = {f"{k}_s": statistics.median(v) for k, v in samples.items()}
    out["sysplay_first_s"] = first["sysplay"]
    out["ratio"] = out["sysplay_s"] / out["bare_s"]
    out["runs"] = runs
    return out


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 5), indent=2))
