"""The playthrough record: every decision in order and each turn's state hash (save format version 1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sysplay import __version__
from sysplay.engine.game import Game
from sysplay.fsutil import write_text_atomic

FORMAT = "sysplay-playthrough"
VERSION = 1
MIN_READER = 1


def record_of(g: Game) -> dict[str, Any]:
    """The record of a game so far, as plain JSON-ready data."""
    m = g.pack.meta
    turns = []
    for r in g.results:
        turns.append({
            "turn": r.turn,
            "answer": {"dilemma": r.answer[0], "choice": r.answer[1]} if r.answer else None,
            "moves": [{"do": mv.intervention, "target": list(mv.targets)} for mv in r.moves],
            "state_hash": r.state_hash,
        })
    return {
        "format": FORMAT, "version": VERSION, "min_reader": MIN_READER, "app_version": __version__,
        "pack": {"id": m.id, "version": m.version, "content_hash": g.pack.content_hash},
        "seed": g.seed, "turns": turns, "ending": g.state.ending,
        "outcome": round(g.outcome().composite, 6) if g.finished else None,
    }


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write a record atomically as UTF-8 JSON."""
    write_text_atomic(path, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
