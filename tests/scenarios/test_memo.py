"""Pack.memo: derived tables are built once per pack and never leak into a model_copy variant."""

from __future__ import annotations

import sysplay
from sysplay.engine.game import Game


def test_memo_builds_once_per_pack() -> None:
    pack = sysplay.load_pack("riverside_winter")
    calls: list[int] = []
    first = pack.memo("test_table", lambda p: calls.append(1) or {"n": len(p.actors)})
    again = pack.memo("test_table", lambda p: calls.append(1) or {"n": -1})
    assert first is again and first == {"n": len(pack.actors)} and calls == [1]


def test_a_copy_with_changes_builds_its_own_tables() -> None:
    pack = sysplay.load_pack("riverside_winter")
    first = pack.actors[0]
    assert Game(pack, 1).index[first.id] == 0 and pack.actor(first.id) is first  # the original's tables exist
    renamed = first.model_copy(update={"name": "Renamed"})
    variant = pack.model_copy(update={"actors": (*reversed(pack.actors[1:]), renamed)})  # private attributes copied too
    assert variant.actor(first.id) is renamed
    assert Game(variant, 1).index[first.id] == len(pack.actors) - 1
    assert pack.actor(first.id) is first and Game(pack, 1).index[first.id] == 0
    assert Game(variant, 1).tc.tables.names is not Game(pack, 1).tc.tables.names


def test_lookups_by_id_find_the_first_of_a_repeated_id() -> None:
    pack = sysplay.load_pack("riverside_winter")
    first = pack.interventions[0]
    twin = first.model_copy(update={"name": "A later duplicate"})
    variant = pack.model_copy(update={"interventions": (*pack.interventions, twin)})
    assert variant.intervention(first.id) is first
