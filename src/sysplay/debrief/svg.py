"""Inline SVG charts for the HTML debrief: metric trajectories and the relationship network.

Meaning is never carried by colour alone: lines differ in dash pattern and marker shape, ties in line
style (solid = trust, dashed = hostile) and carry labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from sysplay.debrief.models import Edge, Node
from sysplay.sanitize import clean_line

DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")
COLOURS = ("#1f4e79", "#8a3b12", "#2f6b3a", "#6a3d7a", "#7a6a00", "#444444")
LIMIT = 1e12
MAX_NODES = 40


def esc(text: str) -> str:
    """Untrusted text, safe inside SVG or HTML text and attributes."""
    return escape(clean_line(text), quote=True)


def _f(v: float) -> str:
    return f"{v:.1f}"


def marker(shape: str, x: float, y: float, colour: str, size: float = 4.0) -> str:
    """A small marker shape centred on (x, y)."""
    s = size
    if shape == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s)}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{_f(x)} {_f(y - s - 1)}L{_f(x + s + 1)} {_f(y + s)}L{_f(x - s - 1)} {_f(y + s)}Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{_f(x)} {_f(y - s - 1)}L{_f(x + s + 1)} {_f(y)}L{_f(x)} {_f(y + s + 1)}L{_f(x - s - 1)} {_f(y)}Z" fill="{colour}"/>'
    if shape == "cross":
        return (f'<path d="M{_f(x - s)} {_f(y - s)}L{_f(x + s)} {_f(y + s)}M{_f(x - s)} {_f(y + s)}L{_f(x + s)} {_f(y - s)}" '
                f'stroke="{colour}" stroke-width="2"/>')
    return f'<rect x="{_f(x - 1.5)}" y="{_f(y - s - 1)}" width="3" height="{_f(2 * s + 2)}" fill="{colour}"/>'


def _clamp(v: float | None) -> float | None:
    if v is None or not math.isfinite(v):
        return None
    return max(-LIMIT, min(LIMIT, v))


def nice_step(lo: float, hi: float, most: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving at most ``most`` intervals over lo..hi."""
    span = max(hi - lo, 1e-9)
    base = 10 ** math.floor(math.log10(span / most))
    return next(base * m for m in (1, 2, 2.5, 5, 10) if span / (base * m) <= most)


def _tick(v: float, step: float) -> str:
    digits = 0 if step >= 1 else min(3, max(1, -math.floor(math.log10(step) + 1e-9)))
    if abs(v) < step / 1e6:
        v = 0.0
    return f"{v:,.{digits}f}".replace("-", "\u2212")


@dataclass(frozen=True)
class _Frame:
    """The plot area of a chart and its mapping from (turn, value) to SVG coordinates."""

    left: float
    top: float
    width: float
    height: float
    n: int
    lo: float
    hi: float

    def x(self, k: int) -> float:
        return self.left + self.width * (k / max(1, self.n - 1))

    def y(self, v: float) -> float:
        return self.top + self.height * (1 - (v - self.lo) / (self.hi - self.lo))

    def axes(self, x_label: str) -> str:
        """Axes, three value ticks with grid lines, and the turn ticks."""
        bottom, right = self.top + self.height, self.left + self.width
        out = [f'<line x1="{self.left}" y1="{self.top}" x2="{self.left}" y2="{bottom}" class="axis"/>',
               f'<line x1="{self.left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>']
        step = nice_step(self.lo, self.hi)
        v = math.ceil(self.lo / step - 1e-9) * step
        while v <= self.hi + step * 1e-6:  # round values on the grid: 0 / 50 / 100, never 64.7
            out.append(f'<line x1="{self.left - 4}" y1="{_f(self.y(v))}" x2="{right}" y2="{_f(self.y(v))}" class="grid"/>'
                       f'<text x="{self.left - 6}" y="{_f(self.y(v) + 4)}" class="tick" text-anchor="end">'
                       f'{_tick(v, step)}</text>')
            v += step
        for k in range(0, self.n, max(1, math.ceil(self.n / 13))):
            out.append(f'<text x="{_f(self.x(k))}" y="{bottom + 15}" class="tick" text-anchor="middle">{k}</text>')
        out.append(f'<text x="{self.left + self.width / 2}" y="{bottom + 30}" class="tick" '
                   f'text-anchor="middle">{esc(x_label)}</text>')
        return "".join(out)


def _range(vals: list[float], fixed: tuple[float, float] | None) -> tuple[float, float]:
    lo, hi = fixed if fixed else ((min(vals), max(vals)) if vals else (0.0, 1.0))
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    if fixed:
        return lo, hi
    step = nice_step(lo, hi)  # out to the round values either side, so the grid's ends are round too
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def _stroke(colour: str, heavy: bool, dash: str) -> str:
    return f'stroke="{colour}" stroke-width="{3.5 if heavy else 2}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def line_chart(title: str, series: Sequence[tuple[str, Sequence[float | None]]], *, fixed: tuple[float, float] | None = None,
               x_label: str = "turn", width: int = 500, height: int = 230, heavy_last: bool = False,
               marks: Sequence[tuple[int, str, str]] = ()) -> str:
    """A line chart of one or more series over turns 0..N, with a legend when there is more than one.

    Each series has its own dash pattern and marker shape as well as its colour; with ``heavy_last`` the
    last series is drawn as a heavy black line. ``marks`` (turn, letter, what happened) are drawn as dotted
    upright lines lettered at the top, each with what happened as its tooltip.
    """
    data = [(label, [_clamp(v) for v in values]) for label, values in series]
    heading = _wrap(title, (width - 20) // 7, 4)
    top = 12 + 16 * len(heading)
    height += top - 28
    lo, hi = _range([v for _, vs in data for v in vs if v is not None], fixed)
    frame = _Frame(56, top, width - 72, height - top - 34, max((len(vs) for _, vs in data), default=1), lo, hi)
    legend = len(data) > 1
    total = height + (18 * len(data) if legend else 0)
    out = [f'<svg class="chart" viewBox="0 0 {width} {total}" width="{width}" height="{total}" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>',
           "".join(f'<text x="8" y="{16 + 16 * i}" class="ct">{esc(ln)}</text>' for i, ln in enumerate(heading)),
           frame.axes(x_label)]
    for turn, letter, what in marks:
        if 0 <= turn < frame.n:
            x = _f(frame.x(turn))
            out.append(f'<g class="mark"><title>{esc(what)}</title><line x1="{x}" y1="{frame.top}" x2="{x}" '
                       f'y2="{_f(frame.top + frame.height)}" stroke="#777777" stroke-dasharray="1 3"/>'
                       f'<text x="{x}" y="{_f(frame.top + 10)}" class="tick" text-anchor="middle">{esc(letter)}</text></g>')
    for i, (label, vs) in enumerate(data):
        heavy = heavy_last and i == len(data) - 1
        colour, dash, shape = ("#000000", "", "circle") if heavy else \
            (COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)])
        pts = [(frame.x(k), frame.y(v)) for k, v in enumerate(vs) if v is not None]
        if len(pts) > 1:
            d = " ".join(f"{_f(px)},{_f(py)}" for px, py in pts)
            out.append(f'<polyline points="{d}" fill="none" {_stroke(colour, heavy, dash)}/>')
        out += [marker(shape, px, py, colour, 3.5) for px, py in pts]
        if legend:
            ly = height + 18 * i + 4
            out.append(f'<line x1="56" y1="{ly}" x2="90" y2="{ly}" {_stroke(colour, heavy, dash)}/>'
                       + marker(shape, 73, ly, colour, 3.5) + f'<text x="98" y="{ly + 4}" class="lg">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _wrap(name: str, width: int = 18, most: int = 3) -> list[str]:
    words, lines, cur = name.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return lines[:most] or [""]


def _layout(nodes: Sequence[Node], edges: Sequence[Edge], cx: float, cy: float, r: float) -> dict[int, tuple[float, float]]:
    """Actors on a circle (the best-connected :data:`MAX_NODES` when there are more)."""
    keep = list(range(len(nodes)))
    if len(nodes) > MAX_NODES:
        degree = [0] * len(nodes)
        for e in edges:
            degree[e.a] += 1
            degree[e.b] += 1
        keep = sorted(sorted(keep, key=lambda k: (-degree[k], k))[:MAX_NODES])
    return {k: (cx + r * math.cos(-math.pi / 2 + 2 * math.pi * slot / max(1, len(keep))),
                cy + r * math.sin(-math.pi / 2 + 2 * math.pi * slot / max(1, len(keep)))) for slot, k in enumerate(keep)}


def _edge(e: Edge, a: tuple[float, float], b: tuple[float, float], label: bool) -> str:
    """A tie: solid when trusting, dashed when hostile, width for contact, faded and '?' when unknown."""
    (x1, y1), (x2, y2) = a, b
    hostile = e.trust < -0.05
    out = (f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{"#a3281f" if hostile else "#1b6b5a"}" '
           f'stroke-width="{_f(1 + 5 * max(0.0, min(1.0, e.strength)))}" opacity="{"1" if e.known else "0.55"}"'
           + (' stroke-dasharray="7 5"' if hostile else "") + "/>")
    if label:
        tag = ("" if e.known else "? ") + (f"+{e.trust:.1f}" if e.trust >= 0.05 else
                                           f"\u2212{abs(e.trust):.1f}" if e.trust <= -0.05 else "0.0")
        out += (f'<text x="{_f((x1 + x2) / 2)}" y="{_f((y1 + y2) / 2 + 3)}" class="el" '
                f'text-anchor="middle">{esc(tag)}</text>')
    return out


def _node(node: Node, x: float, y: float, cx: float, cy: float, r: float) -> str:
    """An actor: a square for a community or user voice, else a circle; size for power; its name outside."""
    rad = 6 + 8 * max(0.0, min(1.0, node.power))
    shape = (f'<rect x="{_f(x - rad)}" y="{_f(y - rad)}" width="{_f(2 * rad)}" height="{_f(2 * rad)}" class="nv"/>'
             if node.voice else f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(rad)}" class="no"/>')
    anchor = "start" if x > cx + 5 else ("end" if x < cx - 5 else "middle")
    dx = rad + 4 if anchor == "start" else (-rad - 4 if anchor == "end" else 0)
    lines = _wrap(node.name)
    dy = -rad - 6 - 12 * (len(lines) - 1) if y < cy - r * 0.9 else (rad + 14 if y > cy + r * 0.9 else 4)
    text = "".join(f'<tspan x="{_f(x + dx)}" dy="{0 if i == 0 else 12}">{esc(ln)}</tspan>' for i, ln in enumerate(lines))
    return f'{shape}<text y="{_f(y + dy)}" class="nl" text-anchor="{anchor}">{text}</text>'


def network(title: str, nodes: Sequence[Node], edges: Sequence[Edge], *, size: int = 380) -> str:
    """The relationship network on a circle.

    Solid lines are trust and dashed lines hostility, width is contact, each line is labelled with its
    trust, ties you did not know of are marked '?', and community and user voices are squares.
    """
    cx, cy, r = size / 2 + 60, size / 2 + 10, size * 0.34
    pos = _layout(nodes, edges, cx, cy, r)
    w, h = size + 120, size + 20
    shown = [e for e in edges if e.a in pos and e.b in pos]
    return (f'<svg class="net" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{esc(title)}">'
            f'<title>{esc(title)}</title><text x="8" y="16" class="ct">{esc(title)}</text>'
            + "".join(_edge(e, pos[e.a], pos[e.b], len(shown) <= 40) for e in shown)
            + "".join(_node(nodes[k], x, y, cx, cy, r) for k, (x, y) in pos.items()) + "</svg>")
