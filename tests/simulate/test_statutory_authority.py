"""council_s114 teaches that statutory authority, used at the right moment, can be right.

The coalition builder never instructs. A player who plays exactly as it does, but also uses the
Director of Adult Social Services' statutory powers when their moment comes (the provider-failure
duty while an agency is failing, a written risk triage while the waiting list is long, statutory
advice on record once a judicial review is threatened), does better on the same seeds; the heroic
director, who instructs and escalates whatever the moment, does far worse than both.
"""

from __future__ import annotations

from statistics import mean

from sysplay.engine.game import Game
from sysplay.engine.personas import choose_answer, play_turn
from sysplay.errors import RefusedMove
from sysplay.scenarios.loader import load_pack

SEEDS = range(1_000_000, 1_000_012)


def _statutory_when_due(g: Game) -> None:
    """Plan each statutory move whose moment has come (before the coalition builder fills the diary)."""
    v = g.namespace()
    due: list[tuple[str, tuple[str, ...]]] = []
    if v["active_provider_exit"] > 0:
        due.append(("provider_failure_duty", ("providers",)))
    if v["unmet_need"] > 500 and v["risk_triage"] == 0:
        due.append(("direct_risk_triage", ()))
    if v["fired_pre_action_letter"] > 0 and v["advice_on_record"] == 0:
        due.append(("put_advice_on_record", ()))
    for move, targets in due:
        try:
            g.plan(move, targets)
        except RefusedMove:
            continue


def _play(seed: int, style: str) -> Game:
    g = Game(load_pack("council_s114"), seed, record=False)
    while not g.finished:
        if style == "judicious":
            if g.pending_dilemma is not None:
                g.answer(choose_answer(g, "coalition_builder"))
            _statutory_when_due(g)
            play_turn(g, "coalition_builder")
        else:
            play_turn(g, style)
        g.end_turn()
    return g


def test_statutory_authority_at_the_right_moment_beats_never_using_it() -> None:
    plain = [_play(s, "coalition_builder") for s in SEEDS]
    judicious = [_play(s, "judicious") for s in SEEDS]
    heroic = [_play(s, "heroic_director") for s in SEEDS]
    used = sum(g.state.used.get(m, 0) for g in judicious
               for m in ("provider_failure_duty", "direct_risk_triage", "put_advice_on_record"))
    assert used >= len(SEEDS) // 3  # the judicious player really did use its powers, where their moment came
    assert all(g.state.used.get("instruct_service", 0) == 0 for g in plain + judicious)
    score = {name: mean(g.outcome().composite for g in games)
             for name, games in (("plain", plain), ("judicious", judicious), ("heroic", heroic))}
    assert score["judicious"] >= score["plain"] + 0.02, score
    # Where no moment came (no agency failed, no letter arrived, the list stayed short) the two games are
    # the same; where one came, using the power did better in most games.
    pairs = [(j.outcome().composite, p.outcome().composite) for j, p in zip(judicious, plain, strict=True)]
    differ = [(j, p) for j, p in pairs if abs(j - p) > 1e-9]
    assert differ and sum(j > p for j, p in differ) >= len(differ) * 2 // 3, (pairs, score)
    assert score["heroic"] <= score["plain"] - 0.15, score
