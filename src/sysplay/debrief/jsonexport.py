"""The debrief (or comparison) as one JSON object: the model dump, for scripts and other tools."""

from __future__ import annotations

import json

from sysplay.debrief.models import Comparison, Debrief


def to_json(obj: Debrief | Comparison, *, indent: int | None = 2) -> str:
    """One JSON object, ASCII only (a comparison holds each playthrough's debrief under ``debriefs``)."""
    return json.dumps(obj.model_dump(mode="json"), indent=indent, ensure_ascii=True) + "\n"
