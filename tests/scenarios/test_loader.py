"""Tests for loading packs: resolving, includes, positioned errors, cross-references and lint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import sysplay
from sysplay.errors import Issue, PackError
from sysplay.scenarios.loader import load_pack, load_pack_checked
from sysplay.scenarios.paths import bundled_dir, bundled_ids
from tests.budget import counted

# --------------------------------------------------------------------------- fixtures

# A tiny, valid pack with no lint findings. Line numbers below are relied on by tests,
# so edit with care: PACK_LINES / PEOPLE_LINES give the line of each marker.
PACK_YAML = """\
format: 1
meta:
  id: tiny
  title: Tiny
  version: "1"
  summary: A tiny pack for tests.
  author: Tests
  licence: CC0
  turns: 3
  role:
    title: Lead
    organisation: Org
    briefing: You lead.
  situation: It is raining.
include:
  - people.yaml
system:
  params:
    rate: 2
  stocks:
    queue: {label: Queue, initial: 10, min: 0, max: 100}
  flows:
    inflow: {expr: "rate", to: queue}
interventions:
  - id: listen
    name: Listen
    kind: inquiry
    description: Listen to someone.
    target: actor
    effects: {trust: 0.05}
    text: {attempt: "You listen to {target}."}
events:
  - id: storm
    title: A storm
    text: It rains harder.
    when: "turn >= 2"
    effects: {metric: {queue: 3}}
endings:
  - {id: fine, title: Fine, tone: good, when: "outcome >= 0.6", text: Well done.}
  - {id: done, title: Done, tone: mixed, text: The end.}
outcome:
  dimensions:
    - {id: calm, label: Calm, expr: "1 - clip(queue/100, 0, 1)"}
prompts:
  - {id: ask, text: What happened?}
"""

PEOPLE_YAML = """\
actors:
  - id: alpha
    name: Alpha
    type: acute_trust
    speaker: {name: Ann, role: Chief}
    briefing: Alpha runs the hospital.
    power: 0.5
    stance: 0
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.5
    voice:
      - {line: "Hello."}
  - id: beta
    name: Beta
    type: council_asc
    speaker: {name: Bob, role: Head}
    briefing: Beta buys care.
    power: 0.5
    stance: 0.2
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.5
    voice:
      - {line: "Hi."}
relationships:
  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}
"""


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not found {nth} times"
    return hits[nth - 1]


def col_of(text: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` on ``line``."""
    return text.splitlines()[line - 1].index(needle) + 1


def write_pack(folder: Path, pack: str = PACK_YAML, people: str | None = PEOPLE_YAML,
               **extra: str) -> Path:
    """Write a pack folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    if people is not None:
        (folder / "people.yaml").write_text(people, encoding="utf-8")
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def pack_error(spec: object) -> PackError:
    """Load something that must fail; return the error."""
    with pytest.raises(PackError) as caught:
        load_pack(spec)  # type: ignore[arg-type]
    assert caught.value.issues, "a PackError must carry at least one issue"
    return caught.value


def errors_of(folder: Path) -> list[Issue]:
    """The issues of a pack that must fail to load (all errors, all positioned)."""
    issues = pack_error(folder).issues
    for issue in issues:
        assert issue.severity == "error"
        assert issue.line >= 1 and issue.col >= 1, issue
    return issues


def warnings_of(folder: Path) -> list[Issue]:
    """The lint warnings of a pack that must load."""
    _pack, issues = load_pack_checked(folder)
    assert all(i.severity == "warning" for i in issues)
    return issues


# --------------------------------------------------------------------------- resolving


def test_fixture_pack_is_valid_and_clean(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "tiny")
    pack, issues = load_pack_checked(folder)
    assert issues == []
    assert [a.id for a in pack.actors] == ["alpha", "beta"]
    assert pack.relationships[0].source == "alpha"


def test_load_bundled_pack_by_id_folder_and_file() -> None:
    assert "riverside_winter" in bundled_ids()
    folder = bundled_dir() / "riverside_winter"
    by_id = sysplay.load_pack("riverside_winter")
    by_folder = sysplay.load_pack(folder)
    by_folder_str = sysplay.load_pack(str(folder))
    by_file = sysplay.load_pack(folder / "pack.yaml")
    by_file_str = sysplay.load_pack(str(folder / "pack.yaml"))
    packs = [by_id, by_folder, by_folder_str, by_file, by_file_str]
    assert {p.meta.id for p in packs} == {"riverside_winter"}
    assert len({p.content_hash for p in packs}) == 1
    assert len(by_id.actors) >= 2 and len(by_id.interventions) >= 1
    # the included files were merged in
    assert by_id.relationships
    assert by_id.source_path is not None and by_id.source_path.name == "pack.yaml"


def test_load_by_folder_and_by_pack_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "tiny")
    a = load_pack(folder)
    b = load_pack(folder / "pack.yaml")
    c = sysplay.load_pack(str(folder))
    assert a.meta.id == b.meta.id == c.meta.id == "tiny"
    assert a.content_hash == b.content_hash == c.content_hash


def test_loaded_pack_is_frozen() -> None:
    pack = sysplay.load_pack("riverside_winter")
    with pytest.raises(ValidationError):
        pack.meta.title = "Something else"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        pack.actors[0].power = 0.1  # type: ignore[misc]
    assert isinstance(pack.actors, tuple)
    assert pack.meta.title != "Something else"


def test_content_hash_changes_when_an_included_file_changes(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "tiny")
    before = load_pack(folder).content_hash
    assert before == load_pack(folder).content_hash  # stable
    people = folder / "people.yaml"
    people.write_text(PEOPLE_YAML.replace('"Hello."', '"Hello there."'), encoding="utf-8")
    after = load_pack(folder).content_hash
    assert after != before
    people.write_text(PEOPLE_YAML + "# just a comment\n", encoding="utf-8")
    assert load_pack(folder).content_hash not in (before, after)


# --------------------------------------------------------------------------- hostile input


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, tuple[dict[str, str | bytes], str]] = {
    # name: (files written into the pack folder, the file the error must point into)
    "alias_bomb": ({"pack.yaml": _alias_bomb()}, "pack.yaml"),
    "merge_key": ({"pack.yaml": "base: {a: 1}\nother:\n  <<: {a: 2}\n"}, "pack.yaml"),
    "python_tag": ({"pack.yaml": "meta: !!python/object/apply:os.system ['echo hi']\n"}, "pack.yaml"),
    "tabs": ({"pack.yaml": "meta:\n\tid: x\n"}, "pack.yaml"),
    "binary": ({"pack.yaml": b"meta:\x00\x01\x02"}, "pack.yaml"),
    "not_utf8": ({"pack.yaml": b"meta: caf\xe9\n"}, "pack.yaml"),
    "top_level_list": ({"pack.yaml": "- a\n- b\n"}, "pack.yaml"),
    "empty": ({"pack.yaml": ""}, "pack.yaml"),
    "duplicate_key": ({"pack.yaml": PACK_YAML + "format: 1\n"}, "pack.yaml"),
    "deep_nesting": ({"pack.yaml": "a: " + "[" * 200 + "]" * 200 + "\n"}, "pack.yaml"),
    "include_climbs_out": (
        {"pack.yaml": PACK_YAML.replace("  - people.yaml\n", "  - people.yaml\n  - ../../etc/passwd\n")},
        "pack.yaml",
    ),
    "include_absolute": (
        {"pack.yaml": PACK_YAML.replace("  - people.yaml\n", "  - /etc/passwd\n")}, "pack.yaml",
    ),
    "include_missing": (
        {"pack.yaml": PACK_YAML.replace("  - people.yaml\n", "  - people.yaml\n  - nobody.yaml\n")},
        "pack.yaml",
    ),
    "include_holds_meta": ({"people.yaml": PEOPLE_YAML + "meta: {id: x}\n"}, "people.yaml"),
    "include_section_not_list": ({"people.yaml": "actors: {id: alpha}\n"}, "people.yaml"),
    "include_alias": ({"people.yaml": "actors: &x []\nrelationships: *x\n"}, "people.yaml"),
    "include_bad_yaml": ({"people.yaml": "actors: [\n  - {id: alpha\n"}, "people.yaml"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pack_gives_positioned_pack_error(tmp_path: Path, case: str) -> None:
    files, expected_file = HOSTILE[case]
    folder = write_pack(tmp_path / "hostile")
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    with counted() as calls:
        err = pack_error(folder)
    assert calls.n < 200_000, calls.n  # under 3,000 measured: refused early, whatever the file holds
    for issue in err.issues:
        assert issue.line >= 1 and issue.col >= 1, issue
        assert Path(issue.path).name == expected_file, issue
        assert Path(issue.path).parent == folder, issue
        assert issue.message.isprintable(), issue
        assert "Traceback" not in issue.message


def test_many_unknown_fields_fail_fast_with_positions(tmp_path: Path) -> None:
    # 10,000 misspelt fields in one actor (a 150 KB include): every one is positioned,
    # and finding their positions must not take time quadratic in their number.
    junk = "".join(f"    junk_{i}: 1\n" for i in range(10_000))
    people = PEOPLE_YAML.replace("    power: 0.5\n    stance: 0.2\n", "    power: 0.5\n" + junk + "    stance: 0.2\n")
    folder = write_pack(tmp_path / "p", people=people)
    with counted() as calls:
        err = pack_error(folder)
    assert err.issues[0].path == str(folder / "people.yaml")
    assert err.issues[0].line == line_of(people, "junk_0:")
    # About 410,000 calls (forty a field): finding positions one by one from the start would be quadratic.
    assert calls.n < 4_000_000, f"{calls.n:,} calls to report {len(err.issues)} issues"


def test_include_outside_the_pack_names_the_problem_and_line(tmp_path: Path) -> None:
    text = PACK_YAML.replace("  - people.yaml\n", "  - people.yaml\n  - ../../etc/passwd\n")
    folder = write_pack(tmp_path / "p", pack=text)
    (issue,) = errors_of(folder)
    assert "outside the pack folder" in issue.message
    assert issue.path == str(folder / "pack.yaml")
    line = line_of(text, "../../etc/passwd")
    assert (issue.line, issue.col) == (line, col_of(text, line, "../../etc/passwd"))


def test_include_via_symlink_out_of_the_pack_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(PEOPLE_YAML, encoding="utf-8")
    folder = write_pack(tmp_path / "p", people=None)
    try:
        (folder / "people.yaml").symlink_to(outside)
    except OSError:
        pytest.skip("symlinks are not available here")
    (issue,) = errors_of(folder)
    assert "outside the pack folder" in issue.message


def test_missing_path_and_folder_without_pack_yaml(tmp_path: Path) -> None:
    err = pack_error(tmp_path / "nowhere")
    (issue,) = err.issues
    assert (issue.line, issue.col) == (1, 1)
    assert issue.path == str(tmp_path / "nowhere")
    assert "no such pack" in issue.message

    empty = tmp_path / "empty"
    empty.mkdir()
    (issue,) = pack_error(empty).issues
    assert issue.path == str(empty)
    assert "pack.yaml" in issue.message and (issue.line, issue.col) == (1, 1)

    (issue,) = pack_error("no_such_bundled_pack").issues
    assert "riverside_winter" in issue.message  # it lists what is bundled


# --------------------------------------------------------------------------- pydantic errors, positioned


def test_unknown_field_in_included_file_points_at_its_key(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace("    power: 0.5\n    stance: 0.2\n", "    power: 0.5\n    colour: red\n    stance: 0.2\n")
    folder = write_pack(tmp_path / "p", people=people)
    (issue,) = errors_of(folder)
    assert issue.path == str(folder / "people.yaml")
    line = line_of(people, "colour: red")
    assert (issue.line, issue.col) == (line, 5)
    assert re.search(r"actors\.1( \(\w+\))?\.colour", issue.message) and "unknown field" in issue.message


def test_wrong_value_in_included_file_points_at_its_line(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace("    power: 0.5\n    stance: 0.2\n", "    power: lots\n    stance: 0.2\n")
    folder = write_pack(tmp_path / "p", people=people)
    (issue,) = errors_of(folder)
    assert issue.path == str(folder / "people.yaml")
    assert issue.line == line_of(people, "power: lots")
    assert issue.col == 5
    assert re.search(r"actors\.1( \(\w+\))?\.power", issue.message)


def test_items_from_several_files_map_back_to_their_own_file(tmp_path: Path) -> None:
    # One actor in pack.yaml, two in people.yaml: merged index 2 is people.yaml's second actor.
    gamma = (
        "actors:\n"
        "  - id: gamma\n"
        "    name: Gamma\n"
        "    type: carers\n"
        "    speaker: {name: Gia, role: Lead}\n"
        "    briefing: Gamma cares.\n"
        "    power: 0.2\n"
        "    stance: 0.4\n"
        "    stubbornness: 0.3\n"
        "    openness: 0.6\n"
        "    threshold: 0.3\n"
        "    voice:\n"
        "      - {line: \"Yes.\"}\n"
    )
    pack = PACK_YAML.replace("include:\n", gamma + "include:\n")
    people = PEOPLE_YAML.replace("    stance: 0.2\n", "    stance: 7\n")
    folder = write_pack(tmp_path / "p", pack=pack, people=people)
    (issue,) = errors_of(folder)
    assert issue.path == str(folder / "people.yaml")
    assert issue.line == line_of(people, "stance: 7")
    assert re.search(r"actors\.2( \(\w+\))?\.stance", issue.message)  # the merged index, in the message

    # the same mistake in pack.yaml's own actor points into pack.yaml
    pack_bad = pack.replace("    stance: 0.4\n", "    stance: 9\n")
    folder2 = write_pack(tmp_path / "q", pack=pack_bad)
    (issue,) = errors_of(folder2)
    assert issue.path == str(folder2 / "pack.yaml")
    assert issue.line == line_of(pack_bad, "stance: 9")


def test_missing_required_field_and_errors_in_main_file(tmp_path: Path) -> None:
    pack = PACK_YAML.replace("  turns: 3\n", "  turns: 0\n")
    folder = write_pack(tmp_path / "p", pack=pack)
    (issue,) = errors_of(folder)
    assert issue.path == str(folder / "pack.yaml")
    assert issue.line == line_of(pack, "turns: 0")
    assert "meta.turns" in issue.message

    people = PEOPLE_YAML.replace("    briefing: Beta buys care.\n", "")
    folder = write_pack(tmp_path / "q", people=people)
    (issue,) = errors_of(folder)
    assert issue.path == str(folder / "people.yaml")
    assert re.search(r"actors\.1( \(\w+\))?\.briefing", issue.message) and "missing" in issue.message
    # a missing key is reported at the item it is missing from
    assert issue.line == line_of(people, "- id: beta")


def test_several_errors_are_all_reported(tmp_path: Path) -> None:
    people = (PEOPLE_YAML.replace("    power: 0.5\n    stance: 0\n", "    power: 5\n    stance: 0\n")
              .replace("    openness: 0.5\n    threshold: 0.5\n    voice:\n      - {line: \"Hi.\"}",
                       "    openness: 0.5\n    threshold: 3\n    voice:\n      - {line: \"Hi.\"}"))
    folder = write_pack(tmp_path / "p", people=people)
    issues = errors_of(folder)
    lines = sorted(i.line for i in issues)
    assert lines == sorted([line_of(people, "power: 5"), line_of(people, "threshold: 3")])


# --------------------------------------------------------------------------- cross-references


def _one_error(folder: Path) -> Issue:
    issues = errors_of(folder)
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


def test_unknown_stock_in_flow_to(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('inflow: {expr: "rate", to: queue}', 'inflow: {expr: "rate", to: queeu}')
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "unknown stock 'queeu'" in issue.message
    assert "did you mean 'queue'" in issue.message
    assert issue.line == line_of(pack, "to: queeu")


def test_unknown_event_in_voice_after_event(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace('- {line: "Hi."}', '- {line: "Hi.", after_event: hurricane}')
    folder = write_pack(tmp_path / "p", people=people)
    issue = _one_error(folder)
    assert "unknown event 'hurricane'" in issue.message
    assert issue.path == str(folder / "people.yaml")
    line = line_of(people, "hurricane")
    assert (issue.line, issue.col) == (line, col_of(people, line, "after_event"))


def test_unknown_intervention_in_golden_test_move(tmp_path: Path) -> None:
    pack = PACK_YAML + (
        "tests:\n"
        "  - name: scripted\n"
        "    seed: 1\n"
        "    moves:\n"
        "      - [{do: shout, target: alpha}]\n"
        "    expect: {outcome: [0, 1]}\n"
    )
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "unknown intervention 'shout'" in issue.message
    assert issue.line == line_of(pack, "do: shout")


def test_duplicate_relationship_pair(tmp_path: Path) -> None:
    people = PEOPLE_YAML + "  - {from: beta, to: alpha, trust: 0.3, tie: 0.2}\n"
    folder = write_pack(tmp_path / "p", people=people)
    issues = errors_of(folder)  # one per direction of the mutual tie
    assert any("beta -> alpha" in i.message for i in issues)
    for issue in issues:
        assert "already given by relationship 1" in issue.message
        assert issue.path == str(folder / "people.yaml")
        assert issue.line == line_of(people, "from: beta")


def test_one_way_ties_in_both_directions_are_not_duplicates(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace(
        "  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}\n",
        "  - {from: alpha, to: beta, trust: 0.1, tie: 0.5, mutual: false}\n"
        "  - {from: beta, to: alpha, trust: 0.3, tie: 0.2, mutual: false}\n",
    )
    assert load_pack(write_pack(tmp_path / "p", people=people)).relationships


def test_missing_fallback_ending(tmp_path: Path) -> None:
    pack = PACK_YAML.replace(
        "  - {id: done, title: Done, tone: mixed, text: The end.}",
        '  - {id: done, title: Done, tone: mixed, when: "queue > 5", text: The end.}',
    )
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "fallback ending" in issue.message
    assert issue.line >= line_of(pack, "endings:")


def test_name_clash_between_stock_and_param(tmp_path: Path) -> None:
    pack = PACK_YAML.replace("    rate: 2\n", "    rate: 2\n    queue: 1\n")
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "'queue'" in issue.message and "system.params" in issue.message
    # reported at the second definition: the stock's key
    line = line_of(pack, "queue: {label")
    assert (issue.line, issue.col) == (line, col_of(pack, line, "queue"))


def test_duplicate_actor_id_across_files(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace("  - id: beta\n", "  - id: alpha\n").replace(
        "  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}\n", "  - {from: alpha, to: alpha, trust: 0.1, tie: 0.5}\n"
    )
    folder = write_pack(tmp_path / "p", people=people.replace(
        "relationships:\n  - {from: alpha, to: alpha, trust: 0.1, tie: 0.5}\n", ""))
    issues = errors_of(folder)
    dup = [i for i in issues if "used twice" in i.message]
    assert dup and "'alpha'" in dup[0].message
    assert dup[0].line == line_of(people, "- id: alpha", nth=2)


def test_algebraic_loop_between_flow_and_variable(tmp_path: Path) -> None:
    pack = PACK_YAML.replace(
        '    inflow: {expr: "rate", to: queue}\n',
        '    inflow: {expr: "pressure * 2", to: queue}\n',
    ).replace("  stocks:\n", '  variables:\n    pressure: "inflow + 1"\n  stocks:\n')
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "algebraic loop" in issue.message
    assert "inflow" in issue.message and "pressure" in issue.message


def test_loop_through_a_stock_is_fine(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('inflow: {expr: "rate", to: queue}', 'inflow: {expr: "queue / 10", to: queue}')
    assert load_pack(write_pack(tmp_path / "p", pack=pack)).system.flows["inflow"].expr == "queue / 10"


def test_forbidden_expression_is_an_error(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('inflow: {expr: "rate", to: queue}', 'inflow: {expr: "rate ** 2", to: queue}')
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "**" in issue.message
    assert issue.line == line_of(pack, "rate ** 2")


def test_unknown_name_in_expression_is_an_error(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('when: "turn >= 2"', 'when: "tun >= 2"')
    issue = _one_error(write_pack(tmp_path / "p", pack=pack))
    assert "tun" in issue.message
    assert issue.line == line_of(pack, "tun >= 2")


# --------------------------------------------------------------------------- lint


def _warning_messages(folder: Path) -> list[str]:
    return [i.message for i in warnings_of(folder)]


def test_lint_actor_without_relationships(tmp_path: Path) -> None:
    people = PEOPLE_YAML.replace("relationships:\n  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}\n", "")
    folder = write_pack(tmp_path / "p", people=people)
    warnings = warnings_of(folder)
    about = [w for w in warnings if "no relationships" in w.message]
    assert {w.message.split("'")[1] for w in about} == {"alpha", "beta"}
    first = next(w for w in about if "'alpha'" in w.message)
    assert first.path == str(folder / "people.yaml")
    assert first.line == line_of(people, "- id: alpha")


def test_lint_intervention_without_text(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('    text: {attempt: "You listen to {target}."}\n', "")
    msgs = _warning_messages(write_pack(tmp_path / "p", pack=pack))
    assert any("'listen'" in m and "narration" in m for m in msgs), msgs


def test_lint_event_with_chance_zero(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('    when: "turn >= 2"\n', '    when: "turn >= 2"\n    chance: 0\n')
    folder = write_pack(tmp_path / "p", pack=pack)
    warnings = warnings_of(folder)
    hit = [w for w in warnings if "chance 0" in w.message]
    assert hit and "'storm'" in hit[0].message
    assert hit[0].line == line_of(pack, "chance: 0")


def test_lint_requirement_that_is_always_false(tmp_path: Path) -> None:
    pack = PACK_YAML.replace("    target: actor\n", '    target: actor\n    requires: [{when: "0 > 1"}]\n', 1)
    folder = write_pack(tmp_path / "p", pack=pack)
    warnings = warnings_of(folder)
    hit = [w for w in warnings if "always false" in w.message]
    assert hit and "'listen'" in hit[0].message
    assert hit[0].line == line_of(pack, "0 > 1")


def test_lint_warnings_do_not_stop_loading(tmp_path: Path) -> None:
    pack = PACK_YAML.replace('    text: {attempt: "You listen to {target}."}\n', "").replace(
        "prompts:\n  - {id: ask, text: What happened?}\n", "")
    folder = write_pack(tmp_path / "p", pack=pack)
    loaded = load_pack(folder)  # load_pack ignores warnings
    assert loaded.meta.id == "tiny"
    msgs = _warning_messages(folder)
    assert any("debrief prompts" in m for m in msgs)


def test_bundled_packs_load_without_errors() -> None:
    for pack_id in bundled_ids():
        pack, issues = load_pack_checked(pack_id)
        assert pack.meta.id == pack_id
        assert all(i.severity == "warning" for i in issues)
