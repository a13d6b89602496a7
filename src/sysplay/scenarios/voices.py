"""Voice lines: how specific a line is, which decides which of several true lines is spoken."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sysplay.scenarios.models import Pack, VoiceLine

_CONDITIONS = ("trust_below", "trust_above", "stance_below", "stance_above", "anxiety_below", "anxiety_above",
               "stage", "concern_known", "after_event")


def specificity(pack: Pack, line: VoiceLine) -> int:
    """How specific a voice line is: one for each condition, and one for each name its ``when`` reads."""
    given = sum(1 for name in _CONDITIONS if getattr(line, name) is not None)
    return given + (len(pack.expr(line.when).names) if line.when is not None else 0)
