"""Critical moments, each with the causal chain the engine recorded for it.

The largest swings, adoption thresholds crossed, delayed effects landing, surprises and dilemma answers.
"""

from __future__ import annotations

import re

from sysplay.debrief.facts import STAGE_WORDS, Facts, num, num_pair, own_echo, signed
from sysplay.debrief.models import Moment
from sysplay.playthroughs.snapshot import Change, TurnSnap

#: How many of each kind of moment to keep (the strongest first).
KEEP = {"swing": 3, "outcome": 2, "threshold": 4, "delayed": 4, "surprise": 3, "echo": 2, "dilemma": 10}
#: A surprise at least this large is a critical moment (surprise is 0..1: actual against a naive forecast).
SURPRISE = 0.5
MAX_MOMENTS = 16
CHAIN = 5


def moments(f: Facts) -> list[Moment]:
    """The critical moments of a playthrough, in turn order."""
    found: list[Moment] = []
    for t in f.played:
        found += _swings(f, t) + _thresholds(f, t) + _delayed(f, t) + _surprise(f, t) + _dilemma(f, t)
    found += _outcome_swings(f)
    kept: list[Moment] = []
    for kind, n in KEEP.items():
        kept += sorted((m for m in found if m.kind == kind), key=lambda m: (-m.weight, m.turn))[:n]
    kept = sorted(kept, key=lambda m: -m.weight)[:MAX_MOMENTS]
    return _once(sorted(kept, key=lambda m: (m.turn, -m.weight)))


def _own_effect(line: str) -> str | None:
    """The effect of one of your moves a chain line names (without the label of what it changed), or None."""
    rest = line.split(": ", 1)[1] if line[:1] not in "+-−" and ": " in line else line
    return rest if "your '" in rest or "your test '" in rest else None


def _once(found: list[Moment]) -> list[Moment]:
    """Each effect of your moves listed once a turn: a later moment of the same turn says "listed above"."""
    seen: dict[int, set[str]] = {}
    out = []
    for m in found:
        shown = seen.setdefault(m.turn, set())
        chain, dropped = [], False
        for line in m.chain:
            effect = _own_effect(line)
            if effect is not None and effect in shown:
                dropped = True
                continue
            chain.append(line)
        shown.update(e for line in chain if (e := _own_effect(line)) is not None)
        if dropped:
            chain.append("… and the effects of your moves listed above")
        out.append(m.model_copy(update={"chain": chain}) if dropped else m)
    return out


#: A flow's cause as saves record it: ``flow: <label> (<formula>)``; the formula is for writers.
_FLOW = re.compile(r"^flow: (?P<label>.+?) \((?P<formula>.*)\)$")


def plain_cause(text: str, turn_label: str = "turn") -> str:
    """A recorded cause as players read it.

    A flow by its name, without the formula saves keep for writers, and turns called what the pack calls them.
    """
    m = _FLOW.match(text)
    if m is not None:
        return f"flow: {m.group('label').replace('_', ' ')}"
    if turn_label != "turn":
        text = re.sub(r"\bplanned in turn (\d+)", rf"planned in {turn_label} \1", text)
        text = re.sub(r"\bdelay of about (\S+) turns\b", rf"delay of about \1 {turn_label}s", text)
    return text


def _when(f: Facts, turn: int) -> str:
    return f"{(f.snap.turn_label or 'turn').capitalize()} {turn}"


def _chain(f: Facts, change: Change | None) -> list[str]:
    if change is None:
        return []
    causes = sorted(change.causes, key=lambda c: -abs(c.amount))[:CHAIN]
    return [f"{signed(c.amount)}  {plain_cause(c.text, f.snap.turn_label or 'turn')}" for c in causes]


def _change(t: TurnSnap, key: str) -> Change | None:
    return next((c for c in t.changes if c.key == key), None)


def _swings(f: Facts, t: TurnSnap) -> list[Moment]:
    prev = f.before(t.turn)
    out = []
    for s in f.snap.stocks:
        a, b = prev.stocks.get(s.id), t.stocks.get(s.id)
        if a is None or b is None or abs(b - a) < 1e-9:
            continue
        scale = max(abs(f.start.stocks.get(s.id, 0.0)), 1.0)
        weight = abs(b - a) / scale
        if weight < 0.08:
            continue
        better = (b > a) == (s.kind != "down")
        verdict = "better" if better else "worse"
        was, now = num_pair(a, b)
        title = f"{_when(f, t.turn)}: {s.label} went from {was} to {now} ({signed(b - a)}, {verdict})"
        out.append(Moment(turn=t.turn, kind="swing", title=title, chain=_chain(f, _change(t, f"stock/{s.id}")),
                          weight=min(1.0, weight)))
    return out


def _outcome_swings(f: Facts) -> list[Moment]:
    out = []
    labels = {d.id: d.label for d in f.snap.dimensions}
    for prev, t in zip(f.played, f.played[1:], strict=False):
        delta = t.outcome - prev.outcome
        if abs(delta) < 0.03:
            continue
        dims = sorted(((t.dims.get(k, 0.0) - prev.dims.get(k, 0.0), k) for k in t.dims), key=lambda p: -abs(p[0]))
        chain = [f"{labels.get(k, k)}: {num(prev.dims.get(k))} to {num(t.dims.get(k))}" for d, k in dims[:3] if abs(d) > 1e-3]
        word = "rose" if delta > 0 else "fell"
        out.append(Moment(turn=t.turn, kind="outcome", chain=chain, weight=min(1.0, 4 * abs(delta)),
                          title=f"{_when(f, t.turn)}: the overall outcome {word} from {num(prev.outcome)} to {num(t.outcome)}"))
    return out


def _thresholds(f: Facts, t: TurnSnap) -> list[Moment]:
    prev = f.before(t.turn)
    out = []
    for k, actor in enumerate(f.snap.actors):
        if k >= len(prev.stage) or k >= len(t.stage) or prev.stage[k] == t.stage[k]:
            continue
        a, b = prev.stage[k], t.stage[k]
        if b > a and b < 3:
            continue
        stage = STAGE_WORDS[b] if 0 <= b < len(STAGE_WORDS) else str(b)
        what = f"moved on to {stage}" if b > a else f"stepped back to {stage}"
        out.append(Moment(turn=t.turn, kind="threshold", title=f"{_when(f, t.turn)}: {actor.name} {what}",
                          chain=_chain(f, _change(t, f"stage/{k}")), weight=0.45 if b < a else 0.35 + 0.05 * b))
    return out


def _delayed(f: Facts, t: TurnSnap) -> list[Moment]:
    out = []
    for m in t.landed:
        if m.landed_from is None:
            continue
        # This move's own effects only: another move planned the same week lands with the same tag.
        tag = f"'{f.label(m.do)}' (planned in turn {m.landed_from}, landing now)"
        chain = [f"{c.label}: {signed(x.amount)}  {plain_cause(x.text, f.snap.turn_label or 'turn')}"
                 for c in t.changes for x in c.causes if tag in x.text]
        chain.sort(key=lambda s: 0 if "stock" in s else 1)
        out.append(Moment(turn=t.turn, kind="delayed", chain=chain[:CHAIN], weight=0.5,
                          title=f"{_when(f, t.turn)}: your '{f.label(m.do)}' from {_when(f, m.landed_from).lower()} landed"))
    return out


def _surprise(f: Facts, t: TurnSnap) -> list[Moment]:
    if t.surprise < SURPRISE:
        return []
    prev = f.before(t.turn)
    moved = []
    for s in f.snap.stocks:
        a, b = prev.stocks.get(s.id), t.stocks.get(s.id)
        if a is not None and b is not None:
            moved.append((abs(b - a) / max(abs(f.start.stocks.get(s.id, 0.0)), 1.0), s, a, b))
    moved.sort(key=lambda p: -p[0])
    chain = [f"{s.label}: {' to '.join(num_pair(a, b))}" for _, s, a, b in moved[:2]]
    if moved:
        chain += _chain(f, _change(t, f"stock/{moved[0][1].id}"))[:3]
    chain.insert(0, f"surprise {num(t.surprise)} (0 = as a simple forecast said, 1 = far from it)")
    echo = own_echo(f, t)
    if echo is not None:  # not a surprise from the system: your own move coming back
        return [Moment(turn=t.turn, kind="echo", chain=chain, weight=min(1.0, t.surprise) / 2,
                       title=f"{_when(f, t.turn)}: your own '{echo}' came back \u2013 the numbers moved further than "
                             "a simple forecast said, mostly because of it")]
    return [Moment(turn=t.turn, kind="surprise", chain=chain, weight=min(1.0, t.surprise),
                   title=f"{_when(f, t.turn)}: a surprise \u2013 the numbers moved further than a simple forecast said")]


def _dilemma(f: Facts, t: TurnSnap) -> list[Moment]:
    if len(t.answer) != 2:
        return []
    label = f.event_labels.get(t.answer[0], t.answer[0].replace("_", " "))
    prefix = f"your answer to '{label}': "
    choice = t.answer[1].replace("_", " ")
    chain = []
    for c in t.changes:
        for x in c.causes:
            if x.text.startswith(prefix):
                choice = x.text[len(prefix):]
                chain.append(f"{c.label}: {signed(x.amount)}")
    return [Moment(turn=t.turn, kind="dilemma", chain=chain[:CHAIN], weight=0.6,
                   title=f"{_when(f, t.turn)}: you answered '{label}': {choice}")]
