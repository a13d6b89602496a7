"""Save migrations: chained steps on the raw data, oldest first; newer saves are refused clearly."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sysplay.errors import PackError
from sysplay.playthroughs.models import FORMAT, VERSION

Raw = dict[str, Any]


def _v1_to_v2(data: Raw) -> Raw:
    """Version 1 (sysplay 0.1 `run --save`): add an id, notes, votes, mode and the fork parent."""
    out = dict(data)
    raw_pack = out.get("pack")
    pack: dict[str, Any] = raw_pack if isinstance(raw_pack, dict) else {}
    pack_id = re.sub(r"[^a-z0-9_-]+", "-", str(pack.get("id", "pack")).lower()).strip("-_")[:40] or "pack"
    out.update({
        "version": 2, "min_reader": 2, "save_id": f"{pack_id}-v1-{str(out.get('seed', 0))[:12]}",
        "created": "", "updated": "", "player": "", "mode": "headless", "parent": None,
        "notes": [], "votes": [], "snapshot": None,
    })
    return out


def _v2_to_v3(data: Raw) -> Raw:
    """Version 2 (sysplay 0.1 with notes and votes): add facilitator actions and the live view."""
    return {**data, "version": 3, "min_reader": 3, "actions": [], "live": None}


#: MIGRATIONS[n] turns version n into version n + 1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: Raw, shown: str) -> Raw:
    """Bring raw save data up to the current version.

    Raises:
        PackError: not a sysplay save, or written by a newer sysplay than this one can read.
    """
    if data.get("format") != FORMAT:
        raise PackError.at(shown, 1, 1, "this is not a sysplay save (no 'format': 'sysplay-playthrough')")
    version, min_reader = data.get("version"), data.get("min_reader", data.get("version"))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackError.at(shown, 1, 1, "the save's 'version' must be a whole number from 1")
    if not isinstance(min_reader, int) or isinstance(min_reader, bool):
        raise PackError.at(shown, 1, 1, "the save's 'min_reader' must be a whole number")
    if min_reader > VERSION:
        raise PackError.at(shown, 1, 1, f"this save is version {version} and needs a reader of version "
                           f"{min_reader} or newer; this sysplay reads saves up to version {VERSION}. Update sysplay.")
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data
