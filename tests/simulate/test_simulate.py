"""`sysplay simulate`: determinism whatever --jobs, agreement with direct play, gates that catch a
broken pack, and the JSON, text and HTML reports."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from sysplay.cli import main
from sysplay.engine.game import Game
from sysplay.playthroughs.run import play_through
from sysplay.scenarios.loader import load_pack
from sysplay.simulate.analysis import OPTIMISER_RUNS, Budget, Simulation, simulate
from sysplay.simulate.findings import notes as simulate_notes
from sysplay.simulate.hunt import HuntBudget
from sysplay.simulate.report_html import render_html
from sysplay.simulate.report_text import render_text
from sysplay.simulate.runs import run_seed
from tests.simulate.packs import write_broken


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def small(personas: tuple[str, ...], runs: int, *, restricted: int = 0, sensitivity: int = 0, late: int = 0,
          hunt: int = 0) -> Budget:
    return Budget(runs=runs, personas=personas, persona_runs=dict.fromkeys(personas, runs),
                  restricted_runs=dict.fromkeys(personas, restricted), sensitivity_runs=dict.fromkeys(personas, sensitivity),
                  late_runs=late, hunt=HuntBudget(hunt, train_runs=3, holdout_runs=4, finalists=2) if hunt else None)


# ----- determinism -----------------------------------------------------------------------------


def test_json_is_identical_whatever_jobs() -> None:
    one = cli("simulate", "riverside_winter", "--runs", "12", "--persona", "random", "--json", "--jobs", "1")
    two = cli("simulate", "riverside_winter", "--runs", "12", "--persona", "random", "--json", "--jobs", "2")
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert one[2] == two[2] == ""  # no progress bar, no notes on stderr with --json
    report = json.loads(one[1])  # exactly one JSON object on stdout
    assert report["runs"] == 12 and report["personas"]["random"]["runs"] == 12


def test_every_analysis_is_identical_whatever_jobs(tmp_path: Path) -> None:
    pack = load_pack(write_broken(tmp_path / "broken"))
    budget = small(("random", "heroic_director", "coalition_builder"), 7, restricted=3, sensitivity=2, late=3, hunt=20)
    a = simulate(pack, jobs=1, budget=budget)
    b = simulate(pack, jobs=2, budget=budget)
    assert json.dumps(a.report) == json.dumps(b.report)
    assert set(a.report["restricted"]["personas"]) == set(a.report["sensitivity"]["personas"]) == set(budget.personas)
    assert a.report["late_command"]["runs"] == 3
    assert a.report["hunt"]["scored"] == 20 and a.report["hunt"]["sources"]["climbs"] > 0


def test_a_different_seed_gives_different_games() -> None:
    pack = load_pack("riverside_winter")
    budget = small(("random",), 4)
    a = simulate(pack, seed=1, jobs=1, budget=budget).report["personas"]["random"]
    b = simulate(pack, seed=2, jobs=1, budget=budget).report["personas"]["random"]
    assert a["mean_outcome"] != b["mean_outcome"]


# ----- the report agrees with direct play --------------------------------------------------------


@pytest.fixture(scope="module")
def coalition() -> Simulation:
    pack = load_pack("riverside_winter")
    return simulate(pack, seed=3, jobs=1, budget=small(("coalition_builder",), 5))


def test_endings_and_outcomes_match_play_through(coalition: Simulation) -> None:
    pack = load_pack("riverside_winter")
    endings: Counter[str] = Counter()
    outcomes, fired = [], Counter[str]()
    for k in range(5):
        g = Game(pack, run_seed(3, k), record=False)
        play_through(g, "coalition_builder", None)
        endings[g.state.ending or ""] += 1
        outcomes.append(g.outcome().composite)
        fired.update({f"event:{e}": n for e, n in g.state.fired.items()})
    p = coalition.report["personas"]["coalition_builder"]
    assert p["endings"] == {e.id: round(endings[e.id] / 5, 6) for e in pack.endings}
    assert p["mean_outcome"] == round(sum(outcomes) / 5, 6)
    assert p["max_outcome"] == round(max(outcomes), 6)
    hits = coalition.report["coverage"]["hits"]
    assert {k: hits[k] for k in hits if k.startswith("event:")} == {f"event:{e.id}": fired[f"event:{e.id}"] for e in pack.events}


def test_best_run_matches_the_run_transcript(coalition: Simulation) -> None:
    best = coalition.report["personas"]["coalition_builder"]["best_run"]
    status, out, _err = cli("run", "riverside_winter", "--seed", str(best["game_seed"]), "--persona", "coalition_builder")
    assert status == 0
    outcome = re.search(r"^Outcome (\d\.\d{3}) ", out, re.M)
    assert outcome and float(outcome.group(1)) == round(best["outcome"], 3)


def test_action_shares_add_up_and_coverage_counts_moves(coalition: Simulation) -> None:
    p = coalition.report["personas"]["coalition_builder"]
    assert sum(p["action_share"].values()) == pytest.approx(1.0, abs=1e-5)
    hits = coalition.report["coverage"]["hits"]
    moves = sum(v for k, v in hits.items() if k.startswith("intervention:"))
    assert moves > 0
    for iv, share in p["action_share"].items():
        assert hits[f"intervention:{iv}"] == round(share * moves)


# ----- a broken pack is caught -------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    pack = load_pack(write_broken(tmp_path_factory.mktemp("b") / "broken"))
    return simulate(pack, runs=6, persona="all", seed=1, jobs=1)


def _gate(sim: Simulation, gid: str) -> dict[str, str]:
    return next(g for g in sim.report["gates"] if g["id"] == gid)


def test_dominant_move_is_flagged(broken: Simulation) -> None:
    dom = broken.report["dominant"]
    assert dom["flags"] == ["magic"]
    assert _gate(broken, "no_dominant_move")["status"] == "fail"
    assert broken.report["hunt"]["answer_key"] is True
    assert _gate(broken, "no_answer_key")["status"] == "fail"


def test_unreachable_ending_is_reported(broken: Simulation) -> None:
    assert broken.report["coverage"]["unreached"] == ["ending:never"]
    assert _gate(broken, "all_content_reached")["status"] == "fail"
    assert any("ending:never" in w for w in broken.report["warnings"])


def test_solved_outcomes_and_lost_pedagogy_fail_their_gates(broken: Simulation) -> None:
    assert "heroic_director (sd 0.0000)" in _gate(broken, "outcome_not_fixed")["detail"]
    for gid in ("outcome_not_fixed", "coalition_beats_heroic", "random_rarely_good"):
        assert _gate(broken, gid)["status"] == "fail", gid


def test_optimiser_plays_fewer_runs_and_says_so(broken: Simulation) -> None:
    assert broken.report["personas"]["optimiser"]["runs"] == 6  # min(runs, OPTIMISER_RUNS)
    budget = Budget.plan(200, "all")
    assert budget.persona_runs["optimiser"] == OPTIMISER_RUNS < 200 and budget.persona_runs["random"] == 200
    assert any("optimiser played 20 of 200 runs" in n for n in simulate_notes(budget))
    assert Budget.plan(200, "optimiser").persona_runs["optimiser"] == 200


def test_json_has_the_contract_keys(broken: Simulation) -> None:
    r = json.loads(json.dumps(broken.report))
    assert {"pack", "runs", "seed", "personas", "coverage", "warnings"} <= set(r)
    for p in r["personas"].values():
        assert {"mean_outcome", "sd_outcome", "p_good", "endings", "action_share"} <= set(p)
    assert {"hits", "unreached"} <= set(r["coverage"])
    assert r["coverage"]["hits"]["ending:never"] == 0
    assert {"gates", "dominant", "hunt", "restricted", "late_command", "sensitivity"} <= set(r)


def test_text_report(broken: Simulation) -> None:
    text = render_text(broken)
    for heading in ("OUTCOMES", "ENDINGS", "GATES", "DOMINANT STRATEGIES", "ANSWER-KEY HUNT", "RESTRICTED PLAY",
                    "LATE COMMAND", "SENSITIVITY", "COVERAGE"):
        assert heading in text, heading
    assert "FAIL" in text and "magic" in text and "\x1b[" not in text
    assert "\x1b[" in render_text(broken, colour=True)
    assert all(ord(ch) < 128 for ch in render_text(broken, unicode=False))


def test_html_report_is_self_contained_and_escaped(broken: Simulation) -> None:
    page = render_html(broken)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "Hello &lt;b&gt;there&lt;/b&gt;." in page  # voice lines label the coverage table, escaped
    assert "<h2>Answer-key hunt</h2>" in page and "<pre># A fixed script found" in page
    assert '<td class="muted">unused</td>' in page  # the avoider never waves the wand


def test_cli_writes_html_and_text(tmp_path: Path) -> None:
    folder = write_broken(tmp_path / "broken")
    html = tmp_path / "out" / "report.html"
    html.parent.mkdir()  # --html never makes folders (a missing one is refused)
    status, out, err = cli("simulate", str(folder), "--runs", "3", "--persona", "heroic_director", "--html", str(html))
    assert status == 0, err
    assert "OUTCOMES" in out and f"wrote {html}" in out
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args", [("--runs", "0"), ("--persona", "nobody"), ("--seed", "-1"), ("--jobs", "-2"),
                                  ("--hunt-candidates", "-1"), ("--hunt-seconds", "0")])
def test_bad_arguments_are_usage_errors(args: tuple[str, ...]) -> None:
    status, out, err = cli("simulate", "riverside_winter", *args)
    assert status == 2 and out == "" and err.startswith("sysplay simulate: error: ")


def test_a_missing_pack_is_an_error_not_a_traceback() -> None:
    status, _out, err = cli("simulate", "no_such_pack", "--runs", "2")
    assert status == 1 and "no such pack" in err


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    pack = load_pack(write_broken(tmp_path / "broken"))
    seen: list[tuple[float, float]] = []
    simulate(pack, jobs=1, budget=small(("random",), 3), progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == pytest.approx(seen[-1][1])
    assert all(b[0] >= a[0] for a, b in zip(seen, seen[1:], strict=False))


def test_restricted_play_and_sensitivity_run_for_every_persona(broken: Simulation) -> None:
    r = broken.report
    assert set(r["restricted"]["personas"]) == set(r["sensitivity"]["personas"]) == set(r["personas"])
    avoider = {b["intervention"]: b for b in r["restricted"]["personas"]["avoider"]["bans"]}
    assert avoider["magic"]["unused"] and avoider["magic"]["delta"] == 0  # the avoider never waves the wand
    heroic = {b["intervention"]: b for b in r["restricted"]["personas"]["heroic_director"]["bans"]}
    assert not heroic["magic"]["unused"] and heroic["magic"]["delta"] < 0
    row = next(x for x in render_text(broken).splitlines() if x.startswith("  ban magic"))
    assert "unused" in row and "+0.000" not in row
    assert r["restricted"]["unused_by_all"] == []


def test_a_move_no_persona_uses_is_reported_not_shown_as_harmless(tmp_path: Path) -> None:
    from tests.simulate.packs import BROKEN

    write_broken(tmp_path / "b")
    text = BROKEN.replace("  - id: magic\n", "  - id: unused_move\n    name: Unused\n    kind: escalate\n"
                          "    description: Nobody.\n    target: none\n    requires: [{when: \"turn > 99\"}]\n"
                          "    effects: {threat: 0.1}\n  - id: magic\n")
    (tmp_path / "b" / "pack.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path / "b")
    sim = simulate(pack, jobs=1, budget=small(("heroic_director", "avoider"), 4, restricted=2))
    assert sim.report["restricted"]["unused_by_all"] == ["unused_move"]
    assert any("no persona ever used unused_move" in w for w in sim.report["warnings"])
    assert "No persona ever used: unused_move" in render_text(sim)


def test_late_command_adds_escalation_and_instruction_in_the_last_third(broken: Simulation) -> None:
    late = broken.report["late_command"]
    assert late["from_turn"] == 4 and late["runs"] == 5  # the last third of four turns is turn 4
    assert late["commands_per_game"] == {"magic": 1.0}  # the wand is the pack's one directive; no escalation
    g = next(x for x in broken.report["gates"] if x["id"] == "late_command_costs")
    assert g["status"] == ("pass" if late["delta"] < 0 else "fail")
    assert "LATE COMMAND" in render_text(broken) and "Late command" in render_html(broken)
