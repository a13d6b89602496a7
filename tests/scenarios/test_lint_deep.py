"""Deep lint: interval reasoning over expressions, contradictory events, dominated moves, unreachable
actors, voice lines never said. Each test writes a small pack into tmp_path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sysplay.errors import Issue
from sysplay.scenarios.expr import compile_expr
from sysplay.scenarios.intervals import TOP, assume, evaluate, parse
from sysplay.scenarios.loader import load_pack_checked

BASE = """\
format: 1
meta:
  id: deep
  title: Deep
  version: "1"
  summary: A pack for lint tests.
  author: Tests
  licence: CC0
  turns: 6
  role: {title: Lead, organisation: Org, briefing: You lead.}
  situation: It is raining.
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


def lint(tmp_path: Path, text: str) -> list[Issue]:
    folder = tmp_path / "deep"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    _pack, issues = load_pack_checked(folder)
    assert all(i.severity == "warning" for i in issues), issues
    return issues


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def only(issues: list[Issue], *words: str) -> Issue:
    hits = [i for i in issues if all(w in i.message for w in words)]
    assert len(hits) == 1, [i.message for i in issues]
    return hits[0]


def test_the_base_pack_is_clean(tmp_path: Path) -> None:
    assert lint(tmp_path, BASE) == []


def test_the_bundled_pack_has_no_deep_findings() -> None:
    _pack, issues = load_pack_checked("riverside_winter")
    assert [i.message for i in issues] == []


# ----- thresholds no reachable state can cross ---------------------------------------------------


def test_event_threshold_beyond_a_stock_bound(tmp_path: Path) -> None:
    text = BASE.replace('when: "turn >= 2"', 'when: "queue > 500"')
    hit = only(lint(tmp_path, text), "always false", "'storm'")
    assert "queue stays within 0..100" in hit.message
    assert hit.line == line_of(text, "queue > 500")


def test_comparison_inside_a_flow_that_never_changes(tmp_path: Path) -> None:
    text = BASE.replace('expr: "rate"', 'expr: "5 if queue > 200 else rate"')
    hit = only(lint(tmp_path, text), "'queue > 200'", "always false", "no reachable state")
    assert hit.line == line_of(text, "queue > 200")


def test_contradictory_conjunction_can_never_hold(tmp_path: Path) -> None:
    text = BASE.replace('when: "turn >= 2"', 'when: "queue > 50 and queue < 20"')
    only(lint(tmp_path, text), "always false", "'storm' can never fire")


def test_turn_beyond_the_last_turn(tmp_path: Path) -> None:
    text = BASE.replace('when: "turn >= 2"', 'when: "turn > 6"')
    hit = only(lint(tmp_path, text), "'storm' can never fire")
    assert "turn stays within 1..6" in hit.message


def test_a_parameter_events_set_is_not_flagged_but_beyond_it_is(tmp_path: Path) -> None:
    setter = BASE.replace("effects: {metric: {queue: 3}}", "effects: {set: {rate: 5}}")
    ok = setter.replace('expr: "rate"', 'expr: "3 if rate > 4 else rate"')
    assert lint(tmp_path, ok) == []
    bad = setter.replace('expr: "rate"', 'expr: "3 if rate > 6 else rate"')
    assert "rate stays within 2..5" in only(lint(tmp_path, bad), "'rate > 6'").message


def test_flows_and_variables_get_bounds_from_their_formulas(tmp_path: Path) -> None:
    text = BASE.replace('when: "turn >= 2"', 'when: "inflow > 3"')  # inflow is rate = 2, always
    only(lint(tmp_path, text), "'storm' can never fire", "inflow stays within 2..2")


def test_requirement_that_always_holds(tmp_path: Path) -> None:
    text = BASE.replace("    target: actor\n", '    target: actor\n    requires: [{when: "turn >= 1"}]\n', 1)
    hit = only(lint(tmp_path, text), "always holds", "never stops 'listen'")
    assert hit.line == line_of(text, "turn >= 1")


def test_knows_an_actor_fact_is_not_always_held(tmp_path: Path) -> None:
    # An actor's own fact is learned by listening, like a hidden number: requiring it is not a requirement
    # that always holds. A fact the actor has neither hidden nor written still is.
    text = BASE.replace('      - {line: "Hello."}\n', '      - {line: "Hello."}\n    facts:\n'
                        '      - {id: board_letter, text: The board has written.}\n', 1)
    learned = text.replace("    target: actor\n", "    target: actor\n    requires: [{knows: alpha.board_letter}]\n", 1)
    assert [i.message for i in lint(tmp_path, learned) if "never hidden" in i.message] == []
    shown = text.replace("    target: actor\n", "    target: actor\n    requires: [{knows: alpha.concern}]\n", 1)
    shown = shown.replace("    briefing: Alpha runs the hospital.\n",
                          "    briefing: Alpha runs the hospital.\n    concern: Beds.\n", 1)
    only(lint(tmp_path, shown), "alpha.concern is never hidden")


# ----- events whose conditions contradict ---------------------------------------------------------


def _start_stop(start: str, stop: str) -> str:
    return BASE.replace('    when: "turn >= 2"\n', f'    start: "{start}"\n    stop: "{stop}"\n')


def test_start_that_implies_stop_flickers(tmp_path: Path) -> None:
    text = _start_stop("queue > 50", "queue > 40")
    hit = only(lint(tmp_path, text), "stops the turn after it starts")
    assert hit.line == line_of(text, "queue > 40")


def test_start_and_stop_set_apart_are_fine(tmp_path: Path) -> None:
    assert lint(tmp_path, _start_stop("queue > 50", "queue < 30")) == []


def test_stop_that_can_never_hold(tmp_path: Path) -> None:
    only(lint(tmp_path, _start_stop("queue > 50", "queue < -5")), "never stops")


# ----- endings ------------------------------------------------------------------------------------


def _endings(block: str) -> str:
    return BASE.replace("  - {id: done, title: Done, tone: mixed, text: The end.}\n", block)


def test_ending_beyond_the_outcome_range(tmp_path: Path) -> None:
    text = _endings('  - {id: great, title: Great, tone: good, when: "outcome > 1.2", text: Yes.}\n'
                    "  - {id: done, title: Done, tone: mixed, text: The end.}\n")
    hit = only(lint(tmp_path, text), "'great' can never be reached")
    assert "outcome stays within" in hit.message


def test_endings_after_the_fallback_are_unreachable(tmp_path: Path) -> None:
    text = _endings("  - {id: done, title: Done, tone: mixed, text: The end.}\n"
                    '  - {id: late, title: Late, tone: good, when: "outcome > 0.5", text: Yes.}\n')
    only(lint(tmp_path, text), "'late' can never be reached", "'done' comes first")


def test_an_ending_at_any_that_always_holds_ends_every_game_at_once(tmp_path: Path) -> None:
    text = _endings('  - {id: over, title: Over, tone: poor, at: any, when: "queue >= 0", text: No.}\n'
                    "  - {id: done, title: Done, tone: mixed, text: The end.}\n")
    only(lint(tmp_path, text), "every game ends after the first turn")


# ----- dominated moves ----------------------------------------------------------------------------

WORSE = """\
  - id: listen_badly
    name: Listen badly
    kind: inquiry
    description: Listen, but not well.
    target: actor
    capital: 1
    effects: {trust: 0.02}
    text: {attempt: "You half-listen to {target}."}
"""


def test_a_move_that_costs_more_and_does_less_is_dominated(tmp_path: Path) -> None:
    text = BASE.replace("events:\n", WORSE + "events:\n")
    hit = only(lint(tmp_path, text), "'listen_badly' is dominated by 'listen'")
    assert hit.line == line_of(text, "id: listen_badly")


def test_a_move_with_a_trade_off_is_not_dominated(tmp_path: Path) -> None:
    text = BASE.replace("events:\n", WORSE.replace("{trust: 0.02}", "{trust: 0.02, reveal: 1}") + "events:\n")
    assert not [i for i in lint(tmp_path, text) if "dominated" in i.message]


def test_a_duplicate_move_is_reported_once(tmp_path: Path) -> None:
    twin = WORSE.replace("    capital: 1\n", "").replace("{trust: 0.02}", "{trust: 0.05}")
    text = BASE.replace("events:\n", twin + "events:\n")
    only(lint(tmp_path, text), "same kind, target, costs and effects as 'listen'")


# ----- actors nobody can reach --------------------------------------------------------------------

GAMMA = """\
  - id: gamma
    name: Gamma
    type: housing
    speaker: {name: Gil, role: Lead}
    briefing: Gamma houses people.
    power: 0.3
    stance: 0
    stubbornness: 0.5
    openness: 0.5
    threshold: 0.5
    voice:
      - {line: "Hey."}
"""


def _gamma(tie: str) -> str:
    """Gamma (housing) joins; only alpha (acute) can be targeted; ``tie`` is gamma's one relationship."""
    return (BASE.replace("relationships:\n", GAMMA + "relationships:\n")
            .replace("    target: actor\n", "    target: actor\n    target_types: [acute_trust]\n", 1)
            .replace("  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}\n",
                     "  - {from: alpha, to: beta, trust: 0.1, tie: 0.5}\n" + tie + "\n"))


def test_actor_no_move_or_trusted_tie_reaches(tmp_path: Path) -> None:
    # Beta trusts gamma, but gamma trusts nobody: influence cannot flow to gamma.
    text = _gamma("  - {from: beta, to: gamma, trust: 0.4, tie: 0.5, mutual: false}")
    issues = lint(tmp_path, text)
    hit = only(issues, "actor 'gamma'", "nothing you do can move them")
    assert hit.line == line_of(text, "id: gamma")
    # beta cannot be targeted either, but it trusts alpha, whom a move can target.
    assert not [i for i in issues if "'beta'" in i.message]


def test_actor_reached_through_someone_they_trust(tmp_path: Path) -> None:
    text = _gamma("  - {from: gamma, to: alpha, trust: 0.4, tie: 0.5, mutual: false}")
    assert not [i for i in lint(tmp_path, text) if "nothing you do" in i.message]


def test_a_hostile_tie_does_not_carry_influence(tmp_path: Path) -> None:
    text = _gamma("  - {from: gamma, to: alpha, trust: -0.4, tie: 0.5}")
    only(lint(tmp_path, text), "actor 'gamma'", "nothing you do can move them")


# ----- text missing or never said -----------------------------------------------------------------


def _voice(lines: str) -> str:
    return BASE.replace('      - {line: "Hello."}\n', lines)


def test_a_more_specific_line_is_said_even_after_an_unconditional_one(tmp_path: Path) -> None:
    text = _voice('      - {line: "Hello."}\n      - {line: "Go away.", trust_below: 0.2}\n')
    assert not [i for i in lint(tmp_path, text) if "never said" in i.message]


def test_a_line_no_more_specific_than_an_earlier_line_that_always_holds_with_it_is_never_said(tmp_path: Path) -> None:
    text = _voice('      - {line: "Low.", trust_below: 0.5}\n      - {line: "Lower.", trust_below: 0.3}\n'
                  '      - {line: "Hello."}\n')
    hit = only(lint(tmp_path, text), "voice line 2 of 'alpha' is never said", "line 1 is at least as specific")
    assert hit.line == line_of(text, "Lower.")


def test_a_line_with_a_when_is_more_specific_and_never_hidden_by_a_plain_one(tmp_path: Path) -> None:
    text = _voice('      - {line: "Low.", trust_below: 0.5}\n'
                  '      - {line: "Storm talk.", trust_below: 0.5, when: "queue > 10"}\n      - {line: "Hello."}\n')
    assert not [i for i in lint(tmp_path, text) if "never said" in i.message]


def test_line_shadowed_by_a_broader_earlier_line(tmp_path: Path) -> None:
    text = _voice('      - {line: "Low.", trust_below: 0.5}\n      - {line: "Very low.", trust_below: 0.2}\n'
                  '      - {line: "Fine."}\n')
    only(lint(tmp_path, text), "voice line 2 of 'alpha' is never said")


def test_line_with_contradictory_conditions(tmp_path: Path) -> None:
    text = _voice('      - {line: "Odd.", trust_below: 0.2, trust_above: 0.5}\n      - {line: "Hello."}\n')
    only(lint(tmp_path, text), "voice line 1 of 'alpha' is never said", "cannot be both")


def test_no_line_for_low_trust(tmp_path: Path) -> None:
    text = _voice('      - {line: "Glad to help.", trust_above: 0.3}\n')
    hit = only(lint(tmp_path, text), "'alpha' has no voice line for some states")
    assert "trust in you is 0.00" in hit.message


def test_conditional_lines_that_cover_every_state_are_fine(tmp_path: Path) -> None:
    text = _voice('      - {line: "Glad to help.", trust_above: 0.3}\n      - {line: "Hmm.", trust_below: 0.3}\n')
    assert lint(tmp_path, text) == []


def test_prompts_that_all_have_conditions(tmp_path: Path) -> None:
    text = BASE.replace("  - {id: ask, text: What happened?}", '  - {id: ask, when: "queue > 50", text: Why?}')
    only(lint(tmp_path, text), "every prompt has a condition")


# ----- the interval evaluator itself ------------------------------------------------------------

BOUNDS = {"x": (0.0, 10.0), "y": (-2.0, 3.0), "z": (1.0, 2.0)}
EXPRESSIONS = [
    "x + y * z", "x / z - y", "x / y", "clip(x - 5, 0, 3) * y", "abs(y) + min(x, z, 4)", "max(x, y) - z",
    "10 if x > 5 else y", "-x + (y if z > 1.5 else 2)", "(x > 3) + (y <= 0) * 2", "not (x > 2 and y < 1)",
    "x * x - y * y", "(x + 1) / (z - 1)",
]


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_every_value_lies_inside_the_interval(source: str) -> None:
    lo, hi = evaluate(parse(source), BOUNDS)
    fn = compile_expr(source)
    rnd = random.Random(source)
    for _ in range(400):
        env = {k: rnd.choice([a, b, rnd.uniform(a, b)]) for k, (a, b) in BOUNDS.items()}
        assert lo - 1e-9 <= fn(env) <= hi + 1e-9, (source, env)


def test_division_by_an_interval_holding_zero_is_unbounded() -> None:
    assert evaluate(parse("x / y"), BOUNDS) == TOP


def test_assume_narrows_and_detects_contradictions() -> None:
    narrowed = assume(parse("x > 4 and y <= 1"), BOUNDS, True)
    assert narrowed is not None and narrowed["x"] == (4.0, 10.0) and narrowed["y"] == (-2.0, 1.0)
    assert assume(parse("x > 4 and x < 3"), BOUNDS, True) is None
    assert assume(parse("x > 4 or x < 3"), BOUNDS, True) is not None
    assert assume(parse("not (x >= 0)"), BOUNDS, True) is None
    assert assume(parse("x >= 0"), BOUNDS, False) is None


def test_knowing_an_actor_fact_is_a_real_requirement(tmp_path: Path) -> None:
    """A move that needs one of an actor's own facts (``facts:``) is gated until it is learnt, so
    lint must not call the requirement one that always holds; a fact the actor lacks still is."""
    with_fact = BASE.replace('      - {line: "Hello."}\n',
                             '      - {line: "Hello."}\n    facts:\n      - {id: ledger, text: The books do not balance.}\n', 1)
    gated = with_fact.replace("    target: actor\n", "    target: actor\n    requires: [{knows: alpha.ledger}]\n", 1)
    assert not [i for i in lint(tmp_path, gated) if "never hidden" in i.message]
    plain = BASE.replace("    target: actor\n", "    target: actor\n    requires: [{knows: alpha.concern}]\n", 1)
    only(lint(tmp_path, plain), "alpha.concern is never hidden")
