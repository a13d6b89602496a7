"""Turn resolution, in the order of DESIGN.md §4; every phase reads the state its predecessor left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysplay.engine import context as ctxmod
from sysplay.engine.dynamics import step_system
from sysplay.engine.events import step_events
from sysplay.engine.game import MoveResult, Snapshot, TurnResult
from sysplay.engine.moves import PlannedMove
from sysplay.engine.outcome import Outcome, early_ending, with_outcome

if TYPE_CHECKING:
    from sysplay.engine.game import Game


def resolve(g: Game) -> TurnResult:
    """Resolve the current turn and return what happened."""
    s, ctx = g.state, g.context
    if g.recording:
        g.history.append(Snapshot.of(s))
    stocks_before = dict(s.stocks)
    stages_before = s.stage.copy()
    g.contact_ties = set()
    answer = g.answer_now()
    moves = [_play(g, m, ctx) for m in g.diary]
    landed = _land_delayed(g)
    g.invalidate()
    events = step_events(g, g.namespace(outcome=False))
    if events:  # an event changed the state; otherwise the names just read are still true
        g.invalidate()
    ns = g.namespace(outcome=False)
    step_system(g, ns)
    ns.update(s.stocks)  # the system phase changes only stocks, delays and flow values
    ns.update(s.flow_values)
    strain = min(1.0, max(0.0, g.pack.expr(g.pack.system.strain)(ns))) if g.pack.system.strain else 0.0
    g.invalidate()
    g.step_social(strain)
    surprises = _surprise(g, stocks_before)
    g.invalidate()
    final = s.turn >= g.pack.meta.turns
    outcome: Outcome | None = None
    if g.scoring or final or g.names.early_reads_outcome:
        outcome = with_outcome(g.pack, g.namespace())
        ending = g.check_endings(final)
    else:  # a batch game before its last turn: only the early endings, on the names they read
        ending = early_ending(g.pack, g.early_namespace())
        if ending is not None:
            outcome = with_outcome(g.pack, g.namespace())
    if ending is not None:
        s.finished, s.ending = True, ending
        s.pending_dilemma = None
    stage_changes = [(g.pack.actors[i].id, int(stages_before[i]), int(s.stage[i]))
                     for i in (stages_before != s.stage).nonzero()[0].tolist()]
    result = TurnResult(
        turn=s.turn, zone=ctx.zone, mode=ctx.mode, agreement=ctx.agreement, certainty=ctx.certainty,
        answer=answer, moves=moves, landed=landed, events=events, stocks_before=stocks_before,
        stocks_after=dict(s.stocks), stage_changes=stage_changes, surprise=s.surprise,
        surprises=surprises, outcome=outcome, state_hash="", dilemma=s.pending_dilemma, ending=ending,
    )
    g.diary = []
    if not s.finished:
        s.turn += 1
    result.state_hash = s.digest() if g.hashing else ""
    g.invalidate()
    g.context = ctxmod.context_of(s, g.hidden_total, g.power_weights())
    return result


def _play(g: Game, move: PlannedMove, ctx: ctxmod.Context) -> MoveResult:
    s = g.state
    iv = g.ivs[move.intervention]
    if iv.capital > s.capital + 1e-9:  # a dilemma answer this turn can leave too little capital
        return MoveResult(iv.id, move.targets, 1.0, 1.0, (), refused=f"not enough political capital left for '{iv.name}'")
    g.pay(move.intervention)
    for t in move.targets:
        i = g.index[t]
        s.contacts[i] += 1
        if s.stage[i] == 0:
            s.stage[i] = 1
            g.ledger.add(s.turn, ("stage", i), 1.0, "move", move.intervention, ("contact",))
    return g.apply_move(move, ctx)


def _land_delayed(g: Game) -> list[MoveResult]:
    s = g.state
    due = sorted((q for q in s.queue if q.due <= s.turn), key=lambda q: q.seq)
    s.queue = [q for q in s.queue if q.due > s.turn]
    landed = []
    for q in due:
        targets = tuple(g.pack.actors[i].id for i in q.targets)
        iv = g.ivs[q.intervention]
        move = PlannedMove(q.intervention, () if iv.target == "all" else targets)
        landed.append(g.apply_move(move, g.context, delayed_from=q.planned_turn))
    return landed


def _surprise(g: Game, before: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Compare each stock with a naive forecast (last turn's change repeated); update volatility."""
    s = g.state
    out: dict[str, tuple[float, float]] = {}
    ratios = []
    for sid, stock in g.pack.system.stocks.items():
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
