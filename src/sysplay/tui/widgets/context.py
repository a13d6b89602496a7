"""The context as the player would notice it: the group's mood, how settled things are, and their own capital."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label

from sysplay.tui.present import ContextView
from sysplay.tui.widgets.asking import AskWhy
from sysplay.tui.widgets.panel import Panel


class ContextPanel(Panel[ContextView], can_focus=True):
    """Symptoms, not jargon. Set :attr:`view` to update it."""

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did your capital or the group's holding change?")]

    class WhyRequested(AskWhy):
        """Explain political capital and the group's holding."""

    def compose(self) -> ComposeResult:
        yield Label(classes="mood")
        yield Label(classes="zone")
        yield Label(classes="levels")
        yield Label(classes="resources")

    def show(self, v: ContextView) -> None:
        self.query_one(".mood", Label).update(Content.assemble(("In the room: ", "bold"), v.mood))
        self.query_one(".zone", Label).update(Content(v.zone))
        self.query_one(".levels", Label).update(Content(f"{v.agreement}; {v.certainty}."))
        self.query_one(".resources", Label).update(
            Content.assemble(("Your capital ", "bold"), v.capital, "\n", ("Holding ", "bold"), v.holding,
                             (": how safe the group feels to think aloud together; dialogue and keeping your word "
                              "build it", "$text-muted")))

    def action_why(self) -> None:
        """Ask why capital or holding changed."""
        self.post_message(self.WhyRequested([("capital",), ("holding",)]))
