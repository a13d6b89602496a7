"""Rules of events, dilemmas, lasting changes and the system's stocks, flows and delays."""

from __future__ import annotations

import pytest

from sysplay.engine.dynamics import _advance
from sysplay.engine.events import step_events, step_lapses
from sysplay.errors import RefusedMove
from tests.engine.rules.tiny import close, game, tiny


def test_an_event_fires_when_its_condition_holds_and_its_seeded_chance_comes_up() -> None:
    events = [{"id": "storm", "title": "Storm", "text": "Rain.", "when": "turn >= 2", "chance": 1.0,
               "effects": {"metric": {"queue": 5}}}]
    g = game(2, events=events)
    assert not g.end_turn().events
    r = g.end_turn()
    assert [(e.event, e.what) for e in r.events] == [("storm", "fired")] and g.state.fired == {"storm": 1}
    assert not g.end_turn().events, "once, by default"


def test_every_event_draws_one_number_a_turn_whether_or_not_it_can_fire() -> None:
    events = [{"id": "e1", "title": "E1", "text": ".", "when": "turn > 99", "chance": 0.5},
              {"id": "e2", "title": "E2", "text": ".", "when": "turn >= 1", "chance": 0.5, "once": False}]
    fired = []
    for seed in range(1, 200):
        tc = tiny(2, seed=seed, events=events)
        roll = tc.rng("events").random(2)  # what step_events will draw, from a twin stream
        tc2 = tiny(2, seed=seed, events=events)
        out = step_events(tc2, tc2.namespace(outcome=False))
        fired.append(bool(out) == (roll[1] < 0.5))
    assert all(fired)


def test_a_start_stop_event_switches_on_and_off_with_hysteresis() -> None:
    events = [{"id": "crisis", "title": "Crisis", "text": ".", "start": "queue > 60", "stop": "queue < 40",
               "while_active": {"threat": 0.1}}]
    tc = tiny(2, events=events)
    s = tc.state
    s.stocks["queue"] = 65
    assert [e.what for e in step_events(tc, tc.names_for(tc.tables.names.system))] == ["started"]
    s.stocks["queue"] = 50
    assert [e.what for e in step_events(tc, tc.names_for(tc.tables.names.system))] == ["ongoing"]
    s.stocks["queue"] = 30
    assert [e.what for e in step_events(tc, tc.names_for(tc.tables.names.system))] == ["stopped"]
    assert close(s.threat, 0.2), "0.1 when it started and 0.1 while it was on"


def test_a_dilemma_waits_for_an_answer_and_is_never_raised_on_the_last_turn() -> None:
    events = [{"id": "money", "title": "Money", "text": ".", "when": "turn >= 2",
               "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}]
    g = game(2, events=events, meta={"turns": 2})
    g.end_turn()
    r = g.end_turn()
    assert r.dilemma is None and g.finished, "turn 2 is the last: no dilemma can be raised"
    g = game(2, events=events, meta={"turns": 4})
    g.end_turn()
    assert g.end_turn().dilemma == "money"
    with pytest.raises(RefusedMove):
        g.end_turn()


def test_a_choice_needs_its_requirements_and_costs_its_capital() -> None:
    events = [{"id": "money", "title": "Money", "text": ".", "when": "turn >= 1",
               "choices": [{"id": "bold", "label": "Bold", "capital": 3, "requires": [{"when": "turn >= 3"}]},
                           {"id": "safe", "label": "Safe"}]}]
    g = game(2, events=events)
    g.end_turn()
    options = {o.choice.id: o for o in g.choices()}
    assert not options["bold"].available and "not possible yet" in options["bold"].reason
    with pytest.raises(RefusedMove):
        g.answer("bold")
    g.answer("safe")


def test_a_choice_costs_its_capital_when_the_turn_resolves() -> None:
    events = [{"id": "money", "title": "Money", "text": ".", "when": "turn >= 1",
               "choices": [{"id": "bold", "label": "Bold", "capital": 3}, {"id": "safe", "label": "Safe"}]}]
    g = game(2, events=events)
    g.end_turn()
    capital = g.state.capital
    g.answer("bold")
    g.end_turn()
    causes = g.ledger.causes(2, ("capital",))
    assert causes[0].kind == "dilemma" and close(causes[0].amount, -3.0) and g.state.capital < capital


def test_a_lasting_change_lapses_unless_its_keep_if_holds() -> None:
    moves_effects = {"set": {"lever": 1}, "lasts": 2, "keep_if": "adopted_a0 > 0"}
    from tests.engine.rules.tiny import MOVES

    moves = [dict(m, effects=moves_effects) if m["id"] == "pilot" else m for m in MOVES]
    for adopted, kept in ((False, False), (True, True)):
        tc = tiny(2, interventions=moves, engine={"pilots_can_fail": False})
        from sysplay.engine.act import play
        from sysplay.engine.moves import PlannedMove

        play(tc, PlannedMove("pilot", ("a0", "a1")), tc.context)
        assert tc.state.params["lever"] == 1.0 and tc.state.lapses[0].due == 3
        tc.state.turn = 3
        tc.state.stage[0] = 4 if adopted else 1
        out = step_lapses(tc, tc.names_for(tc.tables.names.system))
        assert [x.kept for x in out] == [kept]
        assert tc.state.params["lever"] == (1.0 if kept else 0.0) and not tc.state.lapses


def test_effects_can_add_to_a_parameter() -> None:
    events = [{"id": "grant", "title": "Grant", "text": ".", "when": "turn >= 1", "once": False,
               "effects": {"add": {"lever": 0.5}}}]
    g = game(2, events=events)
    g.end_turn()
    g.end_turn()
    assert g.state.params["lever"] == 1.0


def test_a_third_order_delay_passes_what_goes_in_through_three_stages() -> None:
    """Each stage drains ``order / time`` of itself a turn into the next; the last stage's outflow arrives."""
    stages = [0.0, 0.0, 0.0]
    out = [_advance(stages, 9.0 if t == 0 else 0.0, 3.0) for t in range(6)]
    assert out == [0.0, 0.0, 0.0, 9.0, 0.0, 0.0], "time 3, order 3: it arrives whole after three turns"
    stages = [0.0, 0.0, 0.0]
    out = [_advance(stages, 8.0 if t == 0 else 0.0, 6.0) for t in range(40)]
    assert out[:3] == [0.0, 0.0, 0.0] and close(out[3], 8 * 0.5 ** 3), "time 6: half a stage a turn"
    assert close(sum(out) + sum(stages), 8.0), "what goes in comes out, in time"


def test_a_delay_read_by_a_flow_is_what_arrived_last_turn_and_zero_before_it_first_advances() -> None:
    """Flows are worked out before delays advance, so a flow reading a delay's id sees what arrived the
    turn before; in turn 1 nothing has arrived yet, and the delay reads 0 (it once raised a KeyError)."""
    system = {"stocks": {"queue": {"label": "Queue", "initial": 0, "min": 0, "max": 100},
                         "done": {"label": "Done", "initial": 0, "min": 0, "max": 100}},
              "flows": {"seen": {"expr": "pipe", "to": "done"}},
              "delays": {"pipe": {"expr": "4", "to": "queue", "time": 1, "order": 1}}}
    g = game(4, system=system)
    g.end_turn()
    assert g.state.flow_values["seen"] == 0.0 and g.state.flow_values["pipe"] == 0.0, "read as 0 in turn 1"
    g.end_turn()
    assert g.state.flow_values["seen"] == 0.0 and g.state.flow_values["pipe"] == 4.0, "arrives in turn 2"
    g.end_turn()
    assert g.state.flow_values["seen"] == 4.0 and g.state.stocks["done"] == 4.0, "the flow sees it in turn 3"


def test_stocks_are_held_within_their_bounds_and_the_limit_is_a_cause() -> None:
    system = {"stocks": {"queue": {"label": "Queue", "initial": 95, "min": 0, "max": 100, "good": "down"}},
              "flows": {"in": {"expr": "10", "to": "queue"}}}
    g = game(2, system=system)
    g.end_turn()
    assert g.state.stocks["queue"] == 100
    assert [c.kind for c in g.ledger.causes(1, ("stock", "queue"))] == ["flow", "limit"]
