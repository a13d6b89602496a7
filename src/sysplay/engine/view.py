"""What the player can see: actors' numbers where known, honest bands where not, and their voice lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sysplay.scenarios.models import Pack, VoiceLine
from sysplay.scenarios.vocab import HIDDEN_FACTS, STAGES
from sysplay.scenarios.voices import specificity

if TYPE_CHECKING:
    from sysplay.engine.game import Game

_CONCERN = HIDDEN_FACTS.index("concern")


#: How much wider than the pack's jitter a band is drawn, so it never pins the true value.
BAND_MARGIN = 0.15


@dataclass(frozen=True)
class Seen:
    """A number as the player sees it: exact when known, else a band that contains the true value."""

    value: float | None
    low: float
    high: float

    def text(self, fmt: str = "{:+.2f}") -> str:
        """``+0.30`` when known, ``? (-0.5..0.1)`` when not."""
        if self.value is not None:
            return fmt.format(self.value)
        return f"? ({fmt.format(self.low)}..{fmt.format(self.high)})"


def seen(g: Game, i: int, fact: str, true_value: float, lo: float, hi: float) -> Seen:
    """The player's view of one of an actor's numbers."""
    if g.state.known[i, HIDDEN_FACTS.index(fact)]:
        return Seen(true_value, true_value, true_value)
    actor = g.pack.actors[i]
    written = float(getattr(actor, fact))
    spread = actor.jitter.get(fact, 0.0) + BAND_MARGIN  # type: ignore[call-overload]
    low, high = max(lo, min(written, true_value) - spread), min(hi, max(written, true_value) + spread)
    return Seen(None, low, high)


def possessive(name: str) -> str:
    """``Riverside Hospitals'`` or ``the council's``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def signed_band(v: float, words: tuple[str, str, str, str, str]) -> str:
    """One of five words for a value in [-1, 1], cut at -0.5, -0.15, 0.15 and 0.5."""
    if v <= -0.5:
        return words[0]
    if v <= -0.15:
        return words[1]
    if v < 0.15:
        return words[2]
    return words[3] if v < 0.5 else words[4]


def band(v: float, cuts: tuple[float, ...], words: tuple[str, ...]) -> str:
    """``words[k]`` where ``k`` is how many of the ascending ``cuts`` are at or below ``v``."""
    return words[sum(1 for c in cuts if v >= c)]


def stance_band(x: float) -> str:
    """Words for a stance."""
    return signed_band(x, ("strongly against", "against", "undecided", "leaning for", "strongly for"))


def stage_name(stage: int) -> str:
    """The adoption stage's name."""
    return STAGES[stage]


def voice_line(g: Game, i: int) -> str | None:
    """The most specific of the actor's voice lines whose conditions hold now, or None."""
    n = voice_index(g, i)
    return None if n is None else g.pack.actors[i].voice[n].line


def _specificities(pack: Pack) -> list[list[int]]:
    return [[specificity(pack, line) for line in a.voice] for a in pack.actors]


def voice_index(g: Game, i: int) -> int | None:
    """Position (0-based) of the voice line actor ``i`` would speak now, or None if silent.

    Of the lines whose conditions hold, the most specific wins; between equals, the one written first.
    """
    ranks = g.pack.memo("voice_specificity", _specificities)[i]
    best, best_rank = None, -1
    for n, line in enumerate(g.pack.actors[i].voice):
        if ranks[n] > best_rank and _matches(g, i, line):
            best, best_rank = n, ranks[n]
    return best


def _matches(g: Game, i: int, line: VoiceLine) -> bool:
    s = g.state
    if line.trust_below is not None and not s.tau[i] < line.trust_below:
        return False
    if line.trust_above is not None and not s.tau[i] >= line.trust_above:
        return False
    if line.stance_below is not None and not s.x[i] < line.stance_below:
        return False
    if line.stance_above is not None and not s.x[i] >= line.stance_above:
        return False
    if line.anxiety_below is not None and not s.anx[i] < line.anxiety_below:
        return False
    if line.anxiety_above is not None and not s.anx[i] >= line.anxiety_above:
        return False
    if line.stage is not None and STAGES[int(s.stage[i])] not in line.stage:
        return False
    if line.concern_known is not None and bool(s.known[i, _CONCERN]) != line.concern_known:
        return False
    if line.after_event is not None and not s.fired.get(line.after_event, 0) > 0:
        return False
    return line.when is None or bool(g.pack.expr(line.when)(g.namespace(outcome=False)))
