"""The relationship network as a readable list: every tie you know of, both directions, and what changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Label

from sysplay.engine.view import possessive
from sysplay.tui.present import NetworkView, TieView
from sysplay.tui.widgets.asking import AskWhy
from sysplay.tui.widgets.panel import Panel

COLUMNS = ("Tie with", "Trust out", "Trust in", "Contact", "This turn")


class NetworkList(Panel[NetworkView]):
    """The selected actor's known ties in a table, and a line on the other ties (what changed among them).

    Set :attr:`view`. Cells are Rich ``Text`` objects, so names from a pack are never read as markup.
    """

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did trust along this tie change?")]

    view: reactive[NetworkView | None] = reactive(None, always_update=True)
    """What to show (redrawn even when equal, so the table's cursor is put back)."""

    class WhyRequested(AskWhy):
        """Explain trust both ways along a tie, and its strength."""

    def compose(self) -> ComposeResult:
        yield Label(classes="heading")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=False)
        table.add_columns(*COLUMNS)
        yield table
        yield Label(classes="others")

    def _mine(self) -> list[TieView]:
        return [t for t in self.view.ties if t.involves_selected] if self.view is not None else []

    def _heading(self, view: NetworkView) -> None:
        who = view.selected_name or "the selected actor"
        text = (f"{possessive(who)} ties that you know of. Trust out: how far {who} trusts them; trust in: how far they "
                f"trust {who}. There may be ties you have not learned of.")
        self.query_one(".heading", Label).update(Content(text))

    def show(self, view: NetworkView) -> None:
        self._heading(view)
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        mine = self._mine()
        for t in mine:
            table.add_row(Text(t.other, "bold"), Text(t.trust_ij), Text(t.trust_ji), Text(t.contact), Text(t.change),
                          key=f"{t.i}-{t.j}")
        if mine:
            table.move_cursor(row=min(max(row, 0), len(mine) - 1))
        others = [t for t in view.ties if not t.involves_selected]
        moved = [f"{t.names} {t.change}" for t in others if t.change and t.change != "="]
        text = f"Other ties you know of: {len(others)} (choose another actor to see theirs)."
        if moved:
            text += " Changed this turn: " + "; ".join(moved) + "."
        self.query_one(".others", Label).update(Content(text))

    def action_why(self) -> None:
        """Ask why this tie changed."""
        table: DataTable[Text] = self.query_one(DataTable)
        mine = self._mine()
        if not mine or table.cursor_row < 0:
            return
        t = mine[min(table.cursor_row, len(mine) - 1)]
        self.post_message(self.WhyRequested([("tie_trust", t.i, t.j), ("tie_trust", t.j, t.i), ("tie", t.i, t.j)]))
