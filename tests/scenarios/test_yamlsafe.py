"""Tests for the hostile-input-proof YAML loader."""

from __future__ import annotations

import builtins
import pathlib
import random
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysplay.errors import Issue, PackError
from sysplay.scenarios import yamlsafe
from sysplay.scenarios.yamlsafe import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    YamlDocument,
    load_yaml_file,
    load_yaml_text,
)
from tests.budget import counted

#: Calls every hostile input must be refused within (tests/budget.py): the worst measured is the node
#: flood, about 600,000 (three a value up to the cap); most are refused in under 10,000.
FAST = 2_000_000


def _line_count(source: str | bytes) -> int:
    """Lines in the source, as an editor would count them (at least 1)."""
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    return max(1, len(source.splitlines()))


def _assert_sane(issue: Issue, source: str | bytes) -> None:
    """A reported position lies inside the file and the message is one clean line."""
    assert 1 <= issue.line <= _line_count(source), issue
    assert issue.col >= 1, issue
    assert issue.message.isprintable(), issue


def _refused(source: str | bytes, display: str = "pack.yaml", limit: int = FAST) -> Issue:
    """Load text that must fail: fast, with one sane, positioned issue."""
    with pytest.raises(PackError) as caught, counted() as calls:
        load_yaml_text(source, display)
    assert calls.n < limit, calls.n
    assert len(caught.value.issues) == 1
    issue = caught.value.issues[0]
    assert issue.path == display
    _assert_sane(issue, source)
    return issue


def _refused_file(path: pathlib.Path, **kwargs: Any) -> Issue:
    """Load a file that must fail, quickly, with one positioned issue."""
    with pytest.raises(PackError) as caught, counted() as calls:
        load_yaml_file(path, **kwargs)
    assert calls.n < FAST, calls.n
    issue = caught.value.issues[0]
    assert issue.line >= 1 and issue.col >= 1
    return issue


# --------------------------------------------------------------------------- hostile input

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    issue = _refused(BILLION_LAUGHS)
    assert "aliases and anchors" in issue.message
    assert (issue.line, issue.col) == (1, 4)


def test_alias_to_an_anchor_is_refused() -> None:
    issue = _refused("base:\n  x: &shared {a: 1}\ncopy: *shared\n")
    assert "aliases and anchors" in issue.message
    assert issue.line == 2


def test_unused_anchor_is_refused() -> None:
    issue = _refused("name: &n Alice\n")
    assert "aliases and anchors" in issue.message
    assert (issue.line, issue.col) == (1, 7)


def test_undefined_alias_is_refused() -> None:
    issue = _refused("a: 1\nb: *nowhere\n")
    assert "aliases and anchors" in issue.message
    assert (issue.line, issue.col) == (2, 4)


def test_value_starting_with_ampersand_gets_advice() -> None:
    issue = _refused("a: 1\nb: & more\n")
    assert issue.message.endswith("put text starting with & or * in quotes")
    assert issue.line == 2


def test_ampersands_in_ordinary_text_are_fine() -> None:
    doc = load_yaml_text('a: A&E\nb: Accident & Emergency\nc: "&amp; quoted"\n', "p")
    assert doc.data == {"a": "A&E", "b": "Accident & Emergency", "c": "&amp; quoted"}


@pytest.mark.parametrize(
    "text",
    ["[" * 20_000, "{a: " * 20_000, "- " * 20_000 + "x\n", "a: " + "[" * 20_000 + "]" * 20_000],
    ids=["flow-seq", "flow-map", "block-seq", "balanced"],
)
def test_very_deep_nesting_is_refused_fast(text: str) -> None:
    issue = _refused(text)
    assert f"nesting deeper than {MAX_DEPTH} levels" in issue.message


def test_nesting_just_over_the_cap_is_refused_at_the_offending_node() -> None:
    deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    issue = _refused(deep)
    assert issue.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert (issue.line, issue.col) == (1, 3 + MAX_DEPTH)
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    value, levels = load_yaml_text(ok, "p").data["a"], 0
    while isinstance(value, list):
        value, levels = (value[0] if value else None), levels + 1
    assert levels == MAX_DEPTH - 1  # plus the top-level mapping makes MAX_DEPTH


def test_python_object_apply_tag_is_refused() -> None:
    issue = _refused('name: ok\nrun: !!python/object/apply:os.system ["ls"]\n')
    assert issue.message == "custom tag '!!python/object/apply:os.system' is not allowed"
    assert (issue.line, issue.col) == (2, 6)


def test_python_name_tag_is_refused_even_at_top_level() -> None:
    issue = _refused("!!python/name:os.system\n")
    assert issue.message == "custom tag '!!python/name:os.system' is not allowed"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !foo bar\n", "!foo"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x, y}\n", "!!set"),
        ("a: !!timestamp 2024-01-01\n", "!!timestamp"),
        ("a: !!omap [{x: 1}]\n", "!!omap"),
        ("a: !!map [1]\n", "!!map"),
        ("%TAG !! tag:evil.example,2000:\n---\na: !!str x\n", "tag:evil.example,2000:str"),
    ],
)
def test_custom_tags_are_refused(text: str, shown: str) -> None:
    issue = _refused(text)
    assert issue.message == f"custom tag '{shown}' is not allowed"


def test_standard_tags_are_allowed() -> None:
    doc = load_yaml_text("a: !!str 12\nb: !!int '7'\nc: !!float 2\n!!str 3: !!bool true\n", "p")
    assert doc.data == {"a": "12", "b": 7, "c": 2.0, "3": True}


def test_duplicate_keys_report_both_lines() -> None:
    issue = _refused("id: one\nname: x\nid: two\n")
    assert issue.message == "duplicate key 'id' (first defined on line 1)"
    assert (issue.line, issue.col) == (3, 1)


def test_keys_equal_after_cleaning_count_as_duplicates() -> None:
    issue = _refused('id: 1\n"id\\e[0m": 2\n')
    assert issue.message == "duplicate key 'id' (first defined on line 1)"


def test_tab_indentation_is_refused() -> None:
    issue = _refused("a:\n\tb: 1\n")
    assert issue.message == "tabs cannot indent YAML; use spaces"
    assert (issue.line, issue.col) == (2, 1)


def test_tab_inside_indentation_of_a_nested_block_is_refused() -> None:
    issue = _refused("a:\n  b: 1\n\t c: 2\n")
    assert issue.message == "tabs cannot indent YAML; use spaces"


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    issue = _refused('a: 1\nb: "never closed\nc: 2\n')
    assert issue.message == "this quoted text is never closed"
    assert (issue.line, issue.col) == (2, 4)


def test_several_documents_are_refused_at_the_second() -> None:
    issue = _refused("a: 1\n---\nb: 2\n")
    assert issue.message == "a pack file must hold one document, found a second one here"
    assert issue.line == 2


def test_merge_key_with_alias_is_refused() -> None:
    issue = _refused("base: &base {a: 1}\nthing:\n  <<: *base\n  b: 2\n")
    assert "not allowed" in issue.message


def test_merge_key_without_alias_is_refused() -> None:
    issue = _refused("thing:\n  <<: {a: 1}\n  b: 2\n")
    assert issue.message == "merge keys (<<) are not allowed in packs"
    assert (issue.line, issue.col) == (2, 3)


def test_quoted_double_angle_key_is_just_text() -> None:
    assert load_yaml_text('"<<": 1\n', "p").data == {"<<": 1}


def test_forty_megabyte_file_is_refused_by_stat_without_reading(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(40_000_000)

    def no_open(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(builtins, "open", no_open)
    issue = _refused_file(big)
    assert issue.message == "the file is 40.0 MB; packs are limited to 2.0 MB"
    assert (issue.line, issue.col) == (1, 1)


def test_max_bytes_argument_lowers_the_cap(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("a: " + "x" * 5000 + "\n", encoding="utf-8")
    issue = _refused_file(path, max_bytes=1000)
    assert issue.message == "the file is 5.0 KB; packs are limited to 1.0 KB"


def test_two_megabyte_single_line_over_the_cap_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "line.yaml"
    path.write_bytes(b"a: " + b"x" * (2 * 1024 * 1024))
    issue = _refused_file(path)
    assert "packs are limited to 2.0 MB" in issue.message


def test_two_megabyte_single_line_under_the_cap_is_refused_as_too_long(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "line.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 10))
    issue = _refused_file(path)
    assert issue.message.startswith("text longer than 100,000 characters")
    assert (issue.line, issue.col) == (1, 4)


def test_long_key_is_refused() -> None:
    # libyaml caps implicit keys at 1024 characters; an explicit "? key" has no such cap
    issue = _refused("? " + "k" * (yamlsafe.MAX_SCALAR_CHARS + 1) + "\n: 1\n")
    assert issue.message.startswith("text longer than")


def test_node_flood_is_refused_fast() -> None:
    text = "a: [" + "1," * 900_000 + "1]\n"
    # the pure-Python fallback parser (no libyaml) is several times slower
    issue = _refused(text, limit=FAST if yamlsafe._USING_LIBYAML else 100 * FAST)
    assert "more than 200,000 values" in issue.message


def test_node_cap_is_enforced_while_building(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 10)
    assert load_yaml_text("a: [1, 2, 3]\n", "p").data == {"a": [1, 2, 3]}
    issue = _refused("a: [1, 2, 3]\nb: [1, 2, 3]\nc: 1\n")
    assert "more than 10 values" in issue.message


def test_random_bytes_are_refused() -> None:
    rng = random.Random(1234)
    for _ in range(20):
        _refused(rng.randbytes(4096))


def test_latin1_bytes_are_refused_with_the_position() -> None:
    issue = _refused("name: x\ncity: café\n".encode("latin-1"))
    assert issue.message == "file is not valid UTF-8 (byte 0xe9 at line 2, column 10)"
    assert (issue.line, issue.col) == (2, 10)


def test_latin1_file_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: café\n".encode("latin-1"))
    issue = _refused_file(path)
    assert "not valid UTF-8" in issue.message


def test_nul_byte_means_binary() -> None:
    issue = _refused(b"a: 1\nb: x\x00y\n")
    assert issue.message.startswith("file looks binary")
    assert (issue.line, issue.col) == (2, 5)


def test_utf16_file_is_refused_with_advice() -> None:
    issue = _refused("a: 1\n".encode("utf-16"))
    assert issue.message == "file is UTF-16 encoded; save it as UTF-8"


def test_utf8_bom_is_accepted() -> None:
    assert load_yaml_text(b"\xef\xbb\xbfa: 1\n", "p").data == {"a": 1}
    assert load_yaml_text("\ufeffa: 1\n", "p").data == {"a": 1}


def test_raw_control_character_is_refused_with_its_position() -> None:
    issue = _refused("a: 1\nb: café\x1b[2J\n")
    assert issue.message == "the file contains a control character (U+001B); remove it"
    assert (issue.line, issue.col) == (2, 8)


def test_lone_surrogate_is_refused() -> None:
    issue = _refused("a: 1\nb: x\ud800\n")
    assert issue.line == 2


@pytest.mark.parametrize("text", ["", "   \n\n", "# just a comment\n# and another\n"])
def test_empty_or_comment_only_file_is_refused(text: str) -> None:
    issue = _refused(text)
    assert issue.message == "file is empty"
    assert (issue.line, issue.col) == (1, 1)


def test_empty_file_on_disk_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert _refused_file(path).message == "file is empty"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n- b\n", "a list"),
        ("just text\n", "text"),
        ("42\n", "a number"),
        ("true\n", "true/false"),
        ("---\n", "an empty value"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, found: str) -> None:
    issue = _refused(text)
    assert issue.message == f"the top level must be a mapping (key: value), found {found}"


def test_missing_path_is_refused(tmp_path: pathlib.Path) -> None:
    issue = _refused_file(tmp_path / "nope.yaml")
    assert (issue.line, issue.col, issue.message) == (1, 1, "no such file")
    assert issue.path == str(tmp_path / "nope.yaml")


def test_display_name_is_used(tmp_path: pathlib.Path) -> None:
    issue = _refused_file(tmp_path / "nope.yaml", display="packs/nope.yaml")
    assert issue.path == "packs/nope.yaml"


def test_directory_is_refused(tmp_path: pathlib.Path) -> None:
    issue = _refused_file(tmp_path)
    assert issue.message == "this is a directory, not a pack file"


@pytest.mark.parametrize(
    "text",
    ["1: a\n", "true: a\n", "1.5: a\n", "~: a\n", "[a]: b\n", "{a: 1}: b\n", "? [a]\n: b\n"],
)
def test_keys_must_be_text(text: str) -> None:
    issue = _refused(text)
    assert issue.message.startswith("keys must be text")
    assert issue.line == 1


@pytest.mark.parametrize("value", [".inf", "-.inf", ".NaN", "1e999"])
def test_numbers_must_be_finite(value: str) -> None:
    issue = _refused(f"a: {value}\n")
    assert issue.message.startswith("numbers must be finite")
    assert (issue.line, issue.col) == (1, 4)


def test_messages_never_carry_escape_sequences() -> None:
    with pytest.raises(PackError) as caught:
        load_yaml_text("a: !<%1b%5b31mevil%07> x\n", "pack\x1b[2J.yaml")
    issue = caught.value.issues[0]
    assert "\x1b" not in issue.message and "\x07" not in issue.message
    assert "\x1b" not in str(caught.value)


def test_errors_never_escape_as_other_exception_types(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(_text: str) -> Any:
        raise RecursionError("boom")

    monkeypatch.setattr(yamlsafe, "_compose", explode)
    issue = _refused("a: 1\n")
    assert (issue.line, issue.col) == (1, 1)


# --------------------------------------------------------------------------- values


def test_escape_sequences_are_removed_from_values_and_keys() -> None:
    text = (
        'title: "\\e]0;PWNED\\aHello"\n'
        'clear: "\\x1b[2Jdone"\n'
        'c1: "\\x9b31mred"\n'
        'bidi: "abc\\u202edef"\n'
        '"key\\e[1m": v\n'
        'list: ["\\e[31mx"]\n'
        'multi: "line\\none\\r\\nline two"\n'
    )
    data = load_yaml_text(text, "p").data
    assert data == {
        "title": "Hello",
        "clear": "done",
        "c1": "red",
        "bidi": "abcdef",
        "key": "v",
        "list": ["x"],
        "multi": "line\none\nline two",
    }


def test_yaml_1_1_booleans_stay_strings() -> None:
    data = load_yaml_text("a: no\nb: off\nc: yes\nd: on\ne: y\nf: n\nNO: ok\n", "p").data
    assert data == {"a": "no", "b": "off", "c": "yes", "d": "on", "e": "y", "f": "n", "NO": "ok"}


def test_true_and_false_are_booleans() -> None:
    data = load_yaml_text("a: true\nb: False\nc: TRUE\nd: 'true'\n", "p").data
    assert data == {"a": True, "b": False, "c": True, "d": "true"}
    assert data["a"] is True


def test_dates_and_times_stay_strings() -> None:
    data = load_yaml_text("day: 2024-01-01\nat: 2024-01-01T10:00:00Z\nslot: 10:30\n", "p").data
    assert data == {"day": "2024-01-01", "at": "2024-01-01T10:00:00Z", "slot": "10:30"}


def test_numbers_follow_yaml_1_2() -> None:
    text = "a: 12\nb: -3\nc: 012\nd: 0o17\ne: 0x1F\nf: 1.5\ng: -2.5e3\nh: .5\ni: 1_000\nj: 0b101\n"
    data = load_yaml_text(text, "p").data
    assert data == {
        "a": 12,
        "b": -3,
        "c": 12,
        "d": 15,
        "e": 31,
        "f": 1.5,
        "g": -2500.0,
        "h": 0.5,
        "i": "1_000",
        "j": "0b101",
    }
    assert isinstance(data["a"], int) and isinstance(data["f"], float)


def test_nulls() -> None:
    data = load_yaml_text("a:\nb: ~\nc: null\nd: 'null'\ne: [~, '']\n", "p").data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": [None, ""]}


def test_matches_safe_loader_on_a_realistic_pack() -> None:
    text = (
        "id: winter\n"
        "title: Winter pressures\n"
        "actors:\n"
        "  - id: trust\n"
        "    name: Acute Trust\n"
        "    trust: 40\n"
        "    weight: 0.25\n"
        "    tags: [acute, 'A&E']\n"
        "    bio: |\n"
        "      Runs the hospital.\n"
        "      Under pressure.\n"
        "  - {id: council, name: County Council, trust: 60}\n"
    )
    assert load_yaml_text(text, "p").data == yaml.load(text, Loader=yaml.CSafeLoader)


def test_file_and_text_agree(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("a: [1, two, {c: 3.0}]\n", encoding="utf-8")
    doc = load_yaml_file(path)
    assert doc.path == str(path)
    assert doc.data == load_yaml_text(path.read_text(encoding="utf-8"), "x").data


# --------------------------------------------------------------------------- positions

POSITIONED = """\
# a comment
id: winter
actors:
  - name: Trust
    moves:
      - id: open-beds
        cost: 3
  - name: Council
    extra: yes
settings: {speed: 2, mode: fast}
"""


@pytest.fixture
def positioned() -> YamlDocument:
    return load_yaml_text(POSITIONED, "p.yaml")


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), (1, 1)),
        (("id",), (2, 1)),
        (("actors",), (3, 1)),
        (("actors", 0), (4, 5)),
        (("actors", 0, "name"), (4, 5)),
        (("actors", 0, "moves", 0, "cost"), (7, 9)),
        (("actors", 0, "moves", 0), (6, 9)),
        (("actors", 1, "extra"), (9, 5)),
        (("settings", "mode"), (10, 22)),
    ],
)
def test_position_of_existing_nodes(
    positioned: YamlDocument, loc: tuple[str | int, ...], expected: tuple[int, int]
) -> None:
    assert positioned.position(loc) == expected


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("actors", 1, "missing"), (8, 5)),  # missing key -> its parent mapping
        (("actors", 0, "moves", 5), (5, 5)),  # index out of range -> the list's key
        (("nowhere",), (1, 1)),  # -> root
        (("actors", 0, "Union[A,B]", "name"), (4, 5)),  # unmatched middle part is skipped
        (("actors", "zero"), (3, 1)),
    ],
)
def test_position_falls_back_to_ancestors(
    positioned: YamlDocument, loc: tuple[str | int, ...], expected: tuple[int, int]
) -> None:
    assert positioned.position(loc) == expected


def test_key_and_value_positions(positioned: YamlDocument) -> None:
    assert positioned.key_position(("settings", "speed")) == (10, 12)
    assert positioned.key_position(("actors", 1)) == positioned.position(("actors", 1))
    assert positioned.key_position(("actors", 1, "nope")) == (8, 5)


def test_position_matches_cleaned_keys() -> None:
    doc = load_yaml_text('a: 1\n"b\\e[1m": 2\n', "p")
    assert doc.position(("b",)) == (2, 1)


def test_document_built_without_nodes_falls_back_to_origin() -> None:
    assert YamlDocument("p", {"a": 1}).position(("a",)) == (1, 1)


# --------------------------------------------------------------------------- properties

YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab1 :-\n\t[]{},&*!|>?<'\"#%~.@`=\\\x1b\u202e\x85é0xe")),
    max_size=80,
)


def _check_outcome(source: str | bytes, load: Callable[[], YamlDocument]) -> None:
    """Either a dict document or a sane PackError — never anything else."""
    try:
        doc = load()
    except PackError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert 1 <= issue.line <= _line_count(source) + 1
            assert issue.col >= 1
    else:
        assert isinstance(doc.data, dict)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_arbitrary_text_loads_or_raises_pack_error(text: str) -> None:
    _check_outcome(text, lambda: load_yaml_text(text, "p"))


@settings(max_examples=200, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_loads_or_raises_pack_error(text: str) -> None:
    _check_outcome(text, lambda: load_yaml_text(text, "p"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_pack_error(raw: bytes) -> None:
    _check_outcome(raw, lambda: load_yaml_text(raw, "p"))
