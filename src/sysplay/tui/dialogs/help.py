"""Help: every key in the game, the current screen's first, plus the mouse and the command palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

Section = tuple[str, list[tuple[str, str]]]

INTRO = ("Everything can be done with the keys below, with the mouse (click cards, lists and buttons), "
         "or from the command palette (ctrl+p), which lists every action available where you are. "
         "Keys can be remapped in the settings file (see docs/tui.md).")


class HelpDialog(ModalScreen[None]):
    """Show keys in sections."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Content("Help: keys"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Label(Content(INTRO), classes="prose")
                for title, rows in self.sections:
                    if not rows:
                        continue
                    width = max(len(k) for k, _ in rows)
                    lines = [Content.styled(title, "bold underline")]
                    lines += [Content.assemble((f"  {k:<{width}}  ", "bold $accent"), what) for k, what in rows]
                    yield Static(Content("\n").join(lines), classes="help-section")
            yield Label(Content("Escape to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
