"""The staged reveal for the room: a turn's consequences one step at a time, then questions to discuss."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from sysplay.playthroughs.facilitation import prompts
from sysplay.playthroughs.models import LiveView
from sysplay.tui.views.narrate import Step, steps
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.engine.game import Game, TurnResult
    from sysplay.playthroughs.save import Playthrough


def reveal_steps(g: Game, r: TurnResult) -> list[Step]:
    """The story of turn ``r`` for the room, ending with questions tied to what happened."""
    out = steps(g, r)
    ask = Step("Questions for the room")
    for k, text in enumerate(prompts(g, r), 1):
        ask.add((f"{k}. ", "bold"), text)
    return [*out, ask]


def draw_steps(story: list[Step], shown: int) -> Content:
    """The first ``shown`` steps, the newest last."""
    parts = []
    for step in story[:shown]:
        parts.append(Content("\n").join([Content.styled(step.title, "bold underline"), *step.lines]))
    return Content("\n\n").join(parts)


class RevealScreen(Screen[None]):
    """Space shows the next step at the facilitator's pace; ``c`` goes back to the projected game."""

    BINDINGS = [
        Binding("space,right", "next", "Next step", id="reveal.next"),
        Binding("left", "back", "Step back", id="reveal.back"),
        Binding("c,escape", "done", "Back to the game", id="reveal.done"),
        Binding("b", "blank", "Blank", id="reveal.blank"),
    ]

    def __init__(self, pt: Playthrough, result: TurnResult) -> None:
        super().__init__()
        self.pt, self.result = pt, result
        self.story = reveal_steps(pt.game, result)
        self.shown = 0

    def compose(self) -> ComposeResult:
        m = self.pt.game.pack.meta
        yield Label(Content.assemble((f"{m.turn_label.capitalize()} {self.result.turn} of {m.turns}", "bold"),
                                     ": what happened"), id="reveal-head")
        with VerticalScroll(id="reveal-body"):
            yield Static(id="reveal-text")
        yield Label(id="reveal-hint", classes="hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.action_next()

    def _show(self) -> None:
        self.query_one("#reveal-text", Static).update(draw_steps(self.story, self.shown))
        left = len(self.story) - self.shown
        self.query_one("#reveal-hint", Label).update(Content(
            f"Space: next step ({left} more) · ←: step back · c: back to the game" if left else
            "That is everything. c: back to the game"))
        self.query_one("#reveal-body", VerticalScroll).scroll_end(animate=False)
        base = self.pt.data.live or LiveView()
        with contextlib.suppress(OSError):  # the room view misses one step; the game itself is saved
            self.pt.set_live(base.model_copy(update={"screen": "reveal", "reveal_turn": self.result.turn,
                                                     "shown": self.shown}))

    def action_next(self) -> None:
        """Show one more step."""
        if self.shown < len(self.story):
            self.shown += 1
            self._show()

    def action_back(self) -> None:
        """Hide the newest step again."""
        if self.shown > 1:
            self.shown -= 1
            self._show()

    def action_done(self) -> None:
        """Back to the projected game."""
        self.dismiss(None)

    def action_blank(self) -> None:
        """Blank the screen until b or Escape."""
        from sysplay.tui.screens.console import BlankScreen

        base = self.pt.data.live or LiveView()
        with contextlib.suppress(OSError):
            self.pt.set_live(base.model_copy(update={"screen": "blank"}))
        self.app.push_screen(BlankScreen(), lambda _: self._show())
