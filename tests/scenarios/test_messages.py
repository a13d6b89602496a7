"""The writer's loop: each message that once misled a new writer, pinned in its better form.

Every case edits the pack ``sysplay new`` makes, as a writer would, and checks the whole of what
they are told: where, and in words that say what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sysplay.errors import Issue, PackError
from sysplay.scenarios.loader import load_pack_checked
from sysplay.scenarios.scaffold import scaffold


@pytest.fixture
def new_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return scaffold(Path("harbour"))


def edit(folder: Path, old: str, new: str) -> str:
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def errors(folder: Path) -> list[Issue]:
    with pytest.raises(PackError) as exc:
        load_pack_checked(folder)
    return exc.value.issues


def warnings(folder: Path) -> list[Issue]:
    _pack, issues = load_pack_checked(folder)
    return [i for i in issues if i.severity == "warning"]


def one(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


# ----- YAML slips ----------------------------------------------------------------------------------


def test_an_unclosed_quote_is_named_where_it_opened(new_pack: Path) -> None:
    text = edit(new_pack, 'briefing: "Runs the hospital. Beds are full."', 'briefing: "Runs the hospital. Beds are full.')
    opened = line_of(text, 'briefing: "Runs the hospital')
    issue = one(errors(new_pack))
    assert (issue.line, issue.col) == (opened, 15)
    assert issue.message.startswith(f"invalid YAML: the quote opened here is not closed on line {opened}, "
                                     f"so YAML read on to line {opened + 1} and then failed at line {opened + 1}")
    assert issue.message.endswith(f"close the quote on line {opened}")


def test_a_field_swallowed_by_block_text_is_named_when_it_was_required(new_pack: Path) -> None:
    text = edit(new_pack, '    briefing: "Buys home care. The market is thin."\n    power: 0.7',
                "    briefing: >-\n      Buys home care. The market is thin.\n      power: 0.7")
    where = line_of(text, "      power: 0.7")
    issue = one(errors(new_pack))
    assert (issue.line, issue.col) == (where, 7)
    assert issue.message == (f"actors.1 (council).power: required field is missing: 'power:' on line {where} is part "
                             f"of the text of 'briefing' (the block that starts on line {where - 2}); indent it to "
                             "line up with 'briefing'")


def test_a_field_swallowed_by_block_text_is_warned_when_it_was_optional(new_pack: Path) -> None:
    text = edit(new_pack, "    nobody agrees whose problem it is.\n",
                "    nobody agrees whose problem it is.\n    turns: 10\n")
    where = line_of(text, "    turns: 10")
    swallowed = [w for w in warnings(new_pack) if "part of the text" in w.message]
    issue = one(swallowed)
    assert (issue.line, issue.col) == (where, 5)
    assert issue.message == ("'turns:' here is part of the text of 'situation' (the block that starts on line "
                             f"{line_of(text, 'situation: >-')}), not a field; if it is meant as a field, indent it "
                             "to line up with 'situation'")


def test_prose_in_block_text_is_not_taken_for_a_field(new_pack: Path) -> None:
    edit(new_pack, "    nobody agrees whose problem it is.\n",
         "    nobody agrees whose problem it is.\n    Note: this is prose, and so is this: fine.\n")
    assert not [w for w in warnings(new_pack) if "part of the text" in w.message]


def test_a_comma_that_splits_a_flow_mapping_value_is_explained(new_pack: Path) -> None:
    edit(new_pack, 'speaker: {name: "Jo Reid", role: "Head of Commissioning"}',
         "speaker: {name: Jo Reid, role: Head of Commissioning, Adults}")
    issue = one(errors(new_pack))
    assert issue.message == (
        "actors.1 (council).speaker: 'Adults' is not a field: a comma inside {...} ends a value, so "
        "'role: Head of Commissioning, Adults' was read as 'role: Head of Commissioning' and then 'Adults'; "
        "put the value in quotes: role: \"Head of Commissioning, Adults\"")


# ----- fields, types and ranges --------------------------------------------------------------------


def test_a_misspelt_field_gets_did_you_mean_once(new_pack: Path) -> None:
    text = edit(new_pack, "    stubbornness: 0.5\n    openness: 0.4", "    stubornness: 0.5\n    openness: 0.4")
    issue = one(errors(new_pack))
    assert issue.line == line_of(text, "stubornness")
    assert issue.message == ("actors.0 (hospital).stubornness: unknown field; did you mean 'stubbornness'? "
                             "('stubbornness' is required and missing)")


def test_a_misspelt_optional_field_gets_did_you_mean(new_pack: Path) -> None:
    edit(new_pack, "effects: {trust: 0.08, reveal: 1, anxiety: -0.05}", "effects: {trsut: 0.08, reveal: 1, anxiety: -0.05}")
    assert one(errors(new_pack)).message == "interventions.0 (listen).effects.trsut: unknown field; did you mean 'trust'?"


def test_an_unknown_field_with_no_near_miss_lists_the_fields(new_pack: Path) -> None:
    edit(new_pack, 'speaker: {name: "Sam Patel", role: "Director of Operations"}',
         'speaker: {name: "Sam Patel", role: "Director of Operations", pronouns: "they"}')
    assert one(errors(new_pack)).message == ("actors.0 (hospital).speaker.pronouns: unknown field (the fields here are: "
                                             "name, role)")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    power: 0.8", "    power: high", "actors.0 (hospital).power: must be a number above 0 and at most 1, not 'high'"),
    ("    power: 0.8", "    power: 1.8", "actors.0 (hospital).power: must be a number above 0 and at most 1; 1.8 is too high"),
    ("    stance: -0.2", "    stance: -2", "actors.0 (hospital).stance: must be a number from -1 to 1; -2 is too low"),
    ("  turns: 8 ", "  turns: 8.5 ", "meta.turns: must be a whole number from 1 to 100, not 8.5"),
    ("    kind: inquiry", "    kind: enquiry",
     "interventions.0 (listen).kind: 'enquiry' is not one of the allowed words (did you mean 'inquiry'?): 'inquiry', "
     "'dialogue', 'connect', 'experiment', 'directive', 'resource', 'reflection', 'escalate' or 'advocate'"),
])
def test_types_and_ranges_are_in_words_with_what_is_allowed(new_pack: Path, old: str, new: str, message: str) -> None:
    edit(new_pack, old, new)
    issue = one(errors(new_pack))
    assert issue.message == message
    assert "Input should" not in issue.message


# ----- expressions ---------------------------------------------------------------------------------


def test_a_number_for_an_expression_says_quote_it(new_pack: Path) -> None:
    edit(new_pack, 'arriving: {expr: "8", to: waiting}', "arriving: {expr: 8, to: waiting}")
    assert one(errors(new_pack)).message == 'system.flows.arriving.expr: an expression is text: quote it, as in expr: "8"'


@pytest.mark.parametrize(("condition", "message", "col"), [
    ("turn >= 3 && turn <= 5", "'&&' is not an operator here: use 'and'", 11),
    ("turn < 3 || turn > 5", "'||' is not an operator here: use 'or'", 10),
    ("!(turn > 3)", "'!' is not an operator here: use 'not' (and '!=' for 'is not equal to')", 1),
    ("turn = 3", "a single '=' is not allowed: use '==' to compare", 6),
])
def test_operators_from_other_languages_say_what_to_write(new_pack: Path, condition: str, message: str, col: int) -> None:
    edit(new_pack, 'when: "turn >= 3 and turn <= 5"', f'when: "{condition}"')
    assert one(errors(new_pack)).message == f"in expression {condition!r}: {message} (at character {col})"


def test_true_in_a_condition_says_conditions_are_numbers(new_pack: Path) -> None:
    edit(new_pack, 'when: "turn >= 3 and turn <= 5"', 'when: "true"')
    message = one(errors(new_pack)).message
    assert "threat" not in message
    assert message == ("in expression 'true': 'true' is not a name here: conditions are numbers (0 is false, anything "
                       "else true); write 1 for always, 0 for never, or a comparison such as turn >= 3 (at character 1)")


def test_an_unquoted_true_for_a_condition_says_the_same(new_pack: Path) -> None:
    edit(new_pack, 'when: "turn >= 3 and turn <= 5"', "when: true")
    assert one(errors(new_pack)).message == (
        "events.0 (cold_snap).when: YAML read true as a yes/no value, but this is an expression in quotes; conditions "
        "are numbers (0 is false, anything else true): write when: \"1\" for always, or a comparison such as "
        "when: \"turn >= 3\"")


# ----- booleans and counting ----------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "where"), [
    ("{from: council, to: carers, trust: 0.4, tie: 0.4}", "{from: council, to: carers, trust: 0.4, tie: 0.4, mutual: no}",
     "relationships.1.mutual"),
    ("tie: 0.2, hidden: true}", "tie: 0.2, hidden: yes}", "relationships.2.hidden"),
    ("    once: false", "    once: off", "events.0 (cold_snap).once"),
])
def test_yes_and_no_are_refused_for_every_boolean_field(new_pack: Path, old: str, new: str, where: str) -> None:
    edit(new_pack, old, new)
    word = new.rsplit(": ", 1)[1].rstrip("}")
    assert one(errors(new_pack)).message == (f"{where}: write true or false, not '{word}': in the YAML 1.2 that packs "
                                             f"are read as, '{word}' is text, not a yes/no value")


def test_every_boolean_field_is_strict() -> None:
    from typing import Annotated, get_args, get_origin

    from pydantic import BaseModel, Strict

    from sysplay.scenarios.models import Pack

    seen: set[type] = set()
    todo: list[object] = [Pack]
    booleans, lax = [], []
    while todo:
        tp = todo.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                continue
            seen.add(tp)
            for name, info in tp.model_fields.items():
                options = [info.annotation, *get_args(info.annotation)]  # bool, or a member of bool | None
                for option in options:
                    base, *meta = get_args(option) if get_origin(option) is Annotated else (option,)
                    if base is bool:
                        booleans.append(f"{tp.__name__}.{name}")
                        if not any(isinstance(m, Strict) for m in [*meta, *info.metadata]):
                            lax.append(f"{tp.__name__}.{name}")
                todo.append(info.annotation)
        else:
            todo.extend(get_args(tp))
    assert len(booleans) >= 7 and lax == []


def test_duplicate_ids_count_from_zero_like_paths(new_pack: Path) -> None:
    text = edit(new_pack, "  - id: council\n", "  - id: hospital\n")
    dup = next(i for i in errors(new_pack) if "used twice" in i.message)
    assert dup.message == (f"actor id 'hospital' is used twice: actors.1 has the same id as actors.0 "
                           f"(line {line_of(text, '  - id: hospital')})")
    assert not re.search(r"item \d", dup.message)


# ----- lint ---------------------------------------------------------------------------------------


def test_a_stock_label_cut_off_at_100_columns_is_warned(new_pack: Path) -> None:
    from sysplay.scenarios.lint_writing import STOCK_LABEL_COLUMNS

    long = "People waiting to leave hospital once the ward team says they are fit"
    edit(new_pack, 'label: "People waiting to leave hospital"', f'label: "{long}"')
    issue = one([w for w in warnings(new_pack) if "label" in w.message])
    shown = long[:STOCK_LABEL_COLUMNS].rstrip()
    assert issue.message == (f"stock 'waiting': its label is {len(long)} characters, and on a 100-column terminal the "
                             f"play screen shows only the first {STOCK_LABEL_COLUMNS} ('{shown}'); shorten it, and put "
                             "the detail in 'description'")


def test_a_stock_label_that_fits_is_not_warned(new_pack: Path) -> None:
    assert not [w for w in warnings(new_pack) if "label" in w.message]
