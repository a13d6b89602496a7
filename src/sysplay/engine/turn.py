"""Turn resolution: every phase reads the state its predecessor left (docs/design.md, "A turn").

1. the answer to a waiting dilemma; 2. the player's moves, in diary order; 3. delayed effects that fall
due; 4. lasting changes that lapse; 5. events; 6. actors acting on their own; 7. the system's stocks and
flows; 8. the people (affect, opinions, adoption, relationships, bookkeeping); 9. surprise; 10. the
outcome and endings (the score kept within the ending's band); 11. the state hash and the next turn's
situation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysplay.engine import context as ctxmod
from sysplay.engine.act import land_delayed, play
from sysplay.engine.actors import step_actors
from sysplay.engine.dynamics import step_system
from sysplay.engine.events import answer_dilemma, step_events, step_lapses
from sysplay.engine.moves import PlannedMove
from sysplay.engine.outcome import Outcome, agree, check_endings, early_ending, with_outcome
from sysplay.engine.results import TurnResult
from sysplay.engine.social import step_social

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext


def resolve(tc: TurnContext, diary: list[PlannedMove], answer: str | None, *, scoring: bool = True,
            hashing: bool = True) -> TurnResult:
    """Resolve the current turn with the player's diary (and dilemma answer) and return what happened.

    Args:
        tc: The turn context (its state is advanced to the next turn).
        diary: The moves planned, in the order they resolve.
        answer: The answer to the pending dilemma, if one is waiting.
        scoring: Score the outcome this turn (batch games score only at the end).
        hashing: Compute the state hash after the turn.
    """
    s, ctx = tc.state, tc.context
    stocks_before = dict(s.stocks)
    stages_before = s.stage.copy()
    tc.contact = set()
    tc.instructed = {}
    answered = _answer(tc, answer)
    moves = [play(tc, m, ctx) for m in diary]
    landed = land_delayed(tc)
    tc.invalidate()
    lapses = step_lapses(tc, tc.namespace(outcome=False))
    if lapses:
        tc.invalidate()
    events = step_events(tc, tc.namespace(outcome=False))
    if events:  # an event changed the state; otherwise the names just read are still true
        tc.invalidate()
    actions = step_actors(tc)
    if actions:
        tc.invalidate()
    ns = tc.namespace(outcome=False)
    step_system(tc, ns)
    ns.update(s.stocks)  # the system phase changes only stocks, delays and flow values
    ns.update(s.flow_values)
    strain = min(1.0, max(0.0, tc.pack.expr(tc.pack.system.strain)(ns))) if tc.pack.system.strain else 0.0
    s.strain = strain
    tc.invalidate()
    step_social(tc, strain)
    surprises = _surprise(tc, stocks_before)
    tc.invalidate()
    final = s.turn >= tc.pack.meta.turns
    names = tc.tables.names
    outcome: Outcome | None = None
    if scoring or final:
        ns = tc.namespace()
        outcome = with_outcome(tc.pack, ns)
        ending = check_endings(tc.pack, ns, final)
    else:  # a batch game before its last turn: only the early endings, on the names they read
        ending = early_ending(tc.pack, _ScoredOnDemand(tc, tc.names_for(names.early)))
        if ending is not None:
            outcome = with_outcome(tc.pack, tc.namespace())
    if ending is not None:
        s.finished, s.ending = True, ending
        s.pending_dilemma = None
        if outcome is not None:
            outcome = agree(tc.pack, outcome, ending)
    stage_changes = [(tc.tables.ids[i], int(stages_before[i]), int(s.stage[i]))
                     for i in (stages_before != s.stage).nonzero()[0].tolist()]
    result = TurnResult(
        turn=s.turn, zone=ctx.zone, mode=ctx.mode, agreement=ctx.agreement, certainty=ctx.certainty,
        answer=answered, moves=moves, landed=landed, events=events, actions=actions, lapses=lapses,
        stocks_before=stocks_before,
        stocks_after=dict(s.stocks), stage_changes=stage_changes, surprise=s.surprise,
        surprises=surprises, outcome=outcome, state_hash="", dilemma=s.pending_dilemma, ending=ending,
    )
    if not s.finished:
        s.turn += 1
    result.state_hash = s.digest() if hashing else ""
    tc.end_of_turn()
    tc.context = ctxmod.context_of(s, tc.power_weights(), tc.live_flat)
    tc.live_flat = None
    return result


class _ScoredOnDemand(dict[str, float]):
    """The names the early endings read, with the outcome worked out only when read.

    The outcome and its dimensions are computed only if an ending condition gets as far as reading
    them (conditions stop at the first false part of an ``and``).
    """

    def __init__(self, tc: TurnContext, names: dict[str, float]) -> None:
        super().__init__(names)
        self._tc = tc

    def __missing__(self, key: str) -> float:
        if key != "outcome" and not key.startswith("dim_"):
            raise KeyError(key)
        full = self._tc.namespace()
        with_outcome(self._tc.pack, full)
        self["outcome"] = full["outcome"]
        self.update({k: v for k, v in full.items() if k.startswith("dim_")})
        return self[key]


def _answer(tc: TurnContext, choice: str | None) -> tuple[str, str] | None:
    """Apply a dilemma answer given for this turn; return (dilemma, choice)."""
    s = tc.state
    if choice is None or s.pending_dilemma is None:
        return None
    dilemma = s.pending_dilemma
    answer_dilemma(tc, choice)
    return dilemma, choice


def _surprise(tc: TurnContext, before: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Compare each stock with a naive forecast (last turn's change repeated); update volatility."""
    s = tc.state
    out: dict[str, tuple[float, float]] = {}
    ratios = []
    for sid, stock in tc.pack.system.stocks.items():
        forecast = before[sid] + s.last_change.get(sid, 0.0)
        actual = s.stocks[sid]
        scale = stock.scale or max(1.0, abs(stock.initial) * 0.2)
        ratios.append(min(1.0, abs(actual - forecast) / scale))
        out[sid] = (forecast, actual)
        s.last_change[sid] = actual - before[sid]
    s.surprise = max(ratios) if ratios else 0.0
    mean = sum(ratios) / len(ratios) if ratios else 0.0
    s.volatility = 0.7 * s.volatility + 0.3 * mean
    return out
