"""Choose another save to compare the debrief with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from sysplay.playthroughs.sessions import SaveEntry


class ComparePicker(ModalScreen[Path | None]):
    """Choose another save to compare with."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="compare.cancel")]

    def __init__(self, saves: list[SaveEntry]) -> None:
        super().__init__()
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content("Compare with another playthrough"), classes="dialog-title")
            yield OptionList(*[Option(Content.assemble((s.title, "bold"), f"  {s.summary}  ({s.path.name})"))
                               for s in self.saves])
            yield Label(Content("Enter to compare · Escape to cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saves[event.option_index].path)

    def action_cancel(self) -> None:
        """Close without comparing."""
        self.dismiss(None)
