"""The facilitator's console (never projected): hidden state, live control of events, notes; and the blank screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from sysplay.errors import RefusedMove
from sysplay.tui.dialogs.journal import MAX_NOTE
from sysplay.tui.present import signed
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.playthroughs.save import Playthrough

ORDERS = {"inject": "inject now", "skip": "skip this turn", "delay": "delay", "override": "roll overridden"}


def hidden_state(pt: Playthrough) -> Content:
    """What only the facilitator sees: true stances, concerns, hidden ties, this turn's orders and notes."""
    g = pt.game
    s, label = g.state, g.pack.meta.turn_label
    parts: list[str | tuple[str, str]] = [("Hidden state (never shown to the room)", "bold underline"), "\n"]
    for k, a in enumerate(g.pack.actors):
        knows = "" if g.knows(a.id, "stance") else " (the room has not learned it)"
        parts += ["\n", (a.display_name, "bold"), f": stance {signed(float(s.x[k]))}{knows}; trust in you "
                  f"{float(s.tau[k]):.2f}; anxiety {float(s.anx[k]):.2f}\n"]
        if a.concern:
            seen = "known to the room" if g.knows(a.id, "concern") else "hidden"
            parts += ["  Concern (", seen, "): ", a.concern, "\n"]
    hidden = [(i, j) for i in range(len(g.pack.actors)) for j in range(len(g.pack.actors))
              if i < j and not (s.tie_known[i, j] or s.tie_known[j, i]) and (s.T[i, j] > 0 or s.T[j, i] > 0)]
    if hidden:
        parts += ["\n", ("Ties the room does not know of", "bold"), "\n"]
        for i, j in hidden:
            a, b = g.pack.actors[i], g.pack.actors[j]
            parts.append(f"  {a.display_name} – {b.display_name}: trust {signed(float(s.R[i, j]))} / "
                         f"{signed(float(s.R[j, i]))}\n")
    mine = [a for a in pt.data.actions if a.turn == g.turn]
    parts += ["\n", (f"Your orders for {label} {g.turn}", "bold"), "\n"]
    parts += [f"  {g.pack.event(a.event).title}: {ORDERS[a.kind]}"
              + (f" by {a.turns}" if a.kind == "delay" else "")
              + (f" to {a.roll:.2f}" if a.roll is not None else "") + "\n" for a in mine] or ["  none\n"]
    notes = [n for n in pt.data.notes if n.kind == "facilitator" and n.turn == g.turn]
    parts += ["\n", (f"Your notes for {label} {g.turn}", "bold"), "\n"]
    parts += [item for n in notes for item in ("  • ", n.text, "\n")] or ["  none\n"]
    return Content.assemble(*parts)


class ConsoleScreen(Screen[None]):
    """Hidden state; inject, skip, delay an event or override its roll, or withdraw an order; pin a note."""

    BINDINGS = [
        Binding("escape", "close", "Back to the projector", id="console.close"),
        Binding("ctrl+s", "note", "Pin note", id="console.note", priority=True),
    ]

    def __init__(self, pt: Playthrough) -> None:
        super().__init__()
        self.pt = pt
        self.events = [e for e in pt.game.pack.events if e.start is None]

    def compose(self) -> ComposeResult:
        yield Label(Content.styled("Facilitator's console: not for the projector. The room view holds its last "
                                   "picture while this is open.", "bold"), id="console-head")
        with Horizontal(id="console-body"):
            with VerticalScroll(id="console-state"):
                yield Static(id="console-text")
            with Vertical(id="console-controls"):
                yield Label(Content("Events (choose one, then an order)"), classes="section")
                yield OptionList(*[Option(Content.assemble((e.title, "bold"), f"  ({e.id})"), id=e.id)
                                   for e in self.events], id="console-events")
                with Horizontal(classes="console-row"):
                    yield Button(Content("Inject now"), id="inject")
                    yield Button(Content("Skip this turn"), id="skip")
                with Horizontal(classes="console-row"):
                    yield Button(Content("Delay by"), id="delay")
                    yield Input("1", id="delay-turns", type="integer", classes="console-number")
                    yield Label(Content(f"{pt_label(self.pt)}s"), classes="console-unit")
                with Horizontal(classes="console-row"):
                    yield Button(Content("Set its roll to"), id="override")
                    yield Input("0", id="roll", classes="console-number")
                    yield Label(Content("(0 to 1; below its chance fires it)"), classes="console-unit")
                with Horizontal(classes="console-row"):
                    yield Button(Content(f"Withdraw the last order given this {pt_label(self.pt)}"), id="withdraw")
                yield Label(Content(f"A note pinned to {pt_label(self.pt)} {self.pt.game.turn} (ctrl+s)"),
                            classes="section")
                yield TextArea(id="console-note", soft_wrap=True, show_line_numbers=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#console-events", OptionList).focus()

    def _show(self) -> None:
        self.query_one("#console-text", Static).update(hidden_state(self.pt))

    def _order(self, kind: str) -> None:
        events = self.query_one("#console-events", OptionList)
        if events.highlighted is None:
            self.notify("Choose an event first.", markup=False)
            return
        event = self.events[events.highlighted]
        turns, roll = 0, None
        try:
            if kind == "delay":
                turns = int(self.query_one("#delay-turns", Input).value or "1")
            if kind == "override":
                roll = float(self.query_one("#roll", Input).value or "0")
        except ValueError:
            self.notify("Type a number.", severity="warning", markup=False)
            return
        try:
            self.pt.facilitate(kind, event.id, turns=turns, roll=roll)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        except OSError as exc:
            self.notify(f"Not saved: {exc.strerror or exc}", severity="error", markup=False)
        self.notify(f"{event.title}: {ORDERS[kind]}. Recorded in the save as a facilitator action.", markup=False)
        self._show()

    def _withdraw(self) -> None:
        try:
            gone = self.pt.withdraw_order()
        except RefusedMove as exc:
            self.notify(str(exc).capitalize() + ".", title="Nothing to withdraw", severity="warning", markup=False)
            return
        except OSError as exc:
            self.notify(f"Not saved: {exc.strerror or exc}", severity="error", markup=False)
            self._show()
            return
        title = self.pt.game.pack.event(gone.event).title
        self.notify(f"{title}: {ORDERS[gone.kind]} — withdrawn. It is no longer in the save.", markup=False)
        self._show()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ORDERS:
            self._order(event.button.id)
        elif event.button.id == "withdraw":
            self._withdraw()

    def action_note(self) -> None:
        """Pin the note to this turn (kind: facilitator)."""
        area = self.query_one("#console-note", TextArea)
        text = area.text.strip()[:MAX_NOTE]
        if not text:
            return
        try:
            self.pt.add_note(text, kind="facilitator")
        except OSError as exc:
            self.notify(f"The note could not be saved: {exc.strerror or exc}", severity="error", markup=False)
            return
        area.text = ""
        self.notify(f"Note pinned to {pt_label(self.pt)} {self.pt.game.turn}.", markup=False)
        self._show()

    def action_close(self) -> None:
        """Back to the projected game."""
        self.dismiss(None)


def pt_label(pt: Playthrough) -> str:
    """The pack's word for a turn."""
    return pt.game.pack.meta.turn_label


class BlankScreen(ModalScreen[None]):
    """A black screen for the room while the facilitator works (b or Escape to return)."""

    BINDINGS = [Binding("b,escape", "close", "Back", id="blank.close")]

    def compose(self) -> ComposeResult:
        yield Label(Content("b: back"), id="blank-hint")

    def action_close(self) -> None:
        """Show the game again."""
        self.dismiss(None)
