"""Where packs are: the bundled folder, ./scenarios, and what a pack argument names. Loads nothing.

Light on purpose (no pydantic, no YAML): the title screen and ``sysplay packs`` list packs from here
before any pack is validated.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sysplay.errors import PackError

#: The main file of a pack folder.
PACK_FILE = "pack.yaml"


def bundled_dir() -> Path:
    """The folder of packs shipped with sysplay (inside the wheel, or ``scenarios/`` in a checkout)."""
    packaged = Path(str(resources.files("sysplay"))) / "_bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "scenarios"


def bundled_ids() -> list[str]:
    """Ids of the bundled packs, sorted."""
    root = bundled_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / PACK_FILE).is_file())


def resolve_pack(spec: str | Path) -> Path:
    """Turn a pack argument (a bundled id, a folder, or a YAML file) into the path of its main file.

    Raises:
        PackError: when nothing matches.
    """
    path = Path(spec)
    if path.is_dir():
        main = path / PACK_FILE
        if not main.is_file():
            raise PackError.at(str(path), 1, 1, f"this folder has no {PACK_FILE}")
        return main
    if path.is_file():
        return path
    if isinstance(spec, str) and "/" not in spec and "\\" not in spec:
        candidate = bundled_dir() / spec / PACK_FILE
        if candidate.is_file():
            return candidate
        local = Path("scenarios") / spec / PACK_FILE
        if local.is_file():
            return local
    known = ", ".join(bundled_ids()) or "none"
    raise PackError.at(str(spec), 1, 1, f"no such pack file, folder or bundled pack (bundled: {known})")
