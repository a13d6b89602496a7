"""The one-page debrief for a room, the content fixes behind it, and teams compared by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysplay.cli import main
from sysplay.debrief.compare import compare
from sysplay.debrief.facts import Facts, own_echo
from sysplay.debrief.source import open_save
from sysplay.debrief.summary import (
    CANNOT_KNOW,
    CohortSummary,
    Summary,
    one_page,
    summary_html,
    summary_markdown,
)
from sysplay.engine.personas import play_turn
from sysplay.playthroughs.save import Playthrough
from sysplay.playthroughs.snapshot import DebriefSnapshot
from sysplay.scenarios.loader import load_pack


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two teams, same pack and seed: Red convenes and listens, Blue instructs."""
    pack = load_pack("riverside_winter")
    folder = tmp_path_factory.mktemp("teams")
    out = []
    for team, persona in (("Red", "coalition_builder"), ("Blue", "heroic_director")):
        pt = Playthrough.start(pack, 4, folder, mode="facilitator", player=team)
        pt.add_vote({"A: One-to-one listening": 5, "B: Convene a dialogue": 2}, "Which moves?")
        if team == "Blue":
            pt.facilitate("inject", "press_story")
        while not pt.game.finished:
            play_turn(pt.game, persona)
            pt.end_turn()
        assert pt.path is not None
        out.append(pt.path)
    return out


def test_teams_are_compared_side_by_side_by_team_name(teams: list[Path]) -> None:
    red, blue = (open_save(p).debrief() for p in teams)
    c = compare([red, blue])
    assert c.labels == ["A: Red", "B: Blue"]
    assert not any(red.meta.save_id in label for label in c.labels)
    assert c.divergence.comparable and c.divergence.turn == 1
    page = one_page(c)
    assert isinstance(page, CohortSummary) and page.teams == ["Red", "Blue"]
    outcome = next(r for r in page.spread if r.label == "Overall outcome")
    assert "(Red)" in outcome.high and "(Blue)" in outcome.low and outcome.spread is not None and outcome.spread > 0.3


def test_the_facilitators_actions_and_votes_reach_the_debrief(teams: list[Path]) -> None:
    blue = open_save(teams[1]).debrief()
    assert blue.timeline[0].votes[0].counts == {"A: One-to-one listening": 5, "B: Convene a dialogue": 2}
    assert [(a.turn, a.kind, a.event) for a in blue.facilitator] == [(1, "inject", "press_story")]
    assert "press_story" in [e.id for e in blue.timeline[0].events]
    md = summary_markdown(one_page(blue))
    html = summary_html(one_page(blue))
    assert "What the model cannot know" in md and "What the model cannot know" in html
    from sysplay.debrief.markdown import to_markdown

    assert "**Facilitator:** injected 'The Riverside Echo's front page'" in to_markdown(blue)


def test_whose_side_you_were_seen_on(teams: list[Path]) -> None:
    from sysplay.debrief.models import TrustLine
    from sysplay.debrief.summary import sides

    d = open_save(teams[1]).debrief()
    d.relationships.trust_in_you = [TrustLine(actor="Riverside Hospitals", before=0.3, after=0.98),
                                    TrustLine(actor="Council adult social care", before=0.4, after=0.0),
                                    TrustLine(actor="Carers' Centre", before=0.4, after=0.45)]
    text, lines = sides(d)
    assert text.startswith("You were seen as on one side: Riverside Hospitals trusted you 0.98, "
                           "Council adult social care 0.00")
    assert lines == ["Riverside Hospitals 0.98", "Carers' Centre 0.45", "Council adult social care 0.00"]
    assert text.endswith("Council adult social care hardly trusts you at all now.")
    for t in d.relationships.trust_in_you:
        t.after = 0.5
    assert sides(d)[0].startswith("Nobody saw you as firmly on one side") and "hardly" not in sides(d)[0]
    page = one_page(open_save(teams[1]).debrief())
    assert isinstance(page, Summary) and "Trust in you at the end" not in page.sides and page.trust


def test_ties_that_healed_on_their_own_are_not_credited(teams: list[Path]) -> None:
    blue = open_save(teams[1]).debrief()  # the instructing team: it healed no tie by bringing both sides together
    assert blue.relationships.healed == [] and blue.relationships.healed_alone
    metric = next(m for b in blue.behaviours if b.id == "connecting" for m in b.metrics if m.id == "ties_healed")
    assert metric.value == 0.0 and "healed without you" in metric.shown
    assert "healed on their own" in one_page(blue).ties  # type: ignore[union-attr]


def test_what_you_left_for_next_winter(teams: list[Path]) -> None:
    from sysplay.debrief.summary import left_for_next

    d = open_save(teams[0]).debrief()
    last = d.timeline[-1]
    assert last.moves, "the coalition builder moved in the last week"
    last.moves[0].queued_for = last.turn + 2
    left = left_for_next(d)
    assert f"was due to land in week {last.turn + 2}, after the end" in left[0]
    assert any(x.startswith("Political capital left unused") for x in left)
    last.moves[0].queued_for = None
    assert not any("after the end" in x for x in left_for_next(d))


def test_one_engagement_is_not_every_voice(teams: list[Path]) -> None:
    d = open_save(teams[0]).debrief()
    d.harm.engaged_once = ["Carers' Centre (week 3)"]
    from sysplay.debrief.words import voices_words

    assert voices_words(d.harm) == ("You engaged every community and user voice at least once, but some only once: "
                                    "Carers' Centre (week 3).")
    d.harm.engaged_once = []
    assert "each in more than one turn" in voices_words(d.harm)


def _echo_snap(cause: str) -> DebriefSnapshot:
    turn = {"turn": 1, "stance": [0.0], "trust": [0.5], "anxiety": [0.2], "stage": [0], "surprise": 0.9,
            "stocks": {"beds": 150.0},
            "changes": [{"key": "stock/beds", "label": "Beds", "before": 100.0, "after": 150.0,
                         "causes": [{"amount": 40.0, "text": cause}, {"amount": 10.0, "text": "flow: arrivals"}]}]}
    return DebriefSnapshot.model_validate({
        "title": "t", "turns": 2, "turn_label": "week", "role": "r", "good_at": 0.6,
        "actors": [{"id": "a", "name": "A", "type": "council", "speaker": "s", "power": 0.5}],
        "stocks": [{"id": "beds", "label": "Beds"}], "dimensions": [], "events": [], "endings": [],
        "interventions": [{"id": "fund", "label": "Fund beds", "kind": "resource"}],
        "timeline": [{"turn": 0, "stance": [0.0], "trust": [0.5], "anxiety": [0.2], "stage": [0],
                      "stocks": {"beds": 100.0}}, turn], "ties_start": {}, "ties_end": {},
    })


def test_a_surprise_that_was_your_own_move_echoing_back_is_not_called_a_surprise() -> None:
    mine = Facts.of(_echo_snap("your 'Fund beds' (planned in turn 1, landing now) (resource x1.00)"))
    theirs = Facts.of(_echo_snap("event: A winter storm"))
    assert own_echo(mine, mine.played[0]) == "Fund beds"
    assert own_echo(theirs, theirs.played[0]) is None
    from sysplay.debrief.moments import moments

    assert [m.kind for m in moments(mine) if m.turn == 1 and m.kind in ("surprise", "echo")] == ["echo"]
    assert [m.kind for m in moments(theirs) if m.turn == 1 and m.kind in ("surprise", "echo")] == ["surprise"]


def test_the_cli_writes_the_one_page_html(teams: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "room.html"
    assert main(["debrief", *map(str, teams), "--one-page", "--format", "html", "-o", str(out)]) == 0
    page = out.read_text()
    assert "<h1>Winter at Riverside: 2 teams</h1>" in page and "Team Red" in page and "Team Blue" in page
    assert "http" not in page.replace('http-equiv', "") and "<script" not in page
    assert all(line.rstrip(";.") in page for line in CANNOT_KNOW[:1])
    assert main(["debrief", str(teams[0]), "--one-page", "--format", "md"]) == 0
    assert len(capsys.readouterr().out.splitlines()) < 60


def _tie_snap(do: str, kind: str, target: list[str]) -> DebriefSnapshot:
    actors = [{"id": a, "name": a.upper(), "type": "council", "speaker": "s", "power": 0.5} for a in ("a", "b")]
    state = {"stance": [0.0, 0.0], "trust": [0.5, 0.5], "anxiety": [0.2, 0.2], "stage": [0, 0]}
    return DebriefSnapshot.model_validate({
        "title": "t", "turns": 1, "turn_label": "week", "role": "r", "good_at": 0.6, "actors": actors,
        "stocks": [], "dimensions": [], "events": [], "endings": [],
        "interventions": [{"id": do, "label": do, "kind": kind, "target": "all" if not target else "pair"}],
        "timeline": [{"turn": 0, **state}, {"turn": 1, **state, "moves": [{"do": do, "target": target}]}],
        "ties_start": {"i": [0], "j": [1], "trust": [-0.3], "strength": [0.5], "known": [True]},
        "ties_end": {"i": [0], "j": [1], "trust": [0.2], "strength": [0.5], "known": [True]},
    })


@pytest.mark.parametrize(("do", "kind", "target", "credited"), [
    ("convene", "dialogue", ["a", "b"], True),       # both sides in one move
    ("order", "directive", ["a"], False),            # only one side
    ("convene_all", "dialogue", [], True),           # convening everyone at once
    ("escalate_all", "escalate", [], False),         # an escalation to all brings nobody together
])
def test_a_healed_tie_is_credited_only_when_you_brought_both_sides_together(do: str, kind: str, target: list[str],
                                                                             credited: bool) -> None:
    from sysplay.debrief.relations import relationships

    rel = relationships(Facts.of(_tie_snap(do, kind, target)))
    assert (len(rel.healed), len(rel.healed_alone)) == ((1, 0) if credited else (0, 1))
