"""A dilemma: the situation and its choices; the answer is applied when the turn resolves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sysplay.scenarios.models import Event


class DilemmaDialog(ModalScreen[str | None]):
    """Show a dilemma; dismiss with the chosen choice's id, or None to decide later."""

    BINDINGS = [
        Binding("escape", "later", "Decide later", id="dilemma.later"),
        *[Binding(str(k), f"pick({k - 1})", f"Choice {k}", show=False, id=f"dilemma.choice_{k}") for k in range(1, 6)],
    ]

    def __init__(self, event: Event, turn_label: str, chosen: str | None = None) -> None:
        super().__init__()
        self.event, self.turn_label, self.chosen = event, turn_label, chosen

    def compose(self) -> ComposeResult:
        ev = self.event
        with Vertical(classes="dialog wide"):
            yield Label(Content.assemble(("Dilemma: ", "bold"), (ev.title, "bold")), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Label(Content(ev.text), classes="prose")
            yield Label(Content(f"Choose one (1-{len(ev.choices)}, or Enter). It takes effect when this "
                                f"{self.turn_label} resolves; Escape to decide later."), classes="hint")
            options = [Option(Content.assemble(f"{k}. ", c.label, ("   ✓ your answer so far", "italic")
                                               if c.id == self.chosen else ""), id=c.id)
                       for k, c in enumerate(ev.choices, 1)]
            yield OptionList(*options)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        """Choose by number."""
        if 0 <= index < len(self.event.choices):
            self.dismiss(self.event.choices[index].id)

    def action_later(self) -> None:
        """Close without answering."""
        self.dismiss(None)
