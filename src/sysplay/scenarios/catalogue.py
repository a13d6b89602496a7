"""The packs a user can play: bundled ones and those in ./scenarios, with a line about each.

Two readings: :func:`headers` reads only each pack's main file for its title and size (milliseconds, no
validation, so the title screen can list packs at once), and :func:`catalogue` loads and validates every
pack (its actors counted, a broken pack marked with its first error).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sysplay.errors import PackError
from sysplay.sanitize import clean_line
from sysplay.scenarios.paths import PACK_FILE, bundled_dir


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
    checked: bool = True  # False for a header read without validating the pack (actors then unknown)
    tutorial: bool = False  # meta.tutorial: listed first, and marked for a new player

    def __str__(self) -> str:
        spec, title, summary = clean_line(self.spec), clean_line(self.title), clean_line(self.summary)
        if self.error:
            return f"  {spec}\n      (cannot be loaded: {clean_line(self.error)})"
        start = "  (tutorial: start here)" if self.tutorial else ""
        return (f"  {spec:<22} {title}{start}\n      {self.turns} turns, {self.actors} actors, {self.difficulty}, "
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


def tutorials_first(entries: list[Entry]) -> list[Entry]:
    """The entries with tutorials (``meta.tutorial``) first, each group in its own order.

    So a new player meets a tutorial at the top of the list.
    """
    return sorted(entries, key=lambda e: not e.tutorial)


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


CACHE_VERSION = 2  # 2: headers keep meta.tutorial
MAX_CACHE_BYTES = 1_000_000


def _signature(folder: Path) -> list[int] | None:
    try:
        st = (folder / PACK_FILE).stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _read_cache(cache: Path | None) -> dict[str, Any]:
    """The cached headers, by pack folder; anything unreadable or unexpected counts as no cache."""
    if cache is None:
        return {}
    try:
        if cache.stat().st_size > MAX_CACHE_BYTES:
            return {}
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or not isinstance(data.get("packs"), dict):
        return {}
    return data["packs"]


def _cached_entry(spec: str, row: Any, signature: list[int] | None) -> Entry | None:
    if signature is None or not isinstance(row, dict) or row.get("signature") != signature:
        return None
    fields = (row.get("title"), row.get("summary"), row.get("turns"), row.get("difficulty"), row.get("minutes"),
              row.get("tutorial"))
    title, summary, turns, difficulty, minutes, tutorial = fields
    if not (isinstance(title, str) and isinstance(summary, str) and isinstance(difficulty, str)
            and type(turns) is int and type(minutes) is int and type(tutorial) is bool):
        return None
    return Entry(spec, title, summary, turns, 0, difficulty, minutes, checked=False, tutorial=tutorial)


def headers(cache: Path | None = None) -> list[Entry]:
    """Every playable pack as its main file describes it, without loading or validating the pack.

    Only ``pack.yaml`` is read (by the safe YAML reader), so this takes milliseconds; a pack whose main
    file is unchanged since :func:`remember` wrote ``cache`` is not even read. The entries are marked
    unchecked, their actors uncounted. A main file that cannot be read is an entry with its error.
    Tutorials come first, as in :func:`catalogue`.
    """
    cached = _read_cache(cache)
    entries = []
    for spec, folder in pack_folders():
        hit = _cached_entry(spec, cached.get(str(folder)), _signature(folder))
        entries.append(hit if hit is not None else _header(spec, folder))
    return tutorials_first(entries)


def _header(spec: str, folder: Path) -> Entry:
    from sysplay.scenarios.yamlsafe import load_yaml_file

    try:
        data = load_yaml_file(folder / PACK_FILE).data
    except PackError as exc:
        return Entry(spec, "", "", error=exc.issues[0].format())
    meta = data.get("meta") if isinstance(data, dict) else None
    meta = meta if isinstance(meta, dict) else {}

    def text(key: str, default: str = "") -> str:
        value = meta.get(key)
        return value if isinstance(value, str) else default

    def whole(key: str, default: int = 0) -> int:
        value = meta.get(key)
        return value if type(value) is int else default

    return Entry(spec, text("title", spec), _first_sentence(text("summary")), whole("turns"), 0,
                 text("difficulty", "standard"), whole("minutes", 30), checked=False,
                 tutorial=meta.get("tutorial") is True)


def remember(cache: Path, entries: list[Entry]) -> None:
    """Keep the headers of the packs that load (from :func:`catalogue`) for the next :func:`headers`.

    They are kept in ``cache``, keyed by folder with the main file's size and modification time. Best
    effort: a cache that cannot be written is left alone.
    """
    from sysplay.fsutil import write_text_atomic

    folders = dict(pack_folders())
    packs = {}
    for e in entries:
        folder = folders.get(e.spec)
        signature = _signature(folder) if folder is not None else None
        if e.error or signature is None or folder is None:
            continue
        packs[str(folder)] = {"signature": signature, "title": e.title, "summary": e.summary, "turns": e.turns,
                              "difficulty": e.difficulty, "minutes": e.minutes, "tutorial": e.tutorial}
    with contextlib.suppress(OSError):
        write_text_atomic(cache, json.dumps({"version": CACHE_VERSION, "packs": packs}, ensure_ascii=True))


def catalogue() -> list[Entry]:
    """Every playable pack, loaded and validated to read its title and size; tutorials first."""
    from sysplay.scenarios.loader import load_pack

    entries = []
    for spec, folder in pack_folders():
        try:
            p = load_pack(folder)
        except PackError as exc:
            entries.append(Entry(spec, "", "", error=exc.issues[0].format()))
            continue
        m = p.meta
        entries.append(Entry(spec, m.title, _first_sentence(m.summary), m.turns, len(p.actors), m.difficulty,
                             m.minutes, tutorial=m.tutorial))
    return tutorials_first(entries)
