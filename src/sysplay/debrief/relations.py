"""Relationships before and after: the network picture, ties made, healed and broken, trust in you."""

from __future__ import annotations

from sysplay.debrief.facts import Facts
from sysplay.debrief.models import Edge, Node, Relationships, TieLine, TrustLine
from sysplay.playthroughs.snapshot import Ties
from sysplay.scenarios.vocab import ENABLING_KINDS

Directed = dict[tuple[int, int], tuple[float, float, bool]]

#: A tie counts as made when trust and contact both pass these (docs/debrief.md, "Relationships").
MADE_TRUST, MADE_STRENGTH = 0.2, 0.2
#: A tie counts as broken when trust falls from above this to below zero.
BROKEN_FROM = 0.1
#: A tie counts as soured when its trust falls by at least this (without breaking).
SOURED = 0.15
#: Trust in you counts as lost when it falls by more than this.
TRUST_LOST = 0.05


def directed(ties: Ties, n: int) -> Directed:
    """Live ties as {(from, to): (trust, strength, known)} (ties naming unknown actors are ignored)."""
    out: Directed = {}
    for i, j, r, t, k in zip(ties.i, ties.j, ties.trust, ties.strength, ties.known, strict=False):
        if 0 <= i < n and 0 <= j < n and i != j:
            out[(i, j)] = (r, t, k)
    return out


def edges(ties: Directed) -> list[Edge]:
    """Pairs (undirected): mean trust over both directions, strongest contact, known if either is."""
    pairs: dict[tuple[int, int], list[tuple[float, float, bool]]] = {}
    for (i, j), v in sorted(ties.items()):
        pairs.setdefault((min(i, j), max(i, j)), []).append(v)
    return [Edge(a=a, b=b, trust=round(sum(v[0] for v in vs) / len(vs), 4), strength=round(max(v[1] for v in vs), 4),
                 known=any(v[2] for v in vs)) for (a, b), vs in sorted(pairs.items())]


def relationships(f: Facts) -> Relationships:
    """Ties before and after, among the ties you knew of by the end (hidden ones are drawn, not counted)."""
    n = len(f.snap.actors)
    start, end = directed(f.snap.ties_start, n), directed(f.snap.ties_end, n)
    made: list[TieLine] = []
    healed: list[TieLine] = []
    healed_alone: list[TieLine] = []
    together = brought_together(f)
    broken: list[TieLine] = []
    soured: list[TieLine] = []
    for key in sorted(set(start) | set(end)):
        s, e = start.get(key), end.get(key)
        known = bool((e and e[2]) or (s and s[2]))
        if not known:
            continue
        line = _tie_line(f, key, s, e)
        if e and e[0] > MADE_TRUST and e[1] > MADE_STRENGTH and not (s and s[0] > MADE_TRUST and s[1] > MADE_STRENGTH):
            made.append(line)
        if s and e and s[0] < 0 < e[0]:
            (healed if frozenset(key) in together or None in together else healed_alone).append(line)
        if s and e and s[0] > BROKEN_FROM and e[0] < 0:
            broken.append(line)
        elif s and e and e[0] <= s[0] - SOURED:
            soured.append(line)
    return Relationships(
        nodes=[Node(name=a.name, type=a.type, voice=k in f.voice, power=a.power) for k, a in enumerate(f.snap.actors)],
        start=edges(start), end=edges(end), made=made, healed=healed, healed_alone=healed_alone, broken=broken, soured=soured,
        trust_in_you=trust_in_you(f),
    )


def brought_together(f: Facts) -> set[frozenset[int] | None]:
    """Pairs of actors one of your moves included together.

    None if you convened, connected or tested with everyone at once: an instruction or escalation to
    all brings nobody together.
    """
    everyone = {i.id for i in f.snap.interventions if i.target == "all" and i.kind in ENABLING_KINDS}
    out: set[frozenset[int] | None] = set()
    for _, m in f.all_moves():
        if m.do in everyone:
            out.add(None)
        ks = f.targets(m)
        out.update(frozenset((a, b)) for a in ks for b in ks if a != b)
    return out


def _tie_line(f: Facts, key: tuple[int, int], s: tuple[float, float, bool] | None,
              e: tuple[float, float, bool] | None) -> TieLine:
    actors = f.snap.actors
    return TieLine(source=actors[key[0]].name, target=actors[key[1]].name,
                   trust_before=s[0] if s else None, trust_after=e[0] if e else None,
                   strength_before=s[1] if s else None, strength_after=e[1] if e else None)


def trust_in_you(f: Facts) -> list[TrustLine]:
    """Each actor's trust in you at the start and at the end."""
    a, b = f.start.trust, f.end.trust
    return [TrustLine(actor=actor.name, before=a[k], after=b[k])
            for k, actor in enumerate(f.snap.actors) if k < len(a) and k < len(b)]


def trust_lost(f: Facts) -> list[TrustLine]:
    """Actors whose trust in you fell by more than :data:`TRUST_LOST`, largest fall first."""
    lost = [t for t in trust_in_you(f) if t.after < t.before - TRUST_LOST]
    return sorted(lost, key=lambda t: t.after - t.before)
