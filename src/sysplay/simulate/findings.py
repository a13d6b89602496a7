"""The simulation report, as plain JSON-ready data.

Per-persona statistics, coverage, dominant strategies, the answer-key hunt, restricted play,
sensitivity, the late-command probe and the pedagogy gates.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import PersonaStats, SideStats, coverage_keys
from sysplay.simulate.hunt import KEY_MARGIN, KEY_P_GOOD
from sysplay.simulate.probes import ANALYST, late_block, r6, restricted_block, sensitivity_block
from sysplay.simulate.runs import METRICS, run_seed

if TYPE_CHECKING:
    from sysplay.simulate.analysis import Budget

__all__ = ["ANALYST", "assemble", "gates", "notes", "r6", "warnings"]
#: A clear margin between personas' mean outcomes.
MARGIN = 0.05
#: Above this share of the optimiser's moves, one intervention is a dominant strategy.
DOMINANT_SHARE = 0.40
#: Random play should reach a good ending less often than this.
RANDOM_GOOD = 0.30
#: Below this outcome spread a persona's result is fixed (a solved game).
FIXED_SD = 0.005
#: Effect size (Cohen's d) a behaviour metric needs to separate two personas.
SEPARATION = 0.8
#: Which personas each behaviour metric should separate: (expected higher, expected lower).
CONTRASTS: dict[str, tuple[str, str]] = {
    "enabling_share": ("coalition_builder", "heroic_director"),
    "inquiry_share": ("curious_convenor", "heroic_director"),
    "voice_share": ("coalition_builder", "heroic_director"),
    "reveal_rate": ("curious_convenor", "heroic_director"),
    "directives": ("heroic_director", "coalition_builder"),
}


def assemble(pack: Pack, budget: Budget, seed: int, personas: dict[str, PersonaStats],
             side: dict[str, SideStats], hits: Counter[str], hunt: dict[str, Any] | None) -> dict[str, Any]:
    """The whole report."""
    report: dict[str, Any] = {
        "pack": pack.meta.id, "title": pack.meta.title, "version": pack.meta.version,
        "runs": budget.runs, "seed": seed, "good_at": pack.outcome.good_at,
        "endings": {e.id: {"title": e.title, "tone": e.tone} for e in pack.endings},
        "interventions": {iv.id: {"name": iv.name, "kind": iv.kind} for iv in pack.interventions},
        "personas": {name: persona_block(pack, st, seed) for name, st in personas.items()},
        "coverage": coverage_block(pack, hits),
        "dominant": dominant_block(personas),
        "hunt": hunt,
        "restricted": restricted_block(pack, budget, personas, side),
        "late_command": late_block(pack, budget, personas, side),
        "sensitivity": sensitivity_block(pack, budget, personas, side),
    }
    report["gates"] = gates(report)
    report["warnings"] = warnings(report)
    report["notes"] = notes(budget, hunt)
    return report


def persona_block(pack: Pack, st: PersonaStats, seed: int) -> dict[str, Any]:
    """Statistics for one persona."""
    n = st.outcome.n
    shares = st.action_share()
    tones: Counter[str] = Counter()
    for e in pack.endings:
        tones[e.tone] += st.endings.get(e.id, 0)
    return {
        "runs": n,
        "mean_outcome": r6(st.outcome.mean), "sd_outcome": r6(st.outcome.sd),
        "min_outcome": r6(st.low if n else 0.0), "max_outcome": r6(st.high if n else 0.0),
        "quantiles": {f"p{int(q * 100):02d}": r6(st.quantile(q)) for q in (0.05, 0.25, 0.5, 0.75, 0.95)},
        "histogram": st.shown_hist(),
        "p_good": r6(st.p_good),
        "tones": {t: r6(tones.get(t, 0) / n if n else 0.0) for t in ("good", "mixed", "poor")},
        "endings": {e.id: r6(st.endings.get(e.id, 0) / n if n else 0.0) for e in pack.endings},
        "action_share": {iv.id: r6(shares.get(iv.id, 0.0)) for iv in pack.interventions},
        "metrics": {m: {"mean": r6(acc.mean), "sd": r6(acc.sd)} for m, acc in zip(METRICS, st.metrics, strict=True)},
        "best_run": None if st.best is None else
        {"run": st.best[1], "game_seed": run_seed(seed, st.best[1]), "outcome": r6(st.best[0])},
    }


def coverage_block(pack: Pack, hits: Counter[str]) -> dict[str, Any]:
    """Hit counts of every piece of content, and what was never reached."""
    keys = coverage_keys(pack)
    counts = {k: hits.get(k, 0) for k in keys}
    unreached = [k for k in keys if not counts[k]]
    return {"hits": counts, "unreached": unreached, "reached": len(keys) - len(unreached), "total": len(keys)}


def dominant_block(personas: dict[str, PersonaStats]) -> dict[str, Any]:
    """A single move the optimiser leans on (a fixed script that wins is the hunt's to find)."""
    opt = personas.get("optimiser")
    shares = opt.action_share() if opt is not None else None
    flags = sorted(k for k, v in (shares or {}).items() if v > DOMINANT_SHARE)
    return {
        "threshold": DOMINANT_SHARE,
        "optimiser_share": None if shares is None else {k: r6(v) for k, v in sorted(shares.items(), key=lambda kv: -kv[1])},
        "flags": flags,
    }


def _gate(gid: str, title: str, status: str, detail: str) -> dict[str, str]:
    return {"id": gid, "title": title, "status": status, "detail": detail}


def gates(report: dict[str, Any]) -> list[dict[str, str]]:
    """The pedagogy and balance gates, each passed, failed, skipped or not checked (with why).

    ``not_checked`` is for a gate that would pass only because no game reached a good ending:
    a pack where nothing wins cannot show that random play rarely wins, or that no script does.
    """
    ps = report["personas"]
    out = [_beats(ps, "heroic_director"), _beats(ps, "avoider")]
    out.append(_random_gate(ps))
    fixed = [f"{name} (sd {p['sd_outcome']:.4f})" for name, p in ps.items() if p["runs"] > 1 and p["sd_outcome"] <= FIXED_SD]
    out.append(_gate("outcome_not_fixed", f"No persona's outcome is fixed (sd > {FIXED_SD})",
                     "fail" if fixed else "pass", "fixed: " + ", ".join(fixed) if fixed else
                     "lowest sd " + (f"{min(p['sd_outcome'] for p in ps.values()):.4f}" if ps else "n/a")))
    out += [_separates(ps, metric, hi, lo) for metric, (hi, lo) in CONTRASTS.items()]
    dom = report["dominant"]
    if dom["optimiser_share"] is None:
        out.append(_gate("no_dominant_move", f"No move is over {DOMINANT_SHARE:.0%} of the optimiser's moves",
                         "skipped", "the optimiser was not simulated"))
    else:
        top = next(iter(dom["optimiser_share"].items()), ("none", 0.0))
        out.append(_gate("no_dominant_move", f"No move is over {DOMINANT_SHARE:.0%} of the optimiser's moves",
                         "fail" if dom["flags"] else "pass", f"most used: {top[0]} {top[1]:.0%}"))
    out.append(_answer_key_gate(report["hunt"], ps))
    out.append(_late_gate(report["late_command"]))
    cov = report["coverage"]
    out.append(_gate("all_content_reached", "Every intervention, event, choice, ending, voice line and prompt is reached",
                     "fail" if cov["unreached"] else "pass", f"{cov['reached']} of {cov['total']} reached"))
    return out


def _nothing_good(ps: dict[str, Any]) -> bool:
    return bool(ps) and all(p["p_good"] == 0 for p in ps.values())


def _random_gate(ps: dict[str, Any]) -> dict[str, str]:
    title = f"Random play rarely reaches a good ending (P(good) < {RANDOM_GOOD})"
    rnd = ps.get("random")
    if rnd is None:
        return _gate("random_rarely_good", title, "skipped", "random was not simulated")
    if _nothing_good(ps):
        return _gate("random_rarely_good", title, "not_checked",
                     "no persona reached a good ending, so this would pass only because nothing wins")
    return _gate("random_rarely_good", title, "pass" if rnd["p_good"] < RANDOM_GOOD else "fail",
                 f"random P(good) = {rnd['p_good']:.2f}")


def _answer_key_gate(hunt: dict[str, Any] | None, ps: dict[str, Any]) -> dict[str, str]:
    title = (f"No fixed script matches adaptive play (on unseen seeds: good ending < {KEY_P_GOOD:.0%} "
             f"and mean < coalition_builder - {KEY_MARGIN})")
    if hunt is None:
        return _gate("no_answer_key", title, "skipped", "the hunt was off (--hunt-candidates 0)")
    best, base = hunt["best"], hunt["baseline"]
    if best is None or base is None:
        return _gate("no_answer_key", title, "skipped", "no candidate reached the unseen seeds")
    h = best["holdout"]
    detail = (f"best of {hunt['scored']} scripts: good ending {h['p_good']:.0%}, mean {h['mean_outcome']:.3f} vs "
              f"coalition_builder {base['mean_outcome']:.3f} on {hunt['holdout_runs']} unseen seeds")
    if hunt["answer_key"]:
        return _gate("no_answer_key", title, "fail", detail + " (printed below as a choices file)")
    if not hunt["good_seen"] and base["p_good"] == 0 and _nothing_good(ps):
        return _gate("no_answer_key", title, "not_checked",
                     detail + "; no game reached a good ending, so the good-ending half could not fail")
    return _gate("no_answer_key", title, "pass", detail)


def _late_gate(late: dict[str, Any] | None) -> dict[str, str]:
    title = "Adding command late (escalation, instructions in the last third) costs the coalition_builder"
    if late is None:
        return _gate("late_command_costs", title, "skipped", "needs the coalition_builder")
    detail = (f"{late['mean_outcome']:.3f} vs {late['baseline']:.3f} plain (change {late['delta']:+.3f}) "
              f"on {late['runs']} seeds")
    if not late["commands_per_game"]:
        return _gate("late_command_costs", title, "not_checked",
                     "no escalation or instruction could be planned, so nothing was added")
    return _gate("late_command_costs", title, "pass" if late["delta"] < 0 else "fail", detail)


def _beats(ps: dict[str, Any], other: str) -> dict[str, str]:
    gid, title = f"coalition_beats_{other.split('_')[0]}", f"coalition_builder beats {other} by >= {MARGIN}"
    cb, ot = ps.get("coalition_builder"), ps.get(other)
    if cb is None or ot is None:
        return _gate(gid, title, "skipped", "needs both personas (--persona all)")
    diff = cb["mean_outcome"] - ot["mean_outcome"]
    return _gate(gid, title, "pass" if diff >= MARGIN else "fail",
                 f"{cb['mean_outcome']:.3f} vs {ot['mean_outcome']:.3f} (difference {diff:+.3f})")


def _separates(ps: dict[str, Any], metric: str, hi: str, lo: str) -> dict[str, str]:
    gid, title = f"metric_{metric}", f"{metric} separates {hi} (higher) from {lo}"
    a, b = ps.get(hi), ps.get(lo)
    if a is None or b is None:
        return _gate(gid, title, "skipped", "needs both personas (--persona all)")
    ma, mb = a["metrics"][metric], b["metrics"][metric]
    pooled = ((ma["sd"] ** 2 + mb["sd"] ** 2) / 2) ** 0.5
    diff = ma["mean"] - mb["mean"]
    d = diff / pooled if pooled > 0 else (float("inf") if diff > 0 else 0.0)
    effect = "d = inf" if d == float("inf") else f"d = {d:.2f}"
    return _gate(gid, title, "pass" if d >= SEPARATION else "fail",
                 f"{ma['mean']:.3f} vs {mb['mean']:.3f} ({effect}; needs {SEPARATION})")


def warnings(report: dict[str, Any]) -> list[str]:
    """Plain-English findings a writer should look at."""
    out = [f"gate {g['id']} failed: {g['title']}: {g['detail']}" for g in report["gates"] if g["status"] == "fail"]
    out += [f"gate {g['id']} not checked: {g['detail']}" for g in report["gates"] if g["status"] == "not_checked"]
    unreached = report["coverage"]["unreached"]
    if unreached:
        shown = ", ".join(unreached[:12]) + (f" and {len(unreached) - 12} more" if len(unreached) > 12 else "")
        out.append(f"{len(unreached)} piece(s) of content never reached: {shown}")
    restricted = report["restricted"]
    if restricted:
        for name, block in restricted["personas"].items():
            for ban in block["bans"]:
                if ban["raises"]:
                    out.append(f"banning {ban['intervention']} raises {name}'s mean outcome by "
                               f"{ban['delta']:+.3f}: the move may do more harm than good")
        for iv in restricted["unused_by_all"]:
            out.append(f"no persona ever used {iv}: restricted play cannot tell whether it helps or harms "
                       f"(try it by hand with sysplay run --choices)")
    return out


def notes(budget: Budget, hunt: dict[str, Any] | None = None) -> list[str]:
    """How the batch was made, for anyone reading the numbers."""
    out = []
    short = {p: n for p, n in budget.persona_runs.items() if n < budget.runs}
    for p, n in short.items():
        out.append(f"{p} played {n} of {budget.runs} runs (its look-ahead is slow); run it alone with "
                   f"--persona {p} for more")
        if not budget.sensitivity_runs.get(p):
            out.append(f"{p}'s sensitivity sweep runs only with --persona {p} (at its cost, a sweep here would "
                       f"take a fifth of the batch)")
    sides = [f"{p} {budget.restricted_runs.get(p, 0)} and {budget.sensitivity_runs.get(p, 0)}"
             for p in budget.personas if budget.restricted_runs.get(p) or budget.sensitivity_runs.get(p)]
    if sides:
        out.append("restricted play and sensitivity replay each persona's first seeds (the same seeds unchanged as "
                   "baseline): " + ", ".join(sides))
    if budget.late_runs:
        out.append(f"the late-command probe plays the coalition_builder's first {budget.late_runs} seeds")
    if hunt is not None:
        out.append(f"the hunt scored {hunt['scored']} of {hunt['candidates']} candidate scripts on {hunt['train_runs']} "
                   f"training seeds from game seed {hunt['first_train_seed']}; the best {len(hunt['finalists'])} "
                   f"played {hunt['holdout_runs']} unseen seeds from {hunt['first_holdout_seed']}")
        if hunt["stopped_by"] == "seconds":
            out.append(f"the hunt stopped at its {hunt['seconds_cap']:g} s cap (--hunt-seconds) before its "
                       f"{hunt['candidates']} candidates: this part of the report depends on the machine's speed")
    out.append("coverage counts the main runs of every persona; quantiles are read to within 0.0025")
    return out
