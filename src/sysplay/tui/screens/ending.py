"""The ending: what became of the system, and the outcome on each dimension; then the debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from sysplay.engine.outcome import ending_text as ending_words
from sysplay.playthroughs.sessions import played
from sysplay.tui.dialogs.rewind import RewindDialog
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.playthroughs.save import Playthrough

TONE = {"good": "✓ a good ending", "mixed": "~ a mixed ending", "poor": "✗ a poor ending"}


def bar(value: float, width: int = 20) -> str:
    """A text bar for a 0..1 value: ``██████░░░░``."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


def ending_text(pt: Playthrough) -> Content:
    """The ending's title, tone and text, then each outcome dimension."""
    g = pt.game
    ending = next(e for e in g.pack.endings if e.id == g.state.ending)
    o = g.outcome()
    band = o.band(g.pack)
    text = ending_words(g.pack, ending.id, g.values())
    m, played = g.pack.meta, len(g.results)
    early = (f"The game ended early, after {m.turn_label} {played} of {m.turns}.\n\n" if played < m.turns else "")
    parts: list[str | tuple[str, str]] = [
        (ending.title, "bold underline"), "\n", (TONE.get(ending.tone, ending.tone), "italic"), "\n\n", early, text,
        "\n\n", ("Outcome", "bold underline"), "\n",
        f"Overall {o.composite:.2f} of 1 ({band}; good is {g.pack.outcome.good_at:.2f} or more)\n",
    ]
    if o.held and o.raw is not None:
        parts.append(f"The dimensions alone gave {o.raw:.2f}; a {ending.tone} ending keeps the score in its band.\n")
    parts.append("\n")
    width = max(len(d.label) for d in g.pack.outcome.dimensions)
    for dim in g.pack.outcome.dimensions:
        value = o.dimensions[dim.id]
        note = "  (harm: lower is better)" if dim.good == "down" else ""
        parts += [(f"{dim.label:<{width}} ", "bold"), f"{bar(value)} {value:.2f}{note}\n"]
    notes = len(pt.data.notes)
    if pt.data.mode == "facilitator":
        d = pt.data
        parts += ["\n", f"Facilitator's notes: {notes}; room votes: {len(d.votes)}; live control of events: "
                         f"{len(d.actions)}. All are in the save, and the debrief shows them beside what happened "
                         "(d; its One page tab and o for the room's one-page summary)."]
    else:
        parts += ["\n", (f"Journal notes pinned along the way: {notes}. The debrief shows them beside what happened."
                         if notes else "You pinned no journal notes; the debrief shows what happened, week by week.")]
    return Content.assemble(*parts)


class EndingScreen(Screen[None]):
    """Read the ending; go on to the debrief, rewind to try again, or go back to the title screen."""

    BINDINGS = [
        Binding("d,enter", "debrief", "Debrief", id="ending.debrief"),
        Binding("r", "rewind", "Rewind", id="ending.rewind"),
        Binding("t", "title", "Title screen", id="ending.title"),
        Binding("q", "app.quit", "Quit", id="ending.quit"),
    ]

    class DebriefRequested(Message):
        """Open the debrief of this playthrough."""

    class RewindRequested(Message):
        """Play again from the start of ``turn`` as a new branch."""

        def __init__(self, turn: int) -> None:
            self.turn = turn
            super().__init__()

    class TitleRequested(Message):
        """Go back to the title screen."""

    def __init__(self, pt: Playthrough) -> None:
        super().__init__()
        self.pt = pt

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending-body"):
            yield Static(ending_text(self.pt), id="ending-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#ending-body").focus()

    def action_debrief(self) -> None:
        """Open the debrief."""
        self.post_message(self.DebriefRequested())

    def action_rewind(self) -> None:
        """Choose an earlier turn to play again from."""
        self.app.push_screen(RewindDialog(self.pt.game.pack.meta.turn_label, played(self.pt)), self._rewind)

    def _rewind(self, turn: int | None) -> None:
        if turn:
            self.post_message(self.RewindRequested(turn))

    def action_title(self) -> None:
        """Back to the title screen."""
        self.post_message(self.TitleRequested())
