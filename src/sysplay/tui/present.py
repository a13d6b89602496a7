"""What the screens show, worked out from the game: plain view models in words and symbols, no widgets.

Meaning never rests on colour alone: every state has a word and a symbol too, and the
``tone`` of a view (``good``, ``bad``, ``neutral``, ``unknown``) only adds colour through
state classes in ``app.tcss``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sysplay.engine.transcript import MOOD
from sysplay.engine.view import (
    band,
    possessive,
    seen,
    signed_band,
    stage_name,
    stance_band,
    voice_line,
)
from sysplay.scenarios.vocab import ACTOR_TYPE_LABELS

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.scenarios.models import Pack

#: Symbols for stance bands, so a stance reads without colour.
STANCE_SYMBOL = {"strongly against": "⇐", "against": "←", "undecided": "·", "leaning for": "→",
                 "strongly for": "⇒"}

#: The Stacey zone as what the player notices, not the lens's name.
ZONE_SYMPTOMS = {
    "simple": "People broadly agree and know what works.",
    "political": "People are sure of what they want, but they want different things.",
    "judgmental": "People agree on the aim, but nobody is sure what will work.",
    "complexity": "Views differ, and nobody is sure what will work.",
    "chaos": "Nobody agrees and nobody knows: events are outrunning plans.",
}

#: Small changes are shown as steady.
STEADY = 0.005


def arrow(delta: float, eps: float = STEADY) -> str:
    """``▲`` up, ``▼`` down, ``=`` steady."""
    if delta > eps:
        return "▲"
    if delta < -eps:
        return "▼"
    return "="


def verdict(delta: float, good: str, eps: float = STEADY) -> str:
    """``better``, ``worse`` or ``steady`` for a change, given which direction is good."""
    if abs(delta) <= eps or good == "neither":
        return "steady" if abs(delta) <= eps else "changed"
    return "better" if (delta > 0) == (good == "up") else "worse"


def good_words(good: str) -> str:
    """How a metric's good direction reads."""
    return {"up": "▲ higher is better", "down": "▼ lower is better"}.get(good, "neither way is better")


def trust_words(r: float) -> str:
    """Words for trust along a tie, from -1 to 1."""
    return signed_band(r, ("hostile", "wary", "neutral", "warm", "close"))


def level_words(v: float) -> str:
    """Words for a 0..1 level."""
    return band(v, (0.25, 0.5, 0.75), ("low", "some", "high", "very high"))


def agreement_words(v: float) -> str:
    """Words for how far people agree (the Stacey lens's thresholds, in plain words)."""
    return band(v, (0.25, 0.4, 0.7), ("very little", "little", "some", "broad"))


def certainty_words(v: float) -> str:
    """Words for how predictable the system is (certainty reads the system, not what you know of it)."""
    return band(v, (0.25, 0.4, 0.7),
                ("nothing is predictable", "hard to predict", "partly predictable", "fairly predictable"))


def _zeroless(text: str) -> str:
    """``−0.00`` and ``+0.00`` read as ``0.00``: a change too small to show has no direction."""
    bare = text.lstrip("+-−")
    return bare if not bare.strip("0.") else text.replace("-", "−")


def signed(v: float) -> str:
    """``+0.20`` with a true minus sign (``0.00`` when it rounds to nothing)."""
    return _zeroless(f"{v:+.2f}")


def _digits(*values: float) -> int:
    """Decimals for numbers shown side by side: two while all are below 10, else one."""
    return 2 if all(abs(v) < 10 for v in values) else 1


def quantity(v: float, *beside: float) -> str:
    """A value as "why?" and "what changed" show it, with a true minus sign.

    Two decimals below 10, one above: the same for every number in ``beside``, so "120.0 → 72.2" never sits
    beside "40.00".
    """
    return _zeroless(f"{v:.{_digits(v, *beside)}f}")


def change(v: float, *beside: float) -> str:
    """A change as "why?" and "what changed" show it: signed, with :func:`quantity`'s decimals."""
    return _zeroless(f"{v:+.{_digits(v, *beside)}f}")


def num(v: float, digits: int = 2) -> str:
    """A number with a true minus sign."""
    return _zeroless(f"{v:.{digits}f}")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 slot``, ``2 slots`` (``many``: an irregular plural)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def and_list(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


@dataclass(frozen=True)
class ActorView:
    """An actor's card, in words."""

    index: int
    actor_id: str
    name: str
    kind: str
    speaker: str
    stance: str
    stance_tone: str
    trust: str
    anxiety: str
    stage: str
    voice: str | None
    concern: str | None


def _delta(g: Game, attr: str, i: int) -> float:
    if not g.history:
        return 0.0
    return float(getattr(g.state, attr)[i] - getattr(g.history[-1], attr)[i])


def actor_view(g: Game, i: int) -> ActorView:
    """What the player sees of actor ``i`` now."""
    a, s = g.pack.actors[i], g.state
    x = float(s.x[i])
    view = seen(g, i, "stance", x, -1, 1)
    if view.value is not None:
        band = stance_band(x)
        stance = f"{STANCE_SYMBOL[band]} {band} {signed(x)}{' ' + arrow(_delta(g, 'x', i)) if g.history else ''}"
        tone = "good" if x >= 0.15 else "bad" if x <= -0.15 else "neutral"
    else:
        lo, hi = stance_band(view.low), stance_band(view.high)
        stance = f"? {lo}" if lo == hi else f"? somewhere from {lo} to {hi}"
        tone = "unknown"
    trust = num(float(s.tau[i])) + (f" {arrow(_delta(g, 'tau', i))}" if g.history else "")
    anxiety = num(float(s.anx[i])) + (f" {arrow(_delta(g, 'anx', i))}" if g.history else "")
    concern = a.concern if a.concern is not None and g.knows(a.id, "concern") else None
    return ActorView(i, a.id, a.display_name, ACTOR_TYPE_LABELS.get(a.type, a.type),
                     f"{a.speaker.name}, {a.speaker.role}", stance, tone, trust, anxiety,
                     stage_name(int(s.stage[i])), voice_line(g, i), concern)


@dataclass(frozen=True)
class TieView:
    """A known tie between two actors, both directions, and what changed this turn."""

    i: int
    j: int
    names: str
    other: str
    trust_ij: str
    trust_ji: str
    contact: str
    change: str
    involves_selected: bool
    history: str | None


@dataclass(frozen=True)
class NetworkView:
    """The relationship panel: every known tie, and whose ties come first."""

    ties: list[TieView]
    selected_name: str


def network_view(g: Game, selected: int) -> NetworkView:
    """The known ties with ``selected``'s first, and ``selected``'s name for the heading."""
    return NetworkView(ties_view(g, selected), g.pack.actors[selected].display_name)


def ties_view(g: Game, selected: int | None) -> list[TieView]:
    """Every known tie (each pair once), the selected actor's first."""
    s, actors, n = g.state, g.pack.actors, len(g.pack.actors)
    before = g.history[-1] if g.history else None
    hist = {frozenset((r.source, r.target)): r.history for r in g.pack.relationships}
    out = []
    for a in range(n):
        for b in range(a + 1, n):
            i, j = (b, a) if b == selected else (a, b)  # the selected actor first, as "A"
            if not (s.tie_known[i, j] or s.tie_known[j, i]):
                continue
            if s.T[i, j] <= 0 and s.T[j, i] <= 0 and s.R[i, j] == 0 and s.R[j, i] == 0:
                continue
            change = ""
            if before is not None:
                if not (before.tie_known[i, j] or before.tie_known[j, i]):
                    change = "new: just learned of it"
                else:
                    d = float((s.R[i, j] - before.R[i, j]) + (s.R[j, i] - before.R[j, i])) / 2
                    change = f"{arrow(d, 0.01)} {signed(d)}" if abs(d) > 0.01 else "="
            out.append(TieView(
                i, j, f"{actors[i].display_name} – {actors[j].display_name}", actors[j].display_name,
                f"{signed(float(s.R[i, j]))} {trust_words(float(s.R[i, j]))}",
                f"{signed(float(s.R[j, i]))} {trust_words(float(s.R[j, i]))}",
                f"{num(float(max(s.T[i, j], s.T[j, i])))}", change,
                selected in (i, j), hist.get(frozenset((actors[i].id, actors[j].id))),
            ))
    out.sort(key=lambda t: (not t.involves_selected, min(t.i, t.j), max(t.i, t.j)))
    return out


@dataclass(frozen=True)
class MetricView:
    """A stock as the player sees it, with its history for a sparkline."""

    sid: str
    label: str
    value: str
    change: str
    verdict: str
    good: str
    good_dir: str
    series: list[float]
    description: str | None


def metric_views(g: Game) -> list[MetricView]:
    """Every stock with its value, unit, trend and history."""
    out = []
    for sid, st in g.pack.system.stocks.items():
        series = [float(h.stocks[sid]) for h in g.history] + [float(g.state.stocks[sid])]
        delta = series[-1] - series[-2] if len(series) > 1 else 0.0
        eps = 0.05
        change = f"{arrow(delta, eps)} {delta:+.1f}".replace("-", "−") if len(series) > 1 else "start"
        value = f"{series[-1]:.0f} {st.unit}".strip() if abs(series[-1]) >= 10 else f"{series[-1]:.1f} {st.unit}".strip()
        out.append(MetricView(sid, st.label, value, change, verdict(delta, st.good, eps) if len(series) > 1 else "",
                              good_words(st.good), st.good, series, st.description))
    return out


@dataclass(frozen=True)
class ContextView:
    """The context as symptoms, and the player's own resources."""

    mood: str
    zone: str
    agreement: str
    certainty: str
    capital: str
    holding: str
    turn: str


def context_view(g: Game) -> ContextView:
    """The context now, in what the player would notice."""
    c, m, s = g.context, g.pack.meta, g.state
    committed = sum(g.pack.intervention(p.intervention).capital for p in g.diary)
    cap = f"{num(s.capital, 1)} of {num(m.max_capital, 1)}"
    if committed:
        cap += f" ({num(committed, 1)} planned)"
    return ContextView(
        mood=MOOD[c.mode].capitalize() + ".",
        zone=ZONE_SYMPTOMS[c.zone],
        agreement=f"Agreement: {agreement_words(c.agreement)} ({num(c.agreement)})",
        certainty=f"{certainty_words(c.certainty)} ({num(c.certainty)})",
        capital=cap,
        holding=f"{level_words(s.holding)} ({num(s.holding)})",
        turn=f"{m.turn_label.capitalize()} {min(g.turn, m.turns)} of {m.turns}",
    )


def slots_used(g: Game) -> int:
    """Diary slots taken by planned moves."""
    return sum(g.pack.intervention(p.intervention).slots for p in g.diary)


def cooldowns(g: Game) -> list[str]:
    """Moves resting after use, with how long until they can be used again."""
    s, label = g.state, g.pack.meta.turn_label
    out = []
    for iv in g.pack.interventions:
        last = s.last_used.get(iv.id)
        if last is None or iv.cooldown == 0 or s.turn - last > iv.cooldown:
            continue
        wait = iv.cooldown - (s.turn - last) + 1
        out.append(f"{iv.name}: again in {wait} {label}{'s' if wait != 1 else ''}")
    return out


_COMPARE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(-?[0-9.]+)\s*$")
_WORDS_FOR = {">": "is above", ">=": "is at least", "<": "is below", "<=": "is at most", "==": "is", "!=": "is not"}
_NAMED = {"trust_mean": "average trust in you", "anxiety_mean": "average anxiety", "capital": "your political capital",
          "holding": "how well the group is held", "outcome": "the overall outcome"}


def _atom_words(pack: Pack, name: str, op: str, value: float) -> str | None:
    label = pack.meta.turn_label
    n = f"{value:g}"
    if name == "turn":
        return {">=": f"from {label} {n} on", ">": f"after {label} {n}", "<=": f"until {label} {n}",
                "<": f"before {label} {n}", "==": f"in {label} {n}"}.get(op)
    for prefix, what in (("used_", "you have used '{}'"), ("fired_", "'{}' has happened"),
                         ("active_", "'{}' is under way")):
        if name.startswith(prefix) and (op, value) in ((">", 0.0), (">=", 1.0)):
            ident = name[len(prefix):]
            title = (pack.intervention(ident).name if prefix == "used_" else pack.event(ident).title)
            return what.format(title)
    if name in pack.system.stocks:
        what = pack.system.stocks[name].label
    elif name.startswith("stance_") and any(a.id == name[7:] for a in pack.actors):
        what = f"{possessive(pack.actor(name[7:]).display_name)} stance"
    elif name in _NAMED:
        what = _NAMED[name]
    else:
        return None
    return f"{what} {_WORDS_FOR[op]} {n}"


def _split_top(expr: str, joiner: str) -> list[str]:
    """``expr`` split at ``joiner`` outside brackets."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(expr):
        ch = expr[k]
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and expr.startswith(joiner, k):
            parts.append(expr[start:k])
            k += len(joiner)
            start = k
            continue
        k += 1
    parts.append(expr[start:])
    return parts


def _unwrap(expr: str) -> str:
    """``expr`` without brackets around the whole of it."""
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")"):
        inner, depth = expr[1:-1], 0
        for ch in inner:
            depth += (ch == "(") - (ch == ")")
            if depth < 0:
                return expr
        expr = inner.strip()
    return expr


def _words(pack: Pack, expr: str) -> str | None:
    expr = _unwrap(expr)
    for joiner, word in ((" or ", ", or "), (" and ", " and ")):
        parts = _split_top(expr, joiner)
        if len(parts) > 1:
            said = [_words(pack, p) for p in parts]
            if not all(said):
                return None
            return word.join(f"({x})" if (" or " in x and joiner == " and ") else x for x in said if x)
    m = _COMPARE.match(expr)
    if m is None:
        return None
    try:
        return _atom_words(pack, m.group(1), m.group(2), float(m.group(3)))
    except (KeyError, ValueError, StopIteration):
        return None


def condition_words(pack: Pack, expr: str, fallback: str = "the situation allows it") -> str:
    """A pack's ``when`` condition in words ("from week 5 on"), for players; an unreadable one as a plain hint.

    The formula itself belongs to writers (``sysplay run`` transcripts and ``validate``), never to the player.
    """
    return _words(pack, expr) or fallback


def without_formulas(g: Game, text: str, conditions: list[str]) -> str:
    """An engine reason with each of ``conditions`` (quoted formulas) replaced by :func:`condition_words`."""
    for expr in conditions:
        text = text.replace(f"({expr})", f"({condition_words(g.pack, expr)})")
    return text


def kinds_words(types: tuple[str, ...] | list[str]) -> str:
    """Actor types as a list in words: "care providers, community health trusts and council adult social care"."""
    names = [ACTOR_TYPE_LABELS.get(t, t.replace("_", " ")) for t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: Hidden numbers a listen can reveal, as what they mean for the player (bands over 0..1).
FACT_BANDS: dict[str, tuple[str, tuple[float, ...], tuple[str, ...]]] = {
    "threshold": ("phi", (0.35, 0.55, 0.75),
                  ("quick to try something new", "ready to try once a few others have",
                   "waits until most others are on board", "among the very last to move")),
    "stubbornness": ("theta0", (0.25, 0.45, 0.65),
                     ("easily persuaded", "open to persuasion", "hard to shift", "very hard to shift")),
    "openness": ("eps", (0.3, 0.5, 0.7),
                 ("listens only to those who already agree", "listens to views close to their own",
                  "listens to a wide range of views", "listens to almost anyone")),
}


#: What the hidden numbers are called for players.
FACT_NAMES = {"threshold": "readiness to try something new", "openness": "openness to other views"}


def fact_plain(g: Game, i: int, fact: str) -> str | None:
    """A hidden number a player learned, in words ("hard to shift"), or None if the fact is not a number."""
    if fact == "stance":
        return stance_band(float(g.state.x[i]))
    if fact not in FACT_BANDS:
        return None
    attr, cuts, words = FACT_BANDS[fact]
    return band(float(getattr(g.state, attr)[i]), cuts, words)
