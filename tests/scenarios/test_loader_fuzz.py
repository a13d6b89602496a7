"""Property: whatever is done to a pack's files, loading returns a pack or a positioned PackError."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysplay.errors import PackError
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir

SOURCE = bundled_dir() / "riverside_winter"
FILES = sorted(p.name for p in SOURCE.glob("*.yaml"))


def _check(folder: Path) -> None:
    try:
        load_pack(folder)
    except PackError as exc:
        assert exc.issues
        for issue in exc.issues:
            target = Path(issue.path)
            assert target.name in FILES, issue
            lines = max(1, len(target.read_bytes().splitlines()))
            assert 1 <= issue.line <= lines + 1, issue
            assert issue.col >= 1, issue
            assert "\x1b" not in issue.message and "\n" not in issue.format()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), start=st.floats(0, 1), length=st.integers(0, 400),
       insert=st.text(max_size=60) | st.sampled_from(["&a ", "*a", "<<: ", "\t", "!!python/object:x ", "- ", ": ", "{", "'", '"', "\n  -", "no", "1e999"]))
def test_mutated_pack_loads_or_fails_cleanly(tmp_path_factory, name: str, start: float, length: int, insert: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("pack") / "riverside_winter"
    shutil.copytree(SOURCE, folder)
    target = folder / name
    text = target.read_text()
    at = int(start * len(text))
    target.write_text(text[:at] + insert + text[at + length:])
    _check(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), data=st.binary(max_size=300), start=st.floats(0, 1))
def test_random_bytes_in_a_pack_file_fail_cleanly(tmp_path_factory, name: str, data: bytes, start: float) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("pack") / "riverside_winter"
    shutil.copytree(SOURCE, folder)
    target = folder / name
    raw = target.read_bytes()
    at = int(start * len(raw))
    target.write_bytes(raw[:at] + data + raw[at:])
    _check(folder)
