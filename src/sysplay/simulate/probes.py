"""Side streams compared seed by seed with unchanged play, for every persona simulated.

Restricted play (a move banned), the sensitivity sweep (a number nudged) and the late-command probe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sysplay.scenarios.models import Pack
from sysplay.simulate.aggregate import PersonaStats, SideStats
from sysplay.simulate.runs import late_command_from
from sysplay.simulate.variants import STEP, nudges

if TYPE_CHECKING:
    from sysplay.simulate.analysis import Budget

#: A ban that raises a persona's mean outcome by at least this (and twice its standard error) is flagged.
RAISE = 0.01
#: The persona the late-command probe changes, and the one the sensitivity chart shows first.
ANALYST = "coalition_builder"


def r6(x: float) -> float:
    """Rounded for the report (stable text, no float noise)."""
    return round(float(x), 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def baseline(st: PersonaStats | None, runs: int) -> list[float] | None:
    """A persona's outcomes on its first ``runs`` seeds (None when not played)."""
    if st is None or not runs or len(st.first) < runs:
        return None
    return st.first[:runs]


def _per_persona(personas: dict[str, PersonaStats], runs: dict[str, int],
                 block: Callable[[str, list[float]], dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for name, st in personas.items():
        base = baseline(st, runs.get(name, 0))
        if base is not None:
            out[name] = {"runs": len(base), "baseline": r6(sum(base) / len(base)), **block(name, base)}
    return out


def restricted_block(pack: Pack, budget: Budget, personas: dict[str, PersonaStats],
                     side: dict[str, SideStats]) -> dict[str, Any] | None:
    """Each persona's outcome with each move banned in turn, against the same seeds unbanned.

    A move a persona never used in its main runs is marked ``unused``: banning it cannot show
    what it does, so a change of +0.000 there says nothing about whether the move is harmless.
    ``raises`` flags a ban that raises the mean outcome clearly (needs two seeds or more).
    """
    def block(name: str, base: list[float]) -> dict[str, Any]:
        shares = personas[name].action_share()
        bans = []
        for iv in pack.interventions:
            st = side.get(f"ban:{name}:{iv.id}")
            if st is None:
                continue
            delta, se = st.paired(base)
            bans.append({"intervention": iv.id, "mean_outcome": r6(st.outcome.mean), "delta": r6(delta), "se": r6(se),
                         "p_good": r6(st.p_good), "share": r6(shares.get(iv.id, 0.0)), "unused": iv.id not in shares,
                         "raises": len(base) > 1 and delta >= RAISE and delta > 2 * se})
        bans.sort(key=lambda b: (b["delta"], b["intervention"]))
        return {"bans": bans}

    out = _per_persona(personas, budget.restricted_runs, block)
    if not out:
        return None
    used_by = {iv.id: [n for n, st in personas.items() if iv.id in st.action_share()] for iv in pack.interventions}
    return {"personas": out, "unused_by_all": [iv for iv, who in used_by.items() if not who]}


def sensitivity_block(pack: Pack, budget: Budget, personas: dict[str, PersonaStats],
                      side: dict[str, SideStats]) -> dict[str, Any] | None:
    """Per persona, a tornado list: how far the mean outcome moves when each number is nudged down and up."""
    def block(name: str, base: list[float]) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for n in nudges(pack):
            low, high = side.get(f"nudge:{name}:{n.key}:low"), side.get(f"nudge:{name}:{n.key}:high")
            d_low, se_low = low.paired(base) if low else (None, 0.0)
            d_high, se_high = high.paired(base) if high else (None, 0.0)
            swing = max(abs(d_low or 0.0), abs(d_high or 0.0))
            noise = 2 * max(se_low, se_high)
            rows.append({"key": n.key, "base": r6(n.base), "low": n.low, "high": n.high,
                         "delta_low": None if d_low is None else r6(d_low),
                         "delta_high": None if d_high is None else r6(d_high),
                         "swing": r6(swing), "se": r6(max(se_low, se_high)), "clear": len(base) > 1 and swing > noise})
        rows.sort(key=lambda row: (-row["swing"], row["key"]))
        return {"numbers": rows}

    out = _per_persona(personas, budget.sensitivity_runs, block)
    return {"step": STEP, "personas": out} if out else None


def late_block(pack: Pack, budget: Budget, personas: dict[str, PersonaStats],
               side: dict[str, SideStats]) -> dict[str, Any] | None:
    """The coalition builder with escalation and instruction added in the last third, against plain play."""
    base = baseline(personas.get(ANALYST), budget.late_runs)
    st = side.get("late")
    if base is None or st is None:
        return None
    delta, se = st.paired(base)
    n = st.outcome.n
    commands = {iv.id: r6(st.actions[iv.id] / n) for iv in pack.interventions if st.actions.get(iv.id)}
    plain = personas[ANALYST]
    return {"persona": ANALYST, "runs": n, "from_turn": late_command_from(pack),
            "baseline": r6(sum(base) / len(base)), "mean_outcome": r6(st.outcome.mean), "delta": r6(delta),
            "se": r6(se), "p_good": r6(st.p_good), "baseline_p_good": r6(sum(plain.first_good[:n]) / n),
            "commands_per_game": commands}
