"""`sysplay simulate`: run a batch, show a progress bar on a terminal, print the report (text or JSON)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from sysplay.scenarios.loader import load_pack
from sysplay.simulate.analysis import HUNT_SECONDS, Budget, simulate, usage_problem


class ProgressBar:
    """A one-line progress bar on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self, out: TextIO, label: str) -> None:
        self.out, self.label = out, label
        self.started = self.last = time.perf_counter()
        self.shown = False

    def update(self, done: float, total: float) -> None:
        """Redraw for ``done`` of ``total``."""
        now = time.perf_counter()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        share = min(1.0, done / total) if total else 1.0
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self.out.write(f"\r{self.label} [{bar}] {share:4.0%}  {now - self.started:5.1f} s")
        self.out.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the bar."""
        if self.shown:
            self.out.write("\r" + " " * (len(self.label) + 50) + "\r")
            self.out.flush()


def run_simulate(pack_spec: str, *, runs: int, persona: str, seed: int, jobs: int, as_json: bool,
                 html: Path | None, hunt_candidates: int | None = None, hunt_seconds: float | None = None,
                 hunt_out: Path | None = None, difficulty: str | None = None) -> int:
    """Simulate a pack and report; return the exit status.

    Exit 0 when the batch ran, whether or not the pack passes its gates (failed gates are
    reported as warnings, in the JSON too): balance is a judgement for the writer, and a
    pack in progress should not break a build. 1 when the pack does not load or a file cannot
    be written, 2 for bad arguments.
    """
    problem = usage_problem(runs, persona, seed, jobs, hunt_candidates, hunt_seconds)
    if problem:
        print(f"sysplay simulate: error: {problem}", file=sys.stderr)
        return 2
    for out in (html, hunt_out):  # refused before the batch runs, not after
        if out is not None and (why := _output_problem(out)):
            print(f"sysplay simulate: error: cannot write {why}", file=sys.stderr)
            return 1
    from sysplay.scenarios.presets import with_preset

    pack = load_pack(pack_spec)
    pack = with_preset(pack, pack.default_preset if difficulty is None else difficulty)
    budget = Budget.plan(runs, persona, hunt_candidates=hunt_candidates,
                         hunt_seconds=HUNT_SECONDS if hunt_seconds is None else hunt_seconds)
    bar = ProgressBar(sys.stderr, f"simulating {pack.meta.id}") if not as_json and sys.stderr.isatty() else None
    try:
        sim = simulate(pack, runs=runs, persona=persona, seed=seed, jobs=jobs, budget=budget,
                       progress=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    if as_json:
        sys.stdout.write(json.dumps(sim.report, indent=2) + "\n")
    else:
        from sysplay.simulate.report_text import render_text

        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(render_text(sim, colour=colour, unicode=_can_draw(sys.stdout)))
    note = sys.stderr if as_json else sys.stdout
    status = 0
    if hunt_out is not None:
        best = (sim.report["hunt"] or {}).get("best")
        if best is None:
            print("sysplay simulate: error: the hunt found no script to write (is it off?)", file=sys.stderr)
            status = 1
        else:
            status = max(status, _write(hunt_out, best["choices"], note))
    if html is not None:
        from sysplay.simulate.report_html import render_html

        status = max(status, _write(html, render_html(sim), note))
    return status


def _write(path: Path, text: str, note: TextIO) -> int:
    from sysplay.fsutil import write_text_atomic
    from sysplay.sanitize import clean_line

    try:
        write_text_atomic(path, text, make_parents=False)
    except OSError as exc:
        print(f"sysplay simulate: error: cannot write {clean_line(str(path))}: {clean_line(exc.strerror or str(exc))}",
              file=sys.stderr)
        return 1
    note.write(f"wrote {clean_line(str(path))}\n")
    return 0


def _output_problem(path: Path) -> str:
    """Why ``path`` cannot be written (checked before the batch runs), or ''."""
    from sysplay.fsutil import check_output
    from sysplay.sanitize import clean_line

    try:
        check_output(path, make_parents=False)
    except OSError as exc:
        return f"{clean_line(str(path))}: {clean_line(exc.strerror or str(exc))}"
    return ""


def _can_draw(out: TextIO) -> bool:
    """Whether ``out`` can print the block characters used for small charts."""
    try:
        "\u2581\u2588\u2502".encode(getattr(out, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
