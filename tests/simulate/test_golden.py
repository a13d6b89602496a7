"""`sysplay test`: a pack's golden playthroughs, their expectations and approved transcripts."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from sysplay.cli import main
from sysplay.scenarios.loader import load_pack
from sysplay.simulate.golden import run_tests
from tests.simulate.packs import copy_riverside

FIRST_TEST = """  - name: A coalition builder plays the winter through
    seed: 7
    persona: coalition_builder
    expect:
      outcome: [0, 1]
"""
PERSONA = "    persona: coalition_builder\n"
# The tests below edit a copy of Riverside whose `tests:` section is replaced by this fixture,
# so they do not depend on the golden tests the bundled pack happens to ship.
FIXTURE_TESTS = FIRST_TEST + """      metrics:
        delayed_discharges: [0, 400]
        care_capacity: [0, 120]

  - name: Listening first, then answering the winter-money dilemma
    seed: 11
    moves:
      - # week 1
        - {do: listen_one_to_one, target: carers}
        - {do: broker_introduction, target: [acute, council]}
        - {do: pause_and_reflect}
      - # week 2
        - {do: convene_dialogue, target: [acute, council, homecare, carers]}
        - {do: listen_one_to_one, target: homecare}
      - # week 3
        - {answer: block_contract, dilemma: winter_money}
        - {do: listen_one_to_one, target: council}
        - {do: broker_introduction, target: [carers, acute]}
    expect:
      outcome: [0, 1]
      metrics:
        delayed_discharges: [0, 400]
      events: [winter_money]

"""


def copy_with_fixture_tests(folder: Path) -> Path:
    """Copy Riverside and give it the fixture's two golden tests."""
    copy_riverside(folder)
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("tests:\n"), text.index("# Optional tuning of the engine")
    path.write_text(text[:start] + "tests:\n" + FIXTURE_TESTS + text[end:], encoding="utf-8")
    return folder


def cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(list(args))
    return status, out.getvalue()


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_pack_passes_its_own_tests() -> None:
    status, out = cli("test", "riverside_winter")
    assert status == 0, out
    lines = out.splitlines()
    assert lines[-1] == f"{len(load_pack('riverside_winter').tests)} passed, 0 failed"
    assert all(line.startswith("PASS  ") for line in lines[:-1] if not line.startswith(" "))  # indented: a test's notes
    assert "pack.yaml:" in lines[0]  # positioned, so an editor can jump to the test


def test_a_changed_expectation_fails_with_the_reason(tmp_path: Path) -> None:
    folder = copy_with_fixture_tests(tmp_path / "riverside_winter")
    edit(folder, FIRST_TEST, FIRST_TEST + "      ending: long_winter\n      not_events: [winter_surge]\n")
    status, out = cli("test", str(folder))
    assert status == 1
    assert "FAIL  " in out and "1 passed, 1 failed" in out
    assert "ending: expected long_winter, got borrowed_ground (good)" in out
    assert "event winter_surge fired (1 time(s), last in turn" in out


def test_outcome_and_metric_ranges_are_checked(tmp_path: Path) -> None:
    folder = copy_with_fixture_tests(tmp_path / "riverside_winter")
    edit(folder, "      outcome: [0, 1]\n", "      outcome: [0.99, 1]\n")
    edit(folder, "        delayed_discharges: [0, 400]\n", "        delayed_discharges: [0, 1]\n")
    status, out = cli("test", str(folder))
    assert status == 1
    assert "is outside [0.99, 1]" in out and "delayed_discharges: " in out


def test_transcripts_are_approved_compared_and_updated(tmp_path: Path) -> None:
    folder = copy_with_fixture_tests(tmp_path / "riverside_winter")
    edit(folder, PERSONA, PERSONA + "    transcript: approved/coalition.txt\n")
    approved = folder / "approved" / "coalition.txt"

    status, out = cli("test", str(folder))
    assert status == 1 and "no approved transcript at approved/coalition.txt" in out and not approved.exists()

    status, out = cli("test", str(folder), "--update")
    assert status == 0 and "approved approved/coalition.txt" in out
    text = approved.read_text(encoding="utf-8")
    assert text.startswith("Winter at Riverside (pack riverside_winter") and "== Ending: " in text

    assert cli("test", str(folder))[0] == 0  # the same run again matches

    approved.write_text(text.replace("== Week 3 of 12 ==", "== Week three of twelve =="), encoding="utf-8")
    status, out = cli("test", str(folder))
    assert status == 1 and "transcript differs from the approved approved/coalition.txt" in out
    assert "-== Week three of twelve ==" in out and "+== Week 3 of 12 ==" in out

    status, out = cli("test", str(folder), "--update")
    assert status == 0 and "re-approved approved/coalition.txt" in out and "+== Week 3 of 12 ==" in out
    assert approved.read_text(encoding="utf-8") == text


def test_a_transcript_outside_the_pack_is_refused(tmp_path: Path) -> None:
    folder = copy_with_fixture_tests(tmp_path / "riverside_winter")
    edit(folder, PERSONA, PERSONA + "    transcript: ../outside.txt\n")
    status, out = cli("test", str(folder), "--update")
    assert status == 1 and "outside the pack folder" in out
    assert not (tmp_path / "outside.txt").exists()


def test_refused_scripted_moves_fail_the_test(tmp_path: Path) -> None:
    folder = copy_with_fixture_tests(tmp_path / "riverside_winter")
    edit(folder, "        - {answer: block_contract, dilemma: winter_money}\n",
         "        - {answer: block_contract, dilemma: winter_money}\n        - {do: pause_and_reflect}\n"
         "        - {do: pause_and_reflect}\n")
    status, out = cli("test", str(folder))
    assert status == 1 and "Refused in turn 3: broker_introduction: not enough diary slots" in out


def test_python_api_for_writers_own_suites() -> None:
    pack = load_pack("riverside_winter")
    results = run_tests(pack)
    assert len(results) == len(pack.tests) >= 2 and all(r.passed for r in results)
    assert results[0].failures == [] and results[0].diff == []
