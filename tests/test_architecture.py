"""Architecture rules: the core imports no UI library, nothing unsafe is used, the engine does no I/O."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

import pytest
import yaml

import sysplay

SRC = Path(sysplay.__file__).resolve().parent
CORE_PACKAGES = ("scenarios", "engine", "playthroughs", "debrief", "simulate")
UI_LIBRARIES = ("textual", "rich")


def _py_files(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.py"))
    assert files, f"no Python files under {folder}"
    return files


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _code_names(path: Path) -> set[str]:
    """Every NAME token in the file's code (comments and strings excluded)."""
    with path.open("rb") as fh:
        return {tok.string for tok in tokenize.tokenize(fh.readline) if tok.type == tokenize.NAME}


# --------------------------------------------------------------------------- runtime


@pytest.mark.slow
def test_core_runs_without_importing_textual_or_rich() -> None:
    script = textwrap.dedent(
        """
        import json, sys
        import sysplay
        import sysplay.scenarios.loader
        import sysplay.engine.game
        import sysplay.engine.personas
        import sysplay.playthroughs.run
        import sysplay.simulate.synthetic
        import sysplay.debrief
        from sysplay.engine.personas import play_turn

        pack = sysplay.load_pack("riverside_winter")
        game = sysplay.new_game(pack, seed=3)
        play_turn(game, "heroic_director")
        result = game.end_turn()
        synthetic = sysplay.simulate.synthetic.synthetic_pack(n_actors=6, degree=2)
        g2 = sysplay.new_game(synthetic, seed=1)
        g2.end_turn()
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print(json.dumps({"turn": game.turn, "hash": result.state_hash, "ui": loaded}))
        """
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["turn"] == 2
    assert len(report["hash"]) == 64
    assert report["ui"] == [], f"the core imported {report['ui']}"


@pytest.mark.slow
def test_cli_validate_and_run_do_not_import_textual_or_rich() -> None:
    script = textwrap.dedent(
        """
        import io, sys, contextlib
        from sysplay.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["validate", "riverside_winter"]) == 0
            assert main(["run", "riverside_winter", "--persona", "avoider"]) == 0
            assert main(["schema"]) == 0
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")))
        """
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1] == "[]"


# --------------------------------------------------------------------------- static checks


def _rel(path: Path, root: Path) -> str:
    return str(path.relative_to(root.parent))


def ui_import_offenders(folder: Path, root: Path) -> list[str]:
    """Imports of textual or rich in the Python files under ``folder``."""
    offenders = []
    for path in _py_files(folder):
        where = _rel(path, root)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] in UI_LIBRARIES:
                    offenders.append(f"{where}:{node.lineno}: {name}")
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = line.split("#", 1)[0].split()
            for lib in UI_LIBRARIES:
                for i in range(len(words) - 1):
                    if words[i] in ("import", "from") and words[i + 1].split(".")[0].rstrip(",") == lib:
                        offenders.append(f"{where}:{lineno}: {line.strip()}")
                if f'import_module("{lib}' in line or f"import_module('{lib}" in line:
                    offenders.append(f"{where}:{lineno}: {line.strip()}")
    return sorted(set(offenders))


FORBIDDEN_CALLS = {"eval", "exec", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle"}
FORBIDDEN_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all",
                  "Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}


def unsafe_offenders(folder: Path, root: Path) -> list[str]:
    """eval/exec, pickle-like modules and unsafe PyYAML entry points under ``folder``."""
    offenders = []
    for path in _py_files(folder):
        where = _rel(path, root)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                offenders.append(f"{where}:{node.lineno}: {node.func.id}(...)")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("eval", "exec") and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id in ("builtins", "__builtins__"):
                offenders.append(f"{where}:{node.lineno}: builtins.{node.func.attr}(...)")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                        offenders.append(f"{where}:{node.lineno}: import {alias.name}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
                offenders.append(f"{where}:{node.lineno}: from {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "yaml":
                for alias in node.names:
                    if alias.name in FORBIDDEN_YAML:
                        offenders.append(f"{where}:{node.lineno}: from yaml import {alias.name}")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "yaml" and node.attr in FORBIDDEN_YAML:
                offenders.append(f"{where}:{node.lineno}: yaml.{node.attr}")
        # Belt and braces on the raw code tokens (comments and docstrings excluded):
        # a bare mention in a comment, such as "closures cannot be pickled", is fine.
        names = _code_names(path)
        for bad in ("eval", "exec", "unsafe_load", "full_load", *FORBIDDEN_MODULES):
            if bad in names:
                offenders.append(f"{where}: uses the name '{bad}'")
        text = path.read_text(encoding="utf-8")
        for needle in ("yaml.load(", "yaml.unsafe_load", "yaml.full_load", "yaml.load_all("):
            if needle in text:
                offenders.append(f"{where}: contains '{needle}'")
    return sorted(set(offenders))


IO_CALLS = {"open", "Path", "PurePath"}
IO_ATTRS = {"read_text", "write_text", "read_bytes", "write_bytes", "open", "mkdir", "unlink",
            "rename", "touch", "rmdir", "iterdir", "glob", "rglob"}
IO_MODULES = {"os", "io", "pathlib", "shutil", "tempfile", "glob", "sysplay.fsutil",
              "sysplay.scenarios.yamlsafe", "sysplay.scenarios.loader"}


def file_io_offenders(folder: Path, root: Path) -> list[str]:
    """File reading or writing (or the modules for it) in the Python files under ``folder``."""
    offenders = []
    for path in _py_files(folder):
        where = _rel(path, root)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
                offenders.append(f"{where}:{node.lineno}: {node.func.id}(...)")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in IO_ATTRS:
                offenders.append(f"{where}:{node.lineno}: .{node.func.attr}(...)")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in IO_MODULES:
                        offenders.append(f"{where}:{node.lineno}: import {alias.name}")
            if isinstance(node, ast.ImportFrom) and (node.module or "") in IO_MODULES:
                offenders.append(f"{where}:{node.lineno}: from {node.module}")
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for needle in ("open(", "Path(", ".read_text", ".write_text", ".read_bytes", ".write_bytes"):
                if needle in code and _outside_quotes(code, needle):
                    offenders.append(f"{where}:{lineno}: {line.strip()}")
    return sorted(set(offenders))


def _outside_quotes(code: str, needle: str) -> bool:
    """Whether ``needle`` occurs on this line outside a one-line quoted string."""
    in_quote = None
    for i, ch in enumerate(code):
        if in_quote:
            if ch == in_quote:
                in_quote = None
        elif ch in "\"'":
            in_quote = ch
        elif code.startswith(needle, i) and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
            return True
    return False


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_packages_import_no_ui_library(package: str) -> None:
    offenders = ui_import_offenders(SRC / package, SRC)
    assert not offenders, "\n".join(offenders)


def test_no_eval_exec_pickle_or_unsafe_yaml_anywhere_in_src() -> None:
    offenders = unsafe_offenders(SRC, SRC)
    assert not offenders, "\n".join(offenders)


def test_engine_does_no_file_io() -> None:
    offenders = file_io_offenders(SRC / "engine", SRC)
    assert not offenders, "\n".join(offenders)


def test_yaml_is_parsed_only_by_yamlsafe_with_a_safe_loader() -> None:
    users = []
    for path in _py_files(SRC):
        tree = _tree(path)
        imports_yaml = any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "yaml" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "yaml")
            for n in ast.walk(tree)
        )
        if imports_yaml:
            users.append(_rel(path, SRC))
    assert users == ["sysplay/scenarios/yamlsafe.py"], users

    # What yamlsafe actually does: compose nodes with a subclass of the *safe* loader
    # (the C one when available) and build plain data itself; it never calls yaml.load.
    from sysplay.errors import PackError
    from sysplay.scenarios import yamlsafe

    loader = yamlsafe._Loader
    safe = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]
    assert issubclass(loader, tuple(safe))
    for unsafe in ("Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader"):
        if hasattr(yaml, unsafe):
            assert getattr(yaml, unsafe) not in loader.__mro__, unsafe
    with pytest.raises(PackError):  # a python tag is refused, never run
        yamlsafe.load_yaml_text("a: !!python/object/apply:os.system ['true']\n", "t.yaml")


# --------------------------------------------------------------------------- the checkers themselves


PLANTED = {
    "ui": ("import json\nfrom rich.console import Console\n", ui_import_offenders),
    "ui_plain": ("import textual\n", ui_import_offenders),
    "ui_lazy": ("def f():\n    from textual.app import App\n    return App\n", ui_import_offenders),
    "eval": ("x = eval('1')\n", unsafe_offenders),
    "exec": ("exec('x = 1')\n", unsafe_offenders),
    "pickle": ("import pickle\n", unsafe_offenders),
    "pickle_from": ("from pickle import loads\n", unsafe_offenders),
    "yaml_load": ("import yaml\nyaml.load('a: 1', Loader=yaml.Loader)\n", unsafe_offenders),
    "yaml_unsafe": ("import yaml\nyaml.unsafe_load('a: 1')\n", unsafe_offenders),
    "open": ("def f():\n    return open('x').read()\n", file_io_offenders),
    "path": ("from pathlib import Path\nPath('x').read_text()\n", file_io_offenders),
    "write_text": ("def f(p):\n    p.write_text('x')\n", file_io_offenders),
}


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_checkers_catch_planted_violations(case: str, tmp_path: Path) -> None:
    source, checker = PLANTED[case]
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text(source, encoding="utf-8")
    assert checker(pkg, pkg), case


def test_checkers_allow_mentions_in_comments_and_strings(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        '"""Closures cannot be pickled; never use eval or open( here."""\n'
        "# import rich would be wrong, as would yaml.load( and Path(\n"
        "text = 'a'.replace('a', 'b')\n",
        encoding="utf-8",
    )
    assert ui_import_offenders(pkg, pkg) == []
    assert file_io_offenders(pkg, pkg) == []
    # the raw text check is deliberately strict: even a comment must not spell the unsafe call
    assert unsafe_offenders(pkg, pkg) == ["pkg/mod.py: contains 'yaml.load('"]
