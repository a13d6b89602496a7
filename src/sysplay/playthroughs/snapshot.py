"""The debrief snapshot stored in a save: enough to debrief even if the pack has changed or gone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import AfterValidator, Field

from sysplay.playthroughs.models import SaveModel
from sysplay.sanitize import clean_text
from sysplay.scenarios.vocab import HIDDEN_FACTS

if TYPE_CHECKING:
    from sysplay.engine.game import Game, Snapshot, TurnResult

SHORT = 300
LONG = 6000
S = Annotated[str, Field(max_length=SHORT), AfterValidator(clean_text)]
L = Annotated[str, Field(max_length=LONG), AfterValidator(clean_text)]
MAX_ACTORS = 1000
MAX_CHANGES = 60
MAX_CAUSES = 40


def fit(text: str, limit: int = SHORT) -> str:
    """``text`` cut to at most ``limit`` characters (ending in an ellipsis when cut), to fit a record's field.

    Pack text is already within its own limits; what is joined from it (a speaker's name and role, a
    label naming two actors) may not be, and a save must never refuse to be written because of it.
    """
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class ActorInfo(SaveModel):
    """An actor as the debrief names it."""

    id: S
    name: S
    type: S
    speaker: S
    power: float


class ItemInfo(SaveModel):
    """A named thing from the pack (stock, dimension, intervention, event, ending).

    For interventions, ``capital``, ``cooldown``, ``delay``, ``target`` and ``irreversible``
    are filled in; for dilemmas, ``choices`` holds ``[choice id, label]`` pairs.
    """

    id: S
    label: S
    kind: S = ""
    extra: S = ""
    text: L = ""
    capital: float = 0.0
    cooldown: int = 0
    delay: int = 0
    target: S = ""
    irreversible: bool = False
    choices: list[list[S]] = Field(default_factory=list, max_length=5)


class Cause(SaveModel):
    """One cause of a change, already in words."""

    amount: float
    text: L


class Change(SaveModel):
    """A notable change in one turn and why it happened."""

    key: S
    label: S
    before: float
    after: float
    causes: list[Cause] = Field(default_factory=list, max_length=40)


class MoveSnap(SaveModel):
    """A move as it was played."""

    do: S
    target: list[S] = Field(default_factory=list, max_length=60)
    zone_mult: float = 1.0
    mode_mult: float = 1.0
    tailored: list[S] = Field(default_factory=list, max_length=60)
    queued_for: int | None = None
    landed_from: int | None = None
    refused: S | None = None
    verdict: S = ""
    landing: float = 1.0
    luck: float = 1.0
    pilot_chance: float | None = None
    incident: list[S] = Field(default_factory=list, max_length=60)
    absent: list[S] = Field(default_factory=list, max_length=60)
    followed_up: list[S] = Field(default_factory=list, max_length=60)
    asked_again: list[S] = Field(default_factory=list, max_length=60)


class ActionSnap(SaveModel):
    """Something an actor did on its own, and why, in words."""

    actor: S
    behaviour: S
    target: S = ""
    detail: S = ""
    text: L = ""


class Ties(SaveModel):
    """Live ties: parallel lists of from-index, to-index, trust, strength and whether known."""

    i: list[int] = Field(default_factory=list)
    j: list[int] = Field(default_factory=list)
    trust: list[float] = Field(default_factory=list)
    strength: list[float] = Field(default_factory=list)
    known: list[bool] = Field(default_factory=list)


class TurnSnap(SaveModel):
    """The state at the end of a turn (turn 0 is the start), with what happened in it."""

    turn: int
    zone: S = ""
    mode: S = ""
    agreement: float = 0.0
    certainty: float = 0.0
    surprise: float = 0.0
    holding: float = 0.0
    capital: float = 0.0
    mode_shares: list[float] = Field(default_factory=list, max_length=4)
    stocks: dict[S, float] = Field(default_factory=dict)
    stance: list[float] = Field(default_factory=list, max_length=MAX_ACTORS)
    trust: list[float] = Field(default_factory=list, max_length=MAX_ACTORS)
    anxiety: list[float] = Field(default_factory=list, max_length=MAX_ACTORS)
    stage: list[int] = Field(default_factory=list, max_length=MAX_ACTORS)
    known: list[list[S]] = Field(default_factory=list, max_length=MAX_ACTORS)
    outcome: float = 0.0
    dims: dict[S, float] = Field(default_factory=dict)
    moves: list[MoveSnap] = Field(default_factory=list)
    landed: list[MoveSnap] = Field(default_factory=list)
    events: list[list[S]] = Field(default_factory=list)
    reveals: list[list[S]] = Field(default_factory=list)
    answer: list[S] = Field(default_factory=list, max_length=2)
    changes: list[Change] = Field(default_factory=list, max_length=60)
    actions: list[ActionSnap] = Field(default_factory=list, max_length=MAX_ACTORS)
    lapses: list[list[S]] = Field(default_factory=list, max_length=200)
    outcome_raw: float | None = None


class DebriefSnapshot(SaveModel):
    """Everything the debrief needs, in plain data."""

    title: S
    turns: int
    turn_label: S
    role: S
    good_at: float
    actors: list[ActorInfo] = Field(max_length=MAX_ACTORS)
    stocks: list[ItemInfo]
    dimensions: list[ItemInfo]
    interventions: list[ItemInfo]
    events: list[ItemInfo]
    endings: list[ItemInfo]
    prompts: list[ItemInfo] = Field(default_factory=list)
    timeline: list[TurnSnap]
    ties_start: Ties
    ties_end: Ties
    truth: dict[S, dict[S, float]] = Field(default_factory=dict)
    concerns: dict[S, L] = Field(default_factory=dict)
    facts: dict[S, dict[S, L]] = Field(default_factory=dict)
    mixed_at: float | None = None
    ending_text: L = ""


def _state_turn(g: Game, snap: Snapshot | None, turn: int) -> TurnSnap:
    s = snap if snap is not None else g.state
    known = [[f for k, f in enumerate(HIDDEN_FACTS) if s.known[i, k]] for i in range(len(g.pack.actors))] \
        if snap is None or snap.known.size else []
    if known:
        facts, learned = g.tc.tables.facts, s.fact_known
        for k, (i, fact) in enumerate(facts):
            if k < learned.size and learned[k]:
                known[i].append(fact.id)
    return TurnSnap(
        turn=turn, holding=float(s.holding), capital=float(s.capital), stocks=dict(s.stocks),
        mode_shares=np.round(s.mode, 6).tolist() if s.mode.size else [],
        stance=np.round(s.x, 6).tolist(), trust=np.round(s.tau, 6).tolist(), anxiety=np.round(s.anx, 6).tolist(),
        stage=[int(v) for v in s.stage], known=known,
    )


def _ties(g: Game, R: np.ndarray, T: np.ndarray, known: np.ndarray) -> Ties:
    rows, cols = np.nonzero(T > 0.05)
    return Ties(i=rows.tolist(), j=cols.tolist(), trust=np.round(R[rows, cols], 6).tolist(),
                strength=np.round(T[rows, cols], 6).tolist(), known=[bool(v) for v in known[rows, cols]])


def _moves(moves: list[Any]) -> list[MoveSnap]:
    return [MoveSnap(do=m.intervention, target=list(m.targets), zone_mult=m.zone_mult, mode_mult=m.mode_mult,
                     tailored=list(m.tailored), queued_for=m.queued_for, landed_from=m.landed_from,
                     refused=None if m.refused is None else fit(m.refused),
                     verdict="" if m.queued_for is not None or m.refused else m.verdict,
                     landing=round(m.landing, 6), luck=round(m.luck, 6),
                     pilot_chance=None if m.pilot is None else round(m.pilot.chance, 6), incident=list(m.incident),
                     absent=list(m.absent), followed_up=list(m.followed_up),
                     asked_again=list(m.asked_again)) for m in moves]


def _turn(g: Game, r: TurnResult, end: Snapshot | None) -> TurnSnap:
    from sysplay.engine.explain import describe_action, notable_changes

    t = _state_turn(g, end, r.turn)
    t.zone, t.mode, t.agreement, t.certainty, t.surprise = r.zone, r.mode, r.agreement, r.certainty, r.surprise
    assert r.outcome is not None  # snapshots are of games that score every turn
    t.outcome, t.dims = r.outcome.composite, dict(r.outcome.dimensions)
    t.moves, t.landed = _moves(r.moves), _moves(r.landed)
    t.events = [[e.event, fit(e.what)] for e in r.events]
    t.reveals = [[g.pack.actors[i].id, f] for mv in r.moves + r.landed if mv.applied for i, f in mv.applied.reveals]
    t.answer = list(r.answer) if r.answer else []
    t.actions = [ActionSnap(actor=a.actor, behaviour=a.behaviour, target=a.target or "", detail=a.detail,
                            text=fit(describe_action(g.pack, a), LONG)) for a in r.actions]
    t.lapses = [[x.source, "kept" if x.kept else "lapsed"] for x in r.lapses]
    t.outcome_raw = r.outcome.raw
    t.changes = [Change(key="/".join(map(str, e.key)), label=fit(e.label), before=e.before, after=e.after,
                        causes=[Cause(amount=a, text=fit(txt, LONG)) for a, txt in e.causes[:MAX_CAUSES]])
                 for e in notable_changes(g, r.turn)[:MAX_CHANGES]]
    return t


class SnapshotBuilder:
    """Builds the snapshot turn by turn, so an autosave only adds the newest turn."""

    def __init__(self, g: Game) -> None:
        p = g.pack
        header = {
            "title": p.meta.title, "turns": p.meta.turns, "turn_label": p.meta.turn_label, "role": p.meta.role.title,
            "good_at": p.outcome.good_at,
            "actors": [{"id": a.id, "name": a.display_name, "type": a.type,
                        "speaker": fit(f"{a.speaker.name}, {a.speaker.role}"), "power": a.power} for a in p.actors],
            "stocks": [{"id": k, "label": v.label, "kind": v.good, "extra": v.unit} for k, v in p.system.stocks.items()],
            "dimensions": [{"id": d.id, "label": d.label, "kind": d.good} for d in p.outcome.dimensions],
            "interventions": [{"id": i.id, "label": i.name, "kind": i.kind,
                               "extra": "irreversible" if i.irreversible else i.target, "capital": i.capital,
                               "cooldown": i.cooldown, "delay": i.delay, "target": i.target,
                               "irreversible": i.irreversible} for i in p.interventions],
            "events": [{"id": e.id, "label": e.title, "kind": "dilemma" if e.choices else "event",
                        "choices": [[c.id, c.label] for c in e.choices]} for e in p.events],
            "endings": [{"id": e.id, "label": e.title, "kind": e.tone, "text": e.text} for e in p.endings],
            "concerns": {a.id: a.concern for a in p.actors if a.concern},
            "facts": {a.id: {f.id: f.text for f in a.facts} for a in p.actors if a.facts},
            "mixed_at": p.outcome.mixed_at,
        }
        # Checked once, when the first snapshot is written, against the very model the debrief reads it with:
        # a pack that validates must never make a save the debrief refuses.
        DebriefSnapshot.model_validate({**header, "timeline": [], "ties_start": {}, "ties_end": {}})
        self.header = header
        self.turns: list[dict[str, Any]] = []

    def build(self, g: Game) -> dict[str, Any]:
        """The snapshot of ``g`` now, as plain JSON-ready data."""
        if not self.turns:
            self.turns.append(_state_turn(g, g.history[0] if g.history else None, 0).model_dump(mode="json"))
        for k in range(len(self.turns) - 1, len(g.results)):
            end = g.history[k + 1] if k + 1 < len(g.history) else None
            self.turns.append(_turn(g, g.results[k], end).model_dump(mode="json"))
        s = g.state
        last = dict(self.turns[-1], mode_shares=np.round(s.mode, 6).tolist())  # the live state, for the last turn
        start = g.history[0] if g.history else None
        base = start if start is not None else s
        return {
            **self.header,
            "prompts": [{"id": x.id, "label": "", "text": x.text} for x in triggered_prompts(g)],
            "timeline": [*self.turns[:-1], last],
            "ties_start": _ties(g, base.R, base.T, base.tie_known).model_dump(),
            "ties_end": _ties(g, s.R, s.T, s.tie_known).model_dump(),
            "ending_text": _ending_text(g),
            "truth": {a.id: {"threshold": float(s.phi[k]), "stubbornness": float(s.theta0[k]),
                             "openness": float(s.eps[k]), "stance": float(s.x[k])} for k, a in enumerate(g.pack.actors)},
        }


def _ending_text(g: Game) -> str:
    """The ending as the player read it, with the paragraphs that held."""
    from sysplay.engine.outcome import ending_text

    return ending_text(g.pack, g.state.ending, g.values()) if g.state.ending else ""


def snapshot_of(g: Game) -> DebriefSnapshot:
    """Build and validate the whole snapshot of a recorded game (``record=True``)."""
    return DebriefSnapshot.model_validate(SnapshotBuilder(g).build(g))


def triggered_prompts(g: Game) -> list[Any]:
    """The pack's debrief prompts whose conditions hold at the current state."""
    from sysplay.engine.outcome import with_outcome

    ns = dict(g.namespace())
    with_outcome(g.pack, ns)
    return [x for x in g.pack.prompts if x.when is None or g.pack.expr(x.when)(ns)]
