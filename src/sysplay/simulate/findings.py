"""The simulation report: per-persona statistics, coverage, dominant strategies, restricted play,
sensitivity and the pedagogy gates, as plain JSON-ready data."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import PersonaStats, SideStats, coverage_keys
from sysplay.simulate.runs import METRICS, run_seed
from sysplay.simulate.variants import STEP, nudges

if TYPE_CHECKING:
    from sysplay.simulate.analysis import Budget

#: The persona restricted play and the sensitivity sweep use (it must be one of the batch's personas).
ANALYST = "coalition_builder"
#: A clear margin between personas' mean outcomes.
MARGIN = 0.05
#: Above this share of the optimiser's moves, one intervention is a dominant strategy.
DOMINANT_SHARE = 0.40
#: A fixed move list that reaches a good ending at least this often is an answer key.
ANSWER_KEY = 0.80
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


def r6(x: float) -> float:
    """Rounded for the report (stable text, no float noise)."""
    return round(float(x), 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def assemble(pack: Pack, budget: Budget, seed: int, personas: dict[str, PersonaStats],
             side: dict[str, SideStats], hits: Counter[str], best: tuple[str, int, Any, float] | None
             ) -> dict[str, Any]:
    """The whole report."""
    report: dict[str, Any] = {
        "pack": pack.meta.id, "title": pack.meta.title, "version": pack.meta.version,
        "runs": budget.runs, "seed": seed, "good_at": pack.outcome.good_at,
        "endings": {e.id: {"title": e.title, "tone": e.tone} for e in pack.endings},
        "interventions": {iv.id: {"name": iv.name, "kind": iv.kind} for iv in pack.interventions},
        "personas": {name: persona_block(pack, st, seed) for name, st in personas.items()},
        "coverage": coverage_block(pack, hits),
        "dominant": dominant_block(personas, side, best, budget, seed),
        "restricted": restricted_block(pack, personas, side, budget),
        "sensitivity": sensitivity_block(pack, personas, side, budget),
    }
    report["gates"] = gates(report)
    report["warnings"] = warnings(report)
    report["notes"] = notes(budget)
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


def dominant_block(personas: dict[str, PersonaStats], side: dict[str, SideStats],
                   best: tuple[str, int, Any, float] | None, budget: Budget, seed: int) -> dict[str, Any]:
    """A single move the optimiser leans on, and a fixed move list that wins under most seeds."""
    opt = personas.get("optimiser")
    shares = opt.action_share() if opt is not None else None
    flags = sorted(k for k, v in (shares or {}).items() if v > DOMINANT_SHARE)
    fixed = None
    replay = side.get("script")
    if best is not None and replay is not None:
        fixed = {
            "persona": best[0], "run": best[1], "game_seed": run_seed(seed, best[1]), "outcome": r6(best[3]),
            "moves": sum(len(turn[0]) for turn in best[2]),
            "replays": replay.outcome.n, "p_good": r6(replay.p_good), "mean_outcome": r6(replay.outcome.mean),
            "answer_key": replay.p_good >= ANSWER_KEY,
        }
    return {
        "threshold": DOMINANT_SHARE,
        "optimiser_share": None if shares is None else {k: r6(v) for k, v in sorted(shares.items(), key=lambda kv: -kv[1])},
        "flags": flags, "fixed_sequence": fixed,
    }


def _baseline(personas: dict[str, PersonaStats], runs: int) -> list[float] | None:
    """The analyst persona's outcomes on the first ``runs`` seeds (None when not played)."""
    st = personas.get(ANALYST)
    if st is None or len(st.first) < runs or not runs:
        return None
    return st.first[:runs]


def restricted_block(pack: Pack, personas: dict[str, PersonaStats], side: dict[str, SideStats],
                     budget: Budget) -> dict[str, Any] | None:
    """Outcome with each move banned in turn, against the same seeds unbanned."""
    base = _baseline(personas, budget.restricted_runs)
    if base is None:
        return None
    bans = []
    for iv in pack.interventions:
        st = side.get(f"ban:{iv.id}")
        if st is None:
            continue
        delta, se = st.paired(base)
        bans.append({"intervention": iv.id, "mean_outcome": r6(st.outcome.mean), "delta": r6(delta), "se": r6(se),
                     "p_good": r6(st.p_good)})
    bans.sort(key=lambda b: (b["delta"], b["intervention"]))
    return {"persona": ANALYST, "runs": budget.restricted_runs, "baseline": r6(sum(base) / len(base)), "bans": bans}


def sensitivity_block(pack: Pack, personas: dict[str, PersonaStats], side: dict[str, SideStats],
                      budget: Budget) -> dict[str, Any] | None:
    """A tornado list: how far the mean outcome moves when each number is nudged down and up."""
    base = _baseline(personas, budget.sensitivity_runs)
    if base is None:
        return None
    rows: list[dict[str, Any]] = []
    for n in nudges(pack):
        low, high = side.get(f"nudge:{n.key}:low"), side.get(f"nudge:{n.key}:high")
        d_low, se_low = low.paired(base) if low else (None, 0.0)
        d_high, se_high = high.paired(base) if high else (None, 0.0)
        swing = max(abs(d_low or 0.0), abs(d_high or 0.0))
        noise = 2 * max(se_low, se_high)
        rows.append({"key": n.key, "base": r6(n.base), "low": n.low, "high": n.high,
                     "delta_low": None if d_low is None else r6(d_low), "delta_high": None if d_high is None else r6(d_high),
                     "swing": r6(swing), "se": r6(max(se_low, se_high)), "clear": swing > noise})
    rows.sort(key=lambda row: (-row["swing"], row["key"]))
    return {"persona": ANALYST, "runs": budget.sensitivity_runs, "step": STEP, "baseline": r6(sum(base) / len(base)),
            "numbers": rows}


def _gate(gid: str, title: str, status: str, detail: str) -> dict[str, str]:
    return {"id": gid, "title": title, "status": status, "detail": detail}


def gates(report: dict[str, Any]) -> list[dict[str, str]]:
    """The pedagogy and balance gates, each passed, failed or skipped (with why)."""
    ps = report["personas"]
    out = [_beats(ps, "heroic_director"), _beats(ps, "avoider")]
    rnd = ps.get("random")
    out.append(_gate("random_rarely_good", f"Random play rarely reaches a good ending (P(good) < {RANDOM_GOOD})",
                     "skipped" if rnd is None else ("pass" if rnd["p_good"] < RANDOM_GOOD else "fail"),
                     "random was not simulated" if rnd is None else f"random P(good) = {rnd['p_good']:.2f}"))
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
    fs = dom["fixed_sequence"]
    out.append(_gate("no_answer_key", f"The best run's moves, replayed under other seeds, win < {ANSWER_KEY:.0%} of the time",
                     "skipped" if fs is None else ("fail" if fs["answer_key"] else "pass"),
                     "no replay" if fs is None else f"good ending in {fs['p_good']:.0%} of {fs['replays']} replays"))
    cov = report["coverage"]
    out.append(_gate("all_content_reached", "Every intervention, event, choice, ending, voice line and prompt is reached",
                     "fail" if cov["unreached"] else "pass", f"{cov['reached']} of {cov['total']} reached"))
    return out


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
    unreached = report["coverage"]["unreached"]
    if unreached:
        shown = ", ".join(unreached[:12]) + (f" and {len(unreached) - 12} more" if len(unreached) > 12 else "")
        out.append(f"{len(unreached)} piece(s) of content never reached: {shown}")
    restricted = report["restricted"]
    if restricted:
        for ban in restricted["bans"]:
            if ban["delta"] >= 0.01 and ban["delta"] > 2 * ban["se"]:
                out.append(f"banning {ban['intervention']} raises {restricted['persona']}'s mean outcome by "
                           f"{ban['delta']:+.3f}: the move may do more harm than good")
    return out


def notes(budget: Budget) -> list[str]:
    """How the batch was made, for anyone reading the numbers."""
    out = []
    short = {p: n for p, n in budget.persona_runs.items() if n < budget.runs}
    for p, n in short.items():
        out.append(f"{p} played {n} of {budget.runs} runs (its look-ahead is slow); run it alone with "
                   f"--persona {p} for more")
    if budget.restricted_runs:
        out.append(f"restricted play and sensitivity use the coalition_builder on the first "
                   f"{budget.restricted_runs} and {budget.sensitivity_runs} seeds (the same seeds unchanged as baseline)")
    else:
        out.append("restricted play and sensitivity need the coalition_builder (--persona all)")
    out.append("coverage counts the main runs of every persona; quantiles are read to within 0.0025")
    return out
