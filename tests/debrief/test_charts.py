"""The HTML debrief's charts: round ticks, marks for what happened, and an overlay when comparing (issue 15)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sysplay.debrief.api import build, render
from sysplay.debrief.svg import line_chart, nice_step


def _ticks(svg: str) -> list[str]:
    return re.findall(r'class="tick" text-anchor="end">([^<]+)</text>', svg)


def test_ticks_are_round_values() -> None:
    svg = line_chart("Patients", [("Patients", [120.0, 174.2, 64.7, 110.0])])
    ticks = _ticks(svg)
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    assert all(int(t) % 25 == 0 for t in ticks), ticks
    assert _ticks(line_chart("Share", [("Share", [0.2, 0.4])], fixed=(0.0, 1.0))) == \
        ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    assert nice_step(0, 1) == 0.2 and nice_step(60, 180) == 25


def test_charts_mark_what_happened(played: Callable[[str, int], Path]) -> None:
    d = build([played("coalition_builder", 5)])
    html = render(d, "html")
    assert 'class="mark"' in html and "Dotted upright lines mark what happened" in html


def test_a_comparison_overlays_each_playthrough_on_one_chart(played: Callable[[str, int], Path]) -> None:
    c = build([played("coalition_builder", 5), played("heroic_director", 5)])
    html = render(c, "html")
    assert "The numbers side by side" in html
    overlay = html[html.index("The numbers side by side"):]
    first = overlay[overlay.index("<svg"):overlay.index("</svg>")]
    assert first.count("<polyline") == 2
