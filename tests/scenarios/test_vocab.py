"""One table per concept: the kinds of intervention and their groups, and the personas, are each written
once and read by everyone."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

import sysplay
from sysplay.engine import PERSONAS
from sysplay.engine import personas as persona_module
from sysplay.scenarios.vocab import (
    ADVOCACY_KINDS,
    COMMAND_KINDS,
    DEFAULT_BION,
    DEFAULT_STACEY,
    ENABLING_KINDS,
    FOLLOW_THROUGH_KINDS,
    INQUIRY_KINDS,
    INTERVENTION_KINDS,
    KIND_TABLE,
    REACHING_KINDS,
    KindRow,
    kinds_where,
)

SRC = Path(sysplay.__file__).resolve().parent
GROUPS = [name for name in KindRow.__dataclass_fields__]


def test_the_kind_table_covers_every_kind_of_intervention_and_nothing_else() -> None:
    assert set(KIND_TABLE) == set(INTERVENTION_KINDS)
    assert set(DEFAULT_STACEY) == set(INTERVENTION_KINDS) == set(DEFAULT_BION)


def test_every_kind_is_in_at_least_one_group_and_every_group_has_a_kind() -> None:
    for kind, row in KIND_TABLE.items():
        assert any(getattr(row, g) for g in GROUPS), kind
    for group in GROUPS:
        assert kinds_where(group), group


def test_a_kind_asks_or_tells_but_never_both_and_only_reflection_and_the_enablers_do_neither() -> None:
    assert not INQUIRY_KINDS & ADVOCACY_KINDS
    assert set(INTERVENTION_KINDS) - INQUIRY_KINDS - ADVOCACY_KINDS == {"connect", "experiment"}


def test_the_named_groups_are_read_from_the_table() -> None:
    assert (
        kinds_where("enables"), kinds_where("asks"), kinds_where("tells"), kinds_where("follows_through"),
        kinds_where("commands"), kinds_where("reaches_out")) == (ENABLING_KINDS, INQUIRY_KINDS, ADVOCACY_KINDS, FOLLOW_THROUGH_KINDS, COMMAND_KINDS, REACHING_KINDS)
    assert {"directive", "escalate"} == COMMAND_KINDS
    assert {"connect", "experiment", "resource"} == FOLLOW_THROUGH_KINDS


def _set_literals_of_kinds(path: Path) -> list[str]:
    """Set or tuple literals in a module made only of two or more intervention kinds: a group written again."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Set | ast.Tuple | ast.List) and len(node.elts) >= 2 and all(
                isinstance(e, ast.Constant) and e.value in INTERVENTION_KINDS for e in node.elts):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_module_writes_a_group_of_kinds_of_its_own() -> None:
    offenders = [hit for path in sorted(SRC.rglob("*.py")) if path.name != "vocab.py"
                 for hit in _set_literals_of_kinds(path)]
    assert offenders == []


def test_the_checker_finds_a_group_written_again(tmp_path: Path) -> None:
    planted = SRC / "debrief" / "_planted_for_test.py"
    try:
        planted.write_text('TELLING = frozenset({"directive", "escalate"})\n', encoding="utf-8")
        assert _set_literals_of_kinds(planted) == ["debrief/_planted_for_test.py:1"]
    finally:
        planted.unlink()


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_named_once_can_play(name: str) -> None:
    assert name in persona_module._CHOOSERS
    assert set(persona_module._CHOOSERS) == set(PERSONAS)


def test_the_commands_offer_the_personas_from_the_one_table() -> None:
    from sysplay.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    persona = next(a for a in commands.choices["run"]._actions if a.dest == "persona")
    assert tuple(persona.choices or ()) == PERSONAS
