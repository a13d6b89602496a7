"""The answer-key hunt: it finds a key built into a pack and prints it as a choices file that plays as
scored; it finds none where adaptive play is needed; its gate says "not checked" when nothing wins; its
candidates and mutations do what they are named for; the time cap stops it and says so."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from sysplay.cli import main
from sysplay.engine.game import Game
from sysplay.playthroughs.run import load_choices, play_through
from sysplay.scenarios.loader import load_pack
from sysplay.simulate.analysis import Budget, Simulation, simulate
from sysplay.simulate.batch import Workers
from sysplay.simulate.candidates import MUTATIONS, Proposer
from sysplay.simulate.hunt import Hunt, HuntBudget
from sysplay.simulate.report_text import render_text
from sysplay.simulate.runs import run_seed
from sysplay.simulate.scripts import (
    FixedScript,
    atoms,
    choices_yaml,
    play_fixed,
    rankings,
    targets_by_rule,
)
from tests.simulate.packs import KEY, NO_KEY, NOTHING_WINS, write_pack


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def gate(report: dict, gid: str) -> dict:
    return next(g for g in report["gates"] if g["id"] == gid)


# ----- a pack built to have an answer key ------------------------------------------------------------


def test_the_hunt_finds_a_built_in_answer_key_and_prints_it_as_a_choices_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "key", KEY)
    out_file = tmp_path / "key.yaml"
    status, out, err = cli("simulate", str(folder), "--runs", "20", "--jobs", "1", "--hunt-out", str(out_file))
    assert status == 0, err
    assert "FAIL  No fixed script matches adaptive play" in out
    assert "An answer key, as a choices file" in out
    written = out_file.read_text(encoding="utf-8")
    assert "\n".join("    " + line for line in written.splitlines()) in out  # the report prints the same file
    assert f"wrote {out_file}" in out

    # The file plays exactly as the hunt scored it: `sysplay run --choices` wins on an unseen seed...
    status, transcript, err = cli("run", str(folder), "--seed", str(run_seed(1, 24)), "--choices", str(out_file))
    assert status == 0, err
    assert "Win" in transcript and "Refused" not in transcript


def test_the_printed_file_plays_every_unseen_seed_as_the_hunt_scored_it(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "key", KEY))
    sim = simulate(pack, runs=20, persona="all", seed=1, jobs=1)
    hunt = sim.report["hunt"]
    best = hunt["best"]
    assert hunt["answer_key"] and best["answer_key"] and best["holdout"]["p_good"] == 1.0
    path = tmp_path / "best.yaml"
    path.write_text(best["choices"], encoding="utf-8")
    script = load_choices(path)
    outcomes = []
    for k in range(hunt["holdout_runs"]):
        g = Game(pack, hunt["first_holdout_seed"] + k)  # a full game, as `sysplay run` plays it
        play_through(g, None, script)
        outcomes.append(g.outcome().composite)
        assert g.state.ending == "win"
    assert round(sum(outcomes) / len(outcomes), 6) == best["holdout"]["mean_outcome"]


def test_checklists_and_climbing_find_the_key_without_any_persona_game(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "key", KEY))
    hunt = Hunt(pack, HuntBudget(candidates=30, train_runs=4, holdout_runs=10, finalists=3), seed=5, train_from=100)
    with Workers(1, pack) as pool:
        hunt.run(pool, {})
    block = hunt.report(None, "coalition_builder")
    assert block["sources"]["replays"] == 0 and block["sources"]["checklists"] > 0
    best = max(block["finalists"], key=lambda f: f["holdout"]["p_good"])
    assert best["holdout"]["p_good"] == 1.0


# ----- packs without one -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def no_key(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    pack = load_pack(write_pack(tmp_path_factory.mktemp("nk") / "no_key", NO_KEY))
    return simulate(pack, runs=20, persona="all", seed=1, jobs=1)


def test_no_key_where_only_looking_wins(no_key: Simulation) -> None:
    r = no_key.report
    hunt = r["hunt"]
    assert r["personas"]["coalition_builder"]["p_good"] == 1.0  # it takes whichever fix is usable
    assert hunt["answer_key"] is False and hunt["scored"] == hunt["candidates"]
    for row in hunt["finalists"]:
        assert row["holdout"]["p_good"] < 0.6
    assert gate(r, "no_answer_key")["status"] == "pass"
    assert "The best fixed script (not an answer key)" in render_text(no_key)


def test_gates_that_pass_only_because_nothing_wins_say_not_checked(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "nothing", NOTHING_WINS))
    sim = simulate(pack, runs=20, persona="all", seed=1, jobs=1)
    r = sim.report
    assert all(p["p_good"] == 0 for p in r["personas"].values())
    assert gate(r, "random_rarely_good")["status"] == "not_checked"
    assert gate(r, "no_answer_key")["status"] == "not_checked"
    assert any(w.startswith("gate no_answer_key not checked") for w in r["warnings"])
    text = render_text(sim)
    assert "NOT CHECKED  Random play rarely reaches a good ending" in text
    assert "3 NOT CHECKED" in next(line for line in text.splitlines() if line.startswith("GATES"))


# ----- fixed scripts -----------------------------------------------------------------------------------


def test_a_move_refused_on_a_seed_is_skipped_there(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "nk", NO_KEY))
    script = FixedScript(tuple([(("fix_a", ()),)] * 4))
    routes = {}
    for k in range(12):
        g = play_fixed(Game(pack, k, record=False), script)
        routes[g.state.params["route"] < 0.333] = g.state.used.get("fix_a", 0)
    assert routes == {True: 4, False: 0}  # played where it can be, skipped where it cannot


def test_a_standing_answer_refused_on_a_seed_takes_the_first_choice_there() -> None:
    """As ``sysplay run --choices`` does: a standing answer whose requirement is not met is not an error."""
    from sysplay.scenarios.paths import bundled_dir

    pack = load_pack(bundled_dir() / "riverside_winter")
    script = FixedScript(tuple([()] * pack.meta.turns), answers=(("winter_money", "step_down"),))
    g = play_fixed(Game(pack, 7, record=False), script)  # nobody listened to the care homes
    names = g.namespace()
    assert names["chose_winter_money_step_down"] == 0
    assert names["chose_winter_money_escalation_beds"] == 1


def test_choices_file_round_trip(tmp_path: Path) -> None:
    script = FixedScript(((("listen", ("a", "b")),), (), (("reflect", ()), ("null", ("true",)))),
                         answers=(("beds", "yes"),))
    path = tmp_path / "c.yaml"
    path.write_text(choices_yaml(script, ["a header"], "week"), encoding="utf-8")
    loaded = load_choices(path)
    assert loaded.answers == {"beds": "yes"}
    turns = tuple(tuple((m.do, m.targets) for m in t) for t in loaded.turns)
    assert turns == script.turns  # ids that read as other YAML types are quoted


def test_target_rules_read_the_pack_as_written() -> None:
    pack = load_pack("riverside_winter")
    ranks = rankings(pack)
    actors = {a.id: a for a in pack.actors}
    assert ranks["powerful"][0] == max(pack.actors, key=lambda a: a.power).id
    assert ranks["opposed"][0] == min(pack.actors, key=lambda a: a.stance).id
    assert ranks["trusting"][0] == max(pack.actors, key=lambda a: a.trust_in_you).id
    assert actors[ranks["voices"][0]].type in ("voluntary_sector", "community", "patient_voice", "healthwatch", "carers")
    hostile = min((r for r in pack.relationships if not r.hidden and r.trust < 0), key=lambda r: r.trust)
    assert ranks["hostile_pair"][:2] == [hostile.source, hostile.target]
    for iv in pack.interventions:
        targets = targets_by_rule(pack, iv, ranks["powerful"])
        if targets:
            assert iv.target_types is None or all(actors[t].type in iv.target_types for t in targets)
    steps = atoms(pack)
    assert len(steps) == len(set(steps)) and {s[0] for s in steps} == {iv.id for iv in pack.interventions}


def test_each_mutation_does_what_it_is_named_for() -> None:
    pack = load_pack("riverside_winter")
    prop = Proposer(pack)
    base, _ = prop.checklist(np.random.default_rng(3))
    seen = set()
    for k in range(300):
        child, what = prop.mutate(base, np.random.default_rng(k))
        seen.add(what)
        flat = [s for t in base.turns for s in t]
        new = [s for t in child.turns for s in t]
        if what == "swap a move":
            changed = [(a, b) for a, b in zip(flat, new, strict=True) if a != b]
            assert len(changed) == 1 and changed[0][0][0] != changed[0][1][0]
        elif what == "change a target":
            changed = [(a, b) for a, b in zip(flat, new, strict=True) if a != b]
            assert len(changed) == 1 and changed[0][0][0] == changed[0][1][0]
        elif what == "move it a turn":
            assert sorted(flat) == sorted(new) and child.turns != base.turns
        elif what == "change an answer":
            assert child.turns == base.turns and child.answers != base.answers
        elif what == "add a move":
            assert len(new) == len(flat) + 1
        elif what == "drop a move":
            assert len(new) == len(flat) - 1
    assert seen == set(MUTATIONS) - {"add a move"} or seen == set(MUTATIONS)


# ----- budget and clock --------------------------------------------------------------------------------


def test_the_time_cap_stops_the_hunt_and_says_so(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "nk", NO_KEY))
    budget = Budget.plan(20, "coalition_builder", hunt_candidates=400, hunt_seconds=1e-6)
    sim = simulate(pack, runs=20, persona="coalition_builder", jobs=1, budget=budget)
    hunt = sim.report["hunt"]
    assert hunt["stopped_by"] == "seconds" and hunt["finalists"]
    assert hunt["sources"]["checklists"] == hunt["sources"]["climbs"] == 0  # only the first batch, the replays
    assert any("stopped at its 1e-06 s cap" in n for n in sim.report["notes"])
    assert "Stopped at the 1e-06 s cap" in render_text(sim)


def test_the_hunt_is_the_same_whatever_jobs_and_can_be_turned_off(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "key", KEY)
    args = ("simulate", str(folder), "--runs", "10", "--persona", "coalition_builder", "--json", "--hunt-candidates")
    one, two = cli(*args, "24", "--jobs", "1"), cli(*args, "24", "--jobs", "2")
    assert one == two and json.loads(one[1])["hunt"]["scored"] == 24
    off = json.loads(cli(*args, "0")[1])
    assert off["hunt"] is None and gate(off, "no_answer_key")["status"] == "skipped"
