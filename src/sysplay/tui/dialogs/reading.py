"""Something to read in a box: the briefing again, mid-game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ReadingDialog(ModalScreen[None]):
    """Scrollable text with a title; any of Escape, q or Enter closes it."""

    BINDINGS = [Binding("escape,q,enter,b", "close", "Close", id="reading.close")]

    def __init__(self, title: str, body: Content) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Content(self.title_text), classes="dialog-title")
            with VerticalScroll(id="reading-body"):
                yield Static(self.body)
            yield Label(Content("↑↓ scroll · Escape to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#reading-body").focus()

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
