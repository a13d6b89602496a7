""""Why did this change?": the causal chain from the ledger, in plain English, turn by turn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from sysplay.engine.explain import Explanation, history, label_for
from sysplay.tui.present import change, quantity

if TYPE_CHECKING:
    from sysplay.engine.game import Game

Key = tuple[Any, ...]




def hidden_value(g: Game, key: Key) -> bool:
    """Whether the number itself is hidden from the player (an actor's stance not yet learned)."""
    return key[0] == "stance" and not g.knows(g.pack.actors[key[1]].id, "stance")


def explain_lines(g: Game, key: Key) -> list[Content]:
    """Every turn's change in ``key``, newest first, with its causes."""
    label = g.pack.meta.turn_label.capitalize()
    found: list[Explanation] = history(g, key, formulas=False)
    if not found:
        return [Content.styled("Nothing has changed it yet.", "italic")]
    secret = hidden_value(g, key)
    out: list[Content] = []
    if secret:
        out.append(Content.styled("You have not learned this number, so only the direction of each push is shown.",
                                  "italic $text-muted"))
    for e in reversed(found):
        if secret:
            out.append(Content.styled(f"{label} {e.turn}: {'went up' if e.change > 0 else 'went down'}", "bold"))
        else:
            out.append(Content.styled(f"{label} {e.turn}: {quantity(e.before, e.after)} → {quantity(e.after, e.before)} "
                                      f"({change(e.change, e.before, e.after)})", "bold"))
        for amount, text in sorted(e.causes, key=lambda c: -abs(c[0])):
            mark = ("▲" if amount > 0 else "▼") if secret else change(amount)
            out.append(Content.assemble((f"  {mark:>6}  ", "$text-muted"), text))
        out.append(Content(""))
    return out


class WhyDialog(ModalScreen[None]):
    """Pick one of the numbers on the left; read why it changed on the right."""

    BINDINGS = [Binding("escape,w,q", "close", "Close", id="why.close")]

    def __init__(self, game: Game, keys: list[Key]) -> None:
        super().__init__()
        self.game, self.keys = game, keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Content("Why did this change?"), classes="dialog-title")
            with Horizontal():
                yield OptionList(*[Option(Content(label_for(self.game, k))) for k in self.keys], id="why-keys")
                with VerticalScroll(id="why-body"):
                    yield Static(id="why-text")
            yield Label(Content("↑↓ choose a number · Escape to close"), classes="hint")

    def on_mount(self) -> None:
        keys = self.query_one("#why-keys", OptionList)
        keys.display = len(self.keys) > 1
        keys.highlighted = 0
        self._show(0)
        (keys if len(self.keys) > 1 else self.query_one("#why-body")).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        key = self.keys[index]
        head = Content.styled(label_for(self.game, key), "bold underline")
        self.query_one("#why-text", Static).update(Content("\n").join([head, Content(""),
                                                                       *explain_lines(self.game, key)]))

    def action_close(self) -> None:
        """Close the explanation."""
        self.dismiss(None)
