"""An actor's card: who they are, where they stand, how they feel about you, and what they are saying."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from sysplay.tui.present import ActorView
from sysplay.tui.widgets.asking import AskWhy


class ActorCard(Widget, can_focus=True):
    """One actor, in words and symbols (colour only repeats what the words say).

    Set :attr:`view` to update it; the card never reads the game itself.
    """

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did this actor's numbers change?")]

    view: reactive[ActorView | None] = reactive(None, layout=True)
    """What to show."""

    class Selected(Message):
        """The player moved to this card."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class WhyRequested(AskWhy):
        """Explain this actor's stance, trust, anxiety and stage."""

    def __init__(self, view: ActorView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ActorCard.view, view)

    def compose(self) -> ComposeResult:
        yield Label(classes="name")
        yield Label(classes="speaker")
        yield Label(classes="stance")
        yield Label(classes="trust")
        yield Label(classes="voice")
        yield Label(classes="concern")

    def on_mount(self) -> None:
        self._show()

    def watch_view(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        v = self.view
        if v is None:
            return
        self.query_one(".name", Label).update(Content.assemble((v.name, "bold"), (f"  {v.kind}", "$text-muted")))
        self.query_one(".speaker", Label).update(Content(v.speaker))
        self.query_one(".stance", Label).update(
            Content.assemble("Stance ", (v.stance, "bold"), "   Stage ", (v.stage, "bold")))
        self.query_one(".trust", Label).update(Content(f"Trust in you {v.trust}   Anxiety {v.anxiety}"))
        voice = self.query_one(".voice", Label)
        voice.update(Content.assemble(("“", "italic"), (v.voice or "", "italic"), ("”", "italic")))
        voice.display = v.voice is not None
        concern = self.query_one(".concern", Label)
        concern.update(Content.assemble(("Their concern: ", "bold"), v.concern or ""))
        concern.display = v.concern is not None
        for tone in ("good", "bad", "neutral", "unknown"):
            self.set_class(v.stance_tone == tone, f"-{tone}")

    def on_focus(self) -> None:
        if self.view is not None:
            self.post_message(self.Selected(self.view.index))

    def on_click(self) -> None:
        self.focus()

    def action_why(self) -> None:
        """Ask why this actor's numbers changed."""
        if self.view is not None:
            i = self.view.index
            self.post_message(self.WhyRequested([("stance", i), ("trust", i), ("anxiety", i), ("stage", i)]))
