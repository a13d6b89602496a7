"""Everything a player reads in the debrief is in words: no formulas, ids or statistics (issue 15, item 2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sysplay.debrief.api import build, render
from sysplay.debrief.moments import plain_cause

#: A formula, a statistic or an identifier: what must not reach a player.
INTERNALS = re.compile(r"[a-z]+_[a-z_]+|\w\s*[*/]\s*\w|Shannon|entropy|log\(|threshold: \d|stubbornness: \d")


def test_a_flows_cause_loses_its_formula_and_keeps_its_name() -> None:
    assert plain_cause("flow: Care workers leaving (care_capacity * (0.02 + 0.03*(1 - staff_morale/100)))") == \
        "flow: Care workers leaving"
    assert plain_cause("flow: new_delays (38 + 12*surge)") == "flow: new delays"
    assert plain_cause("pulled back towards their settled position") == "pulled back towards their settled position"


@pytest.mark.parametrize("persona", ["coalition_builder", "heroic_director"])
def test_moments_and_habits_read_in_words(played: Callable[[str, int], Path], persona: str) -> None:
    d = build([played(persona, 5)])
    assert not isinstance(d, list)
    for m in d.moments:  # type: ignore[union-attr]
        for line in [m.title, *m.chain]:
            assert not INTERNALS.search(line), line
    for b in d.behaviours:  # type: ignore[union-attr]
        for metric in b.metrics:
            assert not INTERNALS.search(metric.how), metric.how
    text = render(d, "md")
    assert "12*surge" not in text and "Shannon" not in text
