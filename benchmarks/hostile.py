"""How long and how much memory refusing a hostile pack takes, each in a fresh process.

The tests hold every hostile pack to a budget of function calls (tests/budget.py), which is the same on
every machine; this measures what the budget means on this one: wall time and peak memory of
``sysplay validate`` on each hostile pack of tests/test_cli.py (an alias bomb, a value flood, deep
nesting, includes that climb out, include themselves or add up, ...), against the 2 s and 200 MB allowed.
Each figure includes starting Python and importing sysplay; so that a busy machine can be told from a
slow refusal, the CPU time of the process is given too, and the same for validating the bundled Riverside
pack (a pack that is fine) as the floor.

    python benchmarks/hostile.py          (prints JSON: the slowest and the largest)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_cli import _hostile_files  # noqa: E402  (the same files the tests refuse)

CHILD = r"""
import resource, sys
from sysplay.cli import main
status = main(["validate", sys.argv[1]])
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
usage = resource.getrusage(resource.RUSAGE_SELF)
print(status, peak, usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""


def _validate(folder: str, cwd: str) -> dict[str, float]:
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", CHILD, folder], cwd=cwd, capture_output=True, text=True, timeout=120)
    took = time.perf_counter() - start
    status, peak, cpu = r.stderr.strip().splitlines()[-1].split()
    return {"seconds": round(took, 3), "cpu_seconds": round(float(cpu), 3), "mb": round(float(peak), 1),
            "status": int(status)}


def run() -> dict[str, object]:
    """Seconds, CPU seconds and peak MB for each hostile pack; the worst of each; a fine pack as the floor."""
    rows = {}
    floor = _validate(str(REPO / "scenarios" / "riverside_winter"), str(REPO))
    for case, files in sorted(_hostile_files().items()):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "hostile"
            for name, content in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(content)
            rows[case] = _validate("hostile", tmp)
    slowest = max(rows, key=lambda k: rows[k]["seconds"])
    largest = max(rows, key=lambda k: rows[k]["mb"])
    busiest = max(rows, key=lambda k: rows[k]["cpu_seconds"])
    return {"cases": rows, "slowest": [slowest, rows[slowest]["seconds"]], "largest": [largest, rows[largest]["mb"]],
            "most_cpu": [busiest, rows[busiest]["cpu_seconds"]], "valid_pack_floor": floor,
            "limits": {"seconds": 2.0, "mb": 200}}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
