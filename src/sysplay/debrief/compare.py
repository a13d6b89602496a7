"""Two or more playthroughs side by side: outcomes, habits, divergence, and the systems they left."""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence

from sysplay.debrief.facts import and_list, num
from sysplay.debrief.models import Comparison, Debrief, Divergence, Row, TurnLine

FINAL_ROWS: dict[str, str] = {
    "on_board": "Actors on board (trialling or adopted)",
    "aware": "Actors aware of the shared agenda or further",
    "positive_ties": "Trusting pairs (trust above 0.2)",
    "hostile_ties": "Hostile pairs (trust below 0)",
    "trust_in_you": "Mean trust in you",
}


def labels(debriefs: Sequence[Debrief]) -> list[str]:
    """A short label per playthrough: a letter, who played it (or its save id), and any fork."""
    out = []
    for k, d in enumerate(debriefs):
        m = d.meta
        letter = string.ascii_uppercase[k] if k < 26 else str(k + 1)
        fork = f", fork of {m.parent} at {m.turn_label} {m.parent_turn}" if m.parent else ""
        out.append(f"{letter}: {m.player or m.save_id}{fork}")
    return out


def _rows(group: str, keys: list[tuple[str, str]], debriefs: Sequence[Debrief],
          get: Callable[[Debrief, str], tuple[float | None, str]]) -> list[Row]:
    rows = []
    for key, label in keys:
        cells = [get(d, key) for d in debriefs]
        rows.append(Row(group=group, label=label, values=[c[0] for c in cells], shown=[c[1] for c in cells]))
    return rows


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))


def _series_end(d: Debrief, key: str) -> tuple[float | None, str]:
    s = next((s for s in d.trajectories if s.id == key), None)
    v = s.values[-1] if s and s.values else None
    return v, num(v)


def outcomes(debriefs: Sequence[Debrief]) -> list[Row]:
    """The ending, the overall outcome and each outcome dimension, per playthrough."""
    rows = [Row(group="outcome", label="Ending", values=[None] * len(debriefs),
                shown=[d.meta.ending_title or "not finished" for d in debriefs]),
            Row(group="outcome", label="Overall outcome", values=[d.meta.outcome for d in debriefs],
                shown=[num(d.meta.outcome) for d in debriefs])]
    dims = _unique([(s.id, s.label + (" (lower is better)" if s.good == "down" else "")) for d in debriefs
                    for s in d.trajectories if s.group == "dimension"])
    return rows + _rows("dimension", dims, debriefs, _series_end)


def behaviour_rows(debriefs: Sequence[Debrief]) -> list[Row]:
    """Every behaviour metric side by side."""
    keys = _unique([(f"{b.id}/{m.id}", f"{b.name}: {m.label}") for d in debriefs for b in d.behaviours
                    for m in b.metrics])

    def get(d: Debrief, key: str) -> tuple[float | None, str]:
        bid, mid = key.split("/", 1)
        m = next((m for b in d.behaviours if b.id == bid for m in b.metrics if m.id == mid), None)
        return (m.value, m.shown) if m else (None, "-")

    return _rows("behaviour", keys, debriefs, get)


def systems(debriefs: Sequence[Debrief]) -> list[Row]:
    """How the systems differed at the end: stocks, adoption, ties and trust."""
    stocks = _unique([(s.id, s.label) for d in debriefs for s in d.trajectories if s.group == "stock"])
    rows = _rows("stock", stocks, debriefs, _series_end)

    def final(d: Debrief, key: str) -> tuple[float | None, str]:
        v = d.final.get(key)
        return v, ("-" if v is None else (num(v) if key == "trust_in_you" else f"{v:.0f}"))

    rows += _rows("system", list(FINAL_ROWS.items()), debriefs, final)
    rows += _rows("system", [("made", "New trusting ties"), ("broken", "Ties broken")], debriefs,
                  lambda d, k: (float(len(getattr(d.relationships, k))), str(len(getattr(d.relationships, k)))))
    return rows


def describe_turn(d: Debrief, turn: int) -> str:
    """What one playthrough decided in ``turn``, in words."""
    line: TurnLine | None = next((t for t in d.timeline if t.turn == turn), None)
    if line is None:
        return "did not play this turn"
    parts = [f"{m.label}" + (f" ({and_list(m.targets)})" if m.targets else "") for m in line.moves]
    if line.answer is not None:
        parts.insert(0, f"answered '{line.answer.label}': {line.answer.choice_label}")
    return "; ".join(parts) or "made no moves"


def divergence(debriefs: Sequence[Debrief], names: list[str]) -> Divergence:
    """The first turn in which the recorded decisions differ."""
    first = debriefs[0].meta
    same = all(d.meta.pack_hash == first.pack_hash and d.meta.seed == first.seed for d in debriefs)
    label = first.turn_label
    longest = max(len(d.decisions) for d in debriefs)
    turn = next((t + 1 for t in range(longest)
                 if len({d.decisions[t] if t < len(d.decisions) else "" for d in debriefs}) > 1), None)
    if turn is None:
        return Divergence(comparable=same, turn=None,
                          text=f"Their decisions were the same in every {label} they played.")
    choices = [f"{n}: {describe_turn(d, turn)}" for n, d in zip(names, debriefs, strict=True)]
    if same:
        text = (f"Their decisions first differed in {label} {turn}. Same pack and seed, so everything before "
                f"that was identical, and every difference after it follows from the choices made.")
    else:
        why = "seeds" if all(d.meta.pack_hash == first.pack_hash for d in debriefs) else "packs or pack versions"
        text = (f"Their decisions first differed in {label} {turn}, but they were played with different {why}, "
                "so their systems differed from the start.")
    return Divergence(comparable=same, turn=turn, text=text, choices=choices)


def compare(debriefs: Sequence[Debrief]) -> Comparison:
    """Compare two or more playthroughs (forks, teams, attempts).

    Raises:
        ValueError: fewer than two debriefs.
    """
    if len(debriefs) < 2:
        raise ValueError("a comparison needs at least two playthroughs")
    names = labels(debriefs)
    return Comparison(labels=names, outcomes=outcomes(debriefs), behaviours=behaviour_rows(debriefs),
                      systems=systems(debriefs), divergence=divergence(debriefs, names), debriefs=list(debriefs))
