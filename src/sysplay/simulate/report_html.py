"""The simulation report as one self-contained HTML file: inline SVG charts, no script, nothing fetched.

Every piece of text from the pack or the report is escaped; nothing is ever written as markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.analysis import Simulation
from sysplay.simulate.probes import ANALYST

TONE_COLOURS = {"good": ("#1b7f4c", "#5fb98a", "#a6dcc0"), "mixed": ("#b7791f", "#e0a94a", "#f2d39b"),
                "poor": ("#b3261e", "#e06c63", "#f0aaa4")}
STATUS = {"pass": ("PASS", "#1b7f4c"), "fail": ("FAIL", "#b3261e"), "skipped": ("SKIP", "#777"),
          "not_checked": ("NOT CHECKED", "#8a5a00")}
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
main{max-width:1120px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 16px}table{border-collapse:collapse;margin:8px 0;background:#fff}
th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:right;vertical-align:middle}
th:first-child,td:first-child{text-align:left}th{background:#f0f0f0;font-weight:600}
.badge{display:inline-block;min-width:44px;text-align:center;color:#fff;border-radius:4px;font-weight:700;font-size:12px;padding:1px 6px}
.muted{color:#666}.warn{background:#fff4e5;border-left:4px solid #e0a94a;padding:6px 10px;margin:4px 0}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px}
.card b{font-size:22px;display:block}svg{background:#fff;border:1px solid #eee}
code{background:#f0f0f0;padding:0 3px;border-radius:3px}.miss{background:#fdecea}
pre{background:#fff;border:1px solid #ddd;padding:8px 12px;overflow-x:auto;font-size:13px}
details{margin:6px 0}summary{cursor:pointer}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


#: The same policy as the debrief's HTML: nothing loads, nothing runs; only inline styles and data images.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(sim: Simulation) -> str:
    """The whole report as an HTML document."""
    r = sim.report
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r['title'])}: simulation report</title><style>{CSS}</style></head><body><main>",
        f"<h1>{_e(r['title'])}</h1>",
        f'<p class="sub">Pack <code>{_e(r["pack"])}</code> {_e(r["version"])}: {r["runs"]} runs per persona, '
        f"seed {r['seed']}; {sim.games:,} playthroughs in {sim.seconds:.1f} s on {sim.jobs} process(es) "
        f"({sim.per_second:,.0f} a second).</p>",
        _cards(r), _outcomes(r), _endings(r), _actions(r), _metrics(r), _gates(r), _dominant(r), _hunt(r),
        _restricted(r), _late(r), _sensitivity(r), _coverage(r, labels(sim.pack) if sim.pack else {}), _warnings(r),
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _cards(r: dict[str, Any]) -> str:
    gates = r["gates"]
    cov = r["coverage"]
    cells = [("gates passed", f"{sum(g['status'] == 'pass' for g in gates)} / {len(gates)}"),
             ("gates failed", str(sum(g["status"] == "fail" for g in gates))),
             ("content reached", f"{cov['reached']} / {cov['total']}"),
             ("warnings", str(len(r["warnings"])))]
    return '<div class="cards">' + "".join(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cells) + "</div>"


def _x(v: float, left: float = 170, width: float = 520) -> float:
    return left + max(0.0, min(1.0, v)) * width


def _outcomes(r: dict[str, Any]) -> str:
    ps = r["personas"]
    h = 34 * len(ps) + 40
    svg = [f'<svg width="720" height="{h}" role="img" aria-label="Outcome distribution per persona">']
    for t in range(0, 11, 2):
        x = _x(t / 10)
        svg.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{h - 24}" stroke="#eee"/>'
                   f'<text x="{x:.1f}" y="{h - 8}" font-size="11" text-anchor="middle">{t / 10:.1f}</text>')
    good = r.get("good_at")
    if good is not None:
        x = _x(good)
        svg.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{h - 24}" stroke="#1b7f4c" stroke-dasharray="4 3"/>'
                   f'<text x="{x + 3:.1f}" y="20" font-size="11" fill="#1b7f4c">good at {good:g}</text>')
    for i, (name, p) in enumerate(ps.items()):
        y, q = 30 + 34 * i, p["quantiles"]
        svg.append(f'<text x="8" y="{y + 5}" font-size="13">{_e(name)}</text>'
                   f'<line x1="{_x(q["p05"]):.1f}" y1="{y}" x2="{_x(q["p95"]):.1f}" y2="{y}" stroke="#555"/>'
                   f'<rect x="{_x(q["p25"]):.1f}" y="{y - 9}" width="{max(1.0, _x(q["p75"]) - _x(q["p25"])):.1f}" '
                   f'height="18" fill="#9ec5e8" stroke="#2d6ea3"/>'
                   f'<line x1="{_x(q["p50"]):.1f}" y1="{y - 9}" x2="{_x(q["p50"]):.1f}" y2="{y + 9}" stroke="#123" stroke-width="2"/>'
                   f'<circle cx="{_x(p["mean_outcome"]):.1f}" cy="{y}" r="3.5" fill="#b3261e"/>')
    svg.append("</svg>")
    rows = "".join(
        f"<tr><td>{_e(name)}</td><td>{p['runs']}</td><td>{p['mean_outcome']:.3f}</td><td>{p['sd_outcome']:.3f}</td>"
        f"<td>{p['quantiles']['p05']:.2f} / {p['quantiles']['p50']:.2f} / {p['quantiles']['p95']:.2f}</td>"
        f"<td>{p['p_good']:.2f}</td><td>{_hist(p['histogram'])}</td></tr>" for name, p in ps.items())
    return ("<h2>Outcomes</h2><p class=\"muted\">Box: middle half of runs; whiskers: 5th to 95th percentile; "
            "line: median; dot: mean.</p>" + "".join(svg) +
            "<table><tr><th>persona</th><th>runs</th><th>mean</th><th>sd</th><th>p05 / p50 / p95</th>"
            f"<th>P(good)</th><th>histogram (0 to 1)</th></tr>{rows}</table>")


def _hist(counts: list[int]) -> str:
    top = max(counts) or 1
    bars = "".join(f'<rect x="{i * 6}" y="{24 - c / top * 22:.1f}" width="5" height="{c / top * 22:.1f}" fill="#2d6ea3"/>'
                   for i, c in enumerate(counts) if c)
    return f'<svg width="{len(counts) * 6}" height="24" aria-hidden="true">{bars}</svg>'


def _ending_colours(r: dict[str, Any]) -> dict[str, str]:
    used: dict[str, int] = {}
    out = {}
    for eid, info in r["endings"].items():
        shades = TONE_COLOURS.get(info["tone"], ("#888", "#aaa", "#ccc"))
        out[eid] = shades[used.get(info["tone"], 0) % len(shades)]
        used[info["tone"]] = used.get(info["tone"], 0) + 1
    return out


def _endings(r: dict[str, Any]) -> str:
    colours = _ending_colours(r)
    ps = r["personas"]
    svg = [f'<svg width="720" height="{30 * len(ps) + 10}" role="img" aria-label="Endings reached per persona">']
    for i, (name, p) in enumerate(ps.items()):
        y, x = 10 + 30 * i, 170.0
        svg.append(f'<text x="8" y="{y + 14}" font-size="13">{_e(name)}</text>')
        for eid, share in p["endings"].items():
            if share:
                w = share * 520
                svg.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" fill="{colours[eid]}">'
                           f"<title>{_e(r['endings'][eid]['title'])}: {share:.0%}</title></rect>")
                x += w
    svg.append("</svg>")
    legend = "".join(f'<tr><td><svg width="14" height="14"><rect width="14" height="14" fill="{colours[eid]}"/></svg> '
                     f"{_e(info['title'])} <span class=\"muted\">({_e(eid)}, {_e(info['tone'])})</span></td>"
                     + "".join(f"<td>{_pct(p['endings'][eid])}</td>" for p in ps.values()) + "</tr>"
                     for eid, info in r["endings"].items())
    head = "".join(f"<th>{_e(n)}</th>" for n in ps)
    return f"<h2>Endings</h2>{''.join(svg)}<table><tr><th>ending</th>{head}</tr>{legend}</table>"


def _pct(v: float) -> str:
    return "&ndash;" if not v else f"{v:.0%}" if v >= 0.005 else "&lt;1%"


def _heat(v: float) -> str:
    return f' style="background:rgba(45,110,163,{min(1.0, v * 1.6):.2f});color:{"#fff" if v > 0.3 else "#1d1d1f"}"'


def _actions(r: dict[str, Any]) -> str:
    ps = r["personas"]
    head = "".join(f"<th>{_e(n)}</th>" for n in ps)
    rows = "".join(
        f"<tr><td>{_e(info['name'])} <span class=\"muted\">({_e(iv)}, {_e(info['kind'])})</span></td>"
        + "".join(f"<td{_heat(p['action_share'][iv])}>{_pct(p['action_share'][iv])}</td>" for p in ps.values()) + "</tr>"
        for iv, info in r["interventions"].items())
    return f"<h2>Moves</h2><p class=\"muted\">Share of each persona's moves.</p><table><tr><th>move</th>{head}</tr>{rows}</table>"


def _metrics(r: dict[str, Any]) -> str:
    ps = r["personas"]
    if not ps:
        return ""
    head = "".join(f"<th>{_e(n)}</th>" for n in ps)
    names = list(next(iter(ps.values()))["metrics"])
    rows = "".join(f"<tr><td>{_e(m)}</td>" + "".join(
        f"<td>{p['metrics'][m]['mean']:.2f} <span class=\"muted\">&plusmn;{p['metrics'][m]['sd']:.2f}</span></td>"
        for p in ps.values()) + "</tr>" for m in names)
    return f"<h2>Behaviour metrics</h2><table><tr><th>metric (mean &plusmn; sd)</th>{head}</tr>{rows}</table>"


def _gates(r: dict[str, Any]) -> str:
    rows = "".join(
        f'<tr><td><span class="badge" style="background:{STATUS[g["status"]][1]}">{STATUS[g["status"]][0]}</span></td>'
        f'<td style="text-align:left">{_e(g["title"])}</td><td style="text-align:left" class="muted">{_e(g["detail"])}</td></tr>'
        for g in r["gates"])
    return f"<h2>Gates</h2><table>{rows}</table>"


def _dominant(r: dict[str, Any]) -> str:
    d = r["dominant"]
    if d["optimiser_share"] is None:
        return "<h2>Dominant strategies</h2><p class=\"muted\">The optimiser was not simulated.</p>"
    top = ", ".join(f"{_e(k)} {v:.0%}" for k, v in list(d["optimiser_share"].items())[:5])
    return (f"<h2>Dominant strategies</h2><p>The optimiser's most used moves: {top}. Flagged above "
            f"{d['threshold']:.0%}: {_e(', '.join(d['flags']) or 'none')}.</p>")


def _hunt(r: dict[str, Any]) -> str:
    h = r["hunt"]
    if h is None:
        return "<h2>Answer-key hunt</h2><p class=\"muted\">Off (--hunt-candidates 0).</p>"
    src, base = h["sources"], h["baseline"]
    out = [f"<h2>Answer-key hunt</h2><p>{h['scored']} fixed scripts (the same moves on the same turns whatever the "
           f"seed): {src['replays']} personas' games replayed verbatim, {src['checklists']} cyclic checklists, "
           f"{src['climbs']} hill-climbing mutations; each played {h['train_runs']} training seeds, and the best "
           f"{len(h['finalists'])} played {h['holdout_runs']} seeds kept apart from the search.</p>"]
    if h["stopped_by"] == "seconds":
        out.append(f'<div class="warn">Stopped at the {h["seconds_cap"]:g} s cap before its {h["candidates"]} '
                   "candidates: these results depend on the machine's speed.</div>")
    if base is not None:
        out.append(f"<p>coalition_builder on the same unseen seeds: mean {base['mean_outcome']:.3f}, good ending "
                   f"{base['p_good']:.0%}. A script is an answer key when it reaches a good ending in at least "
                   f"{h['thresholds']['p_good']:.0%} of them, or averages at least that mean less {h['thresholds']['margin']}.</p>")
    rows = "".join(
        f"<tr><td>#{f['candidate']} <span class=\"muted\">{_e(f['origin'])}</span></td>"
        f"<td>{f['holdout']['mean_outcome']:.3f}</td><td>{f['holdout']['p_good']:.0%}</td>"
        f"<td>{f['train']['mean_outcome']:.3f}</td><td>{f['train']['p_good']:.0%}</td>"
        f"<td>{'<b>answer key</b>' if f['answer_key'] else 'no'}</td></tr>" for f in h["finalists"])
    out.append("<table><tr><th>finalist</th><th>unseen mean</th><th>unseen good</th><th>training mean</th>"
               f"<th>training good</th><th>answer key?</th></tr>{rows}</table>")
    if h["best"] is not None:
        what = "An answer key" if h["best"]["answer_key"] else "The best fixed script (not an answer key)"
        out.append(f"<p>{what}, as a choices file for <code>sysplay run --choices</code>:</p>"
                   f"<pre>{_e(h['best']['choices'])}</pre>")
    return "".join(out)


def _bars(rows: Sequence[tuple[str, float | None, float | None]], label_a: str, label_b: str) -> str:
    """Horizontal bars around a zero line: one or two values per row (tornado or deltas)."""
    scale = max((abs(v) for _, a, b in rows for v in (a, b) if v is not None), default=0.0) or 1.0
    h = 22 * len(rows) + 40
    mid, half = 560, 220
    svg = [f'<svg width="900" height="{h}" role="img" aria-label="Change in mean outcome">',
           f'<line x1="{mid}" y1="4" x2="{mid}" y2="{h - 24}" stroke="#333"/>',
           f'<text x="{mid - half}" y="{h - 8}" font-size="11">-{scale:.3f}</text>'
           f'<text x="{mid + half - 30}" y="{h - 8}" font-size="11">+{scale:.3f}</text>']
    for i, (label, a, b) in enumerate(rows):
        y = 8 + 22 * i
        svg.append(f'<text x="8" y="{y + 13}" font-size="12">{_e(label)}</text>')
        for v, colour, name, dy in ((a, "#2d6ea3", label_a, 0), (b, "#e0a94a", label_b, 8)):
            if v is None:
                continue
            w = abs(v) / scale * half
            x = mid if v >= 0 else mid - w
            height = 8 if b is not None or a is None else 16
            svg.append(f'<rect x="{x:.1f}" y="{y + 1 + (dy if a is not None and b is not None else 0)}" width="{max(w, 0.5):.1f}" '
                       f'height="{height}" fill="{colour}"><title>{_e(name)}: {v:+.3f}</title></rect>')
    svg.append("</svg>")
    return "".join(svg)


def _restricted(r: dict[str, Any]) -> str:
    rp = r["restricted"]
    if rp is None:
        return "<h2>Restricted play</h2><p class=\"muted\">Not run.</p>"
    blocks = rp["personas"]
    names = list(blocks)
    order = [b["intervention"] for b in blocks[ANALYST if ANALYST in blocks else names[0]]["bans"]]
    head = "".join(f"<th>{_e(n)}<br><span class=\"muted\">{blocks[n]['runs']} seed{'s' if blocks[n]['runs'] != 1 else ''}, "
                   f"{blocks[n]['baseline']:.3f}</span></th>" for n in names)
    rows = []
    for iv in order:
        cells = []
        for n in names:
            ban = next((b for b in blocks[n]["bans"] if b["intervention"] == iv), None)
            if ban is None:
                cells.append("<td>&ndash;</td>")
            elif ban["unused"] and ban["delta"] == 0:
                cells.append('<td class="muted">unused</td>')
            else:
                flag = ban["raises"]
                cells.append(f"<td{' class=miss' if flag else ''}>{ban['delta']:+.3f} "
                             f"<span class=\"muted\">&plusmn;{ban['se']:.3f}</span></td>")
        rows.append(f"<tr><td>ban {_e(iv)}</td>{''.join(cells)}</tr>")
    unused = (f'<div class="warn">No persona ever used {_e(", ".join(rp["unused_by_all"]))}: restricted play cannot '
              "say whether it helps or harms.</div>") if rp["unused_by_all"] else ""
    lead = ANALYST if ANALYST in blocks else names[0]
    bars = [(f"ban {b['intervention']} ({b['delta']:+.3f} \u00b1{b['se']:.3f})", b["delta"], None)
            for b in blocks[lead]["bans"]]
    return ("<h2>Restricted play</h2><p class=\"muted\">Each persona on its first seeds with each move banned in "
            "turn: change in mean outcome from its baseline (under each name), paired seed by seed. A ban that "
            "raises the score (shaded) is a red flag; <i>unused</i> means the persona never made the move, so the "
            f"ban shows nothing.</p><table><tr><th>move</th>{head}</tr>{''.join(rows)}</table>{unused}"
            f"<p class=\"muted\">{_e(lead)}:</p>{_bars(bars, 'change', '')}")


def _late(r: dict[str, Any]) -> str:
    late = r["late_command"]
    if late is None:
        return ""
    added = ", ".join(f"{_e(k)} {v:.1f}" for k, v in late["commands_per_game"].items()) or "nothing could be added"
    return (f"<h2>Late command</h2><p>{_e(late['persona'])} on {late['runs']} seeds, with an escalation and an "
            f"instruction to the most opposed added each turn from turn {late['from_turn']} (command moves per game: "
            f"{added}): mean {late['mean_outcome']:.3f} against {late['baseline']:.3f} plain (change "
            f"{late['delta']:+.3f} &plusmn;{late['se']:.3f}); good ending {late['p_good']:.0%} against "
            f"{late['baseline_p_good']:.0%}.</p>")


def _sensitivity(r: dict[str, Any]) -> str:
    sens = r["sensitivity"]
    if sens is None:
        return ""
    out = [f"<h2>Sensitivity</h2><p class=\"muted\">Each persona on its first seeds; each number lowered (blue) and "
           f"raised (amber) by {sens['step']:.0%}; change in mean outcome from its baseline, paired seed by seed. "
           "Largest swings first; (within noise) marks changes within twice their standard error.</p>"]
    for i, (name, sb) in enumerate(sens["personas"].items()):
        rows = [(n["key"] + ("" if n["clear"] else " (within noise)"), n["delta_low"], n["delta_high"])
                for n in sb["numbers"][:20]]
        out.append(f"<details{' open' if name == ANALYST or (i == 0 and ANALYST not in sens['personas']) else ''}>"
                   f"<summary>{_e(name)}: {sb['runs']} seeds, baseline {sb['baseline']:.3f}</summary>"
                   f"{_bars(rows, 'lowered', 'raised')}</details>")
    return "".join(out)


def labels(pack: Pack) -> dict[str, str]:
    """A short human label for each coverage id (voice lines and prompts shortened)."""
    out = {f"intervention:{iv.id}": iv.name for iv in pack.interventions}
    for ev in pack.events:
        out[f"event:{ev.id}"] = ev.title
        out.update({f"choice:{ev.id}/{ch.id}": ch.label for ch in ev.choices})
    out.update({f"ending:{e.id}": e.title for e in pack.endings})
    for a in pack.actors:
        out.update({f"voice:{a.id}#{n}": _short(v.line) for n, v in enumerate(a.voice, 1)})
    out.update({f"prompt:{x.id}": _short(x.text) for x in pack.prompts})
    return out


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 3].rstrip() + "..."


def _coverage(r: dict[str, Any], names: dict[str, str]) -> str:
    cov = r["coverage"]
    rows = "".join(f'<tr{" class=miss" if not n else ""}><td>{_e(k)}</td>'
                   f'<td style="text-align:left" class="muted">{_e(names.get(k, ""))}</td><td>{n:,}</td></tr>'
                   for k, n in cov["hits"].items())
    return (f"<h2>Coverage</h2><p>{cov['reached']} of {cov['total']} pieces of content reached in the main runs. "
            f"Never reached: {_e(', '.join(cov['unreached']) or 'nothing')}.</p>"
            f"<table><tr><th>content</th><th>what it is</th><th>hits</th></tr>{rows}</table>")


def _warnings(r: dict[str, Any]) -> str:
    out = ["<h2>Warnings and notes</h2>"]
    out += [f'<div class="warn">{_e(w)}</div>' for w in r["warnings"]]
    out += [f'<p class="muted">{_e(n)}</p>' for n in r["notes"]]
    return "".join(out)
