"""The behaviour profile: it separates a coalition builder from a heroic director, and each rule holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sysplay.debrief.facts import Facts, PackInfo
from sysplay.debrief.habits import adapted, top_surprises
from sysplay.debrief.models import Debrief
from sysplay.debrief.source import open_save
from sysplay.playthroughs.snapshot import DebriefSnapshot

SEEDS = (1, 2, 3)
#: metric -> the least by which the coalition builder must exceed the heroic director, on every seed.
HIGHER_FOR_COALITION = {
    "curiosity/reveals_before_first_directive": 0.3,
    "curiosity/reveal_rate": 0.2,
    "perspectives/type_spread": 0.3,
    "perspectives/voice_share": 0.2,
    "difficulty/approach_with_inquiry": 0.1,
    "connecting/voices_engaged": 0.5,
    "holding/mean_holding": 0.1,
    "holding/work_mode_share": 0.2,
    "self_organisation/enabling_share": 0.25,
    "reflection/adapted_after_surprise": 0.25,
    "alliances/alliance_not_instruction": 0.5,
}


def metrics(d: Debrief) -> dict[str, float | None]:
    return {f"{b.id}/{m.id}": m.value for b in d.behaviours for m in b.metrics}


#: A frozen copy of Riverside (as written for engine 1), so that the profile is held to margins on a pack
#: that does not change when the bundled scenarios are rebalanced.
FROZEN = Path(__file__).parents[1] / "fixtures" / "packs" / "engine1_riverside"


def test_profile_separates_coalition_builder_from_heroic_director(tmp_path: Path) -> None:
    from sysplay.scenarios.loader import load_pack
    from tests.debrief.helpers import play

    frozen = load_pack(str(FROZEN))

    def saved(persona: str, seed: int) -> Path:
        pt = play(frozen, seed, tmp_path / persona, persona)
        assert pt.path is not None
        return pt.path

    table: dict[str, list[tuple[float | None, float | None]]] = {k: [] for k in HIGHER_FOR_COALITION}
    for seed in SEEDS:
        coalition = metrics(open_save(saved("coalition_builder", seed)).debrief())
        heroic = metrics(open_save(saved("heroic_director", seed)).debrief())
        for key in HIGHER_FOR_COALITION:
            table[key].append((coalition[key], heroic[key]))
    print("\nmetric: (coalition builder, heroic director) per seed")
    for key, pairs in table.items():
        print(f"  {key}: {[(round(a or 0, 2), round(b or 0, 2)) for a, b in pairs]}")
    for key, margin in HIGHER_FOR_COALITION.items():
        for seed, (a, b) in zip(SEEDS, table[key], strict=True):
            assert a is not None and b is not None, (key, seed)
            assert a - b >= margin, f"{key} on seed {seed}: coalition {a:.2f} vs heroic {b:.2f}"


def test_every_figure_is_in_range_and_names_real_turns(played: Callable[[str, int], Path]) -> None:
    for persona in ("coalition_builder", "heroic_director"):
        d = open_save(played(persona, 1)).debrief()
        assert len(d.behaviours) == 8
        for b in d.behaviours:
            assert b.summary and b.metrics
            for m in b.metrics:
                assert m.value is None or 0.0 <= m.value <= 1.0, (b.id, m.id, m.value)
                assert all(1 <= t <= d.meta.turns_played for t in m.turns), (b.id, m.id, m.turns)
                assert m.how and m.shown


def test_heroic_director_leaves_voices_out_and_instructs(played: Callable[[str, int], Path]) -> None:
    d = open_save(played("heroic_director", 2)).debrief()
    assert "Carers' Centre" in d.harm.left_out and "Healthwatch Riverside" in d.harm.left_out
    alliances = next(b for b in d.behaviours if b.id == "alliances")
    directives = next(m for m in alliances.metrics if m.id == "alliance_not_instruction")
    assert directives.turns, "the instructions' turns are named"
    first = next(b for b in d.behaviours if b.id == "curiosity").metrics[1]
    assert first.value == 0.0 and "week 1" in first.shown


# --------------------------------------------------------------------------- reflection after surprise


def _snap(moves: list[list[tuple[str, list[str]]]], surprises: list[float]) -> DebriefSnapshot:
    """A tiny snapshot: two actors, three interventions, the given moves and surprises per turn."""
    n = 2
    state = {"stance": [0.0] * n, "trust": [0.3] * n, "anxiety": [0.3] * n, "stage": [0] * n}
    timeline = [{"turn": 0, **state}]
    for k, (ms, s) in enumerate(zip(moves, surprises, strict=True), 1):
        timeline.append({"turn": k, "zone": "complexity", "mode": "work", "surprise": s, **state,
                         "moves": [{"do": do, "target": tg} for do, tg in ms]})
    return DebriefSnapshot.model_validate({
        "title": "t", "turns": len(moves), "turn_label": "week", "role": "r", "good_at": 0.6,
        "actors": [{"id": a, "name": a.upper(), "type": "council", "speaker": "s", "power": 0.5} for a in ("a", "b")],
        "stocks": [], "dimensions": [], "events": [], "endings": [],
        "interventions": [{"id": "order", "label": "Order", "kind": "directive"},
                          {"id": "fund", "label": "Fund", "kind": "resource"},
                          {"id": "ask", "label": "Ask", "kind": "inquiry"}],
        "timeline": timeline, "ties_start": {}, "ties_end": {},
    })


def test_a_kind_change_forced_by_a_cooldown_is_not_adaptation() -> None:
    # Week 2 brings the big surprise; week 3 swaps "order" (cooling down) for "fund" on the same actor.
    snap = _snap([[("ask", ["a"])], [("order", ["a"])], [("fund", ["a"])], [("fund", ["a"])]], [0.1, 0.9, 0.1, 0.1])
    f = Facts.of(snap)
    assert top_surprises(f) == [2]
    assert adapted(f, PackInfo(cooldown={"order": 2, "fund": 0, "ask": 0}), 2) is None
    # Without the cooldown, choosing to fund instead of order is a change of course.
    assert adapted(f, PackInfo(cooldown={"order": 0, "fund": 0, "ask": 0}), 2) == 3


def test_a_new_target_after_a_surprise_is_adaptation_and_alternation_is_not() -> None:
    snap = _snap([[("order", ["a"])], [("ask", ["a"])], [("order", ["a"])], [("ask", ["b"])]], [0.1, 0.9, 0.1, 0.1])
    f = Facts.of(snap)
    info = PackInfo(cooldown={"order": 1, "fund": 0, "ask": 0})
    assert adapted(f, info, 2) == 4, "asking someone new in week 4 is within two weeks of the surprise"
    snap = _snap([[("order", ["a"])], [("ask", ["a"])], [("order", ["a"])], [("ask", ["a"])]], [0.1, 0.9, 0.1, 0.1])
    assert adapted(Facts.of(snap), info, 2) is None, "alternating the same two moves on the same actor is no change"


@pytest.mark.parametrize("persona", ["coalition_builder", "heroic_director"])
def test_lenses_say_what_they_are_and_are_not(played: Callable[[str, int], Path], persona: str) -> None:
    d = open_save(played(persona, 1)).debrief()
    by_id = {lens.id: lens for lens in d.lenses}
    assert set(by_id) == {"bion", "stacey", "asking"}
    assert "2003" in by_id["stacey"].what_it_is_not and "heuristic" in by_id["stacey"].what_it_is
    assert "diagnosis" in by_id["bion"].what_it_is_not
    for lens in d.lenses:
        assert [p.turn for p in lens.points] == list(range(1, d.meta.turns_played + 1))
    # Bion is shown as symptoms, never as the bare labels.
    assert all(p.label not in ("dependency", "fight_flight", "pairing", "work") for p in by_id["bion"].points)
