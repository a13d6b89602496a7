"""Rules of the outcome and the endings: the composite, the tone bands that scores and endings share, and
ending texts that follow what happened; and the pure Friedkin-Johnsen case a writer can build."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysplay.engine import PERSONAS
from sysplay.engine.game import Game
from sysplay.engine.outcome import agree, ending_text, score, tone_band
from sysplay.engine.personas import play_turn
from sysplay.scenarios.crossref import check_pack
from tests.engine.rules.tiny import close, game, pack_data, tiny_pack

TWO_DIMS = {"dimensions": [{"id": "calm", "label": "Calm", "expr": "1 - queue/100", "weight": 3},
                           {"id": "harm", "label": "Harm", "expr": "lever", "good": "down"}]}


def test_the_composite_is_the_weighted_mean_with_harm_dimensions_counted_as_one_minus() -> None:
    g = game(2, outcome=TWO_DIMS)
    g.state.stocks["queue"] = 40
    g.state.params["lever"] = 0.2
    g.tc.invalidate()
    o = g.outcome()
    assert close(o.composite, (3 * 0.6 + (1 - 0.2)) / 4)


@pytest.mark.parametrize(("mixed_at", "tone", "band"), [
    (None, "good", (0.6, 1.0)), (None, "mixed", (0.0, 0.599)), (None, "poor", (0.0, 0.599)),
    (0.4, "good", (0.6, 1.0)), (0.4, "mixed", (0.4, 0.599)), (0.4, "poor", (0.0, 0.399)),
])
def test_each_tone_has_a_band_of_scores(mixed_at: float | None, tone: str, band: tuple[float, float]) -> None:
    pack = tiny_pack(2, outcome={**TWO_DIMS, "good_at": 0.6, **({"mixed_at": mixed_at} if mixed_at else {})})
    low, high = tone_band(pack, tone)
    assert close(low, band[0]) and close(high, band[1])


def test_a_game_that_ends_holds_its_score_in_the_band_of_the_endings_tone() -> None:
    endings = [{"id": "quick_fix", "title": "Quick fix", "tone": "mixed", "when": "queue <= 50", "text": "Numbers."},
               {"id": "done", "title": "Done", "tone": "poor", "text": "No."}]
    g = game(2, endings=endings, meta={"turns": 1})
    g.state.stocks["queue"] = 10
    g.end_turn()
    o = g.outcome()
    assert g.state.ending == "quick_fix" and o.raw is not None and o.raw > 0.6
    assert close(o.composite, 0.599) and o.band(g.pack) == "not good" and o.held
    assert g.results[-1].outcome == o


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), persona=st.sampled_from(PERSONAS[:5]))
def test_no_game_shows_a_good_outcome_under_a_mixed_or_poor_ending(seed: int, persona: str) -> None:
    import sysplay

    pack = sysplay.load_pack("riverside_winter")
    g = Game(pack, seed, record=False)
    while not g.finished:
        play_turn(g, persona)
        r = g.end_turn()
    tone = next(e.tone for e in pack.endings if e.id == g.state.ending)
    assert r.outcome is not None and (r.outcome.band(pack) == "good") == (tone == "good")
    assert (g.outcome().band(pack) == "good") == (tone == "good")


def test_an_endings_paragraphs_follow_what_happened() -> None:
    endings = [{"id": "done", "title": "Done", "tone": "mixed", "text": "It ended.",
                "paragraphs": [{"when": "lever > 0", "text": "The lever was pulled."},
                               {"when": "lever == 0", "text": "Nobody pulled the lever."}]}]
    pack = tiny_pack(2, endings=endings)
    assert ending_text(pack, "done", {"lever": 1.0}) == "It ended.\n\nThe lever was pulled."
    assert ending_text(pack, "done", {"lever": 0.0}) == "It ended.\n\nNobody pulled the lever."


def test_lint_names_a_pack_whose_ending_thresholds_let_the_score_contradict_the_tone() -> None:
    endings = [{"id": "quick_fix", "title": "Quick fix", "tone": "mixed", "when": "queue <= 50", "text": "N."},
               {"id": "win", "title": "Win", "tone": "good", "when": "outcome >= 0.6", "text": "Y."},
               {"id": "done", "title": "Done", "tone": "poor", "text": "No."}]
    issues = check_pack(tiny_pack(2, endings=endings))
    named = [i.message for i in issues if "outside the" in i.message]
    assert len(named) == 1 and "'quick_fix' is mixed but can be reached with an outcome as high as 1" in named[0]
    fixed = [dict(endings[0], when="queue <= 50 and outcome < 0.6"), *endings[1:]]
    assert not [i for i in check_pack(tiny_pack(2, endings=fixed)) if "outside the" in i.message]


def test_agree_leaves_a_game_that_has_not_ended_alone() -> None:
    pack = tiny_pack(2)
    o = score(pack, {"queue": 10.0})
    assert agree(pack, o, None) is o


def test_a_pure_friedkin_johnsen_pack_plays_exactly_friedkin_johnsen() -> None:
    """With holding 0, no drift, no kernel, repulsion, noise, luck or actors' actions and ties that never fade,
    stances follow x <- theta*u + (1 - theta)*W x with W = (I + A)/(1 + rowsum A), A = T*max(R, 0)*power."""
    n = 4
    data = pack_data(n, actors=[{"stance": x, "stubbornness": th, "power": p, "authority": "contractual"}
                                for x, th, p in ((-0.6, 0.3, 0.9), (0.2, 0.5, 0.4), (0.8, 0.2, 0.6), (0.0, 0.7, 0.5))],
                     engine={"starting_holding": 0.0, "trust_drift": False, "kernel": False, "repulsion": 0.0,
                             "noise": 0.0, "luck": 0.0, "tie_fade": 1.0, "actors": {"initiative": 0.0}},
                     meta={"turns": 30})
    data["relationships"] = [{"from": "a0", "to": "a1", "trust": 0.6, "tie": 0.8},
                             {"from": "a1", "to": "a2", "trust": 0.4, "tie": 0.5},
                             {"from": "a2", "to": "a3", "trust": 0.9, "tie": 0.7, "mutual": False},
                             {"from": "a3", "to": "a0", "trust": 0.5, "tie": 0.6}]
    from sysplay.scenarios.models import Pack

    g = Game(Pack.model_validate(data), 1)
    s = g.state
    R, T, u, theta, power = s.R.copy(), s.T.copy(), s.u.copy(), s.theta0.copy(), s.power.copy()
    A = T * np.maximum(R, 0) * power[None, :]
    W = (np.eye(n) + A) / (1 + A.sum(axis=1))[:, None]
    x = s.x.copy()
    for _ in range(20):
        g.end_turn()
        x = theta * u + (1 - theta) * (W @ x)
        np.testing.assert_allclose(g.state.x, x, rtol=0, atol=1e-12)
