"""How long and how much memory refusing a hostile pack takes, each in a fresh process.

The tests hold every hostile pack to a budget of function calls (tests/budget.py), which is the same on
every machine; this measures what the budget means on this one: wall time and peak memory of
``sysplay validate`` on each hostile pack of tests/test_cli.py (an alias bomb, a value flood, deep
nesting, includes that climb out, include themselves or add up, ...), against the 2 s and 200 MB allowed.

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
print(status, peak, file=sys.stderr)
"""


def run() -> dict[str, object]:
    """Seconds and peak MB for each hostile pack; the worst of each."""
    rows = {}
    for case, files in sorted(_hostile_files().items()):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "hostile"
            for name, content in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(content)
            start = time.perf_counter()
            r = subprocess.run([sys.executable, "-c", CHILD, "hostile"], cwd=tmp, capture_output=True, text=True,
                               timeout=120)
            took = time.perf_counter() - start
            status, peak = r.stderr.strip().splitlines()[-1].split()
            rows[case] = {"seconds": round(took, 3), "mb": round(float(peak), 1), "status": int(status)}
    slowest = max(rows, key=lambda k: rows[k]["seconds"])
    largest = max(rows, key=lambda k: rows[k]["mb"])
    return {"cases": rows, "slowest": [slowest, rows[slowest]["seconds"]], "largest": [largest, rows[largest]["mb"]],
            "limits": {"seconds": 2.0, "mb": 200}}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
