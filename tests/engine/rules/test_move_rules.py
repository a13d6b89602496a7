"""Rules of the player's moves as a turn resolves them: costs, contact, fit, pushes, tests that can fail,
listening that needs following through, offers that are promises, and delays."""

from __future__ import annotations

import pytest

from sysplay.engine.act import ask_factor, pilot_chance, play
from sysplay.engine.moves import PlannedMove
from sysplay.errors import RefusedMove
from tests.engine.rules.tiny import MOVES, close, game, set_tie, tiny

LISTEN = PlannedMove("listen", ("a0",))


def _fit_everywhere(kind: str, zone: float, mood: float = 1.0) -> dict[str, dict[str, list[float]]]:
    """Engine tuning that makes ``kind`` fit every situation with the same multipliers."""
    return {"stacey": {kind: [zone] * 5}, "bion": {kind: [mood] * 4}}


def test_a_move_pays_its_capital_and_starts_its_cooldown() -> None:
    tc = tiny(2, engine=_fit_everywhere("directive", 1.0))
    s = tc.state
    capital = s.capital
    play(tc, PlannedMove("instruct", ("a0",)), tc.context)
    assert close(s.capital, capital - 1) and s.last_used["instruct"] == 1 and s.used["instruct"] == 1


def test_contact_makes_an_unaware_target_aware() -> None:
    tc = tiny(2)
    assert tc.state.stage[0] == 0
    play(tc, LISTEN, tc.context)
    assert tc.state.stage[0] == 1 and tc.state.contacts[0] == 1


def test_fit_is_zone_times_mood_times_tailoring_where_you_know_the_concern() -> None:
    tc = tiny(2, actors=[{"concern": "Money.", "hidden": ["concern"]}, {}],
              engine={**_fit_everywhere("advocate", 0.8, 1.25), "tailoring": 1.5})
    s = tc.state
    s.tau[:] = 0.5
    x0 = float(s.x[0])
    r = play(tc, PlannedMove("offer", ("a0",)), tc.context)
    assert close(r.zone_mult * r.mode_mult, 1.0) and not r.tailored
    assert close(float(s.x[0]) - x0, 0.1 * 1.0 * (0.5 + 0.5))
    s.known[0, 0] = True  # now you know their concern
    tc.state.turn += 1
    x1 = float(s.x[0])
    r = play(tc, PlannedMove("offer", ("a0",)), tc.context)
    assert r.tailored == ("a0",) and close(r.landing, min(1.6, 1.0 * 1.5))
    assert close(float(s.x[0]) - x1, 0.1 * 1.5 * (0.5 + 0.5))


def test_a_stance_push_lands_harder_the_more_they_trust_you() -> None:
    """Stance pushes are scaled by ``0.5 + trust in you``."""
    tc = tiny(2, engine=_fit_everywhere("advocate", 1.0))
    s = tc.state
    s.tau[:] = [0.2, 0.9]
    play(tc, PlannedMove("offer", ("a0",)), tc.context)
    play(tc, PlannedMove("offer", ("a1",)), tc.context)
    assert close(float(s.x[0]), 0.1 * 0.7) and close(float(s.x[1]), 0.1 * 1.4)


def test_a_tailored_push_also_shifts_the_settled_position_by_half() -> None:
    tc = tiny(2, actors=[{"concern": "Money."}, {}], engine={**_fit_everywhere("advocate", 1.0), "tailoring": 1.2})
    s = tc.state
    s.tau[0] = 0.5
    u0 = float(s.u[0])
    play(tc, PlannedMove("offer", ("a0",)), tc.context)
    push = 0.1 * 1.2 * 1.0
    assert close(float(s.u[0]) - u0, 0.5 * push)


def test_a_convening_in_fight_or_flight_can_deepen_a_split() -> None:
    """Dialogue fitting badly (x0.4 in the zone, x0.6 in fight-flight: 0.24) backfires: trust falls."""
    tc = tiny(2, engine={"stacey": {"dialogue": [0.4] * 5}, "bion": {"dialogue": [1.1, 0.8, 0.6, 0.9]}})
    s = tc.state
    s.mode[:] = [0.1, 0.1, 0.7, 0.1]
    set_tie(tc, 0, 1, -0.4, memory=-0.4)
    from sysplay.engine.context import context_of

    tc.context = context_of(s)
    assert tc.context.mode == "fight_flight"
    r = play(tc, PlannedMove("convene", ("a0", "a1")), tc.context)
    m = 0.5 - 2.5 * (0.5 - 0.4 * 0.6)
    assert r.verdict == "backfired" and close(r.landing, m)
    assert close(float(s.R[0, 1]), -0.4 + 0.1 * m * 2), "a backfired relation is a loss: it costs double"
    assert s.holding < 0.1, "the container shrinks too"


def test_an_instruction_in_the_complexity_zone_meets_pushback() -> None:
    """A directive at x0.3 lands at 0: no push; its trust cost lands 1.7 times as written (and doubles as a loss)."""
    tc = tiny(2, engine=_fit_everywhere("directive", 0.3))
    s = tc.state
    s.tau[0] = 0.5
    r = play(tc, PlannedMove("instruct", ("a0",)), tc.context)
    assert close(r.landing, 0.0) and r.verdict == "fell flat"
    assert close(float(s.x[0]), 0.0)
    assert close(float(s.tau[0]), 0.5 - 0.1 * 1.7 * 2)


def test_stock_effects_scale_with_the_landing_and_never_reverse() -> None:
    tc = tiny(2, engine=_fit_everywhere("resource", 0.6))
    q = tc.state.stocks["queue"]
    play(tc, PlannedMove("fund", ("a0",)), tc.context)
    assert close(tc.state.stocks["queue"], q - 10 * 0.6)
    tc = tiny(2, engine=_fit_everywhere("resource", 0.1))
    play(tc, PlannedMove("fund", ("a0",)), tc.context)
    assert tc.state.stocks["queue"] == 50.0, "a backfired funding achieves nothing; it does not add to the queue"


def test_a_pilot_succeeds_with_a_chance_from_fit_willingness_and_relations() -> None:
    """``0.1 + 0.3*min(fit, 1.3) + 0.3*willing + 0.2*(relations + 1)/2``, within [0.05, 0.95]."""
    assert close(pilot_chance(1.0, 0.5, 0.0), 0.1 + 0.3 + 0.15 + 0.1)
    assert close(pilot_chance(2.0, 1.0, 1.0), 0.95)
    assert close(pilot_chance(0.1, 0.0, -1.0), 0.1 + 0.03)


def test_a_pilot_can_fail_and_a_failed_test_teaches_something() -> None:
    tc = tiny(2, actors=[{"hidden": ["threshold"]}, {}], engine=_fit_everywhere("experiment", 0.2))
    s = tc.state
    s.x[:] = [-0.8, -0.8]
    set_tie(tc, 0, 1, -0.9)
    results = []
    for seed in range(1, 40):
        tc = tiny(2, seed=seed, actors=[{"hidden": ["threshold"]}, {}], engine=_fit_everywhere("experiment", 0.2))
        tc.state.x[:] = [-0.8, -0.8]
        set_tie(tc, 0, 1, -0.9)
        r = play(tc, PlannedMove("pilot", ("a0", "a1")), tc.context)
        results.append((r, tc))
    failed = [(r, tc) for r, tc in results if r.pilot is not None and not r.pilot.success]
    assert failed, "with a poor fit, unwilling people and bad relations, some tests fail"
    r, tc = failed[0]
    chance = pilot_chance(0.2, 0.1, -0.9)
    assert close(r.pilot.chance, chance) and r.verdict == "did not work"
    assert tc.state.params["lever"] == 0.0, "a failed test changes nothing it would have set"
    assert r.applied is not None and (0, "threshold") in r.applied.reveals, "but it shows you something"
    assert close(float(tc.state.x[0]), -0.8 - 0.02) and close(float(tc.state.anx[0]), 0.2 + 0.03)


@pytest.mark.parametrize(("owed", "factor"), [(0.0, 1.0), (1.0, 0.6), (2.0, 0.2), (3.0, -0.2), (5.0, -0.5)])
def test_asking_again_without_acting_counts_for_less_then_against_you(owed: float, factor: float) -> None:
    assert close(ask_factor(owed, 0.4), factor)


def test_ten_listens_without_follow_through_leave_trust_lower_than_five() -> None:
    def after(listens: int) -> float:
        g = game(2, engine=_fit_everywhere("inquiry", 1.0), meta={"turns": 12})
        for _ in range(listens):
            g.plan("listen", "a0")
            g.end_turn()
        return float(g.state.tau[0])

    one, five, ten = after(1), after(5), after(10)
    assert one > 0.5 and ten < five


def test_acting_on_what_they_told_you_settles_it_and_wins_trust() -> None:
    tc = tiny(2, engine={**_fit_everywhere("inquiry", 1.0), **_fit_everywhere("connect", 1.0)})
    s = tc.state
    play(tc, LISTEN, tc.context)
    assert s.owed[0] == 1.0
    before = float(s.tau[0])
    r = play(tc, PlannedMove("broker", ("a0", "a1")), tc.context)
    assert r.followed_up == ("a0",) and s.owed[0] == 0.0
    causes = tc.ledger.causes(s.turn, ("trust", 0))
    kept = [c for c in causes if c.kind == "kept"]
    assert kept and close(kept[0].amount, 0.03 * (1 - before))


def test_an_offer_is_a_promise_that_lapses_in_four_turns_if_nothing_follows() -> None:
    g = game(2, engine=_fit_everywhere("advocate", 1.0), meta={"turns": 8})
    g.plan("offer", "a0")
    g.end_turn()
    assert g.state.promise_due[0] == 1 + 4
    trust = [float(g.state.tau[0])]
    for _ in range(4):
        g.end_turn()
        trust.append(float(g.state.tau[0]))
    assert g.state.promise_due[0] == 0
    causes = g.ledger.causes(5, ("trust", 0))
    assert [c.kind for c in causes] == ["lapsed"] and close(causes[0].amount, -0.04 * 2)


def test_withdrawn_actors_stay_away_from_group_work() -> None:
    tc = tiny(3, engine=_fit_everywhere("dialogue", 1.0))
    tc.state.withdrawn[1] = 2
    r = play(tc, PlannedMove("convene", ("a0", "a1", "a2")), tc.context)
    assert r.absent == ("a1",)
    assert tc.state.R[0, 1] == 0.0 and tc.state.R[0, 2] != 0.0


def test_a_delayed_move_lands_later_judged_in_the_situation_then() -> None:
    moves = [dict(m, delay=2) if m["id"] == "fund" else m for m in MOVES]
    g = game(2, interventions=moves, engine={"stacey": {"resource": [0.5] * 5}, "bion": {"resource": [1.0] * 4}})
    g.plan("fund", "a0")
    r = g.end_turn()
    assert r.moves[0].queued_for == 3 and not r.landed
    g.end_turn()
    g.tc.tables.multipliers.clear()
    r = g.end_turn()
    assert [m.landed_from for m in r.landed] == [1]
    assert close(r.landed[0].landing, 0.5)


def test_a_delayed_move_whose_effects_would_land_after_the_end_is_warned() -> None:
    moves = [dict(m, delay=3) if m["id"] == "fund" else m for m in MOVES]
    g = game(2, interventions=moves, meta={"turns": 4})
    fund = next(o for o in g.options() if o.intervention.id == "fund")
    assert fund.available and not fund.warning
    g.end_turn()
    g.end_turn()
    fund = next(o for o in g.options() if o.intervention.id == "fund")
    assert fund.available and "after the game ends in turn 4" in fund.warning.replace("week", "turn")


def test_a_refused_move_changes_nothing() -> None:
    g = game(2)
    before = g.state_hash()
    with pytest.raises(RefusedMove):
        g.plan("instruct", ("a0", "a1"))
    assert g.state_hash() == before and not g.diary
