"""The debrief: analysis of a playthrough, comparison of several, and Markdown, HTML and JSON exports.

The public API is what this package exports; the analysis is a pure function of a save and its
snapshot. No UI imports (an import contract in ``pyproject.toml`` enforces it).
"""

from __future__ import annotations

from sysplay.debrief.analysis import analyse
from sysplay.debrief.api import RENDERERS, build, debrief_save, render
from sysplay.debrief.compare import compare
from sysplay.debrief.html import to_html
from sysplay.debrief.jsonexport import to_json
from sysplay.debrief.markdown import to_markdown
from sysplay.debrief.models import Comparison, Debrief
from sysplay.debrief.source import open_save

__all__ = ["RENDERERS", "Comparison", "Debrief", "analyse", "build", "compare", "debrief_save", "open_save", "render",
           "to_html", "to_json", "to_markdown"]
