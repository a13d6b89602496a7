"""The player's settings for the full-screen game: theme, prompts and remapped keys, kept in a small JSON file.

The file is ``$SYSPLAY_CONFIG_DIR/tui.json``, else ``$XDG_CONFIG_HOME/sysplay/tui.json``, else
``~/.config/sysplay/tui.json``. A missing or unreadable file means the defaults; it is never
fatal, and it is written atomically.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENV_CONFIG_DIR = "SYSPLAY_CONFIG_DIR"
MAX_BYTES = 64_000
_KEY = re.compile(r"^[a-z0-9_+,\-]{1,40}$")
_ID = re.compile(r"^[a-z_.]{1,40}$")


@dataclass
class Settings:
    """What the player can change.

    Attributes:
        theme: The Textual theme's name.
        confirm_end_turn: Ask before ending a turn.
        reflect_prompts: Offer a pause to reflect after a big surprise.
        keymap: Binding id -> keys, e.g. ``{"play.end_turn": "ctrl+e"}`` (see docs/tui.md).
    """

    theme: str = "textual-dark"
    confirm_end_turn: bool = True
    reflect_prompts: bool = True
    keymap: dict[str, str] = field(default_factory=dict)


def config_path() -> Path:
    """Where the settings live."""
    base = os.environ.get(ENV_CONFIG_DIR)
    if base:
        return Path(base) / "tui.json"
    xdg = os.environ.get("XDG_CONFIG_HOME")
    root = Path(xdg) if xdg else Path.home() / ".config"
    return root / "sysplay" / "tui.json"


def load(path: Path | None) -> Settings:
    """Read settings; anything missing, malformed or unexpected falls back to the default."""
    out = Settings()
    if path is None:
        return out
    try:
        from sysplay.fsutil import read_regular

        data = read_regular(path, MAX_BYTES)  # never blocks on a FIFO
        if len(data) > MAX_BYTES:
            return out
        raw = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return out
    if not isinstance(raw, dict):
        return out
    if isinstance(raw.get("theme"), str) and len(raw["theme"]) <= 60:
        out.theme = raw["theme"]
    for name in ("confirm_end_turn", "reflect_prompts"):
        if isinstance(raw.get(name), bool):
            setattr(out, name, raw[name])
    keymap = raw.get("keymap")
    if isinstance(keymap, dict):
        out.keymap = {k: v for k, v in keymap.items()
                      if isinstance(k, str) and isinstance(v, str) and _ID.match(k) and _KEY.match(v)}
    return out


def save(settings: Settings, path: Path | None) -> str | None:
    """Write settings; return an error message instead of raising (settings are never worth a crash)."""
    if path is None:
        return None
    from sysplay.fsutil import write_text_atomic

    try:
        write_text_atomic(path, json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        return f"could not save settings to {path}: {exc.strerror or exc}"
    return None
