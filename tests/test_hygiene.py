"""The test suite's own rules: slow tests are marked, limits are counted not timed, toasts are read through
the recorder, and snapshots are marked generated."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
PROCESS_CALLS = {"run", "Popen", "check_output", "call", "check_call"}


def _starts_process(node: ast.AST, helpers: set[str]) -> bool:
    for n in ast.walk(node):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "subprocess" \
                and f.attr in PROCESS_CALLS:
            return True
        if isinstance(f, ast.Name) and f.id in helpers:
            return True
    return False


def _is_slow(decorators: list[ast.expr]) -> bool:
    return any(ast.unparse(d).endswith("mark.slow") for d in decorators)


def unmarked_process_tests(path: Path) -> list[str]:
    """Tests in ``path`` that start a process (themselves, through a helper or a fixture) but are not slow."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in n.targets)
           and "slow" in ast.unparse(n.value) for n in tree.body):
        return []
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    helpers: set[str] = set()
    for _ in range(3):  # helpers that call helpers
        helpers |= {d.name for d in defs if not d.name.startswith("test") and _starts_process(d, helpers)}
    out = []
    for d in defs:
        if not d.name.startswith("test") or _is_slow(d.decorator_list):
            continue
        fixtures = {a.arg for a in d.args.args}
        if _starts_process(d, helpers) or fixtures & helpers:
            out.append(f"{path.relative_to(REPO)}::{d.name}")
    return out


def test_every_test_that_starts_a_process_is_marked_slow() -> None:
    offenders = [t for path in sorted(TESTS.rglob("test_*.py")) for t in unmarked_process_tests(path)]
    assert offenders == []


def test_the_slow_check_finds_an_unmarked_process_test(tmp_path: Path) -> None:
    planted = TESTS / "_planted_test_hygiene.py"
    try:
        planted.write_text(
            "import subprocess\n\n\ndef helper():\n    return subprocess.run(['true'])\n\n\n"
            "def test_direct():\n    subprocess.run(['true'])\n\n\n"
            "def test_through_a_helper():\n    helper()\n\n\n"
            "def test_through_a_fixture(helper):\n    pass\n\n\n"
            "@pytest.mark.slow\ndef test_marked():\n    subprocess.run(['true'])\n", encoding="utf-8")
        assert [t.split("::")[1] for t in unmarked_process_tests(planted)] == [
            "test_direct", "test_through_a_helper", "test_through_a_fixture"]
    finally:
        planted.unlink()


@pytest.mark.parametrize("needle", ["perf_counter", "process_time", "._notifications"])
def test_no_test_times_itself_or_reads_the_apps_private_toasts(needle: str) -> None:
    """Limits are counted (tests/budget.py), not timed; toasts are read through tests/tui/conftest.Recorder."""
    offenders = [f"{p.relative_to(REPO)}:{k}" for p in sorted(TESTS.rglob("*.py")) if p.name != "test_hygiene.py"
                 for k, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert offenders == []


@pytest.mark.slow
def test_snapshot_svgs_are_marked_generated_with_fixed_line_endings() -> None:
    svgs = sorted((TESTS / "tui" / "__snapshots__").rglob("*.svg"))
    assert svgs
    for svg in svgs:
        rel = str(svg.relative_to(REPO))
        out = subprocess.run(["git", "check-attr", "eol", "diff", "linguist-generated", "--", rel], cwd=REPO,
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            pytest.skip("not a git checkout")  # an sdist: .gitattributes is a git file
        attrs = dict(line.split(": ")[1:] for line in out.stdout.splitlines())
        assert attrs == {"eol": "lf", "diff": "unset", "linguist-generated": "true"}, (rel, attrs)
