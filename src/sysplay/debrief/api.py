"""The debrief's public API: open a save's debrief, compare several, and render either as text.

The command (``sysplay debrief``) lives in the top-level ``sysplay.cli``, which chooses between this and
the full-screen debrief; the TUI calls the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sysplay.debrief.compare import compare
from sysplay.debrief.html import to_html
from sysplay.debrief.jsonexport import to_json
from sysplay.debrief.markdown import to_markdown
from sysplay.debrief.models import Comparison, Debrief
from sysplay.debrief.source import open_save
from sysplay.errors import PackError

RENDERERS: dict[str, Callable[[Any], str]] = {"md": to_markdown, "html": to_html, "json": to_json}
"""The text formats a debrief (or a comparison) can be written in."""


def debrief_save(path: Path, pack: str | None = None) -> Debrief:
    """Open and analyse one save.

    Raises:
        PackError: the save cannot be read or debriefed (positioned at the save).
    """
    opened = open_save(path, pack)
    try:
        return opened.debrief()
    except (ArithmeticError, LookupError, ValueError, TypeError, RecursionError) as exc:
        # A snapshot that passed every check but still does not add up: say so, never a traceback.
        raise PackError.at(str(path), 1, 1, f"the save's snapshot does not add up ({type(exc).__name__}); "
                                            "it may have been edited") from None


def build(saves: list[Path], pack: str | None = None) -> Debrief | Comparison:
    """One save's debrief, or the comparison of several (which holds each debrief)."""
    debriefs = [debrief_save(p, pack) for p in saves]
    return debriefs[0] if len(debriefs) == 1 else compare(debriefs)


def render(obj: Debrief | Comparison, fmt: str, *, one_page: bool = False) -> str:
    """The debrief or comparison in ``fmt`` (md, html or json); with ``one_page``, the one-page summary."""
    if one_page:
        from sysplay.debrief.summary import one_page as summarise
        from sysplay.debrief.summary import summary_html, summary_markdown

        page = summarise(obj)
        if fmt == "json":
            return json.dumps(page.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n"
        return summary_html(page) if fmt == "html" else summary_markdown(page)
    return RENDERERS[fmt](obj)
