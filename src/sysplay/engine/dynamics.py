"""System dynamics: variables, flows and material delays, computed on start-of-phase values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sysplay.scenarios.models import Pack

if TYPE_CHECKING:
    from sysplay.engine.turnctx import TurnContext


def aux_order(pack: Pack) -> list[str]:
    """Variables and flows in an order where each comes after the ones it reads (load rejects cycles)."""
    sysm = pack.system
    exprs = {**sysm.variables, **{fid: f.expr for fid, f in sysm.flows.items()}}
    deps = {name: {n for n in pack.expr(src).names if n in exprs and n != name} for name, src in exprs.items()}
    order: list[str] = []
    done: set[str] = set()
    for name in sorted(exprs):
        _visit(name, deps, done, order)
    return order


def _visit(name: str, deps: dict[str, set[str]], done: set[str], order: list[str]) -> None:
    stack = [(name, iter(sorted(deps[name])))]
    if name in done:
        return
    done.add(name)
    while stack:
        node, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            stack.pop()
            order.append(node)
        elif nxt not in done:
            done.add(nxt)
            stack.append((nxt, iter(sorted(deps[nxt]))))


def evaluate_aux(tc: TurnContext, ns: dict[str, float]) -> None:
    """Compute variables and flows into ``ns`` and the state's flow values, in dependency order."""
    flow_values = tc.state.flow_values
    for name, compiled in tc.pack.memo("aux_compiled", _aux_compiled):
        value = compiled(ns)
        ns[name] = value
        flow_values[name] = value


def _aux_compiled(pack: Pack) -> list[tuple[str, Any]]:
    """The variables and flows in evaluation order, each with its compiled expression."""
    sysm = pack.system
    return [(name, pack.expr(sysm.variables[name] if name in sysm.variables else sysm.flows[name].expr))
            for name in aux_order(pack)]


def step_system(tc: TurnContext, ns: dict[str, float]) -> None:
    """One turn of stocks and flows: flows from start-of-phase values, delays advance, stocks clamp."""
    pack, s = tc.pack, tc.state
    evaluate_aux(tc, ns)
    before = dict(s.stocks)
    deltas: dict[str, float] = dict.fromkeys(s.stocks, 0.0)
    for fid, flow in pack.system.flows.items():
        amount = s.flow_values[fid]
        if flow.to is not None:
            deltas[flow.to] += amount
            tc.ledger.add(s.turn, ("stock", flow.to), amount, "flow", fid)
        if flow.source is not None:
            deltas[flow.source] -= amount
            tc.ledger.add(s.turn, ("stock", flow.source), -amount, "flow", fid)
    for did, delay in pack.system.delays.items():
        arrived = _advance(s.pipelines[did], pack.expr(delay.expr)(ns), delay.time)
        s.flow_values[did] = arrived
        deltas[delay.to] += arrived
        tc.ledger.add(s.turn, ("stock", delay.to), arrived, "delay", did)
    for sid, stock in pack.system.stocks.items():
        raw = before[sid] + deltas[sid]
        clamped = min(stock.max, max(stock.min, raw))
        if clamped != raw:
            tc.ledger.add(s.turn, ("stock", sid), clamped - raw, "limit", sid)
        s.stocks[sid] = clamped


def _advance(stages: list[float], inflow: float, time: float) -> float:
    """Advance an Nth-order material delay by one turn; return what leaves the last stage."""
    order = len(stages)
    rate = order / time  # validated <= 1 at load, so the explicit step is stable
    outflows = [v * rate for v in stages]
    stages[0] += max(0.0, inflow) - outflows[0]
    for k in range(1, order):
        stages[k] += outflows[k - 1] - outflows[k]
    return outflows[-1]
