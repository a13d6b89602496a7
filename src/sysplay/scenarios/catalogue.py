"""The packs a user can play: bundled ones and those in ./scenarios, with a line about each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sysplay.errors import PackError
from sysplay.sanitize import clean_line
from sysplay.scenarios.loader import PACK_FILE, bundled_dir, load_pack


@dataclass(frozen=True)
class Entry:
    """One pack on the list (or one that failed to load, with its first error)."""

    spec: str
    title: str
    summary: str
    turns: int = 0
    actors: int = 0
    difficulty: str = ""
    minutes: int = 0
    error: str | None = None

    def __str__(self) -> str:
        spec, title, summary = clean_line(self.spec), clean_line(self.title), clean_line(self.summary)
        if self.error:
            return f"  {spec}\n      (cannot be loaded: {clean_line(self.error)})"
        return (f"  {spec:<22} {title}\n      {self.turns} turns, {self.actors} actors, {self.difficulty}, "
                f"about {self.minutes} minutes. {summary}")


def pack_folders() -> list[tuple[str, Path]]:
    """(spec, folder) for each bundled pack and each pack folder under ./scenarios, without duplicates."""
    found: dict[Path, str] = {}
    bundled = bundled_dir()
    for root, label in ((bundled, None), (Path("scenarios"), "scenarios")):
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if (folder / PACK_FILE).is_file():
                found.setdefault(folder.resolve(), folder.name if label is None else str(folder))
    return [(spec, path) for path, spec in found.items()]


def catalogue() -> list[Entry]:
    """Every playable pack, loaded to read its title and size."""
    entries = []
    for spec, folder in pack_folders():
        try:
            p = load_pack(folder)
        except PackError as exc:
            entries.append(Entry(spec, "", "", error=exc.issues[0].format()))
            continue
        m = p.meta
        entries.append(Entry(spec, m.title, m.summary.split(". ")[0].rstrip(".") + ".", m.turns, len(p.actors),
                             m.difficulty, m.minutes))
    return entries
