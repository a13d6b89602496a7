"""Choices files: standing dilemma answers, their errors, and what --from-turn does with a file's later turns."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from sysplay.cli import main
from sysplay.engine.game import Game
from sysplay.errors import PackError
from sysplay.playthroughs.run import Choices, load_choices, play_through
from sysplay.scenarios.loader import load_pack


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def _dilemma() -> tuple[str, list[str]]:
    pack = load_pack("riverside_winter")
    ev = next(e for e in pack.events if e.choices)
    return ev.id, [c.id for c in ev.choices]


def _first_dilemma_turn(pack_seed: int, answers: dict[str, str]) -> tuple[Game, int | None]:
    g = Game(load_pack("riverside_winter"), pack_seed, record=False)
    play_through(g, None, Choices(answers=answers))
    asked = next((r.turn for r in g.results if r.answer is not None), None)
    return g, asked


def test_standing_answers_answer_a_dilemma_whenever_it_comes() -> None:
    dilemma, choices = _dilemma()
    for seed in range(1, 30):
        g, asked = _first_dilemma_turn(seed, {dilemma: choices[-1]})
        if asked is not None:
            break
    else:
        pytest.fail("the dilemma never came up")
    assert g.state.chosen[dilemma] == choices[-1]  # not the first choice, which is the fallback
    g2, _ = _first_dilemma_turn(seed, {})
    assert g2.state.chosen[dilemma] == choices[0]


def test_a_standing_answer_that_is_not_a_choice_is_refused_in_the_transcript(tmp_path: Path) -> None:
    dilemma, choices = _dilemma()
    path = tmp_path / "c.yaml"
    path.write_text(f"answers:\n  {dilemma}: no_such_choice\nturns: []\n", encoding="utf-8")
    for seed in range(1, 30):
        status, out, err = cli("run", "riverside_winter", "--seed", str(seed), "--choices", str(path))
        assert status == 0, err
        if f"answers.{dilemma}" in out:
            break
    else:
        pytest.fail("the dilemma never came up")
    assert "Refused in turn" in out and "'no_such_choice' is not one of the choices" in out
    assert f"taking the first choice, '{choices[0]}'" in out


@pytest.mark.parametrize(("content", "where", "words"), [
    ("answers: [a, b]\n", (1, 1), "answers: this should be a mapping of 'key: value' lines, not a list"),
    ("answers:\n  Beds: yes\n", (2, 3), "answers.Beds: 'Beds' is not a valid id"),
    ("turns:\n  - [{do: listen, taget: acute}]\n", (2, 19), "turns.0.0.taget: unknown field; did you mean 'target'?"),
    ("moves: []\n", (1, 1), "a choices file holds only 'turns' and 'answers'"),
])
def test_malformed_answers_are_positioned_errors(content: str, where: tuple[int, int], words: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_choices(path)
    issue = exc.value.issues[0]
    assert (issue.line, issue.col) == where and words in issue.message


def test_from_turn_with_a_persona_says_the_files_later_turns_are_not_played(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("turns:\n" + "  - [{do: listen_one_to_one, target: acute}]\n" * 5, encoding="utf-8")
    status, out, err = cli("run", "riverside_winter", "--choices", str(path), "--from-turn", "3",
                           "--persona", "random")
    assert status == 0, err
    assert ("The choices file's moves for weeks 3 to 5 are not played: persona random plays from week 3."
            in out)
    # Without a persona the file plays on, so nothing is dropped and nothing is said.
    status, out, err = cli("run", "riverside_winter", "--choices", str(path), "--from-turn", "3")
    assert status == 0, err
    assert "are not played" not in out
