"""Answering "why did this change?" in plain English, from the causal ledger and the turn snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sysplay.engine.fit import verdict
from sysplay.engine.ledger import Cause, Key
from sysplay.engine.view import possessive

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.engine.results import ActorAction
    from sysplay.scenarios.models import Pack

_MODE_WORDS = {"work": "getting on with the work", "dependency": "waiting for you to decide",
               "fight_flight": "looking for someone to blame", "pairing": "waiting for two others to sort it"}


@dataclass(frozen=True)
class Explanation:
    """Why a number changed on one turn: its value before and after, and each cause with its share."""

    key: Key
    turn: int
    label: str
    before: float
    after: float
    causes: list[tuple[float, str]]

    @property
    def change(self) -> float:
        """After minus before."""
        return self.after - self.before

    def lines(self) -> list[str]:
        """The explanation as lines of text."""
        head = f"{self.label}, turn {self.turn}: {_num(self.before)} -> {_num(self.after)} ({_signed(self.change)})"
        if not self.causes:
            return [head, "  Nothing changed it this turn."]
        return [head, *(f"  {_signed(a)}  {text}" for a, text in self.causes)]


def _num(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _signed(v: float) -> str:
    return f"{v:+.3g}" if abs(v) < 1000 else f"{v:+,.0f}"


def value_at(g: Game, key: Key, turn: int, end: bool) -> float:
    """The value of ``key`` at the start (or end) of ``turn``."""
    pos = turn if end else turn - 1
    snap: Any = g.history[pos] if pos < len(g.history) else g.state
    kind = key[0]
    if kind == "stock":
        return float(snap.stocks[key[1]])
    if kind in ("capital", "holding"):
        return float(getattr(snap, kind))
    attr = {"stance": "x", "trust": "tau", "anxiety": "anx", "stage": "stage", "tie_trust": "R", "tie": "T"}[kind]
    arr = getattr(snap, attr)
    return float(arr[key[1]] if len(key) == 2 else arr[key[1], key[2]])


def label_for(g: Game, key: Key) -> str:
    """A readable name for a ledger key."""
    kind = key[0]
    actors = g.pack.actors
    if kind == "stock":
        return g.pack.system.stocks[key[1]].label
    if kind == "capital":
        return "Your political capital"
    if kind == "holding":
        return "The group's holding"
    if kind in ("tie_trust", "tie"):
        what = "trust in" if kind == "tie_trust" else "contact with"
        return f"{possessive(actors[key[1]].display_name)} {what} {actors[key[2]].display_name}"
    what = {"stance": "stance", "trust": "trust in you", "anxiety": "anxiety", "stage": "adoption stage"}[kind]
    return f"{possessive(actors[key[1]].display_name)} {what}"


def explain(g: Game, key: Key, turn: int, *, formulas: bool = True) -> Explanation:
    """Explain the change in ``key`` over ``turn`` (causes listed in the order they happened).

    Args:
        g: The game.
        key: What changed.
        turn: Which turn.
        formulas: Quote a labelled flow's formula after its label (for writers; players need only the label).
    """
    causes = [(c.amount, describe(g, key, c, formulas=formulas)) for c in g.ledger.causes(turn, key)]
    return Explanation(key, turn, label_for(g, key), value_at(g, key, turn, False), value_at(g, key, turn, True), causes)


def history(g: Game, key: Key, *, formulas: bool = True) -> list[Explanation]:
    """Every turn's explanation for ``key`` in which it changed, oldest first."""
    return [e for t in range(1, len(g.history) + 1) if (e := explain(g, key, t, formulas=formulas)).causes]


def describe(g: Game, key: Key, c: Cause, *, formulas: bool = True) -> str:
    """One cause in plain English."""
    pack = g.pack
    if c.kind in ("move", "delayed"):
        return _describe_move(g, key, c)
    if c.kind == "cost":
        return f"spent on '{pack.intervention(c.source).name}'"
    if c.kind == "event":
        return f"event: {pack.event(c.source).title}"
    if c.kind == "dilemma":
        ev = pack.event(c.source)
        label = next(ch.label for ch in ev.choices if ch.id == c.detail[0])
        return f"your answer to '{ev.title}': {label}"
    if c.kind == "incident":
        return (f"a political incident: your '{pack.intervention(c.source).name}' went beyond your role's "
                "authority, and it was noticed")
    if c.kind == "kept":
        return f"you did what you said: your '{pack.intervention(c.source).name}' acted on what they had told you"
    if c.kind == "lapsed":
        return "your offer to them came to nothing: nothing followed it"
    if c.kind in ("actor", "actor_move"):
        return _describe_actor(pack, c)
    return _describe_dynamics(g, key, c, formulas)


def _tagged(detail: tuple[Any, ...], tag: str) -> tuple[Any, ...] | None:
    return next((d for d in detail if isinstance(d, tuple) and d and d[0] == tag), None)


def _describe_move(g: Game, key: Key, c: Cause) -> str:
    pack = g.pack
    iv = pack.intervention(c.source)
    if c.detail and c.detail[0] == "contact":
        return f"your '{iv.name}' made them aware of the shared agenda"
    zone, zm, mode, mm, tailored, planned = c.detail[:6]
    fit = f"{iv.kind} x{zm:.2f} in the {zone} zone, x{mm:.2f} while the group was {_MODE_WORDS[mode]}"
    who = pack.actors[key[1]].id if key[0] in ("stance", "trust", "anxiety", "stage") and len(key) == 2 else None
    if tailored and (who is None or who in tailored):
        names = "their" if who is not None else "; ".join(possessive(pack.actor(t).display_name) for t in tailored)
        fit += f", x{pack.engine.tailoring:.2f} because you knew {names} concern"
    luck = _tagged(c.detail, "luck")
    if luck is not None and abs(luck[1] - 1.0) > 0.005:
        fit += f", luck x{luck[1]:.2f}"
    size = _tagged(c.detail, "size")
    if size is not None:
        fit += f"; its size depended on who took part and how they relate (x{size[1]:.2f})"
    pilot = _tagged(c.detail, "pilot")
    landing = _tagged(c.detail, "landing")
    when = f" (planned in turn {planned}, landing now)" if c.kind == "delayed" else ""
    if _tagged(c.detail, "failed") is not None:
        chance = f" (it had a {pilot[1]:.0%} chance)" if pilot is not None else ""
        return f"your test '{iv.name}'{when} did not work{chance}: a small setback"
    how = ""
    if pilot is not None:
        how = f"; the test worked (a {pilot[1]:.0%} chance)"
    elif landing is not None:
        how = f"; it {verdict(landing[1])}"
    return f"your '{iv.name}'{when} ({fit}{how})"


def _describe_actor(pack: Pack, c: Cause) -> str:
    actors = pack.actors
    i, j = c.detail[:2] if len(c.detail) >= 2 else (-1, -1)
    who = actors[i].display_name if i >= 0 else "someone"
    other = actors[j].display_name if j >= 0 else ""
    if c.kind == "actor_move":
        move = next(m for m in pack.actor_moves if m.id == c.source)
        return f"{possessive(who)} own move: " + move.title.replace("{actor}", who).replace("{target}", other or "you")
    return f"{possessive(who)} own action: " + {
        "collaborate": f"working with {other}",
        "blame": f"blaming {other} in public",
        "ally": f"holding out with {other} against the plan",
        "over_your_head": "going over your head",
        "respond": "answering your instruction",
        "respond_stall": "saying yes to your instruction, and doing it slowly",
        "respond_resist": "pushing back against your instruction",
    }.get(c.source, c.source.replace("_", " "))


_DESTINATIONS = {"council": "the council's elected members", "council_asc": "the council's elected members",
                 "public_health": "the council's elected members", "housing": "the council's elected members",
                 "acute_trust": "the region", "community_trust": "the region", "mental_health_trust": "the region",
                 "ambulance_trust": "the region", "gp_federation": "the region", "pcn": "the region",
                 "icb": "the region", "hospice": "the region"}


def _level(v: float, low: float, high: float) -> str:
    return "low" if v < low else "high" if v >= high else "middling"


def describe_action(pack: Pack, a: ActorAction) -> str:
    """What an actor did on its own, and why, in a sentence (for the news and "why?")."""
    actor = pack.actor(a.actor)
    who = actor.display_name
    other = pack.actor(a.target).display_name if a.target else ""
    r = dict(a.reasons)
    anx, tau, x = r.get("anxiety", 0.0), r.get("trust_in_you", 0.0), r.get("stance", 0.0)
    tr = r.get("trust_in_target", 0.0)
    if a.behaviour == "collaborate":
        return (f"{who} got together with {other} to work on it: they trust each other ({tr:+.2f}) and "
                f"{who} was calm enough to reach out (anxiety {anx:.2f}).")
    if a.behaviour == "withdraw":
        return (f"{who} withdrew from group work for a while: its anxiety was high ({anx:.2f}) and its trust "
                f"in you {_level(tau, 0.35, 0.65)} ({tau:.2f}). One-to-one, they will still see you.")
    if a.behaviour == "blame":
        return (f"{who} blamed {other} in public: its anxiety was high ({anx:.2f}) and its trust in "
                f"{other} low ({tr:+.2f}). Trust fell both ways, and the press noticed.")
    if a.behaviour == "ally":
        return (f"{who} and {other} agreed to hold out together against the plan: {who} is against it "
                f"({x:+.2f}) and trusts {other} ({tr:+.2f}).")
    if a.behaviour == "over_your_head":
        where = _DESTINATIONS.get(actor.type, "the local press")
        g = r.get("grievance", 0.0)
        why = f"its trust in you was {_level(tau, 0.35, 0.65)} ({tau:.2f})"
        why += f" and it had a grievance ({g:.1f})" if g >= 0.5 else f" and it is against the plan ({x:+.2f})"
        return f"{who} went over your head to {where}: {why}. Your standing took a knock."
    if a.behaviour == "respond":
        verb = {"comply": "did as you instructed", "stall": "said yes to your instruction, and did it slowly",
                "resist": "pushed back against your instruction"}[a.detail]
        return f"{who} {verb}: its trust in you was {_level(tau, 0.35, 0.65)} ({tau:.2f}) and its stance {x:+.2f}."
    move = next(m for m in pack.actor_moves if m.id == a.detail)
    title = move.title.replace("{actor}", who).replace("{target}", other or "you")
    return f"{title}." if not title.endswith((".", "!", "?")) else title


def _describe_dynamics(g: Game, key: Key, c: Cause, formulas: bool) -> str:
    pack, actors = g.pack, g.pack.actors
    if c.kind == "influence":
        names = ", ".join(actors[j].display_name for j in c.detail) or "their trusted ties"
        return f"pulled by people they trust, most of all {names}"
    texts = {
        "anchor": "pulled back towards their settled position",
        "repulsion": "pushed away from people they distrust",
        "noise": "the ordinary ups and downs of a week",
        "limit": "held at the limit of the scale",
        "balance": "the company they keep (friends of friends, enemies of friends)",
        "agreement": "how close or far apart their views are",
        "memory": "the memory of how things used to be between them",
        "decay": "faded without contact" if key[0] == "tie" else "wore off over time",
        "regen": "regained through the trust others place in you",
    }
    if c.kind in texts:
        return texts[c.kind]
    if c.kind == "affect":
        return f"settling towards the anxiety the pressure on them creates ({c.detail[0]:.2f})"
    if c.kind == "heard":
        return "heard about it from people they trust who are already trying it"
    if c.kind == "ceiling":
        return "held back by their memory of each other: trust cannot run far ahead of history"
    if c.kind == "threshold":
        readiness, phi = c.detail
        direction = "moved on" if c.amount > 0 else "stepped back"
        if g.knows(actors[key[1]].id, "threshold"):
            return f"{direction} a stage: readiness {readiness:.2f} against their threshold {phi:.2f}"
        return f"{direction} a stage: readiness {readiness:.2f} against a threshold you have not learned"
    if c.kind == "flow":
        flow = pack.system.flows[c.source]
        if not formulas:  # players read the flow's name, never its formula
            return f"flow: {flow.label or c.source.replace('_', ' ')}"
        return f"flow: {flow.label or c.source} ({flow.expr})"
    if c.kind == "delay":
        delay = pack.system.delays[c.source]
        return f"arrived after a delay of about {delay.time:g} turns: {delay.label or c.source}"
    return f"{c.kind}: {c.source}"


def notable_changes(g: Game, turn: int, actors: int = 6, ties: int = 3, *, formulas: bool = True) -> list[Explanation]:
    """The changes worth telling in a turn: every stock, then the largest actor and known-tie moves."""
    out = [explain(g, ("stock", sid), turn, formulas=formulas) for sid in g.pack.system.stocks]
    scored: list[tuple[float, Key]] = []
    tie_scored: list[tuple[float, Key]] = []
    for key in g.ledger.keys(turn):
        if key[0] in ("stance", "trust", "stage"):
            weight = 0.25 if key[0] == "stage" else 1.0
            scored.append((abs(value_at(g, key, turn, True) - value_at(g, key, turn, False)) * weight, key))
        elif key[0] == "tie_trust":
            tie_scored.append((abs(value_at(g, key, turn, True) - value_at(g, key, turn, False)), key))
    for _, key in sorted(scored, key=lambda p: (-p[0], str(p[1])))[:actors]:
        out.append(explain(g, key, turn, formulas=formulas))
    for _, key in sorted(tie_scored, key=lambda p: (-p[0], str(p[1])))[:ties]:
        out.append(explain(g, key, turn, formulas=formulas))
    return [e for e in out if abs(e.change) > 1e-6 or e.key[0] == "stock"]
