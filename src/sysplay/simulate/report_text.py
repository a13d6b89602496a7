"""The simulation report as plain text for a terminal (no markup library: the core stays UI-free)."""

from __future__ import annotations

from typing import Any

from sysplay.scenarios.sanitize import clean_line
from sysplay.simulate.analysis import Simulation

SHORT = {"random": "random", "heroic_director": "heroic", "avoider": "avoider", "curious_convenor": "curious",
         "coalition_builder": "coalition", "optimiser": "optimiser"}
_STYLE = {"pass": "32", "fail": "31;1", "skipped": "2", "head": "1", "dim": "2", "warn": "33"}


class _Out:
    """Collects lines; styles text with ANSI colours only when asked to."""

    def __init__(self, colour: bool, unicode: bool) -> None:
        self.lines: list[str] = []
        self.colour, self.unicode = colour, unicode

    def style(self, text: str, name: str) -> str:
        return f"\x1b[{_STYLE[name]}m{text}\x1b[0m" if self.colour else text

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def head(self, title: str) -> None:
        self.add()
        self.add(self.style(title.upper(), "head"))


def render_text(sim: Simulation, *, colour: bool = False, unicode: bool = True) -> str:
    """The whole report as text lines, about 100 columns wide."""
    r = sim.report
    out = _Out(colour, unicode)
    out.add(out.style(f"{clean_line(r['title'])} ({r['pack']} {clean_line(r['version'])})", "head"))
    out.add(f"{r['runs']} runs per persona, seed {r['seed']}; {sim.games:,} playthroughs in {sim.seconds:.1f} s "
            f"on {sim.jobs} process{'es' if sim.jobs != 1 else ''} ({sim.per_second:,.0f} a second)")
    names = list(r["personas"])
    _outcomes(out, r)
    _by_persona(out, "Endings (share of runs)", names,
                [(f"{e} ({_tone(r, e)})", {n: r["personas"][n]["endings"][e] for n in names}) for e in _ids(r, "endings")],
                pct=True)
    _by_persona(out, "Moves (share of each persona's moves)", names,
                [(iv, {n: r["personas"][n]["action_share"][iv] for n in names}) for iv in _ids(r, "action_share")],
                pct=True)
    metrics = list(next(iter(r["personas"].values()))["metrics"]) if names else []
    _by_persona(out, "Behaviour metrics (means)", names,
                [(m, {n: r["personas"][n]["metrics"][m]["mean"] for n in names}) for m in metrics], pct=False)
    _gates(out, r["gates"])
    _dominant(out, r["dominant"])
    _restricted(out, r["restricted"])
    _sensitivity(out, r["sensitivity"])
    _coverage(out, r["coverage"])
    if r["warnings"]:
        out.head("Warnings")
        for w in r["warnings"]:
            out.add(out.style("  ! ", "warn") + clean_line(w))
    out.head("Notes")
    for note in r["notes"]:
        out.add("  - " + note)
    out.add()
    out.add(out.style("Exit status is 0 whatever the gates say; use --json for a machine-readable report "
                      "and --html FILE for charts.", "dim"))
    return "\n".join(out.lines) + "\n"


def _ids(r: dict[str, Any], key: str) -> list[str]:
    first = next(iter(r["personas"].values()), None)
    return list(first[key]) if first else []


def _tone(r: dict[str, Any], ending: str) -> str:
    return str(r["endings"].get(ending, {}).get("tone", "?"))


def _spark(out: _Out, counts: list[int]) -> str:
    ramp = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588" if out.unicode else " .:-=+*#%@"
    top = max(counts) or 1
    return "".join(ramp[0] if not c else ramp[max(1, round(c / top * (len(ramp) - 1)))] for c in counts)


def _outcomes(out: _Out, r: dict[str, Any]) -> None:
    out.head("Outcomes")
    edge = "|" if not out.unicode else "\u2502"
    out.add(f"  {'persona':<18} {'runs':>5} {'mean':>6} {'sd':>6} {'p05':>5} {'p50':>5} {'p95':>5} {'P(good)':>8}"
            f"  0{' ' * 18}1")
    for name, p in r["personas"].items():
        q = p["quantiles"]
        out.add(f"  {name:<18} {p['runs']:>5} {p['mean_outcome']:>6.3f} {p['sd_outcome']:>6.3f} {q['p05']:>5.2f} "
                f"{q['p50']:>5.2f} {q['p95']:>5.2f} {p['p_good']:>8.2f}  {edge}{_spark(out, p['histogram'])}{edge}")


def _by_persona(out: _Out, title: str, names: list[str], rows: list[tuple[str, dict[str, float]]], pct: bool) -> None:
    if not rows or not names:
        return
    out.head(title)
    out.add(f"  {'':<34}" + "".join(f"{SHORT.get(n, n)[:9]:>10}" for n in names))
    for label, values in rows:
        cells = "".join(f"{_cell(values[n], pct):>10}" for n in names)
        out.add(f"  {clean_line(label)[:34]:<34}{cells}")


def _cell(v: float, pct: bool) -> str:
    if pct:
        return "-" if v == 0 else f"{v:.0%}" if v >= 0.005 else "<1%"
    return f"{v:.2f}"


def _gates(out: _Out, gates: list[dict[str, str]]) -> None:
    passed = sum(g["status"] == "pass" for g in gates)
    failed = sum(g["status"] == "fail" for g in gates)
    out.head(f"Gates: {passed} passed, {failed} failed")
    for g in gates:
        tag = {"pass": "PASS", "fail": "FAIL", "skipped": "SKIP"}[g["status"]]
        out.add(f"  {out.style(tag, g['status'])}  {g['title']}")
        out.add(out.style(f"        {clean_line(g['detail'])}", "dim"))


def _dominant(out: _Out, d: dict[str, Any]) -> None:
    out.head("Dominant strategies")
    if d["optimiser_share"] is None:
        out.add("  The optimiser was not simulated, so no move shares to check.")
    else:
        top = list(d["optimiser_share"].items())[:4]
        out.add("  Optimiser's most used moves: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
        if d["flags"]:
            out.add(out.style(f"  Over {d['threshold']:.0%}: {', '.join(d['flags'])}", "fail"))
    fs = d["fixed_sequence"]
    if fs:
        out.add(f"  The best run ({fs['persona']}, game seed {fs['game_seed']}, outcome {fs['outcome']:.3f}; "
                f"{fs['moves']} moves), replayed verbatim")
        verdict = "an answer key" if fs["answer_key"] else "not an answer key"
        out.add(f"  under {fs['replays']} other seeds: good ending {fs['p_good']:.0%}, mean outcome "
                f"{fs['mean_outcome']:.3f}: {out.style(verdict, 'fail' if fs['answer_key'] else 'pass')}.")


def _restricted(out: _Out, rp: dict[str, Any] | None) -> None:
    if rp is None:
        return
    out.head(f"Restricted play ({rp['persona']}, {rp['runs']} seeds, baseline {rp['baseline']:.3f})")
    for b in rp["bans"]:
        flag = out.style("  raises the score", "warn") if b["delta"] >= 0.01 and b["delta"] > 2 * b["se"] else ""
        out.add(f"  ban {b['intervention'][:28]:<28} mean {b['mean_outcome']:.3f}  change {_delta(b['delta'])} "
                f"\u00b1{b['se']:.3f}  P(good) {b['p_good']:.2f}{flag}".replace("\u00b1", "\u00b1" if out.unicode else "+-"))


def _sensitivity(out: _Out, sens: dict[str, Any] | None, top: int = 12) -> None:
    if sens is None:
        return
    out.head(f"Sensitivity ({sens['persona']}, {sens['runs']} seeds, each number moved {sens['step']:.0%}; "
             f"baseline {sens['baseline']:.3f})")
    rows = sens["numbers"][:top]
    scale = max((row["swing"] for row in rows), default=0.0) or 1.0
    bar = "\u2588" if out.unicode else "#"
    axis = "\u2502" if out.unicode else "|"
    out.add(f"  {'number':<38} {'lowered':>8} {'raised':>8}   worse {' ' * 9}{axis}{' ' * 10}better")
    for row in rows:
        lo, hi = row["delta_low"] or 0.0, row["delta_high"] or 0.0
        left = int(round(max(0.0, -min(lo, hi)) / scale * 14))
        right = int(round(max(0.0, max(lo, hi)) / scale * 14))
        chart = f"{' ' * (14 - left)}{bar * left}{axis}{bar * right}"
        mark = "" if row["clear"] else out.style("  ~", "dim")
        out.add(f"  {row['key'][:38]:<38} {_delta(row['delta_low']):>8} {_delta(row['delta_high']):>8}   {chart}{mark}")
    if len(sens["numbers"]) > top:
        out.add(out.style(f"  ... and {len(sens['numbers']) - top} more numbers in --json / --html", "dim"))
    out.add(out.style("  change in mean outcome when the number is lowered or raised, paired seed by seed; "
                      "~ marks changes within", "dim"))
    out.add(out.style("  twice their standard error (could be noise: simulate more runs to tell)", "dim"))


def _delta(d: float | None) -> str:
    if d is None:
        return "   n/a"
    return f"{d:+.3f}" if abs(d) >= 0.0005 else "+0.000"


def _coverage(out: _Out, cov: dict[str, Any]) -> None:
    out.head(f"Coverage: {cov['reached']} of {cov['total']} reached")
    groups: dict[str, list[str]] = {}
    for key in cov["unreached"]:
        kind, _, ident = key.partition(":")
        groups.setdefault(kind, []).append(ident)
    if not groups:
        out.add("  Everything was reached at least once.")
    for kind, ids in groups.items():
        out.add(f"  never reached, {kind}: " + ", ".join(ids))
    rare = [(k, n) for k, n in cov["hits"].items() if 0 < n <= 2]
    if rare:
        out.add("  reached only once or twice: " + ", ".join(f"{k} ({n})" for k, n in rare[:12])
                + (" ..." if len(rare) > 12 else ""))
