"""Look-ups over a debrief snapshot (names, kinds, moves per turn) and the words the debrief uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sysplay.playthroughs.snapshot import DebriefSnapshot, MoveSnap, TurnSnap
from sysplay.scenarios.vocab import VOICE_TYPES

#: Bion's basic assumptions as symptoms a player would recognise, not as labels.
MOOD_WORDS: dict[str, str] = {
    "work": "people getting on with the work together",
    "dependency": "people waiting for you to decide",
    "fight_flight": "talk turning to blame, or to keeping out of it",
    "pairing": "everyone waiting for two others to sort it out",
}
MODE_NAMES: dict[str, str] = {"work": "work", "dependency": "dependency", "fight_flight": "fight-flight",
                              "pairing": "pairing"}

#: Hidden facts as a player would name them.
FACT_WORDS: dict[str, str] = {
    "concern": "what worried them most",
    "threshold": "how much support they needed before joining in",
    "stubbornness": "how firmly they held their view",
    "openness": "how open they were to other views",
    "stance": "where they stood on the shared agenda",
    "valency": "how they tend to react as a group under pressure",
}

#: Adoption stages, from the pack format.
STAGE_WORDS = ("unaware", "aware", "interested", "trialling", "adopted")


@dataclass(frozen=True)
class PackInfo:
    """What the snapshot does not hold but the pack does: each move's capital cost and cooldown."""

    capital: Mapping[str, float] = field(default_factory=dict)
    cooldown: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Facts:
    """Indexes over one snapshot, built once per analysis."""

    snap: DebriefSnapshot
    names: dict[str, str]
    index: dict[str, int]
    kinds: dict[str, str]
    labels: dict[str, str]
    irreversible: set[str]
    event_labels: dict[str, str]
    voice: set[int]
    played: list[TurnSnap]

    @classmethod
    def of(cls, snap: DebriefSnapshot) -> Facts:
        """Build the look-ups for ``snap``."""
        actors = snap.actors
        return cls(
            snap=snap,
            names={a.id: a.name for a in actors},
            index={a.id: k for k, a in enumerate(actors)},
            kinds={i.id: i.kind for i in snap.interventions},
            labels={i.id: i.label for i in snap.interventions},
            irreversible={i.id for i in snap.interventions if i.extra == "irreversible"},
            event_labels={e.id: e.label for e in snap.events},
            voice={k for k, a in enumerate(actors) if a.type in VOICE_TYPES},
            played=[t for t in snap.timeline if t.turn >= 1],
        )

    @property
    def n(self) -> int:
        """Turns played."""
        return len(self.played)

    @property
    def start(self) -> TurnSnap:
        """The state at the start (turn 0)."""
        return self.snap.timeline[0]

    @property
    def end(self) -> TurnSnap:
        """The state after the last turn played."""
        return self.snap.timeline[-1]

    def name(self, actor_id: str) -> str:
        """An actor's name (never a raw id unless the snapshot does not know the actor)."""
        return self.names.get(actor_id, actor_id.replace("_", " "))

    def label(self, iv_id: str) -> str:
        """An intervention's name."""
        return self.labels.get(iv_id, iv_id.replace("_", " "))

    def kind(self, iv_id: str) -> str:
        """An intervention's kind ('' if unknown)."""
        return self.kinds.get(iv_id, "")

    def moves(self, turn: int) -> list[MoveSnap]:
        """Your moves in ``turn`` that were carried out (refused ones left out)."""
        if not 1 <= turn <= self.n:
            return []
        return [m for m in self.played[turn - 1].moves if m.refused is None]

    def all_moves(self) -> list[tuple[int, MoveSnap]]:
        """(turn, move) for every move carried out, in order."""
        return [(t.turn, m) for t in self.played for m in t.moves if m.refused is None]

    def before(self, turn: int) -> TurnSnap:
        """The state at the start of ``turn`` (the end of the turn before)."""
        return self.snap.timeline[max(0, min(turn - 1, len(self.snap.timeline) - 1))]

    def targets(self, move: MoveSnap) -> list[int]:
        """Indexes of the actors a move targeted."""
        return [self.index[t] for t in move.target if t in self.index]


#: A surprise is your own move echoing back when your moves (this turn's or delayed ones landing) caused at
#: least this share of the change in the stock that moved most.
ECHO_SHARE = 0.5


def own_echo(f: Facts, t: TurnSnap) -> str | None:
    """If turn ``t``'s surprise was mostly your own move coming back, that move's name (else None).

    Looks at the stock that moved most (against its starting level) and the causes the engine recorded
    for it: the moves of yours among them, as a share of everything that moved it.
    """
    prev = f.before(t.turn)
    moved = []
    for s in f.snap.stocks:
        a, b = prev.stocks.get(s.id), t.stocks.get(s.id)
        if a is not None and b is not None:
            moved.append((abs(b - a) / max(abs(f.start.stocks.get(s.id, 0.0)), 1.0), s.id))
    if not moved:
        return None
    key = f"stock/{max(moved)[1]}"
    change = next((c for c in t.changes if c.key == key), None)
    if change is None or not change.causes:
        return None
    total = sum(abs(c.amount) for c in change.causes)
    mine = [c for c in change.causes if c.text.startswith("your '")]
    if not mine or total <= 0 or sum(abs(c.amount) for c in mine) / total < ECHO_SHARE:
        return None
    top = max(mine, key=lambda c: abs(c.amount)).text
    return top[len("your '"):].split("'", 1)[0]


def num(v: float | None, digits: int = 2) -> str:
    """A number for reading: ``0.42``, ``1,234``; a dash for None."""
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits}f}"


def num_pair(a: float | None, b: float | None) -> tuple[str, str]:
    """Two numbers shown side by side ("from 120 to 72"), with the decimals of the larger, so they match."""
    if a is None or b is None:
        return num(a), num(b)
    big = max(abs(a), abs(b))
    digits = 0 if big >= 100 else 1 if big >= 10 else 2
    return (f"{a:,.{digits}f}", f"{b:,.{digits}f}") if big >= 1000 else (f"{a:.{digits}f}", f"{b:.{digits}f}")


def signed(v: float) -> str:
    """A change for reading: ``+0.42``, ``-12``."""
    return ("+" if v >= 0 else "-") + num(abs(v))


def share(part: int, whole: int) -> float | None:
    """``part / whole`` (None when there is nothing to divide)."""
    return part / whole if whole else None


def pct(v: float | None) -> str:
    """A share as a percentage."""
    return "-" if v is None else f"{round(100 * v)}%"


def turns_text(turns: list[int], label: str = "week") -> str:
    """``weeks 2, 3 and 7`` / ``week 4`` / ``no week``."""
    ts = sorted(set(turns))
    if not ts:
        return f"no {label}"
    if len(ts) == 1:
        return f"{label} {ts[0]}"
    return f"{label}s {', '.join(map(str, ts[:-1]))} and {ts[-1]}"


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
