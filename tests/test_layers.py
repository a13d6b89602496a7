"""The house's layers hold: the import contracts in pyproject.toml ([tool.importlinter]) are kept, and break when crossed."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


@pytest.mark.parametrize("contract", ["layers", "core-without-ui"])
def test_import_contract_is_kept(contract: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(CONFIG), limit_to_contracts=(contract,), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "1 kept, 0 broken" in report


def test_the_layer_contract_catches_a_core_module_importing_the_tui(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The contract is live: the same layers, applied to a copy of the package with one upward import, fail."""
    import shutil
    import sys

    src = ROOT / "src" / "sysplay"
    copy = tmp_path / "sysplay"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__", "*.tcss", "*.html"))
    leak = copy / "engine" / "leak.py"
    leak.write_text("from sysplay.tui import app  # an upward import\n", encoding="utf-8")
    config = tmp_path / "contracts.toml"
    config.write_text("[tool.importlinter]" + CONFIG.read_text(encoding="utf-8").split("[tool.importlinter]", 1)[1],
                      encoding="utf-8")
    saved = [m for m in sys.modules if m == "sysplay" or m.startswith("sysplay.")]
    modules = {m: sys.modules.pop(m) for m in saved}
    sys.path.insert(0, str(tmp_path))
    try:
        code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    finally:
        sys.path.remove(str(tmp_path))
        for m in [m for m in sys.modules if m == "sysplay" or m.startswith("sysplay.")]:
            del sys.modules[m]
        sys.modules.update(modules)
    report = capsys.readouterr().out
    assert code == 1
    assert "sysplay.engine.leak -> sysplay.tui.app" in report
