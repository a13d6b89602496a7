"""The journal: a note pinned to the current turn, or a pause to reflect after a surprise."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

MAX_NOTE = 4000

REFLECT = ("That was not what the trend suggested. Before you go on: what did you expect, what happened "
           "instead, and what might explain the gap?")


class JournalDialog(ModalScreen[str | None]):
    """Write a note; dismiss with its text, or None if skipped or empty."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Pin note", id="journal.save", priority=True),
        Binding("escape", "skip", "Skip", id="journal.skip"),
    ]

    def __init__(self, where: str, *, prompt: str | None = None, earlier: list[str] | None = None) -> None:
        super().__init__()
        self.where, self.prompt, self.earlier = where, prompt, earlier or []

    def compose(self) -> ComposeResult:
        title = "Pause and reflect" if self.prompt else "Journal"
        with Vertical(classes="dialog wide"):
            yield Label(Content(f"{title}: a note pinned to {self.where}"), classes="dialog-title")
            if self.prompt:
                yield Label(Content(self.prompt), classes="prose")
            if self.earlier:
                with VerticalScroll(classes="earlier"):
                    for text in self.earlier:
                        yield Label(Content(f"• {text}"), classes="prose")
            yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(Content("Your notes appear in the debrief. Ctrl+S pins the note; Escape skips."),
                        classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content("Pin note (ctrl+s)"), id="save", variant="primary")
                yield Button(Content("Skip (esc)"), id="skip")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_skip()

    def action_save(self) -> None:
        """Pin the note (an empty note is the same as skipping)."""
        text = self.query_one(TextArea).text.strip()[:MAX_NOTE]
        self.dismiss(text or None)

    def action_skip(self) -> None:
        """Close without a note."""
        self.dismiss(None)
