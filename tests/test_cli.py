"""Tests for the command line: exit codes, positioned errors, clean output, schema, new, run and play."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

import sysplay
from sysplay.cli import main
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir, bundled_ids
from sysplay.scenarios.schema import DIALECT, schema_text
from sysplay.scenarios.yamlsafe import load_yaml_file
from tests.budget import counted

REPO = Path(__file__).resolve().parents[1]
ISSUE_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+$")
TIMEOUT = 120


# --------------------------------------------------------------------------- helpers


def cli(*args: str, cwd: Path, stdin: bytes | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m sysplay ARGS`` in a subprocess; stdout and stderr as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "sysplay", *args],
        capture_output=True, cwd=cwd, input=stdin if stdin is not None else b"", timeout=timeout,
    )


def text(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    out, err = text(result)
    assert "Traceback" not in out and "Traceback" not in err, err[-3000:]


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``sysplay.cli.main`` in-process; return (status, stdout, stderr)."""
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse usage errors, --version
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def copy_bundled(dest: Path, pack_id: str = "riverside_winter") -> Path:
    shutil.copytree(bundled_dir() / pack_id, dest)
    return dest


def line_index(lines: list[str], pattern: str) -> int:
    """0-based index of the first line matching the regex ``pattern``."""
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            return i
    raise AssertionError(f"no line matches {pattern!r}")


def insert_after(path: Path, pattern: str, new_lines: list[str]) -> int:
    """Insert lines after the first line matching ``pattern``; return the 1-based line of the first new one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = line_index(lines, pattern) + 1
    lines[at:at] = new_lines
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def first_actor_id(folder: Path) -> str:
    return load_pack(folder).actors[0].id


EXTRA_ACTOR = [
    "  - id: ACTOR_ID",
    "    name: An extra actor",
    "    type: community",
    "    speaker: {name: Pat Doe, role: Chair}",
    "    briefing: An extra actor for tests.",
    "    power: 0.3",
    "    stance: 0.1",
    "    stubbornness: 0.5",
    "    openness: 0.5",
    "    threshold: 0.5",
    "    voice:",
    '      - {line: "Hello."}',
]


def extra_actor(actor_id: str) -> list[str]:
    return [line.replace("ACTOR_ID", actor_id) for line in EXTRA_ACTOR]


def assert_issue_lines(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines, "expected at least one issue line"
    for line in lines:
        assert ISSUE_LINE.match(line), f"not an issue line: {line!r}"
    return lines


# --------------------------------------------------------------------------- basics


@pytest.mark.slow
def test_version(tmp_path: Path) -> None:
    r = cli("--version", cwd=tmp_path)
    assert r.returncode == 0
    assert text(r)[0].strip() == f"sysplay {sysplay.__version__}"


@pytest.mark.slow
def test_no_arguments_lists_bundled_packs(tmp_path: Path) -> None:
    r = cli(cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0
    out, _ = text(r)
    for pack_id in bundled_ids():
        assert pack_id in out
    assert "riverside_winter" in out
    assert load_pack("riverside_winter").meta.title in out


def test_no_arguments_lists_local_scenarios_too(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    copy_bundled(tmp_path / "scenarios" / "my_local_copy")
    monkeypatch.chdir(tmp_path)
    status, out, _ = call(capsys)
    assert status == 0
    assert "scenarios/my_local_copy" in out and "riverside_winter" in out


@pytest.mark.slow
@pytest.mark.parametrize("pack_id", bundled_ids())
def test_validate_every_bundled_pack(pack_id: str, tmp_path: Path) -> None:
    r = cli("validate", pack_id, cwd=tmp_path)
    no_traceback(r)
    out, err = text(r)
    assert r.returncode == 0, out + err
    assert f"{pack_id}: ok:" in out
    for line in out.splitlines():
        assert ISSUE_LINE.match(line) or line.startswith(f"{pack_id}: ok:"), line


@pytest.mark.slow
def test_validate_bundled_pack_by_path_from_repo_root() -> None:
    r = cli("validate", "scenarios/riverside_winter", "scenarios/riverside_winter/pack.yaml", cwd=REPO)
    no_traceback(r)
    assert r.returncode == 0, text(r)


# --------------------------------------------------------------------------- broken packs


def break_unknown_field(folder: Path) -> tuple[str, int, int]:
    line = insert_after(folder / "actors.yaml", r"^  - id: \w+", ["    nickname: Big H"])
    return "actors.yaml", line, 5


def break_unknown_actor_in_relationship(folder: Path) -> tuple[str, int, int]:
    first = first_actor_id(folder)
    new = f"  - {{from: {first}, to: nobody_here, trust: 0.1, tie: 0.2}}"
    line = insert_after(folder / "actors.yaml", r"^relationships:", [new])
    return "actors.yaml", line, new.index("to:") + 1


def break_power_expression(folder: Path) -> tuple[str, int, int]:
    line = insert_after(folder / "pack.yaml", r"^  variables:", ['    powered: "2 ** 3"'])
    return "pack.yaml", line, 5


def break_algebraic_loop(folder: Path) -> tuple[str, int, int]:
    line = insert_after(folder / "pack.yaml", r"^  variables:",
                        ['    loop_a: "loop_b + 1"', '    loop_b: "loop_a * 2"'])
    return "pack.yaml", line, 5


def break_duplicate_actor(folder: Path) -> tuple[str, int, int]:
    first = first_actor_id(folder)
    insert_after(folder / "actors.yaml", r"^actors:", extra_actor(first))
    lines = (folder / "actors.yaml").read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if re.match(rf"^  - id: {first}\b", line)]
    assert len(hits) == 2
    return "actors.yaml", hits[1], 5


def break_include_climbs_out(folder: Path) -> tuple[str, int, int]:
    line = insert_after(folder / "pack.yaml", r"^include:", ["  - ../../etc/passwd"])
    return "pack.yaml", line, 5


BREAKERS = {
    "unknown_field_in_include": (break_unknown_field, "unknown field"),
    "unknown_actor_in_relationship": (break_unknown_actor_in_relationship, "unknown actor 'nobody_here'"),
    "power_expression": (break_power_expression, "**"),
    "algebraic_loop": (break_algebraic_loop, "algebraic loop"),
    "duplicate_actor_id": (break_duplicate_actor, "used twice"),
    "include_climbs_out": (break_include_climbs_out, "outside the pack folder"),
}


@pytest.mark.parametrize("case", sorted(BREAKERS))
def test_validate_broken_pack(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    breaker, expected = BREAKERS[case]
    folder = copy_bundled(tmp_path / "broken")
    filename, line, col = breaker(folder)
    monkeypatch.chdir(tmp_path)
    status, out, err = call(capsys, "validate", "broken")
    assert status == 1, out + err
    lines = assert_issue_lines(out)
    hits = [x for x in lines if expected in x]
    assert hits, lines
    assert any(x.startswith(f"broken/{filename}:{line}:{col}: error: ") for x in hits), (hits, line, col)
    assert "Traceback" not in out + err


@pytest.mark.slow
def test_validate_broken_pack_in_a_subprocess(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path / "broken")
    _f, line, col = break_unknown_field(folder)
    r = cli("validate", "broken", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    lines = assert_issue_lines(text(r)[0])
    assert lines[0].startswith(f"broken/actors.yaml:{line}:{col}: error: actors.0 (acute).nickname: unknown field")


@pytest.mark.slow
def test_validate_missing_path_and_folder_without_pack_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty_folder").mkdir()
    for args in (["nothing_here"], ["empty_folder"], ["empty_folder", "nothing/here.yaml"]):
        r = cli("validate", *args, cwd=tmp_path)
        no_traceback(r)
        assert r.returncode == 1, args
        lines = assert_issue_lines(text(r)[0])
        assert len(lines) == len(args)
    r = cli("validate", "empty_folder", cwd=tmp_path)
    assert text(r)[0].strip() == "empty_folder:1:1: error: this folder has no pack.yaml"


@pytest.mark.slow
def test_validate_mixed_valid_and_invalid_exits_1(tmp_path: Path) -> None:
    copy_bundled(tmp_path / "good")
    r = cli("validate", "good", "missing_pack_folder", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    out = text(r)[0]
    assert "good: ok:" in out
    assert "missing_pack_folder:1:1: error: " in out


@pytest.mark.slow
def test_validate_warnings_exit_0(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path / "warned")
    line = insert_after(folder / "actors.yaml", r"^actors:", extra_actor("loner"))
    r = cli("validate", "warned", cwd=tmp_path)
    no_traceback(r)
    out = text(r)[0]
    assert r.returncode == 0, out
    warnings = [x for x in out.splitlines() if ": warning: " in x]
    assert warnings
    for w in warnings:
        assert ISSUE_LINE.match(w), w
    assert any(w.startswith(f"warned/actors.yaml:{line}:5: warning: actor 'loner' has no relationships")
               for w in warnings), warnings
    assert out.splitlines()[-1].startswith("warned: ok:")


@pytest.mark.slow
def test_hostile_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    folder = tmp_path / "bomb"
    folder.mkdir()
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (folder / "pack.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("validate", "bomb", cwd=tmp_path, timeout=60)
    no_traceback(r)
    assert r.returncode == 1
    (line,) = assert_issue_lines(text(r)[0])
    assert line.startswith("bomb/pack.yaml:1:")
    # Refused at the first alias, not after expanding 9**9 strings: about 11,000 calls in all.
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["validate", str(folder)]) == 1  # once, so the modules it loads are not counted
        with counted() as calls:
            assert main(["validate", str(folder)]) == 1
    assert calls.n < 100_000, calls.n


# --------------------------------------------------------------------------- usage errors


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["validate"],
    ["frobnicate"],
    ["run", "riverside_winter", "--persona", "nobody"],
    ["run", "riverside_winter", "--persona", "avoider", "--choices", "x.yaml"],
    ["run", "riverside_winter", "--seed", "many"],
])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    r = cli(*args, cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2
    out, err = text(r)
    assert out == ""
    assert "error:" in err and len(err.strip().splitlines()) <= 5, err


# --------------------------------------------------------------------------- escape sequences


PAYLOADS = [r"\e]0;PWNED\a", r"\e[2J", r"\x9b31m", r"\u202e", r"\e[31m", r"\x9d0;X\a"]


def assert_clean_bytes(data: bytes) -> None:
    assert b"\x1b" not in data
    assert b"\x9b" not in data and b"\x9d" not in data  # raw C1 bytes
    decoded = data.decode("utf-8")
    for bad in ("\x1b", "\x9b", "\x9d", "\x07", "\u202e"):
        assert bad not in decoded


@pytest.mark.slow
def test_escape_sequences_never_reach_the_output(tmp_path: Path) -> None:
    payload = "".join(PAYLOADS)
    # 1. in a pack's text (the title is echoed on the 'ok' line)
    good = copy_bundled(tmp_path / "good")
    pack_file = good / "pack.yaml"
    lines = pack_file.read_text(encoding="utf-8").splitlines()
    at = line_index(lines, r"^  title: ")
    lines[at] = f'  title: "Winter{payload} at Riverside"'
    pack_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("validate", "good", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    assert "Winter" in text(r)[0] and "at Riverside" in text(r)[0]
    assert_clean_bytes(r.stdout + r.stderr)

    # 2. in an unknown KEY name (echoed in the error message)
    bad = copy_bundled(tmp_path / "bad")
    insert_after(bad / "actors.yaml", r"^  - id: \w+", [f'    "bad{payload}key": 1'])
    r = cli("validate", "bad", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    lines_out = assert_issue_lines(text(r)[0])
    assert any(".badkey: unknown field" in x for x in lines_out), lines_out
    assert "PWNED" not in text(r)[0]  # an OSC payload goes with its introducer
    assert_clean_bytes(r.stdout + r.stderr)

    # 3. in a reference that is echoed ("unknown actor '...'")
    ref = copy_bundled(tmp_path / "ref")
    insert_after(ref / "actors.yaml", r"^relationships:",
                 [f'  - {{from: "{first_actor_id(ref)}", to: "nobody{payload}", trust: 0.1, tie: 0.2}}'])
    r = cli("validate", "ref", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert_issue_lines(text(r)[0])
    assert_clean_bytes(r.stdout + r.stderr)

    # 4. as raw control bytes in the file, and in a duplicate key
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "pack.yaml").write_bytes(b"meta:\n  title: Winter \x1b]0;PWNED\x07 \xc2\x9b2J \xe2\x80\xae\n")
    dup = tmp_path / "dup"
    dup.mkdir()
    (dup / "pack.yaml").write_text(f'"k{payload}": 1\n"k{payload}": 2\n', encoding="utf-8")
    for name in ("raw", "dup"):
        r = cli("validate", name, cwd=tmp_path)
        no_traceback(r)
        assert r.returncode == 1
        assert_issue_lines(text(r)[0])
        assert_clean_bytes(r.stdout + r.stderr)


@pytest.mark.slow
def test_pack_text_cannot_forge_extra_output_lines(tmp_path: Path) -> None:
    # A newline in the title must not let a pack print a fake issue line for CI or an editor to pick up.
    folder = copy_bundled(tmp_path / "forged")
    pack_file = folder / "pack.yaml"
    lines = pack_file.read_text(encoding="utf-8").splitlines()
    at = line_index(lines, r"^  title: ")
    lines[at] = r'  title: "Winter\nevil.yaml:1:1: error: forged\rother.yaml:2:2: error: forged too"'
    pack_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("validate", "forged", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    out = text(r)[0]
    for line in out.splitlines():
        assert line.startswith("forged"), f"a line not about the pack: {line!r}"
    assert b"\r" not in r.stdout


@pytest.mark.slow
def test_escape_sequences_in_a_path_argument_are_not_echoed(tmp_path: Path) -> None:
    r = cli("validate", "no\x1b]0;PWNED\x07such\x1b[2Jpack\u202e", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert_issue_lines(text(r)[0])
    assert_clean_bytes(r.stdout + r.stderr)


# --------------------------------------------------------------------------- schema


def test_schema_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "pack.schema.json"
    target.parent.mkdir()  # -o never makes folders (a missing one is refused: see test_output_is_written_only...)
    status, out, _err = call(capsys, "schema", "-o", str(target))
    assert status == 0
    assert str(target) in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["$schema"] == DIALECT
    assert target.read_text(encoding="utf-8") == schema_text()
    status, out, _err = call(capsys, "schema")
    assert status == 0
    assert out == schema_text()


def test_committed_schema_matches_the_models() -> None:
    committed = (REPO / "schemas" / "pack.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "schemas/pack.schema.json is out of date with the pack models: "
        "run `sysplay schema -o schemas/pack.schema.json`"
    )


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_exported_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("pack_id", bundled_ids())
def test_bundled_pack_files_validate_against_schema(pack_id: str) -> None:
    validator = _validator()
    folder = bundled_dir() / pack_id
    main_data = load_yaml_file(folder / "pack.yaml").data
    files = [folder / "pack.yaml", *(folder / rel for rel in main_data.get("include", []))]
    assert len(files) >= 1
    for path in files:
        data = load_yaml_file(path).data
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"{path.name}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5])


def test_schema_rejects_what_the_loader_rejects(tmp_path: Path) -> None:
    validator = _validator()
    folder = copy_bundled(tmp_path / "bad")
    break_unknown_field(folder)
    data = load_yaml_file(folder / "actors.yaml").data
    assert not validator.is_valid(data)
    assert not validator.is_valid({"meta": {"id": "x"}, "bogus": 1})


def test_new_scaffold_validates_against_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _out, _err = call(capsys, "new", "schema_pack")
    assert status == 0
    validator = _validator()
    data = load_yaml_file(tmp_path / "schema_pack" / "pack.yaml").data
    errors = list(validator.iter_errors(data))
    assert not errors, [e.message[:200] for e in errors[:5]]
    assert (tmp_path / "schema_pack" / "pack.schema.json").read_text(encoding="utf-8") == schema_text()


# --------------------------------------------------------------------------- new


@pytest.mark.slow
def test_new_creates_a_pack_that_validates_and_plays(tmp_path: Path) -> None:
    r = cli("new", "my_pack", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    assert (tmp_path / "my_pack" / "pack.yaml").is_file()
    r = cli("validate", "my_pack", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    assert "my_pack: ok:" in text(r)[0]
    r = cli("run", "my_pack", "--persona", "coalition_builder", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)[1][-3000:]
    assert re.search(r"^== Ending: ", text(r)[0], re.M)


@pytest.mark.parametrize("persona", ["random", "heroic_director", "avoider", "curious_convenor",
                                     "coalition_builder", "optimiser"])
def test_new_scaffold_plays_with_every_persona(persona: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert call(capsys, "new", "p")[0] == 0
    status, out, err = call(capsys, "run", "p", "--persona", persona, "--seed", "3")
    assert status == 0, err
    assert "== Ending: " in out


@pytest.mark.parametrize("name", [
    "plain", "123 abc", "it's", "x#y", 'say "hi"', "back\\slash", "caf\\u00e9",
    pytest.param("n" * 250, id="250-characters"),
])
def test_new_with_unusual_names_makes_a_valid_pack_or_says_no(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`sysplay new NAME` either refuses the name cleanly or scaffolds a pack that validates."""
    monkeypatch.chdir(tmp_path)
    status, _out, err = call(capsys, "new", name)
    if status != 0:
        assert status == 1 and err.startswith("sysplay: error: "), err
        return
    status, out, err = call(capsys, "validate", name)
    assert status == 0, out + err
    assert ": error: " not in out


@pytest.mark.slow
def test_new_on_existing_folder_fails(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    r = cli("new", "taken", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert "already exists" in text(r)[1]
    assert list((tmp_path / "taken").iterdir()) == []


# --------------------------------------------------------------------------- run


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["coalition_builder", "heroic_director"])
def test_run_is_deterministic(persona: str, tmp_path: Path) -> None:
    args = ("run", "riverside_winter", "--seed", "5", "--persona", persona)
    first = cli(*args, cwd=tmp_path)
    second = cli(*args, cwd=tmp_path)
    no_traceback(first)
    assert first.returncode == 0 and second.returncode == 0
    assert first.stdout == second.stdout
    assert b"== Ending: " in first.stdout


@pytest.mark.parametrize("persona", ["random", "curious_convenor"])
def test_run_different_seeds_differ(persona: str, capsys: pytest.CaptureFixture[str]) -> None:
    _s, a, _e = call(capsys, "run", "riverside_winter", "--seed", "1", "--persona", persona)
    _s, b, _e = call(capsys, "run", "riverside_winter", "--seed", "2", "--persona", persona)
    hashes_a = re.findall(r"^State hash (\w+)$", a, re.M)
    hashes_b = re.findall(r"^State hash (\w+)$", b, re.M)
    assert hashes_a and hashes_b and hashes_a != hashes_b


def _choices_setup(tmp_path: Path) -> tuple[str, list[str], int]:
    pack = load_pack("riverside_winter")
    iv = next(i for i in pack.interventions
              if i.target == "actor" and i.slots == 1 and i.capital == 0 and not i.requires
              and i.cooldown == 0 and i.target_types is None)
    return iv.id, [a.id for a in pack.actors], pack.meta.slots_per_turn


@pytest.mark.slow
def test_run_with_choices_file(tmp_path: Path) -> None:
    iv, actors, slots = _choices_setup(tmp_path)
    moves = [f"{{do: {iv}, target: {actors[k]}}}" for k in range(slots + 1)]  # one too many
    turn1 = "  - [" + ", ".join([*moves, "{do: no_such_move}"]) + "]\n"
    turn2 = f"  - [{{do: {iv}, target: {actors[0]}}}]\n"
    (tmp_path / "choices.yaml").write_text("turns:\n" + turn1 + turn2, encoding="utf-8")
    r = cli("run", "riverside_winter", "--choices", "choices.yaml", "--seed", "2", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    out = text(r)[0]
    refused = [x for x in out.splitlines() if x.startswith("Refused")]
    assert any(f"Refused in turn 1: {iv}" in x for x in refused), refused
    assert any("no_such_move" in x for x in refused), refused
    assert "== Ending: " in out
    assert "choices choices.yaml" in out.splitlines()[0]


@pytest.mark.slow
@pytest.mark.parametrize(("content", "where"), [
    ("turns:\n  - [{do: listen, bogus: 1}]\n", (2, 19)),
    ("turns: 5\n", (1, 1)),
    ("moves: []\n", (1, 1)),
    ("turns:\n  - - {target: acute}\n", (2, 7)),
    ("turns: [\n", None),
    ("a: &x 1\nb: *x\n", None),
])
def test_run_with_malformed_choices_file(content: str, where: tuple[int, int] | None,
                                         tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    r = cli("run", "riverside_winter", "--choices", "bad.yaml", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    out, err = text(r)
    assert "== Ending" not in out
    issues = assert_issue_lines(err)
    m = re.match(r"^bad\.yaml:(\d+):(\d+): error: ", issues[0])
    assert m, issues
    assert int(m.group(1)) >= 1 and int(m.group(2)) >= 1
    if where is not None:
        assert (int(m.group(1)), int(m.group(2))) == where, issues


@pytest.mark.slow
def test_run_missing_choices_file_and_missing_pack(tmp_path: Path) -> None:
    r = cli("run", "riverside_winter", "--choices", "missing.yaml", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert_issue_lines(text(r)[1])
    r = cli("run", "no_such_pack", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert text(r)[1].startswith("no_such_pack:1:1: error: ")


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["coalition_builder", "avoider"])
def test_run_save_writes_a_record_matching_the_transcript(persona: str, tmp_path: Path) -> None:
    r = cli("run", "riverside_winter", "--seed", "5", "--persona", persona,
            "--save", "play.json", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0, text(r)
    out = text(r)[0]
    record = json.loads((tmp_path / "play.json").read_text(encoding="utf-8"))
    assert record["format"]
    assert record["seed"] == 5
    assert record["turns"], record
    hashes = re.findall(r"^State hash ([0-9a-f]{64})$", out, re.M)
    assert hashes == [t["state_hash"] for t in record["turns"]]
    assert [t["turn"] for t in record["turns"]] == list(range(1, len(hashes) + 1))
    assert "Saved to play.json" in out


# --------------------------------------------------------------------------- play


@pytest.mark.slow
def test_play_with_typed_commands(tmp_path: Path) -> None:
    options = [iv.id for iv in load_pack("riverside_winter").interventions]
    listen = options.index("listen_one_to_one") + 1  # one-to-one listening, with the first actor
    r = cli("play", "riverside_winter", cwd=tmp_path, stdin=f"{listen} 1\ne\nq\n".encode())
    no_traceback(r)
    assert r.returncode == 0, text(r)
    out = text(r)[0]
    assert "Planned: " in out
    week = load_pack("riverside_winter").meta.turn_label.capitalize()
    assert f"== {week} 1 of " in out
    assert "State hash " in out


@pytest.mark.slow
def test_play_survives_nonsense_and_end_of_input(tmp_path: Path) -> None:
    r = cli("play", "riverside_winter", cwd=tmp_path, stdin=b"zzz\n99 99\na 7\nu 5\nw x\n\n")
    no_traceback(r)
    assert r.returncode == 0
    out = text(r)[0]
    assert "Unknown command" in out
    assert "Stopped (no more input)." in out


# --------------------------------------------------------------------------- hostile input, bounded


def _hostile_files() -> dict[str, dict[str, bytes]]:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    flood = "a: [" + ",".join(["1"] * 600_000) + "]\n"  # ~1.2 MB, more values than allowed
    return {
        "alias_bomb": {"pack.yaml": ("\n".join(bomb) + "\n").encode()},
        "value_flood": {"pack.yaml": flood.encode()},
        "too_big": {"pack.yaml": b"a: " + b"x" * 3_000_000 + b"\n"},
        "deep_nesting": {"pack.yaml": b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"},
        "deep_mappings": {"pack.yaml": b"a: " + b"{b: " * 20_000 + b"1" + b"}" * 20_000 + b"\n"},
        "many_keys": {"pack.yaml": "".join(f"k{i}: {i}\n" for i in range(150_000)).encode()},
        "long_text": {"pack.yaml": b'meta: {title: "' + b"y" * 1_500_000 + b'"}\n'},
        "binary": {"pack.yaml": bytes(range(256)) * 100},
        "python_tag": {"pack.yaml": b"meta: !!python/object/apply:os.system ['echo PWNED']\n"},
        "include_climbs_out": {"pack.yaml": b"meta: {id: x}\ninclude: [../../../../etc/passwd]\n"},
        "include_is_folder": {"pack.yaml": b"meta: {id: x}\ninclude: [sub]\n", "sub/x.yaml": b"a: 1\n"},
        # Includes must not multiply the limits: every include counts against the one budget.
        "same_include_50_times": {"pack.yaml": _includes(["events.yaml"] * 50), "events.yaml": _events(12_000)},
        "same_include_other_spelling": {"pack.yaml": _includes(["events.yaml", "./events.yaml"]),
                                        "events.yaml": _events(10)},
        "pack_includes_itself": {"pack.yaml": _includes(["pack.yaml"])},
        "includes_add_up": {"pack.yaml": _includes([f"e{k}.yaml" for k in range(50)]),
                            **{f"e{k}.yaml": _events(9_000, f"k{k}_") for k in range(50)}},
    }


def _events(n: int, prefix: str = "") -> bytes:
    return ("events:\n" + "".join(f"  - {{id: {prefix}e{i}, title: T{i}, text: xxxxxxxxxxxxxxxxxxxx, "
                                   f"when: 'turn >= 2', effects: {{metric: {{queue: 1}}}}}}\n"
                                   for i in range(n))).encode()


def _includes(names: list[str]) -> bytes:
    return ("meta: {id: x}\ninclude:\n" + "".join(f"  - {n}\n" for n in names)).encode()


# "calls" counts the function calls validating the hostile pack made (Python and built-in), after a
# first validation has loaded the modules: the budget is about the work a hostile file can cause, and a
# count is the same on a busy machine as on a quiet one.
#: Calls allowed to refuse a hostile pack: the worst case measured is 10,000 unknown keys at about 810,000
#: (linear, about 80 a key); a quadratic search or an expanded alias would be hundreds of millions.
HOSTILE_CALLS = 3_000_000
#: Calls allowed for a pack of a thousand actors, 8,000 bad references or sixty voice lines whose silences
#: must be searched for: about 2.5 million at most measured; the searches they replaced took billions.
LARGE_PACK_CALLS = 8_000_000

_BOUNDED = """
import contextlib, io, json, resource, sys
from sysplay.cli import main


def peak_mb():
    # VmHWM is this process's own peak: ru_maxrss can carry the parent's peak across fork and exec.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


calls = 0


def count(_frame, event, _arg):
    global calls
    if event in ("call", "c_call"):
        calls += 1


with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(["validate", "riverside_winter"])  # load what validating loads, so only the hostile pack is counted
sys.setprofile(count)
status = main(["validate", sys.argv[1]])
sys.setprofile(None)
stats = {"status": status, "calls": calls, "mb": peak_mb()}
open(sys.argv[2], "w").write(json.dumps(stats))
"""


def _validate_bounded(tmp_path: Path) -> tuple[subprocess.CompletedProcess[bytes], dict[str, float], list[str]]:
    """Validate ./hostile in a fresh interpreter; return the process, its time and peak memory, and its lines."""
    stats_file = tmp_path / "stats.json"
    limit = 60.0  # a hung validator fails here rather than hanging the run
    try:
        r = subprocess.run([sys.executable, "-c", _BOUNDED, "hostile", str(stats_file)],
                           capture_output=True, cwd=tmp_path, timeout=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"validate took more than {limit:.0f}s")
    no_traceback(r)
    assert r.returncode == 0, text(r)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats["status"] == 1
    return r, stats, assert_issue_lines(text(r)[0])


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(_hostile_files()))
def test_hostile_pack_is_refused_within_a_call_budget_and_200mb(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    for name, content in _hostile_files()[case].items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    r, stats, lines = _validate_bounded(tmp_path)
    assert all(x.startswith("hostile/pack.yaml:") for x in lines), lines
    assert "PWNED" not in text(r)[0]
    assert stats["calls"] < HOSTILE_CALLS, stats
    assert stats["mb"] < 200, stats


@pytest.mark.slow
def test_many_unknown_keys_are_reported_within_a_call_budget(tmp_path: Path) -> None:
    # 10,000 unknown top-level keys: a 120 KB file, well inside every size limit.
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "pack.yaml").write_text("".join(f"k{i}: {i}\n" for i in range(10_000)), encoding="utf-8")
    _r, stats, lines = _validate_bounded(tmp_path)
    assert lines[0].startswith("hostile/pack.yaml:")
    assert stats["calls"] < HOSTILE_CALLS, stats
    assert stats["mb"] < 200, stats


@pytest.mark.slow
def test_many_unknown_references_are_reported_within_a_call_budget(tmp_path: Path) -> None:
    # ~1,000 actors and 8,000 relationships to actors that do not exist: a 1 MB include.
    folder = copy_bundled(tmp_path / "hostile")
    actors = [
        f"  - {{id: extra{i}, name: Extra {i}, type: community, speaker: {{name: N, role: R}}, "
        f"briefing: B, power: 0.5, stance: 0, stubbornness: 0.5, openness: 0.5, threshold: 0.5}}"
        for i in range(985)  # the format allows 1,000 actors in all, the bundled pack's own included
    ]
    insert_after(folder / "actors.yaml", r"^actors:", actors)
    rels = [f"  - {{from: extra{i % 985}, to: ghost{i}, trust: 0.1, tie: 0.5}}" for i in range(8000)]
    insert_after(folder / "actors.yaml", r"^relationships:", rels)
    _r, stats, lines = _validate_bounded(tmp_path)
    assert any("unknown actor 'ghost0'" in x for x in lines)
    assert stats["calls"] < LARGE_PACK_CALLS, stats
    assert stats["mb"] < 200, stats


@pytest.mark.slow
@pytest.mark.parametrize("section,n,expected", [
    ("events", 7_500, "hostile/more.yaml:502:5: error: events: at most 500 are allowed; the pack has 7,500 "
                      "(this is number 501)"),
    ("relationships", 22_000, "error: with the files read before it, the pack holds more than 120,000 values"),
])
def test_an_overlong_list_is_refused_before_it_is_validated(section: str, n: int, expected: str,
                                                            tmp_path: Path) -> None:
    # An overlong list is refused by its length before any of its items is validated.
    row = {"events": "  - {id: e%d, title: T, text: X, effects: {metric: {queue: 1}}}",
           "relationships": "  - {from: a%d, to: b%d, trust: 0.1, tie: 0.5}"}[section]
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "pack.yaml").write_bytes(_includes(["more.yaml"]))
    (folder / "more.yaml").write_text(f"{section}:\n" + "\n".join(row.replace("%d", str(i)) for i in range(n)) + "\n",
                                      encoding="utf-8")
    _r, stats, lines = _validate_bounded(tmp_path)
    assert len(lines) == 1 and expected in lines[0], lines
    assert stats["calls"] < LARGE_PACK_CALLS, stats
    assert stats["mb"] < 200, stats


@pytest.mark.slow
def test_voice_lines_with_every_threshold_are_linted_within_a_call_budget(tmp_path: Path) -> None:
    # Sixty voice lines with distinct thresholds on three scales: the search for a state in which the
    # actor falls silent has millions of states to try: the linter must find its answer without trying them all.
    folder = copy_bundled(tmp_path / "hostile")
    lines = [f"      - {{line: 'L{k}', trust_below: {k / 61:.4f}, stance_above: {-k / 61:.4f}, "
             f"anxiety_below: {(k + 1) / 61:.4f}}}" for k in range(59)]
    lines.append("      - {line: 'Last', trust_above: 0.0}")  # every state is covered: nothing stops the search
    old = (folder / "actors.yaml").read_text(encoding="utf-8").split("\n")
    at = old.index("    voice:") + 1
    end = next(k for k in range(at, len(old)) if not old[k].startswith("      "))
    (folder / "actors.yaml").write_text("\n".join(old[:at] + lines + old[end:]), encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    r = subprocess.run([sys.executable, "-c", _BOUNDED, "hostile", str(stats_file)], capture_output=True,
                       cwd=tmp_path, timeout=60)
    no_traceback(r)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats["status"] == 0, text(r)
    assert stats["calls"] < LARGE_PACK_CALLS, stats
    assert stats["mb"] < 200, stats


# --------------------------------------------------------------------------- FIFOs, outputs, full stdout


def _saved_game(tmp_path: Path) -> Path:
    r = cli("run", "riverside_winter", "--persona", "avoider", "--save", "game.json", cwd=tmp_path)
    assert r.returncode == 0, text(r)
    return tmp_path / "game.json"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["replay", "resume", "debrief"])
def test_a_fifo_given_as_a_save_is_refused_at_once(command: str, tmp_path: Path) -> None:
    # The reproduction: `mkfifo x.json; sysplay replay x.json` blocked for ever.
    os.mkfifo(tmp_path / "x.json")
    r = cli(command, "x.json", cwd=tmp_path, timeout=60)
    no_traceback(r)
    assert r.returncode == 1
    assert text(r)[1].strip() == "x.json:1:1: error: this is a named pipe (FIFO), not a save file"


@pytest.mark.slow
def test_a_fifo_as_a_pack_or_choices_file_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "choices.yaml")
    r = cli("run", "riverside_winter", "--choices", "choices.yaml", cwd=tmp_path, timeout=60)
    no_traceback(r)
    assert r.returncode == 1 and "choices.yaml:1:1: error: this is a named pipe (FIFO)" in text(r)[1]
    folder = copy_bundled(tmp_path / "p")
    (folder / "actors.yaml").unlink()
    os.mkfifo(folder / "actors.yaml")
    r = cli("validate", "p", cwd=tmp_path, timeout=60)
    no_traceback(r)
    assert r.returncode == 1 and "include 'actors.yaml' does not exist" in text(r)[0]


@pytest.mark.slow
def test_the_save_listing_skips_fifos_and_clears_stale_temporary_files(tmp_path: Path) -> None:
    from sysplay.fsutil import STALE_SECONDS
    from sysplay.playthroughs.files import list_saves

    game = _saved_game(tmp_path)
    os.mkfifo(tmp_path / "trap.json")
    stale = tmp_path / ".game.json.abcd1234.tmp"
    fresh = tmp_path / ".game.json.wxyz5678.tmp"
    other = tmp_path / ".notes.txt.tmp"
    for f in (stale, fresh, other):
        f.write_text("{", encoding="utf-8")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    listed = list_saves(tmp_path)
    assert [p.name for p, _s, _e in listed] == [game.name]
    assert not stale.exists(), "a stale temporary file of our own naming is removed"
    assert fresh.exists() and other.exists(), "a recent one (a write in progress) and others' files stay"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "missing_folder"])
def test_output_is_written_only_over_a_regular_file_or_nothing(kind: str, tmp_path: Path) -> None:
    game = _saved_game(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out.md"
    if kind == "symlink":
        out.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
    else:
        out = tmp_path / "nonexistent" / "dir" / "x.md"
    expected = {"symlink": "it is a symbolic link, not a regular file", "fifo": "it is a named pipe (FIFO)",
                "folder": "it is a folder", "missing_folder": "does not exist; create it first"}[kind]
    for args in (["debrief", str(game), "--format", "md", "-o", str(out)], ["schema", "-o", str(out)],
                 ["simulate", "riverside_winter", "--runs", "1", "--jobs", "1", "--json", "--html", str(out)]):
        r = cli(*args, cwd=tmp_path, timeout=60)
        no_traceback(r)
        err = text(r)[1].strip().splitlines()
        assert r.returncode == 1 and len(err) == 1 and expected in err[0], (args, err)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "nonexistent").exists()
    if kind == "symlink":
        assert out.is_symlink()
    elif kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(out).st_mode)


@pytest.mark.slow
def test_writing_to_a_full_stdout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    game = _saved_game(tmp_path)
    for args in (["packs"], ["run", "riverside_winter", "--persona", "avoider"], ["debrief", str(game), "--format", "md"]):
        with open("/dev/full", "wb") as full:
            r = subprocess.run([sys.executable, "-m", "sysplay", *args], stdout=full, stderr=subprocess.PIPE,
                               cwd=tmp_path, timeout=60)
        err = r.stderr.decode("utf-8")
        assert r.returncode == 1 and "Traceback" not in err, err
        assert err.strip() == "sysplay: error: cannot write the output: No space left on device"


# --------------------------------------------------------------------------- smaller items


@pytest.mark.slow
def test_new_refuses_control_characters_and_quotes_its_suggestions(tmp_path: Path) -> None:
    r = cli("new", "evil\x1b]0;PWNED\x07name", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1 and "\x1b" not in text(r)[0] + text(r)[1] and "control characters" in text(r)[1]
    assert list(tmp_path.iterdir()) == []
    r = cli("new", "my pack; touch pwned", cwd=tmp_path)
    assert r.returncode == 0, text(r)
    assert "  sysplay validate 'my pack; touch pwned'\n" in text(r)[0]
    line = next(x for x in text(r)[0].splitlines() if x.strip().startswith("sysplay validate"))
    done = subprocess.run(["bash", "-c", line.replace("sysplay", f"{sys.executable} -m sysplay", 1)],
                          capture_output=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0 and not (tmp_path / "pwned").exists(), done.stderr


@pytest.mark.slow
def test_a_pack_yaml_that_links_outside_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.yaml").symlink_to(secret)
    r = cli("validate", "p", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1
    assert text(r)[0].strip() == ("p/pack.yaml:1:1: error: pack.yaml is a link to a file outside the pack folder; "
                                  "copy the file into the folder instead")
    assert "password" not in text(r)[0]
    inside = copy_bundled(tmp_path / "q")
    (inside / "main.yaml").write_bytes((inside / "pack.yaml").read_bytes())
    (inside / "pack.yaml").unlink()
    (inside / "pack.yaml").symlink_to("main.yaml")
    assert cli("validate", "q", cwd=tmp_path).returncode == 0, "a link inside the folder is fine"


@pytest.mark.slow
@pytest.mark.parametrize("source", ["/etc/passwd", "../../../../etc/hostname", "nothere/../../secret.yaml"])
def test_a_save_naming_any_file_as_its_pack_source_is_not_followed(source: str, tmp_path: Path) -> None:
    game = _saved_game(tmp_path)
    raw = json.loads(game.read_text(encoding="utf-8"))
    raw["pack"]["source"] = source
    game.write_text(json.dumps(raw), encoding="utf-8")
    for command in ("replay", "debrief"):
        args = [command, "game.json"] + (["--format", "md"] if command == "debrief" else [])
        r = cli(*args, cwd=tmp_path)
        no_traceback(r)
        out, err = text(r)
        assert r.returncode == 0, err
        assert "root:" not in out + err and "could not be loaded" not in out + err
        if command == "replay":
            assert f"sysplay: note: the save names its pack as '{source}'" in err
            assert "Pack: 'Winter at Riverside' (riverside_winter 2.0.0) from " in err
        else:
            assert "which is not a pack id, a pack folder nor a YAML file inside this folder" in out


@pytest.mark.slow
def test_a_save_naming_a_pack_beside_it_or_below_here_is_followed(tmp_path: Path) -> None:
    copy_bundled(tmp_path / "mine")
    r = cli("run", "mine", "--persona", "avoider", "--save", "game.json", cwd=tmp_path)
    assert r.returncode == 0, text(r)
    r = cli("replay", "game.json", cwd=tmp_path)
    assert r.returncode == 0 and "from mine/pack.yaml" in text(r)[1], text(r)
