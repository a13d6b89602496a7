"""The relationship network as a readable list: every tie you know of, both directions, and what changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Label

from sysplay.tui.present import TieView
from sysplay.tui.widgets.asking import AskWhy

COLUMNS = ("", "Between A – B", "A trusts B", "B trusts A", "Contact", "This turn")


class NetworkList(Widget):
    """Known ties, the selected actor's first and marked ◆. Set :attr:`ties` and :attr:`selected_name`.

    Cells are Rich ``Text`` objects, so names from a pack are never read as markup.
    """

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did trust along this tie change?")]

    ties: reactive[list[TieView]] = reactive(list, always_update=True)
    """The ties to list."""
    selected_name: reactive[str] = reactive("")
    """The selected actor's name, for the heading."""

    class WhyRequested(AskWhy):
        """Explain trust both ways along a tie, and its strength."""

    def compose(self) -> ComposeResult:
        yield Label(classes="heading")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=False)
        table.add_columns(*COLUMNS)
        yield table

    def on_mount(self) -> None:
        self._show()

    def watch_ties(self) -> None:
        if self.is_mounted:
            self._show()

    def watch_selected_name(self) -> None:
        if self.is_mounted:
            self._heading()

    def _heading(self) -> None:
        text = "Ties you know of (there may be others)"
        if self.selected_name:
            text += f"; ◆ marks {self.selected_name}"
        self.query_one(".heading", Label).update(Content(text))

    def _show(self) -> None:
        self._heading()
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for t in self.ties:
            style = "bold" if t.involves_selected else ""
            cells = [Text("◆" if t.involves_selected else " ", style), Text(t.names, style), Text(t.trust_ij),
                     Text(t.trust_ji), Text(t.contact), Text(t.change)]
            table.add_row(*cells, key=f"{t.i}-{t.j}")
        if self.ties:
            table.move_cursor(row=min(max(row, 0), len(self.ties) - 1))

    def action_why(self) -> None:
        """Ask why this tie changed."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not self.ties or table.cursor_row < 0:
            return
        t = self.ties[min(table.cursor_row, len(self.ties) - 1)]
        self.post_message(self.WhyRequested([("tie_trust", t.i, t.j), ("tie_trust", t.j, t.i), ("tie", t.i, t.j)]))
