"""The benchmark scripts still run (their figures are for docs/performance.md, not for tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_turn_steps_and_pack_load_measure_something() -> None:
    bench = load("bench")
    (row,) = bench.bench_steps([10], 2, rounds=1)
    assert row["actors"] == 10 and row["ties"] > 0
    assert 0 < row["step_ms"] <= row["step_ms_median_round"] and row["step_ms_ledger"] > 0
    load_row = bench.bench_load(1)
    assert load_row["bare_ms"] > 0 and load_row["load_ms"] > 0 and load_row["ratio"] > 0


def test_instruction_counter_names_its_workloads() -> None:
    instructions = load("instructions")
    assert set(instructions.WORKLOADS) == {"turn50", "game"}
    assert "play_full" in instructions._CHILD and "synthetic_pack(50" in instructions._CHILD
