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


def test_two_tests_landing_in_the_same_week_each_list_their_own_effects_once(tmp_path: Path) -> None:
    from sysplay.playthroughs.save import Playthrough
    from sysplay.scenarios.loader import load_pack

    pack = load_pack("riverside_winter")
    planned = None
    for seed in range(1, 30):
        pt = Playthrough.start(pack, seed, tmp_path / str(seed))
        pt.game.plan("listen_one_to_one", ("carers",))
        pt.end_turn()
        if not pt.game.knows("carers", "concern"):
            continue
        pt.game.plan("carers_early_word", ("carers", "community"))
        pt.game.plan("joint_triage", ("community", "council"))
        planned = pt.game.turn
        break
    assert planned is not None, "no seed let one listen learn the Carers' Centre's concern"
    while not pt.game.finished:
        if pt.game.pending_dilemma is not None:
            pt.game.answer(pack.event(pt.game.pending_dilemma).choices[0].id)
        pt.end_turn()
    assert pt.path is not None
    d = build([pt.path])
    landed = [m for m in d.moments if m.kind == "delayed" and m.turn == planned + 2]  # type: ignore[union-attr]
    assert len(landed) == 2
    for m in landed:
        name = m.title.split("'")[1]
        assert m.chain and all(f"'{name}'" in line for line in m.chain), m.chain
    def effects(chain: list[str]) -> set[str]:
        return {line.split(": ", 1)[1] if line[0] not in "+-−" else line for line in chain if "your " in line}

    week = [effects(m.chain) for m in d.moments if m.turn == planned + 2]  # type: ignore[union-attr]
    for k, a in enumerate(week):
        for b in week[k + 1:]:
            assert not a & b, "an effect of a move is listed again in a later moment of the same week"


def test_a_cause_calls_turns_what_the_pack_calls_them() -> None:
    assert plain_cause("your 'Test' (planned in turn 2, landing now) (x1.0)", "week") == \
        "your 'Test' (planned in week 2, landing now) (x1.0)"
    assert plain_cause("arrived after a delay of about 4 turns: Care workers recruited", "week") == \
        "arrived after a delay of about 4 weeks: Care workers recruited"
