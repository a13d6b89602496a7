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

DISCARD = "Discard this note?"


class JournalDialog(ModalScreen[str | None]):
    """Write a note; dismiss with its text, or None if skipped or empty.

    Nothing typed is lost without a question: the text box keeps the focus (the buttons answer the mouse
    only, so Tab cannot carry typing away from the note), and skipping a note with words in it asks first.
    """

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
        for widget in (*self.query(Button), *self.query(VerticalScroll)):
            widget.can_focus = False
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
        """Close without a note (asking first if the note has words in it)."""
        if not self.query_one(TextArea).text.strip():
            self.dismiss(None)
            return
        from sysplay.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(ConfirmDialog(DISCARD, yes="Discard it", no="Keep writing",
                                           detail="What you wrote is not pinned anywhere yet."), answered)
