"""Settings: theme (including high-contrast and colour-blind-safe ones) and prompts."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, RadioSet

from sysplay.tui.settings import Settings
from sysplay.tui.themes import OFFERED
from sysplay.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton


class SettingsDialog(ModalScreen[Settings | None]):
    """Change settings; dismiss with the new settings, or None to cancel. Themes preview as you choose."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
        Binding("ctrl+s", "save", "Save settings", id="settings.save", priority=True),
    ]

    def __init__(self, current: Settings) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content("Settings"), classes="dialog-title")
            yield Label(Content("Theme (meaning is always in words and symbols too)"), classes="bold")
            with RadioSet(id="themes"):
                for name, label in OFFERED.items():
                    yield MarkedRadioButton(Content(label), value=name == self.current.theme, name=name)
            yield MarkedCheckbox(Content("Ask before ending a turn"), self.current.confirm_end_turn, id="confirm")
            yield MarkedCheckbox(Content("Offer a pause to reflect after a surprise"), self.current.reflect_prompts,
                           id="reflect")
            with Horizontal(classes="buttons"):
                yield Button(Content("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(Content("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _theme(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else self.current.theme

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.app.theme = self._theme()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_save(self) -> None:
        """Keep these settings."""
        self.dismiss(replace(self.current, theme=self._theme(), confirm_end_turn=self.query_one("#confirm", Checkbox).value,
                             reflect_prompts=self.query_one("#reflect", Checkbox).value))

    def action_cancel(self) -> None:
        """Put the theme back and close."""
        self.app.theme = self.current.theme
        self.dismiss(None)
