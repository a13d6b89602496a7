"""An actor's card: who they are, where they stand, how they feel about you, and what they are saying."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from sysplay.tui.present import ActorView
from sysplay.tui.widgets.asking import AskWhy

#: Styles for the stance line by tone; the words and symbols carry the meaning, colour repeats it.
TONE = {"good": "bold $text-success", "bad": "bold $text-error", "unknown": "bold $text-warning"}


class ActorCard(Widget, can_focus=True):
    """One actor, in words and symbols. Set :attr:`view` to update it; the card never reads the game.

    One widget draws the whole card (rather than a label per line), which keeps moving between
    cards cheap. Unfocused, each line is cut to the width with an ellipsis (``app.tcss``); focused,
    every line wraps, so the speaker's words and their concern show in full.
    """

    BINDINGS = [
        Binding("w", "why", "Why?", id="why", tooltip="Why did this actor's numbers change?"),
        Binding("up", "screen.card(-1)", "Previous actor", show=False, id="card.previous"),
        Binding("down", "screen.card(1)", "Next actor", show=False, id="card.next"),
    ]

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

    def watch_view(self, view: ActorView | None) -> None:
        if view is not None:
            for word in ("good", "bad", "neutral", "unknown"):
                self.set_class(view.stance_tone == word, f"-{word}")

    def render(self) -> Content:
        v = self.view
        if v is None:
            return Content("")
        lines = [Content.assemble((v.name, "bold"), ("  " + v.kind, "$text-muted"))]
        if self.has_focus or self.app.size.width >= 120:
            lines.append(Content.styled(v.speaker, "$text-muted"))
        lines.append(Content.assemble("Stance ", (v.stance, TONE.get(v.stance_tone, "bold"))))
        lines.append(Content(f"Trusts you {v.trust}  Anxiety {v.anxiety}"))
        lines.append(Content.assemble("Adoption ", (v.stage, "bold")))
        if v.voice is not None:
            lines.append(Content.styled(f"“{v.voice}”", "italic" if self.has_focus else "italic $text-muted"))
        if v.concern is not None:
            lines.append(Content.assemble(("Their concern: ", "bold $text-success"), v.concern))
        return Content("\n").join(lines)

    def on_focus(self) -> None:
        self.styles.text_wrap = "wrap"  # inline, so the new height is known in this layout pass
        self.refresh(layout=True)
        if self.view is not None:
            self.post_message(self.Selected(self.view.index))

    def on_blur(self) -> None:
        self.styles.text_wrap = "nowrap"
        self.refresh(layout=True)

    def on_click(self) -> None:
        self.focus()

    def action_why(self) -> None:
        """Ask why this actor's numbers changed."""
        if self.view is not None:
            i = self.view.index
            self.post_message(self.WhyRequested([("stance", i), ("trust", i), ("anxiety", i), ("stage", i)]))
