"""The room's vote: a count per lettered option, entered by the facilitator."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label

from sysplay.playthroughs.facilitation import RoomOption

MAX_VOTES = 10_000


class VoteDialog(ModalScreen[dict[str, int] | None]):
    """Type the number of hands for each option; dismiss with {letter: count}, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Record the vote", id="votes.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="votes.cancel"),
    ]

    def __init__(self, question: str, options: list[RoomOption]) -> None:
        super().__init__()
        self.question, self.options = question, options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content(f"Room vote: {self.question}"), classes="dialog-title")
            with VerticalScroll(classes="vote-rows"):
                for o in self.options:
                    with Horizontal(classes="vote-row"):
                        yield Label(Content.assemble((f"{o.letter} ", "bold reverse"), " ", o.label),
                                    classes="vote-label")
                        yield Input("", placeholder="0", type="integer", id=f"vote-{o.letter}",
                                    validators=[Integer(0, MAX_VOTES)], classes="vote-count")
            yield Label(Content("Tab between options. Ctrl+S records the vote in the save; Escape cancels."),
                        classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content("Record (ctrl+s)"), id="save", variant="primary")
                yield Button(Content("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def counts(self) -> dict[str, int] | None:
        """The counts typed so far, or None if one is not a whole number from 0."""
        out: dict[str, int] = {}
        for o in self.options:
            raw = self.query_one(f"#vote-{o.letter}", Input).value.strip() or "0"
            if not raw.isdigit() or int(raw) > MAX_VOTES:
                return None
            out[o.letter] = int(raw)
        return out

    def action_save(self) -> None:
        """Record the vote (all zeros is the same as cancelling)."""
        counts = self.counts()
        if counts is None:
            self.notify("Each count must be a whole number, 0 or more.", severity="warning", markup=False)
            return
        self.dismiss(counts if any(counts.values()) else None)

    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(None)
