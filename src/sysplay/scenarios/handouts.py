"""Handouts for a facilitated session where participants voice the actors: role briefings and actor cards.

A *role briefing* is private to the person voicing an actor: who they are, where they stand, what
worries them most (hidden from the player in the game), whom they trust and why, and lines in their
voice. An *actor card* is the public face everyone may see. Markdown, or one print-friendly HTML file
with a page per briefing. Every text from the pack is escaped.
"""

from __future__ import annotations

from html import escape

from sysplay.sanitize import clean_line, clean_text
from sysplay.scenarios.models import Actor, Pack
from sysplay.scenarios.vocab import ACTOR_TYPE_LABELS


def _stance(v: float) -> str:
    return ("strongly against" if v <= -0.5 else "against" if v <= -0.15 else "undecided" if v < 0.15
            else "leaning for" if v < 0.5 else "strongly for")


def _ties(pack: Pack, a: Actor) -> list[str]:
    out = []
    for r in pack.relationships:
        if a.id not in (r.source, r.target) or (r.source != a.id and not r.mutual):
            continue
        other = pack.actor(r.target if r.source == a.id else r.source).display_name
        trust = r.trust if r.source == a.id or r.trust_back is None else r.trust_back
        feel = ("close" if trust >= 0.5 else "warm" if trust >= 0.15 else "neutral" if trust > -0.15
                else "wary" if trust > -0.5 else "hostile")
        secret = " (the player does not know of this tie at the start)" if r.hidden else ""
        out.append(f"{other}: {feel}" + (f"; {r.history}" if r.history else "") + secret)
    return out


def briefing(pack: Pack, a: Actor) -> list[tuple[str, list[str]]]:
    """One actor's private role briefing, as (heading, lines)."""
    kind = ACTOR_TYPE_LABELS.get(a.type, a.type)
    sections = [
        ("Who you are", [f"{a.speaker.name}, {a.speaker.role}, for {a.name} ({kind}).", a.briefing]),
        ("Where you stand", [f"On the shared agenda you are {_stance(a.stance)} at the start. You trust the "
                             f"{pack.meta.role.title} {'a little' if a.trust_in_you < 0.4 else 'fairly well'}."]),
    ]
    if a.concern:
        secret = " Keep it to yourself until someone asks well: in the game it is hidden." if "concern" in a.hidden else ""
        sections.append(("What worries you most", [a.concern + secret]))
    ties = _ties(pack, a)
    if ties:
        sections.append(("The people around you", ties))
    if a.voice:
        sections.append(("Things you might say", [f"“{v.line}”" for v in a.voice[:6]]))
    return sections


def card(pack: Pack, a: Actor) -> list[str]:
    """One actor's public card: name, kind, who speaks for them, and their public briefing."""
    kind = ACTOR_TYPE_LABELS.get(a.type, a.type)
    return [f"{a.display_name} ({kind})", f"{a.speaker.name}, {a.speaker.role}", a.briefing]


def handouts_markdown(pack: Pack) -> str:
    """Every handout as Markdown: the player's role, the actor cards, then one briefing per actor."""
    from sysplay.sanitize import md, md_block

    m = pack.meta
    out = [f"# {md(m.title)}: handouts", "", f"## The player's role: {md(m.role.title)}", "",
           md_block(m.role.briefing, ""), "", md_block(m.situation, ""), "", "## Actor cards (for everyone)", ""]
    for a in pack.actors:
        name, who, text = card(pack, a)
        out += [f"### {md(name)}", "", f"*{md(who)}*", "", md_block(text, ""), ""]
    for a in pack.actors:
        out += ["---", "", f"## Role briefing: {md(a.display_name)} (only for the person voicing them)", ""]
        for head, lines in briefing(pack, a):
            out += [f"### {md(head)}", ""] + [f"- {md(x)}" for x in lines] + [""]
    return "\n".join(out).rstrip() + "\n"


CSS = """
body{margin:0;font:15px/1.5 Georgia,'Times New Roman',serif;color:#111;background:#fff}
main{max-width:900px;margin:0 auto;padding:20px}h1{font-size:1.7rem}h2{border-bottom:2px solid #111}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:12px}
.card{border:2px solid #111;padding:8px 14px;break-inside:avoid}.card h3{margin:.2em 0}.who{font-style:italic}
.briefing{break-before:page;padding-top:8px}.private{border:2px dashed #111;padding:2px 8px;display:inline-block}
@media print{body{font-size:11pt}main{padding:0}@page{margin:15mm}}
"""


def _e(text: str) -> str:
    return escape(clean_line(text), quote=True)


def handouts_html(pack: Pack) -> str:
    """Every handout as one self-contained, print-friendly HTML file (a page per role briefing)."""
    m = pack.meta
    cards = "".join(f'<div class="card"><h3>{_e(name)}</h3><p class="who">{_e(who)}</p>'
                    f"<p>{escape(clean_text(text))}</p></div>" for name, who, text in (card(pack, a) for a in pack.actors))
    briefs = []
    for a in pack.actors:
        body = "".join(f"<h3>{_e(head)}</h3><ul>" + "".join(f"<li>{escape(clean_text(x))}</li>" for x in lines)
                       + "</ul>" for head, lines in briefing(pack, a))
        briefs.append(f'<section class="briefing"><h2>Role briefing: {_e(a.display_name)}</h2>'
                      f'<p class="private">Only for the person voicing {_e(a.display_name)}</p>{body}</section>')
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{_e(m.title)}: handouts</title><style>{CSS}</style></head><body><main>"
            f"<h1>{_e(m.title)}: handouts</h1><h2>The player's role: {_e(m.role.title)}</h2>"
            f"<p>{escape(clean_text(m.role.briefing))}</p><p>{escape(clean_text(m.situation))}</p>"
            f'<h2>Actor cards</h2><div class="cards">{cards}</div>{"".join(briefs)}</main></body></html>\n')
