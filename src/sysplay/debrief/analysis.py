"""The debrief of one playthrough: a pure function of the save record and its debrief snapshot."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sysplay.debrief.behaviour import behaviours
from sysplay.debrief.facts import FACT_WORDS, MOOD_WORDS, STAGE_WORDS, Facts, PackInfo
from sysplay.debrief.knowledge import knew_vs_true
from sysplay.debrief.lenses import lenses
from sysplay.debrief.models import (
    ActionLine,
    AnswerLine,
    Debrief,
    Edge,
    EventLine,
    Harm,
    Meta,
    MoveLine,
    NoteLine,
    Series,
    TurnLine,
    VoteLine,
)
from sysplay.debrief.moments import moments
from sysplay.debrief.questions import questions
from sysplay.debrief.relations import relationships, trust_lost
from sysplay.playthroughs.models import SaveFile, TurnRecord
from sysplay.playthroughs.snapshot import DebriefSnapshot, MoveSnap, TurnSnap


def analyse(save: SaveFile, snap: DebriefSnapshot, *, info: PackInfo | None = None,
            notices: Sequence[str] = (), source: str = "snapshot") -> Debrief:
    """The whole debrief of a playthrough.

    Pure: reads only its arguments, so the same save and snapshot always give the same debrief.

    Args:
        save: The save record (decisions, notes, votes, ending).
        snap: Its debrief snapshot, already validated and checked for consistency.
        info: Move costs and cooldowns from the pack, when the pack is at hand and unchanged.
        notices: Things the reader should know about where the data came from.
        source: ``snapshot`` (stored in the save) or ``replay`` (rebuilt by replaying against the pack).
    """
    f = Facts.of(snap)
    info = info or PackInfo()
    rel = relationships(f)
    timeline = [turn_line(f, t) for t in f.played]
    after = place_notes(save, timeline)
    actions = [ActionLine(turn=a.turn, kind=a.kind, event=a.event, label=f.event_labels.get(a.event, a.event),
                          turns=a.turns, roll=a.roll) for a in save.actions]
    by_turn = {t.turn: t for t in timeline}
    for action in actions:
        if action.turn in by_turn:
            by_turn[action.turn].actions.append(action)
    deb = Debrief(
        meta=meta(save, f, notices, source),
        timeline=timeline,
        after_notes=after,
        trajectories=trajectories(f),
        relationships=rel,
        moments=moments(f),
        behaviours=behaviours(f, rel, info),
        lenses=lenses(f),
        knew=knew_vs_true(f),
        harm=Harm(ties_broken=rel.broken, ties_soured=rel.soured, trust_lost=trust_lost(f),
                  irreversible=[ln for t in timeline for ln in t.moves if ln.irreversible],
                  left_out=[f.snap.actors[k].name for k in sorted(f.voice - engaged(f))],
                  engaged_once=engaged_once(f),
                  harm_dimension=f.end.dims.get("harm")),
        questions=[],
        decisions=[decision(rec) for rec in save.turns],
        final=final_figures(f, rel.end),
        facilitator=actions,
    )
    deb.questions = questions(f, deb)
    return deb


def meta(save: SaveFile, f: Facts, notices: Sequence[str], source: str) -> Meta:
    """Which playthrough, how it ended, and the notices about its data."""
    snap = f.snap
    ending = next((e for e in snap.endings if e.id == save.ending), None)
    parent = save.parent
    return Meta(
        save_id=save.save_id, title=snap.title, pack_id=save.pack.id, pack_version=save.pack.version,
        pack_hash=save.pack.content_hash, seed=save.seed, difficulty=save.difficulty, player=save.player, mode=save.mode, role=snap.role,
        turn_label=snap.turn_label or "turn", turns_played=f.n, turns_total=snap.turns,
        parent=parent.save_id if parent else "", parent_turn=parent.turn if parent else None,
        ending=save.ending or "", ending_title=ending.label if ending else "", ending_tone=ending.kind if ending else "",
        ending_text=snap.ending_text or (ending.text if ending else ""),
        outcome=save.outcome if save.outcome is not None else (f.end.outcome if f.n else None),
        good_at=snap.good_at, source=source, notices=list(notices),
    )


def move_line(f: Facts, turn: int, m: MoveSnap) -> MoveLine:
    """A move with names in place of ids."""
    return MoveLine(turn=turn, intervention=m.do, label=f.label(m.do), kind=f.kind(m.do),
                    targets=[f.name(a) for a in m.target], target_ids=list(m.target),
                    tailored=[f.name(a) for a in m.tailored], zone_mult=m.zone_mult, mode_mult=m.mode_mult,
                    queued_for=m.queued_for, landed_from=m.landed_from, refused=m.refused,
                    irreversible=m.do in f.irreversible)


def turn_line(f: Facts, t: TurnSnap) -> TurnLine:
    """One turn of the timeline."""
    prev = f.before(t.turn)
    stages = [f"{a.name}: {_stage(prev.stage[k])} to {_stage(t.stage[k])}"
              for k, a in enumerate(f.snap.actors)
              if k < len(prev.stage) and k < len(t.stage) and prev.stage[k] != t.stage[k]]
    return TurnLine(
        turn=t.turn, zone=t.zone, mode=t.mode, mood=MOOD_WORDS.get(t.mode, t.mode), agreement=t.agreement,
        certainty=t.certainty, surprise=t.surprise, holding=t.holding, capital=t.capital, outcome=t.outcome,
        moves=[move_line(f, t.turn, m) for m in t.moves], landed=[move_line(f, t.turn, m) for m in t.landed],
        events=[EventLine(id=e[0], label=f.event_labels.get(e[0], e[0].replace("_", " ")), what=e[1] if len(e) > 1 else "",
                          dilemma=any(x.id == e[0] and x.kind == "dilemma" for x in f.snap.events))
                for e in t.events if e],
        answer=answer_line(f, t), stages=stages,
        reveals=[f"{f.name(r[0])}: {FACT_WORDS.get(r[1], r[1])}" for r in t.reveals if len(r) == 2],
    )


def _stage(v: int) -> str:
    return STAGE_WORDS[v] if 0 <= v < len(STAGE_WORDS) else str(v)


def answer_line(f: Facts, t: TurnSnap) -> AnswerLine | None:
    """Your answer to a dilemma in ``t``; the choice's words come from the causes it left."""
    if len(t.answer) != 2:
        return None
    dilemma, choice = t.answer
    label = f.event_labels.get(dilemma, dilemma.replace("_", " "))
    prefix = f"your answer to '{label}': "
    words = next((c.text[len(prefix):] for ch in t.changes for c in ch.causes if c.text.startswith(prefix)),
                 choice.replace("_", " "))
    return AnswerLine(dilemma=dilemma, label=label, choice=choice, choice_label=words)


def place_notes(save: SaveFile, timeline: list[TurnLine]) -> list[NoteLine]:
    """Put notes and votes on their turns; return the notes written after the last turn played."""
    by_turn = {t.turn: t for t in timeline}
    after: list[NoteLine] = []
    last = timeline[-1].turn if timeline else 0
    for n in save.notes:
        line = NoteLine(turn=n.turn, kind=n.kind, text=n.text, at=n.at)
        target = by_turn.get(max(1, n.turn))
        if target is None or n.turn > last:
            after.append(line)
        else:
            target.notes.append(line)
    for v in save.votes:
        slot = by_turn.get(max(1, min(v.turn, last)))
        if slot is not None:
            slot.votes.append(VoteLine(turn=v.turn, question=v.question, counts=dict(v.counts)))
    return after


def trajectories(f: Facts) -> list[Series]:
    """Every stock, outcome dimension, the composite outcome, holding and capital, per turn."""
    tl = f.snap.timeline
    out = [Series(id=s.id, label=s.label, group="stock", unit=s.extra, good=s.kind,
                  values=[t.stocks.get(s.id) for t in tl]) for s in f.snap.stocks]
    out += [Series(id=d.id, label=d.label, group="dimension", good=d.kind,
                   values=[None if t.turn == 0 else t.dims.get(d.id) for t in tl]) for d in f.snap.dimensions]
    out.append(Series(id="outcome", label="Overall outcome", group="outcome", good="up",
                      values=[None if t.turn == 0 else t.outcome for t in tl]))
    out.append(Series(id="holding", label="The group's holding (the space you held)", group="group", good="up",
                      values=[t.holding for t in tl]))
    out.append(Series(id="capital", label="Your political capital", group="group", good="up",
                      values=[t.capital for t in tl]))
    return out


def engaged(f: Facts) -> set[int]:
    """Actors you targeted at least once."""
    return {k for _, m in f.all_moves() for k in f.targets(m)}


def engaged_once(f: Facts) -> list[str]:
    """Community and user voices you engaged in one turn only, with that turn (``Carers' Centre (week 3)``)."""
    turns: dict[int, set[int]] = {}
    for t, m in f.all_moves():
        for k in f.targets(m):
            turns.setdefault(k, set()).add(t)
    label = f.snap.turn_label or "turn"
    return [f"{f.snap.actors[k].name} ({label} {min(turns[k])})" for k in sorted(f.voice) if len(turns.get(k, ())) == 1]


def decision(rec: TurnRecord) -> str:
    """A turn's recorded decisions as one canonical string (for finding where playthroughs diverge)."""
    return json.dumps([rec.answer.choice if rec.answer else None, [[m.do, list(m.target)] for m in rec.moves]],
                      separators=(",", ":"))


def final_figures(f: Facts, es: Sequence[Edge]) -> dict[str, float]:
    """Figures for comparing systems: adoption and ties at the end."""
    stage = f.end.stage
    trust = f.end.trust
    return {
        "on_board": float(sum(1 for s in stage if s >= 3)),
        "aware": float(sum(1 for s in stage if s >= 1)),
        "positive_ties": float(sum(1 for e in es if e.trust > 0.2)),
        "hostile_ties": float(sum(1 for e in es if e.trust < 0)),
        "trust_in_you": round(sum(trust) / len(trust), 4) if trust else 0.0,
    }
