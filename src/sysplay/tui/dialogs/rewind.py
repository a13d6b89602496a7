"""Rewind (practice mode): choose an earlier turn to play again from, as a new branch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class RewindDialog(ModalScreen[int | None]):
    """List earlier turns with what was done in each; dismiss with the turn to start again from."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rewind.cancel")]

    def __init__(self, turn_label: str, played: list[str]) -> None:
        """``played[k]`` describes what was done in turn ``k + 1``."""
        super().__init__()
        self.turn_label, self.played = turn_label, played

    def compose(self) -> ComposeResult:
        label = self.turn_label
        with Vertical(classes="dialog wide"):
            yield Label(Content(f"Rewind: go back to the start of an earlier {label}"), classes="dialog-title")
            yield Label(Content("You will play on from there as a new branch (a fork). This playthrough is kept "
                                "as it is, and the debrief of the new one shows where it branched."), classes="prose")
            options = [Option(Content.assemble((f"Start of {label} {k}", "bold"), f". Then: {what}"), id=str(k))
                       for k, what in enumerate(self.played, 1)]
            yield OptionList(*options)
            yield Label(Content("Enter to rewind · Escape to cancel"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.played:
            options.highlighted = len(self.played) - 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        """Keep playing where you are."""
        self.dismiss(None)
