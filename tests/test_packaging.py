"""Packaging: the wheel carries the code, the bundled packs and the entry point, and works installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLED_PACK = "riverside_winter"


pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh virtual environment


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once for this module (without build isolation when possible: no network)."""
    out = tmp_path_factory.mktemp("wheel")
    base = [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(out), "-q",
            "--disable-pip-version-check"]
    r = subprocess.run([*base, "--no-build-isolation"], cwd=REPO, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        r = subprocess.run(base, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    wheels = list(out.glob("sysplay-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _included_files(pack_yaml: str) -> list[str]:
    """The include: list of a pack.yaml, read with the project's own safe loader."""
    from sysplay.scenarios.yamlsafe import load_yaml_text

    data = load_yaml_text(pack_yaml, "pack.yaml").data
    includes = data.get("include", [])
    assert isinstance(includes, list)
    return [str(x) for x in includes]


def test_wheel_contains_code_and_bundled_packs(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "sysplay/cli.py" in names
        assert "sysplay/__init__.py" in names
        assert "sysplay/__main__.py" in names
        assert "sysplay/scenarios/loader.py" in names
        main = f"sysplay/_bundled/{BUNDLED_PACK}/pack.yaml"
        assert main in names
        includes = _included_files(zf.read(main).decode("utf-8"))
        assert includes, "the bundled pack is expected to include its other files"
        for rel in includes:
            assert f"sysplay/_bundled/{BUNDLED_PACK}/{rel}" in names, rel
        # every file of every bundled pack in the checkout is in the wheel, byte for byte
        for source in sorted((REPO / "scenarios").rglob("*")):
            if source.is_file():
                arc = "sysplay/_bundled/" + source.relative_to(REPO / "scenarios").as_posix()
                assert arc in names, arc
                assert zf.read(arc) == source.read_bytes(), arc
        # nothing that is not part of the package sneaks in
        assert not [n for n in names if n.startswith(("tests/", "src/", ".venv/")) or "__pycache__" in n]


def test_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = zf.read(entry).decode("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    assert "[console_scripts]" in lines
    section = lines[lines.index("[console_scripts]") + 1:]
    assert any(line.replace(" ", "") == "sysplay=sysplay.cli:main" for line in section), text


def test_bundled_packs_work_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), "-q",
         "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    work = tmp_path / "elsewhere"  # no ./scenarios here, and not the checkout
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=work, env=env,
                              timeout=120)

    where = run("-c", "import sysplay, sysplay.scenarios.paths as l; print(sysplay.__file__); print(l.bundled_dir())")
    assert where.returncode == 0, where.stderr
    module_file, bundled = where.stdout.strip().splitlines()
    assert Path(module_file).resolve().is_relative_to(target.resolve()), module_file
    assert Path(bundled).resolve() == (target / "sysplay" / "_bundled").resolve()

    listing = run("-m", "sysplay")
    assert listing.returncode == 0, listing.stderr
    assert BUNDLED_PACK in listing.stdout and "cannot be loaded" not in listing.stdout

    valid = run("-m", "sysplay", "validate", BUNDLED_PACK)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert f"{BUNDLED_PACK}: ok:" in valid.stdout

    played = run("-m", "sysplay", "run", BUNDLED_PACK, "--persona", "avoider", "--seed", "2")
    assert played.returncode == 0, played.stderr[-3000:]
    assert "== Ending: " in played.stdout

    new = run("-m", "sysplay", "new", "fresh_pack")
    assert new.returncode == 0, new.stderr
    checked = run("-m", "sysplay", "validate", "fresh_pack")
    assert checked.returncode == 0, checked.stdout + checked.stderr
