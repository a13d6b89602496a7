"""The simulation report as plain text for a terminal (no markup library: the core stays UI-free)."""

from __future__ import annotations

from typing import Any

from sysplay.sanitize import clean_line
from sysplay.simulate.analysis import Simulation
from sysplay.simulate.probes import ANALYST

SHORT = {"random": "random", "heroic_director": "heroic", "avoider": "avoider", "curious_convenor": "curious",
         "coalition_builder": "coalition", "optimiser": "optimiser"}
_STYLE = {"pass": "32", "fail": "31;1", "skipped": "2", "not_checked": "33", "head": "1", "dim": "2", "warn": "33"}
_TAGS = {"pass": "PASS", "fail": "FAIL", "skipped": "SKIP", "not_checked": "NOT CHECKED"}


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
    _hunt(out, r["hunt"], sim)
    _restricted(out, r["restricted"], names)
    _late(out, r["late_command"])
    _sensitivity(out, r["sensitivity"], names)
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
    counts = {k: sum(g["status"] == k for g in gates) for k in ("pass", "fail", "not_checked")}
    unchecked = f", {counts['not_checked']} not checked" if counts["not_checked"] else ""
    out.head(f"Gates: {counts['pass']} passed, {counts['fail']} failed{unchecked}")
    for g in gates:
        out.add(f"  {out.style(_TAGS[g['status']], g['status'])}  {g['title']}")
        out.add(out.style(f"        {clean_line(g['detail'])}", "dim"))


def _dominant(out: _Out, d: dict[str, Any]) -> None:
    out.head("Dominant strategies")
    if d["optimiser_share"] is None:
        out.add("  The optimiser was not simulated, so no move shares to check.")
        return
    top = list(d["optimiser_share"].items())[:4]
    out.add("  Optimiser's most used moves: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
    if d["flags"]:
        out.add(out.style(f"  Over {d['threshold']:.0%}: {', '.join(d['flags'])}", "fail"))


def _hunt(out: _Out, h: dict[str, Any] | None, sim: Simulation) -> None:
    if h is None:
        out.head("Answer-key hunt")
        out.add("  Off (--hunt-candidates 0).")
        return
    took = f" in {sim.hunt_seconds:.1f} s" if sim.hunt_seconds else ""
    out.head(f"Answer-key hunt: {h['scored']} fixed scripts{took}")
    src = h["sources"]
    out.add(f"  {src['replays']} personas' games replayed verbatim, {src['checklists']} cyclic checklists, "
            f"{src['climbs']} hill-climbing mutations;")
    out.add(f"  each played {h['train_runs']} training seeds; the best {len(h['finalists'])} played "
            f"{h['holdout_runs']} seeds kept apart from the search.")
    if h["stopped_by"] == "seconds":
        out.add(out.style(f"  Stopped at the {h['seconds_cap']:g} s cap (--hunt-seconds) before its {h['candidates']} "
                          "candidates: these results depend on the machine's speed.", "warn"))
    base = h["baseline"]
    if base is not None:
        out.add(f"  coalition_builder on those seeds: mean {base['mean_outcome']:.3f}, good ending {base['p_good']:.0%}")
    for row in h["finalists"]:
        t, u = row["train"], row["holdout"]
        mark = out.style("  answer key", "fail") if row["answer_key"] else ""
        out.add(f"  #{row['candidate']:<4} unseen: mean {u['mean_outcome']:.3f}, good {u['p_good']:>4.0%}   "
                f"training: {t['mean_outcome']:.3f}, {t['p_good']:>4.0%}{mark}")
        out.add(out.style(f"        {clean_line(row['origin'])}", "dim"))
    best = h["best"]
    if best is None:
        return
    what = "An answer key" if best["answer_key"] else "The best fixed script (not an answer key)"
    out.add(f"  {what}, as a choices file (--hunt-out FILE writes it):")
    for line in best["choices"].splitlines():
        out.add("    " + clean_line(line))


def _restricted(out: _Out, rp: dict[str, Any] | None, names: list[str]) -> None:
    if rp is None:
        return
    blocks = rp["personas"]
    shown = [n for n in names if n in blocks]
    runs = ", ".join(f"{SHORT.get(n, n)} {blocks[n]['runs']}" for n in shown)
    out.head(f"Restricted play: change in mean outcome with each move banned (seeds: {runs})")
    out.add(f"  {'':<34}" + "".join(f"{SHORT.get(n, n)[:9]:>10}" for n in shown))
    out.add(f"  {'baseline':<34}" + "".join(f"{blocks[n]['baseline']:>10.3f}" for n in shown))
    for iv in _ban_order(rp, shown):
        cells = []
        for n in shown:
            ban = next((b for b in blocks[n]["bans"] if b["intervention"] == iv), None)
            cells.append(_ban_cell(out, ban))
        out.add(f"  ban {clean_line(iv)[:30]:<30}" + "".join(cells))
    out.add(out.style("  unused: the persona never made that move, so banning it shows nothing; ! a ban that raises the "
                      "score by", "dim"))
    out.add(out.style("  more than twice its standard error (the move may do more harm than good)", "dim"))
    if rp["unused_by_all"]:
        out.add(out.style(f"  No persona ever used: {', '.join(rp['unused_by_all'])} "
                          "(restricted play cannot say whether it helps or harms)", "warn"))


def _ban_order(rp: dict[str, Any], shown: list[str]) -> list[str]:
    """Moves in the analyst's order (most harmful ban first), else the first persona's."""
    lead = ANALYST if ANALYST in shown else shown[0]
    return [b["intervention"] for b in rp["personas"][lead]["bans"]]


def _ban_cell(out: _Out, ban: dict[str, Any] | None) -> str:
    if ban is None:
        return f"{'-':>10}"
    if ban["unused"] and ban["delta"] == 0:
        return f"{'unused':>10}"
    flag = ban["raises"]
    text = _delta(ban["delta"]) + ("!" if flag else " ")
    return " " * (10 - len(text)) + (out.style(text, "warn") if flag else text)


def _late(out: _Out, late: dict[str, Any] | None) -> None:
    if late is None:
        return
    out.head(f"Late command ({late['persona']}, {late['runs']} seeds, command added from turn {late['from_turn']})")
    added = ", ".join(f"{k} {v:.1f}" for k, v in late["commands_per_game"].items()) or "nothing could be added"
    out.add(f"  command moves per game: {added}")
    out.add(f"  mean {late['mean_outcome']:.3f} against {late['baseline']:.3f} plain: change {_delta(late['delta'])} "
            f"\u00b1{late['se']:.3f}; good ending {late['p_good']:.0%} against {late['baseline_p_good']:.0%}"
            .replace("\u00b1", "\u00b1" if out.unicode else "+-"))
    if late["delta"] >= 0 and late["commands_per_game"]:
        out.add(out.style("  Taking command late does not cost the coalition builder: authority may be too cheap.", "warn"))


def _sensitivity(out: _Out, sens: dict[str, Any] | None, names: list[str], top: int = 12) -> None:
    if sens is None:
        return
    blocks = sens["personas"]
    lead = ANALYST if ANALYST in blocks else next(iter(blocks))
    sb = blocks[lead]
    out.head(f"Sensitivity ({lead}, {sb['runs']} seeds, each number moved {sens['step']:.0%}; "
             f"baseline {sb['baseline']:.3f})")
    rows = sb["numbers"][:top]
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
    if len(sb["numbers"]) > top:
        out.add(out.style(f"  ... and {len(sb['numbers']) - top} more numbers in --json / --html", "dim"))
    out.add(out.style("  change in mean outcome when the number is lowered or raised, paired seed by seed; "
                      "~ marks changes within", "dim"))
    out.add(out.style("  twice their standard error (could be noise: simulate more runs to tell)", "dim"))
    _swings(out, blocks, names, top)


def _swings(out: _Out, blocks: dict[str, Any], names: list[str], top: int) -> None:
    """Every persona's largest change either way, for the numbers that move anyone most."""
    shown = [n for n in names if n in blocks]
    if len(shown) < 2:
        return
    rows: dict[str, dict[str, float]] = {}
    for n in shown:
        for row in blocks[n]["numbers"]:
            lo, hi = row["delta_low"] or 0.0, row["delta_high"] or 0.0
            rows.setdefault(row["key"], {})[n] = lo if abs(lo) >= abs(hi) else hi
    keys = sorted(rows, key=lambda k: (-max(abs(v) for v in rows[k].values()), k))[:top]
    out.add("")
    out.add("  Largest change either way, by persona (seeds: "
            + ", ".join(f"{SHORT.get(n, n)} {blocks[n]['runs']}" for n in shown) + ")")
    out.add(f"  {'number':<34}" + "".join(f"{SHORT.get(n, n)[:9]:>10}" for n in shown))
    for k in keys:
        out.add(f"  {k[:34]:<34}" + "".join(f"{_delta(rows[k].get(n)):>10}" for n in shown))


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
