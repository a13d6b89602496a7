"""The debrief: analysis of a playthrough, comparison of several, and Markdown, HTML and JSON exports.

The analysis is a pure function of a save and its snapshot. No UI imports."""

from __future__ import annotations

from sysplay.debrief.analysis import analyse
from sysplay.debrief.compare import compare
from sysplay.debrief.html import to_html
from sysplay.debrief.jsonexport import to_json
from sysplay.debrief.markdown import to_markdown
from sysplay.debrief.models import Comparison, Debrief
from sysplay.debrief.source import open_save

__all__ = ["Comparison", "Debrief", "analyse", "compare", "open_save", "to_html", "to_json", "to_markdown"]
