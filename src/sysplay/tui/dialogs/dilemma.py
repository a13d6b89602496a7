"""A dilemma: the situation and its choices; the answer is applied when the turn resolves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sysplay.engine.moves import ChoiceOption
from sysplay.scenarios.models import Event


class DilemmaDialog(ModalScreen[str | None]):
    """Show a dilemma; dismiss with the chosen choice's id, or None to decide later.

    A choice that cannot be taken now (a requirement unmet, too little capital) is marked ✗ with the
    reason, and choosing it says why instead of closing.
    """

    BINDINGS = [
        Binding("escape", "later", "Decide later", id="dilemma.later"),
        *[Binding(str(k), f"pick({k - 1})", f"Choice {k}", show=False, id=f"dilemma.choice_{k}") for k in range(1, 6)],
    ]

    def __init__(self, event: Event, turn_label: str, chosen: str | None = None,
                 options: list[ChoiceOption] | None = None) -> None:
        super().__init__()
        self.event, self.turn_label, self.chosen = event, turn_label, chosen
        self.options = options if options is not None else [ChoiceOption(c, True) for c in event.choices]

    def compose(self) -> ComposeResult:
        ev = self.event
        with Vertical(classes="dialog wide"):
            yield Label(Content.assemble(("Dilemma: ", "bold"), (ev.title, "bold")), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Label(Content(ev.text), classes="prose")
            yield Label(Content(f"Choose one (1-{len(ev.choices)}, or Enter). It takes effect when this "
                                f"{self.turn_label} resolves; Escape to decide later."), classes="hint")
            yield OptionList(*(Option(self._label(k, o), id=o.choice.id) for k, o in enumerate(self.options, 1)))

    def _label(self, k: int, o: ChoiceOption) -> Content:
        c = o.choice
        cost = (f"  ({c.capital:g} capital)", "$text-muted") if c.capital else ""
        if not o.available:
            return Content.assemble(f"{k}. ", ("✗ ", "$error"), c.label, cost, "\n    ", ("not now: ", "bold"), o.reason)
        mine = ("   ✓ your answer so far", "italic") if c.id == self.chosen else ""
        return Content.assemble(f"{k}. ", c.label, cost, mine)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        """Choose by number (a choice not open now says why instead)."""
        if not 0 <= index < len(self.options):
            return
        o = self.options[index]
        if not o.available:
            self.notify(f"{o.choice.label}: not now ({o.reason})", title="Not possible", severity="warning",
                        markup=False)
            return
        self.dismiss(o.choice.id)

    def action_later(self) -> None:
        """Close without answering."""
        self.dismiss(None)
