"""The debrief (or comparison) as one self-contained HTML file.

Inline CSS (with print styles) and inline SVG charts; no JavaScript, no external resources; every text
from a save or pack escaped.
"""

from __future__ import annotations

from html import escape

from sysplay.debrief.facts import num
from sysplay.debrief.models import Comparison, Debrief, Lens, Row
from sysplay.debrief.svg import esc, line_chart, network
from sysplay.debrief.words import (
    SECTIONS,
    byline,
    ending_words,
    knew_groups,
    learned_words,
    note_words,
    tie_words,
    trust_words,
    turn_facts,
    turn_head,
    voices_words,
    vote_words,
    week,
)
from sysplay.sanitize import clean_text

CSS = """
:root{--ink:#1d1d1d;--muted:#555;--line:#c9c9c9;--soft:#f4f2ee;--accent:#1f4e79}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,'Times New Roman',serif;color:var(--ink);background:#fff}
main{max-width:1080px;margin:0 auto;padding:24px}h1{font-size:1.9rem;margin:.2em 0}h2{border-bottom:2px solid var(--ink);
padding-bottom:4px;margin-top:2.2em}h3{margin:1.4em 0 .4em}.by{color:var(--muted);font-size:.95rem}
.fig{white-space:nowrap}.knew td:first-child{width:16%}.knew td{width:42%}.knew ul{margin:0;padding-left:1.1em}nav ol{columns:3;font-size:.95rem}nav a{color:var(--accent)}.notice{border-left:5px solid #a3281f;background:#fbeeee;
padding:8px 12px;margin:8px 0}.ending{background:var(--soft);padding:12px 16px;border-left:5px solid var(--ink)}
.quote{font-style:italic}table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92rem}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}th{background:var(--soft)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:14px}.card{border:1px solid var(--line);
padding:10px 14px;break-inside:avoid}.card h3{margin-top:.2em}.bar{display:inline-block;width:70px;height:12px;
border:1px solid var(--ink);vertical-align:middle;margin-right:6px}.bar span{display:block;height:100%;background:var(--ink)}
.how{color:var(--muted);font-size:.85rem}.turn{border-left:3px solid var(--line);padding:2px 0 6px 12px;margin:10px 0;
break-inside:avoid}.turn h3{font-size:1.05rem;margin:.2em 0}.turn ul{margin:.2em 0;padding-left:1.2em}
.note{background:#fff8dc;border:1px dashed #8a6d00;padding:6px 10px;margin:6px 0;white-space:pre-wrap}
.note b{font-style:normal}.charts{display:flex;flex-wrap:wrap;gap:12px}svg{max-width:100%;height:auto}
svg text{font:11px Arial,Helvetica,sans-serif;fill:var(--ink)}svg .ct{font-size:13px;font-weight:bold}
svg .axis{stroke:var(--ink)}svg .grid{stroke:#ddd}svg .el{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .no{fill:#5b7db1;stroke:#1d1d1d}svg .nv{fill:#f2c14e;stroke:#1d1d1d}.chain{margin:.2em 0 .8em;font-size:.9rem}
.ribbon td{font-size:.8rem;text-align:center}.key{font-size:.88rem;color:var(--muted)}.lens{break-inside:avoid}
@media print{body{font-size:11pt}main{max-width:none;padding:0}nav{display:none}h2{break-after:avoid}
.card,.turn,svg,table,.lens{break-inside:avoid}a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:15mm}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SHORT_MOOD = {"work": "working", "dependency": "waiting on you", "fight_flight": "blaming", "pairing": "waiting on a pair"}


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body><main>{body}</main></body></html>\n")


def _bar(v: float | None) -> str:
    if v is None:
        return '<span class="bar" aria-hidden="true"></span>'
    w = round(100 * max(0.0, min(1.0, v)))
    return f'<span class="bar" aria-hidden="true"><span style="width:{w}%"></span></span>'


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    h = "".join(f"<th>{c}</th>" for c in head)
    b = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{b}</tbody></table>'


def debrief_html(d: Debrief, *, prefix: str = "", level: int = 1) -> str:
    """One debrief as an HTML fragment (``prefix`` keeps anchors unique when several share a page)."""
    m = d.meta
    parts = [f"<h{level}>Debrief: {esc(m.title)}</h{level}>", f'<p class="by">{esc(byline(d))}</p>']
    parts += [f'<p class="notice"><b>Note:</b> {esc(n)}</p>' for n in m.notices]
    parts.append("<nav><ol>" + "".join(f'<li><a href="#{prefix}{k}">{t}</a></li>' for k, t in SECTIONS) + "</ol></nav>")
    parts.append(f'<div class="ending"><p><b>{esc(ending_words(d))}</b></p>'
                 + (f'<p class="quote">{esc(m.ending_text)}</p>' if m.ending_text else "") + "</div>")
    for key, title in SECTIONS:
        parts.append(f'<section id="{prefix}{key}"><h2>{title}</h2>{_SECTION[key](d)}</section>')
    return "".join(parts)


def _habits(d: Debrief) -> str:
    cards = []
    for b in d.behaviours:
        rows = [[esc(x.label) + (" <i>(lower is better)</i>" if x.better == "down" else ""),
                 f'<span class="fig">{_bar(x.value)}<b>{num(x.value)}</b></span>', esc(x.shown), esc(", ".join(map(str, x.turns))) or "-"]
                for x in b.metrics]
        hows = "".join(f"<li><i>{esc(x.label)}</i>: {esc(x.how)}</li>" for x in b.metrics)
        cards.append(f'<div class="card"><h3>{esc(b.name)}</h3><p>{esc(b.summary)}</p>'
                     + _table(["Measure", "Figure (0 to 1)", "What it counts", esc(d.meta.turn_label.capitalize()) + "s"], rows)
                     + f'<ul class="how">{hows}</ul></div>')
    return ('<p class="key">Each figure runs from 0 to 1 and names the turns behind it. The figures describe '
            f'choices, not character.</p><div class="cards">{"".join(cards)}</div>')


def _moments(d: Debrief) -> str:
    items = []
    for mo in d.moments:
        chain = "".join(f"<li>{esc(c)}</li>" for c in mo.chain)
        items.append(f"<li><b>{esc(mo.title)}</b>" + (f'<ul class="chain">{chain}</ul>' if chain else "") + "</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p>Nothing stood out.</p>"


def _timeline(d: Debrief) -> str:
    out = []
    for t in d.timeline:
        rows = "".join(f"<li><b>{esc(label)}:</b> {esc(text)}</li>" for label, text in turn_facts(d, t))
        rows += "".join(f"<li><b>Room vote{': ' + esc(v.question) if v.question else ''}:</b> "
                        f"{esc(vote_words(v.counts))}</li>" for v in t.votes)
        notes = "".join(f'<div class="note"><b>{esc(note_words(n))}:</b> {esc_block(n.text)}</div>' for n in t.notes)
        out.append(f'<div class="turn"><h3>{esc(turn_head(d, t))}</h3>{notes}<ul>{rows}</ul></div>')
    if d.after_notes:
        notes = "".join(f'<div class="note"><b>{esc(note_words(n))} ({esc(d.meta.turn_label)} {n.turn}):</b> '
                        f"{esc_block(n.text)}</div>" for n in d.after_notes)
        out.append(f'<div class="turn"><h3>After the last {esc(d.meta.turn_label)} played</h3>{notes}</div>')
    return "".join(out)


def esc_block(text: str) -> str:
    """Several lines of untrusted text (newlines kept by the note's CSS)."""
    return escape(clean_text(text), quote=True)


def event_marks(d: Debrief) -> list[tuple[int, str, str]]:
    """The events and dilemma answers of a playthrough as chart marks: (turn, letter, what happened)."""
    out: list[tuple[int, str, str]] = []
    for t in d.timeline:
        what = [e.label for e in t.events if e.what in ("fired", "started")]
        if t.answer is not None:
            what.append(f"you answered '{t.answer.label}': {t.answer.choice_label}")
        if what:
            letter = chr(ord("A") + len(out)) if len(out) < 26 else str(len(out) + 1)
            out.append((t.turn, letter, f"{d.meta.turn_label.capitalize()} {t.turn}: " + "; ".join(what)))
    return out


def _marks_key(marks: list[tuple[int, str, str]]) -> str:
    if not marks:
        return ""
    return ('<p class="key">Dotted upright lines mark what happened: '
            + "; ".join(f"<b>{esc(letter)}</b> {esc(what)}" for _, letter, what in marks) + ".</p>")


def _trajectories(d: Debrief) -> str:
    x = d.meta.turn_label
    charts = []
    marks = event_marks(d)
    for s in d.trajectories:
        if s.group == "stock":
            unit = f" ({s.unit})" if s.unit else ""
            better = "; lower is better" if s.good == "down" else ("; higher is better" if s.good == "up" else "")
            charts.append(line_chart(f"{s.label}{unit}{better}", [(s.label, s.values)], x_label=x, marks=marks))
    dims = [s for s in d.trajectories if s.group in ("dimension", "outcome")]
    if dims:
        charts.append(line_chart("Outcome (heavy line) and its dimensions, 0 to 1",
                                 [(s.label + (" (lower is better)" if s.good == "down" else ""), s.values) for s in dims],
                                 fixed=(0.0, 1.0), x_label=x, heavy_last=True, height=260, marks=marks))
    hold = [s for s in d.trajectories if s.id == "holding"]
    if hold:
        charts.append(line_chart(hold[0].label + ", 0 to 1", [(hold[0].label, hold[0].values)], fixed=(0.0, 1.0),
                                 x_label=x))
    return ('<p class="key">Turn 0 is the start. Lines differ by dash and marker as well as colour.</p>'
            + _marks_key(marks) + f'<div class="charts">{"".join(charts)}</div>')


def _overlays(c: Comparison) -> str:
    """Each number of the system, and the outcome, with every playthrough's line on one chart."""
    first = c.debriefs[0]
    x = first.meta.turn_label
    charts = []
    for s in first.trajectories:
        if s.group not in ("stock", "outcome"):
            continue
        lines = [(label, next((t.values for t in d.trajectories if t.id == s.id), []))
                 for label, d in zip(c.labels, c.debriefs, strict=True)]
        unit = f" ({s.unit})" if s.unit else ""
        fixed = (0.0, 1.0) if s.group == "outcome" else None
        charts.append(line_chart(f"{s.label}{unit}: each playthrough", lines, x_label=x, fixed=fixed))
    return ('<h2>The numbers side by side</h2><p class="key">One line per playthrough, told apart by dash and '
            f'marker as well as colour.</p><div class="charts">{"".join(charts)}</div>') if charts else ""


def _relationships(d: Debrief) -> str:
    r = d.relationships
    pics = (network("At the start", r.nodes, r.start) + network("At the end", r.nodes, r.end))
    key = ('<p class="key">Solid line: trust. Dashed line: hostility. Thicker: more contact. Each line is labelled '
           'with mean trust (-1 to +1); "?" marks a tie you did not know of. Squares are community and user voices; '
           'size shows power.</p>')
    lists = ""
    for title, ties in (("Trusting ties made", r.made), ("Hostile ties healed with you", r.healed),
                        ("Hostile ties that healed on their own (not credited to you)", r.healed_alone), ("Ties broken", r.broken),
                        ("Ties soured (trust fell by 0.15 or more)", r.soured)):
        items = "".join(f"<li>{esc(tie_words(t))}</li>" for t in ties) or "<li>none</li>"
        lists += f"<h3>{title}</h3><ul>{items}</ul>"
    trust = _table(["Actor", "Trust in you (start to end)"],
                   [[esc(t.actor), esc(trust_words(t).split(": ", 1)[-1])] for t in r.trust_in_you])
    return f'{key}<div class="charts">{pics}</div>{lists}<h3>Trust in you</h3>{trust}'


def _lens(lens: Lens) -> str:
    return (f'<div class="lens"><h3>{esc(lens.name)}</h3><p><b>What it is:</b> {esc(lens.what_it_is)}</p>'
            f'<p><b>What it is not:</b> {esc(lens.what_it_is_not)}</p><p>{esc(lens.summary)}</p>'
            + "".join(f"<p class='how'>{esc(n)}</p>" for n in lens.notes) + "</div>")


def _lenses(d: Debrief) -> str:
    if not d.timeline or len(d.lenses) < 3:
        return "".join(_lens(x) for x in d.lenses)
    bion, stacey, ask = d.lenses[:3]
    head = [esc(d.meta.turn_label.capitalize())] + [str(p.turn) for p in bion.points]
    rows = [["Mood (Bion)"] + [esc(SHORT_MOOD.get(p.detail.replace("-", "_"), p.detail)) for p in bion.points],
            ["Zone (Stacey)"] + [esc(p.label) for p in stacey.points],
            ["Zone-fit"] + [num(p.value) if p.value is not None else "-" for p in stacey.points],
            ["Asking : telling"] + [esc(p.label.replace(" asking, ", " : ").replace(" telling", "")) for p in ask.points]]
    ribbon = _table(head, rows, "ribbon")
    return ribbon + "".join(_lens(x) for x in d.lenses)


def _knew(d: Debrief) -> str:
    rows = [[f"<b>{esc(a.actor)}</b>", "<ul>" + "".join(f"<li>{esc(learned_words(d, a, t))}</li>" for t in a.truths)
             + "</ul>", "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in knew_groups(d, a)) + "</ul>"] for a in d.knew]
    if not rows:
        return "<p>You acted with nobody who had anything hidden.</p>"
    return ('<p class="key">For each actor you acted with: what was hidden from you at the start, the truth of '
            "it, and what you knew each time you acted.</p>"
            + _table(["Actor", "The truth (hidden at the start)", "Your moves, and what you knew then"], rows, "knew"))


def _harm(d: Debrief) -> str:
    x = d.harm
    items = [f"Harm done (outcome dimension, lower is better): <b>{num(x.harm_dimension)}</b>"]
    items += [f"Tie broken: {esc(tie_words(t))}" for t in x.ties_broken] or ["No tie you knew of was broken."]
    items += [f"Tie soured: {esc(tie_words(t))}" for t in x.ties_soured]
    items += [f"Trust in you lost: {esc(trust_words(t))}" for t in x.trust_lost] or ["Nobody's trust in you fell."]
    items += [f"Cannot be undone: {esc(m.label)} ({esc(week(d, m.turn))})" for m in x.irreversible]
    items.append(esc(voices_words(x)))
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _questions(d: Debrief) -> str:
    src = {"pack": "From the scenario", "gibbs": "Gibbs", "schon": "Sch\u00f6n: reflection-on-action"}
    items = [f"<li><i>{esc(src.get(q.source, q.source) + (', ' + q.stage if q.stage else ''))}:</i> {esc(q.text)}</li>"
             for q in d.questions]
    return f"<ul>{''.join(items)}</ul>"


_SECTION = {"habits": _habits, "moments": _moments, "timeline": _timeline, "trajectories": _trajectories,
            "relationships": _relationships, "lenses": _lenses, "knew": _knew, "harm": _harm,
            "questions": _questions}


def _rows(c: Comparison, rows: list[Row], first: str, with_values: bool = False) -> str:
    body = [[esc(r.label)] + [(f"{_bar(v)}<b>{num(v)}</b> " if with_values and v is not None else "") + esc(s)
                              for v, s in zip(r.values, r.shown, strict=True)] for r in rows]
    return _table([first] + [esc(x) for x in c.labels], body)


def comparison_html(c: Comparison) -> str:
    """A comparison page: side-by-side tables, then each debrief."""
    div = c.divergence
    parts = [f"<h1>Comparison of {len(c.labels)} playthroughs</h1><ul>"
             + "".join(f"<li>{esc(x)}</li>" for x in c.labels) + "</ul>",
             f"<h2>Where the decisions diverged</h2><p>{esc(div.text)}</p><ul>"
             + "".join(f"<li>{esc(x)}</li>" for x in div.choices) + "</ul>",
             "<h2>Outcomes</h2>" + _rows(c, c.outcomes, "Outcome"),
             "<h2>The systems they left</h2>" + _rows(c, c.systems, "At the end"),
             _overlays(c),
             "<h2>Habits side by side</h2>" + _rows(c, c.behaviours, "Measure", with_values=True)]
    for k, d in enumerate(c.debriefs):
        parts.append(f'<article id="p{k + 1}">{debrief_html(d, prefix=f"p{k + 1}-", level=1)}</article>')
    return "".join(parts)


def to_html(obj: Debrief | Comparison) -> str:
    """A debrief or a comparison as one self-contained HTML page."""
    if isinstance(obj, Comparison):
        return _page(f"Comparison of {len(obj.labels)} playthroughs", comparison_html(obj))
    return _page(f"Debrief: {obj.meta.title}", debrief_html(obj))

